//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading ids (`{#id}` or made from the heading text). Links are rewritten here: `@/file.md#x`
//! becomes the target's URL, and site paths (`/join/`, `/images/x.png`) get the base path.
//! Smart punctuation stays off: it would turn the gershayim of צה"ל into a closing quote.

use crate::hashing::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::model::slug::slugify;
use crate::model::url::Urls;

/// A link to an anchor in another content file, checked once every file is rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub target: String,
    pub anchor: String,
    pub pos: Pos,
}

/// A rendered body, kept in the form templates read: a Tera string, which is
/// reference-counted, so the post's page value, feeds and caches share this one copy (at
/// 50,000 posts copying each body into its page value cost 270 MB and two passes of memmove).
#[derive(Debug, Clone)]
pub struct Html(tera::Value);

impl Html {
    pub fn new(html: &str) -> Self {
        Html(tera::Value::from(html))
    }

    /// The body as a template value, sharing its text.
    pub fn value(&self) -> tera::Value {
        self.0.clone()
    }
}

impl Default for Html {
    fn default() -> Self {
        Html::new("")
    }
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Unique to this rendering in this process: caches that build on a body key on it
    /// instead of hashing the HTML again.
    pub id: u64,
    pub html: Html,
    /// The text before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary: String,
    /// The same summary as plain text, for meta descriptions.
    pub summary_text: String,
    /// Every `id` the page's headings and footnotes carry.
    pub ids: HashSet<String>,
    pub anchors: Vec<AnchorRef>,
    /// Site paths written in links and images (`/join/`, `/images/x.png`), with positions, to
    /// check against the finished site.
    pub site_links: Vec<(String, Pos)>,
}

const MORE: &str = "<!-- more -->";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn pos_of(body: &str, offset: usize, body_line: usize) -> Pos {
    let before = &body[..offset.min(body.len())];
    let line = body_line + before.matches('\n').count();
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Pos::new(line, col)
}

/// Everything the renderer needs to know about the rest of the site.
pub struct Links<'a> {
    pub urls: &'a Urls,
    /// `posts/2026-01-10-x.md` → its URL.
    pub targets: &'a HashMap<&'a str, &'a str>,
    /// Content paths of drafts left out of this build.
    pub drafts: &'a HashSet<String>,
    /// Accessible names of task-list checkboxes (done, not done), in the site's language.
    pub task_labels: (&'a str, &'a str),
    /// Makes `<picture>`s of the hub's photos (`None`: images stay as written).
    pub images: Option<&'a crate::images::Processor>,
}

impl Links<'_> {
    fn rewrite(
        &self,
        dest: &str,
        pos: Pos,
        file: &Path,
        found: &mut Rendered,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        if let Some(rest) = dest.strip_prefix("@/") {
            let (path, anchor) = match rest.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (rest, None),
            };
            return match self.targets.get(path) {
                Some(url) => {
                    let mut u = url.to_string();
                    if let Some(a) = anchor {
                        found.anchors.push(AnchorRef {
                            target: path.to_string(),
                            anchor: a.to_string(),
                            pos,
                        });
                        u.push('#');
                        u.push_str(a);
                    }
                    Some(u)
                }
                None if self.drafts.contains(path) => {
                    diags.push(
                        Diagnostic::error(format!("the link @/{path} points to a draft, which is not part of the site"))
                            .at(file, pos)
                            .hint("publish it (remove `draft: true` from its front matter), build with --drafts to preview, or remove the link"),
                    );
                    None
                }
                None => {
                    let own = file.strip_prefix("content").unwrap_or(file);
                    let own = own.to_string_lossy().replace('\\', "/");
                    let best =
                        did_you_mean(path, self.targets.keys().copied().filter(|k| *k != own));
                    diags.push(
                        Diagnostic::error(format!("the link @/{path} points to a file that does not exist"))
                            .at(file, pos)
                            .hint(match best {
                                Some(b) => format!("did you mean @/{b}? (paths are relative to content/)"),
                                None => "write the path of a content file relative to content/, like @/posts/2026-01-10-hello.md".into(),
                            }),
                    );
                    None
                }
            };
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            found.site_links.push((dest.to_string(), pos));
            return Some(self.urls.site_path(dest));
        }
        None
    }
}

