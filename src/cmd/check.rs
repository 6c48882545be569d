//! `kehila check`: everything `build` does — load, model, render every page and feed in
//! memory — and writes nothing. Prints every problem and a one-line summary.

use std::path::Path;
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::pipeline;

/// Builds shorter than this show no progress bar.
pub const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_millis(800);

pub fn run(root: &Path, drafts: bool) -> i32 {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let opts = pipeline::Options {
        base_url: None,
        drafts,
        now: pipeline::now(),
        progress: crate::progress::Progress::for_terminal(false, PROGRESS_DELAY),
        sink: None,
        keep_markdown: false,
    };
    let result = pipeline::run(root, &opts, &mut diags);
    opts.progress.finish();
    super::print_diagnostics(&diags, root);
    match result {
        Some((_, outputs)) => {
            println!(
                "check: ok — {} pages and {} files would be written; {} ({} ms)",
                outputs.pages,
                outputs.files.len(),
                diags.counts(),
                started.elapsed().as_millis()
            );
            0
        }
        None => {
            eprintln!("check: {} — nothing was written", diags.counts());
            1
        }
    }
}
