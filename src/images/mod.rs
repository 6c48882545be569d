//! Responsive images: the photos a hub's pages use, resized to a few widths in WebP with a
//! JPEG/PNG fallback, upright and without metadata, leader photos cut square; every result
//! kept in a [cache] between builds. Pages ask for a [`Set`]; the files come from [`Processor::outputs`].

pub mod cache;
pub mod card;
pub mod decode;
pub mod kept;
pub mod picture;
pub mod variant;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::model::url::Route;
use decode::Header;
use variant::{Format, Op};

/// Widths made for pictures in pages (phones, tablets and 2× phones, wide screens).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Sides of leader photos: the 88/160 px avatars at 1× and 2×.
pub const SQUARES: [u32; 2] = [176, 320];
/// Sources over this size get a warning: nobody should have to upload them to the repository.
pub const HEAVY_SOURCE: u64 = 15 * 1024 * 1024;
/// Where processed files go in the output.
pub const OUT_DIR: &str = "_img";

/// A source file, read once per content.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub header: Header,
    pub hash: u64,
    pub bytes: u64,
    /// Carries EXIF or XMP (a camera's or phone's: time, device, often GPS).
    pub metadata: bool,
}

/// What an output file is made from.
enum Work {
    /// An operation on a source under `static/`, in a format.
    Image {
        source: PathBuf,
        op: Op,
        format: Format,
    },
    Card(card::Card),
}

/// One output file, made at most once per process.
pub struct Pending {
    work: Work,
    cached: PathBuf,
    made: OnceLock<Result<(), String>>,
    /// The last run that asked for it (see [`Processor::begin_run`]).
    seen: AtomicU64,
}

impl kept::Seen for Pending {
    fn seen(&self) -> &AtomicU64 {
        &self.seen
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pending({})", self.cached.display())
    }
}

