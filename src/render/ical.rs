//! iCalendar (RFC 5545) for events: `/events.ics` with every event, and one `.ics` per event
//! for "add to calendar", through the `icalendar` crate (CRLF, TEXT escaping, folding).
//!
//! Times are converted to UTC from the hub's timezone; whole-day events are `VALUE=DATE` with
//! an exclusive end, as the RFC wants.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event as IcsEvent, EventLike};

use crate::model::{Event, Route, Site, When};

fn utc(site: &Site, w: &When) -> DateTime<Utc> {
    let ts = w.timestamp(&site.config.timezone);
    DateTime::from_timestamp(ts.as_second(), 0).unwrap_or_default()
}

fn naive(d: jiff::civil::Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() as i32, d.month() as u32, d.day() as u32).unwrap_or_default()
}

/// Where an event's own calendar file lives: `/events/<slug>/event.ics`.
pub fn event_route(e: &Event) -> Route {
    Route::file(&["events", e.entry.slug.as_str(), "event.ics"])
}

fn host(site: &Site) -> String {
    let base = site.urls.base_url();
    base.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("kehila")
        .to_string()
}

fn vevent(site: &Site, e: &Event, description: &str) -> IcsEvent {
    let mut ev = IcsEvent::new();
    // Stable across builds, so calendar apps update an event instead of duplicating it.
    let uid = format!(
        "{}-{}@{}",
        site.urls.base_path().trim_matches('/').replace('/', "-"),
        e.entry.slug,
        host(site)
    );
    ev.uid(uid.trim_start_matches('-'));
    // DTSTAMP is the build day, not the build second: two builds of the same content on one
    // day (or with SOURCE_DATE_EPOCH) give the same bytes.
    let day = site.now.as_second().div_euclid(86_400) * 86_400;
    ev.timestamp(DateTime::from_timestamp(day, 0).unwrap_or_default());
    ev.summary(&e.entry.title);
    match (&e.start, &e.end) {
        (When::Day(start), end) => {
            let last = end.as_ref().map(|w| w.date()).unwrap_or(*start);
            let after = last.tomorrow().unwrap_or(last);
            ev.starts(naive(*start));
            ev.ends(naive(after));
        }
        (start, end) => {
            ev.starts(utc(site, start));
            if let Some(end) = end {
                ev.ends(utc(site, end));
            }
        }
    }
    match (&e.location, &e.online_url) {
        (Some(l), _) => {
            ev.location(l);
        }
        (None, Some(u)) => {
            ev.location(u);
        }
        _ => {}
    }
    ev.url(&site.urls.absolute(&e.entry.url));
    if !description.is_empty() {
        ev.description(description);
    }
    ev.done()
}

fn calendar(name: &str) -> Calendar {
    let mut cal = Calendar::new();
    cal.name(name);
    cal
}

/// The crate's text, re-folded: icalendar 0.17 lets a continuation line reach 76 octets (75
/// plus the leading space), one more than RFC 5545 allows. Lines are unfolded and folded again
/// at 75 octets, never inside a UTF-8 sequence; the product id names kehila.
fn finish(cal: Calendar) -> String {
    let text = cal.to_string().replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let line = if line.starts_with("PRODID:") {
            "PRODID:-//kehila//kehila//EN"
        } else {
            line
        };
        fold(line, &mut out);
    }
    out
}

/// Appends one content line folded at 75 octets (continuations: a space and 74 octets).
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

/// All events, soonest first. `descriptions[i]` is the plain-text summary of `site.events[i]`.
pub fn all_events(site: &Site, descriptions: &[String]) -> String {
    let mut cal = calendar(&site.config.title);
    for (e, d) in site.events.iter().zip(descriptions) {
        cal.push(vevent(site, e, d));
    }
    finish(cal)
}

pub fn one_event(site: &Site, i: usize, description: &str) -> String {
    let e = &site.events[i];
    let mut cal = calendar(&e.entry.title);
    cal.push(vevent(site, e, description));
    finish(cal)
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "א".repeat(80));
        super::fold(&line, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        let mut out = String::new();
        super::fold(&"x".repeat(150), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
    }
}
