//! Memory between renders, for `serve`: Markdown results keyed by a hash of everything they
//! read (body, position, link table), compiled templates keyed by a hash of the theme, and
//! finished pages keyed by a hash of their template values. A page whose values did not change
//! is not rendered again; because output is a pure function of those values and the templates,
//! an incremental render gives exactly what a clean one gives. `build` uses an empty cache.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::PathBuf;

use super::markdown::Rendered;
use super::templates::Templates;
use crate::diagnostics::Diagnostics;

/// A finished page: its key, its bytes (None if rendering failed) and its problems.
pub(super) type CachedPage = (u64, Option<std::sync::Arc<Vec<u8>>>, Diagnostics);

pub struct RenderCache {
    /// False for a one-off build: nothing is kept, so nothing needs a key.
    pub keep: bool,
    /// Content path → (key, result, problems).
    pub(super) markdown: HashMap<String, (u64, Rendered, Diagnostics)>,
    pub(super) templates: Option<(u64, Templates)>,
    /// Output path → (key, rendered page or None if it failed, problems).
    pub(super) pages: HashMap<PathBuf, CachedPage>,
    /// How many pages the last render actually re-rendered (for tests and benchmarks).
    pub rendered_pages: usize,
}

impl Default for RenderCache {
    fn default() -> Self {
        RenderCache {
            keep: true,
            markdown: HashMap::new(),
            templates: None,
            pages: HashMap::new(),
            rendered_pages: 0,
        }
    }
}

impl RenderCache {
    /// For a single build: compiles templates but keeps no pages for a next run.
    pub fn one_off() -> Self {
        RenderCache {
            keep: false,
            ..Default::default()
        }
    }
}

/// Feeds a hasher through `io::Write`, so serde can hash a value without building a string.
pub(super) struct HashWriter<'a>(pub &'a mut DefaultHasher);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub(super) fn hash_json<T: serde::Serialize>(h: &mut DefaultHasher, v: &T) {
    let _ = serde_json::to_writer(HashWriter(h), v);
}

pub(super) fn hash_of<T: Hash>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}
