//! schema.org JSON-LD for search engines: `JobPosting` on job offers and `Event` on events,
//! with Google's required fields. Written into a `<script type="application/ld+json">`, so
//! `<`, `>` and `&` are escaped as `\u003c`… and no content can close the element.

use serde_json::{Value, json};

use crate::model::{Site, When};

/// JSON text safe inside a `<script>` element.
pub fn to_script_text(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn organization(site: &Site) -> Value {
    json!({"@type": "Organization", "name": site.config.title, "url": site.urls.base_url()})
}

/// The last second of `w`'s day (a whole day) or `w` itself, with its offset.
fn end_of(site: &Site, w: &When) -> String {
    let tz = &site.config.timezone;
    match w {
        When::Day(_) => (w.end_timestamp(tz) - jiff::SignedDuration::from_secs(1))
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        When::Moment(_) => w.rfc3339(tz),
    }
}

/// A job offer's `JobPosting`; `description` is the offer's HTML.
pub fn job_posting(site: &Site, i: usize, description: &str) -> Option<String> {
    let p = &site.posts[i];
    let job = p.job.as_ref()?;
    let tz = &site.config.timezone;
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": p.entry.title,
        "description": description,
        "datePosted": p.date.rfc3339(tz),
        "validThrough": end_of(site, &job.expires),
        "hiringOrganization": {"@type": "Organization", "name": job.company},
        "url": site.urls.absolute(&p.entry.url),
        "directApply": false,
    });
    let place = job.location.clone().unwrap_or_default();
    if job.remote {
        v["jobLocationType"] = json!("TELECOMMUTE");
        v["applicantLocationRequirements"] = json!({"@type": "AdministrativeArea", "name": place});
    } else {
        v["jobLocation"] = json!({
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": place},
        });
    }
    if let Some(img) = &p.entry.image {
        v["image"] = json!(site.urls.absolute(img));
    }
    Some(to_script_text(&v))
}

/// An event's `Event`; `description` is its summary text.
pub fn event(site: &Site, i: usize, description: &str) -> String {
    let e = &site.events[i];
    let tz = &site.config.timezone;
    // A whole-day event has a date and no time: schema.org takes the bare ISO date for it.
    let date = |w: &When| match w {
        When::Day(d) => d.to_string(),
        When::Moment(_) => w.rfc3339(tz),
    };
    let mut locations = Vec::new();
    if let Some(l) = &e.location {
        locations.push(json!({"@type": "Place", "name": l, "address": l}));
    }
    if let Some(u) = &e.online_url {
        locations.push(json!({"@type": "VirtualLocation", "url": u}));
    }
    let mode = match (e.location.is_some(), e.online_url.is_some()) {
        (true, true) => "MixedEventAttendanceMode",
        (false, true) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.entry.title,
        "description": description,
        "startDate": date(&e.start),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "location": if locations.len() == 1 { locations[0].clone() } else { Value::Array(locations) },
        "organizer": organization(site),
        "url": site.urls.absolute(&e.entry.url),
    });
    if let Some(end) = &e.end {
        v["endDate"] = json!(date(end));
    }
    if let Some(img) = &e.entry.image {
        v["image"] = json!(site.urls.absolute(img));
    }
    if let Some(r) = &e.rsvp {
        v["offers"] = json!({"@type": "Offer", "url": r, "availability": if e.upcoming {
            "https://schema.org/InStock"
        } else {
            "https://schema.org/SoldOut"
        }});
    }
    to_script_text(&v)
}
