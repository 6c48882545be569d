//! Loaded sources → one set per language: `NAME.LANG.md` is the translation of `NAME.md`
//! (checked: the language is configured, the original exists); rosters are shared by all.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::config::languages::looks_like_code;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{Document, Sources};

/// `stem` → (`stem` without its language suffix, the suffix), when it has one.
fn suffix(stem: &str) -> Option<(&str, &str)> {
    let (base, code) = stem.rsplit_once('.')?;
    (looks_like_code(code) && !base.is_empty()).then_some((base, code))
}

/// `posts/2026-01-10-welcome.ar.md` → `posts/2026-01-10-welcome.md`.
fn original_path(content_path: &str, code: &str) -> String {
    let tail = format!(".{code}.md");
    match content_path.strip_suffix(&tail) {
        Some(base) => format!("{base}.md"),
        None => content_path.to_string(),
    }
}

/// The default language's sources and each other language's, in `others` order. A translation
/// is renamed to its original's `content_path` and `stem`, so slugs and `@/` links are those
/// of the original unless the translation sets its own `slug:`.
pub fn split(
    mut sources: Sources,
    default: &str,
    others: &[String],
    diags: &mut Diagnostics,
) -> (Sources, Vec<Sources>) {
    let mut translations: BTreeMap<&str, Vec<Arc<Document>>> =
        others.iter().map(|c| (c.as_str(), Vec::new())).collect();
    let mut originals = Vec::with_capacity(sources.documents.len());
    for doc in std::mem::take(&mut sources.documents) {
        let Some((base, code)) = suffix(&doc.stem) else {
            originals.push(doc);
            continue;
        };
        let code = code.to_ascii_lowercase();
        match translations.get_mut(code.as_str()) {
            Some(list) => {
                let mut d = (*doc).clone();
                d.content_path = original_path(&doc.content_path, &code);
                d.stem = base.to_string();
                // The walk knows only `index.md` as the home page's intro.
                if d.content_path == "index.md" {
                    d.kind = crate::load::Kind::Home;
                }
                list.push(Arc::new(d));
            }
            None => diags.push(unconfigured(&doc, &code, default)),
        }
    }
    let known: HashSet<&str> = originals.iter().map(|d| d.content_path.as_str()).collect();
    let mut out = Vec::with_capacity(others.len());
    for code in others {
        let docs = translations.remove(code.as_str()).unwrap_or_default();
        let mut kept = Vec::with_capacity(docs.len());
        for d in docs {
            if known.contains(d.content_path.as_str()) {
                kept.push(d);
            } else {
                diags.push(orphan(&d, code));
            }
        }
        out.push(kept);
    }
    let refs = super::refs::Refs::new(&originals);
    let langs = out
        .into_iter()
        .map(|docs| Sources {
            rosters: refs.rosters(&docs, &sources.rosters),
            documents: refs.rewrite(docs),
        })
        .collect();
    sources.documents = originals;
    (sources, langs)
}

fn unconfigured(doc: &Document, code: &str, default: &str) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "this file's name ends in \".{code}\", a language this hub does not have"
    ))
    .at(&doc.file, Pos::new(1, 1));
    if code == default {
        d.hint(format!(
            "\"{code}\" is the hub's default language: files in it have no suffix; rename the file without \".{code}\""
        ))
    } else {
        d.hint(format!(
            "add `{code}:` under `languages:` in site.yaml, or rename the file so its name does not end in \".{code}\""
        ))
    }
}

fn orphan(doc: &Document, code: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "this is a translation of content/{}, which does not exist",
        doc.content_path
    ))
    .at(&doc.file, Pos::new(1, 1))
    .hint(format!(
        "a file NAME.{code}.md translates NAME.md: write content/{} in the default language too, or fix the file name",
        doc.content_path
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_two_or_three_letters() {
        assert_eq!(suffix("about.ar"), Some(("about", "ar")));
        assert_eq!(
            suffix("2026-01-10-welcome.en"),
            Some(("2026-01-10-welcome", "en"))
        );
        assert_eq!(suffix("v2.0"), None);
        assert_eq!(suffix("notes.final"), None);
        assert_eq!(suffix("about"), None);
        assert_eq!(original_path("posts/a.ar.md", "ar"), "posts/a.md");
    }
}
