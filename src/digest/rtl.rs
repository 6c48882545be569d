//! Right-to-left marks for chat text: a Hebrew or Arabic line whose first letter or digit is
//! Latin or a number would be laid out left to right by WhatsApp and Telegram, so it gets a
//! RIGHT-TO-LEFT MARK (U+200F) in front.

pub const RLM: char = '\u{200F}';

/// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo and their
/// presentation forms).
pub fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// A line with right-to-left text that starts (in its first letter or digit) with something
/// else.
pub fn needs_mark(line: &str) -> bool {
    if line.starts_with(RLM) || !line.chars().any(is_rtl_char) {
        return false;
    }
    line.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !is_rtl_char(c))
}

/// `text` with a mark at the start of every line that needs one.
pub fn mark_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if needs_mark(line) {
            out.push(RLM);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_hebrew_lines_that_start_with_latin_or_digits_only() {
        assert!(needs_mark("Python בקבוצת לימוד"));
        assert!(needs_mark("2026: שנה בקהילה"));
        assert!(needs_mark("*SQL* למתחילים"));
        assert!(!needs_mark("קבוצת לימוד Python"));
        assert!(!needs_mark("https://example.org/a"));
        assert!(!needs_mark("Only English here"));
        let marked = mark_lines("שלום\nPython ועוד\nhttps://x.org/");
        assert_eq!(marked, "שלום\n\u{200F}Python ועוד\nhttps://x.org/");
    }
}
