//! `kehila import`: the binary on messy registration-form exports written into a temp dir,
//! checked through the roster it writes (parsed with the csv crate) and through everything it
//! prints, which must never hold a full email or phone number.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const HEADER: [&str; 8] = [
    "name",
    "email",
    "phone",
    "city",
    "birth_year",
    "consent",
    "bio",
    "link",
];

/// A Google-Forms-like export in Hebrew: BOM, a timestamp column, stray spaces in headers and
/// values, an exact duplicate (line 3 of line 2), a near-duplicate (line 5 of line 4), phones
/// in five spellings, a bio over two lines (6–7), a phone and a birth year that make no sense
/// (line 8), a row without a name (line 9).
const MESSY: &str = "\u{feff} חותמת זמן , שם מלא ,כתובת אימייל, טלפון  נייד ,עיר,שנת לידה,מסכים/ה לפרסום,על עצמי,קישור\n\
2026-01-03 10:00,  דנה   כהן ,Dana.Cohen@Example.ORG ,050-123-4567, חיפה ,1998,כן,\"מפתחת, אוהבת ללמד\",linkedin.com/in/dana\n\
2026-01-03 10:05,דנה כהן,dana.cohen@example.org,0501234567,חיפה,1998,V,\"מפתחת, אוהבת ללמד\",https://linkedin.com/in/dana\n\
2026-01-04 09:00,אבי לוי,avi.levi@example.org,+972 52 765 4321,עכו,1995,לא,,\n\
2026-01-04 09:30,אבי  לוי,avi.levi@example.org,972527654321,עכו,1995,yes,,\n\
2026-01-05 12:00,רים חורי,reem@example.org,(054) 555-0199,נצרת,2000,✓,\"בודקת תוכנה\n  ומורה\",\n\
2026-01-05 12:10,יוסי,yossi@example.org,055-55,באר שבע,87,כן,,\n\
2026-01-06 08:00,,nobody@example.org,052-000-1111,,,,,\n\
2026-01-06 08:00,Sam Smith,SAM@EXAMPLE.COM,+44 20 7946 0018,London,1990,yes,,\n";

/// Every email and phone of [`MESSY`], as written there and as cleaned.
const SECRETS: &[&str] = &[
    "Dana.Cohen@Example.ORG",
    "dana.cohen@example.org",
    "dana.cohen",
    "avi.levi@example.org",
    "avi.levi",
    "reem@example.org",
    "yossi@example.org",
    "nobody@example.org",
    "SAM@EXAMPLE.COM",
    "sam@example.com",
    "050-123-4567",
    "0501234567",
    "+972501234567",
    "501234567",
    "+972 52 765 4321",
    "972527654321",
    "527654321",
    "(054) 555-0199",
    "545550199",
    "055-55",
    "052-000-1111",
    "520001111",
    "+44 20 7946 0018",
    "442079460018",
];

fn assert_masked(run: &Run, secrets: &[&str]) {
    let out = run.all_output();
    for s in secrets {
        assert!(
            !out.to_lowercase().contains(&s.to_lowercase()),
            "the output shows {s:?}:\n{run}"
        );
    }
}

/// A hub (the Hebrew fixture, cohorts class-2023 and class-2024) and a folder outside it for
/// the exports.
fn setup() -> (Hub, PathBuf) {
    let hub = Hub::new(HE);
    let downloads = hub.root.parent().unwrap().join("downloads");
    fs::create_dir_all(&downloads).unwrap();
    (hub, downloads)
}

fn import(hub: &Hub, file: &Path, cohort: &str) -> Run {
    kehila(
        [
            "import".as_ref(),
            file.as_os_str(),
            "--cohort".as_ref(),
            cohort.as_ref(),
            "--root".as_ref(),
            hub.root.as_os_str(),
        ],
        hub.root.parent().unwrap(),
    )
}

/// The roster as (header, rows), read with the csv crate.
fn roster(hub: &Hub, cohort: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = hub.root.join(format!("content/cohorts/{cohort}.csv"));
    let mut r =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn line_of<'a>(out: &'a str, starts: &str) -> &'a str {
    out.lines()
        .find(|l| l.trim_start().starts_with(starts))
        .unwrap_or_else(|| panic!("no line starting with {starts:?} in:\n{out}"))
}

