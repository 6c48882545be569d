//! The site's feed and calendar files (RSS, Atom, JSON Feed for the site, RSS per topic and
//! cohort, `events.ics`, one `.ics` per event): made with the pages in a build, on first
//! request while serving ([`DeferredFeeds`]), from the same site and bodies as the pages.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::output::Deferred;
use super::sink::{Collect, Sink};
use super::views::Bodies;
use super::{feeds, ical};
use crate::hashing::HashMap;
use crate::model::{Route, Site};

/// A feed: its route, whether it is site-wide, and what it shows.
pub type Spec = (Route, bool, feeds::FeedSpec);

/// Which feeds the site has: route, whether it is a site-wide feed (which also gets Atom and
/// JSON Feed versions), and what it shows.
/// `jobs_title` names the jobs feed (the theme's `jobs` string).
pub fn specs(site: &Site, jobs_title: &str) -> Vec<Spec> {
    let urls = &site.urls;
    let listed = site.listed();
    let mut specs: Vec<Spec> = Vec::new();
    specs.push((
        Route::file(&["rss.xml"]),
        true,
        feeds::FeedSpec {
            title: site.config.title.clone(),
            description: site.config.description.clone().unwrap_or_default(),
            home: urls.base_url(),
            posts: feeds::limited(site, &listed.all),
            full_content: site.config.feeds_full_content,
        },
    ));
    for (i, t) in site.topics.iter().enumerate() {
        specs.push((
            feeds::section_feed_route("topics", &t.entry.slug),
            false,
            feeds::FeedSpec {
                title: format!("{} — {}", t.entry.title, site.config.title),
                description: t.description.clone().unwrap_or_default(),
                home: urls.absolute(&t.entry.url),
                posts: feeds::limited(site, &listed.by_topic[i]),
                full_content: false,
            },
        ));
    }
    for (i, c) in site.cohorts.iter().enumerate() {
        specs.push((
            feeds::section_feed_route("cohorts", &c.entry.slug),
            false,
            feeds::FeedSpec {
                title: format!("{} — {}", c.entry.title, site.config.title),
                description: c.program.clone().unwrap_or_default(),
                home: urls.absolute(&c.entry.url),
                posts: feeds::limited(site, &listed.by_cohort[i]),
                full_content: false,
            },
        ));
    }
    let jobs: Vec<usize> = listed
        .all
        .iter()
        .copied()
        .filter(|&i| site.posts[i].job.is_some())
        .collect();
    specs.push((
        super::plan_extra::jobs_feed_route(),
        false,
        feeds::FeedSpec {
            title: format!("{jobs_title} — {}", site.config.title),
            description: site.config.description.clone().unwrap_or_default(),
            home: urls.absolute(&urls.url(&Route::page(&["jobs"]))),
            posts: feeds::limited(site, &jobs),
            full_content: false,
        },
    ));
    specs
}

