#!/usr/bin/env bash
# Runs one official SDK's own integration tests against a fresh `cinspect sim`:
#
#   SDK=python3-3  connect-sdk-python3 3.47.0  (ingenico.connect.sdk)   tests/integration
#   SDK=python3-6  connect-sdk-python3 6.3.0   (worldline.connect.sdk)  tests/integration
#   SDK=nodejs-4   connect-sdk-nodejs 4.20.0                           __tests__/integration
#   SDK=nodejs-7   connect-sdk-nodejs 7.0.0                            __tests__/integration
#
# The tests come from a checkout of the SDK's repository, given as SDK_CHECKOUT (the PyPI and
# npm packages ship none); they are run from there, never copied here. Python: SDK_PYTHON (default
# python3) must import the SDK's package. Node: `npm install` done in the checkout. Without a
# checkout or a runtime the script says so and exits 0. Needs a built cinspect (CINSPECT,
# default target/debug/cinspect).
#
#   SDK=python3-6 SDK_CHECKOUT=~/src/connect-sdk-python3 SDK_PYTHON=~/venv6/bin/python \
#       scripts/sdk-integration-tests.sh
#
# Everything in the suite is run; it ends with a summary line (passed, failed, skipped) and a
# `failed:` line per failure; the exit status is the suite's. Tests that do not apply to a
# simulator (multipart uploads aimed at httpbin.org, a real proxy) fail here: README.md says which.
set -euo pipefail

sdk=${SDK:-python3-3}
cinspect=${CINSPECT:-target/debug/cinspect}
checkout=${SDK_CHECKOUT:-}

skip() {
    echo "note: $*; skipped"
    exit 0
}

case "$sdk" in
python3-3 | python3-6)
    if [[ "$sdk" == python3-3 ]]; then package=ingenico; version=3.47.0; else package=worldline; version=6.3.0; fi
    python=${SDK_PYTHON:-python3}
    [[ -n "$checkout" && -d "$checkout/tests/integration" && -d "$checkout/$package/connect/sdk" ]] ||
        skip "SDK_CHECKOUT is not a checkout of connect-sdk-python3 $version with tests/integration"
    # Imported from outside the checkout: the installed SDK and its dependencies must be there.
    (cd / && "$python" -c "import $package.connect.sdk") 2>/dev/null ||
        skip "$python cannot import $package.connect.sdk (pip install connect-sdk-python3==$version, or set SDK_PYTHON)"
    ;;
nodejs-4 | nodejs-7)
    major=${sdk#nodejs-}
    [[ -n "$checkout" && -f "$checkout/__tests__/integration/init.ts" && -f "$checkout/package.json" ]] ||
        skip "SDK_CHECKOUT is not a checkout of connect-sdk-nodejs $major with __tests__/integration"
    command -v node >/dev/null || skip "node is not installed"
    found=$(cd "$checkout" && node -p 'require("./package.json").version')
    [[ "${found%%.*}" == "$major" ]] || skip "SDK_CHECKOUT holds connect-sdk-nodejs $found, not $major.x"
    [[ -x "$checkout/node_modules/.bin/jest" ]] || skip "no jest in $checkout/node_modules (run npm install there)"
    ;;
*)
    echo "SDK must be python3-3, python3-6, nodejs-4 or nodejs-7 (not '$sdk')" >&2
    exit 2
    ;;
esac

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
for _ in $(seq 300); do  # up to 30 s: the machine may be busy
    grep -q '^listening on' "$work/sim.out" 2>/dev/null && break
    sleep 0.1
done
url=$(head -n1 "$work/sim.out" | sed -n 's/^listening on //p')
if [[ -z "$url" ]]; then
    echo "the simulator did not start:" >&2
    cat "$work/sim.err" >&2
    exit 1
fi
export SDK_IT_PORT=${url##*:}
echo "$sdk: the tests of $checkout against $url"

run_python() {
    # The SDK's tests read dotted variable names, which bash cannot export; the secret is put
    # under its dotted name by python from SDK_IT_SECRET, so it never appears in an argv.
    env "connect.api.apiKeyId=sdk-it-key" \
        "connect.api.merchantId=1234" "connect.api.endpoint.scheme=http" \
        "connect.api.endpoint.host=127.0.0.1" "connect.api.endpoint.port=$SDK_IT_PORT" \
        PYTHONDONTWRITEBYTECODE=1 \
        "$python" -c 'import os, sys, unittest
os.environ["connect.api.secretApiKey"] = os.environ["SDK_IT_SECRET"]
suite = unittest.defaultTestLoader.discover("tests/integration", pattern="test_*.py", top_level_dir=".")
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = [t.id() for t, _ in result.failures + result.errors] + [t.id() for t in result.unexpectedSuccesses]
skipped = len(result.skipped) + len(result.expectedFailures)
print(f"summary: {result.testsRun - len(failed) - skipped} passed, {len(failed)} failed, "
      f"{skipped} skipped of {result.testsRun}")
for name in sorted(failed):
    print(f"failed: {name}")
sys.exit(0 if result.wasSuccessful() else 1)'
}

run_node() {
    # The tests require `../config.json`; jest maps it to a module that builds the configuration
    # from the environment, so nothing is written into the checkout and the secret stays off disk.
    cat >"$work/sdk-config.js" <<'EOF'
module.exports = {
  merchantId: "1234",
  apiKeyId: "sdk-it-key",
  secretApiKey: process.env.SDK_IT_SECRET,
  apiEndpoint: { host: "127.0.0.1", scheme: "http", port: Number(process.env.SDK_IT_PORT) },
  integrator: "cinspect sdk-integration-tests",
  enableLogging: false
};
EOF
    # The SDK's own jest configuration, without its junit and coverage output (they would land
    # in the checkout).
    cat >"$work/jest.config.js" <<'EOF'
const path = require("path");
const own = require(path.resolve("package.json")).jest;
module.exports = {
  ...own,
  rootDir: path.resolve("."),
  reporters: ["default"],
  collectCoverage: false,
  moduleNameMapper: { "^(\\.\\./)+config\\.json$": path.join(__dirname, "sdk-config.js") }
};
EOF
    cat >"$work/summary.js" <<'EOF'
const path = require("path");
const r = require(path.join(__dirname, "jest.json"));
const skipped = r.numPendingTests + (r.numTodoTests || 0);
console.log(`summary: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped of ${r.numTotalTests}`);
for (const file of r.testResults) {
  const name = path.relative(process.cwd(), file.name);
  for (const t of file.assertionResults) if (t.status === "failed") console.log(`failed: ${name}: ${t.fullName}`);
  if (file.assertionResults.length === 0 && file.status === "failed") console.log(`failed to run: ${name}`);
}
EOF
    local status=0
    node_modules/.bin/jest --config "$work/jest.config.js" --group=integration --runInBand \
        --json --outputFile="$work/jest.json" || status=$?
    node "$work/summary.js"
    return "$status"
}

cd "$checkout"
status=0
case "$sdk" in
python3-*) run_python || status=$? ;;
nodejs-*) run_node || status=$? ;;
esac
exit "$status"
