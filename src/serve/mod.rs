//! `kehila serve`: build, serve from memory, watch, rebuild what changed, reload the browser;
//! a rebuild swaps in a whole new [`Snapshot`](server::Snapshot), a failed one keeps the last
//! good site under an error overlay. Nothing is written to disk.

pub mod livereload;
pub mod renames;
pub mod server;
pub mod watcher;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::{self, Session};
use crate::render::{Output, Outputs};
use livereload::{Hub, Reload};
use server::{Snapshot, State};

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
    pub open: bool,
}

/// The base path from site.yaml, read loosely: the server must start even if site.yaml is
/// broken, and the path must follow site.yaml when it is fixed or changed.
fn base_path(root: &Path, previous: &str) -> String {
    let mut ignore = Diagnostics::new();
    crate::config::load(root, None, &mut ignore)
        .map(|c| crate::model::Urls::new(&c.base_url).base_path().to_string())
        .unwrap_or_else(|| previous.to_string())
}

/// Listens with TCP_NODELAY (inherited by accepted connections on Linux): tiny_http writes a
/// response's head and body separately, and with Nagle's algorithm every response after the
/// first on a kept-alive connection would wait for a delayed ACK (~40 ms).
fn listen(bind: &str, port: u16) -> std::io::Result<std::net::TcpListener> {
    use std::net::ToSocketAddrs;
    let addr = (bind, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address to listen on"))?;
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// The errors of a failed build as an overlay for every page.
fn overlay(diags: &Diagnostics) -> String {
    let esc = crate::render::views::escape;
    let mut items = String::new();
    // Errors first, then the warnings the headline counts too.
    let sorted = diags.sorted();
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = sorted
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    for d in errors.into_iter().chain(warnings) {
        let colour = if d.severity == Severity::Error {
            "#fff"
        } else {
            "#ffd479"
        };
        items.push_str("<li style=\"margin:0 0 .8em;color:");
        items.push_str(colour);
        items.push_str("\"><code style=\"font-weight:bold;color:inherit\">");
        items.push_str(&esc(&d.headline()));
        items.push_str("</code>");
        if let Some(h) = &d.hint {
            items.push_str("<br><span>hint: ");
            items.push_str(&esc(h));
            items.push_str("</span>");
        }
        items.push_str("</li>");
    }
    format!(
        "<div id=\"kehila-errors\" role=\"alert\" dir=\"ltr\" lang=\"en\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#3b0a0a;color:#fff;font:15px/1.5 ui-monospace,monospace;padding:1em 1.2em;border-top:4px solid #ff6b6b;text-align:left\"><strong>kehila: the last change has errors ({}); showing the last good version.</strong><ul style=\"padding-left:1.2em\">{items}</ul></div>",
        esc(&diags.counts())
    )
}

/// Which outputs differ between two versions of the site. A copied static file counts as
/// changed when the watcher saw its source change. Both maps are walked side by side in their
/// (shared) order: looking 10,000 paths up one by one costs milliseconds per save.
fn changed_paths(old: &Outputs, new: &Outputs, touched: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let differs = |a: &Output, b: &Output| match (a, b) {
        (_, Output::Copy(src) | Output::Cached(src)) => a != b || touched.contains(src),
        // A page kept from the previous render is the same buffer: no need to compare bytes.
        (Output::Bytes(a), Output::Bytes(b)) => !Arc::ptr_eq(a, b) && a != b,
        // A feed set is reused while nothing it shows changed.
        (Output::Deferred(a), Output::Deferred(b)) => !Arc::ptr_eq(a, b),
        (a, b) => a != b,
    };
    let mut out = Vec::new();
    let mut olds = old.files.iter().peekable();
    let mut news = new.files.iter().peekable();
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((a, _)), Some((b, _))) if a.as_os_str() == b.as_os_str() => {
                std::cmp::Ordering::Equal
            }
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        match order {
            std::cmp::Ordering::Less => {
                if let Some((p, _)) = olds.next() {
                    out.push(p.clone());
                }
            }
            std::cmp::Ordering::Greater => {
                if let Some((p, _)) = news.next() {
                    out.push(p.clone());
                }
            }
            std::cmp::Ordering::Equal => {
                if let (Some((_, a)), Some((p, b))) = (olds.next(), news.next())
                    && differs(a, b)
                {
                    out.push(p.clone());
                }
            }
        }
    }
    out
}

/// Serves the hub until stopped. A request during a rebuild gets the previous complete site;
/// a failed first build still starts the server. The served site keeps the path of
/// `base_url`, so a link that forgets the base path breaks here, not after deploying.
pub fn run(opts: &Options) -> i32 {
    let root = match opts.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "error: cannot open the hub folder {}: {e}",
                opts.root.display()
            );
            return 2;
        }
    };
    let Some((server, port)) = open_server(opts) else {
        return 2;
    };
    let origin = origin(&opts.bind, port);
    let base_path = base_path(&root, "/");
    let local_base = format!("{origin}{base_path}");
    let state = first_state(base_path);

    let watch = match watcher::Watch::new(&root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", root.display());
            return 1;
        }
    };
    let mut session = Session::new(&root);
    let mut last_site = None;
    rebuild(
        &mut session,
        &root,
        &origin,
        opts.drafts,
        None,
        &state,
        &mut last_site,
    );

    spawn_handlers(&server, &state);
    announce(&local_base, opts.open);
    while let Some(changed) = watch.next() {
        rebuild(
            &mut session,
            &root,
            &origin,
            opts.drafts,
            Some(&changed),
            &state,
            &mut last_site,
        );
    }
    0
}

