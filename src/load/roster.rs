//! Cohort rosters (`content/cohorts/<slug>.csv`), and so **the privacy boundary**: email and
//! phone are recognised and dropped on the spot — no type past this point can hold them.
//!
//! What leaves is each member's public fields, their consent, and the birth year and city that
//! stats are made of.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};

/// Columns a roster may have. `email` and `phone` are read only to be ignored.
pub const COLUMNS: &[&str] = &[
    "name",
    "email",
    "phone",
    "city",
    "birth_year",
    "consent",
    "bio",
    "link",
];

/// One roster row, without contact details.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub city: Option<String>,
    pub birth_year: Option<i32>,
    /// Only members who said yes are ever shown.
    pub consent: bool,
    pub bio: Option<String>,
    /// http(s) only.
    pub link: Option<String>,
}

/// A roster file, read.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The cohort's slug (the file name).
    pub slug: String,
    /// Relative to the hub root.
    pub file: std::path::PathBuf,
    pub members: Vec<Member>,
}

/// `yes`, `true`, `כן`, `1` (trimmed, any case) — anything else is no.
pub fn consents(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "כן"
    )
}

fn nonempty(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads one roster. `rel` is the path relative to the hub root, for messages.
pub fn read(bytes: &[u8], rel: &Path, slug: &str, diags: &mut Diagnostics) -> Option<Roster> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            diags.push(not_utf8(rel, bytes, e.valid_up_to()));
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot read the header row: {e}"))
                    .at(rel, Pos::new(1, 1))
                    .hint("the first line names the columns, separated by commas: name,email,phone,city,birth_year,consent,bio,link"),
            );
            return None;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(name_col) = col("name") else {
        diags.push(
            Diagnostic::error("this roster has no \"name\" column")
                .at(rel, Pos::new(1, 1))
                .hint(format!(
                    "the first line must name the columns, and one must be `name` (found: {})",
                    headers.join(", ")
                )),
        );
        return None;
    };
    warn_unknown_columns(&headers, text, rel, diags);
    let (city, year, consent, bio, link) = (
        col("city"),
        col("birth_year"),
        col("consent"),
        col("bio"),
        col("link"),
    );
    let mut members = Vec::new();
    for row in reader.records() {
        let Ok(record) = row.map_err(|e| diags.push(row_error(&e, rel))) else {
            continue;
        };
        let line = record.position().map(|p| p.line() as usize).unwrap_or(1);
        let get = |c: Option<usize>| c.and_then(|c| record.get(c));
        let Some(name) = nonempty(record.get(name_col)) else {
            diags.push(
                Diagnostic::warning("this row has no name; it is left out")
                    .at(rel, Pos::new(line, 1))
                    .hint("fill in the name, or delete the row"),
            );
            continue;
        };
        let at = (rel, Pos::new(line, 1));
        let birth_year = birth_year(nonempty(get(year)), at, diags);
        let link = published_link(nonempty(get(link)), at, diags);
        members.push(Member {
            name,
            city: nonempty(get(city)),
            birth_year,
            consent: get(consent).is_some_and(consents),
            bio: nonempty(get(bio)),
            link,
        });
    }
    Some(Roster {
        slug: slug.to_string(),
        file: rel.to_path_buf(),
        members,
    })
}

/// A roster that is not UTF-8 is most likely an Excel export: say how to save it right.
fn not_utf8(rel: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let mut d = super::utf8::utf8_error(rel, bytes, valid_up_to);
    d.hint = Some(
        "this looks like an Excel export in Hebrew (Windows-1255). In Excel choose \"Save as\" → \"CSV UTF-8 (comma delimited)\", or in Google Sheets \"Download → CSV\""
            .into(),
    );
    d
}

/// Warns about each header kehila does not know (its column is never read, so never published).
fn warn_unknown_columns(headers: &[String], text: &str, rel: &Path, diags: &mut Diagnostics) {
    for (i, h) in headers.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            let col_no = text.lines().next().map(|l| {
                l.split(',')
                    .take(i)
                    .map(|c| c.chars().count() + 1)
                    .sum::<usize>()
                    + 1
            });
            diags.push(
                Diagnostic::warning(format!(
                    "the column \"{h}\" is not one kehila knows; it is ignored and never published"
                ))
                .at(rel, Pos::new(1, col_no.unwrap_or(1)))
                .hint(suggestion_hint(h, "columns", COLUMNS)),
            );
        }
    }
}

