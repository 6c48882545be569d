//! What the search index holds: one [`Doc`] per listed page (posts that are not expired,
//! plain pages, topics, cohorts, leaders, events), its fields as plain text and its terms.
//! Roster members are never read here: a cohort is indexed by its own text only.

use std::sync::Arc;

use super::lexicon::Lexicon;
use crate::hashing::HashMap;
use crate::model::{Entry, Site, When};
use crate::render::markdown::Rendered;
use crate::render::views::{Bodies, summary_text};

/// The term is in the title.
pub const IN_TITLE: u8 = 1;
/// The term is in the summary or text (so the page's excerpt text holds it).
pub const IN_TEXT: u8 = 2;
/// The term is in the topics, cohort, description, programme, role or place: ranked as text,
/// but not in the excerpt text, so the page does not fetch that text to find it.
pub const IN_FIELDS: u8 = 4;

/// Characters of plain text kept with each result, enough for an excerpt when a match is
/// near the start (the common case); for a match further on, the search page reads the
/// result's own page, so the index keeps no second copy of the site's text.
pub const EXCERPT_CHARS: usize = 600;

/// One searchable page.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// ISO date and the date as the hub's language writes it.
    pub date: Option<(String, String)>,
    /// For ordering: dated pages by time, then undated ones.
    pub time: Option<i64>,
    /// The start of the summary and text, for the excerpt.
    pub excerpt: String,
    /// The page's text goes on past [`Doc::excerpt`]: for a match further on, the search page
    /// reads the text from the page itself.
    pub more: bool,
    /// Every term as its number in the index's [`Lexicon`], with its [`IN_TITLE`] /
    /// [`IN_TEXT`] / [`IN_FIELDS`] flags, each once, as one number ([`pack`](super::lexicon::pack)).
    pub terms: Vec<u32>,
}

/// The elements whose start and end become a space in a page's text: those of `BLOCK` in
/// `search.js`, which reads a page's text the same way for an excerpt past the index's. Other
/// tags join the text around them, as a reader sees it: `ל<a>מחזור</a>` is `למחזור`.
///
/// By the first three letters of the name (lower-cased, zero past its end): whole names up to
/// three letters, and prefixes no other element of HTML starts with for the longer ones.
const BLOCKS: [u32; 27] = [
    name(b"add"),
    name(b"art"),
    name(b"asi"),
    name(b"blo"),
    name(b"br"),
    name(b"dd"),
    name(b"div"),
    name(b"dl"),
    name(b"dt"),
    name(b"fig"),
    name(b"h1"),
    name(b"h2"),
    name(b"h3"),
    name(b"h4"),
    name(b"h5"),
    name(b"h6"),
    name(b"hr"),
    name(b"li"),
    name(b"ol"),
    name(b"p"),
    name(b"pre"),
    name(b"sec"),
    name(b"tab"),
    name(b"td"),
    name(b"th"),
    name(b"tr"),
    name(b"ul"),
];

const fn name(b: &[u8]) -> u32 {
    let mut key = 0;
    let mut k = 0;
    while k < b.len() {
        key |= (b[k] as u32) << (8 * k);
        k += 1;
    }
    key
}

/// Whether the tag whose text (between `<` and `>`) is `tag` opens or closes a block.
fn is_block(tag: &[u8]) -> bool {
    let tag = &tag[usize::from(tag.first() == Some(&b'/'))..];
    let mut key = 0;
    for (k, &b) in tag.iter().take(3).enumerate() {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        key |= u32::from(b.to_ascii_lowercase()) << (8 * k);
    }
    BLOCKS.contains(&key)
}

