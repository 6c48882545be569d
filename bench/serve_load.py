#!/usr/bin/env python3
"""Load test for `kehila serve`: N GET requests from C concurrent clients (threads) over a
mix of the site's URLs, with S live-reload (SSE) clients attached the whole time.

Against a running server:
    python3 bench/serve_load.py --url http://127.0.0.1:1111/hub/
Or let the script start `target/release/kehila serve --port 0` on a copy of a hub (the demo
hub at the repo root by default):
    python3 bench/serve_load.py [--root DIR]

The URL mix is read from the site itself: every <loc> of sitemap.xml, the feeds and
calendars, the stylesheet and images the home page links to, a missing page (the 404 page,
expected 404) and, under a base path, `/` (expected to redirect). Every response is checked:
expected status, complete body (Content-Length), a content type. The SSE clients must get
their `hello` event and stay connected to the end. Prints requests, errors, p50/p99/max
latency and throughput; exits 1 on any error. Standard library only.
"""

import argparse
import http.client
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_latency import REPO, Server, copy_hub, percentile, pick_post, save_like_an_editor  # noqa: E402

FEEDS = ("rss.xml", "atom.xml", "feed.json", "events.ics", "sitemap.xml")


def fetch(host, port, path, keepalive_conn=None, timeout=30):
    """GET path; returns (status, headers dict (lowercase), body, conn-to-reuse-or-None)."""
    conn = keepalive_conn or http.client.HTTPConnection(host, port, timeout=timeout)
    headers = {} if keepalive_conn is not None else {"Connection": "close"}
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()  # raises IncompleteRead on a short body
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    if keepalive_conn is None or hdrs.get("connection", "").lower() == "close":
        conn.close()
        conn = None
    return r.status, hdrs, body, conn


def build_mix(host, port, base_path, max_pages):
    """[(path, expected status)] from the site's sitemap, feeds and home page."""
    status, _, body, _ = fetch(host, port, base_path + "sitemap.xml")
    if status != 200:
        sys.exit(f"GET {base_path}sitemap.xml -> {status}")
    pages = []
    for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", body.decode("utf-8", "replace")):
        path = urllib.parse.urlsplit(loc.replace("&amp;", "&")).path
        path = urllib.parse.quote(path, safe="/%:@&=+$,;~!*'()")
        if path.startswith(base_path):
            pages.append(path)
    if not pages:
        sys.exit("sitemap.xml lists no page under the base path")
    rnd = random.Random(1)
    if len(pages) > max_pages:
        pages = rnd.sample(pages, max_pages)
    mix = [(p, 200) for p in pages]
    for f in FEEDS:
        s, _, _, _ = fetch(host, port, base_path + f)
        if s == 200:
            mix.append((base_path + f, 200))
    _, _, home, _ = fetch(host, port, base_path)
    assets = set(re.findall(r'(?:href|src)="(%s[^"#?]+\.(?:css|svg|png|jpg|jpeg|webp|js|ico|txt))"' % re.escape(base_path), home.decode("utf-8", "replace")))
    mix += [(a, 200) for a in sorted(assets)]
    mix.append((base_path + "no-such-page-kehila-load/", 404))
    if base_path != "/":
        mix.append(("/", 302))
    return mix


