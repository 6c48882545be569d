//! The built-in search: the shared normalisation vectors (`tests/search/vectors.json`) in
//! Rust, and the index a real build of `tests/fixtures/hub-search` writes — read back as JSON
//! the way `search.js` reads it (manifest → shards by prefix → result groups).

mod common;
mod serve_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Hub, read_tree, sel};
use kehila::render::search::lexicon::Lexicon;
use kehila::render::search::normalize;
use scraper::Html;
use serde_json::Value;
use serve_support::{Served, replace_in};

fn vectors() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn query_vectors() {
    let v = vectors();
    let cases = v["query"].as_array().unwrap();
    assert!(cases.len() > 20);
    let mut failed = Vec::new();
    for c in cases {
        let input = c["in"].as_str().unwrap();
        let want: Vec<String> = serde_json::from_value(c["words"].clone()).unwrap();
        let got = normalize::query_words(input);
        if got != want {
            failed.push(format!(
                "{input:?}: got {got:?}, want {want:?} ({})",
                c["why"]
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn index_vectors() {
    let v = vectors();
    let mut failed = Vec::new();
    for c in v["index"].as_array().unwrap() {
        let input = c["in"].as_str().unwrap();
        let want: Vec<String> = serde_json::from_value(c["terms"].clone()).unwrap();
        // Through the lexicon, as a build indexes a page: pieces, words, clitic-free forms.
        let mut lex = Lexicon::default();
        lex.page();
        lex.add_text(input, 2);
        let got: BTreeSet<String> = lex
            .page_terms()
            .iter()
            .map(|&t| {
                lex.text(kehila::render::search::lexicon::unpack(t).0)
                    .to_string()
            })
            .collect();
        let got: Vec<String> = got.into_iter().collect();
        if got != want {
            failed.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The index of a built site, read as the page's script reads it.
struct Index {
    manifest: Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Index {
    fn open(out: &Path) -> Index {
        let files = read_tree(out);
        let manifest = serde_json::from_slice(&files["search/manifest.json"]).unwrap();
        Index { manifest, files }
    }

    fn json(&self, dir: &str, name: &Value) -> Value {
        let path = format!("search/{dir}/{}.json", name.as_str().unwrap());
        let bytes = self
            .files
            .get(&path)
            .unwrap_or_else(|| panic!("{path} missing"));
        serde_json::from_slice(bytes).unwrap()
    }

    /// Document number → best flags, for every term starting with `word` (one query word).
    fn postings(&self, word: &str) -> BTreeMap<u64, (u64, bool)> {
        let q = &normalize::query_words(word)[0];
        let mut out = BTreeMap::new();
        for (key, name) in self.manifest["shards"].as_object().unwrap() {
            if !(key.starts_with(q.as_str()) || q.starts_with(key.as_str())) {
                continue;
            }
            for (term, list) in self.json("s", name).as_object().unwrap() {
                if !term.starts_with(q.as_str()) {
                    continue;
                }
                let list = list.as_array().unwrap();
                let mut id = 0;
                for pair in list.chunks(2) {
                    id += pair[0].as_u64().unwrap();
                    let e = out.entry(id).or_insert((0, false));
                    e.0 |= pair[1].as_u64().unwrap();
                    e.1 |= term == q;
                }
            }
        }
        out
    }

    fn doc(&self, id: u64) -> Value {
        let g = self.manifest["group"].as_u64().unwrap();
        let group = self.json("g", &self.manifest["groups"][(id / g) as usize]);
        group[(id % g) as usize].clone()
    }

    /// A page's whole text as the search page reads it: the excerpt its group holds, or, when
    /// the group says the text goes on (`r`), the text of the content blocks of the page itself.
    fn text(&self, doc: &Value) -> String {
        let x = doc["x"].as_str().unwrap().to_string();
        if doc.get("r").is_none() {
            return x;
        }
        let url = doc["u"].as_str().unwrap();
        let page = format!("{}index.html", url.strip_prefix("/hub/").unwrap());
        let html = Html::parse_document(std::str::from_utf8(&self.files[&page]).unwrap());
        let prose = scraper::Selector::parse("main .prose").unwrap();
        let text: Vec<&str> = html.select(&prose).flat_map(|e| e.text()).collect();
        text.join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The URLs of the pages `word` finds.
    fn urls(&self, word: &str) -> Vec<String> {
        self.postings(word)
            .keys()
            .map(|&id| self.doc(id)["u"].as_str().unwrap().to_string())
            .collect()
    }
}

#[test]
fn the_index_finds_hebrew_forms_niqqud_arabic_and_latin() {
    let hub = Hub::new("hub-search");
    hub.build(&[]).assert_ok("search fixture builds");
    let ix = Index::open(&hub.public());
    assert_eq!(ix.manifest["v"], 1);
    let docs = ix.manifest["docs"].as_u64().unwrap();
    // 9 listed posts, a topic, a cohort, a leader, an event; not the draft or the expired post.
    assert_eq!(docs, 13);

    let cases = [
        ("בוגרים", "/hub/posts/evening-out/"),
        ("מחזור", "/hub/posts/registration/"),
        ("צה\"ל", "/hub/posts/service/"),
        ("צהל", "/hub/posts/service/"),
        ("שיר", "/hub/posts/song/"),
        ("resume", "/hub/posts/english/"),
        ("WORK", "/hub/posts/english/"),
        ("مدرسه", "/hub/posts/arabic/"),
        ("רכזת", "/hub/leaders/dana/"),
        ("משפחות", "/hub/events/evening/"),
    ];
    for (word, url) in cases {
        let urls = ix.urls(word);
        assert!(urls.contains(&url.to_string()), "{word}: {urls:?}");
    }
    // The only form of בוגר in that post is והבוגרים: found through its clitic-free form, as
    // a whole word.
    let hits = ix.postings("בוגרים");
    let (id, (_, whole)) = hits
        .iter()
        .find(|(id, _)| ix.doc(**id)["u"] == "/hub/posts/evening-out/")
        .unwrap();
    assert!(whole, "והבוגרים is a whole-word match for בוגרים");
    let doc = ix.doc(*id);
    assert_eq!(doc["t"], "ערב מיוחד בגן");
    assert_eq!(doc["k"], "post");
    assert_eq!(doc["d"][0], "2026-01-10");
    assert!(doc["x"].as_str().unwrap().contains("והבוגרים"));

    // A word with a one-letter prefix outside its markup (ל*מדריכים*, ב**קייטנה**) is one word
    // as the reader sees it: found as written, and through its clitic-free form; the excerpt
    // reads as the page does, with no space inside the word or before the full stop.
    assert_eq!(ix.urls("למדריכים"), ["/hub/posts/grant-body/"]);
    assert_eq!(ix.urls("בקייטנה"), ["/hub/posts/grant-body/"]);
    let camp = ix.postings("קייטנה");
    assert_eq!(camp.len(), 1, "{camp:?}");
    let (&id, &(_, whole)) = camp.iter().next().unwrap();
    assert!(whole, "בקייטנה is a whole-word match for קייטנה");
    let x = ix.doc(id)["x"].as_str().unwrap().to_string();
    assert!(x.ends_with("גם למדריכים שעבדו בקייטנה."), "{x}");
    assert_eq!(x, ix.text(&ix.doc(id)), "the excerpt is the page's text");

    // A word that only comes late in a long page: found, not in the excerpt the group holds,
    // and the group says the text goes on, so the search page reads it from the page itself.
    assert_eq!(ix.urls("פסיפס"), ["/hub/posts/long-trip/"]);
    let (&id, &(flags, _)) = ix.postings("פסיפס").iter().next().unwrap();
    assert_eq!(flags, 2, "in the text only");
    let doc = ix.doc(id);
    assert!(!doc["x"].as_str().unwrap().contains("פסיפס"), "{doc}");
    assert_eq!(doc["r"], 1, "{doc}");
    let text = ix.text(&doc);
    let at = text.chars().count() - text.split_once("הפסיפס").unwrap().1.chars().count();
    assert!(at > 700, "the match is at character {at}");
    assert!(text.ends_with("וציורי הציפורים."), "{text}");
    assert!(
        ix.doc(ix.postings("צהל").keys().next().copied().unwrap())
            .get("r")
            .is_none()
    );
    // A term only in a page's topics or cohort is flagged so (4), not as text (2).
    let career = ix.postings("קריירה");
    let trip = career
        .iter()
        .find(|(id, _)| ix.doc(**id)["u"] == "/hub/posts/long-trip/")
        .unwrap();
    assert_eq!(trip.1.0, 4, "{career:?}");

    // Title over text: the flags say where the term is.
    let grant = ix.postings("מלגה");
    let flags: BTreeMap<String, u64> = grant
        .iter()
        .map(|(id, (f, _))| (ix.doc(*id)["u"].as_str().unwrap().to_string(), *f))
        .collect();
    assert_eq!(flags["/hub/posts/grant-title/"] & 1, 1, "{flags:?}");
    assert_eq!(flags["/hub/posts/grant-body/"] & 1, 0, "{flags:?}");
    // Posts are numbered oldest first, so "newer first" is "higher number first".
    let ids: Vec<u64> = ["/hub/posts/grant-title/", "/hub/posts/grant-body/"]
        .iter()
        .map(|u| {
            *grant
                .iter()
                .find(|(id, _)| ix.doc(**id)["u"] == *u)
                .unwrap()
                .0
        })
        .collect();
    assert!(ids[0] < ids[1]);

    // Nothing of the draft or the expired post, in any index file.
    for (path, bytes) in ix.files.iter().filter(|(p, _)| p.starts_with("search/")) {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in ["draftonlyword", "expiredonlyword", "טיוטה", "שאוישה"] {
            assert!(!text.contains(secret), "{path} contains {secret}");
        }
    }
    assert!(ix.urls("draftonlyword").is_empty());

    // The search page, and the box in the header of other pages.
    let page = Html::parse_document(
        &std::fs::read_to_string(hub.public().join("search/index.html")).unwrap(),
    );
    let results = page.select(&sel("#search-results")).next().unwrap();
    assert_eq!(
        results.value().attr("data-index"),
        Some("/hub/search/manifest.json")
    );
    // Without JavaScript the page lists the topics (a parser with scripting on, like
    // scraper's, keeps <noscript> as text: parse that text).
    let noscript: String = page
        .select(&sel("noscript"))
        .next()
        .unwrap()
        .text()
        .collect();
    let noscript = Html::parse_fragment(&noscript);
    let topics: Vec<&str> = noscript
        .select(&sel("a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(topics, ["/hub/topics/career/"]);
    let post = Html::parse_document(
        &std::fs::read_to_string(hub.public().join("posts/song/index.html")).unwrap(),
    );
    let form = post
        .select(&sel("header form[role=search]"))
        .next()
        .unwrap();
    assert_eq!(form.value().attr("action"), Some("/hub/search/"));
    assert!(post.select(&sel("header input[name=q]")).next().is_some());
    assert!(
        post.select(&sel("main[data-pagefind-body]"))
            .next()
            .is_some()
    );
}

#[test]
fn unchanged_shards_keep_their_names_and_search_false_turns_it_off() {
    let hub = Hub::new("hub-search");
    hub.build(&[]).assert_ok("first build");
    let names = |hub: &Hub| -> BTreeSet<String> {
        read_tree(&hub.public())
            .into_keys()
            .filter(|p| p.starts_with("search/s/") || p.starts_with("search/g/"))
            .collect()
    };
    let before = names(&hub);
    hub.write(
        "content/posts/2025-07-01-song.md",
        "---\ntitle: \"שִׁיר הַמַּעֲלוֹת\"\ntopics: [career]\n---\nשיר ישן שלמדנו בטיול השנתי, עם זמרת.\n",
    );
    hub.build(&[]).assert_ok("second build");
    let after = names(&hub);
    let kept = before.intersection(&after).count();
    let changed = before.difference(&after).count();
    assert!(changed >= 1, "the edited post's files changed");
    assert!(
        kept * 2 > before.len(),
        "most files kept their names: {kept} kept, {changed} changed of {}",
        before.len()
    );
    let ix = Index::open(&hub.public());
    assert_eq!(ix.urls("זמרת"), ["/hub/posts/song/"]);

    let yaml = std::fs::read_to_string(hub.root.join("site.yaml")).unwrap();
    hub.write("site.yaml", &format!("{yaml}search: false\n"));
    hub.build(&[]).assert_ok("build without search");
    let files = read_tree(&hub.public());
    assert!(
        !files.keys().any(|p| p.starts_with("search/")),
        "no index, no page"
    );
    let post = Html::parse_document(
        &std::fs::read_to_string(hub.public().join("posts/song/index.html")).unwrap(),
    );
    assert!(post.select(&sel("form[role=search]")).next().is_none());
}

/// The index as `serve` serves it, read through HTTP like the page's script.
fn served_urls(s: &Served, word: &str) -> Result<Vec<String>, String> {
    let get = |rel: &str| -> Result<Value, String> {
        let r = s.get(rel);
        if r.status != 200 {
            return Err(format!("{rel}: status {}", r.status));
        }
        serde_json::from_slice(&r.body).map_err(|e| format!("{rel}: {e}"))
    };
    let manifest = get("search/manifest.json")?;
    let q = &normalize::query_words(word)[0];
    let mut ids = BTreeSet::new();
    for (key, name) in manifest["shards"].as_object().unwrap() {
        if key.starts_with(q.as_str()) || q.starts_with(key.as_str()) {
            let shard = get(&format!("search/s/{}.json", name.as_str().unwrap()))?;
            for (term, list) in shard.as_object().unwrap() {
                if term.starts_with(q.as_str()) {
                    let mut id = 0;
                    for pair in list.as_array().unwrap().chunks(2) {
                        id += pair[0].as_u64().unwrap();
                        ids.insert(id);
                    }
                }
            }
        }
    }
    let g = manifest["group"].as_u64().unwrap();
    ids.into_iter()
        .map(|id| {
            let name = manifest["groups"][(id / g) as usize].as_str().unwrap();
            let group = get(&format!("search/g/{name}.json"))?;
            Ok(group[(id % g) as usize]["u"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn serve_makes_a_saved_post_searchable() {
    let hub = Hub::new("hub-search");
    let s = Served::start(&hub.root);
    assert_eq!(
        served_urls(&s, "בוגרים").unwrap(),
        ["/hub/posts/evening-out/"]
    );
    assert!(served_urls(&s, "קונצרט").unwrap().is_empty());
    replace_in(
        &hub.root.join("content/posts/2025-07-01-song.md"),
        "שיר ישן",
        "שיר ישן מהקונצרט",
    );
    s.wait_for("the new word in the served index", || {
        let urls = served_urls(&s, "קונצרט")?;
        if urls == ["/hub/posts/song/"] {
            Ok(())
        } else {
            Err(format!("{urls:?}"))
        }
    });
    // The other pages are still found.
    assert_eq!(
        served_urls(&s, "בוגרים").unwrap(),
        ["/hub/posts/evening-out/"]
    );
}
