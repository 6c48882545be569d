//! Every page of the plan through the theme's templates, in parallel (`serve` reuses a page
//! whose key is unchanged); the values every page has besides its own (link preview,
//! permalink, section); and the pages as the output map, in path order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{CachedPage, RenderCache};
use super::job::Job;
use super::output::Output;
use super::sink::Sink;
use super::templates::Templates;
use super::views::{self, Views};
use super::{cards, images};
use crate::diagnostics::Diagnostics;
use crate::hashing::HashMap;
use crate::model::Site;
use crate::progress::Progress;

/// One page: its path; its key, bytes (`None` if it failed or went to the sink) and problems;
/// whether it was rendered now (not kept); whether it went to the sink.
pub type Page = (PathBuf, CachedPage, bool, bool);

/// What every page is rendered with.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub views: &'a Views,
    pub templates: &'a Templates,
    pub images: images::Images,
    pub cards: Option<&'a cards::Cards<'a>>,
    /// The pages of the last run by key (`serve`), empty for a one-off build.
    pub previous: HashMap<u64, CachedPage>,
    /// Whether pages get keys (`serve`): a one-off build keeps nothing for later.
    pub keep: bool,
    pub progress: &'a Progress,
    /// Where a build's pages go as soon as they are made (they are then not kept).
    pub sink: Option<&'a dyn Sink>,
    shared_key: u64,
}

impl<'a> Pages<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        site: &'a Site,
        views: &'a Views,
        templates: &'a Templates,
        images: images::Images,
        cards: Option<&'a cards::Cards<'a>>,
        previous: HashMap<u64, CachedPage>,
        keep: bool,
        progress: &'a Progress,
        sink: Option<&'a dyn Sink>,
    ) -> Self {
        let shared_key = {
            let mut h = crate::hashing::key_hasher();
            crate::hashing::hash_json(&mut h, &views.site);
            crate::hashing::hash_json(&mut h, &views.t);
            if let Some(l) = &site.languages {
                std::hash::Hash::hash(&(l.map.key(), l.current), &mut h);
            }
            std::hash::Hasher::finish(&h)
        };
        Pages {
            site,
            views,
            templates,
            images,
            cards,
            previous,
            keep,
            progress,
            sink,
            shared_key,
        }
    }

    /// Every page of `jobs`, in their order.
    pub fn render_all(&self, jobs: &[Arc<Job>]) -> Vec<Page> {
        // List pages (the slowest single jobs) first, so no core is left waiting on one at
        // the end.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| jobs[i].template == "post.html");
        let mut rendered: Vec<(usize, Page)> = order
            .par_iter()
            .map(|&i| (i, self.render(&jobs[i])))
            .collect();
        rendered.sort_by_key(|(i, _)| *i);
        rendered.into_iter().map(|(_, r)| r).collect()
    }

    fn render(&self, j: &Job) -> Page {
        let site = self.site;
        let path = j.output_path().to_path_buf();
        let preview = preview_image(site, j, &self.images, self.cards);
        let key = self.key(j, &path, &preview);
        if self.keep
            && let Some((k, html, d)) = self.previous.get(&key)
            && *k == key
        {
            return (path, (key, html.clone(), d.clone()), false, false);
        }
        self.progress.inc();
        let mut d = Diagnostics::new();
        let mut values = context_values(site, j, preview);
        values.extend(j.vars.iter().cloned());
        let ctx = context(self.views, values);
        let url = site.urls.url(&j.route);
        let html = self
            .templates
            .render(&j.template, &ctx, j.source.as_deref(), &url, &mut d);
        if let (Some(sink), Some(bytes)) = (self.sink, &html) {
            // A write error is kept by the sink and reported when the build finishes.
            let _ = sink.put(&path, bytes);
            return (path, (key, None, d), true, true);
        }
        (path, (key, html, d), true, false)
    }

    /// A one-off build keeps nothing for later, so it skips the key. The key is made of what
    /// the page's values are made of, not of the values: hashing 10,000 posts' HTML again on
    /// every save would cost more than the rest of a rebuild.
    fn key(&self, j: &Job, path: &Path, preview: &Preview) -> u64 {
        let shared_key = self.shared_key;
        if !self.keep {
            return 0;
        }
        if let Some(k) = j.key {
            return crate::hashing::hash_of(&(shared_key, &j.template, k, preview));
        }
        let mut h = crate::hashing::key_hasher();
        std::hash::Hash::hash(
            &(
                shared_key,
                &j.template,
                path,
                &j.route,
                j.section,
                &j.title,
                &j.description,
                j.og_type,
                &j.published,
                &j.modified,
                preview,
            ),
            &mut h,
        );
        match j.vars_key {
            Some(k) => std::hash::Hash::hash(&k, &mut h),
            None => crate::hashing::hash_json(&mut h, &j.vars),
        }
        std::hash::Hasher::finish(&h)
    }
}

/// The rendered pages as outputs (their problems into `diags`), kept in `cache` for `serve`,
/// and how many there are.
pub fn collect(
    rendered: Vec<Page>,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) -> (BTreeMap<PathBuf, Output>, usize) {
    cache.rendered_pages = rendered.iter().filter(|r| r.2).count();
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
    let count = pages.len();
    (sorted_pages(pages, cache), count)
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

/// `og:locale` wants language_TERRITORY; a bare language gets its most common territory.
pub(crate) fn og_locale(language: &str) -> String {
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

/// A page's link-preview image (site URL) and its size.
type Preview = (Option<String>, Option<images::ImageInfo>);

/// The link-preview image of a page and its size. Chat apps and social sites show no preview
/// for SVG: the site's default image is preferred then.
fn preview_image(
    site: &Site,
    j: &Job,
    images: &images::Images,
    cards: Option<&cards::Cards>,
) -> Preview {
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
fn context_values(site: &Site, j: &Job, (image, info): Preview) -> Vec<(&'static str, views::TV)> {
    use serde_json::json;
    use views::tv;
    let url = site.urls.url(&j.route);
    let mut values = vec![
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
        ("current_url", url.clone().into()),
        ("section", j.section.into()),
        ("title", j.title.clone().into()),
        ("description", j.description.clone().into()),
        ("is_404", (j.section == "404").into()),
    ];
    if let Some(l) = &site.languages {
        values.extend(l.values(&url).iter().map(|(k, v)| (*k, tv(v))));
        let locales: Vec<String> = l.other_codes(&url).into_iter().map(og_locale).collect();
        values.push(("locale_alternates", tv(&json!(locales))));
    }
    values
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
