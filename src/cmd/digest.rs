//! `kehila digest`: checks the hub like `check`, then writes the digest of a date window in
//! one format (email HTML with its text alternative, WhatsApp, Telegram, plain text) to a
//! file or to standard output.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::digest::{self, Digest, Format, Window};
use crate::pipeline;

pub struct Args {
    pub root: PathBuf,
    /// First day of the window (`YYYY-MM-DD`), in the hub's timezone.
    pub since: Option<String>,
    /// Days back from now (default 7).
    pub days: Option<u32>,
    /// Language of the digest's own words and dates (default: the hub's).
    pub lang: Option<String>,
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// Between two chat messages on standard output or in the file.
pub const MESSAGE_BREAK: &str = "\n\n-------- 8< --------\n\n";

pub fn run(args: &Args) -> i32 {
    let root = &args.root;
    let mut diags = Diagnostics::new();
    if args.since.is_some() && args.days.is_some() {
        eprintln!("error: use --since or --days, not both");
        return 2;
    }
    let opts = pipeline::Options {
        base_url: None,
        drafts: false,
        now: pipeline::now(),
        progress: crate::progress::Progress::for_terminal(true, super::check::PROGRESS_DELAY),
        sink: None,
        keep_markdown: true,
    };
    let result = pipeline::run(root, &opts, &mut diags);
    super::print_diagnostics(&diags, root);
    let Some((site, _)) = result else {
        eprintln!("digest: {} — fix them first", diags.counts());
        return 1;
    };
    let window = match (&args.since, args.days) {
        (Some(s), _) => match s.trim().parse::<jiff::civil::Date>() {
            Ok(d) => Window::since(&site, d),
            Err(_) => {
                eprintln!("error: --since {s}: write the day as YYYY-MM-DD, e.g. 2026-12-01");
                return 2;
            }
        },
        (None, Some(n)) => Window::last_days(site.now, n as i64),
        (None, None) => Window::last_days(site.now, digest::DEFAULT_DAYS),
    };
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| site.config.lang_primary());
    let mut theme_diags = Diagnostics::new();
    let theme = crate::render::theme::load(root, &site.config.theme, &mut theme_diags);
    let strings = theme.strings(&lang);
    let summary = digest::summary_from_markdown(&site);
    let d = Digest::collect(&site, window, &lang, strings, &summary);
    let main = match args.format {
        Format::Email => digest::email::html(&d),
        Format::Text => digest::text::text(&d, Format::Text),
        Format::Whatsapp => digest::whatsapp::messages(&d).join(MESSAGE_BREAK) + "\n",
        Format::Telegram => digest::telegram::messages(&d).join(MESSAGE_BREAK) + "\n",
    };
    let Some(out) = &args.output else {
        print!("{main}");
        return 0;
    };
    let mut files = vec![(out.clone(), main)];
    if args.format == Format::Email {
        files.push((text_path(out), digest::text::text(&d, Format::Email)));
    }
    for (path, text) in &files {
        if let Err(e) = std::fs::write(path, text) {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(format!("could not write {}: {e}", path.display()))
                    .hint("check that the folder exists and that you may write there"),
            );
            super::print_diagnostics(&d, root);
            return 1;
        }
        eprintln!("digest: wrote {}", path.display());
    }
    0
}

/// `digest.html` → `digest.txt`, beside it.
pub fn text_path(out: &Path) -> PathBuf {
    out.with_extension("txt")
}
