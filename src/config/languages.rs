//! `languages:` in site.yaml: the hub's other languages (code → overrides of title,
//! description, goals, channels) and the `Config` each one is built with.

use serde_yaml::Value;

use super::Config;
use super::channels::{Channel, check_channel};
use super::people::Goals;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use crate::load::front_matter::Fields;

const KEYS: &[&str] = &["title", "description", "goals", "channels"];

/// One language besides the default, with what it changes; unset values fall back to the
/// default language's.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code as written (`ar`, `en-GB`); lowercase primary subtag for file suffixes.
    pub code: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub goals: Option<Goals>,
    pub channels: Option<Vec<Channel>>,
}

impl Config {
    /// The settings a language's pages are built with: its code and overrides over these.
    pub fn for_language(&self, lang: &Language) -> Config {
        let mut c = self.clone();
        c.language = lang.code.clone();
        c.title = lang.title.clone().unwrap_or(c.title);
        c.description = lang.description.clone().or(c.description);
        if let Some(g) = &lang.goals {
            c.goals = g.clone();
        }
        if let Some(ch) = &lang.channels {
            c.channels = ch.clone();
        }
        c.languages = Vec::new();
        c.page_prefix = Some(lang.code.clone());
        c
    }

    /// Every language of the hub, the default first.
    pub fn all_languages(&self) -> Vec<String> {
        let mut all = vec![self.language.clone()];
        all.extend(self.languages.iter().map(|l| l.code.clone()));
        all
    }
}

/// A code a file name may end in (`about.ar.md`): 2–3 ASCII letters, as the primary subtag.
pub fn looks_like_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic())
}

/// Reads `languages:`; `default` is the checked `language:`, which may not be listed again.
pub(super) fn read(f: &mut Fields, default: Option<&str>) -> Vec<Language> {
    let Some(raw) = f.raw("languages") else {
        return Vec::new();
    };
    let example = "`languages:` then `  ar: {title: ..., description: ...}`";
    let Value::Mapping(m) = raw else {
        f.wrong_type(
            "languages",
            "a map from language codes to settings",
            example,
        );
        return Vec::new();
    };
    let default = default.unwrap_or("he").to_ascii_lowercase();
    let mut out: Vec<Language> = Vec::new();
    for (k, v) in &m {
        let code = match k {
            Value::String(s) => s.trim().to_string(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let pos = f.locator.value("languages", &code);
        if !looks_like_code(&code) {
            error(
                f,
                pos,
                format!("\"{code}\" is not a language code"),
                "use a two- or three-letter code like ar, en or fr".into(),
            );
            continue;
        }
        if code.eq_ignore_ascii_case(&default) {
            error(
                f,
                pos,
                format!("\"{code}\" is the hub's default language (`language:`)"),
                "list only the other languages under `languages:`; the default needs no entry"
                    .into(),
            );
            continue;
        }
        if let Some(lang) = one(f, &code, v, pos) {
            out.push(lang);
        }
    }
    out
}

/// One language's settings map.
fn one(f: &mut Fields, code: &str, v: &Value, pos: Pos) -> Option<Language> {
    let mut lang = Language {
        code: code.to_ascii_lowercase(),
        title: None,
        description: None,
        goals: None,
        channels: None,
    };
    let m = match v {
        Value::Null => return Some(lang),
        Value::Mapping(m) => m,
        _ => {
            error(
                f,
                pos,
                format!("languages.{code} should be settings"),
                format!("write it like `  {code}: {{title: ..., description: ...}}`"),
            );
            return None;
        }
    };
    let before = f_errors(f);
    for key in m.keys() {
        let name = key.as_str().unwrap_or("?");
        if !KEYS.contains(&name) {
            let at = f.locator.value("languages", name);
            let hint = suggestion_hint(name, &format!("languages.{code} has"), KEYS);
            error(
                f,
                at,
                format!("unknown key \"{name}\" in languages.{code}"),
                hint,
            );
        }
    }
    lang.title = text(f, code, m, "title");
    lang.description = text(f, code, m, "description");
    lang.goals = m.get("goals").and_then(|g| goals(f, code, g));
    lang.channels = m.get("channels").map(|c| channels(f, code, c));
    (f_errors(f) == before).then_some(lang)
}

fn f_errors(f: &mut Fields) -> usize {
    f.error_count()
}

fn error(f: &mut Fields, pos: Pos, msg: String, hint: String) {
    let file = f.file().to_path_buf();
    f.error_at(pos, Diagnostic::error(msg).hint(hint).in_file(file));
}

fn text(f: &mut Fields, code: &str, m: &serde_yaml::Mapping, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => Some(s.clone()),
        _ => {
            let at = f.locator.value("languages", key);
            error(
                f,
                at,
                format!("languages.{code}.{key} should be a text"),
                format!("write it like `    {key}: some text`"),
            );
            None
        }
    }
}

fn goals(f: &mut Fields, code: &str, v: &Value) -> Option<Goals> {
    let list = |v: Option<&Value>| -> Option<Vec<String>> {
        match v {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Sequence(s)) => s.iter().map(|x| x.as_str().map(str::to_string)).collect(),
            Some(Value::String(s)) => Some(vec![s.clone()]),
            _ => None,
        }
    };
    let parsed = match v {
        Value::Mapping(m)
            if m.keys()
                .all(|k| matches!(k.as_str(), Some("organization" | "alumni"))) =>
        {
            list(m.get("organization")).zip(list(m.get("alumni")))
        }
        _ => None,
    };
    match parsed {
        Some((organization, alumni)) => Some(Goals {
            organization,
            alumni,
        }),
        None => {
            let at = f.locator.value("languages", "goals");
            error(
                f,
                at,
                format!("languages.{code}.goals should be two lists, organization and alumni"),
                "write it like `    goals: {organization: [..], alumni: [..]}`".into(),
            );
            None
        }
    }
}

