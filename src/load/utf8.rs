//! The error for a file that is not UTF-8 text, positioned at its first bad byte (content
//! files, rosters, site.yaml and templates all report it the same way).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

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
