//! Content never panics (architecture invariant 5): property tests that write random front
//! matter, Markdown (raw HTML and hostile addresses too), rosters, site settings, templates and
//! plain random bytes into a small hub and run the whole pipeline through the library. Every
//! run must return within 2 s — `Some` without errors, `None` with at least one — and every
//! problem must be printable, with a relative file and 1-based positions. No network; each
//! property runs a moderate number of cases (`PROPTEST_CASES` for a longer run, as in .ci/run).

use std::fs;
use std::path::Path;

use kehila::diagnostics::Diagnostics;
use kehila::pipeline;
use proptest::collection::vec;
use proptest::prelude::*;

/// A small good hub: one of each kind, so references and `@/` links have something to hit.
const BASE: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: \"Fuzz Hub\"\nbase_url: https://x.github.io/hub/\nlanguage: en\ntimezone: Asia/Jerusalem\n",
    ),
    (
        "content/topics/careers.md",
        "---\ntitle: \"Careers\"\n---\nJobs.\n",
    ),
    (
        "content/cohorts/class-2025.md",
        "---\ntitle: \"Class of 2025\"\nstart: 2025-01-15\nleaders: [sam]\n---\nA class.\n",
    ),
    (
        "content/leaders/sam.md",
        "---\nname: \"Sam\"\nphoto: /images/x.svg\n---\nSam.\n",
    ),
    (
        "content/posts/2026-01-10-hello.md",
        "---\ntitle: \"Hello\"\ntopics: [careers]\n---\nHi.\n\n## Welcome {#welcome}\n",
    ),
    (
        "static/images/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
    ),
];

/// Writes the base hub plus `files` (which may replace base files), runs the pipeline and
/// checks what it reported; returns whether the run made a site.
fn run_hub(files: &[(String, Vec<u8>)], drafts: bool) -> Result<bool, TestCaseError> {
    let tmp = tempfile::Builder::new()
        .prefix("kehila-fuzz-")
        .tempdir()
        .expect("temp dir");
    let root = tmp.path();
    for (path, text) in BASE {
        write(root, path, text.as_bytes());
    }
    for (path, bytes) in files {
        write(root, path, bytes);
    }
    let mut diags = Diagnostics::new();
    let opts = pipeline::Options {
        base_url: None,
        drafts,
        now: pipeline::now(),
        progress: kehila::progress::Progress::hidden(),
        sink: None,
        keep_markdown: false,
    };
    let started = std::time::Instant::now();
    let result = pipeline::run(root, &opts, &mut diags);
    // No input may stall a build: every case is small, so two seconds (in a debug build, on a
    // shared machine) means something grew faster than the input.
    prop_assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "one input took {:?}",
        started.elapsed()
    );
    prop_assert_eq!(
        result.is_some(),
        !diags.has_errors(),
        "outputs come back exactly when there are no errors: {:?}",
        diags.items()
    );
    for d in diags.items() {
        if let Some(file) = &d.file {
            prop_assert!(file.is_relative(), "file relative to the hub: {:?}", d);
        }
        if let Some(pos) = d.pos {
            prop_assert!(pos.line >= 1 && pos.col >= 1, "1-based position: {:?}", d);
        }
        prop_assert!(
            !d.message.is_empty(),
            "a problem says what is wrong: {:?}",
            d
        );
    }
    // Printing reads the source lines back (random bytes, lines shorter than the column…).
    let _ = diags.render(root, false);
    let _ = diags.render(root, true);
    let _ = diags.counts();
    if std::env::var_os("KEHILA_FUZZ_STATS").is_some() {
        eprintln!(
            "fuzz-stats ok={} errors={}",
            result.is_some(),
            diags.error_count()
        );
    }
    Ok(result.is_some())
}

