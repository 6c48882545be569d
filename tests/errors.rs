//! The bad-input suite: one small hub per class of author mistake under
//! `tests/fixtures/bad/<class>/`. Each case first builds a good version of the hub (the
//! offending files replaced by their fixed text) so that a previous `public/` exists, then puts
//! the bad files back and checks that `kehila build`
//! - exits 1 and writes nothing to stdout,
//! - reports every expected problem as `error: PATH:LINE:COL: message`, with the source line, a
//!   caret under the column and a `hint:` line, sorted by file and position,
//! - ends with `build failed: N errors, M warnings; nothing was written (… is unchanged)`,
//! - leaves `public/` (and the whole hub folder) byte-identical,
//!
//! and that `kehila check` reports the same problems, exits 1 and writes nothing.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// One problem the run must report, in the order of the sorted report.
struct Expect {
    /// `PATH:LINE:COL` exactly as the headline must show it.
    at: &'static str,
    /// Every one of these must be in the message (the headline after `PATH:LINE:COL: `).
    message: &'static [&'static str],
    /// None of these may be in the message.
    message_not: &'static [&'static str],
    /// Every one of these must be in the `hint:` line.
    hint: &'static [&'static str],
}

const fn expect(
    at: &'static str,
    message: &'static [&'static str],
    hint: &'static [&'static str],
) -> Expect {
    Expect {
        at,
        message,
        message_not: &[],
        hint,
    }
}

/// A bad hub and what building it must report.
struct Case {
    /// The folder under `tests/fixtures/bad/`.
    fixture: &'static str,
    /// The files that make the hub bad, each with its good text (`None`: the good hub does not
    /// have this file at all).
    good: &'static [(&'static str, Option<&'static str>)],
    /// Every error, in report order (sorted by file, then line and column).
    errors: &'static [Expect],
    /// How many warnings the run reports besides.
    warnings: usize,
}

const GOOD_SITE_YAML: &str =
    "title: \"Bad Input Hub\"\nbase_url: https://alumni.example.org/hub/\nlanguage: en\n";

const FORMATS: &[&str] = &[
    "2026-01-10",
    "2026-01-10 18:30",
    "2026-01-10T18:30:00+02:00",
];

const GOOD_ROSTER: &str = "name,email,city\nDana Levi,dana@example.org,Haifa\n";

