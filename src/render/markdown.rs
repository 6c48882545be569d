//! Markdown → HTML with pulldown-cmark (tables, footnotes, strikethrough, task lists, heading
//! ids), and the links in it: `@/file.md#x` becomes the target's URL, and site paths (`/join/`,
//! `/images/x.png`) get the base path.
//!
//! Smart punctuation stays off: it would turn the gershayim of צה"ל into a closing quote.

use crate::hashing::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::load::limits::{MAX_NESTING, too_deep};
use crate::model::slug::slugify;
use crate::model::url::Urls;
use crate::render::sanitize::Sanitizer;

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

/// Byte offsets → line and column. Parser offsets mostly grow, so each lookup counts only
/// from the previous one: positioning every link of a file is linear in its size, where
/// counting from the start for each link was quadratic (194k links in 20 MB never finished).
struct Positions<'a> {
    body: &'a str,
    body_line: usize,
    /// The last offset looked up, its line (0-based in the body), and where that line starts.
    at: usize,
    line: usize,
    line_start: usize,
    /// Its column (0-based, in characters).
    col: usize,
}

impl<'a> Positions<'a> {
    fn new(body: &'a str, body_line: usize) -> Self {
        Positions {
            body,
            body_line,
            at: 0,
            line: 0,
            line_start: 0,
            col: 0,
        }
    }

    fn pos(&mut self, offset: usize) -> Pos {
        let mut offset = offset.min(self.body.len());
        while !self.body.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = Positions::new(self.body, self.body_line);
        }
        let between = &self.body[self.at..offset];
        // memchr: this scans every byte of every body with a link (4 instructions a byte
        // with a byte filter).
        match memchr::memrchr(b'\n', between.as_bytes()) {
            Some(i) => {
                self.line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
                self.line_start = self.at + i + 1;
                self.col = self.body[self.line_start..offset].chars().count();
            }
            None => self.col += between.chars().count(),
        }
        self.at = offset;
        Pos::new(self.body_line + self.line, self.col + 1)
    }
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
    /// What raw HTML and link addresses may contain.
    pub html: &'a Sanitizer,
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
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut walk = Walk {
        links,
        file,
        at: Positions::new(body, body_line),
        found: Rendered {
            id,
            ..Default::default()
        },
        raw: RawHtml::default(),
        dropped_links: Vec::new(),
        dropped_images: Vec::new(),
        picture: None,
        pictures: 0,
    };
    let Some(events) = walk.events(body, diags) else {
        return Rendered {
            id,
            ..Default::default()
        };
    };
    finish(body.len(), events, walk.found, &walk.raw, links.html)
}

/// One body's way through pulldown-cmark's events: links rewritten or dropped, images made
/// into pictures, heading attributes and raw HTML checked, task-list boxes named.
struct Walk<'a> {
    links: &'a Links<'a>,
    file: &'a Path,
    at: Positions<'a>,
    found: Rendered,
    raw: RawHtml,
    // Whether each open link was dropped (its text stays); links do not nest, images may sit
    // inside links.
    dropped_links: Vec<bool>,
    dropped_images: Vec<bool>,
    /// The picture being read (its alt text comes as the events up to the image's end).
    picture: Option<(crate::images::Set, String, String)>,
    pictures: usize,
}

impl<'a> Walk<'a> {
    /// The events to write, or `None` for a body nested too deep (reported).
    fn events(&mut self, body: &'a str, diags: &mut Diagnostics) -> Option<Vec<Event<'a>>> {
        // About one event per 31 bytes of the bench corpus's posts: room for one per 24 at
        // once saves a post's eight or so regrowths of the list (a cap keeps a huge file's
        // first guess small; past it the list grows as usual).
        let mut events: Vec<Event> = Vec::with_capacity((body.len() / 24).min(1 << 16));
        let mut depth = 0usize;
        for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_NESTING {
                diags.push(too_deep(self.file, self.at.pos(range.start)));
                return None;
            }
            if !matches!(ev, Event::Html(_)) {
                self.raw
                    .flush(self.links.html, &mut self.at, self.file, diags);
            }
            let ev = if self.picture.is_some() {
                self.in_picture(ev)
            } else {
                self.event(ev, range.start, diags)
            };
            events.extend(ev);
        }
        self.raw
            .flush(self.links.html, &mut self.at, self.file, diags);
        Some(events)
    }

