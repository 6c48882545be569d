//! Posts: their entry and dates (made in parallel; `serve` may keep them, see [`Reuse`]),
//! expiry, newest-first order, and their references to topics, cohorts and authors.

use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::ctx::{Ctx, Tables};
pub use super::parts::PostParts;
use super::reuse::Reuse;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{Document, Kind};
use crate::model::Post;
use crate::model::dates::{self, When};
use crate::model::slug::split_date_prefix;
use crate::model::url::Urls;

fn post_parts(config: &Config, urls: &Urls, root: &Path, doc: &Document) -> PostParts {
    let mut diags = Diagnostics::new();
    let tz = &config.timezone;
    let mut cx = Ctx {
        config,
        urls,
        root,
        diags: &mut diags,
    };
    let entry = cx.entry(doc, Some("posts")).map(Arc::new);
    // A file-name date that is no real day is an error even when `date:` is set: the slug
    // drops it silently either way, and the author meant it.
    let named = split_date_prefix(&doc.stem)
        .0
        .and_then(|d| match dates::parse(d, tz) {
            Ok(w) => Some(w),
            Err(msg) => {
                cx.diags.push(file_name_date_error(doc, d, &msg));
                None
            }
        });
    let date = match &doc.date {
        Some(_) => cx.when(doc, &doc.date, "date"),
        None => match split_date_prefix(&doc.stem).0 {
            Some(_) => named,
            None => {
                cx.diags.push(
                    Diagnostic::error("this post has no date")
                        .at(&doc.file, doc.start_pos)
                        .hint("add `date: 2026-01-10` to the front matter, or start the file name with the date: 2026-01-10-my-post.md"),
                );
                None
            }
        },
    };
    // A bad date is already reported; keep the post so its other problems are too.
    let date = date.unwrap_or(When::Day(jiff::civil::Date::constant(1970, 1, 1)));
    let updated = cx.when(doc, &doc.updated, "updated");
    let expires = cx.when(doc, &doc.expires, "expires");
    let job = crate::model::job::read(doc, expires.as_ref(), cx.diags).map(Arc::new);
    PostParts {
        job,
        entry,
        time: date.timestamp(tz),
        date,
        updated,
        expires,
        diags,
    }
}

/// The file name's date prefix is not a real day: positioned at the file's first line, since a
/// name has no line of its own.
fn file_name_date_error(doc: &Document, written: &str, msg: &str) -> Diagnostic {
    let why = msg
        .split_once(": ")
        .map(|(_, w)| w)
        .unwrap_or("it is not a real day");
    let name = doc
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rest = split_date_prefix(&doc.stem).1;
    Diagnostic::error(format!(
        "the date in the file name \"{name}\" is not a real day: {why}"
    ))
    .at(&doc.file, Pos::new(1, 1))
    .hint(format!(
        "start the file name with a real date as YYYY-MM-DD-, like 2026-01-10-{rest}.md (\"{written}\" is not one), or remove the date from the name and write `date: 2026-01-10` in the front matter"
    ))
}

/// The parts of every post document (aligned with `docs`; `None` for other documents and
/// left-out drafts), in parallel through `reuse`: posts are most of a big hub.
pub(super) fn all_parts(
    config: &Config,
    urls: &Urls,
    root: &Path,
    docs: &[Arc<Document>],
    drafts: bool,
    reuse: &mut dyn Reuse,
) -> Vec<Option<Arc<PostParts>>> {
    let wanted = |d: &Document| d.kind == Kind::Post && (drafts || !d.draft);
    let make = |d: &Document| Arc::new(post_parts(config, urls, root, d));
    reuse.post_parts((config, urls, root), docs, &wanted, &make)
}

/// The post a document's parts make (`None` when it has no entry); references come later.
pub(super) fn post(
    parts: Option<Arc<PostParts>>,
    now: Timestamp,
    tz: &TimeZone,
    diags: &mut Diagnostics,
) -> Option<Post> {
    let parts = parts?;
    if !parts.diags.items().is_empty() {
        diags.extend(parts.diags.clone());
    }
    let entry = parts.entry.clone()?;
    let expired = parts
        .expires
        .as_ref()
        .map(|e| now >= e.end_timestamp(tz))
        .unwrap_or(false);
    Some(Post {
        entry,
        date: parts.date.clone(),
        time: parts.time,
        updated: parts.updated.clone(),
        topics: Vec::new(),
        cohort: None,
        author: None,
        expired,
        job: parts.job.clone(),
    })
}

/// Newest first; the slug is only looked at for posts of the same second. In place, without
/// a keyed copy of the list (a post is ~300 bytes; at 10,000 posts the copies were a tenth
/// of a `serve` rebuild's model stage).
pub(super) fn sort(posts: &mut [(Arc<Document>, Post)]) {
    posts.sort_by(|a, b| {
        (b.1.time.cmp(&a.1.time)).then_with(|| a.1.entry.slug.cmp(&b.1.entry.slug))
    });
}

/// Resolves every post's topics, cohort and author, in parallel (through `reuse`: `serve`
/// keeps an unchanged post's while the tables are the same), each post with its own
/// diagnostics, gathered in post order afterwards.
pub(super) fn resolve(
    posts: &mut [(Arc<Document>, Post)],
    tables: &Tables,
    cx: &mut Ctx,
    reuse: &mut dyn Reuse,
) {
    let (config, urls, root) = (cx.config, cx.urls, cx.root);
    let (topic_t, cohort_t, leader_t) = (&tables.topics, &tables.cohorts, &tables.leaders);
    let make = |doc: &Document| {
        let mut diags = Diagnostics::new();
        let mut cx = Ctx {
            config,
            urls,
            root,
            diags: &mut diags,
        };
        let topics = cx.refs(doc, &doc.topics, topic_t, "topic", "topics");
        if doc.topics.is_empty() && !topic_t.is_empty() {
            let mut names: Vec<&str> = topic_t.keys().map(String::as_str).collect();
            names.sort_unstable();
            cx.diags.push(
                Diagnostic::warning(
                    "this post has no topic, so it appears on no topic page or topic feed",
                )
                .at(&doc.file, doc.start_pos)
                .hint(format!(
                    "add `topics: [{}]` (topics: {})",
                    names[0],
                    names.join(", ")
                )),
            );
        }
        let cohort = cx
            .refs(doc, doc.cohort.as_slice(), cohort_t, "cohort", "cohorts")
            .first()
            .copied();
        let author = cx
            .refs(doc, doc.author.as_slice(), leader_t, "leader", "leaders")
            .first()
            .copied();
        (topics, cohort, author, diags)
    };
    let docs: Vec<&Arc<Document>> = posts.iter().map(|(d, _)| d).collect();
    let refs = reuse.post_refs(tables.key(), &docs, &make);
    for ((_, post), r) in posts.iter_mut().zip(refs) {
        let (topics, cohort, author, diags) = &*r;
        (post.topics, post.cohort, post.author) = (topics.clone(), *cohort, *author);
        if !diags.items().is_empty() {
            cx.diags.extend(diags.clone());
        }
    }
}
