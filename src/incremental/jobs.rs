//! Kept post jobs, by content path, while the post's page key (which covers everything a post
//! job is made of) is unchanged: a save does not make 10,000 jobs, paths and sitemap lines.

use std::sync::Arc;

use rayon::prelude::*;

use crate::hashing::HashMap;
use crate::model::Site;
use crate::render::job::Job;
use crate::render::reuse::MakeJob;
use crate::render::views::Views;

#[derive(Default)]
pub struct JobMemo {
    kept: HashMap<String, (u64, Arc<Job>)>,
    /// The last run's, in its order: most posts are where they were, found without a lookup
    /// (whose comparison of paths missed the cache on every post).
    last: Vec<(u64, Arc<Job>)>,
}

impl JobMemo {
    pub fn post_jobs(&mut self, site: &Site, views: &Views, make: &MakeJob) -> Vec<Arc<Job>> {
        let (kept, last) = (&self.kept, &self.last);
        let jobs: Vec<(Arc<Job>, bool)> = (0..site.posts.len())
            .into_par_iter()
            .map(|i| {
                let key = views.post_pages[i].0;
                if let Some((_, j)) = last.get(i).filter(|(k, _)| *k == key) {
                    return (Arc::clone(j), false);
                }
                match kept.get(&site.posts[i].entry.content_path) {
                    Some((k, j)) if *k == key => (Arc::clone(j), false),
                    _ => (make(i), true),
                }
            })
            .collect();
        for (i, (j, _)) in jobs.iter().enumerate().filter(|(_, j)| j.1) {
            let path = site.posts[i].entry.content_path.clone();
            self.kept
                .insert(path, (views.post_pages[i].0, Arc::clone(j)));
        }
        self.last = (jobs.iter())
            .zip(&views.post_pages)
            .map(|((j, _), (key, _))| (*key, Arc::clone(j)))
            .collect();
        jobs.into_iter().map(|(j, _)| j).collect()
    }
}
