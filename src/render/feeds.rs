//! Feeds: RSS 2.0 (`rss` crate), Atom 1.0 (`atom_syndication`) and JSON Feed 1.1 (serde_json),
//! for the site and for each topic and cohort; newest first, each item with its summary and
//! full HTML, links made absolute; expired posts and drafts never appear.
//!
//! Readers are feed readers, RSS-to-email tools, bots that forward posts to chat groups. Each
//! feed is written a chunk of items at a time into a writer: a full feed of a 50,000-post hub
//! is over 300 MB, and building it whole (items, then the document) held about 2.5 GB.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use atom_syndication as atom;
use rayon::prelude::*;
use serde_json::json;

use super::json_string;
use super::markdown::Rendered;
use crate::model::{Post, Route, Site};

/// One feed: which posts, and how it presents itself.
pub struct FeedSpec {
    pub title: String,
    pub description: String,
    /// The page the feed belongs to (absolute).
    pub home: String,
    /// Post indices, newest first, already limited.
    pub posts: Vec<usize>,
    /// Whole posts (`content:encoded`, Atom content) or summaries only. The site feeds follow
    /// `feeds.full_content`; topic and cohort feeds — read by chat bots that post a summary and
    /// a link — carry summaries, so a big hub does not write every post again per topic.
    pub full_content: bool,
}

/// The posts of a feed: listed posts (newest first, see [`Site::listed`]) cut to
/// `feeds.limit`.
pub fn limited(site: &Site, listed: &[usize]) -> Vec<usize> {
    let limit = match site.config.feeds_limit {
        0 => usize::MAX,
        n => n,
    };
    listed.iter().copied().take(limit).collect()
}

struct ItemAuthor {
    name: String,
    email: Option<String>,
}

fn author(site: &Site, p: &Post) -> Option<ItemAuthor> {
    match p.author {
        Some(l) => {
            let leader = &site.leaders[l];
            Some(ItemAuthor {
                name: leader.entry.title.clone(),
                email: leader.email.clone(),
            })
        }
        None => site.config.author.as_ref().map(|a| ItemAuthor {
            name: a.name.clone(),
            email: a.email.clone(),
        }),
    }
}

fn summary(p: &Post, r: &Rendered) -> String {
    super::summary::summary_html(&p.entry, r)
}

