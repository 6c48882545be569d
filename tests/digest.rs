//! The digest (`kehila digest`, `/digest/latest/`), the jobs board, event JSON-LD and
//! calendar links, and aliases — on the `hub-digest` fixture with "now" pinned to
//! 2026-06-10 12:00 UTC, parsed with scraper and serde_json.

mod common;

use common::{Hub, kehila_env, sel};
use scraper::Html;
use serde_json::Value;

const NOW: &str = "1781092800";
const RLM: char = '\u{200F}';

fn digest(hub: &Hub, format: &str, extra: &[&str]) -> String {
    let root = hub.root.to_str().unwrap();
    let mut args = vec!["digest", "--root", root, "--format", format];
    args.extend(extra);
    let run = kehila_env(args, &hub.root, &[("SOURCE_DATE_EPOCH", NOW)]);
    run.assert_ok("kehila digest");
    run.stdout
}

fn built() -> Hub {
    let hub = Hub::new("hub-digest");
    let run = kehila_env(
        [
            "build",
            "--root",
            hub.root.to_str().unwrap(),
            "--output",
            hub.public().to_str().unwrap(),
        ],
        &hub.root,
        &[("SOURCE_DATE_EPOCH", NOW)],
    );
    run.assert_ok("hub-digest builds");
    hub
}

fn page(hub: &Hub, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(hub.public().join(rel)).expect(rel))
}

fn json_ld(doc: &Html) -> Vec<Value> {
    doc.select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| serde_json::from_str(&s.inner_html()).expect("JSON-LD parses"))
        .collect()
}

fn is_iso_with_offset(s: &str) -> bool {
    jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", s).is_ok()
}

#[test]
fn email_is_self_contained_inline_styled_absolute_and_rtl() {
    let hub = built();
    let out = hub.root.join("digest.html");
    digest(&hub, "email", &["--output", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&html);
    for banned in ["style", "link", "script"] {
        assert_eq!(
            doc.select(&sel(banned)).count(),
            0,
            "<{banned}> in the email"
        );
    }
    let root = doc.select(&sel("html")).next().unwrap();
    assert_eq!(root.value().attr("dir"), Some("rtl"));
    assert_eq!(root.value().attr("lang"), Some("he"));
    assert!(doc.select(&sel("td[dir=ltr]")).next().is_none());
    assert!(doc.select(&sel("td[dir=rtl]")).count() > 5);
    let mut links = 0;
    for a in doc.select(&sel("a")) {
        let href = a.value().attr("href").unwrap();
        links += 1;
        if href == "*|UNSUB|*" {
            continue;
        }
        assert!(
            href.starts_with("https://") || href.starts_with("mailto:"),
            "link not absolute: {href}"
        );
        if href.starts_with("https://x.github.io/hub/") {
            assert!(href.contains("utm_medium=email"), "{href}");
        }
    }
    assert!(links > 8);
    assert_eq!(doc.select(&sel("a[href=\"*|UNSUB|*\"]")).count(), 1);
    for img in doc.select(&sel("img")) {
        assert!(img.value().attr("src").unwrap().starts_with("https://"));
    }
    let titles: Vec<String> = doc
        .select(&sel("a"))
        .map(|a| a.text().collect::<String>())
        .collect();
    for want in [
        "משרה: בודק/ת תוכנה בחיפה",
        "Python בקבוצת לימוד חדשה",
        "מפגש קיץ",
        "יום פתוח",
    ] {
        assert!(
            titles.iter().any(|t| t == want),
            "{want} missing: {titles:?}"
        );
    }
    for gone in [
        "OLD-NEWS-MARKER",
        "EXPIRED-MARKER",
        "FAR-EVENT-MARKER",
        "האקתון שהיה",
    ] {
        assert!(!html.contains(gone), "{gone} is outside the window");
    }
    // Every element that draws text is styled inline.
    for el in doc.select(&sel("h1, h2, p, td, a")) {
        let tag = el.value().name();
        let has = el.value().attr("style").is_some();
        assert!(has || tag == "td", "<{tag}> without inline style");
    }
    let text = std::fs::read_to_string(hub.root.join("digest.txt")).expect("FILE.txt beside it");
    assert!(text.contains(
        "https://x.github.io/hub/posts/qa-job/?utm_source=kehila-digest&utm_medium=email"
    ));
    assert!(text.contains("*|UNSUB|*"));
}

#[test]
fn whatsapp_text_has_bold_links_alone_rtl_marks_and_fits_the_limit() {
    let hub = built();
    let text = digest(&hub, "whatsapp", &[]);
    assert!(!text.contains("8<"), "one message is enough here");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("*מה חדש") && lines[0].ends_with('*'));
    for l in &lines {
        if l.contains("https://") {
            assert!(l.starts_with("https://"), "a link shares its line: {l}");
            assert!(!l.contains(' '));
        }
        let first = l
            .trim_start_matches(RLM)
            .chars()
            .find(|c| c.is_alphanumeric());
        let hebrew = l.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c));
        if hebrew && first.is_some_and(|c| c.is_ascii_alphanumeric()) {
            assert!(l.starts_with(RLM), "no RTL mark: {l}");
        }
        if l.starts_with(RLM) {
            assert!(hebrew, "a mark on a line without Hebrew: {l}");
        }
    }
    assert!(lines.contains(&"\u{200F}📌 *Python בקבוצת לימוד חדשה*"));
    assert!(lines.iter().any(|l| l.starts_with("\u{200F}2026 היא השנה")));
    assert!(text.contains(
        "https://x.github.io/hub/posts/qa-job/?utm_source=kehila-digest&utm_medium=whatsapp"
    ));
    // The WhatsApp group itself is not advertised inside WhatsApp; Telegram is.
    assert!(!text.contains("chat.whatsapp.com"));
    assert!(text.contains("https://t.me/digest_test_channel"));
}

