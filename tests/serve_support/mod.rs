//! Helpers for `tests/serve.rs`: a running `kehila serve` child (killed on drop), a tiny
//! HTTP/1.1 client over `std::net::TcpStream` (`Connection: close`, raw request targets, so
//! hostile paths reach the server exactly as written), an SSE reader, and bounded polling.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails. Generous for a loaded CI machine
/// running debug binaries in parallel, but always bounded.
pub const DEADLINE: Duration = Duration::from_secs(15);
/// No rebuild for this long = the server has caught up with the files (the watcher's burst
/// window is at most 250 ms).
pub const QUIET: Duration = Duration::from_millis(600);
const POLL: Duration = Duration::from_millis(15);

/// The opening of the script `serve` injects into HTML pages.
pub const SCRIPT_START: &str = "<script>/* kehila serve: live reload */";

#[derive(Default)]
struct Log {
    stdout: Vec<String>,
    stderr: Vec<String>,
    /// `built in …` (the first build), `rebuilt in …` (stdout) and `build failed: …` (stderr)
    /// lines seen so far.
    builds: usize,
    last_build: Option<Instant>,
}

/// A `kehila serve --root ROOT --port 0` process, killed when dropped.
pub struct Served {
    child: Child,
    log: Arc<Mutex<Log>>,
    pub port: u16,
    /// `http://127.0.0.1:PORT/hub/`, as printed by the server.
    pub base_url: String,
    /// `/hub/`
    pub base_path: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_build_line(line: &str) -> bool {
    line.starts_with("rebuilt in ")
        || line.starts_with("built in ")
        || line.starts_with("build failed")
}

fn pump(stream: impl Read + Send + 'static, log: Arc<Mutex<Log>>, is_stdout: bool) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            if is_build_line(&line) {
                log.builds += 1;
                log.last_build = Some(Instant::now());
            }
            if is_stdout {
                log.stdout.push(line);
            } else {
                log.stderr.push(line);
            }
        }
    });
}

