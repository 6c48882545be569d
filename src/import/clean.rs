//! Field cleaning: trimmed fields, inner whitespace collapsed, invisible characters dropped;
//! emails lowercased, consent as `yes`/`no`, birth years only when they are years, links with
//! their `https://`. A value that cannot be cleaned comes back with a masked [`Note`].

use super::headers::is_invisible;
use super::mask;

/// Why a field was changed or not understood (masked: safe to print).
pub type Note = String;

/// Trims, collapses inner whitespace (newlines and no-break spaces too) to one space and
/// drops direction marks and zero-width spaces.
pub fn text(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || is_invisible(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercased, without spaces or a `mailto:`. Kept when it does not look like an address,
/// with a note.
pub fn email(s: &str) -> (String, Option<Note>) {
    let mut e: String = text(s).split(' ').collect::<String>().to_lowercase();
    if let Some(rest) = e.strip_prefix("mailto:") {
        e = rest.to_string();
    }
    if e.is_empty() {
        return (e, None);
    }
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    };
    let note = (!ok).then(|| {
        format!(
            "email {} does not look like an address (kept)",
            mask::email(&e)
        )
    });
    (e, note)
}

const YES: &[&str] = &[
    "yes",
    "y",
    "true",
    "1",
    "v",
    "✓",
    "✔",
    "☑",
    "כן",
    "agree",
    "i agree",
    "מסכים",
    "מסכימה",
    "מסכים/ה",
    "אני מסכים",
    "אני מסכימה",
    "אני מסכים/ה",
];
const NO: &[&str] = &["", "no", "n", "false", "0", "לא", "לא מסכים", "לא מסכימה"];

/// `yes` or `no`. Only a clear yes is yes; an answer that is neither a clear yes nor a clear
/// no (say `x`, or a sentence) is no, with a note, so nobody is published by a guess.
pub fn consent(s: &str) -> (String, Option<Note>) {
    let v = text(s).to_lowercase();
    let v = v.trim_end_matches(['.', '!']);
    if YES.contains(&v) {
        ("yes".into(), None)
    } else if NO.contains(&v) {
        ("no".into(), None)
    } else {
        let shown: String = mask::scrub(v).chars().take(40).collect();
        (
            "no".into(),
            Some(format!(
                "consent answer \"{shown}\" is not a clear yes (written as no)"
            )),
        )
    }
}

/// Four digits between 1900 and `this_year`, or empty (with a note).
pub fn birth_year(s: &str, this_year: i32) -> (String, Option<Note>) {
    let v = text(s);
    if v.is_empty() {
        return (v, None);
    }
    let plausible = v.len() == 4
        && v.bytes().all(|b| b.is_ascii_digit())
        && v.parse::<i32>()
            .is_ok_and(|y| (1900..=this_year).contains(&y));
    if plausible {
        (v, None)
    } else {
        let shown: String = mask::scrub(&v).chars().take(20).collect();
        (
            String::new(),
            Some(format!(
                "birth year \"{shown}\" is not a 4-digit year between 1900 and {this_year} (left empty)"
            )),
        )
    }
}

/// `http(s)://…` as it is; `www.example.org/x` or `linkedin.com/in/x` get `https://` in
/// front; anything else is kept with a note (a build will not publish it).
pub fn link(s: &str) -> (String, Option<Note>) {
    let v = text(s);
    let lower = v.to_lowercase();
    if v.is_empty() || lower.starts_with("https://") || lower.starts_with("http://") {
        return (v, None);
    }
    let host = v.split('/').next().unwrap_or("");
    let looks_like_address = !v.contains([' ', '@'])
        && !v.contains("://")
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.');
    if looks_like_address {
        (format!("https://{v}"), None)
    } else {
        let shown: String = mask::scrub(&v).chars().take(40).collect();
        (
            v,
            Some(format!(
                "link \"{shown}\" is not a web address (kept; a build will not publish it)"
            )),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_trims_and_collapses() {
        assert_eq!(text("  דנה \t  כהן\n"), "דנה כהן");
        assert_eq!(text("\u{200f}חיפה\u{a0}\u{200e}"), "חיפה");
        assert_eq!(text("👩\u{200d}💻 dev"), "👩\u{200d}💻 dev");
        assert_eq!(text("   "), "");
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            email(" Dana.Cohen@Example.ORG "),
            ("dana.cohen@example.org".into(), None)
        );
        assert_eq!(email("mailto:A@b.co").0, "a@b.co");
        assert_eq!(email("dana @ example.org").0, "dana@example.org");
        assert_eq!(email(""), (String::new(), None));
        let (v, note) = email("dana.example.org");
        assert_eq!(v, "dana.example.org");
        let note = note.unwrap();
        assert!(note.contains("d***"), "{note}");
        assert!(!note.contains("dana.example.org"), "{note}");
        assert!(email("dana@localhost").1.is_some());
    }

    #[test]
    fn consent_is_yes_only_when_clearly_yes() {
        for v in ["כן", "Yes", " TRUE ", "1", "v", "V", "✓", "מסכים/ה", "yes."] {
            assert_eq!(consent(v), ("yes".into(), None), "{v}");
        }
        for v in ["", "no", "לא", "0", "False"] {
            assert_eq!(consent(v), ("no".into(), None), "{v}");
        }
        for v in ["x", "maybe", "כן אבל בלי טלפון 0501234567"] {
            let (c, note) = consent(v);
            assert_eq!(c, "no", "{v}");
            let note = note.unwrap();
            assert!(!note.contains("0501234567"), "{note}");
        }
    }

    #[test]
    fn birth_years_are_four_plausible_digits() {
        assert_eq!(birth_year(" 1998 ", 2026), ("1998".into(), None));
        assert_eq!(birth_year("", 2026), (String::new(), None));
        for v in [
            "98",
            "19988",
            "1850",
            "2031",
            "1998.0",
            "12/03/1998",
            "١٩٩٨",
        ] {
            let (y, note) = birth_year(v, 2026);
            assert_eq!(y, "", "{v}");
            assert!(note.is_some(), "{v}");
        }
    }

    #[test]
    fn links_get_a_scheme_when_they_are_clearly_addresses() {
        assert_eq!(link("https://x.org/a").0, "https://x.org/a");
        assert_eq!(link("HTTP://x.org").0, "HTTP://x.org");
        assert_eq!(
            link("linkedin.com/in/dana"),
            ("https://linkedin.com/in/dana".into(), None)
        );
        assert_eq!(link("www.x.org").0, "https://www.x.org");
        let (v, note) = link("my site");
        assert_eq!(v, "my site");
        assert!(note.is_some());
        assert!(link("dana@x.org").1.is_some());
        assert!(link("ftp://x.org").1.is_some());
    }
}
