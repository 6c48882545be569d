#!/usr/bin/env python3
"""What a build costs with each costly output switched off: the floor under the
everything-on figure that issue 19 compares with Hugo.

    python3 bench/floor.py BIN HUB [RUNS] [--work DIR]

HUB is a benchmark hub (`gen_corpus.py`'s `neutral/`). For each variant, the hub is copied
once into DIR/<variant>/ as hard links (cheap: no file's bytes are copied), that copy's
site.yaml is replaced (unlinked first, so the original is never written) by the original
with the variant's settings, and the build goes into DIR/<variant>-out. Variants run
interleaved (all, nosearch, ..., all, nosearch, ...) after one untimed round, each build into
its own previous output, as `time_builds.py` measures after its first run. Prints the median
wall, CPU and peak memory of each. HUB itself is only read.

The variants: `all` (as the hub says), `nosearch` (`search: false`), `summaryfeeds`
(`feeds: {full_content: false}`, the feeds keep every post), `nocards` (`previews: {cards:
false}`), `bare` (all three). The pages, the Markdown, the load and the writing stay in every
one of them."""
import argparse, os, shutil, statistics, subprocess, sys, time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("binary"); ap.add_argument("hub")
ap.add_argument("runs", nargs="?", type=int, default=5)
ap.add_argument("--work", default="/tmp/kehila-floor")
a = ap.parse_args()
env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")

SEARCH_OFF = "search: false\n"
SUMMARY_FEEDS = "feeds:\n  limit: {limit}\n  full_content: false\n"
CARDS_OFF = "previews:\n  cards: false\n"
VARIANTS = {
    "all": [],
    "nosearch": [SEARCH_OFF],
    "summaryfeeds": [SUMMARY_FEEDS],
    "nocards": [CARDS_OFF],
    "bare": [SEARCH_OFF, SUMMARY_FEEDS, CARDS_OFF],
}


def settings(original, parts):
    """The original site.yaml with the variant's settings. Top-level keys the variant sets are
    dropped from the original first (a key twice is an error), with their indented lines."""
    keys = {p.split(":", 1)[0] for p in parts}
    limit = "20"
    kept, skipping = [], False
    for line in original.splitlines(keepends=True):
        top = line[:1] not in (" ", "\t", "\n", "#", "")
        if top:
            skipping = line.split(":", 1)[0] in keys
        elif skipping and line.strip().startswith("limit:"):
            limit = line.split(":", 1)[1].strip()
        if not skipping:
            kept.append(line)
    text = "".join(kept)
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(p.format(limit=limit) for p in parts)


def prepare(name, parts, original):
    copy = os.path.join(a.work, name)
    if not os.path.isdir(copy):
        subprocess.run(["cp", "-al", a.hub, copy], check=True)
    site = os.path.join(copy, "site.yaml")
    os.remove(site)  # a hard link to HUB's own file: never written through
    with open(site, "w") as f:
        f.write(settings(original, parts))
    return copy


def build(hub, out):
    os.sync()
    t = time.monotonic()
    p = subprocess.Popen([a.binary, "build", "--quiet", "--root", hub, "--output", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    err = p.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{a.binary} failed on {hub}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    os.makedirs(a.work, exist_ok=True)
    with open(os.path.join(a.hub, "site.yaml")) as f:
        original = f.read()
    hubs = {name: prepare(name, parts, original) for name, parts in VARIANTS.items()}
    runs = {name: [] for name in VARIANTS}
    for r in range(a.runs + 1):
        for name, hub in hubs.items():
            m = build(hub, os.path.join(a.work, name + "-out"))
            if r > 0:
                runs[name].append(m)
    print(f"{a.hub}, {a.runs} runs each (median [min-max])")
    print(f"{'variant':14} {'wall s':>20} {'cpu s':>20} {'peak MiB':>10}")
    for name, ms in runs.items():
        wall, cpu, peak = ([m[i] for m in ms] for i in range(3))
        print(f"{name:14} {statistics.median(wall):8.3f} [{min(wall):.2f}-{max(wall):.2f}]"
              f" {statistics.median(cpu):8.3f} [{min(cpu):.2f}-{max(cpu):.2f}]"
              f" {statistics.median(peak):10.0f}")


main()
