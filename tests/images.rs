//! Responsive images: a phone photo with EXIF orientation and GPS becomes upright WebP and
//! JPEG copies at the set widths with no metadata left, the page gets `<picture>` markup with
//! sizes, the second build reuses the cache, and broken images are errors, never panics.

mod common;
mod serve_support;

use std::path::Path;

use common::{EN, Hub, kehila_env};
use image::{GenericImageView, ImageEncoder, Rgb, RgbImage};
use scraper::{Html, Selector};

/// An APP1 segment with an EXIF block: orientation 6 (turn 90° clockwise to show) and a GPS
/// position (32° N), little-endian TIFF as phones write it.
fn exif_app1() -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes()); // IFD0 at 8
    // IFD0: 2 entries (8 + 2 + 24 + 4 = 38 → GPS IFD at 38)
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0]); // Orientation, SHORT
    t.extend(1u32.to_le_bytes());
    t.extend([6, 0, 0, 0]);
    t.extend([0x25, 0x88, 4, 0]); // GPSInfo, LONG
    t.extend(1u32.to_le_bytes());
    t.extend(38u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: 2 entries (38 + 2 + 24 + 4 = 68 → rationals at 68)
    t.extend(2u16.to_le_bytes());
    t.extend([0x01, 0x00, 2, 0]); // GPSLatitudeRef, ASCII "N\0"
    t.extend(2u32.to_le_bytes());
    t.extend([b'N', 0, 0, 0]);
    t.extend([0x02, 0x00, 5, 0]); // GPSLatitude, 3 RATIONAL
    t.extend(3u32.to_le_bytes());
    t.extend(68u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(32u32, 1u32), (47, 1), (1234, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((t.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}

/// A 4000×3000 JPEG as a phone stores it: red on the left, blue on the right, with EXIF
/// saying "turn me 90° clockwise" — so upright it is 3000×4000, red on top.
fn phone_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(4000, 3000, |x, _| {
        if x < 2000 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(&img, 4000, 3000, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1());
    out.extend(&jpeg[2..]);
    out
}

fn jpeg_of(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .write_image(&img, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    jpeg
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// (URL, width) pairs of a `srcset`.
fn srcset(v: &str) -> Vec<(String, u32)> {
    v.split(", ")
        .map(|c| {
            let (u, w) = c.rsplit_once(' ').unwrap();
            (u.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

fn made_and_reused(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("timing: images ("))
        .unwrap_or_else(|| panic!("no image timing line in:\n{stderr}"));
    let inner = line["timing: images (".len()..].split(')').next().unwrap();
    let nums: Vec<usize> = inner
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

fn build_timed(hub: &Hub) -> common::Run {
    let out = hub.public();
    kehila_env(
        [
            "build",
            "--root",
            hub.root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        hub.root.parent().unwrap(),
        &[("KEHILA_TIMINGS", "1")],
    )
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"Exif" || w == b"EXIF")
}

#[test]
fn a_phone_photo_becomes_upright_stripped_responsive_copies_made_once() {
    let hub = Hub::new(EN);
    let source = phone_photo();
    assert!(has_exif(&source));
    std::fs::write(hub.root.join("static/images/ceremony.jpg"), &source).unwrap();
    // Only the photo's files are counted here; cards have their own tests.
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write("site.yaml", &format!("{site}\npreviews:\n  cards: false\n"));
    hub.write(
        "content/posts/2026-03-01-ceremony.md",
        "---\ntitle: Ceremony\n---\nThe hall.\n\n![The graduates on stage](/images/ceremony.jpg)\n\n![Again](/images/ceremony.jpg)\n",
    );
    let run = build_timed(&hub);
    run.assert_ok("build with a phone photo");
    assert_eq!(made_and_reused(&run.stderr), (7, 0), "{}", run.stderr);

    let out = hub.public();
    let page = std::fs::read_to_string(out.join("posts/ceremony/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    let pictures: Vec<_> = doc.select(&sel(".prose picture")).collect();
    assert_eq!(pictures.len(), 2);
    for (i, pic) in pictures.iter().enumerate() {
        // 3× screens are offered the same WebP files as 2× ones, by sizes scaled by 2/3.
        let dense = pic.select(&sel("source[media]")).next().unwrap();
        assert_eq!(dense.attr("media"), Some("(min-resolution: 2.5dppx)"));
        assert_eq!(
            dense.attr("sizes"),
            Some("(min-width: 46rem) calc(44rem * 2 / 3), calc(calc(100vw - 2rem) * 2 / 3)")
        );
        let source = pic.select(&sel("source:not([media])")).next().unwrap();
        assert_eq!(dense.attr("srcset"), source.attr("srcset"));
        assert_eq!(source.attr("type"), Some("image/webp"));
        let img = pic.select(&sel("img")).next().unwrap();
        // Upright: 3000×4000 scaled to 1600 wide.
        assert_eq!(img.attr("width"), Some("1600"));
        assert_eq!(img.attr("height"), Some("2133"));
        assert!(img.attr("sizes").is_some() && source.attr("sizes").is_some());
        // Only pictures after the first wait for the reader to scroll near them.
        let lazy = img.attr("loading") == Some("lazy");
        assert_eq!(lazy, i > 0);
        assert_eq!(img.attr("decoding") == Some("async"), i > 0);
        for (set, ext) in [
            (source.attr("srcset").unwrap(), "webp"),
            (img.attr("srcset").unwrap(), "jpg"),
        ] {
            let set = srcset(set);
            assert_eq!(
                set.iter().map(|s| s.1).collect::<Vec<_>>(),
                [480, 960, 1600]
            );
            for (url, w) in set {
                assert!(url.ends_with(ext), "{url}");
                let bytes = std::fs::read(out.join(url.trim_start_matches('/'))).unwrap();
                assert!(!has_exif(&bytes), "{url} still carries EXIF");
                let decoded = image::load_from_memory(&bytes).unwrap();
                assert_eq!(decoded.dimensions(), (w, (w * 4 + 1) / 3));
                let h = decoded.height();
                let top = decoded.get_pixel(w / 2, h / 8);
                let bottom = decoded.get_pixel(w / 2, h * 7 / 8);
                assert!(
                    top[0] > 150 && top[2] < 100,
                    "{url}: top is not red: {top:?}"
                );
                assert!(
                    bottom[2] > 150 && bottom[0] < 100,
                    "{url}: bottom is not blue: {bottom:?}"
                );
            }
        }
        assert!(img.attr("src").unwrap().ends_with("-960.jpg"));
    }

    // The original stays at its address, but upright and without its EXIF.
    let original = std::fs::read(out.join("images/ceremony.jpg")).unwrap();
    assert!(
        !has_exif(&original),
        "the original was published with its EXIF"
    );
    assert_eq!(
        image::load_from_memory(&original).unwrap().dimensions(),
        (3000, 4000)
    );

    let run = build_timed(&hub);
    run.assert_ok("second build");
    assert_eq!(made_and_reused(&run.stderr), (0, 7), "{}", run.stderr);
    assert!(out.join("_img/images/ceremony-jpg-480.webp").is_file());
}

#[test]
fn leader_photos_are_cut_square_and_small_pictures_are_not_enlarged() {
    let hub = Hub::new(EN);
    std::fs::write(hub.root.join("static/images/sam.jpg"), jpeg_of(1000, 600)).unwrap();
    std::fs::write(hub.root.join("static/images/tiny.png"), {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(
                &[10u8; 300 * 200 * 4],
                300,
                200,
                image::ExtendedColorType::Rgba8,
            )
            .unwrap();
        png
    })
    .unwrap();
    let leader = std::fs::read_to_string(hub.root.join("content/leaders/sam.md")).unwrap();
    hub.write(
        "content/leaders/sam.md",
        &leader.replace("photo: /images/sam.svg", "photo: /images/sam.jpg"),
    );
    hub.write(
        "content/posts/2026-03-02-small.md",
        "---\ntitle: Small\n---\n![a small transparent logo](/images/tiny.png)\n",
    );
    hub.build(&[]).assert_ok("build");
    let out = hub.public();
    let doc =
        Html::parse_document(&std::fs::read_to_string(out.join("leaders/sam/index.html")).unwrap());
    let img = doc
        .select(&sel(".profile-header picture img"))
        .next()
        .expect("a picture");
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("320"), Some("320"))
    );
    for (url, w) in srcset(img.attr("srcset").unwrap()) {
        let d = image::open(out.join(url.trim_start_matches('/'))).unwrap();
        assert_eq!(d.dimensions(), (w, w));
    }
    let doc =
        Html::parse_document(&std::fs::read_to_string(out.join("posts/small/index.html")).unwrap());
    let img = doc.select(&sel(".prose picture img")).next().unwrap();
    assert_eq!(img.attr("width"), Some("300"));
    let set = srcset(img.attr("srcset").unwrap());
    assert_eq!(set.len(), 1);
    // A transparent PNG keeps a PNG fallback.
    assert!(set[0].0.ends_with(".png"), "{:?}", set);
}

#[test]
fn broken_images_are_errors_with_positions_never_panics() {
    let full = jpeg_of(800, 600);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.jpg", b"this is not a picture at all".to_vec()),
        ("truncated.jpg", full[..full.len() / 3].to_vec()),
        ("header-only.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("empty.webp", Vec::new()),
    ];
    for (name, bytes) in cases {
        let hub = Hub::new(EN);
        std::fs::write(hub.root.join("static/images").join(name), &bytes).unwrap();
        hub.write(
            "content/posts/2026-03-03-broken.md",
            &format!("---\ntitle: Broken\n---\nText.\n\n![x](/images/{name})\n"),
        );
        let run = hub.build(&[]);
        assert!(matches!(run.code, Some(0) | Some(1)), "{name}: {run}");
        if name == "truncated.jpg" && run.ok() {
            // The decoder filled in what was missing: the page must still be whole.
            assert!(hub.public().join("posts/broken/index.html").is_file());
            continue;
        }
        assert_eq!(run.code, Some(1), "{name}: {run}");
        let out = run.all_output();
        let at = Path::new("content/posts/2026-03-03-broken.md")
            .display()
            .to_string();
        assert!(
            out.contains(&format!("{at}:6:1")) || out.contains(&format!("static/images/{name}")),
            "{name}: {out}"
        );
        assert!(out.contains(name), "{name}: {out}");
    }
}

#[test]
fn serve_makes_a_picture_when_it_is_asked_for() {
    let hub = Hub::new(EN);
    std::fs::write(hub.root.join("static/images/p.jpg"), jpeg_of(2000, 1500)).unwrap();
    hub.write(
        "content/posts/2026-03-04-photo.md",
        "---\ntitle: Photo\n---\n![a photo](/images/p.jpg)\n",
    );
    let s = serve_support::Served::start(&hub.root);
    let page = s.get("posts/photo/");
    assert_eq!(page.status, 200);
    let doc = Html::parse_document(&page.text());
    let source = doc
        .select(&sel(".prose picture source"))
        .next()
        .expect("a picture");
    for (url, w) in srcset(source.attr("srcset").unwrap()) {
        let r = s.get(url.strip_prefix(&s.base_path).unwrap());
        assert_eq!(r.status, 200, "{url}");
        assert_eq!(r.content_type(), "image/webp");
        let img = image::load_from_memory(&r.body).unwrap();
        assert_eq!(img.width(), w);
    }
}

/// A 1200×400 photo in three bands: red, green (the middle) and blue.
fn three_bands() -> Vec<u8> {
    let img = RgbImage::from_fn(1200, 400, |x, _| match x / 400 {
        0 => Rgb([220, 30, 30]),
        1 => Rgb([30, 200, 30]),
        _ => Rgb([30, 30, 220]),
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(&img, 1200, 400, image::ExtendedColorType::Rgb8)
        .unwrap();
    jpeg
}

/// The colour at the middle of every file of the leader's profile picture.
fn profile_centres(hub: &Hub) -> Vec<[u8; 3]> {
    let out = hub.public();
    let doc =
        Html::parse_document(&std::fs::read_to_string(out.join("leaders/sam/index.html")).unwrap());
    let pic = doc
        .select(&sel(".profile-header picture"))
        .next()
        .expect("a picture");
    let mut urls = srcset(
        pic.select(&sel("source"))
            .next()
            .unwrap()
            .attr("srcset")
            .unwrap(),
    );
    urls.extend(srcset(
        pic.select(&sel("img"))
            .next()
            .unwrap()
            .attr("srcset")
            .unwrap(),
    ));
    urls.iter()
        .map(|(url, w)| {
            let d = image::open(out.join(url.trim_start_matches('/')))
                .unwrap()
                .to_rgb8();
            assert_eq!(d.dimensions(), (*w, *w), "{url}");
            d.get_pixel(w / 2, w / 2).0
        })
        .collect()
}

#[test]
fn focus_keeps_its_point_of_a_leader_photo_in_the_square() {
    let hub = Hub::new(EN);
    std::fs::write(hub.root.join("static/images/sam.jpg"), three_bands()).unwrap();
    let leader = std::fs::read_to_string(hub.root.join("content/leaders/sam.md")).unwrap();
    let with_photo = leader.replace("photo: /images/sam.svg", "photo: /images/sam.jpg");
    hub.write("content/leaders/sam.md", &with_photo);
    hub.build(&[]).assert_ok("build");
    let green = |c: &[u8; 3]| c[1] > 150 && c[0] < 90 && c[2] < 90;
    let blue = |c: &[u8; 3]| c[2] > 150 && c[0] < 90 && c[1] < 90;
    // Without focus the square is the middle of the photo: green.
    assert!(profile_centres(&hub).iter().all(green));

    hub.write(
        "content/leaders/sam.md",
        &with_photo.replace("photo: ", "focus: \"90% 50%\"\nphoto: "),
    );
    hub.build(&[]).assert_ok("build with focus");
    let centres = profile_centres(&hub);
    assert!(
        centres.len() >= 2 && centres.iter().all(blue),
        "{centres:?}"
    );
    // The leader's card on the cohort page is cut the same way.
    let doc = Html::parse_document(
        &std::fs::read_to_string(hub.public().join("cohorts/class-2025/index.html")).unwrap(),
    );
    let card = doc
        .select(&sel("picture img.avatar"))
        .next()
        .expect("the leader's avatar");
    let (url, w) = srcset(card.attr("srcset").unwrap()).remove(0);
    let d = image::open(hub.public().join(url.trim_start_matches('/')))
        .unwrap()
        .to_rgb8();
    assert!(blue(&d.get_pixel(w / 2, w / 2).0));
}

#[test]
fn a_bad_focus_is_an_error_at_its_line_with_a_hint() {
    let hub = Hub::new(EN);
    std::fs::write(hub.root.join("static/images/sam.jpg"), three_bands()).unwrap();
    let leader = std::fs::read_to_string(hub.root.join("content/leaders/sam.md")).unwrap();
    for bad in ["top left", "150% 20%", "30 20"] {
        hub.write(
            "content/leaders/sam.md",
            &leader.replace(
                "photo: /images/sam.svg",
                &format!("photo: /images/sam.jpg\nfocus: {bad}"),
            ),
        );
        let run = hub.build(&[]);
        assert_eq!(run.code, Some(1), "{bad}: {run}");
        let out = run.all_output();
        let at = Path::new("content/leaders/sam.md").display().to_string();
        assert!(out.contains(&format!("{at}:5:8: focus:")), "{bad}: {out}");
        assert!(out.contains("hint: write two percentages"), "{bad}: {out}");
    }
}
