//! Front matter: splits the `---` YAML block from the Markdown body and reads its keys with
//! their positions; every read through [`Fields`] reports problems (wrong type, unknown key
//! with a did-you-mean) at those positions instead of failing.
//!
//! YAML parsers give no spans for values, so [`Locator`] finds them by scanning the block's
//! lines: a key's line and column, and a value's place inside the key's lines.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggestion_hint};
use std::path::{Path, PathBuf};

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

/// The raw parts of a content file.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line (1-based) of the first body line.
    pub body_line: usize,
}

/// Splits `---\nyaml\n---\nbody`. Files without front matter are an error, because every kind
/// needs at least a title.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("this file has no front matter")
            .hint("start the file with a line `---`, then `title: ...`, then another `---` line before the text"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .hint("add a line with just `---` after the last front-matter key, before the text"))
}

/// Finds where keys and values were written in a YAML block.
pub struct Locator {
    lines: Vec<String>,
    first_line: usize,
    /// Top-level keys: (name, index into `lines`, 1-based char column).
    keys: Vec<(String, usize, usize)>,
}

impl Locator {
    pub fn new(yaml: &str, first_line: usize) -> Self {
        let lines: Vec<String> = yaml
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        let mut keys = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with([' ', '\t', '#', '-']) {
                continue;
            }
            if let Some(colon) = line.find(':') {
                let key = line[..colon].trim().trim_matches(['"', '\'']);
                if !key.is_empty() {
                    keys.push((key.to_string(), i, 1));
                }
            }
        }
        Locator {
            lines,
            first_line,
            keys,
        }
    }

    /// Where the whole block starts (used when nothing better is known).
    pub fn start(&self) -> Pos {
        Pos::new(self.first_line, 1)
    }

    /// The `n`th (0-based) place where `key` is written at the top level, e.g. a duplicate.
    pub fn key_nth(&self, key: &str, n: usize) -> Option<Pos> {
        self.keys
            .iter()
            .filter(|(k, _, _)| k == key)
            .nth(n)
            .map(|(_, i, c)| Pos::new(self.first_line + i, *c))
    }

    pub fn key(&self, key: &str) -> Pos {
        self.keys
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, i, c)| Pos::new(self.first_line + i, *c))
            .unwrap_or_else(|| self.start())
    }

    /// Where `needle` is written among the lines of `key`; the key's value position if not found.
    pub fn value(&self, key: &str, needle: &str) -> Pos {
        let Some(idx) = self.keys.iter().position(|(k, _, _)| k == key) else {
            return self.start();
        };
        let from = self.keys[idx].1;
        let to = self
            .keys
            .get(idx + 1)
            .map(|k| k.1)
            .unwrap_or(self.lines.len());
        for (n, line) in self.lines[from..to].iter().enumerate() {
            // On the key's own line, skip the key itself so `cohort: cohort-a` finds the value.
            let skip = if n == 0 {
                line.find(':').map(|c| c + 1).unwrap_or(0)
            } else {
                0
            };
            if let Some(b) = find_token(&line[skip..], needle) {
                let col = line[..skip + b].chars().count() + 1;
                return Pos::new(self.first_line + from + n, col);
            }
        }
        // Fall back to the first non-space character after the colon.
        let line = &self.lines[from];
        let after = line.find(':').map(|c| c + 1).unwrap_or(0);
        let ws = line[after..].len() - line[after..].trim_start().len();
        Pos::new(
            self.first_line + from,
            line[..after + ws].chars().count() + 1,
        )
    }
}

