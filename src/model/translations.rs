//! The translation map a hub with `languages:` gives each of its sites (made by
//! `languages/alternates.rs` before rendering): every page's URL in each language, and the
//! values a page gets from it (`alternates`, `languages`, `locale_alternates`).

use std::sync::Arc;

use serde_json::{Value, json};

use super::url::Urls;
use crate::hashing::HashMap;

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
    /// A page's identity (`@about.md`, `/posts`) → its group.
    by_id: HashMap<String, usize>,
    groups: Vec<Vec<Option<String>>>,
    /// Each group's identity.
    ids: Vec<String>,
    origin_urls: Vec<Urls>,
}

/// The map as one language's pages see it.
#[derive(Debug, Clone)]
pub struct Alternates {
    pub map: Arc<Map>,
    /// This site's index in `map.langs`.
    pub current: usize,
}

impl Map {
    /// Adds a language (in order, the default first; `of` languages in all) with its pages as
    /// (identity, site URL): translations share an identity.
    pub fn add(&mut self, lang: Lang, urls: Urls, pages: Vec<(String, String)>, of: usize) {
        let li = self.langs.len();
        self.langs.push(lang);
        self.origin_urls.push(urls);
        for (id, url) in pages {
            let g = match self.by_id.get(&id) {
                Some(&g) => g,
                None => {
                    self.groups.push(vec![None; of]);
                    self.ids.push(id.clone());
                    self.by_id.insert(id, self.groups.len() - 1);
                    self.groups.len() - 1
                }
            };
            self.groups[g][li] = Some(url.clone());
            self.by_url.insert(url, g);
        }
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

    /// The languages (codes) the page at `url` is translated into, besides its own.
    pub fn other_codes(&self, url: &str) -> Vec<&str> {
        let map = &*self.map;
        match self.translated(url) {
            Some(g) => g
                .iter()
                .enumerate()
                .filter(|(i, u)| u.is_some() && *i != self.current)
                .map(|(i, _)| map.langs[i].code.as_str())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The page's group when it exists in more than one language.
    fn translated(&self, url: &str) -> Option<&[Option<String>]> {
        self.map
            .group(url)
            .filter(|g| g.iter().flatten().count() > 1)
    }

    /// `alternates` (hreflang links, `x-default` last) and `languages` (the switcher) for the
    /// page at `url`.
    pub fn values(&self, url: &str) -> Vec<(&'static str, Value)> {
        let map = &*self.map;
        let group = self.translated(url);
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
                let url = if i == self.current {
                    url.to_string()
                } else {
                    own.clone().unwrap_or_else(|| l.home.clone())
                };
                json!({
                    "code": l.code,
                    "name": l.name,
                    "dir": l.dir,
                    "current": i == self.current,
                    "translated": own.is_some(),
                    "url": url,
                })
            })
            .collect();
        vec![
            ("alternates", Value::from(alternates)),
            ("languages", Value::from(languages)),
        ]
    }
}
