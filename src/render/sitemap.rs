//! The site-wide files for crawlers and hosts: `sitemap.xml` (absolute URLs of every listed
//! page), `robots.txt`, `.nojekyll` and `CNAME` for GitHub Pages.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::kind::Made;
use super::output::{Output, Outputs};
use crate::diagnostics::Diagnostics;
use crate::model::{Route, Site, Urls};

/// The output kind: the four files, the sitemap listing every page of the plan that wants it.
pub fn kind(m: &Made, out: &mut Outputs, _: &mut Diagnostics) {
    let urls = &m.site.urls;
    let lines = m.jobs.iter().filter(|j| j.in_sitemap);
    add(m.site, lines.map(|j| j.sitemap_line(urls)), &mut out.files);
}

/// Adds the four files; `lines` are the sitemap lines of the listed pages.
fn add<'a>(
    site: &Site,
    lines: impl Iterator<Item = &'a str>,
    files: &mut BTreeMap<PathBuf, Output>,
) {
    let urls = &site.urls;
    files.insert("sitemap.xml".into(), Output::bytes(sitemap(lines)));
    files.insert("robots.txt".into(), Output::bytes(robots(urls)));
    // GitHub Pages would otherwise run Jekyll over the site and drop files starting with `_`.
    files.insert(".nojekyll".into(), Output::bytes(Vec::new()));
    if let Some(cname) = &site.config.cname {
        files.insert("CNAME".into(), Output::bytes(format!("{cname}\n")));
    }
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
