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
use crate::config::languages::Language;
use crate::diagnostics::Diagnostics;
use crate::incremental::RenderMemo;
use crate::incremental::model::{ModelMemo, or_plain};
use crate::load::Sources;
use crate::model::Site;
use crate::model::build;
use crate::model::build::reuse::NoReuse;
use crate::progress::Progress;
use crate::render::sink::Sink;
use crate::render::theme::Theme;
use crate::render::{self, Output, Outputs};

/// What `serve` keeps between runs for one of the hub's other languages.
pub struct State {
    pub code: String,
    model: Option<ModelMemo>,
    /// `None` for a one-off build.
    render: Option<RenderMemo>,
}

impl State {
    fn new(code: &str, keep: bool) -> Self {
        let (model, render) = if keep {
            (Some(ModelMemo::default()), Some(RenderMemo::default()))
        } else {
            (None, None)
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
    pub model: Option<&'a mut ModelMemo>,
    pub render: Option<&'a mut RenderMemo>,
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
        or_plain(default.model, &mut NoReuse),
        diags,
    )];
    for ((lang, src), state) in config.languages.iter().zip(others).zip(states.iter_mut()) {
        let c = config_for(&config, lang);
        let mut plain = NoReuse;
        let model = or_plain(state.model.as_mut(), &mut plain);
        sites.push(build::build(c, src, run.root, run.opts, model, diags));
    }
    let map = Arc::new(alternates::map(&sites));
    let sites: Vec<Arc<Site>> = sites
        .into_iter()
        .enumerate()
        .map(|(current, mut s)| {
            let map = Arc::clone(&map);
            s.languages = Some(crate::model::translations::Alternates { map, current });
            Arc::new(s)
        })
        .collect();
    let out = render_all(&sites, run, default.render, states, &map, diags);
    (Arc::clone(&sites[0]), out)
}

/// Renders each language's site, the default first, and merges their outputs.
fn render_all(
    sites: &[Arc<Site>],
    run: &Run,
    default: Option<&mut RenderMemo>,
    states: &mut [State],
    map: &crate::model::translations::Map,
    diags: &mut Diagnostics,
) -> Outputs {
    let (theme, progress) = (run.theme, run.progress);
    let plain = render::Run {
        progress,
        sink: run.sink,
        outside: None,
    };
    let mut out = render_one(&sites[0], run, plain, default, diags);
    let mut maps = Vec::new();
    maps.extend(sitemap_bytes(out.files.get(Path::new("sitemap.xml"))));
    // A `/path` in a translation may name any page of the site made before it.
    // (Nothing to collect for a hub with one language.)
    let mut made: crate::hashing::HashSet<String> = if sites.len() > 1 {
        out.files
            .keys()
            .filter_map(|p| p.to_str().map(str::to_string))
            .collect()
    } else {
        Default::default()
    };
    let codes: Vec<String> = states.iter().map(|s| s.code.clone()).collect();
    for (n, (site, state)) in sites[1..].iter().zip(states.iter_mut()).enumerate() {
        let outside = render::run::Outside {
            own: state.code.clone(),
            files: Arc::new(made.clone()),
            later: codes[n + 1..].to_vec(),
        };
        let prefix = PathBuf::from(&state.code);
        let sink = run.sink.map(|inner| merge::Prefixed {
            prefix: &prefix,
            inner,
        });
        let sink = sink.as_ref().map(|s| s as &dyn Sink);
        let lang_run = render::Run {
            progress,
            sink,
            outside: Some(&outside),
        };
        let lang = render_one(site, run, lang_run, state.render.as_mut(), diags);
        made.extend(
            lang.files
                .keys()
                .filter_map(|p| p.to_str())
                .map(|p| format!("{}{}{p}", state.code, std::path::MAIN_SEPARATOR)),
        );
        let own_map = merge::merge(&mut out, lang, &state.code, theme);
        maps.extend(sitemap_bytes(own_map.as_ref()));
    }
    if !maps.is_empty() {
        let merged = sitemap::merged(&maps, map);
        out.files
            .insert("sitemap.xml".into(), Output::bytes(merged));
    }
    out
}

/// One language's site, with its memory when there is one.
fn render_one(
    site: &Arc<Site>,
    run: &Run,
    how: render::Run,
    memo: Option<&mut RenderMemo>,
    diags: &mut Diagnostics,
) -> Outputs {
    match memo {
        Some(m) => render::site_with(site, run.theme, run.root, how, m, diags),
        None => render::site_with(
            site,
            run.theme,
            run.root,
            how,
            &mut render::reuse::NoReuse,
            diags,
        ),
    }
}

/// The settings a language's pages are built with: its code and overrides over the default
/// language's, its pages under `BASE/code/`.
pub fn config_for(config: &Config, lang: &Language) -> Config {
    let mut c = config.clone();
    c.language = lang.code.clone();
    c.title = lang.title.clone().unwrap_or(c.title);
    c.description = lang.description.clone().or(c.description);
    if let Some(g) = &lang.goals {
        c.goals = g.clone();
    }
    if let Some(ch) = &lang.channels {
        c.channels = ch.clone();
    }
    c.languages = Vec::new();
    c.page_prefix = Some(lang.code.clone());
    c
}

fn sitemap_bytes(o: Option<&Output>) -> Option<Arc<Vec<u8>>> {
    match o? {
        Output::Bytes(b) => Some(Arc::clone(b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    fn load(yaml: &str) -> (Option<crate::config::Config>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        let mut d = Diagnostics::new();
        let c = crate::config::load(dir.path(), None, &mut d);
        let msgs = d
            .items()
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.pos.unwrap_or_default().line,
                    d.pos.unwrap_or_default().col,
                    d.message
                )
            })
            .collect();
        (c, msgs)
    }

    #[test]
    fn overrides_fall_back_to_the_default_language() {
        let (c, msgs) = load(
            "title: בוגרים\nbase_url: https://x.org/\ndescription: תיאור\nlanguages:\n  ar:\n    title: الخريجون\n  en:\n    description: Alumni\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        let c = c.unwrap();
        let codes: Vec<&str> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!((c.language.as_str(), codes), ("he", vec!["ar", "en"]));
        let ar = super::config_for(&c, &c.languages[0]);
        assert_eq!((ar.title.as_str(), ar.dir()), ("الخريجون", "rtl"));
        assert_eq!(ar.description.as_deref(), Some("תיאור"));
        let en = super::config_for(&c, &c.languages[1]);
        assert_eq!((en.title.as_str(), en.dir()), ("בוגרים", "ltr"));
        assert_eq!(en.description.as_deref(), Some("Alumni"));
    }

    #[test]
    fn unknown_keys_the_default_and_bad_codes_are_errors_at_their_lines() {
        let (c, msgs) = load(
            "title: x\nbase_url: https://x.org/\nlanguages:\n  he: {title: y}\n  ar:\n    titel: z\n  english: {}\n",
        );
        assert!(c.is_none());
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("4:3 \"he\" is the hub's default")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("6:5 unknown key \"titel\"")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("7:3 \"english\" is not a language code")),
            "{msgs:?}"
        );
    }
}
