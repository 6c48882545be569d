//! Links: every link the site makes stays under the base path and reaches a written file
//! (architecture invariant 1), on a subpath hub and on a root-domain hub.

mod common;

use common::*;

fn assert_no_broken_links(built: &Built) {
    let pages = built.html_pages();
    assert!(
        pages.len() >= 10,
        "expected a full site, found only these HTML pages: {pages:?}"
    );
    let problems = broken_links(&built.out, &built.base_url);
    assert!(
        problems.is_empty(),
        "{} broken link(s) (base {}):\n{}",
        problems.len(),
        built.base_url,
        problems.join("\n")
    );
}

#[test]
fn every_link_on_the_subpath_hub_stays_under_hub_and_resolves() {
    assert_no_broken_links(he());
}

#[test]
fn every_link_on_the_root_domain_hub_resolves() {
    assert_no_broken_links(en());
}

#[test]
fn every_link_resolves_with_drafts() {
    assert_no_broken_links(shared_build(HE, &["--drafts"], HE_BASE_URL));
}

#[test]
fn base_url_flag_overrides_the_base_path_of_every_link() {
    let base = "https://example.net/alt/";
    let built = shared_build(HE, &["--base-url", base], base);
    assert_no_broken_links(built);
    // and the site's own pages really use it: the home page links to /alt/posts/
    let home = built.page("");
    let hrefs = anchor_hrefs(&home);
    assert!(
        hrefs.iter().any(|h| h == "/alt/posts/"),
        "home should link to /alt/posts/, links: {hrefs:?}"
    );
    assert!(
        !hrefs.iter().any(|h| h.starts_with("/hub/")),
        "home still links under /hub/ after --base-url: {hrefs:?}"
    );
}

#[test]
fn at_link_becomes_the_target_post_url_with_fragment() {
    let built = he();
    let post = built.page("posts/welcome/");
    let hrefs = anchor_hrefs(&post);
    assert!(
        hrefs.iter().any(|h| h == "/hub/posts/meetup/#agenda"),
        "the `@/posts/2026-03-01-meetup.md#agenda` link should become /hub/posts/meetup/#agenda; links on the page: {hrefs:?}"
    );
    let target = built.page("posts/meetup/");
    let agenda = target
        .select(&sel("#agenda"))
        .next()
        .expect("the meetup post has an element with id=agenda");
    assert_eq!(
        agenda.value().name(),
        "h2",
        "`## כותרת {{#agenda}}` should be an <h2 id=agenda>"
    );
    assert_eq!(text_of(agenda), "כותרת");

    let en = en();
    let hrefs = anchor_hrefs(&en.page("posts/jobs/"));
    assert!(
        hrefs.iter().any(|h| h == "/posts/hello/#welcome"),
        "English @-link should become /posts/hello/#welcome; links: {hrefs:?}"
    );
}

#[test]
fn root_relative_links_and_images_in_markdown_get_the_base_path() {
    let built = he();
    let post = built.page("posts/join-us/");
    let hrefs = anchor_hrefs(&post);
    assert!(
        hrefs.iter().any(|h| h == "/hub/about/"),
        "`[join](/about/)` should become /hub/about/; links: {hrefs:?}"
    );
    let img = post
        .select(&sel("img[alt='alt']"))
        .next()
        .expect("`![alt](/images/a.svg)` renders an <img alt=alt>");
    assert_eq!(img.value().attr("src"), Some("/hub/images/a.svg"));

    // English root hub: the same path keeps a single leading slash
    let about = en().page("about/");
    let img = about
        .select(&sel("img[alt='team']"))
        .next()
        .expect("<img alt=team> on /about/");
    assert_eq!(img.value().attr("src"), Some("/images/sam.svg"));
}

#[test]
fn front_matter_image_is_shown_and_previewed_under_the_base_path() {
    let built = he();
    let post = built.page("posts/meetup/");
    let srcs: Vec<&str> = post
        .select(&sel("img[src]"))
        .filter_map(|i| i.value().attr("src"))
        .collect();
    assert!(
        srcs.contains(&"/hub/images/cover.svg"),
        "the post shows its image at /hub/images/cover.svg; images: {srcs:?}"
    );
    let og: Vec<&str> = post
        .select(&sel("meta[property='og:image']"))
        .filter_map(|m| m.value().attr("content"))
        .collect();
    // Chat apps show no SVG previews: the post gets its generated card, under the base path.
    assert_eq!(
        og,
        ["https://x.github.io/hub/_img/cards/posts/meetup.png"],
        "a post whose image is an SVG gets an absolute og:image of its preview card"
    );
}

#[test]
fn leader_photo_gets_the_base_path() {
    let built = he();
    let page = built.page("leaders/dana/");
    let srcs: Vec<&str> = page
        .select(&sel("img[src]"))
        .filter_map(|i| i.value().attr("src"))
        .collect();
    assert!(
        srcs.contains(&"/hub/images/a.svg"),
        "the leader's photo `/images/a.svg` should be shown as /hub/images/a.svg; images: {srcs:?}"
    );
}

