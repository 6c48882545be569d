//! `kehila serve`: a real server process on an ephemeral port, driven by a real HTTP client.
//! Edits, adds, renames and deletes show up in pages and lists; failed builds keep serving
//! the last good site under an overlay; hostile paths never leave the site; live reload
//! reaches every browser; and after any sequence of changes the served site equals a clean
//! `kehila build` byte for byte (minus the injected live-reload script).

mod common;
mod serve_support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::Duration;

use common::*;
use scraper::Html;
use serve_support::*;

const MEETUP: &str = "content/posts/2026-03-01-meetup.md";
const MEETUP_TITLE: &str = "מפגש בוגרים במרץ";

fn doc(r: &Resp) -> Html {
    Html::parse_document(&r.text())
}

/// The `<h1>` of a page, whitespace-collapsed.
fn h1(r: &Resp) -> String {
    doc(r)
        .select(&sel("h1"))
        .next()
        .map(text_of)
        .unwrap_or_default()
}

/// The text of the error overlay, if the page has one.
fn overlay_text(r: &Resp) -> Option<String> {
    doc(r).select(&sel("#kehila-errors")).next().map(text_of)
}

/// Every page of the posts list (`posts/`, `posts/page/2/`, …) as served.
fn posts_list_pages(s: &Served) -> Vec<Resp> {
    let mut pages = Vec::new();
    let first = s.get("posts/");
    assert_eq!(first.status, 200, "GET posts/\n{}", s.output());
    pages.push(first);
    for n in 2..200 {
        let r = s.get(&format!("posts/page/{n}/"));
        if r.status != 200 {
            break;
        }
        pages.push(r);
    }
    pages
}

/// The post URLs (decoded, with base path) of the whole posts list, in order.
fn listed_posts(s: &Served) -> Vec<String> {
    posts_list_pages(s)
        .iter()
        .flat_map(|r| post_links(&doc(r), &s.base_path))
        .collect()
}

/// The visible text of the whole posts list.
fn posts_list_text(s: &Served) -> String {
    posts_list_pages(s)
        .iter()
        .map(|r| page_text(&doc(r)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The hub's 404 page as served, without the injected script.
fn served_404(s: &Served) -> Vec<u8> {
    strip_script(&s.get("404.html").body)
}

/// Asserts that `site_rel` is gone: status 404 with the hub's own 404 page.
fn assert_gone(s: &Served, site_rel: &str) {
    let r = s.get(site_rel);
    assert_eq!(
        r.status,
        404,
        "GET {site_rel} should be 404\n{}",
        s.output()
    );
    assert_eq!(
        strip_script(&r.body),
        served_404(s),
        "GET {site_rel}: the 404 answer is not the hub's 404 page"
    );
    assert!(r.content_type().starts_with("text/html"));
}

fn fixture_hub(fixture: &str) -> Hub {
    Hub::new(fixture)
}

/// Where two byte strings first differ, with some context, for failure messages.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let ctx = |s: &[u8]| {
        let from = i.saturating_sub(80);
        let to = (i + 80).min(s.len());
        String::from_utf8_lossy(&s[from.min(to)..to]).into_owned()
    };
    format!(
        "lengths {} vs {}, first difference at byte {i}\n  served: …{}…\n  build:  …{}…",
        a.len(),
        b.len(),
        ctx(a),
        ctx(b)
    )
}

/// A clean `kehila build --base-url <served base URL>` of `root` into a new temp dir.
fn clean_build(s: &Served, root: &Path) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::Builder::new()
        .prefix("kehila-serve-clean-")
        .tempdir()
        .unwrap();
    let out = tmp.path().join("out");
    build(root, &out, &["--base-url", &s.base_url]).assert_ok("clean build of the served hub");
    let tree = read_tree(&out);
    (tmp, tree)
}

