//! `site.yaml` → [`Config`]: the hub's settings, typed and checked. Unknown keys are reported
//! with a did-you-mean, like front matter. `build --base-url` replaces `base_url` here, so the
//! rest of the pipeline only ever sees one base URL.

use std::path::Path;

use jiff::tz::TimeZone;
use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use crate::load::front_matter::Fields;

pub mod previews;

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "author",
    "theme",
    "timezone",
    "goals",
    "channels",
    "paginate",
    "feeds",
    "privacy",
    "cname",
    "image",
    "extra",
    "html",
    "digest",
    "search",
    "previews",
];

/// Kinds of channel a hub or cohort may link to; the theme draws a button for each.
pub const CHANNEL_KINDS: &[&str] = &[
    "whatsapp", "telegram", "email", "facebook", "linkedin", "link",
];

/// Languages written right to left.
const RTL_LANGUAGES: &[&str] = &["he", "ar", "fa", "yi", "ur", "ps", "dv", "ckb", "sd", "ug"];

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Channel {
    pub kind: String,
    pub url: String,
    pub label: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Goals {
    pub organization: Vec<String>,
    pub alumni: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    pub language: String,
    pub description: Option<String>,
    pub author: Option<Author>,
    pub theme: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub goals: Goals,
    pub channels: Vec<Channel>,
    pub paginate: usize,
    pub feeds_limit: usize,
    pub feeds_full_content: bool,
    pub min_group_size: usize,
    pub cname: Option<String>,
    /// The default link-preview image (a site path like `/images/og.png`), as written.
    pub image: Option<crate::load::front_matter::Spanned<String>>,
    pub extra: serde_json::Value,
    /// The built-in site search (`search:`, on unless `false`).
    pub search: bool,
    /// `digest:` settings (see docs/digest.md).
    pub digest: crate::digest::settings::Settings,
    /// What raw HTML in content may do (`html:`).
    pub html: HtmlSettings,
    /// Generated link-preview cards (`previews:`).
    pub previews: previews::Previews,
}

/// `html: trusted`, or `html: {allow_iframes_from: [host, ..]}` (see render/sanitize.rs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlSettings {
    /// Every author is trusted: HTML is published as written, scripts included.
    pub trusted: bool,
    /// Hosts whose frames (video players, forms) are kept, beyond the built-in ones.
    pub allow_iframes_from: Vec<String>,
}

impl Config {
    /// `rtl` for right-to-left languages, else `ltr`.
    pub fn dir(&self) -> &'static str {
        let primary = self.language.split(['-', '_']).next().unwrap_or("");
        if RTL_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str()) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The primary language subtag (`he` for `he-IL`), lowercased.
    pub fn lang_primary(&self) -> String {
        self.language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase()
    }
}

/// Whether a language (`he`, `ar-EG`…) is written right to left.
pub fn is_rtl(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    RTL_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str())
}

/// Checks a base URL: absolute http(s), normalised to end in `/`.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .ok_or_else(|| format!("\"{raw}\" is not a full web address"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(format!("\"{raw}\" is not a valid web address"));
    }
    let mut url = raw.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// Reads `root/site.yaml`. `base_url_override` comes from `--base-url`.
