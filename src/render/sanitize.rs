//! What post HTML may contain: ammonia removes scripts, event handlers, addresses that run code
//! and frames from hosts not allowed; a tokenizer pass over the author's raw HTML names what was
//! removed, so the author gets a warning at the line instead of a silently different page.

use std::borrow::Cow;
use std::cell::RefCell;

use ammonia::Builder;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::config::HtmlSettings;
use crate::load::limits::MAX_NESTING;

/// Frames kehila keeps without being told: video players that serve embeds on their own origin.
pub const DEFAULT_IFRAME_HOSTS: &[&str] = &[
    "www.youtube-nocookie.com",
    "www.youtube.com",
    "player.vimeo.com",
];

/// The hub's HTML policy, built once per render.
pub struct Sanitizer {
    trusted: bool,
    iframe_hosts: Vec<String>,
    builder: Builder<'static>,
    tags: Vec<&'static str>,
    drop_with_content: Vec<&'static str>,
    schemes: Vec<&'static str>,
}

impl std::fmt::Debug for Sanitizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sanitizer")
            .field("trusted", &self.trusted)
            .field("iframe_hosts", &self.iframe_hosts)
            .finish()
    }
}

/// Attributes kept on every element: pulldown-cmark's own output needs `id` (headings,
/// footnotes) and `class` (footnotes, code languages); none of them can run code.
const GENERIC: &[&str] = &["id", "class", "lang", "dir", "title", "aria-label", "role"];
const IFRAME_ATTRS: &[&str] = &[
    "src",
    "width",
    "height",
    "title",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
    "frameborder",
];

impl Sanitizer {
    pub fn new(settings: &HtmlSettings) -> Self {
        let mut iframe_hosts: Vec<String> =
            DEFAULT_IFRAME_HOSTS.iter().map(|h| h.to_string()).collect();
        for h in &settings.allow_iframes_from {
            if !iframe_hosts.contains(h) {
                iframe_hosts.push(h.clone());
            }
        }
        let mut builder = Builder::default();
        builder
            .link_rel(None)
            .add_generic_attributes(GENERIC)
            .add_tags(["iframe", "input", "picture", "source"])
            // kehila's own responsive pictures (render/pictures.rs) in a body that also has HTML
            .add_tag_attributes(
                "source",
                ["type", "srcset", "sizes", "media", "width", "height"],
            )
            .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
            .add_tag_attributes("iframe", IFRAME_ATTRS)
            .add_tag_attributes("input", ["checked", "disabled"])
            .add_tag_attributes("details", ["open"])
            .add_tag_attribute_values("input", "type", ["checkbox"])
            // pulldown-cmark aligns table columns with `style="text-align: …"`.
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(["text-align"].into_iter().collect())
            // Chat apps' own links: a hub links to its groups.
            .add_url_schemes([
                "data", "whatsapp", "tg", "viber", "signal", "zoommtg", "msteams",
            ]);
        let hosts = iframe_hosts.clone();
        builder.attribute_filter(move |element, attribute, value| {
            if is_url_attribute(element, attribute) && !url_allowed(element, value, &hosts) {
                return None;
            }
            // each candidate of a srcset is an address too
            if attribute == "srcset"
                && value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .any(|u| !matches!(scheme_of(u).as_deref(), None | Some("http" | "https")))
            {
                return None;
            }
            Some(Cow::Borrowed(value))
        });
        let tags = builder.clone_tags().into_iter().collect();
        let drop_with_content = builder.clone_clean_content_tags().into_iter().collect();
        let schemes = builder
            .clone_url_schemes()
            .into_iter()
            .filter(|s| *s != "data")
            .collect();
        Sanitizer {
            trusted: settings.trusted,
            iframe_hosts,
            builder,
            tags,
            drop_with_content,
            schemes,
        }
    }

    /// Authors are trusted (`html: trusted`): HTML is published as written.
    pub fn trusted(&self) -> bool {
        self.trusted
    }

