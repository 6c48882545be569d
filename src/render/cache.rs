//! Memory between renders, for `serve`: Markdown results, post values, jobs, compiled
//! templates, pages, feed and search sets and site-link results, each by a key of everything
//! it is made of, so an incremental render gives exactly what a clean one gives.

use std::path::PathBuf;

use crate::hashing::HashMap;

use super::markdown::Rendered;
use super::templates::Templates;
use crate::diagnostics::Diagnostics;

/// A Markdown body as last rendered. The body is held, not hashed: an unchanged file shares
/// its text with the load cache, so the check is a pointer comparison, not a 45 MB hash.
pub(super) struct MarkdownEntry {
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    pub file: PathBuf,
    /// The `@/` link table and labels it was rendered against.
    pub targets_key: u64,
    pub rendered: std::sync::Arc<Rendered>,
    pub diags: Diagnostics,
}

impl MarkdownEntry {
    pub fn matches(&self, e: &crate::model::Entry, targets_key: u64) -> bool {
        (std::sync::Arc::ptr_eq(&self.body, &e.body) || self.body == e.body)
            && self.body_line == e.body_line
            && self.file == e.file
            && self.targets_key == targets_key
    }
}

/// A finished page: its key, its bytes (None if rendering failed) and its problems.
pub(super) type CachedPage = (u64, Option<std::sync::Arc<Vec<u8>>>, Diagnostics);

pub struct RenderCache {
    /// False for a one-off build: nothing is kept, so nothing needs a key.
    pub keep: bool,
    /// Content path → what it was rendered from, the result and its problems.
    pub(super) markdown: HashMap<String, MarkdownEntry>,
    pub(super) templates: Option<(u64, Templates)>,
    pub(super) views: super::views::ViewCache,
    /// Post jobs of the last run (see [`super::plan::JobCache`]).
    pub(super) jobs: super::plan::JobCache,
    /// Site-link check results by body id, valid for one set of output paths (the key).
    pub(super) links: (u64, HashMap<u64, Diagnostics>),
    /// The feed set of the last run, reused while its key holds.
    pub(super) feeds: Option<std::sync::Arc<super::feed_files::DeferredFeeds>>,
    /// Output path → (key, rendered page or None if it failed, problems).
    /// Rendered pages by page key (the key covers the page's path).
    pub(super) pages: HashMap<u64, CachedPage>,
    /// The order that sorts the last run's page paths, with a fingerprint of those paths.
    pub(super) page_order: Option<(u64, Vec<u32>)>,
    /// How many pages the last render actually re-rendered (for tests and benchmarks).
    pub rendered_pages: usize,
    /// The search index of the last run and its per-page cache (see [`super::search_files`]).
    pub(super) search: super::search_files::Kept,
    /// The hub's image processor, kept so that serve reads each photo once.
    pub(super) images: Option<std::sync::Arc<crate::images::Processor>>,
    /// For a language other than the default: the rest of the site its `/path` links may name.
    pub site_links_outside: Option<Outside>,
}

impl Default for RenderCache {
    fn default() -> Self {
        RenderCache {
            keep: true,
            markdown: HashMap::default(),
            templates: None,
            views: Default::default(),
            feeds: None,
            links: (0, HashMap::default()),
            jobs: HashMap::default(),
            pages: HashMap::default(),
            page_order: None,
            rendered_pages: 0,
            search: Default::default(),
            images: None,
            site_links_outside: None,
        }
    }
}

impl RenderCache {
    /// For a single build: compiles templates but keeps no pages for a next run.
    pub fn one_off() -> Self {
        RenderCache {
            keep: false,
            ..Default::default()
        }
    }
}

/// For a language other than the default, what lies outside its own folder: `/join/` in a
/// translation leads to the default language's page when there is no translation.
#[derive(Debug, Clone)]
pub struct Outside {
    /// The language's folder (`ar`): a link under it is checked against its own files.
    pub own: String,
    /// Files of the site made before this language (the default language's, then the
    /// languages rendered earlier, each under its folder).
    pub files: std::sync::Arc<crate::hashing::HashSet<String>>,
    /// Folders of the languages made after this one: their files are not known yet, so a
    /// link into them is not checked.
    pub later: Vec<String>,
}
