//! A JSON string literal written in one pass: the bytes serde_json writes for a string, with
//! `<` and `>` as `\u003c` and `\u003e` as [`without_tags`] makes them.
//!
//! The JSON feed carries every post's HTML: at 10,000 posts that is over 70 MB of strings
//! dense with tags and quotes. serde_json's escaping (a table lookup per byte) and the second
//! pass for the tags were a fifth of a full-content build's feed work; this writer skips eight
//! plain bytes (Hebrew text, words) at a time and escapes the rest in the same pass.

use super::byte_scan;

/// What each byte becomes: 0 itself, `u` a `\u00XX` escape, any other byte the letter after
/// a backslash, `<`/`>` their `\u003c`/`\u003e` forms.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[b'<' as usize] = b'<';
    t[b'>' as usize] = b'>';
    t
};

/// A mask whose lowest set bit is the high bit of the first of the eight bytes (in memory
/// order) that needs an escape: below 0x20, `"`, `\`, `<` or `>`. Zero when none does.
fn to_escape(w: u64) -> u64 {
    use byte_scan::{below, equal, equal_either};
    below(w, 0x20) | equal(w, b'"') | equal(w, b'\\') | equal_either(w, b'<', b'>')
}

fn escape_byte(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match ESCAPE[usize::from(c)] {
        0 => out.push(c),
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(c >> 4)],
            HEX[usize::from(c & 0xf)],
        ]),
        b'<' => out.extend_from_slice(b"\\u003c"),
        b'>' => out.extend_from_slice(b"\\u003e"),
        e => out.extend_from_slice(&[b'\\', e]),
    }
}

/// Appends `s` as a JSON string literal, quotes included.
pub fn push(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2 + b.len() / 8);
    out.push(b'"');
    // `b[start..]` is not written yet.
    let mut start = 0;
    let slow = |c: u8| ESCAPE[usize::from(c)] != 0;
    byte_scan::each_match(b, to_escape, slow, |at| {
        out.extend_from_slice(&b[start..at]);
        escape_byte(out, b[at]);
        start = at + 1;
    });
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// `<` and `>` written as `\u003c` and `\u003e` (the same JSON): a title that holds
/// `<script>` is text, and a tool that pastes feed.json into a page, or a grep for markup,
/// must not see a tag in it. They can only occur inside strings, so every one is replaced.
pub fn without_tags(doc: Vec<u8>) -> Vec<u8> {
    if memchr::memchr2(b'<', b'>', &doc).is_none() {
        return doc;
    }
    let mut out = Vec::with_capacity(doc.len() + doc.len() / 8);
    let mut from = 0;
    for at in memchr::memchr2_iter(b'<', b'>', &doc) {
        out.extend_from_slice(&doc[from..at]);
        out.extend_from_slice(if doc[at] == b'<' {
            b"\\u003c"
        } else {
            b"\\u003e"
        });
        from = at + 1;
    }
    out.extend_from_slice(&doc[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_way(s: &str) -> Vec<u8> {
        without_tags(serde_json::to_vec(s).unwrap())
    }

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        push(&mut out, s);
        out
    }

    #[test]
    fn every_ascii_byte_at_every_place_in_a_block_as_serde_json_writes_it() {
        for c in 0u8..0x80 {
            for at in 0..17 {
                let mut s = "x".repeat(at);
                s.push(char::from(c));
                s.push_str("שלום עולם, <p class=\"a\">");
                assert_eq!(ours(&s), serde_way(&s), "byte {c:#x} at {at}");
            }
        }
    }

    #[test]
    fn html_hebrew_and_odd_characters_as_serde_json_writes_them() {
        let samples = [
            "",
            "<p>בוגרי <strong>המחזור</strong> נפגשים ב־\"בית העם\"</p>\n<pre><code>a\\b\tc</code></pre>",
            "\u{2028}\u{2029}\u{7f}\u{feff}é😀 <a href=\"https://x.org/?a=1&b=2\">x</a>\r\n",
            "\u{0}\u{1f}>>><<<\"\"\"\\\\\\",
            "12345678<2345678\"",
        ];
        for s in samples {
            assert_eq!(ours(s), serde_way(s), "{s:?}");
        }
    }
}