#[test]
fn a_messy_hebrew_export_is_cleaned_written_and_never_shown() {
    let (hub, downloads) = setup();
    let file = downloads.join("טופס הרשמה.csv");
    fs::write(&file, MESSY).unwrap();
    let run = import(&hub, &file, "class-2024");
    run.assert_ok("import a messy export");
    assert_masked(&run, SECRETS);

    let (header, rows) = roster(&hub, "class-2024");
    assert_eq!(header, HEADER);
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "דנה כהן",
            "dana.cohen@example.org",
            "+972501234567",
            "חיפה",
            "1998",
            "yes",
            "מפתחת, אוהבת ללמד",
            "https://linkedin.com/in/dana",
        ],
        vec![
            "אבי לוי",
            "avi.levi@example.org",
            "+972527654321",
            "עכו",
            "1995",
            "no",
            "",
            "",
        ],
        vec![
            "אבי לוי",
            "avi.levi@example.org",
            "+972527654321",
            "עכו",
            "1995",
            "yes",
            "",
            "",
        ],
        vec![
            "רים חורי",
            "reem@example.org",
            "+972545550199",
            "נצרת",
            "2000",
            "yes",
            "בודקת תוכנה ומורה",
            "",
        ],
        vec![
            "יוסי",
            "yossi@example.org",
            "055-55",
            "באר שבע",
            "",
            "yes",
            "",
            "",
        ],
        vec![
            "Sam Smith",
            "sam@example.com",
            "+442079460018",
            "London",
            "1990",
            "yes",
            "",
            "",
        ],
    ];
    assert_eq!(rows, expected);

    let out = &run.stdout;
    assert!(line_of(out, "rows read:").ends_with(" 8"), "{out}");
    assert!(line_of(out, "written (new):").ends_with(" 6"), "{out}");
    assert!(line_of(out, "merged:").contains(" 0 "), "{out}");
    assert!(
        line_of(out, "exact duplicates:").contains("1 dropped (line 3 repeats line 2)"),
        "{out}"
    );
    assert!(line_of(out, "near-duplicates:").contains(" 1 "), "{out}");
    assert!(
        line_of(out, "lines 4 and 5:").contains("a***@example.org"),
        "{out}"
    );
    assert!(
        line_of(out, "rows with problems:").ends_with("2 (lines 8, 9)"),
        "{out}"
    );
    assert!(
        line_of(out, "line 8: phone").contains("kept as it was"),
        "{out}"
    );
    assert!(
        line_of(out, "line 8: birth year").contains("left empty"),
        "{out}"
    );
    assert!(line_of(out, "line 9:").contains("left out"), "{out}");
    assert!(
        line_of(out, "ignored columns:").contains("\"חותמת זמן\""),
        "{out}"
    );
    // the page exists: no warning; nothing but the roster was added to the folder
    assert!(!run.stderr.contains("warning"), "{run}");
    let cohorts: Vec<String> = read_tree(&hub.root.join("content/cohorts"))
        .into_keys()
        .collect();
    assert_eq!(
        cohorts,
        ["class-2023.md", "class-2024.csv", "class-2024.md"],
        "temporary files left behind?"
    );

    // the roster builds, and no email or phone reaches the site or the build's output
    let built = hub.build(&[]);
    built.assert_ok("build with the imported roster");
    assert_masked(&built, SECRETS);
    for (path, bytes) in read_tree(&hub.public()) {
        let text = decode(&String::from_utf8_lossy(&bytes)).to_lowercase();
        for s in SECRETS
            .iter()
            .filter(|s| s.contains('@') || s.starts_with('+'))
        {
            assert!(!text.contains(&s.to_lowercase()), "{path} holds {s}");
        }
    }
}

#[test]
fn semicolon_and_tab_separated_exports_with_first_and_last_names() {
    let (hub, downloads) = setup();
    let semi = "First Name;Last Name;E-mail;Mobile;Town;Year of Birth;Consent;About\n\
        Dana;Cohen;dana@example.org;050 123 4567;Haifa;1998;yes;\"likes; semicolons, and commas\"\n \
        Avi ; Levi ;AVI@EXAMPLE.ORG;+972-52-765-4321;Akko;1995;no;\n";
    let file = downloads.join("export-semicolon.csv");
    fs::write(&file, semi).unwrap();
    let run = import(&hub, &file, "class-2023");
    run.assert_ok("import a semicolon-separated export");
    assert_masked(
        &run,
        &[
            "dana@example.org",
            "avi@example.org",
            "050 123 4567",
            "+972501234567",
            "+972-52-765-4321",
            "+972527654321",
        ],
    );
    let (header, rows) = roster(&hub, "class-2023");
    assert_eq!(header, HEADER);
    assert_eq!(
        rows,
        vec![
            vec![
                "Dana Cohen",
                "dana@example.org",
                "+972501234567",
                "Haifa",
                "1998",
                "yes",
                "likes; semicolons, and commas",
                ""
            ],
            vec![
                "Avi Levi",
                "avi@example.org",
                "+972527654321",
                "Akko",
                "1995",
                "no",
                "",
                ""
            ],
        ]
    );

    let tabbed = "name\temail\tphone\tconsent\nNoa\tnoa@example.org\t054-555-0199\tכן\n";
    let file = downloads.join("export-tab.csv");
    fs::write(&file, tabbed).unwrap();
    let run = import(&hub, &file, "class-2023");
    run.assert_ok("import a tab-separated export");
    assert_masked(&run, &["noa@example.org", "054-555-0199", "+972545550199"]);
    let (_, rows) = roster(&hub, "class-2023");
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[2],
        vec![
            "Noa",
            "noa@example.org",
            "+972545550199",
            "",
            "",
            "yes",
            "",
            ""
        ]
    );
}

