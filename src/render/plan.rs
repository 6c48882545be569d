//! The output plan: every page the site will have, which template draws it and what it shows.
//! One list drives `build`, `check` and `serve` alike (post jobs through [`Reuse`]).

use std::sync::Arc;

use serde_json::json;

use super::views::{TV as Value, tv};

pub use super::job::Job;
use super::job::{cards, job};
use super::reuse::Reuse;
use super::summary::summary_text;
use super::views::{Bodies, Views};
use crate::model::{Route, Site};

/// Every page of the site; unchanged posts' jobs may come back from `reuse` as they were.
pub fn plan(site: &Site, bodies: &Bodies, views: &Views, reuse: &mut dyn Reuse) -> Vec<Arc<Job>> {
    let posts = post_pages(site, bodies, views, reuse);
    reuse.begin_plan(site);
    let listed = site.listed();
    let shared = Shared::new(site, bodies, views, &listed.by_topic);
    let p = Plan {
        site,
        bodies,
        views,
        listed,
        shared,
        reuse,
    };
    let mut jobs = vec![p.home()];
    p.post_lists(&mut jobs);
    jobs.extend(posts);
    p.topics(&mut jobs);
    p.cohorts(&mut jobs);
    p.leaders(&mut jobs);
    p.events(&mut jobs);
    super::plan_extra::jobs_and_digest(site, bodies, views, &p.listed.all, p.reuse, &mut jobs);
    p.pages_and_the_rest(&mut jobs);
    jobs
}

/// One page per post: the bulk of a big hub, so their values are built in parallel.
fn post_pages(site: &Site, bodies: &Bodies, views: &Views, reuse: &mut dyn Reuse) -> Vec<Arc<Job>> {
    let make = |i: usize| {
        let p = &site.posts[i];
        let (key, value) = &views.post_pages[i];
        let mut j = job(p.entry.route.clone(), "post.html", "posts");
        j.source = Some(p.entry.file.clone());
        j.title = Some(p.entry.title.clone());
        let meta = &views.post_meta[i];
        j.description = meta.description.clone();
        j.vars = vec![("post", value.clone())];
        j.vars_key = Some(*key);
        j.key = Some(*key);
        j.image = p.entry.image.clone();
        j.og_type = "article";
        j.published = Some(meta.published.clone());
        j.modified = meta.modified.clone();
        // Made of the post's job, title, date and body: all covered by its page key.
        if let Some(ld) = super::jsonld::job_posting(site, i, &bodies.posts[i].html) {
            j.vars.push(("json_ld", ld.into()));
        }
        Arc::new(j)
    };
    reuse.post_jobs(site, views, &make)
}

/// What every part of the plan reads.
struct Plan<'a> {
    site: &'a Site,
    bodies: &'a Bodies,
    views: &'a Views,
    listed: crate::model::Listed,
    shared: Shared,
    reuse: &'a dyn Reuse,
}

/// Lists shown on more than one page, built once and shared (Tera arrays are
/// reference-counted, so each page gets a cheap clone).
struct Shared {
    all_topics: Value,
    cohort_cards: Vec<Value>,
    all_cohorts: Value,
    leader_cards: Vec<Value>,
    all_leaders: Value,
    upcoming_cards: Value,
}

impl Shared {
    /// `by_topic`: each topic's listed posts (their count is shown).
    fn new(site: &Site, bodies: &Bodies, views: &Views, by_topic: &[Vec<usize>]) -> Self {
        let all_topics = Value::from(
            (0..site.topics.len())
                .map(|i| views.topic(site, i, &bodies.topics[i], by_topic[i].len()))
                .collect::<Vec<Value>>(),
        );
        let cohort_cards: Vec<Value> = (0..site.cohorts.len())
            .map(|i| views.cohort_card(site, i, &bodies.cohorts[i]))
            .collect();
        let leader_cards: Vec<Value> = (0..site.leaders.len())
            .map(|i| views.leader_card(site, i, &bodies.leaders[i]))
            .collect();
        let upcoming_cards = Value::from(
            (0..site.events.len())
                .filter(|&i| site.events[i].upcoming)
                .map(|i| views.event_cards[i].clone())
                .collect::<Vec<Value>>(),
        );
        Shared {
            all_topics,
            all_cohorts: Value::from(cohort_cards.clone()),
            cohort_cards,
            all_leaders: Value::from(leader_cards.clone()),
            leader_cards,
            upcoming_cards,
        }
    }
}

