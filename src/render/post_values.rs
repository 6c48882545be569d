//! Every post's card and page value, the bulk of a big hub's template values: made in
//! parallel, or given back by [`Reuse`] for posts whose inputs are unchanged.

use std::sync::Arc;

use serde_json::{Value, json};

use super::reuse::Reuse;
use super::views::{
    Bodies, PostMeta, PostValues, Refs, date, opt_date, pick, pick_one, summary_html, summary_text,
    tv, with,
};
use crate::model::Site;

/// Every post's card and page values, in `site.posts` order (through `reuse`).
pub fn all(site: &Site, bodies: &Bodies, refs: &Refs, reuse: &mut dyn Reuse) -> Vec<PostValues> {
    let lang = &site.config.lang_primary();
    let (topic_refs, cohort_refs, leader_refs) = (&refs.topics, &refs.cohorts, &refs.leaders);
    let make = |i: usize| {
        let (p, r) = (&site.posts[i], &bodies.posts[i]);
        let mut card = json!({
            "title": p.entry.title,
            "slug": p.entry.slug,
            "url": p.entry.url,
            "date": date(&p.date, lang),
            "summary": summary_html(&p.entry, r),
            "topics": pick(topic_refs, &p.topics),
            "cohort": pick_one(cohort_refs, p.cohort),
            "author": pick_one(leader_refs, p.author),
            "image": p.entry.image,
            "job": p.job.as_ref().map(|j| json!({
                "company": j.company,
                "location": j.location,
                "remote": j.remote,
                "apply": j.apply,
                "expires": date(&j.expires, lang),
            })),
        });
        let card_tv = tv(&card);
        card["updated"] = opt_date(&p.updated, lang);
        // The body goes in last, shared rather than copied (see markdown::Html); the
        // placeholder keeps the keys where the JSON conversion puts them.
        card["content"] = Value::Null;
        card["extra"] = p.entry.extra.clone();
        let page = with(tv(&card), [("content", r.html.value())]);
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
