#!/usr/bin/env python3
"""Two kehila binaries on the same hub, interleaved (A, B, A, B, ...): median wall, CPU and
peak memory of a cold build of each into a fresh output folder. For "this change costs
nothing" figures.

    python3 bench/ab_build.py OLD_BIN NEW_BIN HUB [RUNS] [--out DIR] [--into-previous]

With `--into-previous` each binary builds into its own previous output instead (what
`time_builds.py` measures after its first run, and what a rebuild is): the outputs are kept
between runs and a first, untimed build of each makes them.

Outputs go to DIR (default /dev/shm/kehila-ab): on ext4, deleting one 10,000-page output and
writing the next into the same place makes file creation scan the inodes just deleted, and
the times grow run after run (see bench/README.md, search section). Each build runs after
`sync`, with `SOURCE_DATE_EPOCH` pinned, and the two outputs are compared byte for byte at
the end (`diff -rq`)."""
import argparse, os, shutil, statistics, subprocess, sys, time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("old"); ap.add_argument("new"); ap.add_argument("hub")
ap.add_argument("runs", nargs="?", type=int, default=5)
ap.add_argument("--out", default="/dev/shm/kehila-ab")
ap.add_argument("--into-previous", action="store_true",
                help="build into each binary's previous output (not a fresh folder)")
a = ap.parse_args()
env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")


def build(binary, out):
    if not a.into_previous:
        shutil.rmtree(out, ignore_errors=True)
    os.sync()
    t = time.monotonic()
    p = subprocess.Popen([binary, "build", "--quiet", "--root", a.hub, "--output", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{binary} failed on {a.hub}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


os.makedirs(a.out, exist_ok=True)
res = {"old": [], "new": []}
build(a.old, os.path.join(a.out, "old"))  # untimed: fills the hub's image cache
if a.into_previous:
    build(a.new, os.path.join(a.out, "new"))  # untimed: the output the timed runs go into
for _ in range(a.runs):
    for name, binary in (("old", a.old), ("new", a.new)):
        res[name].append(build(binary, os.path.join(a.out, name)))
for name in ("old", "new"):
    r = res[name]
    print(f"{name}: median wall {statistics.median(x[0] for x in r):.2f} s, CPU "
          f"{statistics.median(x[1] for x in r):.2f} s, peak {statistics.median(x[2] for x in r):.0f} MB; "
          "runs " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c, _ in r))
same = subprocess.run(["diff", "-rq", os.path.join(a.out, "old"), os.path.join(a.out, "new")],
                      capture_output=True, text=True)
print("outputs identical" if same.returncode == 0 else "outputs differ:\n" + same.stdout[:2000])
print(f"load average {os.getloadavg()[0]:.1f}")
