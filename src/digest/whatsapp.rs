//! The digest as WhatsApp messages: `*bold*` headings and titles, each link alone on its line
//! (WhatsApp previews it), right-to-left marks, cut into messages of at most [`LIMIT`].

use super::{Digest, Format, Item, ItemKind, rtl, split};

/// Characters per message: the WhatsApp Business Platform's limit for a text message (the
/// app itself takes longer ones but folds them behind "Read more").
pub const LIMIT: usize = 4096;

/// WhatsApp has no escape: a `*` inside a bold line would end the bold early, so it becomes
/// the look-alike `∗` there.
fn plain(s: &str) -> String {
    s.replace('*', "∗")
}

fn item(d: &Digest, i: &Item) -> String {
    let icon = match i.kind {
        ItemKind::Post => "📌",
        ItemKind::Job => "💼",
        ItemKind::Event => "📅",
    };
    let mut lines = vec![format!("{icon} *{}*", plain(&i.title))];
    if !i.details.is_empty() {
        lines.push(i.details.join(" · "));
    }
    if !i.summary.is_empty() {
        lines.push(i.summary.clone());
    }
    lines.push(d.link(&i.url, Format::Whatsapp));
    lines.join("\n")
}

/// The messages to paste, in order.
pub fn messages(d: &Digest) -> Vec<String> {
    let mut blocks = vec![format!("*{}*\n{}", plain(&d.heading), d.period)];
    if d.is_empty() {
        blocks.push(d.t("digest_empty", "Nothing new was posted in this period."));
    }
    for s in d.all_sections() {
        blocks.push(format!("*{}*", plain(&s.title)));
        blocks.extend(s.items.iter().map(|i| item(d, i)));
    }
    let mut footer = vec![
        d.t("digest_more_at", "Everything else is on the site:"),
        d.link(&d.home, Format::Whatsapp),
    ];
    for c in d
        .channels
        .iter()
        .filter(|c| c.kind != "whatsapp" && c.kind != "email")
    {
        footer.push(format!("{}:", c.label));
        footer.push(c.url.clone());
    }
    blocks.push(footer.join("\n"));
    let label = |n: usize, total: usize| {
        d.t("digest_part", "Part {n} of {total}")
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    };
    let rtl = d.dir == "rtl";
    let blocks: Vec<String> = if rtl {
        blocks.iter().map(|b| rtl::mark_lines(b)).collect()
    } else {
        blocks
    };
    split::messages(&blocks, LIMIT, &|n, t| {
        let l = label(n, t);
        if rtl { rtl::mark_lines(&l) } else { l }
    })
}
