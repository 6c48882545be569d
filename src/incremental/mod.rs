//! `serve`'s memory between runs, and the one place that decides what a change makes stale:
//! [`RenderMemo`] implements render's [`Reuse`], `model::ModelMemo` the model's, `load::LoadMemo`
//! the load's; one file per kept result. The plain pipeline never imports this.

pub mod feeds;
pub mod images;
pub mod jobs;
pub mod list_jobs;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod posts;
pub mod search;
pub mod site_links;
pub mod templates;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::images::Processor;
use crate::model::{Entry, Site, Urls};
use crate::render::job::Job;
use crate::render::markdown::{Links, Rendered};
use crate::render::output::Deferred;
use crate::render::pages::{Page, Preview};
use crate::render::reuse::{CheckLinks, MakeBody, MakeJob, MakePost, Refs, Reuse};
use crate::render::run::Outside;
use crate::render::templates::Templates;
use crate::render::theme::Theme;
use crate::render::views::{Bodies, PostValues, TV, Views};
use crate::render::{Output, Outputs};

/// What one site's renders keep for the next: each memo keyed by everything its result is
/// made of, so a render with it gives exactly what a clean render gives.
#[derive(Default)]
pub struct RenderMemo {
    images: images::ImageMemo,
    markdown: markdown::MarkdownMemo,
    posts: posts::PostMemo,
    templates: templates::TemplateMemo,
    jobs: jobs::JobMemo,
    list_jobs: list_jobs::ListJobMemo,
    pages: pages::PageMemo,
    feeds: feeds::FeedMemo,
    search: search::SearchMemo,
    links: site_links::LinkMemo,
}

impl RenderMemo {
    /// How many pages the last render actually rendered (the rest were kept).
    pub fn rendered_pages(&self) -> usize {
        self.pages.rendered
    }
}

impl Reuse for RenderMemo {
    fn processor(&mut self, root: &Path, urls: &Urls) -> Arc<Processor> {
        self.images.processor(root, urls)
    }

    fn bodies(
        &mut self,
        lists: &[Vec<&Entry>],
        links: &Links,
        make: &MakeBody,
    ) -> Vec<Vec<(Arc<Rendered>, Diagnostics)>> {
        self.markdown.bodies(lists, links, make)
    }

    fn post_values(
        &mut self,
        site: &Site,
        bodies: &Bodies,
        refs: Refs,
        make: &MakePost,
    ) -> Vec<PostValues> {
        self.posts.values(site, bodies, refs, make)
    }

    fn templates(
        &mut self,
        site: &Site,
        theme: &Theme,
        make: &mut dyn FnMut() -> Option<Templates>,
    ) -> Option<Arc<Templates>> {
        let (templates, new) = self.templates.get(site, theme, make);
        if new {
            // Every kept page was drawn by the old templates.
            self.pages.clear();
        }
        templates
    }

    fn vars_key(&self, views: &Views, shown: &[&TV], idx: &[usize]) -> Option<u64> {
        Some(pages::list_key(views, shown, idx))
    }

    fn post_jobs(&mut self, site: &Site, views: &Views, make: &MakeJob) -> Vec<Arc<Job>> {
        self.jobs.post_jobs(site, views, make)
    }

    fn begin_plan(&mut self, site: &Site) {
        self.list_jobs.begin(site);
    }

    fn list_job(&self, j: Job, vars: &dyn Fn() -> Vec<(&'static str, TV)>) -> Arc<Job> {
        self.list_jobs.job(j, vars)
    }

    fn begin_pages(&mut self, site: &Site, views: &Views) {
        self.pages.begin(site, views);
    }

    fn page(
        &self,
        i: usize,
        j: &Job,
        path: &Path,
        preview: &Preview,
        make: &dyn Fn() -> Page,
    ) -> Page {
        self.pages.page(i, j, path, preview, make)
    }

    fn end_pages(&mut self, rendered: &[Page]) {
        self.pages.end(rendered);
    }

    fn sorted_pages(&mut self, pages: Vec<(PathBuf, Output)>) -> BTreeMap<PathBuf, Output> {
        self.pages.sorted(pages)
    }

    fn feeds(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
        jobs_title: &str,
    ) -> Option<(Arc<dyn Deferred>, Vec<PathBuf>)> {
        Some(self.feeds.set(site, bodies, views, jobs_title))
    }

    fn search(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
    ) -> Option<Option<Arc<dyn Deferred>>> {
        let set = self.search.set(site, bodies, views);
        Some(set.map(|s| s as Arc<dyn Deferred>))
    }

    fn site_links(
        &mut self,
        out: &Outputs,
        outside: Option<&Outside>,
        links: &[(&Path, Arc<Rendered>)],
        check: &mut CheckLinks,
        diags: &mut Diagnostics,
    ) {
        self.links.check(out, outside, links, check, diags);
    }

    fn defer_images(&self) -> bool {
        true
    }
}
