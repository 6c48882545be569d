//! Shared helpers for the integration tests: copy a fixture hub, run the real `kehila`
//! binary on it, and look at what it wrote through parsers (scraper), never substrings.
//!
//! Every test binary includes this module (`mod common;`) and uses a different subset of
//! it, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The Hebrew hub served from a subpath (`https://x.github.io/hub/`).
pub const HE: &str = "hub-he-subpath";
/// The English hub served from a domain root (`https://alumni.example.org/`).
pub const EN: &str = "hub-en-root";

pub const HE_BASE_URL: &str = "https://x.github.io/hub/";
pub const EN_BASE_URL: &str = "https://alumni.example.org/";

/// The output of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// stdout and stderr together (diagnostics may go to either).
    pub fn all_output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Panics with everything the binary said unless it exited 0.
    pub fn assert_ok(&self, what: &str) {
        assert!(
            self.ok(),
            "{what}: expected exit 0, got {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// Recursively copies `from` into `to` (created if missing).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| {
                panic!(
                    "copy {} → {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            });
        }
    }
}

/// A fixture copied into its own temporary directory (removed on drop).
pub struct Hub {
    _tmp: TempDir,
    pub root: PathBuf,
}

impl Hub {
    pub fn new(fixture: &str) -> Hub {
        let tmp = tempfile::Builder::new()
            .prefix("kehila-test-")
            .tempdir()
            .expect("temp dir");
        let root = tmp.path().join("hub");
        copy_dir(&fixture_dir(fixture), &root);
        Hub { _tmp: tmp, root }
    }

    /// `ROOT/public`, the output folder the tests use.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// `kehila build --root ROOT --output ROOT/public EXTRA…`
    pub fn build(&self, extra: &[&str]) -> Run {
        build(&self.root, &self.public(), extra)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
}

/// Runs the binary with `args`, in `cwd`.
pub fn kehila<I, S>(args: I, cwd: &Path) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    kehila_env(args, cwd, &[])
}

/// Runs the binary with `args`, in `cwd`, with extra environment variables.
pub fn kehila_env<I, S>(args: I, cwd: &Path, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_kehila"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run kehila");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `kehila build --root ROOT --output OUT EXTRA…`, run from ROOT's parent.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--output"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    kehila(args, root.parent().unwrap())
}

/// A finished, successful build of a fixture, shared by every test of one test binary that
/// asks for the same fixture and flags (the tests only read it).
pub struct Built {
    pub root: PathBuf,
    pub out: PathBuf,
    pub run: Run,
    /// e.g. `https://x.github.io/hub/`
    pub base_url: String,
}

impl Built {
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    pub fn host(&self) -> String {
        host_of(&self.base_url)
    }

    /// Path of an output file from a site path *without* the base path (`posts/x/`).
    pub fn file(&self, site_rel: &str) -> PathBuf {
        let mut rel = site_rel.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        self.out.join(rel)
    }

    /// Parses the page at `site_rel` (`""` for home, `posts/x/`, `404.html`).
    pub fn page(&self, site_rel: &str) -> Html {
        let path = self.file(site_rel);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("page {} not written ({}): {e}", site_rel, path.display()));
        Html::parse_document(&text)
    }

    /// The site URL path (with base path) of `site_rel`, e.g. `/hub/posts/x/`.
    pub fn url(&self, site_rel: &str) -> String {
        format!("{}{}", self.base_path(), site_rel.trim_start_matches('/'))
    }

    /// All written files, relative paths with `/`.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.out)
    }

    pub fn html_pages(&self) -> Vec<String> {
        html_files(&self.out)
    }
}

static SHARED: OnceLock<Mutex<HashMap<String, &'static Built>>> = OnceLock::new();

