//! One processed file: an operation (a width, or a square crop) in one format, made from the
//! upright pixels of a source. Never larger than the source.

use image::{DynamicImage, ImageEncoder, imageops::FilterType};

use super::decode::Header;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// The format browsers without WebP get: PNG keeps transparency, JPEG is smaller.
    pub fn fallback(h: &Header) -> Format {
        if h.alpha { Format::Png } else { Format::Jpeg }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Scaled to this width, keeping the aspect ratio.
    Width(u32),
    /// A square of this side, cut around the focus point (per mille of width and height).
    Square { side: u32, focus: (u16, u16) },
}

impl Op {
    /// The size of the result for a source of `h`'s size.
    pub fn size(self, h: &Header) -> (u32, u32) {
        match self {
            Op::Width(w) => {
                let w = w.min(h.width);
                let ht = (u64::from(h.height) * u64::from(w) + u64::from(h.width) / 2)
                    / u64::from(h.width);
                (w, (ht as u32).max(1))
            }
            Op::Square { side, .. } => {
                let s = side.min(h.width.min(h.height));
                (s, s)
            }
        }
    }

    /// Applies the operation to upright pixels.
    pub fn apply(self, img: &DynamicImage) -> DynamicImage {
        let (w, h) = (img.width(), img.height());
        let head = Header {
            width: w,
            height: h,
            alpha: false,
        };
        match self {
            Op::Width(_) => {
                let (tw, th) = self.size(&head);
                if (tw, th) == (w, h) {
                    return img.clone();
                }
                img.resize_exact(tw, th, FilterType::Triangle)
            }
            Op::Square { focus, .. } => {
                let (side, _) = self.size(&head);
                let full = w.min(h);
                // The cut is centred on the focus point, then pushed back inside the picture.
                let centre = |len: u32, f: u16| {
                    let c = u64::from(len) * u64::from(f.min(1000)) / 1000;
                    let start = c.saturating_sub(u64::from(full) / 2);
                    start.min(u64::from(len - full)) as u32
                };
                let cut = img.crop_imm(centre(w, focus.0), centre(h, focus.1), full, full);
                if side == full {
                    cut
                } else {
                    cut.resize_exact(side, side, FilterType::Triangle)
                }
            }
        }
    }
}

/// WebP quality (libwebp's 0–100): 80 keeps photos free of visible artefacts at about a
/// third of a quality-90 JPEG's bytes.
const WEBP_QUALITY: f32 = 80.0;
const JPEG_QUALITY: u8 = 82;

/// Encodes pixels; no metadata is written in any format.
pub fn encode(img: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let bytes = if img.color().has_alpha() {
                let rgba = img.to_rgba8();
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height())
                    .encode(WEBP_QUALITY)
                    .to_vec()
            } else {
                let rgb = img.to_rgb8();
                webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
                    .encode(WEBP_QUALITY)
                    .to_vec()
            };
            out = bytes;
        }
        Format::Jpeg => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(
                    &rgb,
                    rgb.width(),
                    rgb.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let rgba = img.to_rgba8();
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    #[test]
    fn sizes_never_grow_and_keep_the_ratio() {
        let h = Header {
            width: 3000,
            height: 4000,
            alpha: false,
        };
        assert_eq!(Op::Width(480).size(&h), (480, 640));
        assert_eq!(Op::Width(9000).size(&h), (3000, 4000));
        let sq = Op::Square {
            side: 5000,
            focus: (500, 500),
        };
        assert_eq!(sq.size(&h), (3000, 3000));
    }

    #[test]
    fn a_square_is_cut_around_its_focus() {
        // Left half black, right half white: a focus on the right gives a white square.
        let img = DynamicImage::ImageRgb8(RgbImage::from_fn(400, 100, |x, _| {
            if x < 200 {
                Rgb([0, 0, 0])
            } else {
                Rgb([255, 255, 255])
            }
        }));
        let cut = |f| {
            Op::Square {
                side: 100,
                focus: (f, 500),
            }
            .apply(&img)
            .to_rgb8()
        };
        assert_eq!(cut(900).get_pixel(50, 50), &Rgb([255, 255, 255]));
        assert_eq!(cut(100).get_pixel(50, 50), &Rgb([0, 0, 0]));
        assert_eq!(cut(1000).dimensions(), (100, 100));
    }
}
