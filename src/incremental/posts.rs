//! Kept post values (card and page value), by content path, with the keys that say when a
//! post's card or page value changes; list pages and feeds build their keys on them.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::hashing::HashMap;
use crate::model::{Post, Site};
use crate::render::markdown::Rendered;
use crate::render::reuse::{MakePost, Refs};
use crate::render::views::{Bodies, PostValues};

#[derive(Default)]
pub struct PostMemo {
    kept: HashMap<String, PostValues>,
}

impl PostMemo {
    /// Every post's values, made by `make` unless kept, with their keys.
    pub fn values(
        &mut self,
        site: &Site,
        bodies: &Bodies,
        refs: Refs,
        make: &MakePost,
    ) -> Vec<PostValues> {
        let shared = shared_key(site, refs);
        let kept = &self.kept;
        let posts: Vec<(PostValues, bool)> = (0..site.posts.len())
            .into_par_iter()
            .map(|i| {
                let p = &site.posts[i];
                let (card_key, key) = post_keys(p, &bodies.posts[i], shared);
                if let Some(v) = kept.get(&p.entry.content_path)
                    && v.key == key
                {
                    return (v.clone(), false);
                }
                let mut v = make(i);
                (v.card_key, v.key) = (card_key, key);
                (v, true)
            })
            .collect();
        // Only new values go in: entries of deleted posts stay, harmless and small.
        for (p, (v, _)) in site.posts.iter().zip(&posts).filter(|(_, v)| v.1) {
            self.kept.insert(p.entry.content_path.clone(), v.clone());
        }
        posts.into_iter().map(|(v, _)| v).collect()
    }
}

/// The site-wide parts every post value shows: language, the topic, cohort and leader
/// references, and every setting (time zone, base URL, language...).
fn shared_key(site: &Site, (topics, cohorts, leaders): Refs) -> u64 {
    let lang = site.config.lang_primary();
    let mut h = crate::hashing::key_hasher();
    crate::hashing::hash_json(&mut h, &(&lang, &topics, &cohorts, &leaders));
    format!("{:?}", site.config).hash(&mut h);
    h.finish()
}

/// Keys of everything a post's card and page value are made of. The card shows the summary
/// only, so an edit below the summary changes the page key, not the card key, and the list
/// pages showing the card are not rendered again.
fn post_keys(p: &Post, r: &Rendered, shared: u64) -> (u64, u64) {
    let mut h = crate::hashing::key_hasher();
    (
        shared,
        &p.entry.title,
        &p.entry.slug,
        &p.entry.url,
        &p.entry.summary,
        &r.summary,
        &p.entry.image,
        &p.date,
        &p.topics,
        p.cohort,
        p.author,
        &p.job,
    )
        .hash(&mut h);
    let card = h.finish();
    // The file is named in template error messages kept with the page.
    (card, r.id, &p.updated, &p.entry.file).hash(&mut h);
    crate::hashing::hash_json(&mut h, &p.entry.extra);
    (card, h.finish())
}
