//! Every post's card and page value, the bulk of a big hub's template values: made in
//! parallel, or given back by [`Reuse`] for posts whose inputs are unchanged.

use std::sync::Arc;

use serde_json::json;

use super::markdown::Rendered;
use super::reuse::Reuse;
use super::views::{
    Bodies, PostMeta, PostValues, Refs, TV, date, opt_date, summary_html, summary_text, tv,
};
use crate::model::Site;

/// Every post's card and page values, in `site.posts` order (through `reuse`).
pub fn all(site: &Site, bodies: &Bodies, refs: &Refs, reuse: &mut dyn Reuse) -> Vec<PostValues> {
    let lang = &site.config.lang_primary();
    let (topic_refs, cohort_refs, leader_refs) = (&refs.topics, &refs.cohorts, &refs.leaders);
    // Each reference converted once and shared by every card that shows it.
    let shared = [topic_refs, cohort_refs, leader_refs].map(|r| r.iter().map(tv).collect());
    let make = |i: usize| {
        let (p, r) = (&site.posts[i], &bodies.posts[i]);
        let card_tv = card(site, i, r, lang, &shared);
        #[cfg(debug_assertions)]
        oracle::check(&card_tv, &oracle::card_json(site, i, r, lang, refs));
        // The page is the card and three more fields, at the places a conversion of the
        // whole would have put them (serde_json's keys are sorted): the card's values are
        // shared, not converted again (that was half of this function's time). The body is
        // shared rather than copied (see markdown::Html).
        let page = sorted_with(
            &card_tv,
            [
                ("content", r.html.value()),
                ("extra", tv(&p.entry.extra)),
                ("updated", tv(&opt_date(&p.updated, lang))),
            ],
        );
        let tz = &site.config.timezone;
        PostValues {
            card_key: 0,
            key: 0,
            card: card_tv,
            page,
            meta: Arc::new(PostMeta {
                description: summary_text(&p.entry, r),
                published: p.date.rfc3339(tz),
                modified: p.updated.as_ref().map(|u| u.rfc3339(tz)),
            }),
        }
    };
    reuse.post_values(site, bodies, (topic_refs, cohort_refs, leader_refs), &make)
}

/// A post's card, made as template values field by field: the value a conversion of
/// `oracle::card_json` gives (every debug build checks that they are equal), without the JSON
/// tree and the conversion's copy of every key and reference (on this VM, new memory costs as
/// much as the work: 5 KB a post). Its keys in sorted order, as that conversion puts them.
fn card(site: &Site, i: usize, r: &Rendered, lang: &str, refs: &[Vec<TV>; 3]) -> TV {
    let p = &site.posts[i];
    let [topics, cohorts, leaders] = refs;
    let one = |all: &[TV], k: Option<usize>| k.map_or_else(TV::none, |k| all[k].clone());
    let text = |s: &str| TV::from(s);
    let mut map = tera::Map::with_capacity(10);
    map.insert("author".into(), one(leaders, p.author));
    map.insert("cohort".into(), one(cohorts, p.cohort));
    map.insert("date".into(), date_value(&p.date, lang));
    map.insert("image".into(), p.entry.image.as_deref().map(text).into());
    let job = p.job.as_ref().map(|j| tv(&job_json(j, lang)));
    map.insert("job".into(), job.into());
    map.insert("slug".into(), text(&p.entry.slug));
    map.insert("summary".into(), TV::from(summary_html(&p.entry, r)));
    map.insert("title".into(), text(&p.entry.title));
    let shown: Vec<TV> = p.topics.iter().map(|&k| topics[k].clone()).collect();
    map.insert("topics".into(), TV::from(shown));
    map.insert("url".into(), text(&p.entry.url));
    TV::from(map)
}

/// A job offer's fields (rare: made as JSON and converted).
fn job_json(j: &crate::model::job::Job, lang: &str) -> serde_json::Value {
    json!({
        "company": j.company,
        "location": j.location,
        "remote": j.remote,
        "apply": j.apply,
        "expires": date(&j.expires, lang),
    })
}

