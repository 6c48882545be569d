//! Watches the hub folder (notify) and turns bursts of file events into one list of changed
//! paths. Only the hub's own inputs count: `site.yaml`, `content/`, `templates/`, `themes/`,
//! `static/`.
//!
//! Access/open events are dropped (on Linux a build that reads `content/` would otherwise
//! trigger itself forever), as are editor swap and backup files, hidden folders (`.git`) and the
//! output folders.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::walk::is_editor_litter;

/// Quiet time that ends a burst: an editor's save (write, rename, chmod) arrives within it.
const SETTLE: Duration = Duration::from_millis(8);
/// A burst never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(250);

pub struct Watch {
    _watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

/// Whether a changed path is an input of the site.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if let Some(name) = rel.file_name().map(|n| n.to_string_lossy())
        && is_editor_litter(&name)
    {
        return false;
    }
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return false;
    }
    matches!(
        top.as_ref(),
        "site.yaml" | "content" | "templates" | "themes" | "static"
    )
}

impl Watch {
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(Watch {
            _watcher: watcher,
            rx,
            root: root.to_path_buf(),
        })
    }

    fn paths_of(&self, ev: notify::Result<notify::Event>, out: &mut HashSet<PathBuf>) {
        let Ok(ev) = ev else {
            // The watcher lost track (e.g. an overflow): treat it as "anything may have changed".
            out.insert(self.root.join("site.yaml"));
            return;
        };
        if ev.need_rescan() {
            // The kernel queue overflowed and events were lost: rebuild from a fresh walk.
            out.insert(self.root.join("site.yaml"));
            return;
        }
        if matches!(ev.kind, EventKind::Access(_)) {
            return;
        }
        for p in ev.paths {
            if relevant(&self.root, &p) {
                out.insert(p);
            }
        }
    }

    /// Blocks until inputs change, then returns every path changed in that burst.
    pub fn next(&self) -> Option<HashSet<PathBuf>> {
        let mut changed = HashSet::new();
        loop {
            let ev = self.rx.recv().ok()?;
            self.paths_of(ev, &mut changed);
            if !changed.is_empty() {
                break;
            }
        }
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match self.rx.recv_timeout(SETTLE) {
                Ok(ev) => self.paths_of(ev, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hub_inputs_count() {
        let root = Path::new("/hub");
        assert!(relevant(root, Path::new("/hub/content/posts/a.md")));
        assert!(relevant(root, Path::new("/hub/site.yaml")));
        assert!(relevant(root, Path::new("/hub/static/x.png")));
        assert!(!relevant(root, Path::new("/hub/public/index.html")));
        assert!(!relevant(root, Path::new("/hub/content/posts/.a.md.swp")));
        assert!(!relevant(root, Path::new("/hub/content/posts/a.md~")));
        assert!(!relevant(root, Path::new("/hub/.git/index")));
        assert!(!relevant(root, Path::new("/elsewhere/site.yaml")));
    }
}
