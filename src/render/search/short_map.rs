//! The lexicon's map from a short piece of text (at most 16 bytes: most words) to its words:
//! the piece's bytes as two numbers and its length in one open-addressed table, so a lookup
//! hashes one number, follows no pointer and compares no string.

/// A piece of at most 16 bytes as two numbers and its length: its bytes, zero-padded to 16,
/// read as two little-endian numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Short(u64, u64, u8);

impl Short {
    pub fn of(piece: &[u8]) -> Option<Short> {
        Short::at(piece, 0, piece.len())
    }

    /// The key of `text[start..end]`. Where 16 bytes of `text` follow `start` (nearly always:
    /// the text goes on past a word), they are read in two loads and the bytes past `end`
    /// masked off, with no branch on the length: word lengths vary too much for a branch
    /// predictor, and this runs for every word of the site.
    pub fn at(text: &[u8], start: usize, end: usize) -> Option<Short> {
        let n = end - start;
        if n > 16 {
            return None;
        }
        let number = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        let (first, second) = match text.get(start..start + 16) {
            Some(b) => (number(&b[..8]), number(&b[8..])),
            None => {
                let mut b = [0u8; 16];
                b[..n].copy_from_slice(&text[start..end]);
                (number(&b[..8]), number(&b[8..]))
            }
        };
        let (keep_first, keep_second) = KEEP[n];
        Some(Short(first & keep_first, second & keep_second, n as u8))
    }
}

/// For a piece of `n` bytes, the masks that keep its bytes of each number.
const KEEP: [(u64, u64); 17] = {
    const fn bytes(k: usize) -> u64 {
        if k >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * k)) - 1
        }
    }
    let mut t = [(0, 0); 17];
    let mut n = 0;
    while n <= 16 {
        t[n] = (bytes(n), bytes(n.saturating_sub(8)));
        n += 1;
    }
    t
};

#[derive(Clone, Copy)]
struct Slot {
    key: Short,
    /// The value; a slot whose key has length [`EMPTY`] holds none.
    value: (u32, u32),
}

/// No piece is this long, so it marks a free slot.
const EMPTY: u8 = u8::MAX;

const FREE: Slot = Slot {
    key: Short(0, 0, EMPTY),
    value: (0, 0),
};

/// [`Short`] → a range, with linear probing in a table kept at most half full.
pub struct ShortMap {
    slots: Vec<Slot>,
    len: usize,
}

impl Default for ShortMap {
    fn default() -> Self {
        ShortMap {
            slots: vec![FREE; 1024],
            len: 0,
        }
    }
}

impl ShortMap {
    fn home(&self, k: &Short) -> usize {
        // A multiply spreads the bits; the top bits pick the slot (the table's size is a power
        // of two).
        let h =
            (k.0 ^ k.1.rotate_left(29) ^ u64::from(k.2) << 56).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    pub fn get(&self, k: &Short) -> Option<(u32, u32)> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = &self.slots[i];
            if s.key == *k {
                return Some(s.value);
            }
            if s.key.2 == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `k` (not in the map yet).
    pub fn insert(&mut self, k: Short, value: (u32, u32)) {
        if (self.len + 1) * 2 > self.slots.len() {
            let bigger = vec![FREE; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            for s in old.into_iter().filter(|s| s.key.2 != EMPTY) {
                self.place(s);
            }
        }
        self.place(Slot { key: k, value });
        self.len += 1;
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(&slot.key);
        while self.slots[i].key.2 != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_per_piece() {
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
        let keys: crate::hashing::HashSet<Short> = pieces
            .iter()
            .filter_map(|p| Short::of(p.as_bytes()))
            .collect();
        assert_eq!(keys.len(), pieces.len());
        assert_eq!(Short::of(b"abcdefghijklmnopq"), None);
    }

    #[test]
    fn a_piece_has_one_key_wherever_it_is() {
        let text = "שלום abc בוגרים-x 0123456789abcdef z";
        for (start, end) in [(0, 8), (9, 12), (13, 25), (28, 44), (45, 46), (44, 46)] {
            let piece = &text.as_bytes()[start..end];
            assert_eq!(Short::at(text.as_bytes(), start, end), Short::of(piece));
        }
        assert_ne!(Short::of(b"ab"), Short::of(b"ab\0"));
    }

    #[test]
    fn finds_what_was_put_in_as_it_grows() {
        let mut map = ShortMap::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            let k = Short::of(w.as_bytes()).unwrap();
            assert_eq!(map.get(&k), None);
            map.insert(k, (i as u32, i as u32 + 1));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(
                map.get(&Short::of(w.as_bytes()).unwrap()),
                Some((i as u32, i as u32 + 1))
            );
        }
        assert_eq!(map.get(&Short::of(b"x").unwrap()), None);
    }
}
