#!/usr/bin/env python3
"""How build time grows with the hub: builds two corpus sizes alternately (small, big, small,
big, ...) so both see the same machine state, and prints the median wall, CPU and peak memory of
each and the ratio of the medians. Each size builds into its own output folder, after one
warm-up build, as time_builds.py and a user do (a previous output is updated in place);
`--fresh` deletes the output before each build instead (a first build: every folder and file
is made).

    python3 bench/slope.py 10000 50000 --runs 5 [--bench-dir /tmp/kehila-bench]

The corpora are ../shared/bench/gen_corpus.py hubs in BENCH_DIR/corpus-N/neutral (made here if
missing). Uses target/release/kehila: run `cargo build --release` first.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(kehila, src, out):
    t0 = time.monotonic()
    p = subprocess.Popen([kehila, "build", "-q", "--root", src, "--output", out],
                         stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("build of %s failed:\n%s" % (src, err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("small", type=int)
    ap.add_argument("big", type=int)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bench-dir", default=os.environ.get("BENCH_DIR", "/tmp/kehila-bench"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--fresh", action="store_true",
                    help="delete each output folder before its build (not timed): a first build")
    a = ap.parse_args()
    kehila = os.path.join(REPO, "target", "release", "kehila")
    sizes = [a.small, a.big]
    srcs, outs = {}, {}
    for n in sizes:
        corpus = os.path.join(a.bench_dir, "corpus-%d" % n)
        if not os.path.isdir(os.path.join(corpus, "neutral")):
            subprocess.run([sys.executable, os.path.join(a.shared, "bench", "gen_corpus.py"), str(n),
                            corpus, "--tools", "neutral"], check=True)
        srcs[n] = os.path.join(corpus, "neutral")
        outs[n] = os.path.join(a.bench_dir, "slope-out-%d" % n)
        build(kehila, srcs[n], outs[n])  # warm-up: page cache and a previous output
    res = {n: [] for n in sizes}
    for _ in range(a.runs):
        for n in sizes:
            if a.fresh:
                shutil.rmtree(outs[n], ignore_errors=True)
                subprocess.run(["sync"])
            res[n].append(build(kehila, srcs[n], outs[n]))
    med = {}
    print("posts      wall s (median [min-max])     cpu s     peak MiB")
    for n in sizes:
        walls = [r[0] for r in res[n]]
        med[n] = statistics.median(walls)
        print("%-8d %6.2f [%.2f-%.2f] %12.2f %12.0f" % (
            n, med[n], min(walls), max(walls),
            statistics.median(r[1] for r in res[n]), statistics.median(r[2] for r in res[n])))
    print("ratio %d/%d: %.2fx for %.1fx the posts" % (a.big, a.small, med[a.big] / med[a.small],
                                                    a.big / a.small))


if __name__ == "__main__":
    main()
