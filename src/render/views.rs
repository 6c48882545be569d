//! What templates see: the model turned into plain values (the shapes documented in
//! docs/templates.md). Cards and refs are built once per item and shared by every page that
//! lists it. URLs come from the model (made by the URL builder), never built here.

use std::sync::Arc;

use serde_json::{Value, json};

use super::markdown::Rendered;
// Re-exported: the digest and the search index read them through `views`.
pub use super::escape::escape;
pub use super::summary::{summary_html, summary_text};
use crate::model::{Entry, Site, When};

/// Rendered Markdown of every item, aligned with the model's lists.
/// Shared with the render cache, so a body kept from the last run is not copied.
#[derive(Clone, Default)]
pub struct Bodies {
    pub home: Option<Arc<Rendered>>,
    pub pages: Vec<Arc<Rendered>>,
    pub posts: Vec<Arc<Rendered>>,
    pub topics: Vec<Arc<Rendered>>,
    pub cohorts: Vec<Arc<Rendered>>,
    pub leaders: Vec<Arc<Rendered>>,
    pub events: Vec<Arc<Rendered>>,
}

/// A template value. Tera's arrays and maps are reference-counted, so a card built once is
/// shared by every list page that shows it instead of being copied into each.
pub type TV = tera::Value;

/// JSON (easy to build with `json!`) → a template value.
pub fn tv(v: &Value) -> TV {
    TV::from_serializable(v)
}

/// Values shared by many pages, built once.
pub struct Views {
    pub site: TV,
    pub t: TV,
    t_json: Value,
    /// Each post's card, with a key that changes whenever the card does.
    pub post_cards: Vec<(u64, TV)>,
    /// Each post's page value (its card plus content), with a key that changes whenever the
    /// value does, so the page cache need not hash the content again.
    pub post_pages: Vec<(u64, TV)>,
    pub post_meta: Vec<Arc<PostMeta>>,
    pub topic_refs: Vec<Value>,
    pub cohort_refs: Vec<Value>,
    pub leader_refs: Vec<Value>,
    pub event_cards: Vec<TV>,
    event_cards_json: Vec<Value>,
}

/// A post's card and page value, each with a key that changes whenever it does (0 when
/// nothing is kept: the keys are made by [`Reuse`](super::reuse::Reuse), not here).
#[derive(Clone)]
pub struct PostValues {
    pub card_key: u64,
    pub key: u64,
    pub card: TV,
    pub page: TV,
    pub meta: Arc<PostMeta>,
}

/// What a post's page shows outside its template values: meta description and the
/// published and modified times for link previews.
#[derive(Clone)]
pub struct PostMeta {
    pub description: Option<String>,
    pub published: String,
    pub modified: Option<String>,
}

pub fn date(w: &When, lang: &str) -> Value {
    json!({
        "iso": w.iso(),
        "date": w.date().to_string(),
        "human": w.human(lang),
        "year": w.date().year(),
        "time": w.time(),
    })
}

pub fn opt_date(w: &Option<When>, lang: &str) -> Value {
    w.as_ref().map(|w| date(w, lang)).unwrap_or(Value::Null)
}

/// A cohort's stats for templates; `null` when the cohort has no roster.
fn stats_value(s: &crate::model::stats::CohortStats, k: usize) -> Value {
    if !s.has_roster {
        return Value::Null;
    }
    let total = s.members.unwrap_or(0).max(1) as f64;
    let cities: Vec<Value> = s
        .cities
        .iter()
        .map(|(name, count)| {
            json!({"name": name, "count": count, "percent": ((*count as f64) * 100.0 / total).round() as u32})
        })
        .collect();
    json!({
        "members": s.members,
        "fewer_than": if s.members.is_none() { Some(k) } else { None },
        "cities": cities,
        "other": s.other,
        "other_percent": ((s.other as f64) * 100.0 / total).round() as u32,
        "average_age": s.average_age,
    })
}