/// The base hub itself is clean, so the properties start from a site that builds.
#[test]
fn the_base_hub_builds_without_problems() {
    assert!(run_hub(&[], false).expect("the base hub's problems are well formed"));
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

const KEYS: &[&str] = &[
    "title",
    "name",
    "slug",
    "draft",
    "summary",
    "image",
    "extra",
    "date",
    "updated",
    "topics",
    "cohort",
    "author",
    "expires",
    "description",
    "order",
    "start",
    "end",
    "program",
    "location",
    "leaders",
    "channels",
    "role",
    "photo",
    "cohorts",
    "links",
    "email",
    "online_url",
    "menu",
    "titel",
    "Title",
    "כותרת",
    "\"quoted key\"",
    "? complex",
    "<<",
    "1",
    "~",
];

/// Plain scalars as an author (or a cat on the keyboard) might write them.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("~".to_string()),
        Just("true".to_string()),
        Just("maybe".to_string()),
        Just("careers".to_string()),
        Just("carers".to_string()),
        Just("class-2025".to_string()),
        Just("sam".to_string()),
        Just("/images/x.svg".to_string()),
        Just("/images/missing.png".to_string()),
        Just("https://example.org/x".to_string()),
        Just("2026-01-10".to_string()),
        Just("2026-01-10 18:30".to_string()),
        Just("2026-01-10T18:30:00+02:00".to_string()),
        Just("2026-02-29".to_string()),
        Just("2028-02-30".to_string()),
        Just("2026-04-31 18:00".to_string()),
        Just("2026-05-01 24:00".to_string()),
        Just("2026-05-01 23:61".to_string()),
        Just("2026-05-01T10:00:60+02:00".to_string()),
        Just("2026-13-45".to_string()),
        Just("0000-01-01".to_string()),
        Just("9999-12-31".to_string()),
        Just("9999-12-31 23:59".to_string()),
        Just("-009999-01-01".to_string()),
        Just("2026-01-10T25:00:00+99:00".to_string()),
        Just("2026-03-27 02:30".to_string()),
        Just("99999999999999999999999999999".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("9223372036854775807".to_string()),
        Just("1e400".to_string()),
        Just("-.inf".to_string()),
        Just(".nan".to_string()),
        Just("0x1F".to_string()),
        Just("\"\\u0000\\t\\\"\"".to_string()),
        Just("'it''s'".to_string()),
        Just("\"unterminated".to_string()),
        Just("&anchor value".to_string()),
        Just("*anchor".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!custom tag".to_string()),
        Just("|\n  block\n  text".to_string()),
        Just(">-\n  folded".to_string()),
        Just("one: two".to_string()),
        Just("# comment".to_string()),
        Just("צה\"ל ו־שלום".to_string()),
        Just("\u{202e}rtl override".to_string()),
        Just("- item".to_string()),
        "[a-z0-9 :#\\-\\[\\]{},'\"]{0,16}",
        "\\PC{0,12}",
    ]
}

/// YAML values: scalars, flow lists and maps, nested a few levels, and very deep nesting.
fn value() -> impl Strategy<Value = String> {
    let leaf = scalar();
    let nested = leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            vec(("[a-z]{1,6}", inner.clone()), 0..4).prop_map(|v| {
                let items: Vec<String> = v.into_iter().map(|(k, x)| format!("{k}: {x}")).collect();
                format!("{{{}}}", items.join(", "))
            }),
            vec(inner, 1..4)
                .prop_map(|v| { v.iter().map(|x| format!("\n  - {x}")).collect::<String>() }),
        ]
    });
    prop_oneof![
        8 => nested,
        1 => (1usize..400).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        1 => (1usize..400).prop_map(|n| format!("{}x{}", "{a: ".repeat(n), "}".repeat(n))),
        1 => (1usize..200).prop_map(|n| {
            (0..n).map(|i| format!("\n{}- a", "  ".repeat(i + 1))).collect::<String>()
        }),
    ]
}

/// The YAML block: `key: value` lines, with the odd comment, tab or stray line.
fn yaml_block() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        8 => (prop::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => Just("# a comment".to_string()),
        1 => Just("\tindented: with a tab".to_string()),
        1 => Just("  stray: indent".to_string()),
        1 => Just("just some text".to_string()),
        1 => Just("- a list item".to_string()),
        1 => Just("...".to_string()),
        1 => Just("--- ".to_string()),
        1 => "\\PC{0,20}",
    ];
    vec(line, 0..8).prop_map(|lines| {
        let mut s = lines.join("\n");
        s.push('\n');
        s
    })
}

