//! `site.yaml` → [`Config`]: the hub's settings, typed and checked, one file per section.
//! Unknown keys are reported with a did-you-mean, like front matter. `build --base-url`
//! replaces `base_url` here, so the rest of the pipeline only ever sees one base URL.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::diagnostics::Diagnostics;
use crate::load::front_matter::Fields;

mod channels;
mod html;
mod language;
pub mod languages;
mod lists;
pub(crate) mod nested;
mod people;
pub mod previews;
mod privacy;
mod required;
mod source;
mod timezone;

pub use channels::{CHANNEL_KINDS, Channel, check_channel};
pub use html::HtmlSettings;
pub use language::is_rtl;
pub use people::{Author, Goals};
pub use required::normalize_base_url;

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
    "languages",
];

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    pub language: String,
    /// Where site.yaml writes `language:` (for messages about it); `None` when not written.
    pub language_pos: Option<crate::diagnostics::Pos>,
    pub description: Option<String>,
    pub author: Option<people::Author>,
    pub theme: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub goals: people::Goals,
    pub channels: Vec<channels::Channel>,
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
    pub html: html::HtmlSettings,
    /// Generated link-preview cards (`previews:`).
    pub previews: previews::Previews,
    /// The hub's other languages (`languages:`), in the order written.
    pub languages: Vec<languages::Language>,
    /// Set in a hub's other language (`ar`): its pages live under `BASE/ar/`.
    pub page_prefix: Option<String>,
}

impl Config {
    /// `rtl` for right-to-left languages, else `ltr`.
    pub fn dir(&self) -> &'static str {
        if is_rtl(&self.language) { "rtl" } else { "ltr" }
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

/// Reads `root/site.yaml`. `base_url_override` comes from `--base-url`.
///
/// Every section's keys are read first (type errors are reported by `Fields` as they are
/// read), then the checks that need the whole file; a problem anywhere makes it `None`, after
/// every section has reported its own.
pub fn load(
    root: &Path,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let file = Path::new("site.yaml");
    let text = source::read(root, file, diags)?;
    let before = diags.error_count();
    let mut f = Fields::parse(&text, 1, file, diags)?;
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
    let author = people::read_author(&mut f);
    let goals = people::read_goals(&mut f);
    let channels = channels::read(&mut f);
    let (feeds_limit, feeds_full_content) = lists::read_feeds(&mut f);
    let min_group_size = privacy::read(&mut f);
    let html = html::read(&mut f);
    let digest = crate::digest::settings::read(&mut f);
    let previews = previews::read(&mut f);
    let languages = languages::read(&mut f, language.as_ref().map(|l| l.value.as_str()));
    let title_pos = f.locator.key("title");
    let base_pos = f.locator.key("base_url");
    drop(f);

    let title = required::title(title, file, title_pos, diags);
    let base_url = required::base_url(base_url_override, base, file, base_pos, diags);
    let language_pos = language.as_ref().map(|l| l.pos);
    let language = language::check(language, file, diags);
    let (timezone, timezone_name) = timezone::check(timezone, file, diags);
    let paginate = lists::paginate(paginate, &text, file, diags);
    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        title,
        base_url,
        language,
        language_pos,
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
        languages,
        page_prefix: None,
    })
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
