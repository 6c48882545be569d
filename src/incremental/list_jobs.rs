//! Kept list-page jobs (home, post lists, topic, cohort and leader pages, jobs board), by a
//! key of all but their values plus the key of their values: a save that changes no list a
//! page shows does not gather every listed post's card for it again.

use std::sync::{Arc, Mutex};

use crate::hashing::HashMap;
use crate::model::Site;
use crate::render::job::Job;
use crate::render::views::TV;

#[derive(Default)]
pub struct ListJobMemo {
    /// The settings a job's sitemap line is made with (kept with the job).
    settings: u64,
    /// The last run's jobs, and this run's as they are made.
    last: HashMap<u64, Arc<Job>>,
    now: Mutex<HashMap<u64, Arc<Job>>>,
}

impl ListJobMemo {
    /// This run's jobs become the last run's; all are forgotten when the settings changed.
    pub fn begin(&mut self, site: &Site) {
        let settings = {
            let mut h = crate::hashing::key_hasher();
            crate::hashing::hash_debug(&mut h, &(&site.config, &site.urls));
            std::hash::Hasher::finish(&h)
        };
        let now = std::mem::take(self.now.get_mut().unwrap_or_else(|e| e.into_inner()));
        self.last = if settings == self.settings {
            now
        } else {
            HashMap::default()
        };
        self.settings = settings;
    }

    pub fn job(&self, mut j: Job, vars: &dyn Fn() -> Vec<(&'static str, TV)>) -> Arc<Job> {
        let Some(key) = j.key_but_vars() else {
            j.vars = vars();
            return Arc::new(j);
        };
        let job = match self.last.get(&key) {
            Some(kept) => Arc::clone(kept),
            None => {
                j.vars = vars();
                Arc::new(j)
            }
        };
        if let Ok(mut now) = self.now.lock() {
            now.insert(key, Arc::clone(&job));
        }
        job
    }
}
