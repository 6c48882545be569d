//! The check that every `/path` written in Markdown is a page or file of the finished site.
//! While serving, a body's result is kept until the site's set of files changes.

use std::path::Path;
use std::sync::Arc;

use super::cache::RenderCache;
use super::markdown::Rendered;
use super::output::Outputs;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::{HashMap, HashSet};

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

/// Every `/path` written in Markdown must be a page or file of the finished site. While
/// serving, a body's result is kept until the site's set of files changes, so a save checks
/// only the links of the bodies it changed.
pub fn check(
    out: &Outputs,
    links: &[(&Path, Arc<Rendered>)],
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) {
    let paths_key = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hashing::key_hasher();
        for p in out.files.keys() {
            p.as_os_str().as_encoded_bytes().hash(&mut h);
        }
        if let Some(o) = &cache.site_links_outside {
            (&o.own, &o.later).hash(&mut h);
            std::sync::Arc::as_ptr(&o.files).hash(&mut h);
        }
        h.finish()
    };
    if !cache.keep || cache.links.0 != paths_key {
        cache.links = (paths_key, HashMap::default());
    }
    // Output paths as text in one hash set: hashing a `Path` walks its components, and a big
    // hub has tens of thousands of links to check.
    let mut files: Option<HashSet<&str>> = None;
    let mut target = String::new();
    let mut page = String::new();
    let mut seen = HashSet::default();
    for (file, r) in links {
        seen.insert(r.id);
        if let Some(known) = cache.links.1.get(&r.id) {
            diags.extend(known.clone());
            continue;
        }
        let files =
            files.get_or_insert_with(|| out.files.keys().filter_map(|p| p.to_str()).collect());
        let mut found = Diagnostics::new();
        for (link, pos) in &r.site_links {
            let path = link.split(['?', '#']).next().unwrap_or("");
            let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
                .decode_utf8_lossy();
            target.clear();
            for part in decoded.split('/').filter(|s| !s.is_empty()) {
                if !target.is_empty() {
                    target.push(std::path::MAIN_SEPARATOR);
                }
                target.push_str(part);
            }
            let exists = target.is_empty()
                || match &cache.site_links_outside {
                    None => has(|t| files.contains(t), &target, &mut page),
                    Some(o) => {
                        let under = |code: &str| match target.strip_prefix(code) {
                            Some("") => Some(""),
                            Some(rest) => rest.strip_prefix(std::path::MAIN_SEPARATOR),
                            None => None,
                        };
                        if let Some(own) = under(&o.own) {
                            own.is_empty() || has(|t| files.contains(t), own, &mut page)
                        } else if o.later.iter().any(|l| under(l).is_some()) {
                            true
                        } else {
                            has(|t| o.files.contains(t), &target, &mut page)
                        }
                    }
                };
            if !exists {
                found.push(
                    Diagnostic::error(format!("the link {link} points to nothing in the site"))
                        .at(file, *pos)
                        .hint(format!(
                            "put the file in static/{} or link to an existing page (paths are inside the site; the base path is added for you)",
                            crate::model::Urls::site_path_file(link).display()
                        )),
                );
            }
        }
        diags.extend(found.clone());
        if cache.keep {
            cache.links.1.insert(r.id, found);
        }
    }
    cache.links.1.retain(|id, _| seen.contains(id));
}