#[test]
fn a_long_digest_is_split_into_messages_under_the_limit_with_items_whole() {
    let hub = Hub::new("hub-digest");
    for i in 0..80 {
        hub.write(
            &format!("content/posts/2026-06-09-many-{i}.md"),
            &format!(
                "---\ntitle: \"פוסט מספר {i} עם כותרת ארוכה מספיק\"\ntopics: [tech]\n---\n{}\n",
                "מילים רבות בתקציר שממלאות את השורה. ".repeat(8)
            ),
        );
    }
    for format in ["whatsapp", "telegram"] {
        let text = digest(&hub, format, &[]);
        let messages: Vec<&str> = text
            .trim_end()
            .split("\n\n-------- 8< --------\n\n")
            .collect();
        assert!(messages.len() >= 3, "{format}: {}", messages.len());
        for (n, m) in messages.iter().enumerate() {
            let units = m.encode_utf16().count();
            assert!(units <= 4096, "{format} message {n}: {units}");
            assert!(
                m.trim_end().ends_with(&format!("{}", messages.len())),
                "part label"
            );
        }
        for i in 0..80 {
            let count = text.matches(&format!("many-{i}/")).count();
            assert!(count >= 1, "{format}: post {i} missing");
        }
    }
}

/// Checks MarkdownV2: outside entities every reserved character is escaped; inside `(…)` of a
/// link only `)` and `\` are; `*` opens and closes bold in pairs.
fn check_markdown_v2(msg: &str) {
    const RESERVED: &str = "_*[]()~`>#+-=|{}.!";
    let chars: Vec<char> = msg.chars().collect();
    let mut i = 0;
    let mut bold = false;
    let mut in_text = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            assert!(i + 1 < chars.len(), "dangling backslash");
            let n = chars[i + 1];
            assert!(
                RESERVED.contains(n) || n == '\\',
                "needless escape of {n:?}"
            );
            i += 2;
            continue;
        }
        match c {
            '*' => bold = !bold,
            '[' if !in_text => in_text = true,
            ']' if in_text => {
                in_text = false;
                assert_eq!(chars.get(i + 1), Some(&'('), "[text] without (url)");
                i += 2;
                while chars[i] != ')' {
                    if chars[i] == '\\' {
                        assert!(matches!(chars[i + 1], ')' | '\\'), "bad escape in a URL");
                        i += 1;
                    }
                    i += 1;
                }
            }
            c if RESERVED.contains(c) => panic!("unescaped {c:?} in {msg}"),
            _ => {}
        }
        i += 1;
    }
    assert!(!bold, "unclosed bold");
    assert!(!in_text, "unclosed link");
}

#[test]
fn telegram_text_is_escaped_as_markdown_v2_wants() {
    let hub = built();
    let text = digest(&hub, "telegram", &[]);
    for m in text.trim_end().split("\n\n-------- 8< --------\n\n") {
        check_markdown_v2(m);
    }
    assert!(text.contains("\\(חובה\\!\\)"));
    assert!(text.contains("ניסיון\\_בסיסי"));
    assert!(text.contains(
        "(https://x.github.io/hub/posts/qa-job/?utm_source=kehila-digest&utm_medium=telegram)"
    ));
    assert!(text.lines().any(|l| l.starts_with("\u{200F}📌 *Python")));
}

