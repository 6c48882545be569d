//! [`Entry`]: what every item of the site has (file, title, slug, route, URL, body), shared by
//! posts, pages, topics, cohorts, leaders and events.

use std::path::PathBuf;

use super::url::Route;

/// What every item has: where it came from, its name, its place in the site and its text.
/// (`Debug` by hand: see below.)
#[derive(Clone)]
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

/// Every field, the body as it is rather than escaped: `serve`'s keys hash the few small lists
/// (topics, cohorts, leaders, events) through their debug form, and escaping every character
/// of their Markdown was most of that time.
impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Raw<'a>(&'a str);
        impl std::fmt::Debug for Raw<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}:{}", self.0.len(), self.0)
            }
        }
        // Destructured, so that a new field cannot be left out of the keys unnoticed.
        let Entry {
            file,
            content_path,
            title,
            slug,
            route,
            url,
            summary,
            image,
            body,
            body_line,
            extra,
            draft,
            aliases,
        } = self;
        f.debug_struct("Entry")
            .field("file", file)
            .field("content_path", content_path)
            .field("title", title)
            .field("slug", slug)
            .field("route", route)
            .field("url", url)
            .field("summary", summary)
            .field("image", image)
            .field("body", &Raw(body))
            .field("body_line", body_line)
            .field("extra", extra)
            .field("draft", draft)
            .field("aliases", aliases)
            .finish()
    }
}