    /// An event inside a picture: its alt text is gathered, and its end writes the picture.
    fn in_picture(&mut self, ev: Event<'a>) -> Option<Event<'a>> {
        let (set, title, alt) = self.picture.as_mut()?;
        match ev {
            Event::End(TagEnd::Image) => {
                let html = crate::images::picture::html(
                    set,
                    &crate::images::picture::Attrs {
                        alt,
                        title: Some(title),
                        class: None,
                        sizes: crate::images::picture::PROSE_SIZES,
                        lazy: self.pictures > 0,
                    },
                );
                self.pictures += 1;
                self.dropped_images.pop();
                self.picture = None;
                return Some(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            _ => {}
        }
        None
    }

    /// The event as it is written, or `None` when it is left out.
    fn event(&mut self, ev: Event<'a>, start: usize, diags: &mut Diagnostics) -> Option<Event<'a>> {
        Some(match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link(dest_url, start, diags)?,
                title,
                id,
            }),
            Event::End(TagEnd::Link) => {
                if self.dropped_links.pop().unwrap_or(false) {
                    return None;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.image(dest_url, &title, start, diags)?,
                title,
                id,
            }),
            Event::End(TagEnd::Image) => {
                if self.dropped_images.pop().unwrap_or(false) {
                    return None;
                }
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) if !self.links.html.trusted() && !attrs.is_empty() => {
                self.heading_attributes(&mut attrs, start, diags);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE => Event::Html(h),
            Event::Html(h) => {
                self.raw.any = true;
                self.raw.push(&h, start);
                Event::Html(h)
            }
            Event::InlineHtml(h) => {
                self.raw.any = true;
                self.raw.push(&h, start);
                self.raw
                    .flush(self.links.html, &mut self.at, self.file, diags);
                Event::InlineHtml(h)
            }
            Event::TaskListMarker(done) => task_marker(done, self.links.task_labels),
            other => other,
        })
    }

    /// A link's address as written out, or `None` for an address that could run code (the
    /// link is dropped, its text stays).
    fn link(
        &mut self,
        dest_url: CowStr<'a>,
        start: usize,
        diags: &mut Diagnostics,
    ) -> Option<CowStr<'a>> {
        let pos = self.at.pos(start);
        self.address(dest_url, pos, false, diags)
    }

    /// A link's or image's address: `None` (and named) when it could run code, else with
    /// `@/` links and site paths rewritten. Remembers which, for the tag's end.
    fn address(
        &mut self,
        dest_url: CowStr<'a>,
        pos: Pos,
        image: bool,
        diags: &mut Diagnostics,
    ) -> Option<CowStr<'a>> {
        let (dropped, what) = match image {
            true => (&mut self.dropped_images, "an image from"),
            false => (&mut self.dropped_links, "a link to"),
        };
        if let Some(scheme) = self.links.html.refuse_url(&dest_url, image) {
            diags.push(refused_address(self.file, pos, &scheme, what));
            dropped.push(true);
            return None;
        }
        dropped.push(false);
        let dest = self
            .links
            .rewrite(&dest_url, pos, self.file, &mut self.found, diags)
            .map(CowStr::from)
            .unwrap_or(dest_url);
        Some(dest)
    }

    /// An image's address as written out; `None` when the image is dropped (an address that
    /// could run code) or becomes a `<picture>` at its end.
    fn image(
        &mut self,
        dest_url: CowStr<'a>,
        title: &str,
        start: usize,
        diags: &mut Diagnostics,
    ) -> Option<CowStr<'a>> {
        let pos = self.at.pos(start);
        let dest = self.address(dest_url.clone(), pos, true, diags)?;
        if let Some(set) = self
            .links
            .images
            .and_then(|p| super::pictures::resized(p, &dest_url, self.file, pos, diags))
        {
            self.picture = Some((set, title.to_string(), String::new()));
            return None;
        }
        // An image kehila leaves as it is (SVG, another host) still fills the first screen.
        self.pictures += 1;
        Some(dest)
    }

    /// Drops heading attributes that could run code, naming them.
    fn heading_attributes(
        &mut self,
        attrs: &mut Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        start: usize,
        diags: &mut Diagnostics,
    ) {
        let before = attrs.len();
        let names: Vec<String> = attrs
            .iter()
            .filter(|(k, _)| !heading_attribute_kept(k))
            .map(|(k, _)| k.to_string())
            .collect();
        attrs.retain(|(k, _)| heading_attribute_kept(k));
        if attrs.len() < before {
            diags.push(
                Diagnostic::warning(format!(
                    "removed the heading attribute{} {} (attributes could run code in a reader's browser)",
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                ))
                .at(self.file, self.at.pos(start))
                .hint("headings keep {#id}, .class, lang, dir, title and data-… attributes; write the rest as text"),
            );
        }
    }
}

// pulldown-cmark's checkbox has no accessible name; give it one in the site's language.
fn task_marker<'a>(done: bool, (done_label, open_label): (&str, &str)) -> Event<'a> {
    let label = super::escape::escape(if done { done_label } else { open_label });
    let checked = if done { " checked" } else { "" };
    Event::InlineHtml(CowStr::from(format!(
        "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
    )))
}

/// The walked events → heading ids, the summary and the HTML (cleaned when the body has raw
/// HTML and `html:` is not trusted).
fn finish(
    body_len: usize,
    mut events: Vec<Event>,
    found: Rendered,
    raw: &RawHtml,
    html: &Sanitizer,
) -> Rendered {
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
    let (mut summary, summary_text) = summary_html(summary_events);

    let mut out = String::with_capacity(body_len * 3 / 2);
    html::push_html(
        &mut out,
        events
            .into_iter()
            .filter(|e| !matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.trim() == MORE)),
    );
    // Only a body with raw HTML goes through the sanitiser: Markdown's own output is escaped by
    // pulldown-cmark and its addresses were checked above, so most bodies skip the HTML parse.
    if raw.too_deep {
        return Rendered {
            id: found.id,
            ..Default::default()
        };
    }
    if raw.any && !html.trusted() {
        out = html.clean(&out);
        summary = html.clean(&summary);
    }
    Rendered {
        html: Html::new(&out),
        summary,
        summary_text,
        ids: all_ids,
        ..found
    }
}

