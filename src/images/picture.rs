//! The `<picture>` markup of a [`Set`]: WebP and fallback `srcset`s, `sizes` (capped at 2×
//! density on 3× phones), and the `width`/`height` that keep the picture's place before it loads.

use super::Set;
use crate::render::escape::escape;

/// The width a picture takes in a page's text column: the theme's `--measure` (44rem) on wide
/// screens, the screen less the column's 1rem paddings on phones.
pub const PROSE_SIZES: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/// Screens this dense get files chosen for 2× (see [`capped`]).
const DENSE: &str = "(min-resolution: 2.5dppx)";

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

/// `sizes` with every length scaled by 2/3, so that a 3× screen picks the file a 2× screen
/// would: at a phone's 400+ pixels per inch the difference cannot be seen, and it halves the
/// bytes. Each entry's length is its last part at the top level (`44rem`, `calc(…)`).
pub fn capped(sizes: &str) -> String {
    let mut entries = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in sizes.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(&sizes[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    entries.push(&sizes[start..]);
    entries
        .iter()
        .map(|e| {
            let e = e.trim();
            let mut depth = 0i32;
            let mut cut = 0;
            for (i, c) in e.char_indices().rev() {
                match c {
                    ')' => depth += 1,
                    '(' => depth -= 1,
                    c if c.is_whitespace() && depth == 0 => {
                        cut = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            let (condition, length) = e.split_at(cut);
            format!("{condition}calc({length} * 2 / 3)")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn html(set: &Set, a: &Attrs) -> String {
    let sizes = escape(a.sizes);
    let dense = if set.webp.len() > 1 {
        format!(
            "<source type=\"image/webp\" media=\"{DENSE}\" srcset=\"{}\" sizes=\"{}\">",
            escape(&srcset(&set.webp)),
            escape(&capped(a.sizes)),
        )
    } else {
        String::new()
    };
    let mut out = format!(
        "<picture>{dense}<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
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

#[cfg(test)]
mod tests {
    #[test]
    fn capped_sizes_scale_every_length() {
        assert_eq!(
            super::capped("(min-width: 46rem) 44rem, calc(100vw - 2rem)"),
            "(min-width: 46rem) calc(44rem * 2 / 3), calc(calc(100vw - 2rem) * 2 / 3)"
        );
        assert_eq!(super::capped("88px"), "calc(88px * 2 / 3)");
        assert_eq!(
            super::capped("(min-width: 33rem) and (max-width: 60rem) 13rem, 100vw"),
            "(min-width: 33rem) and (max-width: 60rem) calc(13rem * 2 / 3), calc(100vw * 2 / 3)"
        );
    }
}
