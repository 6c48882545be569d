//! Redirect pages for `aliases:`: at each old address a tiny page that sends the browser on
//! (meta refresh), tells search engines where the page lives now (`rel=canonical`) and shows
//! a plain link for anyone whose browser does not follow.

use std::path::PathBuf;

use super::escape::escape;
use super::kind::Made;
use super::output::{Output, Outputs};
use crate::diagnostics::Diagnostics;
use crate::model::Site;

/// The output kind: a redirect page at each alias.
pub fn kind(m: &Made, out: &mut Outputs, _: &mut Diagnostics) {
    out.files.extend(pages(m.site));
}

pub fn pages(site: &Site) -> Vec<(PathBuf, Output)> {
    let lang = escape(&site.config.language);
    let dir = site.config.dir();
    site.aliases
        .iter()
        .map(|a| {
            let target = escape(&a.target);
            let canonical = escape(&site.urls.absolute(&a.target));
            let title = escape(&a.title);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{title}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n\
<body>\n<main>\n<p><a href=\"{target}\">{title}</a></p>\n</main>\n</body>\n</html>\n"
            );
            (a.route.output_path(), Output::bytes(html))
        })
        .collect()
}
