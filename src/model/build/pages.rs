//! The home page's intro (`content/index.md`) and plain pages, which may not take a section's
//! name.

use std::sync::Arc;

use super::ctx::Ctx;
use crate::diagnostics::Diagnostic;
use crate::load::Document;
use crate::load::front_matter::Spanned;
use crate::model::Page;
use crate::model::entry::Entry;

/// Section folders of the site: a plain page may not take one of these names.
pub const SECTIONS: &[&str] = &[
    "posts", "topics", "cohorts", "leaders", "events", "jobs", "digest",
];

/// The home intro's entry. It needs no title: the site's title stands in for it.
pub(super) fn home(cx: &mut Ctx, doc: &Document) -> Option<Entry> {
    let mut d = Document::clone(doc);
    if d.title.is_none() {
        d.title = Some(Spanned {
            value: cx.config.title.clone(),
            pos: d.start_pos,
        });
    }
    cx.entry(&d, None)
}

/// A plain page, unless its name is taken by a section.
pub(super) fn page(cx: &mut Ctx, doc: &Arc<Document>, entry: Entry) -> Option<Page> {
    if SECTIONS.contains(&entry.slug.as_str()) || entry.slug == "page" {
        cx.diags.push(
            Diagnostic::error(format!(
                "the page name \"{}\" is taken by a section of the site (/{}/)",
                entry.slug, entry.slug
            ))
            .at(&doc.file, doc.start_pos)
            .hint("rename the file, or set another `slug:` in its front matter"),
        );
        return None;
    }
    Some(Page {
        entry,
        order: doc.order,
        menu: doc.menu,
        template: doc.template.clone(),
    })
}