#[test]
fn unicode_slug_keeps_hebrew_letters_and_links_decode_to_it() {
    let built = he();
    let file = built.out.join("posts/מפגש-שנתי/index.html");
    assert!(
        file.is_file(),
        "`2026-02-01-מפגש-שנתי.md` should be written to posts/מפגש-שנתי/index.html; HTML pages: {:?}",
        built.html_pages()
    );
    let topic = built.out.join("topics/קריירה/index.html");
    assert!(
        topic.is_file(),
        "`topics/קריירה.md` should be written to topics/קריירה/index.html"
    );

    // The posts list links to it; its href percent-decodes to the Hebrew path.
    let mut linked = false;
    for page in built.html_pages() {
        let doc = built.page(&page);
        if anchor_hrefs(&doc)
            .iter()
            .any(|h| h == "/hub/posts/מפגש-שנתי/")
        {
            linked = true;
            break;
        }
    }
    assert!(
        linked,
        "no page links to /hub/posts/מפגש-שנתי/ (after percent-decoding)"
    );
    // and the topic list links to the Hebrew topic
    let topics = built.page("topics/");
    let hrefs = anchor_hrefs(&topics);
    assert!(
        hrefs.iter().any(|h| h == "/hub/topics/קריירה/"),
        "/topics/ should link to /hub/topics/קריירה/; links: {hrefs:?}"
    );
}

#[test]
fn not_found_page_uses_absolute_links_under_the_base_path() {
    let built = he();
    let doc = built.page("404.html");
    let links = page_links(&doc);
    assert!(!links.is_empty(), "404.html has no links at all");
    // 404.html is served at any URL, so a relative link would break: each must be absolute.
    for link in &links {
        if link.starts_with('#') || has_scheme(link) {
            continue;
        }
        assert!(
            link.starts_with("/hub/"),
            "404.html link {link:?} must start with /hub/"
        );
    }
    let hrefs = anchor_hrefs(&doc);
    assert!(
        hrefs.iter().any(|h| h == "/hub/"),
        "404.html should link back home to /hub/; links: {hrefs:?}"
    );
    let en_hrefs = anchor_hrefs(&en().page("404.html"));
    assert!(
        en_hrefs.iter().any(|h| h == "/"),
        "English 404.html should link home to /; links: {en_hrefs:?}"
    );
}

#[test]
fn menu_page_is_linked_from_every_page() {
    let built = he();
    for page in built.html_pages() {
        let hrefs = anchor_hrefs(&built.page(&page));
        assert!(
            hrefs.iter().any(|h| h == "/hub/about/"),
            "{page}: the `menu: true` page /hub/about/ should be in the menu; links: {hrefs:?}"
        );
    }
}

/// The link checker itself: it must catch what it is meant to catch.
#[test]
fn link_checker_self_test() {
    let built = he();
    let out = &built.out;
    let base = HE_BASE_URL;
    assert!(matches!(
        resolve_link(out, base, "/hub/"),
        Ok(Target::File { .. })
    ));
    assert!(resolve_link(out, base, "/posts/meetup/").is_err());
    assert!(resolve_link(out, base, "posts/meetup/").is_err());
    assert!(resolve_link(out, base, "/hub/posts/no-such-post/").is_err());
    assert!(resolve_link(out, base, "https://x.github.io/elsewhere/").is_err());
    assert_eq!(
        resolve_link(out, base, "https://example.com/hub/nothing"),
        Ok(Target::Skip)
    );
    assert_eq!(resolve_link(out, base, "mailto:a@b.c"), Ok(Target::Skip));
    match resolve_link(
        out,
        base,
        "/hub/posts/%D7%9E%D7%A4%D7%92%D7%A9-%D7%A9%D7%A0%D7%AA%D7%99/#x",
    ) {
        Ok(Target::File { path, fragment }) => {
            assert!(path.ends_with("posts/מפגש-שנתי/index.html"));
            assert_eq!(fragment.as_deref(), Some("x"));
        }
        other => panic!("percent-encoded Hebrew link: {other:?}"),
    }
}

/// The whole-site checker finds a relative link, a link outside the base path, a missing
/// page and a missing fragment.
#[test]
fn link_checker_finds_each_kind_of_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(
        out.join("a/index.html"),
        r#"<!doctype html><html><body><h2 id="here">x</h2></body></html>"#,
    )
    .unwrap();
    std::fs::write(
        out.join("index.html"),
        r##"<!doctype html><html><head><link rel="canonical" href="https://x.github.io/hub/"></head><body>
        <a href="/hub/a/">ok</a> <a href="/hub/a/#here">ok</a> <a href="#top">skip</a>
        <a href="https://other.example/">skip</a> <a href="mailto:a@b.c">skip</a>
        <a href="a/">relative</a> <a href="/a/">outside</a> <a href="/hub/b/">missing</a>
        <a href="/hub/a/#gone">fragment</a> <img src="https://x.github.io/hub/nope.png">
        </body></html>"##,
    )
    .unwrap();
    let problems = broken_links(out, HE_BASE_URL);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    for bad in ["\"a/\"", "\"/a/\"", "\"/hub/b/\"", "#gone", "nope.png"] {
        assert!(
            problems.iter().any(|p| p.contains(bad)),
            "{bad} not reported: {problems:#?}"
        );
    }
}
