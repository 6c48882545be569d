//! One language's outputs into the hub's: its pages, feeds and search index under `LANG/`
//! (a build's pages reach the sink there through [`Prefixed`]), files shared by all
//! languages (static files, images, robots.txt…) once, at the root.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::render::output::Deferred;
use crate::render::sink::Sink;
use crate::render::theme::Theme;
use crate::render::{Output, Outputs};

/// A sink that puts a language's files under its folder.
pub struct Prefixed<'a> {
    pub prefix: &'a Path,
    pub inner: &'a dyn Sink,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.inner.put(&self.prefix.join(path), bytes)
    }

    fn put_streamed(
        &self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.inner.put_streamed(&self.prefix.join(path), write)
    }
}

/// A language's deferred set (feeds, search index) asked for by its paths under `LANG/`.
#[derive(Debug)]
struct PrefixedSet {
    prefix: PathBuf,
    inner: Arc<dyn Deferred>,
}

impl Deferred for PrefixedSet {
    fn get(&self, path: &Path) -> Option<Arc<Vec<u8>>> {
        self.inner.get(path.strip_prefix(&self.prefix).ok()?)
    }

    fn files(&self) -> Vec<(PathBuf, Arc<Vec<u8>>)> {
        let files = self.inner.files();
        files
            .into_iter()
            .map(|(p, b)| (self.prefix.join(p), b))
            .collect()
    }
}

/// Files every language makes the same and the hub has once (the default language's).
const SHARED: &[&str] = &["robots.txt", ".nojekyll", "CNAME", "sitemap.xml"];

/// Adds `lang`'s outputs to `into`; returns its `sitemap.xml`, for the merged one.
pub fn merge(into: &mut Outputs, lang: Outputs, code: &str, theme: &Theme) -> Option<Output> {
    let prefix = PathBuf::from(code);
    let wrap = |set: Arc<dyn Deferred>| -> Arc<dyn Deferred> {
        Arc::new(PrefixedSet {
            prefix: prefix.clone(),
            inner: set,
        })
    };
    let mut sitemap = None;
    for (path, out) in lang.files {
        if SHARED.iter().any(|s| path == Path::new(s)) {
            if path == Path::new("sitemap.xml") {
                sitemap = Some(out);
            }
            continue;
        }
        let at_root = matches!(out, Output::Copy(_) | Output::Cached(_) | Output::Image(..))
            || path.starts_with(crate::images::OUT_DIR)
            || theme.static_files.contains_key(&path);
        if at_root {
            into.files.entry(path).or_insert(out);
            continue;
        }
        let out = match out {
            Output::Deferred(set) => Output::Deferred(wrap(set)),
            other => other,
        };
        into.files.insert(prefix.join(path), out);
    }
    into.pages += lang.pages;
    for (dir, set) in lang.folders {
        into.folders.push((prefix.join(dir), wrap(set)));
    }
    sitemap
}
