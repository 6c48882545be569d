//! Assembles the [`Site`] from loaded documents: slugs and routes, dates, display order, and
//! reference resolution with did-you-mean hints. Every problem is reported; the site is still
//! returned (with the bad parts left out) so later stages can find more problems in one run.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::dates::{self, FORMATS_HINT, When};
use super::slug::{slugify, split_date_prefix};
use super::url::{Route, Urls, is_external};
use super::{Cohort, Entry, Event, Leader, Link, Page, Post, Site, Topic};
use crate::config::{Config, check_channel};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use crate::hashing::HashMap;
use crate::load::front_matter::Spanned;
use std::sync::Arc;

use crate::load::{Document, Kind, Sources};

/// Section folders of the site: a plain page may not take one of these names.
pub const SECTIONS: &[&str] = &[
    "posts", "topics", "cohorts", "leaders", "events", "jobs", "digest",
];

pub struct Options {
    pub drafts: bool,
    pub now: Timestamp,
}

struct Ctx<'a> {
    config: &'a Config,
    urls: &'a Urls,
    root: &'a Path,
    diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// A front-matter address that must be a full one (`ok`), or an error at its value.
    fn full_address(
        &mut self,
        doc: &Document,
        v: &Option<Spanned<String>>,
        key: &str,
        ok: impl Fn(&str) -> bool,
        hint: &str,
    ) -> Option<String> {
        let u = v.as_ref()?;
        if ok(&u.value) {
            return Some(u.value.clone());
        }
        self.diags.push(
            Diagnostic::error(format!("{key} \"{}\" is not a full address", u.value))
                .at(&doc.file, u.pos)
                .hint(hint.to_string()),
        );
        None
    }

    fn when(&mut self, doc: &Document, v: &Option<Spanned<String>>, key: &str) -> Option<When> {
        let v = v.as_ref()?;
        match dates::parse(&v.value, &self.config.timezone) {
            Ok(w) => Some(w),
            Err(msg) => {
                self.diags.push(
                    Diagnostic::error(format!("{key}: {msg}"))
                        .at(&doc.file, v.pos)
                        .hint(FORMATS_HINT),
                );
                None
            }
        }
    }

    /// An image or photo path from front matter → its site URL; it must exist under static/.
    fn asset(&mut self, doc: &Document, v: &Option<Spanned<String>>, key: &str) -> Option<String> {
        self.asset_in(&doc.file, v, key)
    }

    fn asset_in(&mut self, file: &Path, v: &Option<Spanned<String>>, key: &str) -> Option<String> {
        let v = v.as_ref()?;
        let path = v.value.trim();
        if is_external(path) {
            return Some(path.to_string());
        }
        let asset = Urls::site_path_file(path);
        if !self.root.join("static").join(&asset).is_file() {
            self.diags.push(
                Diagnostic::error(format!("{key}: there is no file \"{}\" in static/", asset.display()))
                    .at(file, v.pos)
                    .hint(format!(
                        "put the file at static/{} or fix the path (paths start with / and are inside static/)",
                        asset.display()
                    )),
            );
            return None;
        }
        Some(self.urls.site_path(path))
    }

    fn entry(&mut self, doc: &Document, section: Option<&str>) -> Option<Entry> {
        let title_key = if doc.kind == Kind::Leader {
            "name"
        } else {
            "title"
        };
        let title = match &doc.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            _ => {
                self.diags.push(
                    Diagnostic::error(format!("this {} has no \"{title_key}\"", doc.kind.name()))
                        .at(&doc.file, doc.start_pos)
                        .hint(format!("add a line `{title_key}: ...` to the front matter")),
                );
                return None;
            }
        };
        let slug = match &doc.slug {
            Some(s) => slugify(&s.value),
            None => slugify(split_date_prefix(&doc.stem).1),
        };
        if slug.is_empty() {
            let pos = doc.slug.as_ref().map(|s| s.pos).unwrap_or(doc.start_pos);
            self.diags.push(
                Diagnostic::error("cannot make a web address (slug) from this file's name")
                    .at(&doc.file, pos)
                    .hint("give the file a name with letters, or add `slug: my-page` to the front matter"),
            );
            return None;
        }
        let encoded =
            percent_encoding::utf8_percent_encode(&slug, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .len();
        if !slug.is_ascii() && encoded > 120 {
            let pos = doc.slug.as_ref().map(|s| s.pos).unwrap_or(doc.start_pos);
            self.diags.push(
                Diagnostic::warning(format!(
                    "the web address of this {} is {encoded} characters long once encoded, which looks broken when shared in chat",
                    doc.kind.name()
                ))
                .at(&doc.file, pos)
                .hint("set a shorter `slug:` (a few words, Hebrew is fine)"),
            );
        }
        let route = match (doc.kind, section) {
            (Kind::Home, _) => Route::page::<&str>(&[]),
            (_, Some(s)) => Route::page(&[s, slug.as_str()]),
            (_, None) => Route::page(&[slug.as_str()]),
        };
        let image = self.asset(doc, &doc.image, "image");
        Some(Entry {
            file: doc.file.clone(),
            content_path: doc.content_path.clone(),
            url: self.urls.url(&route),
            title,
            slug,
            route,
            summary: doc.summary.clone(),
            image,
            body: doc.body.clone(),
            body_line: doc.body_line,
            extra: doc.extra.clone(),
            draft: doc.draft,
            aliases: doc.aliases.clone(),
        })
    }

    /// Resolves slugs written in `key` against `table`, reporting unknown ones with a hint.
    fn refs(
        &mut self,
        doc: &Document,
        values: &[Spanned<String>],
        table: &HashMap<String, usize>,
        what: &str,
        plural: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for v in values {
            let key = v.value.trim();
            match table.get(key).or_else(|| table.get(&slugify(key))) {
                Some(&i) => {
                    if !out.contains(&i) {
                        out.push(i)
                    }
                }
                None => {
                    let names: Vec<&str> = table.keys().map(String::as_str).collect();
                    self.diags.push(
                        Diagnostic::error(format!("unknown {what} \"{key}\""))
                            .at(&doc.file, v.pos)
                            .hint(suggestion_hint(key, plural, &names)),
                    );
                }
            }
        }
        out
    }
}