impl Plan<'_> {
    fn t(&self, k: &str) -> Option<String> {
        self.views.string(k)
    }

    /// Posts per list page.
    fn per_page(&self) -> usize {
        match self.site.config.paginate {
            0 => self.listed.all.len().max(1),
            n => n,
        }
    }

    fn home(&self) -> Arc<Job> {
        let (site, bodies, views, sh) = (self.site, self.bodies, self.views, &self.shared);
        let home_n = if site.config.paginate == 0 {
            20
        } else {
            self.per_page()
        };
        let mut home = job(Route::page::<&str>(&[]), "index.html", "home");
        home.description = site.config.description.clone();
        home.source = site.home.as_ref().map(|h| h.file.clone());
        home.image = site.home.as_ref().and_then(|h| h.image.clone());
        let intro = bodies
            .home
            .as_ref()
            .map(|r| Value::safe_string(&r.html))
            .unwrap_or(Value::none());
        let latest: Vec<usize> = self.listed.all.iter().copied().take(home_n).collect();
        let (topics, cohorts, leaders) = (&sh.all_topics, &sh.all_cohorts, &sh.all_leaders);
        let shown = [&intro, topics, cohorts, leaders, &sh.upcoming_cards];
        home.vars_key = self.reuse.vars_key(views, &shown, &latest);
        self.reuse.list_job(home, &|| {
            vec![
                ("intro", intro.clone()),
                ("latest_posts", cards(views, latest.iter().copied())),
                ("topics", topics.clone()),
                ("cohorts", cohorts.clone()),
                ("leaders", leaders.clone()),
                ("upcoming_events", sh.upcoming_cards.clone()),
            ]
        })
    }

    /// The posts list, paginated.
    fn post_lists(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, views, listed) = (self.site, self.views, &self.listed.all);
        let chunks: Vec<&[usize]> = if listed.is_empty() {
            vec![&[]]
        } else {
            listed.chunks(self.per_page()).collect()
        };
        let page_route = |n: usize| {
            if n == 1 {
                Route::page(&["posts"])
            } else {
                Route::page(&["posts".to_string(), "page".to_string(), n.to_string()])
            }
        };
        let total = chunks.len();
        for (k, chunk) in chunks.iter().enumerate() {
            let n = k + 1;
            let pages: Vec<serde_json::Value> = (1..=total)
                .map(|m| json!({"number": m, "url": site.urls.url(&page_route(m)), "current": m == n}))
                .collect();
            let paginator = tv(&json!({
                "current": n,
                "total": total,
                "prev_url": (n > 1).then(|| site.urls.url(&page_route(n - 1))),
                "next_url": (n < total).then(|| site.urls.url(&page_route(n + 1))),
                "pages": pages,
            }));
            let mut j = job(page_route(n), "posts.html", "posts");
            j.title = self.t("posts");
            j.vars_key = self.reuse.vars_key(views, &[&paginator], chunk);
            jobs.push(self.reuse.list_job(j, &|| {
                vec![
                    ("posts", cards(views, chunk.iter().copied())),
                    ("paginator", paginator.clone()),
                ]
            }));
        }
    }

    fn topics(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, bodies, views) = (self.site, self.bodies, self.views);
        let mut idx = job(Route::page(&["topics"]), "topics.html", "topics");
        idx.title = self.t("topics");
        idx.vars = vec![("topics", self.shared.all_topics.clone())];
        jobs.push(Arc::new(idx));
        for (i, tp) in site.topics.iter().enumerate() {
            let r = &bodies.topics[i];
            let posts = &self.listed.by_topic[i];
            let mut j = job(tp.entry.route.clone(), "topic.html", "topics");
            j.source = Some(tp.entry.file.clone());
            j.title = Some(tp.entry.title.clone());
            j.description = tp
                .description
                .clone()
                .or_else(|| summary_text(&tp.entry, r));
            let topic = views.topic(site, i, r, posts.len());
            j.vars_key = self.reuse.vars_key(views, &[&topic], posts);
            jobs.push(self.reuse.list_job(j, &|| {
                vec![
                    ("topic", topic.clone()),
                    ("posts", cards(views, posts.iter().copied())),
                ]
            }));
        }
    }

    fn cohorts(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, bodies, views) = (self.site, self.bodies, self.views);
        let mut idx = job(Route::page(&["cohorts"]), "cohorts.html", "cohorts");
        idx.title = self.t("cohorts");
        idx.vars = vec![("cohorts", self.shared.all_cohorts.clone())];
        jobs.push(Arc::new(idx));
        for (i, c) in site.cohorts.iter().enumerate() {
            let r = &bodies.cohorts[i];
            let post_idx = &self.listed.by_cohort[i];
            let events = Value::from(
                (0..site.events.len())
                    .filter(|&e| site.events[e].cohort == Some(i))
                    .map(|e| views.event_cards[e].clone())
                    .collect::<Vec<Value>>(),
            );
            let mut j = job(c.entry.route.clone(), "cohort.html", "cohorts");
            j.source = Some(c.entry.file.clone());
            j.title = Some(c.entry.title.clone());
            j.description = summary_text(&c.entry, r);
            let card = &self.shared.cohort_cards[i];
            j.vars_key = self.reuse.vars_key(views, &[card, &events], post_idx);
            j.image = c.entry.image.clone();
            jobs.push(self.reuse.list_job(j, &|| {
                let posts = cards(views, post_idx.iter().copied());
                vec![("cohort", views.cohort(site, i, r, posts, events.clone()))]
            }));
        }
    }

    fn leaders(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, bodies, views) = (self.site, self.bodies, self.views);
        let mut idx = job(Route::page(&["leaders"]), "leaders.html", "leaders");
        idx.title = self.t("leaders");
        idx.vars = vec![("leaders", self.shared.all_leaders.clone())];
        jobs.push(Arc::new(idx));
        for (i, l) in site.leaders.iter().enumerate() {
            let r = &bodies.leaders[i];
            let post_idx = &self.listed.by_author[i];
            let mut j = job(l.entry.route.clone(), "leader.html", "leaders");
            j.source = Some(l.entry.file.clone());
            j.title = Some(l.entry.title.clone());
            j.description = l.role.clone().or_else(|| summary_text(&l.entry, r));
            let card = &self.shared.leader_cards[i];
            j.vars_key = self.reuse.vars_key(views, &[card], post_idx);
            j.image = l.photo.clone().or_else(|| l.entry.image.clone());
            j.og_type = "profile";
            jobs.push(self.reuse.list_job(j, &|| {
                let posts = cards(views, post_idx.iter().copied());
                vec![("leader", views.leader(site, i, r, posts))]
            }));
        }
    }

    /// Events: upcoming soonest first, past most recent first.
    fn events(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, bodies, views) = (self.site, self.bodies, self.views);
        let past = Value::from(
            (0..site.events.len())
                .rev()
                .filter(|&i| !site.events[i].upcoming)
                .map(|i| views.event_cards[i].clone())
                .collect::<Vec<Value>>(),
        );
        let mut idx = job(Route::page(&["events"]), "events.html", "events");
        idx.title = self.t("events");
        idx.vars = vec![
            ("upcoming_events", self.shared.upcoming_cards.clone()),
            ("past_events", past),
        ];
        jobs.push(Arc::new(idx));
        for (i, e) in site.events.iter().enumerate() {
            let r = &bodies.events[i];
            let mut j = job(e.entry.route.clone(), "event.html", "events");
            j.source = Some(e.entry.file.clone());
            j.title = Some(e.entry.title.clone());
            j.description = summary_text(&e.entry, r);
            let ld = super::jsonld::event(site, i, &summary_text(&e.entry, r).unwrap_or_default());
            j.vars = vec![("event", views.event(i, r)), ("json_ld", ld.into())];
            j.image = e.entry.image.clone();
            jobs.push(Arc::new(j));
        }
    }

    /// Plain pages, the search page and the not-found page.
    fn pages_and_the_rest(&self, jobs: &mut Vec<Arc<Job>>) {
        let (site, bodies, views) = (self.site, self.bodies, self.views);
        for (i, p) in site.pages.iter().enumerate() {
            let r = &bodies.pages[i];
            let template = p
                .template
                .as_ref()
                .map(|t| t.value.trim())
                .unwrap_or("page.html");
            let mut j = job(p.entry.route.clone(), template, "page");
            j.template_at = p.template.as_ref().map(|t| t.pos);
            j.source = Some(p.entry.file.clone());
            j.title = Some(p.entry.title.clone());
            j.description = summary_text(&p.entry, r);
            j.vars = vec![
                ("page", views.page(&p.entry, r)),
                ("upcoming_events", self.shared.upcoming_cards.clone()),
            ];
            j.image = p.entry.image.clone();
            jobs.push(Arc::new(j));
        }
        // The search page; it lists the topics for readers without JavaScript.
        if site.config.search {
            let mut j = job(Route::page(&["search"]), "search.html", "search");
            j.title = self.t("search");
            j.vars = vec![("topics", self.shared.all_topics.clone())];
            jobs.push(Arc::new(j));
        }
        let mut nf = job(Route::file(&["404.html"]), "404.html", "404");
        nf.title = self.t("not_found_title").or_else(|| Some("404".into()));
        nf.in_sitemap = false;
        jobs.push(Arc::new(nf));
    }
}
