//! Safety: a failed build changes nothing, dangerous `--output` folders are refused, and the
//! same input gives the same bytes (architecture invariants 2 and 4).

mod common;

use common::*;

/// The `error: PATH:LINE:COL: …` lines of a run.
fn error_lines(run: &Run) -> Vec<String> {
    run.all_output()
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("error:"))
        .map(str::to_string)
        .collect()
}

/// Parses `error: PATH:LINE:COL: message` into its parts.
fn parse_error(line: &str) -> Option<(String, u32, u32, String)> {
    let rest = line.strip_prefix("error:")?.trim_start();
    let mut parts = rest.splitn(4, ':');
    let path = parts.next()?.to_string();
    let line_no = parts.next()?.trim().parse().ok()?;
    let col = parts.next()?.trim().parse().ok()?;
    let msg = parts.next()?.trim().to_string();
    Some((path, line_no, col, msg))
}

#[test]
fn a_failed_build_reports_file_line_and_value_and_leaves_public_untouched() {
    let hub = Hub::new(HE);
    hub.build(&[]).assert_ok("first, good build");
    let before = snapshot(&hub.public());
    assert!(before.contains_key("index.html"));
    let root_before = snapshot(&hub.root);

    let bad = "content/posts/2026-04-01-bad.md";
    // line 3 names the unknown topic, at column 16
    hub.write(
        bad,
        "---\ntitle: \"פוסט שבור\"\ntopics: [tech, no-such-topic]\n---\nגוף הפוסט.\n",
    );
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "a content error exits 1\n{run}");
    let errors = error_lines(&run);
    let ours: Vec<_> = errors
        .iter()
        .filter_map(|l| parse_error(l))
        .filter(|(path, ..)| path == bad)
        .collect();
    assert!(
        !ours.is_empty(),
        "expected `error: {bad}:LINE:COL: …` (path relative to the hub root); error lines: {errors:?}\n{run}"
    );
    let (_, line, col, msg) = &ours[0];
    assert_eq!(*line, 3, "the unknown topic is on line 3: {:?}", ours[0]);
    assert!(*col >= 1, "columns count from 1: {:?}", ours[0]);
    assert!(
        msg.contains("no-such-topic"),
        "the message names the unknown value: {msg:?}"
    );

    let after = snapshot(&hub.public());
    assert!(
        before == after,
        "a failed build changed public/:\n{}",
        tree_diff(&before, &after)
    );
    // and left nothing else behind in the hub (no half-written staging folder)
    let mut expected_root = root_before;
    expected_root.insert(bad.to_string(), std::fs::read(hub.root.join(bad)).unwrap());
    let root_after = snapshot(&hub.root);
    assert!(
        expected_root == root_after,
        "a failed build changed the hub folder:\n{}",
        tree_diff(&expected_root, &root_after)
    );
}

/// A build writes pages to a staging folder as it renders them; an error found only after
/// every page was made (a broken site link is checked against the finished site) must still
/// leave `public/` as it was and delete what was staged.
#[test]
fn an_error_found_after_rendering_leaves_public_untouched_and_nothing_staged() {
    let hub = Hub::new(HE);
    hub.build(&[]).assert_ok("first, good build");
    let before = snapshot(&hub.public());
    // A changed page that would be staged, and a post whose link is found broken at the end.
    hub.write(
        "content/about.md",
        "---\ntitle: \"אודות\"\n---\nטקסט חדש.\n",
    );
    let bad = "content/posts/2026-04-02-broken-link.md";
    hub.write(
        bad,
        "---\ntitle: \"קישור שבור\"\n---\nראו [כאן](/no-such-page/).\n",
    );
    let root_before = snapshot(&hub.root);
    let run = hub.build(&[]);
    assert_eq!(
        run.code,
        Some(1),
        "a broken site link fails the build\n{run}"
    );
    assert!(
        run.stderr.contains("/no-such-page/"),
        "the error names the link\n{run}"
    );
    let after = snapshot(&hub.public());
    assert!(
        before == after,
        "a failed build changed public/:\n{}",
        tree_diff(&before, &after)
    );
    let root_after = snapshot(&hub.root);
    assert!(
        root_before == root_after,
        "a failed build left files in the hub folder (staging is beside public/):\n{}",
        tree_diff(&root_before, &root_after)
    );
}