/// Renders one body. `file` and `body_line` position problems in the source file.
pub fn render(
    body: &str,
    body_line: usize,
    file: &Path,
    links: &Links,
    diags: &mut Diagnostics,
) -> Rendered {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let mut found = Rendered {
        id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        ..Default::default()
    };
    let mut events: Vec<Event> = Vec::new();
    // The picture being read (its alt text comes as the events up to the image's end).
    let mut picture: Option<(crate::images::Set, String, String)> = None;
    let mut pictures = 0;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((set, title, alt)) = &mut picture {
            match ev {
                Event::End(TagEnd::Image) => {
                    let html = crate::images::picture::html(
                        set,
                        &crate::images::picture::Attrs {
                            alt,
                            title: Some(title),
                            class: None,
                            sizes: crate::images::picture::PROSE_SIZES,
                            lazy: pictures > 0,
                        },
                    );
                    pictures += 1;
                    events.push(Event::InlineHtml(CowStr::from(html)));
                    picture = None;
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = pos_of(body, range.start, body_line);
                let dest = links
                    .rewrite(&dest_url, pos, file, &mut found, diags)
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = pos_of(body, range.start, body_line);
                let dest = links
                    .rewrite(&dest_url, pos, file, &mut found, diags)
                    .map(CowStr::from)
                    .unwrap_or(dest_url.clone());
                if let Some(set) = links
                    .images
                    .and_then(|p| super::pictures::resized(p, &dest_url, file, pos, diags))
                {
                    picture = Some((set, title.to_string(), String::new()));
                    continue;
                }
                // An image kehila leaves as it is (SVG, another host) still fills the first screen.
                pictures += 1;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            // pulldown-cmark's checkbox has no accessible name; give it one in the site's language.
            Event::TaskListMarker(done) => {
                let label = crate::render::views::escape(if done {
                    links.task_labels.0
                } else {
                    links.task_labels.1
                });
                let checked = if done { " checked" } else { "" };
                Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                )))
            }
            other => other,
        };
        events.push(ev);
    }

    let ids = assign_heading_ids(&mut events);
    let mut all_ids = ids;
    for ev in &events {
        if let Event::Start(Tag::FootnoteDefinition(name)) = ev {
            all_ids.insert(name.to_string());
        }
    }

    let more_at = events
        .iter()
        .position(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE));
    let summary_events: Vec<Event> = match more_at {
        Some(i) => events[..i].to_vec(),
        None => first_paragraph(&events),
    };
    let (summary, summary_text) = summary_html(summary_events);

    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(
        &mut out,
        events
            .into_iter()
            .filter(|e| !matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE)),
    );
    Rendered {
        html: Html::new(&out),
        summary,
        summary_text,
        ids: all_ids,
        ..found
    }
}

/// Gives every heading an id: its `{#id}` if written, else one made from its text, unique in
/// the page.
fn assign_heading_ids(events: &mut [Event]) -> HashSet<String> {
    let mut used: HashSet<String> = HashSet::default();
    for e in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    used
}

fn first_paragraph<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return Vec::new();
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map(|i| start + i + 1)
        .unwrap_or(events.len());
    events[start..end].to_vec()
}

