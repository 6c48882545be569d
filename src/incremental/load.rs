//! Files kept between loads ([`LoadMemo`]): the last walk of `content/`, each file's document
//! by its size and modification time, and what the watcher's report makes stale (always
//! re-read; a walk is kept only when every reported path is a content file it already found).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::hashing::HashMap;
use crate::load::Document;
use crate::load::reuse::{MakeWalk, Read, ReadDoc, Reuse};
use crate::load::walk::Walk;

/// What a file looked like when it was last read: its modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// What one load keeps for the next.
#[derive(Default)]
pub struct LoadMemo {
    /// Every content file of the last full walk: its stamp then, its document and problems.
    files: HashMap<PathBuf, (Stamp, Read)>,
    /// The last walk of `content/`, indexed.
    walked: Option<Walked>,
    /// The documents of the last load, one per document of the walk, in walk order.
    docs: Vec<Read>,
}

/// A kept walk with what a later edit needs, built once per walk so that an edit touches only
/// the edited files' entries (at 10,000 files every pass over all of them costs).
struct Walked {
    walk: Arc<Walk>,
    /// Path → position in `walk.docs` (and in `LoadMemo::docs`).
    index: HashMap<PathBuf, usize>,
}

impl Walked {
    fn new(walk: Arc<Walk>) -> Self {
        let index = (walk.docs.iter().enumerate())
            .map(|(i, &(f, _))| (walk.found[f].path.clone(), i))
            .collect();
        Walked { walk, index }
    }
}

impl LoadMemo {
    /// The door for one load of `root`: `changed` is what the watcher reported since the last
    /// one, `None` when nobody knows (every file is then compared by its stamp).
    pub fn reload<'a>(
        &'a mut self,
        root: &'a Path,
        changed: Option<&'a HashSet<PathBuf>>,
    ) -> Reload<'a> {
        Reload {
            memo: self,
            root,
            changed,
            edited: None,
        }
    }
}

/// One load through a [`LoadMemo`].
pub struct Reload<'a> {
    memo: &'a mut LoadMemo,
    root: &'a Path,
    changed: Option<&'a HashSet<PathBuf>>,
    /// Set by `walk` when the kept walk still holds: the content files to read again.
    edited: Option<HashSet<PathBuf>>,
}

impl Reuse for Reload<'_> {
    fn forget(&mut self) {
        *self.memo = LoadMemo::default();
    }

    fn walk(&mut self, make: &MakeWalk) -> Arc<Walk> {
        self.edited = self.only_edits();
        match (&self.edited, &self.memo.walked) {
            (Some(_), Some(kept)) => Arc::clone(&kept.walk),
            _ => Arc::new(make()),
        }
    }

    fn documents(&mut self, walk: &Arc<Walk>, read: &ReadDoc) -> (Vec<Arc<Document>>, Diagnostics) {
        match (self.edited.take(), self.memo.walked.take()) {
            (Some(edited), Some(kept)) if Arc::ptr_eq(&kept.walk, walk) => {
                let read = self.memo.read_edited(&kept, &edited, read);
                self.memo.walked = Some(kept);
                read
            }
            _ => self.memo.read_walk(walk, self.changed, read),
        }
    }
}

impl Reload<'_> {
    /// When every reported path is an existing content file the last walk found (an edit, the
    /// common case while writing), the walk is still right and no other file needs a look: at
    /// 10,000 posts this skips 10,000 directory entries and `stat` calls per save. Anything
    /// else (a new, deleted or renamed file, a folder, `site.yaml` — also what the watcher
    /// reports when it lost events) walks again.
    fn only_edits(&self) -> Option<HashSet<PathBuf>> {
        let paths = self.changed?;
        let walked = self.memo.walked.as_ref()?;
        if self.memo.docs.len() != walked.walk.docs.len() {
            return None;
        }
        let content = self.root.join("content");
        let mut edited = HashSet::new();
        for p in paths {
            if !p.starts_with(&content) {
                if p == &self.root.join("site.yaml") {
                    return None;
                }
                continue;
            }
            edited.insert(p.clone());
        }
        let all_known = (edited.iter()).all(|p| walked.index.contains_key(p) && p.is_file());
        all_known.then_some(edited)
    }
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .map(|m| (m.modified().ok(), m.len()))
        .unwrap_or((None, 0))
}

impl LoadMemo {
    /// The kept walk still holds: `edited` files read again, every other document kept.
    fn read_edited(
        &mut self,
        walked: &Walked,
        edited: &HashSet<PathBuf>,
        read: &ReadDoc,
    ) -> (Vec<Arc<Document>>, Diagnostics) {
        for p in edited {
            let Some(&i) = walked.index.get(p) else {
                continue;
            };
            let (fi, kind) = walked.walk.docs[i];
            let f = &walked.walk.found[fi];
            let stamp = stamp(&f.path);
            let r = read(f, kind);
            self.docs[i] = r.clone();
            self.files.insert(f.path.clone(), (stamp, r));
        }
        let mut diags = Diagnostics::new();
        for (_, d) in &self.docs {
            if !d.items().is_empty() {
                diags.extend(d.clone());
            }
        }
        // In parallel: each clone touches a document far from the others in memory, and a
        // big hub has tens of thousands.
        let documents = (self.docs.par_iter())
            .flat_map_iter(|(doc, _)| doc.iter().cloned())
            .collect();
        (documents, diags)
    }

    /// A new walk: each document kept when its file's stamp is the one it was read with and
    /// the watcher did not report it (`force`), read again otherwise; the walk kept.
    fn read_walk(
        &mut self,
        walk: &Arc<Walk>,
        force: Option<&HashSet<PathBuf>>,
        read: &ReadDoc,
    ) -> (Vec<Arc<Document>>, Diagnostics) {
        let previous = std::mem::take(&mut self.files);
        let results: Vec<(Stamp, Read)> = (walk.docs.par_iter())
            .map(|&(i, kind)| {
                let f = &walk.found[i];
                let stamp = stamp(&f.path);
                if !force.is_some_and(|paths| paths.contains(&f.path))
                    && stamp.0.is_some()
                    && let Some((old, r)) = previous.get(&f.path)
                    && *old == stamp
                {
                    return (stamp, r.clone());
                }
                (stamp, read(f, kind))
            })
            .collect();
        let mut documents = Vec::new();
        let mut diags = Diagnostics::new();
        self.docs.clear();
        for (&(i, _), (stamp, (doc, d))) in walk.docs.iter().zip(results) {
            diags.extend(d.clone());
            documents.extend(doc.clone());
            // `results` is in walk order, as `docs` must be.
            self.docs.push((doc.clone(), d.clone()));
            self.files
                .insert(walk.found[i].path.clone(), (stamp, (doc, d)));
        }
        self.walked = Some(Walked::new(Arc::clone(walk)));
        (documents, diags)
    }
}
