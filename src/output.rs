//! Stage 4, write: the only code that touches the output folder. A new output is written
//! into a fresh staging folder beside it and renamed into place. A previous kehila output is
//! brought up to date in place: changed files are first written to a staging folder, then
//! renamed over their old versions ([`update_in_place`]). Either way a failed build — or one
//! that fails while writing — leaves the previous output exactly as it was, and no reader
//! ever sees a half-written file. It refuses output
//! folders that would destroy the hub (the hub root, `content/`, an ancestor of `site.yaml`)
//! or a folder kehila did not make, and it never deletes anything outside the output folder.

use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::progress::Progress;
use crate::render::{Output, Outputs};

/// A file every kehila output has; a non-empty folder without it was not made by kehila.
const MARKER: &str = ".nojekyll";

/// Absolute, with `..` resolved, even for a path that does not exist yet.
fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Canonicalise the longest existing ancestor, then re-append the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|s| s.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}

/// Refuses an output folder that would overwrite the hub's sources or someone else's files.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            output.display()
        ))
        .hint("pick a separate folder for the site, like public/ (the default)"))
    };
    if root.starts_with(&out) {
        return refuse("it is the hub folder or contains it, and would be replaced".into());
    }
    for own in ["content", "static", "templates", "themes"] {
        if out.starts_with(root.join(own)) {
            return refuse(format!("it is inside the hub's {own}/ folder"));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).exists() {
            return refuse(
                "it is a folder kehila did not make, and everything in it would be replaced".into(),
            );
        }
    }
    Ok(())
}

/// Old outputs with more files than this are deleted after kehila has finished (by a
/// background process, see [`remove_old`]): on a big site deleting the previous tree takes
/// longer than writing the new one, and nobody needs to wait for it.
pub const BACKGROUND_DELETE_FILES: usize = 2000;