fn table<T>(items: &[(Arc<Document>, T)], entry: impl Fn(&T) -> &Entry) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (entry(t).slug.clone(), i))
        .collect()
}

fn sort_key(order: Option<i64>, title: &str) -> (i64, String) {
    (order.unwrap_or(i64::MAX), title.to_string())
}

/// What a post file gives before references are resolved: its entry and dates.
struct PostParts {
    entry: Option<Arc<Entry>>,
    date: When,
    time: jiff::Timestamp,
    updated: Option<When>,
    expires: Option<When>,
    job: Option<super::job::Job>,
    diags: Diagnostics,
}

/// Post parts kept between runs of `serve`, by content path, with the document they were
/// made from (reused only for that same document). Valid for one set of settings.
#[derive(Default)]
pub struct ModelCache {
    settings: u64,
    posts: HashMap<String, (Arc<Document>, Arc<PostParts>)>,
}

impl ModelCache {
    /// A cache that keeps nothing (a one-off build).
    pub fn one_off() -> Option<Self> {
        None
    }
}

fn post_parts(config: &Config, urls: &Urls, root: &Path, doc: &Document) -> PostParts {
    let mut diags = Diagnostics::new();
    let tz = &config.timezone;
    let mut cx = Ctx {
        config,
        urls,
        root,
        diags: &mut diags,
    };
    let entry = cx.entry(doc, Some("posts")).map(Arc::new);
    // A file-name date that is no real day is an error even when `date:` is set: the slug
    // drops it silently either way, and the author meant it.
    let named = split_date_prefix(&doc.stem)
        .0
        .and_then(|d| match dates::parse(d, tz) {
            Ok(w) => Some(w),
            Err(msg) => {
                cx.diags.push(file_name_date_error(doc, d, &msg));
                None
            }
        });
    let date = match &doc.date {
        Some(_) => cx.when(doc, &doc.date, "date"),
        None => match split_date_prefix(&doc.stem).0 {
            Some(_) => named,
            None => {
                cx.diags.push(
                    Diagnostic::error("this post has no date")
                        .at(&doc.file, doc.start_pos)
                        .hint("add `date: 2026-01-10` to the front matter, or start the file name with the date: 2026-01-10-my-post.md"),
                );
                None
            }
        },
    };
    // A bad date is already reported; keep the post so its other problems are too.
    let date = date.unwrap_or(When::Day(jiff::civil::Date::constant(1970, 1, 1)));
    let updated = cx.when(doc, &doc.updated, "updated");
    let expires = cx.when(doc, &doc.expires, "expires");
    let job = super::job::read(doc, expires.as_ref(), cx.diags);
    PostParts {
        job,
        entry,
        time: date.timestamp(tz),
        date,
        updated,
        expires,
        diags,
    }
}

