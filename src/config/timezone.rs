//! `timezone:` in site.yaml: the zone for dates written without an offset.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::front_matter::Spanned;

/// The zone and its name (`UTC` when not set or unknown; an unknown name is reported).
pub(super) fn check(
    timezone: Option<Spanned<String>>,
    file: &Path,
    diags: &mut Diagnostics,
) -> (TimeZone, String) {
    match timezone {
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
    }
}
