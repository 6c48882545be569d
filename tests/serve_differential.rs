//! Invariant 4 held step by step: a seeded sequence of random edits to a copy of a fixture hub,
//! run through ONE `pipeline::Session` (as `kehila serve` does, with the changed paths the
//! watcher would report), and after every step the session's outputs compared byte for byte —
//! the set of paths, every file's content, and the diagnostics — with a clean `pipeline::run`.
//! A second sequence adds what a watcher gets wrong: lost events (only `site.yaml` reported)
//! and reported edits that keep a file's size and modification time.
//!
//! `KEHILA_DIFF_STEPS=N` runs more steps (default 200), `KEHILA_DIFF_SEED=S` another sequence,
//! `KEHILA_DIFF_CARDS=1` keeps generated preview cards on (slow in a debug build).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use kehila::diagnostics::Diagnostics;
use kehila::pipeline::{self, Session};
use kehila::progress::Progress;
use kehila::render::Outputs;

/// Where the session and the clean builds are served from (serve passes its own origin).
const BASE_URL: &str = "http://127.0.0.1:4000/hub/";
/// The fixture posts other posts may link to; the sequence never deletes or renames them.
const MEETUP: &str = "posts/2026-03-01-meetup.md";
const WELCOME: &str = "posts/2026-01-10-welcome.md";
const TOPICS: [&str; 2] = ["tech", "קריירה"];
const COHORTS: [&str; 2] = ["class-2023", "class-2024"];
const LEADERS: [&str; 2] = ["dana", "yossi"];
/// Template overrides the sequence writes in the hub's `templates/`: name, and the piece of the
/// built-in template replaced by a versioned one (so the pages really change).
const OVERRIDES: [(&str, &str, &str); 2] = [
    (
        "post.html",
        "<h1>{{ post.title }}</h1>",
        "<h1 data-v=\"{v}\">{{ post.title }}</h1>",
    ),
    (
        "partials/post_card.html",
        "<article class=\"card post-card\">",
        "<article class=\"card post-card\" data-v=\"{v}\">",
    ),
];

/// splitmix64: the sequence of a seed must stay the same whatever crate versions are locked,
/// so a failing seed printed today reproduces tomorrow.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A link from a generated post's body: the target's content path and an optional anchor.
#[derive(Clone)]
struct LinkTo {
    target: String,
    anchor: Option<String>,
}

/// A post the sequence made, as it is on disk (`content/posts/<file>`).
#[derive(Clone)]
struct Post {
    file: String,
    title: String,
    date: String,
    topics: Vec<&'static str>,
    author: Option<&'static str>,
    cohort: Option<&'static str>,
    /// `slug:`: moves the page (and every link to it) without touching the files that link.
    slug: Option<String>,
    /// Changes the body's words and its second heading's id (`#v<n>`).
    version: u64,
    links: Vec<LinkTo>,
}

impl Post {
    fn content_path(&self) -> String {
        format!("posts/{}", self.file)
    }

    fn text(&self) -> String {
        let mut s = format!("---\ntitle: \"{}\"\ndate: {}\n", self.title, self.date);
        if !self.topics.is_empty() {
            s += &format!("topics: [{}]\n", self.topics.join(", "));
        }
        if let Some(a) = self.author {
            s += &format!("author: {a}\n");
        }
        if let Some(c) = self.cohort {
            s += &format!("cohort: {c}\n");
        }
        if let Some(slug) = &self.slug {
            s += &format!("slug: {slug}\n");
        }
        s += &format!(
            "---\nגוף הפוסט, גרסה {v}.\n\n<!-- more -->\n\n## סעיף {{#sec}}\n\nטקסט {v}.\n\n## חלק {v} {{#v{v}}}\n",
            v = self.version
        );
        for (i, l) in self.links.iter().enumerate() {
            let anchor = l
                .anchor
                .as_ref()
                .map(|a| format!("#{a}"))
                .unwrap_or_default();
            s += &format!("\n- [קישור {i}](@/{}{anchor})\n", l.target);
        }
        s
    }
}

