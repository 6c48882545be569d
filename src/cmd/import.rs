//! `kehila import FILE.csv --cohort SLUG`: cleans a registration-form export and writes or
//! merges it into `content/cohorts/SLUG.csv`; the work itself is in [`crate::import`].
//!
//! Prints a summary in which emails and phones are masked. Exit 0 when done, 1 when the export
//! (or the roster to merge into) cannot be used or holds nothing to import, 2 for wrong usage.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::diagnostics::suggestion_hint;
use crate::import::merge::Table;
use crate::import::summary::{self, Outcome, Status};
use crate::import::{self as imp, Fatal};
use crate::model::slug::slugify;
use crate::pipeline;

fn error(what: &str, hint: &str) {
    eprintln!("error: {what}\n  hint: {hint}");
}

/// Slugs of the cohort pages (`content/cohorts/*.md`, by file name as a build makes them;
/// a `slug:` in front matter is not read), sorted.
fn cohort_pages(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md")
                .filter(|s| !s.starts_with('.'))
                .map(slugify)
        })
        .collect();
    v.sort();
    v
}

/// Warns when the export itself sits inside the hub, where it would be committed — and, under a
/// `static/` or `public/` folder, published with every email and phone in it.
fn warn_if_inside_hub(root: &Path, file: &Path) {
    let (Ok(root), Ok(file_c)) = (fs::canonicalize(root), fs::canonicalize(file)) else {
        return;
    };
    let Ok(rel) = file_c.strip_prefix(&root) else {
        return;
    };
    let published =
        rel.starts_with("public") || rel.components().any(|c| c.as_os_str() == "static");
    eprintln!(
        "warning: the export {} is inside the hub folder, so its emails and phones would be committed with the hub{}\n  hint: keep exports outside the hub (say in Downloads) and delete them once imported",
        file.display(),
        if published {
            "; and there it is published on the site as it is"
        } else {
            ""
        }
    );
}

pub fn run(root: &Path, file: &Path, cohort: &str) -> i32 {
    if !root.join("site.yaml").is_file() {
        error(
            &format!("{} is not a hub (it has no site.yaml)", root.display()),
            "run this inside a hub folder, or pass --root DIR",
        );
        return 2;
    }
    let dir = root.join("content").join("cohorts");
    let pages = cohort_pages(&dir);
    if cohort.is_empty() || slugify(cohort) != cohort {
        let slug = slugify(cohort);
        let names: Vec<&str> = pages.iter().map(String::as_str).collect();
        error(
            &format!("--cohort {cohort:?} is not a cohort slug"),
            &if slug.is_empty() {
                format!(
                    "give the name of the cohort's file without .md; {}",
                    suggestion_hint(cohort, "cohorts", &names)
                )
            } else {
                format!("did you mean --cohort {slug}? (the name of the cohort's file without .md)")
            },
        );
        return 2;
    }
    let bytes = match fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            error(
                &format!("cannot read {}: {e}", file.display()),
                "give the path of the CSV file exported from the registration form",
            );
            return 1;
        }
    };
    let this_year = pipeline::now().to_zoned_datetime(TimeZone::UTC).year() as i32;
    let imported = match imp::read_export(&bytes, this_year) {
        Ok(i) => i,
        Err(Fatal::NotText(e)) => {
            error(&format!("{}: {}", file.display(), e.message()), e.hint());
            return 1;
        }
        Err(Fatal::Empty) => {
            error(
                &format!("{} is empty", file.display()),
                "export the form's responses as CSV, with the question titles on the first line",
            );
            return 1;
        }
        Err(Fatal::NoName(found)) => {
            error(
                &format!("{} has no column for the name", file.display()),
                &format!(
                    "the first line must name the columns, and one must be a name (שם, שם מלא, name, full name, or first name + last name); found: {}",
                    found.join(", ")
                ),
            );
            return 1;
        }
    };
    let rel = format!("content/cohorts/{cohort}.csv");
    let target = dir.join(format!("{cohort}.csv"));
    let old = match fs::read(&target) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => {
            error(
                &format!("cannot read {rel}: {e}"),
                "check the file's permissions; nothing was written",
            );
            return 1;
        }
    };
    let mut table = match &old {
        None => Table::default(),
        Some(b) => match imp::decode::decode(b)
            .map_err(|e| e.message())
            .and_then(Table::parse)
        {
            Ok(t) => t,
            Err(why) => {
                error(
                    &format!("the roster {rel} cannot be merged into: {why}"),
                    "fix that file (or move it away) and import again; nothing was written",
                );
                return 1;
            }
        },
    };
    let rows: Vec<imp::Row> = imported.rows.iter().map(|(_, r)| r.clone()).collect();
    let counts = table.merge(&rows);
    let text = table.to_csv();
    let status = if rows.is_empty() {
        Status::NothingToImport
    } else if old.as_deref() == Some(text.as_slice()) {
        Status::Unchanged
    } else {
        Status::Written
    };
    if status == Status::Written {
        let written =
            fs::create_dir_all(&dir).and_then(|_| imp::write::atomic_write(&target, &text));
        if let Err(e) = written {
            error(
                &format!("could not write {rel}: {e}"),
                "check that the folder is writable; the roster is unchanged",
            );
            return 1;
        }
    }
    print!(
        "{}",
        summary::render(
            &imported,
            &Outcome {
                input: file.display().to_string(),
                target: rel.clone(),
                counts,
                total: table.rows.len(),
                consenting: table.consenting(),
                status,
            },
        )
    );
    if status == Status::NothingToImport {
        error(
            &format!("no row of {} could be imported", file.display()),
            "every row needs a name and as many fields as the header line; see the lines above",
        );
        return 1;
    }
    warn_if_inside_hub(root, file);
    if !imported.has_consent {
        eprintln!(
            "warning: the export has no consent column, so new rows were written with consent \"no\" and will not be listed on the site\n  hint: add a column \"consent\" (or \"הסכמה\") with yes/כן for those who agreed to be listed"
        );
    }
    if !pages.iter().any(|p| p == cohort) {
        let names: Vec<&str> = pages.iter().map(String::as_str).collect();
        eprintln!(
            "warning: there is no cohort page content/cohorts/{cohort}.md, so a build will stop at this roster\n  hint: create it with `kehila new cohort \"TITLE\"` (the file is named after the title's slug: rename it to {cohort}.md if they differ), or import into an existing cohort: {}",
            suggestion_hint(cohort, "cohorts", &names)
        );
    }
    0
}
