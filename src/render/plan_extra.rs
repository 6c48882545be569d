//! Pages of the plan that reach alumni outside the hub: the jobs board (`/jobs/`, open offers
//! newest first) and the latest digest (`/digest/latest/`).

use std::sync::Arc;

use serde_json::json;

use super::job::{Job, cards, job};
use super::reuse::Reuse;
use super::views::{Bodies, Views, tv};
use crate::model::{Route, Site};

pub fn jobs_and_digest(
    site: &Site,
    bodies: &Bodies,
    views: &Views,
    listed: &[usize],
    reuse: &dyn Reuse,
    jobs: &mut Vec<Arc<Job>>,
) {
    // Listed posts are newest first and leave out expired ones: the open offers.
    let open: Vec<usize> = listed
        .iter()
        .copied()
        .filter(|&i| site.posts[i].job.is_some())
        .collect();
    let feed = tv(&json!(site.urls.url(&jobs_feed_route())));
    let mut j = job(Route::page(&["jobs"]), "jobs.html", "jobs");
    j.title = views.string("jobs_title");
    j.description = views.string("jobs_lead");
    j.vars_key = reuse.vars_key(views, &[&feed], &open);
    jobs.push(reuse.list_job(j, &|| {
        vec![
            ("jobs", cards(views, open.iter().copied())),
            ("jobs_feed", feed.clone()),
        ]
    }));

    let d = super::digest_files::latest(site, bodies, views.strings());
    let mut value = crate::digest::json::json(&d);
    value["json_url"] = json!(site.urls.url(&Route::file(&["digest", "latest.json"])));
    if let Some(f) = value.get_mut("formats").and_then(|f| f.as_object_mut()) {
        // The page shows the chat texts; the email is in the JSON file.
        f.remove("email_html");
    }
    let mut j = job(Route::page(&["digest", "latest"]), "digest.html", "digest");
    j.title = views.string("digest_page_title");
    j.description = views.string("digest_page_lead");
    j.vars = vec![("digest", tv(&value))];
    jobs.push(Arc::new(j));
}

/// The jobs board's RSS feed.
pub fn jobs_feed_route() -> Route {
    Route::file(&["jobs", "rss.xml"])
}
