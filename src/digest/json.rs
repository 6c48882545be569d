//! `/digest/latest.json`: the latest digest for automations (Zapier, n8n, a bot) — its items
//! and every format ready to send. The shape is documented in docs/digest.md.

use serde_json::{Value, json};

use super::{Digest, Format, Item, Section, email, telegram, text, whatsapp};

fn item(d: &Digest, i: &Item) -> Value {
    json!({
        "kind": i.kind.as_str(),
        "title": i.title,
        "summary": i.summary,
        "url": d.link(&i.url, Format::Text),
        "date": i.date,
        "details": i.details,
        "image": i.image,
    })
}

fn section(d: &Digest, s: &Section) -> Value {
    json!({
        "title": s.title,
        "url": s.url,
        "items": s.items.iter().map(|i| item(d, i)).collect::<Vec<_>>(),
    })
}

pub fn json(d: &Digest) -> Value {
    json!({
        "version": 1,
        "title": d.heading,
        "site": d.site_title,
        "home": d.home,
        "language": d.lang,
        "dir": d.dir,
        "period": d.period,
        "since": d.since,
        "until": d.until,
        "sections": d.sections.iter().map(|s| section(d, s)).collect::<Vec<_>>(),
        "events": section(d, &d.events),
        "channels": d.channels,
        "formats": {
            "whatsapp": whatsapp::messages(d),
            "telegram": telegram::messages(d),
            "text": text::text(d, Format::Text),
            "email_html": email::html(d),
        },
    })
}

/// The file's bytes.
pub fn bytes(d: &Digest) -> Vec<u8> {
    // as in feed.json: a title holding `<script>` stays text for a tool that pastes it
    let mut v = crate::render::json_string::without_tags(
        serde_json::to_vec_pretty(&json(d)).unwrap_or_default(),
    );
    v.push(b'\n');
    v
}
