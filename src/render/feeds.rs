//! Feeds for the hub's real readers — feed readers, RSS-to-email tools, bots that forward posts
//! to chat groups: RSS 2.0 (`rss` crate), Atom 1.0 (`atom_syndication`) and JSON Feed 1.1
//! (serde_json), for the site and for each topic and cohort. Items carry the summary and the
//! full HTML with every link made absolute; newest first; expired posts and drafts never appear.

use std::collections::{BTreeMap, HashMap};

use atom_syndication as atom;
use serde_json::json;

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

/// The posts of a feed: listed (not expired), filtered, newest first, cut to `feeds.limit`.
pub fn select(site: &Site, keep: impl Fn(&Post) -> bool) -> Vec<usize> {
    let limit = match site.config.feeds_limit {
        0 => usize::MAX,
        n => n,
    };
    site.listed_posts()
        .filter(|(_, p)| keep(p))
        .map(|(i, _)| i)
        .take(limit)
        .collect()
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
    super::views::summary_html(&p.entry, r)
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

pub fn rss(
    site: &Site,
    spec: &FeedSpec,
    self_url: &str,
    abs: &HashMap<usize, Rendered>,
) -> Vec<u8> {
    let tz = &site.config.timezone;
    let full = spec.full_content;
    let items = spec
        .posts
        .iter()
        .map(|&i| {
            let p = &site.posts[i];
            let r = &abs[&i];
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
                description: Some(summary(p, r)),
                content: full.then(|| r.html.clone()),
                author,
                dublin_core_ext: dc,
                guid: Some(rss::Guid {
                    value: link,
                    permalink: true,
                }),
                pub_date: Some(p.date.rfc2822(tz)),
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
        })
        .collect();
    let last = spec.posts.first().map(|&i| site.posts[i].date.rfc2822(tz));
    let channel = rss::Channel {
        title: spec.title.clone(),
        link: spec.home.clone(),
        description: spec.description.clone(),
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
        items,
        ..Default::default()
    };
    let mut bytes = channel
        .write_to(Vec::with_capacity(1 << 16))
        .unwrap_or_default();
    bytes.push(b'\n');
    bytes
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
    abs: &HashMap<usize, Rendered>,
) -> Vec<u8> {
    let tz = &site.config.timezone;
    let full = spec.full_content;
    let person = |a: ItemAuthor| atom::Person {
        name: a.name,
        email: a.email,
        ..Default::default()
    };
    let entries = spec
        .posts
        .iter()
        .map(|&i| {
            let p = &site.posts[i];
            let r = &abs[&i];
            let link = site.urls.absolute(&p.entry.url);
            atom::Entry {
                title: atom::Text::plain(p.entry.title.clone()),
                id: link.clone(),
                updated: fixed(&p.updated.as_ref().unwrap_or(&p.date).rfc3339(tz)),
                published: Some(fixed(&p.date.rfc3339(tz))),
                authors: author(site, p).map(person).into_iter().collect(),
                links: vec![atom_link(link, "alternate", "text/html")],
                summary: Some(atom::Text::html(summary(p, r))),
                content: full.then(|| atom::Content {
                    value: Some(r.html.clone()),
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
            }
        })
        .collect();
    let feed = atom::Feed {
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
        entries,
        ..Default::default()
    };
    let mut bytes = feed
        .write_to(Vec::with_capacity(1 << 16))
        .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

pub fn json_feed(
    site: &Site,
    spec: &FeedSpec,
    self_url: &str,
    abs: &HashMap<usize, Rendered>,
) -> Vec<u8> {
    let tz = &site.config.timezone;
    let full = spec.full_content;
    let items: Vec<serde_json::Value> = spec
        .posts
        .iter()
        .map(|&i| {
            let p = &site.posts[i];
            let r = &abs[&i];
            let link = site.urls.absolute(&p.entry.url);
            let mut item = BTreeMap::new();
            item.insert("id", json!(link));
            item.insert("url", json!(link));
            item.insert("title", json!(p.entry.title));
            let sum = summary(p, r);
            item.insert(
                "content_html",
                json!(if full { r.html.clone() } else { sum.clone() }),
            );
            item.insert("summary", json!(super::views::summary_text(&p.entry, r)));
            item.insert("date_published", json!(p.date.rfc3339(tz)));
            if let Some(u) = &p.updated {
                item.insert("date_modified", json!(u.rfc3339(tz)));
            }
            if let Some(a) = author(site, p) {
                item.insert("authors", json!([{"name": a.name}]));
            }
            if let Some(img) = &p.entry.image {
                item.insert("image", json!(site.urls.absolute(img)));
            }
            let tags: Vec<&str> = p
                .topics
                .iter()
                .map(|&t| site.topics[t].entry.title.as_str())
                .collect();
            if !tags.is_empty() {
                item.insert("tags", json!(tags));
            }
            json!(item)
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": spec.home,
        "feed_url": self_url,
        "language": site.config.language,
        "items": items,
    });
    if !spec.description.is_empty() {
        feed["description"] = json!(spec.description);
    }
    if let Some(a) = &site.config.author {
        feed["authors"] = json!([{"name": a.name}]);
    }
    let mut bytes = serde_json::to_vec(&feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Site links in rendered HTML (`href="/hub/x"`, `src="/hub/y.png"`) → full addresses, and
/// same-page links (`href="#agenda"`, footnotes) → the item's permalink plus the fragment, for
/// readers that show an item away from the site (feed readers, email). Protocol-relative
/// `//host` links and full addresses are left as they are.
pub fn absolutize(html: &str, origin: &str, permalink: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
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

/// Where a section's own RSS feed lives: `/topics/<slug>/rss.xml`.
pub fn section_feed_route(section: &str, slug: &str) -> Route {
    Route::file(&[section, slug, "rss.xml"])
}

#[cfg(test)]
mod tests {
    #[test]
    fn absolutize_site_links_only() {
        let html = r##"<a href="/hub/a/">a</a><img src="/hub/i.png"><a href="https://x.org/">x</a><a href="//cdn/x">c</a><a href="#fn">f</a><p title="/x">"##;
        assert_eq!(
            super::absolutize(html, "https://o.io", "https://o.io/hub/p/"),
            r##"<a href="https://o.io/hub/a/">a</a><img src="https://o.io/hub/i.png"><a href="https://x.org/">x</a><a href="//cdn/x">c</a><a href="https://o.io/hub/p/#fn">f</a><p title="/x">"##
        );
    }
}
