//! Every distinct index term of one index, numbered: a page's terms are numbers, and a word's
//! clitic-free forms ([`normalize::without_clitics`]) are worked out once per word, not once
//! per page that writes it.

use super::normalize;
use crate::hashing::HashMap;

/// Marks a term whose clitic-free forms have not been asked for yet.
const UNKNOWN: (u32, u32) = (u32::MAX, u32::MAX);

#[derive(Default)]
pub struct Lexicon {
    ids: HashMap<Box<str>, u32>,
    text: Vec<Box<str>>,
    /// For each term, its range in `alts`, or [`UNKNOWN`].
    forms: Vec<(u32, u32)>,
    alts: Vec<u32>,
    /// For each term, the page ([`Lexicon::page`]) that last added it and its place in that
    /// page's list: a page keeps each term once without a map or a sort of its own.
    seen: Vec<(u32, u32)>,
    page: u32,
    /// The page being read: each of its terms once, with its flags; and, while its forms are
    /// added, the flags of its written words (buffers kept from page to page).
    terms: Vec<(u32, u8)>,
    written: Vec<(u32, u8)>,
    /// Each distinct piece of text ([`normalize::pieces`]) read so far, with its range in
    /// `piece_terms`: the index words of a piece, in order. Most of a hub's text is pieces
    /// seen before, so most of it is looked up instead of normalised again.
    pieces: HashMap<Box<str>, (u32, u32)>,
    /// The same for pieces of at most 16 bytes (most words), by their bytes as numbers: a
    /// lookup then follows no pointer and compares no string.
    short_pieces: HashMap<Short, (u32, u32)>,
    piece_terms: Vec<u32>,
}

impl Lexicon {
    /// The number of `term`, added if new.
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.text.len() as u32;
        self.ids.insert(term.into(), id);
        self.text.push(term.into());
        self.forms.push(UNKNOWN);
        self.seen.push((0, 0));
        id
    }

    /// Starts a new page's list of terms.
    pub fn page(&mut self) {
        self.page += 1;
        self.terms.clear();
    }

    /// Adds every index word of `text` with `flag` to this page's terms
    /// ([`normalize::index_words`]).
    pub fn add_text(&mut self, text: &str, flag: u8) {
        normalize::pieces(text, |piece| {
            let known = match short(piece) {
                Some(k) => self.short_pieces.get(&k),
                None => self.pieces.get(piece),
            };
            let (start, end) = match known {
                Some(&range) => range,
                None => self.read_piece(piece),
            };
            for k in start..end {
                self.add_id(self.piece_terms[k as usize], flag);
            }
        });
    }

    /// This page's terms, each once, with the clitic-free forms of its words (a form with
    /// the flags of the words it comes from).
    pub fn page_terms(&mut self) -> Vec<(u32, u8)> {
        // A written word's own flags: adding the forms may add to a written word's flags (the
        // form of one is the other), which must not pass on to that word's forms.
        let mut written = std::mem::take(&mut self.written);
        written.clear();
        written.extend_from_slice(&self.terms);
        for &(id, flag) in &written {
            let (start, end) = self.forms_of(id);
            for k in start..end {
                self.add_id(self.alts[k as usize], flag);
            }
        }
        self.written = written;
        self.terms.clone()
    }

    fn read_piece(&mut self, piece: &str) -> (u32, u32) {
        let mut words = Vec::new();
        normalize::index_words(piece, |w| words.push(w.to_string()));
        let start = self.piece_terms.len() as u32;
        for w in words {
            let id = self.id(&w);
            self.piece_terms.push(id);
        }
        let range = (start, self.piece_terms.len() as u32);
        match short(piece) {
            Some(k) => self.short_pieces.insert(k, range),
            None => self.pieces.insert(piece.into(), range),
        };
        range
    }

    fn add_id(&mut self, id: u32, flag: u8) {
        let seen = &mut self.seen[id as usize];
        if seen.0 == self.page {
            self.terms[seen.1 as usize].1 |= flag;
        } else {
            *seen = (self.page, self.terms.len() as u32);
            self.terms.push((id, flag));
        }
    }

    /// The range in `alts` of the terms `id` stands for without each clitic prefix it may
    /// carry, worked out the first time it is asked for.
    fn forms_of(&mut self, id: u32) -> (u32, u32) {
        let (mut start, mut end) = self.forms[id as usize];
        if (start, end) == UNKNOWN {
            let text = self.text[id as usize].clone();
            let mut found = Vec::new();
            normalize::without_clitics(&text, |alt| found.push(alt.to_string()));
            start = self.alts.len() as u32;
            for alt in found {
                let alt = self.id(&alt);
                self.alts.push(alt);
            }
            end = self.alts.len() as u32;
            self.forms[id as usize] = (start, end);
        }
        (start, end)
    }

    pub fn text(&self, id: u32) -> &str {
        &self.text[id as usize]
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// A piece of at most 16 bytes as two numbers and its length: its first and last bytes,
/// which overlap and so hold every byte (read in a few loads, not copied byte by byte).
fn short(piece: &str) -> Option<Short> {
    let b = piece.as_bytes();
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            b[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    let (first, last) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        4..=7 => (half(0) | half(n - 4) << 32, 0),
        8..=16 => (word(0), word(n - 8)),
        _ => return None,
    };
    Some(Short(first, last, n as u8))
}

#[derive(Debug, PartialEq, Eq)]
struct Short(u64, u64, u8);

impl std::hash::Hash for Short {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // One number to hash, not three: equal keys still hash alike, and the map compares
        // the whole key after.
        h.write_u64(self.0 ^ self.1.rotate_left(29) ^ u64::from(self.2) << 56);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_per_term_and_forms_once() {
        let mut lex = Lexicon::default();
        let a = lex.id("והבוגרימ");
        assert_eq!(lex.id("והבוגרימ"), a);
        let (start, end) = lex.forms_of(a);
        let forms: Vec<&str> = lex.alts[start as usize..end as usize]
            .iter()
            .map(|&i| lex.text(i))
            .collect();
        assert_eq!(forms, ["הבוגרימ", "בוגרימ"]);
        assert_eq!(lex.len(), 3);
        assert_eq!(lex.forms_of(a), (start, end));
        assert_eq!(lex.len(), 3);
    }

    #[test]
    fn short_keys_are_one_per_piece() {
        let pieces = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abcde",
            "abdce",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefgih",
            "abcdefghijklmnop",
            "בוגרים",
            "בוגרימ",
        ];
        let keys: crate::hashing::HashSet<Short> = pieces.iter().filter_map(|p| short(p)).collect();
        assert_eq!(keys.len(), pieces.len());
        assert_eq!(short("abcdefghijklmnopq"), None);
    }

    #[test]
    fn a_page_has_each_term_once_with_all_its_flags() {
        let mut lex = Lexicon::default();
        lex.page();
        lex.add_text("הבוגרים", 1);
        lex.add_text("בוגרים", 2);
        lex.add_text("הַבּוֹגְרִים", 4);
        let terms = lex.page_terms();
        let named: Vec<(&str, u8)> = terms.iter().map(|&(t, f)| (lex.text(t), f)).collect();
        // A form has the flags of the words written as it or with it inside, and no more:
        // וגרימ is a form of בוגרימ (2) only, not of הבוגרימ.
        assert_eq!(named, [("הבוגרימ", 5), ("בוגרימ", 7), ("וגרימ", 2)]);
        lex.page();
        lex.add_text("בוגרים", 1);
        assert_eq!(lex.page_terms(), [(terms[1].0, 1), (terms[2].0, 1)]);
    }
}