fn channels(f: &mut Fields, code: &str, v: &Value) -> Vec<Channel> {
    let at = f.locator.value("languages", "channels");
    let Value::Sequence(seq) = v else {
        error(
            f,
            at,
            format!("languages.{code}.channels should be a list"),
            "write it like `    channels: [{kind: whatsapp, url: https://..., label: ...}]`".into(),
        );
        return Vec::new();
    };
    let file = f.file().to_path_buf();
    let mut local = Diagnostics::new();
    let get =
        |m: &serde_yaml::Mapping, k: &str| m.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let out = seq
        .iter()
        .filter_map(|item| {
            let m = item.as_mapping()?;
            check_channel(
                get(m, "kind"),
                get(m, "url"),
                get(m, "label"),
                at,
                &file,
                &mut local,
            )
        })
        .collect();
    if seq.iter().any(|i| !i.is_mapping()) {
        error(
            f,
            at,
            format!("languages.{code}.channels should be a list of {{kind, url, label}}"),
            "write each channel like `      - {kind: whatsapp, url: https://..., label: ...}`"
                .into(),
        );
    }
    for d in local.items() {
        f.error_at(d.pos.unwrap_or(at), d.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    fn load(yaml: &str) -> (Option<super::Config>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        let mut d = Diagnostics::new();
        let c = super::super::load(dir.path(), None, &mut d);
        let msgs = d
            .items()
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.pos.unwrap_or_default().line,
                    d.pos.unwrap_or_default().col,
                    d.message
                )
            })
            .collect();
        (c, msgs)
    }

    #[test]
    fn overrides_fall_back_to_the_default_language() {
        let (c, msgs) = load(
            "title: בוגרים\nbase_url: https://x.org/\ndescription: תיאור\nlanguages:\n  ar:\n    title: الخريجون\n  en:\n    description: Alumni\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        let c = c.unwrap();
        assert_eq!(c.all_languages(), ["he", "ar", "en"]);
        let ar = c.for_language(&c.languages[0]);
        assert_eq!((ar.title.as_str(), ar.dir()), ("الخريجون", "rtl"));
        assert_eq!(ar.description.as_deref(), Some("תיאור"));
        let en = c.for_language(&c.languages[1]);
        assert_eq!((en.title.as_str(), en.dir()), ("בוגרים", "ltr"));
        assert_eq!(en.description.as_deref(), Some("Alumni"));
    }

    #[test]
    fn unknown_keys_the_default_and_bad_codes_are_errors_at_their_lines() {
        let (c, msgs) = load(
            "title: x\nbase_url: https://x.org/\nlanguages:\n  he: {title: y}\n  ar:\n    titel: z\n  english: {}\n",
        );
        assert!(c.is_none());
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("4:3 \"he\" is the hub's default")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("6:5 unknown key \"titel\"")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("7:3 \"english\" is not a language code")),
            "{msgs:?}"
        );
    }
}
