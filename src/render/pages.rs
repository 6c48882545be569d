//! Every page of the plan through the theme's templates, in parallel (a kept page may come
//! back through [`Reuse`]); the values every page has besides its own (link preview,
//! permalink, section); and the pages as the output map, in path order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::job::Job;
use super::output::Output;
pub use super::page::{CachedPage, Page, Preview};
use super::reuse::Reuse;
use super::sink::Sink;
use super::templates::Templates;
use super::views::{self, Views};
use super::{cards, images};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::progress::Progress;

/// What every page is rendered with.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub views: &'a Views,
    pub templates: &'a Templates,
    pub images: images::Images,
    pub cards: Option<&'a cards::Cards<'a>>,
    /// Gives back a page kept from the last run (`serve`).
    pub reuse: &'a dyn Reuse,
    pub progress: &'a Progress,
    /// Where a build's pages go as soon as they are made (they are then not kept).
    pub sink: Option<&'a dyn Sink>,
}

impl Pages<'_> {
    /// Every page of `jobs`, in their order.
    pub fn render_all(&self, jobs: &[Arc<Job>]) -> Vec<Page> {
        // List pages (the slowest single jobs) first, so no core is left waiting on one at
        // the end.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| jobs[i].template == "post.html");
        let mut rendered: Vec<(usize, Page)> = order
            .par_iter()
            .map(|&i| (i, self.render(i, &jobs[i])))
            .collect();
        rendered.sort_by_key(|(i, _)| *i);
        rendered.into_iter().map(|(_, r)| r).collect()
    }

    fn render(&self, i: usize, j: &Job) -> Page {
        let path = j.output_path().to_path_buf();
        let preview = preview_image(self.site, j, &self.images, self.cards);
        let make = || self.make(j, &path, &preview);
        self.reuse.page(i, j, &path, &preview, &make)
    }

    fn make(&self, j: &Job, path: &Path, preview: &Preview) -> Page {
        let site = self.site;
        let path = path.to_path_buf();
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
            return (path, (0, None, d), true, true);
        }
        (path, (0, html, d), true, false)
    }
}

/// The rendered pages as outputs (their problems into `diags`), and how many there are.
pub fn collect(
    rendered: Vec<Page>,
    reuse: &mut dyn Reuse,
    diags: &mut Diagnostics,
) -> (BTreeMap<PathBuf, Output>, usize) {
    let mut pages: Vec<(PathBuf, Output)> = Vec::with_capacity(rendered.len());
    for (path, (_, html, d), _, written) in rendered {
        if !d.items().is_empty() {
            diags.extend(d);
        }
        let output = if written {
            Some(Output::Written)
        } else {
            html.map(Output::Bytes)
        };
        if let Some(o) = output {
            pages.push((path, o));
        }
    }
    let count = pages.len();
    (reuse.sorted_pages(pages), count)
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
fn context_values(site: &Site, j: &Job, (image, info): &Preview) -> Vec<(&'static str, views::TV)> {
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
