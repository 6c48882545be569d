//! `kehila new … --lang ar`: the language must be one of the hub's (`languages:`); the file
//! is `NAME.ar.md`, named after the original it translates when one with that title exists.

use std::path::{Path, PathBuf};

use crate::model::slug::{slugify, split_date_prefix};

/// The hub's other languages, from site.yaml (`build` reports what is wrong with it).
fn hub_languages(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join("site.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
        .and_then(|v| v.get("languages").and_then(|l| l.as_mapping()).cloned())
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(|s| s.trim().to_ascii_lowercase()))
                .collect()
        })
        .unwrap_or_default()
}

/// `lang` as the hub writes it, or the message for a language the hub does not have.
pub fn check(root: &Path, lang: &str) -> Result<String, String> {
    let code = lang.trim().to_ascii_lowercase();
    let all = hub_languages(root);
    if all.contains(&code) {
        return Ok(code);
    }
    let hint = if all.is_empty() {
        format!("add `languages:` with `  {code}: {{title: ...}}` to site.yaml first")
    } else {
        format!(
            "the hub's other languages are {}; add `  {code}:` under `languages:` in site.yaml to write in it",
            all.join(", ")
        )
    };
    Err(format!(
        "error: \"{code}\" is not a language of this hub\n  hint: {hint}"
    ))
}

/// The file of the default language in `dir` whose name (without its date) is `slug`.
fn original_named(dir: &Path, slug: &str) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            let Some(stem) = p.file_stem().and_then(|s| s.to_str()) else {
                return false;
            };
            p.extension().is_some_and(|e| e == "md")
                && !stem.contains('.')
                && slugify(split_date_prefix(stem).1) == slug
        })
        .collect();
    found.pop()
}

/// `content/posts/2026-12-03-welcome.md` → the translation's path: the original's name when
/// the hub has one with this slug (a post keeps the original's date), else this one's.
pub fn rename(root: &Path, rel: PathBuf, text: String, code: &str) -> (PathBuf, String) {
    let dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = split_date_prefix(&stem).1.to_string();
    let original = original_named(&root.join(&dir), &slug)
        .and_then(|p| p.strip_prefix(root).ok().map(Path::to_path_buf));
    let (base, text) = match original {
        Some(o) => {
            let o_stem = o
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = match split_date_prefix(&o_stem).0 {
                // The translation is dated as its original is.
                Some(date) => {
                    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                    for l in &mut lines {
                        if l.starts_with("date: ") {
                            *l = format!("date: {date}");
                        }
                    }
                    lines.join("\n") + "\n"
                }
                None => text,
            };
            (o.with_extension(""), text)
        }
        None => (rel.with_extension(""), text),
    };
    let name = format!(
        "{}.{code}.md",
        base.file_name().unwrap_or_default().to_string_lossy()
    );
    (base.with_file_name(name), text)
}

/// After writing `NAME.ar.md`: a word when `NAME.md` does not exist yet, which `build` needs.
pub fn note_original(root: &Path, rel: &Path, code: &str) {
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    let original = rel.with_file_name(name.replace(&format!(".{code}.md"), ".md"));
    if !root.join(&original).is_file() {
        eprintln!(
            "note: {} translates {}, which does not exist yet\n  hint: write the original in the hub's default language too (same file name without \".{code}\"), or rename this file after an existing one",
            rel.display(),
            original.display()
        );
    }
}
