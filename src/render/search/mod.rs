//! Built-in site search (`docs/search.md`): the listed pages' text, normalised for Hebrew,
//! Arabic and Latin, as a sharded index under `search/` that the theme's `search.js` queries.
//! On unless `search: false` in site.yaml.

pub mod index;
pub mod lexicon;
pub mod normalize;
pub mod shards;
pub mod short_map;
#[cfg(test)]
mod test_texts;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::hashing::HashMap;
use crate::model::Site;
use crate::render::sink::Sink;
use crate::render::views::Bodies;

/// One file of the index, shared with the cache.
pub type File = (PathBuf, Arc<Vec<u8>>);

/// What `serve` keeps between runs: each page's [`index::Doc`] by the key of what it is made
/// of, and the last files with the key of all pages, so a save re-reads only the edited page
/// and a save that changes no indexed text (a template, a setting) re-makes nothing.
#[derive(Default)]
pub struct Cache {
    docs: HashMap<u64, Arc<index::Doc>>,
    /// The numbering of the kept pages' terms (it only grows while serve runs: a term no page
    /// has any more is a few bytes, and shards list only the terms of pages).
    lex: lexicon::Lexicon,
    files: Option<(u64, Arc<Vec<File>>)>,
}

/// The index of a one-off build, being made on a thread of its own while the pages render:
/// its files, each without its bytes when it went to the build's sink as it was made.
pub type Job<'s> = std::thread::ScopedJoinHandle<'s, Vec<(PathBuf, Option<Arc<Vec<u8>>>)>>;

/// Starts a build's index on a thread of its own in `scope` (`None` when search is off or no
/// thread could be started); `serve` makes it in [`made`] instead. With a `sink`, each file
/// is written as soon as it is made, beside the pages, and its memory used for the next.
pub fn start<'s, 'e>(
    scope: &'s std::thread::Scope<'s, 'e>,
    site: &'e Site,
    bodies: &'e Bodies,
    sink: Option<&'e dyn Sink>,
) -> Option<Job<'s>> {
    if !site.config.search {
        return None;
    }
    std::thread::Builder::new()
        .name("search index".into())
        .spawn_scoped(scope, move || {
            let mut lex = lexicon::Lexicon::default();
            let docs = index::docs(site, bodies, None, &mut lex);
            let docs: Vec<_> = docs.into_iter().map(|(_, d)| d).collect();
            let mut files = Vec::new();
            shards::each_file(&docs, &lex, &|_| None, &mut |path, bytes| {
                let bytes = match sink {
                    // A write error is kept by the sink and reported when the build finishes.
                    Some(sink) => sink.put(&path, &bytes).err().map(|_| bytes),
                    None => Some(bytes),
                };
                files.push((path, bytes));
            });
            crate::timings::thread_cpu("search index thread");
            files
        })
        .ok()
}

/// Every file of the search index, or none when search is off, reusing `cache` (`serve`, or
/// a build whose thread could not start).
pub fn made(site: &Site, bodies: &Bodies, cache: &mut Cache) -> Vec<File> {
    if !site.config.search {
        return Vec::new();
    }
    let docs = index::docs(site, bodies, Some(&cache.docs), &mut cache.lex);
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
    let last: HashMap<&Path, &Arc<Vec<u8>>> = (cache.files.iter())
        .flat_map(|(_, files)| files.iter())
        .map(|(p, b)| (p.as_path(), b))
        .collect();
    let files = shards::files(&docs, &cache.lex, &|p| last.get(p).map(|b| Arc::clone(b)));
    cache.files = Some((all_key, Arc::new(files.clone())));
    files
}
