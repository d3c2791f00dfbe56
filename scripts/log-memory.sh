#!/usr/bin/env bash
# Peak memory (max RSS) of big SDK logs, the release binary on logs written by
# examples/sdk_log_gen.rs:
# - `cinspect logs` on COUNT exchanges with 160 KB bodies (default 4 900, about
#   785 MB: all within the 10 000 messages a request waits), with and without
#   one request never answered before them;
# - the TUI's log browser (`cinspect --log`, tmux at 160x45) on MANY small
#   exchanges (default 1 000 000, about 390 MB): its peak once every exchange is
#   listed, and the time from Ctrl-Q to the process gone.
# Figures go in the README (Benchmarks).
#
#   cargo build --release --bins --examples && scripts/log-memory.sh [EXE] [COUNT] [MANY]
set -euo pipefail
exe=$(realpath "${1:-target/release/cinspect}")
gen=$(realpath "${GEN:-target/release/examples/sdk_log_gen}")
count=${2:-4900}
many=${3:-1000000}
[ -x "$exe" ] && [ -x "$gen" ] || { echo "build first: cargo build --release --bins --examples" >&2; exit 2; }
work=$(mktemp -d)
sock="cinspect-logmem-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mb() { echo $(( $(stat -c %s "$1") / 1000000 )); }

"$gen" answered "$count" "$work/answered.log"
"$gen" unanswered "$count" "$work/unanswered.log"
for log in answered unanswered; do
  stats=$( { CINSPECT_CONFIG_DIR="$work" /usr/bin/time -f '%M %e' "$exe" logs "$work/$log.log" > /dev/null; } 2>&1 | tail -1 )
  read -r kb secs <<< "$stats"
  echo "cinspect logs, $log ($(mb "$work/$log.log") MB, $count exchanges): max RSS $((kb / 1024)) MB, ${secs} s"
done
rm -f "$work/answered.log" "$work/unanswered.log"

"$gen" many "$many" "$work/many.log"
ms() { date +%s%3N; }
start=$(ms)
tmux -L "$sock" new-session -d -s m -x 160 -y 45 -e "CINSPECT_CONFIG_DIR=$work" "exec '$exe' --log '$work/many.log'"
pid=$(tmux -L "$sock" list-panes -t m -F '#{pane_pid}')
until tmux -L "$sock" capture-pane -p -t m | grep -q " of $many exchanges"; do
  kill -0 "$pid" 2>/dev/null || { echo "cinspect ended early" >&2; exit 1; }
  sleep 0.1
done
loaded=$(( $(ms) - start ))
hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
sleep 0.5 # the last frame drawn
start=$(ms)
tmux -L "$sock" send-keys -t m C-q
# Gone = a zombie or reaped (kill -0 still succeeds on a zombie tmux has not reaped yet).
while [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; do sleep 0.005; done
quit=$(( $(ms) - start ))
echo "TUI log browser ($(mb "$work/many.log") MB, $many exchanges): listed in ${loaded} ms, max RSS ${hwm} MB (${rss} MB once listed), quit in ${quit} ms"
