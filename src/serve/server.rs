//! The dev server's HTTP side (tiny_http): maps a request path inside the base path to a file
//! of the current snapshot (hostile paths refused), and injects the live-reload script and the
//! error overlay into HTML. GET and HEAD only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::livereload::{self, Hub};
use crate::render::{Output, Outputs};

/// One complete version of the site. Requests always see a whole snapshot: a rebuild builds a
/// new one and swaps the pointer, so nobody is served a half-built site.
pub struct Snapshot {
    pub outputs: Outputs,
    /// The base path this version is served under (from `base_url`, re-read on every build).
    pub base_path: String,
    /// HTML of the current build errors, shown over every page; `None` after a good build.
    pub errors: Option<String>,
    pub version: u64,
    /// False until the first build succeeds.
    pub built: bool,
}

pub struct State {
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    pub instance: u64,
}

const MAX_PATH: usize = 2048;

/// Where the event stream lives, under the base path so it works behind any prefix.
pub fn events_path(base_path: &str) -> String {
    format!("{base_path}__kehila/events")
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// The content type for a file name; text types carry their charset.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webmanifest" => "application/manifest+json",
        _ if path.ends_with("CNAME") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, relative to its root.
    File(PathBuf),
    /// Redirect to this URL (the base path, or a folder with its trailing slash).
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// Not in the site (or refused): the 404 page.
    NotFound,
}

/// Resolves a raw request path (with query) against the base path. Pure, for testing.
pub fn resolve(raw: &str, base_path: &str, has_file: impl Fn(&PathBuf) -> bool) -> Target {
    if raw.len() > MAX_PATH {
        return Target::NotFound;
    }
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if path == events_path(base_path) {
        return Target::Events;
    }
    if base_path != "/" && (path == "/" || path == base_path.trim_end_matches('/')) {
        return Target::Redirect(base_path.to_string());
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return Target::NotFound;
    };
    let lower = rest.to_ascii_lowercase();
    // Encoded separators would let one segment stand for several after decoding.
    if lower.contains("%2f") || lower.contains("%5c") || rest.contains('\\') {
        return Target::NotFound;
    }
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Target::NotFound;
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return Target::NotFound;
    }
    let mut file = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Target::NotFound,
            s => file.push(s),
        }
    }
    let folder = decoded.is_empty() || decoded.ends_with('/');
    if folder {
        return Target::File(file.join("index.html"));
    }
    if has_file(&file) {
        return Target::File(file);
    }
    if has_file(&file.join("index.html")) {
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
}

