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

/// The word being read: its text so far and where each of its finished parts ends in it, one
/// buffer for all words instead of a string per part (at 10,000 posts, millions of them).
struct Reader<F> {
    buf: String,
    ends: Vec<usize>,
    pending: Pending,
    each: F,
}

impl<F: FnMut(&Word)> Reader<F> {
    fn part_empty(&self) -> bool {
        self.buf.len() == self.ends.last().copied().unwrap_or(0)
    }

    /// Before a letter: a dash seen since the last one starts a new part.
    fn letter_next(&mut self) {
        if self.pending == Pending::Split {
            self.ends.push(self.buf.len());
        }
        self.pending = Pending::None;
    }

    /// A run of ASCII letters and digits and Hebrew letters, copied in one go: lowercased,
    /// final letters folded (each is the letter before its plain form in Unicode).
    fn run(&mut self, run: &str) {
        self.letter_next();
        let from = self.buf.len();
        self.buf.push_str(run);
        self.buf[from..].make_ascii_lowercase();
        let bytes = run.as_bytes();
        for (at, pair) in bytes.windows(2).enumerate() {
            if pair[0] == 0xD7 && matches!(pair[1], 0x9A | 0x9D | 0x9F | 0xA3 | 0xA5) {
                let plain = fold(run[at..].chars().next().unwrap_or(' '));
                let at = from + at;
                self.buf
                    .replace_range(at..at + 2, plain.encode_utf8(&mut [0; 4]));
            }
        }
    }

    /// One normalised character outside such a run.
    fn char(&mut self, c: char, word: bool) {
        let in_part = !self.part_empty();
        if word {
            self.letter_next();
            self.buf.push(c);
        } else if in_part && self.pending == Pending::None && joiner(c) {
            self.pending = Pending::Join;
        } else if in_part && self.pending == Pending::None && splitter(c) {
            self.pending = Pending::Split;
        } else {
            self.end();
        }
    }

    fn end(&mut self) {
        if !self.part_empty() {
            self.ends.push(self.buf.len());
        }
        if !self.ends.is_empty() {
            (self.each)(&Word {
                text: &self.buf,
                ends: &self.ends,
            });
        }
        self.buf.clear();
        self.ends.clear();
        self.pending = Pending::None;
    }
}

/// The length of the run of ASCII letters and digits and Hebrew letters (U+05D0–U+05EA, two
/// bytes each) at the start of `bytes`: nearly all of a hub's text, which needs no Unicode
/// decomposition.
fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            i += 1;
        } else if bytes[i] == 0xD7 && matches!(bytes.get(i + 1), Some(0x90..=0xAA)) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Calls `each` with every word of `text`, normalised (a compound such as `בית-ספר` is one
/// word of two parts).
pub fn tokens(text: &str, each: impl FnMut(&Word)) {
    let mut r = Reader {
        buf: String::new(),
        ends: Vec::new(),
        pending: Pending::None,
        each,
    };
    // Other characters one at a time: a compatibility decomposition per character is NFKD
    // but for the order of marks, and marks are dropped.
    let mut decomposed: Vec<char> = Vec::with_capacity(4);
    let mut i = 0;
    while i < text.len() {
        let run = plain_run(&text.as_bytes()[i..]);
        if run > 0 {
            r.run(&text[i..i + run]);
            i += run;
            continue;
        }
        if text.as_bytes()[i].is_ascii() {
            // Spaces and punctuation: not letters, nothing to decompose.
            r.char(char::from(text.as_bytes()[i]), false);
            i += 1;
            continue;
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        i += ch.len_utf8();
        decomposed.clear();
        unicode_normalization::char::decompose_compatible(ch, |d| {
            if !is_combining_mark(d) && !ignorable(d) {
                decomposed.extend(d.to_lowercase());
            }
        });
        for &lower in &decomposed {
            let c = fold(lower);
            // Lowercasing can make a mark (İ → i + U+0307).
            if !is_combining_mark(c) {
                r.char(c, c.is_alphanumeric());
            }
        }
    }
    r.end();
}

/// Whether a byte ends every word, whatever came before: ASCII that is neither a letter, a
/// digit, a joiner nor a splitter (spaces, most punctuation). No byte of a non-ASCII
/// character does.
const BREAK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = !c.is_ascii_alphanumeric() && !matches!(c, b'"' | b'\'' | b'-');
        b += 1;
    }
    t
};

/// For eight bytes at once (SWAR): the high bit of each ASCII byte that is not a letter, so
/// every [`BREAK`] byte among them (and digits and joiners, which are not breaks). The sums stay
/// within their bytes (each operand is under 0x80 and 0x80 at most): no carry reaches the next.
fn not_letters(w: u64) -> u64 {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // ASCII letters with 0x20 set are the lower-case ones: one range for both cases.
    let lower = (w & !HIGH) | (LOW * 0x20);
    let at_least = |lo: u8| lower + LOW * u64::from(0x80 - lo);
    let letter = at_least(b'a') & !at_least(b'z' + 1);
    !w & !letter & HIGH
}

