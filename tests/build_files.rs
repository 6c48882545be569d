//! The site-wide files: sitemap, robots.txt, 404, .nojekyll, CNAME, static files.

mod common;

use std::fs;

use common::*;

/// Every content page the site must list in its sitemap, as site URLs without the host.
/// Paginated list pages (`/posts/page/N/`) and 404.html are not required.
fn pages_needing_a_sitemap_entry(built: &Built) -> Vec<String> {
    built
        .html_pages()
        .into_iter()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("posts/page/"))
        .filter(|p| !p.contains("/page/"))
        .map(|p| built.url(p.trim_end_matches("index.html")))
        .collect()
}

fn check_sitemap(built: &Built) {
    let xml = fs::read_to_string(built.out.join("sitemap.xml")).expect("sitemap.xml written");
    assert!(
        xml.trim_start().starts_with("<?xml"),
        "sitemap.xml starts with an XML declaration"
    );
    let locs = sitemap_locs(&xml);
    assert!(!locs.is_empty(), "sitemap.xml has no <loc>: {xml}");
    let mut paths = Vec::new();
    for loc in &locs {
        let Some(rest) = loc.strip_prefix(built.base_url.as_str()) else {
            panic!("sitemap <loc>{loc}</loc> is not under {}", built.base_url);
        };
        // each URL names a page that was written
        let path = format!("{}{}", built.base_path(), decode(rest));
        match resolve_link(&built.out, &built.base_url, loc) {
            Ok(Target::File { .. }) => {}
            other => panic!("sitemap <loc>{loc}</loc> does not name a written page: {other:?}"),
        }
        paths.push(path);
    }
    for page in pages_needing_a_sitemap_entry(built) {
        assert!(
            paths.contains(&page),
            "sitemap.xml lacks {page}; it has: {paths:?}"
        );
    }
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        paths.len(),
        "duplicate sitemap entries: {paths:?}"
    );
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    check_sitemap(he());
    check_sitemap(en());
}

#[test]
fn sitemap_and_robots_follow_the_base_url_flag() {
    let base = "https://example.net/alt/";
    let built = shared_build(HE, &["--base-url", base], base);
    check_sitemap(built);
    let robots = fs::read_to_string(built.out.join("robots.txt")).expect("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == "Sitemap: https://example.net/alt/sitemap.xml"),
        "robots.txt should point at the --base-url sitemap:\n{robots}"
    );
}

#[test]
fn sitemap_has_no_drafts() {
    let built = he();
    let xml = fs::read_to_string(built.out.join("sitemap.xml")).expect("sitemap.xml");
    for loc in sitemap_locs(&xml) {
        assert!(
            !decode(&loc).contains("secret-draft"),
            "sitemap lists the draft: {loc}"
        );
    }
    let with = shared_build(HE, &["--drafts"], HE_BASE_URL);
    let xml = fs::read_to_string(with.out.join("sitemap.xml")).expect("sitemap.xml");
    assert!(
        sitemap_locs(&xml)
            .iter()
            .any(|l| l == "https://x.github.io/hub/posts/secret-draft/"),
        "with --drafts the draft is in the sitemap"
    );
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    for (built, url) in [
        (he(), "https://x.github.io/hub/sitemap.xml"),
        (en(), "https://alumni.example.org/sitemap.xml"),
    ] {
        let robots = fs::read_to_string(built.out.join("robots.txt")).expect("robots.txt");
        let sitemaps: Vec<&str> = robots
            .lines()
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim().eq_ignore_ascii_case("sitemap").then_some(v.trim())
            })
            .collect();
        assert_eq!(
            sitemaps,
            [url],
            "robots.txt Sitemap line(s); robots.txt:\n{robots}"
        );
    }
}

#[test]
fn not_found_page_and_nojekyll_exist() {
    for built in [he(), en()] {
        let doc = built.page("404.html");
        assert!(
            doc.select(&sel("h1")).next().is_some(),
            "404.html has a heading"
        );
        assert!(
            built.out.join(".nojekyll").is_file(),
            ".nojekyll is written for GitHub Pages"
        );
    }
}

#[test]
fn cname_only_when_configured() {
    let cname = fs::read_to_string(en().out.join("CNAME")).expect("CNAME on the English hub");
    assert_eq!(cname.trim(), "alumni.example.org");
    assert!(
        !he().out.join("CNAME").exists(),
        "no CNAME on a hub without `cname:`"
    );
}

#[test]
fn static_files_are_copied_as_is() {
    let built = he();
    for rel in ["images/a.svg", "files/guide.txt"] {
        let src = fs::read(built.root.join("static").join(rel)).unwrap();
        let out = fs::read(built.out.join(rel)).unwrap_or_else(|e| panic!("{rel} not copied: {e}"));
        assert_eq!(src, out, "static/{rel} copied byte for byte");
    }
    let src = fs::read(en().root.join("static/images/sam.svg")).unwrap();
    assert_eq!(fs::read(en().out.join("images/sam.svg")).unwrap(), src);
}

#[test]
fn every_section_page_is_written() {
    let built = he();
    for rel in [
        "",
        "posts/",
        "topics/",
        "topics/tech/",
        "cohorts/",
        "cohorts/class-2023/",
        "leaders/",
        "leaders/dana/",
        "events/",
        "events/webinar/",
        "events/reunion/",
        "about/",
        "posts/nested/",
    ] {
        assert!(built.file(rel).is_file(), "/hub/{rel} was not written");
    }
}
