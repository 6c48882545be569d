//! The search normalisation of `docs/search.md`: text → words (what a query asks for) and
//! → index terms (words plus their compound wholes and Hebrew forms without clitic prefixes).
//! `themes/default/static/search.js` implements the query half; `tests/search/vectors.json` holds both to it.

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

/// One word of [`tokens`]: its parts (more than one for a compound) written end to end, so
/// that the whole compound without its dashes is the text itself.
pub struct Word<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Word<'a> {
    /// The parts, in order.
    pub fn parts(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (text, ends) = (self.text, self.ends);
        ends.iter().scan(0, move |start, &end| {
            Some(&text[std::mem::replace(start, end)..end])
        })
    }

    /// The parts joined: `ביתספר` for `בית־ספר`.
    pub fn whole(&self) -> &'a str {
        self.text
    }

    pub fn is_compound(&self) -> bool {
        self.ends.len() > 1
    }
}

/// Calls `each` with every word of `text`, normalised (a compound such as `בית-ספר` is one
/// word of two parts).
pub fn tokens(text: &str, mut each: impl FnMut(&Word)) {
    // The word so far and where each of its finished parts ends in it: one buffer for all
    // words instead of a string per part (at 10,000 posts, millions of allocations).
    let mut buf = String::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut pending = Pending::None;
    let part_empty = |buf: &String, ends: &[usize]| buf.len() == ends.last().copied().unwrap_or(0);
    let mut end = |buf: &mut String, ends: &mut Vec<usize>, pending: &mut Pending| {
        if !part_empty(buf, ends) {
            ends.push(buf.len());
        }
        if !ends.is_empty() {
            each(&Word { text: buf, ends });
        }
        buf.clear();
        ends.clear();
        *pending = Pending::None;
    };
    // One character at a time: a compatibility decomposition per character is NFKD but for
    // the order of marks, and marks are dropped. ASCII and plain Hebrew letters, nearly all
    // of a hub's text, need none of it.
    let mut decomposed: Vec<char> = Vec::with_capacity(4);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII letters and digits, the bulk of Latin text, is copied in one go.
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if pending == Pending::Split {
                ends.push(buf.len());
            }
            pending = Pending::None;
            let from = buf.len();
            buf.push_str(&text[start..i]);
            buf[from..].make_ascii_lowercase();
            continue;
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        i += ch.len_utf8();
        decomposed.clear();
        let plain = ch.is_ascii() || ('\u{05D0}'..='\u{05EA}').contains(&ch);
        if plain {
            decomposed.push(ch.to_ascii_lowercase());
        } else {
            unicode_normalization::char::decompose_compatible(ch, |d| {
                if !is_combining_mark(d) && !ignorable(d) {
                    decomposed.extend(d.to_lowercase());
                }
            });
        }
        for &lower in &decomposed {
            let c = fold(lower);
            // Lowercasing can make a mark (İ → i + U+0307).
            if !plain && is_combining_mark(c) {
                continue;
            }
            let word = if plain {
                c.is_ascii_alphanumeric() || !c.is_ascii()
            } else {
                c.is_alphanumeric()
            };
            let in_part = !part_empty(&buf, &ends);
            if word {
                if pending == Pending::Split {
                    ends.push(buf.len());
                }
                pending = Pending::None;
                buf.push(c);
            } else if in_part && pending == Pending::None && joiner(c) {
                pending = Pending::Join;
            } else if in_part && pending == Pending::None && splitter(c) {
                pending = Pending::Split;
            } else {
                end(&mut buf, &mut ends, &mut pending);
            }
        }
    }
    end(&mut buf, &mut ends, &mut pending);
}

/// The words of a query, each searched as a prefix (compounds split into their parts).
pub fn query_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |w| out.extend(w.parts().map(str::to_string)));
    out
}

/// Clitic prefixes a Hebrew word may carry: ו, then ש / מ / כש / לכש, then ה / ב / כ / ל.
const FIRST: [&str; 2] = ["", "ו"];
const MIDDLE: [&str; 5] = ["", "ש", "מ", "כש", "לכש"];
const LAST: [&str; 5] = ["", "ה", "ב", "כ", "ל"];

/// Every clitic prefix the pattern allows (at most 2 × 5 × 5, fewer once repeats are merged).
fn clitic_prefixes() -> &'static crate::hashing::HashSet<String> {
    static SET: std::sync::OnceLock<crate::hashing::HashSet<String>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut set = crate::hashing::HashSet::default();
        for a in FIRST {
            for b in MIDDLE {
                for c in LAST {
                    let p = format!("{a}{b}{c}");
                    if !p.is_empty() {
                        set.insert(p);
                    }
                }
            }
        }
        set
    })
}

/// `term` without each clitic prefix it may carry, never shorter than two letters.
pub fn without_clitics<'a>(term: &'a str, mut each: impl FnMut(&'a str)) {
    let set = clitic_prefixes();
    // A clitic prefix is at most five letters (ולכשה), each two bytes in UTF-8.
    for i in term.char_indices().skip(1).take(5).map(|(i, _)| i) {
        let head = &term[..i];
        if !head.chars().all(|h| "ושמכלהב".contains(h)) {
            return;
        }
        if set.contains(head) && term[i..].chars().nth(1).is_some() {
            each(&term[i..]);
        }
    }
}

/// The words of `text` as the index keeps them: the parts of every word and, for a compound,
/// the whole (without its dashes). Words over [`MAX_TERM_CHARS`] are left out.
pub fn index_words(text: &str, mut each: impl FnMut(&str)) {
    let mut emit = |t: &str| {
        // A word of at most MAX_TERM_CHARS bytes has at most that many characters: nearly
        // every word, and counting its characters was 5 % of the index's time (perf).
        if t.len() <= MAX_TERM_CHARS || t.chars().nth(MAX_TERM_CHARS).is_none() {
            each(t);
        }
    };
    tokens(text, |w| {
        for p in w.parts() {
            emit(p);
        }
        if w.is_compound() {
            emit(w.whole());
        }
    });
}

/// Every index term of `text`, with whether it is a form written in the text (`true`) or one
/// made from it by taking off clitic prefixes (`false`). Terms may repeat.
pub fn index_terms(text: &str, mut each: impl FnMut(&str, bool)) {
    index_words(text, |w| {
        each(w, true);
        without_clitics(w, |alt| each(alt, false));
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
