//! Text for cards: the Unicode bidi algorithm orders each line's runs (unicode-bidi),
//! HarfBuzz shaping (rustybuzz) joins Arabic letters and places marks, and greedy wrapping
//! keeps a title to a few lines, the last one ending in "…" if it had to be cut.

use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};

use super::fonts::{self, Font};

/// A glyph placed on a line: `x` from the line's left edge, `dy` up from the baseline (px).
pub struct Glyph {
    pub font: usize,
    pub id: u16,
    pub x: f32,
    pub dy: f32,
}

pub struct Line {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
}

/// Lines of one paragraph, and its direction (from its first strong character).
pub struct Block {
    pub lines: Vec<Line>,
    pub rtl: bool,
}

/// Shapes a run of text in one font and direction, from `x` on; returns the new `x`.
fn shape(
    font: &Font,
    text: &str,
    rtl: bool,
    px: f32,
    x: f32,
    id: usize,
    out: &mut Vec<Glyph>,
) -> f32 {
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buf.guess_segment_properties();
    let shaped = rustybuzz::shape(&font.face, &[], buf);
    let scale = px / f32::from(font.face.units_per_em() as u16);
    let mut x = x;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        out.push(Glyph {
            font: id,
            id: info.glyph_id as u16,
            x: x + pos.x_offset as f32 * scale,
            dy: pos.y_offset as f32 * scale,
        });
        x += pos.x_advance as f32 * scale;
    }
    x
}

/// Pieces of `range` that one font draws, in logical order.
fn by_font(fonts: &[Font], text: &str, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    let mut previous = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let f = fonts::pick(fonts, c, previous);
        previous = Some(f);
        match out.last_mut() {
            Some((g, r)) if *g == f => r.end = at + c.len_utf8(),
            _ => out.push((f, at..at + c.len_utf8())),
        }
    }
    out
}

/// One line: its bidi runs in visual order, each cut by font and shaped.
fn line(fonts: &[Font], info: &BidiInfo, range: Range<usize>, px: f32, tail: Option<&str>) -> Line {
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    let Some(para) = info.paragraphs.first() else {
        return Line { glyphs, width: 0.0 };
    };
    let rtl_para = para.level.is_rtl();
    let ellipsis = |x: f32, glyphs: &mut Vec<Glyph>| match tail {
        Some(t) => shape(
            &fonts[fonts::LATIN],
            t,
            rtl_para,
            px,
            x,
            fonts::LATIN,
            glyphs,
        ),
        None => x,
    };
    // The "…" ends the line in reading order: on the left of a right-to-left line.
    if rtl_para {
        x = ellipsis(x, &mut glyphs);
    }
    let (levels, runs) = info.visual_runs(para, range);
    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l: &Level| l.is_rtl());
        let mut pieces = by_font(fonts, info.text, run);
        if rtl {
            pieces.reverse();
        }
        for (f, r) in pieces {
            x = shape(&fonts[f], &info.text[r], rtl, px, x, f, &mut glyphs);
        }
    }
    if !rtl_para {
        x = ellipsis(x, &mut glyphs);
    }
    Line { glyphs, width: x }
}

/// Lays `text` out at `px` in lines at most `max_width` wide, at most `max_lines` of them.
pub fn layout(fonts: &[Font], text: &str, px: f32, max_width: f32, max_lines: usize) -> Block {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let info = BidiInfo::new(&text, None);
    let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c == ' ', start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < words.len() && lines.len() < max_lines {
        let last = lines.len() + 1 == max_lines;
        // The most words that fit; at least one, even if it is wider than the line.
        let mut j = i + 1;
        while j < words.len()
            && line(fonts, &info, words[i].start..words[j].end, px, None).width <= max_width
        {
            j += 1;
        }
        if last && j < words.len() {
            // Cut: keep as many words as fit with the "…".
            let mut k = j;
            while k > i + 1
                && line(
                    fonts,
                    &info,
                    words[i].start..words[k - 1].end,
                    px,
                    Some("…"),
                )
                .width
                    > max_width
            {
                k -= 1;
            }
            lines.push(line(
                fonts,
                &info,
                words[i].start..words[k - 1].end,
                px,
                Some("…"),
            ));
            break;
        }
        lines.push(line(
            fonts,
            &info,
            words[i].start..words[j - 1].end,
            px,
            None,
        ));
        i = j;
    }
    Block { lines, rtl }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(block: &Block) -> Vec<u16> {
        block
            .lines
            .iter()
            .flat_map(|l| &l.glyphs)
            .map(|g| g.id)
            .collect()
    }

    fn one_line(text: &str) -> Block {
        let fonts = fonts::all().unwrap();
        let b = layout(fonts, text, 68.0, 2000.0, 3);
        assert_eq!(b.lines.len(), 1, "{text}");
        b
    }

    #[test]
    fn arabic_letters_join_into_their_contextual_forms() {
        // لام alone, and starting a word: HarfBuzz picks the isolated and the initial form.
        let alone = ids(&one_line("ل"));
        let joined = ids(&one_line("لقاء"));
        assert_eq!(alone.len(), 1);
        assert_eq!(joined.len(), 4);
        // In a right-to-left line the word's first letter is its rightmost glyph.
        assert_ne!(joined[3], alone[0], "لام did not join the letter after it");
        // لا is one ligature glyph: "سلام" (4 letters) draws 3 glyphs.
        assert_eq!(ids(&one_line("سلام")).len(), 3);
        assert!(joined.iter().all(|&g| g != 0), "a letter the font lacks");
        assert!(
            one_line("لقاء").lines[0]
                .glyphs
                .iter()
                .all(|g| g.font == fonts::ARABIC)
        );
    }

    #[test]
    fn an_arabic_title_reads_right_to_left_with_its_first_word_on_the_right() {
        let first = ids(&one_line("لقاء"));
        let second = ids(&one_line("الصيف"));
        let both = one_line("لقاء الصيف");
        assert!(both.rtl);
        let got = ids(&both);
        // Visual order, left to right: the second word, the space, the first word.
        assert_eq!(&got[..second.len()], &second[..]);
        assert_eq!(&got[got.len() - first.len()..], &first[..]);
        let xs: Vec<f32> = both.lines[0].glyphs.iter().map(|g| g.x).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
        // An English word inside keeps its own left-to-right order, on the left of the first word.
        let mixed = one_line("لقاء Python");
        assert!(mixed.rtl);
        assert_eq!(ids(&mixed)[ids(&mixed).len() - first.len()..], first[..]);
        assert!(mixed.lines[0].glyphs[0].font == fonts::LATIN);
    }
}
