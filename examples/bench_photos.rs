//! Writes the benchmark's photos: `cargo run --release --example bench_photos -- DIR COUNT`
//! gives COUNT distinct 4000×3000 JPEGs (2–4 MB each, deterministic: gradients, soft blobs
//! and grain that no encoder can squeeze to nothing), like a phone's photos of an evening.

use image::{ImageEncoder, RgbImage};

/// xorshift64*: the same photos on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn photo(n: u64) -> RgbImage {
    let (w, h) = (4000u32, 3000u32);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    // A coarse grid of colours, blended smoothly: the "scene".
    const G: usize = 9;
    let grid: Vec<[f32; 3]> = (0..G * G)
        .map(|_| [rng.unit() * 255.0, rng.unit() * 255.0, rng.unit() * 255.0])
        .collect();
    let tone = [rng.unit(), rng.unit(), rng.unit()];
    RgbImage::from_fn(w, h, |x, y| {
        let gx = x as f32 / w as f32 * (G - 1) as f32;
        let gy = y as f32 / h as f32 * (G - 1) as f32;
        let (ix, iy) = ((gx as usize).min(G - 2), (gy as usize).min(G - 2));
        let (fx, fy) = (gx - ix as f32, gy - iy as f32);
        let at = |i: usize, j: usize, c: usize| grid[j * G + i][c];
        // Fine detail: a pixel hash (grain) plus a ripple that varies per photo.
        let mut s = (u64::from(x) << 32 | u64::from(y)) ^ n.wrapping_mul(0x9E37_79B9);
        s = s.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        s ^= s >> 33;
        let grain = (s & 0xFF) as f32 / 255.0 - 0.5;
        let ripple = ((x as f32 * 0.05 + tone[0] * 40.0).sin() * (y as f32 * 0.031).cos()) * 10.0;
        let px = |c: usize| {
            let top = at(ix, iy, c) * (1.0 - fx) + at(ix + 1, iy, c) * fx;
            let bottom = at(ix, iy + 1, c) * (1.0 - fx) + at(ix + 1, iy + 1, c) * fx;
            let v = top * (1.0 - fy) + bottom * fy + grain * 28.0 + ripple + tone[c] * 20.0;
            v.clamp(0.0, 255.0) as u8
        };
        image::Rgb([px(0), px(1), px(2)])
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, count) = match &args[1..] {
        [d, c] => (
            std::path::PathBuf::from(d),
            c.parse::<u64>().expect("COUNT"),
        ),
        _ => {
            eprintln!("usage: bench_photos DIR COUNT");
            std::process::exit(2);
        }
    };
    std::fs::create_dir_all(&dir).expect("DIR");
    for n in 0..count {
        let path = dir.join(format!("p{n}.jpg"));
        if path.is_file() {
            continue;
        }
        let img = photo(n);
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
            .write_image(
                &img,
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgb8,
            )
            .expect("encode");
        std::fs::write(&path, &out).expect("write");
    }
}
