//! Source images in: JPEG, PNG or WebP bytes → pixels the right way up. EXIF orientation is
//! applied here and every other piece of metadata is left behind, since outputs are encoded
//! from the pixels alone (phone photos carry GPS positions: personal data).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, metadata::Orientation};

/// What a source is, read from its header without decoding the pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// Size once the EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// PNG and WebP may be transparent: their fallback stays PNG.
    pub alpha: bool,
}

fn decoder(bytes: &[u8]) -> Result<Box<dyn ImageDecoder + '_>, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("it is not a JPEG, PNG or WebP image".into());
    }
    reader
        .into_decoder()
        .map(|d| Box::new(d) as Box<dyn ImageDecoder>)
        .map_err(|e| e.to_string())
}

fn turned(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The header of a source: its upright size and whether it may be transparent.
pub fn header(bytes: &[u8]) -> Result<Header, String> {
    let mut d = decoder(bytes)?;
    let orientation = d.orientation().unwrap_or(Orientation::NoTransforms);
    let (w, h) = d.dimensions();
    if w == 0 || h == 0 {
        return Err("the image has no pixels".into());
    }
    let (width, height) = if turned(orientation) { (h, w) } else { (w, h) };
    Ok(Header {
        width,
        height,
        alpha: d.color_type().has_alpha(),
    })
}

/// The pixels of a source, upright.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut d = decoder(bytes)?;
    let orientation = d.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(d).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}
