//! Stage 1, load: files → [`Sources`]. Reads `content/`, checks each file is UTF-8, splits and
//! types its front matter with positions. No cross-references are resolved here, and nothing
//! outside the hub folder is read.

pub mod document;
pub mod focus;
pub mod front_matter;
pub mod limits;
pub mod roster;
pub mod sizes;
pub mod symlinks;
pub mod utf8;
pub mod walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::HashMap;
pub use document::{Document, Kind};
pub use utf8::utf8_error;

/// Every content document of the hub, in a stable order (by path).
#[derive(Debug, Default)]
pub struct Sources {
    /// Shared with the load cache of `serve`, so a kept file is not copied.
    pub documents: Vec<Arc<Document>>,
    pub rosters: Vec<roster::Roster>,
}

/// Loads `root/content`. Files are read and parsed in parallel; diagnostics keep file order.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    load_cached(root, &mut LoadCache::one_off(), Changes::Unknown, diags)
}

/// What a file looked like when it was last read: its size and modification time.
type Stamp = (Option<SystemTime>, u64);

/// Parsed files from an earlier load, so `serve` re-reads only what changed.
pub struct LoadCache {
    /// False for a one-off build: nothing is kept, so files are neither stat'ed nor copied.
    keep: bool,
    files: HashMap<PathBuf, (Stamp, Option<Arc<Document>>, Diagnostics)>,
    /// The last walk of `content/`, indexed.
    walked: Option<Walked>,
    /// The documents of the last load, one per content file of the walk in walk order (`None`
    /// for a file with unusable front matter), with their problems.
    docs: Vec<(Option<Arc<Document>>, Diagnostics)>,
}

impl Default for LoadCache {
    fn default() -> Self {
        LoadCache {
            keep: true,
            files: HashMap::default(),
            walked: None,
            docs: Vec::new(),
        }
    }
}

impl LoadCache {
    pub fn one_off() -> Self {
        LoadCache {
            keep: false,
            ..Default::default()
        }
    }
}

/// A walk of `content/` with what a later edit needs, built once per walk so that an edit
/// touches only the edited files' entries (at 10,000 files every pass over all of them costs).
struct Walked {
    found: Vec<walk::Found>,
    diags: Diagnostics,
    /// Content files (not rosters) in walk order: position in `found` and kind. `LoadCache::docs`
    /// is aligned with this.
    docs: Vec<(usize, Kind)>,
    /// Positions of roster files in `found`.
    rosters: Vec<usize>,
    /// Path → position in `docs`.
    index: HashMap<PathBuf, usize>,
}

impl Walked {
    fn new(found: Vec<walk::Found>, diags: Diagnostics) -> Self {
        let mut docs = Vec::new();
        let mut rosters = Vec::new();
        let mut index = HashMap::default();
        for (i, f) in found.iter().enumerate() {
            match f.kind {
                walk::FileKind::Doc(k) => {
                    index.insert(f.path.clone(), docs.len());
                    docs.push((i, k));
                }
                walk::FileKind::Roster => rosters.push(i),
            }
        }
        Walked {
            found,
            diags,
            docs,
            rosters,
            index,
        }
    }
}

/// What changed since the last load.
#[derive(Clone, Copy)]
pub enum Changes<'a> {
    /// Unknown (a first or one-off build): walk `content/` and compare every file's size and
    /// modification time with the cache.
    Unknown,
    /// Exactly these paths, as reported by the file watcher.
    Exactly(&'a HashSet<PathBuf>),
}

/// When every reported path is an existing content file the last walk found (an edit, the
/// common case while writing), the walk is still right and no other file needs a look: at
/// 10,000 posts this skips 10,000 directory entries and `stat` calls per save. Anything else
/// (a new, deleted or renamed file, a folder, `site.yaml` — also what the watcher reports
/// when it lost events) walks again.
fn only_edits(root: &Path, cache: &LoadCache, changes: Changes) -> Option<HashSet<PathBuf>> {
    let Changes::Exactly(paths) = changes else {
        return None;
    };
    let walked = cache.walked.as_ref()?;
    if cache.docs.len() != walked.docs.len() {
        return None;
    }
    let content = root.join("content");
    let mut edited = HashSet::new();
    for p in paths {
        if !p.starts_with(&content) {
            if p == &root.join("site.yaml") {
                return None;
            }
            continue;
        }
        edited.insert(p.clone());
    }
    let all_known = edited
        .iter()
        .all(|p| walked.index.contains_key(p) && p.is_file());
    all_known.then_some(edited)
}

fn read_one(root: &Path, f: &walk::Found, kind: Kind) -> (Option<Arc<Document>>, Diagnostics) {
    let mut d = Diagnostics::new();
    let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
    if let Some(err) = std::fs::metadata(&f.path)
        .ok()
        .and_then(|m| limits::too_big(&rel, m.len()))
    {
        d.push(err);
        return (None, d);
    }
    let doc = match std::fs::read(&f.path) {
        Err(e) => {
            d.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(&rel));
            None
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => document::read(kind, &rel, &f.content_path, &text, &mut d).map(Arc::new),
            Err(e) => {
                d.push(utf8_error(&rel, e.as_bytes(), e.utf8_error().valid_up_to()));
                None
            }
        },
    };
    (doc, d)
}

