//! Kept site-link results by body id, valid while the site's set of output paths (and, for a
//! hub's other language, what lies outside its folder) is unchanged: a save checks only the
//! links of the bodies it changed.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::hashing::{HashMap, HashSet};
use crate::render::Outputs;
use crate::render::markdown::Rendered;
use crate::render::reuse::CheckLinks;
use crate::render::run::Outside;

#[derive(Default)]
pub struct LinkMemo {
    paths_key: u64,
    kept: HashMap<u64, Diagnostics>,
}

impl LinkMemo {
    pub fn check(
        &mut self,
        out: &Outputs,
        outside: Option<&Outside>,
        links: &[(&Path, Arc<Rendered>)],
        check: &mut CheckLinks,
        diags: &mut Diagnostics,
    ) {
        let paths_key = {
            let mut h = crate::hashing::key_hasher();
            for p in out.files.keys() {
                p.as_os_str().as_encoded_bytes().hash(&mut h);
            }
            if let Some(o) = outside {
                (&o.own, &o.later).hash(&mut h);
                Arc::as_ptr(&o.files).hash(&mut h);
            }
            h.finish()
        };
        if self.paths_key != paths_key {
            (self.paths_key, self.kept) = (paths_key, HashMap::default());
        }
        let mut seen = HashSet::default();
        for (file, r) in links {
            seen.insert(r.id);
            if let Some(known) = self.kept.get(&r.id) {
                diags.extend(known.clone());
                continue;
            }
            let found = check(file, r);
            diags.extend(found.clone());
            self.kept.insert(r.id, found);
        }
        self.kept.retain(|id, _| seen.contains(id));
    }
}
