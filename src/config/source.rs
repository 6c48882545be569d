//! Reading site.yaml's text: a missing file and text that is not UTF-8 are reported here.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The text of `root/<file>`, without a byte-order mark.
pub(super) fn read(root: &Path, file: &Path, diags: &mut Diagnostics) -> Option<String> {
    let text = match std::fs::read(root.join(file)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                diags.push(crate::load::utf8::utf8_error(
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
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}
