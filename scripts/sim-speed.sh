#!/usr/bin/env bash
# Throughput, latency and memory of `cinspect sim`: COUNT signed create-payment requests from
# examples/sim_speed.rs over CONNECTIONS keep-alive loopback connections, the simulator bounded
# by --max-objects MAX; prints creates per second, p50/p99 latency, and the simulator's resident
# memory (VmRSS) before, halfway and after, so a flat memory once the bound is reached shows.
# Figures go in the README.
#
#   cargo build --release --bin cinspect --example sim_speed && scripts/sim-speed.sh [COUNT] [CONNECTIONS] [MAX]
#   PROFILE=debug scripts/sim-speed.sh 2000     # a quick check of the script with a debug build
set -euo pipefail
count=${1:-1000000}
connections=${2:-32}
max=${3:-100000}
dir=${CARGO_TARGET_DIR:-target}/${PROFILE:-release}
exe=$(realpath "$dir/cinspect")
client=$(realpath "$dir/examples/sim_speed")
[ -x "$exe" ] && [ -x "$client" ] || {
  echo "build first: cargo build --release --bin cinspect --example sim_speed" >&2
  exit 2
}
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/out"
CINSPECT_CONFIG_DIR="$work" "$exe" sim --port 0 --max-objects "$max" > "$work/out" 2> "$work/err" &
pid=$!
exec 3< "$work/out"
read -r first <&3
url=${first#listening on }
# Keep draining the banner so the simulator never blocks on the pipe.
cat <&3 > /dev/null &
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "simulator $url, --max-objects $max; VmRSS at start: $(rss)"
half=$((count / 2))
"$client" "$url" "$half" "$connections"
echo "VmRSS after $half creates: $(rss)"
"$client" "$url" "$((count - half))" "$connections"
echo "VmRSS after $count creates: $(rss)"
echo "kept and let go: $(curl -s "$url/sim/state?counts" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["kept"], d["evicted"])')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
