//! Kept post values (card and page value), by content path, with the keys that say when a
//! post's card or page value changes; list pages and feeds build their keys on them.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::hashing::HashMap;
use crate::model::{Entry, Post, Site};
use crate::render::markdown::Rendered;
use crate::render::reuse::{MakePost, Refs};
use crate::render::views::{Bodies, PostValues};

#[derive(Default)]
pub struct PostMemo {
    kept: HashMap<String, Arc<Kept>>,
    /// The last run's, in its order. Most posts are where they were: found without a lookup,
    /// whose comparison of paths missed the cache on every post.
    last: Vec<Arc<Kept>>,
}

/// A post's values and what they were made of. The entry and body are held, so while they are
/// kept no other entry or body can have their address: the same address is the same content
/// (`serve` hands an unchanged post's entry and body on from run to run), and the post's keys
/// need not be hashed again from its text.
struct Kept {
    values: PostValues,
    entry: Arc<Entry>,
    body: Arc<Rendered>,
    shared: u64,
    /// The post's fields outside its entry and body (dates, references, job).
    rest: u64,
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
        let (kept, last) = (&self.kept, &self.last);
        // (values, what they were made of, whether they were looked at again)
        let posts: Vec<(PostValues, Arc<Kept>, bool)> = (0..site.posts.len())
            .into_par_iter()
            .map(|i| {
                let (p, body) = (&site.posts[i], &bodies.posts[i]);
                let rest = rest_key(p);
                let same = |k: &Kept| {
                    Arc::ptr_eq(&k.entry, &p.entry)
                        && Arc::ptr_eq(&k.body, body)
                        && (k.shared, k.rest) == (shared, rest)
                };
                if let Some(k) = last.get(i).filter(|k| same(k)) {
                    return (k.values.clone(), Arc::clone(k), false);
                }
                let old = kept.get(&p.entry.content_path);
                if let Some(k) = old.filter(|k| same(k)) {
                    return (k.values.clone(), Arc::clone(k), false);
                }
                let (card_key, key) = post_keys(p, body, shared);
                let values = match old {
                    Some(k) if k.values.key == key => k.values.clone(),
                    _ => {
                        let mut v = make(i);
                        (v.card_key, v.key) = (card_key, key);
                        v
                    }
                };
                let kept = Kept {
                    values: values.clone(),
                    entry: Arc::clone(&p.entry),
                    body: Arc::clone(body),
                    shared,
                    rest,
                };
                (values, Arc::new(kept), true)
            })
            .collect();
        // Only what was looked at again goes in: entries of deleted posts stay, harmless and
        // small.
        for (p, (_, k, new)) in site.posts.iter().zip(&posts) {
            if *new {
                self.kept
                    .insert(p.entry.content_path.clone(), Arc::clone(k));
            }
        }
        self.last = posts.iter().map(|(_, k, _)| Arc::clone(k)).collect();
        posts.into_iter().map(|(v, _, _)| v).collect()
    }
}

/// The site-wide parts every post value shows: language, the topic, cohort and leader
/// references, and every setting (time zone, base URL, language...).
fn shared_key(site: &Site, (topics, cohorts, leaders): Refs) -> u64 {
    let lang = site.config.lang_primary();
    let mut h = crate::hashing::key_hasher();
    crate::hashing::hash_json(&mut h, &(&lang, &topics, &cohorts, &leaders));
    crate::hashing::hash_debug(&mut h, &site.config);
    h.finish()
}

/// The key of a post's fields that are not in its entry or body.
fn rest_key(p: &Post) -> u64 {
    crate::hashing::hash_of(&(
        &p.date, &p.time, &p.updated, &p.topics, p.cohort, p.author, &p.job,
    ))
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