    /// A key for caches of rendered bodies.
    pub fn key(&self) -> (bool, &[String]) {
        (self.trusted, &self.iframe_hosts)
    }

    /// The HTML of a body whose Markdown carried raw HTML, made safe.
    pub fn clean(&self, html: &str) -> String {
        if self.trusted {
            return html.to_string();
        }
        self.builder.clean(html).to_string()
    }

    /// Why a Markdown link or image address may not be published (`None`: it may).
    pub fn refuse_url(&self, url: &str, image: bool) -> Option<String> {
        if self.trusted {
            return None;
        }
        let scheme = scheme_of(url)?;
        if scheme == "data" && image && is_data_image(url) {
            return None;
        }
        if self.schemes.iter().any(|s| *s == scheme) {
            return None;
        }
        Some(format!("{scheme}:"))
    }

    /// What the sanitiser removes from one piece of raw HTML, as `(line within the piece,
    /// description)` with lines counted from 0. `depth` carries the number of open elements
    /// from piece to piece; the line where it first passes [`MAX_NESTING`] is returned too,
    /// since the HTML parser's work grows with the square of the nesting.
    pub fn dropped(&self, raw: &str, depth: &mut usize) -> (Vec<(usize, String)>, Option<usize>) {
        let sink = Finder {
            policy: self,
            found: RefCell::new(Vec::new()),
            depth: std::cell::Cell::new(*depth),
            too_deep: std::cell::Cell::new(None),
        };
        let tok = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(html5ever::tendril::StrTendril::from_slice(raw));
        let _ = tok.feed(&input);
        tok.end();
        *depth = tok.sink.depth.get();
        let found = if self.trusted {
            Vec::new()
        } else {
            tok.sink.found.into_inner()
        };
        (found, tok.sink.too_deep.get())
    }

    fn describe(&self, tag: &html5ever::tokenizer::Tag, out: &mut Vec<String>) {
        let name = &*tag.name;
        if self.drop_with_content.contains(&name) {
            out.push(format!("the <{name}> element with its content"));
            return;
        }
        if !self.tags.contains(&name) {
            out.push(format!("the <{name}> tag (its text is kept)"));
            return;
        }
        for a in &tag.attrs {
            let attr = &*a.name.local;
            let value = &*a.value;
            if attr.to_ascii_lowercase().starts_with("on") {
                out.push(format!("the {attr} attribute of <{name}>"));
            } else if is_url_attribute(name, attr) {
                if name == "iframe" && attr == "src" {
                    if !url_allowed(name, value, &self.iframe_hosts) {
                        let host = host_of(value).unwrap_or("an unknown site");
                        out.push(format!("the address of an <iframe> from {host}"));
                    }
                } else if let Some(s) = scheme_of(value)
                    && !(self.schemes.iter().any(|x| *x == s)
                        || (s == "data" && name == "img" && is_data_image(value)))
                {
                    out.push(format!("a {s}: address in the {attr} of <{name}>"));
                }
            } else if !self.attribute_kept(name, attr, value) {
                out.push(format!("the {attr} attribute of <{name}>"));
            }
        }
    }

    fn attribute_kept(&self, tag: &str, attr: &str, value: &str) -> bool {
        if GENERIC.contains(&attr) || ["lang", "title"].contains(&attr) {
            return true;
        }
        if tag == "input" {
            return attr == "checked"
                || attr == "disabled"
                || (attr == "type" && value.eq_ignore_ascii_case("checkbox"));
        }
        if tag == "iframe" {
            return IFRAME_ATTRS.contains(&attr);
        }
        if tag == "details" && attr == "open" {
            return true;
        }
        if (tag == "th" || tag == "td") && attr == "style" {
            return true;
        }
        let builder_attrs = self.builder.clone_tag_attributes();
        builder_attrs.get(tag).is_some_and(|s| s.contains(attr))
    }
}