pub fn load(
    root: &Path,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let path = root.join("site.yaml");
    let file = Path::new("site.yaml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                diags.push(crate::load::utf8_error(
                    file,
                    e.as_bytes(),
                    e.utf8_error().valid_up_to(),
                ));
                return None;
            }
        },
        Err(_) => {
            diags.push(
                Diagnostic::error(format!("there is no site.yaml in {}", root.display()))
                    .hint("run kehila inside a hub folder, pass --root DIR, or create a hub with `kehila init DIR`"),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let before = diags.error_count();
    let mut f = Fields::parse(text, 1, file, diags)?;
    f.deny_unknown(KEYS, "site.yaml", "site.yaml can have");

    let title = f.string("title");
    let base = f.string("base_url");
    let language = f.string("language");
    let description = f.string("description").map(|s| s.value);
    let theme = f
        .string("theme")
        .map(|s| s.value)
        .unwrap_or_else(|| "default".into());
    let timezone = f.string("timezone");
    let paginate = f.integer("paginate");
    let cname = f.string("cname").map(|s| s.value.trim().to_string());
    let image = f.string("image");
    let extra = f.extra();
    let search = f.bool("search").unwrap_or(true);
    let author = read_author(&mut f);
    let goals = read_goals(&mut f);
    let channels = read_channels(&mut f);
    let (feeds_limit, feeds_full_content) = read_feeds(&mut f);
    let min_group_size = read_privacy(&mut f);
    let html = read_html(&mut f);
    let digest = crate::digest::settings::read(&mut f);
    let previews = previews::read(&mut f);
    let key_pos = |k: &str| f.locator.key(k);
    let title_pos = key_pos("title");
    let base_pos = key_pos("base_url");
    drop(f);

    let title = match title {
        Some(t) if !t.value.trim().is_empty() => t.value,
        _ => {
            diags.push(
                Diagnostic::error("site.yaml has no \"title\"")
                    .at(file, title_pos)
                    .hint("add a line like `title: Our alumni hub`"),
            );
            String::new()
        }
    };
    let base_url = match (base_url_override, base) {
        (Some(o), _) => match normalize_base_url(o) {
            Ok(u) => u,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("--base-url: {e}"))
                        .hint("give the full address, like https://org.github.io/hub/"),
                );
                String::new()
            }
        },
        (None, Some(b)) => match normalize_base_url(&b.value) {
            Ok(u) => u,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("base_url: {e}"))
                        .at(file, b.pos)
                        .hint("give the full address where the site will live, like https://org.github.io/hub/"),
                );
                String::new()
            }
        },
        (None, None) => {
            diags.push(
                Diagnostic::error("site.yaml has no \"base_url\"")
                    .at(file, base_pos)
                    .hint("add the address where the site will live, like `base_url: https://org.github.io/hub/`"),
            );
            String::new()
        }
    };
    let language = match language {
        None => "he".to_string(),
        Some(l) => {
            let ok = {
                let mut parts = l.value.split('-');
                let primary = parts.next().unwrap_or("");
                (2..=3).contains(&primary.len())
                    && primary.chars().all(|c| c.is_ascii_alphabetic())
                    && parts.all(|p| {
                        !p.is_empty()
                            && p.len() <= 8
                            && p.chars().all(|c| c.is_ascii_alphanumeric())
                    })
            };
            if !ok {
                diags.push(
                    Diagnostic::error(format!("\"{}\" is not a language code", l.value))
                        .at(file, l.pos)
                        .hint("use a code like he, en, ar or en-GB"),
                );
            }
            l.value
        }
    };
    let (timezone, timezone_name) = match timezone {
        None => (TimeZone::UTC, "UTC".to_string()),
        Some(tz) => match TimeZone::get(tz.value.trim()) {
            Ok(z) => (z, tz.value.trim().to_string()),
            Err(_) => {
                diags.push(
                    Diagnostic::error(format!("unknown timezone \"{}\"", tz.value))
                        .at(file, tz.pos)
                        .hint("use a name from the time-zone database, like Asia/Jerusalem or Europe/London"),
                );
                (TimeZone::UTC, "UTC".to_string())
            }
        },
    };
    let paginate = match paginate {
        Some(n) if n < 0 => {
            diags.push(
                Diagnostic::error("\"paginate\" cannot be negative")
                    .at(file, key_pos_fallback(text, "paginate"))
                    .hint("use 0 for one long list, or a number like 10"),
            );
            10
        }
        Some(n) => n as usize,
        None => 10,
    };
    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        title,
        base_url,
        language,
        description,
        author,
        theme,
        timezone,
        timezone_name,
        goals,
        channels,
        paginate,
        feeds_limit,
        feeds_full_content,
        min_group_size,
        cname,
        image,
        extra,
        html,
        digest,
        search,
        previews,
    })
}