/// A summary shown on list pages must not carry ids or footnote markers (they would clash or
/// dangle there), so headings lose their ids and footnotes are dropped. Links become their
/// text: a summary sits inside a card whose title is the link, and a list of posts should link
/// to the posts it lists, not to whatever their first paragraphs mention.
fn summary_html(events: Vec<Event>) -> (String, String) {
    let mut text = String::new();
    let mut in_footnote = 0usize;
    let cleaned: Vec<Event> = events
        .into_iter()
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote += 1;
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = in_footnote.saturating_sub(1);
                None
            }
            _ if in_footnote > 0 => None,
            Event::FootnoteReference(_) => None,
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => None,
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => Some(Event::Start(Tag::Heading {
                level: demote(level),
                id: None,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
            Event::Text(t) => {
                text.push_str(&t);
                Some(Event::Text(t))
            }
            Event::Code(t) => {
                text.push_str(&t);
                Some(Event::Code(t))
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                Some(e)
            }
            Event::End(TagEnd::Paragraph) => {
                text.push(' ');
                Some(e)
            }
            other => Some(other),
        })
        .collect();
    let mut out = String::new();
    html::push_html(&mut out, cleaned.into_iter());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (out, text)
}

/// Summaries sit under a card's own heading, so their headings go at least one level down.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> (Rendered, Diagnostics) {
        let urls = Urls::new("https://org.github.io/hub/");
        let mut targets = HashMap::default();
        targets.insert("posts/a.md", "/hub/posts/a/");
        let drafts = HashSet::default();
        let links = Links {
            urls: &urls,
            targets: &targets,
            drafts: &drafts,
            task_labels: ("done", "not done"),
            images: None,
        };
        let mut d = Diagnostics::new();
        let r = render(body, 5, Path::new("content/x.md"), &links, &mut d);
        (r, d)
    }

    #[test]
    fn gershayim_survive() {
        let (r, _) = md("שירתי בצה\"ל\n");
        assert!(
            r.html.contains("צה&quot;ל") || r.html.contains("צה\"ל"),
            "{}",
            &*r.html
        );
        assert!(!r.html.contains('”'));
    }

    #[test]
    fn heading_ids_explicit_and_generated() {
        let (r, _) = md("## סדר היום {#agenda}\n\n## מי מגיע?\n\n## מי מגיע?\n");
        assert!(r.html.contains("id=\"agenda\""));
        assert!(r.ids.contains("מי-מגיע"));
        assert!(r.ids.contains("מי-מגיע-1"));
    }

    #[test]
    fn at_links_and_site_paths_get_the_base_path() {
        let (r, d) =
            md("[x](@/posts/a.md#top) [j](/join/) ![i](/images/a.png) [e](https://e.org/)\n");
        assert!(!d.has_errors());
        assert!(r.html.contains("href=\"/hub/posts/a/#top\""));
        assert!(r.html.contains("href=\"/hub/join/\""));
        assert!(r.html.contains("src=\"/hub/images/a.png\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
        assert_eq!(r.anchors[0].anchor, "top");
    }

    #[test]
    fn broken_at_link_is_positioned_in_the_file() {
        let (_, d) = md("text\n\nsee [x](@/posts/b.md)\n");
        let e = &d.items()[0];
        assert_eq!(e.pos, Some(Pos::new(7, 5)));
        assert!(e.hint.as_deref().unwrap().contains("@/posts/a.md"));
    }

    #[test]
    fn summary_by_more_marker_or_first_paragraph() {
        let (r, _) = md("one\n\ntwo\n\n<!-- more -->\n\nthree\n");
        assert!(r.summary.contains("two") && !r.summary.contains("three"));
        assert!(!r.html.contains("more -->"));
        let (r, _) = md("# T\n\nfirst[^1]\n\nsecond\n\n[^1]: note\n");
        assert_eq!(r.summary_text, "first");
        assert!(!r.summary.contains("footnote"));
    }

    #[test]
    fn tables_tasks_strikethrough_footnotes() {
        let (r, _) = md("|a|b|\n|-|-|\n|1|2|\n\n- [x] done\n\n~~old~~ text[^n]\n\n[^n]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(
            r.html
                .contains("type=\"checkbox\" disabled checked aria-label=\"done\"")
        );
        assert!(r.html.contains("<del>"));
        assert!(r.html.contains("footnote-definition"));
    }
}
