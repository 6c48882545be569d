//! Kept Markdown bodies, by content path: a body is reused while its text, first line, file
//! and the `@/` link table it was rendered against are unchanged.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::hashing::HashMap;
use crate::model::Entry;
use crate::render::markdown::{Links, Rendered};
use crate::render::reuse::MakeBody;

/// A Markdown body as last rendered. The body is held, not hashed: an unchanged file shares
/// its text with the load memo, so the check is a pointer comparison, not a 45 MB hash.
struct Kept {
    body: Arc<str>,
    body_line: usize,
    file: PathBuf,
    /// The `@/` link table and labels it was rendered against.
    links_key: u64,
    rendered: Arc<Rendered>,
    diags: Diagnostics,
}

impl Kept {
    fn matches(&self, e: &Entry, links_key: u64) -> bool {
        (Arc::ptr_eq(&self.body, &e.body) || self.body == e.body)
            && self.body_line == e.body_line
            // As bytes: `Path`'s own equality walks both paths component by component.
            && self.file.as_os_str() == e.file.as_os_str()
            && self.links_key == links_key
    }
}

#[derive(Default)]
pub struct MarkdownMemo {
    kept: HashMap<String, Arc<Kept>>,
    /// Each list's bodies as last rendered, in its order: most entries are where they were,
    /// found without a lookup (whose comparison of paths missed the cache on every entry).
    last: Vec<Vec<Arc<Kept>>>,
}

impl MarkdownMemo {
    /// Every body of `lists`, made by `make` unless kept.
    pub fn bodies(
        &mut self,
        lists: &[Vec<&Entry>],
        links: &Links,
        make: &MakeBody,
    ) -> Vec<Vec<(Arc<Rendered>, Diagnostics)>> {
        let key = links_key(links);
        self.last.resize_with(lists.len(), Vec::new);
        (0..lists.len())
            .map(|n| self.list(n, &lists[n], key, make))
            .collect()
    }

    fn list(
        &mut self,
        n: usize,
        entries: &[&Entry],
        links_key: u64,
        make: &MakeBody,
    ) -> Vec<(Arc<Rendered>, Diagnostics)> {
        let (kept, last) = (&self.kept, &self.last[n]);
        // (the body as rendered, whether it was rendered now)
        let results: Vec<(Arc<Kept>, bool)> = entries
            .par_iter()
            .enumerate()
            .map(|(i, e)| {
                if let Some(hit) = last.get(i).filter(|k| k.matches(e, links_key)) {
                    return (Arc::clone(hit), false);
                }
                match kept.get(&e.content_path) {
                    Some(hit) if hit.matches(e, links_key) => (Arc::clone(hit), false),
                    _ => {
                        let (rendered, diags) = make(e);
                        let kept = Kept {
                            body: Arc::clone(&e.body),
                            body_line: e.body_line,
                            file: e.file.clone(),
                            links_key,
                            rendered,
                            diags,
                        };
                        (Arc::new(kept), true)
                    }
                }
            })
            .collect();
        for (e, (k, _)) in entries.iter().zip(&results).filter(|(_, r)| r.1) {
            self.kept.insert(e.content_path.clone(), Arc::clone(k));
        }
        self.last[n] = results.iter().map(|(k, _)| Arc::clone(k)).collect();
        results
            .into_iter()
            .map(|(k, _)| (Arc::clone(&k.rendered), k.diags.clone()))
            .collect()
    }
}

/// A key of the `@/` link table and everything else a body is rendered against. The table is
/// a set: its key adds up a key per pair, in any order, instead of sorting 10,000 pairs on
/// every save.
fn links_key(links: &Links) -> u64 {
    let pairs = links
        .targets
        .iter()
        .map(|pair| crate::hashing::hash_of(&pair))
        .fold(0u64, u64::wrapping_add);
    crate::hashing::hash_of(&(
        pairs,
        links.targets.len(),
        links.task_labels.0,
        links.task_labels.1,
        &links
            .drafts
            .iter()
            .collect::<std::collections::BTreeSet<_>>(),
        links.html.key(),
    ))
}
