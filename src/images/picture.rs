//! The `<picture>` markup of a [`Set`]: WebP and fallback `srcset`s, `sizes`, and the
//! `width`/`height` that let the browser keep the picture's place before it loads.

use super::Set;
use crate::render::escape::escape;

/// The width a picture takes in a page's text column (the theme's `--measure`, 44rem).
pub const PROSE_SIZES: &str = "(min-width: 46rem) 44rem, 100vw";

/// How a picture sits in its page.
pub struct Attrs<'a> {
    pub alt: &'a str,
    pub title: Option<&'a str>,
    pub class: Option<&'a str>,
    pub sizes: &'a str,
    /// The first picture of a page is loaded and decoded at once; the others when scrolled near.
    pub lazy: bool,
}

fn srcset(list: &[(String, u32)]) -> String {
    list.iter()
        .map(|(u, w)| format!("{u} {w}w"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn html(set: &Set, a: &Attrs) -> String {
    let sizes = escape(a.sizes);
    let mut out = format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        escape(&srcset(&set.webp)),
        escape(set.src()),
        escape(&srcset(&set.fallback)),
        set.width,
        set.height,
        escape(a.alt),
    );
    if let Some(t) = a.title.filter(|t| !t.is_empty()) {
        out.push_str(&format!(" title=\"{}\"", escape(t)));
    }
    if let Some(c) = a.class {
        out.push_str(&format!(" class=\"{}\"", escape(c)));
    }
    out.push_str(if a.lazy {
        " loading=\"lazy\" decoding=\"async\"></picture>"
    } else {
        "></picture>"
    });
    out
}