/// Builds `fixture` once per test process (with `extra` flags) into
/// `$CARGO_TARGET_TMPDIR/<test binary>/<key>-<pid>/` and returns it; panics if the build
/// fails. `base_url` is the base URL the build is expected to use.
///
/// A static is never dropped, so these folders outlive the process; the pid keeps two
/// concurrent `cargo test` runs apart, and folders left by runs over ten minutes old are
/// removed here.
pub fn shared_build(fixture: &str, extra: &[&str], base_url: &str) -> &'static Built {
    let key = format!("{fixture}{}", extra.join("_")).replace(['/', ':', '-', '.'], "_");
    let map = SHARED.get_or_init(|| {
        remove_stale_builds();
        Mutex::new(HashMap::new())
    });
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(built) = map.get(&key) {
        return built;
    }
    let dir = shared_dir().join(format!("{key}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let root = dir.join("hub");
    copy_dir(&fixture_dir(fixture), &root);
    let out = root.join("public");
    let run = build(&root, &out, extra);
    run.assert_ok(&format!("building fixture {fixture} with {extra:?}"));
    let built: &'static Built = Box::leak(Box::new(Built {
        root,
        out,
        run,
        base_url: base_url.to_string(),
    }));
    map.insert(key, built);
    built
}

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(env!("CARGO_CRATE_NAME"))
}

fn remove_stale_builds() {
    let Ok(entries) = fs::read_dir(shared_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 600);
        if old {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

pub fn he() -> &'static Built {
    shared_build(HE, &[], HE_BASE_URL)
}

pub fn en() -> &'static Built {
    shared_build(EN, &[], EN_BASE_URL)
}

/// `/hub/` for `https://x.github.io/hub/`, `/` for `https://alumni.example.org/`.
pub fn base_path_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => {
            let p = &rest[i..];
            if p.ends_with('/') {
                p.to_string()
            } else {
                format!("{p}/")
            }
        }
        None => "/".to_string(),
    }
}

pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.trim_start_matches("//");
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Every file under `dir`, keyed by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Relative paths of every `.html` file under `dir`.
pub fn html_files(dir: &Path) -> Vec<String> {
    read_tree(dir)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// The text of an element, whitespace-collapsed.
pub fn text_of(el: ElementRef) -> String {
    collapse(&el.text().collect::<String>())
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of a whole document (body), whitespace-collapsed.
pub fn page_text(doc: &Html) -> String {
    let body = sel("body");
    match doc.select(&body).next() {
        Some(b) => text_of(b),
        None => text_of(doc.root_element()),
    }
}

/// Every URL-carrying attribute of a page: `href`, `src`, and the link-preview meta tags.
pub fn page_links(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for el in doc.select(&sel("[href], [src]")) {
        for attr in ["href", "src"] {
            if let Some(v) = el.value().attr(attr) {
                out.push(v.trim().to_string());
            }
        }
    }
    for el in doc.select(&sel(
        "meta[property='og:url'], meta[property='og:image'], meta[name='twitter:image']",
    )) {
        if let Some(v) = el.value().attr("content") {
            out.push(v.trim().to_string());
        }
    }
    out
}

/// `href`s of every `<a>` of a page, percent-decoded, in document order.
pub fn anchor_hrefs(doc: &Html) -> Vec<String> {
    doc.select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .map(decode)
        .collect()
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Whether a link starts with a URL scheme (`https:`, `mailto:`, `data:`…).
pub fn has_scheme(link: &str) -> bool {
    let Some(i) = link.find(':') else {
        return false;
    };
    let scheme = &link[..i];
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Where a link points, once classified.
#[derive(Debug, PartialEq)]
pub enum Target {
    /// Not ours to check: another host, `mailto:`, `tel:`, a bare `#fragment`…
    Skip,
    /// A file in the output, with an optional (decoded) fragment.
    File {
        path: PathBuf,
        fragment: Option<String>,
    },
}

/// Resolves a link found on a page of a site whose base URL is `base_url` and whose output
/// folder is `out`. Errors describe why the link is broken.
pub fn resolve_link(out: &Path, base_url: &str, link: &str) -> Result<Target, String> {
    let base_path = base_path_of(base_url);
    let host = host_of(base_url);
    if link.is_empty() {
        return Err("empty link".into());
    }
    if link.starts_with('#') {
        return Ok(Target::Skip);
    }
    let path_part: &str = if let Some(rest) = link.strip_prefix("//") {
        if host_of(rest) != host {
            return Ok(Target::Skip);
        }
        let i = rest.find('/').unwrap_or(rest.len());
        &rest[i..]
    } else if let Some(colon) = link.find(':').filter(|_| has_scheme(link)) {
        let scheme = link[..colon].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Ok(Target::Skip);
        }
        if host_of(link) != host {
            return Ok(Target::Skip);
        }
        let rest = &link[colon + 3..];
        let i = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let p = &rest[i..];
        if p.is_empty() { "/" } else { p }
    } else {
        link
    };
    if !path_part.starts_with('/') {
        return Err(format!(
            "relative link (must start with the base path {base_path})"
        ));
    }
    let (before_frag, fragment) = match path_part.split_once('#') {
        Some((p, f)) => (p, Some(decode(f)).filter(|f| !f.is_empty())),
        None => (path_part, None),
    };
    let path = before_frag.split('?').next().unwrap();
    let path = decode(path);
    let Some(rel) = path.strip_prefix(base_path.as_str()) else {
        return Err(format!("does not start with the base path {base_path}"));
    };
    if rel.split('/').any(|seg| seg == "..") {
        return Err("contains `..`".into());
    }
    let mut rel = rel.to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let file = out.join(&rel);
    if !file.is_file() {
        return Err(format!("no such file in the output: {rel}"));
    }
    Ok(Target::File {
        path: file,
        fragment,
    })
}

/// Every `id` (and `<a name>`) of an HTML file.
pub fn ids_of(path: &Path) -> HashSet<String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let doc = Html::parse_document(&text);
    let mut ids = HashSet::new();
    for el in doc.select(&sel("[id]")) {
        ids.insert(el.value().attr("id").unwrap().to_string());
    }
    for el in doc.select(&sel("a[name]")) {
        ids.insert(el.value().attr("name").unwrap().to_string());
    }
    ids
}

/// Checks every link of every HTML page of the output: each internal link starts with the
/// base path, resolves to a written file, and its `#fragment` is an id of the target.
/// Returns one line per broken link (empty when all is well).
pub fn broken_links(out: &Path, base_url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for page in html_files(out) {
        let text = fs::read_to_string(out.join(&page)).unwrap();
        let doc = Html::parse_document(&text);
        for link in page_links(&doc) {
            match resolve_link(out, base_url, &link) {
                Err(why) => problems.push(format!("{page}: {link:?}: {why}")),
                Ok(Target::Skip) => {}
                Ok(Target::File { path, fragment }) => {
                    let Some(fragment) = fragment else { continue };
                    if path.extension() != Some(OsStr::new("html")) {
                        continue;
                    }
                    let ids = id_cache
                        .entry(path.clone())
                        .or_insert_with(|| ids_of(&path));
                    if !ids.contains(&fragment) {
                        problems.push(format!(
                            "{page}: {link:?}: no id {fragment:?} in {}",
                            path.strip_prefix(out).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// The `<loc>` URLs of a sitemap.
pub fn sitemap_locs(xml: &str) -> Vec<String> {
    // scraper's HTML parser reads unknown elements like `<loc>` as plain elements and decodes
    // entities, which is all a sitemap needs.
    let doc = Html::parse_document(xml);
    doc.select(&sel("loc"))
        .map(|l| l.text().collect::<String>().trim().to_string())
        .collect()
}

/// Site paths (decoded, with base path) of the post pages an HTML list page links to, in
/// order, without consecutive repeats (a card may link its title and its image).
/// Only links inside `<main>` when the page has one.
pub fn post_links(doc: &Html, base_path: &str) -> Vec<String> {
    let scope = doc
        .select(&sel("main"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    let prefix = format!("{base_path}posts/");
    let mut out: Vec<String> = Vec::new();
    for a in scope.select(&sel("a[href]")) {
        let href = decode(a.value().attr("href").unwrap());
        let href = href.split('#').next().unwrap().to_string();
        let Some(rest) = href.strip_prefix(&prefix) else {
            continue;
        };
        // `/posts/<slug>/` only: not `/posts/`, not `/posts/page/N/`
        let segs: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        if rest.is_empty() || segs.first() == Some(&"page") || segs.len() != 1 {
            continue;
        }
        if out.last() != Some(&href) {
            out.push(href);
        }
    }
    out
}

/// The full content of every file under `dir` (compared whole, which is stricter than a hash).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(dir)
}

/// Describes how two file trees differ (for assertion messages).
pub fn tree_diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> String {
    let mut lines = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => lines.push(format!("- {k} (removed)")),
            Some(w) if w != v => lines.push(format!("~ {k} (changed)")),
            _ => {}
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            lines.push(format!("+ {k} (added)"));
        }
    }
    lines.truncate(40);
    lines.join("\n")
}
