//! `channels:` in site.yaml (and in cohorts): the kinds of channel and the checks of each one.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use crate::load::front_matter::Fields;

/// Kinds of channel a hub or cohort may link to; the theme draws a button for each.
pub const CHANNEL_KINDS: &[&str] = &[
    "whatsapp", "telegram", "email", "facebook", "linkedin", "link",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Channel {
    pub kind: String,
    pub url: String,
    pub label: String,
}

/// Channels from a list of `{kind, url, label}`: shared by site.yaml and cohorts.
pub fn check_channel(
    kind: Option<String>,
    url: Option<String>,
    label: Option<String>,
    pos: Pos,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Channel> {
    let kind = kind.unwrap_or_else(|| "link".into());
    if !CHANNEL_KINDS.contains(&kind.as_str()) {
        diags.push(
            Diagnostic::error(format!("unknown channel kind \"{kind}\""))
                .at(file, pos)
                .hint(suggestion_hint(&kind, "kinds", CHANNEL_KINDS)),
        );
        return None;
    }
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        diags.push(
            Diagnostic::error("a channel has no \"url\"")
                .at(file, pos)
                .hint("write it like `- {kind: whatsapp, url: https://chat.whatsapp.com/..., label: Our group}`"),
        );
        return None;
    };
    let url = url.trim().to_string();
    let ok = url.starts_with("https://")
        || url.starts_with("http://")
        || url.starts_with("mailto:")
        || url.starts_with("tg://");
    if !ok {
        diags.push(
            Diagnostic::error(format!("the channel address \"{url}\" is not a link"))
                .at(file, pos)
                .hint("use a full address starting with https://, or mailto: for email"),
        );
        return None;
    }
    let label = label.unwrap_or_else(|| match kind.as_str() {
        "whatsapp" => "WhatsApp".into(),
        "telegram" => "Telegram".into(),
        "email" => url.trim_start_matches("mailto:").to_string(),
        "facebook" => "Facebook".into(),
        "linkedin" => "LinkedIn".into(),
        _ => url.clone(),
    });
    Some(Channel { kind, url, label })
}

pub(super) fn read(f: &mut Fields) -> Vec<Channel> {
    let rows = f.map_list("channels", &["kind", "url", "label"]);
    let file = f.file().to_path_buf();
    let mut local = Diagnostics::new();
    let out = rows
        .into_iter()
        .filter_map(|r| {
            let mut v = r.value.into_iter();
            check_channel(
                v.next().flatten(),
                v.next().flatten(),
                v.next().flatten(),
                r.pos,
                &file,
                &mut local,
            )
        })
        .collect();
    for d in local.items() {
        let pos = d.pos.unwrap_or_default();
        f.error_at(pos, d.clone());
    }
    out
}
