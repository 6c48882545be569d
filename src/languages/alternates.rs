//! The translation map, made before any page is rendered: for every page that exists in more
//! than one language, its URL in each; and the values each page gets from it (`alternates`
//! for `hreflang`, `languages` for the switcher, `og:locale:alternate`).

use std::sync::Arc;

use serde_json::{Value, json};

use crate::hashing::HashMap;
use crate::model::{Route, Site};

/// One language of the hub.
#[derive(Debug, Clone, Hash)]
pub struct Lang {
    pub code: String,
    /// Its own name (עברית, العربية, English), the switcher's label.
    pub name: String,
    pub dir: &'static str,
    /// Its home page (site URL).
    pub home: String,
}

/// Every page's URL in each language (`None` where it has no translation).
#[derive(Debug, Default)]
pub struct Map {
    pub langs: Vec<Lang>,
    /// Site URL of a page (in any language) → its group in `groups`.
    by_url: HashMap<String, usize>,
    groups: Vec<Vec<Option<String>>>,
    /// Each group's identity (`@about.md`, `/posts`).
    ids: Vec<String>,
    origin_urls: Vec<crate::model::Urls>,
}

/// The map as one language's pages see it.
#[derive(Debug, Clone)]
pub struct Alternates {
    pub map: Arc<Map>,
    /// This site's index in `map.langs`.
    pub current: usize,
}

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

/// A page's identity across languages: the content file it shows (translations share it), or
/// for the list pages every language has, its route.
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

impl Map {
    /// The map of `sites`, the default language's first.
    pub fn new(sites: &[&Site]) -> Map {
        let mut map = Map::default();
        let mut by_id: HashMap<String, usize> = HashMap::default();
        for (li, site) in sites.iter().enumerate() {
            map.langs.push(Lang {
                code: site.config.language.clone(),
                name: native_name(&site.config.language),
                dir: site.config.dir(),
                home: site.urls.url(&Route::page::<&str>(&[])),
            });
            map.origin_urls.push(site.urls.clone());
            for (id, url) in identities(site) {
                let g = *by_id.entry(id.clone()).or_insert_with(|| {
                    map.groups.push(vec![None; sites.len()]);
                    map.ids.push(id);
                    map.groups.len() - 1
                });
                map.groups[g][li] = Some(url.clone());
                map.by_url.insert(url, g);
            }
        }
        map
    }

    /// The page at `url` in every language (`None` where it has none).
    pub fn group(&self, url: &str) -> Option<&[Option<String>]> {
        self.by_url.get(url).map(|&g| self.groups[g].as_slice())
    }

    /// A site URL as a full address.
    pub fn absolute(&self, url: &str) -> String {
        self.origin_urls
            .first()
            .map(|u| u.absolute(url))
            .unwrap_or_default()
    }

    /// A full address of this site as a site URL.
    pub fn site_url(&self, abs: &str) -> String {
        let origin = self.absolute("");
        abs.strip_prefix(origin.as_str()).unwrap_or(abs).to_string()
    }

    /// A key of everything the map holds: pages kept by `serve` depend on it.
    pub fn key(&self) -> u64 {
        crate::hashing::hash_of(&(&self.langs, &self.groups))
    }
}

impl Alternates {
    /// `@/` link targets this language lacks: (content path, the default language's URL), so
    /// a link to an untranslated file leads to its original.
    pub fn fallbacks(&self) -> impl Iterator<Item = (&str, &str)> {
        let map = &*self.map;
        map.ids.iter().zip(&map.groups).filter_map(move |(id, g)| {
            let path = id.strip_prefix('@')?;
            match (&g[self.current], &g[0]) {
                (None, Some(original)) => Some((path, original.as_str())),
                _ => None,
            }
        })
    }

    /// `alternates` (hreflang links, `x-default` last), `languages` (the switcher) and
    /// `locale_alternates` for the page at `url`.
    pub fn values(&self, url: &str) -> Vec<(&'static str, Value)> {
        let map = &*self.map;
        let group = map.group(url).filter(|g| g.iter().flatten().count() > 1);
        let abs = |i: usize, u: &str| map.origin_urls[i].absolute(u);
        let mut alternates: Vec<Value> = Vec::new();
        if let Some(g) = group {
            for (i, u) in g.iter().enumerate() {
                if let Some(u) = u {
                    alternates.push(json!({"hreflang": map.langs[i].code, "href": abs(i, u)}));
                }
            }
            if let Some(u) = &g[0] {
                alternates.push(json!({"hreflang": "x-default", "href": abs(0, u)}));
            }
        }
        let languages: Vec<Value> = map
            .langs
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let own = group.and_then(|g| g[i].clone());
                json!({
                    "code": l.code,
                    "name": l.name,
                    "dir": l.dir,
                    "current": i == self.current,
                    "translated": own.is_some(),
                    "url": if i == self.current { url.to_string() } else { own.unwrap_or_else(|| l.home.clone()) },
                })
            })
            .collect();
        let locales: Vec<Value> = match group {
            Some(g) => g
                .iter()
                .enumerate()
                .filter(|(i, u)| u.is_some() && *i != self.current)
                .map(|(i, _)| Value::from(crate::render::pages::og_locale(&map.langs[i].code)))
                .collect(),
            None => Vec::new(),
        };
        vec![
            ("alternates", Value::from(alternates)),
            ("languages", Value::from(languages)),
            ("locale_alternates", Value::from(locales)),
        ]
    }
}
