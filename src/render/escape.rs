//! Escaping text for HTML and XML: the one function every writer of markup uses (pages,
//! feeds, the sitemap, pictures, redirects, the digest's email).

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
