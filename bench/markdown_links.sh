#!/usr/bin/env bash
# Markdown time against the number of links in one file: builds a hub whose one post is
# SIZE_MB of paragraphs with a link every 107 bytes (20 MB → 196k links), then the same
# bytes with every link written as plain text of the same length, and prints both build times.
# Markdown work is linear when the two stay within a small factor (the issue asks ≤ 3×).
#   bash bench/markdown_links.sh [SIZE_MB=20] [KEHILA=target/release/kehila]
set -euo pipefail
size_mb=${1:-20}
kehila=${2:-target/release/kehila}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

make_hub() { # $1 = hub folder, $2 = links|plain
  mkdir -p "$1/content/posts" "$1/content/topics"
  printf 'title: "Bench"\nbase_url: https://example.org/hub/\nlanguage: en\n' >"$1/site.yaml"
  printf -- '---\ntitle: "Topic"\n---\nA topic.\n' >"$1/content/topics/topic.md"
  python3 - "$1/content/posts/2026-01-10-big.md" "$2" "$size_mb" <<'PY'
import sys
path, mode, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
target = mb * 1024 * 1024
out = ['---\ntitle: "Big"\ntopics: [topic]\n---\n']
n = 0
size = len(out[0])
while size < target:
    link = f"[member story {n:06d}](https://example.org/stories/{n:06d}/)"
    if mode == "plain":
        link = "m" * len(link)  # the same bytes, no link
    para = f"Paragraph {n:06d} of a pasted text: {link}, inside it.\n\n"
    out.append(para)
    size += len(para)
    n += 1
open(path, "w").write("".join(out))
print(f"{mode}: {size / 1048576:.1f} MB, {n if mode == 'links' else 0} links", end="; ")
PY
}

for mode in plain links; do
  make_hub "$dir/$mode" "$mode"
  start=$(date +%s.%N)
  "$kehila" build --root "$dir/$mode" --output "$dir/$mode-out" --quiet
  end=$(date +%s.%N)
  printf '%s: build %.2f s\n' "$mode" "$(echo "$end - $start" | bc)"
done
