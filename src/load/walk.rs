//! Walks `content/` and decides each file's kind by its folder. Editor swap and backup files,
//! hidden files and roster CSVs are skipped here (rosters have their own loader).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::document::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a found file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Doc(Kind),
    /// `content/cohorts/<slug>.csv`
    Roster,
}

/// A content file found by the walk.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: FileKind,
    /// Absolute (or root-joined) path to read.
    pub path: PathBuf,
    /// Relative to `content/`, `/`-separated.
    pub content_path: String,
}

/// True for files an editor leaves behind while saving (`.#x`, `x~`, `.x.swp`, `4913`).
pub fn is_editor_litter(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

pub fn walk(content_dir: &Path, diags: &mut Diagnostics, root: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    let mut walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        if let Ok(e) = &entry
            && let Some(err) = super::symlinks::refuse_outside(root, e)
        {
            diags.push(err);
            if e.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(err) = super::symlinks::broken(root, &e) {
                    diags.push(err);
                    continue;
                }
                let path = e.path().map(|p| p.to_path_buf()).unwrap_or_default();
                diags.push(
                    Diagnostic::error(format!("cannot read this folder: {e}"))
                        .in_file(path.strip_prefix(root).unwrap_or(&path)),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let is_csv = name.ends_with(".csv");
        if is_editor_litter(&name) || !(name.ends_with(".md") || is_csv) {
            continue;
        }
        if let Some(f) = classify(entry.path(), content_dir, is_csv, diags, root) {
            found.push(f);
        }
    }
    found
}

/// A Markdown or CSV file's kind by its folder; `None` (with a warning for Markdown in a
/// folder kehila does not know) when it is not part of the site.
fn classify(
    path: &Path,
    content_dir: &Path,
    is_csv: bool,
    diags: &mut Diagnostics,
    root: &Path,
) -> Option<Found> {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let depth = parts.len();
    let found = |kind| Found {
        kind,
        path: path.to_path_buf(),
        content_path: parts.join("/"),
    };
    if is_csv {
        return (parts[0] == "cohorts" && depth == 2).then(|| found(FileKind::Roster));
    }
    let kind = match (parts[0].as_str(), depth) {
        ("index.md", 1) => Some(Kind::Home),
        (_, 1) => Some(Kind::Page),
        ("posts", _) => Some(Kind::Post),
        ("events", _) => Some(Kind::Event),
        ("topics", 2) => Some(Kind::Topic),
        ("cohorts", 2) => Some(Kind::Cohort),
        ("leaders", 2) => Some(Kind::Leader),
        _ => None,
    };
    if kind.is_none() {
        diags.push(
            Diagnostic::warning("this file is in a folder kehila does not know, so it is not part of the site")
                .in_file(path.strip_prefix(root).unwrap_or(path))
                .hint("content files go directly in content/ (pages) or in content/posts, topics, cohorts, leaders or events"),
        );
    }
    kind.map(|k| found(FileKind::Doc(k)))
}

/// One walk of `content/`: the files found, the walk's problems, and where in `found` the
/// content documents and the rosters are (in walk order).
#[derive(Debug, Default)]
pub struct Walk {
    pub found: Vec<Found>,
    pub diags: Diagnostics,
    /// Content files (not rosters): position in `found` and kind.
    pub docs: Vec<(usize, Kind)>,
    /// Roster files: positions in `found`.
    pub rosters: Vec<usize>,
}

impl Walk {
    /// Walks `root/content` (`content_dir`) and sorts what it found into documents and rosters.
    pub fn new(content_dir: &Path, root: &Path) -> Self {
        let mut diags = Diagnostics::new();
        let found = walk(content_dir, &mut diags, root);
        let mut docs = Vec::new();
        let mut rosters = Vec::new();
        for (i, f) in found.iter().enumerate() {
            match f.kind {
                FileKind::Doc(k) => docs.push((i, k)),
                FileKind::Roster => rosters.push(i),
            }
        }
        Walk {
            found,
            diags,
            docs,
            rosters,
        }
    }
}
