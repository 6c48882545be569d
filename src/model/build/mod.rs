//! Assembles the [`Site`] from loaded documents, one file per kind (posts, pages, groups,
//! events, rosters; `ctx.rs` the checks they share). Every problem is reported; the site is
//! still returned, bad parts left out, so later stages can find more problems in one run.

mod ctx;
mod events;
mod groups;
mod items;
mod pages;
mod parts;
mod posts;
pub mod reuse;
mod rosters;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::hashing::HashMap;
use crate::load::Sources;
use crate::model::entry::Entry;
use crate::model::url::Urls;
use crate::model::{Site, aliases};
use ctx::{Ctx, Tables};
use items::Items;
pub use pages::SECTIONS;
pub use parts::PostParts;

pub struct Options {
    pub drafts: bool,
    pub now: Timestamp,
}

/// Builds the site. Returns it even when there were errors (see the module doc). `reuse`
/// (`serve`'s) may give back the parts of unchanged posts; a build passes `NoReuse`.
pub fn build(
    config: Config,
    mut sources: Sources,
    root: &Path,
    opts: &Options,
    reuse: &mut dyn reuse::Reuse,
    diags: &mut Diagnostics,
) -> Site {
    let urls = match &config.page_prefix {
        Some(code) => Urls::new(&config.base_url).for_language(code),
        None => Urls::new(&config.base_url),
    };
    let tz = config.timezone.clone();
    let post_parts = posts::all_parts(&config, &urls, root, &sources.documents, opts.drafts, reuse);
    let mut cx = Ctx {
        config: &config,
        urls: &urls,
        root,
        diags,
    };
    let site_image = cx.asset_in(Path::new("site.yaml"), &config.image.clone(), "image");

    let mut items = Items::default();
    // Posts are most of a big hub: their list is made once, not grown (a post is ~300 bytes).
    items.posts.reserve(post_parts.iter().flatten().count());
    let documents = std::mem::take(&mut sources.documents);
    for (doc, parts) in documents.into_iter().zip(post_parts) {
        items.add(&mut cx, doc, parts, opts.drafts, opts.now);
    }
    items.sort(&tz);
    check_unique_routes(cx.diags, items.entries());
    let aliases = aliases::collect(items.entries(), &urls, cx.diags);

    let tables = Tables::new(&items.topics, &items.cohorts, &items.leaders);
    posts::resolve(&mut items.posts, &tables, &mut cx, reuse);
    events::resolve(&mut items.events, &tables, &mut cx);
    groups::link_cohorts_and_leaders(&mut items.cohorts, &mut items.leaders, &tables, &mut cx);
    let members_total = rosters::attach(
        sources.rosters,
        &mut items.cohorts,
        &tables.cohorts,
        config.min_group_size,
        opts.now,
        &tz,
        cx.diags,
    );

    Site {
        languages: None,
        aliases,
        drafts: items.drafts,
        members_total,
        image: site_image,
        now: opts.now,
        home: items.home,
        pages: list(items.pages),
        posts: list(items.posts),
        topics: list(items.topics),
        cohorts: list(items.cohorts),
        leaders: list(items.leaders),
        events: list(items.events),
        urls,
        config,
    }
}

/// The items of a list without the documents they were made from.
fn list<T>(v: Vec<(std::sync::Arc<crate::load::Document>, T)>) -> Vec<T> {
    v.into_iter().map(|x| x.1).collect()
}

/// Two files that would write the same page are an error naming both.
fn check_unique_routes<'a>(diags: &mut Diagnostics, entries: impl Iterator<Item = &'a Entry>) {
    // Keyed by URL text (one per route): hashing bytes is cheaper than hashing a route's parts.
    let mut seen: HashMap<&str, &PathBuf> = HashMap::default();
    for e in entries {
        if let Some(first) = seen.get(e.url.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "this file and {} both make the page {}",
                    first.display(),
                    e.url
                ))
                .at(&e.file, Pos::new(1, 1))
                .hint("give one of them another `slug:` in its front matter, or rename the file"),
            );
        } else {
            seen.insert(&e.url, &e.file);
        }
    }
}
