//! A page's summary, as HTML for cards and feeds and as plain text for meta descriptions:
//! the author's `summary:` when given, else the one Markdown rendering found.

use super::escape::escape;
use super::markdown::Rendered;
use crate::model::Entry;

/// The summary as HTML: the author's `summary:` (plain text) or the rendered one.
pub fn summary_html(e: &Entry, r: &Rendered) -> String {
    match &e.summary {
        Some(s) => format!("<p>{}</p>", escape(s)),
        None => r.summary.clone(),
    }
}

/// The summary as plain text, for meta descriptions.
pub fn summary_text(e: &Entry, r: &Rendered) -> Option<String> {
    let s = e.summary.clone().unwrap_or_else(|| r.summary_text.clone());
    let s = s.trim();
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}