/// [`date`] as template values: the same map its conversion gives (a year as an unsigned
/// number, as serde_json keeps a non-negative one), keys sorted.
fn date_value(w: &crate::model::When, lang: &str) -> TV {
    let day = w.date();
    let year = i64::from(day.year());
    let mut map = tera::Map::with_capacity(5);
    map.insert("date".into(), TV::from(day.to_string()));
    map.insert("human".into(), TV::from(w.human(lang)));
    map.insert("iso".into(), TV::from(w.iso()));
    map.insert("time".into(), TV::from(w.time()));
    let year = u64::try_from(year).map_or_else(|_| TV::from(year), TV::from);
    map.insert("year".into(), year);
    TV::from(map)
}

/// `card`'s fields with `more` (sorted by key) merged in, in key order: the map a conversion
/// of the card's JSON with those fields added would give.
fn sorted_with<const N: usize>(card: &TV, more: [(&'static str, TV); N]) -> TV {
    let fields = card.as_map().cloned().unwrap_or_default();
    let mut map = tera::Map::with_capacity(fields.len() + N);
    let mut more = more.into_iter().peekable();
    for (k, v) in fields {
        while let Some((name, _)) = more.peek()
            && k.as_str().is_some_and(|key| *name < key)
        {
            if let Some((name, x)) = more.next() {
                map.insert(name.into(), x);
            }
        }
        map.insert(k, v);
    }
    for (name, x) in more {
        map.insert(name.into(), x);
    }
    TV::from(map)
}

/// The card as it was first written, JSON converted whole: every debug build (so every
/// integration test's build) checks [`card`] against it.
#[cfg(debug_assertions)]
mod oracle {
    use super::*;
    use crate::render::views::{pick, pick_one};

    /// Equal values, and equal in the order of their keys too (which `==` does not look at).
    pub fn check(card: &TV, json: &TV) {
        let text = |v: &TV| serde_json::to_string(v).unwrap_or_default();
        assert!(
            card == json && text(card) == text(json),
            "{card:?} != {json:?}"
        );
    }

    /// A post's card as it was first written: JSON, converted whole. [`card`] must give the
    /// same value.
    pub fn card_json(site: &Site, i: usize, r: &Rendered, lang: &str, refs: &Refs) -> TV {
        let p = &site.posts[i];
        tv(&json!({
            "title": p.entry.title,
            "slug": p.entry.slug,
            "url": p.entry.url,
            "date": date(&p.date, lang),
            "summary": summary_html(&p.entry, r),
            "topics": pick(&refs.topics, &p.topics),
            "cohort": pick_one(&refs.cohorts, p.cohort),
            "author": pick_one(&refs.leaders, p.author),
            "image": p.entry.image,
            "job": p.job.as_ref().map(|j| job_json(j, lang)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page value must be the very map a conversion of the card's JSON with the three
    /// fields added gives: same keys in the same order, same values.
    #[test]
    fn merged_fields_sit_where_a_whole_conversion_puts_them() {
        let card = json!({"author": null, "date": "1", "title": "t", "url": "/u/"});
        let more = [
            ("content", TV::from("<p>x</p>")),
            ("extra", tv(&json!({"b": 1}))),
            ("updated", TV::from("2")),
        ];
        let mut whole = card.clone();
        whole["content"] = json!("<p>x</p>");
        whole["extra"] = json!({"b": 1});
        whole["updated"] = json!("2");
        let merged = sorted_with(&tv(&card), more);
        let keys = |v: &TV| -> Vec<String> {
            v.as_map()
                .unwrap()
                .keys()
                .map(|k| k.as_str().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(
            keys(&merged),
            [
                "author", "content", "date", "extra", "title", "updated", "url"
            ]
        );
        assert_eq!(keys(&merged), keys(&tv(&whole)));
        assert_eq!(merged, tv(&whole));
    }
}
