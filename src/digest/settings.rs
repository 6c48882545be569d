//! `digest:` in site.yaml: whether digest links carry `utm_` tags, and the unsubscribe
//! placeholder the hub's mail tool fills in.

use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
use crate::load::front_matter::Fields;

/// Mailchimp's merge tag; other tools' tags are listed in docs/digest.md.
pub const DEFAULT_UNSUBSCRIBE: &str = "*|UNSUB|*";

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Add `utm_source=kehila-digest&utm_medium=<format>` to every link of the site.
    pub utm: bool,
    /// Put as the unsubscribe link of the email digest; the mail tool replaces it.
    pub unsubscribe: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            utm: false,
            unsubscribe: DEFAULT_UNSUBSCRIBE.to_string(),
        }
    }
}

/// Reads `digest: {utm: true, unsubscribe: "*|UNSUB|*"}`, reporting problems at their lines.
pub fn read(f: &mut Fields) -> Settings {
    let mut s = Settings::default();
    let Some(raw) = f.raw("digest") else {
        return s;
    };
    let Value::Mapping(m) = raw else {
        f.wrong_type("digest", "settings", "`digest: {utm: true}`");
        return s;
    };
    crate::config::nested::check_nested_keys(f, "digest", &m, &["utm", "unsubscribe"]);
    let bad = |f: &mut Fields, sub: &str, msg: &str, hint: &str| {
        let pos = f.locator.value("digest", sub);
        let file = f.file().to_path_buf();
        f.error_at(pos, Diagnostic::error(msg).hint(hint).in_file(file));
    };
    match m.get("utm") {
        None => {}
        Some(Value::Bool(b)) => s.utm = *b,
        Some(_) => bad(
            f,
            "utm",
            "digest.utm should be true or false",
            "write `  utm: true` to tag digest links for your analytics, or leave it out",
        ),
    }
    match m.get("unsubscribe") {
        None => {}
        Some(Value::String(u)) if !u.trim().is_empty() && !u.contains(['"', '<', '>']) => {
            s.unsubscribe = u.trim().to_string()
        }
        Some(_) => bad(
            f,
            "unsubscribe",
            "digest.unsubscribe should be your mail tool's unsubscribe tag",
            "for example `  unsubscribe: \"*|UNSUB|*\"` (Mailchimp) or `  unsubscribe: \"{{ unsubscribe }}\"` (Brevo)",
        ),
    }
    s
}
