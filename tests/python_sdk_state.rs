//! The simulator's stateful families (tokens, an iDEAL payment and its idempotent replay, a
//! hosted checkout, a payout, a refund of a capture) driven by the official Connect Python SDK
//! through `tests/python_sdk/drive_state.py`, against the real `cinspect sim` binary with a
//! bound on what it keeps and a seed.
//!
//! Needs `python3` with `connect-sdk-python3` 3.x (`pip install connect-sdk-python3==3.47.0`).
//! Without it the test prints a note and passes, unless `CINSPECT_REQUIRE_PYTHON_SDK` is set.

#[path = "python_sdk/driver.rs"]
mod driver;

#[test]
fn official_python_sdk_drives_the_stateful_families() {
    driver::run_sdk_script("drive_state.py", &["--max-objects", "1000", "--seed", "23"]);
}
