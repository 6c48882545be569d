//! `sitemap.xml` and `robots.txt`: absolute URLs of every listed page, for search engines.

use crate::model::{Route, Urls};

pub fn sitemap(urls: &Urls, routes: &[&Route]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for r in routes {
        let loc = urls.absolute(&urls.url(r));
        out.push_str("  <url><loc>");
        out.push_str(&super::views::escape(&loc));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(urls: &Urls) -> String {
    let map = urls.absolute(&urls.url(&Route::file(&["sitemap.xml"])));
    format!("User-agent: *\nAllow: /\n\nSitemap: {map}\n")
}
