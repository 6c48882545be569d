//! The summary `kehila import` prints: what was read, written, merged and dropped, and every
//! row that needs a person's look, by line number. Built only from counts, line numbers and
//! already-masked text, so it cannot show an email or a phone.

use std::fmt::Write as _;

use super::Imported;
use super::merge::Counts;

/// What happened to the roster.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The export, as given on the command line.
    pub input: String,
    /// The roster, relative to the hub.
    pub target: String,
    pub counts: Counts,
    /// Rows in the roster now, and how many of them consent to be listed.
    pub total: usize,
    pub consenting: usize,
    pub status: Status,
}

/// What became of the roster file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Written,
    /// Everything imported was already there; the file was left as it was.
    Unchanged,
    /// No row could be imported; the file was not touched.
    NothingToImport,
}

fn lines(v: impl IntoIterator<Item = usize>) -> String {
    v.into_iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

pub fn render(imp: &Imported, o: &Outcome) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "import: {} → {}", o.input, o.target);
    let mapped: Vec<String> = imp
        .mapped
        .iter()
        .map(|(c, h)| format!("{} ← \"{h}\"", c.header()))
        .collect();
    let _ = writeln!(s, "  columns:          {}", mapped.join(", "));
    if !imp.unmapped.is_empty() {
        let names: Vec<String> = imp.unmapped.iter().map(|h| format!("\"{h}\"")).collect();
        let _ = writeln!(s, "  ignored columns:  {} (not written)", names.join(", "));
    }
    let empty = if imp.empty > 0 {
        format!(" ({} empty, skipped)", imp.empty)
    } else {
        String::new()
    };
    let _ = writeln!(s, "  rows read:        {}{empty}", imp.read);
    let _ = writeln!(s, "  written (new):    {}", o.counts.added);
    let unchanged = if o.counts.unchanged > 0 {
        format!(" ({} already up to date)", o.counts.unchanged)
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "  merged:           {} into existing rows{unchanged}",
        o.counts.merged
    );
    let _ = write!(s, "  exact duplicates: {} dropped", imp.exact.len());
    if !imp.exact.is_empty() {
        let pairs: Vec<String> = imp
            .exact
            .iter()
            .map(|(dup, first)| format!("line {dup} repeats line {first}"))
            .collect();
        let _ = write!(s, " ({})", pairs.join("; "));
    }
    s.push('\n');
    let _ = write!(s, "  near-duplicates:  {}", imp.near.len());
    if !imp.near.is_empty() {
        s.push_str(" (both rows kept; check them by hand)");
    }
    s.push('\n');
    for n in &imp.near {
        let _ = writeln!(
            s,
            "    lines {} and {}: same {}",
            n.first, n.second, n.shared
        );
    }
    let mut problem_lines: Vec<usize> = imp.problems.iter().map(|p| p.line).collect();
    problem_lines.dedup();
    let _ = write!(s, "  rows with problems: {}", problem_lines.len());
    if !problem_lines.is_empty() {
        let word = if problem_lines.len() == 1 {
            "line"
        } else {
            "lines"
        };
        let _ = write!(s, " ({word} {})", lines(problem_lines));
    }
    s.push('\n');
    for p in &imp.problems {
        let left_out = if p.left_out { " — left out" } else { "" };
        let _ = writeln!(s, "    line {}: {}{left_out}", p.line, p.what);
    }
    let _ = match o.status {
        Status::Written => writeln!(
            s,
            "{} now has {}, {} of them consenting to be listed",
            o.target,
            rows(o.total),
            o.consenting
        ),
        Status::Unchanged => writeln!(
            s,
            "{} already had all of this and was not changed ({}, {} consenting)",
            o.target,
            rows(o.total),
            o.consenting
        ),
        Status::NothingToImport => {
            writeln!(s, "nothing to import; {} was not touched", o.target)
        }
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_counts_lines_and_no_contact_details() {
        let csv = "שם,אימייל,טלפון,Notes\n\
            דנה,dana@example.org,050-123-4567,\n\
            דנה,dana@example.org,050-123-4567,\n\
            דנה כהן,dana@example.org,,\n\
            אבי,avi@example.org,050-765-432,\n";
        let imp = super::super::read_export(csv.as_bytes(), 2026).unwrap();
        let out = render(
            &imp,
            &Outcome {
                input: "form.csv".into(),
                target: "content/cohorts/a.csv".into(),
                counts: Counts {
                    added: 3,
                    merged: 0,
                    unchanged: 0,
                },
                total: 3,
                consenting: 0,
                status: Status::Written,
            },
        );
        for secret in [
            "dana@example.org",
            "avi@example.org",
            "050-123-4567",
            "+972501234567",
            "050-765-432",
        ] {
            assert!(!out.contains(secret), "{secret} in:\n{out}");
        }
        assert!(out.contains("rows read:        4"), "{out}");
        assert!(out.contains("line 3 repeats line 2"), "{out}");
        assert!(
            out.contains("lines 2 and 4: same email d***@example.org"),
            "{out}"
        );
        assert!(out.contains("rows with problems: 1 (line 5)"), "{out}");
        assert!(out.contains("\"Notes\""), "{out}");
    }
}
