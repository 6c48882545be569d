//! The whole pipeline in one call — load → model → render — shared by `build` (which then
//! writes) and, later, `check` and `serve`. It runs every stage it can so one run reports as
//! many problems as possible, and returns outputs only when there were no errors.

use std::path::Path;

use jiff::Timestamp;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::Outputs;
use crate::{config, load, model, render};

pub struct Options<'a> {
    pub base_url: Option<&'a str>,
    pub drafts: bool,
    /// The build's "now"; [`now`] gives the right default.
    pub now: Timestamp,
}

/// "Now", or `SOURCE_DATE_EPOCH` when set, so a build can be reproduced exactly later.
pub fn now() -> Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| Timestamp::from_second(s).ok())
        .unwrap_or_else(Timestamp::now)
}

pub fn run(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Option<(Site, Outputs)> {
    let config = config::load(root, opts.base_url, diags);
    // Content is loaded even when site.yaml is broken, so its problems are reported too.
    let sources = load::load(root, diags);
    let config = config?;
    let theme = render::theme::load(root, &config.theme, diags);
    let site = model::build::build(
        config,
        sources,
        root,
        &model::build::Options {
            drafts: opts.drafts,
            now: opts.now,
        },
        diags,
    );
    let outputs = render::render(&site, &theme, root, diags);
    if diags.has_errors() {
        return None;
    }
    Some((site, outputs))
}
