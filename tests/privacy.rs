//! Rosters hold personal data. These tests build a hub whose rosters are full of private
//! values and search every byte of the output — raw, HTML-entity-decoded and percent-decoded —
//! and the terminal output, for each email, phone, non-consenting member and single-member
//! city. They also check the published stats never describe a group smaller than
//! `privacy.min_group_size`.

mod common;

use common::{Hub, collapse, read_tree, sel, text_of};
use scraper::Html;

/// Values that must never leave the build.
const SECRETS: &[&str] = &[
    // emails
    "dana.public@example.org",
    "avi.quiet@example.org",
    "noa.hidden@example.org",
    "omer.shy@example.org",
    "rina.priv@example.org",
    "yossi.pub@example.org",
    "lior.lone@example.org",
    "tal.t@example.org",
    "shai.small@example.org",
    "rotem.few@example.org",
    // phones, as written and as bare digits
    "+972-50-111-0001",
    "050-111-0002",
    "0501110003",
    "+972501110004",
    "+972 50 111 0005",
    "1110006",
    "1110007",
    "2220001",
    "2220003",
    // members who did not consent, and what only they wrote
    "Avi Quietman",
    "Noa Hiddenberg",
    "Omer Shyfield",
    "Rina Privato",
    "Lior Loneton",
    "Gal Galman",
    "Ziv Zivman",
    "Mor Morman",
    "Bar Barman",
    "Shai Smallson",
    "Eden Tinyhouse",
    "Secret bio of Avi",
    "example.org/avi",
    // a city only one (non-consenting) member lives in
    "Eilatvillage",
];

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            // Bytes, not `&s[..]`: binary outputs (images, cards) decode to text that a
            // slice could cut inside a character.
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn entity_decode(s: &str) -> String {
    s.replace("&#43;", "+")
        .replace("&#x2B;", "+")
        .replace("&#64;", "@")
        .replace("&#x40;", "@")
        .replace("&#45;", "-")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn leaks(text: &str) -> Vec<&'static str> {
    let forms = [
        text.to_string(),
        entity_decode(text),
        percent_decode(text),
        percent_decode(&entity_decode(text)),
    ];
    SECRETS
        .iter()
        .copied()
        .filter(|s| forms.iter().any(|f| f.contains(s)))
        .collect()
}

#[test]
fn no_private_value_reaches_any_output_byte_or_the_terminal() {
    let hub = Hub::new("hub-privacy");
    for extra in [&[][..], &["--drafts"][..]] {
        let run = hub.build(extra);
        run.assert_ok("privacy fixture builds");
        assert_eq!(
            leaks(&run.all_output()),
            Vec::<&str>::new(),
            "the terminal output leaks private values\n{}",
            run.all_output()
        );
        let files = read_tree(&hub.public());
        assert!(files.len() > 10, "the site was written");
        // The search index is among the files searched below; it holds no member at all,
        // not even those the cohort page shows (docs/search.md).
        let index: Vec<(&String, &Vec<u8>)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".json"))
            .collect();
        assert!(index.len() >= 3, "manifest, shards and groups are written");
        for (path, bytes) in &index {
            let text = String::from_utf8_lossy(bytes).to_lowercase();
            for name in ["publicson", "yossi public", "talman", "fewman"] {
                assert!(!text.contains(name), "{path} holds the member {name}");
            }
        }
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            let found = leaks(&text);
            assert!(found.is_empty(), "{path} leaks {found:?}");
            let decoded_path = percent_decode(path);
            assert!(leaks(&decoded_path).is_empty(), "a file name leaks: {path}");
        }
    }
    // Every format of `kehila digest` (file and terminal), over all the hub's posts.
    for format in ["email", "whatsapp", "telegram", "text"] {
        let out = hub.root.join(format!("digest-{format}.out"));
        let run = common::kehila(
            [
                "digest",
                "--root",
                hub.root.to_str().unwrap(),
                "--since",
                "1990-01-01",
                "--format",
                format,
                "--output",
                out.to_str().unwrap(),
            ],
            &hub.root,
        );
        assert!(run.ok(), "{}", run.all_output());
        assert!(leaks(&run.all_output()).is_empty(), "{}", run.all_output());
        let mut written = vec![std::fs::read_to_string(&out).unwrap()];
        if format == "email" {
            written.push(std::fs::read_to_string(out.with_extension("txt")).unwrap());
        }
        for text in written {
            assert!(
                text.contains("https://"),
                "{format}: the digest has its links"
            );
            let found = leaks(&text);
            assert!(found.is_empty(), "digest {format} leaks {found:?}");
        }
    }
    assert!(
        read_tree(&hub.public()).contains_key("digest/latest.json"),
        "the site's digest is among the files searched above"
    );
    // `check` prints to the terminal too.
    let run = common::kehila(["check", "--root", hub.root.to_str().unwrap()], &hub.root);
    assert!(run.ok(), "{}", run.all_output());
    assert!(leaks(&run.all_output()).is_empty(), "{}", run.all_output());
}

