//! The one door through which kept results of an earlier render come in: each stage hands
//! [`Reuse`] a way to make its result and gets one back. A build passes [`NoReuse`], which
//! makes everything and keys nothing; `serve`'s memory (`crate::incremental`) keeps results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::job::Job;
use super::markdown::{Links, Rendered};
use super::output::{Deferred, Output, Outputs};
use super::page::{Page, Preview};
use super::run::Outside;
use super::templates::Templates;
use super::theme::Theme;
use super::views::{Bodies, PostValues, TV, Views};
use crate::diagnostics::Diagnostics;
use crate::images::Processor;
use crate::model::{Entry, Site, Urls};

/// Makes one body: its rendering and its problems.
pub type MakeBody<'a> = dyn Fn(&Entry) -> (Arc<Rendered>, Diagnostics) + Sync + 'a;
/// Makes the values of the post at this index of `site.posts`.
pub type MakePost<'a> = dyn Fn(usize) -> PostValues + Sync + 'a;
/// Makes the job of the post at this index of `site.posts`.
pub type MakeJob<'a> = dyn Fn(usize) -> Arc<Job> + Sync + 'a;
/// Checks one body's `/path` links against the finished site.
pub type CheckLinks<'a> = dyn FnMut(&Path, &Rendered) -> Diagnostics + 'a;

/// The shared template values a post's card points to: topic, cohort and leader refs.
pub type Refs<'a> = (
    &'a [serde_json::Value],
    &'a [serde_json::Value],
    &'a [serde_json::Value],
);

/// Where each render stage may take a kept result instead of making it. Every method is
/// handed what it needs to make the result, so an implementation decides only what is kept.
pub trait Reuse: Sync {
    /// The hub's image processor, begun for this run.
    fn processor(&mut self, root: &Path, urls: &Urls) -> Arc<Processor>;

    /// Every body of `lists`, in their order.
    fn bodies(
        &mut self,
        lists: &[Vec<&Entry>],
        links: &Links,
        make: &MakeBody,
    ) -> Vec<Vec<(Arc<Rendered>, Diagnostics)>>;

    /// Every post's card and page value, in `site.posts` order.
    fn post_values(
        &mut self,
        site: &Site,
        bodies: &Bodies,
        refs: Refs,
        make: &MakePost,
    ) -> Vec<PostValues>;

    /// The theme's compiled templates; `None` when they do not compile.
    fn templates(
        &mut self,
        site: &Site,
        theme: &Theme,
        make: &mut dyn FnMut() -> Option<Templates>,
    ) -> Option<Arc<Templates>>;

    /// A key of a list page's values (`shown` and the cards of the posts `idx`), if kept
    /// pages are looked up by key.
    fn vars_key(&self, views: &Views, shown: &[&TV], idx: &[usize]) -> Option<u64>;

    /// Every post's job, in `site.posts` order.
    fn post_jobs(&mut self, site: &Site, views: &Views, make: &MakeJob) -> Vec<Arc<Job>>;

    /// Called once before the other pages' jobs are made.
    fn begin_plan(&mut self, site: &Site);

