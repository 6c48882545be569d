//! Stage 3, render: [`Site`] → [`Outputs`] in memory. Markdown for every item (in parallel),
//! then `#anchor` checks of `@/` links, then every page of the [plan](plan) through the theme's
//! templates (in parallel), then sitemap, robots.txt and the GitHub Pages files. Nothing is
//! written to disk here; `output` does that.

pub mod cache;
pub mod feeds;
pub mod ical;
pub mod images;
pub mod markdown;
pub mod plan;
pub mod sitemap;
pub mod templates;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Entry, Route, Site};
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
}

impl Output {
    pub fn bytes(v: impl Into<Vec<u8>>) -> Self {
        Output::Bytes(Arc::new(v.into()))
    }
}

/// The finished site: output path (relative to the output folder) → content.
#[derive(Debug, Default)]
pub struct Outputs {
    pub files: BTreeMap<PathBuf, Output>,
    /// How many HTML pages were made.
    pub pages: usize,
}

/// Site, topic and cohort feeds, and the events calendars.
fn add_feeds(site: &Site, bodies: &Bodies) -> Vec<(PathBuf, Output)> {
    let mut out: Vec<(PathBuf, Output)> = Vec::new();
    let urls = &site.urls;
    let abs_url = |r: &Route| urls.absolute(&urls.url(r));
    let mut specs: Vec<(Route, bool, feeds::FeedSpec)> = Vec::new();
    specs.push((
        Route::file(&["rss.xml"]),
        true,
        feeds::FeedSpec {
            title: site.config.title.clone(),
            description: site.config.description.clone().unwrap_or_default(),
            home: urls.base_url(),
            posts: feeds::select(site, |_| true),
            full_content: site.config.feeds_full_content,
        },
    ));
    for (i, t) in site.topics.iter().enumerate() {
        specs.push((
            feeds::section_feed_route("topics", &t.entry.slug),
            false,
            feeds::FeedSpec {
                title: format!("{} — {}", t.entry.title, site.config.title),
                description: t.description.clone().unwrap_or_default(),
                home: urls.absolute(&t.entry.url),
                posts: feeds::select(site, |p| p.topics.contains(&i)),
                full_content: false,
            },
        ));
    }
    for (i, c) in site.cohorts.iter().enumerate() {
        specs.push((
            feeds::section_feed_route("cohorts", &c.entry.slug),
            false,
            feeds::FeedSpec {
                title: format!("{} — {}", c.entry.title, site.config.title),
                description: c.program.clone().unwrap_or_default(),
                home: urls.absolute(&c.entry.url),
                posts: feeds::select(site, |p| p.cohort == Some(i)),
                full_content: false,
            },
        ));
    }
    // Feed readers read items away from the site: every site link becomes a full address.
    let mut needed: Vec<usize> = specs
        .iter()
        .flat_map(|s| s.2.posts.iter().copied())
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let origin = urls.absolute("");
    let abs: HashMap<usize, Rendered> = needed
        .par_iter()
        .map(|&i| {
            let r = &bodies.posts[i];
            let permalink = urls.absolute(&site.posts[i].entry.url);
            let mut a = Rendered {
                html: feeds::absolutize(&r.html, &origin, &permalink),
                summary: feeds::absolutize(&r.summary, &origin, &permalink),
                summary_text: r.summary_text.clone(),
                ..Default::default()
            };
            a.ids.clear();
            (i, a)
        })
        .collect();
    // Every feed is independent: write them in parallel.
    let atom = Route::file(&["atom.xml"]);
    let json = Route::file(&["feed.json"]);
    let mut jobs: Vec<(Route, &feeds::FeedSpec, u8)> = Vec::new();
    for (route, site_wide, spec) in &specs {
        jobs.push((route.clone(), spec, 0));
        if *site_wide {
            jobs.push((atom.clone(), spec, 1));
            jobs.push((json.clone(), spec, 2));
        }
    }
    let written: Vec<(PathBuf, Vec<u8>)> = jobs
        .par_iter()
        .map(|(route, spec, kind)| {
            let self_url = abs_url(route);
            let text = match kind {
                0 => feeds::rss(site, spec, &self_url, &abs),
                1 => feeds::atom(site, spec, &self_url, &abs),
                _ => feeds::json_feed(site, spec, &self_url, &abs),
            };
            (route.output_path(), text)
        })
        .collect();
    for (path, text) in written {
        out.push((path, Output::bytes(text)));
    }
    let descriptions: Vec<String> = site
        .events
        .iter()
        .zip(&bodies.events)
        .map(|(e, r)| views::summary_text(&e.entry, r).unwrap_or_default())
        .collect();
    out.push((
        "events.ics".into(),
        Output::bytes(ical::all_events(site, &descriptions)),
    ));
    for (i, e) in site.events.iter().enumerate() {
        out.push((
            ical::event_route(e).output_path(),
            Output::bytes(ical::one_event(site, i, &descriptions[i])),
        ));
    }
    out
}

