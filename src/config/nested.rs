//! Checks shared by the settings maps of site.yaml (`feeds:`, `privacy:`, `html:`, `digest:`,
//! `previews:`): unknown keys inside them, and whole numbers under them.

use crate::diagnostics::{Diagnostic, suggestion_hint};
use crate::load::front_matter::Fields;

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
pub(super) fn nested_number(
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