/// Waits until the server has caught up, then compares every file of a clean build with what
/// the server answers: HTML byte for byte after removing the injected script (and nothing
/// else), every other file byte for byte. Files in `gone` that the clean build does not have
/// must be 404. Returns the clean build's file list.
fn assert_served_equals_clean_build(
    s: &Served,
    root: &Path,
    gone: &BTreeSet<String>,
) -> BTreeSet<String> {
    s.settle();
    let (_tmp, tree) = clean_build(s, root);
    // The checked set must include every page and every feed.
    for must in [
        "index.html",
        "404.html",
        "posts/index.html",
        "sitemap.xml",
        "rss.xml",
        "atom.xml",
        "feed.json",
    ] {
        assert!(tree.contains_key(must), "clean build has no {must}");
    }
    if root.join("content/events").is_dir() {
        assert!(
            tree.contains_key("events.ics"),
            "clean build has no events.ics"
        );
    }
    let mut problems = Vec::new();
    for (rel, want) in &tree {
        let r = s.get(rel);
        if r.status != 200 {
            problems.push(format!("{rel}: status {} (clean build has it)", r.status));
            continue;
        }
        let got = if rel.ends_with(".html") {
            let n = count(&r.body, SCRIPT_START.as_bytes());
            if n != 1 {
                problems.push(format!("{rel}: live-reload script injected {n} times"));
            }
            if r.has_overlay() {
                problems.push(format!("{rel}: error overlay present"));
            }
            strip_script(&r.body)
        } else {
            r.body.clone()
        };
        if &got != want {
            problems.push(format!("{rel}: {}", first_difference(&got, want)));
        }
    }
    for rel in gone.iter().filter(|g| !tree.contains_key(*g)) {
        let r = s.get(rel);
        if r.status != 404 {
            problems.push(format!(
                "{rel}: status {} but a clean build no longer has it",
                r.status
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the served site differs from a clean build ({} files compared):\n{}\n{}",
        tree.len(),
        problems.join("\n"),
        s.output()
    );
    tree.into_keys().collect()
}

#[test]
fn serves_under_the_base_path_and_equals_a_clean_build_at_start() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    assert_eq!(s.base_path, "/hub/");
    assert!(s.base_url.starts_with("http://127.0.0.1:"));
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}

#[test]
fn root_hub_is_served_at_the_root_and_equals_a_clean_build() {
    let hub = fixture_hub(EN);
    let s = Served::start(&hub.root);
    assert_eq!(s.base_path, "/");
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
    // and after an edit
    replace_in(
        &hub.root.join("content/posts/2026-01-10-hello.md"),
        "Hello, alumni",
        "EN-EDIT-MARKER Hello",
    );
    s.wait_for("the edited English title", || {
        let r = s.get("posts/hello/");
        if h1(&r).contains("EN-EDIT-MARKER") {
            Ok(())
        } else {
            Err(format!("{} h1 {:?}", r.status, h1(&r)))
        }
    });
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}

#[test]
fn root_redirects_to_the_base_path() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    for (target, to) in [
        ("/", "/hub/"),
        ("/hub", "/hub/"),
        ("/hub/posts", "/hub/posts/"),
        ("/hub/posts/meetup", "/hub/posts/meetup/"),
    ] {
        let r = s.raw("GET", target);
        assert!(
            (300..400).contains(&r.status),
            "GET {target}: expected a redirect, got {}",
            r.status
        );
        assert_eq!(r.header("location"), Some(to), "GET {target}");
    }
    // a link that forgets the base path breaks locally
    let r = s.raw("GET", "/posts/meetup/");
    assert_eq!(r.status, 404, "GET /posts/meetup/ (no base path)");
}

#[test]
fn editing_a_title_updates_its_page_and_the_posts_list() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    assert!(h1(&s.get("posts/meetup/")).contains(MEETUP_TITLE));
    assert!(posts_list_text(&s).contains(MEETUP_TITLE));

    replace_in(
        &hub.root.join(MEETUP),
        MEETUP_TITLE,
        "EDITED-TITLE-MARKER מפגש",
    );
    s.wait_for("the new title on the post page", || {
        let r = s.get("posts/meetup/");
        let t = h1(&r);
        if r.status == 200 && t.contains("EDITED-TITLE-MARKER") {
            Ok(())
        } else {
            Err(format!("status {} h1 {t:?}", r.status))
        }
    });
    let list = posts_list_text(&s);
    assert!(
        list.contains("EDITED-TITLE-MARKER"),
        "posts list lacks the new title"
    );
    assert!(
        !list.contains(MEETUP_TITLE),
        "posts list still shows the old title"
    );
    let home = page_text(&doc(&s.get("")));
    assert!(
        !home.contains(MEETUP_TITLE),
        "home still shows the old title"
    );
    let rss = s.get("rss.xml").text();
    assert!(
        rss.contains("EDITED-TITLE-MARKER"),
        "rss.xml lacks the new title"
    );
}

#[test]
fn adding_a_post_lists_it_and_serves_its_page() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    assert_gone(&s, "posts/added-post/");

    atomic_write(
        &hub.root.join("content/posts/2026-04-02-added-post.md"),
        "---\ntitle: \"ADDED-POST-MARKER פוסט חדש\"\ntopics: [tech]\nauthor: dana\n---\nADDED-BODY-MARKER גוף.\n",
    );
    let r = s.wait_for("the new post's page", || {
        let r = s.get("posts/added-post/");
        if r.status == 200 {
            Ok(r)
        } else {
            Err(format!("status {}", r.status))
        }
    });
    assert!(h1(&r).contains("ADDED-POST-MARKER"));
    assert!(r.text().contains("ADDED-BODY-MARKER"));
    let listed = listed_posts(&s);
    assert!(
        listed.contains(&"/hub/posts/added-post/".to_string()),
        "posts list lacks the new post: {listed:?}"
    );
    let topic = post_links(&doc(&s.get("topics/tech/")), "/hub/");
    assert!(topic.contains(&"/hub/posts/added-post/".to_string()));
    let leader = post_links(&doc(&s.get("leaders/dana/")), "/hub/");
    assert!(leader.contains(&"/hub/posts/added-post/".to_string()));
    assert!(
        s.get("sitemap.xml")
            .text()
            .contains("/hub/posts/added-post/")
    );
    assert!(s.get("feed.json").text().contains("ADDED-POST-MARKER"));
}

#[test]
fn renaming_a_post_moves_its_url() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    assert_eq!(s.get("posts/tips/").status, 200);
    let posts = hub.root.join("content/posts");
    fs::rename(
        posts.join("2025-11-05-tips.md"),
        posts.join("2025-11-05-tips-moved.md"),
    )
    .unwrap();
    s.wait_for("the renamed post's new URL", || {
        let r = s.get("posts/tips-moved/");
        if r.status == 200 {
            Ok(())
        } else {
            Err(format!("status {}", r.status))
        }
    });
    assert_gone(&s, "posts/tips/");
    let listed = listed_posts(&s);
    assert!(listed.contains(&"/hub/posts/tips-moved/".to_string()));
    assert!(
        !listed.contains(&"/hub/posts/tips/".to_string()),
        "{listed:?}"
    );
    assert!(!s.get("sitemap.xml").text().contains("/hub/posts/tips/"));
}

