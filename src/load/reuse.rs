//! The door through which `serve`'s kept walk and documents come into the load ([`Reuse`]); a
//! build passes [`NoReuse`], which walks `content/` and reads every file once.

use std::sync::Arc;

use rayon::prelude::*;

use super::document::{Document, Kind};
use super::walk::{Found, Walk};
use crate::diagnostics::Diagnostics;

/// One content file's document (`None` when its front matter is unusable) and its problems.
pub type Read = (Option<Arc<Document>>, Diagnostics);
/// Walks `content/`.
pub type MakeWalk<'a> = dyn Fn() -> Walk + 'a;
/// Reads and types one content file.
pub type ReadDoc<'a> = dyn Fn(&Found, Kind) -> Read + Sync + 'a;

/// Where the load may take a walk or documents kept from the last run instead of making them.
pub trait Reuse {
    /// `content/` is missing: nothing kept holds any more.
    fn forget(&mut self);
    /// The walk of `content/`: `make`'s, or a kept one that still holds.
    fn walk(&mut self, make: &MakeWalk) -> Arc<Walk>;
    /// Every content document of `walk` in walk order, and their problems in that order.
    fn documents(&mut self, walk: &Arc<Walk>, read: &ReadDoc) -> (Vec<Arc<Document>>, Diagnostics);
}

/// A one-off build: one walk, every file read, nothing kept (and no file stat'ed to key it).
pub struct NoReuse;

impl Reuse for NoReuse {
    fn forget(&mut self) {}

    fn walk(&mut self, make: &MakeWalk) -> Arc<Walk> {
        Arc::new(make())
    }

    fn documents(&mut self, walk: &Arc<Walk>, read: &ReadDoc) -> (Vec<Arc<Document>>, Diagnostics) {
        let read: Vec<Read> = walk
            .docs
            .par_iter()
            .map(|&(i, kind)| read(&walk.found[i], kind))
            .collect();
        let mut documents = Vec::new();
        let mut diags = Diagnostics::new();
        for (doc, d) in read {
            diags.extend(d);
            documents.extend(doc);
        }
        (documents, diags)
    }
}