#[test]
fn unknown_front_matter_key_is_an_error_with_a_hint() {
    let hub = Hub::new(EN);
    let bad = "content/posts/2026-05-01-typo.md";
    hub.write(bad, "---\ntitle: \"Typo\"\ntopcs: [careers]\n---\nBody.\n");
    let run = hub.build(&[]);
    assert_eq!(run.code, Some(1), "an unknown key exits 1\n{run}");
    let errors = error_lines(&run);
    let ours: Vec<_> = errors
        .iter()
        .filter_map(|l| parse_error(l))
        .filter(|(path, ..)| path == bad)
        .collect();
    assert!(
        ours.iter()
            .any(|(_, line, _, msg)| *line == 3 && msg.contains("topcs")),
        "expected `error: {bad}:3:COL: … topcs …`; error lines: {errors:?}\n{run}"
    );
    assert!(
        run.all_output().contains("topics"),
        "a did-you-mean hint names `topics`\n{run}"
    );
    assert!(
        !hub.public().exists(),
        "a failed first build writes no public/"
    );
}

#[test]
fn output_equal_to_the_hub_root_is_refused() {
    let hub = Hub::new(HE);
    let before = snapshot(&hub.root);
    let run = build(&hub.root, &hub.root, &[]);
    assert_eq!(
        run.code,
        Some(3),
        "--output equal to the hub root must be refused, with exit 3 (not 1, content errors)\n{run}"
    );
    let after = snapshot(&hub.root);
    assert!(
        before == after,
        "a refused build changed the hub:\n{}",
        tree_diff(&before, &after)
    );
}

#[test]
fn output_equal_to_content_is_refused() {
    let hub = Hub::new(HE);
    let before = snapshot(&hub.root);
    let run = build(&hub.root, &hub.root.join("content"), &[]);
    assert_eq!(
        run.code,
        Some(3),
        "--output equal to content/ must be refused, with exit 3 (not 1, content errors)\n{run}"
    );
    let after = snapshot(&hub.root);
    assert!(
        before == after,
        "a refused build changed the hub:\n{}",
        tree_diff(&before, &after)
    );
}

#[test]
fn output_that_contains_the_hub_is_refused() {
    let hub = Hub::new(HE);
    let parent = hub.root.parent().unwrap().to_path_buf();
    std::fs::write(parent.join("notes.txt"), "keep me").unwrap();
    let before = snapshot(&parent);
    let run = build(&hub.root, &parent, &[]);
    assert_eq!(
        run.code,
        Some(3),
        "--output equal to a folder that contains the hub must be refused, with exit 3 (not 1, content errors)\n{run}"
    );
    let after = snapshot(&parent);
    assert!(
        before == after,
        "a refused build changed the hub's parent folder:\n{}",
        tree_diff(&before, &after)
    );
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let hub = Hub::new(HE);
    hub.build(&[]).assert_ok("first build");
    let first = snapshot(&hub.public());
    hub.build(&[]).assert_ok("second build, same folder");
    let second = snapshot(&hub.public());
    assert!(
        first == second,
        "rebuilding changed the output:\n{}",
        tree_diff(&first, &second)
    );
    // on one thread: the output does not depend on the thread count
    let single = hub.root.parent().unwrap().join("one-thread");
    let mut args = vec!["build".as_ref(), "--root".as_ref(), hub.root.as_os_str()];
    args.extend(["--output".as_ref(), single.as_os_str()]);
    kehila_env(args, &hub.root, &[("RAYON_NUM_THREADS", "1")]).assert_ok("one-thread build");
    let one = snapshot(&single);
    assert!(
        first == one,
        "a one-thread build differs:\n{}",
        tree_diff(&first, &one)
    );
    // into a fresh folder elsewhere: the output does not depend on where it is written
    let other = hub.root.parent().unwrap().join("elsewhere");
    build(&hub.root, &other, &[]).assert_ok("build into another folder");
    let third = snapshot(&other);
    assert!(
        first == third,
        "a build into another folder differs:\n{}",
        tree_diff(&first, &third)
    );
}