/// The listening server and its port (the one asked for, or the free one `--port 0` got);
/// `None` after saying why it cannot listen.
fn open_server(opts: &Options) -> Option<(Arc<tiny_http::Server>, u16)> {
    let server = match listen(&opts.bind, opts.port)
        .map_err(|e| e.to_string())
        .and_then(|l| tiny_http::Server::from_listener(l, None).map_err(|e| e.to_string()))
    {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e}\n  hint: another program may use this port; try --port 0 for any free port",
                opts.bind, opts.port
            );
            return None;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(opts.port);
    Some((server, port))
}

/// `http://host:port`, an IPv6 address in brackets.
fn origin(bind: &str, port: u16) -> String {
    let host = if bind.contains(':') {
        format!("[{bind}]")
    } else {
        bind.to_string()
    };
    format!("http://{host}:{port}")
}

/// Nothing built yet; `instance` tells a reloading browser that this is a new server.
fn first_state(base_path: String) -> Arc<State> {
    let instance = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    Arc::new(State {
        snapshot: RwLock::new(Arc::new(Snapshot {
            outputs: Outputs::default(),
            base_path,
            errors: None,
            version: 0,
            built: false,
        })),
        hub: Hub::default(),
        instance,
    })
}

/// Eight threads take requests, so one slow response does not hold up the others.
fn spawn_handlers(server: &Arc<tiny_http::Server>, state: &Arc<State>) {
    for _ in 0..8 {
        let server = Arc::clone(server);
        let state = Arc::clone(state);
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                server::handle(&state, req);
            }
        });
    }
}

/// The address on stdout (flushed: scripts and tests wait for it), and the browser if asked.
fn announce(local_base: &str, open: bool) {
    println!("serving {local_base}  (Ctrl+C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if open {
        let _ = std::process::Command::new("xdg-open")
            .arg(local_base)
            .spawn();
    }
}

fn rebuild(
    session: &mut Session,
    root: &Path,
    origin: &str,
    drafts: bool,
    changed: Option<&HashSet<PathBuf>>,
    state: &State,
    last_site: &mut Option<Arc<crate::model::Site>>,
) {
    let started = Instant::now();
    let old = state.current();
    let base_path = base_path(root, &old.base_path);
    if base_path != old.base_path {
        println!("serving {origin}{base_path}  (base_url changed)");
    }
    let base_url = format!("{origin}{base_path}");
    let mut diags = Diagnostics::new();
    let opts = pipeline::Options {
        base_url: Some(&base_url),
        drafts,
        now: pipeline::now(),
        progress: crate::progress::Progress::hidden(),
        sink: None,
        keep_markdown: true,
    };
    let mut t = crate::timings::Timings::start();
    let result = session.run(&opts, changed, &mut diags);
    t.lap("session");
    if let (Some((site, _)), Some(old), Some(changed)) = (&result, last_site.as_ref(), changed) {
        diags.extend(renames::warnings(old, site, changed));
    }
    if let Some((site, _)) = &result {
        *last_site = Some(Arc::clone(site));
    }
    if !diags.items().is_empty() {
        eprintln!("{}", diags.render(root, crate::diagnostics::use_color()));
    }
    let version = old.version + 1;
    let (next, what) = match result {
        Some((_, outputs)) => {
            let diff = changed_paths(&old.outputs, &outputs, changed.unwrap_or(&HashSet::new()));
            t.lap("diff");
            report_build(&old, &outputs, session, diff.len(), started);
            let what = reload_for(&old, &diff, &base_path);
            let next = Snapshot {
                outputs,
                base_path,
                errors: None,
                version,
                built: true,
            };
            (next, what)
        }
        None => failed(&old, &diags, version),
    };
    if let Ok(mut s) = state.snapshot.write() {
        *s = Arc::new(next);
    }
    if let Some(what) = what {
        state.hub.broadcast(what, version);
    }
}

fn report_build(
    old: &Snapshot,
    outputs: &Outputs,
    session: &Session,
    changed_files: usize,
    started: Instant,
) {
    if old.built {
        println!(
            "rebuilt in {} ms: {} pages rendered, {} files changed",
            started.elapsed().as_millis(),
            session.rendered_pages(),
            changed_files
        );
    } else {
        // The first build changes no file: serve writes nothing to disk.
        println!(
            "built in {} ms: {} pages, {} files, kept in memory (nothing is written to disk)",
            started.elapsed().as_millis(),
            outputs.pages,
            outputs.files.len()
        );
    }
}

/// What the browsers must do after a good build: nothing when no served byte changed (and the
/// last version was good), swap stylesheets when only CSS changed, else reload.
fn reload_for(old: &Snapshot, diff: &[PathBuf], base_path: &str) -> Option<Reload> {
    let css_only = !diff.is_empty()
        && old.errors.is_none()
        && old.built
        && diff
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
    if diff.is_empty() && old.errors.is_none() && old.built && old.base_path == base_path {
        None
    } else if css_only {
        Some(Reload::Css)
    } else {
        Some(Reload::Page)
    }
}

/// After a failed build: the last good site, under the overlay of its errors.
fn failed(old: &Snapshot, diags: &Diagnostics, version: u64) -> (Snapshot, Option<Reload>) {
    eprintln!(
        "build failed: {}; still serving the last good version",
        diags.counts()
    );
    let next = Snapshot {
        outputs: clone_outputs(&old.outputs),
        base_path: old.base_path.clone(),
        errors: Some(overlay(diags)),
        version,
        built: old.built,
    };
    (next, Some(Reload::Page))
}

fn clone_outputs(o: &Outputs) -> Outputs {
    Outputs {
        files: o.files.clone(),
        folders: o.folders.clone(),
        pages: o.pages,
    }
}
