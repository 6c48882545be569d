//! Markdown for every item of the site (in parallel, through [`Reuse`]), then the `#anchor`
//! check of `@/` links: the [`Bodies`] every later step reads.

use std::path::Path;
use std::sync::Arc;

use super::markdown::{self, Links, Rendered};
use super::reuse::Reuse;
use super::sanitize::Sanitizer;
use super::views::Bodies;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::{HashMap, HashSet};
use crate::images::Processor;
use crate::model::{Entry, Site, Urls};

/// What Markdown links are resolved against: every item's content path and URL, the drafts
/// left out, the task-list labels and the HTML policy.
pub struct LinkTable<'a> {
    targets: HashMap<&'a str, &'a str>,
    drafts: HashSet<String>,
    done: String,
    open: String,
    html: Sanitizer,
}

impl<'a> LinkTable<'a> {
    /// `label` gives a UI string of the theme, or its fallback.
    pub fn new(site: &'a Site, label: impl Fn(&str, &'static str) -> String) -> Self {
        let mut targets: HashMap<&'a str, &'a str> = site
            .entries()
            .map(|e| (e.content_path.as_str(), e.url.as_str()))
            .collect();
        if let Some(l) = &site.languages {
            targets.extend(l.fallbacks());
        }
        LinkTable {
            targets,
            drafts: site.drafts.iter().cloned().collect(),
            done: label("task_done", "done"),
            open: label("task_open", "not done"),
            html: Sanitizer::new(&site.config.html),
        }
    }

    pub fn links<'b>(&'b self, urls: &'b Urls, images: &'b Processor) -> Links<'b> {
        Links {
            urls,
            targets: &self.targets,
            drafts: &self.drafts,
            task_labels: (&self.done, &self.open),
            html: &self.html,
            images: Some(images),
        }
    }
}

/// Every item's entry, a list per kind, in the order of [`Bodies`]'s fields.
fn entry_lists(site: &Site) -> Vec<Vec<&Entry>> {
    vec![
        site.home.iter().collect(),
        site.pages.iter().map(|x| &x.entry).collect(),
        site.posts.iter().map(|x| &*x.entry).collect(),
        site.topics.iter().map(|x| &x.entry).collect(),
        site.cohorts.iter().map(|x| &x.entry).collect(),
        site.leaders.iter().map(|x| &x.entry).collect(),
        site.events.iter().map(|x| &x.entry).collect(),
    ]
}

/// Every item's body, in the site's order.
pub fn render(
    site: &Site,
    links: &Links,
    reuse: &mut dyn Reuse,
    diags: &mut Diagnostics,
) -> Bodies {
    let lists = entry_lists(site);
    let make = |e: &Entry| {
        let mut d = Diagnostics::new();
        let r = markdown::render(&e.body, e.body_line, &e.file, links, &mut d);
        (Arc::new(r), d)
    };
    let mut groups: Vec<Vec<Arc<Rendered>>> = Vec::new();
    for list in reuse.bodies(&lists, links, &make) {
        let mut rendered = Vec::with_capacity(list.len());
        for (r, d) in list {
            diags.extend(d);
            rendered.push(r);
        }
        groups.push(rendered);
    }
    check_anchors(&lists, &groups, site.languages.is_some(), diags);
    let mut g = groups.into_iter();
    let mut next = || g.next().unwrap_or_default();
    Bodies {
        home: next().into_iter().next(),
        pages: next(),
        posts: next(),
        topics: next(),
        cohorts: next(),
        leaders: next(),
        events: next(),
    }
}

/// The bodies that link to `/paths` of the site, with their files, for the site-link check
/// once every output is known. Borrowed from the site: a big hub has tens of thousands.
pub fn site_links<'a>(site: &'a Site, bodies: &Bodies) -> Vec<(&'a Path, Arc<Rendered>)> {
    let groups: [&[Arc<Rendered>]; 7] = [
        bodies.home.as_slice(),
        &bodies.pages,
        &bodies.posts,
        &bodies.topics,
        &bodies.cohorts,
        &bodies.leaders,
        &bodies.events,
    ];
    entry_lists(site)
        .into_iter()
        .zip(groups)
        .flat_map(|(list, rendered)| list.into_iter().zip(rendered))
        .filter(|(_, r)| !r.site_links.is_empty())
        .map(|(e, r)| (e.file.as_path(), Arc::clone(r)))
        .collect()
}

/// Every `@/file#anchor` must name a heading id of that file. In a hub's other language a
/// link may lead to an untranslated file of the default language (`fallback`), whose headings
/// this language's render does not have: such anchors are left unchecked.
fn check_anchors(
    lists: &[Vec<&Entry>],
    groups: &[Vec<Arc<Rendered>>],
    fallback: bool,
    diags: &mut Diagnostics,
) {
    // Only the files some anchor names: most bodies have no `#anchor` link, and a map of
    // every file's headings was a millisecond of each `serve` save at 10,000 posts.
    let named: HashSet<&str> = groups
        .iter()
        .flatten()
        .flat_map(|r| &r.anchors)
        .map(|a| a.target.as_str())
        .collect();
    if named.is_empty() {
        return;
    }
    let mut ids: HashMap<&str, &HashSet<String>> = HashMap::default();
    for (list, rendered) in lists.iter().zip(groups) {
        for (e, r) in list.iter().zip(rendered) {
            if named.contains(e.content_path.as_str()) {
                ids.insert(e.content_path.as_str(), &r.ids);
            }
        }
    }
    for (list, rendered) in lists.iter().zip(groups) {
        for (e, r) in list.iter().zip(rendered) {
            for a in &r.anchors {
                if fallback && !ids.contains_key(a.target.as_str()) {
                    continue;
                }
                let found = ids
                    .get(a.target.as_str())
                    .is_some_and(|set| set.contains(&a.anchor));
                if !found {
                    let known: Vec<&str> = ids
                        .get(a.target.as_str())
                        .map(|s| s.iter().map(String::as_str).collect())
                        .unwrap_or_default();
                    diags.push(
                        Diagnostic::error(format!(
                            "the link @/{}#{} points to an anchor that does not exist in that file",
                            a.target, a.anchor
                        ))
                        .at(&e.file, a.pos)
                        .hint(crate::diagnostics::suggestion_hint(
                            &a.anchor,
                            "anchors there",
                            &known,
                        )),
                    );
                }
            }
        }
    }
}
