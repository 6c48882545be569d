//! Typed front matter per content kind: which keys each kind may have, and reading them into a
//! [`Document`] with positions. Values stay as written (dates are still text, references are
//! still slugs); the model stage parses and resolves them.

use std::path::{Path, PathBuf};

use super::front_matter::{Fields, Spanned, split};
use crate::diagnostics::{Diagnostics, Pos};

/// What a content file is, decided by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `content/index.md`: the home page's intro.
    Home,
    Page,
    Post,
    Topic,
    Cohort,
    Leader,
    Event,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home page",
            Kind::Page => "page",
            Kind::Post => "post",
            Kind::Topic => "topic",
            Kind::Cohort => "cohort",
            Kind::Leader => "leader",
            Kind::Event => "event",
        }
    }

    /// The keys a file of this kind may have; anything else is a typo to report.
    pub fn allowed_keys(self) -> &'static [&'static str] {
        // Every kind but the home intro also has: title (leaders: name), slug, draft, summary,
        // image, extra.
        match self {
            Kind::Home => &["title", "summary", "image", "extra"],
            Kind::Page => &[
                "title", "slug", "draft", "summary", "image", "extra", "order", "menu", "template",
                "aliases",
            ],
            Kind::Post => &[
                "title", "slug", "draft", "summary", "image", "extra", "date", "updated", "topics",
                "cohort", "author", "expires", "aliases", "kind", "company", "location", "remote",
                "apply",
            ],
            Kind::Topic => &[
                "title",
                "slug",
                "draft",
                "summary",
                "image",
                "extra",
                "description",
                "order",
            ],
            Kind::Cohort => &[
                "title", "slug", "draft", "summary", "image", "extra", "start", "end", "program",
                "location", "leaders", "channels",
            ],
            Kind::Leader => &[
                "name", "slug", "draft", "summary", "image", "extra", "role", "photo", "cohorts",
                "links", "email", "order", "focus",
            ],
            Kind::Event => &[
                "title",
                "slug",
                "draft",
                "summary",
                "image",
                "extra",
                "start",
                "end",
                "location",
                "online_url",
                "cohort",
                "topics",
                "rsvp",
                "aliases",
            ],
        }
    }
}

/// A `{kind, url, label}` channel as written.
#[derive(Debug, Clone)]
pub struct ChannelSrc {
    pub kind: Option<String>,
    pub url: Option<String>,
    pub label: Option<String>,
    pub pos: Pos,
}

/// One content file after its front matter was read.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    /// Relative to the hub root, e.g. `content/posts/2026-01-10-hello.md`.
    pub file: PathBuf,
    /// Relative to `content/`, with `/` separators: the key of `@/` links.
    pub content_path: String,
    /// The file name without extension.
    pub stem: String,
    pub title: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub draft: bool,
    pub summary: Option<String>,
    pub image: Option<Spanned<String>>,
    pub order: Option<i64>,
    pub menu: bool,
    /// A page's own template (e.g. `join.html`), instead of `page.html`.
    pub template: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub updated: Option<Spanned<String>>,
    pub expires: Option<Spanned<String>>,
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub topics: Vec<Spanned<String>>,
    pub cohort: Option<Spanned<String>>,
    pub cohorts: Vec<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub leaders: Vec<Spanned<String>>,
    pub description: Option<String>,
    pub program: Option<String>,
    pub location: Option<String>,
    pub online_url: Option<Spanned<String>>,
    pub role: Option<String>,
    pub photo: Option<Spanned<String>>,
    /// The point of `photo` its square crop keeps in view (`focus:`).
    pub focus: Option<super::focus::Focus>,
    pub email: Option<String>,
    pub links: Vec<(Option<String>, Option<String>, Pos)>,
    pub channels: Vec<ChannelSrc>,
    /// Old addresses of this page (`aliases:`), as written.
    pub aliases: Vec<Spanned<String>>,
    /// A post's `kind:` (`job` for a job offer).
    pub post_kind: Option<Spanned<String>>,
    pub company: Option<Spanned<String>>,
    pub remote: Option<bool>,
    pub apply: Option<Spanned<String>>,
    /// An event's registration link.
    pub rsvp: Option<Spanned<String>>,
    pub extra: serde_json::Value,
    /// Shared: the model and the caches of `serve` hold the same text, never copies.
    pub body: std::sync::Arc<str>,
    /// File line of the first body line, so Markdown problems can be positioned.
    pub body_line: usize,
    /// Position of the front-matter start, for problems with the file as a whole.
    pub start_pos: Pos,
}

/// Reads one content file's text into a document; `None` when its front matter is unusable
/// (the problems are in `diags`).
pub fn read(
    kind: Kind,
    file: &Path,
    content_path: &str,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let parts = match split(text) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d.at(file, Pos::new(1, 1)));
            return None;
        }
    };
    let mut f = Fields::parse(parts.yaml, parts.yaml_line, file, diags)?;
    f.deny_unknown(
        kind.allowed_keys(),
        &format!("the front matter of a {}", kind.name()),
        &format!("keys a {} can have", kind.name()),
    );
    let title_key = if kind == Kind::Leader {
        "name"
    } else {
        "title"
    };
    let channels = channels(&mut f);
    let links = links(&mut f);
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = Document {
        kind,
        file: file.to_path_buf(),
        content_path: content_path.to_string(),
        stem,
        title: f.string(title_key),
        slug: f.string("slug"),
        draft: f.bool("draft").unwrap_or(false),
        summary: f.string("summary").map(|s| s.value),
        image: f.string("image"),
        order: f.integer("order"),
        menu: f.bool("menu").unwrap_or(false),
        template: f.string("template"),
        date: f.string("date"),
        updated: f.string("updated"),
        expires: f.string("expires"),
        start: f.string("start"),
        end: f.string("end"),
        topics: f.string_list("topics"),
        cohort: f.string("cohort"),
        cohorts: f.string_list("cohorts"),
        author: f.string("author"),
        leaders: f.string_list("leaders"),
        description: f.string("description").map(|s| s.value),
        program: f.string("program").map(|s| s.value),
        location: f.string("location").map(|s| s.value),
        online_url: f.string("online_url"),
        role: f.string("role").map(|s| s.value),
        photo: f.string("photo"),
        focus: super::focus::read(&mut f),
        email: f.string("email").map(|s| s.value),
        links,
        channels,
        aliases: f.string_list("aliases"),
        post_kind: f.string("kind"),
        company: f.string("company"),
        remote: f.bool("remote"),
        apply: f.string("apply"),
        rsvp: f.string("rsvp"),
        extra: f.extra(),
        body: std::sync::Arc::from(parts.body),
        body_line: parts.body_line,
        start_pos: f.locator.start(),
    };
    Some(doc)
}

/// `channels:` — each item's `kind`, `url` and `label`, and where it is.
fn channels(f: &mut Fields) -> Vec<ChannelSrc> {
    f.map_list("channels", &["kind", "url", "label"])
        .into_iter()
        .map(|s| {
            let mut v = s.value.into_iter();
            ChannelSrc {
                kind: v.next().flatten(),
                url: v.next().flatten(),
                label: v.next().flatten(),
                pos: s.pos,
            }
        })
        .collect()
}

/// `links:` — each item's `label` and `url`, and where it is.
fn links(f: &mut Fields) -> Vec<(Option<String>, Option<String>, Pos)> {
    f.map_list("links", &["label", "url"])
        .into_iter()
        .map(|s| {
            let mut v = s.value.into_iter();
            (v.next().flatten(), v.next().flatten(), s.pos)
        })
        .collect()
}