/// Everything the sequence changes, so each edit can be written and undone.
struct Hub {
    root: PathBuf,
    posts: Vec<Post>,
    made: u64,
    /// (topic, cohort, leader, template, site) edit counters, used as visible versions.
    versions: [u64; 5],
    site_yaml: String,
    /// A bad edit waiting for its fix: the file and what it held before (`None`: it did not exist).
    broken: Option<(PathBuf, Option<String>)>,
}

impl Hub {
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, text: &str, changed: &mut HashSet<PathBuf>) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        changed.insert(p);
    }

    fn read(&self, rel: &str) -> Option<String> {
        fs::read_to_string(self.path(rel)).ok()
    }

    /// A link to a post that exists now: a fixture post or one of the generated ones.
    fn random_link(&self, rng: &mut Rng, except: Option<&str>) -> LinkTo {
        let generated: Vec<&Post> = self
            .posts
            .iter()
            .filter(|p| Some(p.file.as_str()) != except)
            .collect();
        if generated.is_empty() || rng.chance(40) {
            if rng.chance(50) {
                return LinkTo {
                    target: MEETUP.into(),
                    anchor: rng.chance(60).then(|| "agenda".into()),
                };
            }
            return LinkTo {
                target: WELCOME.into(),
                anchor: None,
            };
        }
        let p = rng.pick(&generated);
        let anchor = match rng.below(3) {
            0 => None,
            1 => Some("sec".into()),
            _ => Some(format!("v{}", p.version)),
        };
        LinkTo {
            target: p.content_path(),
            anchor,
        }
    }

    fn random_post_fields(&self, rng: &mut Rng, p: &mut Post) {
        p.topics = TOPICS.iter().copied().filter(|_| rng.chance(45)).collect();
        p.author = rng.chance(60).then(|| *rng.pick(&LEADERS));
        p.cohort = rng.chance(40).then(|| *rng.pick(&COHORTS));
    }

    fn random_date(rng: &mut Rng) -> String {
        format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
    }

    /// Rewrites every generated post that links to `old` (now `new`, or gone) and keeps the
    /// anchors that still exist.
    fn retarget(&mut self, old: &str, new: Option<(&str, u64)>, changed: &mut HashSet<PathBuf>) {
        let mut touched = Vec::new();
        for (i, p) in self.posts.iter_mut().enumerate() {
            let before = p.links.len();
            let mut edited = false;
            p.links.retain_mut(|l| {
                if l.target != old {
                    return true;
                }
                edited = true;
                match new {
                    None => false,
                    Some((target, version)) => {
                        l.target = target.to_string();
                        if l.anchor.as_deref().is_some_and(|a| a.starts_with('v')) {
                            l.anchor = Some(format!("v{version}"));
                        }
                        true
                    }
                }
            });
            if edited || p.links.len() != before {
                touched.push(i);
            }
        }
        for i in touched {
            let p = &self.posts[i];
            self.write(&format!("content/{}", p.content_path()), &p.text(), changed);
        }
    }

    fn add_post(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        self.made += 1;
        let mut p = Post {
            file: format!("note-{}.md", self.made),
            title: format!("פוסט {}", self.made),
            date: Self::random_date(rng),
            topics: vec![],
            author: None,
            cohort: None,
            slug: None,
            version: 0,
            links: vec![],
        };
        self.random_post_fields(rng, &mut p);
        for _ in 0..rng.below(3) {
            p.links.push(self.random_link(rng, None));
        }
        self.write(&format!("content/{}", p.content_path()), &p.text(), changed);
        let what = format!("add {}", p.file);
        self.posts.push(p);
        what
    }

    fn delete_post(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let i = rng.below(self.posts.len());
        let p = self.posts.remove(i);
        let path = self.path(&format!("content/{}", p.content_path()));
        fs::remove_file(&path).unwrap();
        changed.insert(path);
        self.retarget(&p.content_path(), None, changed);
        format!("delete {}", p.file)
    }

    fn rename_post(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let i = rng.below(self.posts.len());
        self.made += 1;
        let old = self.posts[i].content_path();
        let old_path = self.path(&format!("content/{old}"));
        self.posts[i].file = format!("renamed-{}.md", self.made);
        let new = self.posts[i].content_path();
        let new_path = self.path(&format!("content/{new}"));
        fs::rename(&old_path, &new_path).unwrap();
        changed.insert(old_path);
        changed.insert(new_path);
        let version = self.posts[i].version;
        self.retarget(&old, Some((&new, version)), changed);
        format!("rename {old} -> {new}")
    }

    fn edit_post(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let i = rng.below(self.posts.len());
        let what = match rng.below(6) {
            0 => {
                self.posts[i].title = format!("כותרת {}", rng.below(1000));
                "title"
            }
            1 => {
                let mut p = self.posts[i].clone();
                self.random_post_fields(rng, &mut p);
                self.posts[i] = p;
                "topics/author/cohort"
            }
            2 => {
                self.posts[i].date = Self::random_date(rng);
                "date"
            }
            5 => {
                self.made += 1;
                self.posts[i].slug = rng.chance(70).then(|| format!("slug-{}", self.made));
                "slug"
            }
            3 => {
                let except = self.posts[i].file.clone();
                let links = (0..rng.below(4))
                    .map(|_| self.random_link(rng, Some(&except)))
                    .collect();
                self.posts[i].links = links;
                "links"
            }
            _ => {
                // A new body version: its `#v<n>` heading moves, so links to it follow.
                let old = self.posts[i].version;
                self.posts[i].version = old + 1 + rng.below(3) as u64;
                let (cp, v) = (self.posts[i].content_path(), self.posts[i].version);
                self.retarget(&cp, Some((&cp, v)), changed);
                "body"
            }
        };
        let p = &self.posts[i];
        self.write(&format!("content/{}", p.content_path()), &p.text(), changed);
        format!("edit {} ({what})", p.file)
    }

    fn edit_entity(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let kind = rng.below(3);
        self.versions[kind] += 1;
        let v = self.versions[kind];
        let (rel, text) = match kind {
            0 => (
                "content/topics/tech.md".to_string(),
                format!(
                    "---\ntitle: \"טכנולוגיה {v}\"\ndescription: \"תיאור {v}\"\norder: {}\n---\nדיונים {v}.\n",
                    rng.below(4)
                ),
            ),
            1 => (
                "content/cohorts/class-2024.md".to_string(),
                format!(
                    "---\ntitle: \"מחזור 2024 ({v})\"\nstart: 2024-09-01\nend: 2025-06-30\nprogram: \"תוכנית\"\nlocation: \"חיפה {v}\"\nleaders: [{}]\n---\nהמחזור, גרסה {v}.\n",
                    rng.pick(&LEADERS)
                ),
            ),
            _ => (
                "content/leaders/yossi.md".to_string(),
                format!(
                    "---\nname: \"יוסי לוי {v}\"\nrole: \"מנטור {v}\"\nphoto: /images/a.svg\ncohorts: [{}]\norder: {}\n---\nיוסי, גרסה {v}.\n",
                    rng.pick(&COHORTS),
                    rng.below(4)
                ),
            ),
        };
        self.write(&rel, &text, changed);
        format!("edit {rel} (v{v})")
    }

    fn edit_template(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let (name, from, to) = *rng.pick(&OVERRIDES);
        let rel = format!("templates/{name}");
        if self.path(&rel).exists() && rng.chance(30) {
            let p = self.path(&rel);
            fs::remove_file(&p).unwrap();
            changed.insert(p);
            return format!("delete {rel}");
        }
        self.versions[3] += 1;
        let v = self.versions[3];
        let text = builtin_template(name).replace(from, &to.replace("{v}", &v.to_string()));
        self.write(&rel, &text, changed);
        format!("override {rel} (v{v})")
    }

    fn edit_site(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        self.versions[4] += 1;
        let v = self.versions[4];
        let mut text = self
            .site_yaml
            .lines()
            .filter(|l| {
                !l.starts_with("paginate:")
                    && !l.starts_with("title:")
                    && !l.starts_with("timezone:")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let paginate = 1 + rng.below(4);
        text = format!("title: \"קהילת הבוגרים {v}\"\npaginate: {paginate}\n{text}\n");
        let mut what = format!("site.yaml title v{v}, paginate {paginate}");
        if rng.chance(40) {
            // Every post's date and time are made in the hub's time zone.
            let zone = ["UTC", "America/New_York", "Pacific/Kiritimati"][rng.below(3)];
            text += &format!("timezone: {zone}\n");
            what += &format!(", timezone {zone}");
        }
        if rng.chance(60) {
            let limit = 1 + rng.below(5);
            let full = rng.chance(50);
            text += &format!("feeds:\n  limit: {limit}\n  full_content: {full}\n");
            what += &format!(", feeds limit {limit} full_content {full}");
        }
        self.write("site.yaml", &text, changed);
        what
    }

    /// An edit that must make the build fail; remembered so the next step can undo it.
    fn bad_edit(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let (rel, text, what) = match rng.below(5) {
            0 => (
                "content/posts/broken.md".to_string(),
                "---\ntitle: \"no closing quote\ntopics: [tech]\n---\nbody\n".to_string(),
                "a post with broken YAML",
            ),
            1 => (
                "content/posts/unknown-topic.md".to_string(),
                "---\ntitle: \"x\"\ndate: 2025-01-01\ntopics: [no-such-topic]\n---\nbody\n"
                    .to_string(),
                "a post with an unknown topic",
            ),
            2 => (
                "content/posts/bad-anchor.md".to_string(),
                format!("---\ntitle: \"x\"\ndate: 2025-01-01\n---\n[a](@/{MEETUP}#nope)\n"),
                "a link to a missing anchor",
            ),
            3 => (
                "templates/post.html".to_string(),
                "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}"
                    .to_string(),
                "a template syntax error",
            ),
            _ => (
                "site.yaml".to_string(),
                format!("{}\npaginate: -1\n", self.read("site.yaml").unwrap()),
                "site.yaml paginate: -1",
            ),
        };
        self.broken = Some((self.path(&rel), self.read(&rel)));
        self.write(&rel, &text, changed);
        format!("BAD: {what} ({rel})")
    }

    fn fix(&mut self, changed: &mut HashSet<PathBuf>) -> String {
        let (path, before) = self.broken.take().unwrap();
        match before {
            Some(text) => fs::write(&path, text).unwrap(),
            None => fs::remove_file(&path).unwrap(),
        }
        let what = format!("fix {}", path.strip_prefix(&self.root).unwrap().display());
        changed.insert(path);
        what
    }

    /// What the watcher reports when it lost events (a kernel queue overflow): `site.yaml`, not
    /// the post edited meanwhile, whose new size or time must be enough to read it again.
    fn lost_events(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let i = rng.below(self.posts.len());
        self.posts[i].title = format!("כותרת שלא דווחה {}", rng.below(1000));
        let p = &self.posts[i];
        let mut unreported = HashSet::new();
        self.write(
            &format!("content/{}", p.content_path()),
            &p.text(),
            &mut unreported,
        );
        changed.insert(self.path("site.yaml"));
        format!("edit {} unreported, events lost", p.file)
    }

    /// A reported edit that keeps the file's size and modification time (a copy with `cp -p`,
    /// or two saves within one tick of a coarse clock): only the watcher's report says so.
    fn same_stamp_edit(&mut self, rng: &mut Rng, changed: &mut HashSet<PathBuf>) -> String {
        let i = rng.below(self.posts.len());
        let path = self.path(&format!("content/{}", self.posts[i].content_path()));
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        let title = self.posts[i].title.clone();
        self.posts[i].title = title.chars().rev().collect();
        if self.posts[i].title == title {
            self.posts[i].title = title.replacen(' ', "_", 1);
        }
        let before = fs::metadata(&path).unwrap().len();
        self.write(
            &format!("content/{}", self.posts[i].content_path()),
            &self.posts[i].text(),
            changed,
        );
        assert_eq!(fs::metadata(&path).unwrap().len(), before, "same size");
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(mtime).unwrap();
        format!("edit {} keeping its size and time", self.posts[i].file)
    }

    /// One random step: what it did, the paths a watcher would report, and whether it must fail.
    fn step(&mut self, rng: &mut Rng) -> (String, HashSet<PathBuf>, bool) {
        let mut changed = HashSet::new();
        if self.broken.is_some() {
            return (self.fix(&mut changed), changed, false);
        }
        let roll = rng.below(100);
        let what = match roll {
            _ if self.posts.len() < 3 => self.add_post(rng, &mut changed),
            0..14 => self.add_post(rng, &mut changed),
            14..22 => self.delete_post(rng, &mut changed),
            22..32 => self.rename_post(rng, &mut changed),
            32..62 => self.edit_post(rng, &mut changed),
            62..74 => self.edit_entity(rng, &mut changed),
            74..84 => self.edit_template(rng, &mut changed),
            84..94 => self.edit_site(rng, &mut changed),
            _ => {
                let what = self.bad_edit(rng, &mut changed);
                return (what, changed, true);
            }
        };
        (what, changed, false)
    }
}

fn builtin_template(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn options(now: Timestamp) -> pipeline::Options<'static> {
    pipeline::Options {
        base_url: Some(BASE_URL),
        drafts: false,
        now,
        progress: Progress::hidden(),
        sink: None,
        keep_markdown: false,
    }
}

/// Every output's bytes, read as serve would answer a request for it (the files of deferred
/// folders, the search index's shards and groups, included).
fn contents(outputs: &Outputs) -> BTreeMap<PathBuf, Vec<u8>> {
    outputs
        .all()
        .iter()
        .map(|(p, o)| {
            let bytes = o
                .read(p)
                .unwrap_or_else(|e| panic!("cannot read output {}: {e}", p.display()));
            (p.clone(), bytes.to_vec())
        })
        .collect()
}

/// The first differing line of two files, with a line of context on each side.
fn short_diff(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = (0..al.len().max(bl.len()))
        .find(|&i| al.get(i) != bl.get(i))
        .unwrap_or(0);
    let clip = |s: &str| s.chars().take(300).collect::<String>();
    let mut out = String::new();
    for j in i.saturating_sub(1)..(i + 2) {
        if let Some(l) = al.get(j) {
            out += &format!("  serve line {}: {}\n", j + 1, clip(l));
        }
        if let Some(l) = bl.get(j) {
            out += &format!("  clean line {}: {}\n", j + 1, clip(l));
        }
    }
    out
}

/// Compares a session's run with a clean run; `None` when they agree.
fn compare(
    session: &Option<Outputs>,
    clean: &Option<Outputs>,
    session_diags: &str,
    clean_diags: &str,
) -> Option<String> {
    if session_diags != clean_diags {
        return Some(format!(
            "diagnostics differ\n--- serve ---\n{session_diags}\n--- clean ---\n{clean_diags}"
        ));
    }
    let (s, c) = match (session, clean) {
        (None, None) => return None,
        (Some(s), Some(c)) => (s, c),
        (s, c) => {
            return Some(format!(
                "serve {} but the clean build {}\n{clean_diags}",
                if s.is_some() { "succeeded" } else { "failed" },
                if c.is_some() { "succeeded" } else { "failed" },
            ));
        }
    };
    let (sa, ca) = (s.all(), c.all());
    let (sk, ck): (BTreeSet<&PathBuf>, BTreeSet<&PathBuf>) =
        (sa.keys().collect(), ca.keys().collect());
    if sk != ck {
        let only_s: Vec<_> = sk.difference(&ck).take(5).collect();
        let only_c: Vec<_> = ck.difference(&sk).take(5).collect();
        return Some(format!(
            "the set of paths differs: only in serve {only_s:?}, only in the clean build {only_c:?}"
        ));
    }
    if s.pages != c.pages {
        return Some(format!("page count: serve {}, clean {}", s.pages, c.pages));
    }
    let (sb, cb) = (contents(s), contents(c));
    for (p, a) in &sb {
        let b = &cb[p];
        if a != b {
            return Some(format!(
                "first differing path: {}\n{}",
                p.display(),
                short_diff(a, b)
            ));
        }
    }
    None
}

#[test]
fn serve_session_equals_a_clean_build_after_every_random_edit() {
    let steps = env_number("KEHILA_DIFF_STEPS", 200);
    let seed = env_number("KEHILA_DIFF_SEED", 13);
    let now = Timestamp::from_second(1_780_000_000).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hub").to_path_buf();
    common::copy_dir(&common::fixture_dir(common::HE), &root);
    let root = root.canonicalize().unwrap();
    if std::env::var_os("KEHILA_DIFF_CARDS").is_none() {
        // Drawing a preview card in a debug build costs more than a whole pipeline run here:
        // 200 steps with cards take minutes. The cards' own inputs are covered by tests/cards.rs.
        let mut y = fs::read_to_string(root.join("site.yaml")).unwrap();
        y += "previews:\n  cards: false\n";
        fs::write(root.join("site.yaml"), y).unwrap();
    }
    for (name, from, _) in OVERRIDES {
        assert!(
            builtin_template(name).contains(from),
            "the built-in {name} no longer contains {from:?}: update OVERRIDES"
        );
    }
    let mut hub = Hub {
        site_yaml: fs::read_to_string(root.join("site.yaml")).unwrap(),
        root: root.clone(),
        posts: vec![],
        made: 0,
        versions: [0; 5],
        broken: None,
    };
    let mut rng = Rng(seed);
    let mut twists = Rng(seed ^ 0x005e_ed0f_7a15);
    let mut session = Session::new(&root);
    let mut log: Vec<String> = vec![];
    let mut changed: Option<HashSet<PathBuf>> = None;
    let (mut built, mut failed) = (0, 0);
    for step in 0..=steps {
        let mut expect_fail = false;
        if step > 0 {
            let (what, mut paths, bad) = hub.step(&mut rng);
            log.push(format!("{step}: {what}"));
            // Twists from a second sequence, so the first one's steps stay as they were.
            let walks = ["add ", "delete ", "rename "]
                .iter()
                .any(|w| what.starts_with(w));
            if !bad && twists.chance(6) {
                log.push(format!(
                    "{step}: {}",
                    hub.lost_events(&mut twists, &mut paths)
                ));
            } else if !bad && walks && twists.chance(25) {
                log.push(format!(
                    "{step}: {}",
                    hub.same_stamp_edit(&mut twists, &mut paths)
                ));
            }
            changed = Some(paths);
            expect_fail = bad;
        }
        let opts = options(now);
        let mut sd = Diagnostics::new();
        let served = session.run(&opts, changed.as_ref(), &mut sd);
        let mut cd = Diagnostics::new();
        let clean = pipeline::run(&root, &opts, &mut cd);
        let (sd, cd) = (sd.render(&root, false), cd.render(&root, false));
        let served = served.map(|(_, o)| o);
        let clean = clean.map(|(_, o)| o);
        let context = || {
            format!(
                "seed {seed}, step {step}; edits so far:\n  {}",
                log.join("\n  ")
            )
        };
        if let Some(why) = compare(&served, &clean, &sd, &cd) {
            panic!("serve differs from a clean build\n{}\n{why}", context());
        }
        assert_eq!(
            clean.is_none(),
            expect_fail,
            "{}\nthe clean build {} (diagnostics:\n{cd})",
            context(),
            if expect_fail {
                "succeeded after a bad edit"
            } else {
                "failed after a good edit"
            }
        );
        if clean.is_some() {
            built += 1;
        } else {
            failed += 1;
        }
    }
    eprintln!(
        "seed {seed}: {built} runs built, {failed} failed as they should, all equal to clean builds"
    );
    assert!(
        built > failed,
        "most steps should build: {built} built, {failed} failed"
    );
}
