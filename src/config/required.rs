//! The two keys every site.yaml must have: `title` and `base_url` (which `--base-url`
//! replaces, so the rest of the pipeline only ever sees one base URL).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::front_matter::Spanned;

/// The site's title; a missing or empty one is reported at `pos` (where `title` is, if anywhere).
pub(super) fn title(
    title: Option<Spanned<String>>,
    file: &Path,
    pos: Pos,
    diags: &mut Diagnostics,
) -> String {
    match title {
        Some(t) if !t.value.trim().is_empty() => t.value,
        _ => {
            diags.push(
                Diagnostic::error("site.yaml has no \"title\"")
                    .at(file, pos)
                    .hint("add a line like `title: Our alumni hub`"),
            );
            String::new()
        }
    }
}

/// The base URL from `--base-url` or site.yaml, normalised; a missing or bad one is reported.
pub(super) fn base_url(
    base_url_override: Option<&str>,
    base: Option<Spanned<String>>,
    file: &Path,
    base_pos: Pos,
    diags: &mut Diagnostics,
) -> String {
    match (base_url_override, base) {
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
    }
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
