//! A one-off run lets the site's Markdown go once every body is rendered
//! (`pipeline::Options::keep_markdown`), and nothing it makes changes: every output of a hub
//! with site links and `@/` links is the same byte for byte as when the Markdown is kept, and
//! a run that keeps it (as `kehila digest` does) still has it.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use kehila::diagnostics::Diagnostics;
use kehila::pipeline;
use kehila::progress::Progress;

fn run(
    keep_markdown: bool,
) -> (
    std::sync::Arc<kehila::model::Site>,
    BTreeMap<PathBuf, Vec<u8>>,
) {
    let root = common::fixture_dir("hub-he-subpath");
    let opts = pipeline::Options {
        base_url: None,
        drafts: false,
        now: jiff::Timestamp::from_second(1_780_000_000).unwrap(),
        progress: Progress::hidden(),
        sink: None,
        keep_markdown,
    };
    let mut diags = Diagnostics::new();
    let (site, outputs) = pipeline::run(&root, &opts, &mut diags).expect("the fixture builds");
    let files = outputs
        .all()
        .iter()
        .map(|(p, o)| (p.clone(), o.read(p).expect("an output").to_vec()))
        .collect();
    (site, files)
}

#[test]
fn letting_the_markdown_go_changes_no_output() {
    let (released, without) = run(false);
    let (kept, with) = run(true);
    assert!(!with.is_empty());
    assert_eq!(
        without.keys().collect::<Vec<_>>(),
        with.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &with {
        assert!(without[path] == *bytes, "{} differs", path.display());
    }
    // The build let every post's Markdown go; the kept run did not.
    assert!(!released.posts.is_empty());
    assert!(released.posts.iter().all(|p| p.entry.body.is_empty()));
    assert!(kept.posts.iter().all(|p| !p.entry.body.is_empty()));
}