/// Renders the Markdown of `entries`, reusing the cache for bodies whose inputs are unchanged.
fn render_all(
    entries: &[&Entry],
    links: &Links,
    targets_key: u64,
    cache: &mut RenderCache,
) -> Vec<(Rendered, Diagnostics)> {
    let keyed: Vec<(u64, Option<(Rendered, Diagnostics)>)> = entries
        .par_iter()
        .map(|e| {
            if !cache.keep {
                return (0, None);
            }
            let key = cache::hash_of(&(&e.body, e.body_line, &e.file, targets_key));
            let hit = cache
                .markdown
                .get(&e.content_path)
                .filter(|(k, _, _)| *k == key)
                .map(|(_, r, d)| (r.clone(), d.clone()));
            (key, hit)
        })
        .collect();
    let fresh: Vec<(Rendered, Diagnostics)> = entries
        .par_iter()
        .zip(&keyed)
        .map(|(e, (_, hit))| match hit {
            Some(done) => done.clone(),
            None => {
                let mut d = Diagnostics::new();
                let r = markdown::render(&e.body, e.body_line, &e.file, links, &mut d);
                (r, d)
            }
        })
        .collect();
    if cache.keep {
        for ((e, (key, _)), (r, d)) in entries.iter().zip(&keyed).zip(&fresh) {
            cache
                .markdown
                .insert(e.content_path.clone(), (*key, r.clone(), d.clone()));
        }
    }
    fresh
}

/// Renders the whole site, reusing and refreshing `cache` (see [`cache`]; a one-off build
/// passes [`RenderCache::one_off`]). Problems go to `diags`; the outputs are only usable
/// without errors.
pub fn render_cached(
    site: &Site,
    theme: &Theme,
    root: &Path,
    cache: &mut RenderCache,
    progress: &crate::progress::Progress,
    diags: &mut Diagnostics,
) -> Outputs {
    let targets: HashMap<String, String> = site
        .entries()
        .map(|e| (e.content_path.clone(), e.url.clone()))
        .collect();
    let drafts: HashSet<String> = site.drafts.iter().cloned().collect();
    let strings = theme.strings(&site.config.lang_primary());
    let label = |k: &str, fallback: &'static str| {
        strings
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or(fallback)
            .to_string()
    };
    let (done, open) = (label("task_done", "done"), label("task_open", "not done"));
    let links = Links {
        urls: &site.urls,
        targets: &targets,
        drafts: &drafts,
        task_labels: (&done, &open),
    };
    let targets_key = {
        let mut sorted: Vec<(&String, &String)> = targets.iter().collect();
        sorted.sort_unstable();
        cache::hash_of(&(
            sorted,
            &done,
            &open,
            &drafts.iter().collect::<std::collections::BTreeSet<_>>(),
        ))
    };

    let mut t = crate::pipeline::Timings::start();
    let mut groups: Vec<Vec<Rendered>> = Vec::new();
    let lists: Vec<Vec<&Entry>> = vec![
        site.home.iter().collect(),
        site.pages.iter().map(|x| &x.entry).collect(),
        site.posts.iter().map(|x| &x.entry).collect(),
        site.topics.iter().map(|x| &x.entry).collect(),
        site.cohorts.iter().map(|x| &x.entry).collect(),
        site.leaders.iter().map(|x| &x.entry).collect(),
        site.events.iter().map(|x| &x.entry).collect(),
    ];
    let mut ids: HashMap<&str, &HashSet<String>> = HashMap::new();
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
    let site_links: Vec<(PathBuf, String, crate::diagnostics::Pos)> = lists
        .iter()
        .zip(&groups)
        .flat_map(|(list, rendered)| list.iter().zip(rendered))
        .flat_map(|(e, r)| {
            r.site_links
                .iter()
                .map(|(l, p)| (e.file.clone(), l.clone(), *p))
        })
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
    let views = Views::new(site, &bodies, strings);
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
        match Templates::new(theme, &site.urls, diags) {
            Some(t) => cache.templates = Some((theme_key, t)),
            None => return Outputs::default(),
        }
    }
    let Some((_, templates)) = cache.templates.as_ref() else {
        return Outputs::default();
    };
    t.lap("render: views");
    let jobs = plan::plan(site, &bodies, &views);
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
        let mut h = std::hash::DefaultHasher::new();
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
    let render_page = |j: &plan::Job| -> (PathBuf, cache::CachedPage, bool) {
        let path = j.route.output_path();
        let values = context_values(site, j, &images_for_ctx);
        // A one-off build keeps nothing for later, so it skips hashing the page's values.
        let key = if !keep {
            0
        } else {
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&(shared_key, &j.template, &path), &mut h);
            cache::hash_json(&mut h, &values);
            std::hash::Hasher::finish(&h)
        };
        if keep
            && let Some((k, html, d)) = previous.get(&path)
            && *k == key
        {
            return (path, (key, html.clone(), d.clone()), false);
        }
        progress.inc();
        let mut d = Diagnostics::new();
        let ctx = context(&views, values);
        let url = site.urls.url(&j.route);
        let html = templates.render(&j.template, &ctx, j.source.as_deref(), &url, &mut d);
        (path, (key, html, d), true)
    };
    // Pages and feeds do not depend on each other: the few large feeds run beside the many
    // small pages instead of after them.
    let (mut rendered, feed_files) = rayon::join(
        || {
            order
                .par_iter()
                .map(|&i| (i, render_page(&jobs[i])))
                .collect::<Vec<_>>()
        },
        || add_feeds(site, &bodies),
    );
    rendered.sort_by_key(|(i, _)| *i);
    let rendered: Vec<(PathBuf, cache::CachedPage, bool)> =
        rendered.into_iter().map(|(_, r)| r).collect();
    cache.rendered_pages = rendered.iter().filter(|r| r.2).count();
    t.lap("render: pages and feeds");
    let mut out = Outputs::default();
    out.files.extend(feed_files);
    let images = images::Images::new(root, &site.urls);
    let previews: Vec<String> = jobs
        .iter()
        .filter_map(|j| j.image.clone().or_else(|| site.image.clone()))
        .collect();
    images.warn_heavy(&previews, diags);
    for (path, (key, html, d), _) in rendered {
        diags.extend(d.clone());
        if let Some(html) = &html {
            out.files
                .insert(path.clone(), Output::Bytes(Arc::clone(html)));
            out.pages += 1;
        }
        if cache.keep {
            cache.pages.insert(path, (key, html, d));
        }
    }

    let routes: Vec<&Route> = jobs
        .iter()
        .filter(|j| j.in_sitemap)
        .map(|j| &j.route)
        .collect();
    let urls = &site.urls;
    out.files.insert(
        "sitemap.xml".into(),
        Output::bytes(sitemap::sitemap(urls, &routes)),
    );
    out.files
        .insert("robots.txt".into(), Output::bytes(sitemap::robots(urls)));
    // GitHub Pages would otherwise run Jekyll over the site and drop files starting with `_`.
    out.files
        .insert(".nojekyll".into(), Output::bytes(Vec::new()));
    if let Some(cname) = &site.config.cname {
        out.files
            .insert("CNAME".into(), Output::bytes(format!("{cname}\n")));
    }
    add_static(&mut out, theme, root, diags);
    t.lap("render: sitemap, static");
    check_site_links(&out, &site_links, diags);
    t.lap("render: site links");
    out
}

