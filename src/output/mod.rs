//! Stage 4, write: the only code that touches the output folder. It refuses folders that would
//! destroy the hub (its root, `content/`, an ancestor of `site.yaml`) or that kehila did not
//! make, and never deletes anything outside the output folder.
//!
//! A build writes its files as they are rendered into a staging folder beside the output
//! ([`Staging`]), and only when the whole site is made brings the output up to date — in place
//! for a previous kehila output, else by swapping in a new tree. A failed build — or one that
//! fails while writing — leaves the previous output exactly as it was, and no reader ever sees
//! a half-written file.

mod folder;
mod leftovers;
mod staging;

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::progress::Progress;
use crate::render::Outputs;
use folder::{MARKER, absolute};
pub use leftovers::{BACKGROUND_DELETE_FILES, remove_old};
pub use staging::{PartlyUpdated, Staging};

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

/// Writes `outputs` (all in memory) as the new content of `output`; see [`Staging`]. Returns
/// the folder holding the previous site when the caller should delete it later.
pub fn write(outputs: &Outputs, output: &Path, progress: &Progress) -> io::Result<Option<PathBuf>> {
    Staging::open(output)?.finish(outputs, progress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

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

    /// Feeds are streamed to the output: an unchanged one must not be written again (same
    /// file), a changed one must come out exactly as streamed wherever it first differs.
    #[cfg(unix)]
    #[test]
    fn a_streamed_file_is_written_only_where_it_changed() {
        use crate::render::sink::Sink;
        use std::os::unix::fs::MetadataExt;
        let hub = tempfile::tempdir().unwrap();
        let out = hub.path().join("public");
        let p = Progress::hidden();
        write(&site(&[("feed.xml", "abcdef")]), &out, &p).unwrap();
        let inode = || std::fs::metadata(out.join("feed.xml")).unwrap().ino();
        let stream = |text: &str| {
            let s = Staging::open(&out).unwrap();
            let pieces: Vec<Vec<u8>> = text.as_bytes().chunks(2).map(<[u8]>::to_vec).collect();
            s.put_streamed(Path::new("feed.xml"), &mut |w| {
                for piece in &pieces {
                    w.write_all(piece)?;
                }
                Ok(())
            })
            .unwrap();
            let mut o = site(&[]);
            o.files.insert("feed.xml".into(), Output::Written);
            s.finish(&o, &p).unwrap();
        };
        let before = inode();
        stream("abcdef");
        assert_eq!(inode(), before, "an unchanged streamed file is left alone");
        for text in ["abXdef", "abXdefgh", "abXd", "", "abcdefgh", "ab"] {
            stream(text);
            assert_eq!(
                std::fs::read(out.join("feed.xml")).unwrap(),
                text.as_bytes()
            );
        }
        let names: Vec<_> = std::fs::read_dir(hub.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
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
