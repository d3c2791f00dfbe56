#!/usr/bin/env bash
# Peak memory (VmHWM) of `cinspect webhooks listen --json` under a flood of big
# events while its consumer is stuck: stdout goes to a FIFO that is read once
# (the address) and then never again, as a pipe into a paused `less` would.
# Events carry an unknown key id (anyone can send them). After the flood the
# script sends Ctrl-C (SIGINT) and says whether it was acted on. Figures go in
# the README.
#
#   cargo build --release --bins && scripts/webhook-memory.sh [EXE] [EVENTS] [BYTES]
#   HISTORY=off scripts/webhook-memory.sh   # without recording to history
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
mkfifo "$work/out"
CINSPECT_CONFIG_DIR="$work" "$exe" webhooks listen --port 0 --json > "$work/out" 2> "$work/err" &
pid=$!
exec 3< "$work/out"
read -r first <&3
url=${first#listening on }
idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

started=$(date +%s.%N)
seq "$events" | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' -H 'X-GCS-KeyId: nobody' -H 'X-GCS-Signature: x' \
  --data-binary @"$work/body" "$url/hooks" > "$work/codes" || true
ended=$(date +%s.%N)
sleep 2 # let the recorder and the queues settle at their peak
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
answered=$(grep -c '^200$' "$work/codes" || true)

kill -INT "$pid"
stopped=no
for _ in $(seq 50); do
  kill -0 "$pid" 2>/dev/null || { stopped=yes; break; }
  sleep 0.1
done
[ "$stopped" = yes ] && pid=
exec 3<&-

printf '%s events of %s bytes, history %s: %s answered 200 in %.1f s\n' \
  "$events" "$bytes" "${HISTORY:-on}" "$answered" "$(echo "$ended - $started" | bc)"
printf 'idle RSS %d MB, peak RSS %d MB; Ctrl-C while stdout was blocked ended it: %s\n' \
  $((idle / 1024)) $((peak / 1024)) "$stopped"
printf 'stderr lines: %s\n' "$(wc -l < "$work/err")"
