//! Stage 1, load: files → [`Sources`]. Reads `content/`, checks each file is UTF-8, splits and
//! types its front matter with positions. No cross-references are resolved here, and nothing
//! outside the hub folder is read.

pub mod document;
pub mod front_matter;
pub mod roster;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
pub use document::{Document, Kind};

/// Every content document of the hub, in a stable order (by path).
#[derive(Debug, Default)]
pub struct Sources {
    /// Shared with the load cache of `serve`, so a kept file is not copied.
    pub documents: Vec<Arc<Document>>,
    pub rosters: Vec<roster::Roster>,
}

/// Loads `root/content`. Files are read and parsed in parallel; diagnostics keep file order.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    load_cached(root, &mut LoadCache::one_off(), &HashSet::new(), diags)
}

/// What a file looked like when it was last read: its size and modification time.
type Stamp = (Option<SystemTime>, u64);

/// Parsed files from an earlier load, so `serve` re-reads only what changed.
pub struct LoadCache {
    /// False for a one-off build: nothing is kept, so files are neither stat'ed nor copied.
    keep: bool,
    files: HashMap<PathBuf, (Stamp, Option<Arc<Document>>, Diagnostics)>,
}

impl Default for LoadCache {
    fn default() -> Self {
        LoadCache {
            keep: true,
            files: HashMap::new(),
        }
    }
}

impl LoadCache {
    pub fn one_off() -> Self {
        LoadCache {
            keep: false,
            files: HashMap::new(),
        }
    }
}

fn read_one(root: &Path, f: &walk::Found, kind: Kind) -> (Option<Arc<Document>>, Diagnostics) {
    let mut d = Diagnostics::new();
    let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
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

/// Like [`load`], reusing files from `cache` whose size and modification time did not change
/// (files in `force` are always re-read). The walk itself is always fresh, so added, renamed
/// and deleted files and folders are picked up whatever the watcher reported.
pub fn load_cached(
    root: &Path,
    cache: &mut LoadCache,
    force: &HashSet<PathBuf>,
    diags: &mut Diagnostics,
) -> Sources {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder in this hub")
                .hint("create content/ next to site.yaml, or run `kehila init` to start a new hub"),
        );
        cache.files.clear();
        return Sources::default();
    }
    let found = walk::walk(&content, diags, root);
    // Rosters are small and hold personal data: read fresh every time, never kept in a cache.
    let mut rosters = Vec::new();
    for f in found.iter().filter(|f| f.kind == walk::FileKind::Roster) {
        let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
        let slug = f
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read(&f.path) {
            Ok(bytes) => rosters.extend(roster::read(&bytes, &rel, &slug, diags)),
            Err(e) => {
                diags.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel))
            }
        }
    }
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
    for (path, stamp, doc, d) in results {
        if cache.keep {
            diags.extend(d.clone());
            documents.extend(doc.clone());
            cache.files.insert(path, (stamp, doc, d));
        } else {
            diags.extend(d);
            documents.extend(doc);
        }
    }
    Sources { documents, rosters }
}

/// "not UTF-8 at byte N", positioned at the line and column where the bad byte sits.
pub fn utf8_error(file: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let good = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = good.matches('\n').count() + 1;
    let col = good
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    Diagnostic::error(format!(
        "this file is not UTF-8 text (the first bad byte is at byte {valid_up_to})"
    ))
    .at(file, Pos::new(line, col))
    .hint("open it in your editor and save it again with the encoding \"UTF-8\"")
}
