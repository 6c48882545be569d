//! What the render stage hands on: [`Outputs`], the finished site as output path → [`Output`].
//! A file is bytes, a copy of a source file, already written, or made on first request
//! while serving ([`Deferred`], [`Output::Image`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files made on first request while serving, from the same site as the pages they are
/// served with: at 10,000 posts the feeds and the search index cost more than the rest of a
/// rebuild, and the browser showing the edited page does not need them.
pub trait Deferred: Send + Sync + std::fmt::Debug {
    /// The bytes of the file at `path`, made now if this is the first request for it.
    fn get(&self, path: &Path) -> Option<Arc<Vec<u8>>>;

    /// Every file of the set, made now. Only for a set in [`Outputs::folders`], whose paths
    /// are known only once made; other sets list theirs in [`Outputs::files`].
    fn files(&self) -> Vec<(PathBuf, Arc<Vec<u8>>)> {
        Vec::new()
    }
}

/// One file of the finished site.
#[derive(Debug, Clone)]
pub enum Output {
    /// Shared, so a page kept from the previous render is not copied.
    Bytes(Arc<Vec<u8>>),
    /// Copied as it is from this path (static files), so big files never sit in memory.
    Copy(PathBuf),
    /// Copied from the image cache, whose file names stand for their bytes (the name is the
    /// hash of the work that made them, and a cache file is only ever replaced whole): a
    /// copy that has the cache file's size and modification time is taken to hold its bytes
    /// without reading either (see `output::staging`).
    Cached(PathBuf),
    /// Made on first request, while serving.
    Deferred(Arc<dyn Deferred>),
    /// Already handed to the build's [`Sink`](super::sink::Sink) (on disk, not in memory).
    Written,
    /// A processed image made on first request, while serving (see [`pictures`](super::pictures)).
    Image(Arc<crate::images::Pending>, Arc<crate::images::Counts>),
}

impl PartialEq for Output {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Output::Bytes(a), Output::Bytes(b)) => a == b,
            (Output::Copy(a), Output::Copy(b)) | (Output::Cached(a), Output::Cached(b)) => a == b,
            // The same set, not equal contents: a set is made only when asked.
            (Output::Deferred(a), Output::Deferred(b)) => Arc::ptr_eq(a, b),
            (Output::Written, Output::Written) => true,
            (Output::Image(a, c), Output::Image(b, d)) => a == b && c == d,
            _ => false,
        }
    }
}

impl Output {
    pub fn bytes(v: impl Into<Vec<u8>>) -> Self {
        Output::Bytes(Arc::new(v.into()))
    }

    /// The content of the file at `path` (the key this output is stored under).
    pub fn read(&self, path: &Path) -> std::io::Result<Arc<Vec<u8>>> {
        match self {
            Output::Bytes(b) => Ok(Arc::clone(b)),
            Output::Copy(src) | Output::Cached(src) => std::fs::read(src).map(Arc::new),
            Output::Deferred(d) => d
                .get(path)
                .ok_or_else(|| std::io::Error::other("a deferred file was not made")),
            Output::Written => Err(std::io::Error::other(
                "this file went straight to the output folder",
            )),
            Output::Image(p, counts) => p.read(counts),
        }
    }
}

/// The finished site: output path (relative to the output folder) → content.
#[derive(Debug, Default)]
pub struct Outputs {
    pub files: BTreeMap<PathBuf, Output>,
    /// How many HTML pages were made.
    pub pages: usize,
    /// While serving, sets that fill a folder with files named by their bytes (the search
    /// index's shards and groups): the folder and the set, asked when `files` has no such path.
    pub folders: Vec<(PathBuf, Arc<dyn Deferred>)>,
}

impl Outputs {
    /// The file at `path`: one of [`files`](Self::files), or one a deferred folder makes.
    pub fn get(&self, path: &Path) -> Option<Output> {
        if let Some(o) = self.files.get(path) {
            return Some(o.clone());
        }
        let (_, set) = self.folders.iter().find(|(dir, _)| path.starts_with(dir))?;
        set.get(path).map(Output::Bytes)
    }

    /// Every file of the site, the deferred folders' made now: what a clean build makes.
    pub fn all(&self) -> BTreeMap<PathBuf, Output> {
        let mut all = self.files.clone();
        for (_, set) in &self.folders {
            all.extend(set.files().into_iter().map(|(p, b)| (p, Output::Bytes(b))));
        }
        all
    }
}
