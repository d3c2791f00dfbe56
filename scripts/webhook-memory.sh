#!/usr/bin/env bash
# Peak memory (VmHWM) of `cinspect webhooks listen --json` under a flood of big
# events while its consumer is stuck: stdout goes to a FIFO that is read once
# (the address) and then never again, as a pipe into a paused `less` would.
# MODE=tui does the same to the TUI's receiver, on a terminal nobody reads.
# Events carry an unknown key id (anyone can send them). After the flood the
# script sends Ctrl-C (SIGINT) and says whether it was acted on. Figures go in
# the README.
#
#   cargo build --release --bins && scripts/webhook-memory.sh [EXE] [EVENTS] [BYTES]
#   HISTORY=off scripts/webhook-memory.sh   # without recording to history
#   MODE=tui scripts/webhook-memory.sh      # the TUI's receiver (--webhooks), its terminal unread
set -euo pipefail
exe=$(realpath "${1:-target/release/cinspect}")
events=${2:-700}
bytes=${3:-3900000}
[ -x "$exe" ] || { echo "build first: cargo build --release --bins" >&2; exit 2; }
command -v curl > /dev/null || { echo "needs curl" >&2; exit 2; }
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "${HISTORY:-on}" = off ]; then
  printf '[history]\nenabled = false\n' > "$work/config.toml"
fi
head -c "$bytes" /dev/zero | tr '\0' 'x' > "$work/body"
if [ "${MODE:-listen}" = tui ]; then
  # The TUI with `--webhooks` on a terminal nobody reads (a stuck SSH link):
  # its drawing blocks, its receiver goes on taking events.
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 - "$exe" "$port" "$work" <<'PY' &
import fcntl, os, pty, struct, sys, termios, time
exe, port, work = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.environ.update(CINSPECT_CONFIG_DIR=work, TERM="xterm-256color")
    os.execv(exe, [exe, "--webhooks", f"127.0.0.1:{port}"])
with open(f"{work}/tui.pid", "w") as f:
    f.write(str(pid))
time.sleep(3600)
PY
  helper=$!
  disown "$helper"
  trap 'kill -9 $helper 2>/dev/null || true; cleanup' EXIT
  for _ in $(seq 100); do [ -s "$work/tui.pid" ] && break; sleep 0.05; done
  pid=$(cat "$work/tui.pid")
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -s -o /dev/null "$url/" && break; sleep 0.05; done
else
  mkfifo "$work/out"
  CINSPECT_CONFIG_DIR="$work" "$exe" webhooks listen --port 0 --json > "$work/out" 2> "$work/err" &
  pid=$!
  exec 3< "$work/out"
  read -r first <&3
  url=${first#listening on }
fi
idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

started=$(date +%s.%N)
seq "$events" | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' -H 'X-GCS-KeyId: nobody' -H 'X-GCS-Signature: x' \
  --data-binary @"$work/body" "$url/hooks" > "$work/codes" || true
ended=$(date +%s.%N)
sleep 2 # let the recorder and the queues settle at their peak
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
answered=$(grep -c '^200$' "$work/codes" || true)

printf '%s, %s events of %s bytes, history %s: %s answered 200 in %.1f s\n' \
  "${MODE:-listen}" "$events" "$bytes" "${HISTORY:-on}" "$answered" "$(echo "$ended - $started" | bc)"
if [ "${MODE:-listen}" = tui ]; then
  printf 'idle RSS %d MB, peak RSS %d MB\n' $((idle / 1024)) $((peak / 1024))
  exit 0
fi

kill -INT "$pid"
stopped=no
for _ in $(seq 50); do
  kill -0 "$pid" 2>/dev/null || { stopped=yes; break; }
  sleep 0.1
done
[ "$stopped" = yes ] && pid=
exec 3<&-
printf 'idle RSS %d MB, peak RSS %d MB; Ctrl-C while stdout was blocked ended it: %s\n' \
  $((idle / 1024)) $((peak / 1024)) "$stopped"
printf 'stderr lines: %s\n' "$(wc -l < "$work/err")"
