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

/// The sentences of a new file's body, in the hub's language.
struct Words {
    summary: &'static str,
    rest: &'static str,
    topic: &'static str,
    cohort: &'static str,
    leader: &'static str,
    event: &'static str,
    page: &'static str,
}

const HE: Words = Words {
    summary: "הפסקה הראשונה היא התקציר שמופיע ברשימות ובפידים.",
    rest: "המשך הפוסט.",
    topic: "על מה הנושא הזה.",
    cohort: "מי המחזור הזה ומה הוא עושה יחד.",
    leader: "כמה מילים על עצמך.",
    event: "מה יקרה, ולמי זה מתאים.",
    page: "הטקסט של העמוד.",
};

const EN: Words = Words {
    summary: "The first paragraph is the summary in lists and feeds.",
    rest: "The rest of the post.",
    topic: "What this topic is about.",
    cohort: "Who this cohort is and what it does together.",
    leader: "A short bio.",
    event: "What will happen, and who it is for.",
    page: "The page's text.",
};

const AR: Words = Words {
    summary: "الفقرة الأولى هي الملخص الذي يظهر في القوائم والخلاصات.",
    rest: "بقية المنشور.",
    topic: "عن ماذا يتحدث هذا الموضوع.",
    cohort: "من هي هذه الدفعة وماذا تفعل معًا.",
    leader: "نبذة قصيرة.",
    event: "ماذا سيحدث، ولمن هو مناسب.",
    page: "نص الصفحة.",
};

fn words(lang: &str) -> &'static Words {
    match lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "he" => &HE,
        "ar" => &AR,
        _ => &EN,
    }
}

/// The file's path (relative to the hub) and its text. `lang` is the hub's language; `topic`
/// the slug a post is filed under (`None`: a commented line to fill in).
pub fn template(
    kind: Kind,
    title: &str,
    today: &ZonedDateTime,
    lang: &str,
    topic: Option<&str>,
) -> Option<(PathBuf, String)> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let w = words(lang);
    let date = today.date().to_string();
    let t = quote(title);
    let (path, text) = match kind {
        Kind::Post => {
            let topics = match topic {
                Some(slug) => format!("topics: [{slug}]"),
                None => "# topics: [topic-slug]   (kehila new topic \"...\" makes one)".to_string(),
            };
            (
                format!("content/posts/{date}-{slug}.md"),
                format!(
                    "---\ntitle: {t}\ndate: {date}\n{topics}\n# cohort: cohort-slug\n# author: leader-slug\n---\n\n{}\n\n<!-- more -->\n\n{}\n",
                    w.summary, w.rest
                ),
            )
        }
        Kind::Topic => (
            format!("content/topics/{slug}.md"),
            format!("---\ntitle: {t}\ndescription: \"\"\n---\n\n{}\n", w.topic),
        ),
        Kind::Cohort => (
            format!("content/cohorts/{slug}.md"),
            format!(
                "---\ntitle: {t}\nstart: {date}\n# end: {date}\nprogram: \"\"\nlocation: \"\"\nleaders: []\n---\n\n{}\n",
                w.cohort
            ),
        ),
        Kind::Leader => (
            format!("content/leaders/{slug}.md"),
            format!(
                "---\nname: {t}\nrole: \"\"\ncohorts: []\n# photo: /images/leaders/{slug}.jpg\n---\n\n{}\n",
                w.leader
            ),
        ),
        Kind::Event => (
            format!("content/events/{slug}.md"),
            format!(
                "---\ntitle: {t}\nstart: {date} 18:00\n# end: {date} 20:00\nlocation: \"\"\n# online_url: https://...\n---\n\n{}\n",
                w.event
            ),
        ),
        Kind::Page => (
            format!("content/{slug}.md"),
            format!("---\ntitle: {t}\nmenu: true\n---\n\n{}\n", w.page),
        ),
    };
    Some((PathBuf::from(path), text))
}

/// The hub's language from site.yaml (`he` when unset or unreadable: `build` reports why).
fn hub_language(root: &Path) -> String {
    std::fs::read_to_string(root.join("site.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
        .and_then(|v| {
            v.get("language")
                .and_then(|l| l.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "he".to_string())
}

/// The hub's topic slugs in display order (`order`, then title), read from content/topics/.
fn hub_topics(root: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(root.join("content/topics")) else {
        return Vec::new();
    };
    let mut topics: Vec<((i64, String), String)> = dir
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            if path.extension()? != "md" {
                return None;
            }
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).ok()?;
            let fm = crate::load::front_matter::split(&text)
                .ok()
                .and_then(|s| serde_yaml::from_str::<serde_yaml::Value>(s.yaml).ok());
            let get = |k: &str| fm.as_ref().and_then(|v| v.get(k).cloned());
            let slug = get("slug")
                .and_then(|s| s.as_str().map(slugify))
                .unwrap_or_else(|| slugify(&stem));
            let order = get("order").and_then(|o| o.as_i64()).unwrap_or(i64::MAX);
            let title = get("title")
                .and_then(|t| t.as_str().map(str::to_string))
                .unwrap_or_default();
            (!slug.is_empty()).then_some(((order, title), slug))
        })
        .collect();
    topics.sort();
    topics.into_iter().map(|(_, s)| s).collect()
}

pub fn run(root: &Path, kind: Kind, title: &str, topic: Option<&str>, lang: Option<&str>) -> i32 {
    if !root.join("site.yaml").is_file() {
        eprintln!(
            "error: {} is not a hub (it has no site.yaml)\n  hint: run this inside a hub folder, or pass --root DIR",
            root.display()
        );
        return 2;
    }
    let topics = hub_topics(root);
    let topic = match (kind, topic) {
        (Kind::Post, Some(t)) => {
            let t = slugify(t);
            if !topics.contains(&t) {
                let hint = crate::diagnostics::suggestion_hint(
                    &t,
                    "topics",
                    &topics.iter().map(String::as_str).collect::<Vec<_>>(),
                );
                eprintln!("error: there is no topic \"{t}\" in content/topics/\n  hint: {hint}");
                return 2;
            }
            Some(t)
        }
        (Kind::Post, None) => topics.first().cloned(),
        (_, Some(_)) => {
            eprintln!(
                "error: --topic is for posts\n  hint: leave it out, or use `kehila new post \"...\" --topic SLUG`"
            );
            return 2;
        }
        (_, None) => None,
    };
    let hub_lang = hub_language(root);
    let translation = match lang {
        Some(l) if !l.eq_ignore_ascii_case(&hub_lang) => match super::new_lang::check(root, l) {
            Ok(code) => Some(code),
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        },
        _ => None,
    };
    let lang = translation.clone().unwrap_or(hub_lang);
    let made = template(kind, title, &ZonedDateTime::now(), &lang, topic.as_deref());
    let made = match (made, &translation) {
        (Some((rel, text)), Some(code)) => Some(super::new_lang::rename(root, rel, text, code)),
        (made, _) => made,
    };
    let Some((rel, text)) = made else {
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
    if let Some(code) = &translation {
        super::new_lang::note_original(root, &rel, code);
    }
    0
}