#[test]
fn deleting_a_post_removes_it_everywhere() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    assert!(listed_posts(&s).contains(&"/hub/posts/join-us/".to_string()));
    fs::remove_file(hub.root.join("content/posts/2025-12-01-join-us.md")).unwrap();
    s.wait_for("the deleted post to be gone", || {
        let r = s.get("posts/join-us/");
        if r.status == 404 {
            Ok(())
        } else {
            Err(format!("status {}", r.status))
        }
    });
    assert_gone(&s, "posts/join-us/");
    let listed = listed_posts(&s);
    assert!(
        !listed.contains(&"/hub/posts/join-us/".to_string()),
        "{listed:?}"
    );
    let career = post_links(&doc(&s.get("topics/קריירה/")), "/hub/");
    assert!(!career.contains(&"/hub/posts/join-us/".to_string()));
    for feed in ["rss.xml", "atom.xml", "feed.json", "sitemap.xml"] {
        assert!(
            !s.get(feed).text().contains("/hub/posts/join-us/"),
            "{feed} still has the deleted post"
        );
    }
}

#[test]
fn a_bad_edit_keeps_the_last_good_page_under_an_overlay_until_fixed() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    let good_rss = s.get("rss.xml").body;
    let path = hub.root.join(MEETUP);
    let original = fs::read_to_string(&path).unwrap();
    // line 3 names a topic that does not exist; the title changes too, and must not show
    let bad = original
        .replace("topics: [tech]", "topics: [no-such-topic]")
        .replace(MEETUP_TITLE, "BAD-EDIT-TITLE");
    assert!(bad.lines().nth(2).unwrap().contains("no-such-topic"));
    fs::write(&path, &bad).unwrap();

    let r = s.wait_for("the error overlay", || {
        let r = s.get("posts/meetup/");
        if r.has_overlay() {
            Ok(r)
        } else {
            Err(format!("status {}, no overlay", r.status))
        }
    });
    assert_eq!(r.status, 200, "a page under the overlay is still served");
    assert!(
        h1(&r).contains(MEETUP_TITLE),
        "last good content expected, got h1 {:?}",
        h1(&r)
    );
    assert!(!r.text().contains("BAD-EDIT-TITLE"));
    let o = overlay_text(&r).unwrap();
    assert!(
        o.contains("content/posts/2026-03-01-meetup.md:3:"),
        "overlay does not name file and line: {o:?}"
    );
    assert!(o.contains("no-such-topic"), "overlay: {o:?}");
    // on every page, and not in non-HTML files
    for page in ["", "posts/", "topics/tech/", "404.html"] {
        let r = s.get(page);
        assert!(r.has_overlay(), "no overlay on {page:?}");
    }
    let nf = s.get("no/such/page/");
    assert_eq!(nf.status, 404);
    assert!(nf.has_overlay(), "no overlay on the 404 answer");
    assert_eq!(
        s.get("rss.xml").body,
        good_rss,
        "feeds keep the last good version"
    );
    // the terminal prints the same error
    s.wait_for("the error on stderr", || {
        let e = s.stderr();
        if e.contains("content/posts/2026-03-01-meetup.md:3:") {
            Ok(())
        } else {
            Err(e)
        }
    });

    // fixed: the new title shows and the overlay is gone
    fs::write(&path, original.replace(MEETUP_TITLE, "FIXED-TITLE-MARKER")).unwrap();
    let r = s.wait_for("the overlay to clear", || {
        let r = s.get("posts/meetup/");
        if !r.has_overlay() && r.status == 200 {
            Ok(r)
        } else {
            Err(format!("status {}, overlay {}", r.status, r.has_overlay()))
        }
    });
    assert!(h1(&r).contains("FIXED-TITLE-MARKER"), "h1 {:?}", h1(&r));
    assert!(!s.get("").has_overlay());
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}

/// `serve` keeps each body's site-link results between rebuilds: an unrelated save must still
/// report a broken link in a body it did not re-render, and a new static file that the link
/// points to must clear it although no body is rendered again.
#[test]
fn a_broken_site_link_stays_reported_until_its_target_exists() {
    let hub = fixture_hub(HE);
    let about = hub.root.join("content/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(
        &about,
        format!("{text}\n[ערכת הצטרפות](/welcome-pack.pdf)\n"),
    )
    .unwrap();
    let s = Served::start(&hub.root);
    let names_link = |r: &Resp| {
        overlay_text(r)
            .is_some_and(|o| o.contains("content/about.md:") && o.contains("/welcome-pack.pdf"))
    };
    assert!(
        names_link(&s.get("")),
        "first build: overlay naming the link\n{}",
        s.output()
    );

    // An unrelated good save: about.md is not rendered again, its broken link is still an error.
    let meetup = hub.root.join(MEETUP);
    let original = fs::read_to_string(&meetup).unwrap();
    let builds = s.builds();
    fs::write(&meetup, original.replace(MEETUP_TITLE, "UNRELATED-EDIT")).unwrap();
    s.wait_for("a rebuild after the unrelated save", || {
        if s.builds() > builds {
            Ok(())
        } else {
            Err(format!("{} builds", s.builds()))
        }
    });
    s.settle();
    assert!(
        names_link(&s.get("")),
        "the broken link is no longer reported\n{}",
        s.output()
    );

    // The target appears as a static file: the link resolves without any body changing.
    fs::write(hub.root.join("static/welcome-pack.pdf"), b"%PDF-1.4\n").unwrap();
    let r = s.wait_for("the overlay to clear", || {
        let r = s.get("");
        if r.has_overlay() {
            Err(overlay_text(&r).unwrap_or_default())
        } else {
            Ok(r)
        }
    });
    assert_eq!(r.status, 200);
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}

