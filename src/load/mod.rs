//! Stage 1, load: files → [`Sources`]. Reads `content/`, checks each file is UTF-8, splits and
//! types its front matter with positions. No cross-references are resolved here, and nothing
//! outside the hub folder is read.

pub mod document;
pub mod front_matter;
pub mod walk;

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
pub use document::{Document, Kind};

/// Every content document of the hub, in a stable order (by path).
#[derive(Debug, Default)]
pub struct Sources {
    pub documents: Vec<Document>,
}

/// Loads `root/content`. Files are read and parsed in parallel; diagnostics keep file order.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder in this hub")
                .hint("create content/ next to site.yaml, or run `kehila init` to start a new hub"),
        );
        return Sources::default();
    }
    let found = walk::walk(&content, diags, root);
    let results: Vec<(Option<Document>, Diagnostics)> = found
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::new();
            let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
            let doc = match std::fs::read(&f.path) {
                Err(e) => {
                    d.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(&rel));
                    None
                }
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => document::read(f.kind, &rel, &f.content_path, &text, &mut d),
                    Err(e) => {
                        d.push(utf8_error(&rel, e.as_bytes(), e.utf8_error().valid_up_to()));
                        None
                    }
                },
            };
            (doc, d)
        })
        .collect();
    let mut documents = Vec::new();
    for (doc, d) in results {
        diags.extend(d);
        documents.extend(doc);
    }
    Sources { documents }
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
