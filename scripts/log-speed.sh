#!/usr/bin/env bash
# Speed of big SDK logs end to end (issue #28), the release binary on a
# Python-SDK application log of about BYTES bytes (default 1 GB, ~67 000
# exchanges among ordinary lines) written into a fresh directory under /tmp by
# examples/sdk_log_gen.rs (`python` mode: the fixture python3-6.3.0-logging.log
# with fresh requestIds per copy, as benches/sdk_log.rs builds its log):
# - `cinspect logs LOG > file` and `cinspect logs LOG --json > file`: wall
#   seconds and max RSS, RUNS runs each (default 5), the median reported;
# - the TUI's log browser (`cinspect --log LOG`, tmux at 160x45): time to the
#   first row on screen and to "N of N exchanges" (all listed), median of RUNS;
# - `grep -c "Outgoing request" LOG`, the floor: one pass, one pattern.
# Timings are of a shared machine: run it when it is quiet, or read the
# spread (min..max) it prints beside each median. Figures go in the README.
#
#   cargo build --release --bins --examples && scripts/log-speed.sh [EXE] [BYTES] [RUNS]
set -euo pipefail
exe=$(realpath "${1:-target/release/cinspect}")
gen=$(realpath "${GEN:-target/release/examples/sdk_log_gen}")
bytes=${2:-1000000000}
runs=${3:-5}
[ -x "$exe" ] && [ -x "$gen" ] || { echo "build first: cargo build --release --bins --examples" >&2; exit 2; }
work=$(mktemp -d /tmp/cinspect-logspeed.XXXXXX)
sock="cinspect-logspeed-$$"
trap 'for r in $(seq "$runs"); do tmux -L "$sock-$r" kill-server 2>/dev/null || true; done; rm -rf "$work"' EXIT
log="$work/big.log"
exchanges=$("$gen" python "$bytes" "$log" 2>&1 | awk '{print $1}')
echo "log: $(( $(stat -c %s "$log") / 1000000 )) MB, $exchanges exchanges"
cat "$log" > /dev/null # in the page cache for every run alike

# median and spread of the numbers on stdin: "median (min..max)"
stats() { sort -n | awk '{v[NR]=$1} END {printf "%s (%s..%s)", v[int((NR+1)/2)], v[1], v[NR]}'; }

cli() {
  local label=$1; shift
  local secs=() kbs=()
  for _ in $(seq "$runs"); do
    read -r s kb < <( { CINSPECT_CONFIG_DIR="$work" /usr/bin/time -f '%e %M' "$exe" logs "$@" "$log" > "$work/out"; } 2>&1 | tail -1 )
    secs+=("$s"); kbs+=("$kb")
  done
  local lines; lines=$(wc -l < "$work/out")
  echo "$label: $(printf '%s\n' "${secs[@]}" | stats) s, max RSS $(( $(printf '%s\n' "${kbs[@]}" | sort -n | tail -1) / 1024 )) MB, $lines lines"
}
cli "cinspect logs LOG > file (text)"
cli "cinspect logs LOG --json > file" --json
rm -f "$work/out"

ms() { date +%s%3N; }
firsts=(); alls=()
for run in $(seq "$runs"); do
  # A server of its own each run: one whose last session was just killed may
  # still be exiting when the next run connects to it.
  s="$sock-$run"
  start=$(ms)
  tmux -L "$s" new-session -d -s "m$run" -x 160 -y 45 -e "CINSPECT_CONFIG_DIR=$work" "exec '$exe' --log '$log'"
  first=""
  while :; do
    screen=$(tmux -L "$s" capture-pane -p -t "m$run")
    if [ -z "$first" ] && grep -q "/v1/1234/" <<< "$screen"; then first=$(( $(ms) - start )); fi
    if grep -q " of $exchanges exchanges" <<< "$screen"; then break; fi
    sleep 0.01
  done
  alls+=($(( $(ms) - start ))); firsts+=("$first")
  tmux -L "$s" kill-server
done
echo "cinspect --log LOG: first rows $(printf '%s\n' "${firsts[@]}" | stats) ms, all $exchanges listed $(printf '%s\n' "${alls[@]}" | stats) ms"

secs=()
for _ in $(seq "$runs"); do
  # Not into /dev/null: GNU grep stops at the first match when its output goes nowhere.
  secs+=("$( { /usr/bin/time -f '%e' grep -c "Outgoing request" "$log" > "$work/count"; } 2>&1 | tail -1 )")
done
echo "grep -c \"Outgoing request\" LOG (the floor): $(printf '%s\n' "${secs[@]}" | stats) s"
