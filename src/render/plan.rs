//! The output plan: every page the site will have, which template draws it and what it shows.
//! One list drives the build (rendered in parallel), and later `check` and incremental `serve`.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::json;

use super::views::{TV as Value, tv};

pub use super::job::Job;
use super::job::{cards, job, key_of};
use super::summary::summary_text;
use super::views::{Bodies, Views};
use crate::model::{Route, Site};

/// Post jobs kept between runs of `serve`, by content path, with the post's page key (which
/// covers everything a post job is made of).
pub type JobCache = crate::hashing::HashMap<String, (u64, Arc<Job>)>;

/// Every page of the site. `cache` (kept by `serve`) gives back unchanged posts' jobs as they
/// were; a one-off build passes `None`.
pub fn plan(
    site: &Site,
    bodies: &Bodies,
    views: &Views,
    cache: Option<&mut JobCache>,
) -> Vec<Arc<Job>> {
    let t = |k: &str| views.string(k);
    let mut jobs = Vec::new();
    let crate::model::Listed {
        all: listed,
        by_topic,
        by_cohort,
        by_author,
    } = site.listed();
    let per_page = match site.config.paginate {
        0 => listed.len().max(1),
        n => n,
    };

    // Home.
    let home_n = if site.config.paginate == 0 {
        20
    } else {
        per_page
    };
    let upcoming: Vec<usize> = (0..site.events.len())
        .filter(|&i| site.events[i].upcoming)
        .collect();
    // Lists shown on more than one page are built once and shared (Tera arrays are
    // reference-counted, so each page gets a cheap clone).
    let topic_count = |i: usize| {
        listed
            .iter()
            .filter(|&&p| site.posts[p].topics.contains(&i))
            .count()
    };
    let all_topics = Value::from(
        (0..site.topics.len())
            .map(|i| views.topic(site, i, &bodies.topics[i], topic_count(i)))
            .collect::<Vec<Value>>(),
    );
    let cohort_cards: Vec<Value> = (0..site.cohorts.len())
        .map(|i| views.cohort_card(site, i, &bodies.cohorts[i]))
        .collect();
    let all_cohorts = Value::from(cohort_cards.clone());
    let leader_cards: Vec<Value> = (0..site.leaders.len())
        .map(|i| views.leader_card(site, i, &bodies.leaders[i]))
        .collect();
    let all_leaders = Value::from(leader_cards.clone());
    let upcoming_cards = Value::from(
        upcoming
            .iter()
            .map(|&i| views.event_cards[i].clone())
            .collect::<Vec<Value>>(),
    );
    let mut home = job(Route::page::<&str>(&[]), "index.html", "home");
    home.description = site.config.description.clone();
    home.source = site.home.as_ref().map(|h| h.file.clone());
    home.image = site.home.as_ref().and_then(|h| h.image.clone());
    let intro = bodies
        .home
        .as_ref()
        .map(|r| Value::safe_string(&r.html))
        .unwrap_or(Value::none());
    let latest: Vec<usize> = listed.iter().copied().take(home_n).collect();
    home.vars_key = Some(key_of(
        views,
        &[
            &intro,
            &all_topics,
            &all_cohorts,
            &all_leaders,
            &upcoming_cards,
        ],
        &latest,
    ));
    home.vars = vec![
        ("intro", intro),
        ("latest_posts", cards(views, latest.into_iter())),
        ("topics", all_topics.clone()),
        ("cohorts", all_cohorts.clone()),
        ("leaders", all_leaders.clone()),
        ("upcoming_events", upcoming_cards.clone()),
    ];
    jobs.push(Arc::new(home));

    // Posts, paginated.
    let chunks: Vec<&[usize]> = if listed.is_empty() {
        vec![&[]]
    } else {
        listed.chunks(per_page).collect()
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
        j.title = t("posts");
        j.vars_key = Some(key_of(views, &[&paginator], chunk));
        j.vars = vec![
            ("posts", cards(views, chunk.iter().copied())),
            ("paginator", paginator),
        ];
        jobs.push(Arc::new(j));
    }

    // One page per post: the bulk of a big hub, so their values are built in parallel.
    let cached = cache.as_deref();
    let post_jobs: Vec<(Arc<Job>, bool)> = site
        .posts
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (key, value) = &views.post_pages[i];
            if let Some((k, j)) = cached.and_then(|c| c.get(&p.entry.content_path))
                && k == key
            {
                return (Arc::clone(j), false);
            }
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
            (Arc::new(j), true)
        })
        .collect();
    if let Some(cache) = cache {
        for (p, (j, _)) in site.posts.iter().zip(&post_jobs).filter(|(_, j)| j.1) {
            let key = j.key.unwrap_or_default();
            cache.insert(p.entry.content_path.clone(), (key, Arc::clone(j)));
        }
    }
    let post_jobs = post_jobs.into_iter().map(|(j, _)| j);
    jobs.extend(post_jobs);

    // Topics.
    let mut idx = job(Route::page(&["topics"]), "topics.html", "topics");
    idx.title = t("topics");
    idx.vars = vec![("topics", all_topics.clone())];
    jobs.push(Arc::new(idx));
    for (i, tp) in site.topics.iter().enumerate() {
        let r = &bodies.topics[i];
        let posts = &by_topic[i];
        let mut j = job(tp.entry.route.clone(), "topic.html", "topics");
        j.source = Some(tp.entry.file.clone());
        j.title = Some(tp.entry.title.clone());
        j.description = tp
            .description
            .clone()
            .or_else(|| summary_text(&tp.entry, r));
        let topic = views.topic(site, i, r, posts.len());
        j.vars_key = Some(key_of(views, &[&topic], posts));
        j.vars = vec![
            ("topic", topic),
            ("posts", cards(views, posts.iter().copied())),
        ];
        jobs.push(Arc::new(j));
    }

    // Cohorts.
    let mut idx = job(Route::page(&["cohorts"]), "cohorts.html", "cohorts");
    idx.title = t("cohorts");
    idx.vars = vec![("cohorts", all_cohorts.clone())];
    jobs.push(Arc::new(idx));
    for (i, c) in site.cohorts.iter().enumerate() {
        let r = &bodies.cohorts[i];
        let post_idx = &by_cohort[i];
        let posts = cards(views, post_idx.iter().copied());
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
        j.vars_key = Some(key_of(views, &[&cohort_cards[i], &events], post_idx));
        j.vars = vec![("cohort", views.cohort(site, i, r, posts, events))];
        j.image = c.entry.image.clone();
        jobs.push(Arc::new(j));
    }

    // Leaders.
    let mut idx = job(Route::page(&["leaders"]), "leaders.html", "leaders");
    idx.title = t("leaders");
    idx.vars = vec![("leaders", all_leaders.clone())];
    jobs.push(Arc::new(idx));
    for (i, l) in site.leaders.iter().enumerate() {
        let r = &bodies.leaders[i];
        let post_idx = &by_author[i];
        let posts = cards(views, post_idx.iter().copied());
        let mut j = job(l.entry.route.clone(), "leader.html", "leaders");
        j.source = Some(l.entry.file.clone());
        j.title = Some(l.entry.title.clone());
        j.description = l.role.clone().or_else(|| summary_text(&l.entry, r));
        j.vars_key = Some(key_of(views, &[&leader_cards[i]], post_idx));
        j.vars = vec![("leader", views.leader(site, i, r, posts))];
        j.image = l.photo.clone().or_else(|| l.entry.image.clone());
        j.og_type = "profile";
        jobs.push(Arc::new(j));
    }

    // Events: upcoming soonest first, past most recent first.
    let past: Vec<usize> = (0..site.events.len())
        .rev()
        .filter(|&i| !site.events[i].upcoming)
        .collect();
    let mut idx = job(Route::page(&["events"]), "events.html", "events");
    idx.title = t("events");
    idx.vars = vec![
        ("upcoming_events", upcoming_cards.clone()),
        (
            "past_events",
            Value::from(
                past.iter()
                    .map(|&i| views.event_cards[i].clone())
                    .collect::<Vec<Value>>(),
            ),
        ),
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

    super::plan_extra::jobs_and_digest(site, bodies, views, &listed, &mut jobs);

    // Plain pages.
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
            ("upcoming_events", upcoming_cards.clone()),
        ];
        j.image = p.entry.image.clone();
        jobs.push(Arc::new(j));
    }

    // The search page; it lists the topics for readers without JavaScript.
    if site.config.search {
        let mut j = job(Route::page(&["search"]), "search.html", "search");
        j.title = t("search");
        j.vars = vec![("topics", all_topics.clone())];
        jobs.push(Arc::new(j));
    }

    let mut nf = job(Route::file(&["404.html"]), "404.html", "404");
    nf.title = t("not_found_title").or_else(|| Some("404".into()));
    nf.in_sitemap = false;
    jobs.push(Arc::new(nf));
    jobs
}