#[test]
fn a_failing_first_build_still_serves_and_recovers() {
    let hub = fixture_hub(HE);
    let path = hub.root.join(MEETUP);
    let original = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        original.replace("topics: [tech]", "topics: [no-such-topic]"),
    )
    .unwrap();
    let s = Served::start(&hub.root);
    assert_eq!(s.base_path, "/hub/");
    for page in ["", "posts/meetup/"] {
        let r = s.get(page);
        let o = overlay_text(&r)
            .unwrap_or_else(|| panic!("no overlay on {page:?} after a failed first build"));
        assert!(
            o.contains("content/posts/2026-03-01-meetup.md:3:"),
            "overlay: {o:?}"
        );
        assert!(r.content_type().starts_with("text/html"));
    }
    assert!(s.stderr().contains("content/posts/2026-03-01-meetup.md:3:"));

    fs::write(&path, &original).unwrap();
    s.wait_for("the site after the fix", || {
        let r = s.get("posts/meetup/");
        if r.status == 200 && !r.has_overlay() && h1(&r).contains(MEETUP_TITLE) {
            Ok(())
        } else {
            Err(format!("status {}, overlay {}", r.status, r.has_overlay()))
        }
    });
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}

#[test]
fn hostile_paths_never_leave_the_site() {
    let hub = fixture_hub(HE);
    // a file next to the hub, outside both the hub and the site
    let outside = hub.root.parent().unwrap().join("outside-secret.txt");
    fs::write(&outside, "OUTSIDE-SECRET-MARKER\n").unwrap();
    fs::write(hub.root.join("hub-secret.txt"), "HUB-SECRET-MARKER\n").unwrap();
    let site_yaml = fs::read(hub.root.join("site.yaml")).unwrap();
    let post_source = fs::read(hub.root.join(MEETUP)).unwrap();
    let s = Served::start(&hub.root);

    let long = format!("/hub/{}", "a".repeat(5000));
    let long_dots = format!("/hub/{}site.yaml", "../".repeat(1700));
    let targets: Vec<String> = [
        "/hub/../site.yaml",
        "/hub/./../site.yaml",
        "/hub/posts/../../site.yaml",
        "/hub/%2e%2e/site.yaml",
        "/hub/%2E%2E/site.yaml",
        "/hub/.%2e/site.yaml",
        "/hub/%2e%2e/%2e%2e/outside-secret.txt",
        "/hub/%252e%252e/site.yaml",
        "/hub/%25252e%25252e/site.yaml",
        "/hub/..%2fsite.yaml",
        "/hub/..%2Fsite.yaml",
        "/hub/%2e%2e%2fsite.yaml",
        "/hub/posts%2f..%2f..%2fsite.yaml",
        "/hub/..\\site.yaml",
        "/hub/posts\\..\\..\\site.yaml",
        "/hub/..%5csite.yaml",
        "/hub/..%5Csite.yaml",
        "/hub/%5c..%5csite.yaml",
        "/hub/%00",
        "/hub/%00/../site.yaml",
        "/hub/index.html%00",
        "/hub/site.yaml%00.html",
        "/hub/..%00/site.yaml",
        "/hub/%c0%ae%c0%ae/site.yaml",
        "/hub/%e0%80%ae%e0%80%ae/site.yaml",
        "/hub/..;/site.yaml",
        "/hub/....//site.yaml",
        "/hub/site.yaml",
        "/hub/hub-secret.txt",
        "/hub/content/posts/2026-03-01-meetup.md",
        "/site.yaml",
        "/../site.yaml",
        "/hub/../outside-secret.txt",
        "/hub/../../outside-secret.txt",
        "/hub/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/hub/../../../../../../../../etc/passwd",
        "//etc/passwd",
        "/hub//etc/passwd",
        "/hub/%2fetc%2fpasswd",
        "/hub/file:///etc/passwd",
        "/hub/?../../site.yaml",
        "/hub/#/../../site.yaml",
    ]
    .into_iter()
    .map(String::from)
    .chain([long, long_dots])
    .collect();

    let mut problems = Vec::new();
    for t in &targets {
        let r = match request(s.port, "GET", t) {
            Ok(r) => r,
            // Dropping the connection is a refusal too, but say so.
            Err(e) => {
                problems.push(format!("{}: no HTTP answer ({e})", shorten(t)));
                continue;
            }
        };
        let body = &r.body;
        let leaked = [
            ("site.yaml", find(body, &site_yaml).is_some()),
            (
                "site.yaml line",
                find(body, b"base_url: https://x.github.io").is_some(),
            ),
            ("a post source", find(body, &post_source).is_some()),
            (
                "the outside file",
                find(body, b"OUTSIDE-SECRET-MARKER").is_some(),
            ),
            ("a hub file", find(body, b"HUB-SECRET-MARKER").is_some()),
            ("/etc/passwd", find(body, b"root:x:0:0").is_some()),
        ];
        for (what, yes) in leaked {
            if yes {
                problems.push(format!("{}: leaked {what}", shorten(t)));
            }
        }
        // The `?` and `#` targets are the home page with a query: a normal 200.
        let benign = t.starts_with("/hub/?") || t.starts_with("/hub/#");
        if !benign && !(400..500).contains(&r.status) {
            problems.push(format!(
                "{}: status {} (expected 4xx)",
                shorten(t),
                r.status
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n{}",
        problems.join("\n"),
        s.output()
    );
    // and the server is still fine
    assert_eq!(s.get("").status, 200);
}

#[test]
fn content_types_and_methods() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    let cases = [
        ("", "text/html"),
        ("posts/meetup/", "text/html"),
        ("404.html", "text/html"),
        ("rss.xml", "xml"),
        ("atom.xml", "xml"),
        ("sitemap.xml", "xml"),
        ("topics/tech/rss.xml", "xml"),
        ("feed.json", "json"),
        ("events.ics", "text/calendar"),
        ("events/webinar/event.ics", "text/calendar"),
        ("style.css", "text/css"),
        ("files/guide.txt", "text/plain"),
        ("images/cover.svg", "image/svg+xml"),
    ];
    for (rel, want) in cases {
        let r = s.get(rel);
        assert_eq!(r.status, 200, "GET {rel}");
        let ct = r.content_type().to_ascii_lowercase();
        assert!(
            ct.contains(want),
            "GET {rel}: content type {ct:?}, want {want}"
        );
        if want == "xml" {
            assert!(
                ct.starts_with("application/xml")
                    || ct.starts_with("text/xml")
                    || ct.starts_with("application/rss+xml")
                    || ct.starts_with("application/atom+xml"),
                "GET {rel}: {ct:?}"
            );
        }
        let text = ct.starts_with("text/") || ct.contains("xml") || ct.contains("json");
        if text && !ct.starts_with("image/") {
            assert!(
                ct.contains("charset=utf-8"),
                "GET {rel}: text type without UTF-8 charset: {ct:?}"
            );
        }
    }
    // HEAD: same status and type, no body
    let head = s.raw("HEAD", "/hub/posts/meetup/");
    assert_eq!(head.status, 200);
    assert!(head.content_type().starts_with("text/html; charset=utf-8"));
    assert!(head.body.is_empty(), "HEAD returned a body");
    // anything else: 405
    for m in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = s.raw(m, "/hub/");
        assert_eq!(r.status, 405, "{m} /hub/");
        assert!(
            !r.text().contains("<html"),
            "{m} /hub/ should not serve the page"
        );
    }
    // the hub's 404 page with status 404
    assert_gone(&s, "no/such/page/");
    assert_gone(&s, "posts/no-such-post/");
}

#[test]
fn three_event_stream_clients_all_get_a_reload() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    let target = format!("{}__kehila/events", s.base_path);
    // the page's script listens on that URL, under the base path
    let html = s.get("posts/meetup/").text();
    assert!(html.contains(SCRIPT_START));
    assert!(
        html.contains("\"/hub/__kehila/events\""),
        "script does not use the base path"
    );
    let mut clients: Vec<Sse> = (0..3).map(|_| Sse::connect(s.port, &target)).collect();
    for c in &clients {
        assert!(c.head.starts_with("HTTP/1.1 200"), "{:?}", c.head);
        assert!(
            c.head.to_ascii_lowercase().contains("text/event-stream"),
            "{:?}",
            c.head
        );
    }
    // ordinary requests still work while three streams are open
    assert_eq!(s.get("").status, 200);
    replace_in(&hub.root.join(MEETUP), MEETUP_TITLE, "SSE-EDIT-MARKER");
    for c in &mut clients {
        c.wait_event("reload");
    }
    assert!(h1(&s.get("posts/meetup/")).contains("SSE-EDIT-MARKER"));
}

