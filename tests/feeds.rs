//! Feeds, calendars and link previews, checked the way their consumers see them: feed readers
//! and RSS-to-email tools (the feeds parsed with `feed-rs`, plus a small XML reader for what
//! `feed-rs` normalises away), calendar apps (`.ics` files read line by line after RFC 5545
//! unfolding) and chat apps drawing a link preview (the `<head>` parsed with `scraper`).
//!
//! Fixtures: `hub-he-subpath` and `hub-en-root` (shared builds), and `hub-feeds`, a small
//! Hebrew hub with a site author, posts with every kind of link and events that exercise
//! escaping, folding, time zones and all-day dates. Settings and binary files (PNG images) are
//! added to private copies at run time.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::*;
use feed_rs::model::{Entry, Feed, FeedType};
use scraper::Html;

/// Events, posts with every kind of link, a site author with an email (same base URL as `HE`).
const FEEDS: &str = "hub-feeds";

fn feeds_hub() -> &'static Built {
    shared_build(FEEDS, &[], HE_BASE_URL)
}

// ---------------------------------------------------------------------------------------------
// Reading output files
// ---------------------------------------------------------------------------------------------

fn read_out(built: &Built, rel: &str) -> String {
    let path = built.out.join(rel);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{rel} not written ({}): {e}", path.display()))
}

fn read_hub(hub: &Hub, rel: &str) -> String {
    let path = hub.public().join(rel);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{rel} not written ({}): {e}", path.display()))
}

fn parse_feed(text: &str, what: &str) -> Feed {
    feed_rs::parser::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{what} does not parse as a feed: {e}\n{text}"))
}

/// The three site feeds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Rss,
    Atom,
    Json,
}

const KINDS: [Kind; 3] = [Kind::Rss, Kind::Atom, Kind::Json];

impl Kind {
    fn file(self) -> &'static str {
        match self {
            Kind::Rss => "rss.xml",
            Kind::Atom => "atom.xml",
            Kind::Json => "feed.json",
        }
    }

    fn feed_type(self) -> FeedType {
        match self {
            Kind::Rss => FeedType::RSS2,
            Kind::Atom => FeedType::Atom,
            Kind::Json => FeedType::JSON,
        }
    }

    /// The `type` of its `<link rel="alternate">`.
    fn mime(self) -> &'static str {
        match self {
            Kind::Rss => "application/rss+xml",
            Kind::Atom => "application/atom+xml",
            Kind::Json => "application/feed+json",
        }
    }
}

/// A site feed of a build, parsed, after checking its format.
fn site_feed(built: &Built, kind: Kind) -> Feed {
    let feed = parse_feed(&read_out(built, kind.file()), kind.file());
    assert_eq!(
        feed.feed_type,
        kind.feed_type(),
        "{}: feed type",
        kind.file()
    );
    feed
}

fn ids(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.id.clone()).collect()
}

fn title_of(e: &Entry) -> String {
    e.title
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default()
}

fn summary_of(e: &Entry) -> Option<String> {
    e.summary.as_ref().map(|t| t.content.clone())
}

fn content_of(e: &Entry) -> Option<String> {
    e.content.as_ref().and_then(|c| c.body.clone())
}

/// A post's permalink for a site whose base URL is `base_url` (Hebrew slugs percent-encoded,
/// as browsers and the site itself write them).
fn post_url(base_url: &str, slug: &str) -> String {
    format!("{base_url}posts/{}/", encode_path(slug))
}

/// Percent-encodes the bytes a URL path cannot hold as they are (non-ASCII, space, `%`…).
fn encode_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Bidirectional control characters a title may gain to stay readable (issue 3, item 5);
/// comparisons of plain titles ignore them.
fn strip_bidi(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A small XML reader, for what feed-rs normalises away (which element carried the author, the
// `type` of Atom content, `atom:link`): well-formed XML into a tree, entities and CDATA decoded.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct XmlEl {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<XmlEl>,
    /// Direct text and CDATA, decoded.
    text: String,
}

impl XmlEl {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlEl> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn child(&self, name: &str) -> Option<&XmlEl> {
        self.children.iter().find(|c| c.name == name)
    }

    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.clone())
    }

    /// The prefix this (root) element binds to namespace `uri`, e.g. `dc` for Dublin Core.
    fn prefix_of(&self, uri: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(k, v)| k.starts_with("xmlns:") && v == uri)
            .map(|(k, _)| k["xmlns:".len()..].to_string())
    }
}

fn xml_unescape(s: &str, what: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .unwrap_or_else(|| panic!("{what}: bare `&` in XML: {rest}"));
        let ent = &rest[i + 1..i + end];
        let ch = match ent {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(h) = ent.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                n.and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("{what}: unknown XML entity &{ent};"))
            }
        };
        out.push(ch);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Parses well-formed XML (panicking, with `what`, on anything else) and returns the root
/// element.
fn parse_xml(xml: &str, what: &str) -> XmlEl {
    let mut stack: Vec<XmlEl> = vec![XmlEl::default()];
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<?") {
            let end = r
                .find("?>")
                .unwrap_or_else(|| panic!("{what}: unclosed <?"));
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let end = r
                .find("-->")
                .unwrap_or_else(|| panic!("{what}: unclosed comment"));
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r
                .find("]]>")
                .unwrap_or_else(|| panic!("{what}: unclosed CDATA"));
            stack.last_mut().unwrap().text.push_str(&r[..end]);
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            let end = r.find('>').unwrap_or_else(|| panic!("{what}: unclosed <!"));
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r
                .find('>')
                .unwrap_or_else(|| panic!("{what}: unclosed end tag"));
            let name = r[..end].trim();
            let el = stack.pop().unwrap();
            assert_eq!(el.name, name, "{what}: </{name}> closes <{}>", el.name);
            assert!(!stack.is_empty(), "{what}: </{name}> without a start tag");
            stack.last_mut().unwrap().children.push(el);
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let name_end = r
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or_else(|| panic!("{what}: unclosed start tag"));
            let mut el = XmlEl {
                name: r[..name_end].to_string(),
                ..Default::default()
            };
            let mut r = &r[name_end..];
            let self_closing = loop {
                r = r.trim_start();
                if let Some(after) = r.strip_prefix("/>") {
                    r = after;
                    break true;
                }
                if let Some(after) = r.strip_prefix('>') {
                    r = after;
                    break false;
                }
                let eq = r
                    .find('=')
                    .unwrap_or_else(|| panic!("{what}: attribute without value in <{}>", el.name));
                let key = r[..eq].trim().to_string();
                let after = r[eq + 1..].trim_start();
                let quote = after
                    .chars()
                    .next()
                    .filter(|c| *c == '"' || *c == '\'')
                    .unwrap_or_else(|| panic!("{what}: unquoted attribute {key}"));
                let close = after[1..]
                    .find(quote)
                    .unwrap_or_else(|| panic!("{what}: unclosed attribute {key}"));
                let value = xml_unescape(&after[1..1 + close], what);
                el.attrs.push((key, value));
                r = &after[close + 2..];
            };
            rest = r;
            if self_closing {
                stack.last_mut().unwrap().children.push(el);
            } else {
                stack.push(el);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = xml_unescape(&rest[..end], what);
            if stack.len() == 1 {
                assert!(
                    text.trim().is_empty(),
                    "{what}: text outside the root element: {text:?}"
                );
            } else {
                stack.last_mut().unwrap().text.push_str(&text);
            }
            rest = &rest[end..];
        }
    }
    assert_eq!(
        stack.len(),
        1,
        "{what}: unclosed <{}>",
        stack.last().unwrap().name
    );
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "{what}: one root element expected");
    doc.children.pop().unwrap()
}

const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// An RSS file: its root, `<channel>` and the prefixes it uses for the extension namespaces.
struct Rss {
    root: XmlEl,
}

impl Rss {
    fn parse(xml: &str, what: &str) -> Rss {
        let root = parse_xml(xml, what);
        assert_eq!(root.name, "rss", "{what}: root element");
        assert_eq!(root.attr("version"), Some("2.0"), "{what}: RSS version");
        assert!(root.child("channel").is_some(), "{what}: no <channel>");
        Rss { root }
    }

    fn channel(&self) -> &XmlEl {
        self.root.child("channel").unwrap()
    }

    fn items(&self) -> Vec<&XmlEl> {
        self.channel().all("item").collect()
    }

    /// `prefix:local` for an extension element, or a name no element has if the namespace is
    /// not declared.
    fn qname(&self, ns: &str, local: &str) -> String {
        match self.root.prefix_of(ns) {
            Some(p) => format!("{p}:{local}"),
            None => format!("{{{ns}}}{local}"),
        }
    }

