//! Events: start and end, whether they are still to come, their meeting and registration
//! addresses, and their references to topics and a cohort.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::ctx::{Ctx, Tables};
use crate::diagnostics::Diagnostic;
use crate::load::Document;
use crate::model::Event;
use crate::model::dates::When;
use crate::model::entry::Entry;
use crate::model::url::is_external;

/// An event without its references (see [`resolve`]).
pub(super) fn event(
    cx: &mut Ctx,
    doc: &Document,
    entry: Entry,
    now: Timestamp,
    tz: &TimeZone,
) -> Event {
    let start = match &doc.start {
        Some(_) => cx.when(doc, &doc.start, "start"),
        None => {
            cx.diags.push(
                Diagnostic::error("this event has no \"start\"")
                    .at(&doc.file, doc.start_pos)
                    .hint("add `start: 2026-12-17 18:30` (or just a date) to the front matter"),
            );
            None
        }
    };
    let start = start.unwrap_or(When::Day(jiff::civil::Date::constant(1970, 1, 1)));
    let end = cx.when(doc, &doc.end, "end");
    let online_url = cx.full_address(
        doc,
        &doc.online_url,
        "online_url",
        is_external,
        "use the full meeting link, starting with https://",
    );
    let upcoming = now < end.as_ref().unwrap_or(&start).end_timestamp(tz);
    let rsvp = cx
        .full_address(
            doc,
            &doc.rsvp,
            "rsvp",
            |u| u.starts_with("https://") || u.starts_with("http://"),
            "use the registration form's full link, starting with https://",
        )
        .map(|u| u.trim().to_string());
    Event {
        entry,
        start,
        end,
        location: doc.location.clone(),
        online_url,
        cohort: None,
        topics: Vec::new(),
        upcoming,
        rsvp,
    }
}

pub(super) fn resolve(events: &mut [(Arc<Document>, Event)], tables: &Tables, cx: &mut Ctx) {
    for (doc, event) in events {
        event.topics = cx.refs(doc, &doc.topics, &tables.topics, "topic", "topics");
        event.cohort = cx
            .refs(
                doc,
                doc.cohort.as_slice(),
                &tables.cohorts,
                "cohort",
                "cohorts",
            )
            .first()
            .copied();
    }
}