fn key_pos_fallback(text: &str, key: &str) -> Pos {
    crate::load::front_matter::Locator::new(text, 1).key(key)
}

fn read_author(f: &mut Fields) -> Option<Author> {
    match f.raw("author")? {
        Value::String(name) => Some(Author { name, email: None }),
        Value::Mapping(m) => {
            let name = m.get("name").and_then(|v| v.as_str()).map(str::to_string);
            let email = m.get("email").and_then(|v| v.as_str()).map(str::to_string);
            match name {
                Some(name) => Some(Author { name, email }),
                None => {
                    f.wrong_type(
                        "author",
                        "a name, or a name and an email",
                        "`author: {name: Our team, email: team@example.org}`",
                    );
                    None
                }
            }
        }
        _ => {
            f.wrong_type("author", "a name", "`author: Our team`");
            None
        }
    }
}

fn string_seq(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Sequence(s)) => s.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        Some(Value::String(s)) => Some(vec![s.clone()]),
        _ => None,
    }
}

fn read_goals(f: &mut Fields) -> Goals {
    let Some(raw) = f.raw("goals") else {
        return Goals::default();
    };
    let example = "`goals:` then `  organization: [..]` and `  alumni: [..]`";
    let Value::Mapping(m) = raw else {
        f.wrong_type("goals", "two lists, organization and alumni", example);
        return Goals::default();
    };
    for k in m.keys() {
        let k = k.as_str().unwrap_or("?");
        if k != "organization" && k != "alumni" {
            let pos = f.locator.value("goals", k);
            let hint = suggestion_hint(k, "goals has", &["organization", "alumni"]);
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error(format!("unknown key \"{k}\" in goals"))
                    .hint(hint)
                    .in_file(file),
            );
        }
    }
    match (
        string_seq(m.get("organization")),
        string_seq(m.get("alumni")),
    ) {
        (Some(organization), Some(alumni)) => Goals {
            organization,
            alumni,
        },
        _ => {
            f.wrong_type("goals", "two lists of sentences", example);
            Goals::default()
        }
    }
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

fn read_channels(f: &mut Fields) -> Vec<Channel> {
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

/// Reports keys of a nested settings map (`feeds:`, `privacy:`) that are not in `allowed`.
pub(crate) fn check_nested_keys(
    f: &mut Fields,
    key: &str,
    m: &serde_yaml::Mapping,
    allowed: &[&str],
) {
    for k in m.keys() {
        let name = k.as_str().unwrap_or("?");
        if !allowed.contains(&name) {
            let pos = f.locator.value(key, name);
            let hint = suggestion_hint(name, &format!("{key} has"), allowed);
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error(format!("unknown key \"{name}\" in {key}"))
                    .hint(hint)
                    .in_file(file),
            );
        }
    }
}

/// A whole number ≥ `min` under `key.sub`, or a positioned error.
fn nested_number(
    f: &mut Fields,
    key: &str,
    m: &serde_yaml::Mapping,
    sub: &str,
    min: u64,
) -> Option<u64> {
    let v = m.get(sub)?;
    match v.as_u64() {
        Some(n) if n >= min => Some(n),
        _ => {
            let pos = f.locator.value(key, sub);
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error(format!(
                    "{key}.{sub} should be a whole number (at least {min})"
                ))
                .hint(format!("write it like `  {sub}: {}`", min.max(5)))
                .in_file(file),
            );
            None
        }
    }
}

fn read_feeds(f: &mut Fields) -> (usize, bool) {
    let Some(raw) = f.raw("feeds") else {
        return (20, true);
    };
    let Value::Mapping(m) = raw else {
        f.wrong_type(
            "feeds",
            "settings",
            "`feeds: {limit: 20, full_content: true}`",
        );
        return (20, true);
    };
    check_nested_keys(f, "feeds", &m, &["limit", "full_content"]);
    let limit = nested_number(f, "feeds", &m, "limit", 0).unwrap_or(20) as usize;
    let full = match m.get("full_content") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            let pos = f.locator.value("feeds", "full_content");
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error("feeds.full_content should be true or false")
                    .hint("write `  full_content: true` (whole posts in feeds) or `false` (summaries only)")
                    .in_file(file),
            );
            true
        }
    };
    (limit, full)
}

