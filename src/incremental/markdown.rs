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
            && self.file == e.file
            && self.links_key == links_key
    }
}

#[derive(Default)]
pub struct MarkdownMemo {
    kept: HashMap<String, Kept>,
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
        lists.iter().map(|l| self.list(l, key, make)).collect()
    }

    fn list(
        &mut self,
        entries: &[&Entry],
        links_key: u64,
        make: &MakeBody,
    ) -> Vec<(Arc<Rendered>, Diagnostics)> {
        let kept = &self.kept;
        let results: Vec<(Arc<Rendered>, Diagnostics, bool)> = entries
            .par_iter()
            .map(|e| match kept.get(&e.content_path) {
                Some(hit) if hit.matches(e, links_key) => {
                    (Arc::clone(&hit.rendered), hit.diags.clone(), false)
                }
                _ => {
                    let (r, d) = make(e);
                    (r, d, true)
                }
            })
            .collect();
        for (e, (r, d, _)) in entries.iter().zip(&results).filter(|(_, r)| r.2) {
            let kept = Kept {
                body: Arc::clone(&e.body),
                body_line: e.body_line,
                file: e.file.clone(),
                links_key,
                rendered: Arc::clone(r),
                diags: d.clone(),
            };
            self.kept.insert(e.content_path.clone(), kept);
        }
        results.into_iter().map(|(r, d, _)| (r, d)).collect()
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
