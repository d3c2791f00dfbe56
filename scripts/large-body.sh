#!/usr/bin/env bash
# Drives the real binary against the simulator's large-body route and reports
# what a user feels: time from F5 to the first lines of a big JSON body, one
# page-down, the end of the body, and peak memory. Run in tmux at 160x45.
#
#   scripts/large-body.sh [MB] [path/to/cinspect]      (defaults: 50, target/release/cinspect)
set -euo pipefail
mb=${1:-50}
exe=$(realpath "${2:-target/release/cinspect}")
[ -x "$exe" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
# HISTORY=off measures the viewer alone (recording indexes up to 5 MB of the body).
[ "${HISTORY:-on}" = off ] && printf '[history]\nenabled = false\n' > "$work/config.toml"
sock="cinspect-large-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

CINSPECT_CONFIG_DIR="$work" "$exe" sim --port 0 --no-auth > "$work/sim.out" &
sim_pid=$!
for _ in $(seq 100); do grep -q listening "$work/sim.out" 2>/dev/null && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$work/sim.out")

ms() { date +%s%3N; }
screen() { tmux -L "$sock" capture-pane -p -t m; }
# Waits until the screen matches a pattern; prints the milliseconds it took since $1.
wait_for() {
  local since=$1 pattern=$2
  for _ in $(seq 6000); do screen | grep -q -- "$pattern" && { echo $(( $(ms) - since )); return; }; sleep 0.005; done
  echo "timeout waiting for $pattern" >&2; exit 1
}

start=$(ms)
tmux -L "$sock" new-session -d -s m -x 160 -y 45 -e "CINSPECT_CONFIG_DIR=$work" \
  "'$exe' --base-url '$base' --curl 'curl $base/sim/large?mb=$mb'"
first_frame=$(wait_for "$start" "Response")
pid=$(pgrep -P "$(tmux -L "$sock" display-message -p -t m '#{pane_pid}')" || tmux -L "$sock" display-message -p -t m '#{pane_pid}')

base_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
t=$(ms); tmux -L "$sock" send-keys -t m F5
first_lines=$(wait_for "$t" '"payments": \[')
# Focus the response pane (Tab from the body: Response), then page down and jump to the end.
tmux -L "$sock" send-keys -t m Tab
sleep 0.3
before=$(screen | md5sum)
t=$(ms); tmux -L "$sock" send-keys -t m PageDown
for _ in $(seq 2000); do [ "$(screen | md5sum)" != "$before" ] && break; sleep 0.002; done
page_down=$(( $(ms) - t ))
t=$(ms); tmux -L "$sock" send-keys -t m End
end=$(wait_for "$t" '"totalCount"')
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)

size_mb=$(awk -v m="$mb" 'BEGIN { print m * 1.048576 }')   # the route's MB are MiB
awk -v mb="$size_mb" -v ff="$first_frame" -v fl="$first_lines" -v pd="$page_down" -v e="$end" -v kb="$peak_kb" -v b="$base_kb" 'BEGIN {
  printf "cold start to first frame:                 %d ms\n", ff
  printf "F5 to first lines of a %.1f MB body:       %d ms (download, pretty-print, index)\n", mb, fl
  printf "one page-down:                             %d ms (screen polling granularity ~5 ms)\n", pd
  printf "end of body:                               %d ms\n", e
  printf "peak memory (VmHWM):                       %.0f MB; %.0f MB over the %.0f MB before F5 = %.1f x the %.1f MB body\n", kb / 1000, (kb - b) / 1000, b / 1000, (kb - b) / 1000 / mb, mb
}'
