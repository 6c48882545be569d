//! The digest: what a community manager sends each week — the posts and job offers of a date
//! window grouped by topic, and the events coming up — taken from the model ([`Site`]) and
//! written as email HTML, WhatsApp, Telegram or plain text (one file per format) and as JSON.

pub mod email;
pub mod json;
pub mod rtl;
pub mod settings;
pub mod split;
pub mod telegram;
pub mod text;
pub mod whatsapp;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::config::Channel;
use crate::model::{Entry, Site};

/// The formats of `kehila digest --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Email,
    Whatsapp,
    Telegram,
    Text,
}

impl Format {
    /// The `utm_medium` of this format's links.
    pub fn medium(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Whatsapp => "whatsapp",
            Format::Telegram => "telegram",
            Format::Text => "text",
        }
    }
}

/// Which posts and events a digest shows.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Posts dated from here…
    pub since: Timestamp,
    /// …up to here (the build's "now").
    pub until: Timestamp,
    /// Upcoming events that start before this.
    pub events_until: Timestamp,
}

/// Days of posts and of events a digest shows unless told otherwise.
pub const DEFAULT_DAYS: i64 = 7;
pub const EVENT_DAYS: i64 = 30;

impl Window {
    /// The last `days` days before `now`, and events in the next [`EVENT_DAYS`].
    pub fn last_days(now: Timestamp, days: i64) -> Self {
        Window {
            since: now - SignedDuration::from_hours(24 * days),
            until: now,
            events_until: now + SignedDuration::from_hours(24 * EVENT_DAYS),
        }
    }

    /// From the start of `date` in the hub's timezone until `now`.
    pub fn since(site: &Site, date: jiff::civil::Date) -> Self {
        let since = crate::model::When::Day(date).timestamp(&site.config.timezone);
        Window {
            since,
            ..Window::last_days(site.now, DEFAULT_DAYS)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Post,
    Job,
    Event,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Post => "post",
            ItemKind::Job => "job",
            ItemKind::Event => "event",
        }
    }
}

/// One line of the digest: a post, a job offer or an event.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    pub title: String,
    /// One line of plain text (may be empty).
    pub summary: String,
    /// Absolute, without tracking tags (see [`Digest::link`]).
    pub url: String,
    /// ISO 8601: the post's date or the event's start.
    pub date: String,
    /// Short facts shown under the title: a job's company, place and closing day; an event's
    /// day and place.
    pub details: Vec<String>,
    /// Absolute URL of the item's image, if it has one.
    pub image: Option<String>,
}

/// A topic's items (or "more" for posts without a topic, or the upcoming events).
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    /// Absolute URL of the topic page, if the section is a topic.
    pub url: Option<String>,
    pub items: Vec<Item>,
}

/// A digest ready to be written in any format. Holds nothing personal: titles, summaries and
/// links of published pages, and the hub's public channels.
#[derive(Debug, Clone)]
pub struct Digest {
    pub site_title: String,
    /// Absolute address of the hub's home page.
    pub home: String,
    pub lang: String,
    pub dir: &'static str,
    pub heading: String,
    /// The window in words (`1 בדצמבר 2026 – 7 בדצמבר 2026`).
    pub period: String,
    /// First and last day of the window (ISO 8601 dates in the hub's timezone).
    pub since: String,
    pub until: String,
    pub sections: Vec<Section>,
    pub events: Section,
    pub channels: Vec<Channel>,
    /// Absolute URL of the hub's link-preview image (the email's header picture).
    pub image: Option<String>,
    pub utm: bool,
    pub unsubscribe: String,
    strings: Value,
}