/// "שם,עיר,טלפון" and a row "דנה,חיפה,0501234567" in Windows-1255, as Excel saves "CSV" on a
/// Hebrew Windows.
fn windows_1255_export() -> Vec<u8> {
    let mut b = vec![0xF9, 0xED, b',', 0xF2, 0xE9, 0xF8, b','];
    b.extend([0xE8, 0xEC, 0xF4, 0xE5, 0xEF, b'\r', b'\n']);
    b.extend([0xE3, 0xF0, 0xE4, b',', 0xE7, 0xE9, 0xF4, 0xE4, b',']);
    b.extend(b"0501234567\r\n");
    b
}

#[test]
fn a_windows_1255_export_is_refused_with_how_to_resave_it() {
    let (hub, downloads) = setup();
    let file = downloads.join("excel.csv");
    fs::write(&file, windows_1255_export()).unwrap();
    let run = import(&hub, &file, "class-2024");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("Windows-1255"), "{run}");
    assert!(run.stderr.contains("CSV UTF-8"), "{run}");
    assert_masked(&run, &["0501234567"]);
    assert!(!hub.root.join("content/cohorts/class-2024.csv").exists());
}

#[test]
fn merges_into_an_existing_roster_and_a_second_import_changes_nothing() {
    let (hub, downloads) = setup();
    hub.write(
        "content/cohorts/class-2024.csv",
        "name,email,phone,city,birth_year,consent,bio,link,notes\n\
         Dana Cohen,DANA@example.org,+972-50-123-4567,Haifa,1998,yes,old bio,,keep me\n\
         Old Member,old@example.org,,Akko,1980,no,,,\n\
         Phone Only,,052-111-2222,Jaffa,,yes,,,\n",
    );
    let file = downloads.join("update.csv");
    fs::write(
        &file,
        "name,email,phone,city\n\
         Dana Cohen,dana@example.org,050-123-4567,Tel Aviv\n\
         Phone Only,,+972521112222,Yafo\n\
         New Person,new@example.org,053-333-4444,Lod\n",
    )
    .unwrap();
    let run = import(&hub, &file, "class-2024");
    run.assert_ok("merge into an existing roster");
    let secrets = [
        "dana@example.org",
        "old@example.org",
        "new@example.org",
        "050-123-4567",
        "+972501234567",
        "052-111-2222",
        "+972521112222",
        "053-333-4444",
        "+972533334444",
    ];
    assert_masked(&run, &secrets);
    assert!(line_of(&run.stdout, "merged:").contains(" 2 "), "{run}");
    assert!(
        line_of(&run.stdout, "written (new):").ends_with(" 1"),
        "{run}"
    );
    assert!(
        run.stderr.contains("no consent column"),
        "new rows are written without consent, and the author is told: {run}"
    );

    let (header, rows) = roster(&hub, "class-2024");
    assert_eq!(header, [&HEADER[..], &["notes"]].concat());
    assert_eq!(
        rows,
        vec![
            // updated: city, email lowercased, phone normalised; bio, consent, notes kept
            vec![
                "Dana Cohen",
                "dana@example.org",
                "+972501234567",
                "Tel Aviv",
                "1998",
                "yes",
                "old bio",
                "",
                "keep me"
            ],
            vec![
                "Old Member",
                "old@example.org",
                "",
                "Akko",
                "1980",
                "no",
                "",
                "",
                ""
            ],
            // no email: matched by phone
            vec![
                "Phone Only",
                "",
                "+972521112222",
                "Yafo",
                "",
                "yes",
                "",
                "",
                ""
            ],
            vec![
                "New Person",
                "new@example.org",
                "+972533334444",
                "Lod",
                "",
                "no",
                "",
                "",
                ""
            ],
        ]
    );

    let path = hub.root.join("content/cohorts/class-2024.csv");
    let before = fs::read(&path).unwrap();
    let again = import(&hub, &file, "class-2024");
    again.assert_ok("the same import again");
    assert_masked(&again, &secrets);
    assert!(
        line_of(&again.stdout, "merged:").contains("3 into existing rows (3 already up to date)"),
        "{again}"
    );
    assert!(again.stdout.contains("was not changed"), "{again}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_missing_cohort_page_is_a_warning_and_the_roster_is_still_written() {
    let (hub, downloads) = setup();
    let file = downloads.join("f.csv");
    fs::write(&file, "שם,אימייל\nדנה,dana@example.org\n").unwrap();
    let run = import(&hub, &file, "class-2025");
    run.assert_ok("import into a cohort without a page");
    assert!(
        run.stderr.contains("content/cohorts/class-2025.md"),
        "{run}"
    );
    assert!(run.stderr.contains("kehila new cohort"), "{run}");
    assert!(run.stderr.contains("class-2024"), "did-you-mean: {run}");
    assert_masked(&run, &["dana@example.org"]);
    let (_, rows) = roster(&hub, "class-2025");
    assert_eq!(rows.len(), 1);
}

#[test]
fn usage_errors_exit_2_and_unusable_input_exits_1_writing_nothing() {
    let (hub, downloads) = setup();
    let file = downloads.join("f.csv");
    fs::write(&file, "name,email\nDana,dana@example.org\n").unwrap();
    let written = || hub.root.join("content/cohorts/class-2024.csv").exists();

    let run = import(&hub, &file, "Class 2024");
    assert_eq!(run.code, Some(2), "not a slug: {run}");
    assert!(run.stderr.contains("class-2024"), "{run}");
    let run = import(&hub, &file, "../../etc");
    assert_eq!(run.code, Some(2), "a path is not a slug: {run}");
    let run = kehila(["import".as_ref(), file.as_os_str()], &hub.root);
    assert_eq!(run.code, Some(2), "--cohort is required: {run}");
    let run = kehila(
        [
            "import".as_ref(),
            file.as_os_str(),
            "--cohort".as_ref(),
            "class-2024".as_ref(),
        ],
        &downloads,
    );
    assert_eq!(run.code, Some(2), "not a hub: {run}");
    assert!(!written());

    let run = import(&hub, &downloads.join("missing.csv"), "class-2024");
    assert_eq!(run.code, Some(1), "{run}");
    for (what, text) in [
        ("no name column", "city,email\nHaifa,dana@example.org\n"),
        ("no usable row", "name,email\n,dana@example.org\n"),
        ("empty", ""),
    ] {
        fs::write(&file, text).unwrap();
        let run = import(&hub, &file, "class-2024");
        assert_eq!(run.code, Some(1), "{what}: {run}");
        assert_masked(&run, &["dana@example.org"]);
    }
    assert!(!written());
}

#[test]
fn a_broken_existing_roster_is_not_overwritten() {
    let (hub, downloads) = setup();
    let original = "name,email\nDana,dana@example.org\nAvi,a@example.org,extra\n";
    hub.write("content/cohorts/class-2024.csv", original);
    let file = downloads.join("f.csv");
    fs::write(&file, "name,email\nNoa,noa@example.org\n").unwrap();
    let run = import(&hub, &file, "class-2024");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("line 3"), "{run}");
    assert_masked(
        &run,
        &["dana@example.org", "a@example.org", "noa@example.org"],
    );
    assert_eq!(
        fs::read_to_string(hub.root.join("content/cohorts/class-2024.csv")).unwrap(),
        original
    );
}

#[test]
fn an_export_kept_inside_the_hub_is_warned_about() {
    let (hub, downloads) = setup();
    let text = "sep=;\nname;email\nDana;dana@example.org\n";
    hub.write("static/form.csv", text);
    let run = import(&hub, &hub.root.join("static/form.csv"), "class-2024");
    run.assert_ok("import from inside the hub");
    assert!(run.stderr.contains("inside the hub"), "{run}");
    assert!(run.stderr.contains("published"), "{run}");
    assert_masked(&run, &["dana@example.org"]);
    let (_, rows) = roster(&hub, "class-2024");
    assert_eq!(rows[0][..2], ["Dana", "dana@example.org"]);

    let file = downloads.join("form.csv");
    fs::write(&file, text).unwrap();
    let run = import(&hub, &file, "class-2023");
    run.assert_ok("import from outside the hub");
    assert!(!run.stderr.contains("inside the hub"), "{run}");
}
