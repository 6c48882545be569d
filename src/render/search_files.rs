//! The search index as an output kind: a build makes it beside the pages; `serve` makes it on
//! the first request for one of its files ([`DeferredSearch`]), from the same site and bodies
//! as the pages it is served with.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::output::{Deferred, Output, Outputs};
use super::search;
use super::views::Bodies;
use crate::hashing::HashMap;
use crate::model::Site;

/// The index's fixed entry point; its other files are named by their bytes.
const MANIFEST: &str = "search/manifest.json";

/// The index of a run: being made beside the pages (a build), or a set made on first request
/// (`serve`, see [`Reuse::search`](super::reuse::Reuse::search); `None`: search is off).
pub enum Index<'s> {
    Job(Option<search::Job<'s>>),
    Deferred(Option<Arc<dyn Deferred>>),
}

/// Adds the index's files to `out`: a made index's files, or the deferred set (the manifest
/// by name and the `search/` folder).
pub fn add(index: Index, site: &Site, bodies: &Bodies, out: &mut Outputs) {
    let set = match index {
        Index::Job(Some(job)) => {
            // A thread that panicked (a bug) leaves the index out, the rest of the site whole.
            for (path, bytes) in job.join().unwrap_or_default() {
                out.files
                    .insert(path, bytes.map_or(Output::Written, Output::Bytes));
            }
            return;
        }
        Index::Job(None) => {
            let mut unused = search::Cache::default();
            for (path, bytes) in search::made(site, bodies, &mut unused) {
                out.files.insert(path, Output::Bytes(bytes));
            }
            return;
        }
        Index::Deferred(None) => return,
        Index::Deferred(Some(set)) => set,
    };
    out.files
        .insert(MANIFEST.into(), Output::Deferred(Arc::clone(&set)));
    out.folders.push((PathBuf::from("search"), set));
}

/// The index's files, made on the first request for any of them.
pub struct DeferredSearch {
    site: Arc<Site>,
    bodies: Bodies,
    index: Arc<Mutex<search::Cache>>,
    made: OnceLock<HashMap<PathBuf, Arc<Vec<u8>>>>,
}

impl DeferredSearch {
    /// A set of `site`'s index, made with the index's own per-page `index` memory.
    pub fn new(site: Arc<Site>, bodies: Bodies, index: Arc<Mutex<search::Cache>>) -> Self {
        DeferredSearch {
            site,
            bodies,
            index,
            made: OnceLock::new(),
        }
    }

    fn made(&self) -> &HashMap<PathBuf, Arc<Vec<u8>>> {
        self.made.get_or_init(|| {
            let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            search::made(&self.site, &self.bodies, &mut index)
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
        write!(f, "DeferredSearch({:p})", self)
    }
}
