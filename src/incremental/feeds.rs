//! The kept feed set, reused while a key of everything a feed or calendar byte is made of
//! holds: the same set is served again, and feeds already made on request are not made again.

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::Site;
use crate::render::feed_files::{self, DeferredFeeds, Spec};
use crate::render::output::Deferred;
use crate::render::views::{Bodies, Views};

#[derive(Default)]
pub struct FeedMemo {
    kept: Option<(u64, Arc<dyn Deferred>, Vec<PathBuf>)>,
}

impl FeedMemo {
    pub fn set(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
        jobs_title: &str,
    ) -> (Arc<dyn Deferred>, Vec<PathBuf>) {
        // Selecting each feed's posts is a pass over all posts: done once for key and paths.
        let specs = feed_files::specs(site, jobs_title);
        let key = key(site, &specs, bodies, &views.post_pages);
        if let Some((k, set, paths)) = &self.kept
            && *k == key
        {
            return (Arc::clone(set), paths.clone());
        }
        let paths = feed_files::paths(site, &specs);
        let set: Arc<dyn Deferred> = Arc::new(DeferredFeeds::new(
            Arc::clone(site),
            bodies.clone(),
            jobs_title.to_string(),
            specs,
        ));
        self.kept = Some((key, Arc::clone(&set), paths.clone()));
        (set, paths)
    }
}

/// A key that changes whenever any feed or calendar byte could: the site settings, every
/// topic, cohort, leader and event, the bodies they show, which posts each feed lists and each
/// listed post's value key (see `Views::post_pages`), and the day (calendar stamps).
fn key(site: &Site, specs: &[Spec], bodies: &Bodies, post_keys: &[(u64, tera::Value)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hashing::key_hasher();
    for (route, site_wide, spec) in specs {
        (route, site_wide, &spec.title, &spec.description, &spec.home).hash(&mut h);
        (&spec.posts, spec.full_content).hash(&mut h);
        for &i in &spec.posts {
            post_keys[i].0.hash(&mut h);
        }
    }
    // The few small lists are hashed through their debug form: it shows every field.
    crate::hashing::hash_debug(
        &mut h,
        &(
            &site.config,
            &site.urls,
            &site.topics,
            &site.cohorts,
            &site.leaders,
            &site.events,
        ),
    );
    for r in &bodies.events {
        r.id.hash(&mut h);
    }
    site.now.as_second().div_euclid(86_400).hash(&mut h);
    // An empty Atom feed (only the site-wide one is Atom) is dated "now".
    if specs.iter().any(|s| s.1 && s.2.posts.is_empty()) {
        site.now.hash(&mut h);
    }
    h.finish()
}
