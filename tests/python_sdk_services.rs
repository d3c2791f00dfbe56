//! The simulator's stateless services (product catalogue, 809 directory, product groups,
//! convert amount, IIN details, bank account conversion, risk assessments) against code we did
//! not write: the official Connect Python SDK drives the real `cinspect sim` binary through
//! `tests/python_sdk/drive_services.py` and parses every answer into its own domain objects.
//!
//! Needs `python3` with `connect-sdk-python3` 3.x (`pip install connect-sdk-python3==3.47.0`).
//! Without it the test prints a note and passes, unless `CINSPECT_REQUIRE_PYTHON_SDK` is set
//! (as in CI), where it fails.

#[path = "python_sdk/driver.rs"]
mod driver;

#[test]
fn official_python_sdk_uses_the_simulators_stateless_services() {
    driver::run_sdk_script("drive_services.py", &[]);
}