    /// A list page's job: `j` with the values `vars` makes, or the last run's job when all
    /// but its values is the same and its `vars_key` too (so a save does not gather every
    /// listed post's card again for lists that did not change).
    fn list_job(&self, j: Job, vars: &dyn Fn() -> Vec<(&'static str, TV)>) -> Arc<Job>;

    /// Called once before the pages of a run are rendered.
    fn begin_pages(&mut self, site: &Site, views: &Views);

    /// One page, the `i`th job of the run (called in parallel).
    fn page(
        &self,
        i: usize,
        j: &Job,
        path: &Path,
        preview: &Preview,
        make: &dyn Fn() -> Page,
    ) -> Page;

    /// The pages of this run, once all are rendered.
    fn end_pages(&mut self, rendered: &[Page]);

    /// The pages as the output map, in path order.
    fn sorted_pages(&mut self, pages: Vec<(PathBuf, Output)>) -> BTreeMap<PathBuf, Output>;

    /// The feed files as a set made on first request and its paths, or `None` to make them
    /// with the pages.
    fn feeds(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
        jobs_title: &str,
    ) -> Option<(Arc<dyn Deferred>, Vec<PathBuf>)>;

    /// The search index as a set made on first request (`Some(None)`: search is off), or
    /// `None` to make it beside the pages.
    fn search(
        &mut self,
        site: &Arc<Site>,
        bodies: &Bodies,
        views: &Views,
    ) -> Option<Option<Arc<dyn Deferred>>>;

    /// The site-link problems of every body of `links`, each checked by `check`.
    fn site_links(
        &mut self,
        out: &Outputs,
        outside: Option<&Outside>,
        links: &[(&Path, Arc<Rendered>)],
        check: &mut CheckLinks,
        diags: &mut Diagnostics,
    );

    /// Whether processed images are made on first request rather than now.
    fn defer_images(&self) -> bool;
}

/// A one-off render: everything is made, nothing is keyed or kept.
pub struct NoReuse;

impl Reuse for NoReuse {
    fn processor(&mut self, root: &Path, urls: &Urls) -> Arc<Processor> {
        let p = Arc::new(Processor::new(root, urls.base_path()));
        p.begin_run();
        p
    }

    fn bodies(
        &mut self,
        lists: &[Vec<&Entry>],
        _: &Links,
        make: &MakeBody,
    ) -> Vec<Vec<(Arc<Rendered>, Diagnostics)>> {
        lists
            .iter()
            .map(|l| l.par_iter().map(|e| make(e)).collect())
            .collect()
    }

    fn post_values(
        &mut self,
        site: &Site,
        _: &Bodies,
        _: Refs,
        make: &MakePost,
    ) -> Vec<PostValues> {
        (0..site.posts.len()).into_par_iter().map(make).collect()
    }

    fn templates(
        &mut self,
        _: &Site,
        _: &Theme,
        make: &mut dyn FnMut() -> Option<Templates>,
    ) -> Option<Arc<Templates>> {
        make().map(Arc::new)
    }

    fn vars_key(&self, _: &Views, _: &[&TV], _: &[usize]) -> Option<u64> {
        None
    }

    fn post_jobs(&mut self, site: &Site, _: &Views, make: &MakeJob) -> Vec<Arc<Job>> {
        (0..site.posts.len()).into_par_iter().map(make).collect()
    }

    fn begin_plan(&mut self, _: &Site) {}

    fn list_job(&self, mut j: Job, vars: &dyn Fn() -> Vec<(&'static str, TV)>) -> Arc<Job> {
        j.vars = vars();
        Arc::new(j)
    }

    fn begin_pages(&mut self, _: &Site, _: &Views) {}

    fn page(&self, _: usize, _: &Job, _: &Path, _: &Preview, make: &dyn Fn() -> Page) -> Page {
        make()
    }

    fn end_pages(&mut self, _: &[Page]) {}

    fn sorted_pages(&mut self, pages: Vec<(PathBuf, Output)>) -> BTreeMap<PathBuf, Output> {
        pages.into_iter().collect()
    }

    fn feeds(
        &mut self,
        _: &Arc<Site>,
        _: &Bodies,
        _: &Views,
        _: &str,
    ) -> Option<(Arc<dyn Deferred>, Vec<PathBuf>)> {
        None
    }

    fn search(
        &mut self,
        _: &Arc<Site>,
        _: &Bodies,
        _: &Views,
    ) -> Option<Option<Arc<dyn Deferred>>> {
        None
    }

    fn site_links(
        &mut self,
        _: &Outputs,
        _: Option<&Outside>,
        links: &[(&Path, Arc<Rendered>)],
        check: &mut CheckLinks,
        diags: &mut Diagnostics,
    ) {
        for (file, r) in links {
            diags.extend(check(file, r));
        }
    }

    fn defer_images(&self) -> bool {
        false
    }
}
