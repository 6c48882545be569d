//! One hub, several languages: the sources split by language (`split.rs`, `refs.rs`), one
//! `Site` per language, the translation map (`alternates.rs`), each language rendered by the
//! one pipeline and its outputs merged under `LANG/` (`merge.rs`, `sitemap.rs`).

pub mod alternates;
pub mod merge;
pub mod refs;
pub mod sitemap;
pub mod split;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::Sources;
use crate::model::Site;
use crate::model::build::{self, ModelCache};
use crate::progress::Progress;
use crate::render::cache::RenderCache;
use crate::render::sink::Sink;
use crate::render::theme::Theme;
use crate::render::{self, Output, Outputs};

/// What `serve` keeps between runs for one of the hub's other languages.
pub struct State {
    pub code: String,
    model: Option<ModelCache>,
    render: RenderCache,
}

impl State {
    fn new(code: &str, keep: bool) -> Self {
        let (model, render) = if keep {
            (Some(ModelCache::default()), RenderCache::default())
        } else {
            (ModelCache::one_off(), RenderCache::one_off())
        };
        State {
            code: code.to_string(),
            model,
            render,
        }
    }
}

/// Where the default language's model and render keep their memory.
pub struct DefaultCaches<'a> {
    pub model: Option<&'a mut ModelCache>,
    pub render: &'a mut RenderCache,
}

/// How the languages are built and where their files go.
pub struct Run<'a> {
    pub root: &'a Path,
    pub theme: &'a Theme,
    pub opts: &'a build::Options,
    pub progress: &'a Progress,
    pub sink: Option<&'a dyn Sink>,
    /// False for a one-off build.
    pub keep: bool,
}

/// A file name ending in an unconfigured language (`about.ar.md` in a one-language hub) is
/// an error; the sources are unchanged.
pub fn check_suffixes(sources: Sources, config: &Config, diags: &mut Diagnostics) -> Sources {
    if !sources
        .documents
        .iter()
        .any(|d| d.stem.rsplit_once('.').is_some())
    {
        return sources;
    }
    split::split(sources, &config.lang_primary(), &[], diags).0
}

/// Builds and renders every language of a hub with `languages:`: the default language as a
/// one-language hub would be (at the root), the others under `LANG/`.
pub fn run(
    config: Config,
    sources: Sources,
    run: &Run,
    default: DefaultCaches,
    states: &mut Vec<State>,
    diags: &mut Diagnostics,
) -> (Arc<Site>, Outputs) {
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    if states.iter().map(|s| &s.code).ne(codes.iter()) {
        *states = codes.iter().map(|c| State::new(c, run.keep)).collect();
    }
    let (own, others) = split::split(sources, &config.lang_primary(), &codes, diags);
    let mut sites = vec![build::build(
        config.clone(),
        own,
        run.root,
        run.opts,
        default.model,
        diags,
    )];
    for ((lang, src), state) in config.languages.iter().zip(others).zip(states.iter_mut()) {
        let c = config.for_language(lang);
        sites.push(build::build(
            c,
            src,
            run.root,
            run.opts,
            state.model.as_mut(),
            diags,
        ));
    }
    let map = Arc::new(alternates::Map::new(&sites.iter().collect::<Vec<_>>()));
    let sites: Vec<Arc<Site>> = sites
        .into_iter()
        .enumerate()
        .map(|(current, mut s)| {
            s.languages = Some(alternates::Alternates {
                map: Arc::clone(&map),
                current,
            });
            Arc::new(s)
        })
        .collect();
    let mut out = render::render_cached(
        &sites[0],
        run.theme,
        run.root,
        default.render,
        run.progress,
        run.sink,
        diags,
    );
    let mut maps = Vec::new();
    maps.extend(sitemap_bytes(out.files.get(Path::new("sitemap.xml"))));
    for (site, state) in sites[1..].iter().zip(states.iter_mut()) {
        let prefix = PathBuf::from(&state.code);
        let sink = run.sink.map(|inner| merge::Prefixed {
            prefix: &prefix,
            inner,
        });
        let lang = render::render_cached(
            site,
            run.theme,
            run.root,
            &mut state.render,
            run.progress,
            sink.as_ref().map(|s| s as &dyn Sink),
            diags,
        );
        let own_map = merge::merge(&mut out, lang, &state.code, run.theme);
        maps.extend(sitemap_bytes(own_map.as_ref()));
    }
    if !maps.is_empty() {
        let merged = sitemap::merged(&maps, &map);
        out.files
            .insert("sitemap.xml".into(), Output::bytes(merged));
    }
    let default_site = sites
        .into_iter()
        .next()
        .expect("the default language's site");
    (default_site, out)
}

fn sitemap_bytes(o: Option<&Output>) -> Option<Arc<Vec<u8>>> {
    match o? {
        Output::Bytes(b) => Some(Arc::clone(b)),
        _ => None,
    }
}