/// Writes `outputs` as the new content of `output`, atomically replacing the old one. Returns
/// the folder holding the previous site when the caller should delete it later (big sites);
/// small ones are deleted before returning.
pub fn write(outputs: &Outputs, output: &Path, progress: &Progress) -> io::Result<Option<PathBuf>> {
    let output = absolute(output);
    let parent = output
        .parent()
        .ok_or_else(|| io::Error::other("the output folder has no parent folder"))?;
    std::fs::create_dir_all(parent)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.kehila-new-{pid}"));
    let old = parent.join(format!(".{name}.kehila-old-{pid}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    remove_abandoned(parent, &name);
    if output.join(MARKER).is_file() && update_in_place(outputs, &output, &staging, progress)? {
        return Ok(None);
    }
    let previous = output.is_dir().then_some(output.as_path());
    if let Err(e) = write_tree(outputs, &staging, previous, progress) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let mut t = crate::pipeline::Timings::start();
    if output.exists() {
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(&output, &old)?;
        if let Err(e) = std::fs::rename(&staging, &output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, &output);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        t.lap("write: swap");
        if outputs.files.len() > BACKGROUND_DELETE_FILES {
            return Ok(Some(old));
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staging, &output)?;
    }
    Ok(None)
}

/// Whether `dir` is a previous output that kehila moved aside (`.NAME.kehila-old-PID`).
fn is_old_output(dir: &Path) -> Option<u32> {
    let name = dir.file_name()?.to_str()?;
    let (_, pid) = name.strip_prefix('.')?.rsplit_once(".kehila-old-")?;
    pid.parse().ok()
}

/// Deletes a previous output moved aside by [`write`]; refuses anything else.
pub fn remove_old(dir: &Path) -> io::Result<()> {
    if is_old_output(dir).is_none() {
        return Err(io::Error::other("not a previous kehila output"));
    }
    // Take the folder over under this process's id, so a later build sees a live owner and
    // leaves it alone instead of deleting it a second time.
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = name
        .rsplit_once(".kehila-old-")
        .map(|(b, _)| b)
        .unwrap_or(name);
    let mine = dir.with_file_name(format!("{base}.kehila-old-{}", std::process::id()));
    let target = if std::fs::rename(dir, &mine).is_ok() {
        mine
    } else {
        dir.to_path_buf()
    };
    std::fs::remove_dir_all(target)
}

/// Folders left beside the output by builds whose process is gone: previous outputs whose
/// background deletion did not finish, and staging folders of builds killed while writing
/// (`.NAME.kehila-new-PID`, which every build into an existing output now uses). Best effort.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let pid = if file.starts_with(&format!(".{name}.kehila-old-")) {
            is_old_output(&path)
        } else {
            file.strip_prefix(&format!(".{name}.kehila-new-"))
                .and_then(|p| p.parse::<u32>().ok())
        };
        if let Some(pid) = pid {
            let alive = Path::new("/proc").join(pid.to_string()).exists();
            if !alive && Path::new("/proc/self").exists() {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// What is in an existing output: its files and folders (relative), or `None` if it holds
/// anything else (a symbolic link, a device…), which only the full swap handles.
fn existing_tree(output: &Path) -> Option<(HashSet<PathBuf>, HashSet<PathBuf>)> {
    let mut files = HashSet::new();
    let mut dirs = HashSet::new();
    for e in walkdir::WalkDir::new(output).min_depth(1) {
        let e = e.ok()?;
        let rel = e.path().strip_prefix(output).ok()?.to_path_buf();
        let t = e.file_type();
        if t.is_dir() {
            dirs.insert(rel);
        } else if t.is_file() {
            files.insert(rel);
        } else {
            return None;
        }
    }
    Some((files, dirs))
}

/// Brings a previous kehila output up to date where it is: only files whose bytes changed are
/// written, and a big site's thousands of unchanged page folders are neither made again nor
/// deleted (on the VM measured, making 10,000 folders alone took 0.5–1.5 s).
///
/// First every changed or new file is written into `staging` (flat, no folders); if that
/// fails, `staging` is removed and the output is exactly as it was. Then the staged files are
/// renamed into place, each replacing its old version whole, and files the site no longer has
/// are deleted. A process killed during that last step (milliseconds: renames, no writing)
/// leaves every file whole, some old and some new; the next build completes it.
///
/// Returns false, touching nothing, when the old tree has a shape only the full swap handles
/// (a folder where a file goes or the reverse, a symbolic link).
fn update_in_place(
    outputs: &Outputs,
    output: &Path,
    staging: &Path,
    progress: &Progress,
) -> io::Result<bool> {
    let mut t = crate::pipeline::Timings::start();
    let Some((old_files, old_dirs)) = existing_tree(output) else {
        return Ok(false);
    };
    for path in outputs.files.keys() {
        if old_dirs.contains(path) || path.ancestors().skip(1).any(|a| old_files.contains(a)) {
            return Ok(false);
        }
    }
    t.lap("write: look at the previous output");
    let changed: Vec<(&PathBuf, &Output)> = outputs
        .files
        .par_iter()
        .filter(|(path, content)| {
            progress.inc();
            if !old_files.contains(*path) {
                return true;
            }
            let prev = output.join(path);
            let same = match content {
                Output::Bytes(b) => same_bytes(&prev, b),
                Output::Copy(src) => same_file(&prev, src),
                Output::Deferred(_) => content.read(path).is_ok_and(|b| same_bytes(&prev, &b)),
            };
            !same
        })
        .collect();
    t.lap("write: compare");
    std::fs::create_dir(staging)?;
    let staged =
        changed
            .par_iter()
            .enumerate()
            .try_for_each(|(i, (path, content))| -> io::Result<()> {
                let target = staging.join(i.to_string());
                match content {
                    Output::Bytes(b) => std::fs::write(&target, b.as_slice()),
                    Output::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
                    Output::Deferred(_) => std::fs::write(&target, content.read(path)?.as_slice()),
                }
            });
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(staging);
        return Err(e);
    }
    t.lap("write: stage changed files");
    // From here on nothing is written, only moved and deleted.
    commit(&changed, outputs, output, staging, &old_files, &old_dirs)
        .map_err(|e| io::Error::other(PartlyUpdated(e)))?;
    t.lap("write: move into place");
    Ok(true)
}

/// A write error after some new files were already moved into the output: every file there is
/// whole, but some are new and some old until the next build.
#[derive(Debug)]
pub struct PartlyUpdated(pub io::Error);

impl std::fmt::Display for PartlyUpdated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (while moving the new files into place)", self.0)
    }
}

impl std::error::Error for PartlyUpdated {}

