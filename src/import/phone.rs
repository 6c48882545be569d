//! Phone numbers: one spelling per number, so duplicates and merges can be found by phone.
//! Israeli numbers in any common form become `+972` and the national number without its
//! leading 0; other numbers written with `+` (or `00`) keep `+` and their digits.

/// What a phone field turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    Empty,
    /// E.164-style: `+` and digits.
    Normal(String),
    /// Not understood; the field as it was (whitespace-cleaned).
    Unparsed(String),
}

/// Israeli national numbers (no leading 0): 8 digits for landlines (02, 03, 04, 08, 09),
/// 9 for mobiles (05x) and VoIP (07x).
fn israeli(national: &str) -> Option<String> {
    let first = national.chars().next()?;
    let ok = match national.len() {
        8 => matches!(first, '2' | '3' | '4' | '8' | '9'),
        9 => matches!(first, '5' | '7'),
        _ => false,
    };
    ok.then(|| format!("+972{national}"))
}

/// Normalises one phone field. `050-123-4567`, `0501234567`, `+972 50 123 4567`,
/// `972501234567`, `(050) 123 4567`, `+972-050-1234567` and `501234567` (Excel dropped the
/// 0) all give `+972501234567`; `+44 20 7946 0018` gives `+442079460018`.
pub fn normalise(field: &str) -> Phone {
    let field = field.split_whitespace().collect::<Vec<_>>().join(" ");
    if field.is_empty() {
        return Phone::Empty;
    }
    let unparsed = || Phone::Unparsed(field.clone());
    let mut plus = false;
    let mut digits = String::new();
    for c in field.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            c if super::headers::is_invisible(c) => {}
            _ => return unparsed(),
        }
    }
    if !plus && let Some(rest) = digits.strip_prefix("00") {
        plus = true;
        digits = rest.to_string();
    }
    let result = if plus {
        match digits.strip_prefix("972") {
            Some(national) => israeli(national.strip_prefix('0').unwrap_or(national)),
            None => (8..=15)
                .contains(&digits.len())
                .then(|| format!("+{digits}")),
        }
    } else if let Some(national) = digits.strip_prefix("972").filter(|n| n.len() >= 8) {
        israeli(national.strip_prefix('0').unwrap_or(national))
    } else if let Some(national) = digits.strip_prefix('0') {
        israeli(national)
    } else if digits.len() == 9 {
        // a mobile number whose leading 0 a spreadsheet dropped
        israeli(&digits)
    } else {
        None
    };
    result.map_or_else(unparsed, Phone::Normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Phone {
        normalise(s)
    }

    #[test]
    fn israeli_mobile_in_every_common_form() {
        for s in [
            "050-123-4567",
            "0501234567",
            "+972 50 123 4567",
            "972501234567",
            "+972-50-123-4567",
            "+972 (0)50 123 4567",
            "+972-050-1234567",
            "(050) 123-4567",
            "050.123.4567",
            "00972501234567",
            "501234567",
            " \u{200e}050-1234567\u{200f} ",
        ] {
            assert_eq!(n(s), Phone::Normal("+972501234567".into()), "{s:?}");
        }
    }

    #[test]
    fn israeli_landlines() {
        assert_eq!(n("04-8123456"), Phone::Normal("+97248123456".into()));
        assert_eq!(n("+972 3 612 3456"), Phone::Normal("+97236123456".into()));
        assert_eq!(n("077-1234567"), Phone::Normal("+972771234567".into()));
    }

    #[test]
    fn other_international_numbers_keep_plus_and_digits() {
        assert_eq!(n("+44 20 7946 0018"), Phone::Normal("+442079460018".into()));
        assert_eq!(n("+1 (415) 555-0134"), Phone::Normal("+14155550134".into()));
        assert_eq!(
            n("0044 20 7946 0018"),
            Phone::Normal("+442079460018".into())
        );
    }

    #[test]
    fn anything_else_is_kept_as_it_was() {
        for s in [
            "050-123-456",
            "5.01E+08",
            "call me",
            "12345",
            "+972 50 123 45678",
            "050-123-4567 ext 3",
            "+1",
            "05O-123-4567",
            "++972501234567",
            "050+1234567",
        ] {
            let cleaned = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(n(s), Phone::Unparsed(cleaned), "{s:?}");
        }
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(n("   "), Phone::Empty);
        assert_eq!(n(""), Phone::Empty);
    }
}
