//! Job offers: a post with `kind: job` and its `company`, `location`, `remote`, `apply` and
//! `expires`, checked here (an offer must say who hires, how to apply and until when).

use std::path::Path;

use super::dates::When;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Document;

/// What a job offer adds to its post.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Job {
    pub company: String,
    pub location: Option<String>,
    pub remote: bool,
    /// `https://…` or `mailto:…` (an `apply:` email address gets `mailto:`).
    pub apply: String,
    /// The last day the offer is open (the post's `expires`).
    pub expires: When,
}

/// The post's job, if it is one; problems go to `diags`. `expires` is the parsed `expires:`.
pub fn read(doc: &Document, expires: Option<&When>, diags: &mut Diagnostics) -> Option<Job> {
    let file: &Path = &doc.file;
    if !is_job(doc, diags)? {
        not_a_job(doc, diags);
        return None;
    }
    let mut ok = true;
    let company = match &doc.company {
        Some(c) if !c.value.trim().is_empty() => c.value.trim().to_string(),
        _ => {
            diags.push(
                Diagnostic::error("this job offer has no \"company\"")
                    .at(file, doc.start_pos)
                    .hint("add `company: ...` (who hires) to the front matter"),
            );
            ok = false;
            String::new()
        }
    };
    let apply = apply(doc, diags);
    if doc.location.as_deref().is_none_or(|l| l.trim().is_empty()) {
        diags.push(
            Diagnostic::error("this job offer has no \"location\"")
                .at(file, doc.start_pos)
                .hint("add where the job is (`location: Beer Sheva`); for a remote job (`remote: true`), where applicants may live (`location: Israel`)"),
        );
        ok = false;
    }
    let expires = match expires {
        Some(e) => Some(e.clone()),
        None => {
            if doc.expires.is_none() {
                diags.push(
                    Diagnostic::error("this job offer has no \"expires\"")
                        .at(file, doc.start_pos)
                        .hint("add `expires: 2026-12-31`, the last day to apply: the offer leaves the jobs board after it"),
                );
            }
            None
        }
    };
    let (Some(apply), Some(expires), true) = (apply, expires, ok) else {
        return None;
    };
    Some(Job {
        company,
        location: doc.location.clone().filter(|l| !l.trim().is_empty()),
        remote: doc.remote.unwrap_or(false),
        apply,
        expires,
    })
}

/// Whether `kind:` makes the post a job offer; `None` (reported) for an unknown kind.
fn is_job(doc: &Document, diags: &mut Diagnostics) -> Option<bool> {
    match &doc.post_kind {
        None => Some(false),
        Some(k) if k.value.trim() == "job" => Some(true),
        Some(k) if k.value.trim() == "post" => Some(false),
        Some(k) => {
            diags.push(
                Diagnostic::error(format!("unknown kind \"{}\"", k.value.trim()))
                    .at(&doc.file, k.pos)
                    .hint("a post's `kind:` is `job` (a job offer) or `post` (the default)"),
            );
            None
        }
    }
}

/// Keys only a job offer may have, written in something that is not one.
fn not_a_job(doc: &Document, diags: &mut Diagnostics) {
    let file: &Path = &doc.file;
    let used = [
        doc.company.as_ref().map(|c| ("company", c.pos)),
        doc.apply.as_ref().map(|c| ("apply", c.pos)),
    ];
    for (key, pos) in used.into_iter().flatten() {
        diags.push(
            Diagnostic::error(format!("\"{key}\" is only for job offers"))
                .at(file, pos)
                .hint("add `kind: job` to the front matter, or remove this line"),
        );
    }
    if doc.remote.is_some() || (doc.location.is_some() && doc.kind == crate::load::Kind::Post) {
        diags.push(
            Diagnostic::error("\"location\" and \"remote\" are only for job offers in a post")
                .at(file, doc.start_pos)
                .hint("add `kind: job` to the front matter, or remove those lines"),
        );
    }
}

/// `apply:` as a web address, or an email address as `mailto:`; a missing or bad one is reported.
fn apply(doc: &Document, diags: &mut Diagnostics) -> Option<String> {
    let file: &Path = &doc.file;
    match &doc.apply {
        Some(a) => {
            let v = a.value.trim();
            if v.starts_with("https://") || v.starts_with("http://") {
                Some(v.to_string())
            } else if is_email(v) {
                Some(format!("mailto:{}", v.strip_prefix("mailto:").unwrap_or(v)))
            } else {
                diags.push(
                    Diagnostic::error(format!(
                        "apply \"{v}\" is neither a web address nor an email"
                    ))
                    .at(file, a.pos)
                    .hint(
                        "write the application form's full address (https://…) or an email address",
                    ),
                );
                None
            }
        }
        None => {
            diags.push(
                Diagnostic::error("this job offer has no \"apply\"")
                    .at(file, doc.start_pos)
                    .hint("add `apply: https://…` or `apply: jobs@example.org`: where people send their application"),
            );
            None
        }
    }
}

fn is_email(v: &str) -> bool {
    let v = v.strip_prefix("mailto:").unwrap_or(v);
    match v.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && host.contains('.') && !v.contains([' ', '<', '>', '"', '/'])
        }
        None => false,
    }
}
