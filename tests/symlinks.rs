//! Symbolic links under content/ and static/: followed when they lead inside the hub, refused
//! with an error naming the link when they lead outside it (or nowhere).
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;

use common::*;

const POST: &str = "---\ntitle: \"Shared story\"\ntopics: [careers]\n---\nA story kept once.\n";

#[test]
fn links_inside_the_hub_are_followed() {
    let hub = Hub::new("hub-en-root");
    hub.write("shared/2026-03-01-shared.md", POST);
    hub.write(
        "shared-posts/2026-03-02-folder.md",
        &POST.replace("Shared story", "From a linked folder"),
    );
    hub.write(
        "shared-images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    symlink(
        "../../shared/2026-03-01-shared.md",
        hub.root.join("content/posts/2026-03-01-shared.md"),
    )
    .unwrap();
    symlink("../../shared-posts", hub.root.join("content/posts/linked")).unwrap();
    symlink("../shared-images", hub.root.join("static/logos")).unwrap();

    let run = hub.build(&[]);
    run.assert_ok("a hub with links inside it");
    assert!(!run.stderr.contains("warning"), "{run}");
    let out = hub.public();
    let page = fs::read_to_string(out.join("posts/shared/index.html")).unwrap();
    assert!(page.contains("A story kept once."));
    let page = fs::read_to_string(out.join("posts/folder/index.html")).unwrap();
    assert!(page.contains("From a linked folder"));
    assert!(out.join("logos/logo.svg").is_file());
}

#[test]
fn links_outside_the_hub_are_errors_naming_the_link() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        POST.replace("A story", "SECRET-TEXT"),
    )
    .unwrap();
    fs::create_dir(outside.path().join("private")).unwrap();
    fs::write(outside.path().join("private/keys.txt"), "SECRET-KEY").unwrap();

    let hub = Hub::new("hub-en-root");
    hub.build(&[]).assert_ok("the hub without links");
    let before = snapshot(&hub.public());
    symlink(
        outside.path().join("secret.md"),
        hub.root.join("content/posts/2026-03-01-secret.md"),
    )
    .unwrap();
    symlink(
        outside.path().join("private"),
        hub.root.join("static/private"),
    )
    .unwrap();
    symlink(
        "../../nowhere.md",
        hub.root.join("content/posts/2026-03-02-gone.md"),
    )
    .unwrap();

    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "{run}");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{run}");
    assert!(errors[0].starts_with(
        "error: content/posts/2026-03-01-secret.md:1:1: content/posts/2026-03-01-secret.md is a link to "
    ), "{run}");
    assert!(errors[0].ends_with("outside the hub folder; kehila only reads files inside the hub"));
    assert!(errors[1].starts_with(
        "error: content/posts/2026-03-02-gone.md:1:1: content/posts/2026-03-02-gone.md is a link to ../../nowhere.md, which does not exist"
    ), "{run}");
    assert!(
        errors[2].starts_with("error: static/private:1:1: static/private is a link to "),
        "{run}"
    );
    assert!(!run.all_output().contains("SECRET"), "{run}");
    assert!(
        !run.stderr.contains(" 1 | ---"),
        "the file outside the hub is not read, not even for its first line\n{run}"
    );
    assert_eq!(
        snapshot(&hub.public()),
        before,
        "a failed build writes nothing"
    );
}
