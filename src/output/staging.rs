//! A build's output while the build runs. Pages and feeds arrive here as they are rendered
//! (this is the build's [`Sink`]) and go to disk at once, so a big hub's site never sits in
//! memory whole; nothing reaches the output folder itself until [`Staging::finish`].
//!
//! Two ways to the same result, chosen by what the output folder holds:
//! - **In place** (a previous kehila output): a file whose bytes are unchanged is left alone
//!   (compared byte for byte, but for copies of image cache files, known by size and time);
//!   a changed or new one is written into a flat staging folder beside the output. `finish`
//!   renames the staged files over their old versions and deletes files the site no longer
//!   has. Unchanged page folders are neither made again nor deleted (on the VM measured,
//!   making 10,000 folders alone took 0.5–1.5 s).
//! - **Whole tree** (no output yet, or one with a shape only a swap handles: symbolic links,
//!   or a file where the new site has a folder): the site is written as a tree into the
//!   staging folder — unchanged files hard-linked from the previous output — and swapped in.
//!
//! A build that fails (content errors, or a write error before the renames) drops its
//! `Staging`, which deletes the staging folder: the output is exactly as it was. A process
//! killed during the renames (milliseconds, no writing) leaves every file whole, some old and
//! some new; the next build completes it.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use rayon::prelude::*;

use super::folder::{MARKER, absolute};
use super::leftovers::{BACKGROUND_DELETE_FILES, remove_abandoned};
use crate::progress::Progress;
use crate::render::sink::Sink;
use crate::render::{Output, Outputs};

/// How the output folder will be brought up to date.
enum Mode {
    /// The previous output's files and folders (relative).
    InPlace {
        files: HashSet<PathBuf>,
        dirs: HashSet<PathBuf>,
    },
    /// A new tree in the staging folder; `previous` is the output it replaces, if any.
    Tree { previous: Option<PathBuf> },
}

/// What became of one file of the site.
#[derive(Clone, Copy)]
enum Put {
    /// Its bytes equal the previous output's file (in place): nothing was written.
    Unchanged,
    /// Written to `staging/N` (in place).
    Staged(usize),
    /// Written (or linked) into the staging tree.
    InTree,
}

pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// Where the previous output goes while a new tree is swapped in.
    old: PathBuf,
    /// Looking at the previous output (a walk of every file) runs beside the build's first
    /// stages; the first file put waits for it.
    survey: Mutex<Option<JoinHandle<Mode>>>,
    mode: OnceLock<Mode>,
    /// A file the new site has where the previous output has a folder, or the reverse: only
    /// a whole new tree can make that change.
    conflict: AtomicBool,
    next: AtomicUsize,
    puts: Mutex<HashMap<PathBuf, Put>>,
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// The first write error; later files are not written and `finish` reports it.
    error: Mutex<Option<io::Error>>,
    done: bool,
}

impl Staging {
    /// Prepares to write the site into `output`: makes the staging folder beside it and starts
    /// looking at what `output` holds. Nothing in `output` changes until [`Staging::finish`].
    pub fn open(output: &Path) -> io::Result<Staging> {
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
        std::fs::create_dir(&staging)?;
        let out = output.clone();
        let survey = std::thread::spawn(move || survey(&out));
        Ok(Staging {
            output,
            staging,
            old,
            survey: Mutex::new(Some(survey)),
            mode: OnceLock::new(),
            conflict: AtomicBool::new(false),
            next: AtomicUsize::new(0),
            puts: Mutex::new(HashMap::new()),
            made_dirs: Mutex::new(HashSet::new()),
            error: Mutex::new(None),
            done: false,
        })
    }

    fn mode(&self) -> &Mode {
        self.mode.get_or_init(|| {
            let handle = self.survey.lock().ok().and_then(|mut h| h.take());
            handle
                .and_then(|h| h.join().ok())
                .unwrap_or(Mode::Tree { previous: None })
        })
    }

    fn failed(&self) -> bool {
        self.error.lock().map(|e| e.is_some()).unwrap_or(true)
    }

