//! The command line: `init`, `new`, and usage errors.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;

fn md_files_under(dir: &Path) -> BTreeSet<String> {
    read_tree(dir)
        .into_keys()
        .filter(|p| p.ends_with(".md"))
        .collect()
}

/// `kehila init DIR` in a fresh temp dir; returns (tempdir guard, hub path).
fn init_hub() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-hub");
    let run = kehila(["init".as_ref(), dir.as_os_str()], tmp.path());
    run.assert_ok("kehila init DIR");
    (tmp, dir)
}

#[test]
fn init_then_build_makes_a_site() {
    let (tmp, dir) = init_hub();
    assert!(dir.join("site.yaml").is_file(), "init writes site.yaml");
    assert!(dir.join("content").is_dir(), "init writes content/");
    let workflows = read_tree(&dir.join(".github/workflows"));
    assert!(
        workflows
            .keys()
            .any(|k| k.ends_with(".yml") || k.ends_with(".yaml")),
        "init writes a GitHub Pages workflow under .github/workflows/"
    );

    // run from elsewhere: the default output folder is the hub's own public/
    let cwd = tmp.path().join("cwd");
    fs::create_dir(&cwd).unwrap();
    let run = kehila(["build".as_ref(), "--root".as_ref(), dir.as_os_str()], &cwd);
    run.assert_ok("kehila build --root DIR on a fresh init");
    let home = dir.join("public/index.html");
    assert!(
        home.is_file(),
        "build --root DIR writes DIR/public/index.html"
    );
    assert!(
        read_tree(&cwd).is_empty(),
        "build --root DIR wrote into the current directory instead"
    );
    // without --root, the hub is the current folder
    std::fs::remove_dir_all(dir.join("public")).unwrap();
    kehila(["build"], &dir).assert_ok("kehila build inside the hub");
    assert!(home.is_file(), "kehila build (in DIR) writes DIR/public/");
    // the sample site's own links hold together
    let base_url = {
        let yaml = fs::read_to_string(dir.join("site.yaml")).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
        v["base_url"]
            .as_str()
            .expect("base_url in site.yaml")
            .to_string()
    };
    let problems = broken_links(&dir.join("public"), &base_url);
    assert!(
        problems.is_empty(),
        "broken links in the init sample site:\n{}",
        problems.join("\n")
    );
}

#[test]
fn new_post_with_hebrew_title_creates_a_file_that_builds() {
    let (_tmp, dir) = init_hub();
    let posts = dir.join("content/posts");
    let before = md_files_under(&posts);
    let run = kehila(
        [
            "new".as_ref(),
            "post".as_ref(),
            "כותרת".as_ref(),
            "--root".as_ref(),
            dir.as_os_str(),
        ],
        &dir,
    );
    run.assert_ok("kehila new post \"כותרת\" --root DIR");
    let after = md_files_under(&posts);
    let added: Vec<_> = after.difference(&before).collect();
    assert_eq!(
        added.len(),
        1,
        "`new post` adds exactly one .md under content/posts/: {added:?}\n{run}"
    );
    let run = kehila(
        [
            "build".as_ref(),
            "--root".as_ref(),
            dir.as_os_str(),
            "--drafts".as_ref(),
        ],
        &dir,
    );
    run.assert_ok("build after `new post`");
    // the new post has a page whose <h1> is its title (drafts included: `new` may make drafts)
    let public = dir.join("public");
    let found = html_files(&public).into_iter().any(|p| {
        p.starts_with("posts/") && {
            let doc = scraper::Html::parse_document(&fs::read_to_string(public.join(&p)).unwrap());
            doc.select(&sel("h1")).any(|h| text_of(h) == "כותרת")
        }
    });
    assert!(found, "no post page with <h1>כותרת</h1> after `new post`");
}

#[test]
fn new_creates_every_kind_in_its_folder_and_the_hub_still_builds() {
    let (_tmp, dir) = init_hub();
    for (kind, folder, title) in [
        ("topic", "topics", "נושא חדש"),
        ("cohort", "cohorts", "מחזור חדש"),
        ("leader", "leaders", "Ada Lovelace"),
        ("event", "events", "New event"),
    ] {
        let folder = dir.join("content").join(folder);
        let before = md_files_under(&folder);
        let run = kehila(
            [
                "new".as_ref(),
                kind.as_ref(),
                title.as_ref(),
                "--root".as_ref(),
                dir.as_os_str(),
            ],
            &dir,
        );
        run.assert_ok(&format!("kehila new {kind} {title:?}"));
        let after = md_files_under(&folder);
        assert_eq!(
            after.difference(&before).count(),
            1,
            "`new {kind}` adds one file under {}",
            folder.display()
        );
    }
    let run = kehila(
        [
            "build".as_ref(),
            "--root".as_ref(),
            dir.as_os_str(),
            "--drafts".as_ref(),
        ],
        &dir,
    );
    run.assert_ok("build after `new` of every kind");
}

