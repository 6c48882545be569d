//! Slugs: the URL names of content. Letters of every script are kept as they are (a Hebrew
//! title gives a Hebrew slug, never a transliteration); everything else becomes `-`.

/// `"Hello, World!"` → `hello-world`; `"מפגש בוגרים 2026"` → `מפגש-בוגרים-2026`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if is_hebrew_point(c) || c == '\u{200f}' || c == '\u{200e}' {
            // Vowel points and direction marks are invisible in a URL bar but break matching.
            continue;
        }
        // ASCII and the Hebrew letters answered without std's Unicode tables (a binary search
        // per letter: 1 % of a build, every heading's id is a slug); the same answers.
        let letter = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            ('\u{05D0}'..='\u{05EA}').contains(&c) || c.is_alphanumeric()
        };
        if letter {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            dash = true;
        }
    }
    out
}

fn is_hebrew_point(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'
            ..='\u{05BD}'
                | '\u{05BF}'
                | '\u{05C1}'
                | '\u{05C2}'
                | '\u{05C4}'
                | '\u{05C5}'
                | '\u{05C7}'
    )
}

/// A file name's leading `YYYY-MM-DD-` date, and the rest.
pub fn split_date_prefix(stem: &str) -> (Option<&str>, &str) {
    let b = stem.as_bytes();
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !is_date {
        return (None, stem);
    }
    let rest = stem[10..].trim_start_matches(['-', '_']);
    (Some(&stem[..10]), rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_hebrew_and_lowercases_latin() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("מפגש בוגרים 2026"), "מפגש-בוגרים-2026");
        assert_eq!(slugify("  צה\"ל — Python  "), "צה-ל-python");
        assert_eq!(slugify("שָׁלוֹם"), "שלום");
        assert_eq!(slugify("İstanbul ΣΟΦΙΑ ١٢ aֿb"), "i̇stanbul-σοφια-١٢-ab");
    }

    #[test]
    fn strips_the_date_prefix() {
        assert_eq!(
            split_date_prefix("2026-05-01-meetup"),
            (Some("2026-05-01"), "meetup")
        );
        assert_eq!(split_date_prefix("about"), (None, "about"));
    }
}