#[test]
fn job_posting_and_event_json_ld_have_the_required_fields() {
    let hub = built();
    let ld = json_ld(&page(&hub, "posts/qa-job/index.html"));
    assert_eq!(ld.len(), 1);
    let j = &ld[0];
    assert_eq!(j["@type"], "JobPosting");
    assert_eq!(j["title"], "משרה: בודק/ת תוכנה בחיפה");
    assert!(j["description"].as_str().unwrap().contains("QA"));
    assert!(
        is_iso_with_offset(j["datePosted"].as_str().unwrap()),
        "{}",
        j["datePosted"]
    );
    assert_eq!(j["validThrough"], "2026-07-31T23:59:59+03:00");
    assert_eq!(j["hiringOrganization"]["name"], "Acme & Sons <Ltd>");
    assert_eq!(j["jobLocation"]["address"]["addressLocality"], "חיפה");
    // The company's `<` cannot close the script element.
    let raw = std::fs::read_to_string(hub.public().join("posts/qa-job/index.html")).unwrap();
    assert!(!raw.contains("Sons <Ltd>"));

    let remote = &json_ld(&page(&hub, "posts/remote-job/index.html"))[0];
    assert_eq!(remote["jobLocationType"], "TELECOMMUTE");
    assert_eq!(remote["applicantLocationRequirements"]["name"], "ישראל");
    assert!(remote.get("jobLocation").is_none());
    assert!(json_ld(&page(&hub, "posts/python-group/index.html")).is_empty());

    let ev = &json_ld(&page(&hub, "events/meetup/index.html"))[0];
    assert_eq!(ev["@type"], "Event");
    assert_eq!(ev["name"], "מפגש קיץ");
    assert_eq!(ev["startDate"], "2026-06-20T18:30:00+03:00");
    assert_eq!(ev["endDate"], "2026-06-20T21:00:00+03:00");
    assert_eq!(
        ev["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(ev["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(ev["offers"]["url"], "https://forms.example.org/summer");
    assert!(ev["location"].as_array().unwrap().len() == 2);
    let day = &json_ld(&page(&hub, "events/open-day/index.html"))[0];
    assert_eq!(
        day["startDate"], "2026-06-25",
        "a whole day is a bare ISO date"
    );
}

#[test]
fn event_pages_offer_google_outlook_and_ics_and_rsvp_and_mark_past_events() {
    let hub = built();
    let doc = page(&hub, "events/meetup/index.html");
    let hrefs: Vec<String> = doc
        .select(&sel(".calendar-menu a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs.len(), 3, "{hrefs:?}");
    // 18:30–21:00 in Jerusalem (UTC+3 in June) is 15:30–18:00 UTC.
    assert!(
        hrefs[0].starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&text=")
    );
    assert!(
        hrefs[0].contains("&dates=20260620T153000Z%2F20260620T180000Z&"),
        "{}",
        hrefs[0]
    );
    assert!(hrefs[1].starts_with("https://outlook.live.com/calendar/0/deeplink/compose?"));
    assert!(
        hrefs[1].contains("startdt=2026%2D06%2D20T15%3A30%3A00Z"),
        "{}",
        hrefs[1]
    );
    assert_eq!(hrefs[2], "/hub/events/meetup/event.ics");
    let rsvp: Vec<_> = doc
        .select(&sel("a.btn[href=\"https://forms.example.org/summer\"]"))
        .collect();
    assert_eq!(rsvp.len(), 1);
    let day = page(&hub, "events/open-day/index.html");
    let g = day.select(&sel(".calendar-menu a")).next().unwrap();
    assert!(
        g.value()
            .attr("href")
            .unwrap()
            .contains("dates=20260625%2F20260626")
    );
    let past = page(&hub, "events/past/index.html");
    assert!(
        past.select(&sel(".notice")).next().is_some(),
        "past event marked"
    );
    assert!(past.select(&sel(".calendar-menu")).next().is_none());
}

#[test]
fn jobs_board_lists_open_offers_newest_first_with_a_feed() {
    let hub = built();
    let doc = page(&hub, "jobs/index.html");
    let titles: Vec<String> = doc
        .select(&sel(".post-card .card-title a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        titles,
        vec!["משרה: בודק/ת תוכנה בחיפה", "משרה: מפתח/ת מרחוק"]
    );
    let closes: Vec<String> = doc
        .select(&sel(".job-meta time"))
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(closes, vec!["2026-07-31", "2026-12-31"]);
    let feed = std::fs::read(hub.public().join("jobs/rss.xml")).unwrap();
    let feed = feed_rs::parser::parse(&feed[..]).expect("jobs feed parses");
    let links: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        vec![
            "https://x.github.io/hub/posts/qa-job/",
            "https://x.github.io/hub/posts/remote-job/"
        ]
    );
}

#[test]
fn aliases_redirect_under_the_base_path_and_clashes_are_errors() {
    let hub = built();
    for old in ["old/qa-job/index.html", "ישן/משרה/index.html"] {
        let doc = page(&hub, old);
        let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
        assert_eq!(
            canonical.value().attr("href"),
            Some("https://x.github.io/hub/posts/qa-job/")
        );
        let refresh = doc.select(&sel("meta[http-equiv=refresh]")).next().unwrap();
        assert_eq!(
            refresh.value().attr("content"),
            Some("0; url=/hub/posts/qa-job/")
        );
        let a = doc.select(&sel("main a")).next().unwrap();
        assert_eq!(a.value().attr("href"), Some("/hub/posts/qa-job/"));
        assert!(
            hub.public().join("posts/qa-job/index.html").is_file(),
            "the target exists"
        );
    }
    // The same old address twice, and an address a page already has.
    hub.write(
        "content/posts/2026-06-01-other.md",
        "---\ntitle: אחר\ntopics: [tech]\naliases:\n  - old/qa-job/\n  - posts/remote-job/\n---\nטקסט.\n",
    );
    let run = common::kehila(["check", "--root", hub.root.to_str().unwrap()], &hub.root);
    assert!(!run.ok());
    let out = run.all_output();
    assert!(
        out.contains("content/posts/2026-06-01-other.md:5:5: the alias \"old/qa-job/\" is also an alias in content/posts/2026-06-08-qa-job.md:9"),
        "{out}"
    );
    assert!(
        out.contains("is the address of content/posts/2026-06-05-remote-job.md"),
        "{out}"
    );
}

#[test]
fn latest_digest_is_in_the_site_as_a_page_and_documented_json() {
    let hub = built();
    let doc = page(&hub, "digest/latest/index.html");
    assert!(doc.select(&sel(".digest-message")).count() >= 1);
    let json: Value =
        serde_json::from_slice(&std::fs::read(hub.public().join("digest/latest.json")).unwrap())
            .unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["dir"], "rtl");
    assert_eq!(json["since"], "2026-06-03");
    assert_eq!(json["until"], "2026-06-10");
    let kinds: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["job", "job", "post", "post"]);
    assert_eq!(json["events"]["items"].as_array().unwrap().len(), 2);
    assert!(
        json["formats"]["whatsapp"][0]
            .as_str()
            .unwrap()
            .contains("*מה חדש")
    );
    assert!(
        json["formats"]["email_html"]
            .as_str()
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn job_offer_mistakes_are_errors_with_file_and_line() {
    let hub = Hub::new("hub-digest");
    hub.write(
        "content/posts/2026-06-02-typo.md",
        "---\ntitle: א\nkind: jobs\ntopics: [career]\n---\nט.\n",
    );
    hub.write(
        "content/posts/2026-06-02-no-kind.md",
        "---\ntitle: ב\ntopics: [career]\ncompany: X\n---\nט.\n",
    );
    hub.write(
        "content/posts/2026-06-02-incomplete.md",
        "---\ntitle: ג\nkind: job\ntopics: [career]\napply: \"javascript:alert(1)\"\n---\nט.\n",
    );
    let run = common::kehila(["check", "--root", hub.root.to_str().unwrap()], &hub.root);
    assert!(!run.ok());
    let out = run.all_output();
    for want in [
        "content/posts/2026-06-02-typo.md:3:7: unknown kind \"jobs\"",
        "content/posts/2026-06-02-no-kind.md:4:10: \"company\" is only for job offers",
        "content/posts/2026-06-02-incomplete.md:2:1: this job offer has no \"company\"",
        "content/posts/2026-06-02-incomplete.md:2:1: this job offer has no \"location\"",
        "content/posts/2026-06-02-incomplete.md:2:1: this job offer has no \"expires\"",
        "content/posts/2026-06-02-incomplete.md:5:9: apply \"javascript:alert(1)\" is neither a web address nor an email",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn lang_picks_the_words_and_direction_of_the_digest_and_bad_dates_are_usage_errors() {
    let hub = built();
    let text = digest(&hub, "text", &["--lang", "en"]);
    assert!(
        text.starts_with("What's new at קהילת הבוגרים\nJune 3, 2026 – June 10, 2026\n"),
        "{text}"
    );
    assert!(text.contains("== Coming up =="));
    assert!(text.contains("Closes on July 31, 2026"));
    let since = digest(&hub, "text", &["--since", "2026-04-30"]);
    assert!(
        since.contains("OLD-NEWS-MARKER"),
        "--since reaches older posts"
    );
    let root = hub.root.to_str().unwrap();
    let bad = kehila_env(
        ["digest", "--root", root, "--since", "30/04/2026"],
        &hub.root,
        &[],
    );
    assert_eq!(bad.code, Some(2), "{}", bad.all_output());
    assert!(bad.stderr.contains("YYYY-MM-DD"));
}