fn inject(html: &str, extra: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{}{}", &html[..i], extra, &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// Handles one request; event streams are handed to their own thread.
pub fn handle(state: &Arc<State>, req: Request) {
    let method = req.method().clone();
    if method != Method::Get && method != Method::Head {
        let r = Response::from_string("only GET and HEAD are served\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = req.respond(r);
        return;
    }
    let snap = state.current();
    let url = req.url().to_string();
    let target = resolve(&url, &snap.base_path, |p| {
        snap.outputs.files.contains_key(p) || snap.outputs.get(p).is_some()
    });
    let (status, body, ctype) = match target {
        Target::Events => {
            state
                .hub
                .stream(req.into_writer(), state.instance, snap.version);
            return;
        }
        Target::Redirect(to) => {
            let r = Response::from_string(format!("moved to {to}\n"))
                .with_status_code(302)
                .with_header(header("Location", &to));
            let _ = req.respond(r);
            return;
        }
        Target::File(p) => file(&snap, &p),
        Target::NotFound => not_found(&snap),
    };
    let (status, body, ctype) = dress(&snap, status, body, ctype);
    respond(req, method == Method::Head, status, body, ctype);
}

impl State {
    /// The snapshot being served (even if a thread panicked while holding the lock).
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_else(|p| Arc::clone(&p.into_inner()))
    }
}

/// A file of the snapshot (a deferred one is made now), or the 404 page.
fn file(snap: &Snapshot, p: &Path) -> (u16, Vec<u8>, &'static str) {
    match snap.outputs.get(p) {
        Some(out) => {
            let bytes = out.read(p).ok().map(|b| b.to_vec());
            match bytes {
                Some(b) => (200, b, content_type(&p.to_string_lossy())),
                None => not_found(snap),
            }
        }
        None => not_found(snap),
    }
}

/// HTML gets the live-reload script and the error overlay; before a first good build every
/// answer is a 500 page holding only those.
fn dress(
    snap: &Snapshot,
    status: u16,
    body: Vec<u8>,
    ctype: &'static str,
) -> (u16, Vec<u8>, &'static str) {
    let (status, body) = if !snap.built {
        (500, Vec::new())
    } else {
        (status, body)
    };
    let body = if ctype.starts_with("text/html") || !snap.built {
        let html = if snap.built {
            String::from_utf8_lossy(&body).into_owned()
        } else {
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>kehila: build failed</title></head><body></body></html>".to_string()
        };
        let mut extra = livereload::script(&events_path(&snap.base_path));
        if let Some(errors) = &snap.errors {
            extra.push_str(errors);
        }
        inject(&html, &extra).into_bytes()
    } else {
        body
    };
    let ctype = if snap.built {
        ctype
    } else {
        "text/html; charset=utf-8"
    };
    (status, body, ctype)
}

/// Sends the answer; a HEAD answer has no body but the length a GET would have.
fn respond(req: Request, head: bool, status: u16, body: Vec<u8>, ctype: &str) {
    let len = body.len();
    let mut r = Response::from_data(if head { Vec::new() } else { body })
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if head {
        r = r.with_header(header("Content-Length", &len.to_string()));
    }
    let _ = req.respond(r);
}

fn not_found(snap: &Snapshot) -> (u16, Vec<u8>, &'static str) {
    match snap.outputs.files.get(&PathBuf::from("404.html")) {
        Some(Output::Bytes(b)) => (404, b.to_vec(), "text/html; charset=utf-8"),
        _ => (
            404,
            b"<!doctype html><title>Not found</title><p>Not found</p>".to_vec(),
            "text/html; charset=utf-8",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(raw: &str) -> Target {
        resolve(raw, "/hub/", |p| {
            p == &PathBuf::from("posts/a/index.html") || p == &PathBuf::from("style.css")
        })
    }

    #[test]
    fn maps_paths_inside_the_base_path() {
        assert_eq!(r("/hub/"), Target::File("index.html".into()));
        assert_eq!(r("/hub/style.css?v=2"), Target::File("style.css".into()));
        assert_eq!(r("/hub/posts/a"), Target::Redirect("/hub/posts/a/".into()));
        assert_eq!(r("/"), Target::Redirect("/hub/".into()));
        assert_eq!(r("/hub"), Target::Redirect("/hub/".into()));
        assert_eq!(r("/other/"), Target::NotFound);
        assert_eq!(r("/hub/__kehila/events"), Target::Events);
    }

    #[test]
    fn refuses_hostile_paths() {
        for p in [
            "/hub/../site.yaml",
            "/hub/%2e%2e/site.yaml",
            "/hub/posts/%2e%2e/%2e%2e/x",
            "/hub/..%2fsite.yaml",
            "/hub/..%5csite.yaml",
            "/hub/a\\..\\b",
            "/hub/%00",
            "/hub/%ff",
        ] {
            assert_eq!(r(p), Target::NotFound, "{p}");
        }
        // Decoded once: %252e is the literal name "%2e", which is not a file of the site.
        assert_eq!(r("/hub/%252e%252e/x"), Target::NotFound);
        assert_eq!(r(&format!("/hub/{}", "a".repeat(3000))), Target::NotFound);
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        assert_eq!(
            inject("<body>x</body></html>", "S"),
            "<body>xS</body></html>"
        );
    }
}