/// `v` (a map) with `fields` set: lists of cards are put in as they are, never converted.
pub fn with<const N: usize>(v: TV, fields: [(&'static str, TV); N]) -> TV {
    let mut map = v.into_map().unwrap_or_default();
    for (k, x) in fields {
        map.insert(k.into(), x);
    }
    TV::from(map)
}

/// An empty list.
pub fn empty() -> TV {
    TV::from(Vec::<TV>::new())
}

fn entry_ref(e: &Entry) -> Value {
    json!({"title": e.title, "slug": e.slug, "url": e.url})
}

pub fn pick(refs: &[Value], idx: &[usize]) -> Value {
    Value::Array(idx.iter().map(|&i| refs[i].clone()).collect())
}

pub fn pick_one(refs: &[Value], idx: Option<usize>) -> Value {
    idx.map(|i| refs[i].clone()).unwrap_or(Value::Null)
}

/// The `site` value every template gets.
fn site_value(site: &Site) -> Value {
    let urls = &site.urls;
    let section = |s: &str| urls.url(&crate::model::Route::page(&[s]));
    let menu: Vec<Value> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| json!({"title": p.entry.title, "url": p.entry.url}))
        .collect();
    let feed = |name: &str| urls.url(&crate::model::Route::file(&[name]));
    let ics_abs = urls.absolute(&feed("events.ics"));
    let webcal = match ics_abs.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => ics_abs.clone(),
    };
    let site_value = json!({
        "title": site.config.title,
        "description": site.config.description,
        "language": site.config.language,
        "dir": site.config.dir(),
        "base_url": urls.base_url(),
        "base_path": urls.base_path(),
        "author": site.config.author,
        "channels": site.config.channels,
        "goals": site.config.goals,
        "menu": menu,
        "urls": {
            "home": urls.page_root(),
            "posts": section("posts"),
            "topics": section("topics"),
            "cohorts": section("cohorts"),
            "leaders": section("leaders"),
            "events": section("events"),
            "jobs": section("jobs"),
            "digest": urls.url(&crate::model::Route::page(&["digest", "latest"])),
            "style": urls.site_path("/style.css"),
            "search": site.config.search.then(|| section("search")),
            "search_js": urls.site_path("/search.js"),
        },
        "feeds": {
            "rss": feed("rss.xml"),
            "atom": feed("atom.xml"),
            "json": feed("feed.json"),
            "ics": feed("events.ics"),
            "webcal": webcal,
        },
        "members_total": site.members_total,
        "extra": site.config.extra,
    });
    site_value
}

/// The short forms of topics, cohorts and leaders that posts and events refer to.
pub struct Refs {
    pub topics: Vec<Value>,
    pub cohorts: Vec<Value>,
    pub leaders: Vec<Value>,
}

impl Refs {
    pub fn new(site: &Site) -> Self {
        let topics: Vec<Value> = site.topics.iter().map(|t| entry_ref(&t.entry)).collect();
        let cohorts: Vec<Value> = site.cohorts.iter().map(|c| entry_ref(&c.entry)).collect();
        let leaders: Vec<Value> = site
            .leaders
            .iter()
            .map(|l| {
                json!({"title": l.entry.title, "slug": l.entry.slug, "url": l.entry.url,
                       "photo": l.photo, "focus": l.focus.map(crate::load::focus::css), "role": l.role})
            })
            .collect();
        Refs {
            topics,
            cohorts,
            leaders,
        }
    }
}

/// Every event's card.
fn event_cards(site: &Site, bodies: &Bodies, lang: &str, refs: &Refs) -> Vec<Value> {
    let (topic_refs, cohort_refs, urls) = (&refs.topics, &refs.cohorts, &site.urls);
    site.events
        .iter()
        .zip(&bodies.events)
        .map(|(e, r)| {
            let details = format!(
                "{}\n\n{}",
                summary_text(&e.entry, r).unwrap_or_default(),
                urls.absolute(&e.entry.url)
            );
            json!({
                "title": e.entry.title,
                "slug": e.entry.slug,
                "url": e.entry.url,
                "summary": summary_html(&e.entry, r),
                "start": date(&e.start, lang),
                "end": opt_date(&e.end, lang),
                "all_day": e.start.is_day(),
                "location": e.location,
                "online_url": e.online_url,
                "cohort": pick_one(cohort_refs, e.cohort),
                "topics": pick(topic_refs, &e.topics),
                "image": e.entry.image,
                "upcoming": e.upcoming,
                "ics_url": urls.url(&super::ical::event_route(e)),
                "rsvp": e.rsvp,
                "calendar": {
                    "google": super::calendar_links::google(site, e, &details),
                    "outlook": super::calendar_links::outlook(site, e, &details),
                },
            })
        })
        .collect()
}

