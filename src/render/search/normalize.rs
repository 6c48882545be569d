//! The search normalisation of `docs/search.md`: text → words (what a query asks for) and
//! → index terms (words plus their compound wholes and Hebrew forms without clitic prefixes).
//! `themes/default/static/search.js` implements the query half; `tests/search/vectors.json` holds both to it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in characters) are left out of the index: they are URLs, hashes or
/// runs of letters, not words anyone types.
pub const MAX_TERM_CHARS: usize = 40;

/// Invisible characters dropped without ending a word (soft hyphen, zero-width and direction
/// marks, word joiner, BOM) and the Arabic tatweel.
fn ignorable(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Letters folded to one form: Hebrew final letters, Greek final sigma, Arabic alef maqsura,
/// ta marbuta, alef wasla and the Persian ya and kaf.
fn fold(c: char) -> char {
    match c {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        'ς' => 'σ',
        '\u{0649}' | '\u{06CC}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        '\u{0671}' => '\u{0627}',
        '\u{06A9}' => '\u{0643}',
        c => c,
    }
}

/// Quotes that join the letters around them into one word: צה"ל, צה״ל, ג'ירפה, don't.
fn joiner(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{05F3}' | '\u{05F4}' | '\u{2019}')
}

/// Dashes that split a compound into its parts (and, in the index, also keep the whole).
fn splitter(c: char) -> bool {
    matches!(c, '-' | '\u{05BE}' | '\u{2010}' | '\u{2011}')
}

#[derive(Clone, Copy, PartialEq)]
enum Pending {
    None,
    Join,
    Split,
}

/// Calls `each` with the parts of every word of `text`, normalised (a compound such as
/// `בית-ספר` is one word of two parts).
pub fn tokens(text: &str, mut each: impl FnMut(&[String])) {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut pending = Pending::None;
    let mut end = |parts: &mut Vec<String>, cur: &mut String, pending: &mut Pending| {
        if !cur.is_empty() {
            parts.push(std::mem::take(cur));
        }
        if !parts.is_empty() {
            each(parts);
            parts.clear();
        }
        *pending = Pending::None;
    };
    for raw in text.nfkd() {
        if is_combining_mark(raw) || ignorable(raw) {
            continue;
        }
        for lower in raw.to_lowercase() {
            let c = fold(lower);
            // Lowercasing can make a mark (İ → i + U+0307).
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if pending == Pending::Split {
                    parts.push(std::mem::take(&mut cur));
                }
                pending = Pending::None;
                cur.push(c);
            } else if !cur.is_empty() && pending == Pending::None && joiner(c) {
                pending = Pending::Join;
            } else if !cur.is_empty() && pending == Pending::None && splitter(c) {
                pending = Pending::Split;
            } else {
                end(&mut parts, &mut cur, &mut pending);
            }
        }
    }
    end(&mut parts, &mut cur, &mut pending);
}

/// The words of a query, each searched as a prefix (compounds split into their parts).
pub fn query_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |parts| out.extend(parts.iter().cloned()));
    out
}

fn is_hebrew_letter(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

/// Clitic prefixes a Hebrew word may carry: ו, then ש / מ / כש / לכש, then ה / ב / כ / ל.
const FIRST: [&str; 2] = ["", "ו"];
const MIDDLE: [&str; 5] = ["", "ש", "מ", "כש", "לכש"];
const LAST: [&str; 5] = ["", "ה", "ב", "כ", "ל"];

/// `term` without each clitic prefix it may carry, never shorter than two letters.
pub fn without_clitics(term: &str, mut each: impl FnMut(&str)) {
    if !term.starts_with(is_hebrew_letter) {
        return;
    }
    let mut seen: [usize; 8] = [0; 8];
    let mut n = 0;
    for a in FIRST {
        for b in MIDDLE {
            for c in LAST {
                let len = a.len() + b.len() + c.len();
                if len == 0 || !term.is_char_boundary(len) || len >= term.len() {
                    continue;
                }
                let (head, rest) = term.split_at(len);
                let matches = head.starts_with(a)
                    && head[a.len()..].starts_with(b)
                    && &head[a.len() + b.len()..] == c;
                if matches && rest.chars().count() >= 2 && !seen[..n].contains(&len) {
                    if n < seen.len() {
                        seen[n] = len;
                        n += 1;
                    }
                    each(rest);
                }
            }
        }
    }
}

/// Every index term of `text`, with whether it is a form written in the text (`true`) or one
/// made from it by taking off clitic prefixes (`false`). Terms may repeat.
pub fn index_terms(text: &str, mut each: impl FnMut(&str, bool)) {
    let mut emit = |t: &str| {
        if t.chars().count() > MAX_TERM_CHARS {
            return;
        }
        each(t, true);
        without_clitics(t, |alt| each(alt, false));
    };
    tokens(text, |parts| {
        for p in parts {
            emit(p);
        }
        if parts.len() > 1 {
            emit(&parts.concat());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_terms(text, |t, _| v.push(t.to_string()));
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn hebrew_basics() {
        assert_eq!(query_words("צה\"ל בצה״ל"), ["צהל", "בצהל"]);
        assert!(terms("והבוגרים").contains(&"בוגרימ".to_string()));
        assert!(terms("למחזור").contains(&"מחזור".to_string()));
        // Never below two letters.
        assert_eq!(terms("הם"), ["המ"]);
    }
}
