//! The site's static files: the theme's, then the hub's `static/` on top (links followed
//! inside the hub only), copied as they are.

use std::path::Path;

use walkdir::WalkDir;

use super::kind::Made;
use super::output::{Output, Outputs};
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The output kind: the theme's and the hub's static files.
pub fn kind(m: &Made, out: &mut Outputs, diags: &mut Diagnostics) {
    add(out, m.theme, m.root, diags);
}

/// Theme static files, then the hub's `static/` on top. A static file may not take the place
/// of a generated page.
pub fn add(out: &mut Outputs, theme: &Theme, root: &Path, diags: &mut Diagnostics) {
    for (path, bytes) in &theme.static_files {
        out.files
            .entry(path.clone())
            .or_insert_with(|| Output::bytes(bytes.clone()));
    }
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    let mut walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(err) = crate::load::symlinks::broken(root, &e) {
                    diags.push(err);
                }
                continue;
            }
        };
        if let Some(err) = crate::load::symlinks::refuse_outside(root, &entry) {
            diags.push(err);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::load::walk::is_editor_litter(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        // A deferred file in a deferred folder is the search index, which a build makes.
        let deferred_index = matches!(out.files.get(&rel), Some(Output::Deferred(_)))
            && out.folders.iter().any(|(dir, _)| rel.starts_with(dir));
        let generated = (matches!(out.files.get(&rel), Some(Output::Bytes(_))) || deferred_index)
            && !theme.static_files.contains_key(&rel);
        if generated {
            diags.push(
                Diagnostic::error(format!(
                    "static/{} has the same path as a page kehila makes",
                    rel.display()
                ))
                .in_file(Path::new("static").join(&rel))
                .hint("rename or move the file"),
            );
            continue;
        }
        out.files
            .insert(rel, Output::Copy(entry.path().to_path_buf()));
    }
}
