//! The hash for kehila's own maps and cache keys: foldhash with a fixed seed (`quality` for
//! keys, a 64-bit fingerprint of the inputs; `fast` for maps).
//!
//! A `serve` rebuild hashes every post's key inputs and looks up every page path; the standard
//! SipHash was 13 % of a 10,000-post rebuild's time. Fixed seeds make the keys the same in
//! every run.

use std::hash::BuildHasher;

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

/// A hasher for cache keys.
pub type KeyHasher = foldhash::quality::FoldHasher<'static>;

pub fn key_hasher() -> KeyHasher {
    foldhash::quality::FixedState::default().build_hasher()
}

/// The key of one hashable value.
pub fn hash_of<T: std::hash::Hash>(t: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = key_hasher();
    t.hash(&mut h);
    h.finish()
}

/// Hashes a value through its JSON form, written straight into the hasher (no string built).
pub fn hash_json<T: serde::Serialize>(h: &mut KeyHasher, v: &T) {
    let _ = serde_json::to_writer(HashWriter(h), v);
}

/// Hashes a value through its `Debug` form, written straight into the hasher (no string
/// built): for the few small lists whose every field a key must cover.
pub fn hash_debug<T: std::fmt::Debug + ?Sized>(h: &mut KeyHasher, v: &T) {
    use std::fmt::Write;
    let _ = write!(HashWriter(h), "{v:?}");
}

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        std::hash::Hasher::write(self.0, s.as_bytes());
        Ok(())
    }
}

/// Feeds a hasher through `io::Write`, so serde can hash a value without building a string.
struct HashWriter<'a>(&'a mut KeyHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
