//! One hub, several languages: the `languages` fixture (Hebrew default, Arabic and English)
//! built under `/hub/`: each page's lang/dir, hreflang alternates, the switcher, per-language
//! lists, feeds and search, and the errors of misnamed translations.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::*;

const FIXTURE: &str = "languages";
const BASE_URL: &str = "https://x.github.io/hub/";

fn built() -> &'static Built {
    shared_build(FIXTURE, &[], BASE_URL)
}

/// The language a page is in, from its output path.
fn lang_of(page: &str) -> (&'static str, &'static str) {
    if page.starts_with("ar/") {
        ("ar", "rtl")
    } else if page.starts_with("en/") {
        ("en", "ltr")
    } else {
        ("he", "rtl")
    }
}

fn attr(doc: &scraper::Html, css: &str, name: &str) -> Option<String> {
    doc.select(&sel(css))
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

/// `hreflang` → full address, of a page's `<link rel=alternate hreflang>`s.
fn alternates(doc: &scraper::Html) -> BTreeMap<String, String> {
    doc.select(&sel("link[rel=alternate][hreflang]"))
        .map(|l| {
            let v = l.value();
            (
                v.attr("hreflang").unwrap().to_string(),
                v.attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

/// The output page (`ar/posts/marhaba/`) of a full address of this site.
fn page_of(href: &str) -> String {
    let rel = href
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{href} is not under {BASE_URL}"));
    rel.to_string()
}

/// Code → href of the switcher's links.
fn switcher(doc: &scraper::Html) -> BTreeMap<String, String> {
    doc.select(&sel("nav.lang-switch a"))
        .map(|a| {
            let v = a.value();
            assert_eq!(v.attr("lang"), v.attr("hreflang"), "switcher link {a:?}");
            (
                v.attr("lang").unwrap().to_string(),
                v.attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_page_has_the_lang_and_dir_of_its_language() {
    let b = built();
    let pages = b.html_pages();
    assert!(
        pages.iter().any(|p| p.starts_with("ar/")) && pages.iter().any(|p| p.starts_with("en/"))
    );
    for page in pages {
        let doc = b.page(&page);
        let html = doc.root_element().value();
        let (lang, dir) = lang_of(&page);
        assert_eq!(html.attr("lang"), Some(lang), "{page}: <html lang>");
        assert_eq!(html.attr("dir"), Some(dir), "{page}: <html dir>");
    }
}

#[test]
fn every_hreflang_alternate_exists_and_links_back_with_an_x_default() {
    let b = built();
    let mut seen = 0;
    for page in b.html_pages() {
        let doc = b.page(&page);
        let alts = alternates(&doc);
        if alts.is_empty() {
            continue;
        }
        seen += 1;
        let own = attr(&doc, "link[rel=canonical]", "href").unwrap();
        let (lang, _) = lang_of(&page);
        assert_eq!(
            alts.get(lang),
            Some(&own),
            "{page}: its own alternate is itself"
        );
        let default = alts
            .get("he")
            .unwrap_or_else(|| panic!("{page}: no he alternate"));
        assert_eq!(alts.get("x-default"), Some(default), "{page}: x-default");
        for (code, href) in &alts {
            let target = page_of(href);
            assert!(
                b.file(&target).is_file(),
                "{page}: {code} → {href} is not a page"
            );
            let back = alternates(&b.page(&target));
            assert_eq!(
                back.get(lang),
                Some(&own),
                "{page}: {href} does not link back"
            );
        }
    }
    assert!(seen >= 10, "only {seen} pages have alternates");
    // An untranslated page has none.
    assert!(alternates(&b.page("posts/meetup/")).is_empty());
}

#[test]
fn the_switcher_goes_to_the_translation_or_the_language_home() {
    let b = built();
    let ar = switcher(&b.page("ar/posts/marhaba/"));
    assert_eq!(ar["he"], b.url("posts/welcome/"));
    assert_eq!(ar["en"], b.url("en/posts/welcome/"));
    assert_eq!(ar["ar"], b.url("ar/posts/marhaba/"));
    let names: Vec<String> = b
        .page("ar/posts/marhaba/")
        .select(&sel("nav.lang-switch a"))
        .map(text_of)
        .collect();
    assert_eq!(names, ["עברית", "العربية", "English"]);
    let untranslated = switcher(&b.page("posts/meetup/"));
    assert_eq!(untranslated["ar"], b.url("ar/"));
    assert_eq!(untranslated["en"], b.url("en/"));
    let current = b.page("en/about/");
    let cur: Vec<_> = current
        .select(&sel("nav.lang-switch a[aria-current]"))
        .map(|a| a.value().attr("lang").unwrap().to_string())
        .collect();
    assert_eq!(cur, ["en"]);
    // A one-language page set has no switcher: see build_lang.rs hubs, checked here on one.
    assert!(
        he().page("")
            .select(&sel("nav.lang-switch"))
            .next()
            .is_none()
    );
}

fn feed(b: &Built, rel: &str) -> feed_rs::model::Feed {
    let text = fs::read_to_string(b.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

fn entry_texts(f: &feed_rs::model::Feed) -> Vec<String> {
    f.entries
        .iter()
        .map(|e| {
            let content = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .unwrap_or_default();
            let summary = e
                .summary
                .as_ref()
                .map(|s| s.content.clone())
                .unwrap_or_default();
            format!("{content}{summary}")
        })
        .collect()
}

#[test]
fn each_language_has_feeds_of_its_own_posts_in_its_language() {
    let b = built();
    for (dir, lang, own, count) in [
        ("ar/", "ar", "AR-", 2),
        ("en/", "en", "EN-", 1),
        ("", "he", "HE-", 3),
    ] {
        for file in ["rss.xml", "atom.xml", "feed.json"] {
            let rel = format!("{dir}{file}");
            let f = feed(b, &rel);
            let texts = entry_texts(&f);
            assert_eq!(texts.len(), count, "{rel}: {texts:?}");
            for t in &texts {
                assert!(t.contains(own), "{rel}: an entry of another language: {t}");
            }
            if file != "atom.xml" {
                assert_eq!(
                    f.language.as_deref().map(|l| &l[..2]),
                    Some(lang),
                    "{rel}: language"
                );
            }
            for e in &f.entries {
                let link = &e.links[0].href;
                assert!(
                    link.starts_with(&format!("{BASE_URL}{dir}posts/")),
                    "{rel}: {link}"
                );
            }
        }
        let ics = fs::read_to_string(b.out.join(format!("{dir}events.ics"))).unwrap();
        assert!(
            ics.lines().any(|l| l.starts_with("BEGIN:VCALENDAR")),
            "{dir}events.ics"
        );
    }
    // Arabic atom: the language is on the feed element.
    let atom = fs::read_to_string(b.out.join("ar/atom.xml")).unwrap();
    let doc = scraper::Html::parse_document(&atom);
    assert_eq!(attr(&doc, "feed", "xml:lang").as_deref(), Some("ar"));
}

#[test]
fn an_untranslated_post_is_in_no_other_language_list() {
    let b = built();
    let meetup = b.url("posts/meetup/");
    for page in b
        .html_pages()
        .into_iter()
        .filter(|p| !lang_of(p).0.eq("he"))
    {
        let doc = b.page(&page);
        let main = doc.select(&sel("main")).next().unwrap();
        for a in main.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert_ne!(href, meetup, "{page} lists the Hebrew-only post");
        }
        assert!(!page_text(&doc).contains("HE-ONLY-MARKER"), "{page}");
    }
    // It is listed in Hebrew, and the Arabic topic page lists the Arabic post.
    assert!(post_links(&b.page("posts/"), &b.base_path()).contains(&meetup));
    let ar_root = format!("{}ar/", b.base_path());
    let career = post_links(&b.page("ar/topics/career/"), &ar_root);
    assert_eq!(career, [b.url("ar/posts/marhaba/")]);
}

#[test]
fn every_link_stays_under_the_base_path_and_resolves() {
    let b = built();
    let broken = broken_links(&b.out, BASE_URL);
    assert!(broken.is_empty(), "{broken:#?}");
    // Files all languages share are written once, at the root.
    assert!(b.out.join("style.css").is_file() && !b.out.join("ar/style.css").exists());
    assert!(b.out.join("robots.txt").is_file() && !b.out.join("ar/robots.txt").exists());
}

#[test]
fn at_links_lead_to_the_translation_when_there_is_one() {
    let b = built();
    let doc = b.page("ar/about/");
    let hrefs: Vec<String> = doc
        .select(&sel("main a[href]"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(hrefs.contains(&b.url("ar/about/")), "{hrefs:?}");
    // join.md has no Arabic translation: its link leads to the Hebrew page.
    assert!(hrefs.contains(&b.url("join/")), "{hrefs:?}");
}

#[test]
fn a_roster_is_shared_by_its_cohort_translations() {
    let b = built();
    for page in ["cohorts/class-2024/", "ar/cohorts/class-2024/"] {
        let text = page_text(&b.page(page));
        assert!(text.contains("Noa Levi"), "{page}: the consenting member");
        assert!(
            !text.contains("Omar Haddad"),
            "{page}: a member who did not consent"
        );
    }
}

#[test]
fn search_has_one_index_per_language() {
    let b = built();
    for dir in ["", "ar/", "en/"] {
        let doc = b.page(&format!("{dir}search/"));
        let index = attr(&doc, "#search-results", "data-index").unwrap();
        assert_eq!(index, b.url(&format!("{dir}search/manifest.json")));
        assert!(b.out.join(format!("{dir}search/manifest.json")).is_file());
    }
}

#[test]
fn the_sitemap_lists_every_language_with_alternates() {
    let b = built();
    let xml = fs::read_to_string(b.out.join("sitemap.xml")).unwrap();
    let locs = sitemap_locs(&xml);
    for p in ["", "ar/", "en/about/", "ar/posts/marhaba/"] {
        assert!(
            locs.contains(&format!("{BASE_URL}{p}")),
            "{p} not in the sitemap"
        );
    }
    let doc = scraper::Html::parse_document(&xml);
    let url = doc
        .select(&sel("url"))
        .find(|u| u.text().collect::<String>().trim() == format!("{BASE_URL}ar/posts/marhaba/"))
        .unwrap();
    let links: BTreeMap<String, String> = url
        .select(&sel("*"))
        .filter(|e| e.value().name().ends_with("link"))
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(links["he"], format!("{BASE_URL}posts/welcome/"));
    assert_eq!(links["x-default"], format!("{BASE_URL}posts/welcome/"));
    assert_eq!(links["en"], format!("{BASE_URL}en/posts/welcome/"));
}

#[test]
fn a_file_in_an_unconfigured_language_is_an_error_with_a_hint() {
    let hub = Hub::new(FIXTURE);
    hub.write("content/join.fr.md", "---\ntitle: Rejoindre\n---\nx\n");
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    let out = run.all_output();
    assert!(out.contains("content/join.fr.md:1:1"), "{out}");
    assert!(
        out.contains("add `fr:` under `languages:` in site.yaml"),
        "{out}"
    );
}

#[test]
fn a_language_the_theme_has_no_strings_for_is_an_error_at_its_line() {
    let hub = Hub::new(FIXTURE);
    let site = fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    let site = site.replace(
        "languages:\n",
        "languages:\n  fr:\n    title: \"Anciens\"\n",
    );
    hub.write("site.yaml", &site);
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    let out = run.all_output();
    // `fr:` is on line 8 of the fixture's site.yaml now, the ar and en entries still pass.
    let line = out
        .lines()
        .find(|l| l.starts_with("error: site.yaml:8:"))
        .unwrap_or_else(|| panic!("no error at site.yaml:8\n{out}"));
    assert!(line.contains("fr"), "{line}");
    assert!(
        out.contains("i18n/fr.yaml"),
        "the hint names the file to add\n{out}"
    );
    // The shipped languages have every string.
    assert!(
        !out.contains("in \"ar\"") && !out.contains("in \"en\""),
        "{out}"
    );
}

#[test]
fn site_paths_in_a_translation_may_name_any_page_of_the_site() {
    let hub = Hub::new(FIXTURE);
    let about = fs::read_to_string(hub.root.join("content/about.ar.md")).unwrap();
    // join.md has no Arabic translation: /join/ is the Hebrew page.
    let links = "\n[join](/join/) [about](/ar/about/) [en](/en/) [he](/about/)\n";
    hub.write("content/about.ar.md", &format!("{about}{links}"));
    hub.build(&[])
        .assert_ok("links to pages of any language build");
    let page = hub.public().join("ar/about/index.html");
    let doc = scraper::Html::parse_document(&fs::read_to_string(page).unwrap());
    let hrefs: Vec<String> = doc
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for want in ["/hub/join/", "/hub/ar/about/", "/hub/en/", "/hub/about/"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
        let file = hub
            .public()
            .join(want.trim_start_matches("/hub/"))
            .join("index.html");
        assert!(file.is_file(), "{want} leads nowhere");
    }
    // A path that is no page of any language is still an error at its line.
    hub.write("content/about.ar.md", &format!("{about}\n[x](/nope/)\n"));
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.all_output()
            .contains("the link /nope/ points to nothing"),
        "{run}"
    );
}

#[test]
fn a_translation_without_its_original_is_an_error_with_a_hint() {
    let hub = Hub::new(FIXTURE);
    hub.write(
        "content/posts/2026-05-01-gone.ar.md",
        "---\ntitle: x\n---\nx\n",
    );
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    let out = run.all_output();
    assert!(
        out.contains("content/posts/2026-05-01-gone.ar.md:1:1"),
        "{out}"
    );
    assert!(
        out.contains("content/posts/2026-05-01-gone.md, which does not exist"),
        "{out}"
    );
}

#[test]
fn new_with_a_language_writes_its_translation_or_refuses_an_unknown_language() {
    let hub = Hub::new(FIXTURE);
    let root = hub.root.to_str().unwrap();
    let run = kehila(
        ["new", "page", "join", "--lang", "en", "--root", root],
        &hub.root,
    );
    assert!(run.ok(), "{run}");
    let text = fs::read_to_string(hub.root.join("content/join.en.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"join\"\n"), "{text}");
    // A post named after an existing one translates it, dated as it is.
    hub.write(
        "content/posts/2026-03-01-party.md",
        "---\ntitle: מסיבה\ntopics: [career]\n---\nx\n",
    );
    let run = kehila(
        ["new", "post", "party", "--lang", "ar", "--root", root],
        &hub.root,
    );
    assert!(run.ok(), "{run}");
    assert!(
        hub.root
            .join("content/posts/2026-03-01-party.ar.md")
            .is_file(),
        "{run}"
    );
    hub.build(&[])
        .assert_ok("the hub with the new translations builds");
    assert!(hub.public().join("ar/posts/party/index.html").is_file());
    assert!(hub.public().join("en/join/index.html").is_file());
    let run = kehila(
        ["new", "post", "x", "--lang", "fr", "--root", root],
        &hub.root,
    );
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.all_output()
            .contains("\"fr\" is not a language of this hub"),
        "{run}"
    );
}

#[test]
fn a_language_title_from_site_yaml_cannot_run_script() {
    let hub = Hub::new(FIXTURE);
    let site = fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    let evil = "<script>alert(1)</script>";
    let site = site.replace("title: \"مجتمع الخريجين\"", &format!("title: \"{evil}\""));
    assert!(site.contains(evil));
    hub.write("site.yaml", &site);
    hub.build(&[])
        .assert_ok("a hub with markup in a language's title builds");
    for page in html_files(&hub.public().join("ar")) {
        let text = fs::read_to_string(hub.public().join("ar").join(&page)).unwrap();
        let doc = scraper::Html::parse_document(&text);
        // JSON-LD is data (its `<` escaped as \u003c); every other script would run.
        for s in doc.select(&sel("script:not([type=\"application/ld+json\"])")) {
            assert!(
                !text_of(s).contains("alert(1)"),
                "ar/{page} runs the title as script"
            );
        }
    }
    // Shown as text instead.
    let home = scraper::Html::parse_document(
        &fs::read_to_string(hub.public().join("ar/index.html")).unwrap(),
    );
    let brand: Vec<String> = home.select(&sel(".brand-name")).map(text_of).collect();
    assert_eq!(brand, [evil]);
}
