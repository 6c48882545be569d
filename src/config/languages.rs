//! `languages:` in site.yaml: the hub's other languages (code → overrides of title,
//! description, goals, channels); `languages::config_for` makes each one's `Config`.

use serde_yaml::Value;

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
    /// Where site.yaml names the language (for the theme's check of its UI strings).
    pub pos: Pos,
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
        pos,
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
