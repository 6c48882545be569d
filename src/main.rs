//! The `kehila` command line: parses arguments (clap) and hands each command to `cmd/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kehila::cmd;

/// kehila — a static-site generator for alumni community hubs.
#[derive(Parser)]
#[command(name = "kehila", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The hub folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this address instead of site.yaml's base_url (e.g. from GitHub Pages).
        #[arg(long)]
        base_url: Option<String>,
        /// Include posts and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print nothing but problems (no progress bar, no summary line).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check the whole hub (content, links, templates) and report every problem; write nothing.
    Check {
        /// The hub folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include posts and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Write the weekly digest (posts, job offers, coming events) for email, WhatsApp or Telegram.
    Digest {
        /// The hub folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Posts from this day on (YYYY-MM-DD) [default: the last 7 days].
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Posts of the last N days.
        #[arg(long, value_name = "N")]
        days: Option<u32>,
        /// The language of the digest's headings and dates [default: the hub's language].
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// email (HTML, plus FILE.txt beside it), whatsapp, telegram or text.
        #[arg(long, value_enum, default_value = "text")]
        format: DigestFormat,
        /// Write here instead of to the terminal.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Build, serve on 127.0.0.1 from memory, rebuild on every change and reload the browser.
    Serve {
        /// The hub folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (0 = any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include posts and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// (internal) Delete a previous output that `build` moved aside.
    #[command(name = "__remove-old-output", hide = true)]
    RemoveOldOutput { dir: PathBuf },
    /// Create a new hub with sample content and a GitHub Pages workflow.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Create a new content file with the right front matter.
    New {
        kind: cmd::new::Kind,
        /// The title (a leader's name).
        title: String,
        /// The hub folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// For a post: the topic it is filed under (default: the hub's first topic).
        #[arg(long)]
        topic: Option<String>,
        /// Write it in another language of the hub (`ar` writes `NAME.ar.md`, the
        /// translation of `NAME.md`); the language must be under `languages:` in site.yaml.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Clean a registration-form export (CSV) and write or merge it into a cohort's roster.
    Import {
        /// The exported CSV file.
        file: PathBuf,
        /// The cohort's slug: the roster is content/cohorts/SLUG.csv.
        #[arg(long)]
        cohort: String,
        /// The hub folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DigestFormat {
    Email,
    Whatsapp,
    Telegram,
    Text,
}

/// jemalloc instead of the system allocator. A build makes and frees millions of small
/// strings and template values, and `serve` frees a whole site version on every save; with
/// glibc the first allocation after such a free sorted hundreds of thousands of freed blocks
/// (20–50 ms per save at 10,000 posts). Measured in bench/README.md: the 10,000-post save
/// went from 189 to 115 ms median, the cold build's time and peak stayed the same.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// No `_rjem_malloc_conf`: jemalloc leaves huge pages to the system's setting. Asking for them
// (`thp:always`, sessions 3–12) made a one-off build's first touch of its heap a lottery on a
// VM whose free memory goes back to the host: a fresh 2 MB page took 0.12–12 ms per MB to
// touch, 4 KB pages a steady 0.33–0.43 (bench/first_touch.c). 10,000 posts, 8 alternating
// runs: median 0.92 s (0.81–1.53) with huge pages, 0.88 s (0.85–0.90) without; 100,000 posts
// after memory was freed: 24–26 s against 8.8–9.3 s. `serve`, which asked for them against
// TLB misses, is ~1.5 ms slower at the median and its slowest saves a third as slow
// (bench/README.md, "Session 13").

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            quiet,
        } => cmd::build::run(&cmd::build::Args {
            root,
            output,
            base_url,
            drafts,
            quiet,
        }),
        Command::Digest {
            root,
            since,
            days,
            lang,
            format,
            output,
        } => cmd::digest::run(&cmd::digest::Args {
            root,
            since,
            days,
            lang,
            format: match format {
                DigestFormat::Email => kehila::digest::Format::Email,
                DigestFormat::Whatsapp => kehila::digest::Format::Whatsapp,
                DigestFormat::Telegram => kehila::digest::Format::Telegram,
                DigestFormat::Text => kehila::digest::Format::Text,
            },
            output,
        }),
        Command::Check { root, drafts } => cmd::check::run(&root, drafts),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => kehila::serve::run(&kehila::serve::Options {
            root,
            port,
            bind,
            drafts,
            open,
        }),
        Command::RemoveOldOutput { dir } => i32::from(kehila::output::remove_old(&dir).is_err()),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::New {
            kind,
            title,
            root,
            topic,
            lang,
        } => cmd::new::run(&root, kind, &title, topic.as_deref(), lang.as_deref()),
        Command::Import { file, cohort, root } => cmd::import::run(&root, &file, &cohort),
    };
    ExitCode::from(code as u8)
}
