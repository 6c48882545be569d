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

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::walk::is_editor_litter;

/// Quiet time that ends a burst while a file may still be being written: an editor's save
/// (write, rename, chmod) arrives within it. Where the platform never says a write is over
/// (no close events), every burst ends this way.
const SETTLE: Duration = Duration::from_millis(8);
/// Quiet time that ends a burst once every file in it is known to be whole (closed after
/// writing, renamed into place or removed): only what the same save does next (a chmod)
/// still comes within it. A save shows that much sooner than after [`SETTLE`].
const GRACE: Duration = Duration::from_millis(2);
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

    /// Blocks until inputs change, then returns every path changed in that burst.
    pub fn next(&self) -> Option<HashSet<PathBuf>> {
        let mut changed = HashSet::new();
        let mut open = HashSet::new();
        loop {
            let ev = self.rx.recv().ok()?;
            note(&self.root, ev, &mut changed, &mut open);
            if !changed.is_empty() {
                break;
            }
        }
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            let quiet = if open.is_empty() { GRACE } else { SETTLE };
            match self.rx.recv_timeout(quiet) {
                Ok(ev) => note(&self.root, ev, &mut changed, &mut open),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(changed)
    }
}

/// Adds the event's relevant paths to `changed`, and keeps `open` (the paths written to but
/// not yet known to be whole) up to date.
fn note(
    root: &Path,
    ev: notify::Result<notify::Event>,
    changed: &mut HashSet<PathBuf>,
    open: &mut HashSet<PathBuf>,
) {
    let Ok(ev) = ev else {
        // The watcher lost track (e.g. an overflow): treat it as "anything may have changed".
        changed.insert(root.join("site.yaml"));
        return;
    };
    if ev.need_rescan() {
        // The kernel queue overflowed and events were lost: rebuild from a fresh walk.
        changed.insert(root.join("site.yaml"));
        return;
    }
    let Some(whole) = leaves_whole(&ev.kind) else {
        return;
    };
    for p in ev.paths {
        if relevant(root, &p) {
            if whole {
                open.remove(&p);
            } else {
                open.insert(p.clone());
            }
            changed.insert(p);
        }
    }
}

/// What an event says of its paths: `None` when it is no change at all (a read: on Linux a
/// build that reads `content/` would otherwise trigger itself forever), `Some(true)` when the
/// file is whole after it (closed after writing, renamed, removed, a folder made, its mode
/// changed), `Some(false)` when more writing may follow.
fn leaves_whole(kind: &EventKind) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Access(_) => None,
        EventKind::Modify(ModifyKind::Name(_) | ModifyKind::Metadata(_)) => Some(true),
        EventKind::Remove(_) | EventKind::Create(CreateKind::Folder) => Some(true),
        _ => Some(false),
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

    /// Events as Linux's inotify reports two kinds of save.
    fn burst(events: &[(EventKind, &[&str])]) -> (HashSet<PathBuf>, HashSet<PathBuf>) {
        let (mut changed, mut open) = (HashSet::new(), HashSet::new());
        for (kind, paths) in events {
            let mut ev = notify::Event::new(*kind);
            for p in *paths {
                ev = ev.add_path(PathBuf::from(p));
            }
            note(Path::new("/hub"), Ok(ev), &mut changed, &mut open);
        }
        (changed, open)
    }

    #[test]
    fn a_save_is_whole_once_renamed_or_closed() {
        use notify::event::{DataChange, RenameMode};
        let post = "/hub/content/posts/a.md";
        let tmp = "/hub/content/posts/.a.md.tmp";
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let opened = EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any));
        // Written to a hidden file, renamed over the post: whole at the rename.
        let (changed, open) = burst(&[
            (EventKind::Create(CreateKind::File), &[tmp]),
            (write, &[tmp]),
            (close, &[tmp]),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                &[tmp],
            ),
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), &[post]),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &[tmp, post],
            ),
        ]);
        assert_eq!(changed, HashSet::from([PathBuf::from(post)]));
        assert!(open.is_empty());
        // Rewritten in place: still open after the writes, whole when closed.
        let (changed, open) = burst(&[(opened, &[post]), (write, &[post]), (write, &[post])]);
        assert_eq!(changed, HashSet::from([PathBuf::from(post)]));
        assert_eq!(open, HashSet::from([PathBuf::from(post)]));
        let (_, open) = burst(&[(write, &[post]), (close, &[post])]);
        assert!(open.is_empty());
        // A read is no change.
        let (changed, _) = burst(&[(opened, &[post])]);
        assert!(changed.is_empty());
    }
}
