//! Stage 1, load: files → [`Sources`]. Reads `content/`, checks each file is UTF-8, splits and
//! types its front matter with positions. No cross-references are resolved here, and nothing
//! outside the hub folder is read.

pub mod document;
pub mod focus;
pub mod front_matter;
pub mod limits;
pub mod reuse;
pub mod roster;
pub mod sizes;
pub mod symlinks;
pub mod utf8;
pub mod walk;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use document::{Document, Kind};
use reuse::{NoReuse, Reuse};
pub use utf8::utf8_error;

/// Every content document of the hub, in a stable order (by path).
#[derive(Debug, Default)]
pub struct Sources {
    /// Shared with `serve`'s load memo, so a kept file is not copied.
    pub documents: Vec<Arc<Document>>,
    pub rosters: Vec<roster::Roster>,
}

/// Loads `root/content`. Files are read and parsed in parallel; diagnostics keep file order.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    load_with(root, &mut NoReuse, diags)
}

/// Like [`load`], taking what `reuse` kept from an earlier load where it still holds.
pub fn load_with(root: &Path, reuse: &mut dyn Reuse, diags: &mut Diagnostics) -> Sources {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder in this hub")
                .hint("create content/ next to site.yaml, or run `kehila init` to start a new hub"),
        );
        reuse.forget();
        return Sources::default();
    }
    let walk = reuse.walk(&|| walk::Walk::new(&content, root));
    diags.extend(walk.diags.clone());
    let rosters = read_rosters(root, walk.rosters.iter().map(|&i| &walk.found[i]), diags);
    let (documents, doc_diags) = reuse.documents(&walk, &|f, kind| read_one(root, f, kind));
    diags.extend(doc_diags);
    Sources { documents, rosters }
}

/// Reads one content file: its size checked, its bytes UTF-8, its front matter typed.
fn read_one(root: &Path, f: &walk::Found, kind: Kind) -> reuse::Read {
    let mut d = Diagnostics::new();
    let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
    let read = open_within_limit(&f.path, &rel).and_then(|(mut file, len)| {
        crate::whole_file::with_bytes(&mut file, len, |bytes| {
            // simdutf8 checks Hebrew text many times faster than std, whose fast path is ASCII
            // only (at 2,000 posts std's check was 2 % of a build); std then places an error.
            match simdutf8::basic::from_utf8(bytes) {
                Ok(text) => document::read(kind, &rel, &f.content_path, text, &mut d).map(Arc::new),
                Err(_) => {
                    let valid =
                        std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
                    d.push(utf8_error(&rel, bytes, valid));
                    None
                }
            }
        })
        .map_err(|e| cannot_read(&rel, e))
    });
    match read {
        Ok(doc) => (doc, d),
        Err(problem) => {
            d.push(problem);
            (None, d)
        }
    }
}

/// The content file at `path` opened, with its size: one path lookup, where `metadata` then
/// `fs::read` looked it up twice and asked its size twice. A file over the size limit is an
/// error and is not read.
fn open_within_limit(path: &Path, rel: &Path) -> Result<(std::fs::File, u64), Diagnostic> {
    let file = std::fs::File::open(path).map_err(|e| cannot_read(rel, e))?;
    let len = file.metadata().map_err(|e| cannot_read(rel, e))?.len();
    match limits::too_big(rel, len) {
        Some(err) => Err(err),
        None => Ok((file, len)),
    }
}

fn cannot_read(rel: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel)
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
            Err(e) => diags.push(cannot_read(&rel, e)),
        }
    }
    rosters
}
