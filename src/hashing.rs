//! The hash kehila uses for its own maps and cache keys: foldhash with a fixed seed. A `serve`
//! rebuild hashes every post's key inputs and looks up every page path; the standard SipHash
//! was 13 % of a 10,000-post rebuild's time. Fixed seeds also make the keys the same in every
//! run. Keys use the `quality` variant (better mixing for a 64-bit fingerprint of the inputs),
//! maps the `fast` one.

use std::hash::BuildHasher;

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

/// A hasher for cache keys.
pub type KeyHasher = foldhash::quality::FoldHasher<'static>;

pub fn key_hasher() -> KeyHasher {
    foldhash::quality::FixedState::default().build_hasher()
}