#[test]
fn build_output_never_contains_the_dev_server_script() {
    for fixture in [HE, EN] {
        let hub = fixture_hub(fixture);
        hub.build(&[]).assert_ok("kehila build");
        let tree = read_tree(&hub.public());
        assert!(tree.contains_key("index.html"));
        for (rel, bytes) in &tree {
            for needle in ["__kehila", "kehila serve", "kehila-errors", "EventSource"] {
                assert!(
                    find(bytes, needle.as_bytes()).is_none(),
                    "{fixture}: build output {rel} contains {needle:?}"
                );
            }
        }
    }
}

#[test]
fn after_edits_adds_renames_and_deletes_the_served_site_equals_a_clean_build() {
    let hub = fixture_hub(HE);
    let root = hub.root.clone();
    let s = Served::start(&root);
    let mut seen: BTreeSet<String> = assert_served_equals_clean_build(&s, &root, &BTreeSet::new());
    let posts = root.join("content/posts");

    let until_h1 = |rel: &str, marker: &str| {
        s.wait_for(&format!("{rel} to show {marker}"), || {
            let r = s.get(rel);
            if r.status == 200 && h1(&r).contains(marker) {
                Ok(())
            } else {
                Err(format!("status {} h1 {:?}", r.status, h1(&r)))
            }
        })
    };
    let until_status = |rel: &str, status: u16| {
        s.wait_for(&format!("{rel} to answer {status}"), || {
            let r = s.get(rel);
            if r.status == status {
                Ok(())
            } else {
                Err(format!("status {}", r.status))
            }
        })
    };
    let until_contains = |rel: &str, marker: &str| {
        s.wait_for(&format!("{rel} to contain {marker}"), || {
            let r = s.get(rel);
            if r.status == 200 && r.text().contains(marker) {
                Ok(())
            } else {
                Err(format!("status {}", r.status))
            }
        })
    };

    // 1. edit a title in place
    replace_in(
        &posts.join("2026-01-10-welcome.md"),
        "ברוכים הבאים לקהילה",
        "SEQ-TITLE-1 ברוכים",
    );
    until_h1("posts/welcome/", "SEQ-TITLE-1");

    // 2. add a post, saved atomically
    atomic_write(
        &posts.join("2026-04-02-seq-added.md"),
        "---\ntitle: \"SEQ-ADDED פוסט\"\ntopics: [tech, קריירה]\ncohort: class-2024\nauthor: yossi\n---\nגוף [קישור](@/posts/2026-03-01-meetup.md#agenda).\n",
    );
    until_h1("posts/seq-added/", "SEQ-ADDED");

    // 3. rename a post
    fs::rename(
        posts.join("2025-11-05-tips.md"),
        posts.join("2025-11-05-tips-renamed.md"),
    )
    .unwrap();
    until_status("posts/tips-renamed/", 200);
    until_status("posts/tips/", 404);

    // 4. delete a post
    fs::remove_file(posts.join("2025-12-01-join-us.md")).unwrap();
    until_status("posts/join-us/", 404);

    // 5. edit a body, saved atomically
    let meetup = root.join(MEETUP);
    let text = fs::read_to_string(&meetup).unwrap();
    atomic_write(
        &meetup,
        &text.replace("נפגשים שוב.", "SEQ-BODY-MARKER נפגשים."),
    );
    until_contains("posts/meetup/", "SEQ-BODY-MARKER");

    // 6. a new folder with a post in it
    atomic_write(
        &posts.join("2027/2027-01-05-deep.md"),
        "---\ntitle: \"SEQ-DEEP\"\ntopics: [tech]\n---\nעמוק.\n",
    );
    until_h1("posts/deep/", "SEQ-DEEP");

    // 7. rename a folder, then edit the post inside it at its new place
    fs::rename(posts.join("2025"), posts.join("archive")).unwrap();
    s.settle();
    until_status("posts/nested/", 200);
    replace_in(
        &posts.join("archive/2025-10-01-nested.md"),
        "פוסט בתיקייה פנימית",
        "SEQ-NESTED",
    );
    until_h1("posts/nested/", "SEQ-NESTED");

    // 8. a burst of saves to two files, no waiting in between
    for i in 0..6 {
        replace_in(
            &posts.join("2026-04-02-seq-added.md"),
            "SEQ-ADDED",
            "SEQ-ADDED-",
        );
        replace_in(
            &root.join("content/topics/tech.md"),
            "title: \"",
            &format!("title: \"B{i} "),
        );
    }
    until_h1("posts/seq-added/", "SEQ-ADDED------");
    until_h1("topics/tech/", "B5 B4 B3 B2 B1 B0");

    // 9. a bad edit, then its fix
    replace_in(&meetup, "topics: [tech]", "topics: [nope]");
    s.wait_for("the overlay", || {
        if s.get("posts/meetup/").has_overlay() {
            Ok(())
        } else {
            Err("no overlay".into())
        }
    });
    replace_in(&meetup, "topics: [nope]", "topics: [קריירה]");
    s.wait_for("the overlay to clear", || {
        if s.get("posts/meetup/").has_overlay() {
            Err("overlay".into())
        } else {
            Ok(())
        }
    });

    // 10. site.yaml
    replace_in(
        &root.join("site.yaml"),
        "title: \"קהילת הבוגרים\"",
        "title: \"SEQ-SITE-TITLE\"",
    );
    until_contains("", "<title>SEQ-SITE-TITLE");

    // 11. a template override, then its removal
    let post_tpl = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/post.html"),
    )
    .unwrap();
    assert!(
        post_tpl.contains("{{ post.title }}</h1>"),
        "the default post template changed: update this test"
    );
    atomic_write(
        &root.join("templates/post.html"),
        &post_tpl.replacen("{{ post.title }}</h1>", "SEQ-TPL {{ post.title }}</h1>", 1),
    );
    until_h1("posts/meetup/", "SEQ-TPL");
    seen.extend(assert_served_equals_clean_build(&s, &root, &seen));
    fs::remove_file(root.join("templates/post.html")).unwrap();
    s.wait_for("the template override to go", || {
        let r = s.get("posts/meetup/");
        if h1(&r).contains("SEQ-TPL") {
            Err(h1(&r))
        } else {
            Ok(())
        }
    });

    // 12. static files: add, change, override the theme's stylesheet, delete
    atomic_write(&root.join("static/files/new.txt"), "SEQ-STATIC\n");
    until_contains("files/new.txt", "SEQ-STATIC");
    fs::write(root.join("static/files/guide.txt"), "SEQ-GUIDE\n").unwrap();
    until_contains("files/guide.txt", "SEQ-GUIDE");
    fs::write(
        root.join("static/style.css"),
        "/* SEQ-CSS */ body{color:red}\n",
    )
    .unwrap();
    until_contains("style.css", "SEQ-CSS");
    atomic_write(&root.join("static/files/gone.txt"), "SEQ-GONE\n");
    until_contains("files/gone.txt", "SEQ-GONE");
    seen.extend(assert_served_equals_clean_build(&s, &root, &seen));
    fs::remove_file(root.join("static/files/gone.txt")).unwrap();
    until_status("files/gone.txt", 404);

    // 13. events, leaders, topics
    fs::remove_file(root.join("content/events/2024-05-20-reunion.md")).unwrap();
    until_status("events/reunion/", 404);
    replace_in(
        &root.join("content/events/2030-03-05-webinar.md"),
        "UPCOMING-EVENT-MARKER",
        "SEQ-EVENT",
    );
    until_contains("events.ics", "SEQ-EVENT");
    replace_in(
        &root.join("content/leaders/dana.md"),
        "name: \"",
        "name: \"SEQ-LEADER ",
    );
    until_h1("leaders/dana/", "SEQ-LEADER");

    seen.extend(assert_served_equals_clean_build(&s, &root, &seen));

    // The comparisons cover the posts and feeds that came and went.
    for rel in [
        "posts/tips/index.html",
        "posts/join-us/index.html",
        "posts/seq-added/index.html",
        "posts/deep/index.html",
        "events/reunion/index.html",
        "files/gone.txt",
        "files/new.txt",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "events.ics",
        "sitemap.xml",
    ] {
        assert!(seen.contains(rel), "never compared {rel}");
    }
}

