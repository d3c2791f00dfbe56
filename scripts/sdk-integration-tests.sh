#!/usr/bin/env bash
# Runs the official Python SDK's own integration tests (connect-sdk-python3 3.47.0,
# tests/integration of its source repository) against `cinspect sim`.
#
# The PyPI sdist of 3.47.0 ships no tests, so they come from a checkout of the SDK's
# repository, given as SDK_CHECKOUT (its tests are run from there, never copied here).
# Without one the script says so and exits 0. Needs python3 with connect-sdk-python3==3.47.0
# and a built cinspect (CINSPECT, default target/debug/cinspect).
#
#   SDK_CHECKOUT=~/src/connect-sdk-python3 scripts/sdk-integration-tests.sh
#
# The multipart tests (they target httpbin.org) and the proxy test (it needs a real proxy)
# do not apply to a simulator; the script runs everything and prints unittest's summary.
set -euo pipefail

cinspect=${CINSPECT:-target/debug/cinspect}
checkout=${SDK_CHECKOUT:-}
if [[ -z "$checkout" || ! -d "$checkout/tests/integration" ]]; then
    echo "note: SDK_CHECKOUT is not a checkout of connect-sdk-python3 with tests/integration; skipped"
    exit 0
fi
if ! python3 -c "import ingenico.connect.sdk" 2>/dev/null; then
    echo "note: python3 cannot import ingenico.connect.sdk (pip install connect-sdk-python3==3.47.0); skipped"
    exit 0
fi

work=$(mktemp -d)
sim_pid=""
cleanup() {
    if [[ -n "$sim_pid" ]]; then kill "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A key made for this run; the secret goes through the environment, never argv.
export SDK_IT_SECRET="sdk-it-$RANDOM$RANDOM"
CINSPECT_CONFIG_DIR="$work/config" "$cinspect" sim --port 0 --api-key-id sdk-it-key \
    --secret-env SDK_IT_SECRET >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on' "$work/sim.out" 2>/dev/null && break
    sleep 0.1
done
url=$(head -n1 "$work/sim.out" | sed -n 's/^listening on //p')
if [[ -z "$url" ]]; then
    echo "the simulator did not start:" >&2
    cat "$work/sim.err" >&2
    exit 1
fi
port=${url##*:}

cd "$checkout"
# The SDK's tests read dotted variable names, which bash cannot export; the secret is put
# under its dotted name by python from SDK_IT_SECRET, so it never appears in an argv.
env "connect.api.apiKeyId=sdk-it-key" \
    "connect.api.merchantId=1234" "connect.api.endpoint.scheme=http" \
    "connect.api.endpoint.host=127.0.0.1" "connect.api.endpoint.port=$port" \
    PYTHONDONTWRITEBYTECODE=1 \
    python3 -c 'import os, sys, unittest
os.environ["connect.api.secretApiKey"] = os.environ["SDK_IT_SECRET"]
sys.argv = ["unittest", "discover", "-v", "-s", "tests/integration", "-t", ".", "-p", "test_*.py"]
unittest.main(module=None)'
