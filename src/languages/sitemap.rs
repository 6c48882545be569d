//! The hub's one `sitemap.xml`: every language's pages, each with `xhtml:link` alternates
//! to its translations and `x-default`.

use crate::model::translations::Map;
use crate::render::escape::escape;

/// The merged sitemap from each language's own (`<url><loc>…</loc></url>` lines, as
/// `render/sitemap.rs` writes them).
pub fn merged(parts: &[std::sync::Arc<Vec<u8>>], map: &Map) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for part in parts {
        let text = String::from_utf8_lossy(part);
        for line in text.lines() {
            let Some(loc) = line
                .trim()
                .strip_prefix("<url><loc>")
                .and_then(|l| l.strip_suffix("</loc></url>"))
            else {
                continue;
            };
            out.push_str("  <url><loc>");
            out.push_str(loc);
            out.push_str("</loc>");
            let site_url = map.site_url(&loc.replace("&amp;", "&"));
            let group = map
                .group(&site_url)
                .filter(|g| g.iter().flatten().count() > 1);
            if let Some(g) = group {
                let links = g
                    .iter()
                    .enumerate()
                    .filter_map(|(i, u)| Some((map.langs[i].code.as_str(), u.as_ref()?)))
                    .chain(g[0].as_ref().map(|u| ("x-default", u)));
                for (lang, u) in links {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                        escape(&map.absolute(u))
                    ));
                }
            }
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}
