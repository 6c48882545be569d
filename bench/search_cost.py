#!/usr/bin/env python3
"""What the search index adds to a cold build: the same generated hub built with search on and
with `search: false`, interleaved (on, off, on, off, ...), into a fresh output folder each time.
Prints median wall / CPU of each, the difference, and the index's size and file count.

    python3 bench/search_cost.py N [RUNS]      # e.g. 10000 3; uses target/release/kehila
    KEHILA_BIN=/path/to/kehila python3 bench/search_cost.py N [RUNS]   # another binary

The corpus comes from ../shared/bench/gen_corpus.py (as bench/build_vs_hugo.sh), in $BENCH_DIR
(default /tmp/kehila-bench). Outputs go to $BENCH_OUT (default: the same folder); on ext4, deleting
one 10,000-page output and writing the next into the same place makes every file creation scan
the inodes just deleted (`recently_deleted`: 50 % of a build's samples, growing run after run),
so point BENCH_OUT at a tmpfs such as /dev/shm/kb for figures about kehila rather than ext4."""
import os, resource, shutil, statistics, subprocess, sys, time

n = int(sys.argv[1]); runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.environ.get("KEHILA_SHARED", os.path.join(repo, "..", "shared"))
work = os.environ.get("BENCH_DIR", "/tmp/kehila-bench")
kehila = os.environ.get("KEHILA_BIN", os.path.join(repo, "target", "release", "kehila"))
outs = os.environ.get("BENCH_OUT", work)
os.makedirs(outs, exist_ok=True)
corpus = os.path.join(work, f"corpus-{n}")
if not os.path.isdir(os.path.join(corpus, "neutral")):
    subprocess.run([sys.executable, os.path.join(shared, "bench", "gen_corpus.py"), str(n), corpus,
                    "--tools", "neutral"], check=True, stdout=subprocess.DEVNULL)
off = os.path.join(work, f"corpus-{n}-search-off")
if not os.path.isdir(off):
    shutil.copytree(os.path.join(corpus, "neutral"), off)
    with open(os.path.join(off, "site.yaml"), "a") as f:
        f.write("search: false\n")

def build(root, out):
    shutil.rmtree(out, ignore_errors=True)
    # The previous build's ~1 GB of dirty pages would otherwise be written back during this one.
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([kehila, "build", "--quiet", "--root", root, "--output", out], check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

# One untimed build of each first: it fills the hub's image cache (a preview card for every
# post), which would otherwise make the first timed run of each side ten times slower.
# The cards are the same on both sides: the second side takes a copy of the first's cache.
build(os.path.join(corpus, "neutral"), os.path.join(outs, "out-search-on"))
cache = os.path.join(corpus, "neutral", ".kehila-cache")
if os.path.isdir(cache) and not os.path.isdir(os.path.join(off, ".kehila-cache")):
    shutil.copytree(cache, os.path.join(off, ".kehila-cache"))
build(off, os.path.join(outs, "out-search-off"))

res = {"on": [], "off": []}
for i in range(runs):
    for name, root in (("on", os.path.join(corpus, "neutral")), ("off", off)):
        res[name].append(build(root, os.path.join(outs, f"out-search-{name}")))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in res.items()}
idx = os.path.join(outs, "out-search-on", "search")
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(idx) for f in fs)
files = sum(len(fs) for _, _, fs in os.walk(idx))
on, offm = med["on"], med["off"]
rng = {k: (min(w for w, _ in v), max(w for w, _ in v)) for k, v in res.items()}
print(f"{n} posts, {runs} interleaved runs, median: search on {on[0]:.2f} s wall / {on[1]:.2f} s CPU, "
      f"off {offm[0]:.2f} s wall / {offm[1]:.2f} s CPU; search adds {on[0]-offm[0]:+.2f} s wall "
      f"({(on[0]/offm[0]-1)*100:+.0f} %), {on[1]-offm[1]:+.2f} s CPU ({(on[1]/offm[1]-1)*100:+.0f} %); "
      f"index {size/1e6:.1f} MB in {files} files; wall min-max on {rng['on'][0]:.2f}-{rng['on'][1]:.2f} s, "
      f"off {rng['off'][0]:.2f}-{rng['off'][1]:.2f} s; load average {os.getloadavg()[0]:.1f}")
for k in ("on", "off"):
    print(f"  {k}: " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c in res[k]))