/// The hub's output equals a build of the same content into a new folder.
fn assert_same_as_clean_build(hub: &Hub) {
    let clean = hub.root.parent().unwrap().join("clean");
    build(&hub.root, &clean, &[]).assert_ok("clean build");
    let (a, b) = (snapshot(&hub.public()), snapshot(&clean));
    assert!(a == b, "rebuild ≠ clean build:\n{}", tree_diff(&a, &b));
}

#[test]
fn a_good_rebuild_after_an_edit_drops_removed_pages() {
    let hub = Hub::new(EN);
    hub.build(&[]).assert_ok("first build");
    assert!(hub.public().join("posts/tips/index.html").is_file());
    std::fs::remove_file(hub.root.join("content/posts/2025-12-12-tips.md")).unwrap();
    hub.build(&[]).assert_ok("rebuild without the tips post");
    assert!(
        !hub.public().join("posts/tips").exists(),
        "a removed post's page must not survive a rebuild"
    );
    // the rebuild equals a clean build of the same content
    assert_same_as_clean_build(&hub);
}

#[test]
fn a_rebuild_after_an_edit_that_keeps_every_length_has_the_new_bytes() {
    let hub = Hub::new(EN);
    hub.build(&[]).assert_ok("first build");
    let page = hub.public().join("posts/tips/index.html");
    let before = std::fs::read(&page).unwrap();
    // The same number of bytes everywhere: only a comparison of the bytes sees the change.
    let post = "content/posts/2025-12-12-tips.md";
    let text = std::fs::read_to_string(hub.root.join(post)).unwrap();
    hub.write(post, &text.replace("Interview tips", "Interview pits"));
    hub.build(&[]).assert_ok("rebuild after the edit");
    let after = std::fs::read(&page).unwrap();
    assert_ne!(before, after);
    // A page changed by hand in the output, its length kept, is put right too.
    std::fs::write(&page, vec![b' '; after.len()]).unwrap();
    hub.build(&[]).assert_ok("rebuild after a hand edit");
    assert_same_as_clean_build(&hub);
    assert!(String::from_utf8_lossy(&after).contains("Interview pits"));
}

/// A symbolic link in the previous output where the site has a page (a hand edit, a deploy
/// script) is replaced by the page itself, even when it points at the very same bytes: the
/// output never leads outside itself, and the file it pointed at is left alone.
#[cfg(unix)]
#[test]
fn a_link_in_the_previous_output_is_replaced_by_the_page() {
    let hub = Hub::new(EN);
    hub.build(&[]).assert_ok("first build");
    let page = hub.public().join("posts/tips/index.html");
    let bytes = std::fs::read(&page).unwrap();
    let outside = hub.root.parent().unwrap().join("outside.html");
    std::fs::write(&outside, &bytes).unwrap();
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&outside, &page).unwrap();
    hub.build(&[]).assert_ok("rebuild over the link");
    let meta = std::fs::symlink_metadata(&page).unwrap();
    assert!(
        meta.is_file(),
        "the page is still a link: {:?}",
        meta.file_type()
    );
    assert_eq!(std::fs::read(&page).unwrap(), bytes);
    assert_eq!(std::fs::read(&outside).unwrap(), bytes);
}

/// A named pipe in the previous output where the site has a page: the build does not wait on
/// it (opening a pipe to read blocks until something writes to it) and puts the page there.
#[cfg(unix)]
#[test]
fn a_pipe_in_the_previous_output_is_replaced_without_waiting() {
    let hub = Hub::new(EN);
    hub.build(&[]).assert_ok("first build");
    let page = hub.public().join("posts/tips/index.html");
    let bytes = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&page)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let (done, finished) = std::sync::mpsc::channel();
    let (root, out) = (hub.root.clone(), hub.public());
    std::thread::spawn(move || done.send(build(&root, &out, &[])));
    let run = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the build waited on the pipe");
    run.assert_ok("rebuild over the pipe");
    assert!(std::fs::symlink_metadata(&page).unwrap().is_file());
    assert_eq!(std::fs::read(&page).unwrap(), bytes);
}