struct Finder<'a> {
    policy: &'a Sanitizer,
    found: RefCell<Vec<(usize, String)>>,
    depth: std::cell::Cell<usize>,
    too_deep: std::cell::Cell<Option<usize>>,
}

/// Elements that hold nothing, or that the next of their kind closes (`<p>`, `<li>`, `<td>`
/// are often left open): they do not add to the nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
    "rtc", "rp", "thead", "tbody", "tfoot", "colgroup", "caption",
];

impl TokenSink for Finder<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let line = (line as usize).saturating_sub(1);
        if let Token::TagToken(tag) = token {
            let nests = !tag.self_closing && !NOT_NESTING.contains(&&*tag.name);
            match tag.kind {
                TagKind::StartTag => {
                    if nests {
                        self.depth.set(self.depth.get() + 1);
                        if self.depth.get() > MAX_NESTING && self.too_deep.get().is_none() {
                            self.too_deep.set(Some(line));
                        }
                    }
                    if !self.policy.trusted {
                        let mut what = Vec::new();
                        self.policy.describe(&tag, &mut what);
                        self.found
                            .borrow_mut()
                            .extend(what.into_iter().map(|w| (line, w)));
                    }
                }
                TagKind::EndTag if nests => self.depth.set(self.depth.get().saturating_sub(1)),
                TagKind::EndTag => {}
            }
        }
        TokenSinkResult::Continue
    }
}

fn is_url_attribute(element: &str, attr: &str) -> bool {
    matches!(
        attr,
        "href" | "src" | "xlink:href" | "action" | "formaction" | "poster" | "ping"
    ) || (element == "object" && attr == "data")
}

/// A URL-valued attribute that passed ammonia's scheme list may still be refused here: `data:`
/// only for images, frames only from the allowed hosts over https.
fn url_allowed(element: &str, value: &str, iframe_hosts: &[String]) -> bool {
    if element == "iframe" {
        return value.trim().to_ascii_lowercase().starts_with("https://")
            && host_of(value)
                .is_some_and(|h| iframe_hosts.iter().any(|x| x.eq_ignore_ascii_case(h)));
    }
    match scheme_of(value) {
        Some(s) if s == "data" => element == "img" && is_data_image(value),
        _ => true,
    }
}

