//! `kehila new KIND "Title"`: writes a content file with the right front matter for its kind,
//! named by the title's slug (posts get today's date in front of it).

use std::path::{Path, PathBuf};

use jiff::ZonedDateTime;

use crate::model::slug::slugify;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Post,
    Topic,
    Cohort,
    Leader,
    Event,
    Page,
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The file's path (relative to the hub) and its text.
pub fn template(kind: Kind, title: &str, today: &ZonedDateTime) -> Option<(PathBuf, String)> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let date = today.date().to_string();
    let t = quote(title);
    let (path, text) = match kind {
        Kind::Post => (
            format!("content/posts/{date}-{slug}.md"),
            format!(
                "---\ntitle: {t}\ndate: {date}\ntopics: []\n# cohort: cohort-slug\n# author: leader-slug\n---\n\nThe first paragraph is the summary in lists and feeds.\n\n<!-- more -->\n\nThe rest of the post.\n"
            ),
        ),
        Kind::Topic => (
            format!("content/topics/{slug}.md"),
            format!("---\ntitle: {t}\ndescription: \"\"\n---\n\nWhat this topic is about.\n"),
        ),
        Kind::Cohort => (
            format!("content/cohorts/{slug}.md"),
            format!(
                "---\ntitle: {t}\nstart: {date}\n# end: {date}\nprogram: \"\"\nlocation: \"\"\nleaders: []\n---\n\nWho this cohort is and what it does together.\n"
            ),
        ),
        Kind::Leader => (
            format!("content/leaders/{slug}.md"),
            format!(
                "---\nname: {t}\nrole: \"\"\ncohorts: []\n# photo: /images/leaders/{slug}.jpg\n---\n\nA short bio.\n"
            ),
        ),
        Kind::Event => (
            format!("content/events/{slug}.md"),
            format!(
                "---\ntitle: {t}\nstart: {date} 18:00\n# end: {date} 20:00\nlocation: \"\"\n# online_url: https://...\n---\n\nWhat will happen, and who it is for.\n"
            ),
        ),
        Kind::Page => (
            format!("content/{slug}.md"),
            format!("---\ntitle: {t}\nmenu: true\n---\n\nThe page's text.\n"),
        ),
    };
    Some((PathBuf::from(path), text))
}

pub fn run(root: &Path, kind: Kind, title: &str) -> i32 {
    if !root.join("site.yaml").is_file() {
        eprintln!(
            "error: {} is not a hub (it has no site.yaml)\n  hint: run this inside a hub folder, or pass --root DIR",
            root.display()
        );
        return 2;
    }
    let Some((rel, text)) = template(kind, title, &ZonedDateTime::now()) else {
        eprintln!(
            "error: cannot make a file name from the title {title:?}\n  hint: use a title with letters in it"
        );
        return 2;
    };
    let path = root.join(&rel);
    if path.exists() {
        eprintln!(
            "error: {} already exists\n  hint: pick another title, or edit that file",
            rel.display()
        );
        return 1;
    }
    if let Err(e) = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|_| std::fs::write(&path, text))
    {
        eprintln!("error: could not write {}: {e}", rel.display());
        return 1;
    }
    println!("created {}", rel.display());
    0
}
