//! Generated link-preview cards: a page without an image gets a 1200×630 PNG as its
//! `og:image`, its title drawn on the side its script starts from; `previews.cards: false`
//! turns them off.

mod common;

use common::{HE, Hub};
use image::{GenericImageView, ImageEncoder, RgbImage};
use scraper::{Html, Selector};

fn meta(doc: &Html, property: &str) -> Option<String> {
    let s = Selector::parse(&format!("meta[property=\"{property}\"]")).unwrap();
    doc.select(&s)
        .next()
        .and_then(|m| m.attr("content"))
        .map(str::to_string)
}

/// The x range of the white text pixels in rows `rows` of the card of the page at `page`.
fn text_span(hub: &Hub, page: &str, rows: std::ops::Range<u32>) -> (u32, u32) {
    let html = std::fs::read_to_string(hub.public().join(page).join("index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let url = meta(&doc, "og:image").expect("an og:image");
    assert_eq!(meta(&doc, "og:image:width").as_deref(), Some("1200"));
    assert_eq!(meta(&doc, "og:image:height").as_deref(), Some("630"));
    let rel = url
        .strip_prefix("https://x.github.io/hub/")
        .unwrap_or_else(|| panic!("{url}"));
    let file = hub.public().join(rel);
    assert!(std::fs::metadata(&file).unwrap().len() <= 300 * 1024);
    let img = image::open(&file).unwrap();
    assert_eq!(img.dimensions(), (1200, 630));
    let (mut min, mut max, mut count) = (u32::MAX, 0, 0);
    for y in rows {
        for x in 0..1200 {
            let p = img.get_pixel(x, y);
            if p[0] > 200 && p[1] > 200 && p[2] > 200 {
                (min, max, count) = (min.min(x), max.max(x), count + 1);
            }
        }
    }
    assert!(
        count > 500,
        "{page}: hardly any text drawn ({count} pixels)"
    );
    (min, max)
}

#[test]
fn pages_without_an_image_get_a_card_with_the_title_on_its_own_side() {
    let hub = Hub::new(HE);
    hub.write(
        "content/posts/2026-04-01-shalom.md",
        "---\ntitle: מפגש קיץ\n---\nטקסט.\n",
    );
    hub.write(
        "content/posts/2026-04-02-arabic.md",
        "---\ntitle: لقاء الصيف\nslug: arabic\n---\nنص.\n",
    );
    hub.write(
        "content/posts/2026-04-03-english.md",
        "---\ntitle: Meetup\nslug: english\n---\nText.\n",
    );
    hub.build(&[]).assert_ok("build with cards");
    // Short right-to-left titles (and the Hebrew hub name) sit on the right half.
    let (min, max) = text_span(&hub, "posts/shalom", 0..630);
    assert!(
        min >= 600 && max > 1100,
        "Hebrew card has text at x={min}..{max}"
    );
    let (min, _) = text_span(&hub, "posts/arabic", 0..630);
    assert!(min >= 600, "Arabic card has text at x={min}");
    // The Arabic title's own rows: it starts at the right margin, like the Hebrew one.
    let (min, max) = text_span(&hub, "posts/arabic", 170..260);
    assert!(
        min >= 600 && max > 1100,
        "Arabic title spans x={min}..{max}"
    );
    // An English title starts on the left (its rows only: the hub's name is Hebrew).
    let (min, max) = text_span(&hub, "posts/english", 170..260);
    assert!(min < 100 && max < 600, "English title spans x={min}..{max}");
}

#[test]
fn cards_can_be_turned_off() {
    let hub = Hub::new(HE);
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write("site.yaml", &format!("{site}\npreviews:\n  cards: false\n"));
    hub.write(
        "content/posts/2026-04-01-shalom.md",
        "---\ntitle: מפגש קיץ\n---\nטקסט.\n",
    );
    hub.build(&[]).assert_ok("build without cards");
    assert!(!hub.public().join("_img/cards").exists());
    let html = std::fs::read_to_string(hub.public().join("posts/shalom/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    assert!(!meta(&doc, "og:image").is_some_and(|u| u.contains("/_img/cards/")));
}

#[test]
fn a_wrong_previews_setting_is_an_error_with_its_line() {
    let hub = Hub::new(HE);
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    let line = site.lines().count() + 3;
    hub.write("site.yaml", &format!("{site}\npreviews:\n  color: teal\n"));
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.all_output().contains(&format!("site.yaml:{line}:")),
        "{}",
        run.all_output()
    );
}

/// The card of the page at `page`, decoded.
fn card_of(hub: &Hub, page: &str) -> RgbImage {
    let html = std::fs::read_to_string(hub.public().join(page).join("index.html")).unwrap();
    let url = meta(&Html::parse_document(&html), "og:image").expect("an og:image");
    let rel = url.strip_prefix("https://x.github.io/hub/").unwrap();
    let file = hub.public().join(rel);
    assert!(std::fs::metadata(&file).unwrap().len() <= 300 * 1024);
    let img = image::open(&file).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1200, 630));
    img
}

fn count(
    img: &RgbImage,
    xs: std::ops::Range<u32>,
    ys: std::ops::Range<u32>,
    rgb: [u8; 3],
) -> usize {
    let near = |p: &image::Rgb<u8>| p.0.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 12);
    ys.flat_map(|y| xs.clone().map(move |x| (x, y)))
        .filter(|&(x, y)| near(img.get_pixel(x, y)))
        .count()
}