fn updated(site: &Site, spec: &FeedSpec) -> String {
    let tz = &site.config.timezone;
    spec.posts
        .iter()
        .map(|&i| {
            let p = &site.posts[i];
            p.updated.as_ref().unwrap_or(&p.date).timestamp(tz)
        })
        .max()
        .unwrap_or(site.now)
        .to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Items serialised per library call. A feed of every post of a big hub is hundreds of MB:
/// it is written a chunk at a time, so only a few chunks' items are ever in memory.
const CHUNK: usize = 128;
/// Chunks serialised at once (in parallel) before they are written, in order.
const WINDOW: usize = 8;

/// Room for a chunk's items: their HTML (whole or summaries) with some to spare for escapes
/// and the other fields, so that a chunk's buffer is not grown and copied again and again.
/// Half again the HTML: JSON writes each `<` and `>` as six bytes (`\u003c`), and post HTML
/// has one every ~24 bytes, ~40 % more; with a quarter, most chunks were copied to a buffer
/// twice the size near their end.
fn html_size(bodies: &[Arc<Rendered>], posts: &[usize], full: bool) -> usize {
    let html: usize = posts
        .iter()
        .map(|&i| {
            if full {
                bodies[i].html.len()
            } else {
                bodies[i].summary.len()
            }
        })
        .sum();
    html + html / 2 + 1024 * posts.len()
}

/// Writes `head`, then the items of `posts` a chunk at a time (`chunk` serialises the items of
/// one chunk, the bytes in the range of a buffer; `sep` goes between chunks), then `tail`.
fn write_chunked(
    w: &mut dyn Write,
    (head, tail): (&[u8], &[u8]),
    posts: &[usize],
    chunk: impl Fn(&[usize]) -> io::Result<(Vec<u8>, Range<usize>)> + Sync,
    sep: &[u8],
) -> io::Result<()> {
    w.write_all(head)?;
    let mut first = true;
    for window in posts.chunks(CHUNK * WINDOW) {
        let parts: Vec<io::Result<(Vec<u8>, Range<usize>)>> =
            window.par_chunks(CHUNK).map(&chunk).collect();
        for part in parts {
            if !first {
                w.write_all(sep)?;
            }
            first = false;
            let (bytes, range) = part?;
            w.write_all(&bytes[range])?;
        }
    }
    w.write_all(tail)?;
    w.write_all(b"\n")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The feed libraries serialise whole documents only. A document's items are its bytes from
/// the first `open` tag to the last `close` tag: the fields before them are empty in a chunk's
/// document, and the items themselves may hold `close` (in CDATA) but not before their end.
fn between(doc: &[u8], open: &[u8], close: &[u8]) -> io::Result<Range<usize>> {
    match (find(doc, open), rfind(doc, close)) {
        (Some(a), Some(b)) if a <= b => Ok(a..b),
        _ => Err(io::Error::other("a feed chunk was not written as expected")),
    }
}

/// An XML feed written a chunk of items at a time. `empty` is the whole document without
/// items, which go before its last `close` tag; `chunk_doc` writes a document holding only
/// the given posts' items, which [`between`] cuts out.
fn write_xml_chunked(
    w: &mut dyn Write,
    empty: &[u8],
    (open, close): (&[u8], &[u8]),
    posts: &[usize],
    chunk_doc: impl Fn(&[usize]) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    let at = rfind(empty, close)
        .ok_or_else(|| io::Error::other("a feed was not written as expected"))?;
    let chunk = |posts: &[usize]| {
        let doc = chunk_doc(posts)?;
        let range = between(&doc, open, close)?;
        Ok((doc, range))
    };
    write_chunked(w, (&empty[..at], &empty[at..]), posts, chunk, b"")
}

/// A post's body as feed readers get it, away from the site: every site link a full address.
/// The whole HTML (the second value) is made only for feeds that carry it.
fn item_body(site: &Site, i: usize, r: &Rendered, full: bool) -> (Rendered, String) {
    let origin = site.urls.absolute("");
    let permalink = site.urls.absolute(&site.posts[i].entry.url);
    let html = if full {
        absolutize(&r.html, &origin, &permalink)
    } else {
        String::new()
    };
    let summary = Rendered {
        summary: absolutize(&r.summary, &origin, &permalink),
        summary_text: r.summary_text.clone(),
        ..Default::default()
    };
    (summary, html)
}

/// The namespace `content:encoded` needs (the rss crate declares it for items with content).
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";

fn xml_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

pub fn rss(
    site: &Site,
    spec: &FeedSpec,
    self_url: &str,
    bodies: &[Arc<Rendered>],
    w: &mut dyn Write,
) -> io::Result<()> {
    let channel = rss_channel(site, spec, self_url);
    let empty = channel.write_to(Vec::new()).map_err(xml_error)?;
    let chunk_doc = |posts: &[usize]| {
        rss::Channel {
            items: posts
                .iter()
                .map(|&i| rss_item(site, i, &bodies[i], spec.full_content))
                .collect(),
            ..Default::default()
        }
        .write_to(Vec::with_capacity(html_size(
            bodies,
            posts,
            spec.full_content,
        )))
        .map_err(xml_error)
    };
    let tags: (&[u8], &[u8]) = (b"<item>", b"</channel>");
    write_xml_chunked(w, &empty, tags, &spec.posts, chunk_doc)
}

/// The channel without its items (they are written a chunk at a time).
fn rss_channel(site: &Site, spec: &FeedSpec, self_url: &str) -> rss::Channel {
    let tz = &site.config.timezone;
    let last = spec.posts.first().map(|&i| site.posts[i].date.rfc2822(tz));
    rss::Channel {
        title: spec.title.clone(),
        link: spec.home.clone(),
        // Readers show an RSS description as HTML: plain text goes in escaped, so a cohort's
        // `program: <iframe …>` stays text.
        description: super::escape::escape(&spec.description).to_string(),
        language: Some(site.config.language.clone()),
        generator: Some("kehila".into()),
        last_build_date: last,
        atom_ext: Some(rss::extension::atom::AtomExtension {
            links: vec![atom_link(
                self_url.to_string(),
                "self",
                "application/rss+xml",
            )],
        }),
        namespaces: rss_namespaces(site, spec),
        ..Default::default()
    }
}

/// The root element declares the namespaces its items use; they are written later.
fn rss_namespaces(site: &Site, spec: &FeedSpec) -> BTreeMap<String, String> {
    let mut namespaces = BTreeMap::new();
    if spec.full_content && !spec.posts.is_empty() {
        namespaces.insert("content".to_string(), CONTENT_NS.to_string());
    }
    let name_only = |&i: &usize| {
        matches!(
            author(site, &site.posts[i]),
            Some(ItemAuthor { email: None, .. })
        )
    };
    if spec.posts.iter().any(name_only) {
        namespaces.insert(
            "dc".to_string(),
            rss::extension::dublincore::NAMESPACE.to_string(),
        );
    }
    namespaces
}

fn rss_item(site: &Site, i: usize, body: &Rendered, full: bool) -> rss::Item {
    let p = &site.posts[i];
    let (r, html) = item_body(site, i, body, full);
    let link = site.urls.absolute(&p.entry.url);
    let who = author(site, p);
    // RSS `author` must be an email address; a name alone goes to dc:creator.
    let (author, dc) = match who {
        Some(ItemAuthor {
            name,
            email: Some(e),
        }) => (Some(format!("{e} ({name})")), None),
        Some(ItemAuthor { name, email: None }) => (
            None,
            Some(rss::extension::dublincore::DublinCoreExtension {
                creators: vec![name],
                ..Default::default()
            }),
        ),
        None => (None, None),
    };
    rss::Item {
        title: Some(p.entry.title.clone()),
        link: Some(link.clone()),
        description: Some(summary(p, &r)),
        content: full.then_some(html),
        author,
        dublin_core_ext: dc,
        guid: Some(rss::Guid {
            value: link,
            permalink: true,
        }),
        pub_date: Some(p.date.rfc2822(&site.config.timezone)),
        categories: p
            .topics
            .iter()
            .map(|&t| rss::Category {
                name: site.topics[t].entry.title.clone(),
                domain: None,
            })
            .collect(),
        ..Default::default()
    }
}

/// An Atom link (also used for RSS's `atom:link rel="self"`).
fn atom_link(href: impl Into<String>, rel: &str, mime: &str) -> atom::Link {
    atom::Link {
        href: href.into(),
        rel: rel.into(),
        mime_type: Some(mime.into()),
        ..Default::default()
    }
}

fn fixed(s: &str) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(s).unwrap_or_default()
}

pub fn atom(
    site: &Site,
    spec: &FeedSpec,
    self_url: &str,
    bodies: &[Arc<Rendered>],
    w: &mut dyn Write,
) -> io::Result<()> {
    let feed = atom_feed(site, spec, self_url);
    let empty = feed.write_to(Vec::new()).map_err(xml_error)?;
    let chunk_doc = |posts: &[usize]| {
        let (entries, contents): (Vec<atom::Entry>, Vec<String>) = posts
            .iter()
            .map(|&i| atom_entry(site, i, &bodies[i], spec.full_content))
            .unzip();
        let doc = atom::Feed {
            entries,
            ..Default::default()
        }
        // The contents go in after: room for the summaries.
        .write_to(Vec::with_capacity(html_size(bodies, posts, false)))
        .map_err(xml_error)?;
        if spec.full_content {
            with_contents(&doc, &contents)
        } else {
            Ok(doc)
        }
    };
    let tags: (&[u8], &[u8]) = (b"<entry", b"</feed>");
    write_xml_chunked(w, &empty, tags, &spec.posts, chunk_doc)
}

/// The feed without its entries (they are written a chunk at a time).
fn atom_feed(site: &Site, spec: &FeedSpec, self_url: &str) -> atom::Feed {
    atom::Feed {
        title: atom::Text::plain(spec.title.clone()),
        id: spec.home.clone(),
        updated: fixed(&updated(site, spec)),
        subtitle: (!spec.description.is_empty())
            .then(|| atom::Text::plain(spec.description.clone())),
        lang: Some(site.config.language.clone()),
        // Atom needs an author for every entry; the feed's author covers entries without one.
        authors: vec![match &site.config.author {
            Some(a) => atom::Person {
                name: a.name.clone(),
                email: a.email.clone(),
                ..Default::default()
            },
            None => atom::Person {
                name: site.config.title.clone(),
                ..Default::default()
            },
        }],
        generator: Some(atom::Generator {
            value: "kehila".into(),
            ..Default::default()
        }),
        links: vec![
            atom_link(spec.home.clone(), "alternate", "text/html"),
            atom_link(self_url.to_string(), "self", "application/atom+xml"),
        ],
        ..Default::default()
    }
}

/// The element each entry's content goes into: the library writes text escaped, so this can
/// only be an element, never text inside another.
const ATOM_CONTENT: &[u8] = b"<content type=\"html\"></content>";

/// A chunk's document with each entry's (empty) content element filled with its HTML, in
/// order, escaped as the library escapes text: byte for byte what it writes given the HTML,
/// with a third of the instructions (a full feed escapes every post's HTML).
fn with_contents(doc: &[u8], contents: &[String]) -> io::Result<Vec<u8>> {
    // Escaped as XML text, post HTML grows ~15 % (`&lt;` for `<`, `&quot;` for `"`).
    let size: usize = contents.iter().map(|c| c.len() + c.len() / 4).sum();
    let mut out = Vec::with_capacity(doc.len() + size);
    let open = ATOM_CONTENT.len() - b"</content>".len();
    let mut from = 0;
    let mut found = memchr::memmem::find_iter(doc, ATOM_CONTENT);
    for html in contents {
        let at = found
            .next()
            .ok_or_else(|| io::Error::other("a feed was not written as expected"))?;
        out.extend_from_slice(&doc[from..at + open]);
        super::escape::push_xml_text(&mut out, html);
        from = at + open;
    }
    if found.next().is_some() {
        return Err(io::Error::other("a feed was not written as expected"));
    }
    out.extend_from_slice(&doc[from..]);
    Ok(out)
}

/// An entry, and its full HTML apart (the entry's content element left empty for
/// [`with_contents`]) when the feed carries whole posts.
fn atom_entry(site: &Site, i: usize, body: &Rendered, full: bool) -> (atom::Entry, String) {
    let tz = &site.config.timezone;
    let person = |a: ItemAuthor| atom::Person {
        name: a.name,
        email: a.email,
        ..Default::default()
    };
    let p = &site.posts[i];
    let (r, html) = item_body(site, i, body, full);
    let link = site.urls.absolute(&p.entry.url);
    let entry = atom::Entry {
        title: atom::Text::plain(p.entry.title.clone()),
        id: link.clone(),
        updated: fixed(&p.updated.as_ref().unwrap_or(&p.date).rfc3339(tz)),
        published: Some(fixed(&p.date.rfc3339(tz))),
        authors: author(site, p).map(person).into_iter().collect(),
        links: vec![atom_link(link, "alternate", "text/html")],
        summary: Some(atom::Text::html(summary(p, &r))),
        content: full.then(|| atom::Content {
            value: Some(String::new()),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        categories: p
            .topics
            .iter()
            .map(|&t| atom::Category {
                term: site.topics[t].entry.slug.clone(),
                label: Some(site.topics[t].entry.title.clone()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    (entry, html)
}

/// One JSON Feed item, as serde_json writes a map (keys sorted, no spaces) and
/// [`json_string::without_tags`] then rewrites it: written directly, see [`json_string`].
fn json_item(site: &Site, i: usize, body: &Rendered, full: bool, out: &mut Vec<u8>) {
    let tz = &site.config.timezone;
    let p = &site.posts[i];
    let (r, html) = item_body(site, i, body, full);
    let link = site.urls.absolute(&p.entry.url);
    let field = |out: &mut Vec<u8>, key: &str| {
        if out.last() != Some(&b'{') {
            out.push(b',');
        }
        json_string::push(out, key);
        out.push(b':');
    };
    out.push(b'{');
    if let Some(a) = author(site, p) {
        field(out, "authors");
        out.extend_from_slice(b"[{\"name\":");
        json_string::push(out, &a.name);
        out.extend_from_slice(b"}]");
    }
    field(out, "content_html");
    json_string::push(out, &if full { html } else { summary(p, &r) });
    if let Some(u) = &p.updated {
        field(out, "date_modified");
        json_string::push(out, &u.rfc3339(tz));
    }
    field(out, "date_published");
    json_string::push(out, &p.date.rfc3339(tz));
    field(out, "id");
    json_string::push(out, &link);
    if let Some(img) = &p.entry.image {
        field(out, "image");
        json_string::push(out, &site.urls.absolute(img));
    }
    field(out, "summary");
    match super::summary::summary_text(&p.entry, &r) {
        Some(text) => json_string::push(out, &text),
        None => out.extend_from_slice(b"null"),
    }
    if !p.topics.is_empty() {
        field(out, "tags");
        for (k, &t) in p.topics.iter().enumerate() {
            out.push(if k == 0 { b'[' } else { b',' });
            json_string::push(out, &site.topics[t].entry.title);
        }
        out.push(b']');
    }
    field(out, "title");
    json_string::push(out, &p.entry.title);
    field(out, "url");
    json_string::push(out, &link);
    out.push(b'}');
}

pub fn json_feed(
    site: &Site,
    spec: &FeedSpec,
    self_url: &str,
    bodies: &[Arc<Rendered>],
    w: &mut dyn Write,
) -> io::Result<()> {
    let full = spec.full_content;
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": spec.home,
        "feed_url": self_url,
        "language": site.config.language,
        "items": [],
    });
    if !spec.description.is_empty() {
        feed["description"] = json!(spec.description);
    }
    if let Some(a) = &site.config.author {
        feed["authors"] = json!([{"name": a.name}]);
    }
    let doc = json_string::without_tags(serde_json::to_vec(&feed)?);
    // Keys are written sorted and strings escaped, so this is the one place `items` opens.
    let open = br#""items":["#;
    let at = find(&doc, open)
        .map(|i| i + open.len())
        .ok_or_else(|| io::Error::other("a feed was not written as expected"))?;
    let chunk = |posts: &[usize]| {
        let mut out = Vec::with_capacity(html_size(bodies, posts, full));
        for (k, &i) in posts.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            json_item(site, i, &bodies[i], full, &mut out);
        }
        let all = 0..out.len();
        Ok((out, all))
    };
    write_chunked(w, (&doc[..at], &doc[at..]), &spec.posts, chunk, b",")
}

/// Site links in rendered HTML (`href="/hub/x"`, `src="/hub/y.png"`) → full addresses, and
/// same-page links (`href="#agenda"`, footnotes) → the item's permalink plus the fragment, for
/// readers that show an item away from the site (feed readers, email). Protocol-relative
/// `//host` links and full addresses are left as they are.
pub fn absolutize(html: &str, origin: &str, permalink: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    // Copied to `out` up to here.
    let mut copied = 0;
    // Where the text an attribute name is looked for in starts: after the last `="`, as a
    // search for `="` from there would see it.
    let mut after = 0;
    // One pass of memchr over the body for `"` (Markdown's HTML has them nearly only around
    // attribute values; its text has `&quot;`). A memmem search for `="` per attribute paid
    // a searcher's start-up each time: a tenth of the feeds' time at 10,000 posts.
    for q in memchr::memchr_iter(b'"', bytes) {
        if q == 0 || bytes[q - 1] != b'=' {
            continue;
        }
        let head = &html[after..=q];
        let value = q + 1;
        after = value;
        let tail = &html[value..];
        if head.ends_with("srcset=\"") {
            // A picture's candidates: `URL 480w, URL 960w`, each URL made absolute.
            let end = tail.find('"').unwrap_or(tail.len());
            out.push_str(&html[copied..value]);
            for (k, c) in tail[..end].split(", ").enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                if c.starts_with('/') && !c.starts_with("//") {
                    out.push_str(origin);
                }
                out.push_str(c);
            }
            copied = value + end;
            after = copied;
            continue;
        }
        if head.ends_with("href=\"") || head.ends_with("src=\"") {
            let to = if tail.starts_with('/') && !tail.starts_with("//") {
                origin
            } else if tail.starts_with('#') {
                permalink
            } else {
                continue;
            };
            out.push_str(&html[copied..value]);
            out.push_str(to);
            copied = value;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Where a section's own RSS feed lives: `/topics/<slug>/rss.xml`.
pub fn section_feed_route(section: &str, slug: &str) -> Route {
    Route::file(&[section, slug, "rss.xml"])
}

#[cfg(test)]
mod tests {
    /// The searcher-per-attribute version this replaced, kept as the tests' oracle.
    fn absolutize_before(html: &str, origin: &str, permalink: &str) -> String {
        let mut out = String::with_capacity(html.len() + 256);
        let mut rest = html;
        let attribute = memchr::memmem::Finder::new("=\"");
        while let Some(i) = attribute.find(rest.as_bytes()) {
            let (head, tail) = rest.split_at(i + 2);
            out.push_str(head);
            if head.ends_with("srcset=\"") {
                let end = tail.find('"').unwrap_or(tail.len());
                let list: Vec<String> = tail[..end]
                    .split(", ")
                    .map(|c| match c.starts_with('/') && !c.starts_with("//") {
                        true => format!("{origin}{c}"),
                        false => c.to_string(),
                    })
                    .collect();
                out.push_str(&list.join(", "));
                rest = &tail[end..];
                continue;
            }
            let attr_ok = head.ends_with("href=\"") || head.ends_with("src=\"");
            if attr_ok {
                if tail.starts_with('/') && !tail.starts_with("//") {
                    out.push_str(origin);
                } else if tail.starts_with('#') {
                    out.push_str(permalink);
                }
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }

    proptest::proptest! {
        /// Any text made of the pieces that matter (attribute names, `="`, quotes, slashes,
        /// `#`, `, `, Hebrew) comes out as the searcher-per-attribute version made it.
        #[test]
        fn absolutize_as_before(pieces in proptest::collection::vec(0usize..16, 0..60)) {
            const P: [&str; 16] = [
                "href=\"", "src=\"", "srcset=\"", "=\"", "\"", "/", "//", "#", ", ", "a",
                " ", "=", "שלום", "s", "rc", "h",
            ];
            let html: String = pieces.iter().map(|&i| P[i]).collect();
            let (o, p) = ("https://o.io", "https://o.io/hub/p/");
            proptest::prop_assert_eq!(super::absolutize(&html, o, p), absolutize_before(&html, o, p));
        }
    }

    #[test]
    fn absolutize_site_links_only() {
        let set =
            r#"<source srcset="/hub/a-480.webp 480w, /hub/a-960.webp 960w"><img src="/hub/a.jpg">"#;
        assert_eq!(
            super::absolutize(set, "https://o.io", "https://o.io/hub/p/"),
            r#"<source srcset="https://o.io/hub/a-480.webp 480w, https://o.io/hub/a-960.webp 960w"><img src="https://o.io/hub/a.jpg">"#
        );
        let html = r##"<a href="/hub/a/">a</a><img src="/hub/i.png"><a href="https://x.org/">x</a><a href="//cdn/x">c</a><a href="#fn">f</a><p title="/x">"##;
        assert_eq!(
            super::absolutize(html, "https://o.io", "https://o.io/hub/p/"),
            r##"<a href="https://o.io/hub/a/">a</a><img src="https://o.io/hub/i.png"><a href="https://x.org/">x</a><a href="//cdn/x">c</a><a href="https://o.io/hub/p/#fn">f</a><p title="/x">"##
        );
    }
}
