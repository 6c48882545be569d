//! The output kinds made after the pages, in this order, by every `build`, `check` and `serve`:
//! a new output is a file with a [`Kind`] function and a line here. Pages, feeds, the search
//! index and images are wired in `site_with` itself: `serve` defers or reuses them (`Reuse`).

use super::kind::Kind;
use super::{aliases, digest_files, sitemap, static_files};

pub const KINDS: &[(&str, Kind)] = &[
    ("sitemap", sitemap::kind),
    ("digest", digest_files::kind),
    ("aliases", aliases::kind),
    // Last: a static file may not take the place of a file kehila makes.
    ("static files", static_files::kind),
];
