//! One page to render ([`Job`]): its route, template and values, and the helpers the plan's
//! files use to make one.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::views::{TV as Value, Views};
use crate::model::{Route, Urls};

/// One page to render.
pub struct Job {
    pub route: Route,
    pub template: String,
    /// The content file this page shows, named in template error messages.
    pub source: Option<PathBuf>,
    /// The active menu section.
    pub section: &'static str,
    pub title: Option<String>,
    pub description: Option<String>,
    pub vars: Vec<(&'static str, Value)>,
    /// A key that changes whenever `vars` do, when one is known without hashing them.
    pub vars_key: Option<u64>,
    /// A key that changes whenever anything of this job does but its preview image (a post:
    /// its page key, which covers its route, title, summary, dates and values).
    pub key: Option<u64>,
    pub in_sitemap: bool,
    /// Where the author chose the template (a page's `template:`), for "no such template".
    pub template_at: Option<crate::diagnostics::Pos>,
    /// Link preview: the page's image (site URL), its kind and, for posts, its dates.
    pub image: Option<String>,
    pub og_type: &'static str,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// Made on first use and kept with the job: `serve` reuses unchanged posts' jobs, so a
    /// save does not make 10,000 paths and sitemap lines again.
    path: OnceLock<PathBuf>,
    sitemap_line: OnceLock<String>,
}

impl Job {
    /// Where the page goes in the output folder.
    pub fn output_path(&self) -> &Path {
        self.path.get_or_init(|| self.route.output_path())
    }

    /// The page's line in `sitemap.xml`. A kept job's line stays right: a post's job is kept
    /// only while every setting, the base URL among them, is unchanged.
    pub fn sitemap_line(&self, urls: &crate::model::Urls) -> &str {
        self.sitemap_line.get_or_init(|| line(urls, &self.route))
    }
}

impl Job {
    /// A key of everything of this job but its values, which `vars_key` stands for; `None`
    /// without one. Two jobs with the same key render the same page.
    pub fn key_but_vars(&self) -> Option<u64> {
        self.vars_key.map(|values| self.key_with_values(values))
    }

    /// A key of everything of this job, its values counted by `values` (a key of them).
    pub fn key_with_values(&self, values: u64) -> u64 {
        // Destructured, so that a new field cannot be left out unnoticed.
        let Job {
            route,
            template,
            source,
            section,
            title,
            description,
            vars: _,
            vars_key: _,
            key,
            in_sitemap,
            template_at,
            image,
            og_type,
            published,
            modified,
            path: _,
            sitemap_line: _,
        } = self;
        crate::hashing::hash_of(&(
            (route, template, source, section, title, description),
            (
                values,
                key,
                in_sitemap,
                template_at.map(|p| (p.line, p.col)),
            ),
            (image, og_type, published, modified),
        ))
    }
}

pub fn job(route: Route, template: &str, section: &'static str) -> Job {
    Job {
        route,
        template: template.to_string(),
        source: None,
        section,
        title: None,
        description: None,
        vars: Vec::new(),
        vars_key: None,
        key: None,
        in_sitemap: true,
        template_at: None,
        image: None,
        og_type: "website",
        published: None,
        modified: None,
        path: OnceLock::new(),
        sitemap_line: OnceLock::new(),
    }
}

pub fn cards(views: &Views, idx: impl Iterator<Item = usize>) -> Value {
    Value::from(
        idx.map(|i| views.post_cards[i].1.clone())
            .collect::<Vec<Value>>(),
    )
}

/// One page's `<url>` line (kept with its job, see [`Job::sitemap_line`]).
fn line(urls: &Urls, route: &Route) -> String {
    let loc = urls.absolute(&urls.url(route));
    format!("  <url><loc>{}</loc></url>\n", super::escape::escape(&loc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list page's job is kept by this key in `serve`: a page that differs in anything
    /// but its values must not be taken for the last run's.
    #[test]
    fn the_key_but_vars_changes_with_every_field_but_the_values() {
        let make = || {
            let mut j = job(Route::page(&["topics", "career"]), "topic.html", "topics");
            j.vars_key = Some(7);
            j
        };
        let base = make().key_but_vars();
        assert!(base.is_some());
        let mut j = make();
        j.vars = vec![("topic", Value::from("other values, same key"))];
        assert_eq!(
            j.key_but_vars(),
            base,
            "the values count only through vars_key"
        );
        let changes: [&dyn Fn(&mut Job); 9] = [
            &|j| j.vars_key = Some(8),
            &|j| j.title = Some("Career".into()),
            &|j| j.description = Some("Jobs and tips".into()),
            &|j| j.image = Some("/img/c.png".into()),
            &|j| j.og_type = "profile",
            &|j| j.template = "cohort.html".into(),
            &|j| j.route = Route::page(&["topics", "tech"]),
            &|j| j.in_sitemap = false,
            &|j| j.source = Some("content/topics/career.md".into()),
        ];
        for change in changes {
            let mut j = make();
            change(&mut j);
            assert_ne!(j.key_but_vars(), base);
        }
        let mut j = make();
        j.vars_key = None;
        assert_eq!(j.key_but_vars(), None, "no values' key, nothing to keep by");
    }
}
