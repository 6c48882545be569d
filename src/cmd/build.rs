//! `kehila build`: run the pipeline and write the site atomically into the output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::{output, pipeline};

pub struct Args {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// No progress bar and no summary line; problems are still printed.
    pub quiet: bool,
}

/// The exit status when the output folder is refused or cannot be written: the content may be
/// fine, so it is not 1 ("content errors"); see docs/cli.md.
pub const OUTPUT_REFUSED: i32 = 3;

pub fn run(args: &Args) -> i32 {
    let started = Instant::now();
    let root = &args.root;
    let out_dir = args.output.clone().unwrap_or_else(|| root.join("public"));
    let mut diags = Diagnostics::new();
    if let Err(d) = output::check_output_dir(root, &out_dir) {
        diags.push(d);
        super::print_diagnostics(&diags, root);
        return OUTPUT_REFUSED;
    }
    // Pages and feeds go to disk as they are rendered (see output::Staging). If the staging
    // folder cannot be made, the build still runs in memory so that content errors are
    // reported, and writing then reports why the folder is not writable.
    let staging = output::Staging::open(&out_dir).ok();
    let opts = pipeline::Options {
        base_url: args.base_url.as_deref(),
        drafts: args.drafts,
        now: pipeline::now(),
        progress: crate::progress::Progress::for_terminal(args.quiet, super::check::PROGRESS_DELAY),
        sink: staging
            .as_ref()
            .map(|s| s as &dyn crate::render::sink::Sink),
        keep_markdown: false,
    };
    let result = pipeline::run(root, &opts, &mut diags);
    let pipeline::Options { progress, .. } = opts;
    if result.is_none() {
        progress.finish();
    }
    super::print_diagnostics(&diags, root);
    let Some((site, outputs)) = result else {
        // Dropping the staging folder deletes what was written there.
        drop(staging);
        eprintln!(
            "build failed: {}; nothing was written ({} is unchanged)",
            diags.counts(),
            display(&out_dir)
        );
        return 1;
    };
    let mut t = crate::timings::Timings::start();
    let written = match staging {
        Some(s) => s.finish(&outputs, &progress),
        None => output::write(&outputs, &out_dir, &progress),
    };
    progress.finish();
    t.lap("write");
    if let Ok(Some(old)) = &written {
        remove_later(old);
    }
    if let Err(e) = written {
        let partly = e
            .get_ref()
            .is_some_and(|inner| inner.is::<output::PartlyUpdated>());
        let state = if partly {
            "every file there is whole, but some are from this build and some from the last one until the next build"
        } else {
            "the previous site there is unchanged"
        };
        eprintln!(
            "error: could not write the site into {}: {e}\n  hint: check that the folder is writable; {state}",
            display(&out_dir)
        );
        return OUTPUT_REFUSED;
    }
    if !args.quiet {
        println!(
            "built {} pages ({} files) into {} in {} ms",
            outputs.pages,
            outputs.files.len(),
            display(&out_dir),
            started.elapsed().as_millis()
        );
    }
    // The process ends now and the system takes its memory back at once; freeing a big
    // site's model and file list piece by piece first took 0.1–0.2 s at 50,000 posts.
    std::mem::forget((site, outputs));
    0
}

/// Deletes the previous site in a detached `kehila` process, so the build can return now; if
/// that process cannot start, deletes it here.
fn remove_later(old: &Path) {
    let spawned = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("__remove-old-output")
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if spawned.is_err() {
        let _ = output::remove_old(old);
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
