//! Stage 3, render: [`Site`] → [`Outputs`], top to bottom in [`site`]: bodies, views, templates,
//! the plan's pages with the feeds, search, each kind of [`kinds`], site links, images. Kept
//! results come in only through [`reuse::Reuse`] ([`site_with`]); a build keeps nothing.

pub mod aliases;
pub mod bodies;
pub mod byte_scan;
pub mod calendar_links;
pub mod cards;
pub mod digest_files;
pub mod escape;
pub mod feed_files;
pub mod feeds;
pub mod ical;
pub mod images;
pub mod job;
pub mod json_string;
pub mod jsonld;
pub mod kind;
pub mod kinds;
pub mod markdown;
pub mod output;
pub mod page;
pub mod pages;
pub mod pictures;
pub mod plan;
pub mod plan_extra;
pub mod post_values;
pub mod reuse;
pub mod run;
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
use crate::timings::Timings;
use job::Job;
use reuse::{NoReuse, Reuse};
use templates::Templates;
use theme::Theme;
use views::{Bodies, Views};

pub use output::{Output, Outputs};
pub use run::Run;

/// Renders the whole site. Problems go to `diags`; the outputs are only usable without errors.
/// With `release_markdown`, the site's Markdown is let go as soon as every body is rendered
/// ([`Site::release_markdown`]): a one-off build that nothing reads it from afterwards.
pub fn site(
    site: &mut Arc<Site>,
    theme: &Theme,
    root: &Path,
    run: Run,
    release_markdown: bool,
    diags: &mut Diagnostics,
) -> Outputs {
    let mut t = Timings::start();
    let bodies = markdown(site, theme, root, &mut NoReuse, &mut t, diags);
    if release_markdown && let Some(owned) = Arc::get_mut(site) {
        owned.release_markdown();
    }
    after_markdown(site, theme, root, run, bodies, &mut NoReuse, &mut t, diags)
}

/// [`site`], each stage taking what `reuse` kept instead of making it anew.
pub fn site_with(
    site: &Arc<Site>,
    theme: &Theme,
    root: &Path,
    run: Run,
    reuse: &mut dyn Reuse,
    diags: &mut Diagnostics,
) -> Outputs {
    let mut t = Timings::start();
    let bodies = markdown(site, theme, root, reuse, &mut t, diags);
    after_markdown(site, theme, root, run, bodies, reuse, &mut t, diags)
}

/// What the Markdown stage leaves the rest: the theme's UI strings, the image processor the
/// bodies' pictures are in, and every body. Nothing borrowed from the site, which [`site`]
/// may change in between.
struct MarkdownStage {
    strings: serde_json::Value,
    processor: Arc<crate::images::Processor>,
    bodies: Bodies,
}

/// The label of a UI string of the theme (`fallback` when it has none).
fn label(strings: &serde_json::Value, k: &str, fallback: &'static str) -> String {
    strings
        .get(k)
        .and_then(|v| v.as_str())
        .unwrap_or(fallback)
        .to_string()
}

/// The `@/` link table, the image processor and every Markdown body.
fn markdown(
    site: &Site,
    theme: &Theme,
    root: &Path,
    reuse: &mut dyn Reuse,
    t: &mut Timings,
    diags: &mut Diagnostics,
) -> MarkdownStage {
    let strings = theme.strings(&site.config.lang_primary());
    let table = bodies::LinkTable::new(site, |k, f| label(&strings, k, f));
    let processor = reuse.processor(root, &site.urls);
    let links = table.links(&site.urls, &processor);
    t.lap("render: link table");
    let bodies = bodies::render(site, &links, reuse, diags);
    t.lap("render: markdown");
    MarkdownStage {
        strings,
        processor,
        bodies,
    }
}

