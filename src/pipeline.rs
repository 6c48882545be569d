//! The whole pipeline in one call — load → model → render — shared by `build`, `check` and
//! `serve` (which keeps a [`Session`] so that the next run re-reads and re-renders only what
//! changed); outputs only when there were no errors, every problem reported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use crate::diagnostics::Diagnostics;
use crate::incremental::RenderMemo;
use crate::incremental::load::LoadMemo;
use crate::incremental::model::{ModelMemo, or_plain};
use crate::model::Site;
use crate::progress::Progress;
use crate::render::Outputs;
use crate::render::sink::Sink;
use crate::timings::Timings;
use crate::{config, load, model, render};

pub struct Options<'a> {
    pub base_url: Option<&'a str>,
    pub drafts: bool,
    /// The build's "now"; [`now`] gives the right default.
    pub now: Timestamp,
    /// Where to report progress (a terminal bar for long builds, or nothing).
    pub progress: Progress,
    /// Where a build sends pages and feeds as they are made (`None`: kept in the outputs).
    pub sink: Option<&'a dyn Sink>,
    /// Whether the returned site's entries keep their Markdown (`Entry::body`). A one-off
    /// run lets it go once every body is rendered (build and check read it no more; `digest`
    /// renders summaries from it). `serve`'s session keeps it either way.
    pub keep_markdown: bool,
}

/// "Now", or `SOURCE_DATE_EPOCH` when set, so a build can be reproduced exactly later.
pub fn now() -> Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| Timestamp::from_second(s).ok())
        .unwrap_or_else(Timestamp::now)
}

/// One clean run.
pub fn run(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Option<(Arc<Site>, Outputs)> {
    let mut session = Session::new(root);
    session.render = None;
    session.load = None;
    session.model = None;
    session.keep = false;
    session.run(opts, None, diags)
}

/// Caches kept between runs on the same hub.
pub struct Session {
    root: PathBuf,
    /// `None` for a one-off run, as for `model` and `render`.
    load: Option<LoadMemo>,
    /// `None` for a one-off run, as for `render`.
    model: Option<ModelMemo>,
    /// `None` for a one-off run: the plain render, nothing kept.
    render: Option<RenderMemo>,
    /// The hub's other languages' caches (`languages:`).
    languages: Vec<crate::languages::State>,
    keep: bool,
}

impl Session {
    pub fn new(root: &Path) -> Self {
        Session {
            root: root.to_path_buf(),
            load: Some(LoadMemo::default()),
            model: Some(Default::default()),
            render: Some(RenderMemo::default()),
            languages: Vec::new(),
            keep: true,
        }
    }

    /// How many pages the last run rendered (the rest came from the cache).
    pub fn rendered_pages(&self) -> usize {
        self.render.as_ref().map_or(0, RenderMemo::rendered_pages)
    }

    /// Runs the pipeline; `changed` files are re-read even if their size and time look the same.
    /// `changed` is what the watcher reported, or `None` when nobody knows (look at everything).
    pub fn run(
        &mut self,
        opts: &Options,
        changed: Option<&HashSet<PathBuf>>,
        diags: &mut Diagnostics,
    ) -> Option<(Arc<Site>, Outputs)> {
        let root = &self.root;
        let mut t = Timings::start();
        let config = config::load(root, opts.base_url, diags);
        t.lap("config");
        // Content is loaded even when site.yaml is broken, so its problems are reported too.
        opts.progress.stage("loading", 0);
        let sources = match self.load.as_mut() {
            Some(memo) => load::load_with(root, &mut memo.reload(root, changed), diags),
            None => load::load(root, diags),
        };
        t.lap("load");
        let config = config?;
        let theme = render::theme::load(root, &config.theme, diags);
        let languages: Vec<(&str, Option<crate::diagnostics::Pos>)> =
            std::iter::once((config.language.as_str(), config.language_pos))
                .chain(
                    config
                        .languages
                        .iter()
                        .map(|l| (l.code.as_str(), Some(l.pos))),
                )
                .collect();
        theme.check_languages(&languages, diags);
        t.lap("theme");
        let model_opts = model::build::Options {
            drafts: opts.drafts,
            now: opts.now,
        };
        let (site, outputs) = if config.languages.is_empty() {
            let sources = crate::languages::check_suffixes(sources, &config, diags);
            let mut site = Arc::new(model::build::build(
                config,
                sources,
                root,
                &model_opts,
                or_plain(self.model.as_mut(), &mut model::build::reuse::NoReuse),
                diags,
            ));
            t.lap("model");
            let run = render::Run {
                progress: &opts.progress,
                sink: opts.sink,
                outside: None,
            };
            let outputs = match self.render.as_mut() {
                Some(memo) => render::site_with(&site, &theme, root, run, memo, diags),
                None => render::site(&mut site, &theme, root, run, !opts.keep_markdown, diags),
            };
            (site, outputs)
        } else {
            let run = crate::languages::Run {
                root,
                theme: &theme,
                opts: &model_opts,
                progress: &opts.progress,
                sink: opts.sink,
                keep: self.keep,
            };
            let caches = crate::languages::DefaultCaches {
                model: self.model.as_mut(),
                render: self.render.as_mut(),
            };
            crate::languages::run(config, sources, &run, caches, &mut self.languages, diags)
        };
        t.lap("render");
        if diags.has_errors() {
            return None;
        }
        Some((site, outputs))
    }
}
