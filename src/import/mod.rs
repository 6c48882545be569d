//! `kehila import`'s "collect and clean" step: a registration-form export (CSV from Google
//! Forms, Excel, a CRM…) → clean roster rows → merged into `content/cohorts/<slug>.csv`.
//!
//! This module owns reading the export ([`decode`], [`delimiter`]), mapping its headers
//! ([`headers`]), cleaning each field ([`clean`], [`phone`]), duplicates ([`dedupe`]), merging
//! with an existing roster ([`merge`]), writing it atomically ([`write`]) and the summary
//! ([`summary`]). Exports hold personal data: every piece of a row that is ever printed goes
//! through [`mask`] first. The command itself (arguments, files, exit codes) is
//! `cmd/import.rs`.

pub mod clean;
pub mod decode;
pub mod dedupe;
pub mod delimiter;
pub mod headers;
pub mod mask;
pub mod merge;
pub mod phone;
pub mod row;
pub mod summary;
pub mod write;

use headers::Column;
pub use row::Row;

/// Something wrong with one row of the export (masked: safe to print).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub what: String,
    /// The row was not imported at all (otherwise it was, with this field as described).
    pub left_out: bool,
}

/// An export, read and cleaned.
#[derive(Debug, Default)]
pub struct Imported {
    /// Data rows in the file (blank lines not counted).
    pub read: usize,
    /// Rows whose every field was empty, skipped.
    pub empty: usize,
    /// The rows to import, with their line numbers, in file order.
    pub rows: Vec<(usize, Row)>,
    /// `(line dropped, line it repeats)`.
    pub exact: Vec<(usize, usize)>,
    pub near: Vec<dedupe::Near>,
    pub problems: Vec<Problem>,
    /// Which export header fed each roster column (masked).
    pub mapped: Vec<(Column, String)>,
    /// Export headers nothing takes (masked).
    pub unmapped: Vec<String>,
    pub has_consent: bool,
    pub delimiter: u8,
}

/// Why an export cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fatal {
    NotText(decode::NotText),
    /// No header line.
    Empty,
    /// No column maps to `name`. Holds the headers found (masked).
    NoName(Vec<String>),
}