const CASES: &[Case] = &[
    Case {
        fixture: "roster-missing-name",
        good: &[("content/cohorts/class-2025.csv", Some(GOOD_ROSTER))],
        errors: &[expect(
            "content/cohorts/class-2025.csv:1:1",
            &["no \"name\" column"],
            &["`name`", "full name, email, city"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "roster-malformed-row",
        good: &[("content/cohorts/class-2025.csv", Some(GOOD_ROSTER))],
        errors: &[expect(
            "content/cohorts/class-2025.csv:3:1",
            &["this row has 4 fields but the header has 3"],
            &["double quotes"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "yaml-syntax",
        good: &[
            (
                "content/posts/2026-02-01-broken.md",
                Some(
                    "---\ntitle: \"Broken YAML\"\ntopics: [careers]\nsummary: \"one: two\"\n---\nBody.\n",
                ),
            ),
            (
                "content/posts/2026-02-02-twice.md",
                Some("---\ntitle: \"Twice\"\ntopics: [careers]\n---\nBody.\n"),
            ),
        ],
        errors: &[
            // line 4 of the file (line 3 of the YAML block), at the second `:`
            expect(
                "content/posts/2026-02-01-broken.md:4:13",
                &["not valid YAML", "mapping values are not allowed"],
                &["key: value", "quotes"],
            ),
            // the second `title:` (line 4) is the mistake, not the first one
            expect(
                "content/posts/2026-02-02-twice.md:4:1",
                &["\"title\" is written twice"],
                &["keep one `title:` line", "line 2"],
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "yaml-tab",
        good: &[(
            "content/posts/2026-02-01-tabbed.md",
            Some("---\ntitle: \"Tabbed\"\ntopics:\n  - careers\n---\nBody.\n"),
        )],
        errors: &[Expect {
            at: "content/posts/2026-02-01-tabbed.md:4:1",
            message: &["not valid YAML", "a tab"],
            message_not: &["cannot start any token"],
            hint: &["spaces, not tabs"],
        }],
        warnings: 0,
    },
    Case {
        fixture: "yaml-alias-bomb",
        good: &[(
            "content/posts/2026-02-01-bomb.md",
            Some("---\ntitle: \"Bomb\"\ntopics: [careers]\n---\nBody.\n"),
        )],
        // a "billion laughs": nine levels of nine aliases each
        errors: &[Expect {
            at: "content/posts/2026-02-01-bomb.md:4:8",
            message: &["not valid YAML", "aliases", "too many times"],
            message_not: &["repetition limit"],
            hint: &["write the values out"],
        }],
        warnings: 0,
    },
    Case {
        fixture: "unclosed-front-matter",
        good: &[(
            "content/posts/2026-02-01-unclosed.md",
            Some("---\ntitle: \"Never closed\"\ntopics: [careers]\n---\n\nThe text starts here.\n"),
        )],
        errors: &[expect(
            "content/posts/2026-02-01-unclosed.md:1:1",
            &["front matter is never closed"],
            &["`---`"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "missing-title",
        good: &[(
            "content/posts/2026-02-01-untitled.md",
            Some("---\ntitle: \"Titled\"\ntopics: [careers]\n---\nA post with a title.\n"),
        )],
        errors: &[expect(
            "content/posts/2026-02-01-untitled.md:2:1",
            &["this post has no \"title\""],
            &["`title: ...`"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "missing-event-start",
        good: &[(
            "content/events/picnic.md",
            Some(
                "---\ntitle: \"Picnic\"\nstart: 2026-06-01 12:00\nlocation: \"City park\"\n---\nBring a blanket.\n",
            ),
        )],
        errors: &[expect(
            "content/events/picnic.md:2:1",
            &["this event has no \"start\""],
            &["start: 2026-12-17 18:30"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "wrong-type",
        good: &[(
            "content/posts/2026-02-01-typed.md",
            Some("---\ntitle: \"Typed\"\ndraft: false\ntopics: [careers]\n---\nBody.\n"),
        )],
        errors: &[
            expect(
                "content/posts/2026-02-01-typed.md:3:8",
                &["\"draft\" should be true or false"],
                &["`draft: true`"],
            ),
            expect(
                "content/posts/2026-02-01-typed.md:4:9",
                &["\"topics\" should be a list"],
                &["`topics: [a, b]`"],
            ),
        ],
        // "this post has no topic": the badly typed `topics:` is left out
        warnings: 1,
    },
    Case {
        fixture: "invalid-date",
        good: &[(
            "content/posts/meetup.md",
            Some("---\ntitle: \"Meetup\"\ndate: 2026-03-14\ntopics: [careers]\n---\nBody.\n"),
        )],
        errors: &[expect(
            "content/posts/meetup.md:3:7",
            &["date", "\"2026-13-45\"", "not a date"],
            FORMATS,
        )],
        warnings: 0,
    },
    Case {
        fixture: "file-name-date",
        good: &[
            ("content/posts/2026-02-30-feb.md", None),
            ("content/posts/2026-13-45-x.md", None),
        ],
        // published on 1 January 1970 before: a name's date is checked like a written one
        errors: &[
            expect(
                "content/posts/2026-02-30-feb.md:1:1",
                &[
                    "the date in the file name \"2026-02-30-feb.md\"",
                    "February 2026 has 28 days",
                ],
                &["YYYY-MM-DD-", "2026-01-10-feb.md", "date: 2026-01-10"],
            ),
            expect(
                "content/posts/2026-13-45-x.md:1:1",
                &["\"2026-13-45-x.md\"", "there is no month 13"],
                &["YYYY-MM-DD-", "2026-01-10-x.md"],
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "impossible-post-dates",
        good: &[(
            "content/posts/2026-01-20-plans.md",
            Some(
                "---\ntitle: \"Plans\"\nupdated: 2026-02-28\nexpires: 2026-12-01\ntopics: [careers]\n---\nBody.\n",
            ),
        )],
        errors: &[
            expect(
                "content/posts/2026-01-20-plans.md:3:10",
                &[
                    "updated",
                    "\"2026-02-30\" is not a date",
                    "February 2026 has 28 days",
                ],
                FORMATS,
            ),
            expect(
                "content/posts/2026-01-20-plans.md:4:10",
                &["expires", "\"2026-13-01\" is not a date", "no month 13"],
                FORMATS,
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "impossible-event-dates",
        good: &[(
            "content/events/party.md",
            Some(
                "---\ntitle: \"Party\"\nstart: 2026-04-30 18:00\nend: 2026-05-01 01:00\n---\nBring snacks.\n",
            ),
        )],
        errors: &[
            expect(
                "content/events/party.md:3:8",
                &[
                    "start",
                    "\"2026-04-31 18:00\" is not a date",
                    "April 2026 has 30 days",
                ],
                FORMATS,
            ),
            expect(
                "content/events/party.md:4:6",
                &["end", "\"2026-05-01 25:00\" is not a date", "no hour 25"],
                FORMATS,
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "impossible-cohort-dates",
        good: &[(
            "content/cohorts/class-2026.md",
            Some(
                "---\ntitle: \"Class of 2026\"\nstart: 2026-02-28\nend: 2026-06-30\n---\nThe 2026 class.\n",
            ),
        )],
        errors: &[
            expect(
                "content/cohorts/class-2026.md:3:8",
                &[
                    "start",
                    "\"2026-02-29\" is not a date",
                    "February 2026 has 28 days",
                ],
                FORMATS,
            ),
            expect(
                "content/cohorts/class-2026.md:4:6",
                &[
                    "end",
                    "\"2026-06-31\" is not a date",
                    "June 2026 has 30 days",
                ],
                FORMATS,
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "unknown-key",
        good: &[(
            "content/posts/2026-02-01-typo.md",
            Some("---\ntitle: \"Typo\"\ntopics: [careers]\n---\nBody.\n"),
        )],
        // `titel:` is both an unknown key and a missing title, on the same line
        errors: &[
            expect(
                "content/posts/2026-02-01-typo.md:2:1",
                &["this post has no \"title\""],
                &["`title: ...`"],
            ),
            expect(
                "content/posts/2026-02-01-typo.md:2:1",
                &["unknown key \"titel\""],
                &["did you mean \"title\"?"],
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "unknown-reference",
        good: &[(
            "content/posts/2026-02-01-refs.md",
            Some(
                "---\ntitle: \"References\"\ntopics: [careers]\ncohort: class-2025\nauthor: sam\n---\nBody.\n",
            ),
        )],
        // `career` is written inside `careers` too: the position must be of the second item
        errors: &[
            expect(
                "content/posts/2026-02-01-refs.md:3:19",
                &["unknown topic \"career\""],
                &["did you mean \"careers\"?", "topics: careers"],
            ),
            expect(
                "content/posts/2026-02-01-refs.md:4:9",
                &["unknown cohort \"clas-2025\""],
                &["did you mean \"class-2025\"?", "cohorts: class-2025"],
            ),
            expect(
                "content/posts/2026-02-01-refs.md:5:9",
                &["unknown leader \"sma\""],
                &["did you mean \"sam\"?", "leaders: sam"],
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "broken-link",
        good: &[(
            "content/posts/2026-02-01-links.md",
            Some(
                "---\ntitle: \"Links\"\ntopics: [careers]\n---\nFirst paragraph.\n\nSee [the welcome](@/posts/2026-01-10-hello.md) first.\n",
            ),
        )],
        errors: &[
            expect(
                "content/posts/2026-02-01-links.md:7:5",
                &["@/posts/2026-01-10-helo.md", "does not exist"],
                &["did you mean @/posts/2026-01-10-hello.md?"],
            ),
            // the file is there but is a draft: saying it does not exist sends the author
            // looking for a typo that is not there
            Expect {
                at: "content/posts/2026-02-01-links.md:9:6",
                message: &["@/posts/2026-02-02-plan.md", "draft"],
                message_not: &["does not exist"],
                hint: &["draft"],
            },
        ],
        warnings: 0,
    },
    Case {
        fixture: "missing-anchor",
        good: &[(
            "content/posts/2026-02-01-anchor.md",
            Some(
                "---\ntitle: \"Anchor\"\ntopics: [careers]\n---\nקראו את [ההודעה](@/posts/2026-01-10-hello.md#welcome) קודם.\n",
            ),
        )],
        errors: &[expect(
            // columns count characters: `קראו את ` is 8 of them (15 bytes)
            "content/posts/2026-02-01-anchor.md:5:9",
            &[
                "@/posts/2026-01-10-hello.md#welcom",
                "anchor that does not exist",
            ],
            &["did you mean \"welcome\"?"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "duplicate-slug",
        good: &[("content/posts/2025/2025-05-01-meetup.md", None)],
        errors: &[expect(
            "content/posts/2025/2025-05-01-meetup.md:1:1",
            &[
                "content/posts/2026/2026-05-01-meetup.md",
                "/hub/posts/meetup/",
            ],
            &["slug:"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "invalid-utf8",
        good: &[(
            "content/posts/2026-02-01-latin1.md",
            Some("---\ntitle: \"Café night\"\ntopics: [careers]\n---\nBody.\n"),
        )],
        // `---\n` is 4 bytes, `title: "Caf` 11 more: the Latin-1 é is byte 15, column 12
        errors: &[expect(
            "content/posts/2026-02-01-latin1.md:2:12",
            &["not UTF-8", "byte 15"],
            &["UTF-8"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "site-missing-base-url",
        good: &[("site.yaml", Some(GOOD_SITE_YAML))],
        errors: &[expect(
            "site.yaml:1:1",
            &["no \"base_url\""],
            &["base_url: https://"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "site-missing-title",
        good: &[("site.yaml", Some(GOOD_SITE_YAML))],
        errors: &[expect("site.yaml:1:1", &["no \"title\""], &["title: "])],
        warnings: 0,
    },
    Case {
        fixture: "site-unknown-key",
        good: &[(
            "site.yaml",
            Some(
                "title: \"Bad Input Hub\"\nbase_url: https://alumni.example.org/hub/\nlanguage: en\ndescription: \"Our alumni\"\n",
            ),
        )],
        errors: &[Expect {
            at: "site.yaml:4:1",
            message: &["unknown key \"descripton\""],
            // site.yaml is not a content file: it has no front matter
            message_not: &["front matter"],
            hint: &["did you mean \"description\"?"],
        }],
        warnings: 0,
    },
    Case {
        fixture: "site-unknown-language",
        good: &[("site.yaml", Some(GOOD_SITE_YAML))],
        errors: &[expect(
            "site.yaml:3:11",
            &["\"english\"", "not a language code"],
            &["he, en"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "site-language-without-strings",
        good: &[("site.yaml", Some(GOOD_SITE_YAML))],
        errors: &[expect(
            "site.yaml:3:11",
            &[
                "\"fr\"",
                "no UI strings",
                "are missing: ",
                "about_the_author",
                "more",
            ],
            &["themes/default/i18n/fr.yaml", "`key: text`", "ar, en, he"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "site-unknown-timezone",
        good: &[(
            "site.yaml",
            Some(
                "title: \"Bad Input Hub\"\nbase_url: https://alumni.example.org/hub/\nlanguage: en\ntimezone: Asia/Jerusalem\n",
            ),
        )],
        errors: &[expect(
            "site.yaml:4:11",
            &["unknown timezone \"Jerusalem\""],
            &["Asia/Jerusalem"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "template-error",
        good: &[(
            "templates/post.html",
            Some(
                "<!doctype html>\n<html lang=\"{{ site.language }}\">\n<body>\n<h1>{{ post.title }}</h1>\n<p>{{ post.summary }}</p>\n</body>\n</html>\n",
            ),
        )],
        // the template file and line, and the content page being rendered
        errors: &[expect(
            "templates/post.html:5:12",
            &["no_such_field", "content/posts/2026-01-10-hello.md"],
            &["templates/"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "missing-image",
        good: &[(
            "content/posts/2026-02-01-cover.md",
            Some("---\ntitle: \"Cover\"\ntopics: [careers]\n---\nBody.\n"),
        )],
        errors: &[expect(
            "content/posts/2026-02-01-cover.md:4:8",
            &["image", "\"images/cover.png\"", "static/"],
            &["static/images/cover.png"],
        )],
        warnings: 0,
    },
    Case {
        fixture: "missing-site-path",
        good: &[(
            "content/posts/2026-02-01-paths.md",
            Some(
                "---\ntitle: \"Paths\"\ntopics: [careers]\n---\nPlease [join us](/posts/) today.\n",
            ),
        )],
        errors: &[
            expect(
                "content/posts/2026-02-01-paths.md:5:8",
                &["/join-us/", "points to nothing in the site"],
                &["existing page", "base path is added for you"],
            ),
            expect(
                "content/posts/2026-02-01-paths.md:7:1",
                &["/images/map.png", "points to nothing in the site"],
                &["static/images/map.png"],
            ),
        ],
        warnings: 0,
    },
    Case {
        fixture: "three-errors",
        good: &[
            (
                "content/about.md",
                Some("---\ntitle: \"About\"\n---\nRead the [news](@/posts/2026-01-10-hello.md).\n"),
            ),
            (
                "content/cohorts/class-2025.md",
                Some(
                    "---\ntitle: \"Class of 2025\"\nstart: 2025-01-15\nend: 2025-12-15\nleaders: [sam]\n---\nThe 2025 class.\n",
                ),
            ),
            (
                "content/topics/careers.md",
                Some("---\ntitle: \"Careers\"\norder: 1\n---\nJobs and tips.\n"),
            ),
        ],
        // found by three different stages (render, model, load), reported in file order
        errors: &[
            expect(
                "content/about.md:4:10",
                &["@/posts/2026-01-10-helo.md", "does not exist"],
                &["did you mean @/posts/2026-01-10-hello.md?"],
            ),
            expect(
                "content/cohorts/class-2025.md:4:6",
                &["end", "\"15/12/2025\"", "not a date"],
                FORMATS,
            ),
            expect(
                "content/topics/careers.md:3:1",
                &["unknown key \"ordre\""],
                &["did you mean \"order\"?"],
            ),
        ],
        warnings: 0,
    },
];

/// One problem as printed: the headline, then optionally ` N | source`, the caret line and
/// `  hint: …`.
#[derive(Debug, Default)]
struct Reported {
    severity: String,
    /// `PATH:LINE:COL`; empty when the headline has no position.
    at: String,
    file: String,
    line: usize,
    col: usize,
    message: String,
    /// `(gutter line number, source text)`.
    source: Option<(usize, String)>,
    /// 1-based character column of the caret in the source text.
    caret: Option<usize>,
    hint: Option<String>,
}

fn parse_headline(severity: &str, rest: &str) -> Reported {
    let mut r = Reported {
        severity: severity.to_string(),
        message: rest.to_string(),
        ..Reported::default()
    };
    // `PATH:LINE:COL: message`; paths in these fixtures contain no `:`.
    let parts: Vec<&str> = rest.splitn(4, ':').collect();
    if parts.len() == 4
        && let (Ok(line), Ok(col)) = (parts[1].parse(), parts[2].parse())
        && parts[3].starts_with(' ')
    {
        r.file = parts[0].to_string();
        r.line = line;
        r.col = col;
        r.at = format!("{}:{line}:{col}", parts[0]);
        r.message = parts[3][1..].to_string();
    }
    r
}

/// Splits stderr into the problems it reports.
fn reported(stderr: &str) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            out.push(parse_headline("error", rest));
        } else if let Some(rest) = line.strip_prefix("warning: ") {
            out.push(parse_headline("warning", rest));
        } else if let Some(last) = out.last_mut() {
            if let Some(hint) = line.strip_prefix("  hint: ") {
                last.hint = Some(hint.to_string());
            } else if let Some((gutter, text)) =
                line.strip_prefix(' ').and_then(|l| l.split_once(" | "))
            {
                if gutter.trim().is_empty() {
                    if let Some(i) = text.find('^') {
                        last.caret = Some(text[..i].chars().count() + 1);
                    }
                } else if let Ok(n) = gutter.trim().parse() {
                    last.source = Some((n, text.to_string()));
                }
            }
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Checks the problems of one run against the case. `what` names the run in messages.
fn assert_reports(case: &Case, run: &Run, what: &str) {
    let all = reported(&run.stderr);
    let errors: Vec<&Reported> = all.iter().filter(|r| r.severity == "error").collect();
    let warnings = all.len() - errors.len();
    let ats: Vec<&str> = errors.iter().map(|r| r.at.as_str()).collect();
    let want: Vec<&str> = case.errors.iter().map(|e| e.at).collect();
    assert_eq!(
        ats, want,
        "{what}: the errors' PATH:LINE:COL, in report order\n{run}"
    );
    assert_eq!(warnings, case.warnings, "{what}: warnings\n{run}");
    for (got, want) in errors.iter().zip(case.errors) {
        for part in want.message {
            assert!(
                got.message.contains(part),
                "{what}: the message of {} should contain {part:?}; it is {:?}\n{run}",
                want.at,
                got.message
            );
        }
        for part in want.message_not {
            assert!(
                !got.message.contains(part),
                "{what}: the message of {} should not contain {part:?}; it is {:?}\n{run}",
                want.at,
                got.message
            );
        }
        let hint = got.hint.as_deref().unwrap_or_else(|| {
            panic!(
                "{what}: the error at {} has no `hint:` line\n{run}",
                want.at
            )
        });
        for part in want.hint {
            assert!(
                hint.contains(part),
                "{what}: the hint of {} should contain {part:?}; it is {hint:?}\n{run}",
                want.at
            );
        }
        // Roster lines hold emails and phones: they are never echoed to the terminal.
        if got.file.ends_with(".csv") {
            assert!(
                got.source.is_none(),
                "{what}: a roster line was printed for {}\n{run}",
                want.at
            );
            continue;
        }
        // the source line is printed with its number, and the caret sits under the column
        let (n, text) = got.source.as_ref().unwrap_or_else(|| {
            panic!(
                "{what}: the error at {} does not print its source line\n{run}",
                want.at
            )
        });
        assert_eq!(*n, got.line, "{what}: source line number\n{run}");
        assert!(
            got.col <= text.chars().count() + 1,
            "{what}: column {} is past the end of line {n} {text:?}\n{run}",
            got.col
        );
        assert_eq!(
            got.caret,
            Some(got.col),
            "{what}: the caret of {} should be under column {}\n{run}",
            want.at,
            got.col
        );
    }
    // every report, errors and warnings, sorted by file, then line and column
    let keys: Vec<(&str, usize, usize)> = all
        .iter()
        .map(|r| (r.file.as_str(), r.line, r.col))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "{what}: problems are sorted by file\n{run}");
    assert!(
        !run.stderr.contains('\x1b'),
        "{what}: no colour when stderr is not a terminal\n{run}"
    );
}

fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.fixture == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

fn run_case(name: &str) {
    let case = case(name);
    let hub = Hub::new(&format!("bad/{}", case.fixture));

    // 1. the good version builds, so there is a previous site in public/
    let bad: Vec<(&str, Vec<u8>)> = case
        .good
        .iter()
        .map(|(path, _)| {
            let bytes = fs::read(hub.root.join(path))
                .unwrap_or_else(|e| panic!("{name}: fixture file {path}: {e}"));
            (*path, bytes)
        })
        .collect();
    for (path, good) in case.good {
        match good {
            Some(text) => hub.write(path, text),
            None => fs::remove_file(hub.root.join(path)).unwrap(),
        }
    }
    let first = hub.build(&[]);
    first.assert_ok(&format!("{name}: the good version of the hub"));
    assert!(
        !first.stderr.contains("warning:"),
        "{name}: the good version has no warnings\n{first}"
    );
    let before = snapshot(&hub.public());
    assert!(
        before.contains_key("index.html"),
        "{name}: the good build wrote a site"
    );

    // 2. the bad version fails and changes nothing
    for (path, bytes) in &bad {
        fs::write(hub.root.join(path), bytes).unwrap();
    }
    let hub_before = snapshot(&hub.root);
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{name}: a bad hub exits 1\n{run}");
    assert!(
        run.stdout.trim().is_empty(),
        "{name}: a failed build prints nothing on stdout\n{run}"
    );
    assert_reports(case, &run, &format!("{name}: build"));
    let summary = format!(
        "build failed: {}, {}; nothing was written ({} is unchanged)",
        plural(case.errors.len(), "error"),
        plural(case.warnings, "warning"),
        hub.public().display()
    );
    assert_eq!(
        run.stderr.lines().last(),
        Some(summary.as_str()),
        "{name}: the last line of a failed build\n{run}"
    );
    let after = snapshot(&hub.public());
    assert!(
        before == after,
        "{name}: a failed build changed public/:\n{}",
        tree_diff(&before, &after)
    );
    let hub_after = snapshot(&hub.root);
    assert!(
        hub_before == hub_after,
        "{name}: a failed build changed the hub folder:\n{}",
        tree_diff(&hub_before, &hub_after)
    );

    // 3. `kehila check` reports the same and writes nothing
    let check = kehila(
        [
            OsStr::new("check"),
            OsStr::new("--root"),
            hub.root.as_os_str(),
        ],
        hub.root.parent().unwrap(),
    );
    assert_eq!(
        check.code,
        Some(1),
        "{name}: check on a bad hub exits 1\n{check}"
    );
    assert!(
        check.stdout.trim().is_empty(),
        "{name}: a failed check prints nothing on stdout\n{check}"
    );
    assert_reports(case, &check, &format!("{name}: check"));
    let summary = format!(
        "check: {}, {} — nothing was written",
        plural(case.errors.len(), "error"),
        plural(case.warnings, "warning"),
    );
    assert_eq!(
        check.stderr.lines().last(),
        Some(summary.as_str()),
        "{name}: the last line of a failed check\n{check}"
    );
    let hub_checked = snapshot(&hub.root);
    assert!(
        hub_before == hub_checked,
        "{name}: check changed the hub folder:\n{}",
        tree_diff(&hub_before, &hub_checked)
    );
}

#[test]
fn roster_without_a_name_column() {
    run_case("roster-missing-name");
}

#[test]
fn roster_row_with_too_many_fields_names_its_line() {
    run_case("roster-malformed-row");
}

#[test]
fn yaml_syntax_error_is_positioned_in_the_file_not_the_block() {
    run_case("yaml-syntax");
}

#[test]
fn a_tab_in_yaml_says_tab() {
    run_case("yaml-tab");
}

#[test]
fn a_yaml_alias_bomb_is_refused_in_plain_words() {
    run_case("yaml-alias-bomb");
}

#[test]
fn unclosed_front_matter() {
    run_case("unclosed-front-matter");
}

#[test]
fn post_without_title() {
    run_case("missing-title");
}

#[test]
fn event_without_start() {
    run_case("missing-event-start");
}

#[test]
fn wrong_types_for_draft_and_topics() {
    run_case("wrong-type");
}

#[test]
fn invalid_date_lists_the_formats_that_work() {
    run_case("invalid-date");
}

#[test]
fn file_name_date_that_is_no_real_day() {
    run_case("file-name-date");
}

#[test]
fn impossible_updated_and_expires() {
    run_case("impossible-post-dates");
}

#[test]
fn impossible_event_start_and_end() {
    run_case("impossible-event-dates");
}

#[test]
fn impossible_cohort_start_and_end() {
    run_case("impossible-cohort-dates");
}

#[test]
fn unknown_front_matter_key_suggests_the_closest_key() {
    run_case("unknown-key");
}

#[test]
fn unknown_topic_cohort_and_leader_suggest_existing_slugs() {
    run_case("unknown-reference");
}

#[test]
fn broken_at_link() {
    run_case("broken-link");
}

#[test]
fn missing_anchor() {
    run_case("missing-anchor");
}

#[test]
fn two_files_making_one_url_are_both_named() {
    run_case("duplicate-slug");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    run_case("invalid-utf8");
}

#[test]
fn site_yaml_without_base_url() {
    run_case("site-missing-base-url");
}

#[test]
fn site_yaml_without_title() {
    run_case("site-missing-title");
}

#[test]
fn site_yaml_unknown_key() {
    run_case("site-unknown-key");
}

#[test]
fn site_yaml_unknown_language() {
    run_case("site-unknown-language");
}

#[test]
fn site_yaml_language_the_theme_has_no_strings_for() {
    run_case("site-language-without-strings");
}

#[test]
fn site_yaml_unknown_timezone() {
    run_case("site-unknown-timezone");
}

#[test]
fn template_error_names_template_line_and_page() {
    run_case("template-error");
}

#[test]
fn front_matter_image_missing_from_static() {
    run_case("missing-image");
}

#[test]
fn markdown_site_paths_that_do_not_exist() {
    run_case("missing-site-path");
}

#[test]
fn three_unrelated_errors_come_out_of_one_run_sorted_by_file() {
    run_case("three-errors");
}

/// Every folder under `tests/fixtures/bad/` has a case above, and every case a folder.
#[test]
fn every_bad_fixture_has_a_case() {
    let dir = fixture_dir("bad");
    let folders: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let cases: BTreeSet<String> = CASES.iter().map(|c| c.fixture.to_string()).collect();
    assert_eq!(folders, cases);
    for f in &folders {
        let root = dir.join(f);
        assert!(root.join("site.yaml").is_file(), "{f}: a hub has site.yaml");
        assert!(root.join("content").is_dir(), "{f}: a hub has content/");
    }
}

#[test]
fn check_on_the_demo_hub_is_ok_with_one_summary_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = kehila(
        [OsStr::new("check"), OsStr::new("--root"), root.as_os_str()],
        root,
    );
    run.assert_ok("kehila check on the demo hub");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one summary line on stdout\n{run}");
    assert!(
        lines[0].starts_with("check: ok — ") && lines[0].contains("0 errors"),
        "the summary says ok and counts no errors: {:?}\n{run}",
        lines[0]
    );
    assert!(
        !run.stderr.contains("error:"),
        "the demo hub has no errors\n{run}"
    );
}

/// Colour is for terminals only: with stderr piped and `NO_COLOR` unset there are no escapes.
#[test]
fn no_colour_when_stderr_is_not_a_terminal() {
    let hub = Hub::new("bad/three-errors");
    let output = Command::new(env!("CARGO_BIN_EXE_kehila"))
        .args([
            OsStr::new("check"),
            OsStr::new("--root"),
            hub.root.as_os_str(),
        ])
        .current_dir(hub.root.parent().unwrap())
        .env_remove("NO_COLOR")
        .output()
        .expect("run kehila");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("error: content/about.md:4:10: "),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "no ANSI escapes: {stderr:?}");
}
