//! Stage 3, render: [`Site`] → [`Outputs`]. Markdown for every item (in parallel), then
//! `#anchor` checks of `@/` links, then every page of the [plan](plan) through the theme's
//! templates (in parallel), then sitemap, robots.txt and the GitHub Pages files. A build hands
//! each page and feed to its [`sink::Sink`] as it is made (the output stage's staging folder)
//! and keeps only the small files; `serve` and `check` keep everything in memory. Nothing here
//! touches the output folder itself.

pub mod aliases;
pub mod cache;
pub mod calendar_links;
pub mod cards;
pub mod digest_files;
pub mod feed_files;
pub mod feeds;
pub mod ical;
pub mod images;
pub mod jsonld;
pub mod markdown;
pub mod pictures;
pub mod plan;
pub mod plan_extra;
pub mod sanitize;
pub mod search;
pub mod sink;
pub mod sitemap;
pub mod templates;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing::{HashMap, HashSet};
use crate::model::{Entry, Site};
use cache::RenderCache;
use markdown::{Links, Rendered};
use templates::Templates;
use theme::Theme;
use views::{Bodies, Views};

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Shared, so a page kept from the previous render is not copied.
    Bytes(Arc<Vec<u8>>),
    /// Copied as it is from this path (static files), so big files never sit in memory.
    Copy(PathBuf),
    /// Made on first request, while serving (see [`feed_files`]).
    Deferred(Arc<feed_files::Deferred>),
    /// Already handed to the build's [`sink::Sink`] (on disk, not in memory).
    Written,
    /// A processed image made on first request, while serving (see [`pictures`]).
    Image(Arc<crate::images::Pending>, Arc<crate::images::Counts>),
}

impl PartialEq for feed_files::Deferred {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Output {
    pub fn bytes(v: impl Into<Vec<u8>>) -> Self {
        Output::Bytes(Arc::new(v.into()))
    }