/// The file name's date prefix is not a real day: positioned at the file's first line, since a
/// name has no line of its own.
fn file_name_date_error(doc: &Document, written: &str, msg: &str) -> Diagnostic {
    let why = msg
        .split_once(": ")
        .map(|(_, w)| w)
        .unwrap_or("it is not a real day");
    let name = doc
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rest = split_date_prefix(&doc.stem).1;
    Diagnostic::error(format!(
        "the date in the file name \"{name}\" is not a real day: {why}"
    ))
    .at(&doc.file, Pos::new(1, 1))
    .hint(format!(
        "start the file name with a real date as YYYY-MM-DD-, like 2026-01-10-{rest}.md (\"{written}\" is not one), or remove the date from the name and write `date: 2026-01-10` in the front matter"
    ))
}

/// The parts of every post document (aligned with `docs`; `None` for other documents and
/// left-out drafts), in parallel: posts are most of a big hub. With a cache, parts of
/// unchanged documents are reused, except for posts with an image (whose file is checked
/// again every time).
fn all_post_parts(
    config: &Config,
    urls: &Urls,
    root: &Path,
    docs: &[Arc<Document>],
    drafts: bool,
    cache: Option<&mut ModelCache>,
) -> Vec<Option<Arc<PostParts>>> {
    use rayon::prelude::*;
    let settings = {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hashing::key_hasher();
        format!("{config:?}{urls:?}{}", root.display()).hash(&mut h);
        h.finish()
    };
    let mut empty = ModelCache::default();
    let cache = match cache {
        Some(c) => {
            if c.settings != settings {
                c.posts.clear();
                c.settings = settings;
            }
            c
        }
        None => &mut empty,
    };
    // (parts, whether they were made now)
    let made: Vec<Option<(Arc<PostParts>, bool)>> = docs
        .par_iter()
        .map(|d| {
            if d.kind != Kind::Post || (d.draft && !drafts) {
                return None;
            }
            if let Some((old, parts)) = cache.posts.get(&d.content_path)
                && Arc::ptr_eq(old, d)
            {
                return Some((Arc::clone(parts), false));
            }
            Some((Arc::new(post_parts(config, urls, root, d)), true))
        })
        .collect();
    let posts = made.iter().flatten().count();
    for (d, m) in docs.iter().zip(&made) {
        if let Some((parts, true)) = m {
            if d.image.is_none() {
                cache
                    .posts
                    .insert(d.content_path.clone(), (Arc::clone(d), Arc::clone(parts)));
            } else {
                cache.posts.remove(&d.content_path);
            }
        }
    }
    if cache.posts.len() > posts {
        // Forget documents that are gone (their text would otherwise be kept forever).
        let live: crate::hashing::HashSet<&str> = docs
            .iter()
            .zip(&made)
            .filter(|(_, m)| m.is_some())
            .map(|(d, _)| d.content_path.as_str())
            .collect();
        cache.posts.retain(|k, _| live.contains(k.as_str()));
    }
    made.into_iter().map(|m| m.map(|(p, _)| p)).collect()
}

