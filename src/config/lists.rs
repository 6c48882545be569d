//! `paginate:` and `feeds:` in site.yaml: how many posts a list page and a feed show, and
//! whether feeds carry whole posts.

use std::path::Path;

use serde_yaml::Value;

use super::nested::{check_nested_keys, nested_number};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::front_matter::{Fields, Locator};

/// Posts per list page: 10 unless set; 0 is one long list.
pub(super) fn paginate(
    raw: Option<i64>,
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> usize {
    match raw {
        Some(n) if n < 0 => {
            diags.push(
                Diagnostic::error("\"paginate\" cannot be negative")
                    .at(file, key_pos_fallback(text, "paginate"))
                    .hint("use 0 for one long list, or a number like 10"),
            );
            10
        }
        Some(n) => n as usize,
        None => 10,
    }
}

fn key_pos_fallback(text: &str, key: &str) -> Pos {
    Locator::new(text, 1).key(key)
}

pub(super) fn read_feeds(f: &mut Fields) -> (usize, bool) {
    let Some(raw) = f.raw("feeds") else {
        return (20, true);
    };
    let Value::Mapping(m) = raw else {
        f.wrong_type(
            "feeds",
            "settings",
            "`feeds: {limit: 20, full_content: true}`",
        );
        return (20, true);
    };
    check_nested_keys(f, "feeds", &m, &["limit", "full_content"]);
    let limit = nested_number(f, "feeds", &m, "limit", 0).unwrap_or(20) as usize;
    let full = match m.get("full_content") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            let pos = f.locator.value("feeds", "full_content");
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error("feeds.full_content should be true or false")
                    .hint("write `  full_content: true` (whole posts in feeds) or `false` (summaries only)")
                    .in_file(file),
            );
            true
        }
    };
    (limit, full)
}
