//! Sizes past which kehila refuses an input instead of working on it for minutes: one content
//! or roster file over [`MAX_FILE_BYTES`], Markdown nested deeper than [`MAX_NESTING`].

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

pub use super::sizes::{MAX_FILE_BYTES, MAX_NESTING};

/// The error for a file whose `len` (bytes, from its metadata) is over the limit, if it is.
pub fn too_big(rel: &Path, len: u64) -> Option<Diagnostic> {
    (len > MAX_FILE_BYTES).then(|| {
        Diagnostic::error(format!(
            "this file is {} MB; kehila reads content files of up to {} MB",
            len.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .at(rel, Pos::new(1, 1))
        .hint("split it into several posts or pages, or put a large document under static/ and link to it")
    })
}

/// The error for Markdown nested past [`MAX_NESTING`] at `pos`.
pub fn too_deep(rel: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::error(format!(
        "the text here is nested more than {MAX_NESTING} levels deep (quotes, lists, emphasis or HTML elements inside one another)"
    ))
    .at(rel, pos)
    .hint("this is usually a paste gone wrong: remove the run of `>`, `-` or `*` characters, or the HTML tags left open, that starts here")
}