    fn record(&self, path: &Path, result: io::Result<Put>) -> io::Result<()> {
        match result {
            Ok(put) => {
                if let Ok(mut puts) = self.puts.lock() {
                    puts.insert(path.to_path_buf(), put);
                }
                Ok(())
            }
            Err(e) => {
                let copy = io::Error::new(e.kind(), format!("{}: {e}", path.display()));
                if let Ok(mut first) = self.error.lock() {
                    first.get_or_insert(e);
                }
                Err(copy)
            }
        }
    }

    /// Where a new or changed file goes, and whether it conflicts with the previous output.
    fn target(&self, path: &Path) -> io::Result<(PathBuf, Put)> {
        match self.mode() {
            Mode::InPlace { files, dirs } => {
                if dirs.contains(path) || path.ancestors().skip(1).any(|a| files.contains(a)) {
                    self.conflict.store(true, Ordering::Relaxed);
                }
                let n = self.next.fetch_add(1, Ordering::Relaxed);
                Ok((self.staging.join(n.to_string()), Put::Staged(n)))
            }
            Mode::Tree { .. } => {
                let target = self.staging.join(path);
                if let Some(dir) = target.parent() {
                    let known = self.made_dirs.lock().is_ok_and(|d| d.contains(dir));
                    if !known {
                        std::fs::create_dir_all(dir)?;
                        if let Ok(mut d) = self.made_dirs.lock() {
                            d.insert(dir.to_path_buf());
                        }
                    }
                }
                Ok((target, Put::InTree))
            }
        }
    }

    /// The previous output's version of `path`, if there is one to compare with.
    fn previous(&self, path: &Path) -> Option<PathBuf> {
        match self.mode() {
            Mode::InPlace { files, .. } => files.contains(path).then(|| self.output.join(path)),
            Mode::Tree {
                previous: Some(prev),
            } => Some(prev.join(path)),
            Mode::Tree { previous: None } => None,
        }
    }

    /// `path` is unchanged from `prev`: nothing to write in place; a link in a new tree.
    fn keep(&self, path: &Path, prev: &Path) -> io::Result<Option<Put>> {
        match self.mode() {
            Mode::InPlace { .. } => Ok(Some(Put::Unchanged)),
            Mode::Tree { .. } => {
                let (target, put) = self.target(path)?;
                // No data written twice, and deleting the previous output frees no blocks
                // (the slow part of a rebuild on a filesystem mounted `discard`).
                Ok(std::fs::hard_link(prev, &target).is_ok().then_some(put))
            }
        }
    }

    /// One whole file: kept (or linked) when `same` says the previous output's version holds
    /// its bytes, else written to its target by `write`.
    fn put_file(
        &self,
        path: &Path,
        same: impl FnOnce(&Path) -> bool,
        write: impl FnOnce(&Path) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.failed() {
            return Err(io::Error::other("an earlier file could not be written"));
        }
        let result = (|| {
            if let Some(prev) = self.previous(path)
                && same(&prev)
                && let Some(put) = self.keep(path, &prev)?
            {
                return Ok(put);
            }
            let (target, put) = self.target(path)?;
            write(&target)?;
            Ok(put)
        })();
        self.record(path, result)
    }

    fn put_copy(&self, path: &Path, src: &Path) -> io::Result<()> {
        self.put_file(
            path,
            |prev| same_file(prev, src),
            |target| std::fs::copy(src, target).map(|_| ()),
        )
    }

    /// A copy of an image cache file ([`Output::Cached`]), which says which cache file it is
    /// a copy of in its modification time ([`cache_stamp`]): when the previous output's file
    /// has the stamp and the size of this one, it holds its bytes (a cache file's name stands
    /// for its bytes), so 10,000 preview cards cost a `stat` each instead of reading 800 MB.
    /// A previous copy without the stamp (or on a filesystem that keeps coarser times) is
    /// written again, not read.
    fn put_cached(&self, path: &Path, src: &Path) -> io::Result<()> {
        let source = std::fs::metadata(src)?;
        let stamp = cache_stamp(src, &source);
        self.put_file(
            path,
            |prev| {
                std::fs::symlink_metadata(prev).is_ok_and(|m| {
                    m.is_file()
                        && m.len() == source.len()
                        && stamp.is_some()
                        && m.modified().ok() == stamp
                })
            },
            |target| {
                // Copied and stamped through one handle.
                let mut copy = File::create(target)?;
                io::copy(&mut File::open(src)?, &mut copy)?;
                if let Some(time) = stamp {
                    copy.set_modified(time)?;
                }
                Ok(())
            },
        )
    }