#[test]
fn cards_take_the_theme_colours_unless_site_yaml_names_one() {
    let hub = Hub::new(HE);
    // A theme of the hub's own whose author picked a wine accent and cream ink.
    hub.write(
        "themes/wine/static/style.css",
        ":root {\n  --accent: #7a1f3d;\n  --accent-text: #fff3d6;\n}\n",
    );
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write("site.yaml", &format!("{site}\ntheme: wine\n"));
    hub.write(
        "content/posts/2026-04-01-shalom.md",
        "---\ntitle: מפגש קיץ\n---\nטקסט.\n",
    );
    hub.build(&[]).assert_ok("build with the wine theme");
    let card = card_of(&hub, "posts/shalom");
    assert_eq!(card.get_pixel(10, 10).0, [0x7a, 0x1f, 0x3d]);
    // The title is drawn in the theme's ink: many pixels of it, none in white.
    assert!(count(&card, 0..1200, 170..330, [0xff, 0xf3, 0xd6]) > 500);
    assert_eq!(count(&card, 0..1200, 0..630, [255, 255, 255]), 0);

    // previews.color wins; white on a pale colour would not read, so the ink turns dark.
    hub.write(
        "site.yaml",
        &format!("{site}\ntheme: wine\npreviews:\n  color: \"#ffe98a\"\n"),
    );
    hub.build(&[]).assert_ok("build with previews.color");
    let card = card_of(&hub, "posts/shalom");
    assert_eq!(card.get_pixel(10, 10).0, [0xff, 0xe9, 0x8a]);
    assert!(count(&card, 0..1200, 170..330, [0x18, 0x21, 0x2b]) > 500);
}

fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    let px: Vec<u8> = (0..w * h).flat_map(|_| rgba).collect();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&px, w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

#[test]
fn the_logo_is_drawn_in_the_band_opposite_the_hub_name() {
    let hub = Hub::new(HE);
    std::fs::write(
        hub.root.join("static/images/logo.png"),
        png(400, 100, [255, 0, 255, 255]),
    )
    .unwrap();
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write(
        "site.yaml",
        &format!("{site}\npreviews:\n  logo: /images/logo.png\n"),
    );
    hub.write(
        "content/posts/2026-04-01-shalom.md",
        "---\ntitle: מפגש קיץ\n---\nטקסט.\n",
    );
    hub.build(&[]).assert_ok("build with a logo");
    let card = card_of(&hub, "posts/shalom");
    // Scaled to 288×72 (never over 320×72), in the bottom band, on the left: the hub's
    // name is Hebrew and takes the right.
    let magenta = [255, 0, 255];
    assert!(count(&card, 80..368, 520..630, magenta) > 280 * 68);
    assert_eq!(count(&card, 600..1200, 0..630, magenta), 0);
    assert_eq!(count(&card, 0..1200, 0..510, magenta), 0);
}