    /// The item whose `<guid>` is `id`.
    fn item(&self, id: &str) -> &XmlEl {
        self.items()
            .into_iter()
            .find(|i| i.child_text("guid").as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no RSS item with guid {id}"))
    }
}

// ---------------------------------------------------------------------------------------------
// Links inside HTML (feed content, pages)
// ---------------------------------------------------------------------------------------------

/// `https://x.github.io` for `https://x.github.io/hub/`.
fn origin_of(base_url: &str) -> String {
    let (scheme, rest) = base_url.split_once("://").unwrap();
    format!("{scheme}://{}", rest.split('/').next().unwrap())
}

/// Resolves `href` found on the page at absolute URL `page_url` (RFC 3986, enough of it).
fn resolve_url(page_url: &str, href: &str) -> String {
    if has_scheme(href) {
        return href.to_string();
    }
    let scheme = page_url.split_once("://").unwrap().0;
    if href.starts_with("//") {
        return format!("{scheme}:{href}");
    }
    let origin = origin_of(page_url);
    if href.starts_with('/') {
        return format!("{origin}{href}");
    }
    let page_path = &page_url[origin.len()..];
    let page_path = page_path.split(['?', '#']).next().unwrap();
    if href.starts_with('#') || href.starts_with('?') {
        return format!("{origin}{page_path}{href}");
    }
    let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
    let mut segs: Vec<&str> = dir.split('/').collect();
    segs.pop();
    let (path, tail) = match href.find(['?', '#']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let parts: Vec<&str> = path.split('/').collect();
    for (i, seg) in parts.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                if segs.len() > 1 {
                    segs.pop();
                }
            }
            s => segs.push(s),
        }
        if i + 1 == parts.len() && (*seg == "." || *seg == "..") {
            segs.push("");
        }
    }
    format!("{origin}{}{tail}", segs.join("/"))
}

/// The URL-carrying attributes of an HTML fragment (`href`, `src`, each `srcset` candidate).
fn fragment_links(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for el in doc.select(&sel("[href], [src], [srcset]")) {
        for attr in ["href", "src"] {
            if let Some(v) = el.value().attr(attr) {
                out.push(v.trim().to_string());
            }
        }
        if let Some(v) = el.value().attr("srcset") {
            for cand in v.split(',') {
                if let Some(u) = cand.split_whitespace().next() {
                    out.push(u.to_string());
                }
            }
        }
    }
    out
}

/// Problems with the links of HTML shown away from the site (a feed item): each must be an
/// absolute URL, and one to this site must start with its base URL and name a written file
/// (and an existing `#id` there).
fn feed_link_problems(built: &Built, what: &str, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let host = host_of(&built.base_url);
    for link in fragment_links(html) {
        if !has_scheme(&link) {
            problems.push(format!("{what}: {link:?} is not absolute"));
            continue;
        }
        let lower = link.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            continue;
        }
        if host_of(&link) != host {
            continue;
        }
        if !link.starts_with(&built.base_url) {
            problems.push(format!(
                "{what}: {link:?} does not start with {}",
                built.base_url
            ));
            continue;
        }
        match resolve_link(&built.out, &built.base_url, &link) {
            Err(why) => problems.push(format!("{what}: {link:?}: {why}")),
            Ok(Target::File {
                path,
                fragment: Some(f),
            }) if path.extension().is_some_and(|x| x == "html") => {
                if !ids_of(&path).contains(&f) {
                    problems.push(format!("{what}: {link:?}: the page has no id {f:?}"));
                }
            }
            Ok(_) => {}
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// iCalendar, read by hand (RFC 5545 §3.1)
// ---------------------------------------------------------------------------------------------

/// Physical-line problems: CRLF line ends only, at most 75 octets a line (without the CRLF),
/// each line valid UTF-8 on its own (so folding never split a character).
fn ics_physical_problems(what: &str, bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    if bytes.is_empty() {
        return vec![format!("{what}: empty file")];
    }
    if !bytes.ends_with(b"\r\n") {
        problems.push(format!("{what}: the last line does not end in CRLF"));
    }
    let mut lines: Vec<&[u8]> = split_crlf(bytes);
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    for (n, line) in lines.iter().enumerate() {
        let n = n + 1;
        if line.contains(&b'\n') || line.contains(&b'\r') {
            problems.push(format!(
                "{what}: line {n} has a bare CR or LF: {:?}",
                String::from_utf8_lossy(line)
            ));
        }
        if line.len() > 75 {
            problems.push(format!(
                "{what}: line {n} is {} octets (over 75): {:?}",
                line.len(),
                String::from_utf8_lossy(line)
            ));
        }
        if let Err(e) = std::str::from_utf8(line) {
            problems.push(format!(
                "{what}: line {n} is not valid UTF-8 on its own (a fold split a character?): {e}: {:?}",
                String::from_utf8_lossy(line)
            ));
        }
    }
    problems
}

fn split_crlf(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
            out.push(&bytes[start..i]);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    out.push(&bytes[start..]);
    out
}

/// Logical content lines: a line starting with a space or tab continues the previous one.
fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.split("\r\n") {
        if let Some(cont) = line.strip_prefix([' ', '\t']) {
            out.last_mut()
                .expect("a continuation line before any content line")
                .push_str(cont);
        } else if !line.is_empty() {
            out.push(line.to_string());
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    params: Vec<(String, String)>,
    /// The raw (still escaped) value.
    value: String,
}

impl Prop {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `NAME;P=V;Q="x:y":value`
fn parse_content_line(line: &str) -> Prop {
    let mut in_quotes = false;
    let mut colon = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon.unwrap_or_else(|| panic!("content line without `:`: {line:?}"));
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next().unwrap().to_ascii_uppercase();
    let params = parts
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_ascii_uppercase(), v.trim_matches('"').to_string())
        })
        .collect();
    Prop {
        name,
        params,
        value: value.to_string(),
    }
}

#[derive(Debug, Default)]
struct Comp {
    name: String,
    props: Vec<Prop>,
    subs: Vec<Comp>,
}

impl Comp {
    fn props(&self, name: &str) -> Vec<&Prop> {
        self.props.iter().filter(|p| p.name == name).collect()
    }

    fn get(&self, name: &str) -> Option<&Prop> {
        self.props(name).into_iter().next()
    }

    /// The only `name` property; panics when there is none or several.
    fn one(&self, name: &str, what: &str) -> &Prop {
        let all = self.props(name);
        assert_eq!(
            all.len(),
            1,
            "{what}: expected exactly one {name}, found {all:?}"
        );
        all[0]
    }

    /// A TEXT property, unescaped.
    fn text(&self, name: &str, what: &str) -> Option<String> {
        self.get(name).map(|p| {
            unescape_text(&p.value).unwrap_or_else(|e| panic!("{what}: {name}:{}: {e}", p.value))
        })
    }

    fn events(&self) -> Vec<&Comp> {
        self.subs.iter().filter(|c| c.name == "VEVENT").collect()
    }
}

/// Parses a whole iCalendar stream into its one VCALENDAR.
fn parse_ics(text: &str, what: &str) -> Comp {
    let mut stack: Vec<Comp> = vec![Comp::default()];
    for line in unfold(text) {
        let prop = parse_content_line(&line);
        match prop.name.as_str() {
            "BEGIN" => stack.push(Comp {
                name: prop.value.to_ascii_uppercase(),
                ..Default::default()
            }),
            "END" => {
                let c = stack.pop().unwrap();
                assert_eq!(
                    c.name,
                    prop.value.to_ascii_uppercase(),
                    "{what}: END:{} closes {}",
                    prop.value,
                    c.name
                );
                stack
                    .last_mut()
                    .unwrap_or_else(|| panic!("{what}: END without BEGIN"))
                    .subs
                    .push(c);
            }
            _ => {
                assert!(
                    stack.len() > 1,
                    "{what}: property outside any component: {line}"
                );
                stack.last_mut().unwrap().props.push(prop);
            }
        }
    }
    assert_eq!(
        stack.len(),
        1,
        "{what}: unclosed BEGIN:{}",
        stack.last().unwrap().name
    );
    let mut top = stack.pop().unwrap();
    assert_eq!(top.subs.len(), 1, "{what}: one VCALENDAR expected");
    let cal = top.subs.pop().unwrap();
    assert_eq!(cal.name, "VCALENDAR", "{what}: top component");
    cal
}

/// RFC 5545 §3.3.11: `\\` `\;` `\,` `\n` `\N` are the only escapes, and a `;` or `,` in a
/// (single) TEXT value must be escaped.
fn unescape_text(v: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some(';') => out.push(';'),
                Some(',') => out.push(','),
                Some('n') | Some('N') => out.push('\n'),
                other => return Err(format!("invalid escape \\{other:?}")),
            },
            ';' | ',' => return Err(format!("unescaped {c:?}")),
            c if c.is_control() => return Err(format!("raw control character {c:?}")),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The slugs of a build's event pages (`events/<slug>/index.html`).
fn event_slugs(built: &Built) -> Vec<String> {
    built
        .html_pages()
        .into_iter()
        .filter_map(|p| {
            let segs: Vec<&str> = p.split('/').collect();
            (segs.len() == 3 && segs[0] == "events" && segs[2] == "index.html" && segs[1] != "page")
                .then(|| segs[1].to_string())
        })
        .collect()
}

/// The `.ics` files of a build: `events.ics` and each event's own.
fn ics_files(built: &Built) -> Vec<String> {
    let mut out = vec!["events.ics".to_string()];
    out.extend(
        event_slugs(built)
            .into_iter()
            .map(|s| format!("events/{s}/event.ics")),
    );
    out
}

fn calendar(built: &Built, rel: &str) -> Comp {
    parse_ics(&read_out(built, rel), rel)
}

/// The VEVENT of `events.ics` whose URL is the page of event `slug`.
fn vevent<'a>(cal: &'a Comp, built: &Built, slug: &str) -> &'a Comp {
    let url = format!("{}events/{}/", built.base_url, encode_path(slug));
    let found: Vec<&Comp> = cal
        .events()
        .into_iter()
        .filter(|e| e.get("URL").is_some_and(|u| u.value == url))
        .collect();
    assert_eq!(found.len(), 1, "VEVENTs with URL {url}: {found:#?}");
    found[0]
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