/// The problem with a row the CSV reader cannot read, at its line.
fn row_error(e: &csv::Error, rel: &Path) -> Diagnostic {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(1);
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields but the header has {expected_len}"),
        _ => "this row cannot be read".to_string(),
    };
    Diagnostic::error(what)
        .at(rel, Pos::new(line, 1))
        .hint("put text that contains commas in double quotes, and write a quote inside quotes as two quotes (\"\")")
}

/// A row's `birth_year`, when it is a plausible year (left out of the stats, with a warning, if not).
fn birth_year(
    value: Option<String>,
    (rel, pos): (&Path, Pos),
    diags: &mut Diagnostics,
) -> Option<i32> {
    match value?.parse::<i32>() {
        Ok(v) if (1900..=2100).contains(&v) => Some(v),
        _ => {
            diags.push(
                Diagnostic::warning("birth_year is not a year; it is left out of the stats")
                    .at(rel, pos)
                    .hint("write four digits, like 1998"),
            );
            None
        }
    }
}

/// A row's `link`, when it is a web address (not published, with a warning, if not).
fn published_link(
    value: Option<String>,
    (rel, pos): (&Path, Pos),
    diags: &mut Diagnostics,
) -> Option<String> {
    match value? {
        l if l.starts_with("https://") || l.starts_with("http://") => Some(l),
        _ => {
            diags.push(
                Diagnostic::warning("link is not a web address (http/https); it is not published")
                    .at(rel, pos)
                    .hint("write the full address, starting with https://"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(csv: &str) -> (Option<Roster>, Diagnostics) {
        let mut d = Diagnostics::new();
        let r = read(
            csv.as_bytes(),
            Path::new("content/cohorts/a.csv"),
            "a",
            &mut d,
        );
        (r, d)
    }

    #[test]
    fn consent_spellings() {
        for v in ["yes", " YES ", "true", "כן", "1"] {
            assert!(consents(v), "{v}");
        }
        for v in ["no", "לא", "", "0", "false", "maybe"] {
            assert!(!consents(v), "{v}");
        }
    }

    #[test]
    fn reads_quoted_fields_any_column_order_and_a_bom() {
        let (r, d) = roster(
            "\u{feff}consent,Name,city,email\nyes,\"Cohen, Dana\",חיפה,d@x.org\nno,Avi,,a@x.org\n",
        );
        assert!(!d.has_errors());
        let r = r.unwrap();
        assert_eq!(r.members[0].name, "Cohen, Dana");
        assert!(r.members[0].consent);
        assert_eq!(r.members[1].city, None);
        assert!(!r.members[1].consent);
    }

    #[test]
    fn missing_name_column_and_bad_rows_are_errors_with_lines() {
        let (r, d) = roster("full,city\nx,y\n");
        assert!(r.is_none());
        assert!(d.items()[0].message.contains("no \"name\" column"));
        let (_, d) = roster("name,city\na,b\nc,d,e\n");
        let e = &d.items()[0];
        assert_eq!(e.pos, Some(Pos::new(3, 1)));
    }

    #[test]
    fn windows_1255_export_gets_a_hint() {
        let mut bytes = b"name,city\n".to_vec();
        bytes.extend([0xf9, 0xe9, 0xf8, b',', 0xe7, 0xe9, 0xf4, 0xe4, b'\n']);
        let mut d = Diagnostics::new();
        assert!(read(&bytes, Path::new("content/cohorts/a.csv"), "a", &mut d).is_none());
        assert!(d.items()[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
    }

    #[test]
    fn unknown_columns_warn() {
        let (_, d) = roster("name,shoe_size\na,42\n");
        assert_eq!(d.warning_count(), 1);
        assert!(d.items()[0].message.contains("shoe_size"));
    }
}
