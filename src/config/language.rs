//! `language:` in site.yaml: a BCP 47 tag, and which languages are written right to left.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::front_matter::Spanned;

/// Languages written right to left.
const RTL_LANGUAGES: &[&str] = &["he", "ar", "fa", "yi", "ur", "ps", "dv", "ckb", "sd", "ug"];

/// Whether a language (`he`, `ar-EG`…) is written right to left.
pub fn is_rtl(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    RTL_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str())
}

/// The checked `language:` (`he` when not set); a malformed tag is reported and kept.
pub(super) fn check(
    language: Option<Spanned<String>>,
    file: &Path,
    diags: &mut Diagnostics,
) -> String {
    match language {
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
    }
}
