//! Built-in site search (`docs/search.md`): the listed pages' text, normalised for Hebrew,
//! Arabic and Latin, as a sharded index under `search/` that the theme's `search.js` queries.
//! On unless `search: false` in site.yaml.

pub mod index;
pub mod normalize;
pub mod shards;

use std::path::PathBuf;

use crate::model::Site;
use crate::render::views::Bodies;

/// Every file of the search index, or none when search is off.
pub fn files(site: &Site, bodies: &Bodies) -> Vec<(PathBuf, Vec<u8>)> {
    if !site.config.search {
        return Vec::new();
    }
    shards::files(&index::docs(site, bodies))
}
