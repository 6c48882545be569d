//! Symbolic links under `content/` and `static/`: followed when they lead to a file or folder
//! inside the hub, refused with an error naming the link when they lead outside it, so nothing
//! from outside the hub folder can reach the site.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

/// For an entry of a walk that follows links: an error when it is a link leading outside
/// `root` (or nowhere), else `None`. Entries that are not links pass.
pub fn refuse_outside(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    if !entry.path_is_symlink() {
        return None;
    }
    let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
    let shown = std::fs::read_link(entry.path())
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let (Ok(target), Ok(hub)) = (entry.path().canonicalize(), root.canonicalize()) else {
        return Some(
            Diagnostic::error(format!(
                "{} is a link to {shown}, which does not exist",
                rel.display()
            ))
            .at(rel, Pos::new(1, 1))
            .hint("fix or remove the link"),
        );
    };
    if target.starts_with(&hub) {
        return None;
    }
    Some(
        Diagnostic::error(format!(
            "{} is a link to {}, outside the hub folder; kehila only reads files inside the hub",
            rel.display(),
            target.display()
        ))
        .at(rel, Pos::new(1, 1))
        .hint("copy the file into the hub (or move the shared folder inside it and link to that)"),
    )
}

/// For a walk error: the error for a link that leads nowhere (or into a loop), naming the link,
/// or `None` when the error is not about a link.
pub fn broken(root: &Path, err: &walkdir::Error) -> Option<Diagnostic> {
    let path = err.path()?;
    if !std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let shown = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let why = if err.loop_ancestor().is_some() {
        "which leads back into itself"
    } else {
        "which does not exist"
    };
    Some(
        Diagnostic::error(format!("{} is a link to {shown}, {why}", rel.display()))
            .at(rel, Pos::new(1, 1))
            .hint("fix or remove the link"),
    )
}