#[test]
fn requests_during_rebuilds_always_get_a_complete_site() {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    let targets: Vec<String> = ["", "posts/", "posts/meetup/", "topics/tech/", "rss.xml"]
        .iter()
        .map(|r| s.target(r))
        .collect();
    let stop = AtomicBool::new(false);
    let served = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::<String>::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    for t in &targets {
                        let problem = match request(s.port, "GET", t) {
                            Err(e) => Some(format!("{t}: {e}")),
                            Ok(r) if r.status != 200 => Some(format!("{t}: status {}", r.status)),
                            Ok(r) => {
                                let end: &[u8] = if t.ends_with(".xml") {
                                    b"</rss>"
                                } else {
                                    b"</html>"
                                };
                                (find(&r.body, end).is_none())
                                    .then(|| format!("{t}: incomplete body"))
                            }
                        };
                        served.fetch_add(1, Ordering::Relaxed);
                        if let Some(p) = problem {
                            problems.lock().unwrap().push(p);
                        }
                    }
                }
            });
        }
        let path = hub.root.join(MEETUP);
        let original = fs::read_to_string(&path).unwrap();
        for i in 0..8 {
            let marker = format!("RACE-{i}-MARKER");
            atomic_write(&path, &original.replace(MEETUP_TITLE, &marker));
            s.wait_for(&marker, || {
                let r = s.get("posts/meetup/");
                if h1(&r).contains(&marker) {
                    Ok(())
                } else {
                    Err(h1(&r))
                }
            });
        }
        stop.store(true, Ordering::Relaxed);
    });
    let problems = problems.into_inner().unwrap();
    assert!(
        problems.is_empty(),
        "during rebuilds:\n{}",
        problems.join("\n")
    );
    assert!(served.load(Ordering::Relaxed) > 20);
}