/// The text of rendered HTML: tags dropped (a block's start and end become spaces), the
/// entities the Markdown renderer writes decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let bytes = html.as_bytes();
    let mut i = 0;
    // One pass for both: this is a scan of every byte of the site's HTML.
    while let Some(k) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
        let at = i + k;
        out.push_str(&html[i..at]);
        if bytes[at] == b'<' {
            let Some(gt) = memchr::memchr(b'>', &bytes[at..]) else {
                return out;
            };
            if is_block(&bytes[at + 1..at + gt]) {
                out.push(' ');
            }
            i = at + gt + 1;
        } else {
            let tail = &html[at..];
            let (ch, len) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#39;", '\''),
                ("&nbsp;", ' '),
            ]
            .iter()
            .find(|(e, _)| tail.starts_with(e))
            .map(|(e, c)| (*c, e.len()))
            .unwrap_or(('&', 1));
            out.push(ch);
            i = at + len;
        }
    }
    out.push_str(&html[i..]);
    out
}

/// For each byte that starts a character: 0 for ASCII whitespace, [`DECODE`] for the first
/// bytes of the non-ASCII characters that may be whitespace (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000), else the character's length in UTF-8. A Hebrew letter is then one
/// step, not a decode and a Unicode table lookup (this runs over the start of every page).
const SPACE_STEP: [u8; 256] = {
    let mut t = [1; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'\t'..=b'\r' | b' ' => 0,
            0xC2 | 0xE1..=0xE3 => DECODE,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
        b += 1;
    }
    t
};

const DECODE: u8 = 5;

/// Whether the character at byte `i` of `text` is whitespace as Rust sees it, and its length.
#[inline(always)]
fn space_at(text: &str, i: usize) -> (bool, usize) {
    match SPACE_STEP[usize::from(text.as_bytes()[i])] {
        0 => (true, 1),
        DECODE => text[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        len => (false, usize::from(len)),
    }
}

/// The first `max` characters of `text` with its whitespace runs as one space (none at the
/// start), and whether the text goes on past them.
fn excerpt(text: &str, max: usize) -> (String, bool) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len().min(max * 2));
    let mut n = 0;
    let mut i = 0;
    loop {
        while i < bytes.len() {
            let (space, len) = space_at(text, i);
            if !space {
                break;
            }
            i += len;
        }
        if i == bytes.len() {
            return (out, false);
        }
        if n >= max {
            return (out, true);
        }
        if !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        let start = i;
        while i < bytes.len() && n < max {
            let (space, len) = space_at(text, i);
            if space {
                break;
            }
            i += len;
            n += 1;
        }
        out.push_str(&text[start..i]);
    }
}

/// What one page contributes: its title and its other texts (summary first).
struct Source<'a> {
    entry: &'a Entry,
    body: &'a Rendered,
    kind: &'static str,
    when: Option<&'a When>,
    extra: Vec<String>,
}

fn doc(site: &Site, s: Source, lex: &mut Lexicon) -> Doc {
    let lang = site.config.lang_primary();
    let tz = &site.config.timezone;
    let body = html_text(&s.body.html);
    lex.page();
    lex.add_text(&s.entry.title, IN_TITLE);
    // A summary the author wrote is text of its own; one taken from the body (its first
    // paragraph, or what comes before `<!-- more -->`) has no word the body lacks, but for an
    // image's alt text, which the index reads nowhere else either.
    let summary = s
        .entry
        .summary
        .as_ref()
        .and_then(|_| summary_text(s.entry, s.body));
    lex.add_text(summary.as_deref().unwrap_or_default(), IN_TEXT);
    lex.add_text(&body, IN_TEXT);
    for e in &s.extra {
        lex.add_text(e, IN_FIELDS);
    }
    // A form can come from several words (בוגרים, הבוגרים): one term with all their flags.
    let terms = lex.page_terms();
    // The excerpt starts with the author's summary, if any, then the body.
    let start = match summary {
        Some(summary) => format!("{summary} {body}"),
        None => body,
    };
    let (excerpt, more) = self::excerpt(&start, EXCERPT_CHARS);
    Doc {
        url: s.entry.url.clone(),
        title: s.entry.title.clone(),
        kind: s.kind,
        date: s.when.map(|w| (w.iso(), w.human(&lang))),
        time: s.when.map(|w| w.timestamp(tz).as_second()),
        excerpt,
        more,
        terms,
    }
}

