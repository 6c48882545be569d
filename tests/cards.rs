//! Generated link-preview cards: a page without an image gets a 1200×630 PNG as its
//! `og:image`, its title drawn on the side its script starts from; `previews.cards: false`
//! turns them off.

mod common;

use common::{HE, Hub};
use image::GenericImageView;
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