/// Markdown made of the constructs kehila rewrites or checks, and some noise.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Plain text with **bold** and _em_.".to_string()),
        Just("[hello](@/posts/2026-01-10-hello.md)".to_string()),
        Just("[anchor](@/posts/2026-01-10-hello.md#welcome)".to_string()),
        Just("[bad anchor](@/posts/2026-01-10-hello.md#nope)".to_string()),
        Just("[missing](@/posts/nope.md)".to_string()),
        Just("[empty](@/)".to_string()),
        Just("[only hash](@/#)".to_string()),
        Just("[dots](@/../../etc/passwd)".to_string()),
        Just("[site](/posts/)".to_string()),
        Just("[nowhere](/no/such/page/)".to_string()),
        Just("![img](/images/x.svg)".to_string()),
        Just("![missing](/images/missing.png)".to_string()),
        Just("[slashes](//evil.example/)".to_string()),
        Just("[ref][r]\n\n[r]: @/topics/careers.md".to_string()),
        Just("<https://example.org/auto>".to_string()),
        Just("## Heading {#custom-id}".to_string()),
        Just("## Heading {#}".to_string()),
        Just("## {#only-id}".to_string()),
        Just("# כותרת בעברית".to_string()),
        Just("<!-- more -->".to_string()),
        Just("<div class=\"x\">\n\n[inside](@/posts/2026-01-10-hello.md)\n\n</div>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<a href=\"@/posts/nope.md\">raw</a>".to_string()),
        Just("| a | b |\n|---|:-:|\n| [x](@/posts/nope.md) | ![y](/nope.png) |".to_string()),
        Just("| unbalanced |\n|---|---|---|\n| 1 |".to_string()),
        Just("Footnote[^1].\n\n[^1]: The note.".to_string()),
        Just("[^missing]".to_string()),
        Just("- [ ] task\n- [x] done".to_string()),
        Just("~~struck~~".to_string()),
        Just("```\ncode [x](@/nope.md)\n```".to_string()),
        Just("```".to_string()),
        Just("<img src=x onerror=alert(1)><a href=\"javascript:x\">j</a>".to_string()),
        Just("<iframe src=\"https://evil.example/\" srcdoc=\"<script>x</script>\">".to_string()),
        Just("<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>".to_string()),
        Just("<div\n  onclick=\"x\"\n>multi</div>".to_string()),
        Just("<svg><a xlink:href=\"javascript:x\">s</a></svg><math><mi>x</mi></math>".to_string()),
        Just(
            "[js](javascript:alert(1)) ![d](data:image/png;base64,AA) [d](data:text/html,x)"
                .to_string()
        ),
        Just("## H {onclick=x lang=he data-x=1}".to_string()),
        (1usize..300).prop_map(|n| "<div>".repeat(n)),
        (1usize..300).prop_map(|n| "x <span>".repeat(n)),
        (1usize..200).prop_map(|n| "<b><i>".repeat(n) + &"</i></b>".repeat(n)),
        (1usize..100).prop_map(|n| format!("{}\n", "[l](https://e.org/) ".repeat(n))),
        Just("---".to_string()),
        Just("\r\n\r\n".to_string()),
        Just("\u{feff}".to_string()),
        (1usize..300).prop_map(|n| ">".repeat(n) + " deep"),
        (1usize..100).prop_map(|n| (0..n).map(|i| format!("{}- x\n", "  ".repeat(i))).collect()),
        (1usize..200).prop_map(|n| "[".repeat(n) + &"]".repeat(n) + "(@/x.md)"),
        "\\PC{0,40}",
        "[\\[\\]()@/#{}<>!|`*_\\-a-z \n]{0,40}",
    ];
    vec(piece, 0..8).prop_map(|p| p.join("\n\n"))
}

/// How the block is framed: normal, unclosed, missing, with a BOM, with CRLF line ends…
#[derive(Debug, Clone, Copy)]
enum Frame {
    Normal,
    Unclosed,
    NoFrontMatter,
    Bom,
    Crlf,
    BomCrlf,
    CrOnly,
    DashesOnly,
}

fn frame() -> impl Strategy<Value = Frame> {
    prop_oneof![
        6 => Just(Frame::Normal),
        1 => Just(Frame::Unclosed),
        1 => Just(Frame::NoFrontMatter),
        1 => Just(Frame::Bom),
        1 => Just(Frame::Crlf),
        1 => Just(Frame::BomCrlf),
        1 => Just(Frame::CrOnly),
        1 => Just(Frame::DashesOnly),
    ]
}

fn assemble(frame: Frame, yaml: &str, body: &str) -> Vec<u8> {
    let normal = format!("---\n{yaml}---\n{body}");
    let text = match frame {
        Frame::Normal => normal,
        Frame::Unclosed => format!("---\n{yaml}{body}"),
        Frame::NoFrontMatter => format!("{yaml}\n{body}"),
        Frame::Bom => format!("\u{feff}{normal}"),
        Frame::Crlf => normal.replace('\n', "\r\n"),
        Frame::BomCrlf => format!("\u{feff}{}", normal.replace('\n', "\r\n")),
        Frame::CrOnly => normal.replace('\n', "\r"),
        Frame::DashesOnly => "---\n---\n".to_string(),
    };
    text.into_bytes()
}