/// `content` of `<meta property=…>` / `<meta name=…>` tags called `key`.
fn metas(doc: &Html, key: &str) -> Vec<String> {
    doc.select(&sel(&format!("meta[property='{key}'], meta[name='{key}']")))
        .filter_map(|m| m.value().attr("content"))
        .map(str::to_string)
        .collect()
}

/// The only `key` meta tag's content (None when absent; panics when repeated).
fn meta(doc: &Html, key: &str, what: &str) -> Option<String> {
    let all = metas(doc, key);
    assert!(all.len() <= 1, "{what}: {key} repeated: {all:?}");
    all.into_iter().next()
}

fn canonical(doc: &Html) -> Option<String> {
    let all: Vec<String> = doc
        .select(&sel("link[rel~='canonical'][href]"))
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    assert!(all.len() <= 1, "several canonical links: {all:?}");
    all.into_iter().next()
}

/// The absolute URL of an output page (`posts/x/index.html` → `https://…/posts/x/`), decoded.
fn page_url(built: &Built, page: &str) -> String {
    format!("{}{}", built.base_url, page.trim_end_matches("index.html"))
}

/// `href`s of `<link rel="alternate" type=mime>` on a page, resolved and percent-decoded.
fn alternates(built: &Built, doc: &Html, page: &str, mime: &str) -> Vec<String> {
    let here = encode_path_url(&page_url(built, page));
    doc.select(&sel(&format!(
        "head link[rel~='alternate'][type='{mime}'][href]"
    )))
    .map(|l| decode(&resolve_url(&here, l.value().attr("href").unwrap())))
    .collect()
}

/// Resolved, decoded targets of the visible `<a>` links of a page (inside `scope`, a CSS
/// selector), with their text.
fn visible_links(built: &Built, doc: &Html, page: &str, scope: &str) -> Vec<(String, String)> {
    let here = encode_path_url(&page_url(built, page));
    doc.select(&sel(&format!("{scope} a[href]")))
        .map(|a| {
            (
                decode(&resolve_url(&here, a.value().attr("href").unwrap())),
                text_of(a),
            )
        })
        .collect()
}

fn encode_path_url(url: &str) -> String {
    let origin = origin_of(url);
    format!("{origin}{}", encode_path(&url[origin.len()..]))
}

// ---------------------------------------------------------------------------------------------
// PNG files, written byte by byte (stored deflate blocks, real CRCs)
// ---------------------------------------------------------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend(crc32(&crc_input).to_be_bytes());
}

/// A valid 8-bit greyscale PNG of `width`×`height` (uncompressed, so its size is predictable:
/// about width×height bytes).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((width + 1) * height) as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            raw.push(((x * 7 + y * 13) % 251) as u8);
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend(adler32(&raw).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", &zlib);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn write_bytes(hub: &Hub, rel: &str, bytes: &[u8]) {
    let path = hub.root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
}

