//! The hub's image processor, kept while the base path is the same so that `serve` reads each
//! photo once and keeps each preview card by its key (see `images::kept`).

use std::path::Path;
use std::sync::Arc;

use crate::images::Processor;
use crate::model::Urls;

#[derive(Default)]
pub struct ImageMemo {
    kept: Option<Arc<Processor>>,
}

impl ImageMemo {
    pub fn processor(&mut self, root: &Path, urls: &Urls) -> Arc<Processor> {
        let p = match &self.kept {
            Some(p) if p.base_path() == urls.base_path() => Arc::clone(p),
            _ => {
                let p = Arc::new(Processor::new(root, urls.base_path()).keeping_cards());
                self.kept = Some(Arc::clone(&p));
                p
            }
        };
        p.begin_run();
        p
    }
}