    /// Brings the output folder up to date with `outputs` (files not yet put are written
    /// first). Returns the folder holding the previous site when the caller should delete it
    /// later (big sites swapped whole); small ones are deleted before returning.
    pub fn finish(mut self, outputs: &Outputs, progress: &Progress) -> io::Result<Option<PathBuf>> {
        let mut t = crate::timings::Timings::start();
        let left: Vec<(&PathBuf, &Output)> = outputs
            .files
            .iter()
            .filter(|(_, o)| !matches!(o, Output::Written))
            .collect();
        progress.stage("writing", left.len());
        left.par_iter().for_each(|(path, content)| {
            progress.inc();
            // A failure is kept in `self.error` and reported below.
            let _ = match content {
                Output::Bytes(b) => self.put(path, b),
                Output::Copy(src) => self.put_copy(path, src),
                Output::Cached(src) => self.put_cached(path, src),
                Output::Deferred(_) | Output::Image(..) => match content.read(path) {
                    Ok(b) => self.put(path, &b),
                    Err(e) => self.record(path, Err(e)),
                },
                Output::Written => Ok(()),
            };
        });
        t.lap("write: files kept in memory");
        if let Some(e) = self.error.lock().ok().and_then(|mut e| e.take()) {
            return Err(e);
        }
        let puts = std::mem::take(&mut *self.puts.lock().map_err(|_| poisoned())?);
        if let Some(missing) = outputs.files.keys().find(|p| !puts.contains_key(*p)) {
            return Err(io::Error::other(format!(
                "{} was not written",
                missing.display()
            )));
        }
        self.mode();
        let mode = self.mode.take().unwrap_or(Mode::Tree { previous: None });
        let result = match mode {
            Mode::InPlace { files, dirs } if !self.conflict.load(Ordering::Relaxed) => {
                // From here on nothing is written, only moved and deleted.
                commit(&puts, outputs, &self.output, &self.staging, &files, &dirs)
                    .map_err(|e| io::Error::other(PartlyUpdated(e)))?;
                t.lap("write: move into place");
                Ok(None)
            }
            Mode::InPlace { .. } => {
                let tree = self.staging.join("tree");
                link_tree(&puts, &self.output, &self.staging, &tree)?;
                self.swap(&tree, outputs.files.len())
            }
            Mode::Tree { .. } => {
                let staging = self.staging.clone();
                self.swap(&staging, outputs.files.len())
            }
        };
        self.done = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        result
    }

    /// Puts the finished `tree` where the output is; the previous output goes aside.
    fn swap(&self, tree: &Path, files: usize) -> io::Result<Option<PathBuf>> {
        let (output, old) = (&self.output, &self.old);
        if output.exists() {
            if old.exists() {
                std::fs::remove_dir_all(old)?;
            }
            std::fs::rename(output, old)?;
            if let Err(e) = std::fs::rename(tree, output) {
                // Put the previous site back before reporting.
                let _ = std::fs::rename(old, output);
                return Err(e);
            }
            if files > BACKGROUND_DELETE_FILES {
                return Ok(Some(old.clone()));
            }
            std::fs::remove_dir_all(old)?;
        } else {
            std::fs::rename(tree, output)?;
        }
        Ok(None)
    }
}