/// Like [`load`], reusing files from `cache`: with [`Changes::Unknown`] those whose size and
/// modification time did not change, with a list of edits (see [`only_edits`]) all others;
/// reported files are always re-read.
pub fn load_cached(
    root: &Path,
    cache: &mut LoadCache,
    changes: Changes,
    diags: &mut Diagnostics,
) -> Sources {
    let edited = only_edits(root, cache, changes);
    let empty = HashSet::new();
    let force = match changes {
        Changes::Exactly(paths) => paths,
        Changes::Unknown => &empty,
    };
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder in this hub")
                .hint("create content/ next to site.yaml, or run `kehila init` to start a new hub"),
        );
        cache.files.clear();
        cache.walked = None;
        return Sources::default();
    }
    if let (Some(edited), Some(walked)) = (&edited, &cache.walked) {
        diags.extend(walked.diags.clone());
        let rosters = read_rosters(
            root,
            walked.rosters.iter().map(|&i| &walked.found[i]),
            diags,
        );
        for p in edited {
            let Some(&i) = walked.index.get(p) else {
                continue;
            };
            let (fi, kind) = walked.docs[i];
            let f = &walked.found[fi];
            let stamp: Stamp = std::fs::metadata(&f.path)
                .map(|m| (m.modified().ok(), m.len()))
                .unwrap_or((None, 0));
            let (doc, d) = read_one(root, f, kind);
            cache.docs[i] = (doc.clone(), d.clone());
            cache.files.insert(f.path.clone(), (stamp, doc, d));
        }
        for (_, d) in &cache.docs {
            if !d.items().is_empty() {
                diags.extend(d.clone());
            }
        }
        // In parallel: each clone touches a document far from the others in memory, and a
        // big hub has tens of thousands.
        let documents: Vec<Arc<Document>> = cache
            .docs
            .par_iter()
            .flat_map_iter(|(doc, _)| doc.iter().cloned())
            .collect();
        return Sources { documents, rosters };
    }
    let mut walk_diags = Diagnostics::new();
    let found = walk::walk(&content, &mut walk_diags, root);
    diags.extend(walk_diags.clone());
    let rosters = read_rosters(
        root,
        found.iter().filter(|f| f.kind == walk::FileKind::Roster),
        diags,
    );
    let docs: Vec<(&walk::Found, Kind)> = found
        .iter()
        .filter_map(|f| match f.kind {
            walk::FileKind::Doc(k) => Some((f, k)),
            walk::FileKind::Roster => None,
        })
        .collect();
    let previous = std::mem::take(&mut cache.files);
    let results: Vec<(PathBuf, Stamp, Option<Arc<Document>>, Diagnostics)> = docs
        .par_iter()
        .map(|&(f, kind)| {
            if !cache.keep {
                let (doc, d) = read_one(root, f, kind);
                return (f.path.clone(), (None, 0), doc, d);
            }
            let stamp: Stamp = std::fs::metadata(&f.path)
                .map(|m| (m.modified().ok(), m.len()))
                .unwrap_or((None, 0));
            if !force.contains(&f.path)
                && stamp.0.is_some()
                && let Some((old, doc, d)) = previous.get(&f.path)
                && *old == stamp
            {
                return (f.path.clone(), stamp, doc.clone(), d.clone());
            }
            let (doc, d) = read_one(root, f, kind);
            (f.path.clone(), stamp, doc, d)
        })
        .collect();
    let mut documents = Vec::new();
    cache.docs.clear();
    for (path, stamp, doc, d) in results {
        if cache.keep {
            diags.extend(d.clone());
            documents.extend(doc.clone());
            // `results` is in walk order, as `docs` must be.
            cache.docs.push((doc.clone(), d.clone()));
            cache.files.insert(path, (stamp, doc, d));
        } else {
            diags.extend(d);
            documents.extend(doc);
        }
    }
    if cache.keep {
        cache.walked = Some(Walked::new(found, walk_diags));
    }
    Sources { documents, rosters }
}

/// Rosters are small and hold personal data: read fresh every time, never kept in a cache.
fn read_rosters<'a>(
    root: &Path,
    files: impl Iterator<Item = &'a walk::Found>,
    diags: &mut Diagnostics,
) -> Vec<roster::Roster> {
    let mut rosters = Vec::new();
    for f in files {
        let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
        let slug = f
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(err) = std::fs::metadata(&f.path)
            .ok()
            .and_then(|m| limits::too_big(&rel, m.len()))
        {
            diags.push(err);
            continue;
        }
        match std::fs::read(&f.path) {
            Ok(bytes) => rosters.extend(roster::read(&bytes, &rel, &slug, diags)),
            Err(e) => {
                diags.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel))
            }
        }
    }
    rosters
}
