#!/usr/bin/env python3
"""What a build costs with each costly output switched off: the floor under the
everything-on figure that issue 19 compares with Hugo.

    python3 bench/floor.py BIN HUB [RUNS] [--work DIR]

HUB is a benchmark hub (`gen_corpus.py`'s `neutral/`). For each variant, the hub is copied
again into DIR/<variant>/ as hard links (cheap: no file's bytes are copied), that copy's
site.yaml is replaced (unlinked first, so the original is never written) by the original
with the variant's settings, and the build goes into DIR/<variant>-out. Variants run
interleaved (all, nosearch, ..., all, nosearch, ...) after one untimed round, each build into
its own previous output, as `time_builds.py` measures after its first run. Prints the median
wall, CPU and peak memory of each. HUB itself is only read.

The variants: `all` (as the hub says), `nosearch` (`search: false`), `summaryfeeds`
(`full_content: false` in `feeds:`, its other keys kept), `nocards` (`cards: false` in
`previews:`), `bare` (all three). The pages, the Markdown, the load and the writing stay in
every one of them."""
import argparse, os, shutil, statistics, subprocess, sys, time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("binary"); ap.add_argument("hub")
ap.add_argument("runs", nargs="?", type=int, default=5)
ap.add_argument("--work", default="/tmp/kehila-floor")
a = ap.parse_args()
env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")

VARIANTS = {
    "all": {},
    "nosearch": {"search": "false"},
    "summaryfeeds": {"feeds": {"full_content": "false"}},
    "nocards": {"previews": {"cards": "false"}},
    "bare": {"search": "false", "feeds": {"full_content": "false"}, "previews": {"cards": "false"}},
}


def blocks(text):
    """site.yaml's lines as top-level blocks: [key, lines], a key's indented lines with it."""
    out = [[None, []]]
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "\n", "#", ""):
            out.append([line.split(":", 1)[0], []])
        out[-1][1].append(line)
    return out


def settings(original, changes):
    """The original site.yaml with the variant's settings: a value replaces its key, a map
    sets those keys inside the key's block (its other keys kept)."""
    parts = blocks(original if original.endswith("\n") else original + "\n")
    for key, value in changes.items():
        block = next((b for b in parts if b[0] == key), None)
        if block is None:
            block = [key, []]
            parts.append(block)
        if not isinstance(value, dict):
            block[1] = [f"{key}: {value}\n"]
            continue
        head, *rest = block[1] or [f"{key}:\n"]
        if head.split(":", 1)[1].split("#", 1)[0].strip():
            sys.exit(f"site.yaml: `{key}` is written on one line; write it as a block")
        indent = next((r[: len(r) - len(r.lstrip())] for r in rest if r.strip()), "  ")
        kept = [r for r in rest if not (r.startswith(indent) and r[len(indent):].split(":", 1)[0] in value)]
        block[1] = [head] + kept + [f"{indent}{k}: {v}\n" for k, v in value.items()]
    return "".join(line for _, lines in parts for line in lines)


def prepare(name, changes, original):
    """A fresh hard-linked copy of HUB (made again each time: DIR may hold another hub's)."""
    copy = os.path.join(a.work, name)
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["cp", "-al", a.hub, copy], check=True)
    site = os.path.join(copy, "site.yaml")
    os.remove(site)  # a hard link to HUB's own file: never written through
    with open(site, "w") as f:
        f.write(settings(original, changes))
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
    hubs = {name: prepare(name, changes, original) for name, changes in VARIANTS.items()}
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
