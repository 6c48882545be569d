//! Every distinct index term of one index, numbered: a page's terms are numbers, and a word's
//! clitic-free forms ([`normalize::without_clitics`]) are worked out once per word, not once
//! per page that writes it.

use super::normalize;
use super::short_map::{Short, ShortMap};
use crate::hashing::HashMap;

/// The words of a piece that is one word: `(its term, ONE)`, not a range of `piece_terms`.
const ONE: u32 = u32::MAX;

/// Marks a term whose clitic-free forms have not been asked for yet.
const UNKNOWN: (u32, u32) = (u32::MAX, u32::MAX);

/// A number (a term's or a page's) and its flags as one `u32`: half the memory of a pair,
/// for the two biggest lists of the index (every page's terms, every term's pages), which
/// are new memory on every build. Numbers stay below 2^29: a term for every 8 bytes of text
/// of a 4 GB site.
#[inline]
pub fn pack(n: u32, flags: u8) -> u32 {
    debug_assert!(n < 1 << 29 && flags < 8);
    n << 3 | u32::from(flags)
}

/// The number and flags [`pack`] joined.
#[inline]
pub fn unpack(packed: u32) -> (u32, u8) {
    (packed >> 3, (packed & 7) as u8)
}

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
    /// The page being read: each of its terms once, with its flags (the first `count` of
    /// `terms`; the buffer is kept from page to page); and, while its forms are added, the
    /// flags of its written words.
    terms: Vec<(u32, u8)>,
    count: usize,
    written: Vec<(u32, u8)>,
    /// Each distinct piece of text ([`normalize::pieces`]) read so far, with its range in
    /// `piece_terms` (the index words of a piece, in order), or its one word and [`ONE`].
    /// Most of a hub's text is pieces seen before, so most of it is looked up instead of
    /// normalised again.
    pieces: HashMap<Box<str>, (u32, u32)>,
    /// The same for pieces of at most 16 bytes (most words).
    short_pieces: ShortMap,
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
        self.count = 0;
    }

    /// Adds every index word of `text` with `flag` to this page's terms
    /// ([`normalize::index_words`]).
    pub fn add_text(&mut self, text: &str, flag: u8) {
        normalize::pieces(text.as_bytes(), |start, end| {
            self.add_piece(text, start, end, flag)
        });
    }

    /// Adds the words of `text[start..end]`, a piece: looked up, or read the first time.
    #[inline(always)]
    fn add_piece(&mut self, text: &str, start: usize, end: usize, flag: u8) {
        let known = match Short::at(text.as_bytes(), start, end) {
            Some(k) => self.short_pieces.get(&k),
            None => self.pieces.get(&text[start..end]).copied(),
        };
        let (first, last) = match known {
            Some(words) => words,
            None => self.read_piece(&text[start..end]),
        };
        if last == ONE {
            self.add_id(first, flag);
        } else {
            for k in first..last {
                self.add_id(self.piece_terms[k as usize], flag);
            }
        }
    }

    /// This page's terms, each once, with the clitic-free forms of its words (a form with
    /// the flags of the words it comes from).
    pub fn page_terms(&mut self) -> Vec<u32> {
        // A written word's own flags: adding the forms may add to a written word's flags (the
        // form of one is the other), which must not pass on to that word's forms.
        let mut written = std::mem::take(&mut self.written);
        written.clear();
        written.extend_from_slice(&self.terms[..self.count]);
        for &(id, flag) in &written {
            let (start, end) = self.forms_of(id);
            for k in start..end {
                self.add_id(self.alts[k as usize], flag);
            }
        }
        self.written = written;
        let terms = &self.terms[..self.count];
        terms.iter().map(|&(id, flags)| pack(id, flags)).collect()
    }

    fn read_piece(&mut self, piece: &str) -> (u32, u32) {
        let mut words = Vec::new();
        normalize::index_words(piece, |w| words.push(w.to_string()));
        let words = if let [one] = &words[..] {
            (self.id(one), ONE)
        } else {
            let start = self.piece_terms.len() as u32;
            for w in words {
                let id = self.id(&w);
                self.piece_terms.push(id);
            }
            (start, self.piece_terms.len() as u32)
        };
        match Short::of(piece.as_bytes()) {
            Some(k) => self.short_pieces.insert(k, words),
            None => {
                self.pieces.insert(piece.into(), words);
            }
        }
        words
    }

    #[inline(always)]
    fn add_id(&mut self, id: u32, flag: u8) {
        // Without a branch on whether the page has the term already: it is as often new as
        // not, which no predictor guesses, and this runs for every word. The next free slot
        // is written either way and counted only for a new term.
        if self.count == self.terms.len() {
            self.terms.push((0, 0));
        }
        let seen = &mut self.seen[id as usize];
        let had = seen.0 == self.page;
        // A mask, not an `if`: the compiler made that a branch.
        let keep = usize::from(had).wrapping_neg();
        let at = (seen.1 as usize & keep) | (self.count & !keep);
        *seen = (self.page, at as u32);
        self.terms[self.count] = (id, 0);
        self.terms[at].1 |= flag;
        self.count += usize::from(!had);
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
    fn a_page_has_each_term_once_with_all_its_flags() {
        let mut lex = Lexicon::default();
        lex.page();
        lex.add_text("הבוגרים", 1);
        lex.add_text("בוגרים", 2);
        lex.add_text("הַבּוֹגְרִים", 4);
        let terms: Vec<(u32, u8)> = lex.page_terms().into_iter().map(unpack).collect();
        let named: Vec<(&str, u8)> = terms.iter().map(|&(t, f)| (lex.text(t), f)).collect();
        // A form has the flags of the words written as it or with it inside, and no more:
        // וגרימ is a form of בוגרימ (2) only, not of הבוגרימ.
        assert_eq!(named, [("הבוגרימ", 5), ("בוגרימ", 7), ("וגרימ", 2)]);
        lex.page();
        lex.add_text("בוגרים", 1);
        let again: Vec<(u32, u8)> = lex.page_terms().into_iter().map(unpack).collect();
        assert_eq!(again, [(terms[1].0, 1), (terms[2].0, 1)]);
    }
}
