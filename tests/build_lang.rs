//! Language, direction, dates and escaping: what a Hebrew or English reader sees.

mod common;

use common::*;

fn html_attrs(built: &Built, page: &str) -> (Option<String>, Option<String>) {
    let doc = built.page(page);
    let html = doc.root_element();
    assert_eq!(html.value().name(), "html");
    (
        html.value().attr("lang").map(str::to_string),
        html.value().attr("dir").map(str::to_string),
    )
}

#[test]
fn hebrew_pages_are_lang_he_dir_rtl() {
    let built = he();
    for page in built.html_pages() {
        let (lang, dir) = html_attrs(built, &page);
        assert_eq!(lang.as_deref(), Some("he"), "{page}: <html lang>");
        assert_eq!(dir.as_deref(), Some("rtl"), "{page}: <html dir>");
    }
}

#[test]
fn english_pages_are_lang_en_dir_ltr() {
    let built = en();
    for page in built.html_pages() {
        let (lang, dir) = html_attrs(built, &page);
        assert_eq!(lang.as_deref(), Some("en"), "{page}: <html lang>");
        assert_eq!(dir.as_deref(), Some("ltr"), "{page}: <html dir>");
    }
}

/// The `<time>` elements of a page as (datetime, text).
fn times(doc: &scraper::Html) -> Vec<(String, String)> {
    doc.select(&sel("time"))
        .map(|t| {
            (
                t.value().attr("datetime").unwrap_or("").to_string(),
                text_of(t),
            )
        })
        .collect()
}

#[test]
fn hebrew_post_date_is_written_in_hebrew() {
    let doc = he().page("posts/welcome/");
    let times = times(&doc);
    assert!(
        times
            .iter()
            .any(|(dt, text)| dt.starts_with("2026-01-10") && text == "10 בינואר 2026"),
        "posts/welcome/ (dated 2026-01-10) should have <time datetime=\"2026-01-10…\">10 בינואר 2026</time>; <time>s: {times:?}"
    );
}

#[test]
fn english_post_date_is_written_in_english() {
    let doc = en().page("posts/hello/");
    let times = times(&doc);
    assert!(
        times
            .iter()
            .any(|(dt, text)| dt.starts_with("2026-01-10") && text == "January 10, 2026"),
        "posts/hello/ (dated 2026-01-10) should have <time datetime=\"2026-01-10…\">January 10, 2026</time>; <time>s: {times:?}"
    );
}

#[test]
fn event_time_without_offset_uses_the_site_timezone() {
    // `start: 2030-03-05 18:30` on a hub in Asia/Jerusalem (UTC+2 in early March)
    let doc = he().page("events/webinar/");
    let times = times(&doc);
    assert!(
        times
            .iter()
            .any(|(dt, _)| dt == "2030-03-05T18:30:00+02:00" || dt == "2030-03-05T18:30+02:00"),
        "events/webinar/ should have <time datetime=\"2030-03-05T18:30:00+02:00\">; <time>s: {times:?}"
    );
    let text = page_text(&doc);
    assert!(
        text.contains("18:30"),
        "the event page should show its start time 18:30; text: {text}"
    );
}

const TRICKY: &str = "Tips & \"tricks\" <b>2026</b>";

#[test]
fn title_with_markup_characters_is_escaped_not_injected() {
    let built = he();
    let doc = built.page("posts/tips/");
    let h1s: Vec<String> = doc.select(&sel("h1")).map(text_of).collect();
    assert_eq!(
        h1s.iter().filter(|t| *t == TRICKY).count(),
        1,
        "the post's <h1> text should be exactly {TRICKY:?} once; <h1>s: {h1s:?}"
    );
    let title = doc
        .select(&sel("head title"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(
        title.contains(TRICKY),
        "<title> should contain the title as text, got {title:?}"
    );
    for meta in doc.select(&sel("meta[property='og:title']")) {
        assert_eq!(meta.value().attr("content"), Some(TRICKY), "og:title");
    }
}

#[test]
fn no_page_lets_the_title_inject_markup() {
    let built = he();
    let mut seen = 0;
    for page in built.html_pages() {
        let doc = built.page(&page);
        // an injected `<b>2026</b>` would parse as a <b> element
        for b in doc.select(&sel("b")) {
            assert_ne!(text_of(b), "2026", "{page}: the title's <b> was injected");
        }
        // a `"` that closes an attribute early leaves stray attributes like `tricks"`
        for el in doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            for (name, _) in el.value().attrs() {
                assert!(
                    !name.contains("tricks") && !name.contains('"') && !name.contains('<'),
                    "{page}: stray attribute {name:?} on <{}> — an attribute value was not escaped",
                    el.value().name()
                );
            }
        }
        if page_text(&doc).contains(TRICKY) {
            seen += 1;
        }
    }
    assert!(
        seen >= 2,
        "the tricky title should appear as text on its page and at least one list, found on {seen} page(s)"
    );
}
