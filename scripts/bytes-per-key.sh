#!/usr/bin/env bash
# Measures what cinspect writes to the terminal: bytes per typed character in
# the body editor, and bytes while idle. Runs the real binary in tmux at
# 160x45 and records the pane's output stream with pipe-pane.
#
#   scripts/bytes-per-key.sh [path/to/cinspect]     (default: target/release/cinspect)
set -euo pipefail
exe=${1:-target/release/cinspect}
chars=${CHARS:-100}
idle=${IDLE_SECONDS:-10}
[ -x "$exe" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
sock="cinspect-bytes-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

tmux -L "$sock" new-session -d -s m -x 160 -y 45 -e "CINSPECT_CONFIG_DIR=$work" "'$(realpath "$exe")' --demo"
for _ in $(seq 50); do tmux -L "$sock" capture-pane -p -t m | grep -q Response && break; sleep 0.1; done
# Put the cursor inside a JSON string value on line 5 ("cardholderName"), then settle.
tmux -L "$sock" send-keys -t m Down Down Down Down End Left
sleep 1

out="$work/typing.bin"
tmux -L "$sock" pipe-pane -t m -o "cat > '$out'"
for _ in $(seq "$chars"); do tmux -L "$sock" send-keys -t m -l x; sleep 0.02; done
sleep 1
tmux -L "$sock" pipe-pane -t m
typed=$(stat -c %s "$out")

out="$work/idle.bin"
tmux -L "$sock" pipe-pane -t m -o "cat > '$out'"
sleep "$idle"
tmux -L "$sock" pipe-pane -t m
idle_bytes=$(stat -c %s "$out")

awk -v b="$typed" -v n="$chars" -v i="$idle_bytes" -v s="$idle" 'BEGIN {
  printf "typing: %d bytes for %d characters = %.1f bytes per character\n", b, n, b / n
  printf "idle:   %d bytes in %d s\n", i, s
}'
