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
    let read = READ.with_borrow_mut(|buf| {
        let size = read_into(&f.path, buf, &rel)?;
        let bytes = &buf[..size];
        // simdutf8 checks Hebrew text many times faster than std, whose fast path is ASCII
        // only (at 2,000 posts std's check was 2 % of a build); std then places an error.
        let doc = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => document::read(kind, &rel, &f.content_path, text, &mut d).map(Arc::new),
            Err(_) => {
                let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
                d.push(utf8_error(&rel, bytes, valid));
                None
            }
        };
        if buf.len() > KEEP_BUFFER {
            *buf = Vec::new();
        }
        Ok(doc)
    });
    match read {
        Ok(doc) => (doc, d),
        Err(problem) => {
            d.push(problem);
            (None, d)
        }
    }
}

thread_local! {
    /// Each thread reads its content files into the same memory: one `open`, `fstat` and
    /// `read` per file, where `metadata` then `fs::read` looked the path up twice, asked its
    /// size twice and gave every file a new buffer.
    static READ: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer grown past this by one big file is not kept for the next.
const KEEP_BUFFER: usize = 1 << 20;

/// Reads the file at `path` into the start of `buf` (grown as needed) and returns its size,
/// or the problem to report: it cannot be read, or it is over the size limit (then it is not
/// read at all).
fn read_into(path: &Path, buf: &mut Vec<u8>, rel: &Path) -> Result<usize, Diagnostic> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel);
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if let Some(err) = limits::too_big(rel, len) {
        return Err(err);
    }
    // One byte more than the size, so that the end of the file is seen by the first read
    // or a file that grew since is read whole.
    let mut size = 0;
    loop {
        if buf.len() < size + len as usize + 1 {
            buf.resize(size + len as usize + 1, 0);
        }
        match file.read(&mut buf[size..]) {
            Ok(0) => return Ok(size),
            Ok(n) => size += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot(e)),
        }
    }
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
