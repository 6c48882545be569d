//! Content problems as data: [`Diagnostic`] (file, line, column, plain-words message, hint),
//! the [`Diagnostics`] collector, printing with the source line and a caret, did-you-mean.
//!
//! Every stage reports into the collector and keeps going, so one run reports every error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// One problem, written for a hub author rather than a programmer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the hub root (e.g. `content/posts/x.md`); `None` for whole-run problems.
    pub file: Option<PathBuf>,
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, file: impl Into<PathBuf>, pos: Pos) -> Self {
        self.file = Some(file.into());
        self.pos = Some(pos);
        self
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `error: content/posts/x.md:3:9: unknown topic "carrer"` — the first line of the report.
    pub fn headline(&self) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!("{label}: ");
        if let Some(file) = &self.file {
            let _ = write!(s, "{}", display_path(file));
            if let Some(pos) = self.pos {
                let _ = write!(s, ":{}:{}", pos.line, pos.col);
            }
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }

    /// The full report: headline, the source line with a caret under the column, the hint.
    /// `color` adds ANSI colours (only for a terminal; see [`use_color`]).
    pub fn render(&self, root: &Path, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let head = self.headline();
        let mut out = match head.split_once(": ") {
            Some((label, rest)) => {
                let code = if self.severity == Severity::Error {
                    "1;31"
                } else {
                    "1;33"
                };
                format!("{}: {}", paint(code, label), paint("1", rest))
            }
            None => head,
        };
        out.push('\n');
        // Roster lines hold personal data (emails, phones): never echo them to the terminal.
        let private = self
            .file
            .as_ref()
            .is_some_and(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
        if let (Some(file), Some(pos), false) = (&self.file, self.pos, private)
            && let Some(line) = source_line(&root.join(file), pos.line)
        {
            let gutter = pos.line.to_string();
            // A pasted line can be megabytes long: show the stretch around the column.
            let (line, col) = window(&line, pos.col);
            let _ = writeln!(out, " {gutter} | {line}");
            let pad: String = line
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                " {} | {pad}{}",
                " ".repeat(gutter.len()),
                paint("1;31", "^")
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} {hint}", paint("1;36", "hint:"));
        }
        out
    }
}

fn display_path(p: &Path) -> String {
    // Forward slashes on every platform: the path is for the author to find, not the OS.
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// At most [`WINDOW`] characters of `line` on each side of `col`, with `…` where it was cut,
/// and the column of the same character in what is returned.
fn window(line: &str, col: usize) -> (String, usize) {
    const WINDOW: usize = 80;
    let count = line.chars().count();
    if count <= 2 * WINDOW {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(1).saturating_sub(WINDOW);
    let end = (col + WINDOW).min(count);
    let mut out: String = line.chars().skip(start).take(end - start).collect();
    let mut col = col - start;
    if start > 0 {
        out.insert(0, '…');
        col += 1;
    }
    if end < count {
        out.push('…');
    }
    (out, col)
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    // A file too big to read is reported without its text (see load/limits.rs).
    if std::fs::metadata(path).ok()?.len() > crate::load::sizes::MAX_FILE_BYTES {
        return None;
    }
    // A link leading out of the hub is reported, not read (see load/symlinks.rs).
    if std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        let root = path.ancestors().find(|a| a.join("site.yaml").is_file())?;
        if !path
            .canonicalize()
            .ok()?
            .starts_with(root.canonicalize().ok()?)
        {
            return None;
        }
    }
    let text = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&text);
    text.lines()
        .nth(line.checked_sub(1)?)
        .map(|l| l.trim_end_matches('\r').to_string())
}

/// Collects the problems of one run; stages push into it and never stop at the first error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Sorted by file, then position, so the author can walk through them in order.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message))
        });
        v.dedup_by(|a, b| a == b);
        v
    }

    /// Everything, rendered for the terminal, in file order.
    pub fn render(&self, root: &Path, color: bool) -> String {
        self.sorted()
            .into_iter()
            .map(|d| d.render(root, color))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `2 errors, 1 warning`.
    pub fn counts(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lc = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_lc, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// A hint line: "did you mean `x`?" plus the list of what exists, so the author sees the choices.
pub fn suggestion_hint(word: &str, what: &str, candidates: &[&str]) -> String {
    let mut sorted: Vec<&str> = candidates.to_vec();
    sorted.sort_unstable();
    let list = if sorted.is_empty() {
        format!("there are no {what} yet")
    } else if sorted.len() > 12 {
        format!("{what}: {}, …", sorted[..12].join(", "))
    } else {
        format!("{what}: {}", sorted.join(", "))
    };
    match did_you_mean(word, sorted.iter().copied()) {
        Some(best) => format!("did you mean \"{best}\"? ({list})"),
        None => format!("({list})"),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        assert_eq!(window("short", 3), ("short".to_string(), 3));
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let (w, col) = window(&line, 501);
        assert_eq!(w.chars().nth(col - 1), Some('X'));
        assert!(w.starts_with('…') && w.ends_with('…') && w.chars().count() < 170);
        let (w, col) = window(&line, 1);
        assert_eq!((w.chars().next(), col), (Some('a'), 1));
    }

    #[test]
    fn suggests_close_slugs_only() {
        let topics = ["career", "jobs", "leadership"];
        assert_eq!(did_you_mean("carrer", topics), Some("career"));
        assert_eq!(did_you_mean("zzzzzz", topics), None);
        assert_eq!(
            suggestion_hint("carrer", "topics", &topics),
            "did you mean \"career\"? (topics: career, jobs, leadership)"
        );
    }

    #[test]
    fn headline_names_file_line_and_column() {
        let d =
            Diagnostic::error("unknown topic \"carrer\"").at("content/posts/x.md", Pos::new(3, 9));
        assert_eq!(
            d.headline(),
            "error: content/posts/x.md:3:9: unknown topic \"carrer\""
        );
    }

    #[test]
    fn caret_points_under_the_column_of_a_hebrew_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntopics: [קריירה, carrer]\n").unwrap();
        let d = Diagnostic::error("x").at("a.md", Pos::new(2, 18));
        let out = d.render(dir.path(), false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], " 2 | topics: [קריירה, carrer]");
        assert_eq!(lines[2].chars().count(), " 2 | ".len() + 17 + 1);
        assert!(lines[2].ends_with('^'));
    }
}
