//! `sitemap.xml` and `robots.txt`: absolute URLs of every listed page, for search engines.

use crate::model::{Route, Urls};

/// One page's `<url>` line (kept with its job, see [`super::plan::Job::sitemap_line`]).
pub fn line(urls: &Urls, route: &Route) -> String {
    let loc = urls.absolute(&urls.url(route));
    format!("  <url><loc>{}</loc></url>\n", super::views::escape(&loc))
}

pub fn sitemap<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for l in lines {
        out.push_str(l);
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(urls: &Urls) -> String {
    let map = urls.absolute(&urls.url(&Route::file(&["sitemap.xml"])));
    format!("User-agent: *\nAllow: /\n\nSitemap: {map}\n")
}
