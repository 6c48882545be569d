//! Random texts made of given parts, for tests that hold a fast scanner to a plain one over
//! every mix of word lengths, gaps and characters (repeatable: a fixed xorshift seed).

/// `count` texts, each of up to `most` parts picked from `parts`.
pub fn random(parts: &[&str], count: usize, most: u64) -> Vec<String> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    (0..count)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (0..(seed % most) as usize)
                .map(|k| parts[((seed >> (k % 40)) as usize + k * 7) % parts.len()])
                .collect()
        })
        .collect()
}
