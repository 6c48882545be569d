//! Built-in site search (`docs/search.md`): the listed pages' text, normalised for Hebrew,
//! Arabic and Latin, as a sharded index under `search/` that the theme's `search.js` queries.
//! On unless `search: false` in site.yaml.

pub mod index;
pub mod normalize;
pub mod shards;

use std::path::PathBuf;
use std::sync::Arc;

use crate::hashing::HashMap;
use crate::model::Site;
use crate::render::views::Bodies;

/// One file of the index, shared with the cache.
pub type File = (PathBuf, Arc<Vec<u8>>);

/// What `serve` keeps between runs: each page's [`index::Doc`] by the key of what it is made
/// of, and the last files with the key of all pages, so a save re-reads only the edited page
/// and a save that changes no indexed text (a template, a setting) re-makes nothing.
#[derive(Default)]
pub struct Cache {
    docs: HashMap<u64, Arc<index::Doc>>,
    files: Option<(u64, Arc<Vec<File>>)>,
}

/// Every file of the search index, or none when search is off. `cache` is `serve`'s.
pub fn files(site: &Site, bodies: &Bodies, cache: Option<&mut Cache>) -> Vec<File> {
    if !site.config.search {
        return Vec::new();
    }
    let Some(cache) = cache else {
        let docs = index::docs(site, bodies, None);
        return made(&docs.into_iter().map(|(_, d)| d).collect::<Vec<_>>());
    };
    let docs = index::docs(site, bodies, Some(&cache.docs));
    let all_key = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hashing::key_hasher();
        for (k, _) in &docs {
            k.hash(&mut h);
        }
        h.finish()
    };
    cache.docs = docs.iter().map(|(k, d)| (*k, Arc::clone(d))).collect();
    if let Some((k, files)) = &cache.files
        && *k == all_key
    {
        return files.as_ref().clone();
    }
    let docs: Vec<Arc<index::Doc>> = docs.into_iter().map(|(_, d)| d).collect();
    let files = made(&docs);
    cache.files = Some((all_key, Arc::new(files.clone())));
    files
}

fn made(docs: &[Arc<index::Doc>]) -> Vec<File> {
    shards::files(docs)
        .into_iter()
        .map(|(p, b)| (p, Arc::new(b)))
        .collect()
}