/// Where a content file goes (its kind comes from its folder) and what it is called.
fn content_path() -> impl Strategy<Value = String> {
    let folder = prop::sample::select(
        &[
            "content/posts/",
            "content/posts/2026/deep/",
            "content/events/",
            "content/topics/",
            "content/cohorts/",
            "content/leaders/",
            "content/",
            "content/misc/",
        ][..],
    );
    let stem = prop_oneof![
        Just("2026-01-10-hello".to_string()),
        Just("index".to_string()),
        Just("posts".to_string()),
        Just("page".to_string()),
        Just("2026-13-45-bad-date".to_string()),
        Just("2026-02-30-feb".to_string()),
        Just("0000-00-00-zero".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("2026-01-10-".to_string()),
        Just("שלום-עולם".to_string()),
        Just("שָׁלוֹם".to_string()),
        Just("---".to_string()),
        Just("a b c!?".to_string()),
        Just("CAPS".to_string()),
        Just(".hidden".to_string()),
        "[a-z0-9\\-]{1,12}",
        "[א-ת]{1,60}",
    ];
    (folder, stem).prop_map(|(f, s)| format!("{f}{s}.md"))
}

/// A front matter that loads (a title, a known topic, maybe one random line), so that the
/// Markdown after it is rendered and its links checked.
fn loadable_yaml() -> impl Strategy<Value = String> {
    (
        prop::sample::select(KEYS),
        value(),
        prop::option::of(Just("date: 2026-02-01\nstart: 2026-02-01\nname: N\n")),
    )
        .prop_map(|(k, v, dates)| {
            let extra = if k == "title" || v.contains('\n') {
                String::new()
            } else {
                format!("{k}: {v}\n")
            };
            format!(
                "title: \"T\"\ntopics: [careers]\n{}{extra}",
                dates.unwrap_or_default()
            )
        })
}

fn content_file() -> impl Strategy<Value = (String, Vec<u8>)> {
    let yaml = prop_oneof![yaml_block(), loadable_yaml()];
    (content_path(), frame(), yaml, markdown())
        .prop_map(|(path, frame, yaml, body)| (path, assemble(frame, &yaml, &body)))
}

const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "author",
    "theme",
    "timezone",
    "goals",
    "channels",
    "paginate",
    "feeds",
    "privacy",
    "cname",
    "image",
    "extra",
    "html",
    "langauge",
];

fn site_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => value(),
        1 => Just("https://x.github.io/hub/".to_string()),
        1 => Just("https://x.github.io".to_string()),
        1 => Just("ftp://x/".to_string()),
        1 => Just("he".to_string()),
        1 => Just("en-GB".to_string()),
        1 => Just("english".to_string()),
        1 => Just("Asia/Jerusalem".to_string()),
        1 => Just("Mars/Olympus".to_string()),
        1 => Just("../../etc".to_string()),
        1 => Just("0".to_string()),
        1 => Just("-1".to_string()),
        1 => Just("{organization: [a], alumni: x}".to_string()),
        1 => Just("[{kind: telegram, url: 'https://t.me/x', label: T}]".to_string()),
        1 => Just("[{kind: pigeon, url: 'javascript:alert(1)'}]".to_string()),
        1 => Just("{limit: 0, full_content: maybe}".to_string()),
        1 => Just("{min_group_size: -5}".to_string()),
        1 => Just("trusted".to_string()),
        1 => Just("{allow_iframes_from: [embed.example.org, 'https://x.org/a', '*', 3]}".to_string()),
        1 => Just("{allow_iframes_from: x, trusted: true}".to_string()),
    ]
}

fn site_yaml() -> impl Strategy<Value = Vec<u8>> {
    let line =
        (prop::sample::select(SITE_KEYS), site_value()).prop_map(|(k, v)| format!("{k}: {v}"));
    (
        vec(line, 0..8),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(&["he", "en", "ar", "de"][..]),
    )
        .prop_map(|(lines, keep_base, crlf, lang)| {
            let mut s = String::new();
            if keep_base {
                s.push_str("title: T\nbase_url: https://x.github.io/hub/\n");
            }
            s.push_str(&format!("language: {lang}\n"));
            s.push_str(&lines.join("\n"));
            s.push('\n');
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            s.into_bytes()
        })
}

