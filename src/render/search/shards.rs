//! The index as files, named by their bytes: `search/manifest.json` (small, fixed name), term
//! shards `search/s/*.json` keyed by term prefix, result groups `search/g/*.json`.
//!
//! A group holds title, URL, kind, date and excerpt of [`GROUP`] pages. A page's text past its
//! excerpt is not copied: the search page reads it from the page itself when a match lies there.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use super::index::{Doc, EXCERPT_CHARS};
use super::lexicon::{Lexicon, pack, unpack};
use crate::render::json_string;

/// Pages per result group: a query fetches the groups of the results it shows.
pub const GROUP: usize = 8;

/// A shard larger than this (bytes of JSON) is split by one more letter of its terms.
pub const SHARD_BYTES: usize = 24_000;

/// Terms are never split past this many letters of prefix.
const MAX_PREFIX: usize = 6;

fn name(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = crate::hashing::key_hasher();
    h.write(bytes);
    h.write_usize(bytes.len());
    format!("{:016x}", h.finish())
}

/// The first `n` characters of `term` (all of it when shorter).
fn prefix(term: &str, n: usize) -> &str {
    match term.char_indices().nth(n) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// The pages of one term with its flags there, by page number ([`pack`]ed).
type Postings<'a> = &'a [u32];

/// Splits sorted `terms` (with their JSON sizes) into shards: (key, range of terms).
fn plan(
    terms: &[(&str, Postings<'_>)],
    sizes: &[usize],
    start: usize,
    end: usize,
    depth: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let mut i = start;
    while i < end {
        let key = prefix(terms[i].0, depth);
        let mut j = i;
        let mut size = 0;
        while j < end && prefix(terms[j].0, depth) == key {
            size += sizes[j];
            j += 1;
        }
        if size <= SHARD_BYTES || depth >= MAX_PREFIX {
            out.push((key.to_string(), i..j));
        } else {
            // The term that is the key itself stays under the key; the rest is split further.
            let mut from = i;
            if terms[i].0 == key {
                out.push((key.to_string(), i..i + 1));
                from += 1;
            }
            plan(terms, sizes, from, j, depth + 1, out);
        }
        i = j;
    }
}

fn shard_json(terms: &[(&str, Postings<'_>)], capacity: usize) -> String {
    // Formatting machinery (`write!`) per number was a tenth of the index's time.
    let mut digits = itoa::Buffer::new();
    let mut s = String::with_capacity(capacity);
    s.push('{');
    for (n, (term, postings)) in terms.iter().enumerate() {
        if n > 0 {
            s.push(',');
        }
        // Terms are letters and digits only (see normalize), so they need no escaping.
        s.push('"');
        s.push_str(term);
        s.push_str("\":[");
        let mut last = 0;
        for (k, &posting) in postings.iter().enumerate() {
            let (id, flags) = unpack(posting);
            if k > 0 {
                s.push(',');
            }
            s.push_str(digits.format(id - last));
            s.push(',');
            // Flags are one digit (1 | 2 | 4 added up).
            s.push(char::from(b'0' + flags));
            last = id;
        }
        s.push(']');
    }
    s.push('}');
    s
}

/// One result as a group file holds it (`search.js` reads these names): date (ISO, as
/// written), kind, "the text goes on" (`r`, only when it does), title, URL, excerpt, in this
/// order. Written directly, with `<`/`>` escaped, as serde_json and
/// [`json_string::without_tags`] wrote it before (see [`json_string`]).
fn push_result(out: &mut Vec<u8>, d: &Doc) {
    out.extend_from_slice(b"{\"d\":");
    match &d.date {
        Some((iso, human)) => {
            out.push(b'[');
            json_string::push(out, iso);
            out.push(b',');
            json_string::push(out, human);
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"k\":");
    json_string::push(out, d.kind);
    if d.more {
        out.extend_from_slice(b",\"r\":1");
    }
    out.extend_from_slice(b",\"t\":");
    json_string::push(out, &d.title);
    out.extend_from_slice(b",\"u\":");
    json_string::push(out, &d.url);
    out.extend_from_slice(b",\"x\":");
    json_string::push(out, &d.excerpt);
    out.push(b'}');
}

/// Postings by term number, all in one array (counted first, then filled in page order): the
/// pages of term `t` are `all[start[t]..start[t + 1]]`. The lexicon may hold terms no page
/// has any more (serve).
fn postings(docs: &[std::sync::Arc<Doc>], lex: &Lexicon) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; lex.len() + 1];
    for d in docs {
        for &term in &d.terms {
            start[unpack(term).0 as usize + 1] += 1;
        }
    }
    for t in 1..start.len() {
        start[t] += start[t - 1];
    }
    let mut fill = start.clone();
    let mut all = vec![0u32; start[lex.len()] as usize];
    for (id, d) in docs.iter().enumerate() {
        for &term in &d.terms {
            let (term, flags) = unpack(term);
            let at = &mut fill[term as usize];
            all[*at as usize] = pack(id as u32, flags);
            *at += 1;
        }
    }
    (start, all)
}

/// A file of the last index by its path, if there was one (`serve`): shard and group names
/// are made of their bytes, so one of the same name is the same file.
pub type Kept<'a> = dyn Fn(&std::path::Path) -> Option<Arc<Vec<u8>>> + 'a;

/// Every file of the index for `docs` (in index order: a page's number is its place), those
/// that `kept` has given back as they are: after a save most shards and groups are the same,
/// and holding two copies of every one made the new index's memory anew on every save.
pub fn files(docs: &[Arc<Doc>], lex: &Lexicon, kept: &Kept) -> Vec<(PathBuf, Arc<Vec<u8>>)> {
    let mut out = Vec::new();
    each_file(docs, lex, kept, &mut |path, file| out.push((path, file)));
    out
}

/// [`files`], each handed to `emit` as soon as it is made: a build writes it and frees it,
/// so the next file is made in the same memory rather than in new memory.
pub fn each_file(
    docs: &[Arc<Doc>],
    lex: &Lexicon,
    kept: &Kept,
    emit: &mut dyn FnMut(PathBuf, Arc<Vec<u8>>),
) {
    let (start, all) = postings(docs, lex);
    let mut terms: Vec<(&str, Postings<'_>)> = (0..lex.len())
        .filter(|&t| start[t] < start[t + 1])
        .map(|t| {
            (
                lex.text(t as u32),
                &all[start[t] as usize..start[t + 1] as usize],
            )
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let sizes: Vec<usize> = terms
        .iter()
        .map(|(t, p)| t.len() + 6 + p.len() * 6)
        .collect();
    let mut ranges = Vec::new();
    plan(&terms, &sizes, 0, terms.len(), 1, &mut ranges);

    let mut add = |path: PathBuf, bytes: Vec<u8>| {
        let file = kept(&path).unwrap_or_else(|| Arc::new(bytes));
        emit(path, file);
    };
    let mut shards = serde_json::Map::new();
    for (key, range) in ranges {
        // The planned size, so the text is not copied as it grows.
        let capacity = sizes[range.clone()].iter().sum::<usize>() + 2;
        let bytes = shard_json(&terms[range], capacity).into_bytes();
        let n = name(&bytes);
        shards.insert(key, n.clone().into());
        add(PathBuf::from(format!("search/s/{n}.json")), bytes);
    }
    let mut groups = Vec::new();
    for chunk in docs.chunks(GROUP) {
        // titles and excerpts are text: like feed.json, no `<` that a tool could take for a tag
        let mut bytes = Vec::with_capacity(chunk.len() * (EXCERPT_CHARS * 2 + 256));
        for (k, d) in chunk.iter().enumerate() {
            bytes.push(if k == 0 { b'[' } else { b',' });
            push_result(&mut bytes, d);
        }
        bytes.push(b']');
        let n = name(&bytes);
        groups.push(serde_json::Value::from(n.clone()));
        add(PathBuf::from(format!("search/g/{n}.json")), bytes);
    }
    let manifest = json!({
        "v": 1,
        "docs": docs.len(),
        "group": GROUP,
        "groups": groups,
        "shards": shards,
    });
    // Its name is fixed, not made of its bytes: always the new one.
    let manifest = serde_json::to_vec(&manifest).unwrap_or_default();
    emit(PathBuf::from("search/manifest.json"), Arc::new(manifest));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_prefixes_split_and_keep_the_short_term() {
        let all: Vec<u32> = (0..3000).map(|i| pack(i, 2)).collect();
        let p = |n: usize| &all[..n];
        let terms = vec![
            ("ab", p(3000)),
            ("abc", p(3000)),
            ("abd", p(10)),
            ("b", p(1)),
        ];
        let sizes: Vec<usize> = terms
            .iter()
            .map(|(t, p)| t.len() + 6 + p.len() * 6)
            .collect();
        let mut out = Vec::new();
        plan(&terms, &sizes, 0, terms.len(), 1, &mut out);
        let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["ab", "abc", "abd", "b"]);
    }
}