/// Every feed and calendar file, made now and kept in memory.
pub fn make(site: &Site, bodies: &Bodies, jobs_title: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let sink = Collect::default();
    // Writing into memory cannot fail; the feed writers' own errors are bugs, shown as such.
    if let Err(e) = write(site, bodies, &specs(site, jobs_title), &sink) {
        eprintln!("error: could not make the feeds: {e}");
    }
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Every feed and calendar file, each handed to `sink` as it is made. The big feeds are
/// written a chunk of items at a time (see [`feeds`]), never whole in memory.
pub fn write(site: &Site, bodies: &Bodies, specs: &[Spec], sink: &dyn Sink) -> std::io::Result<()> {
    write_some(site, bodies, specs, sink, None)
}

/// [`write`] for these `specs`, or only the file at `only`.
fn write_some(
    site: &Site,
    bodies: &Bodies,
    specs: &[Spec],
    sink: &dyn Sink,
    only: Option<&Path>,
) -> std::io::Result<()> {
    let wanted = |p: &Path| only.is_none_or(|o| o == p);
    let urls = &site.urls;
    let abs_url = |r: &Route| urls.absolute(&urls.url(r));
    // Every feed is independent: write them in parallel.
    let atom = Route::file(&["atom.xml"]);
    let json = Route::file(&["feed.json"]);
    let mut jobs: Vec<(Route, &feeds::FeedSpec, u8)> = Vec::new();
    for (route, site_wide, spec) in specs {
        jobs.push((route.clone(), spec, 0));
        if *site_wide {
            jobs.push((atom.clone(), spec, 1));
            jobs.push((json.clone(), spec, 2));
        }
    }
    jobs.retain(|(route, ..)| wanted(&route.output_path()));
    jobs.par_iter().try_for_each(|(route, spec, kind)| {
        let self_url = abs_url(route);
        let posts = &bodies.posts;
        sink.put_streamed(&route.output_path(), &mut |w| match kind {
            0 => feeds::rss(site, spec, &self_url, posts, w),
            1 => feeds::atom(site, spec, &self_url, posts, w),
            _ => feeds::json_feed(site, spec, &self_url, posts, w),
        })
    })?;
    let descriptions: Vec<String> = site
        .events
        .iter()
        .zip(&bodies.events)
        .map(|(e, r)| super::summary::summary_text(&e.entry, r).unwrap_or_default())
        .collect();
    if wanted(Path::new("events.ics")) {
        sink.put(
            Path::new("events.ics"),
            ical::all_events(site, &descriptions).as_bytes(),
        )?;
    }
    for (i, e) in site.events.iter().enumerate() {
        let path = ical::event_route(e).output_path();
        if wanted(&path) {
            sink.put(&path, ical::one_event(site, i, &descriptions[i]).as_bytes())?;
        }
    }
    Ok(())
}

/// The paths [`make`] writes for these `specs`, without making them.
pub fn paths(site: &Site, specs: &[Spec]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (route, site_wide, _) in specs {
        out.push(route.output_path());
        if *site_wide {
            out.push(Route::file(&["atom.xml"]).output_path());
            out.push(Route::file(&["feed.json"]).output_path());
        }
    }
    out.push("events.ics".into());
    out.extend(
        site.events
            .iter()
            .map(|e| ical::event_route(e).output_path()),
    );
    out
}

/// One file of a [`DeferredFeeds`] set, made once.
type Made = Arc<OnceLock<Option<Arc<Vec<u8>>>>>;

/// Feed and calendar files made on first request, each on its own (a reader asking for
/// `rss.xml` does not wait for the 64 MB JSON Feed), then kept. At 10,000 posts the three full
/// feeds cost more than the rest of a rebuild, and the browser showing the edited page does
/// not need them.
pub struct DeferredFeeds {
    site: Arc<Site>,
    bodies: Bodies,
    jobs_title: String,
    specs: OnceLock<Vec<Spec>>,
    made: Mutex<HashMap<PathBuf, Made>>,
}

impl DeferredFeeds {
    /// The set of `site`'s feeds, `specs` as [`specs`] gives them.
    pub fn new(site: Arc<Site>, bodies: Bodies, jobs_title: String, specs: Vec<Spec>) -> Self {
        DeferredFeeds {
            site,
            bodies,
            jobs_title,
            specs: OnceLock::from(specs),
            made: Mutex::new(HashMap::default()),
        }
    }

    /// Which feeds the set has.
    pub fn specs(&self) -> &[Spec] {
        self.specs
            .get_or_init(|| specs(&self.site, &self.jobs_title))
    }
}

impl Deferred for DeferredFeeds {
    /// The bytes of one file of the set, making it if this is the first request for it.
    /// Other requests for the same file wait for the first.
    fn get(&self, path: &Path) -> Option<Arc<Vec<u8>>> {
        let cell: Made = {
            let mut made = self.made.lock().ok()?;
            Arc::clone(made.entry(path.to_path_buf()).or_default())
        };
        cell.get_or_init(|| {
            let specs = self.specs();
            let sink = Collect::default();
            if let Err(e) = write_some(&self.site, &self.bodies, specs, &sink, Some(path)) {
                eprintln!("error: could not make {}: {e}", path.display());
            }
            sink.into_files()
                .into_iter()
                .next()
                .map(|(_, b)| Arc::new(b))
        })
        .clone()
    }
}

impl std::fmt::Debug for DeferredFeeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeferredFeeds({:p})", self)
    }
}