class SseClient(threading.Thread):
    """Holds one event stream open, counting events, until stopped."""

    def __init__(self, host, port, path):
        super().__init__(daemon=True)
        self.host, self.port, self.path = host, port, path
        self.events = []
        self.error = None
        self.hello = threading.Event()
        self.stop = threading.Event()
        self.closed_early = False

    def run(self):
        try:
            s = socket.create_connection((self.host, self.port), timeout=30)
            s.settimeout(0.2)
            s.sendall(f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: text/event-stream\r\n\r\n".encode())
            buf = b""
            head_done = False
            while not self.stop.is_set():
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    self.closed_early = True
                    break
                buf += chunk
                if not head_done:
                    if b"\r\n\r\n" not in buf:
                        continue
                    head, buf = buf.split(b"\r\n\r\n", 1)
                    if not head.startswith(b"HTTP/1.1 200") or b"text/event-stream" not in head.lower():
                        self.error = f"bad event stream head: {head[:200]!r}"
                        break
                    head_done = True
                while b"\n\n" in buf:
                    block, buf = buf.split(b"\n\n", 1)
                    m = re.search(rb"^event: *(\S+)", block, re.M)
                    if m:
                        self.events.append(m.group(1).decode())
                        if m.group(1) == b"hello":
                            self.hello.set()
            s.close()
        except OSError as e:
            self.error = f"{type(e).__name__}: {e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server's base URL (default: start one)")
    ap.add_argument("--root", type=Path, default=REPO, help="the hub to serve when starting one (default: the demo hub)")
    ap.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "kehila")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--sse", type=int, default=3, help="event-stream clients attached (default 3)")
    ap.add_argument("--keepalive", action="store_true", help="each client reuses one connection (default: a new connection per request)")
    ap.add_argument("--max-pages", type=int, default=500, help="sample at most this many sitemap pages")
    ap.add_argument("--edit-during", action="store_true", help="when starting the server: save a post every 0.2 s during the load (rebuilds under load)")
    ap.add_argument("--startup-timeout", type=float, default=600)
    args = ap.parse_args()
    root = None

    server = None
    tmpdir = None
    if args.url:
        m = re.match(r"http://([^/:]+):(\d+)(/.*)?$", args.url)
        if not m:
            sys.exit("--url must look like http://127.0.0.1:1111/hub/")
        host, port, base_path = m.group(1), int(m.group(2)), (m.group(3) or "/")
        if not base_path.endswith("/"):
            base_path += "/"
    else:
        if not args.binary.is_file():
            sys.exit(f"{args.binary} not found: run `cargo build --release` first")
        tmpdir = tempfile.mkdtemp(prefix="kehila-load-")
        root = Path(tmpdir) / "hub"
        copy_hub(args.root.resolve(), root)
        server = Server(args.binary, root, args.startup_timeout)
        host, port, base_path = server.host, server.port, server.base_path
    try:
        return run(args, host, port, base_path, root)
    finally:
        if server:
            server.stop()
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def run(args, host, port, base_path, root):
    mix = build_mix(host, port, base_path, args.max_pages)
    print(f"serving http://{host}:{port}{base_path}: {len(mix)} distinct URLs in the mix")

    sse = [SseClient(host, port, base_path + "__kehila/events") for _ in range(args.sse)]
    for c in sse:
        c.start()
    for c in sse:
        if not c.hello.wait(10):
            sys.exit(f"an SSE client got no hello event: {c.error or 'timeout'}")

    lock = threading.Lock()
    next_i = [0]
    latencies = []
    errors = []
    by_status = {}
    nbytes = [0]
    slow = []

    def worker(seed):
        rnd = random.Random(seed)
        conn = None
        while True:
            with lock:
                if next_i[0] >= args.requests:
                    break
                next_i[0] += 1
            path, want = rnd.choice(mix)
            t0 = time.perf_counter()
            try:
                if args.keepalive and conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                status, hdrs, body, conn = fetch(host, port, path, conn if args.keepalive else None)
                ms = (time.perf_counter() - t0) * 1000
                problem = None
                if status != want:
                    problem = f"status {status}, expected {want}"
                elif status == 200 and not hdrs.get("content-type"):
                    problem = "no content type"
                elif status == 302 and hdrs.get("location") != base_path:
                    problem = f"redirect to {hdrs.get('location')!r}"
                with lock:
                    latencies.append(ms)
                    slow.append((ms, path, len(body)))
                    nbytes[0] += len(body)
                    by_status[status] = by_status.get(status, 0) + 1
                    if problem:
                        errors.append(f"GET {path}: {problem}")
            except Exception as e:  # noqa: BLE001 - every failure is an error of the run
                if conn is not None:
                    conn.close()
                conn = None
                with lock:
                    errors.append(f"GET {path}: {type(e).__name__}: {e}")
        if conn is not None:
            conn.close()

    post = pick_post(root) if root else None
    original = post.read_text(encoding="utf-8") if post else None
    saves = [0]
    done = threading.Event()

    def editor():
        while not done.wait(0.2):
            saves[0] += 1
            save_like_an_editor(post, original + f"\n\nkehila-load-{saves[0]}\n")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
    ed = threading.Thread(target=editor) if (post and args.edit_during) else None
    t0 = time.perf_counter()
    if ed:
        ed.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    done.set()
    if ed:
        ed.join()

    # The streams still work after the load: one more save must reach every SSE client.
    if post:
        before = [len(c.events) for c in sse]
        save_like_an_editor(post, original + "\n\nkehila-load-final\n")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not all(
            "reload" in c.events[b:] for c, b in zip(sse, before)
        ):
            time.sleep(0.02)
        for c, b in zip(sse, before):
            if "reload" not in c.events[b:]:
                errors.append(f"SSE client: no reload event after a save (events {c.events})")
        post.write_text(original, encoding="utf-8")

    for c in sse:
        if c.error:
            errors.append(f"SSE client: {c.error}")
        elif c.closed_early or not c.is_alive():
            errors.append("SSE client: stream closed during the load")
        c.stop.set()
    for c in sse:
        c.join(2)

    n = len(latencies)
    print(f"requests: {next_i[0]} sent, {n} answered "
          f"({args.clients} concurrent clients, {'keep-alive' if args.keepalive else 'new connection per request'}), "
          f"{args.sse} SSE clients attached ({', '.join(str(len(c.events)) + ' events' for c in sse)})")
    if saves[0]:
        print(f"saves of {post.name} during the load: {saves[0]}")
    print(f"statuses: {dict(sorted(by_status.items()))}, {nbytes[0] / 1e6:.1f} MB in {wall:.2f} s ({n / wall:.0f} req/s)")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print("  " + e)
    if latencies:
        print(
            f"latency: p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, "
            f"max {max(latencies):.1f} ms"
        )
        top = sorted(slow, reverse=True)[:3]
        print("slowest: " + ", ".join(f"{p} {ms:.0f} ms ({b / 1e6:.1f} MB)" for ms, p, b in top))
    return 1 if errors or n < args.requests else 0


if __name__ == "__main__":
    sys.exit(main())