    /// The content of the file at `path` (the key this output is stored under).
    pub fn read(&self, path: &Path) -> std::io::Result<Arc<Vec<u8>>> {
        match self {
            Output::Bytes(b) => Ok(Arc::clone(b)),
            Output::Copy(src) => std::fs::read(src).map(Arc::new),
            Output::Deferred(d) => d
                .get(path)
                .ok_or_else(|| std::io::Error::other("a deferred file was not made")),
            Output::Written => Err(std::io::Error::other(
                "this file went straight to the output folder",
            )),
            Output::Image(p, counts) => p.read(counts),
        }
    }
}

/// The finished site: output path (relative to the output folder) → content.
#[derive(Debug, Default)]
pub struct Outputs {
    pub files: BTreeMap<PathBuf, Output>,
    /// How many HTML pages were made.
    pub pages: usize,
}

/// Renders the Markdown of `entries`, reusing the cache for bodies whose inputs are unchanged.
fn render_all(
    entries: &[&Entry],
    links: &Links,
    targets_key: u64,
    cache: &mut RenderCache,
) -> Vec<(Arc<Rendered>, Diagnostics)> {
    let results: Vec<(Arc<Rendered>, Diagnostics, bool)> = entries
        .par_iter()
        .map(|e| {
            if cache.keep
                && let Some(hit) = cache.markdown.get(&e.content_path)
                && hit.matches(e, targets_key)
            {
                return (Arc::clone(&hit.rendered), hit.diags.clone(), false);
            }
            let mut d = Diagnostics::new();
            let r = markdown::render(&e.body, e.body_line, &e.file, links, &mut d);
            (Arc::new(r), d, true)
        })
        .collect();
    if cache.keep {
        for (e, (r, d, _)) in entries.iter().zip(&results).filter(|(_, r)| r.2) {
            cache.markdown.insert(
                e.content_path.clone(),
                cache::MarkdownEntry {
                    body: Arc::clone(&e.body),
                    body_line: e.body_line,
                    file: e.file.clone(),
                    targets_key,
                    rendered: Arc::clone(r),
                    diags: d.clone(),
                },
            );
        }
    }
    results.into_iter().map(|(r, d, _)| (r, d)).collect()
}

/// Renders the whole site, reusing and refreshing `cache` (see [`cache`]; a one-off build
/// passes [`RenderCache::one_off`]). Problems go to `diags`; the outputs are only usable
/// without errors.
pub fn render_cached(
    site: &Arc<Site>,
    theme: &Theme,
    root: &Path,
    cache: &mut RenderCache,
    progress: &crate::progress::Progress,
    sink: Option<&dyn sink::Sink>,
    diags: &mut Diagnostics,
) -> Outputs {
    let mut t = crate::pipeline::Timings::start();
    let targets: HashMap<&str, &str> = site
        .entries()
        .map(|e| (e.content_path.as_str(), e.url.as_str()))
        .collect();
    let drafts: HashSet<String> = site.drafts.iter().cloned().collect();
    let strings = theme.strings(&site.config.lang_primary());
    let strings_for_digest = strings.clone();
    let label = |k: &str, fallback: &'static str| {
        strings
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or(fallback)
            .to_string()
    };
    let (done, open) = (label("task_done", "done"), label("task_open", "not done"));
    let html = sanitize::Sanitizer::new(&site.config.html);
    let jobs_title = label("jobs", "Jobs");
    let processor = pictures::processor(cache, root, &site.urls);
    let cards = cards::Cards::new(site, &processor, label);
    let links = Links {
        urls: &site.urls,
        targets: &targets,
        drafts: &drafts,
        task_labels: (&done, &open),
        html: &html,
        images: Some(&processor),
    };
    // The table is a set: its key adds up a key per pair, in any order, instead of sorting
    // 10,000 pairs on every save.
    let targets_key = {
        let pairs = targets
            .iter()
            .map(|pair| cache::hash_of(&pair))
            .fold(0u64, u64::wrapping_add);
        cache::hash_of(&(
            pairs,
            targets.len(),
            &done,
            &open,
            &drafts.iter().collect::<std::collections::BTreeSet<_>>(),
            html.key(),
        ))
    };