#[test]
fn a_missing_or_unusable_logo_is_an_error_at_its_line() {
    for (name, bytes) in [
        ("gone.png", None),
        ("broken.png", Some(b"not a png".to_vec())),
        (
            "logo.svg",
            Some(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()),
        ),
    ] {
        let hub = Hub::new(HE);
        if let Some(b) = bytes {
            std::fs::write(hub.root.join("static/images").join(name), b).unwrap();
        }
        let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
        let line = site.lines().count() + 3;
        hub.write(
            "site.yaml",
            &format!("{site}\npreviews:\n  logo: /images/{name}\n"),
        );
        let run = hub.build(&[]);
        assert_eq!(run.code, Some(1), "{name}: {run}");
        let out = run.all_output();
        assert!(
            out.contains(&format!("site.yaml:{line}:9: previews.logo: ")),
            "{name}: {out}"
        );
        assert!(
            out.contains(&format!("static/images/{name}")),
            "{name}: {out}"
        );
        assert!(out.contains("hint: "), "{name}: {out}");
    }
}

/// The bytes of the card of the page at `page` in the output folder `out`.
fn card_bytes(out: &std::path::Path, page: &str) -> Vec<u8> {
    let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
    let url = meta(&Html::parse_document(&html), "og:image").expect("an og:image");
    let rel = url.strip_prefix("https://x.github.io/hub/").unwrap();
    std::fs::read(out.join(rel)).unwrap()
}

#[test]
fn a_rebuild_into_the_previous_output_has_the_cards_a_new_output_would() {
    let hub = Hub::new(HE);
    let post = |slug: &str, title: &str| {
        hub.write(
            &format!("content/posts/2026-04-01-{slug}.md"),
            &format!("---\ntitle: {title}\nslug: {slug}\n---\nטקסט.\n"),
        );
    };
    post("a", "מפגש קיץ");
    post("b", "ערב חורף");
    hub.build(&[]).assert_ok("first build");
    let fresh = |name: &str| {
        let out = hub.root.parent().unwrap().join(name);
        common::build(&hub.root, &out, &[]).assert_ok("build into a new folder");
        (card_bytes(&out, "posts/a"), card_bytes(&out, "posts/b"))
    };
    let (a, b) = fresh("first");
    assert_eq!(card_bytes(&hub.public(), "posts/a"), a);
    assert_ne!(a, b);
    // The two titles swapped: each card in the output is the other's, not the old one.
    post("a", "ערב חורף");
    post("b", "מפגש קיץ");
    hub.build(&[]).assert_ok("rebuild with the titles swapped");
    let (a2, b2) = fresh("swapped");
    assert_eq!((&a2, &b2), (&b, &a));
    assert_eq!(card_bytes(&hub.public(), "posts/a"), a2);
    assert_eq!(card_bytes(&hub.public(), "posts/b"), b2);
    // A card changed by hand in the output (same size) is put right by the next build.
    let html = std::fs::read_to_string(hub.public().join("posts/a/index.html")).unwrap();
    let url = meta(&Html::parse_document(&html), "og:image").unwrap();
    let file = hub
        .public()
        .join(url.strip_prefix("https://x.github.io/hub/").unwrap());
    std::fs::write(&file, vec![0u8; a2.len()]).unwrap();
    hub.build(&[]).assert_ok("rebuild after a hand edit");
    assert_eq!(std::fs::read(&file).unwrap(), a2);
}
