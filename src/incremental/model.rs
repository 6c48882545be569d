//! Kept post parts (entry and dates) by content path, reused only for the very same document
//! and while the settings, URLs and hub folder are the same; never for a post with an image,
//! whose file is checked again every time.

use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;

use crate::hashing::{HashMap, HashSet};
use crate::load::Document;
use crate::model::build::PostParts;
use crate::model::build::reuse::{MakeParts, NoReuse, PostRefs, Resolve, Reuse, Settings, Wanted};

/// `memo`, or `plain` (a one-off run, which keeps nothing).
pub fn or_plain<'a>(memo: Option<&'a mut ModelMemo>, plain: &'a mut NoReuse) -> &'a mut dyn Reuse {
    match memo {
        Some(m) => m,
        None => plain,
    }
}

#[derive(Default)]
pub struct ModelMemo {
    settings: u64,
    posts: HashMap<String, (Arc<Document>, Arc<PostParts>)>,
    /// The last run's, in the documents' order: most are where they were, found without a
    /// lookup (whose comparison of paths missed the cache on every post).
    last: Vec<Option<(Arc<Document>, Arc<PostParts>)>>,
    /// The posts' references as last resolved, in the site's order, and the key of the
    /// tables they were resolved against.
    refs: (u64, Vec<KeptRefs>),
}

/// A post's document and its references as resolved.
type KeptRefs = (Arc<Document>, Arc<PostRefs>);

impl Reuse for ModelMemo {
    fn post_parts(
        &mut self,
        (config, urls, root): Settings,
        docs: &[Arc<Document>],
        wanted: &Wanted,
        make: &MakeParts,
    ) -> Vec<Option<Arc<PostParts>>> {
        let settings = {
            let mut h = crate::hashing::key_hasher();
            crate::hashing::hash_debug(&mut h, &(config, urls, root));
            h.finish()
        };
        if self.settings != settings {
            self.posts.clear();
            self.last.clear();
            self.settings = settings;
        }
        let (kept, last) = (&self.posts, &self.last);
        // (parts, whether they were made now)
        let made: Vec<Option<(Arc<PostParts>, bool)>> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                if !wanted(d) {
                    return None;
                }
                if let Some(Some((old, parts))) = last.get(i)
                    && Arc::ptr_eq(old, d)
                {
                    return Some((Arc::clone(parts), false));
                }
                if let Some((old, parts)) = kept.get(&d.content_path)
                    && Arc::ptr_eq(old, d)
                {
                    return Some((Arc::clone(parts), false));
                }
                Some((make(d), true))
            })
            .collect();
        let posts = made.iter().flatten().count();
        for (d, m) in docs.iter().zip(&made) {
            if let Some((parts, true)) = m {
                if d.image.is_none() {
                    let kept = (Arc::clone(d), Arc::clone(parts));
                    self.posts.insert(d.content_path.clone(), kept);
                } else {
                    self.posts.remove(&d.content_path);
                }
            }
        }
        if self.posts.len() > posts {
            // Forget documents that are gone (their text would otherwise be kept forever).
            let live: HashSet<&str> = docs
                .iter()
                .zip(&made)
                .filter(|(_, m)| m.is_some())
                .map(|(d, _)| d.content_path.as_str())
                .collect();
            self.posts.retain(|k, _| live.contains(k.as_str()));
        }
        self.last = (docs.iter().zip(&made))
            .map(|(d, m)| match m {
                Some((parts, _)) if d.image.is_none() => Some((Arc::clone(d), Arc::clone(parts))),
                _ => None,
            })
            .collect();
        made.into_iter().map(|m| m.map(|(p, _)| p)).collect()
    }

    /// An unchanged post's references are the last run's while the tables are the same (they
    /// depend on nothing else); looked for at the post's last place only, since a post that
    /// moved costs no more to resolve again than to find.
    fn post_refs(
        &mut self,
        tables: u64,
        docs: &[&Arc<Document>],
        resolve: &Resolve,
    ) -> Vec<Arc<PostRefs>> {
        let (key, last) = &self.refs;
        let last = if *key == tables { &last[..] } else { &[] };
        let refs: Vec<Arc<PostRefs>> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| match last.get(i) {
                Some((old, r)) if Arc::ptr_eq(old, d) => Arc::clone(r),
                _ => Arc::new(resolve(d)),
            })
            .collect();
        let kept = (docs.iter().zip(&refs))
            .map(|(d, r)| (Arc::clone(d), Arc::clone(r)))
            .collect();
        self.refs = (tables, kept);
        refs
    }
}
