//! Addresses that a save takes away: when an edit changes the address of a post, page or
//! event (its `slug:` or its file name) and no `aliases:` keeps the old one, `serve` warns
//! that links already shared will lead nowhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::{Entry, Site};

fn entries(site: &Site) -> impl Iterator<Item = &Entry> {
    site.pages
        .iter()
        .map(|p| &p.entry)
        .chain(site.posts.iter().map(|p| &*p.entry))
        .chain(site.events.iter().map(|e| &e.entry))
}

/// Whether `file` (relative to the hub) is one of the `changed` paths. As bytes, on a
/// separator: `Path::ends_with` compares component by component, and this runs for every
/// post of two sites on each save.
fn touched(changed: &HashSet<PathBuf>, file: &Path) -> bool {
    let f = file.as_os_str().as_encoded_bytes();
    changed.iter().any(|c| {
        let c = c.as_os_str().as_encoded_bytes();
        c.ends_with(f) && (c.len() == f.len() || c[c.len() - f.len() - 1] == b'/')
    })
}

/// Warnings for the entries of `changed` files whose address moved between `old` and `new`.
/// A file renamed in one save (one such page gone, one new) counts as the same page.
pub fn warnings(old: &Site, new: &Site, changed: &HashSet<PathBuf>) -> Diagnostics {
    let mut d = Diagnostics::new();
    if old.urls.base_path() != new.urls.base_path() {
        return d;
    }
    let before: Vec<&Entry> = entries(old).filter(|e| touched(changed, &e.file)).collect();
    let after: Vec<&Entry> = entries(new).filter(|e| touched(changed, &e.file)).collect();
    let mut pairs: Vec<(&Entry, &Entry)> = before
        .iter()
        .filter_map(|o| after.iter().find(|n| n.file == o.file).map(|n| (*o, *n)))
        .collect();
    let gone: Vec<&&Entry> = before
        .iter()
        .filter(|o| !after.iter().any(|n| n.file == o.file))
        .collect();
    let added: Vec<&&Entry> = after
        .iter()
        .filter(|n| !before.iter().any(|o| o.file == n.file))
        .collect();
    if let ([o], [n]) = (&gone[..], &added[..]) {
        pairs.push((o, n));
    }
    let kept = |url: &str| {
        new.aliases.iter().any(|a| new.urls.url(&a.route) == url)
            || entries(new).any(|e| e.url == url)
    };
    for (o, n) in pairs {
        if o.url == n.url || kept(&o.url) {
            continue;
        }
        let old_path = o.url.strip_prefix(new.urls.base_path()).unwrap_or(&o.url);
        d.push(
            Diagnostic::warning(format!(
                "this page moved from {} to {}: links to the old address will lead to \"page not found\"",
                o.url, n.url
            ))
            .at(&n.file, Pos::new(1, 1))
            .hint(format!("keep the old address working: add `aliases: [{old_path}]` to the front matter")),
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_touched_by_its_own_path_only() {
        let changed = HashSet::from([PathBuf::from("/hub/content/posts/a.md")]);
        assert!(touched(&changed, Path::new("content/posts/a.md")));
        assert!(touched(&changed, Path::new("/hub/content/posts/a.md")));
        assert!(!touched(&changed, Path::new("content/posts/ba.md")));
        assert!(!touched(&changed, Path::new("content/posts/b.md")));
        assert!(!touched(&changed, Path::new("content/posts/a.md/x")));
    }
}
