//! Lists: drafts, expired posts, pagination, the home page and summaries.

mod common;

use common::*;

const DRAFT: &str = "DRAFT-MARKER-7391";
const EXPIRED: &str = "EXPIRED-MARKER-5150";

/// The listed (not draft, not expired) posts of the Hebrew hub, newest first.
const LISTED: [&str; 6] = [
    "/hub/posts/meetup/",    // 2026-03-01
    "/hub/posts/מפגש-שנתי/", // 2026-02-01
    "/hub/posts/welcome/",   // 2026-01-10
    "/hub/posts/join-us/",   // 2025-12-01
    "/hub/posts/tips/",      // 2025-11-05
    "/hub/posts/nested/",    // 2025-10-01 (content/posts/2025/)
];

fn is_post_page(rel: &str) -> bool {
    // posts/<slug>/index.html, not posts/index.html or posts/page/N/index.html
    let Some(rest) = rel.strip_prefix("posts/") else {
        return false;
    };
    !rest.starts_with("page/") && rest != "index.html"
}

#[test]
fn drafts_are_not_built_by_default() {
    let built = he();
    assert!(
        !built.out.join("posts/secret-draft").exists(),
        "the draft post got a page without --drafts"
    );
    for (path, bytes) in built.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(DRAFT) && !text.contains("secret-draft"),
            "{path} mentions the draft post without --drafts"
        );
    }
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let built = shared_build(HE, &["--drafts"], HE_BASE_URL);
    let doc = built.page("posts/secret-draft/");
    let h1s: Vec<String> = doc.select(&sel("h1")).map(text_of).collect();
    assert!(
        h1s.iter().any(|h| h.contains(DRAFT)),
        "with --drafts the draft's page has its title in <h1>; <h1>s: {h1s:?}"
    );
    // it is the newest post (2026-03-15), so it heads the posts list
    let first = post_links(&built.page("posts/"), "/hub/");
    assert_eq!(
        first.first().map(String::as_str),
        Some("/hub/posts/secret-draft/"),
        "with --drafts the draft heads /posts/; list: {first:?}"
    );
    let topic = anchor_hrefs(&built.page("topics/tech/"));
    assert!(
        topic.iter().any(|h| h == "/hub/posts/secret-draft/"),
        "with --drafts the draft is listed on its topic; links: {topic:?}"
    );
}

#[test]
fn expired_post_keeps_its_page_but_leaves_every_list() {
    let built = he();
    let doc = built.page("posts/old-job/");
    let h1s: Vec<String> = doc.select(&sel("h1")).map(text_of).collect();
    assert!(
        h1s.iter().any(|h| h.contains(EXPIRED)),
        "the expired post still has its page; <h1>s: {h1s:?}"
    );
    let mut checked = Vec::new();
    for page in built.html_pages() {
        if is_post_page(&page) {
            continue;
        }
        let doc = built.page(&page);
        let hrefs = anchor_hrefs(&doc);
        assert!(
            !hrefs.iter().any(|h| h.starts_with("/hub/posts/old-job/")),
            "{page} lists the expired post"
        );
        assert!(
            !page_text(&doc).contains(EXPIRED),
            "{page} shows the expired post's title"
        );
        checked.push(page);
    }
    for must in [
        "index.html",
        "posts/index.html",
        "topics/tech/index.html",
        "leaders/yossi/index.html",
        "cohorts/class-2024/index.html",
    ] {
        assert!(
            checked.iter().any(|p| p == must),
            "{must} was not written; pages: {checked:?}"
        );
    }
    for feed in ["rss.xml", "atom.xml", "feed.json", "topics/tech/rss.xml"] {
        if let Ok(text) = std::fs::read_to_string(built.out.join(feed)) {
            assert!(
                !text.contains(EXPIRED),
                "{feed} still carries the expired post"
            );
        }
    }
}

/// The list pages of /posts/ in order: /posts/, /posts/page/2/, …
fn posts_pages(built: &Built) -> Vec<(String, Vec<String>)> {
    let mut pages = vec![(
        "posts/".to_string(),
        post_links(&built.page("posts/"), &built.base_path()),
    )];
    for n in 2.. {
        let rel = format!("posts/page/{n}/");
        if !built.file(&rel).is_file() {
            break;
        }
        let links = post_links(&built.page(&rel), &built.base_path());
        pages.push((rel, links));
    }
    pages
}

#[test]
fn posts_are_paginated_newest_first() {
    let built = he();
    assert!(
        built.file("posts/page/2/").is_file(),
        "paginate: 2 with 6 posts should write /hub/posts/page/2/"
    );
    let pages = posts_pages(built);
    let all: Vec<String> = pages.iter().flat_map(|(_, l)| l.clone()).collect();
    assert_eq!(
        all, LISTED,
        "posts across /posts/, /posts/page/2/, … should be every listed post once, newest first; pages: {pages:?}"
    );
    for (rel, links) in &pages {
        assert!(
            links.len() <= 2,
            "{rel} holds {} posts with paginate: 2: {links:?}",
            links.len()
        );
    }
    assert_eq!(pages.len(), 3, "6 posts / 2 per page = 3 pages: {pages:?}");
    // page 1 leads to page 2
    let hrefs = anchor_hrefs(&built.page("posts/"));
    assert!(
        hrefs.iter().any(|h| h == "/hub/posts/page/2/"),
        "/hub/posts/ should link to the next page /hub/posts/page/2/; links: {hrefs:?}"
    );
    // page 2 leads back (to /posts/ or /posts/page/1/) and on to page 3
    let hrefs = anchor_hrefs(&built.page("posts/page/2/"));
    assert!(
        hrefs
            .iter()
            .any(|h| h == "/hub/posts/" || h == "/hub/posts/page/1/"),
        "/hub/posts/page/2/ should link back to page 1; links: {hrefs:?}"
    );
    assert!(
        hrefs.iter().any(|h| h == "/hub/posts/page/3/"),
        "/hub/posts/page/2/ should link on to page 3; links: {hrefs:?}"
    );
}

