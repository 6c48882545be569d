#!/usr/bin/env python3
"""Edit -> updated page served, for `kehila serve`.

Starts `target/release/kehila serve --port 0` on a copy of a hub (the demo hub at the repo
root by default), then saves one post N times the way editors do (write a hidden temporary
file next to it, rename it over the post) and measures, for each save, the time until a GET
of the post's page returns the new text. Prints median, p90 and max in ms, and the server's
own `rebuilt in N ms` figures.

    python3 bench/serve_latency.py                      # demo hub, 25 edits
    python3 bench/serve_latency.py --root /tmp/corpus/neutral --edits 30

Standard library only.
"""

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def slug_guess(stem):
    """kehila's slug for an ASCII file name: the date prefix dropped, lowercased."""
    m = re.match(r"^\d{4}-\d{2}-\d{2}-(.*)$", stem)
    rest = m.group(1) if m else stem
    return re.sub(r"[^a-z0-9]+", "-", rest.lower()).strip("-")


def pick_post(root):
    posts = sorted(
        p for p in (root / "content" / "posts").rglob("*.md")
        if p.name.isascii() and not p.name.startswith(".")
    )
    if not posts:
        sys.exit("no post with an ASCII file name under content/posts; pass --post and --url")
    return posts[len(posts) // 2]


class Server:
    """A `kehila serve` child; collects its output lines on a thread."""

    def __init__(self, binary, root, startup_timeout):
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "NO_COLOR": "1"},
            text=True,
            bufsize=1,
        )
        self.lines = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._pump_out, daemon=True).start()
        threading.Thread(target=self._pump_err, daemon=True).start()
        deadline = time.monotonic() + startup_timeout
        self.url = None
        self.rebuilds = []
        while self.url is None:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                self.stop()
                sys.exit("kehila serve did not start:\n" + "".join(self.stderr[-40:]))
            try:
                line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if line.startswith("serving "):
                self.url = line.split()[1]
        m = re.match(r"http://([^/:]+):(\d+)(/.*)$", self.url)
        self.host, self.port, self.base_path = m.group(1), int(m.group(2)), m.group(3)

    def _pump_out(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def _pump_err(self):
        for line in self.proc.stderr:
            self.stderr.append(line)

    def drain(self):
        """Collects the `rebuilt in N ms` lines printed so far; returns how many builds."""
        n = 0
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return n
            m = re.match(r"rebuilt in (\d+) ms", line)
            if m:
                self.rebuilds.append(int(m.group(1)))
                n += 1

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Client:
    """HTTP client: a new connection per request (`Connection: close`) by default, or one
    kept-alive connection (`keepalive=True`, what browsers do; reconnects when closed)."""

    def __init__(self, host, port, keepalive=False):
        self.host, self.port, self.keepalive = host, port, keepalive
        self.conn = None

    def get(self, path):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                headers = {} if self.keepalive else {"Connection": "close"}
                self.conn.request("GET", path, headers=headers)
                r = self.conn.getresponse()
                body = r.read()
                if not self.keepalive or r.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, body
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def letters(n):
    """n in lowercase letters (the index splits words at digits and hyphens)."""
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def search_finds(client, base_path, word, url):
    """Whether the served search index gives `url` for the one ASCII lowercase `word`, read
    as the page's script reads it: manifest, the shards whose key is a prefix of the word
    (or the word of the key), then the groups that hold the matching pages' addresses."""
    def get(rel):
        status, body = client.get(base_path + rel)
        if status != 200:
            return None
        return json.loads(body)

    manifest = get("search/manifest.json")
    if manifest is None:
        return False
    ids = set()
    for key, name in manifest["shards"].items():
        if key.startswith(word) or word.startswith(key):
            shard = get(f"search/s/{name}.json") or {}
            for term, postings in shard.items():
                if term.startswith(word):
                    page = 0
                    for delta in postings[0::2]:
                        page += delta
                        ids.add(page)
    size = manifest["group"]
    for page in ids:
        group = get(f"search/g/{manifest['groups'][page // size]}.json")
        if group and group[page % size]["u"] == url:
            return True
    return False


HUB_INPUTS = ("site.yaml", "content", "static", "templates", "themes")


def copy_hub(src, dst):
    """Copies a hub's inputs (what `kehila serve` reads), not its output or anything else."""
    dst.mkdir(parents=True)
    for name in HUB_INPUTS:
        p = src / name
        if p.is_dir():
            shutil.copytree(p, dst / name, symlinks=True)
        elif p.is_file():
            shutil.copy2(p, dst / name)


def save_like_an_editor(path, text):
    tmp = path.with_name("." + path.name + ".kehila-bench")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=REPO, help="the hub (default: the demo hub at the repo root)")
    ap.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "kehila")
    ap.add_argument("--edits", type=int, default=25, help="measured edits (default 25)")
    ap.add_argument("--warmup", type=int, default=2, help="unmeasured edits first (default 2)")
    ap.add_argument("--post", help="the post to edit, relative to the hub (default: a middle one)")
    ap.add_argument("--url", help="its page, with the base path (default: guessed from the file name)")
    ap.add_argument("--in-place", action="store_true", help="edit ROOT itself (restored at the end) instead of a copy")
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between edits after the server settles")
    ap.add_argument("--keepalive", action="store_true", help="poll over one kept-alive connection (default: a new one per request)")
    ap.add_argument("--save", choices=("rename", "write"), default="rename", help="save by temp file + rename (default) or by rewriting the file")
    ap.add_argument("--poll", type=float, default=0.001, help="seconds between polls of the page")
    ap.add_argument("--startup-timeout", type=float, default=600)
    ap.add_argument("--target-ms", type=float, help="exit 1 if the median is above this")
    ap.add_argument("--search", action="store_true", help="also time until the served search index finds the post by the saved word")
    args = ap.parse_args()

    if not args.binary.is_file():
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    src = args.root.resolve()
    if not (src / "site.yaml").is_file():
        sys.exit(f"{src} has no site.yaml")
    tmpdir = None
    if args.in_place:
        root = src
    else:
        tmpdir = tempfile.mkdtemp(prefix="kehila-bench-")
        root = Path(tmpdir) / "hub"
        copy_hub(src, root)
    post = root / args.post if args.post else pick_post(root)
    original = post.read_text(encoding="utf-8")
    n_posts = sum(1 for _ in (root / "content" / "posts").rglob("*.md"))

    t = time.monotonic()
    server = Server(args.binary, root, args.startup_timeout)
    startup = time.monotonic() - t
    try:
        url = args.url or f"{server.base_path}posts/{slug_guess(post.stem)}/"
        client = Client(server.host, server.port, args.keepalive)
        status, body = client.get(url)
        if status != 200:
            sys.exit(f"GET {url} -> {status}; pass --url with the post's page")
        server.drain()
        print(f"hub: {src} ({n_posts} posts), serving {server.url} (first build + start {startup:.2f} s)")
        print(
            f"editing {post.relative_to(root)} -> {url} (save: {args.save}, "
            f"polling {'one kept-alive connection' if args.keepalive else 'a new connection per request'})"
        )

        nonce = os.getpid()
        times = []
        searchable = []
        measured_from = None
        for i in range(args.warmup + args.edits):
            marker = f"kehila-bench-marker-{nonce}-{i}"
            word = f"kehilabench{letters(nonce)}x{letters(i)}"
            text = original.rstrip("\n") + f"\n\n{marker} {word}\n"
            needle = marker.encode()
            if i == args.warmup:
                measured_from = len(server.stderr)
                cpu_from = cpu_seconds(server.proc.pid)
            t0 = time.perf_counter()
            if args.save == "rename":
                save_like_an_editor(post, text)
            else:
                post.write_text(text, encoding="utf-8")
            deadline = time.monotonic() + 60
            while True:
                status, body = client.get(url)
                if status == 200 and needle in body:
                    break
                if time.monotonic() > deadline:
                    sys.exit(f"edit {i}: the page never showed {marker}\n" + "".join(server.stderr[-40:]))
                time.sleep(args.poll)
            ms = (time.perf_counter() - t0) * 1000
            if i >= args.warmup:
                times.append(ms)
            if args.search:
                while not search_finds(client, server.base_path, word, url):
                    if time.monotonic() > deadline:
                        sys.exit(f"edit {i}: the search index never found {word}")
                    time.sleep(args.poll)
                if i >= args.warmup:
                    searchable.append((time.perf_counter() - t0) * 1000)
            # let the server finish (and print) this rebuild before the next save
            settle = time.monotonic() + args.pause
            while time.monotonic() < settle:
                server.drain()
                time.sleep(0.01)
            server.drain()

        rebuilds = server.rebuilds[-args.edits:]
        print(f"edits measured: {len(times)} (after {args.warmup} warm-up)")
        print(
            f"edit -> updated page served: median {statistics.median(times):.1f} ms, "
            f"p90 {percentile(times, 90):.1f} ms, max {max(times):.1f} ms, min {min(times):.1f} ms"
        )
        if searchable:
            print(
                f"edit -> served and found by search: median {statistics.median(searchable):.1f} ms, "
                f"p90 {percentile(searchable, 90):.1f} ms, max {max(searchable):.1f} ms"
            )
        if rebuilds:
            print(
                f"server `rebuilt in`: median {statistics.median(rebuilds):.0f} ms, "
                f"max {max(rebuilds)} ms ({len(server.rebuilds)} rebuilds seen)"
            )
        cpu_to = cpu_seconds(server.proc.pid)
        if cpu_from is not None and cpu_to is not None:
            print(f"server CPU per save (all threads, /proc): {(cpu_to - cpu_from) * 1000 / len(times):.1f} ms")
        print_stage_medians(server.stderr[measured_from:], len(times))
        if args.target_ms is not None:
            ok = statistics.median(times) < args.target_ms
            print(f"target median < {args.target_ms:g} ms: {'met' if ok else 'MISSED'}")
            if not ok:
                return 1
        return 0
    finally:
        server.stop()
        if args.in_place:
            post.write_text(original, encoding="utf-8")
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def print_stage_medians(lines, edits):
    """With KEHILA_TIMINGS set, the server prints `timing: STAGE: N ms` per rebuild: medians
    over the measured edits, in the order the stages first appear."""
    stages = {}
    for line in lines:
        m = re.match(r"timing: (.+): ([0-9.]+) ms$", line.strip())
        if m:
            stages.setdefault(m.group(1), []).append(float(m.group(2)))
    if stages:
        print(f"stages (KEHILA_TIMINGS, median over the rebuilds of {edits} edits, ms):")
        for name, values in stages.items():
            print(f"  {name}: {statistics.median(values):.1f}  (seen {len(values)}x)")


if __name__ == "__main__":
    sys.exit(main())