/// Calls `each` with the start and end of every piece of `text` (UTF-8) between [`BREAK`]
/// bytes: no word crosses from one to the next, so the words of `text` are the words of its
/// pieces in order, and a piece seen before has the same words (the index reads each distinct
/// piece once). Each start and end is a character boundary.
pub fn pieces(text: &[u8], mut each: impl FnMut(usize, usize)) {
    let n = text.len();
    let mut i = 0;
    loop {
        // Most gaps between words are one or two breaks (a space; a full stop and a space):
        // skipped without a branch, so the loop after them rarely runs.
        if i + 1 < n {
            let first = usize::from(BREAK[usize::from(text[i])]);
            let second = usize::from(BREAK[usize::from(text[i + 1])]);
            i += first + (first & second);
        }
        while i < n && BREAK[usize::from(text[i])] {
            i += 1;
        }
        if i == n {
            return;
        }
        let start = i;
        i = piece_end(text, i);
        // One call of `each`, so that it is inlined here: it runs for every word of the site.
        each(start, i);
    }
}

/// Where the piece that goes on at `i` ends: sixteen bytes at a time, one step for most words,
/// where a byte loop's exit is a branch no predictor gets right (word lengths vary).
#[inline(always)]
fn piece_end(text: &[u8], mut i: usize) -> usize {
    let number = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    loop {
        let Some(block) = text.get(i..i + 16) else {
            while i < text.len() && !BREAK[usize::from(text[i])] {
                i += 1;
            }
            return i;
        };
        // Two blocks of eight: a Hebrew word is often longer than eight bytes.
        let found = u128::from(not_letters(number(&block[..8])))
            | u128::from(not_letters(number(&block[8..]))) << 64;
        if found == 0 {
            i += 16;
            continue;
        }
        let at = i + (found.trailing_zeros() / 8) as usize;
        if BREAK[usize::from(text[at])] {
            return at;
        }
        // A digit or a joiner: the piece goes on.
        i = at + 1;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_words(text, |w| {
            v.push(w.to_string());
            without_clitics(w, |alt| v.push(alt.to_string()));
        });
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn pieces_have_the_words_of_the_whole() {
        let text = "צה\"ל, בית-ספר  (don't) ׳x׳ a''b İstanbul—שָׁלוֹם; ";
        let mut whole = Vec::new();
        index_words(text, |w| whole.push(w.to_string()));
        let mut by_piece = Vec::new();
        pieces(text.as_bytes(), |s, e| {
            index_words(&text[s..e], |w| by_piece.push(w.to_string()))
        });
        assert_eq!(whole, by_piece);
        assert!(whole.contains(&"ביתספר".to_string()));
    }

    #[test]
    fn eight_bytes_mark_every_ascii_byte_but_letters() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte among neighbours of every kind (a break, a letter, a lead byte).
                for fill in [b' ', b'a', 0xD7, 0x80, b'-', b'Z'] {
                    let mut w = [fill; 8];
                    w[lane] = b;
                    let want: u64 = (0..8)
                        .filter(|&k| w[k].is_ascii() && !w[k].is_ascii_alphabetic())
                        .map(|k| 0x80 << (8 * k))
                        .sum();
                    assert_eq!(
                        not_letters(u64::from_le_bytes(w)),
                        want,
                        "{b:#x} {lane} {fill:#x}"
                    );
                }
            }
        }
        assert!(
            (0..=255u8)
                .all(|b| !BREAK[usize::from(b)] || (b.is_ascii() && !b.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn pieces_end_at_ascii_breaks_only() {
        let breaks = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric() && !"\"'-".contains(c);
        let check = |text: &str| {
            let mut got = Vec::new();
            pieces(text.as_bytes(), |s, e| got.push(text[s..e].to_string()));
            let want: Vec<&str> = text.split(breaks).filter(|p| !p.is_empty()).collect();
            assert_eq!(got, want, "{text:?}");
        };
        check("צה\"ל, בית-ספר  (don't)\u{a0}׳x׳ a''b İstanbul—שָׁלוֹם;😀x\u{3000}y é\t1.5 ");
        // Words and gaps of every length, across and inside blocks of eight.
        let parts = [
            "a",
            "בוגרים",
            " ",
            ". ",
            "x-y",
            "  \n",
            "0123456789",
            "é",
            "😀",
            ",",
            "Z",
        ];
        for text in crate::render::search::test_texts::random(&parts, 3000, 30) {
            check(&text);
        }
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