/// The scheme of a URL as a browser reads it (case, tabs, newlines and leading spaces ignored),
/// or `None` for a relative address.
fn scheme_of(url: &str) -> Option<String> {
    // No `:`, no scheme (most links are site paths): skip copying the first 64 characters.
    if !url.contains(':') {
        return None;
    }
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

fn is_data_image(url: &str) -> bool {
    let lower: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("data:image/")
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("//")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe() -> Sanitizer {
        Sanitizer::new(&HtmlSettings {
            trusted: false,
            allow_iframes_from: vec!["embed.example.org".into()],
        })
    }

    #[test]
    fn responsive_pictures_are_kept_and_srcset_holds_only_web_addresses() {
        let s = Sanitizer::new(&HtmlSettings::default());
        let pic = "<picture><source type=\"image/webp\" srcset=\"/a-480.webp 480w, https://x.org/b.webp 960w\" sizes=\"100vw\"><img src=\"/a.jpg\" srcset=\"/a-480.jpg 480w\" sizes=\"100vw\" width=\"4\" height=\"3\" alt=\"a\" loading=\"lazy\" decoding=\"async\"></picture>";
        let out = s.clean(pic);
        for kept in [
            "<picture>",
            "<source",
            "srcset=\"/a-480.webp 480w",
            "loading=\"lazy\"",
            "decoding=\"async\"",
        ] {
            assert!(out.contains(kept), "{kept} missing in {out}");
        }
        let out = s.clean("<img src=\"/a.jpg\" srcset=\"/a.jpg 1x, javascript:alert(1) 2x\">");
        assert!(!out.contains("srcset"), "{out}");
    }

    #[test]
    fn removes_what_runs_code_and_keeps_what_markdown_makes() {
        let s = safe();
        let out = s.clean(
            "<h2 id=\"a\">T</h2><script>alert(1)</script><img src=x onerror=alert(1)>\
             <a href=\"javascript:alert(1)\">j</a><a href=\"/hub/x/\" title=\"t\">ok</a>\
             <img src=\"data:image/png;base64,AAAA\" alt=\"dot\"><a href=\"data:text/html,x\">d</a>\
             <td style=\"text-align: center\">c</td><sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>",
        );
        assert!(
            !out.contains("script") && !out.contains("onerror") && !out.contains("javascript"),
            "{out}"
        );
        assert!(out.contains("<h2 id=\"a\">"), "{out}");
        assert!(out.contains("href=\"/hub/x/\""), "{out}");
        assert!(out.contains("src=\"data:image/png;base64,AAAA\""), "{out}");
        assert!(!out.contains("data:text/html"), "{out}");
        assert!(out.contains("class=\"footnote-reference\""), "{out}");
    }

    #[test]
    fn frames_only_from_allowed_hosts() {
        let s = safe();
        let out = s.clean(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\
             <iframe src=\"https://embed.example.org/v\"></iframe>\
             <iframe src=\"https://evil.example.com/\" srcdoc=\"<script>alert(1)</script>\"></iframe>",
        );
        assert!(out.contains("youtube-nocookie.com/embed/x"), "{out}");
        assert!(out.contains("embed.example.org/v"), "{out}");
        assert!(!out.contains("evil") && !out.contains("srcdoc"), "{out}");
    }

    #[test]
    fn names_what_it_drops() {
        let s = safe();
        let (d, deep) = s.dropped(
            "<p onclick=\"x()\">a</p>\n<script>x</script><a href=\" JaVa\tScript:x\">y</a>",
            &mut 0,
        );
        assert_eq!(deep, None);
        let text: Vec<String> = d.iter().map(|(l, w)| format!("{l}:{w}")).collect();
        assert_eq!(
            text,
            [
                "0:the onclick attribute of <p>",
                "1:the <script> element with its content",
                "1:a javascript: address in the href of <a>",
            ]
        );
        assert!(
            s.dropped("<p class=\"x\">fine <em>text</em></p>", &mut 0)
                .0
                .is_empty()
        );
        let mut depth = 0;
        let (_, deep) = s.dropped(&"<p><li><div>".repeat(60), &mut depth);
        assert_eq!((deep, depth), (None, 60));
        let (_, deep) = s.dropped("\n<div>".repeat(60).as_str(), &mut depth);
        assert_eq!(deep, Some(41));
    }

    #[test]
    fn markdown_addresses() {
        let s = safe();
        assert_eq!(
            s.refuse_url("javascript:alert(1)", false).as_deref(),
            Some("javascript:")
        );
        assert_eq!(
            s.refuse_url(" VBScript:x", false).as_deref(),
            Some("vbscript:")
        );
        assert_eq!(
            s.refuse_url("data:text/html,x", false).as_deref(),
            Some("data:")
        );
        assert_eq!(s.refuse_url("data:image/png;base64,AA", true), None);
        assert_eq!(
            s.refuse_url("data:image/png;base64,AA", false).as_deref(),
            Some("data:")
        );
        assert_eq!(s.refuse_url("https://e.org/a:b", false), None);
        assert_eq!(s.refuse_url("/join/", false), None);
        assert_eq!(s.refuse_url("mailto:a@b.org", false), None);
        assert_eq!(s.refuse_url("#top", false), None);
        assert_eq!(s.refuse_url("tg://resolve?domain=x", false), None);
        assert_eq!(s.refuse_url("whatsapp://send?text=hi", false), None);
        assert_eq!(
            s.refuse_url("file:///etc/passwd", false).as_deref(),
            Some("file:")
        );
    }
}