/// The last step of [`update_in_place`]: staged files into place, gone files and emptied
/// folders out.
fn commit(
    changed: &[(&PathBuf, &Output)],
    outputs: &Outputs,
    output: &Path,
    staging: &Path,
    old_files: &HashSet<PathBuf>,
    old_dirs: &HashSet<PathBuf>,
) -> io::Result<()> {
    for (i, (path, _)) in changed.iter().enumerate() {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !old_dirs.contains(parent)
        {
            std::fs::create_dir_all(output.join(parent))?;
        }
        std::fs::rename(staging.join(i.to_string()), output.join(path))?;
    }
    std::fs::remove_dir(staging)?;
    for gone in old_files.iter().filter(|f| !outputs.files.contains_key(*f)) {
        std::fs::remove_file(output.join(gone))?;
    }
    // Folders left empty, deepest first.
    let needed: HashSet<&Path> = outputs
        .files
        .keys()
        .flat_map(|p| p.ancestors().skip(1))
        .collect();
    let mut empty: Vec<&PathBuf> = old_dirs
        .iter()
        .filter(|d| !needed.contains(d.as_path()))
        .collect();
    empty.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in empty {
        let _ = std::fs::remove_dir(output.join(d));
    }
    Ok(())
}

/// Whether `old` holds exactly `bytes` (size first, then content).
fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(old) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(old).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