/// Every listed page of the site as a [`Doc`] with the key of what it is made of, in index
/// order: undated pages (plain pages, topics, cohorts, leaders) first, then posts and events
/// oldest first, so that a new post takes the last place and leaves every other page's number
/// as it was. With `kept` (serve's last run), a page whose key is there is not read again;
/// its terms are numbers of the same `lex`.
pub fn docs(
    site: &Site,
    bodies: &Bodies,
    kept: Option<&HashMap<u64, Arc<Doc>>>,
    lex: &mut Lexicon,
) -> Vec<(u64, Arc<Doc>)> {
    fn names(idx: &[usize], of: &dyn Fn(usize) -> String) -> Vec<String> {
        idx.iter().map(|&i| of(i)).collect()
    }
    let topic = |i: usize| site.topics[i].entry.title.clone();
    let cohort = |i: usize| site.cohorts[i].entry.title.clone();
    let mut jobs: Vec<(Source, Vec<String>)> = Vec::new();
    for (p, b) in site.pages.iter().zip(&bodies.pages) {
        if !p.entry.draft {
            jobs.push((source(&p.entry, b, "page", None), Vec::new()));
        }
    }
    for (t, b) in site.topics.iter().zip(&bodies.topics) {
        let extra = t.description.iter().cloned().collect();
        jobs.push((source(&t.entry, b, "topic", None), extra));
    }
    for (c, b) in site.cohorts.iter().zip(&bodies.cohorts) {
        let extra = [&c.program, &c.location].into_iter().flatten().cloned();
        jobs.push((source(&c.entry, b, "cohort", None), extra.collect()));
    }
    for (l, b) in site.leaders.iter().zip(&bodies.leaders) {
        let mut extra: Vec<String> = l.role.iter().cloned().collect();
        extra.extend(names(&l.cohorts, &cohort));
        jobs.push((source(&l.entry, b, "leader", None), extra));
    }
    let mut dated: Vec<(i64, Source, Vec<String>)> = Vec::new();
    let tz = &site.config.timezone;
    for (p, b) in site.posts.iter().zip(&bodies.posts) {
        if p.expired || p.entry.draft {
            continue;
        }
        let mut extra = names(&p.topics, &topic);
        extra.extend(names(p.cohort.as_slice(), &cohort));
        let s = source(&p.entry, b, "post", Some(&p.date));
        dated.push((p.time.as_second(), s, extra));
    }
    for (e, b) in site.events.iter().zip(&bodies.events) {
        let mut extra = names(&e.topics, &topic);
        extra.extend(names(e.cohort.as_slice(), &cohort));
        extra.extend(e.location.iter().cloned());
        let s = source(&e.entry, b, "event", Some(&e.start));
        dated.push((e.start.timestamp(tz).as_second(), s, extra));
    }
    dated.sort_by(|a, b| (a.0, &a.1.entry.url).cmp(&(b.0, &b.1.entry.url)));
    jobs.extend(dated.into_iter().map(|(_, s, x)| (s, x)));
    let settings = kept.map(|_| format!("{:?}{:?}", site.config.language, site.config.timezone));
    // One page after another: the pages share one numbering of their terms. A build makes
    // the index on a thread of its own beside the pages (see super::start).
    let mut one = |(mut s, extra): (Source, Vec<String>)| {
        s.extra = extra;
        let Some(kept) = kept else {
            return (0, Arc::new(doc(site, s, lex)));
        };
        let key = key(&s, settings.as_deref().unwrap_or_default());
        match kept.get(&key) {
            Some(d) => (key, Arc::clone(d)),
            None => (key, Arc::new(doc(site, s, lex))),
        }
    };
    jobs.into_iter().map(&mut one).collect()
}

/// A key of everything a page's [`Doc`] is made of (a rendered body by its id).
fn key(s: &Source, settings: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hashing::key_hasher();
    let e = s.entry;
    (
        settings, s.kind, &e.url, &e.title, &e.summary, s.body.id, &s.extra,
    )
        .hash(&mut h);
    s.when.map(|w| w.iso()).hash(&mut h);
    h.finish()
}

