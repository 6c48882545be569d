//! THE URL builder. Every link the site makes — pages, lists, static files, sitemap entries —
//! comes from [`Urls`], so the path of `base_url` is applied in exactly one place. A [`Route`]
//! is a page's place in the site; it gives both its URL and the file it is written to.

use std::path::PathBuf;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// What must be escaped inside one path segment. Non-ASCII is always encoded, so every URL the
/// site prints is plain ASCII and survives chat apps and feed readers.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    // a `srcset` lists addresses separated by commas
    .add(b',')
    .add(b'[')
    .add(b']');

/// A page's place in the site: `["posts", "hello"]` is `/posts/hello/` and
/// `posts/hello/index.html`; `[]` is the home page. A route ending in a file name
/// (`sitemap.xml`) is a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route {
    segments: Vec<String>,
    is_file: bool,
}

impl Route {
    pub fn page<S: AsRef<str>>(segments: &[S]) -> Self {
        Route {
            segments: segments.iter().map(|s| s.as_ref().to_string()).collect(),
            is_file: false,
        }
    }

    pub fn file<S: AsRef<str>>(segments: &[S]) -> Self {
        Route {
            segments: segments.iter().map(|s| s.as_ref().to_string()).collect(),
            is_file: true,
        }
    }

    /// Where this route is written, relative to the output folder.
    pub fn output_path(&self) -> PathBuf {
        let mut p: PathBuf = self.segments.iter().collect();
        if !self.is_file {
            p.push("index.html");
        }
        p
    }

    /// The route's path under the base path, each segment escaped (no leading `/`).
    pub fn encoded(&self) -> String {
        let mut s = self
            .segments
            .iter()
            .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/");
        if !self.is_file && !s.is_empty() {
            s.push('/');
        }
        s
    }
}

/// Makes URLs for one site. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://org.github.io`
    origin: String,
    /// `/hub/` (always starts and ends with `/`): static files, images, theme assets.
    base_path: String,
    /// Where pages live: `base_path`, or `/hub/ar/` for a hub's other language.
    page_root: String,
}

impl Urls {
    /// `base_url` must be absolute and end in `/` (config guarantees it).
    pub fn new(base_url: &str) -> Self {
        let after_scheme = base_url.find("://").map(|i| i + 3).unwrap_or(0);
        let path_start = base_url[after_scheme..]
            .find('/')
            .map(|i| i + after_scheme)
            .unwrap_or(base_url.len());
        let mut base_path = base_url[path_start..].to_string();
        if !base_path.starts_with('/') {
            base_path.insert(0, '/');
        }
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Urls {
            origin: base_url[..path_start].to_string(),
            page_root: base_path.clone(),
            base_path,
        }
    }

    /// The URLs of a hub's other language: its pages under `BASE/code/`, files still at `BASE/`.
    pub fn for_language(&self, code: &str) -> Self {
        let mut u = self.clone();
        u.page_root = format!("{}{}/", self.base_path, code);
        u
    }

