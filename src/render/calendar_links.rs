//! "Add to calendar" links for an event: Google Calendar (`calendar/render?action=TEMPLATE`,
//! times in UTC) and Outlook on the web (`deeplink/compose`), beside the event's `.ics` file.

use jiff::{SignedDuration, Timestamp};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::model::{Event, Site, When};

fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Start and end instants; an event without an end lasts an hour in calendar apps.
fn span(site: &Site, e: &Event) -> (Timestamp, Timestamp) {
    let tz = &site.config.timezone;
    let start = e.start.timestamp(tz);
    let end = match &e.end {
        Some(w) => w.timestamp(tz),
        None => start + SignedDuration::from_hours(1),
    };
    (start, end.max(start))
}

/// Whole days: the first day and the day after the last one (calendars' exclusive end).
fn days(e: &Event) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
    let When::Day(first) = e.start else {
        return None;
    };
    let last = e.end.as_ref().map(|w| w.date()).unwrap_or(first);
    Some((first, last.tomorrow().unwrap_or(last)))
}

fn place(e: &Event) -> String {
    e.location
        .clone()
        .or_else(|| e.online_url.clone())
        .unwrap_or_default()
}

/// `details`: the event's summary and page address.
pub fn google(site: &Site, e: &Event, details: &str) -> String {
    let dates = match days(e) {
        Some((a, b)) => format!("{}/{}", a.strftime("%Y%m%d"), b.strftime("%Y%m%d")),
        None => {
            let (a, b) = span(site, e);
            format!(
                "{}/{}",
                a.strftime("%Y%m%dT%H%M%SZ"),
                b.strftime("%Y%m%dT%H%M%SZ")
            )
        }
    };
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&details={}&location={}",
        enc(&e.entry.title),
        enc(&dates),
        enc(details),
        enc(&place(e))
    )
}

pub fn outlook(site: &Site, e: &Event, details: &str) -> String {
    let (start, end, allday) = match days(e) {
        Some((a, b)) => (a.to_string(), b.to_string(), "&allday=true"),
        None => {
            let (a, b) = span(site, e);
            (
                a.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                b.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "",
            )
        }
    };
    format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}{allday}&body={}&location={}",
        enc(&e.entry.title),
        enc(&start),
        enc(&end),
        enc(details),
        enc(&place(e))
    )
}
