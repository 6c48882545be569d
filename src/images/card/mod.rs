//! Link-preview cards: a 1200×630 PNG for a page without an image of its own, with the page's
//! title (shaped, right to left where it should be, at most three lines), its kind or topic
//! and the hub's name and logo, in the hub's colours (see [style]).

pub mod fonts;
pub mod style;
pub mod text;

use std::sync::Arc;

use ab_glyph::{Font as _, point};
use image::{Rgb, RgbImage};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
const PAD: f32 = 80.0;
const BAND: u32 = 110;

/// Everything a card shows; its hash is its cache key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    pub title: String,
    /// "Events", or a post's topic.
    pub kind: String,
    pub hub: String,
    pub background: [u8; 3],
    /// The colour of the words, chosen to read on `background`.
    pub ink: [u8; 3],
    pub logo: Option<Arc<style::Logo>>,
}

fn blend(img: &mut RgbImage, x: i32, y: i32, color: [u8; 3], a: f32) {
    if x < 0 || y < 0 || x >= WIDTH as i32 || y >= HEIGHT as i32 || a <= 0.0 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    for (c, v) in p.0.iter_mut().zip(color) {
        *c = (f32::from(*c) * (1.0 - a) + f32::from(v) * a).round() as u8;
    }
}

/// Draws a block's lines with their first baseline at `y`, aligned to the side they start from.
fn draw(
    img: &mut RgbImage,
    fonts: &[fonts::Font],
    block: &text::Block,
    px: f32,
    y: f32,
    step: f32,
    (color, alpha): ([u8; 3], f32),
) {
    for (n, line) in block.lines.iter().enumerate() {
        let left = if block.rtl {
            WIDTH as f32 - PAD - line.width
        } else {
            PAD
        };
        let base = y + n as f32 * step;
        for g in &line.glyphs {
            if g.id == 0 {
                // No font has this character (an emoji, say): leave it out rather than draw a box.
                continue;
            }
            let font = &fonts[g.font].outlines;
            let upm = font.units_per_em().unwrap_or(1000.0);
            let scale = ab_glyph::PxScale::from(px * font.height_unscaled() / upm);
            let glyph = ab_glyph::GlyphId(g.id)
                .with_scale_and_position(scale, point(left + g.x, base - g.dy));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|x, y, c| {
                    blend(
                        img,
                        b.min.x as i32 + x as i32,
                        b.min.y as i32 + y as i32,
                        color,
                        c * alpha,
                    );
                });
            }
        }
    }
}

impl Card {
    /// The card as PNG bytes.
    pub fn render(&self) -> Result<Vec<u8>, String> {
        let fonts = fonts::all().ok_or("the card fonts could not be read")?;
        let [r, g, b] = self.background;
        let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb(self.background));
        let dark = [r / 10 * 7, g / 10 * 7, b / 10 * 7];
        for y in HEIGHT - BAND..HEIGHT {
            for x in 0..WIDTH {
                img.put_pixel(x, y, Rgb(dark));
            }
        }
        let ink = self.ink;
        let width = WIDTH as f32 - 2.0 * PAD;
        let kind = text::layout(fonts, &self.kind, 34.0, width, 1);
        draw(&mut img, fonts, &kind, 34.0, 130.0, 0.0, (ink, 0.82));
        let mut px = 68.0;
        let mut title = text::layout(fonts, &self.title, px, width, 3);
        if title.lines.len() == 3 {
            // A long title gets a little smaller before it is cut.
            px = 60.0;
            title = text::layout(fonts, &self.title, px, width, 3);
        }
        draw(&mut img, fonts, &title, px, 235.0, px * 1.3, (ink, 1.0));
        // The hub's name starts on its script's side; the logo takes the other end of the band.
        let logo_width = self
            .logo
            .as_ref()
            .map_or(0.0, |l| l.pixels.width() as f32 + 40.0);
        let hub = text::layout(fonts, &self.hub, 36.0, width - logo_width, 1);
        let band_ink = style::ink(dark, Some(ink));
        draw(
            &mut img,
            fonts,
            &hub,
            36.0,
            (HEIGHT - BAND / 2 + 13) as f32,
            0.0,
            (band_ink, 0.95),
        );
        if let Some(logo) = &self.logo {
            let (w, h) = logo.pixels.dimensions();
            let x = if hub.rtl {
                PAD as i32
            } else {
                (WIDTH as f32 - PAD) as i32 - w as i32
            };
            let y = (HEIGHT - BAND / 2) as i32 - h as i32 / 2;
            for (lx, ly, p) in logo.pixels.enumerate_pixels() {
                let [pr, pg, pb, pa] = p.0;
                blend(
                    &mut img,
                    x + lx as i32,
                    y + ly as i32,
                    [pr, pg, pb],
                    f32::from(pa) / 255.0,
                );
            }
        }
        let mut out = Vec::new();
        image::ImageEncoder::write_image(
            // Fast deflate: a card is flat colour and text, so it stays far under 300 KB.
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            ),
            &img,
            WIDTH,
            HEIGHT,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
        Ok(out)
    }
}
