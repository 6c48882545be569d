//! Pathological input is refused with a positioned error, fast: a content file over 50 MB,
//! Markdown or HTML nested past 100 levels. Never a hang.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::*;

fn check_fails_fast(hub: &Hub, at: &str, says: &str) {
    let started = Instant::now();
    let run = kehila(
        ["check", "--root", hub.root.to_str().unwrap()],
        hub.root.parent().unwrap(),
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(run.code, Some(1), "{run}");
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&format!("error: {at}: ")))
        .unwrap_or_else(|| panic!("no error at {at}\n{run}"));
    assert!(line.contains(says), "{line}");
    assert!(run.stderr.contains("  hint: "), "{run}");
    // the report quotes a window of the line, never a whole pasted megabyte
    assert!(
        run.stderr.len() < 4_000,
        "{} bytes of report",
        run.stderr.len()
    );
}

#[test]
fn a_file_over_50_mb_is_refused_without_reading_it() {
    let hub = Hub::new("hub-en-root");
    let path = hub.root.join("content/posts/2026-03-01-huge.md");
    let f = fs::File::create(&path).unwrap();
    f.set_len(51 * 1024 * 1024).unwrap();
    check_fails_fast(
        &hub,
        "content/posts/2026-03-01-huge.md:1:1",
        "this file is 51 MB; kehila reads content files of up to 50 MB",
    );
}

#[test]
fn markdown_nested_past_the_limit() {
    let hub = Hub::new("hub-en-root");
    let body = format!("Intro.\n\n{} deep\n", ">".repeat(100_000));
    hub.write(
        "content/posts/2026-03-01-deep.md",
        &format!("---\ntitle: \"Deep\"\ntopics: [careers]\n---\n{body}"),
    );
    // the 101st `>` of line 7
    check_fails_fast(
        &hub,
        "content/posts/2026-03-01-deep.md:7:101",
        "nested more than 100 levels deep",
    );
}

#[test]
fn html_left_open_past_the_limit() {
    let hub = Hub::new("hub-en-root");
    let body = format!("Intro.\n\nText {}\n", "<span>".repeat(100_000));
    hub.write(
        "content/posts/2026-03-01-open.md",
        &format!("---\ntitle: \"Open\"\ntopics: [careers]\n---\n{body}"),
    );
    // `Text ` and 100 `<span>`s of 6 characters: the 101st starts at column 606
    check_fails_fast(
        &hub,
        "content/posts/2026-03-01-open.md:7:606",
        "nested more than 100 levels deep",
    );
}
