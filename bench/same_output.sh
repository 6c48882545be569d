#!/usr/bin/env bash
# Builds the demo hub, every buildable fixture and a generated 1,000-post corpus with two kehila
# binaries (time pinned by SOURCE_DATE_EPOCH) and compares the outputs with `diff -r`. For
# refactors and optimisations that must not change a byte (issues 13 and 19).
#
#   bash bench/same_output.sh OLD_BINARY NEW_BINARY [POSTS]
#
# OLD_BINARY: e.g. a build of the previous commit (`git worktree add /tmp/old HEAD~1 &&
# cargo build --manifest-path /tmp/old/Cargo.toml`). Exit 0 when every pair is identical.
# Processed images and preview cards are keyed by their inputs; both sides start from a shared
# image cache (kept in $SAME_OUTPUT_CACHE between runs) so a second run does no image work. An
# image whose inputs changed is still made anew and compared; only a change in the encoders
# themselves would go unseen.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); posts=${3:-1000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/kehila-same.XXXXXX)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1780000000}

gen="$repo/../shared/bench/gen_corpus.py"
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py
python3 "$gen" "$posts" "$work/corpus" --tools neutral >/dev/null

hubs=("$repo")
for f in "$repo"/tests/fixtures/hub-*; do hubs+=("$f"); done
hubs+=("$work/corpus/neutral")

cache_root=${SAME_OUTPUT_CACHE:-/tmp/kehila-same-cache}
status=0
for hub in "${hubs[@]}"; do
  name=$(basename "$hub")
  # Each binary builds its own copy, so neither sees the other's image cache.
  for side in old new; do
    # The demo hub is the repository root: copy the hub, not target/ or .git.
    rm -rf "$work/src-$side"; mkdir -p "$work/src-$side"
    tar -C "$hub" --exclude=./target --exclude=./.git --exclude=./public \
      --exclude=./.kehila-cache --exclude=./node_modules -cf - . | tar -C "$work/src-$side" -xf -
    rm -rf "$work/src-$side/.kehila-cache" "$work/src-$side/public"
    if [ -d "$cache_root/$name" ]; then cp -r "$cache_root/$name" "$work/src-$side/.kehila-cache"; fi
    bin=$old; [ "$side" = new ] && bin=$new
    if ! "$bin" build --quiet --root "$work/src-$side" --output "$work/out-$side-$name" \
        >"$work/log-$side" 2>&1; then
      echo "$name: $side build failed:"; tail -5 "$work/log-$side"; status=1; continue 2
    fi
    if [ "$side" = old ] && [ -d "$work/src-old/.kehila-cache" ]; then
      mkdir -p "$cache_root"; rm -rf "$cache_root/$name"
      cp -r "$work/src-old/.kehila-cache" "$cache_root/$name"
    fi
  done
  if diff -r -q "$work/out-old-$name" "$work/out-new-$name" >"$work/diff" 2>&1; then
    echo "$name: identical ($(find "$work/out-new-$name" -type f | wc -l) files)"
  else
    echo "$name: DIFFERENT"; head -20 "$work/diff"; status=1
  fi
done
exit $status
