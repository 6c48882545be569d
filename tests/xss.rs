//! Nothing from content runs script in a reader's browser. `tests/fixtures/hub-xss` carries
//! payloads of the OWASP XSS cheat-sheet classes (script tags, event handlers, javascript: /
//! vbscript: / data: addresses, obfuscated schemes, frames, objects, meta refresh, base, forms,
//! SVG and MathML, split and nested tags, attribute break-outs) in post bodies, titles,
//! summaries, front matter `extra`, site.yaml, leaders, events, roster fields and a file name.
//! Every output HTML page and every HTML field of every feed is parsed and searched.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use scraper::{Html, node::Node};

/// The hub's address (the fixture's `base_url`).
const SITE: &str = "https://alumni.example.org/hub/";

/// A script the theme itself writes: a JSON-LD data block (never run, and with no `<` that
/// could close it early), or one of the theme's own script files under the hub's base path.
fn theme_script(el: &scraper::node::Element, text: &str) -> bool {
    if el.attr("type") == Some("application/ld+json") {
        return el.attr("src").is_none() && !text.contains('<');
    }
    // read once for all the pages' script elements
    static THEME_SCRIPTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".js"))
            .collect()
    });
    text.trim().is_empty()
        && el.attr("src").is_some_and(|src| {
            THEME_SCRIPTS
                .iter()
                .any(|n| src == format!("/hub/{n}") || src == format!("{SITE}{n}"))
        })
}

/// Where an executable payload was found, or nothing.
fn executable(doc: &Html, allowed_frames: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        if matches!(
            name,
            "object" | "embed" | "base" | "applet" | "frame" | "frameset"
        ) {
            found.push(format!("<{name}>"));
        }
        let text: String = node
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
            .collect();
        if name == "script" && !theme_script(el, &text) {
            found.push(format!("<script> {:?}", el.attr("src")));
        }
        // The theme's own search box may send a query to the hub's own search page only.
        if name == "form"
            && !el
                .attr("action")
                .is_some_and(|a| a.starts_with(SITE) || a.starts_with("/hub/"))
        {
            found.push(format!("<form> to {:?}", el.attr("action")));
        }
        if name == "meta"
            && el
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            found.push("<meta http-equiv=refresh>".into());
        }
        for (attr, value) in el.attrs() {
            let lower = attr.to_ascii_lowercase();
            if lower.starts_with("on") || lower == "srcdoc" || lower == "formaction" {
                found.push(format!("{attr} on <{name}>: {value}"));
            }
            if lower == "style" {
                let v = value.to_ascii_lowercase();
                if v.contains("url(") || v.contains("expression") || v.contains("javascript") {
                    found.push(format!("style on <{name}>: {value}"));
                }
            }
            if matches!(
                lower.as_str(),
                "href" | "src" | "xlink:href" | "action" | "data" | "poster" | "background"
            ) {
                let cleaned: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                // an image (or the theme's icon) may be a data: image: it cannot run script
                let data_image = (name == "img"
                    || (name == "link" && el.attr("rel") == Some("icon")))
                    && cleaned.starts_with("data:image/");
                if cleaned.starts_with("javascript:")
                    || cleaned.starts_with("vbscript:")
                    || (cleaned.starts_with("data:") && !data_image)
                {
                    found.push(format!("{attr} on <{name}>: {value}"));
                }
                if name == "iframe"
                    && lower == "src"
                    && !allowed_frames
                        .iter()
                        .any(|h| cleaned.starts_with(&format!("https://{h}/")))
                {
                    found.push(format!("frame from {value}"));
                }
            }
        }
    }
    found
}

const FRAMES: &[&str] = &["www.youtube-nocookie.com", "embed.example.org"];

/// The HTML fields of every feed: RSS `description` / `content:encoded`, Atom and JSON Feed
/// content and summaries, for all feeds the build wrote.
fn feed_html(out: &Path) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for (rel, bytes) in read_tree(out) {
        if rel.ends_with(".xml") && rel != "sitemap.xml" {
            let feed = feed_rs::parser::parse(bytes.as_slice())
                .unwrap_or_else(|e| panic!("{rel} is not a feed: {e}"));
            // readers show an RSS channel description as HTML (an Atom subtitle says its type)
            if let Some(d) = feed.description
                && (feed.feed_type == feed_rs::model::FeedType::RSS2
                    || d.content_type.to_string().contains("html"))
            {
                fields.push((rel.clone(), d.content));
            }
            for entry in feed.entries {
                if let Some(c) = entry.content.and_then(|c| c.body) {
                    fields.push((rel.clone(), c));
                }
                if let Some(s) = entry.summary {
                    fields.push((rel.clone(), s.content));
                }
            }
        } else if rel.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            // the digest's JSON carries its email, a whole HTML document
            if let Some(email) = v["formats"]["email_html"].as_str() {
                fields.push((rel.clone(), email.to_string()));
            }
            let Some(items) = v["items"].as_array() else {
                continue;
            };
            for item in items {
                // `summary` and `title` are plain text in JSON Feed
                for key in ["content_html"] {
                    if let Some(s) = item[key].as_str() {
                        fields.push((rel.clone(), s.to_string()));
                    }
                }
            }
        }
    }
    fields
}

