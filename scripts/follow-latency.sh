#!/usr/bin/env bash
# How soon `cinspect logs --follow` prints an exchange after its response is
# written: appends one request+response pair (the python SDK's format, as
# logged by the fixtures) N times to a followed file and times each, from the
# write of the response's last line to the exchange's line on stdout.
#
#   cargo build --release && scripts/follow-latency.sh [N] [path/to/cinspect]
set -euo pipefail
n=${1:-20}
exe=$(realpath "${2:-target/release/cinspect}")
[ -x "$exe" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
log="$work/app.log"; : > "$log"
mkfifo "$work/out"
"$exe" logs --follow "$log" > "$work/out" &
pid=$!
exec 3< "$work/out"
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
ns() { date +%s%N; }
total=0; worst=0
for i in $(seq "$n"); do
  id=$(printf '00000000-0000-4000-8000-%012d' "$i")
  {
    echo "2026-12-02 10:00:00,000 INFO shop: Outgoing request (requestId='$id'):"
    echo "  method:       'GET'"
    echo "  uri:          '/v1/1234/services/testconnection'"
    echo "  headers:      Authorization=\"********\""
    echo "2026-12-02 10:00:00,003 INFO shop: Incoming response (requestId='$id', 3 ms):"
    echo "  status_code:  200"
    echo "  headers:      content-type=\"application/json\""
    echo "  content-type: application/json"
    echo "  body:         {\"result\":\"OK\"}"
  } >> "$log"
  start=$(ns)
  read -r -t 10 line <&3 || { echo "no exchange printed within 10 s" >&2; exit 1; }
  ms=$(( ($(ns) - start) / 1000000 ))
  total=$((total + ms)); [ "$ms" -gt "$worst" ] && worst=$ms
  sleep 0.2
done
echo "$n exchanges: mean $((total / n)) ms, worst $worst ms from the response's last line to the printed exchange"