fn source<'a>(
    entry: &'a Entry,
    body: &'a Arc<Rendered>,
    kind: &'static str,
    when: Option<&'a When>,
) -> Source<'a> {
    // `extra` is filled in by the caller.
    Source {
        entry,
        body,
        kind,
        when,
        extra: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`excerpt`] replaced: `squeeze` to one character past `max` with std's
    /// `split_whitespace`, then cut back.
    fn excerpt_by_chars(text: &str, max: usize) -> (String, bool) {
        let mut out = String::new();
        let mut n = 0;
        for w in text.split_whitespace() {
            if n > max {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
                n += 1;
            }
            for c in w.chars().take(max + 1 - n.min(max + 1)) {
                out.push(c);
                n += 1;
            }
        }
        let more = out.chars().count() > max;
        if let Some((at, _)) = out.char_indices().nth(max).filter(|_| more) {
            out.truncate(at);
        }
        (out, more)
    }

    #[test]
    fn excerpts_as_std_splits_whitespace() {
        let alphabet = [
            "a",
            "ב",
            "ם",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "\u{3000}",
            "\u{1680}",
            "\u{2028}",
            "\u{200b}",
            "é",
            "\u{e9}\u{301}",
            "€",
            "😀",
            "\u{1c}",
            "\u{c2a0}",
            "x\u{e1}",
        ];
        for text in crate::render::search::test_texts::random(&alphabet, 4000, 24) {
            for max in [0, 1, 2, 3, 5, 8, 13] {
                assert_eq!(
                    excerpt(&text, max),
                    excerpt_by_chars(&text, max),
                    "{text:?} {max}"
                );
            }
        }
    }

    #[test]
    fn blocks_are_search_js_blocks() {
        // The list search.js reads a page's text by, so that the two cannot drift apart.
        let js = include_str!("../../../themes/default/static/search.js");
        let list = js
            .split_once("var BLOCK = /^(")
            .and_then(|(_, rest)| rest.split_once(")$/"))
            .expect("search.js has its BLOCK list")
            .0;
        let blocks: Vec<String> = list
            .split('|')
            .flat_map(|name| match name {
                "H[1-6]" => (1..=6).map(|k| format!("h{k}")).collect(),
                name => vec![name.to_ascii_lowercase()],
            })
            .collect();
        assert_eq!(blocks.len(), 28, "{blocks:?}");
        let inline = [
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "img",
            "input", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
            "sup", "tbody", "thead", "tfoot", "time", "u", "var", "wbr", "picture", "source",
        ];
        for b in &blocks {
            for tag in [
                b.to_string(),
                format!("/{b}"),
                format!("{} class=\"x\"", b.to_uppercase()),
                format!("{b} /"),
            ] {
                assert!(is_block(tag.as_bytes()), "{tag}");
            }
        }
        for i in inline {
            for tag in [i.to_string(), format!("/{i}"), format!("{i} href=\"/p/\"")] {
                assert!(!is_block(tag.as_bytes()), "{tag}");
            }
        }
        assert!(!is_block(b"!-- x --"));
    }

    #[test]
    fn html_to_text() {
        assert_eq!(
            excerpt(&html_text("<p>a &amp; b</p><p>c&lt;d</p>"), 100),
            ("a & b c<d".to_string(), false)
        );
        // Inline elements join the text around them, as on the page; blocks and line breaks
        // part it (as search.js reads a page).
        assert_eq!(
            excerpt(&html_text("<p>ל<a href=\"/c/\">מחזור</a>, <strong>x</strong>.<br />y</p><ul><li>a</li><li>b</li></ul><H2>c</H2>"), 100).0,
            "למחזור, x. y a b c"
        );
        assert_eq!(
            excerpt(" אחת \u{a0}\u{2003} שתיים שלוש", 9),
            ("אחת שתיים".to_string(), true)
        );
        // The space before a word that does not fit counts; trailing spaces are not "more".
        assert_eq!(excerpt("ab cd", 3), ("ab ".to_string(), true));
        assert_eq!(excerpt("ab cd \n", 5), ("ab cd".to_string(), false));
        assert_eq!(
            excerpt("ab\u{85}cd\u{3000}é", 9),
            ("ab cd é".to_string(), false)
        );
    }
}
