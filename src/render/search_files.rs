//! The search index as an output kind: a build makes it beside the pages; `serve` makes it on
//! the first request for one of its files, from the same site and bodies as the pages it is
//! served with, so a save at 10,000 posts does not re-make every shard and result group.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::output::{Deferred, Output, Outputs};
use super::search;
use super::views::{Bodies, Views};
use crate::hashing::HashMap;
use crate::model::Site;

/// The index's fixed entry point; its other files are named by their bytes.
const MANIFEST: &str = "search/manifest.json";

/// What serve keeps between runs: the last set (reused while its key holds, so a save that
/// changes no indexed text, a style sheet say, changes no search file) and the index's own
/// per-page cache, shared with every set.
#[derive(Default)]
pub struct Kept {
    last: Option<Arc<DeferredSearch>>,
    index: Arc<Mutex<search::Cache>>,
}

/// Adds a made index's files to `out` (`made` is [`search::start`]'s job), or, for serve
/// (`kept`), the deferred set: the manifest by name and the `search/` folder.
pub fn add(
    made: search::Job,
    kept: Option<&mut Kept>,
    site: &Arc<Site>,
    bodies: &Bodies,
    views: &Views,
    out: &mut Outputs,
) {
    let Some(kept) = kept else {
        let mut unused = search::Cache::default();
        for (path, bytes) in search::finish(made, site, bodies, &mut unused) {
            out.files.insert(path, Output::Bytes(bytes));
        }
        return;
    };
    if !site.config.search {
        kept.last = None;
        return;
    }
    let key = key(site, bodies, views);
    let set = match kept.last.take() {
        Some(old) if old.key == key => old,
        _ => Arc::new(DeferredSearch {
            key,
            site: Arc::clone(site),
            bodies: bodies.clone(),
            index: Arc::clone(&kept.index),
            made: OnceLock::new(),
        }),
    };
    kept.last = Some(Arc::clone(&set));
    let set: Arc<dyn Deferred> = set;
    out.files
        .insert(MANIFEST.into(), Output::Deferred(Arc::clone(&set)));
    out.folders.push((PathBuf::from("search"), set));
}

/// A key that changes whenever an indexed byte could: the settings, each post's page key
/// (route, title, summary, dates, topics, cohort, body) and whether it is listed, and the
/// few other pages whole, with their bodies.
fn key(site: &Site, bodies: &Bodies, views: &Views) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hashing::key_hasher();
    for (p, (k, _)) in site.posts.iter().zip(&views.post_pages) {
        (k, p.expired, p.entry.draft, p.time.as_second()).hash(&mut h);
    }
    // The few small lists through their debug form: it shows every field.
    format!(
        "{:?}{:?}{:?}{:?}{:?}{:?}",
        site.config, site.urls, site.pages, site.topics, site.cohorts, site.leaders
    )
    .hash(&mut h);
    format!("{:?}", site.events).hash(&mut h);
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

/// The index's files, made on the first request for any of them.
pub struct DeferredSearch {
    key: u64,
    site: Arc<Site>,
    bodies: Bodies,
    index: Arc<Mutex<search::Cache>>,
    made: OnceLock<HashMap<PathBuf, Arc<Vec<u8>>>>,
}

impl DeferredSearch {
    fn made(&self) -> &HashMap<PathBuf, Arc<Vec<u8>>> {
        self.made.get_or_init(|| {
            let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            search::finish(None, &self.site, &self.bodies, &mut index)
                .into_iter()
                .collect()
        })
    }
}

impl Deferred for DeferredSearch {
    fn get(&self, path: &Path) -> Option<Arc<Vec<u8>>> {
        self.made().get(path).cloned()
    }

    fn files(&self) -> Vec<(PathBuf, Arc<Vec<u8>>)> {
        self.made()
            .iter()
            .map(|(p, b)| (p.clone(), Arc::clone(b)))
            .collect()
    }
}

impl std::fmt::Debug for DeferredSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeferredSearch({:x})", self.key)
    }
}
