//! Duplicates inside one export: rows equal in every field (after cleaning) are dropped, rows
//! that share an email or a phone but differ otherwise are kept and reported, since only a
//! person can tell a re-submitted form from two people sharing a family phone.

use super::headers::Column;
use super::mask;
use super::row::Row;

/// Two kept rows that share an email or a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub first: usize,
    pub second: usize,
    /// What they share, masked: `email d***@x.org`, `phone +97250*****67` or both.
    pub shared: String,
}

#[derive(Debug, Default)]
pub struct Deduped {
    /// The rows kept, with their line numbers, in input order.
    pub rows: Vec<(usize, Row)>,
    /// `(line dropped, line it repeats)`.
    pub exact: Vec<(usize, usize)>,
    pub near: Vec<Near>,
}

fn first_with(kept: &[(usize, Row)], c: Column, value: &str) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    kept.iter().position(|(_, r)| r.get(c) == value)
}

pub fn dedupe(rows: Vec<(usize, Row)>) -> Deduped {
    let mut out = Deduped::default();
    for (line, row) in rows {
        if let Some((first, _)) = out.rows.iter().find(|(_, r)| *r == row) {
            out.exact.push((line, *first));
            continue;
        }
        let by_email = first_with(&out.rows, Column::Email, row.get(Column::Email));
        let by_phone = first_with(&out.rows, Column::Phone, row.get(Column::Phone));
        let email = || format!("email {}", mask::email(row.get(Column::Email)));
        let phone = || format!("phone {}", mask::phone(row.get(Column::Phone)));
        let mut found = Vec::new();
        match (by_email, by_phone) {
            (Some(e), Some(p)) if e == p => found.push((e, format!("{} and {}", email(), phone()))),
            (e, p) => {
                found.extend(e.map(|e| (e, email())));
                found.extend(p.map(|p| (p, phone())));
            }
        }
        for (i, shared) in found {
            out.near.push(Near {
                first: out.rows[i].0,
                second: line,
                shared,
            });
        }
        out.rows.push((line, row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, email: &str, phone: &str) -> Row {
        let mut r = Row::default();
        r.set(Column::Name, name);
        r.set(Column::Email, email);
        r.set(Column::Phone, phone);
        r
    }

    #[test]
    fn exact_duplicates_are_dropped() {
        let a = row("Dana", "d@x.org", "+972501234567");
        let d = dedupe(vec![(2, a.clone()), (3, row("Avi", "", "")), (4, a)]);
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.exact, vec![(4, 2)]);
        assert!(d.near.is_empty());
    }

    #[test]
    fn same_email_or_phone_is_reported_and_kept() {
        let d = dedupe(vec![
            (2, row("Dana", "d@x.org", "+972501234567")),
            (3, row("Dana Cohen", "d@x.org", "+972501234567")),
            (5, row("Avi", "a@x.org", "+972501234567")),
            (6, row("Avi L", "a@x.org", "")),
            (7, row("Noa", "", "")),
            (8, row("Noa", "", "+972520000000")),
        ]);
        assert_eq!(d.rows.len(), 6);
        let pairs: Vec<(usize, usize)> = d.near.iter().map(|n| (n.first, n.second)).collect();
        assert_eq!(pairs, vec![(2, 3), (2, 5), (5, 6)]);
        assert_eq!(d.near[0].shared, "email d***@x.org and phone +97250*****67");
        assert_eq!(d.near[1].shared, "phone +97250*****67");
        assert_eq!(d.near[2].shared, "email a***@x.org");
    }
}
