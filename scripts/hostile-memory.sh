#!/usr/bin/env bash
# Peak memory (max RSS) and time of `cinspect send` and `send --json` against a
# server that misbehaves on purpose (examples/hostile_server.rs): deep nesting,
# an endless body, a huge one, 100 000 errors. Figures go in the README.
#
#   cargo build --release --bins --examples && scripts/hostile-memory.sh
set -euo pipefail
exe=$(realpath "${1:-target/release/cinspect}")
server=$(realpath "${2:-target/release/examples/hostile_server}")
[ -x "$exe" ] && [ -x "$server" ] || { echo "build first: cargo build --release --bins --examples" >&2; exit 2; }
work=$(mktemp -d)
"$server" > "$work/server.out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$work/server.out")

printf '| case | send: max RSS, time | send --json: max RSS, time |\n|---|---|---|\n'
for case in deep-array/10000 deep-array/100000 deep-object/100000 endless/0 huge/300 many-errors/100000; do
  row="| $case |"
  for json in "" "--json"; do
    stats=$( { CINSPECT_CONFIG_DIR="$work" /usr/bin/time -f '%M %e' "$exe" send $json \
      --base-url "$base" --method GET --path "/$case" > /dev/null || true; } 2>&1 | tail -1 )
    read -r kb secs <<< "$stats"
    row="$row $((kb / 1024)) MB, ${secs} s |"
  done
  echo "$row"
done