    /// Where this language's pages live (`/hub/` or `/hub/ar/`).
    pub fn page_root(&self) -> &str {
        &self.page_root
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The home page's full address (this language's).
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.page_root)
    }

    /// The site-absolute URL of a route: `/hub/posts/hello/`.
    pub fn url(&self, route: &Route) -> String {
        format!("{}{}", self.page_root, route.encoded())
    }

    /// Turns a site URL (as returned by this builder) into a full address.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with("http://") || url.starts_with("https://") {
            url.to_string()
        } else {
            // One allocation of the exact size; `format!` took ~900 instructions a call, and
            // a build makes a few of these per post (feeds, cards, pages).
            [self.origin.as_str(), url].concat()
        }
    }

    /// A path written by an author inside the site (`/images/x.png`, `/join/#how`, or
    /// `images/x.png`) → `/hub/images/x.png`. Full addresses are returned as they are.
    pub fn site_path(&self, path: &str) -> String {
        if is_external(path) {
            return path.to_string();
        }
        let (path, suffix) = match path.find(['?', '#']) {
            Some(i) => path.split_at(i),
            None => (path, ""),
        };
        let trimmed = path.trim_start_matches('/');
        // Most paths are plain ASCII names (`/posts/x/`), which decoding and encoding each
        // segment leaves as they are: 4,000 instructions a link, for nothing.
        if trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'~'))
        {
            return [self.base_path.as_str(), trimmed, suffix].concat();
        }
        let encoded = trimmed
            .split('/')
            .map(|seg| {
                let raw = percent_decode_str(seg).decode_utf8_lossy();
                utf8_percent_encode(&raw, SEGMENT).to_string()
            })
            .collect::<Vec<_>>()
            .join("/");
        format!("{}{}{}", self.base_path, encoded, suffix)
    }

    /// Where a site path (`/images/x.png`) lives inside `static/` or the output folder.
    pub fn site_path_file(path: &str) -> PathBuf {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let decoded = percent_decode_str(path.trim_start_matches('/')).decode_utf8_lossy();
        decoded.split('/').filter(|s| !s.is_empty()).collect()
    }
}

/// A link that leaves the site or is not a path (`https:`, `mailto:`, `tel:`, `//host`).
/// Addresses that run code when followed (`javascript:`, `vbscript:`, `data:`) are none of
/// these: front matter that gives one gets the field's "not a full address" error.
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url
            .split_once(':')
            .map(|(scheme, _)| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                    && !["javascript", "vbscript", "data"]
                        .iter()
                        .any(|s| scheme.trim().eq_ignore_ascii_case(s))
            })
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_run_code_are_not_external() {
        assert!(is_external("https://e.org/") && is_external("mailto:a@e.org"));
        assert!(!is_external("javascript:alert(1)") && !is_external("JavaScript:x"));
        assert!(!is_external("vbscript:x") && !is_external("data:text/html,x"));
        assert!(!is_external(" javascript:x") && !is_external("/join/"));
    }

    #[test]
    fn every_url_carries_the_base_path() {
        let u = Urls::new("https://org.github.io/hub/");
        assert_eq!(u.url(&Route::page::<&str>(&[])), "/hub/");
        assert_eq!(
            u.url(&Route::page(&["posts", "hello"])),
            "/hub/posts/hello/"
        );
        assert_eq!(u.url(&Route::file(&["sitemap.xml"])), "/hub/sitemap.xml");
        assert_eq!(u.site_path("/images/a b.png"), "/hub/images/a%20b.png");
        assert_eq!(u.site_path("/join/#how"), "/hub/join/#how");
        assert_eq!(u.site_path("https://x.org/a"), "https://x.org/a");
        assert_eq!(
            u.absolute(&u.url(&Route::page(&["posts"]))),
            "https://org.github.io/hub/posts/"
        );
    }

    #[test]
    fn another_language_has_its_pages_under_its_code_and_files_at_the_root() {
        let u = Urls::new("https://org.github.io/hub/").for_language("ar");
        assert_eq!(u.url(&Route::page(&["about"])), "/hub/ar/about/");
        assert_eq!(u.url(&Route::file(&["rss.xml"])), "/hub/ar/rss.xml");
        assert_eq!(u.site_path("/style.css"), "/hub/style.css");
        assert_eq!(u.base_path(), "/hub/");
    }

    #[test]
    fn root_domain_has_slash_base() {
        let u = Urls::new("https://alumni.example.org/");
        assert_eq!(u.base_path(), "/");
        assert_eq!(u.url(&Route::page(&["about"])), "/about/");
    }

    #[test]
    fn hebrew_slugs_are_percent_encoded_in_urls_but_not_on_disk() {
        let u = Urls::new("https://x.org/");
        let r = Route::page(&["posts", "שלום"]);
        assert_eq!(u.url(&r), "/posts/%D7%A9%D7%9C%D7%95%D7%9D/");
        assert_eq!(r.output_path(), PathBuf::from("posts/שלום/index.html"));
    }
}
