#!/usr/bin/env python3
"""One big post: build time against the size of a single Markdown file (issue 19, item 3).

Generates a hub whose one post is SIZE MB of realistic Markdown (paragraphs with emphasis,
headings, bullet and numbered lists, inline and internal links, block quotes, code blocks,
Hebrew and English mixed), runs `target/release/kehila build` on it RUNS times, and prints
the median wall time and the time per MB for each size. Linear means the ms/MB column stays
roughly constant from the smallest size to the largest.

    python3 bench/one_big_post.py                        # 5, 10 and 20 MB, 3 runs each
    python3 bench/one_big_post.py --sizes 20 --runs 1 --keep /tmp/big   # keep the hub to profile

Standard library only; the text is the same on every run (fixed seed).
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

LATIN = (
    "alumni reunion mentor cohort scholarship graduate career network startup volunteer "
    "workshop panel meetup project community story memories evening city class research "
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"
).split()
HEBREW = (
    "בוגרים מחזור קהילה מלגה חונכות סדנה הרצאה פרויקט זיכרונות עיר ים לילה חלום "
    "תרבות ספורט קריירה יזמות התנדבות רשת אוניברסיטה לימודים שנה יום עתיד"
).split()


def word(rng):
    return rng.choice(HEBREW if rng.random() < 0.45 else LATIN)


def sentence(rng):
    words = [word(rng) for _ in range(rng.randint(6, 16))]
    for i in range(len(words)):
        r = rng.random()
        if r < 0.05:
            words[i] = f"**{words[i]}**"
        elif r < 0.10:
            words[i] = f"*{words[i]}*"
        elif r < 0.13:
            words[i] = f"[{words[i]}](https://example.org/{rng.choice(LATIN)})"
        elif r < 0.14:
            words[i] = f"`{words[i]}`"
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def block(rng, n):
    """One section: a heading and a few paragraphs, lists, a quote or some code."""
    out = [f"## {sentence(rng)[:-1]} {n}", "", paragraph(rng), ""]
    for _ in range(rng.randint(2, 5)):
        r = rng.random()
        if r < 0.5:
            out += [paragraph(rng), ""]
        elif r < 0.65:
            out += [f"- {sentence(rng)}" for _ in range(rng.randint(3, 7))] + [""]
        elif r < 0.78:
            out += [f"{i}. {sentence(rng)}" for i in range(1, rng.randint(3, 7))] + [""]
        elif r < 0.86:
            out += [f"### {sentence(rng)[:-1]}", "", paragraph(rng), ""]
        elif r < 0.94:
            out += [f"> {sentence(rng)}", ">", f"> {sentence(rng)}", ""]
        else:
            out += ["```", *(" ".join(rng.choice(LATIN) for _ in range(6)) for _ in range(4)), "```", ""]
    return "\n".join(out) + "\n"


def body(mb, seed=19):
    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    parts, size, n = [], 0, 0
    while size < target:
        n += 1
        b = block(rng, n)
        parts.append(b)
        size += len(b.encode())
    return "".join(parts)


def make_hub(root, mb):
    (root / "content" / "posts").mkdir(parents=True)
    (root / "site.yaml").write_text(
        'title: "Big post hub"\nbase_url: https://big.example.org/\nlanguage: he\n',
        encoding="utf-8",
    )
    text = body(mb)
    post = "---\ntitle: \"One big post\"\ndate: 2026-01-01T10:00:00Z\n---\n" + text
    (root / "content" / "posts" / "big.md").write_text(post, encoding="utf-8")
    return len(post.encode())


def build(binary, root, out):
    start = time.perf_counter()
    r = subprocess.run(
        [str(binary), "build", "--root", str(root), "--output", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    took = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"kehila build failed:\n{r.stderr}")
    return took


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[5, 10, 20], help="post sizes in MB")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default=str(REPO / "target" / "release" / "kehila"))
    ap.add_argument("--keep", help="make the hubs under this folder and keep them")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kehila-bigpost-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"{'size':>8} {'median':>9} {'min':>9} {'ms/MB':>8}")
    try:
        for mb in args.sizes:
            root = base / f"hub-{mb:g}mb"
            if root.exists():
                shutil.rmtree(root)
            bytes_ = make_hub(root, mb)
            out = root / "public"
            times = [build(args.binary, root, out) for _ in range(args.runs)]
            med = statistics.median(times)
            real_mb = bytes_ / (1024 * 1024)
            print(f"{real_mb:6.1f}MB {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms {med * 1000 / real_mb:8.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
