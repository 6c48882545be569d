//! The check that every `/path` written in Markdown is a page or file of the finished site.
//! For a hub's other language, links outside its folder are checked against [`Outside`].

use std::path::Path;
use std::sync::Arc;

use super::markdown::Rendered;
use super::output::Outputs;
use super::reuse::Reuse;
use super::run::Outside;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::HashSet;

/// Whether `target` (a path in the output, no leading slash) is a file or a page's folder.
/// `page` is a buffer reused across calls: a big hub has tens of thousands of links to check.
fn has(contains: impl Fn(&str) -> bool, target: &str, page: &mut String) -> bool {
    contains(target) || {
        page.clear();
        page.push_str(target);
        page.push(std::path::MAIN_SEPARATOR);
        page.push_str("index.html");
        contains(page)
    }
}

/// Every `/path` written in Markdown must be a page or file of the finished site. `reuse`
/// may give back a body's problems from the last run.
pub fn check(
    out: &Outputs,
    links: &[(&Path, Arc<Rendered>)],
    outside: Option<&Outside>,
    reuse: &mut dyn Reuse,
    diags: &mut Diagnostics,
) {
    // Output paths as text in one hash set, made only if a body is checked: hashing a `Path`
    // walks its components, and a big hub has tens of thousands of links to check.
    let mut files: Option<HashSet<&str>> = None;
    let mut bufs = (String::new(), String::new());
    let mut check_one = |file: &Path, r: &Rendered| {
        let files =
            files.get_or_insert_with(|| out.files.keys().filter_map(|p| p.to_str()).collect());
        let mut found = Diagnostics::new();
        for (link, pos) in &r.site_links {
            if !exists(link, files, outside, &mut bufs) {
                found.push(missing(link, file, *pos));
            }
        }
        found
    };
    reuse.site_links(out, outside, links, &mut check_one, diags);
}

/// Whether the `/path` `link` is a file or page of the site. `bufs` are reused across calls.
fn exists(
    link: &str,
    files: &HashSet<&str>,
    outside: Option<&Outside>,
    (target, page): &mut (String, String),
) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or("");
    let decoded =
        percent_encoding::percent_decode_str(path.trim_start_matches('/')).decode_utf8_lossy();
    target.clear();
    for part in decoded.split('/').filter(|s| !s.is_empty()) {
        if !target.is_empty() {
            target.push(std::path::MAIN_SEPARATOR);
        }
        target.push_str(part);
    }
    if target.is_empty() {
        return true;
    }
    let Some(o) = outside else {
        return has(|t| files.contains(t), target, page);
    };
    let under = |code: &str| match target.strip_prefix(code) {
        Some("") => Some(""),
        Some(rest) => rest.strip_prefix(std::path::MAIN_SEPARATOR),
        None => None,
    };
    if let Some(own) = under(&o.own) {
        own.is_empty() || has(|t| files.contains(t), own, page)
    } else if o.later.iter().any(|l| under(l).is_some()) {
        true
    } else {
        has(|t| o.files.contains(t), target, page)
    }
}

fn missing(link: &str, file: &Path, pos: crate::diagnostics::Pos) -> Diagnostic {
    Diagnostic::error(format!("the link {link} points to nothing in the site"))
        .at(file, pos)
        .hint(format!(
            "put the file in static/{} or link to an existing page (paths are inside the site; the base path is added for you)",
            crate::model::Urls::site_path_file(link).display()
        ))
}
