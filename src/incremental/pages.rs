//! Kept pages, by a key of everything a page is made of (not of its values: hashing 10,000
//! posts' HTML again on every save would cost more than the rest of a rebuild), and the last
//! run's map of pages by path.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::hashing::HashMap;
use crate::model::Site;
use crate::render::Output;
use crate::render::job::Job;
use crate::render::pages::{CachedPage, Page, Preview};
use crate::render::views::{TV, Views};

#[derive(Default)]
pub struct PageMemo {
    /// Pages by key: the last run's, and older ones until there are twice as many (a key
    /// covers everything a page is made of, so an older page with the same key is the same).
    kept: HashMap<u64, CachedPage>,
    /// The last run's pages in job order: most jobs are where they were, and are found
    /// without a lookup (a cache miss per page in a map of 10,000).
    last: Vec<CachedPage>,
    /// What every page of this run shows: site values, UI strings, translations.
    shared_key: u64,
    /// The last run's page map, with a fingerprint of its pages' paths in job order and
    /// their outputs in that order (see [`PageMemo::sorted`]).
    map: Option<(u64, Vec<Output>, BTreeMap<PathBuf, Output>)>,
    /// How many pages the last run actually rendered.
    pub rendered: usize,
}

impl PageMemo {
    /// Forgets every page (the templates changed).
    pub fn clear(&mut self) {
        self.kept.clear();
        self.last.clear();
    }

    pub fn begin(&mut self, site: &Site, views: &Views) {
        let mut h = crate::hashing::key_hasher();
        crate::hashing::hash_json(&mut h, &views.site);
        crate::hashing::hash_json(&mut h, &views.t);
        if let Some(l) = &site.languages {
            (l.map.key(), l.current).hash(&mut h);
        }
        self.shared_key = h.finish();
    }

    /// The kept page for `j` (the `i`th job), or the one `make` renders, with its key.
    pub fn page(
        &self,
        i: usize,
        j: &Job,
        path: &Path,
        preview: &Preview,
        make: &dyn Fn() -> Page,
    ) -> Page {
        let key = self.key(j, preview);
        let at = self.last.get(i).filter(|c| c.0 == key);
        if let Some((_, html, d)) = at.or_else(|| self.kept.get(&key)) {
            return (
                path.to_path_buf(),
                (key, html.clone(), d.clone()),
                false,
                false,
            );
        }
        let mut page = make();
        page.1.0 = key;
        page
    }

    /// Keeps this run's pages for the next run: the pages made now go into the map, which is
    /// made again from this run's alone once it holds twice as many (so it does not grow
    /// with every save, and a save does not rebuild a map of every page).
    pub fn end(&mut self, rendered: &[Page]) {
        self.rendered = rendered.iter().filter(|r| r.2).count();
        self.last = rendered.iter().map(|r| r.1.clone()).collect();
        if self.kept.len() > 2 * self.last.len() + 64 {
            self.kept.clear();
            self.kept.extend(self.last.iter().map(|c| (c.0, c.clone())));
        } else {
            let made = rendered.iter().filter(|r| r.2).map(|r| &r.1);
            self.kept.extend(made.map(|c| (c.0, c.clone())));
        }
    }

    /// A key of what the page is made of: what every page shows, its preview and its job
    /// (a post's by the job's own key; any other's by all its fields and its values' key, or
    /// the values themselves when nobody made them a key).
    fn key(&self, j: &Job, preview: &Preview) -> u64 {
        let shared_key = self.shared_key;
        if let Some(k) = j.key {
            return crate::hashing::hash_of(&(shared_key, &j.template, k, preview));
        }
        let values = j.vars_key.unwrap_or_else(|| {
            let mut h = crate::hashing::key_hasher();
            crate::hashing::hash_json(&mut h, &j.vars);
            h.finish()
        });
        crate::hashing::hash_of(&(shared_key, j.key_with_values(values), preview))
    }

    /// The pages as the output map. Made from a list, `BTreeMap` sorts the paths and then
    /// compares each with the next for duplicates, component by component from the end (std's
    /// `Path` equality), a few milliseconds at 10,000 pages. When this run's paths are the
    /// last run's (the usual save), the last run's map is copied instead, the few pages that
    /// changed put in by lookup.
    pub fn sorted(&mut self, pages: Vec<(PathBuf, Output)>) -> BTreeMap<PathBuf, Output> {
        let fingerprint = {
            let mut h = crate::hashing::key_hasher();
            for (p, _) in &pages {
                p.as_os_str().as_encoded_bytes().hash(&mut h);
            }
            h.finish()
        };
        if let Some((f, outputs, map)) = &mut self.map
            && *f == fingerprint
            && outputs.len() == pages.len()
        {
            for ((path, new), old) in pages.iter().zip(outputs.iter_mut()) {
                let same = match (new, &*old) {
                    (Output::Bytes(a), Output::Bytes(b)) => Arc::ptr_eq(a, b),
                    (a, b) => a == b,
                };
                if !same {
                    if let Some(slot) = map.get_mut(path) {
                        *slot = new.clone();
                    }
                    *old = new.clone();
                }
            }
            return map.clone();
        }
        let outputs = pages.iter().map(|(_, o)| o.clone()).collect();
        let map: BTreeMap<PathBuf, Output> = pages.into_iter().collect();
        self.map = Some((fingerprint, outputs, map.clone()));
        map
    }
}

/// A key of a list page's values: the `plain` values and the posts `idx`, whose cards count
/// by their keys (see `Views::post_cards`), so the page cache never hashes them.
pub fn list_key(views: &Views, plain: &[&TV], idx: &[usize]) -> u64 {
    let mut h = crate::hashing::key_hasher();
    crate::hashing::hash_json(&mut h, &plain);
    for &i in idx {
        views.post_cards[i].0.hash(&mut h);
    }
    h.finish()
}
