//! [`Ctx`]: what every kind's builder shares — settings, the URL builder, the hub folder and the
//! diagnostics — and the checks they all use: entries, dates, addresses, assets, references.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::hashing::HashMap;
use crate::load::front_matter::Spanned;
use crate::load::{Document, Kind};
use crate::model::dates::{self, FORMATS_HINT, When};
use crate::model::entry::Entry;
use crate::model::slug::{slugify, split_date_prefix};
use crate::model::url::{Route, Urls, is_external};
use crate::model::{Cohort, Leader, Topic};

pub(super) struct Ctx<'a> {
    pub(super) config: &'a Config,
    pub(super) urls: &'a Urls,
    pub(super) root: &'a Path,
    pub(super) diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// A front-matter address that must be a full one (`ok`), or an error at its value.
    pub(super) fn full_address(
        &mut self,
        doc: &Document,
        v: &Option<Spanned<String>>,
        key: &str,
        ok: impl Fn(&str) -> bool,
        hint: &str,
    ) -> Option<String> {
        let u = v.as_ref()?;
        if ok(&u.value) {
            return Some(u.value.clone());
        }
        self.diags.push(
            Diagnostic::error(format!("{key} \"{}\" is not a full address", u.value))
                .at(&doc.file, u.pos)
                .hint(hint.to_string()),
        );
        None
    }

    pub(super) fn when(
        &mut self,
        doc: &Document,
        v: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<When> {
        let v = v.as_ref()?;
        match dates::parse(&v.value, &self.config.timezone) {
            Ok(w) => Some(w),
            Err(msg) => {
                self.diags.push(
                    Diagnostic::error(format!("{key}: {msg}"))
                        .at(&doc.file, v.pos)
                        .hint(FORMATS_HINT),
                );
                None
            }
        }
    }

    /// An image or photo path from front matter → its site URL; it must exist under static/.
    pub(super) fn asset(
        &mut self,
        doc: &Document,
        v: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<String> {
        self.asset_in(&doc.file, v, key)
    }

    pub(super) fn asset_in(
        &mut self,
        file: &Path,
        v: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<String> {
        let v = v.as_ref()?;
        let path = v.value.trim();
        if is_external(path) {
            return Some(path.to_string());
        }
        let asset = Urls::site_path_file(path);
        if !self.root.join("static").join(&asset).is_file() {
            self.diags.push(
                Diagnostic::error(format!("{key}: there is no file \"{}\" in static/", asset.display()))
                    .at(file, v.pos)
                    .hint(format!(
                        "put the file at static/{} or fix the path (paths start with / and are inside static/)",
                        asset.display()
                    )),
            );
            return None;
        }
        Some(self.urls.site_path(path))
    }

    pub(super) fn entry(&mut self, doc: &Document, section: Option<&str>) -> Option<Entry> {
        let title_key = if doc.kind == Kind::Leader {
            "name"
        } else {
            "title"
        };
        let title = match &doc.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            _ => {
                self.diags.push(
                    Diagnostic::error(format!("this {} has no \"{title_key}\"", doc.kind.name()))
                        .at(&doc.file, doc.start_pos)
                        .hint(format!("add a line `{title_key}: ...` to the front matter")),
                );
                return None;
            }
        };
        let slug = match &doc.slug {
            Some(s) => slugify(&s.value),
            None => slugify(split_date_prefix(&doc.stem).1),
        };
        if slug.is_empty() {
            let pos = doc.slug.as_ref().map(|s| s.pos).unwrap_or(doc.start_pos);
            self.diags.push(
                Diagnostic::error("cannot make a web address (slug) from this file's name")
                    .at(&doc.file, pos)
                    .hint("give the file a name with letters, or add `slug: my-page` to the front matter"),
            );
            return None;
        }
        let encoded =
            percent_encoding::utf8_percent_encode(&slug, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .len();
        if !slug.is_ascii() && encoded > 120 {
            let pos = doc.slug.as_ref().map(|s| s.pos).unwrap_or(doc.start_pos);
            self.diags.push(
                Diagnostic::warning(format!(
                    "the web address of this {} is {encoded} characters long once encoded, which looks broken when shared in chat",
                    doc.kind.name()
                ))
                .at(&doc.file, pos)
                .hint("set a shorter `slug:` (a few words, Hebrew is fine)"),
            );
        }
        let route = match (doc.kind, section) {
            (Kind::Home, _) => Route::page::<&str>(&[]),
            (_, Some(s)) => Route::page(&[s, slug.as_str()]),
            (_, None) => Route::page(&[slug.as_str()]),
        };
        let image = self.asset(doc, &doc.image, "image");
        Some(Entry {
            file: doc.file.clone(),
            content_path: doc.content_path.clone(),
            url: self.urls.url(&route),
            title,
            slug,
            route,
            summary: doc.summary.clone(),
            image,
            body: doc.body.clone(),
            body_line: doc.body_line,
            extra: doc.extra.clone(),
            draft: doc.draft,
            aliases: doc.aliases.clone(),
        })
    }

    /// Resolves slugs written in `key` against `table`, reporting unknown ones with a hint.
    pub(super) fn refs(
        &mut self,
        doc: &Document,
        values: &[Spanned<String>],
        table: &HashMap<String, usize>,
        what: &str,
        plural: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for v in values {
            let key = v.value.trim();
            match table.get(key).or_else(|| table.get(&slugify(key))) {
                Some(&i) => {
                    if !out.contains(&i) {
                        out.push(i)
                    }
                }
                None => {
                    let names: Vec<&str> = table.keys().map(String::as_str).collect();
                    self.diags.push(
                        Diagnostic::error(format!("unknown {what} \"{key}\""))
                            .at(&doc.file, v.pos)
                            .hint(suggestion_hint(key, plural, &names)),
                    );
                }
            }
        }
        out
    }
}

/// Slug → index of every topic, cohort and leader: what references are resolved against.
pub(super) struct Tables {
    pub(super) topics: HashMap<String, usize>,
    pub(super) cohorts: HashMap<String, usize>,
    pub(super) leaders: HashMap<String, usize>,
}

impl Tables {
    /// A key of the three tables (what a post's references resolve to).
    pub(super) fn key(&self) -> u64 {
        fn sorted(t: &HashMap<String, usize>) -> Vec<(&str, usize)> {
            let mut v: Vec<(&str, usize)> = t.iter().map(|(k, &i)| (k.as_str(), i)).collect();
            v.sort_unstable();
            v
        }
        crate::hashing::hash_of(&(
            sorted(&self.topics),
            sorted(&self.cohorts),
            sorted(&self.leaders),
        ))
    }

    pub(super) fn new(
        topics: &[(Arc<Document>, Topic)],
        cohorts: &[(Arc<Document>, Cohort)],
        leaders: &[(Arc<Document>, Leader)],
    ) -> Self {
        Tables {
            topics: table(topics, |t| &t.entry),
            cohorts: table(cohorts, |c| &c.entry),
            leaders: table(leaders, |l| &l.entry),
        }
    }
}

fn table<T>(items: &[(Arc<Document>, T)], entry: impl Fn(&T) -> &Entry) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (entry(t).slug.clone(), i))
        .collect()
}
