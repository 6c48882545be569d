//! Escaping text for HTML and XML: the one function every writer of markup uses (pages,
//! feeds, the sitemap, pictures, redirects, the digest's email), and the form the feed
//! library writes text in, for the Atom feed's content written beside it.

/// Escapes text for HTML and XML (`&`, `<`, `>`, quotes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `s` escaped as quick_xml (under `atom_syndication`) escapes text: `<`, `>`, `&`,
/// `'` and `"` as `&lt;`, `&gt;`, `&amp;`, `&apos;` and `&quot;`, the plain runs between them
/// skipped eight bytes at a time.
pub fn push_xml_text(out: &mut Vec<u8>, s: &str) {
    use super::byte_scan::{each_match, equal, equal_either};
    let b = s.as_bytes();
    out.reserve(b.len() + b.len() / 8);
    let test = |w| equal_either(w, b'<', b'>') | equal_either(w, b'&', b'\'') | equal(w, b'"');
    let slow = |c| matches!(c, b'<' | b'>' | b'&' | b'\'' | b'"');
    // `b[start..]` is not written yet.
    let mut start = 0;
    each_match(b, test, slow, |at| {
        out.extend_from_slice(&b[start..at]);
        out.extend_from_slice(match b[at] {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'\'' => b"&apos;",
            _ => b"&quot;",
        });
        start = at + 1;
    });
    out.extend_from_slice(&b[start..]);
}

#[cfg(test)]
mod tests {
    use atom_syndication as atom;

    /// The content as the Atom library writes it.
    fn library(s: &str) -> Vec<u8> {
        let feed = atom::Feed {
            entries: vec![atom::Entry {
                content: Some(atom::Content {
                    value: Some(s.to_string()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        };
        let doc = String::from_utf8(feed.write_to(Vec::new()).unwrap()).unwrap();
        let open = "<content type=\"html\">";
        let from = doc.find(open).unwrap() + open.len();
        let to = doc.rfind("</content>").unwrap();
        doc.as_bytes()[from..to].to_vec()
    }

    #[test]
    fn xml_text_as_the_atom_library_writes_it() {
        let mut samples: Vec<String> = (1u8..0x80)
            .flat_map(|c| {
                (0..10).map(move |at| {
                    let head = "y".repeat(at);
                    format!("{head}{}שלום <a href=\"x\">'&'</a>", char::from(c))
                })
            })
            .collect();
        samples.push("<<>>&&''\"\"\u{2028}😀".into());
        for s in samples {
            let mut ours = Vec::new();
            super::push_xml_text(&mut ours, &s);
            assert_eq!(ours, library(&s), "{s:?}");
        }
    }
}
