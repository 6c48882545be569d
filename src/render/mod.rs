//! Stage 3, render: [`Site`] → [`Outputs`], top to bottom in [`render_cached`]: bodies, views,
//! the plan's pages, then each other output kind (feeds, sitemap, digest, aliases, search,
//! static files, images). This file is the module list and that one function.

pub mod aliases;
pub mod bodies;
pub mod cache;
pub mod calendar_links;
pub mod cards;
pub mod digest_files;
pub mod escape;
pub mod feed_files;
pub mod feeds;
pub mod ical;
pub mod images;
pub mod job;
pub mod jsonld;
pub mod kind;
pub mod kinds;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod pictures;
pub mod plan;
pub mod plan_extra;
pub mod sanitize;
pub mod search;
pub mod search_files;
pub mod sink;
pub mod site_links;
pub mod sitemap;
pub mod static_files;
pub mod summary;
pub mod templates;
pub mod theme;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::progress::Progress;
use crate::timings::Timings;
use cache::RenderCache;
use job::Job;
use templates::Templates;
use theme::Theme;
use views::{Bodies, Views};

pub use output::{Output, Outputs};

/// Renders the whole site, reusing and refreshing `cache` (see [`cache`]; a one-off build
/// passes [`RenderCache::one_off`]). Problems go to `diags`; the outputs are only usable
/// without errors.
pub fn render_cached(
    site: &Arc<Site>,
    theme: &Theme,
    root: &Path,
    cache: &mut RenderCache,
    progress: &Progress,
    sink: Option<&dyn sink::Sink>,
    diags: &mut Diagnostics,
) -> Outputs {
    let mut t = Timings::start();
    let strings = theme.strings(&site.config.lang_primary());
    let label = |k: &str, fallback: &'static str| {
        strings
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or(fallback)
            .to_string()
    };
    let table = bodies::LinkTable::new(site, label);
    let jobs_title = label("jobs", "Jobs");
    let processor = pictures::processor(&mut cache.images, cache.keep, root, &site.urls);
    let cards = cards::Cards::new(site, theme, &processor, label);
    let links = table.links(&site.urls, &processor);
    let targets_key = bodies::links_key(&links);
    t.lap("render: link table");
    let (bodies, site_links) = bodies::render(site, &links, targets_key, cache, diags);
    t.lap("render: markdown");
    let views = Views::new(site, &bodies, strings, &mut cache.views, cache.keep);
    t.lap("render: views (posts)");
    if !compile_templates(site, theme, cache, diags) {
        return Outputs::default();
    }
    t.lap("render: views");
    let jobs = plan::plan(site, &bodies, &views, cache.keep.then_some(&mut cache.jobs));
    t.lap("render: plan");
    let made = kind::Made {
        site,
        theme,
        root,
        bodies: &bodies,
        views: &views,
        jobs: &jobs,
    };
    let search_job = search::start(site, &bodies, cache.keep);
    let sent = Sent { progress, sink };
    let Some(mut out) = pages_and_feeds(&made, cards.as_ref(), &jobs_title, cache, sent, diags)
    else {
        return Outputs::default();
    };
    t.lap("render: pages and feeds");
    let keep = cache.keep;
    search_files::add(
        search_job,
        keep.then_some(&mut cache.search),
        site,
        &bodies,
        &views,
        &mut out,
    );
    t.lap("render: search index");
    for (name, make) in kinds::KINDS {
        make(&made, &mut out, diags);
        t.lap(&format!("render: {name}"));
    }
    site_links::check(&out, &site_links, cache, diags);
    t.lap("render: site links");
    // Last, so that a failed build spends no time on images and leaves the cache as it was.
    if let Some(p) = cache.images.as_ref().filter(|_| !diags.has_errors()) {
        pictures::add_outputs(p, &mut out, keep, diags);
    }
    if !keep {
        // A one-off run keeps none of this; freeing 50,000 posts' bodies, values and jobs
        // one by one took 0.26 s, which the write stage need not wait for.
        drop(site_links);
        let garbage = (bodies, views, jobs);
        std::thread::spawn(move || drop(garbage));
    }
    out
}

/// Where a render reports progress and, in a build, sends its pages and feeds.
struct Sent<'a> {
    progress: &'a Progress,
    sink: Option<&'a dyn sink::Sink>,
}