/// Consecutive raw HTML of one body (a block's lines come one event each), looked at together
/// so a tag written over several lines is read whole.
#[derive(Default)]
struct RawHtml {
    /// Whether the body has any raw HTML at all.
    any: bool,
    /// Elements open so far, and whether that passed the limit.
    depth: usize,
    too_deep: bool,
    text: String,
    /// Where each piece starts: in `text`, and in the body.
    starts: Vec<(usize, usize)>,
}

impl RawHtml {
    /// The body position where line `line` (0-based) of the pending HTML starts.
    fn pos_of_line(&self, line: usize, at: &mut Positions) -> Pos {
        let in_text = if line == 0 {
            0
        } else {
            self.text
                .match_indices('\n')
                .nth(line - 1)
                .map(|(i, _)| i + 1)
                .unwrap_or(0)
        };
        let piece = self.starts.partition_point(|(t, _)| *t <= in_text) - 1;
        let (t, body_at) = self.starts[piece];
        at.pos(body_at + (in_text - t))
    }

    fn push(&mut self, h: &str, offset: usize) {
        self.starts.push((self.text.len(), offset));
        self.text.push_str(h);
    }

    /// Warns, line by line, about what the sanitiser will remove from the pending HTML.
    fn flush(
        &mut self,
        html: &Sanitizer,
        at: &mut Positions,
        file: &Path,
        diags: &mut Diagnostics,
    ) {
        if self.text.is_empty() {
            return;
        }
        let (found, deep) = html.dropped(&self.text, &mut self.depth);
        if let Some(line) = deep
            && !self.too_deep
        {
            self.too_deep = true;
            let pos = self.pos_of_line(line, at);
            diags.push(too_deep(file, pos));
        }
        let mut by_line: Vec<(usize, Vec<String>)> = Vec::new();
        for (line, what) in found {
            match by_line.last_mut() {
                Some((l, list)) if *l == line => {
                    if !list.contains(&what) {
                        list.push(what)
                    }
                }
                _ => by_line.push((line, vec![what])),
            }
        }
        for (line, what) in by_line {
            let pos = self.pos_of_line(line, at);
            let frame = what.iter().any(|w| w.contains("<iframe>"));
            diags.push(
                Diagnostic::warning(format!("removed from the HTML: {}", what.join("; ")))
                    .at(file, pos)
                    .hint(if frame {
                        "to keep frames from this site, add its host to `html: {allow_iframes_from: [...]}` in site.yaml"
                    } else {
                        "kehila publishes no code from content: scripts, on… attributes and javascript: addresses are removed (see `html:` in docs/content-format.md)"
                    }),
            );
        }
        self.text.clear();
        self.starts.clear();
    }
}

/// A link or image whose address would run code when clicked or loaded.
fn refused_address(file: &Path, pos: Pos, scheme: &str, what: &str) -> Diagnostic {
    let why = if ["javascript:", "vbscript:", "data:"].contains(&scheme) {
        "it would run code in a reader's browser"
    } else {
        "kehila publishes web, mail, phone and chat-app addresses only"
    };
    Diagnostic::warning(format!(
        "removed {what} a {scheme} address ({why}); its text is kept"
    ))
    .at(file, pos)
    .hint("link to a web page (https://…), a site path (/join/) or another file (@/posts/….md)")
}

/// Heading attributes written as `{key=value}` that cannot run code.
fn heading_attribute_kept(name: &str) -> bool {
    matches!(name, "lang" | "dir" | "title") || name.starts_with("data-")
}

/// Gives every heading an id: its `{#id}` if written, else one made from its text, unique in
/// the page.
fn assign_heading_ids(events: &mut [Event]) -> HashSet<String> {
    let mut used: HashSet<String> = HashSet::default();
    let mut next: HashMap<String, usize> = HashMap::default();
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
            // The next number to try for each base: many equal headings stay linear.
            let n = next.entry(base.clone()).or_insert(1);
            let mut id = base.clone();
            while used.contains(&id) {
                id = format!("{base}-{n}");
                *n += 1;
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
            Event::End(TagEnd::Heading(level)) => {
                text.push(' ');
                Some(Event::End(TagEnd::Heading(demote(level))))
            }
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
            // Every block ends a word: a summary before `<!-- more -->` may hold a heading, a
            // list or a table, whose words are not one.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => {
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
        let html = Sanitizer::new(&Default::default());
        let links = Links {
            urls: &urls,
            targets: &targets,
            drafts: &drafts,
            task_labels: ("done", "not done"),
            html: &html,
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
        let (r, _) = md("## Head\n\nfirst\n\n- a\n- b\n\n> q\n\n<!-- more -->\n\nrest\n");
        assert_eq!(r.summary_text, "Head first a b q");
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
