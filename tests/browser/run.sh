#!/usr/bin/env bash
# Browser test: builds the Hebrew demo hub (the repository root) under /kehila-demo/ and the
# English fixture hub (tests/fixtures/hub-en-root) at the root of a second port, serves both
# with python3's http.server on 127.0.0.1, and runs tests/browser/check.mjs against them in
# Debian's headless Chromium (playwright-core from the tools home that
# ../shared/tools/install.sh fills; KEHILA_TOOLS_HOME as there).
#
#   bash tests/browser/run.sh [--out DIR]     # DIR keeps the screenshots (default: a temp dir)
#
# Uses target/debug/kehila (KEHILA=path to use another binary; built with cargo if missing).
# Exit code: check.mjs's (0 all passed, 1 a check failed, 2 a tool missing or broken).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
kehila="${KEHILA:-$here/target/debug/kehila}"
if [[ ! -x "$kehila" ]]; then
  (cd "$here" && cargo build --quiet)
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two distinct free ports on 127.0.0.1 (the OS picks them).
read -r demo_port en_port < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
EOF
)
demo_url="http://127.0.0.1:$demo_port/kehila-demo/"
en_url="http://127.0.0.1:$en_port/"

"$kehila" build --root "$here" --output "$tmp/demo/kehila-demo" --base-url "$demo_url"
"$kehila" build --root "$here/tests/fixtures/hub-en-root" --output "$tmp/en" --base-url "$en_url"
# The search fixture, served beside the demo under /hub/ (a base path of its own).
search_url="http://127.0.0.1:$demo_port/hub/"
"$kehila" build --root "$here/tests/fixtures/hub-search" --output "$tmp/demo/hub" --base-url "$search_url"

python3 -m http.server --bind 127.0.0.1 --directory "$tmp/demo" "$demo_port" >"$tmp/demo-server.log" 2>&1 &
pids+=($!)
python3 -m http.server --bind 127.0.0.1 --directory "$tmp/en" "$en_port" >"$tmp/en-server.log" 2>&1 &
pids+=($!)

# Wait (up to 10 s) until both answer.
python3 - "$demo_url" "$en_url" <<'EOF'
import sys, time, urllib.request
deadline = time.time() + 10
for url in sys.argv[1:]:
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except Exception as e:
            if time.time() > deadline:
                sys.exit(f"browser: ERROR server at {url} did not answer: {e}")
            time.sleep(0.1)
EOF

rc=0
timeout 600 node "$here/tests/browser/check.mjs" --demo "$demo_url" --en "$en_url" --search "$search_url" --demo-src "$here" "$@" || rc=$?
exit "$rc"