#[test]
fn wrong_usage_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        vec!["build", "--no-such-flag"],
        vec!["no-such-command"],
        vec!["new", "widget", "Title"],
    ] {
        let run = kehila(&args, tmp.path());
        assert_eq!(run.code, Some(2), "kehila {args:?} is wrong usage\n{run}");
    }
}

#[test]
fn build_without_site_yaml_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let run = kehila(
        ["build".as_ref(), "--root".as_ref(), tmp.path().as_os_str()],
        tmp.path(),
    );
    assert!(
        matches!(run.code, Some(1) | Some(2)),
        "a folder without site.yaml is an error, not a crash\n{run}"
    );
    assert!(
        run.all_output().contains("site.yaml"),
        "the error names site.yaml\n{run}"
    );
    assert!(!tmp.path().join("public").exists(), "nothing written");
}

/// `init` tells the next steps the README's "Five minutes with a new hub" gives, in its order.
#[test]
fn init_next_steps_match_the_readme() {
    let tmp = tempfile::tempdir().unwrap();
    let run = kehila(["init", "my-hub"], tmp.path());
    run.assert_ok("kehila init my-hub");
    let commands: Vec<String> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("next:"))
        .map(|l| l.trim_start_matches("next:").trim())
        .filter(|l| l.starts_with("cd ") || l.starts_with("kehila "))
        .map(|l| l.split('#').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(
        commands,
        ["cd my-hub", "kehila serve", "kehila build"],
        "{run}"
    );
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut from = 0;
    for c in &commands {
        let at = readme[from..]
            .match_indices(&format!("\n{c}"))
            .map(|(i, _)| i)
            .find(|&i| {
                matches!(
                    readme.as_bytes().get(from + i + 1 + c.len()),
                    Some(b' ' | b'\n')
                )
            })
            .unwrap_or_else(|| panic!("README's steps do not have {c:?} after the previous one"));
        from += at + 1;
    }
}

fn new_post(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "new",
        "post",
        "המפגש הראשון",
        "--root",
        dir.to_str().unwrap(),
    ];
    args.extend(extra);
    kehila(args, dir)
}

/// In a Hebrew hub, a new post is written in Hebrew and filed under the first topic, so the next
/// build has nothing to warn about; `--topic` picks another, and an unknown one is refused.
#[test]
fn new_post_speaks_the_hub_language_and_has_a_topic() {
    let (_tmp, dir) = init_hub();
    let posts = dir.join("content/posts");
    let before = md_files_under(&posts);
    new_post(&dir, &[]).assert_ok("kehila new post");
    let added: Vec<String> = md_files_under(&posts)
        .difference(&before)
        .cloned()
        .collect();
    let text = fs::read_to_string(posts.join(&added[0])).unwrap();
    assert!(text.contains("הפסקה הראשונה היא התקציר"), "{text}");
    assert!(!text.contains("The first paragraph"), "{text}");
    let topics: Vec<String> = read_tree(&dir.join("content/topics"))
        .into_keys()
        .map(|k| k.trim_end_matches(".md").to_string())
        .collect();
    let line = text.lines().find(|l| l.starts_with("topics:")).unwrap();
    assert!(
        topics.iter().any(|t| line == format!("topics: [{t}]")),
        "{line} {topics:?}"
    );
    let run = kehila(["build"], &dir);
    run.assert_ok("build after `new post`");
    assert!(
        !run.stderr.contains("warning"),
        "no warning after `new post`\n{run}"
    );

    // --topic
    fs::remove_file(posts.join(&added[0])).unwrap();
    let last = topics.last().unwrap();
    new_post(&dir, &["--topic", last]).assert_ok("kehila new post --topic");
    let text = fs::read_to_string(posts.join(&added[0])).unwrap();
    assert!(text.contains(&format!("topics: [{last}]")), "{text}");
    fs::remove_file(posts.join(&added[0])).unwrap();
    let run = new_post(&dir, &["--topic", "no-such-topic"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("there is no topic \"no-such-topic\""),
        "{run}"
    );
    assert!(!posts.join(&added[0]).exists());

    // an English hub gets English text
    let site = fs::read_to_string(dir.join("site.yaml")).unwrap();
    let site: String = site
        .lines()
        .map(|l| {
            if l.starts_with("language:") {
                "language: en"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(dir.join("site.yaml"), site).unwrap();
    new_post(&dir, &[]).assert_ok("kehila new post in an English hub");
    let text = fs::read_to_string(posts.join(&added[0])).unwrap();
    assert!(
        text.contains("The first paragraph is the summary"),
        "{text}"
    );
}