impl Views {
    /// The values of `site`, with its posts' values made by [`post_values`](super::post_values).
    pub fn new(
        site: &Site,
        bodies: &Bodies,
        strings: Value,
        refs: Refs,
        posts: Vec<PostValues>,
    ) -> Self {
        let lang = site.config.lang_primary();
        let site_value = site_value(site);
        let event_cards_json = event_cards(site, bodies, &lang, &refs);
        // Moved, not cloned: a clone is a reference count on a cold cache line per post.
        let n = posts.len();
        let (mut post_cards, mut post_meta, mut post_pages) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for v in posts {
            post_cards.push((v.card_key, v.card));
            post_meta.push(v.meta);
            post_pages.push((v.key, v.page));
        }
        Views {
            site: tv(&site_value),
            t: tv(&strings),
            t_json: strings,
            post_cards,
            post_meta,
            post_pages,
            topic_refs: refs.topics,
            cohort_refs: refs.cohorts,
            leader_refs: refs.leaders,
            event_cards: event_cards_json.iter().map(tv).collect(),
            event_cards_json,
        }
    }

    /// The theme's UI strings as JSON.
    pub fn strings(&self) -> &Value {
        &self.t_json
    }

    /// A UI string of the theme.
    pub fn string(&self, key: &str) -> Option<String> {
        self.t_json.get(key)?.as_str().map(str::to_string)
    }

    pub fn topic(&self, site: &Site, i: usize, r: &Rendered, post_count: usize) -> TV {
        let t = &site.topics[i];
        tv(&json!({
            "title": t.entry.title, "slug": t.entry.slug, "url": t.entry.url,
            "description": t.description, "summary": summary_html(&t.entry, r),
            "content": &*r.html, "image": t.entry.image, "post_count": post_count,
            "feed_url": site.urls.url(&super::feeds::section_feed_route("topics", &t.entry.slug)),
        }))
    }

    pub fn cohort(&self, site: &Site, i: usize, r: &Rendered, posts: TV, events: TV) -> TV {
        with(
            self.cohort_card(site, i, r),
            [("posts", posts), ("events", events)],
        )
    }

    /// A cohort as it appears in lists: the full shape without its own posts and events.
    pub fn cohort_card(&self, site: &Site, i: usize, r: &Rendered) -> TV {
        let c = &site.cohorts[i];
        let lang = site.config.lang_primary();
        let channels = if c.channels.is_empty() {
            serde_json::to_value(&site.config.channels).unwrap_or(Value::Null)
        } else {
            serde_json::to_value(&c.channels).unwrap_or(Value::Null)
        };
        tv(&json!({
            "title": c.entry.title, "slug": c.entry.slug, "url": c.entry.url,
            "summary": summary_html(&c.entry, r), "content": &*r.html, "image": c.entry.image,
            "start": opt_date(&c.start, &lang), "end": opt_date(&c.end, &lang),
            "status": site.cohort_status(c).map(|s| s.as_str()),
            "program": c.program, "location": c.location,
            "leaders": pick(&self.leader_refs, &c.leaders),
            "channels": channels, "posts": [], "events": [], "extra": c.entry.extra,
            "stats": stats_value(&c.stats, site.config.min_group_size),
            "members": c.public_members.iter().map(|m| json!({
                "name": m.name, "city": m.city, "bio": m.bio, "link": m.link,
            })).collect::<Vec<_>>(),
            "feed_url": site.urls.url(&super::feeds::section_feed_route("cohorts", &c.entry.slug)),
        }))
    }

    pub fn leader(&self, site: &Site, i: usize, r: &Rendered, posts: TV) -> TV {
        with(self.leader_card(site, i, r), [("posts", posts)])
    }

    /// A leader as it appears in lists: the full shape without their posts.
    pub fn leader_card(&self, site: &Site, i: usize, r: &Rendered) -> TV {
        let l = &site.leaders[i];
        let links: Vec<Value> = l
            .links
            .iter()
            .map(|k| json!({"label": k.label, "url": k.url}))
            .collect();
        tv(&json!({
            "title": l.entry.title, "name": l.entry.title, "slug": l.entry.slug, "url": l.entry.url,
            "summary": summary_html(&l.entry, r), "content": &*r.html, "role": l.role,
            "photo": l.photo, "focus": l.focus.map(crate::load::focus::css),
            "cohorts": pick(&self.cohort_refs, &l.cohorts), "links": links,
            "email": l.email, "posts": [], "extra": l.entry.extra,
        }))
    }

    pub fn event(&self, i: usize, r: &Rendered) -> TV {
        let mut v = self.event_cards_json[i].clone();
        v["content"] = Value::String(r.html.to_string());
        tv(&v)
    }

    pub fn page(&self, e: &Entry, r: &Rendered) -> TV {
        tv(&json!({
            "title": e.title, "slug": e.slug, "url": e.url, "summary": summary_html(e, r),
            "content": &*r.html, "image": e.image, "extra": e.extra,
        }))
    }
}