fn page(hub: &Hub, rel: &str) -> Html {
    let path = hub.public().join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{rel}")))
}

#[test]
fn consenting_members_are_shown_and_stats_never_single_anyone_out() {
    let hub = Hub::new("hub-privacy");
    hub.build(&[]).assert_ok("privacy fixture builds");

    let big = page(&hub, "cohorts/big/index.html");
    let members: Vec<String> = big
        .select(&sel(".member-name"))
        .map(|e| collapse(&text_of(e)))
        .collect();
    assert_eq!(
        members,
        vec!["Dana Publicson", "Yossi Public", "Tal Talman"],
        "only yes / כן / TRUE members, in roster order"
    );

    // 12 members: Haifa 6, Akko 5, one in a city of their own. "Other" may not be a group of 1,
    // so Akko folds into it too: Haifa 6, other 6.
    let bars: Vec<String> = big
        .select(&sel(".city-bars li"))
        .map(|e| collapse(&text_of(e)))
        .collect();
    assert_eq!(bars.len(), 2, "{bars:?}");
    assert!(
        bars[0].contains("Haifa") && bars[0].contains('6'),
        "{bars:?}"
    );
    assert!(!bars.iter().any(|b| b.contains("Akko")), "{bars:?}");
    assert!(bars[1].contains('6'), "{bars:?}");
    let values: Vec<String> = big
        .select(&sel(".stat-value"))
        .map(|e| collapse(&text_of(e)))
        .collect();
    // 12 members; the average age of the 11 with a readable birth year (1990–2000) in 2026.
    assert_eq!(values, vec!["12", "31"]);

    // Three members: fewer than 5, so no figure at all — only a sentence saying so.
    let small = page(&hub, "cohorts/small/index.html");
    assert_eq!(small.select(&sel(".stat-value")).count(), 0);
    assert_eq!(small.select(&sel(".city-bars li")).count(), 0);
    let sentence = small
        .select(&sel(".stats-sentence"))
        .map(|e| collapse(&text_of(e)))
        .next()
        .expect("a sentence explains why there are no figures");
    assert!(sentence.contains('5'), "{sentence}");
    assert!(
        !sentence.contains('3'),
        "the small cohort's size is not given: {sentence}"
    );
    // The one member who consented is still welcome to be seen.
    let shown: Vec<String> = small
        .select(&sel(".member-name"))
        .map(|e| collapse(&text_of(e)))
        .collect();
    assert_eq!(shown, vec!["Rotem Fewman"]);
}

/// A translated cohort shares its roster: its pages (and the translated hub's feeds and
/// search index) are searched the same way.
#[test]
fn translated_cohorts_share_the_roster_and_leak_nothing() {
    let hub = Hub::new("hub-privacy");
    let site = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write(
        "site.yaml",
        &format!("{site}languages:\n  ar:\n    title: فحص الخصوصية\n"),
    );
    for name in ["big", "small"] {
        let text =
            std::fs::read_to_string(hub.root.join(format!("content/cohorts/{name}.md"))).unwrap();
        hub.write(&format!("content/cohorts/{name}.ar.md"), &text);
    }
    let run = hub.build(&[]);
    run.assert_ok("privacy fixture with an Arabic translation builds");
    assert!(leaks(&run.all_output()).is_empty(), "{}", run.all_output());
    let files = read_tree(&hub.public());
    assert!(
        files.keys().any(|p| p.starts_with("ar/cohorts/big/")),
        "the Arabic cohort page is written"
    );
    for (path, bytes) in &files {
        let found = leaks(&String::from_utf8_lossy(bytes));
        assert!(found.is_empty(), "{path} leaks {found:?}");
    }
    let ar = page(&hub, "ar/cohorts/big/index.html");
    let he = page(&hub, "cohorts/big/index.html");
    let members = |doc: &Html| -> Vec<String> {
        doc.select(&sel(".member-name"))
            .map(|e| collapse(&text_of(e)))
            .collect()
    };
    assert_eq!(
        members(&ar),
        members(&he),
        "both translations show the same consenting members"
    );
    assert!(
        !members(&he).is_empty(),
        "the Hebrew cohort lists its consenting members"
    );
}
