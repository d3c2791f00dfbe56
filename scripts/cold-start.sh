#!/usr/bin/env bash
# Cold start to the first frame, with an empty history and with a big one
# (default 100 000 entries, filled once by examples/fill_history.rs). The real
# binary in tmux at 160x45; five runs each, the median reported.
#
#   scripts/cold-start.sh [N]
set -euo pipefail
n=${1:-100000}
cargo build --release --quiet --example fill_history
exe=$(realpath target/release/cinspect)
empty=$(mktemp -d); big=$(mktemp -d)
trap 'rm -rf "$empty" "$big"' EXIT
# Keep every entry: the default limit (10 000) would prune the big history on first open.
printf '[history]\nmax_entries = 0\nmax_age = "3650d"\n' | tee "$empty/config.toml" > "$big/config.toml"
target/release/examples/fill_history "$big" "$n"

ms() { date +%s%3N; }
measure() {
  local dir=$1 times=()
  for run in 1 2 3 4 5; do
    local sock="cinspect-cold-$$-$run" start
    start=$(ms)
    tmux -L "$sock" new-session -d -s m -x 160 -y 45 -e "CINSPECT_CONFIG_DIR=$dir" "'$exe'"
    until tmux -L "$sock" capture-pane -p -t m 2>/dev/null | grep -q Response; do sleep 0.002; done
    times+=($(( $(ms) - start )))
    tmux -L "$sock" kill-server 2>/dev/null || true
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
echo "cold start to the first frame, empty history:          $(measure "$empty") ms (median of 5)"
echo "cold start to the first frame, $n entries:        $(measure "$big") ms (median of 5)"
