//! [`Entry`]: what every item of the site has (file, title, slug, route, URL, body), shared by
//! posts, pages, topics, cohorts, leaders and events.

use std::path::PathBuf;

use super::url::Route;

/// What every item has: where it came from, its name, its place in the site and its text.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Relative to the hub root, e.g. `content/posts/2026-01-10-hello.md`.
    pub file: PathBuf,
    /// Relative to `content/` (`posts/2026-01-10-hello.md`): the key of `@/` links.
    pub content_path: String,
    pub title: String,
    pub slug: String,
    pub route: Route,
    /// Site URL with base path, e.g. `/hub/posts/hello/`.
    pub url: String,
    /// From front matter; otherwise made from the body by the renderer.
    pub summary: Option<String>,
    /// Site URL of the image, if any.
    pub image: Option<String>,
    /// The Markdown, shared with the loaded document.
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    pub extra: serde_json::Value,
    pub draft: bool,
    /// Old addresses that lead here (`aliases:`), as written.
    pub aliases: Vec<crate::load::front_matter::Spanned<String>>,
}
