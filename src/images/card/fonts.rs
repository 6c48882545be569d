//! The fonts embedded for cards (Noto Sans Bold for Latin, Hebrew and Arabic; OFL, see
//! `assets/fonts/`) and which of them draws a character.

use std::sync::OnceLock;

pub struct Font {
    pub face: rustybuzz::Face<'static>,
    pub outlines: ab_glyph::FontRef<'static>,
}

pub const LATIN: usize = 0;
pub const HEBREW: usize = 1;
pub const ARABIC: usize = 2;

static DATA: [&[u8]; 3] = [
    include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansHebrew-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf"),
];

/// The fonts, parsed once. `None` only if an embedded file were broken (a build problem,
/// caught by the tests), so cards are then left out instead of failing the build.
pub fn all() -> Option<&'static [Font]> {
    static FONTS: OnceLock<Option<Vec<Font>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            DATA.iter()
                .map(|d| {
                    Some(Font {
                        face: rustybuzz::Face::from_slice(d, 0)?,
                        outlines: ab_glyph::FontRef::try_from_slice(d).ok()?,
                    })
                })
                .collect()
        })
        .as_deref()
}

/// The font of a character's own script, if it has one.
fn script_font(c: char) -> Option<usize> {
    match c as u32 {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some(HEBREW),
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(ARABIC)
        }
        _ if c.is_alphabetic() => Some(LATIN),
        _ => None,
    }
}

/// The font for `c`: its script's, else the previous character's when that font has it
/// (spaces and punctuation stay with their words), else the first that has it.
pub fn pick(fonts: &[Font], c: char, previous: Option<usize>) -> usize {
    if let Some(f) = script_font(c) {
        return f;
    }
    let has = |i: usize| fonts[i].face.glyph_index(c).is_some();
    match previous {
        Some(p) if has(p) => p,
        _ => (0..fonts.len()).find(|&i| has(i)).unwrap_or(LATIN),
    }
}
