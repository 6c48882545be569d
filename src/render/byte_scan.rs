//! Eight bytes at a time: where the first byte of a small set is (SWAR, plain `u64`
//! arithmetic, no `unsafe`).
//!
//! The writers of feed text ([`super::json_string`], [`super::escape::push_xml_text`]) skip
//! the plain runs between the bytes they escape with it: a full-content feed is tens of MB of
//! text at 10,000 posts.
//!
//! Each function returns a mask whose lowest set bit, if any, is the high bit of the first
//! matching byte (little-endian: the first in memory). Bits above it may be set wrongly (a
//! borrow carries on), so only the lowest one is read.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

fn zeros(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGHS
}

/// Bytes below `n` (`n` at most 0x80).
pub fn below(w: u64, n: u8) -> u64 {
    // Subtracting borrows into the high bit of a byte below `n`, which it did not have.
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS
}

/// Bytes equal to `c`.
pub fn equal(w: u64, c: u8) -> u64 {
    zeros(w ^ (ONES * u64::from(c)))
}

/// Bytes equal to `a` or `b`, two values that differ in one bit only (`<` and `>`, `&` and `'`).
pub fn equal_either(w: u64, a: u8, b: u8) -> u64 {
    let bit = a ^ b;
    debug_assert!(bit.is_power_of_two());
    zeros((w | (ONES * u64::from(bit))) ^ (ONES * u64::from(a | bit)))
}

/// The index of the first byte that `mask` (one of the masks above, or several ORed) marks.
pub fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The first byte of `b` from `from` on that `test` marks in its block of eight, or (in the
/// last, shorter block) for which `slow` holds.
pub fn find(
    b: &[u8],
    from: usize,
    test: impl Fn(u64) -> u64,
    slow: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mask = test(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        if mask != 0 {
            return Some(i + first(mask));
        }
        i += 8;
    }
    (i..b.len()).find(|&at| slow(b[at]))
}

/// Calls `each(i)` for every byte of `b` that `test` marks in its block of eight, or (in the
/// last, shorter block) for which `slow` holds, in order.
pub fn each_match(
    b: &[u8],
    test: impl Fn(u64) -> u64,
    slow: impl Fn(u8) -> bool,
    mut each: impl FnMut(usize),
) {
    let mut i = 0;
    while let Some(at) = find(b, i, &test, &slow) {
        each(at);
        i = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_match_of_every_byte_at_every_place() {
        for c in 0u8..=255 {
            for at in 0..8 {
                // Plain bytes, then `c`, then bytes that would match each test, so that a
                // borrow from them could not hide a wrong answer below.
                let mut b = [b'x'; 8];
                b[at] = c;
                for k in at + 1..8 {
                    b[k] = [0u8, b'"', b'<', b'&'][k % 4];
                }
                let w = u64::from_le_bytes(b);
                // The mask must point at `at` exactly when `c` matches (later bytes match too).
                let got = |mask: u64| (mask != 0 && first(mask) == at).then_some(at);
                assert_eq!(
                    got(below(w, 0x20)),
                    (c < 0x20).then_some(at),
                    "below {c:#x} at {at}"
                );
                assert_eq!(
                    got(equal(w, b'"')),
                    (c == b'"').then_some(at),
                    "equal {c:#x} at {at}"
                );
                assert_eq!(
                    got(equal_either(w, b'<', b'>')),
                    (c == b'<' || c == b'>').then_some(at),
                    "either {c:#x} at {at}"
                );
            }
        }
    }
}