/// Every `/path` written in Markdown must be a page or file of the finished site.
fn check_site_links(
    out: &Outputs,
    links: &[(PathBuf, String, crate::diagnostics::Pos)],
    diags: &mut Diagnostics,
) {
    // One hash set of the site's files: a big hub has tens of thousands of such links.
    let files: HashSet<&Path> = out.files.keys().map(PathBuf::as_path).collect();
    for (file, link, pos) in links {
        let target = crate::model::Urls::site_path_file(link);
        let exists = target.as_os_str().is_empty()
            || files.contains(target.as_path())
            || files.contains(target.join("index.html").as_path());
        if !exists {
            diags.push(
                Diagnostic::error(format!("the link {link} points to nothing in the site"))
                    .at(file, *pos)
                    .hint(format!(
                        "put the file in static/{} or link to an existing page (paths are inside the site; the base path is added for you)",
                        target.display()
                    )),
            );
        }
    }
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

/// The values only this page has (everything but `site` and `t`), hashed for the page cache.
fn context_values(
    site: &Site,
    j: &plan::Job,
    images: &images::Images,
) -> Vec<(&'static str, views::TV)> {
    use serde_json::json;
    use views::tv;
    let url = site.urls.url(&j.route);
    // Chat apps and social sites show no preview for SVG: prefer the site's default image.
    let is_svg = |u: &String| u.split(['?', '#']).next().unwrap_or("").ends_with(".svg");
    let image = match (&j.image, &site.image) {
        (Some(own), Some(default)) if is_svg(own) && !is_svg(default) => Some(default.clone()),
        (Some(own), _) => Some(own.clone()),
        (None, default) => default.clone(),
    };
    let info = image.as_deref().and_then(|i| images.info(i));
    let mut ctx = vec![
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
    ];
    ctx.extend(j.vars.iter().cloned());
    ctx
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
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
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