/// Reads and cleans an export. `this_year` bounds plausible birth years.
pub fn read_export(bytes: &[u8], this_year: i32) -> Result<Imported, Fatal> {
    let text = decode::decode(bytes).map_err(Fatal::NotText)?;
    let sep_line = delimiter::sep_line(text);
    let delimiter = sep_line.unwrap_or_else(|| delimiter::sniff(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    if sep_line.is_some() {
        records.next();
    }
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
        _ => return Err(Fatal::Empty),
    };
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let map = headers::map(&header_refs);
    if map.name.is_empty() {
        return Err(Fatal::NoName(
            header
                .iter()
                .map(|h| mask::scrub(&clean::text(h)))
                .collect(),
        ));
    }
    let mut out = Imported {
        delimiter,
        has_consent: map.get(Column::Consent).is_some(),
        unmapped: map.unmapped.iter().map(|h| mask::scrub(h)).collect(),
        ..Imported::default()
    };
    let name_header = map
        .name
        .iter()
        .map(|&i| clean::text(&header[i]))
        .collect::<Vec<_>>()
        .join(" + ");
    out.mapped.push((Column::Name, mask::scrub(&name_header)));
    for c in &Column::ALL[1..] {
        if let Some(i) = map.get(*c) {
            out.mapped.push((*c, mask::scrub(&clean::text(&header[i]))));
        }
    }
    let this_year = this_year.max(1900);
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.read += 1;
                out.problems.push(Problem {
                    line: e.position().map_or(0, |p| p.line() as usize),
                    what: "cannot be read".into(),
                    left_out: true,
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        out.read += 1;
        if record.iter().all(|f| clean::text(f).is_empty()) {
            out.empty += 1;
            continue;
        }
        let extra_empty = record.len() > header.len()
            && record
                .iter()
                .skip(header.len())
                .all(|f| clean::text(f).is_empty());
        if record.len() != header.len() && !extra_empty {
            let sep = match delimiter {
                b'\t' => "tab".to_string(),
                d => format!("\"{}\"", d as char),
            };
            out.problems.push(Problem {
                line,
                what: format!(
                    "has {} fields but the header has {} (a {sep} inside a value that is not in double quotes?)",
                    record.len(),
                    header.len()
                ),
                left_out: true,
            });
            continue;
        }
        let field = |c: Column| map.get(c).and_then(|i| record.get(i)).unwrap_or("");
        let mut row = Row::default();
        let mut notes = Vec::new();
        let name = map
            .name
            .iter()
            .filter_map(|&i| record.get(i))
            .map(clean::text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            out.problems.push(Problem {
                line,
                what: "has no name".into(),
                left_out: true,
            });
            continue;
        }
        row.set(Column::Name, name);
        let (email, note) = clean::email(field(Column::Email));
        row.set(Column::Email, email);
        notes.extend(note);
        match phone::normalise(&clean::text(field(Column::Phone))) {
            phone::Phone::Empty => {}
            phone::Phone::Normal(p) => row.set(Column::Phone, p),
            phone::Phone::Unparsed(p) => {
                notes.push(format!(
                    "phone {} is not a number kehila understands (kept as it was)",
                    mask::phone(&p)
                ));
                row.set(Column::Phone, p);
            }
        }
        row.set(Column::City, clean::text(field(Column::City)));
        let (year, note) = clean::birth_year(field(Column::BirthYear), this_year);
        row.set(Column::BirthYear, year);
        notes.extend(note);
        if out.has_consent {
            let (consent, note) = clean::consent(field(Column::Consent));
            row.set(Column::Consent, consent);
            notes.extend(note);
        }
        row.set(Column::Bio, clean::text(field(Column::Bio)));
        let (link, note) = clean::link(field(Column::Link));
        row.set(Column::Link, link);
        notes.extend(note);
        out.problems.extend(notes.into_iter().map(|what| Problem {
            line,
            what,
            left_out: false,
        }));
        rows.push((line, row));
    }
    let d = dedupe::dedupe(rows);
    out.rows = d.rows;
    out.exact = d.exact;
    out.near = d.near;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Imported {
        read_export(s.as_bytes(), 2026).unwrap()
    }

    #[test]
    fn a_messy_hebrew_export_is_cleaned() {
        let csv = "\u{feff}חותמת זמן,שם מלא,דוא\"ל,טלפון נייד,עיר,שנת לידה,מסכים/ה לפרסום\n\
            1/1/2026,  דנה   כהן ,Dana@Example.ORG,050-123-4567, חיפה ,1998,כן\n\
            1/1/2026,אבי לוי,avi@example.org,+972 52 000 0000,עכו,98,\n";
        let r = read(csv);
        assert_eq!(r.read, 2);
        assert_eq!(r.unmapped, vec!["חותמת זמן"]);
        let (line, dana) = &r.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(
            dana.0,
            [
                "דנה כהן",
                "dana@example.org",
                "+972501234567",
                "חיפה",
                "1998",
                "yes",
                "",
                ""
            ]
        );
        let (line, avi) = &r.rows[1];
        assert_eq!(*line, 3);
        assert_eq!(avi.get(Column::BirthYear), "");
        assert_eq!(avi.get(Column::Consent), "no");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 3);
        assert!(!r.problems[0].left_out);
    }

    #[test]
    fn semicolons_quotes_and_first_last_names() {
        let r = read("First Name;Last Name;Email;Bio\nDana;Cohen;d@x.org;\"likes; semicolons\"\n");
        assert_eq!(r.delimiter, b';');
        assert_eq!(r.rows[0].1.get(Column::Name), "Dana Cohen");
        assert_eq!(r.rows[0].1.get(Column::Bio), "likes; semicolons");
        assert!(!r.has_consent);
        assert_eq!(r.rows[0].1.get(Column::Consent), "");
    }

    #[test]
    fn an_excel_sep_line_is_not_the_header() {
        let r = read("sep=;\nname;city\nDana;חיפה\n");
        assert_eq!(r.delimiter, b';');
        assert_eq!(
            r.rows,
            vec![(3, {
                let mut row = Row::default();
                row.set(Column::Name, "Dana");
                row.set(Column::City, "חיפה");
                row
            })]
        );
    }

    #[test]
    fn broken_nameless_and_empty_rows() {
        let r = read("name,email\nDana,d@x.org\n,a@x.org\n,\nAvi,a,b\nNoa,n@x.org,\n");
        assert_eq!(r.read, 5);
        assert_eq!(r.empty, 1);
        assert_eq!(r.rows.len(), 2, "Noa's trailing empty field is fine");
        let lines: Vec<(usize, bool)> = r.problems.iter().map(|p| (p.line, p.left_out)).collect();
        assert_eq!(lines, vec![(3, true), (5, true)]);
    }

    #[test]
    fn a_phone_not_understood_is_kept_and_reported_masked() {
        let r = read("name,phone\nDana,050-123-456\n");
        assert_eq!(r.rows[0].1.get(Column::Phone), "050-123-456");
        assert!(!r.problems[0].what.contains("050-123-456"));
    }

    #[test]
    fn no_name_column_or_nothing_at_all_is_fatal() {
        assert_eq!(
            read_export(b"city,dana@x.org\n", 2026).unwrap_err(),
            Fatal::NoName(vec!["city".into(), "d***@x.org".into()])
        );
        assert_eq!(read_export(b"", 2026).unwrap_err(), Fatal::Empty);
        assert!(matches!(
            read_export(b"\xf9\xed\n", 2026).unwrap_err(),
            Fatal::NotText(_)
        ));
    }
}