fn same_file(old: &Path, src: &Path) -> bool {
    match (std::fs::symlink_metadata(old), std::fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((std::fs::read(old), std::fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Writes the site into `dir`. A file whose bytes equal the one in the `previous` output is
/// hard-linked instead of written: no data is written twice, and deleting the previous output
/// afterwards frees no blocks — the slow part of a rebuild on a filesystem mounted `discard`.
fn write_tree(
    outputs: &Outputs,
    dir: &Path,
    previous: Option<&Path>,
    progress: &Progress,
) -> io::Result<()> {
    let mut t = crate::pipeline::Timings::start();
    std::fs::create_dir_all(dir)?;
    let folders: BTreeSet<&Path> = outputs.files.keys().filter_map(|p| p.parent()).collect();
    for f in folders {
        std::fs::create_dir_all(dir.join(f))?;
    }
    t.lap("write: folders");
    let written = outputs
        .files
        .par_iter()
        .try_for_each(|(path, content)| -> io::Result<()> {
            progress.inc();
            let target = dir.join(path);
            if let Some(prev) = previous.map(|p| p.join(path)) {
                let unchanged = match content {
                    Output::Bytes(b) => same_bytes(&prev, b),
                    Output::Copy(src) => same_file(&prev, src),
                    Output::Deferred(_) => content.read(path).is_ok_and(|b| same_bytes(&prev, &b)),
                };
                if unchanged && std::fs::hard_link(&prev, &target).is_ok() {
                    return Ok(());
                }
            }
            match content {
                Output::Bytes(b) => std::fs::write(&target, b.as_slice()),
                Output::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
                Output::Deferred(_) => std::fs::write(&target, content.read(path)?.as_slice()),
            }
        });
    t.lap("write: files");
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_moved_aside_outputs_can_be_removed() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("public");
        std::fs::create_dir_all(&other).unwrap();
        assert!(remove_old(&other).is_err());
        assert!(other.exists());
        let old = dir.path().join(".public.kehila-old-42");
        std::fs::create_dir_all(old.join("a")).unwrap();
        remove_old(&old).unwrap();
        assert!(!old.exists());
    }

    #[test]
    fn refuses_the_hub_its_content_and_its_ancestors() {
        let hub = tempfile::tempdir().unwrap();
        let root = hub.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(check_output_dir(root, &root.join("content/../public")).is_ok());
    }

    #[test]
    fn refuses_a_foreign_non_empty_folder() {
        let hub = tempfile::tempdir().unwrap();
        let out = hub.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("thesis.pdf"), b"x").unwrap();
        assert!(check_output_dir(hub.path(), &out).is_err());
        std::fs::write(out.join(MARKER), b"").unwrap();
        assert!(check_output_dir(hub.path(), &out).is_ok());
    }

    #[test]
    fn swaps_in_the_new_site_and_leaves_nothing_beside_it() {
        let hub = tempfile::tempdir().unwrap();
        let out = hub.path().join("public");
        let mut o = Outputs::default();
        o.files
            .insert("a/index.html".into(), Output::bytes(b"one".to_vec()));
        assert_eq!(write(&o, &out, &Progress::hidden()).unwrap(), None);
        let mut o2 = Outputs::default();
        o2.files
            .insert("b.txt".into(), Output::bytes(b"two".to_vec()));
        assert_eq!(write(&o2, &out, &Progress::hidden()).unwrap(), None);
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        // Unchanged bytes are linked from the previous output, changed ones written anew, and
        // the new output never shares an inode with a changed file.
        let mut o3 = Outputs::default();
        o3.files
            .insert("b.txt".into(), Output::bytes(b"two".to_vec()));
        o3.files
            .insert("c.txt".into(), Output::bytes(b"three".to_vec()));
        assert_eq!(write(&o3, &out, &Progress::hidden()).unwrap(), None);
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        assert_eq!(std::fs::read(out.join("c.txt")).unwrap(), b"three");
        let mut o4 = Outputs::default();
        o4.files
            .insert("b.txt".into(), Output::bytes(b"TWO".to_vec()));
        assert_eq!(write(&o4, &out, &Progress::hidden()).unwrap(), None);
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"TWO");
        assert!(!out.join("c.txt").exists());
        let names: Vec<_> = std::fs::read_dir(hub.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let body = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    b"<dir>".to_vec()
                };
                (rel, body)
            })
            .collect();
        out.sort();
        out
    }

    fn site(files: &[(&str, &str)]) -> Outputs {
        let mut o = Outputs::default();
        o.files.insert(MARKER.into(), Output::bytes(Vec::new()));
        for (p, b) in files {
            o.files
                .insert((*p).into(), Output::bytes(b.as_bytes().to_vec()));
        }
        o
    }

    #[cfg(unix)]
    #[test]
    fn a_previous_output_is_updated_in_place_to_exactly_the_new_site() {
        use std::os::unix::fs::MetadataExt;
        let hub = tempfile::tempdir().unwrap();
        let out = hub.path().join("public");
        let p = Progress::hidden();
        let first = site(&[
            ("index.html", "home"),
            ("posts/a/index.html", "a"),
            ("posts/b/index.html", "b"),
            ("old/deep/x.html", "x"),
        ]);
        write(&first, &out, &p).unwrap();
        let kept_inode = std::fs::metadata(out.join("posts/a/index.html"))
            .unwrap()
            .ino();
        // Someone else's hard link to a page must not change when the page does.
        let elsewhere = hub.path().join("b-copy.html");
        std::fs::hard_link(out.join("posts/b/index.html"), &elsewhere).unwrap();

        let second = site(&[
            ("index.html", "home"),
            ("posts/a/index.html", "a"),
            ("posts/b/index.html", "B!"),
            ("posts/c/index.html", "c"),
        ]);
        assert_eq!(write(&second, &out, &p).unwrap(), None);
        let mut fresh_dir = hub.path().join("fresh");
        write(&second, &fresh_dir, &p).unwrap();
        assert_eq!(
            tree(&out),
            tree(&fresh_dir),
            "in place must equal a fresh write"
        );
        assert_eq!(
            std::fs::metadata(out.join("posts/a/index.html"))
                .unwrap()
                .ino(),
            kept_inode,
            "an unchanged file is left alone"
        );
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"b");
        assert!(!out.join("old").exists(), "emptied folders are removed");

        // A file where a folder was (and the reverse) takes the full swap, same result.
        let third = site(&[("index.html", "home"), ("posts", "now a file")]);
        write(&third, &out, &p).unwrap();
        fresh_dir = hub.path().join("fresh3");
        write(&third, &fresh_dir, &p).unwrap();
        assert_eq!(tree(&out), tree(&fresh_dir));
        let names: Vec<_> = std::fs::read_dir(hub.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kehila"))
            .collect();
        assert!(
            names.is_empty(),
            "nothing left beside the output: {names:?}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn staging_left_by_a_killed_build_is_removed_by_the_next() {
        let hub = tempfile::tempdir().unwrap();
        let out = hub.path().join("public");
        write(&site(&[("index.html", "home")]), &out, &Progress::hidden()).unwrap();
        // No process has this id (above the kernel's pid_max limit).
        let dead = hub.path().join(".public.kehila-new-4194999");
        std::fs::create_dir_all(&dead).unwrap();
        std::fs::write(dead.join("0"), b"half").unwrap();
        write(
            &site(&[("index.html", "home 2")]),
            &out,
            &Progress::hidden(),
        )
        .unwrap();
        assert!(!dead.exists(), "a dead build's staging folder is removed");
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"home 2");
        // A folder with a similar name that is not ours stays.
        let other = hub.path().join(".public.kehila-new-notapid");
        std::fs::create_dir_all(&other).unwrap();
        write(
            &site(&[("index.html", "home 3")]),
            &out,
            &Progress::hidden(),
        )
        .unwrap();
        assert!(other.exists());
    }
}
