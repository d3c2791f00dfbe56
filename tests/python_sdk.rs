//! The simulator (and so cinspect's v1HMAC signing, which the simulator checks with) against
//! code we did not write: the official Connect Python SDK drives the real `cinspect sim` binary
//! through `tests/python_sdk/drive_sim.py`.
//!
//! Needs `python3` with `connect-sdk-python3` 3.x (`pip install connect-sdk-python3==3.47.0`;
//! 4.x and later renamed the module to `worldline.connect.sdk`). Without it the test prints a
//! note and passes, unless `CINSPECT_REQUIRE_PYTHON_SDK` is set (as in CI), where it fails.

#[path = "python_sdk/driver.rs"]
mod driver;

#[test]
fn official_python_sdk_passes_against_the_simulator() {
    driver::run_sdk_script("drive_sim.py", &[]);
}
