//! What a card is drawn with besides its words: the background (`previews.color`, else the
//! theme's `--accent`), an ink that reads on it (the theme's `--accent-text` when it does) and
//! the hub's logo (`previews.logo`), decoded and scaled once per build.

use std::hash::{Hash, Hasher};

use image::{RgbaImage, imageops::FilterType};

/// The default theme's accent, for a theme that names none.
pub const DEFAULT_BACKGROUND: [u8; 3] = [0x0d, 0x5c, 0x63];
const WHITE: [u8; 3] = [255, 255, 255];
/// The default theme's `--text`: the ink for light backgrounds.
const DARK: [u8; 3] = [0x18, 0x21, 0x2b];
/// The largest a logo is drawn: it sits in the card's bottom band.
pub const LOGO_BOX: (u32, u32) = (320, 72);

/// A logo's pixels, fitted into [`LOGO_BOX`]; the hash of its source is its cache key.
#[derive(Debug)]
pub struct Logo {
    pub source_hash: u64,
    pub pixels: RgbaImage,
}

impl Hash for Logo {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.source_hash.hash(h);
    }
}

impl PartialEq for Logo {
    fn eq(&self, other: &Self) -> bool {
        self.source_hash == other.source_hash
    }
}

impl Eq for Logo {}

/// A logo from the bytes of a PNG, JPEG or WebP; never enlarged.
pub fn logo(bytes: &[u8], source_hash: u64) -> Result<Logo, String> {
    let img = crate::images::decode::decode(bytes)?;
    let (w, h) = (img.width(), img.height());
    let scale = (f64::from(LOGO_BOX.0) / f64::from(w))
        .min(f64::from(LOGO_BOX.1) / f64::from(h))
        .min(1.0);
    let (tw, th) = (
        ((f64::from(w) * scale).round() as u32).max(1),
        ((f64::from(h) * scale).round() as u32).max(1),
    );
    let pixels = if (tw, th) == (w, h) {
        img.to_rgba8()
    } else {
        img.resize_exact(tw, th, FilterType::Lanczos3).to_rgba8()
    };
    Ok(Logo {
        source_hash,
        pixels,
    })
}

/// `--accent` and `--accent-text` from the first `:root { … }` of a theme's CSS, when they
/// are written as hex colours (a theme's light colours come first; dark mode overrides later).
pub fn theme_colours(css: &str) -> (Option<[u8; 3]>, Option<[u8; 3]>) {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let Some(block) = text.find(":root").and_then(|i| {
        let open = i + text[i..].find('{')? + 1;
        let close = open + text[open..].find('}')?;
        Some(&text[open..close])
    }) else {
        return (None, None);
    };
    let var = |name: &str| {
        block.split(';').find_map(|decl| {
            let (k, v) = decl.split_once(':')?;
            (k.trim() == name)
                .then(|| crate::config::previews::hex_colour(v, true))
                .flatten()
        })
    };
    (var("--accent"), var("--accent-text"))
}

fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `wanted` if it reads on `background` (WCAG AA for large text is 3; the card asks 4.5),
/// else white or dark, whichever reads better.
pub fn ink(background: [u8; 3], wanted: Option<[u8; 3]>) -> [u8; 3] {
    match wanted {
        Some(c) if contrast(c, background) >= 4.5 => c,
        _ if contrast(WHITE, background) >= contrast(DARK, background) => WHITE,
        _ => DARK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_from_the_first_root_block() {
        let css = "/* :root { --accent: #ffffff } */\n:root {\n  --bg: #fff;\n  --accent: #7a1f3d; /* wine */\n  --accent-text: #fefefe;\n}\n@media (prefers-color-scheme: dark) { :root { --accent: #000000; } }";
        assert_eq!(
            theme_colours(css),
            (Some([0x7a, 0x1f, 0x3d]), Some([0xfe, 0xfe, 0xfe]))
        );
        assert_eq!(theme_colours("body { color: red }"), (None, None));
        assert_eq!(
            theme_colours(":root { --accent: var(--brand); }"),
            (None, None)
        );
    }

    #[test]
    fn ink_reads_on_its_background() {
        assert_eq!(ink(DEFAULT_BACKGROUND, Some(WHITE)), WHITE);
        // White on pale yellow does not read: dark ink instead.
        assert_eq!(ink([0xff, 0xee, 0x88], Some(WHITE)), DARK);
        assert_eq!(ink([0xff, 0xee, 0x88], None), DARK);
        assert!(contrast(WHITE, [0, 0, 0]) > 20.9);
    }
}
