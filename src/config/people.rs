//! `author:` and `goals:` in site.yaml: who writes the site's feeds, and what the hub is for.

use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, suggestion_hint};
use crate::load::front_matter::Fields;

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Goals {
    pub organization: Vec<String>,
    pub alumni: Vec<String>,
}

pub(super) fn read_author(f: &mut Fields) -> Option<Author> {
    match f.raw("author")? {
        Value::String(name) => Some(Author { name, email: None }),
        Value::Mapping(m) => {
            let name = m.get("name").and_then(|v| v.as_str()).map(str::to_string);
            let email = m.get("email").and_then(|v| v.as_str()).map(str::to_string);
            match name {
                Some(name) => Some(Author { name, email }),
                None => {
                    f.wrong_type(
                        "author",
                        "a name, or a name and an email",
                        "`author: {name: Our team, email: team@example.org}`",
                    );
                    None
                }
            }
        }
        _ => {
            f.wrong_type("author", "a name", "`author: Our team`");
            None
        }
    }
}

fn string_seq(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Sequence(s)) => s.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        Some(Value::String(s)) => Some(vec![s.clone()]),
        _ => None,
    }
}

pub(super) fn read_goals(f: &mut Fields) -> Goals {
    let Some(raw) = f.raw("goals") else {
        return Goals::default();
    };
    let example = "`goals:` then `  organization: [..]` and `  alumni: [..]`";
    let Value::Mapping(m) = raw else {
        f.wrong_type("goals", "two lists, organization and alumni", example);
        return Goals::default();
    };
    for k in m.keys() {
        let k = k.as_str().unwrap_or("?");
        if k != "organization" && k != "alumni" {
            let pos = f.locator.value("goals", k);
            let hint = suggestion_hint(k, "goals has", &["organization", "alumni"]);
            let file = f.file().to_path_buf();
            f.error_at(
                pos,
                Diagnostic::error(format!("unknown key \"{k}\" in goals"))
                    .hint(hint)
                    .in_file(file),
            );
        }
    }
    match (
        string_seq(m.get("organization")),
        string_seq(m.get("alumni")),
    ) {
        (Some(organization), Some(alumni)) => Goals {
            organization,
            alumni,
        },
        _ => {
            f.wrong_type("goals", "two lists of sentences", example);
            Goals::default()
        }
    }
}
