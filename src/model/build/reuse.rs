//! The door through which `serve`'s kept post parts come into the model ([`Reuse`]); a build
//! passes [`NoReuse`], which makes every post's parts and keys nothing.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::parts::PostParts;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::Document;
use crate::model::url::Urls;

/// What the parts are made with: the settings, URLs and the hub's folder.
pub type Settings<'a> = (&'a Config, &'a Urls, &'a Path);
/// Whether a document is a post of this build.
pub type Wanted<'a> = dyn Fn(&Document) -> bool + Sync + 'a;
/// Makes one post document's parts.
pub type MakeParts<'a> = dyn Fn(&Document) -> Arc<PostParts> + Sync + 'a;
/// A post's references as resolved: its topics, cohort and author, and the problems found.
pub type PostRefs = (Vec<usize>, Option<usize>, Option<usize>, Diagnostics);
/// Resolves one post document's references.
pub type Resolve<'a> = dyn Fn(&Document) -> PostRefs + Sync + 'a;

/// Where the model may take a post's parts kept from the last run instead of making them.
pub trait Reuse {
    /// The parts of every `wanted` document of `docs` (`None` for the others), in order.
    fn post_parts(
        &mut self,
        settings: Settings,
        docs: &[Arc<Document>],
        wanted: &Wanted,
        make: &MakeParts,
    ) -> Vec<Option<Arc<PostParts>>>;

    /// The references of every post (`docs`: their documents, in the site's order),
    /// resolved against the topic, cohort and leader tables whose key is `tables`.
    fn post_refs(
        &mut self,
        tables: u64,
        docs: &[&Arc<Document>],
        resolve: &Resolve,
    ) -> Vec<Arc<PostRefs>>;
}

/// A one-off build: every post's parts made, nothing kept.
pub struct NoReuse;

impl Reuse for NoReuse {
    fn post_parts(
        &mut self,
        _: Settings,
        docs: &[Arc<Document>],
        wanted: &Wanted,
        make: &MakeParts,
    ) -> Vec<Option<Arc<PostParts>>> {
        docs.par_iter()
            .map(|d| wanted(d).then(|| make(d)))
            .collect()
    }

    fn post_refs(
        &mut self,
        _: u64,
        docs: &[&Arc<Document>],
        resolve: &Resolve,
    ) -> Vec<Arc<PostRefs>> {
        docs.par_iter().map(|d| Arc::new(resolve(d))).collect()
    }
}