/// A hub template override: a few real Tera constructs and some broken ones.
fn template() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop::sample::select(
        &[
            "templates/post.html",
            "templates/base.html",
            "templates/index.html",
            "templates/404.html",
            "templates/partials/x.html",
            "templates/new.html",
        ][..],
    );
    let piece = prop_oneof![
        Just("<h1>{{ title }}</h1>".to_string()),
        Just("{{ post.title }}".to_string()),
        Just("{{ post.no_such.field }}".to_string()),
        Just("{{ url(path=\"/posts/\") }}".to_string()),
        Just("{{ url() }}".to_string()),
        Just("{% for p in site.posts %}{{ p.title }}{% endfor %}".to_string()),
        Just("{% if %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("{% extends \"base.html\" %}".to_string()),
        Just("{% extends \"nope.html\" %}".to_string()),
        Just("{% include \"nope.html\" %}".to_string()),
        Just("{{ 1 / 0 }}".to_string()),
        Just("{{ title | no_such_filter }}".to_string()),
        Just("{#".to_string()),
        "\\PC{0,20}",
    ];
    (name, vec(piece, 0..6)).prop_map(|(n, p)| (n.to_string(), p.join("\n").into_bytes()))
}

/// A roster for `class-2025`: headers in any order (Hebrew too), quoted and broken fields,
/// payloads, odd line ends and plain noise.
fn roster() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::subsequence(
        &[
            "name",
            "email",
            "phone",
            "city",
            "birth_year",
            "consent",
            "bio",
            "link",
            "שם",
            "shoe_size",
            "name",
        ][..],
        0..9,
    )
    .prop_shuffle();
    let field = prop_oneof![
        Just("Dana Levi".to_string()),
        Just("dana@example.org".to_string()),
        Just("+972501234567".to_string()),
        Just("Haifa".to_string()),
        Just("חיפה".to_string()),
        Just("1990".to_string()),
        Just("99999999999999999999".to_string()),
        Just("yes".to_string()),
        Just("כן".to_string()),
        Just("maybe".to_string()),
        Just("https://example.org/x".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("\"<script>alert(1)</script>\"".to_string()),
        Just("\"quoted, with comma\"".to_string()),
        Just("\"unterminated".to_string()),
        Just("\"\"\"\"".to_string()),
        Just(String::new()),
        "\\PC{0,16}",
    ];
    let row = vec(field, 0..10).prop_map(|f| f.join(","));
    (
        header,
        vec(row, 0..12),
        prop::sample::select(&["\n", "\r\n", "\r"][..]),
        any::<bool>(),
    )
        .prop_map(|(h, rows, nl, bom)| {
            let mut s = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            s.push_str(&h.join(","));
            for r in rows {
                s.push_str(nl);
                s.push_str(&r);
            }
            s.into_bytes()
        })
}

/// `n` cases, or `PROPTEST_CASES` when set (for a longer run: `PROPTEST_CASES=2000`).
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

proptest! {
    #![proptest_config(cases(32))]

    /// Random front matter and Markdown in a few content files.
    #[test]
    fn random_content_never_panics(files in vec(content_file(), 1..4), drafts in any::<bool>()) {
        run_hub(&files, drafts)?;
    }

    /// Plain random bytes as a content file, and random bytes spliced into a good one.
    #[test]
    fn random_bytes_never_panic(
        path in content_path(),
        bytes in vec(any::<u8>(), 0..400),
        at in any::<prop::sample::Index>(),
    ) {
        let good = b"---\ntitle: \"Spliced\"\ntopics: [careers]\n---\nBody [x](@/posts/2026-01-10-hello.md#welcome).\n";
        let i = at.index(good.len() + 1);
        let mut spliced = good[..i].to_vec();
        spliced.extend_from_slice(&bytes);
        spliced.extend_from_slice(&good[i..]);
        let other = format!("{}x.md", path.trim_end_matches(".md"));
        run_hub(&[(path, bytes.clone()), (other, spliced)], false)?;
    }

    /// Random rosters with random content, and random bytes as a roster.
    #[test]
    fn random_rosters_never_panic(
        csv in roster(),
        bytes in vec(any::<u8>(), 0..300),
        file in content_file(),
    ) {
        let path = "content/cohorts/class-2025.csv".to_string();
        run_hub(&[(path.clone(), csv), file], false)?;
        run_hub(&[(path, bytes)], false)?;
    }

    /// Random settings in site.yaml, and random bytes as site.yaml.
    #[test]
    fn random_site_yaml_never_panics(site in site_yaml(), bytes in vec(any::<u8>(), 0..200)) {
        run_hub(&[("site.yaml".to_string(), site)], false)?;
        run_hub(&[("site.yaml".to_string(), bytes)], false)?;
    }
}

proptest! {
    #![proptest_config(cases(16))]

    /// Random template overrides together with random content.
    #[test]
    fn random_templates_never_panic(tpl in template(), file in content_file()) {
        run_hub(&[tpl, file], false)?;
    }
}
