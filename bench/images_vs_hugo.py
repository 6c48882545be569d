#!/usr/bin/env python3
"""Image processing against Hugo's: N posts, P distinct 4000×3000 photos (2–4 MB JPEGs).

    python3 bench/images_vs_hugo.py N P [--runs R] [--cards] [--bench-dir DIR]

Makes ../shared/bench/gen_corpus.py's hub for kehila and for Hugo, writes P photos with
`cargo run --release --example bench_photos` (deterministic), gives every (N/P)th post one of
them (kehila: `image:` in the front matter; Hugo: `photo:` and a single.html that writes the
same <picture> — 480/960/1600 px wide, WebP q80 and JPEG q82, a linear filter — with
`.Resize`), then times, interleaved per run: Hugo and kehila with empty caches (kehila's
.kehila-cache/, Hugo's resources/_gen/), then both again with the caches they just filled.
Each build writes into a fresh output folder. Preview cards are off (`--cards` keeps them on:
Hugo has no such work). Prints median wall, CPU and peak memory per case.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HUGO_PICTURE = '''{{ with .Params.photo }}{{ $img := resources.Get . }}<picture><source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80 linear" $w)).RelPermalink }} {{ $w }}w{{ end }}" sizes="(min-width: 46rem) 44rem, 100vw"><img src="{{ ($img.Resize "960x jpg q82 linear").RelPermalink }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q82 linear" $w)).RelPermalink }} {{ $w }}w{{ end }}" sizes="(min-width: 46rem) 44rem, 100vw" width="1600" height="1200" alt=""></picture><a href="{{ $img.RelPermalink }}">original</a>{{ end }}
'''


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def add_photos(corpus, n, p, photos):
    every = max(1, n // p)
    for tool, key, prefix in (("neutral", "image", "/images/bench/"), ("hugo", "photo", "images/bench/")):
        root = os.path.join(corpus, tool)
        dest = os.path.join(root, "static" if tool == "neutral" else "assets", "images", "bench")
        os.makedirs(dest, exist_ok=True)
        for k in range(p):
            target = os.path.join(dest, "p%d.jpg" % k)
            if not os.path.exists(target):
                os.link(os.path.join(photos, "p%d.jpg" % k), target)
        posts = sorted(os.listdir(os.path.join(root, "content", "posts")))
        posts = [f for f in posts if not f.startswith("_")]
        for i, name in enumerate(posts):
            if i % every or i // every >= p:
                continue
            path = os.path.join(root, "content", "posts", name)
            text = open(path, encoding="utf-8").read()
            if "\n%s:" % key in text:
                continue
            text = text.replace("---\n", "---\n%s: %sp%d.jpg\n" % (key, prefix, i // every), 1)
            open(path, "w", encoding="utf-8").write(text)
    single = os.path.join(corpus, "hugo", "layouts", "_default", "single.html")
    text = open(single, encoding="utf-8").read()
    if "resources.Get" not in text:
        open(single, "w", encoding="utf-8").write(text.replace("{{ .Content }}", HUGO_PICTURE + "{{ .Content }}"))


def timed(cmd, cwd):
    # stderr goes to a file, not a pipe: a build that warns about hundreds of photos would fill
    # a pipe nobody reads before wait4 returns, and stall.
    with tempfile.TemporaryFile() as log:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        log.seek(0)
        err = log.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err[-3000:]))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("p", type=int)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--cards", action="store_true")
    ap.add_argument("--bench-dir", default=os.environ.get("BENCH_DIR", "/tmp/kehila-bench"))
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--tools", default="hugo,kehila", help="which to time (e.g. kehila alone)")
    a = ap.parse_args()
    work = a.bench_dir
    shared = os.environ.get("KEHILA_SHARED", os.path.join(REPO, "..", "shared"))
    corpus = os.path.join(work, "img-corpus-%d-%d" % (a.n, a.p))
    photos = os.path.join(work, "photos")
    if not os.path.isdir(os.path.join(corpus, "hugo")):
        run(["python3", os.path.join(shared, "bench", "gen_corpus.py"), str(a.n), corpus, "--tools", "neutral,hugo"])
    run(["cargo", "build", "--release", "--quiet", "--example", "bench_photos"], cwd=REPO)
    run([os.path.join(REPO, "target", "release", "examples", "bench_photos"), photos, str(a.p)])
    run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    add_photos(corpus, a.n, a.p, photos)
    site = os.path.join(corpus, "neutral", "site.yaml")
    text = open(site, encoding="utf-8").read()
    text = re.sub(r"\npreviews:\n  cards: \w+\n", "\n", text)
    open(site, "w", encoding="utf-8").write(text + ("" if a.cards else "previews:\n  cards: false\n"))
    sizes = [os.path.getsize(os.path.join(photos, "p%d.jpg" % k)) for k in range(a.p)]
    print("%d posts, %d photos of 4000x3000, %.1f MB each on average (%.1f–%.1f), cards %s"
          % (a.n, a.p, statistics.mean(sizes) / 1e6, min(sizes) / 1e6, max(sizes) / 1e6, "on" if a.cards else "off"))
    out = os.path.join(work, "img-out")
    hugo_src, ours_src = os.path.join(corpus, "hugo"), os.path.join(corpus, "neutral")
    kehila = os.path.join(REPO, "target", "release", "kehila")

    def hugo(cold):
        if cold:
            shutil.rmtree(os.path.join(hugo_src, "resources", "_gen"), ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return timed([a.hugo, "--quiet", "--destination", out], hugo_src)

    def ours(cold):
        if cold:
            shutil.rmtree(os.path.join(ours_src, ".kehila-cache"), ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return timed([kehila, "build", "--root", ours_src, "--output", out], ours_src)

    results = {}
    for r in range(a.runs):
        for name, fn, cold in (("hugo first", hugo, True), ("kehila first", ours, True),
                               ("hugo cached", hugo, False), ("kehila cached", ours, False)):
            if name.split()[0] not in a.tools.split(","):
                continue
            res = fn(cold)
            results.setdefault(name, []).append(res)
            print("run %d  %-14s wall %7.2f s  cpu %7.2f s  peak %6.0f MB" % ((r + 1, name) + res), flush=True)
    print("\nmedians over %d run(s):" % a.runs)
    for name, rs in results.items():
        print("  %-14s wall %7.2f s  cpu %7.2f s  peak %6.0f MB"
              % (name, statistics.median(x[0] for x in rs), statistics.median(x[1] for x in rs),
                 statistics.median(x[2] for x in rs)))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