#[test]
fn serving_writes_nothing_and_ctrl_c_leaves_the_folders_as_they_were() {
    let hub = fixture_hub(HE);
    hub.build(&[]).assert_ok("kehila build into ROOT/public");
    let whole = hub.root.parent().unwrap().to_path_buf();
    let before = read_tree(&whole);
    assert!(before.keys().any(|k| k.starts_with("hub/public/")));

    let mut s = Served::start(&hub.root);
    assert_eq!(s.get("posts/meetup/").status, 200);
    replace_in(&hub.root.join(MEETUP), MEETUP_TITLE, "CTRL-C-MARKER");
    s.wait_for("the edit", || {
        let r = s.get("posts/meetup/");
        if h1(&r).contains("CTRL-C-MARKER") {
            Ok(())
        } else {
            Err(h1(&r))
        }
    });
    s.settle();
    let mut expected = before.clone();
    let key = format!("hub/{MEETUP}");
    expected.insert(key.clone(), fs::read(hub.root.join(MEETUP)).unwrap());
    assert_ne!(before[&key], expected[&key]);
    // The image cache is the one folder serve writes (processed images and preview cards,
    // made in the background); it is not part of the hub's content nor of any output.
    let no_cache = |mut t: BTreeMap<String, Vec<u8>>| {
        t.retain(|k, _| !k.contains("/.kehila-cache/"));
        t
    };
    let expected = no_cache(expected);
    let during = no_cache(read_tree(&whole));
    assert!(
        during == expected,
        "serving wrote to disk:\n{}",
        tree_diff(&expected, &during)
    );
    s.interrupt();
    let after = no_cache(read_tree(&whole));
    assert!(
        after == expected,
        "after Ctrl+C:\n{}",
        tree_diff(&expected, &after)
    );
}

/// Bug: the base path is read once, at start. When site.yaml is broken then, the server
/// falls back to `/` for its whole life: after the fix the site is served (and built, with
/// canonical URLs) at `http://127.0.0.1:PORT/` instead of `…/hub/`, and `/hub/` is 404.
#[test]
fn a_broken_site_yaml_at_start_recovers_under_the_base_path() {
    let hub = fixture_hub(HE);
    let yaml = hub.root.join("site.yaml");
    let original = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, format!("{original}no_such_key: 1\n")).unwrap();
    let s = Served::start(&hub.root);
    let r = s.raw("GET", "/");
    assert!(
        r.has_overlay() || r.header("location").is_some(),
        "GET / after a failed first build: status {} without an overlay",
        r.status
    );
    fs::write(&yaml, &original).unwrap();
    s.wait_for("the site at /hub/ after fixing site.yaml", || {
        let r = s.raw("GET", "/hub/");
        if r.status == 200 && !r.has_overlay() {
            Ok(())
        } else {
            Err(format!(
                "GET /hub/: status {} (the server printed base URL {})",
                r.status, s.base_url
            ))
        }
    });
}

