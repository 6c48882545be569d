//! `aliases:` — old addresses of a page that must keep working. Each becomes a [`Alias`]
//! (a redirect page, written by `render/aliases.rs`); an alias that is not a plain site path,
//! that two files claim, or that a page of the site already uses is an error at its line.

use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::url::{Route, Urls};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::hashing::HashMap;

/// An old address and the page it now leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub route: Route,
    /// Site URL (with base path) of the page it points to.
    pub target: String,
    pub title: String,
}

/// Addresses the site makes besides its entries' pages: an alias may not take one of them.
fn reserved(segments: &[&str]) -> bool {
    match segments {
        [] => true,
        [one] => matches!(
            *one,
            "posts" | "topics" | "cohorts" | "leaders" | "events" | "jobs" | "digest"
        ),
        ["posts", "page", ..] | ["digest", ..] | ["jobs", ..] => true,
        _ => false,
    }
}

/// `old/path/` → a route; `None` (with the reason) when it cannot be a page of this site.
fn route_of(raw: &str) -> Result<Route, &'static str> {
    let v = raw.trim();
    if v.contains("://") || v.starts_with("//") || v.contains(['?', '#', '\\', ' ']) {
        return Err(
            "an alias is a path inside this site, like `old/path/`, without `https://`, `?` or `#`",
        );
    }
    let decoded = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err("an alias may not contain `.` or `..` folders");
    }
    if reserved(&segments) {
        return Err("this address belongs to a page kehila makes itself");
    }
    match segments.last() {
        Some(last) if last.ends_with(".html") => Ok(Route::file(&segments)),
        Some(last) if last.contains('.') => {
            Err("an alias is a page address ending in `/` (or in `.html`), not a file")
        }
        _ => Ok(Route::page(&segments)),
    }
}

/// Every alias of `entries`, checked against each other and against `taken` (the URLs of
/// every page made from content).
pub fn collect<'a>(
    entries: impl Iterator<Item = &'a Entry> + Clone,
    urls: &Urls,
    diags: &mut Diagnostics,
) -> Vec<Alias> {
    let taken: HashMap<&str, &PathBuf> =
        entries.clone().map(|e| (e.url.as_str(), &e.file)).collect();
    let mut seen: HashMap<String, (&Path, Pos)> = HashMap::default();
    let mut out = Vec::new();
    for e in entries {
        for a in &e.aliases {
            let route = match route_of(&a.value) {
                Ok(r) => r,
                Err(why) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "the alias \"{}\" cannot be used",
                            a.value.trim()
                        ))
                        .at(&e.file, a.pos)
                        .hint(why),
                    );
                    continue;
                }
            };
            let url = urls.url(&route);
            if let Some(file) = taken.get(url.as_str()) {
                let msg = if *file == &e.file {
                    format!(
                        "the alias \"{}\" is this page's own address",
                        a.value.trim()
                    )
                } else {
                    format!(
                        "the alias \"{}\" is the address of {}",
                        a.value.trim(),
                        file.display()
                    )
                };
                diags.push(
                    Diagnostic::error(msg)
                        .at(&e.file, a.pos)
                        .hint("remove this alias: that address already shows a page"),
                );
                continue;
            }
            if let Some((file, pos)) = seen.get(&url) {
                diags.push(
                    Diagnostic::error(format!(
                        "the alias \"{}\" is also an alias in {}:{}",
                        a.value.trim(),
                        file.display(),
                        pos.line
                    ))
                    .at(&e.file, a.pos)
                    .hint("an old address can lead to one page only: remove one of the two"),
                );
                continue;
            }
            seen.insert(url, (&e.file, a.pos));
            out.push(Alias {
                route,
                target: e.url.clone(),
                title: e.title.clone(),
            });
        }
    }
    out
}