    t.lap("render: link table");
    let mut groups: Vec<Vec<Arc<Rendered>>> = Vec::new();
    let lists: Vec<Vec<&Entry>> = vec![
        site.home.iter().collect(),
        site.pages.iter().map(|x| &x.entry).collect(),
        site.posts.iter().map(|x| &*x.entry).collect(),
        site.topics.iter().map(|x| &x.entry).collect(),
        site.cohorts.iter().map(|x| &x.entry).collect(),
        site.leaders.iter().map(|x| &x.entry).collect(),
        site.events.iter().map(|x| &x.entry).collect(),
    ];
    let mut ids: HashMap<&str, &HashSet<String>> = HashMap::default();
    for list in &lists {
        let mut rendered = Vec::with_capacity(list.len());
        for (r, d) in render_all(list, &links, targets_key, cache) {
            diags.extend(d);
            rendered.push(r);
        }
        groups.push(rendered);
    }
    for (list, rendered) in lists.iter().zip(&groups) {
        for (e, r) in list.iter().zip(rendered) {
            ids.insert(e.content_path.as_str(), &r.ids);
        }
    }
    for (list, rendered) in lists.iter().zip(&groups) {
        for (e, r) in list.iter().zip(rendered) {
            for a in &r.anchors {
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
    // Borrowed from the bodies below: a big hub has tens of thousands of such links.
    let site_links: Vec<(&Path, Arc<Rendered>)> = lists
        .iter()
        .zip(&groups)
        .flat_map(|(list, rendered)| list.iter().zip(rendered))
        .filter(|(_, r)| !r.site_links.is_empty())
        .map(|(e, r)| (e.file.as_path(), Arc::clone(r)))
        .collect();
    let mut g = groups.into_iter();
    let mut next = || g.next().unwrap_or_default();
    let bodies = Bodies {
        home: next().into_iter().next(),
        pages: next(),
        posts: next(),
        topics: next(),
        cohorts: next(),
        leaders: next(),
        events: next(),
    };

    t.lap("render: markdown");
    let views = Views::new(site, &bodies, strings, &mut cache.views, cache.keep);
    t.lap("render: views (posts)");
    let theme_key = cache::hash_of(&(
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
            None => return Outputs::default(),
        }
    }
    let Some((_, templates)) = cache.templates.as_ref() else {
        return Outputs::default();
    };
    t.lap("render: views");
    let jobs = plan::plan(site, &bodies, &views, cache.keep.then_some(&mut cache.jobs));
    t.lap("render: plan");
    let mut missing = false;
    for j in &jobs {
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
    if missing {
        return Outputs::default();
    }

    let images_for_ctx = images::Images::new(root, &site.urls);
    let shared_key = {
        let mut h = crate::hashing::key_hasher();
        cache::hash_json(&mut h, &views.site);
        cache::hash_json(&mut h, &views.t);
        std::hash::Hasher::finish(&h)
    };
    let previous = std::mem::take(&mut cache.pages);
    progress.stage("rendering", jobs.len());
    // List pages (the slowest single jobs) first, so no core is left waiting on one at the end.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| jobs[i].template == "post.html");
    let keep = cache.keep;
    // With a sink (a build), a page goes to it as soon as it is made and is not kept.
    let render_page = |j: &plan::Job| -> (PathBuf, cache::CachedPage, bool, bool) {
        let path = j.output_path().to_path_buf();
        let preview = preview_image(site, j, &images_for_ctx, cards.as_ref());
        // A one-off build keeps nothing for later, so it skips the key. The key is made of
        // what the page's values are made of, not of the values: hashing 10,000 posts' HTML
        // again on every save would cost more than the rest of a rebuild.
        let key = if !keep {
            0
        } else if let Some(k) = j.key {
            cache::hash_of(&(shared_key, &j.template, k, &preview))
        } else {
            let mut h = crate::hashing::key_hasher();
            std::hash::Hash::hash(
                &(
                    shared_key,
                    &j.template,
                    &path,
                    &j.route,
                    j.section,
                    &j.title,
                    &j.description,
                    j.og_type,
                    &j.published,
                    &j.modified,
                    &preview,
                ),
                &mut h,
            );
            match j.vars_key {
                Some(k) => std::hash::Hash::hash(&k, &mut h),
                None => cache::hash_json(&mut h, &j.vars),
            }
            std::hash::Hasher::finish(&h)
        };
        if keep
            && let Some((k, html, d)) = previous.get(&key)
            && *k == key
        {
            return (path, (key, html.clone(), d.clone()), false, false);
        }
        progress.inc();
        let mut d = Diagnostics::new();
        let mut values = context_values(site, j, preview);
        values.extend(j.vars.iter().cloned());
        let ctx = context(&views, values);
        let url = site.urls.url(&j.route);
        let html = templates.render(&j.template, &ctx, j.source.as_deref(), &url, &mut d);
        if let (Some(sink), Some(bytes)) = (sink, &html) {
            // A write error is kept by the sink and reported when the build finishes.
            let _ = sink.put(&path, bytes);
            return (path, (key, None, d), true, true);
        }
        (path, (key, html, d), true, false)
    };
    // Pages and feeds do not depend on each other: the few large feeds run beside the many
    // small pages instead of after them.
    let render_pages = || {
        order
            .par_iter()
            .map(|&i| (i, render_page(&jobs[i])))
            .collect::<Vec<_>>()
    };
    let search_job = search::start(site, &bodies, keep);
    let (mut rendered, feed_files): (_, Vec<(PathBuf, Output)>) = if keep {
        // Selecting each feed's posts is a pass over all posts: done once for key and paths.
        let specs = feed_files::specs(site, &jobs_title);
        let key = feed_files::key(site, &specs, &bodies, &views.post_pages);
        let set = match cache.feeds.take() {
            Some(old) if old.key == key => old,
            _ => Arc::new(feed_files::Deferred::new(
                key,
                Arc::clone(site),
                bodies.clone(),
                jobs_title.clone(),
            )),
        };
        cache.feeds = Some(Arc::clone(&set));
        let files = feed_files::paths(site, &specs)
            .into_iter()
            .map(|p| (p, Output::Deferred(Arc::clone(&set))))
            .collect();
        (render_pages(), files)
    } else if let Some(sink) = sink {
        let specs = feed_files::specs(site, &jobs_title);
        let (pages, _) = rayon::join(render_pages, || {
            // As for pages, the sink keeps a write error for the end of the build.
            feed_files::write(site, &bodies, &specs, sink)
        });
        let files = feed_files::paths(site, &specs)
            .into_iter()
            .map(|p| (p, Output::Written))
            .collect();
        (pages, files)
    } else {
        let (pages, feeds) = rayon::join(render_pages, || {
            feed_files::make(site, &bodies, &jobs_title)
        });
        let feeds = feeds
            .into_iter()
            .map(|(p, b)| (p, Output::bytes(b)))
            .collect();
        (pages, feeds)
    };
    rendered.sort_by_key(|(i, _)| *i);
    let rendered: Vec<(PathBuf, cache::CachedPage, bool, bool)> =
        rendered.into_iter().map(|(_, r)| r).collect();
    cache.rendered_pages = rendered.iter().filter(|r| r.2).count();
    t.lap("render: pages and feeds");
    let mut out = Outputs::default();
    let images = images::Images::new(root, &site.urls);
    let previews = jobs
        .iter()
        .filter_map(|j| j.image.as_deref().or(site.image.as_deref()));
    images.warn_heavy(previews, diags);
    let mut pages: Vec<(PathBuf, Output)> = Vec::with_capacity(rendered.len());
    for (path, (key, html, d), _, written) in rendered {
        if !d.items().is_empty() {
            diags.extend(d.clone());
        }
        let output = if written {
            Some(Output::Written)
        } else {
            html.as_ref().map(|h| Output::Bytes(Arc::clone(h)))
        };
        if cache.keep {
            cache.pages.insert(key, (key, html, d));
        }
        if let Some(o) = output {
            pages.push((path, o));
        }
    }
    out.pages = pages.len();
    out.files = sorted_pages(pages, cache);
    out.files.extend(feed_files);
    t.lap("render: collect pages");

    let urls = &site.urls;
    let lines = jobs
        .iter()
        .filter(|j| j.in_sitemap)
        .map(|j| j.sitemap_line(urls));
    out.files
        .insert("sitemap.xml".into(), Output::bytes(sitemap::sitemap(lines)));
    out.files
        .insert("robots.txt".into(), Output::bytes(sitemap::robots(urls)));
    // GitHub Pages would otherwise run Jekyll over the site and drop files starting with `_`.
    out.files
        .insert(".nojekyll".into(), Output::bytes(Vec::new()));
    if let Some(cname) = &site.config.cname {
        out.files
            .insert("CNAME".into(), Output::bytes(format!("{cname}\n")));
    }
    digest_files::add(site, &bodies, &strings_for_digest, &mut out.files);
    out.files.extend(aliases::pages(site));
    t.lap("render: sitemap");
    for (path, bytes) in search::finish(search_job, site, &bodies, &mut cache.search) {
        out.files.insert(path, Output::Bytes(bytes));
    }
    t.lap("render: search index");
    add_static(&mut out, theme, root, diags);
    t.lap("render: static");
    check_site_links(&out, &site_links, cache, diags);
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

/// The pages as the output map. A map built by inserting 10,000 paths one by one spends most
/// of its time comparing paths component by component; instead the pages are put in order
/// first — in the order that sorted the last run's pages when the paths are the same (the
/// usual save), so `BTreeMap` finds them sorted and builds the map with one comparison each.
fn sorted_pages(
    pages: Vec<(PathBuf, Output)>,
    cache: &mut RenderCache,
) -> BTreeMap<PathBuf, Output> {
    if !cache.keep {
        // No last run to learn the order from, nor a next one to keep it for.
        return pages.into_iter().collect();
    }
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hashing::key_hasher();
        for (p, _) in &pages {
            p.as_os_str().as_encoded_bytes().hash(&mut h);
        }
        h.finish()
    };
    let order = match &cache.page_order {
        Some((f, order)) if *f == fingerprint && order.len() == pages.len() => order.clone(),
        _ => {
            let mut order: Vec<u32> = (0..pages.len() as u32).collect();
            order.sort_by(|&a, &b| pages[a as usize].0.cmp(&pages[b as usize].0));
            order
        }
    };
    let mut slots: Vec<Option<(PathBuf, Output)>> = pages.into_iter().map(Some).collect();
    let sorted: Vec<(PathBuf, Output)> = order
        .iter()
        .filter_map(|&i| slots.get_mut(i as usize).and_then(Option::take))
        .collect();
    cache.page_order = Some((fingerprint, order));
    // Sorts again, which costs one comparison per page when the order above was right.
    sorted.into_iter().collect()
}

/// Every `/path` written in Markdown must be a page or file of the finished site. While
/// serving, a body's result is kept until the site's set of files changes, so a save checks
/// only the links of the bodies it changed.
fn check_site_links(
    out: &Outputs,
    links: &[(&Path, Arc<Rendered>)],
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) {
    let paths_key = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hashing::key_hasher();
        for p in out.files.keys() {
            p.as_os_str().as_encoded_bytes().hash(&mut h);
        }
        h.finish()
    };
    if !cache.keep || cache.links.0 != paths_key {
        cache.links = (paths_key, HashMap::default());
    }
    // Output paths as text in one hash set: hashing a `Path` walks its components, and a big
    // hub has tens of thousands of links to check.
    let mut files: Option<HashSet<&str>> = None;
    let mut target = String::new();
    let mut seen = HashSet::default();
    for (file, r) in links {
        seen.insert(r.id);
        if let Some(known) = cache.links.1.get(&r.id) {
            diags.extend(known.clone());
            continue;
        }
        let files =
            files.get_or_insert_with(|| out.files.keys().filter_map(|p| p.to_str()).collect());
        let mut found = Diagnostics::new();
        for (link, pos) in &r.site_links {
            let path = link.split(['?', '#']).next().unwrap_or("");
            let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
                .decode_utf8_lossy();
            target.clear();
            for part in decoded.split('/').filter(|s| !s.is_empty()) {
                if !target.is_empty() {
                    target.push(std::path::MAIN_SEPARATOR);
                }
                target.push_str(part);
            }
            let exists = target.is_empty() || files.contains(target.as_str()) || {
                let len = target.len();
                target.push(std::path::MAIN_SEPARATOR);
                target.push_str("index.html");
                let found = files.contains(target.as_str());
                target.truncate(len);
                found
            };
            if !exists {
                found.push(
                    Diagnostic::error(format!("the link {link} points to nothing in the site"))
                        .at(file, *pos)
                        .hint(format!(
                            "put the file in static/{} or link to an existing page (paths are inside the site; the base path is added for you)",
                            crate::model::Urls::site_path_file(link).display()
                        )),
                );
            }
        }
        diags.extend(found.clone());
        if cache.keep {
            cache.links.1.insert(r.id, found);
        }
    }
    cache.links.1.retain(|id, _| seen.contains(id));
}

/// `og:locale` wants language_TERRITORY; a bare language gets its most common territory.
fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    if let Some(region) = parts.find(|p| p.len() == 2) {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let region = match lang.as_str() {
        "he" => "IL",
        "en" => "US",
        "ar" => "AR",
        "fa" => "IR",
        "yi" => "IL",
        "ru" => "RU",
        "am" => "ET",
        "uk" => "UA",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{lang}_{region}")
}

/// The link-preview image of a page and its size. Chat apps and social sites show no preview
/// for SVG: the site's default image is preferred then.
fn preview_image(
    site: &Site,
    j: &plan::Job,
    images: &images::Images,
    cards: Option<&cards::Cards>,
) -> (Option<String>, Option<images::ImageInfo>) {
    if let Some(card) = cards.and_then(|c| c.for_job(j)) {
        let size = images::ImageInfo {
            width: Some(crate::images::card::WIDTH as usize),
            height: Some(crate::images::card::HEIGHT as usize),
            bytes: 0,
        };
        return (Some(card), Some(size));
    }
    let is_svg = |u: &String| u.split(['?', '#']).next().unwrap_or("").ends_with(".svg");
    let image = match (&j.image, &site.image) {
        (Some(own), Some(default)) if is_svg(own) && !is_svg(default) => Some(default.clone()),
        (Some(own), _) => Some(own.clone()),
        (None, default) => default.clone(),
    };
    let info = image.as_deref().and_then(|i| images.info(i));
    (image, info)
}

/// The values every page has besides `site`, `t` and its own `vars`.
fn context_values(
    site: &Site,
    j: &plan::Job,
    (image, info): (Option<String>, Option<images::ImageInfo>),
) -> Vec<(&'static str, views::TV)> {
    use serde_json::json;
    use views::tv;
    let url = site.urls.url(&j.route);
    vec![
        (
            "og",
            tv(&json!({
                "type": j.og_type,
                "image": image.as_deref().map(|i| site.urls.absolute(i)),
                "image_width": info.and_then(|i| i.width),
                "image_height": info.and_then(|i| i.height),
                "locale": og_locale(&site.config.language),
                "published_time": j.published,
                "modified_time": j.modified,
            })),
        ),
        ("permalink", site.urls.absolute(&url).into()),
        ("current_url", url.into()),
        ("section", j.section.into()),
        ("title", j.title.clone().into()),
        ("description", j.description.clone().into()),
        ("is_404", (j.section == "404").into()),
    ]
}

fn context(views: &Views, values: Vec<(&'static str, views::TV)>) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", views.site.clone());
    ctx.insert_value("t", views.t.clone());
    for (k, v) in values {
        ctx.insert_value(k, v);
    }
    ctx
}

/// Theme static files, then the hub's `static/` on top. A static file may not take the place
/// of a generated page.
fn add_static(out: &mut Outputs, theme: &Theme, root: &Path, diags: &mut Diagnostics) {
    for (path, bytes) in &theme.static_files {
        out.files
            .entry(path.clone())
            .or_insert_with(|| Output::bytes(bytes.clone()));
    }
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    let mut walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(err) = crate::load::symlinks::broken(root, &e) {
                    diags.push(err);
                }
                continue;
            }
        };
        if let Some(err) = crate::load::symlinks::refuse_outside(root, &entry) {
            diags.push(err);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::load::walk::is_editor_litter(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        let generated = matches!(out.files.get(&rel), Some(Output::Bytes(_)))
            && !theme.static_files.contains_key(&rel);
        if generated {
            diags.push(
                Diagnostic::error(format!(
                    "static/{} has the same path as a page kehila makes",
                    rel.display()
                ))
                .in_file(Path::new("static").join(&rel))
                .hint("rename or move the file"),
            );
            continue;
        }
        out.files
            .insert(rel, Output::Copy(entry.path().to_path_buf()));
    }
}
