//! The digest inside the site: `/digest/latest.json` on every build, check and serve (the
//! `/digest/latest/` page is in the [plan](super::plan)), made from the rendered bodies.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::kind::Made;
use super::output::{Output, Outputs};
use super::summary::summary_text;
use super::views::Bodies;
use crate::diagnostics::Diagnostics;
use crate::digest::{self, Digest, ItemKind, Window};
use crate::model::Site;

/// The default digest (the last 7 days, events in the next 30) in the hub's language.
pub fn latest(site: &Site, bodies: &Bodies, strings: &serde_json::Value) -> Digest {
    let summary = |kind: ItemKind, i: usize| {
        let (e, r) = match kind {
            ItemKind::Event => (&site.events[i].entry, &bodies.events[i]),
            _ => (&*site.posts[i].entry, &bodies.posts[i]),
        };
        summary_text(e, r).unwrap_or_default()
    };
    Digest::collect(
        site,
        Window::last_days(site.now, digest::DEFAULT_DAYS),
        &site.config.lang_primary(),
        strings.clone(),
        &summary,
    )
}

/// The output kind: `/digest/latest.json`.
pub fn kind(m: &Made, out: &mut Outputs, _: &mut Diagnostics) {
    add(m.site, m.bodies, m.views.strings(), &mut out.files);
}

pub fn add(
    site: &Site,
    bodies: &Bodies,
    strings: &serde_json::Value,
    files: &mut BTreeMap<PathBuf, Output>,
) {
    let d = latest(site, bodies, strings);
    files.insert(
        PathBuf::from("digest/latest.json"),
        Output::bytes(digest::json::bytes(&d)),
    );
}
