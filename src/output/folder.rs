//! What marks a folder as a kehila output, and absolute paths to compare folders by (for the
//! checks of `check_output_dir` and for the staging folder beside the output).

use std::path::{Path, PathBuf};

/// A file every kehila output has; a non-empty folder without it was not made by kehila.
pub(super) const MARKER: &str = ".nojekyll";

/// Absolute, with `..` resolved, even for a path that does not exist yet.
pub(super) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Canonicalise the longest existing ancestor, then re-append the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|s| s.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}