fn read_privacy(f: &mut Fields) -> usize {
    let Some(raw) = f.raw("privacy") else {
        return 5;
    };
    match raw {
        Value::Mapping(m) => {
            check_nested_keys(f, "privacy", &m, &["min_group_size"]);
            nested_number(f, "privacy", &m, "min_group_size", 2).unwrap_or(5) as usize
        }
        _ => {
            f.wrong_type("privacy", "settings", "`privacy: {min_group_size: 5}`");
            5
        }
    }
}

fn read_html(f: &mut Fields) -> HtmlSettings {
    const EXAMPLE: &str = "`html: {allow_iframes_from: [www.youtube-nocookie.com]}`, or `html: trusted` when every author is trusted";
    let mut out = HtmlSettings::default();
    match f.raw("html") {
        None => {}
        Some(Value::String(s)) if s.trim() == "trusted" => out.trusted = true,
        Some(Value::Mapping(m)) => {
            check_nested_keys(f, "html", &m, &["allow_iframes_from"]);
            match m.get("allow_iframes_from") {
                None => {}
                Some(Value::Sequence(items)) => {
                    for item in items {
                        let host = item.as_str().map(|h| {
                            let h = h.trim();
                            let h = h.split_once("//").map(|x| x.1).unwrap_or(h);
                            h.split('/').next().unwrap_or("").to_ascii_lowercase()
                        });
                        match host {
                            Some(h) if !h.is_empty() && !h.contains([' ', '*']) => {
                                out.allow_iframes_from.push(h)
                            }
                            _ => {
                                let pos = f.locator.value("html", "allow_iframes_from");
                                let file = f.file().to_path_buf();
                                f.error_at(
                                    pos,
                                    Diagnostic::error("html.allow_iframes_from should list host names")
                                        .hint("write the host of each player or form, like `allow_iframes_from: [www.youtube-nocookie.com, docs.google.com]`")
                                        .in_file(file),
                                );
                            }
                        }
                    }
                }
                Some(_) => {
                    let pos = f.locator.value("html", "allow_iframes_from");
                    let file = f.file().to_path_buf();
                    f.error_at(
                        pos,
                        Diagnostic::error("html.allow_iframes_from should be a list of host names")
                            .hint("write it like `allow_iframes_from: [www.youtube-nocookie.com, docs.google.com]`")
                            .in_file(file),
                    );
                }
            }
        }
        Some(_) => f.wrong_type("html", "`trusted` or settings", EXAMPLE),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(yaml: &str) -> (Option<Config>, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        let mut d = Diagnostics::new();
        let c = load(dir.path(), None, &mut d);
        (c, d)
    }

    #[test]
    fn reads_a_hebrew_hub() {
        let (c, d) = load_str(
            "title: בוגרים\nbase_url: https://org.github.io/hub\ntimezone: Asia/Jerusalem\n",
        );
        assert!(!d.has_errors(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.base_url, "https://org.github.io/hub/");
        assert_eq!(c.dir(), "rtl");
        assert_eq!(c.timezone_name, "Asia/Jerusalem");
    }

    #[test]
    fn english_is_ltr() {
        let (c, _) = load_str("title: x\nbase_url: https://x.org/\nlanguage: en\n");
        assert_eq!(c.unwrap().dir(), "ltr");
    }

    #[test]
    fn reports_missing_base_url_unknown_key_and_bad_timezone_together() {
        let (c, d) = load_str("title: x\ntitel: y\ntimezone: Asia/Jerusalm\n");
        assert!(c.is_none());
        let msgs: Vec<String> = d.items().iter().map(|d| d.message.clone()).collect();
        assert!(msgs.iter().any(|m| m.contains("base_url")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.contains("unknown key \"titel\"")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("unknown timezone")),
            "{msgs:?}"
        );
    }
}