/// Where `needle` stands as a whole value in `line`: not inside a longer word (so `career` is
/// not found inside `careers`).
fn find_token(line: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/';
    let mut from = 0;
    while let Some(i) = line[from..].find(needle) {
        let at = from + i;
        let before = line[..at].chars().next_back();
        let after = line[at + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        from = at + needle.len().max(1);
    }
    None
}

/// Converts a YAML parse error into a diagnostic positioned in the file, not in the block.
pub fn yaml_error(err: &serde_yaml::Error, first_line: usize) -> (Pos, String) {
    let pos = err
        .location()
        .map(|l| Pos::new(first_line + l.line().saturating_sub(1), l.column().max(1)))
        .unwrap_or(Pos::new(first_line, 1));
    let mut msg = err.to_string();
    // The parser appends its own (block-relative) position; ours replaces it.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    (pos, msg)
}

/// The parser's words for two common problems, in plain words: a tab where YAML wants spaces,
/// and anchors (`&a`) and aliases (`*a`) repeating a value past the parser's limit (a "billion
/// laughs" file). Returns the message, the hint and where to point.
fn plain_yaml_problem(
    yaml: &str,
    first_line: usize,
    pos: Pos,
    msg: &str,
) -> Option<(String, String, Pos)> {
    if msg.contains("repetition limit exceeded") || msg.contains("recursion limit exceeded") {
        // Point at the first alias: the error's own position is the start of the block.
        let alias = yaml.lines().enumerate().find_map(|(i, l)| {
            let at = l
                .char_indices()
                .find(|&(j, c)| c == '*' && (j == 0 || l[..j].ends_with([' ', '[', ',', '-'])))?;
            Some(Pos::new(first_line + i, l[..at.0].chars().count() + 1))
        });
        return Some((
            "anchors and aliases (`&name`, `*name`) repeat a value too many times".into(),
            "write the values out instead of repeating them with `*name`: kehila refuses YAML that would grow to a huge size".into(),
            alias.unwrap_or(pos),
        ));
    }
    if msg.contains("cannot start any token") || msg.contains("tab") {
        let line_no = pos.line.checked_sub(first_line)?;
        let line = yaml.lines().nth(line_no)?;
        let tab = line.find('\t')?;
        let col = line[..tab].chars().count() + 1;
        return Some((
            "a tab is used to indent or separate this line".into(),
            "YAML needs spaces, not tabs: replace the tab with spaces (two per level of indentation)".into(),
            Pos::new(pos.line, col),
        ));
    }
    None
}

/// Typed reads of front-matter keys, each reporting problems at the key's position.
pub struct Fields<'a> {
    map: Mapping,
    pub locator: Locator,
    file: PathBuf,
    diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Parses the YAML block; `None` (with a diagnostic) when it is not a valid mapping.
    pub fn parse(
        yaml: &str,
        first_line: usize,
        file: &Path,
        diags: &'a mut Diagnostics,
    ) -> Option<Self> {
        let locator = Locator::new(yaml, first_line);
        let value: Value = if yaml.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            match serde_yaml::from_str(yaml) {
                Ok(v) => v,
                Err(e) => {
                    let (pos, msg) = yaml_error(&e, first_line);
                    let duplicate = msg
                        .strip_prefix("duplicate entry with key \"")
                        .and_then(|r| r.split('"').next());
                    let d = match duplicate.and_then(|k| Some((k, locator.key_nth(k, 1)?))) {
                        Some((key, second)) => Diagnostic::error(format!(
                            "\"{key}\" is written twice in the front matter"
                        ))
                        .at(file, second)
                        .hint(format!(
                            "keep one `{key}:` line and delete the other (the first is on line {})",
                            locator.key(key).line
                        )),
                        None => match plain_yaml_problem(yaml, first_line, pos, &msg) {
                            Some((what, hint, at)) => Diagnostic::error(format!(
                                "the front matter is not valid YAML: {what}"
                            ))
                            .at(file, at)
                            .hint(hint),
                            None => Diagnostic::error(format!("the front matter is not valid YAML: {msg}"))
                                .at(file, pos)
                                .hint("each line is `key: value`; put text with `:` or `#` in quotes, and indent list items the same way"),
                        },
                    };
                    diags.push(d);
                    return None;
                }
            }
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                diags.push(
                    Diagnostic::error("the front matter must be a list of `key: value` lines")
                        .at(file, locator.start()),
                );
                return None;
            }
        };
        Some(Fields {
            map,
            locator,
            file: file.to_path_buf(),
            diags,
        })
    }

    /// Reports every key that is not in `allowed`, with the closest allowed key as a hint.
    /// `place` says where ("the front matter of a post", "site.yaml"); `what` names the
    /// allowed keys in the hint ("keys a post can have").
    pub fn deny_unknown(&mut self, allowed: &[&str], place: &str, what: &str) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .map(|k| match k {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .filter(|k| !allowed.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let pos = self.locator.key(&key);
            let hint = suggestion_hint(&key, what, allowed);
            self.diags.push(
                Diagnostic::error(format!("unknown key \"{key}\" in {place}"))
                    .at(&self.file, pos)
                    .hint(hint),
            );
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The raw YAML of a key, for nested settings read by their own code.
    pub fn raw(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn wrong_type(&mut self, key: &str, expected: &str, example: &str) {
        let pos = self.locator.value(key, "");
        self.diags.push(
            Diagnostic::error(format!("\"{key}\" should be {expected}"))
                .at(&self.file, pos)
                .hint(format!("write it like this: {example}")),
        );
    }

    /// How many errors were reported so far (by this file's reads and before them).
    pub fn error_count(&self) -> usize {
        self.diags.error_count()
    }

    pub fn error_at(&mut self, pos: Pos, d: Diagnostic) {
        self.diags.push(d.at(&self.file, pos));
    }

    pub fn string(&mut self, key: &str) -> Option<Spanned<String>> {
        let s = match self.get(key)? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                self.wrong_type(key, "a single text value", &format!("`{key}: some text`"));
                return None;
            }
        };
        let pos = self.locator.value(key, s.lines().next().unwrap_or(""));
        Some(Spanned { value: s, pos })
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(key, "true or false", &format!("`{key}: true`"));
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            _ => {
                self.wrong_type(key, "a whole number", &format!("`{key}: 1`"));
                None
            }
        }
    }

    /// A list of text values; a single text value is accepted as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<Spanned<String>> {
        let items: Vec<String> = match self.get(key) {
            None => return Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Sequence(seq)) => {
                let mut out = Vec::new();
                for v in seq {
                    match v {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => {
                            self.wrong_type(key, "a list of names", &format!("`{key}: [a, b]`"));
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(_) => {
                self.wrong_type(key, "a list of names", &format!("`{key}: [a, b]`"));
                return Vec::new();
            }
        };
        items
            .into_iter()
            .map(|value| {
                let pos = self.locator.value(key, &value);
                Spanned { value, pos }
            })
            .collect()
    }

    /// A list of maps with text values, e.g. `links: [{label, url}]`.
    pub fn map_list(&mut self, key: &str, fields: &[&str]) -> Vec<Spanned<Vec<Option<String>>>> {
        let Some(value) = self.get(key).cloned() else {
            return Vec::new();
        };
        let example = format!(
            "`{key}:` then lines like `  - {{{}}}`",
            fields
                .iter()
                .map(|f| format!("{f}: ..."))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let Value::Sequence(seq) = value else {
            self.wrong_type(key, "a list", &example);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in seq {
            let Value::Mapping(m) = item else {
                self.wrong_type(key, "a list of entries with names", &example);
                return out;
            };
            let mut row = Vec::new();
            for f in fields {
                row.push(m.get(*f).and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }));
            }
            for k in m.keys() {
                let name = k.as_str().unwrap_or("?");
                if !fields.contains(&name) {
                    let pos = self.locator.value(key, name);
                    let hint = suggestion_hint(name, "allowed", fields);
                    self.diags.push(
                        Diagnostic::error(format!("unknown key \"{name}\" in \"{key}\""))
                            .at(&self.file, pos)
                            .hint(hint),
                    );
                }
            }
            let needle = row.iter().flatten().next().cloned().unwrap_or_default();
            let pos = self.locator.value(key, &needle);
            out.push(Spanned { value: row, pos });
        }
        out
    }

    /// The free-form `extra:` map, as JSON for templates.
    pub fn extra(&mut self) -> serde_json::Value {
        match self.get("extra") {
            None => serde_json::Value::Object(Default::default()),
            Some(v @ Value::Mapping(_)) => {
                serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
            }
            Some(_) => {
                self.wrong_type(
                    "extra",
                    "a map of keys",
                    "`extra:` then `  key: value` lines",
                );
                serde_json::Value::Object(Default::default())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let s = split("---\ntitle: x\n---\nhello\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "hello\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: x\nhello\n").err().unwrap();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn locates_list_values_in_file_lines() {
        let yaml = "title: x\ntopics: [career, carrer]\ncohort: a\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.value("topics", "carrer"), Pos::new(3, 18));
        assert_eq!(loc.value("cohort", "a"), Pos::new(4, 9));
        let yaml = "topics:\n  - career\n  - jobs\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.value("topics", "jobs"), Pos::new(4, 5));
    }

    #[test]
    fn unknown_key_gets_a_did_you_mean() {
        let mut d = Diagnostics::new();
        let mut f = Fields::parse("titel: x\n", 2, Path::new("a.md"), &mut d).unwrap();
        f.deny_unknown(
            &["title", "slug"],
            "the front matter of a post",
            "keys a post can have",
        );
        let item = &d.items()[0];
        assert_eq!(item.pos, Some(Pos::new(2, 1)));
        assert!(
            item.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean \"title\"?")
        );
    }

    #[test]
    fn yaml_errors_are_positioned_in_the_file() {
        let mut d = Diagnostics::new();
        assert!(Fields::parse("title: x\ntopics: [a\n", 2, Path::new("a.md"), &mut d).is_none());
        let pos = d.items()[0].pos.unwrap();
        assert!(pos.line >= 3, "{pos:?}");
    }
}