/// Not required ("may"), but implemented and unreachable: every `Output::Copy` (static file)
/// counts as changed on every rebuild, so a hub with any other static file never gets a
/// `css` event, and even a rebuild that changes nothing sends `reload`.
#[test]
fn a_stylesheet_only_change_sends_a_css_event() {
    let hub = fixture_hub(HE);
    fs::write(hub.root.join("static/style.css"), "body{}\n").unwrap();
    let s = Served::start(&hub.root);
    let mut sse = Sse::connect(s.port, &format!("{}__kehila/events", s.base_path));
    fs::write(hub.root.join("static/style.css"), "body{color:red}\n").unwrap();
    let ev = sse
        .next_event_within(DEADLINE)
        .expect("an event after a CSS change");
    assert_eq!(ev.0, "css", "after a stylesheet-only change: {ev:?}");
    // touching a file without changing anything should not reload the browser
    let about = hub.root.join("content/about.md");
    fs::write(&about, fs::read(&about).unwrap()).unwrap();
    s.settle();
    assert!(
        sse.next_event_within(std::time::Duration::from_millis(500))
            .is_none(),
        "a rebuild that changed nothing sent {:?}",
        sse.events.last()
    );
}

/// The first build changes no file on disk, so it does not say "N files changed"; later
/// builds do.
#[test]
fn the_first_build_does_not_claim_changed_files() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    let out = s.output();
    let first = out
        .lines()
        .find(|l| l.starts_with("built in ") || l.starts_with("rebuilt in "))
        .unwrap_or_else(|| panic!("no build line\n{out}"));
    assert!(first.starts_with("built in "), "{first}");
    assert!(first.contains("nothing is written to disk"), "{first}");
    assert!(!first.contains("changed"), "{first}");
}

/// The overlay's headline counts errors and warnings; it lists both.
#[test]
fn the_overlay_lists_warnings_too() {
    let hub = fixture_hub(HE);
    let s = Served::start(&hub.root);
    // no topic: a warning; a link to a missing file: an error
    hub.write(
        "content/posts/2026-05-01-two-problems.md",
        "---\ntitle: \"Two problems\"\n---\nSee [this](@/posts/no-such-file.md).\n",
    );
    let r = s.wait_for("the error overlay", || {
        let r = s.get("");
        if r.has_overlay() {
            Ok(r)
        } else {
            Err(format!("status {}, no overlay", r.status))
        }
    });
    let items: Vec<String> = doc(&r)
        .select(&sel("#kehila-errors li"))
        .map(text_of)
        .collect();
    let o = overlay_text(&r).unwrap();
    let warnings = items.iter().filter(|i| i.starts_with("warning: ")).count();
    assert!(warnings >= 1, "{items:#?}");
    assert!(
        o.contains(&format!("(1 error, {warnings} warning")),
        "the headline counts what the list shows: {o}"
    );
    assert_eq!(items.len(), 1 + warnings, "{items:#?}");
    assert!(
        items[0].starts_with("error: content/posts/2026-05-01-two-problems.md:4:"),
        "errors come first: {items:#?}"
    );
    assert!(
        items.iter().any(|i| i.starts_with(
            "warning: content/posts/2026-05-01-two-problems.md:2:1: this post has no topic"
        )),
        "{items:#?}"
    );
}

/// `kill` (SIGTERM, what service managers and CI send) stops the server at once.
#[test]
fn sigterm_stops_serve_promptly() {
    let hub = fixture_hub(HE);
    let mut s = Served::start(&hub.root);
    assert_eq!(s.get("").status, 200);
    let took = s.terminate();
    assert!(took < Duration::from_millis(800), "took {took:?}");
}

#[test]
fn renaming_a_post_warns_that_the_old_address_will_break_until_an_alias_keeps_it() {
    let hub = Hub::new("hub-he-subpath");
    let s = Served::start(&hub.root);
    s.settle();
    let path = hub.root.join(MEETUP);
    replace_in(
        &path,
        "topics: [tech]",
        "slug: spring-meetup\ntopics: [tech]",
    );
    s.wait_for("the rename warning", || {
        let e = s.stderr();
        if e.contains("this page moved from /hub/posts/meetup/ to /hub/posts/spring-meetup/")
            && e.contains("aliases: [posts/meetup/]")
        {
            Ok(())
        } else {
            Err(e)
        }
    });
    let warned = s.stderr().matches("this page moved").count();
    // With the alias the old address redirects, and nothing more is said.
    replace_in(
        &path,
        "slug: spring-meetup",
        "slug: spring-meetup\naliases: [posts/meetup/]",
    );
    let r = s.wait_for("the alias page", || {
        let r = s.get("posts/meetup/");
        if r.status == 200 && r.text().contains("http-equiv=\"refresh\"") {
            Ok(r)
        } else {
            Err(format!("status {}", r.status))
        }
    });
    assert!(r.text().contains("url=/hub/posts/spring-meetup/"));
    assert_eq!(s.stderr().matches("this page moved").count(), warned);
}

#[test]
fn a_hub_with_languages_serves_every_language_and_follows_an_edit_of_a_translation() {
    let hub = fixture_hub("languages");
    let s = Served::start(&hub.root);
    let files = assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
    assert!(
        files.iter().any(|f| f == "ar/rss.xml") && files.iter().any(|f| f == "en/about/index.html")
    );
    replace_in(
        &hub.root.join("content/posts/2026-01-10-welcome.ar.md"),
        "مرحبًا بكم في المجتمع",
        "AR-EDIT-MARKER مرحبًا",
    );
    s.wait_for("the edited Arabic title", || {
        let r = s.get("ar/posts/marhaba/");
        if h1(&r).contains("AR-EDIT-MARKER") {
            Ok(())
        } else {
            Err(format!("{} h1 {:?}", r.status, h1(&r)))
        }
    });
    assert!(s.get("ar/rss.xml").text().contains("AR-EDIT-MARKER"));
    assert!(!s.get("rss.xml").text().contains("AR-EDIT-MARKER"));
    assert_served_equals_clean_build(&s, &hub.root, &BTreeSet::new());
}
