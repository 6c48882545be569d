//! Merging cleaned rows into a cohort roster (`content/cohorts/<slug>.csv`), written back in
//! the roster format.
//!
//! Rows already there are kept (columns kehila does not know included); an imported row with
//! the same email — or the same phone, when one of the two has no email — updates its row
//! with the fields it has; the rest are appended.

use super::headers::Column;
use super::{Row, clean, phone};
use crate::load::roster::COLUMNS;

/// A roster as a table of strings: the roster columns first, in [`COLUMNS`] order, then any
/// other columns the file had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            header: COLUMNS.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// How many imported rows went where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Appended as new rows.
    pub added: usize,
    /// Matched an existing row (and updated it, if anything differed).
    pub merged: usize,
    /// Of `merged`, those whose row already said the same.
    pub unchanged: usize,
}

fn email_key(v: &str) -> String {
    clean::email(v).0
}

fn phone_key(v: &str) -> String {
    match phone::normalise(&clean::text(v)) {
        phone::Phone::Normal(p) | phone::Phone::Unparsed(p) => p,
        phone::Phone::Empty => String::new(),
    }
}

impl Table {
    /// Reads an existing roster (UTF-8 text, BOM dropped by the caller). Errors say which line
    /// cannot be read; nothing is guessed, since the file is rewritten from what is read here.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            None => return Ok(Table::default()),
            Some(Ok(h)) => h,
            Some(Err(_)) => return Err("its header line cannot be read".into()),
        };
        // where each column of the file goes in the table
        let mut table = Table::default();
        let mut place = Vec::with_capacity(header.len());
        let mut seen = [false; 8];
        for h in header.iter() {
            let known = COLUMNS
                .iter()
                .position(|c| *c == h.trim().to_lowercase())
                .filter(|&i| !seen[i]);
            match known {
                Some(i) => {
                    seen[i] = true;
                    place.push(i);
                }
                None => {
                    place.push(table.header.len());
                    table.header.push(h.to_string());
                }
            }
        }
        for record in records {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("line {line} has {len} fields but the header has {expected_len}"),
                    _ => format!("line {line} cannot be read"),
                }
            })?;
            let mut row = vec![String::new(); table.header.len()];
            for (v, &i) in record.iter().zip(&place) {
                row[i] = v.to_string();
            }
            table.rows.push(row);
        }
        Ok(table)
    }

    /// The roster file: header, then one line per row; fields quoted only when needed.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing strings into a Vec cannot fail.
        let _ = w.write_record(&self.header);
        for row in &self.rows {
            let _ = w.write_record(row);
        }
        w.into_inner().unwrap_or_default()
    }

    /// Rows that say yes to being published (as a build reads them).
    pub fn consenting(&self) -> usize {
        let c = Column::Consent.index();
        self.rows
            .iter()
            .filter(|r| crate::load::roster::consents(&r[c]))
            .count()
    }

    /// Merges `rows` in (see the module comment). Each existing row takes at most one imported
    /// row, so two imported rows sharing an email stay two rows, and importing the same file
    /// twice changes nothing the second time.
    pub fn merge(&mut self, rows: &[Row]) -> Counts {
        let (e, p) = (Column::Email.index(), Column::Phone.index());
        let keys: Vec<(String, String)> = self
            .rows
            .iter()
            .map(|r| (email_key(&r[e]), phone_key(&r[p])))
            .collect();
        let mut claimed = vec![false; self.rows.len()];
        let mut counts = Counts::default();
        for row in rows {
            let (email, phone) = (row.get(Column::Email), row.get(Column::Phone));
            let candidates: Vec<usize> = (0..keys.len())
                .filter(|&i| {
                    let (ke, kp) = &keys[i];
                    (!email.is_empty() && *ke == email)
                        || (!phone.is_empty()
                            && *kp == phone
                            && (email.is_empty() || ke.is_empty()))
                })
                .collect();
            let up_to_date = |i: usize| {
                Column::ALL.iter().all(|&c| {
                    let v = row.get(c);
                    v.is_empty() || self.rows[i][c.index()] == v
                })
            };
            if let Some(&i) = candidates.iter().find(|&&i| up_to_date(i)) {
                claimed[i] = true;
                counts.merged += 1;
                counts.unchanged += 1;
            } else if let Some(&i) = candidates.iter().find(|&&i| !claimed[i]) {
                claimed[i] = true;
                counts.merged += 1;
                for c in Column::ALL {
                    let v = row.get(c);
                    if !v.is_empty() {
                        self.rows[i][c.index()] = v.to_string();
                    }
                }
            } else {
                counts.added += 1;
                let mut new = vec![String::new(); self.header.len()];
                for c in Column::ALL {
                    new[c.index()] = row.get(c).to_string();
                }
                if new[Column::Consent.index()].is_empty() {
                    new[Column::Consent.index()] = "no".into();
                }
                self.rows.push(new);
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: [&str; 8]) -> Row {
        let mut r = Row::default();
        for (c, v) in Column::ALL.iter().zip(fields) {
            r.set(*c, v);
        }
        r
    }

    const EXISTING: &str = "name,email,phone,city,birth_year,consent,bio,link,shirt\n\
        Dana,Dana@X.org,050-123-4567,חיפה,1998,yes,\"bio, with comma\",,M\n\
        Avi,,+972-52-000-0000,עכו,,no,,,L\n";

    #[test]
    fn parse_and_write_back_keeps_everything() {
        let t = Table::parse(EXISTING).unwrap();
        assert_eq!(t.header.last().unwrap(), "shirt");
        assert_eq!(String::from_utf8(t.to_csv()).unwrap(), EXISTING);
    }

    #[test]
    fn columns_in_another_order_are_put_in_roster_order() {
        let t = Table::parse("city,Name,extra\nחיפה,Dana,x\n").unwrap();
        assert_eq!(t.header, [COLUMNS, &["extra"]].concat());
        assert_eq!(t.rows[0][0], "Dana");
        assert_eq!(t.rows[0][3], "חיפה");
        assert_eq!(t.rows[0][8], "x");
    }

    #[test]
    fn a_broken_existing_roster_is_refused() {
        let e = Table::parse("name,email\na,b\nc,d,e\n").unwrap_err();
        assert!(e.contains("line 3"), "{e}");
    }

    #[test]
    fn updates_by_email_or_phone_and_appends_the_rest() {
        let mut t = Table::parse(EXISTING).unwrap();
        let counts = t.merge(&[
            // same email (case differs in the file), new city, no bio: bio kept
            row(["Dana Cohen", "dana@x.org", "", "תל אביב", "", "no", "", ""]),
            // no email, same phone as Avi
            row(["Avi Levi", "", "+972520000000", "", "1990", "", "", ""]),
            row(["Noa", "noa@x.org", "", "", "", "", "", ""]),
        ]);
        assert_eq!(
            counts,
            Counts {
                added: 1,
                merged: 2,
                unchanged: 0
            }
        );
        assert_eq!(
            t.rows[0][..8],
            [
                "Dana Cohen",
                "dana@x.org",
                "050-123-4567",
                "תל אביב",
                "1998",
                "no",
                "bio, with comma",
                ""
            ]
        );
        assert_eq!(t.rows[0][8], "M");
        assert_eq!(t.rows[1][0], "Avi Levi");
        assert_eq!(t.rows[1][4], "1990");
        assert_eq!(
            t.rows[1][5], "no",
            "no consent column: the old answer stays"
        );
        assert_eq!(
            t.rows[2][..],
            ["Noa", "noa@x.org", "", "", "", "no", "", "", ""]
        );
    }

    #[test]
    fn a_different_email_with_the_same_phone_is_someone_else() {
        let mut t = Table::parse(EXISTING).unwrap();
        let counts = t.merge(&[row([
            "Dana's sister",
            "sis@x.org",
            "+972501234567",
            "",
            "",
            "no",
            "",
            "",
        ])]);
        assert_eq!(counts.added, 1);
        assert_eq!(t.rows.len(), 3);
    }

    #[test]
    fn importing_twice_changes_nothing_and_near_duplicates_stay_two() {
        let rows = [
            row(["Dana", "d@x.org", "+972501234567", "", "", "yes", "", ""]),
            row(["Dana C", "d@x.org", "", "חיפה", "", "yes", "", ""]),
        ];
        let mut t = Table::default();
        assert_eq!(t.merge(&rows).added, 2);
        let once = t.clone();
        let again = t.merge(&rows);
        assert_eq!(
            again,
            Counts {
                added: 0,
                merged: 2,
                unchanged: 2
            }
        );
        assert_eq!(t, once);
        assert_eq!(t.consenting(), 2);
    }
}
