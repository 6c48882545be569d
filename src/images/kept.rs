//! What a `serve` session's processor remembers from one run to the next: each page's preview
//! card by a key of everything the card shows, so an unchanged page's card is a hash and a lookup.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::hashing::HashMap;

/// A kept output that knows the last run that asked for it.
pub trait Seen {
    fn seen(&self) -> &AtomicU64;
}

/// Card key → (URL, the card's output as it sits in the processor's wanted map).
pub struct KeptCards<P> {
    on: bool,
    cards: RwLock<HashMap<u64, (String, Arc<P>)>>,
}

impl<P: Seen> KeptCards<P> {
    pub fn new(on: bool) -> Self {
        KeptCards {
            on,
            cards: RwLock::default(),
        }
    }

    /// The URL of a card kept under `key`, marked as asked for in `run`.
    pub fn get(&self, key: u64, run: u64) -> Option<String> {
        if !self.on {
            return None;
        }
        let cards = self.cards.read().ok()?;
        let (url, pending) = cards.get(&key)?;
        pending.seen().store(run, Ordering::Relaxed);
        Some(url.clone())
    }

    pub fn put(&self, key: u64, url: &str, pending: Arc<P>) {
        if self.on
            && let Ok(mut cards) = self.cards.write()
        {
            cards.insert(key, (url.to_string(), pending));
        }
    }

    /// Forgets the cards not asked for in run `last`. A card asked for then is the one the
    /// wanted map holds for its page: a page whose card changed asked for the new one instead,
    /// and a run only drops cards that it did not ask for.
    pub fn keep_seen_in(&self, last: u64) {
        if self.on
            && let Ok(mut cards) = self.cards.write()
        {
            cards.retain(|_, (_, p)| p.seen().load(Ordering::Relaxed) == last);
        }
    }
}