/// Appends YAML to a private copy's `site.yaml`.
fn append_site_yaml(hub: &Hub, yaml: &str) {
    let path = hub.root.join("site.yaml");
    let mut text = fs::read_to_string(&path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(yaml);
    fs::write(&path, text).unwrap();
}

/// A finished private build, seen through the same helpers as the shared ones.
fn built_view(hub: &Hub, base_url: &str) -> Built {
    Built {
        root: hub.root.clone(),
        out: hub.public(),
        run: Run {
            code: Some(0),
            stdout: String::new(),
            stderr: String::new(),
        },
        base_url: base_url.to_string(),
    }
}

// =============================================================================================
// Site feeds
// =============================================================================================

/// The listed posts of `hub-he-subpath`, newest first: slug, date, that date's midnight in
/// Asia/Jerusalem as UTC (winter +02:00, summer +03:00). Not the draft, not the expired post.
const HE_POSTS: [(&str, &str, &str); 6] = [
    ("meetup", "2026-03-01", "2026-02-28T22:00:00Z"),
    ("מפגש-שנתי", "2026-02-01", "2026-01-31T22:00:00Z"),
    ("welcome", "2026-01-10", "2026-01-09T22:00:00Z"),
    ("join-us", "2025-12-01", "2025-11-30T22:00:00Z"),
    ("tips", "2025-11-05", "2025-11-04T22:00:00Z"),
    ("nested", "2025-10-01", "2025-09-30T21:00:00Z"),
];

/// `hub-en-root` (timezone UTC).
const EN_POSTS: [(&str, &str, &str); 3] = [
    ("jobs", "2026-02-03", "2026-02-03T00:00:00Z"),
    ("hello", "2026-01-10", "2026-01-10T00:00:00Z"),
    ("tips", "2025-12-12", "2025-12-12T00:00:00Z"),
];

/// `hub-feeds` (Asia/Jerusalem; `summer-hours` has a time).
const FEEDS_POSTS: [(&str, &str, &str); 3] = [
    ("summer-hours", "2026-07-15", "2026-07-15T06:30:00Z"),
    ("links", "2026-04-01", "2026-03-31T21:00:00Z"),
    ("team-note", "2026-03-10", "2026-03-09T22:00:00Z"),
];

fn expected_ids(built: &Built, posts: &[(&str, &str, &str)]) -> Vec<String> {
    posts
        .iter()
        .map(|(slug, ..)| post_url(&built.base_url, slug))
        .collect()
}

#[test]
fn site_feeds_parse_and_list_the_listed_posts_newest_first() {
    for (built, posts) in [
        (he(), &HE_POSTS[..]),
        (en(), &EN_POSTS[..]),
        (feeds_hub(), &FEEDS_POSTS[..]),
    ] {
        let want = expected_ids(built, posts);
        for kind in KINDS {
            let feed = site_feed(built, kind);
            assert_eq!(
                ids(&feed),
                want,
                "{} of {}: items (newest first, no draft, no expired post)",
                kind.file(),
                built.base_url
            );
            let published: Vec<_> = feed.entries.iter().map(|e| e.published).collect();
            assert!(
                published.windows(2).all(|w| w[0] >= w[1]),
                "{}: not newest first: {published:?}",
                kind.file()
            );
        }
    }
}

#[test]
fn drafts_and_expired_posts_never_reach_a_feed() {
    let built = he();
    let mut feeds: Vec<String> = KINDS.iter().map(|k| k.file().to_string()).collect();
    for (path, _) in built.files() {
        if path.ends_with("/rss.xml") {
            feeds.push(path);
        }
    }
    assert!(feeds.len() > 3, "no topic or cohort feeds found");
    for rel in feeds {
        let text = read_out(built, &rel);
        for marker in ["DRAFT-MARKER-7391", "EXPIRED-MARKER-5150"] {
            assert!(!text.contains(marker), "{rel} carries {marker}");
        }
        let feed = parse_feed(&text, &rel);
        for e in &feed.entries {
            for slug in ["secret-draft", "old-job"] {
                assert!(!e.id.contains(slug), "{rel}: item {}", e.id);
            }
        }
    }
}

#[test]
fn feed_items_have_a_title_and_a_permalink_as_link_and_id() {
    let titles: BTreeMap<&str, &str> = [
        ("meetup", "מפגש בוגרים במרץ"),
        ("מפגש-שנתי", "המפגש השנתי"),
        ("welcome", "ברוכים הבאים לקהילה"),
        ("join-us", "הצטרפו אלינו"),
        ("tips", r#"Tips & "tricks" <b>2026</b>"#),
        ("nested", "פוסט בתיקייה פנימית"),
    ]
    .into();
    let built = he();
    for kind in KINDS {
        let feed = site_feed(built, kind);
        for (e, (slug, ..)) in feed.entries.iter().zip(HE_POSTS) {
            let what = format!("{} item {slug}", kind.file());
            let page = built.page(&format!("posts/{slug}/"));
            let permalink = canonical(&page).expect("post page has a canonical link");
            assert_eq!(
                decode(&permalink),
                format!("{}posts/{slug}/", built.base_url),
                "canonical link of post {slug}"
            );
            assert_eq!(e.id, permalink, "{what}: id/guid is the permalink");
            let links: Vec<&str> = e.links.iter().map(|l| l.href.as_str()).collect();
            assert!(
                links.contains(&permalink.as_str()),
                "{what}: links {links:?} lack {permalink}"
            );
            assert_eq!(strip_bidi(&title_of(e)), titles[slug], "{what}: title");
        }
    }
    // RSS: the guid is a permalink (isPermaLink absent or true)
    let rss = Rss::parse(&read_out(built, "rss.xml"), "rss.xml");
    for item in rss.items() {
        let guid = item.child("guid").expect("every RSS item has a guid");
        assert_ne!(
            guid.attr("isPermaLink"),
            Some("false"),
            "guid {}",
            guid.text
        );
        assert_eq!(
            item.child_text("link"),
            Some(guid.text.clone()),
            "RSS link = guid"
        );
    }
    // Two builds of the same content give the same ids.
    let hub = Hub::new(HE);
    hub.build(&[]).assert_ok("private build of hub-he-subpath");
    let again = built_view(&hub, HE_BASE_URL);
    for kind in KINDS {
        assert_eq!(
            ids(&site_feed(&again, kind)),
            ids(&site_feed(built, kind)),
            "{}: ids differ between two builds",
            kind.file()
        );
    }
}

#[test]
fn feed_dates_are_the_post_dates_in_the_hub_timezone() {
    for (built, posts) in [
        (he(), &HE_POSTS[..]),
        (en(), &EN_POSTS[..]),
        (feeds_hub(), &FEEDS_POSTS[..]),
    ] {
        for kind in KINDS {
            let feed = site_feed(built, kind);
            for (e, (slug, _, utc)) in feed.entries.iter().zip(posts) {
                let got = e
                    .published
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
                assert_eq!(
                    got.as_deref(),
                    Some(*utc),
                    "{} of {}: published date of {slug}",
                    kind.file(),
                    built.base_url
                );
            }
        }
        // Written in the hub's own offset, so the local day is the post's day.
        let json: serde_json::Value = serde_json::from_str(&read_out(built, "feed.json")).unwrap();
        for (item, (slug, day, _)) in json["items"].as_array().unwrap().iter().zip(posts) {
            let d = item["date_published"].as_str().unwrap_or_default();
            assert!(
                d.starts_with(&format!("{day}T")),
                "feed.json date_published of {slug} is {d:?}, not on {day} in the hub's timezone"
            );
        }
    }
}

#[test]
fn feed_items_carry_a_summary_and_the_full_content() {
    let built = he();
    let welcome = post_url(&built.base_url, "welcome");
    for kind in KINDS {
        let feed = site_feed(built, kind);
        for e in &feed.entries {
            let what = format!("{} item {}", kind.file(), e.id);
            let summary = summary_of(e).unwrap_or_default();
            let content = content_of(e).unwrap_or_default();
            assert!(!summary.trim().is_empty(), "{what}: no summary");
            assert!(!content.trim().is_empty(), "{what}: no full content");
            if kind != Kind::Json {
                let mime = e.content.as_ref().unwrap().content_type.to_string();
                assert_eq!(mime, "text/html", "{what}: content type");
            }
            if e.id == welcome {
                assert!(
                    summary.contains("BEFORE-MORE-MARKER"),
                    "{what}: summary {summary:?}"
                );
                assert!(
                    !summary.contains("AFTER-MORE-MARKER"),
                    "{what}: the summary runs past <!-- more -->: {summary:?}"
                );
                assert!(
                    content.contains("BEFORE-MORE-MARKER") && content.contains("AFTER-MORE-MARKER"),
                    "{what}: the content is not the whole post: {content:?}"
                );
            }
        }
    }
    // What RSS-to-email tools read: <description> and <content:encoded> on every item.
    let rss = Rss::parse(&read_out(built, "rss.xml"), "rss.xml");
    let encoded = rss.qname(CONTENT_NS, "encoded");
    for item in rss.items() {
        assert!(
            item.child("description").is_some(),
            "RSS item without <description>"
        );
        assert!(
            item.child(&encoded).is_some(),
            "RSS item without <content:encoded>"
        );
    }
    // Atom: <summary type="html"> and <content type="html">.
    let atom = parse_xml(&read_out(built, "atom.xml"), "atom.xml");
    assert_eq!(atom.name, "feed");
    for entry in atom.all("entry") {
        let content = entry
            .child("content")
            .expect("Atom entry without <content>");
        assert_eq!(content.attr("type"), Some("html"), "Atom <content type>");
        let summary = entry
            .child("summary")
            .expect("Atom entry without <summary>");
        assert_eq!(summary.attr("type"), Some("html"), "Atom <summary type>");
    }
    // JSON Feed: content_html and summary.
    let json: serde_json::Value = serde_json::from_str(&read_out(built, "feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    for item in json["items"].as_array().unwrap() {
        for key in ["content_html", "summary"] {
            assert!(
                item[key].as_str().is_some_and(|s| !s.trim().is_empty()),
                "feed.json item {} has no {key}",
                item["id"]
            );
        }
    }
}

/// Every feed of a build (site feeds, topic and cohort feeds).
fn all_feeds(built: &Built) -> Vec<String> {
    let mut out: Vec<String> = KINDS.iter().map(|k| k.file().to_string()).collect();
    out.extend(
        built
            .files()
            .into_keys()
            .filter(|p| p.ends_with("/rss.xml")),
    );
    out
}

fn item_link_problems(built: &Built) -> Vec<String> {
    let mut problems = Vec::new();
    for rel in all_feeds(built) {
        let feed = parse_feed(&read_out(built, &rel), &rel);
        for e in &feed.entries {
            for (part, html) in [("summary", summary_of(e)), ("content", content_of(e))] {
                if let Some(html) = html {
                    problems.extend(feed_link_problems(
                        built,
                        &format!("{rel} {} {part}", decode(&e.id)),
                        &html,
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn site_and_at_links_inside_feed_items_become_absolute() {
    for built in [he(), en()] {
        let problems = item_link_problems(built);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    // The cases that matter, by name.
    let built = he();
    let feed = site_feed(built, Kind::Rss);
    let entry = |slug: &str| {
        let id = post_url(&built.base_url, slug);
        feed.entries.iter().find(|e| e.id == id).unwrap()
    };
    let welcome = fragment_links(&content_of(entry("welcome")).unwrap());
    assert!(
        welcome.contains(&"https://x.github.io/hub/posts/meetup/#agenda".to_string()),
        "an `@/` link in content: {welcome:?}"
    );
    let join = fragment_links(&content_of(entry("join-us")).unwrap());
    for want in [
        "https://x.github.io/hub/about/",
        "https://x.github.io/hub/images/a.svg",
    ] {
        assert!(join.contains(&want.to_string()), "{want} in {join:?}");
    }
    let en = en();
    let jobs = site_feed(en, Kind::Atom);
    let jobs = jobs
        .entries
        .iter()
        .find(|e| e.id == post_url(&en.base_url, "jobs"))
        .unwrap();
    let links = fragment_links(&content_of(jobs).unwrap());
    for want in [
        "https://alumni.example.org/posts/hello/#welcome",
        "https://alumni.example.org/about/",
    ] {
        assert!(links.contains(&want.to_string()), "{want} in {links:?}");
    }
}

/// A reader shows an item away from its page (and resolves relative links against the feed's
/// URL, if at all), so `#agenda` and footnote links must carry the post's address too.
#[test]
fn same_page_anchors_and_footnotes_inside_feed_items_become_absolute() {
    let built = feeds_hub();
    let problems = item_link_problems(built);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let feed = site_feed(built, Kind::Json);
    let links = feed
        .entries
        .iter()
        .find(|e| e.id == post_url(&built.base_url, "links"))
        .unwrap();
    let links = fragment_links(&content_of(links).unwrap());
    for want in [
        "https://x.github.io/hub/posts/team-note/",
        "https://x.github.io/hub/posts/links/#agenda",
        "https://x.github.io/hub/images/map.svg",
        "https://x.github.io/hub/files/guide.txt",
        "mailto:team@example.org",
        "https://example.org/",
    ] {
        assert!(links.contains(&want.to_string()), "{want} in {links:?}");
    }
}

#[test]
fn feeds_declare_the_site_language() {
    for (built, lang) in [(he(), "he"), (en(), "en")] {
        for kind in KINDS {
            let feed = site_feed(built, kind);
            assert_eq!(
                feed.language.as_deref(),
                Some(lang),
                "{} language",
                kind.file()
            );
        }
        let rss = Rss::parse(&read_out(built, "rss.xml"), "rss.xml");
        assert_eq!(
            rss.channel().child_text("language").as_deref(),
            Some(lang),
            "RSS <language>"
        );
        let atom = parse_xml(&read_out(built, "atom.xml"), "atom.xml");
        assert_eq!(atom.attr("xml:lang"), Some(lang), "Atom xml:lang");
        let json: serde_json::Value = serde_json::from_str(&read_out(built, "feed.json")).unwrap();
        assert_eq!(json["language"], lang, "JSON Feed language");
    }
}

#[test]
fn feeds_name_their_own_address_and_their_page() {
    for built in [he(), en(), feeds_hub()] {
        let b = &built.base_url;
        let rss = Rss::parse(&read_out(built, "rss.xml"), "rss.xml");
        let atom_link = rss.qname(ATOM_NS, "link");
        let selfs: Vec<&str> = rss
            .channel()
            .all(&atom_link)
            .filter(|l| l.attr("rel") == Some("self"))
            .filter_map(|l| l.attr("href"))
            .collect();
        assert_eq!(selfs, [format!("{b}rss.xml")], "RSS atom:link rel=self");
        assert_eq!(
            rss.channel().child_text("link"),
            Some(b.clone()),
            "RSS <link>"
        );

        let atom = parse_xml(&read_out(built, "atom.xml"), "atom.xml");
        let link = |rel: &str| -> Vec<String> {
            atom.all("link")
                .filter(|l| l.attr("rel").unwrap_or("alternate") == rel)
                .filter_map(|l| l.attr("href").map(str::to_string))
                .collect()
        };
        assert_eq!(link("self"), [format!("{b}atom.xml")], "Atom link rel=self");
        assert_eq!(
            link("alternate"),
            std::slice::from_ref(b),
            "Atom link rel=alternate"
        );

        let json: serde_json::Value = serde_json::from_str(&read_out(built, "feed.json")).unwrap();
        assert_eq!(
            json["feed_url"],
            format!("{b}feed.json"),
            "JSON Feed feed_url"
        );
        assert_eq!(json["home_page_url"], b.as_str(), "JSON Feed home_page_url");

        // Section feeds name themselves too.
        for rel in all_feeds(built).into_iter().skip(3) {
            let rss = Rss::parse(&read_out(built, &rel), &rel);
            let selfs: Vec<String> = rss
                .channel()
                .all(&atom_link)
                .filter(|l| l.attr("rel") == Some("self"))
                .filter_map(|l| l.attr("href").map(decode))
                .collect();
            assert_eq!(selfs, [format!("{b}{rel}")], "{rel}: atom:link rel=self");
            let page = rel.trim_end_matches("rss.xml");
            assert_eq!(
                rss.channel().child_text("link").map(|l| decode(&l)),
                Some(format!("{b}{page}")),
                "{rel}: <link> is its page"
            );
        }
    }
}

/// RSS 2.0's `<author>` must be an email address (`email (name)`); a name alone belongs in
/// `<dc:creator>`. Author: the post's leader, else the site's author.
#[test]
fn rss_author_is_an_email_with_a_name_or_else_dc_creator() {
    // (hub, post, expected <author>, expected <dc:creator>)
    let cases: [(&Built, &str, Option<&str>, Option<&str>); 6] = [
        (he(), "meetup", Some("dana@example.org (דנה כהן)"), None),
        (he(), "tips", None, Some("יוסי לוי")),
        (he(), "join-us", None, None),
        (en(), "hello", None, Some("Sam Taylor")),
        (
            feeds_hub(),
            "team-note",
            Some("team@example.org (צוות הרשת)"),
            None,
        ),
        (feeds_hub(), "links", None, Some("אבי מזרחי")),
    ];
    for (built, slug, author, creator) in cases {
        let rss = Rss::parse(&read_out(built, "rss.xml"), "rss.xml");
        let item = rss.item(&post_url(&built.base_url, slug));
        let dc = rss.qname(DC_NS, "creator");
        let authors: Vec<String> = item
            .all("author")
            .map(|a| a.text.trim().to_string())
            .collect();
        let creators: Vec<String> = item.all(&dc).map(|a| a.text.trim().to_string()).collect();
        assert_eq!(
            authors,
            author.into_iter().collect::<Vec<_>>(),
            "{slug}: <author>"
        );
        assert_eq!(
            creators,
            creator.into_iter().collect::<Vec<_>>(),
            "{slug}: <dc:creator>"
        );
    }
    // No feed anywhere has an <author> that is not `email (name)`.
    for built in [he(), en(), feeds_hub()] {
        for rel in all_feeds(built) {
            if rel.ends_with(".json") || rel == "atom.xml" {
                continue;
            }
            let rss = Rss::parse(&read_out(built, &rel), &rel);
            for item in rss.items() {
                for a in item.all("author") {
                    let t = a.text.trim();
                    let ok = t.split_once(' ').is_some_and(|(email, name)| {
                        email.contains('@')
                            && !email.starts_with('@')
                            && name.starts_with('(')
                            && name.ends_with(')')
                            && name.len() > 2
                    });
                    assert!(ok, "{rel}: invalid RSS <author>{t}</author>");
                }
            }
            // feed-rs sees the same: an email on each `author`, a bare name on each creator
            for e in parse_feed(&read_out(built, &rel), &rel).entries {
                for p in e.authors {
                    if p.role.as_deref() == Some("author") {
                        assert!(p.email.is_some(), "{rel}: {}: author without email", e.id);
                    }
                }
            }
        }
    }
}

#[test]
fn feed_limit_defaults_to_twenty() {
    let hub = Hub::new(HE);
    for n in 1..=22 {
        hub.write(
            &format!("content/posts/gen/2024-01-{n:02}-gen-{n:02}.md"),
            &format!("---\ntitle: \"Generated {n}\"\ntopics: [tech]\n---\nPost number {n}.\n"),
        );
    }
    hub.build(&[]).assert_ok("hub with 28 listed posts");
    let built = built_view(&hub, HE_BASE_URL);
    let mut want = expected_ids(&built, &HE_POSTS);
    want.extend(
        (9..=22)
            .rev()
            .map(|n| post_url(HE_BASE_URL, &format!("gen-{n:02}"))),
    );
    assert_eq!(want.len(), 20);
    for kind in KINDS {
        let feed = parse_feed(&read_hub(&hub, kind.file()), kind.file());
        assert_eq!(ids(&feed), want, "{}: the 20 newest posts", kind.file());
    }
    // Topic feeds have the same limit (tech: 3 fixture posts + 22 generated).
    let tech = parse_feed(
        &read_hub(&hub, "topics/tech/rss.xml"),
        "topics/tech/rss.xml",
    );
    assert_eq!(
        tech.entries.len(),
        20,
        "topics/tech/rss.xml: {:?}",
        ids(&tech)
    );
}

/// Big feeds are written a chunk of items at a time (so a 50,000-post feed never sits whole
/// in memory): with more posts than two windows of chunks, every post must still be there
/// once, newest first, each with its own body and with links made absolute.
#[test]
fn a_feed_of_every_post_of_a_big_hub_has_each_post_once_in_order() {
    let hub = Hub::new(HE);
    append_site_yaml(&hub, "feeds:\n  limit: 0\n");
    let n = 1100;
    for i in 0..n {
        let (y, m, d) = (2001 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
        hub.write(
            &format!("content/posts/gen/{y}-{m:02}-{d:02}-gen-{i:04}.md"),
            &format!(
                "---\ntitle: \"Generated {i}\"\n---\nBody of number {i}; see [about](/about/).\n"
            ),
        );
    }
    hub.build(&[])
        .assert_ok("hub with 1,106 posts, feeds.limit 0");
    let mut want: Vec<String> = (0..n)
        .rev()
        .map(|i| post_url(HE_BASE_URL, &format!("gen-{i:04}")))
        .collect();
    // The fixture's own posts are all newer than the generated ones (2001–2004).
    let mut all = expected_ids(&built_view(&hub, HE_BASE_URL), &HE_POSTS);
    all.append(&mut want);
    for kind in KINDS {
        let feed = parse_feed(&read_hub(&hub, kind.file()), kind.file());
        assert_eq!(
            ids(&feed),
            all,
            "{}: every post once, newest first",
            kind.file()
        );
        for e in feed.entries.iter().skip(HE_POSTS.len()) {
            let num: usize =
                e.id.trim_end_matches('/')
                    .rsplit('-')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
            let body = content_of(e).unwrap_or_default();
            assert!(
                body.contains(&format!("Body of number {num};")),
                "{}: {} shows another post's body: {body}",
                kind.file(),
                e.id
            );
            assert!(
                body.contains(&format!("{HE_BASE_URL}about/")),
                "{}: {}: site link not made absolute: {body}",
                kind.file(),
                e.id
            );
        }
    }
}

#[test]
fn feed_limit_setting_is_respected() {
    let hub = Hub::new(HE);
    append_site_yaml(&hub, "feeds:\n  limit: 2\n");
    hub.build(&[]).assert_ok("feeds: {limit: 2}");
    let want = vec![
        post_url(HE_BASE_URL, "meetup"),
        post_url(HE_BASE_URL, "מפגש-שנתי"),
    ];
    for kind in KINDS {
        let feed = parse_feed(&read_hub(&hub, kind.file()), kind.file());
        assert_eq!(ids(&feed), want, "{} with feeds.limit 2", kind.file());
    }
    let tech = parse_feed(
        &read_hub(&hub, "topics/tech/rss.xml"),
        "topics/tech/rss.xml",
    );
    assert_eq!(ids(&tech), want, "topics/tech/rss.xml with feeds.limit 2");
}

#[test]
fn full_content_false_gives_the_summary_only() {
    let hub = Hub::new(HE);
    append_site_yaml(&hub, "feeds:\n  full_content: false\n");
    hub.build(&[]).assert_ok("feeds: {full_content: false}");
    for kind in KINDS {
        let text = read_hub(&hub, kind.file());
        assert!(
            !text.contains("AFTER-MORE-MARKER"),
            "{}: full content with full_content: false",
            kind.file()
        );
        let feed = parse_feed(&text, kind.file());
        assert_eq!(feed.entries.len(), HE_POSTS.len());
        for e in &feed.entries {
            assert!(
                summary_of(e).is_some_and(|s| !s.trim().is_empty()),
                "{}: {} lost its summary",
                kind.file(),
                e.id
            );
            if kind != Kind::Json {
                assert!(e.content.is_none(), "{}: {} has content", kind.file(), e.id);
            }
        }
    }
    let rss = Rss::parse(&read_hub(&hub, "rss.xml"), "rss.xml");
    let encoded = rss.qname(CONTENT_NS, "encoded");
    for item in rss.items() {
        assert!(
            item.child(&encoded).is_none(),
            "<content:encoded> with full_content: false"
        );
        assert!(item.child("description").is_some(), "<description> missing");
    }
    let atom = parse_xml(&read_hub(&hub, "atom.xml"), "atom.xml");
    for entry in atom.all("entry") {
        assert!(
            entry.child("content").is_none(),
            "Atom <content> with full_content: false"
        );
        assert!(entry.child("summary").is_some(), "Atom <summary> missing");
    }
}

// =============================================================================================
// Topic and cohort feeds
// =============================================================================================

#[test]
fn topic_and_cohort_feeds_hold_exactly_their_listed_posts() {
    let cases: [(&Built, &str, &[&str]); 7] = [
        (he(), "topics/tech", &["meetup", "מפגש-שנתי", "tips"]),
        (he(), "topics/קריירה", &["מפגש-שנתי", "welcome", "join-us"]),
        (he(), "cohorts/class-2023", &["welcome"]),
        // its only post has expired
        (he(), "cohorts/class-2024", &[]),
        (en(), "topics/careers", &["jobs", "tips"]),
        (en(), "topics/community", &["hello", "tips"]),
        (en(), "cohorts/class-2025", &["hello"]),
    ];
    for (built, section, slugs) in cases {
        let rel = format!("{section}/rss.xml");
        let feed = parse_feed(&read_out(built, &rel), &rel);
        assert_eq!(feed.feed_type, FeedType::RSS2, "{rel}");
        let want: Vec<String> = slugs.iter().map(|s| post_url(&built.base_url, s)).collect();
        assert_eq!(ids(&feed), want, "{rel}");
        // the same posts as the page lists
        let listed: Vec<String> =
            post_links(&built.page(&format!("{section}/")), &built.base_path())
                .into_iter()
                .map(|p| format!("{}{}", origin_of(&built.base_url), encode_path(&p)))
                .collect();
        assert_eq!(ids(&feed), listed, "{rel} vs the posts its page lists");
    }
    // every topic and cohort page has its feed
    for built in [he(), en()] {
        for page in built.html_pages() {
            let segs: Vec<&str> = page.split('/').collect();
            if segs.len() == 3
                && (segs[0] == "topics" || segs[0] == "cohorts")
                && segs[2] == "index.html"
            {
                let rel = format!("{}/{}/rss.xml", segs[0], segs[1]);
                assert!(built.out.join(&rel).is_file(), "{rel} not written");
            }
        }
    }
}

// =============================================================================================
// Autodiscovery and subscribe links
// =============================================================================================

#[test]
fn every_page_announces_the_site_feeds() {
    for built in [he(), en(), feeds_hub()] {
        for page in built.html_pages() {
            let doc = built.page(&page);
            for kind in KINDS {
                let found = alternates(built, &doc, &page, kind.mime());
                let want = format!("{}{}", built.base_url, kind.file());
                assert!(
                    found.contains(&want),
                    "{page}: no <link rel=alternate type={}> to {want}; found {found:?}",
                    kind.mime()
                );
            }
        }
    }
}

#[test]
fn topic_and_cohort_pages_announce_and_show_their_own_feed() {
    for built in [he(), en()] {
        let mut seen = 0;
        for page in built.html_pages() {
            let segs: Vec<&str> = page.split('/').collect();
            if !(segs.len() == 3
                && (segs[0] == "topics" || segs[0] == "cohorts")
                && segs[2] == "index.html")
            {
                continue;
            }
            seen += 1;
            let doc = built.page(&page);
            let own = format!("{}{}/{}/rss.xml", built.base_url, segs[0], segs[1]);
            let found = alternates(built, &doc, &page, "application/rss+xml");
            assert!(
                found.contains(&own),
                "{page}: no autodiscovery of {own}: {found:?}"
            );
            let visible = visible_links(built, &doc, &page, "main");
            assert!(
                visible
                    .iter()
                    .any(|(href, text)| *href == own && !text.is_empty()),
                "{page}: no visible subscribe link to {own} in <main>: {visible:?}"
            );
        }
        assert!(seen >= 3, "topic and cohort pages of {}", built.base_url);
    }
}

#[test]
fn every_page_shows_subscribe_links() {
    for built in [he(), en()] {
        for page in built.html_pages() {
            let doc = built.page(&page);
            let links = visible_links(built, &doc, &page, "body");
            for file in ["rss.xml", "events.ics"] {
                let want = format!("{}{file}", built.base_url);
                assert!(
                    links
                        .iter()
                        .any(|(href, text)| *href == want && !text.is_empty()),
                    "{page}: no visible link to {want}"
                );
            }
        }
    }
}

// =============================================================================================
// iCalendar
// =============================================================================================

#[test]
fn calendars_use_crlf_short_lines_and_whole_utf8_characters() {
    let mut problems = Vec::new();
    for built in [he(), en(), feeds_hub()] {
        for rel in ics_files(built) {
            let bytes = fs::read(built.out.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            problems.extend(ics_physical_problems(&rel, &bytes));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The long Hebrew/emoji event of hub-feeds really is folded, and unfolds to its text.
    let cal = calendar(feeds_hub(), "events.ics");
    let e = vevent(&cal, feeds_hub(), "long-text");
    assert_eq!(
        e.text("SUMMARY", "long-text").as_deref(),
        Some("כנס הבוגרים השנתי 🎉 עם הרצאות, סדנאות, ארוחת ערב משותפת ומסיבת סיום לכל המחזורים")
    );
    assert_eq!(
        e.text("LOCATION", "long-text").as_deref(),
        Some("מרכז הכנסים, אולם 3; רחוב הרצל 10, תל אביב-יפו 🎈 (כניסה מהחניה התחתונה)")
    );
    let raw = read_out(feeds_hub(), "events.ics");
    assert!(raw.contains("\r\n "), "nothing was folded in events.ics");
}

/// Content lines of exactly 74–77, 148–152 and 222–226 octets, in ASCII and with two-byte and
/// four-byte characters at the fold points: every physical line ≤ 75 octets, valid UTF-8, and
/// the text survives unfolding.
#[test]
fn calendar_folding_at_the_75_octet_boundaries() {
    let hub = Hub::new(FEEDS);
    let mut expected: Vec<(String, String)> = Vec::new();
    // `DESCRIPTION:` is 12 octets; the description makes up the rest of the line.
    let lengths = [
        74usize, 75, 76, 77, 148, 149, 150, 151, 152, 222, 223, 224, 225, 226,
    ];
    for (i, total) in lengths.iter().enumerate() {
        for (variant, unit) in [("a", "x"), ("h", "ש"), ("e", "🎉")] {
            let body = total - 12;
            // pad with ASCII so that multi-byte characters straddle every possible offset
            let mut text = String::new();
            let pad = body % unit.len();
            text.push_str(&"y".repeat(pad));
            text.push_str(&unit.repeat((body - pad) / unit.len()));
            assert_eq!(text.len(), body);
            let slug = format!("fold-{variant}-{total}");
            hub.write(
                &format!("content/events/2031-01-{:02}-{slug}.md", i + 1),
                &format!("---\ntitle: \"{slug}\"\nstart: 2031-01-{:02}\nsummary: \"{text}\"\n---\nBody.\n", i + 1),
            );
            expected.push((slug, text));
        }
    }
    hub.build(&[]).assert_ok("hub with boundary-length events");
    let bytes = fs::read(hub.public().join("events.ics")).unwrap();
    let mut problems = ics_physical_problems("events.ics", &bytes);
    // each event's own file too, which names the event that breaks
    for (slug, _) in &expected {
        let rel = format!("events/{slug}/event.ics");
        let one = fs::read(hub.public().join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        problems.extend(ics_physical_problems(&rel, &one));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let built = built_view(&hub, HE_BASE_URL);
    let cal = parse_ics(std::str::from_utf8(&bytes).unwrap(), "events.ics");
    for (slug, text) in expected {
        let e = vevent(&cal, &built, &slug);
        assert_eq!(
            e.text("DESCRIPTION", &slug).as_deref(),
            Some(text.as_str()),
            "{slug}"
        );
    }
}

#[test]
fn calendar_text_is_escaped() {
    let built = feeds_hub();
    let cal = calendar(built, "events.ics");
    let e = vevent(&cal, built, "summer-evening");
    // raw values, as a calendar app reads them
    assert_eq!(
        e.one("SUMMARY", "summer-evening").value,
        r"Picnic\, games\; and \\ more"
    );
    assert_eq!(
        e.one("LOCATION", "summer-evening").value,
        r"Park\, gate 2\; Tel Aviv \\ Jaffa"
    );
    // and what they mean
    assert_eq!(
        e.text("SUMMARY", "x").as_deref(),
        Some(r"Picnic, games; and \ more")
    );
    assert_eq!(
        e.text("LOCATION", "x").as_deref(),
        Some(r"Park, gate 2; Tel Aviv \ Jaffa")
    );
    assert_eq!(
        e.text("DESCRIPTION", "x").as_deref(),
        Some("Bring food; drinks, too.\nStarts at sunset."),
        "DESCRIPTION (a newline is written `\\n`)"
    );
    // Every TEXT value of every calendar is validly escaped.
    for built in [he(), en(), feeds_hub()] {
        for rel in ics_files(built) {
            let cal = calendar(built, &rel);
            for ev in cal.events() {
                for name in ["SUMMARY", "LOCATION", "DESCRIPTION"] {
                    for p in ev.props(name) {
                        if let Err(e) = unescape_text(&p.value) {
                            panic!("{rel}: {name}:{}: {e}", p.value);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn one_vevent_per_event_with_the_properties_calendars_need() {
    for built in [he(), en(), feeds_hub()] {
        let cal = calendar(built, "events.ics");
        assert_eq!(cal.one("VERSION", "VCALENDAR").value, "2.0");
        assert!(
            cal.get("PRODID").is_some_and(|p| !p.value.is_empty()),
            "PRODID"
        );
        let slugs = event_slugs(built);
        assert!(!slugs.is_empty());
        assert_eq!(
            cal.events().len(),
            slugs.len(),
            "{}events.ics: one VEVENT per event page ({slugs:?})",
            built.base_url
        );
        let mut uids = BTreeSet::new();
        for slug in &slugs {
            let e = vevent(&cal, built, slug);
            let what = format!("{}: event {slug}", built.base_url);
            let uid = e.one("UID", &what).value.clone();
            assert!(!uid.trim().is_empty(), "{what}: empty UID");
            assert!(uids.insert(uid.clone()), "{what}: UID {uid} used twice");
            let stamp = &e.one("DTSTAMP", &what).value;
            assert!(is_utc_datetime(stamp), "{what}: DTSTAMP {stamp:?}");
            e.one("DTSTART", &what);
            let summary = e.text("SUMMARY", &what).unwrap_or_default();
            assert!(!summary.trim().is_empty(), "{what}: no SUMMARY");
            let page = built.page(&format!("events/{slug}/"));
            let url = &e.one("URL", &what).value;
            assert_eq!(
                Some(url.clone()),
                canonical(&page),
                "{what}: URL is the event page"
            );
            let desc = e.text("DESCRIPTION", &what).unwrap_or_default();
            assert!(!desc.trim().is_empty(), "{what}: no DESCRIPTION");
            assert!(
                !desc.contains('<') && !desc.contains("&amp;"),
                "{what}: DESCRIPTION is not plain text: {desc:?}"
            );
            // a location, or the online address, so the calendar shows where
            let loc = e.text("LOCATION", &what).unwrap_or_default();
            assert!(!loc.trim().is_empty(), "{what}: no LOCATION");
            if let Some(end) = e.get("DTEND") {
                assert!(
                    end.value > e.get("DTSTART").unwrap().value,
                    "{what}: DTEND before DTSTART"
                );
            }
        }
    }
    // a few values by name
    let he = he();
    let cal = calendar(he, "events.ics");
    let webinar = vevent(&cal, he, "webinar");
    assert_eq!(
        webinar.text("SUMMARY", "webinar").as_deref(),
        Some("UPCOMING-EVENT-MARKER וובינר")
    );
    assert_eq!(
        webinar.text("LOCATION", "webinar").as_deref(),
        Some("https://meet.example.org/kehila-webinar"),
        "an online event's LOCATION is its address"
    );
    assert_eq!(
        webinar.text("DESCRIPTION", "webinar").as_deref(),
        Some("וובינר על קריירה בהייטק.")
    );
    assert_eq!(
        webinar.one("URL", "webinar").value,
        "https://x.github.io/hub/events/webinar/"
    );
    let reunion = vevent(&cal, he, "reunion");
    assert_eq!(
        reunion.text("LOCATION", "reunion").as_deref(),
        Some("תל אביב")
    );
}

fn is_utc_datetime(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

#[test]
fn calendar_uids_are_the_same_in_every_build_and_file() {
    let first = feeds_hub();
    let hub = Hub::new(FEEDS);
    hub.build(&[]).assert_ok("second build of hub-feeds");
    let second = built_view(&hub, HE_BASE_URL);
    let uids = |built: &Built| -> BTreeMap<String, String> {
        calendar(built, "events.ics")
            .events()
            .iter()
            .map(|e| {
                (
                    e.one("URL", "uids").value.clone(),
                    e.one("UID", "uids").value.clone(),
                )
            })
            .collect()
    };
    let (a, b) = (uids(first), uids(&second));
    assert_eq!(a.len(), event_slugs(first).len());
    assert_eq!(a, b, "UIDs changed between two builds of the same hub");
    // "add to calendar" and the subscription describe the same event
    for built in [he(), feeds_hub()] {
        let all = calendar(built, "events.ics");
        for slug in event_slugs(built) {
            let rel = format!("events/{slug}/event.ics");
            let one = calendar(built, &rel);
            assert_eq!(one.events().len(), 1, "{rel}: one VEVENT");
            let mine = one.events()[0];
            let theirs = vevent(&all, built, &slug);
            for name in ["UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"] {
                assert_eq!(
                    mine.get(name).map(|p| &p.value),
                    theirs.get(name).map(|p| &p.value),
                    "{rel}: {name} differs from events.ics"
                );
            }
        }
    }
}

#[test]
fn event_times_are_utc_converted_from_the_hub_timezone() {
    // (hub, event, DTSTART, DTEND)
    let cases: [(&Built, &str, &str, Option<&str>); 6] = [
        // Asia/Jerusalem winter (+02:00)
        (
            he(),
            "webinar",
            "20300305T163000Z",
            Some("20300305T180000Z"),
        ),
        (feeds_hub(), "winter-talk", "20300120T070000Z", None),
        // the first day of summer time (Friday 29 March 2030): +03:00
        (
            feeds_hub(),
            "dst-day",
            "20300329T070000Z",
            Some("20300329T090000Z"),
        ),
        // Asia/Jerusalem summer (+03:00)
        (
            feeds_hub(),
            "summer-evening",
            "20300710T160000Z",
            Some("20300710T183000Z"),
        ),
        (
            feeds_hub(),
            "long-text",
            "20301005T140000Z",
            Some("20301005T200000Z"),
        ),
        // a hub without a timezone: UTC
        (en(), "reunion", "20300601T170000Z", None),
    ];
    for (built, slug, start, end) in cases {
        let cal = calendar(built, "events.ics");
        let e = vevent(&cal, built, slug);
        let dtstart = e.one("DTSTART", slug);
        assert_eq!(dtstart.value, start, "{slug}: DTSTART");
        assert_eq!(
            dtstart.param("TZID"),
            None,
            "{slug}: DTSTART in UTC has no TZID"
        );
        assert_ne!(
            dtstart.param("VALUE"),
            Some("DATE"),
            "{slug}: a timed event"
        );
        assert_eq!(
            e.get("DTEND").map(|p| p.value.as_str()),
            end,
            "{slug}: DTEND"
        );
        if let Some(p) = e.get("DTEND") {
            assert_eq!(p.param("TZID"), None, "{slug}: DTEND in UTC has no TZID");
        }
    }
}

#[test]
fn all_day_events_are_dates_with_an_exclusive_end() {
    // (hub, event, first day, the day after the last)
    let cases: [(&Built, &str, &str, &str); 3] = [
        (feeds_hub(), "camp", "20300801", "20300804"),
        // one day, at a month's end
        (feeds_hub(), "day-trip", "20300831", "20300901"),
        (he(), "reunion", "20240520", "20240521"),
    ];
    for (built, slug, first, after) in cases {
        for rel in ["events.ics".to_string(), format!("events/{slug}/event.ics")] {
            let cal = calendar(built, &rel);
            let e = vevent(&cal, built, slug);
            let what = format!("{rel}: {slug}");
            let start = e.one("DTSTART", &what);
            assert_eq!(
                start.param("VALUE"),
                Some("DATE"),
                "{what}: DTSTART;VALUE=DATE"
            );
            assert_eq!(start.value, first, "{what}: DTSTART");
            let end = e.one("DTEND", &what);
            assert_eq!(end.param("VALUE"), Some("DATE"), "{what}: DTEND;VALUE=DATE");
            assert_eq!(end.value, after, "{what}: DTEND (exclusive)");
        }
    }
}

#[test]
fn event_pages_link_their_calendar_file_and_the_events_page_a_webcal_subscription() {
    for built in [he(), en(), feeds_hub()] {
        for slug in event_slugs(built) {
            if built.base_url == HE_BASE_URL && slug == "reunion" {
                continue; // the past event: see the next test
            }
            check_add_to_calendar_link(built, &slug);
        }
        let doc = built.page("events/");
        let webcal: Vec<String> = doc
            .select(&sel("main a[href]"))
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| h.to_ascii_lowercase().starts_with("webcal:"))
            .map(str::to_string)
            .collect();
        let want = format!(
            "webcal://{}events.ics",
            built.base_url.split_once("://").unwrap().1
        );
        assert_eq!(webcal, [want], "events page: the webcal: subscribe link");
    }
}

/// Issue 3 asks for the "add to calendar" download on each event page; a past event's
/// `event.ics` is written too, so its page should offer it (e.g. to keep a record).
#[test]
fn past_event_pages_also_link_their_calendar_file() {
    let built = he();
    assert!(
        built.out.join("events/reunion/event.ics").is_file(),
        "events/reunion/event.ics not written"
    );
    check_add_to_calendar_link(built, "reunion");
}

fn check_add_to_calendar_link(built: &Built, slug: &str) {
    let page = format!("events/{slug}/index.html");
    let doc = built.page(&page);
    let want = format!("{}events/{slug}/event.ics", built.base_url);
    let links = visible_links(built, &doc, &page, "main");
    assert!(
        links
            .iter()
            .any(|(href, text)| *href == want && !text.is_empty()),
        "{page}: no visible \"add to calendar\" link to {want}: {links:?}"
    );
}

// =============================================================================================
// Link previews
// =============================================================================================

/// What a chat app reads from every page (except 404.html, which is `noindex`).
fn preview_problems(built: &Built, site_title: &str, locale: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, msg: String| {
        if !ok {
            problems.push(msg);
        }
    };
    for page in built.html_pages() {
        if page == "404.html" {
            continue;
        }
        let doc = built.page(&page);
        let m = |k: &str| meta(&doc, k, &page);
        let title = m("og:title");
        check(
            title.as_deref().is_some_and(|t| !t.trim().is_empty()),
            format!("{page}: og:title {title:?}"),
        );
        let url = m("og:url");
        let canon = canonical(&doc);
        check(
            url.is_some() && url == canon,
            format!("{page}: og:url {url:?} ≠ canonical {canon:?}"),
        );
        let want = page_url(built, &page);
        check(
            url.as_deref().map(decode).as_deref() == Some(want.as_str()),
            format!("{page}: og:url {url:?} is not this page ({want})"),
        );
        check(
            m("og:site_name").as_deref() == Some(site_title),
            format!("{page}: og:site_name"),
        );
        check(
            m("og:locale").as_deref() == Some(locale),
            format!("{page}: og:locale {:?}", m("og:locale")),
        );
        let kind = m("og:type");
        let is_post = page.starts_with("posts/")
            && !page.starts_with("posts/page/")
            && page != "posts/index.html";
        if is_post {
            check(
                kind.as_deref() == Some("article"),
                format!("{page}: og:type {kind:?}"),
            );
            let t = m("article:published_time");
            check(t.is_some(), format!("{page}: no article:published_time"));
        } else {
            check(kind.is_some(), format!("{page}: no og:type"));
        }
        let desc = m("description");
        let og_desc = m("og:description");
        check(
            desc == og_desc,
            format!("{page}: meta description {desc:?} ≠ og:description {og_desc:?}"),
        );
        if let Some(d) = &desc {
            check(!d.trim().is_empty(), format!("{page}: empty description"));
        }
        let image = m("og:image");
        if let Some(img) = &image {
            check(
                img.starts_with("https://"),
                format!("{page}: og:image not absolute: {img}"),
            );
            check(
                resolve_link(&built.out, &built.base_url, img).is_ok(),
                format!("{page}: og:image {img} is not a written file"),
            );
        }
        let card = m("twitter:card");
        let want_card = if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        check(
            card.as_deref() == Some(want_card),
            format!("{page}: twitter:card {card:?}"),
        );
    }
    problems
}

#[test]
fn every_page_has_link_preview_tags() {
    let he_problems = preview_problems(he(), "קהילת הבוגרים", "he_IL");
    let en_problems = preview_problems(en(), "Example Alumni Hub", "en_US");
    let problems: Vec<String> = he_problems.into_iter().chain(en_problems).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn post_previews_are_articles_with_their_date_and_image() {
    let built = he();
    let doc = built.page("posts/meetup/");
    let m = |k: &str| meta(&doc, k, "posts/meetup/");
    assert_eq!(m("og:type").as_deref(), Some("article"));
    assert_eq!(
        m("og:title").map(|t| strip_bidi(&t)).as_deref(),
        Some("מפגש בוגרים במרץ")
    );
    assert_eq!(m("og:description").as_deref(), Some("נפגשים שוב."));
    assert_eq!(m("description").as_deref(), Some("נפגשים שוב."));
    assert_eq!(
        m("article:published_time").as_deref(),
        Some("2026-03-01T00:00:00+02:00")
    );
    // Its image is an SVG, which chat apps do not show: the generated card stands in.
    assert_eq!(
        m("og:image").as_deref(),
        Some("https://x.github.io/hub/_img/cards/posts/meetup.png")
    );
    assert_eq!(m("og:image:width").as_deref(), Some("1200"));
    assert_eq!(m("twitter:card").as_deref(), Some("summary_large_image"));
    assert_eq!(
        m("og:url").as_deref(),
        Some("https://x.github.io/hub/posts/meetup/")
    );
    // a post with a time in summer keeps its offset
    let f = feeds_hub();
    let doc = f.page("posts/summer-hours/");
    assert_eq!(
        meta(&doc, "article:published_time", "summer-hours").as_deref(),
        Some("2026-07-15T09:30:00+03:00")
    );
}

#[test]
fn cohort_and_home_previews() {
    let built = he();
    let doc = built.page("cohorts/class-2023/");
    let m = |k: &str| meta(&doc, k, "cohort");
    assert_eq!(
        m("og:title").map(|t| strip_bidi(&t)).as_deref(),
        Some("מחזור 2023")
    );
    assert_eq!(
        m("og:description").as_deref(),
        Some("המחזור הראשון של התוכנית.")
    );
    assert_eq!(
        m("og:url").as_deref(),
        Some("https://x.github.io/hub/cohorts/class-2023/")
    );
    assert_eq!(m("og:type").as_deref(), Some("website"));
    assert_eq!(m("og:locale").as_deref(), Some("he_IL"));

    let doc = built.page("");
    let m = |k: &str| meta(&doc, k, "home");
    assert_eq!(m("og:title").as_deref(), Some("קהילת הבוגרים"));
    assert_eq!(
        m("og:description").as_deref(),
        Some("המקום של בוגרי התוכנית: חדשות, מפגשים ומשרות")
    );
    assert_eq!(m("og:url").as_deref(), Some("https://x.github.io/hub/"));
    assert_eq!(m("og:type").as_deref(), Some("website"));

    let en = en();
    let doc = en.page("");
    let m = |k: &str| meta(&doc, k, "en home");
    assert_eq!(m("og:locale").as_deref(), Some("en_US"));
    assert_eq!(m("og:url").as_deref(), Some("https://alumni.example.org/"));
    assert_eq!(m("og:site_name").as_deref(), Some("Example Alumni Hub"));
}

#[test]
fn the_site_preview_image_is_the_default_with_its_size() {
    let hub = Hub::new(HE);
    write_bytes(&hub, "static/images/og.png", &png(120, 63));
    write_bytes(&hub, "static/images/post.png", &png(200, 100));
    // Without generated cards, which would stand in for SVG images (tests/cards.rs).
    append_site_yaml(&hub, "image: /images/og.png\npreviews:\n  cards: false\n");
    hub.write(
        "content/posts/2026-03-05-with-image.md",
        "---\ntitle: \"A post with a PNG\"\ntopics: [tech]\nimage: /images/post.png\n---\nWith its own picture.\n",
    );
    let run = hub.build(&[]);
    run.assert_ok("hub with a site preview image");
    assert!(
        !run.all_output().contains("300 KB"),
        "small images must not be reported as heavy:\n{run}"
    );
    let built = built_view(&hub, HE_BASE_URL);
    let mut problems = preview_problems(&built, "קהילת הבוגרים", "he_IL");
    for page in built.html_pages() {
        if page == "404.html" {
            continue;
        }
        let doc = built.page(&page);
        let m = |k: &str| meta(&doc, k, &page);
        let image = m("og:image");
        // A page's own raster image is its preview; SVG images (a post cover, leaders'
        // photos here) give way to the site's PNG, because chat apps show no SVG previews.
        let (want, size) = match page.as_str() {
            "posts/with-image/index.html" => (
                "https://x.github.io/hub/images/post.png",
                Some(("200", "100")),
            ),
            _ => ("https://x.github.io/hub/images/og.png", Some(("120", "63"))),
        };
        if image.as_deref() != Some(want) {
            problems.push(format!("{page}: og:image {image:?}, expected {want}"));
            continue;
        }
        if let Some((w, h)) = size {
            let got = (m("og:image:width"), m("og:image:height"));
            if got != (Some(w.to_string()), Some(h.to_string())) {
                problems.push(format!(
                    "{page}: og:image:width/height {got:?}, expected {w}×{h}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_heavy_preview_image_is_warned_about_but_the_build_succeeds() {
    let hub = Hub::new(HE);
    let big = png(600, 600);
    assert!(big.len() > 300 * 1024, "test image is {} bytes", big.len());
    write_bytes(&hub, "static/images/big.png", &big);
    hub.write(
        "content/posts/2026-03-05-heavy.md",
        "---\ntitle: \"A heavy picture\"\ntopics: [tech]\nimage: /images/big.png\n---\nA big image.\n",
    );
    let run = hub.build(&[]);
    run.assert_ok("hub with a heavy preview image");
    let warning: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("300 KB"))
        .collect();
    assert_eq!(
        warning.len(),
        1,
        "one warning about the heavy image on stderr:\n{run}"
    );
    let line = warning[0];
    assert!(line.starts_with("warning"), "not a warning: {line}");
    assert!(
        run.stderr.contains("static/images/big.png"),
        "the warning names the file:\n{run}"
    );
    assert!(
        line.contains(&format!("{} KB", big.len() / 1024)),
        "the warning gives the size ({} KB): {line}",
        big.len() / 1024
    );
    // the page still uses it
    let built = built_view(&hub, HE_BASE_URL);
    let doc = built.page("posts/heavy/");
    assert_eq!(
        meta(&doc, "og:image", "heavy").as_deref(),
        Some("https://x.github.io/hub/images/big.png")
    );
}
