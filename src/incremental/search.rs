//! The kept search set, reused while a key of every indexed input holds (a save that changes
//! no indexed text, a style sheet say, changes no search file), and the index's own per-page
//! memory, shared with every set.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::model::Site;
use crate::render::search;
use crate::render::search_files::DeferredSearch;
use crate::render::views::{Bodies, Views};

#[derive(Default)]
pub struct SearchMemo {
    last: Option<(u64, Arc<DeferredSearch>)>,
    index: Arc<Mutex<search::Cache>>,
}

impl SearchMemo {
    /// The set for this run; `None` when search is off.
    pub fn set(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
    ) -> Option<Arc<DeferredSearch>> {
        if !site.config.search {
            self.last = None;
            return None;
        }
        let key = key(site, bodies, views);
        if let Some((k, set)) = &self.last
            && *k == key
        {
            return Some(Arc::clone(set));
        }
        let index = Arc::clone(&self.index);
        let set = Arc::new(DeferredSearch::new(Arc::clone(site), bodies.clone(), index));
        self.last = Some((key, Arc::clone(&set)));
        Some(set)
    }
}

/// A key that changes whenever an indexed byte could: the settings, each post's page key
/// (route, title, summary, dates, topics, cohort, body) and whether it is listed, and the
/// few other pages whole, with their bodies.
fn key(site: &Site, bodies: &Bodies, views: &Views) -> u64 {
    let mut h = crate::hashing::key_hasher();
    for (p, (k, _)) in site.posts.iter().zip(&views.post_pages) {
        (k, p.expired, p.entry.draft, p.time.as_second()).hash(&mut h);
    }
    // The few small lists through their debug form: it shows every field.
    crate::hashing::hash_debug(
        &mut h,
        &(
            &site.config,
            &site.urls,
            &site.pages,
            &site.topics,
            &site.cohorts,
            &site.leaders,
            &site.events,
        ),
    );
    let lists = [
        &bodies.pages,
        &bodies.topics,
        &bodies.cohorts,
        &bodies.leaders,
        &bodies.events,
    ];
    for r in lists.into_iter().flatten() {
        r.id.hash(&mut h);
    }
    h.finish()
}