impl Drop for Staging {
    /// A build that did not finish leaves nothing behind.
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.put_file(
            path,
            |prev| same_bytes(prev, bytes),
            |target| std::fs::write(target, bytes),
        )
    }

    fn put_streamed(
        &self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.failed() {
            return Err(io::Error::other("an earlier file could not be written"));
        }
        let result = (|| {
            let prev = self.previous(path);
            let old = prev.as_ref().and_then(|p| {
                std::fs::symlink_metadata(p)
                    .ok()
                    .filter(|m| m.is_file())
                    .and_then(|_| File::open(p).ok())
            });
            let mut w = Diverging {
                old: old.map(|f| BufReader::with_capacity(1 << 16, f)),
                compared: 0,
                buf: Vec::new(),
                out: None,
                open: &|| {
                    let (target, put) = self.target(path)?;
                    Ok((
                        BufWriter::with_capacity(1 << 16, File::create(target)?),
                        put,
                    ))
                },
                prev: prev.as_deref(),
            };
            write(&mut w)?;
            match w.finish()? {
                Some(put) => Ok(put),
                None => {
                    let prev = prev.as_deref().unwrap_or(path);
                    match self.keep(path, prev)? {
                        Some(put) => Ok(put),
                        // The link failed: write the bytes again, from the previous file.
                        None => {
                            let (target, put) = self.target(path)?;
                            std::fs::copy(prev, &target)?;
                            Ok(put)
                        }
                    }
                }
            }
        })();
        self.record(path, result)
    }
}

type Opener<'a> = &'a dyn Fn() -> io::Result<(BufWriter<File>, Put)>;

/// A writer that compares what it is given with the previous version of the file and writes
/// nothing while they agree: an unchanged 300 MB feed costs a read, not a write. At the first
/// difference it opens the new file, copies the agreeing part from the previous version and
/// writes on from there.
struct Diverging<'a> {
    old: Option<BufReader<File>>,
    /// Bytes given so far that equal the previous version's start.
    compared: u64,
    buf: Vec<u8>,
    out: Option<(BufWriter<File>, Put)>,
    open: Opener<'a>,
    prev: Option<&'a Path>,
}

impl Diverging<'_> {
    /// Opens the new file with the agreeing part copied in.
    fn diverge(&mut self) -> io::Result<()> {
        let (mut out, put) = (self.open)()?;
        if self.compared > 0
            && let Some(prev) = self.prev
        {
            io::copy(&mut File::open(prev)?.take(self.compared), &mut out)?;
        }
        self.old = None;
        self.out = Some((out, put));
        Ok(())
    }

    /// `None` when everything written equals the previous version, which has ended too.
    fn finish(mut self) -> io::Result<Option<Put>> {
        if self.out.is_none() {
            let at_end = match &mut self.old {
                Some(old) => old.read(&mut [0u8; 1])? == 0,
                None => false,
            };
            if at_end {
                return Ok(None);
            }
            self.diverge()?;
        }
        match self.out.take() {
            Some((out, put)) => {
                out.into_inner().map_err(|e| e.into_error())?;
                Ok(Some(put))
            }
            None => Err(io::Error::other("a file was not written")),
        }
    }
}

impl Write for Diverging<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.out.is_none() {
            let same = match &mut self.old {
                Some(old) => {
                    self.buf.resize(data.len(), 0);
                    old.read_exact(&mut self.buf).is_ok() && self.buf == data
                }
                None => false,
            };
            if same {
                self.compared += data.len() as u64;
                return Ok(data.len());
            }
            self.diverge()?;
        }
        match &mut self.out {
            Some((out, _)) => out.write_all(data).map(|_| data.len()),
            None => Err(io::Error::other("a file was not opened")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some((out, _)) => out.flush(),
            None => Ok(()),
        }
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a writer thread failed")
}

/// What `output` holds: a previous kehila output that can be updated in place, or not.
fn survey(output: &Path) -> Mode {
    if output.join(MARKER).is_file()
        && let Some((files, dirs)) = existing_tree(output)
    {
        return Mode::InPlace { files, dirs };
    }
    Mode::Tree {
        previous: output.is_dir().then(|| output.to_path_buf()),
    }
}

/// What is in an existing output: its files and folders (relative), or `None` if it holds
/// anything else (a symbolic link, a device…), which only a whole new tree handles.
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

