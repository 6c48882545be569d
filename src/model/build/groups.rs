//! Topics, cohorts and leaders, and the link between cohorts and leaders (written on either
//! side, kept on both).

use std::sync::Arc;

use super::ctx::{Ctx, Tables};
use crate::config::check_channel;
use crate::diagnostics::Diagnostic;
use crate::load::Document;
use crate::model::entry::Entry;
use crate::model::url::is_external;
use crate::model::{Cohort, Leader, Link, Topic};

pub(super) fn topic(doc: &Document, entry: Entry) -> Topic {
    Topic {
        entry,
        description: doc.description.clone(),
        order: doc.order,
    }
}

/// A cohort without its leaders (see [`link_cohorts_and_leaders`]) and roster.
pub(super) fn cohort(cx: &mut Ctx, doc: &Document, entry: Entry) -> Cohort {
    let start = cx.when(doc, &doc.start, "start");
    let end = cx.when(doc, &doc.end, "end");
    let mut channels = Vec::new();
    for c in &doc.channels {
        if let Some(ch) = check_channel(
            c.kind.clone(),
            c.url.clone(),
            c.label.clone(),
            c.pos,
            &doc.file,
            cx.diags,
        ) {
            channels.push(ch);
        }
    }
    Cohort {
        entry,
        start,
        end,
        program: doc.program.clone(),
        location: doc.location.clone(),
        leaders: Vec::new(),
        channels,
        public_members: Vec::new(),
        stats: Default::default(),
    }
}

/// A leader without cohorts (see [`link_cohorts_and_leaders`]); links must be full addresses.
pub(super) fn leader(cx: &mut Ctx, doc: &Document, entry: Entry) -> Leader {
    let photo = cx.asset(doc, &doc.photo, "photo");
    let mut links = Vec::new();
    for (label, url, pos) in &doc.links {
        match url {
            Some(u) if is_external(u) => links.push(Link {
                label: label.clone().unwrap_or_else(|| u.clone()),
                url: u.clone(),
            }),
            _ => cx.diags.push(
                Diagnostic::error("a link needs a full \"url\" (https://…)")
                    .at(&doc.file, *pos)
                    .hint(
                        "write it like `- {label: LinkedIn, url: https://www.linkedin.com/in/...}`",
                    ),
            ),
        }
    }
    Leader {
        entry,
        role: doc.role.clone(),
        photo,
        focus: doc.focus,
        cohorts: Vec::new(),
        links,
        email: doc.email.clone(),
        order: doc.order,
    }
}

/// A cohort's `leaders:` and a leader's `cohorts:` both link the two: each side ends up
/// listing the other.
pub(super) fn link_cohorts_and_leaders(
    cohorts: &mut [(Arc<Document>, Cohort)],
    leaders: &mut [(Arc<Document>, Leader)],
    tables: &Tables,
    cx: &mut Ctx,
) {
    let mut cohort_leaders: Vec<Vec<usize>> = vec![Vec::new(); cohorts.len()];
    for (ci, (doc, _)) in cohorts.iter().enumerate() {
        cohort_leaders[ci] = cx.refs(doc, &doc.leaders, &tables.leaders, "leader", "leaders");
    }
    for (li, (doc, leader)) in leaders.iter_mut().enumerate() {
        leader.cohorts = cx.refs(doc, &doc.cohorts, &tables.cohorts, "cohort", "cohorts");
        for &ci in &leader.cohorts {
            if !cohort_leaders[ci].contains(&li) {
                cohort_leaders[ci].push(li);
            }
        }
    }
    for (ci, (_, cohort)) in cohorts.iter_mut().enumerate() {
        cohort.leaders = std::mem::take(&mut cohort_leaders[ci]);
        for &li in &cohort.leaders {
            if !leaders[li].1.cohorts.contains(&ci) {
                leaders[li].1.cohorts.push(ci);
            }
        }
    }
}