#[test]
fn no_payload_survives_in_any_output_file() {
    let hub = Hub::new("hub-xss");
    let run = hub.build(&[]);
    run.assert_ok("the XSS hub builds (payloads are removed with warnings, not errors)");
    let out = hub.public();

    let pages = html_files(&out);
    assert!(pages.len() >= 10, "{pages:?}");
    for rel in &pages {
        let text = fs::read_to_string(out.join(rel)).unwrap();
        let found = executable(&Html::parse_document(&text), FRAMES);
        assert!(found.is_empty(), "{rel}: {found:#?}");
    }

    let fields = feed_html(&out);
    assert!(
        fields.iter().any(|(_, h)| h.contains("multi-line tag")),
        "the feeds carry the full sanitised body"
    );
    for (rel, html) in &fields {
        let found = executable(&Html::parse_fragment(html), FRAMES);
        assert!(found.is_empty(), "{rel}: {found:#?}\n{html}");
    }
    // Text fields (titles, JSON Feed summaries) carry the payloads as text: escaped, so a grep
    // of the raw bytes of every file that is not a page finds no script tag or script address
    // (handlers and addresses inside HTML fields were checked on the parsed HTML above).
    let mut others = 0;
    for (rel, bytes) in read_tree(&out) {
        if rel.ends_with(".html") || rel.ends_with(".css") {
            continue;
        }
        others += 1;
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        if rel.ends_with(".ics") {
            // iCalendar TEXT values are plain text, shown as text; what a calendar opens is a
            // URL property, and those must be web addresses.
            for line in text.lines().filter(|l| l.starts_with("url")) {
                let value = line.split_once(':').map(|x| x.1).unwrap_or("");
                assert!(value.starts_with("http"), "{rel}: {line}");
            }
            continue;
        }
        for bad in ["<script", "<object", "<embed", "<iframe src=javascript"] {
            assert!(!text.contains(bad), "{rel} contains {bad:?}");
        }
    }
    assert!(others >= 8, "feeds, calendars, sitemap: {others}");
}

#[test]
fn safe_markup_and_embeds_are_kept() {
    let hub = Hub::new("hub-xss");
    hub.build(&[]).assert_ok("the XSS hub builds");
    let doc = Html::parse_document(
        &fs::read_to_string(hub.public().join("posts/payloads/index.html")).unwrap(),
    );
    let frames: Vec<&str> = doc
        .select(&sel("iframe[src]"))
        .filter_map(|f| f.value().attr("src"))
        .collect();
    assert_eq!(
        frames,
        [
            "https://www.youtube-nocookie.com/embed/kept",
            "https://embed.example.org/widget"
        ]
    );
    let imgs: Vec<&str> = doc
        .select(&sel("article img, main img"))
        .filter_map(|i| i.value().attr("alt"))
        .collect();
    assert!(
        imgs.contains(&"kept data image") && imgs.contains(&"kept"),
        "{imgs:?}"
    );
    let text = page_text(&doc);
    for kept in ["raw link", "multi-line tag", "md js", "Safe link"] {
        assert!(text.contains(kept), "the text {kept:?} stays: {text}");
    }
    let safe: Vec<&str> = doc
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(safe.contains(&"https://example.org/ok") && safe.contains(&"/hub/topics/"));
    assert!(
        doc.select(&sel("h2#heading[lang=en]")).next().is_some(),
        "a heading keeps its id and lang"
    );
}

#[test]
fn every_removal_is_a_positioned_warning() {
    let hub = Hub::new("hub-xss");
    let run = hub.build(&[]);
    run.assert_ok("the XSS hub builds");
    let p = "content/posts/2026-02-01-payloads.md";
    for (at, says) in [
        (format!("{p}:5:7"), "the onerror attribute of <img>"),
        (format!("{p}:7:1"), "the <script> element with its content"),
        (format!("{p}:13:1"), "an <iframe> from evil.example.com"),
        (format!("{p}:18:1"), "the onclick attribute of <div>"),
        (
            format!("{p}:32:1"),
            "a javascript: address in the href of <a>",
        ),
        (
            format!("{p}:40:38"),
            "removed a link to a vbscript: address",
        ),
        (
            format!("{p}:42:1"),
            "removed an image from a javascript: address",
        ),
        (format!("{p}:44:1"), "heading attribute onclick"),
        (
            "content/topics/careers.md:5:6".to_string(),
            "the onmouseover attribute of <b>",
        ),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("warning: {at}: ")))
            .unwrap_or_else(|| panic!("no warning at {at}\n{run}"));
        assert!(line.contains(says), "{line}");
    }
    let frame_hint = run
        .stderr
        .split("\n\n")
        .find(|w| w.contains("evil.example.com"))
        .unwrap();
    assert!(frame_hint.contains("allow_iframes_from"), "{frame_hint}");
}

/// `html: trusted` publishes HTML as written: the check above is one that can fail.
#[test]
fn trusted_hubs_publish_html_as_written() {
    let hub = Hub::new("hub-xss");
    let site = fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    let site = site.replace(
        "html:\n  allow_iframes_from: [embed.example.org]\n",
        "html: trusted\n",
    );
    assert!(site.contains("html: trusted"));
    hub.write("site.yaml", &site);
    let run = hub.build(&[]);
    run.assert_ok("a trusted hub builds");
    assert!(!run.stderr.contains("removed"), "{run}");
    let doc = Html::parse_document(
        &fs::read_to_string(hub.public().join("posts/payloads/index.html")).unwrap(),
    );
    let found = executable(&doc, FRAMES);
    assert!(found.iter().any(|f| f.starts_with("<script>")), "{found:?}");
    assert!(found.iter().any(|f| f.starts_with("onerror")), "{found:?}");
}