impl Pending {
    /// The processed file in the cache, made now if it is not there yet.
    pub fn path(&self, counts: &Counts) -> Result<&Path, String> {
        self.made
            .get_or_init(|| {
                if self.cached.is_file() {
                    counts.reused.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                match &self.work {
                    Work::Image { source, .. } => {
                        let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
                        self.write(&decode::decode(&bytes)?, counts)
                    }
                    Work::Card(c) => {
                        cache::store(&self.cached, &c.render()?).map_err(|e| e.to_string())?;
                        counts.made.fetch_add(1, Ordering::Relaxed);
                        Ok(())
                    }
                }
            })
            .clone()
            .map(|()| self.cached.as_path())
    }

    fn write(&self, upright: &image::DynamicImage, counts: &Counts) -> Result<(), String> {
        let Work::Image { op, format, .. } = &self.work else {
            return Err("not an image".into());
        };
        let out = variant::encode(&op.apply(upright), *format)?;
        cache::store(&self.cached, &out).map_err(|e| e.to_string())?;
        counts.made.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The source file, or nothing for a card.
    pub fn source(&self) -> &Path {
        match &self.work {
            Work::Image { source, .. } => source,
            Work::Card(_) => Path::new(""),
        }
    }

    /// The bytes, for `serve`, which asks for a file when a browser does.
    pub fn read(&self, counts: &Counts) -> std::io::Result<Arc<Vec<u8>>> {
        let path = self.path(counts).map_err(std::io::Error::other)?;
        std::fs::read(path).map(Arc::new)
    }
}

/// How many files a run made and how many it found in the cache.
#[derive(Debug, Default)]
pub struct Counts {
    pub made: AtomicUsize,
    pub reused: AtomicUsize,
}

/// A picture's files, for the `<picture>` markup.
#[derive(Debug, Clone)]
pub struct Set {
    /// The largest file's size: the `width`/`height` attributes (no layout shift).
    pub width: u32,
    pub height: u32,
    /// (URL, width) per file.
    pub webp: Vec<(String, u32)>,
    pub fallback: Vec<(String, u32)>,
    pub fallback_mime: &'static str,
}

impl Set {
    /// The file for browsers that read neither `<source>` nor `srcset`: the one nearest a phone's 2× width.
    pub fn src(&self) -> &str {
        self.fallback
            .iter()
            .rev()
            .find(|(_, w)| *w <= WIDTHS[1])
            .or(self.fallback.first())
            .map(|(u, _)| u.as_str())
            .unwrap_or_default()
    }
}

/// A source as last read: its size and time, and what was found.
type Known = (u64, Option<std::time::SystemTime>, Result<Source, String>);

/// The images of one hub: sources read once (by size and time), outputs asked for by pages.
pub struct Processor {
    static_dir: PathBuf,
    cache_dir: PathBuf,
    base_path: String,
    sources: Mutex<crate::hashing::HashMap<PathBuf, Known>>,
    wanted: Mutex<BTreeMap<PathBuf, Arc<Pending>>>,
    /// Sources that templates asked for but could not be read, for the build to report.
    failures: Mutex<BTreeMap<PathBuf, String>>,
    /// Problems with settings found while making this run's work (a card's logo).
    problems: Mutex<Vec<crate::diagnostics::Diagnostic>>,
    run: AtomicU64,
    pub counts: Arc<Counts>,
    cards: kept::KeptCards<Pending>,
}

/// Whether a site path names a picture kehila processes (not SVG, GIF or another host).
pub fn processable(site_path: &str) -> bool {
    let path = site_path.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    path.starts_with('/')
        && !path.starts_with("//")
        && matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

impl Processor {
    pub fn new(root: &Path, base_path: &str) -> Self {
        Processor {
            static_dir: root.join("static"),
            cache_dir: root.join(cache::DIR),
            base_path: base_path.to_string(),
            sources: Mutex::new(Default::default()),
            wanted: Mutex::new(BTreeMap::new()),
            failures: Mutex::new(BTreeMap::new()),
            problems: Mutex::new(Vec::new()),
            run: AtomicU64::new(0),
            counts: Arc::new(Counts::default()),
            cards: kept::KeptCards::new(false),
        }
    }

    /// A processor that keeps each page's card from run to run (`serve`).
    pub fn keeping_cards(mut self) -> Self {
        self.cards = kept::KeptCards::new(true);
        self
    }

    /// A site path as written (`/images/x.jpg`) or as a site URL (`/hub/images/x.jpg`) → the
    /// file under `static/`.
    pub fn static_file(&self, path: &str) -> PathBuf {
        let rel = path.strip_prefix(&self.base_path).map(|r| format!("/{r}"));
        let rel = rel.as_deref().unwrap_or(path);
        crate::model::Urls::site_path_file(rel)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn static_dir(&self) -> &Path {
        &self.static_dir
    }

    pub fn has_static(&self, rel: &Path) -> bool {
        self.static_dir.join(rel).is_file()
    }

    /// Notes a source that could not be read where no diagnostics are at hand (templates).
    pub fn failed(&self, rel: &Path, e: String) -> String {
        if let Ok(mut f) = self.failures.lock() {
            f.insert(rel.to_path_buf(), e.clone());
        }
        e
    }

    /// Notes a problem for the build to report (see `render::pictures::add_outputs`).
    pub fn problem(&self, d: crate::diagnostics::Diagnostic) {
        if let Ok(mut p) = self.problems.lock() {
            p.push(d);
        }
    }

    pub fn take_problems(&self) -> Vec<crate::diagnostics::Diagnostic> {
        self.problems
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }

    pub fn take_failures(&self) -> BTreeMap<PathBuf, String> {
        self.failures
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }

    /// Reads a source's header and hash, once per size and modification time.
    pub fn source(&self, rel: &Path) -> Result<Source, String> {
        let path = self.static_dir.join(rel);
        let meta = std::fs::metadata(&path).map_err(|e| e.to_string())?;
        let stamp = (meta.len(), meta.modified().ok());
        if let Ok(known) = self.sources.lock()
            && let Some((len, time, s)) = known.get(rel)
            && (*len, *time) == stamp
        {
            return s.clone();
        }
        let result = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                Ok(Source {
                    header: decode::header(&bytes)?,
                    hash: cache::content_hash(&bytes),
                    bytes: bytes.len() as u64,
                    metadata: bytes
                        .windows(4)
                        .any(|w| w == b"Exif" || w == b"EXIF" || w == b"XMP " || w == b"<x:x"),
                })
            });
        if let Ok(mut known) = self.sources.lock() {
            known.insert(rel.to_path_buf(), (stamp.0, stamp.1, result.clone()));
        }
        result
    }

    fn want(&self, rel: &Path, src: &Source, op: Op, format: Format, name: &str) -> String {
        let mut out = PathBuf::from(OUT_DIR);
        if let Some(parent) = rel.parent() {
            out.push(parent);
        }
        out.push(name);
        self.want_at(out, rel, src, op, format)
    }

    /// The original of a photo with metadata is published as a clean copy of itself (upright,
    /// full size, no metadata) instead of as it is: its address is easy to guess.
    fn clean_original(&self, rel: &Path, src: &Source) {
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let format = match ext.as_deref() {
            Some("png") => Format::Png,
            Some("webp") => Format::Webp,
            _ => Format::Jpeg,
        };
        let op = Op::Width(src.header.width);
        self.want_at(rel.to_path_buf(), rel, src, op, format);
    }

    fn want_at(&self, out: PathBuf, rel: &Path, src: &Source, op: Op, format: Format) -> String {
        let url = {
            let s: Vec<String> = out
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            format!("{}{}", self.base_path, Route::file(&s).encoded())
        };
        let pending = Pending {
            work: Work::Image {
                source: self.static_dir.join(rel),
                op,
                format,
            },
            cached: cache::file(&self.cache_dir, (src.hash, op, format), format.ext()),
            made: OnceLock::new(),
            seen: AtomicU64::new(0),
        };
        self.add(out, pending);
        url
    }

    /// The output now wanted at `out`: the one already there if it is the same work.
    fn add(&self, out: PathBuf, pending: Pending) -> Option<Arc<Pending>> {
        let run = self.run.load(Ordering::Relaxed);
        let mut w = self.wanted.lock().ok()?;
        // A changed source replaces its old outputs; the same one keeps what it made. One
        // search of the map (comparing paths walks their components: ~600 instructions each).
        use std::collections::btree_map::Entry;
        let fresh = |pending: Pending| {
            pending.seen.store(run, Ordering::Relaxed);
            Arc::new(pending)
        };
        match w.entry(out) {
            Entry::Occupied(kept) if kept.get().cached == pending.cached => {
                kept.get().seen.store(run, Ordering::Relaxed);
                Some(Arc::clone(kept.get()))
            }
            Entry::Occupied(mut old) => {
                *old.get_mut() = fresh(pending);
                Some(Arc::clone(old.get()))
            }
            Entry::Vacant(new) => Some(Arc::clone(new.insert(fresh(pending)))),
        }
    }

    /// Starts a run (serve keeps one processor for all). Cards are asked for by every page in
    /// every run, so one not asked for again belongs to a page that is gone. Pictures of
    /// unchanged pages are not asked for again (their HTML is kept), so they stay while their
    /// source exists.
    pub fn begin_run(&self) {
        let last = self.run.fetch_add(1, Ordering::Relaxed);
        self.cards.keep_seen_in(last);
        // Problems are found again by the run that makes the work they belong to.
        self.take_problems();
    }

    /// The URL of the preview card kept under `key` (a hash of everything `make` puts on the
    /// card and of the page's path), or else of the card `make` gives (card, page path).
    pub fn card_by_key(&self, key: u64, make: impl FnOnce() -> (card::Card, String)) -> String {
        if let Some(url) = self.cards.get(key, self.run.load(Ordering::Relaxed)) {
            return url;
        }
        let (card, name) = make();
        let (url, pending) = self.card(card, &name);
        if let Some(p) = pending {
            self.cards.put(key, &url, p);
        }
        url
    }

    /// The preview card at `_img/cards/<name>.png`: its URL and its wanted output.
    fn card(&self, card: card::Card, name: &str) -> (String, Option<Arc<Pending>>) {
        let out = PathBuf::from(OUT_DIR)
            .join("cards")
            .join(format!("{name}.png"));
        let url = format!("{}{}", self.base_path, {
            // `name` is the page's path (`posts/meetup`): one segment per folder
            let file = format!("{name}.png");
            let segments: Vec<&str> = [OUT_DIR, "cards"]
                .into_iter()
                .chain(file.split('/'))
                .collect();
            Route::file(&segments).encoded()
        });
        let pending = Pending {
            cached: cache::file(&self.cache_dir, &card, "png"),
            work: Work::Card(card),
            made: OnceLock::new(),
            seen: AtomicU64::new(0),
        };
        let pending = self.add(out, pending);
        (url, pending)
    }

    /// The resized set of a source (`rel` under `static/`), never wider than the source.
    pub fn resized(&self, rel: &Path) -> Result<Set, String> {
        let src = self.source(rel)?;
        let h = src.header;
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < h.width).collect();
        let top = h.width.min(WIDTHS[WIDTHS.len() - 1]);
        if !widths.contains(&top) {
            widths.push(top);
        }
        self.set(
            rel,
            &src,
            widths.into_iter().map(|w| (Op::Width(w), format!("{w}"))),
        )
    }

    /// A leader photo: squares cut around `focus` (per mille across and down; centre by default).
    pub fn square(&self, rel: &Path, focus: Option<(u16, u16)>) -> Result<Set, String> {
        let src = self.source(rel)?;
        let full = src.header.width.min(src.header.height);
        let focus = focus.unwrap_or((500, 500));
        let mut sides: Vec<u32> = SQUARES.iter().copied().filter(|s| *s < full).collect();
        let top = full.min(SQUARES[SQUARES.len() - 1]);
        if !sides.contains(&top) {
            sides.push(top);
        }
        let tag = if focus == (500, 500) {
            String::new()
        } else {
            format!("-{}-{}", focus.0, focus.1)
        };
        self.set(
            rel,
            &src,
            sides
                .into_iter()
                .map(|s| (Op::Square { side: s, focus }, format!("sq{s}{tag}"))),
        )
    }

    fn set(
        &self,
        rel: &Path,
        src: &Source,
        ops: impl Iterator<Item = (Op, String)>,
    ) -> Result<Set, String> {
        let h = src.header;
        let stem = rel
            .file_name()
            .map(|n| n.to_string_lossy().replace('.', "-"))
            .unwrap_or_default();
        if src.metadata {
            self.clean_original(rel, src);
        }
        let fallback = Format::fallback(&h);
        let mut set = Set {
            width: 0,
            height: 0,
            webp: Vec::new(),
            fallback: Vec::new(),
            fallback_mime: fallback.mime(),
        };
        for (op, label) in ops {
            let (w, ht) = op.size(&h);
            (set.width, set.height) = (w, ht);
            for (format, list) in [(Format::Webp, &mut set.webp), (fallback, &mut set.fallback)] {
                let name = format!("{stem}-{label}.{}", format.ext());
                list.push((self.want(rel, src, op, format, &name), w));
            }
        }
        Ok(set)
    }

    /// Every output file asked for so far. A build (`defer` false) makes the missing ones now,
    /// in parallel, one decode per source; `serve` gets them made on first request, or by a
    /// background thread, so a save never waits for image work.
    pub fn outputs(&self, defer: bool) -> Vec<(PathBuf, ImageOutput)> {
        let run = self.run.load(Ordering::Relaxed);
        let wanted: Vec<(PathBuf, Arc<Pending>)> = match self.wanted.lock() {
            Ok(mut w) => {
                w.retain(|_, p| match &p.work {
                    Work::Card(_) => p.seen.load(Ordering::Relaxed) == run,
                    Work::Image { source, .. } => source.is_file(),
                });
                w.iter().map(|(k, v)| (k.clone(), Arc::clone(v))).collect()
            }
            Err(_) => Vec::new(),
        };
        if defer {
            let todo: Vec<Arc<Pending>> = wanted
                .iter()
                .filter(|(_, p)| p.made.get().is_none())
                .map(|(_, p)| Arc::clone(p))
                .collect();
            if !todo.is_empty() {
                let counts = Arc::clone(&self.counts);
                std::thread::spawn(move || {
                    for p in todo {
                        let _ = p.path(&counts);
                    }
                });
            }
            return wanted
                .into_iter()
                .map(|(k, p)| (k, ImageOutput::Pending(p, Arc::clone(&self.counts))))
                .collect();
        }
        // One decode per source: its missing outputs are made together.
        let mut by_source: BTreeMap<&Path, Vec<&Arc<Pending>>> = BTreeMap::new();
        let mut cards = Vec::new();
        for (_, p) in &wanted {
            match &p.work {
                _ if p.cached.is_file() => {
                    let _ = p.path(&self.counts);
                }
                Work::Image { source, .. } => {
                    by_source.entry(source.as_path()).or_default().push(p)
                }
                Work::Card(_) => cards.push(p),
            }
        }
        cards.par_iter().for_each(|p| {
            let _ = p.path(&self.counts);
        });
        by_source.into_par_iter().for_each(|(source, list)| {
            let upright = std::fs::read(source)
                .map_err(|e| e.to_string())
                .and_then(|b| decode::decode(&b));
            for p in list {
                let _ = p.made.get_or_init(|| match &upright {
                    Ok(img) => p.write(img, &self.counts),
                    Err(e) => Err(e.clone()),
                });
            }
        });
        wanted
            .into_iter()
            .map(|(k, p)| match p.path(&self.counts) {
                Ok(path) => (k, ImageOutput::Made(path.to_path_buf())),
                Err(e) => (k, ImageOutput::Failed(p.source().to_path_buf(), e)),
            })
            .collect()
    }
}

/// An output file of [`Processor::outputs`].
pub enum ImageOutput {
    /// In the cache, ready to copy.
    Made(PathBuf),
    /// Made when first asked for (serve).
    Pending(Arc<Pending>, Arc<Counts>),
    /// The source could not be processed (it changed or broke after it was read).
    Failed(PathBuf, String),
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cached == other.cached
    }
}

// `Eq` lets `Arc<Pending>` compare by pointer first: serve compares 10,000 cards per save.
impl Eq for Pending {}

impl PartialEq for Counts {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