/// Everything made from the rendered bodies: values, pages, feeds, the search index, the
/// other kinds, the site-link check and the pictures.
#[allow(clippy::too_many_arguments)]
fn after_markdown(
    site: &Arc<Site>,
    theme: &Theme,
    root: &Path,
    run: Run,
    stage: MarkdownStage,
    reuse: &mut dyn Reuse,
    t: &mut Timings,
    diags: &mut Diagnostics,
) -> Outputs {
    let MarkdownStage {
        strings,
        processor,
        bodies,
    } = stage;
    let jobs_title = label(&strings, "jobs", "Jobs");
    let cards = cards::Cards::new(site, theme, &processor, |k, f| label(&strings, k, f));
    let refs = views::Refs::new(site);
    let posts = post_values::all(site, &bodies, &refs, reuse);
    let views = Views::new(site, &bodies, strings, refs, posts);
    t.lap("render: views (posts)");
    let make = &mut || Templates::new(theme, &site.urls, Some(Arc::clone(&processor)), diags);
    let Some(templates) = reuse.templates(site, theme, make) else {
        return Outputs::default();
    };
    t.lap("render: views");
    let jobs = plan::plan(site, &bodies, &views, reuse);
    t.lap("render: plan");
    let made = kind::Made {
        site,
        theme,
        root,
        bodies: &bodies,
        views: &views,
        jobs: &jobs,
    };
    let inputs = PageInputs {
        made: &made,
        templates: &templates,
        cards: cards.as_ref(),
        jobs_title: &jobs_title,
    };
    let Some(mut out) = pages_and_index(inputs, reuse, run, t, diags) else {
        return Outputs::default();
    };
    for (name, make) in kinds::KINDS {
        make(&made, &mut out, diags);
        t.lap(&format!("render: {name}"));
    }
    let site_links = bodies::site_links(site, &bodies);
    site_links::check(&out, &site_links, run.outside, reuse, diags);
    t.lap("render: site links");
    // Last, so that a failed build spends no time on images.
    if !diags.has_errors() {
        pictures::add_outputs(&processor, &mut out, reuse.defer_images(), diags);
    }
    // Freeing 50,000 posts' bodies, values and jobs one by one took 0.26 s, which the write
    // stage need not wait for (what `reuse` kept is shared, not freed).
    drop(site_links);
    let garbage = (bodies, views, jobs);
    std::thread::spawn(move || drop(garbage));
    out
}

/// The pages and feeds, and the search index made on a thread of its own beside them, in a
/// scope: it borrows the site and writes its files to the sink itself.
fn pages_and_index(
    inputs: PageInputs,
    reuse: &mut dyn Reuse,
    run: Run,
    t: &mut Timings,
    diags: &mut Diagnostics,
) -> Option<Outputs> {
    let kind::Made {
        site,
        bodies,
        views,
        ..
    } = *inputs.made;
    std::thread::scope(|scope| {
        let search = match reuse.search(site, bodies, views) {
            Some(set) => search_files::Index::Deferred(set),
            None => search_files::Index::Job(search::start(scope, site, bodies, run.sink)),
        };
        let mut out = pages_and_feeds(inputs, reuse, run, diags)?;
        t.lap("render: pages and feeds");
        search_files::add(search, site, bodies, &mut out);
        t.lap("render: search index");
        Some(out)
    })
}

/// What the pages are rendered from.
struct PageInputs<'a> {
    made: &'a kind::Made<'a>,
    templates: &'a Templates,
    cards: Option<&'a cards::Cards<'a>>,
    jobs_title: &'a str,
}

/// Every page (after checking that every template exists) and the feed files, as the first
/// outputs; `None` when a template is missing.
fn pages_and_feeds(
    inputs: PageInputs,
    reuse: &mut dyn Reuse,
    run: Run,
    diags: &mut Diagnostics,
) -> Option<Outputs> {
    let PageInputs {
        made,
        templates,
        cards,
        jobs_title,
    } = inputs;
    let kind::Made {
        site,
        bodies,
        views,
        jobs,
        root,
        ..
    } = *made;
    if !templates_exist(jobs, templates, diags) {
        return None;
    }
    let images = images::Images::new(root, &site.urls);
    reuse.begin_pages(site, views);
    let Run { progress, sink, .. } = run;
    let deferred = reuse.feeds(site, bodies, views, jobs_title);
    let pages = pages::Pages {
        site,
        views,
        templates,
        images,
        cards,
        reuse: &*reuse,
        progress,
        sink,
    };
    progress.stage("rendering", jobs.len());
    let feeds = Feeds {
        site,
        bodies,
        jobs_title,
        deferred,
        sink,
    };
    let (rendered, feed_files) = render_pages_and_feeds(&pages, jobs, feeds);
    let previews = jobs
        .iter()
        .filter_map(|j| j.image.as_deref().or(site.image.as_deref()));
    pages.images.warn_heavy(previews, diags);
    drop(pages);
    reuse.end_pages(&rendered);
    let mut out = Outputs::default();
    (out.files, out.pages) = pages::collect(rendered, reuse, diags);
    out.files.extend(feed_files);
    Some(out)
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
    /// A set made on first request and its paths, kept from the last run (see
    /// [`reuse::Reuse::feeds`]).
    deferred: Option<(Arc<dyn output::Deferred>, Vec<PathBuf>)>,
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
        deferred,
        sink,
    } = feeds;
    let render_pages = || pages.render_all(jobs);
    if let Some((set, paths)) = deferred {
        let files = paths
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