fn limit_line(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// The longest summary a digest shows, in characters: one or two lines on a phone.
const SUMMARY_CHARS: usize = 200;

impl Digest {
    /// The digest of `window`. `summary(kind, index)` gives a post's or event's summary text
    /// (from its rendered body); `strings` are the theme's UI strings for the language `lang`.
    pub fn collect(
        site: &Site,
        window: Window,
        lang: &str,
        strings: Value,
        summary: &dyn Fn(ItemKind, usize) -> String,
    ) -> Digest {
        let tz = &site.config.timezone;
        let urls = &site.urls;
        let abs = |u: &str| urls.absolute(u);
        let s = |k: &str, fallback: &str| -> String {
            strings
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or(fallback)
                .to_string()
        };
        let image = |e: &Entry| e.image.as_deref().map(abs);
        let mut by_topic: Vec<Vec<Item>> = vec![Vec::new(); site.topics.len()];
        let mut other = Vec::new();
        for (i, p) in site.listed_posts() {
            if p.time < window.since || p.time > window.until {
                continue;
            }
            let mut details = Vec::new();
            let kind = match &p.job {
                Some(j) => {
                    details.push(j.company.clone());
                    match (&j.location, j.remote) {
                        (Some(l), true) => details.push(format!("{l} · {}", s("remote", "Remote"))),
                        (Some(l), false) => details.push(l.clone()),
                        (None, true) => details.push(s("remote", "Remote")),
                        (None, false) => {}
                    }
                    details.push(
                        s("closes_on", "Closes on {date}")
                            .replace("{date}", &j.expires.human(lang)),
                    );
                    ItemKind::Job
                }
                None => ItemKind::Post,
            };
            let item = Item {
                kind,
                title: p.entry.title.clone(),
                summary: limit_line(&summary(ItemKind::Post, i), SUMMARY_CHARS),
                url: abs(&p.entry.url),
                date: p.date.rfc3339(tz),
                details,
                image: image(&p.entry),
            };
            match p.topics.first() {
                Some(&t) => by_topic[t].push(item),
                None => other.push(item),
            }
        }
        let mut sections: Vec<Section> = site
            .topics
            .iter()
            .zip(by_topic)
            .filter(|(_, items)| !items.is_empty())
            .map(|(t, items)| Section {
                title: t.entry.title.clone(),
                url: Some(abs(&t.entry.url)),
                items,
            })
            .collect();
        if !other.is_empty() {
            sections.push(Section {
                title: s("digest_other", "More"),
                url: None,
                items: other,
            });
        }
        let events = site
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.upcoming && e.start.timestamp(tz) < window.events_until)
            .map(|(i, e)| {
                let mut when = e.start.human(lang);
                if let Some(t) = e.start.time() {
                    when = format!("{when}, {t}");
                }
                let mut details = vec![when];
                if let Some(l) = &e.location {
                    details.push(l.clone());
                } else if e.online_url.is_some() {
                    details.push(s("online", "Online"));
                }
                Item {
                    kind: ItemKind::Event,
                    title: e.entry.title.clone(),
                    summary: limit_line(&summary(ItemKind::Event, i), SUMMARY_CHARS),
                    url: abs(&e.entry.url),
                    date: e.start.rfc3339(tz),
                    details,
                    image: image(&e.entry),
                }
            })
            .collect();
        let day = |t: Timestamp| t.to_zoned_datetime(tz.clone()).date();
        let period = format!(
            "{} – {}",
            crate::model::dates::human_date(day(window.since), lang),
            crate::model::dates::human_date(day(window.until), lang)
        );
        // Days, not instants: two builds of the same content on one day give the same bytes.
        let rfc = |t: Timestamp| day(t).to_string();
        let dir = if crate::config::is_rtl(lang) {
            "rtl"
        } else {
            "ltr"
        };
        Digest {
            site_title: site.config.title.clone(),
            home: urls.base_url(),
            lang: lang.to_string(),
            dir,
            heading: s("digest_title", "What's new at {site}")
                .replace("{site}", &site.config.title),
            period,
            since: rfc(window.since),
            until: rfc(window.until),
            sections,
            events: Section {
                title: s("digest_upcoming", "Coming up"),
                url: Some(abs(&urls.url(&crate::model::Route::page(&["events"])))),
                items: events,
            },
            channels: site.config.channels.clone(),
            image: site.image.as_deref().map(abs),
            utm: site.config.digest.utm,
            unsubscribe: site.config.digest.unsubscribe.clone(),
            strings,
        }
    }

    /// A UI string of the theme in the digest's language.
    pub fn t(&self, key: &str, fallback: &str) -> String {
        self.strings
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(fallback)
            .to_string()
    }

    /// `url` as the digest in `format` links it: with `utm_source`/`utm_medium` when the hub
    /// asked for them (`digest.utm: true`), only for the hub's own pages.
    pub fn link(&self, url: &str, format: Format) -> String {
        if !self.utm || !url.starts_with(&self.home) {
            return url.to_string();
        }
        let (path, fragment) = match url.find('#') {
            Some(i) => url.split_at(i),
            None => (url, ""),
        };
        let sep = if path.contains('?') { '&' } else { '?' };
        format!(
            "{path}{sep}utm_source=kehila-digest&utm_medium={}{fragment}",
            format.medium()
        )
    }

    /// Whether there is anything to send.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.events.items.is_empty()
    }

    /// The sections in the order every format shows them: topics, then upcoming events.
    pub fn all_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .chain(Some(&self.events).filter(|e| !e.items.is_empty()))
    }
}

/// A summary for each post or event made by rendering its Markdown (for `kehila digest`,
/// which has the model but not the build's rendered bodies).
pub fn summary_from_markdown(site: &Site) -> impl Fn(ItemKind, usize) -> String + '_ {
    move |kind, i| {
        let e = match kind {
            ItemKind::Event => &site.events[i].entry,
            _ => &*site.posts[i].entry,
        };
        if let Some(s) = &e.summary {
            return s.clone();
        }
        let targets = crate::hashing::HashMap::default();
        let drafts = crate::hashing::HashSet::default();
        let html = crate::render::sanitize::Sanitizer::new(&site.config.html);
        let links = crate::render::markdown::Links {
            urls: &site.urls,
            targets: &targets,
            drafts: &drafts,
            task_labels: ("", ""),
            html: &html,
            // only the summary's text is used: no pictures to make
            images: None,
        };
        // Link problems were reported by the build check that ran before; none are new here.
        let mut ignored = crate::diagnostics::Diagnostics::new();
        crate::render::markdown::render(&e.body, e.body_line, &e.file, &links, &mut ignored)
            .summary_text
    }
}