/// Builds the site. Returns it even when there were errors (see the module doc). `cache`
/// (kept by `serve`) makes a rebuild reuse the parts of unchanged posts.
pub fn build(
    config: Config,
    mut sources: Sources,
    root: &Path,
    opts: &Options,
    cache: Option<&mut ModelCache>,
    diags: &mut Diagnostics,
) -> Site {
    let urls = Urls::new(&config.base_url);
    let tz = config.timezone.clone();
    let post_parts = all_post_parts(&config, &urls, root, &sources.documents, opts.drafts, cache);
    let mut cx = Ctx {
        config: &config,
        urls: &urls,
        root,
        diags,
    };

    let site_image = cx.asset_in(Path::new("site.yaml"), &config.image.clone(), "image");
    let mut home = None;
    let mut pages: Vec<(Arc<Document>, Page)> = Vec::new();
    let mut posts: Vec<(Arc<Document>, Post)> = Vec::new();
    let mut topics: Vec<(Arc<Document>, Topic)> = Vec::new();
    let mut cohorts: Vec<(Arc<Document>, Cohort)> = Vec::new();
    let mut leaders: Vec<(Arc<Document>, Leader)> = Vec::new();
    let mut events: Vec<(Arc<Document>, Event)> = Vec::new();

    let mut drafts = Vec::new();
    for (doc, parts) in std::mem::take(&mut sources.documents)
        .into_iter()
        .zip(post_parts)
    {
        if doc.draft && !opts.drafts {
            drafts.push(doc.content_path.clone());
            continue;
        }
        let section = match doc.kind {
            Kind::Post => Some("posts"),
            Kind::Topic => Some("topics"),
            Kind::Cohort => Some("cohorts"),
            Kind::Leader => Some("leaders"),
            Kind::Event => Some("events"),
            Kind::Home | Kind::Page => None,
        };
        if doc.kind == Kind::Post {
            let Some(parts) = parts else {
                continue;
            };
            if !parts.diags.items().is_empty() {
                cx.diags.extend(parts.diags.clone());
            }
            let Some(entry) = parts.entry.clone() else {
                continue;
            };
            let expired = parts
                .expires
                .as_ref()
                .map(|e| opts.now >= e.end_timestamp(&tz))
                .unwrap_or(false);
            let post = Post {
                entry,
                date: parts.date.clone(),
                time: parts.time,
                updated: parts.updated.clone(),
                topics: Vec::new(),
                cohort: None,
                author: None,
                expired,
                job: parts.job.clone(),
            };
            posts.push((doc, post));
            continue;
        }
        if doc.kind == Kind::Home {
            // The home intro needs no title: the site's title stands in for it.
            let mut d = Document::clone(&doc);
            if d.title.is_none() {
                d.title = Some(Spanned {
                    value: config.title.clone(),
                    pos: d.start_pos,
                });
            }
            home = cx.entry(&d, None);
            continue;
        }
        let Some(entry) = cx.entry(&doc, section) else {
            continue;
        };
        match doc.kind {
            Kind::Home => {}
            Kind::Page => {
                if SECTIONS.contains(&entry.slug.as_str()) || entry.slug == "page" {
                    cx.diags.push(
                        Diagnostic::error(format!(
                            "the page name \"{}\" is taken by a section of the site (/{}/)",
                            entry.slug, entry.slug
                        ))
                        .at(&doc.file, doc.start_pos)
                        .hint("rename the file, or set another `slug:` in its front matter"),
                    );
                    continue;
                }
                let page = Page {
                    entry,
                    order: doc.order,
                    menu: doc.menu,
                    template: doc.template.clone(),
                };
                pages.push((doc, page));
            }
            Kind::Post => {}
            Kind::Topic => {
                let t = Topic {
                    entry,
                    description: doc.description.clone(),
                    order: doc.order,
                };
                topics.push((doc, t));
            }
            Kind::Cohort => {
                let start = cx.when(&doc, &doc.start, "start");
                let end = cx.when(&doc, &doc.end, "end");
                let mut channels = Vec::new();
                for c in &doc.channels {
                    if let Some(ch) = check_channel(
                        c.kind.clone(),
                        c.url.clone(),
                        c.label.clone(),
                        c.pos,
                        &doc.file,
                        cx.diags,
                    ) {
                        channels.push(ch);
                    }
                }
                let c = Cohort {
                    entry,
                    start,
                    end,
                    program: doc.program.clone(),
                    location: doc.location.clone(),
                    leaders: Vec::new(),
                    channels,
                    public_members: Vec::new(),
                    stats: Default::default(),
                };
                cohorts.push((doc, c));
            }
            Kind::Leader => {
                let photo = cx.asset(&doc, &doc.photo, "photo");
                let mut links = Vec::new();
                for (label, url, pos) in &doc.links {
                    match url {
                        Some(u) if is_external(u) => links.push(Link {
                            label: label.clone().unwrap_or_else(|| u.clone()),
                            url: u.clone(),
                        }),
                        _ => cx.diags.push(
                            Diagnostic::error("a link needs a full \"url\" (https://…)")
                                .at(&doc.file, *pos)
                                .hint("write it like `- {label: LinkedIn, url: https://www.linkedin.com/in/...}`"),
                        ),
                    }
                }
                let l = Leader {
                    entry,
                    role: doc.role.clone(),
                    photo,
                    focus: doc.focus,
                    cohorts: Vec::new(),
                    links,
                    email: doc.email.clone(),
                    order: doc.order,
                };
                leaders.push((doc, l));
            }
            Kind::Event => {
                let start = match &doc.start {
                    Some(_) => cx.when(&doc, &doc.start, "start"),
                    None => {
                        cx.diags.push(
                            Diagnostic::error("this event has no \"start\"")
                                .at(&doc.file, doc.start_pos)
                                .hint("add `start: 2026-12-17 18:30` (or just a date) to the front matter"),
                        );
                        None
                    }
                };
                let start = start.unwrap_or(When::Day(jiff::civil::Date::constant(1970, 1, 1)));
                let end = cx.when(&doc, &doc.end, "end");
                let online_url = cx.full_address(
                    &doc,
                    &doc.online_url,
                    "online_url",
                    is_external,
                    "use the full meeting link, starting with https://",
                );
                let upcoming = opts.now < end.as_ref().unwrap_or(&start).end_timestamp(&tz);
                let rsvp = cx
                    .full_address(
                        &doc,
                        &doc.rsvp,
                        "rsvp",
                        |u| u.starts_with("https://") || u.starts_with("http://"),
                        "use the registration form's full link, starting with https://",
                    )
                    .map(|u| u.trim().to_string());
                let e = Event {
                    entry,
                    start,
                    end,
                    location: doc.location.clone(),
                    online_url,
                    cohort: None,
                    topics: Vec::new(),
                    upcoming,
                    rsvp,
                };
                events.push((doc, e));
            }
        }
    }

    // Display order first, so that the indices stored by references stay valid. The slug is
    // only looked at for posts of the same second.
    type Keyed = (std::cmp::Reverse<jiff::Timestamp>, (Arc<Document>, Post));
    let mut keyed: Vec<Keyed> = posts
        .into_iter()
        .map(|x| (std::cmp::Reverse(x.1.time), x))
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.1.entry.slug.cmp(&b.1.1.entry.slug))
    });
    let mut posts: Vec<(Arc<Document>, Post)> = keyed.into_iter().map(|x| x.1).collect();
    pages.sort_by_key(|(_, p)| sort_key(p.order, &p.entry.title));
    topics.sort_by_key(|(_, t)| sort_key(t.order, &t.entry.title));
    leaders.sort_by_key(|(_, l)| sort_key(l.order, &l.entry.title));
    cohorts.sort_by(|a, b| {
        let ka = a.1.start.as_ref().map(|w| w.timestamp(&tz));
        let kb = b.1.start.as_ref().map(|w| w.timestamp(&tz));
        kb.cmp(&ka)
            .then_with(|| a.1.entry.title.cmp(&b.1.entry.title))
    });
    events.sort_by_cached_key(|(_, e)| (e.start.timestamp(&tz), e.entry.slug.clone()));

    check_unique_routes(
        cx.diags,
        home.iter()
            .chain(pages.iter().map(|x| &x.1.entry))
            .chain(posts.iter().map(|x| &*x.1.entry))
            .chain(topics.iter().map(|x| &x.1.entry))
            .chain(cohorts.iter().map(|x| &x.1.entry))
            .chain(leaders.iter().map(|x| &x.1.entry))
            .chain(events.iter().map(|x| &x.1.entry)),
    );

    let aliases = super::aliases::collect(
        home.iter()
            .chain(pages.iter().map(|x| &x.1.entry))
            .chain(posts.iter().map(|x| &*x.1.entry))
            .chain(topics.iter().map(|x| &x.1.entry))
            .chain(cohorts.iter().map(|x| &x.1.entry))
            .chain(leaders.iter().map(|x| &x.1.entry))
            .chain(events.iter().map(|x| &x.1.entry)),
        &urls,
        cx.diags,
    );

    let topic_t = table(&topics, |t| &t.entry);
    let cohort_t = table(&cohorts, |c| &c.entry);
    let leader_t = table(&leaders, |l| &l.entry);

    // Posts are most of a big hub: their references are resolved in parallel, each with its
    // own diagnostics, gathered in post order afterwards.
    let post_diags: Vec<Diagnostics> = {
        use rayon::prelude::*;
        let (config, urls) = (cx.config, cx.urls);
        posts
            .par_iter_mut()
            .map(|(doc, post)| {
                let mut diags = Diagnostics::new();
                let mut cx = Ctx {
                    config,
                    urls,
                    root,
                    diags: &mut diags,
                };
                post.topics = cx.refs(doc, &doc.topics, &topic_t, "topic", "topics");
                if doc.topics.is_empty() && !topic_t.is_empty() {
                    let mut names: Vec<&str> = topic_t.keys().map(String::as_str).collect();
                    names.sort_unstable();
                    cx.diags.push(
                        Diagnostic::warning(
                            "this post has no topic, so it appears on no topic page or topic feed",
                        )
                        .at(&doc.file, doc.start_pos)
                        .hint(format!(
                            "add `topics: [{}]` (topics: {})",
                            names[0],
                            names.join(", ")
                        )),
                    );
                }
                post.cohort = cx
                    .refs(doc, doc.cohort.as_slice(), &cohort_t, "cohort", "cohorts")
                    .first()
                    .copied();
                post.author = cx
                    .refs(doc, doc.author.as_slice(), &leader_t, "leader", "leaders")
                    .first()
                    .copied();
                diags
            })
            .collect()
    };
    for d in post_diags {
        if !d.items().is_empty() {
            cx.diags.extend(d);
        }
    }
    for (doc, event) in &mut events {
        event.topics = cx.refs(doc, &doc.topics, &topic_t, "topic", "topics");
        event.cohort = cx
            .refs(doc, doc.cohort.as_slice(), &cohort_t, "cohort", "cohorts")
            .first()
            .copied();
    }
    let mut cohort_leaders: Vec<Vec<usize>> = vec![Vec::new(); cohorts.len()];
    for (ci, (doc, _)) in cohorts.iter().enumerate() {
        cohort_leaders[ci] = cx.refs(doc, &doc.leaders, &leader_t, "leader", "leaders");
    }
    for (li, (doc, leader)) in leaders.iter_mut().enumerate() {
        leader.cohorts = cx.refs(doc, &doc.cohorts, &cohort_t, "cohort", "cohorts");
        for &ci in &leader.cohorts {
            if !cohort_leaders[ci].contains(&li) {
                cohort_leaders[ci].push(li);
            }
        }
    }
    for (ci, (_, cohort)) in cohorts.iter_mut().enumerate() {
        cohort.leaders = std::mem::take(&mut cohort_leaders[ci]);
        for &li in &cohort.leaders {
            if !leaders[li].1.cohorts.contains(&ci) {
                leaders[li].1.cohorts.push(ci);
            }
        }
    }
    // Rosters: stats over everyone, cards for those who consented, nothing else.
    let k = config.min_group_size;
    let year = opts.now.to_zoned_datetime(tz.clone()).year() as i32;
    let mut counts = vec![0usize; cohorts.len()];
    for r in sources.rosters {
        match cohort_t.get(&r.slug) {
            Some(&ci) => {
                counts[ci] = r.members.len();
                let c = &mut cohorts[ci].1;
                c.stats = super::stats::cohort_stats(&r.members, k, year);
                c.public_members = r.members.into_iter().filter(|m| m.consent).collect();
            }
            None => {
                let names: Vec<&str> = cohort_t.keys().map(String::as_str).collect();
                cx.diags.push(
                    Diagnostic::error(format!(
                        "this roster belongs to no cohort: there is no content/cohorts/{}.md",
                        r.slug
                    ))
                    .at(&r.file, Pos::new(1, 1))
                    .hint(format!(
                        "name the file after its cohort: {}",
                        suggestion_hint(&r.slug, "cohorts", &names)
                    )),
                );
            }
        }
    }
    let all_stats: Vec<super::stats::CohortStats> =
        cohorts.iter().map(|c| c.1.stats.clone()).collect();
    let members_total = super::stats::hub_total(&all_stats, k, &counts);
    let mut by_order: Vec<(Arc<Document>, Leader)> = Vec::new();
    std::mem::swap(&mut by_order, &mut leaders);
    let leaders: Vec<Leader> = by_order.into_iter().map(|x| x.1).collect();

    Site {
        aliases,
        drafts,
        members_total,
        image: site_image,
        now: opts.now,
        home,
        pages: pages.into_iter().map(|x| x.1).collect(),
        posts: posts.into_iter().map(|x| x.1).collect(),
        topics: topics.into_iter().map(|x| x.1).collect(),
        cohorts: cohorts.into_iter().map(|x| x.1).collect(),
        leaders,
        events: events.into_iter().map(|x| x.1).collect(),
        urls,
        config,
    }
}

/// Two files that would write the same page are an error naming both.
fn check_unique_routes<'a>(diags: &mut Diagnostics, entries: impl Iterator<Item = &'a Entry>) {
    // Keyed by URL text (one per route): hashing bytes is cheaper than hashing a route's parts.
    let mut seen: HashMap<&str, &PathBuf> = HashMap::default();
    for e in entries {
        if let Some(first) = seen.get(e.url.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "this file and {} both make the page {}",
                    first.display(),
                    e.url
                ))
                .at(&e.file, Pos::new(1, 1))
                .hint("give one of them another `slug:` in its front matter, or rename the file"),
            );
        } else {
            seen.insert(&e.url, &e.file);
        }
    }
}
