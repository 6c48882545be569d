//! The digest as Telegram messages in MarkdownV2: every reserved character escaped as the Bot
//! API asks, links as `[address](address)` on their own lines, right-to-left marks, cut into
//! messages of at most [`LIMIT`].

use super::{Digest, Format, Item, ItemKind, rtl, split};

/// Characters per message (Bot API `sendMessage`: 1–4096 after entities are parsed; the
/// escaped source is counted, which is never shorter).
pub const LIMIT: usize = 4096;

/// The characters MarkdownV2 reserves in ordinary text.
pub const RESERVED: &[char] = &[
    '_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!',
];

/// Text outside any entity: `\` and every reserved character get a `\` in front.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\\' || RESERVED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `(…)` part of an inline link: only `)` and `\` are escaped there.
pub fn escape_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c == ')' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn link(url: &str) -> String {
    format!("[{}]({})", escape(url), escape_url(url))
}

fn item(d: &Digest, i: &Item) -> String {
    let icon = match i.kind {
        ItemKind::Post => "📌",
        ItemKind::Job => "💼",
        ItemKind::Event => "📅",
    };
    let mut lines = vec![format!("{icon} *{}*", escape(&i.title))];
    if !i.details.is_empty() {
        lines.push(escape(&i.details.join(" · ")));
    }
    if !i.summary.is_empty() {
        lines.push(escape(&i.summary));
    }
    lines.push(link(&d.link(&i.url, Format::Telegram)));
    lines.join("\n")
}

/// The messages to send (with `parse_mode: MarkdownV2`), in order.
pub fn messages(d: &Digest) -> Vec<String> {
    let mut blocks = vec![format!("*{}*\n{}", escape(&d.heading), escape(&d.period))];
    if d.is_empty() {
        blocks.push(escape(
            &d.t("digest_empty", "Nothing new was posted in this period."),
        ));
    }
    for s in d.all_sections() {
        blocks.push(format!("*{}*", escape(&s.title)));
        blocks.extend(s.items.iter().map(|i| item(d, i)));
    }
    let mut footer = vec![
        escape(&d.t("digest_more_at", "Everything else is on the site:")),
        link(&d.link(&d.home, Format::Telegram)),
    ];
    for c in d
        .channels
        .iter()
        .filter(|c| c.kind != "telegram" && c.kind != "email")
    {
        footer.push(format!("{}:", escape(&c.label)));
        footer.push(link(&c.url));
    }
    blocks.push(footer.join("\n"));
    let rtl = d.dir == "rtl";
    let blocks: Vec<String> = if rtl {
        blocks.iter().map(|b| rtl::mark_lines(b)).collect()
    } else {
        blocks
    };
    split::messages(&blocks, LIMIT, &|n, total| {
        let l = escape(
            &d.t("digest_part", "Part {n} of {total}")
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string()),
        );
        if rtl { rtl::mark_lines(&l) } else { l }
    })
}