/// In place: staged files into place, gone files and emptied folders out.
fn commit(
    puts: &HashMap<PathBuf, Put>,
    outputs: &Outputs,
    output: &Path,
    staging: &Path,
    old_files: &HashSet<PathBuf>,
    old_dirs: &HashSet<PathBuf>,
) -> io::Result<()> {
    let mut staged: Vec<(&PathBuf, usize)> = puts
        .iter()
        .filter_map(|(p, put)| match put {
            Put::Staged(n) => Some((p, *n)),
            _ => None,
        })
        .collect();
    staged.sort_unstable();
    for (path, n) in staged {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !old_dirs.contains(parent)
        {
            std::fs::create_dir_all(output.join(parent))?;
        }
        std::fs::rename(staging.join(n.to_string()), output.join(path))?;
    }
    // Paths compared as bytes: comparing and hashing a `Path` walks its components, and a
    // big site has tens of thousands.
    let new_files: HashSet<&[u8]> = outputs
        .files
        .keys()
        .map(|p| p.as_os_str().as_encoded_bytes())
        .collect();
    for gone in old_files
        .iter()
        .filter(|f| !new_files.contains(f.as_os_str().as_encoded_bytes()))
    {
        std::fs::remove_file(output.join(gone))?;
    }
    // Folders left empty, deepest first.
    let mut needed: HashSet<&[u8]> = HashSet::new();
    for file in outputs.files.keys() {
        let mut dir = file.parent();
        // A folder already there brought its own ancestors.
        while let Some(d) = dir
            && needed.insert(d.as_os_str().as_encoded_bytes())
        {
            dir = d.parent();
        }
    }
    let mut empty: Vec<&PathBuf> = old_dirs
        .iter()
        .filter(|d| !needed.contains(d.as_os_str().as_encoded_bytes()))
        .collect();
    empty.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in empty {
        let _ = std::fs::remove_dir(output.join(d));
    }
    Ok(())
}

/// In place, but the new site's shape conflicts with the old one: a whole tree made of the
/// staged files and links to the unchanged ones.
fn link_tree(
    puts: &HashMap<PathBuf, Put>,
    output: &Path,
    staging: &Path,
    tree: &Path,
) -> io::Result<()> {
    let mut paths: Vec<(&PathBuf, &Put)> = puts.iter().collect();
    paths.sort_unstable_by_key(|(p, _)| *p);
    for (path, put) in paths {
        let target = tree.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        match put {
            Put::Staged(n) => std::fs::rename(staging.join(n.to_string()), &target)?,
            Put::Unchanged | Put::InTree => {
                let prev = output.join(path);
                if std::fs::hard_link(&prev, &target).is_err() {
                    std::fs::copy(&prev, &target)?;
                }
            }
        }
    }
    Ok(())
}

/// Whether `old` holds exactly `bytes` (size first, then content).
fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    let len = bytes.len() as u64;
    open_regular(old, len).is_some_and(|mut file| {
        crate::whole_file::with_bytes(&mut file, len, |old| old == bytes).unwrap_or(false)
    })
}

/// The file at `path` opened for reading if it is a regular file (not a symbolic link, which
/// a new site replaces) of `len` bytes. One path lookup: on Unix the open itself refuses a
/// link (and does not wait on a named pipe), and the size comes from the open file.
fn open_regular(path: &Path, len: u64) -> Option<File> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        File::options()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
            .ok()?
    };
    #[cfg(not(unix))]
    let file = {
        std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| !m.file_type().is_symlink())?;
        File::open(path).ok()?
    };
    let meta = file.metadata().ok()?;
    (meta.is_file() && meta.len() == len).then_some(file)
}

/// The modification time a copy of the cache file `src` is given: the cache file's own, to the
/// second, with a fraction made from the cache file's name. Two cache files of the same size
/// written in the same clock tick then still give their copies different times (the name is
/// the hash of the work, so the chance that two differ only past the fraction's 30 bits is
/// about one in a billion), which the file's time alone would not.
fn cache_stamp(src: &Path, meta: &std::fs::Metadata) -> Option<std::time::SystemTime> {
    use std::hash::{Hash, Hasher};
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut h = crate::hashing::key_hasher();
    src.file_name()?.hash(&mut h);
    let nanos = (h.finish() % 1_000_000_000) as u32;
    Some(std::time::UNIX_EPOCH + std::time::Duration::new(since.as_secs(), nanos))
}

fn same_file(old: &Path, src: &Path) -> bool {
    match (std::fs::symlink_metadata(old), std::fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((std::fs::read(old), std::fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
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
