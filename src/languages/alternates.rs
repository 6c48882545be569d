//! The translation map of a hub's sites, made before any page is rendered: each language's
//! pages by identity (the content file they show, or the route of a section list every
//! language has), gathered into `model::translations::Map`.

use crate::model::translations::{Lang, Map};
use crate::model::{Route, Site};

/// A language's name in that language; the code itself for one kehila does not know.
pub fn native_name(code: &str) -> String {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    let name = match primary.as_str() {
        "he" => "עברית",
        "ar" => "العربية",
        "en" => "English",
        "fr" => "Français",
        "es" => "Español",
        "de" => "Deutsch",
        "ru" => "Русский",
        "am" => "አማርኛ",
        "fa" => "فارسی",
        "yi" => "ייִדיש",
        "uk" => "Українська",
        "tr" => "Türkçe",
        _ => return code.to_string(),
    };
    name.to_string()
}

/// A site's pages as (identity, site URL): content files by their (original's) path, and the
/// section lists every language has by their route.
fn identities(site: &Site) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let entries = site
        .pages
        .iter()
        .map(|p| &p.entry)
        .chain(site.posts.iter().map(|p| &*p.entry))
        .chain(site.topics.iter().map(|t| &t.entry))
        .chain(site.cohorts.iter().map(|c| &c.entry))
        .chain(site.leaders.iter().map(|l| &l.entry))
        .chain(site.events.iter().map(|e| &e.entry));
    for e in entries {
        out.push((format!("@{}", e.content_path), e.url.clone()));
    }
    let mut lists = vec!["", "posts", "topics", "cohorts", "leaders", "events"];
    if site.config.search {
        lists.push("search");
    }
    for l in lists {
        let route = if l.is_empty() {
            Route::page::<&str>(&[])
        } else {
            Route::page(&[l])
        };
        out.push((format!("/{l}"), site.urls.url(&route)));
    }
    out
}

/// The map of `sites`, the default language's first.
pub fn map(sites: &[Site]) -> Map {
    let mut map = Map::default();
    for site in sites {
        let lang = Lang {
            code: site.config.language.clone(),
            name: native_name(&site.config.language),
            dir: site.config.dir(),
            home: site.urls.url(&Route::page::<&str>(&[])),
        };
        map.add(lang, site.urls.clone(), identities(site), sites.len());
    }
    map
}