/// Every page (after checking that every template exists) and the feed files, as the first
/// outputs; `None` when a template is missing.
fn pages_and_feeds(
    made: &kind::Made,
    cards: Option<&cards::Cards>,
    jobs_title: &str,
    cache: &mut RenderCache,
    sent: Sent,
    diags: &mut Diagnostics,
) -> Option<Outputs> {
    let kind::Made {
        site,
        bodies,
        views,
        jobs,
        root,
        ..
    } = *made;
    let (_, templates) = cache.templates.as_ref()?;
    if !templates_exist(jobs, templates, diags) {
        return None;
    }
    let keep = cache.keep;
    let images = images::Images::new(root, &site.urls);
    let previous = std::mem::take(&mut cache.pages);
    let Sent { progress, sink } = sent;
    let pages = pages::Pages::new(
        site, views, templates, images, cards, previous, keep, progress, sink,
    );
    progress.stage("rendering", jobs.len());
    let feeds = Feeds {
        site,
        bodies,
        jobs_title,
        kept: keep.then_some(&mut cache.feeds),
        post_keys: &views.post_pages,
        sink,
    };
    let (rendered, feed_files) = render_pages_and_feeds(&pages, jobs, feeds);
    let previews = jobs
        .iter()
        .filter_map(|j| j.image.as_deref().or(site.image.as_deref()));
    pages.images.warn_heavy(previews, diags);
    drop(pages);
    let mut out = Outputs::default();
    (out.files, out.pages) = pages::collect(rendered, cache, diags);
    out.files.extend(feed_files);
    Some(out)
}

/// Compiles the theme's templates unless `cache` has them for this theme and base URL (a new
/// set drops every kept page). False when they do not compile.
fn compile_templates(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) -> bool {
    let theme_key = crate::hashing::hash_of(&(
        theme
            .templates
            .iter()
            .map(|(k, v)| (k, &v.text, &v.origin))
            .collect::<Vec<_>>(),
        site.urls.base_url(),
    ));
    if cache.templates.as_ref().map(|(k, _)| *k) != Some(theme_key) {
        cache.templates = None;
        cache.pages.clear();
        match Templates::new(theme, &site.urls, cache.images.clone(), diags) {
            Some(t) => cache.templates = Some((theme_key, t)),
            None => return false,
        }
    }
    true
}

/// Reports every page whose template does not exist; false if there is one.
fn templates_exist(jobs: &[Arc<Job>], templates: &Templates, diags: &mut Diagnostics) -> bool {
    let mut missing = false;
    for j in jobs {
        if !templates.has(&j.template) {
            let mut d = Diagnostic::error(format!("there is no template \"{}\"", j.template)).hint(
                format!(
                    "add templates/{} to the hub, or use one of the theme's templates",
                    j.template
                ),
            );
            if let (Some(src), Some(pos)) = (&j.source, j.template_at) {
                d = d.at(src, pos);
            }
            diags.push(d);
            missing = true;
        }
    }
    !missing
}

/// What the feed and calendar files are made of, and where they go.
struct Feeds<'a> {
    site: &'a Arc<Site>,
    bodies: &'a Bodies,
    jobs_title: &'a str,
    /// `serve`'s last feed set: the feeds are then made on first request (see [`feed_files`]).
    kept: Option<&'a mut Option<Arc<feed_files::DeferredFeeds>>>,
    post_keys: &'a [(u64, tera::Value)],
    sink: Option<&'a dyn sink::Sink>,
}

/// Every page, and the feed files: deferred while serving, written to the sink beside the
/// pages in a build, made in memory beside them otherwise. Pages and feeds do not depend on
/// each other: the few large feeds run beside the many small pages instead of after them.
fn render_pages_and_feeds(
    pages: &pages::Pages,
    jobs: &[Arc<Job>],
    feeds: Feeds,
) -> (Vec<pages::Page>, Vec<(PathBuf, Output)>) {
    let Feeds {
        site,
        bodies,
        jobs_title,
        kept,
        post_keys,
        sink,
    } = feeds;
    let render_pages = || pages.render_all(jobs);
    if let Some(kept) = kept {
        // Selecting each feed's posts is a pass over all posts: done once for key and paths.
        let specs = feed_files::specs(site, jobs_title);
        let key = feed_files::key(site, &specs, bodies, post_keys);
        let set = match kept.take() {
            Some(old) if old.key == key => old,
            _ => Arc::new(feed_files::DeferredFeeds::new(
                key,
                Arc::clone(site),
                bodies.clone(),
                jobs_title.to_string(),
            )),
        };
        *kept = Some(Arc::clone(&set));
        let set: Arc<dyn output::Deferred> = set;
        let files = feed_files::paths(site, &specs)
            .into_iter()
            .map(|p| (p, Output::Deferred(Arc::clone(&set))))
            .collect();
        (render_pages(), files)
    } else if let Some(sink) = sink {
        let specs = feed_files::specs(site, jobs_title);
        let (pages, _) = rayon::join(render_pages, || {
            // As for pages, the sink keeps a write error for the end of the build.
            feed_files::write(site, bodies, &specs, sink)
        });
        let files = feed_files::paths(site, &specs)
            .into_iter()
            .map(|p| (p, Output::Written))
            .collect();
        (pages, files)
    } else {
        let (pages, feeds) =
            rayon::join(render_pages, || feed_files::make(site, bodies, jobs_title));
        let feeds = feeds
            .into_iter()
            .map(|(p, b)| (p, Output::bytes(b)))
            .collect();
        (pages, feeds)
    }
}