impl Served {
    /// Starts the server on `root` and waits (bounded) for its `serving URL` line.
    pub fn start(root: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kehila"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kehila serve");
        let log = Arc::new(Mutex::new(Log::default()));
        pump(child.stdout.take().unwrap(), Arc::clone(&log), true);
        pump(child.stderr.take().unwrap(), Arc::clone(&log), false);
        let mut served = Served {
            child,
            log,
            port: 0,
            base_url: String::new(),
            base_path: String::new(),
        };
        let started = Instant::now();
        let url = loop {
            let line = served
                .lock()
                .stdout
                .iter()
                .find(|l| l.starts_with("serving "))
                .cloned();
            if let Some(line) = line {
                break line
                    .split_whitespace()
                    .nth(1)
                    .expect("URL after `serving`")
                    .to_string();
            }
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!("kehila serve exited early ({status})\n{}", served.output());
            }
            if started.elapsed() > DEADLINE {
                panic!(
                    "kehila serve printed no `serving URL` line within {DEADLINE:?}\n{}",
                    served.output()
                );
            }
            std::thread::sleep(POLL);
        };
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("serve URL is not on 127.0.0.1: {url}"));
        let (port, path) = rest.split_at(rest.find('/').expect("a path after the port"));
        served.port = port.parse().expect("port number");
        served.base_path = path.to_string();
        served.base_url = url;
        served
    }

    /// Sends SIGINT (what Ctrl+C does) and waits, bounded, for the process to exit.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("run kill -INT");
        assert!(ok.success(), "kill -INT {pid} failed");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for kehila serve") {
                return status;
            }
            if started.elapsed() > DEADLINE {
                panic!(
                    "kehila serve did not exit within {DEADLINE:?} of SIGINT\n{}",
                    self.output()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Sends SIGTERM (what a service manager or `kill` sends) and returns how long the process
    /// took to exit (bounded by [`DEADLINE`]).
    pub fn terminate(&mut self) -> Duration {
        let pid = self.child.id().to_string();
        let started = Instant::now();
        let ok = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("run kill -TERM");
        assert!(ok.success(), "kill -TERM {pid} failed");
        loop {
            if self
                .child
                .try_wait()
                .expect("wait for kehila serve")
                .is_some()
            {
                return started.elapsed();
            }
            if started.elapsed() > DEADLINE {
                panic!(
                    "kehila serve did not exit within {DEADLINE:?} of SIGTERM\n{}",
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Everything the server printed so far (for failure messages).
    pub fn output(&self) -> String {
        let log = self.lock();
        format!(
            "--- serve stdout ---\n{}\n--- serve stderr ---\n{}",
            log.stdout.join("\n"),
            log.stderr.join("\n")
        )
    }

    pub fn stderr(&self) -> String {
        self.lock().stderr.join("\n")
    }

    /// How many builds (good or failed) the server has reported.
    pub fn builds(&self) -> usize {
        self.lock().builds
    }

    /// Waits until the server has not reported a build for [`QUIET`], i.e. it has caught up
    /// with every change made so far. A server that keeps rebuilding on its own fails here.
    pub fn settle(&self) {
        let started = Instant::now();
        loop {
            let quiet_since = self.lock().last_build.map(|t| t.elapsed());
            if quiet_since.is_none_or(|q| q >= QUIET) && started.elapsed() >= QUIET {
                return;
            }
            if started.elapsed() > DEADLINE {
                panic!(
                    "the server kept rebuilding for {DEADLINE:?} without a change\n{}",
                    self.output()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Site path (`posts/x/`, without the base path) → request target (`/hub/posts/x/`),
    /// percent-encoding non-ASCII bytes as a browser does.
    pub fn target(&self, site_rel: &str) -> String {
        format!("{}{}", self.base_path, encode_path(site_rel))
    }

    /// `GET` a site path (`posts/x/`, without the base path).
    pub fn get(&self, site_rel: &str) -> Resp {
        self.raw("GET", &self.target(site_rel))
    }

    /// A request with a raw target, sent exactly as given; panics if the server does not answer.
    pub fn raw(&self, method: &str, target: &str) -> Resp {
        request(self.port, method, target).unwrap_or_else(|e| {
            panic!(
                "{method} {} failed: {e}\n{}",
                shorten(target),
                self.output()
            )
        })
    }

    /// Polls `check` until it returns `Ok`, or fails the test with its last `Err` after
    /// [`DEADLINE`].
    pub fn wait_for<T>(&self, what: &str, mut check: impl FnMut() -> Result<T, String>) -> T {
        let started = Instant::now();
        loop {
            match check() {
                Ok(v) => return v,
                Err(last) => {
                    if started.elapsed() > DEADLINE {
                        panic!(
                            "timed out after {DEADLINE:?} waiting for {what}\nlast: {last}\n{}",
                            self.output()
                        );
                    }
                }
            }
            std::thread::sleep(POLL);
        }
    }
}

/// Shortens a long request target for messages.
pub fn shorten(s: &str) -> String {
    if s.len() > 120 {
        format!("{}…({} bytes)", &s[..100], s.len())
    } else {
        s.to_string()
    }
}

/// Percent-encodes every byte outside printable ASCII (what a browser sends for `/posts/מפגש/`).
pub fn encode_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn has_overlay(&self) -> bool {
        self.text().contains("id=\"kehila-errors\"")
    }
}

/// One HTTP/1.1 request with `Connection: close`; reads the whole response.
pub fn request(port: u16, method: &str, target: &str) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(DEADLINE))?;
    s.set_write_timeout(Some(DEADLINE))?;
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: kehila-test\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes())?;
    s.flush()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let _ = s.shutdown(Shutdown::Both);
    parse_response(&raw, method == "HEAD")
}

fn bad(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

fn parse_response(raw: &[u8], head: bool) -> std::io::Result<Resp> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| {
            bad(format!(
                "no complete response head in {} bytes: {:?}",
                raw.len(),
                String::from_utf8_lossy(&raw[..raw.len().min(200)])
            ))
        })?;
    let head_text = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("bad status line {status_line:?}")))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    if chunked && !head {
        body = dechunk(&body)?;
    } else if let Some(len) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        && !head
    {
        if body.len() < len {
            return Err(bad(format!(
                "body cut short: {} of {len} bytes",
                body.len()
            )));
        }
        body.truncate(len);
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let i = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| bad("bad chunk header".into()))?;
        let size_text = String::from_utf8_lossy(&b[..i]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| bad(format!("bad chunk size {size_text:?}")))?;
        b = &b[i + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size + 2 {
            return Err(bad("chunk cut short".into()));
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

/// Removes the injected live-reload script (every occurrence) and nothing else.
pub fn strip_script(body: &[u8]) -> Vec<u8> {
    let start = SCRIPT_START.as_bytes();
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = find(rest, start) {
        out.extend_from_slice(&rest[..i]);
        let after = &rest[i..];
        match find(after, b"</script>") {
            Some(j) => rest = &after[j + b"</script>".len()..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// An open live-reload event stream.
pub struct Sse {
    stream: BufReader<TcpStream>,
    pub head: String,
    /// Every event received so far, as `(event, data)`.
    pub events: Vec<(String, String)>,
}

impl Sse {
    /// Connects, sends the request and reads the response head and the first (`hello`) event.
    pub fn connect(port: u16, target: &str) -> Sse {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect for SSE");
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let req = format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut sse = Sse {
            stream: BufReader::new(s),
            head: String::new(),
            events: Vec::new(),
        };
        let started = Instant::now();
        let mut line = String::new();
        loop {
            match sse.stream.read_line(&mut line) {
                Ok(0) => panic!("event stream closed during its head: {:?}", sse.head),
                Ok(_) => {
                    sse.head.push_str(&line);
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                // A partial line stays in `line` and is completed by the next read.
                Err(e) if is_timeout(&e) => {}
                Err(e) => panic!("reading the event stream head: {e}"),
            }
            if started.elapsed() > DEADLINE {
                panic!("no event stream head within {DEADLINE:?}: {:?}", sse.head);
            }
        }
        sse.wait_event("hello");
        sse
    }

    /// Reads events until one named `name` arrives (bounded by [`DEADLINE`]); returns its data.
    pub fn wait_event(&mut self, name: &str) -> String {
        let started = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(started.elapsed());
            match self.next_event_within(left) {
                Some((ev, data)) if ev == name => return data,
                Some(_) => {}
                None => panic!(
                    "no `{name}` event within {DEADLINE:?}; got {:?}",
                    self.events
                ),
            }
        }
    }

    /// The next event (skipping comments such as heartbeats), or `None` after `limit`.
    pub fn next_event_within(&mut self, limit: Duration) -> Option<(String, String)> {
        let started = Instant::now();
        let mut event = String::new();
        let mut data = String::new();
        let mut line = String::new();
        loop {
            match self.stream.read_line(&mut line) {
                Ok(0) => panic!("event stream closed; got {:?}", self.events),
                Ok(_) => {
                    let l = line.trim_end_matches(['\r', '\n']).to_string();
                    line.clear();
                    if l.is_empty() {
                        if !event.is_empty() || !data.is_empty() {
                            let got = (std::mem::take(&mut event), std::mem::take(&mut data));
                            self.events.push(got.clone());
                            return Some(got);
                        }
                    } else if let Some(v) = l.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = l.strip_prefix("data:") {
                        data = v.trim().to_string();
                    }
                }
                // A partial line stays in `line` and is completed by the next read.
                Err(e) if is_timeout(&e) => {}
                Err(e) => panic!("reading the event stream: {e}"),
            }
            if started.elapsed() > limit {
                return None;
            }
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Writes `text` the way many editors save: a hidden temporary file in the same folder,
/// renamed over the target.
pub fn atomic_write(path: &Path, text: &str) {
    let dir = path.parent().unwrap();
    fs::create_dir_all(dir).unwrap();
    let tmp: PathBuf = dir.join(format!(
        ".{}.kehila-test-save",
        path.file_name().unwrap().to_string_lossy()
    ));
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

/// Replaces the first `from` in a file with `to` (plain write), panicking if it is absent.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Every file of a tree whose name ends with one of `exts`, keyed by relative path with `/`.
pub fn files_with(tree: &BTreeMap<String, Vec<u8>>, exts: &[&str]) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .filter(|(k, _)| exts.iter().any(|e| k.ends_with(e)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
