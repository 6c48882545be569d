//! Every post's card and page value, the bulk of a big hub's template values: made in
//! parallel, or given back by [`Reuse`] for posts whose inputs are unchanged.

use std::sync::Arc;

use serde_json::json;

use super::reuse::Reuse;
use super::views::{
    Bodies, PostMeta, PostValues, Refs, TV, date, opt_date, pick, pick_one, summary_html,
    summary_text, tv,
};
use crate::model::Site;

/// Every post's card and page values, in `site.posts` order (through `reuse`).
pub fn all(site: &Site, bodies: &Bodies, refs: &Refs, reuse: &mut dyn Reuse) -> Vec<PostValues> {
    let lang = &site.config.lang_primary();
    let (topic_refs, cohort_refs, leader_refs) = (&refs.topics, &refs.cohorts, &refs.leaders);
    let make = |i: usize| {
        let (p, r) = (&site.posts[i], &bodies.posts[i]);
        let card = json!({
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
