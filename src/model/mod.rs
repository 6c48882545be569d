//! Stage 2, model: [`Sources`](crate::load::Sources) → [`Site`], a typed site in which every
//! reference is resolved to an index and every item has its slug, route, URL and dates.
//!
//! Drafts are dropped (unless asked for) and expiry is decided against the build time. Nothing
//! here touches the disk except to check that images exist.

pub mod aliases;
pub mod build;
pub mod dates;
pub mod entry;
pub mod job;
pub mod slug;
pub mod stats;
pub mod translations;
pub mod url;

use jiff::Timestamp;

use crate::config::{Channel, Config};
pub use dates::When;
pub use entry::Entry;
pub use url::{Route, Urls};

#[derive(Debug, Clone)]
pub struct Post {
    /// Shared: `serve` reuses an unchanged post's entry from the last run as it is.
    pub entry: std::sync::Arc<Entry>,
    pub date: When,
    /// `date` as an instant in the hub's time zone (the order of posts).
    pub time: Timestamp,
    pub updated: Option<When>,
    pub topics: Vec<usize>,
    pub cohort: Option<usize>,
    pub author: Option<usize>,
    /// Past its `expires` date: the page stays, lists and feeds leave it out.
    pub expired: bool,
    /// A job offer (`kind: job`); shared with the post's kept parts (`serve`).
    pub job: Option<std::sync::Arc<job::Job>>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub entry: Entry,
    pub description: Option<String>,
    pub order: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Cohort {
    pub entry: Entry,
    pub start: Option<When>,
    pub end: Option<When>,
    pub program: Option<String>,
    pub location: Option<String>,
    /// The cohort's leaders, from its own `leaders:` and from leaders listing it.
    pub leaders: Vec<usize>,
    pub channels: Vec<Channel>,
    /// Members who consented to be shown (name, city, bio, link only).
    pub public_members: Vec<crate::load::roster::Member>,
    /// Aggregates over all members, safe to publish.
    pub stats: stats::CohortStats,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Leader {
    pub entry: Entry,
    pub role: Option<String>,
    pub photo: Option<String>,
    /// Where the square crop of `photo` is centred (`focus:`).
    pub focus: Option<crate::load::focus::Focus>,
    pub cohorts: Vec<usize>,
    pub links: Vec<Link>,
    pub email: Option<String>,
    pub order: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub entry: Entry,
    pub start: When,
    pub end: Option<When>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub cohort: Option<usize>,
    pub topics: Vec<usize>,
    /// Not over yet at build time.
    pub upcoming: bool,
    /// The registration link (`rsvp:`).
    pub rsvp: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub entry: Entry,
    pub order: Option<i64>,
    pub menu: bool,
    /// The template chosen in front matter, with where it was written.
    pub template: Option<crate::load::front_matter::Spanned<String>>,
}

/// The whole hub, resolved. Lists are in display order: posts newest first; topics, leaders
/// and pages by `order` then title; cohorts newest start first; events by start.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub urls: Urls,
    /// Site URL of the default link-preview image (`image:` in site.yaml).
    pub image: Option<String>,
    /// The build's "now", for expiry, event and cohort status.
    pub now: Timestamp,
    /// `content/index.md`, the home page's intro.
    pub home: Option<Entry>,
    pub pages: Vec<Page>,
    pub posts: Vec<Post>,
    pub topics: Vec<Topic>,
    pub cohorts: Vec<Cohort>,
    pub leaders: Vec<Leader>,
    pub events: Vec<Event>,
    /// Content paths of drafts left out of this build (so `@/` links to them get a clear message).
    pub drafts: Vec<String>,
    /// Members across all cohorts, when it singles no one out.
    pub members_total: Option<usize>,
    /// Redirect pages from old addresses (`aliases:`).
    pub aliases: Vec<aliases::Alias>,
    /// In a hub with `languages:`, every page's translations (set before rendering).
    pub languages: Option<translations::Alternates>,
}

/// A cohort's state relative to the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortStatus {
    Upcoming,
    Current,
    Alumni,
}

impl CohortStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CohortStatus::Upcoming => "upcoming",
            CohortStatus::Current => "current",
            CohortStatus::Alumni => "alumni",
        }
    }
}

/// The listed posts of the site and of each topic, cohort and author, newest first.
pub struct Listed {
    pub all: Vec<usize>,
    pub by_topic: Vec<Vec<usize>>,
    pub by_cohort: Vec<Vec<usize>>,
    pub by_author: Vec<Vec<usize>>,
}

impl Site {
    /// Posts that belong in lists and feeds: not expired. Newest first.
    pub fn listed_posts(&self) -> impl Iterator<Item = (usize, &Post)> {
        self.posts.iter().enumerate().filter(|(_, p)| !p.expired)
    }

    /// [`Site::listed_posts`] sorted into sections in one pass over the posts (one pass per
    /// topic, cohort and leader would visit 10,000 posts a hundred times).
    pub fn listed(&self) -> Listed {
        let mut l = Listed {
            all: Vec::new(),
            by_topic: vec![Vec::new(); self.topics.len()],
            by_cohort: vec![Vec::new(); self.cohorts.len()],
            by_author: vec![Vec::new(); self.leaders.len()],
        };
        for (i, p) in self.listed_posts() {
            l.all.push(i);
            for &t in &p.topics {
                l.by_topic[t].push(i);
            }
            if let Some(c) = p.cohort {
                l.by_cohort[c].push(i);
            }
            if let Some(a) = p.author {
                l.by_author[a].push(i);
            }
        }
        l
    }

    pub fn cohort_status(&self, c: &Cohort) -> Option<CohortStatus> {
        let tz = &self.config.timezone;
        let start = c.start.as_ref()?;
        if self.now < start.timestamp(tz) {
            return Some(CohortStatus::Upcoming);
        }
        match &c.end {
            Some(end) if self.now >= end.end_timestamp(tz) => Some(CohortStatus::Alumni),
            _ => Some(CohortStatus::Current),
        }
    }

    /// Lets go of every entry's Markdown, for a one-off run whose bodies are all rendered:
    /// at 100,000 posts that is ~700 MB the rest of the build can reuse instead of taking new
    /// memory (which costs as much as filling it on the VMs measured). A post whose entry is
    /// shared (kept by serve's memo) keeps its text.
    pub fn release_markdown(&mut self) {
        let empty: std::sync::Arc<str> = std::sync::Arc::from("");
        let owned = self
            .home
            .iter_mut()
            .chain(self.pages.iter_mut().map(|p| &mut p.entry))
            .chain(
                self.posts
                    .iter_mut()
                    .filter_map(|p| std::sync::Arc::get_mut(&mut p.entry)),
            )
            .chain(self.topics.iter_mut().map(|p| &mut p.entry))
            .chain(self.cohorts.iter_mut().map(|p| &mut p.entry))
            .chain(self.leaders.iter_mut().map(|p| &mut p.entry))
            .chain(self.events.iter_mut().map(|p| &mut p.entry));
        for e in owned {
            e.body = std::sync::Arc::clone(&empty);
        }
    }

    /// Every entry, for cross-cutting checks and the `@/` link table.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.home
            .iter()
            .chain(self.pages.iter().map(|p| &p.entry))
            .chain(self.posts.iter().map(|p| &*p.entry))
            .chain(self.topics.iter().map(|p| &p.entry))
            .chain(self.cohorts.iter().map(|p| &p.entry))
            .chain(self.leaders.iter().map(|p| &p.entry))
            .chain(self.events.iter().map(|p| &p.entry))
    }
}
