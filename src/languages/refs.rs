//! References inside a translation (`topics:`, `cohort:`, `author:`, `leaders:`, `cohorts:`)
//! are written with the default language's slugs: each becomes the slug of that item's
//! translation, or is dropped when the item has none (it is not listed in that language).

use std::sync::Arc;

use crate::hashing::HashMap;
use crate::load::front_matter::Spanned;
use crate::load::roster::Roster;
use crate::load::{Document, Kind};
use crate::model::slug::{slugify, split_date_prefix};

/// The slug an item gets from its front matter or file name (as `model/build/ctx.rs` makes it).
fn slug_of(d: &Document) -> String {
    match &d.slug {
        Some(s) => slugify(&s.value),
        None => slugify(split_date_prefix(&d.stem).1),
    }
}

/// The default language's topics, cohorts and leaders: slug → content path.
pub struct Refs {
    by_kind: HashMap<(Kind, String), String>,
}

impl Refs {
    pub fn new(originals: &[Arc<Document>]) -> Self {
        let by_kind = originals
            .iter()
            .filter(|d| matches!(d.kind, Kind::Topic | Kind::Cohort | Kind::Leader))
            .map(|d| ((d.kind, slug_of(d)), d.content_path.clone()))
            .collect();
        Refs { by_kind }
    }

    /// The rosters of the cohorts `docs` translate, each under its translation's slug: a
    /// roster is shared by every translation of its cohort.
    pub fn rosters(&self, docs: &[Arc<Document>], rosters: &[Roster]) -> Vec<Roster> {
        rosters
            .iter()
            .filter_map(|r| {
                let path = self.by_kind.get(&(Kind::Cohort, r.slug.clone()))?;
                let d = docs
                    .iter()
                    .find(|d| d.kind == Kind::Cohort && &d.content_path == path)?;
                let mut r = r.clone();
                r.slug = slug_of(d);
                Some(r)
            })
            .collect()
    }

    /// A language's documents with their references turned into that language's slugs.
    pub fn rewrite(&self, docs: Vec<Arc<Document>>) -> Vec<Arc<Document>> {
        // content path → the translation's own slug
        let translated: HashMap<&str, String> = docs
            .iter()
            .map(|d| (d.content_path.as_str(), slug_of(d)))
            .collect();
        let map = |kind: Kind, v: &Spanned<String>| -> Option<Spanned<String>> {
            let key = v.value.trim();
            let found = self
                .by_kind
                .get(&(kind, key.to_string()))
                .or_else(|| self.by_kind.get(&(kind, slugify(key))));
            match found {
                // Unknown in the default language too: kept, so the model reports it.
                None => Some(v.clone()),
                Some(path) => translated.get(path.as_str()).map(|slug| Spanned {
                    value: slug.clone(),
                    pos: v.pos,
                }),
            }
        };
        let list = |kind: Kind, vs: &[Spanned<String>]| -> Vec<Spanned<String>> {
            vs.iter().filter_map(|v| map(kind, v)).collect()
        };
        docs.iter()
            .map(|d| {
                let mut n = (**d).clone();
                n.topics = list(Kind::Topic, &d.topics);
                n.cohorts = list(Kind::Cohort, &d.cohorts);
                n.leaders = list(Kind::Leader, &d.leaders);
                n.cohort = d.cohort.as_ref().and_then(|c| map(Kind::Cohort, c));
                n.author = d.author.as_ref().and_then(|a| map(Kind::Leader, a));
                Arc::new(n)
            })
            .collect()
    }
}