#[test]
fn english_hub_lists_posts_newest_first_on_one_page() {
    let built = en();
    let links = post_links(&built.page("posts/"), "/");
    assert_eq!(
        links,
        ["/posts/jobs/", "/posts/hello/", "/posts/tips/"],
        "default paginate (10): every post on /posts/, newest first"
    );
    assert!(!built.file("posts/page/2/").exists());
}

#[test]
fn topic_page_lists_its_posts_newest_first() {
    let built = he();
    let links = post_links(&built.page("topics/קריירה/"), "/hub/");
    assert_eq!(
        links,
        [
            "/hub/posts/מפגש-שנתי/",
            "/hub/posts/welcome/",
            "/hub/posts/join-us/"
        ],
        "the posts of topic קריירה, newest first"
    );
}

#[test]
fn home_shows_intro_goals_latest_posts_and_upcoming_events() {
    let built = he();
    let doc = built.page("");
    let text = page_text(&doc);
    for marker in ["INTRO-MARKER", "GOAL-ORG-MARKER", "GOAL-ALUMNI-MARKER"] {
        assert!(
            text.contains(marker),
            "home should show {marker}; text: {text}"
        );
    }
    let posts = post_links(&doc, "/hub/");
    assert_eq!(
        posts,
        ["/hub/posts/meetup/", "/hub/posts/מפגש-שנתי/"],
        "home lists the latest `paginate` (2) posts, newest first"
    );
    let hrefs = anchor_hrefs(&doc);
    for must in [
        "/hub/events/webinar/",
        "/hub/topics/קריירה/",
        "/hub/topics/tech/",
        "/hub/cohorts/class-2023/",
        "/hub/cohorts/class-2024/",
        "/hub/leaders/dana/",
        "/hub/leaders/yossi/",
        "https://chat.whatsapp.com/kehila-test-group",
        "https://t.me/kehila_test_channel",
    ] {
        assert!(
            hrefs.iter().any(|h| h == must),
            "home should link to {must}; links: {hrefs:?}"
        );
    }
    assert!(
        !hrefs.iter().any(|h| h == "/hub/events/reunion/"),
        "home shows upcoming events only, not the 2024 reunion"
    );
}

#[test]
fn events_page_lists_upcoming_and_past_events() {
    let built = he();
    let hrefs = anchor_hrefs(&built.page("events/"));
    for must in ["/hub/events/webinar/", "/hub/events/reunion/"] {
        assert!(
            hrefs.iter().any(|h| h == must),
            "/events/ should link to {must}; links: {hrefs:?}"
        );
    }
}

#[test]
fn summary_stops_at_the_more_marker() {
    let built = he();
    // welcome is the 3rd post: first on /posts/page/2/
    let list = built.page("posts/page/2/");
    let text = page_text(&list);
    assert!(
        text.contains("BEFORE-MORE-MARKER"),
        "the list shows the summary (text before <!-- more -->); text: {text}"
    );
    assert!(
        !text.contains("AFTER-MORE-MARKER"),
        "the list must not show text after <!-- more -->; text: {text}"
    );
    let post = page_text(&built.page("posts/welcome/"));
    assert!(post.contains("BEFORE-MORE-MARKER") && post.contains("AFTER-MORE-MARKER"));
}

#[test]
fn cohort_leader_and_topic_pages_link_each_other() {
    let built = he();
    let expect = |page: &str, must: &[&str], must_not: &[&str]| {
        let hrefs = anchor_hrefs(&built.page(page));
        for m in must {
            assert!(
                hrefs.iter().any(|h| h == m),
                "/hub/{page} should link to {m}; links: {hrefs:?}"
            );
        }
        for m in must_not {
            assert!(
                !hrefs.iter().any(|h| h == m),
                "/hub/{page} should not link to {m}"
            );
        }
    };
    // a leader: their posts (newest first checked below) and cohorts
    expect(
        "leaders/dana/",
        &[
            "/hub/posts/welcome/",
            "/hub/posts/meetup/",
            "/hub/cohorts/class-2023/",
        ],
        &["/hub/posts/tips/"],
    );
    assert_eq!(
        post_links(&built.page("leaders/dana/"), "/hub/"),
        ["/hub/posts/meetup/", "/hub/posts/welcome/"],
        "a leader's posts, newest first"
    );
    // a cohort: its leaders and posts
    expect(
        "cohorts/class-2023/",
        &["/hub/leaders/dana/", "/hub/posts/welcome/"],
        &["/hub/leaders/yossi/"],
    );
    // a post: its topics, author and cohort
    expect(
        "posts/welcome/",
        &[
            "/hub/topics/קריירה/",
            "/hub/leaders/dana/",
            "/hub/cohorts/class-2023/",
        ],
        &[],
    );
    // an event: its cohort and topics
    expect(
        "events/webinar/",
        &[
            "/hub/cohorts/class-2024/",
            "/hub/topics/tech/",
            "https://meet.example.org/kehila-webinar",
        ],
        &[],
    );
}
