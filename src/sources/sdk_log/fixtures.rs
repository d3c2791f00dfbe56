//! The SDK log fixtures (`tests/fixtures/sdk-logs/*.log`), for the tests
//! that read every one of them.

use std::path::Path;

/// The fixtures' names, sorted.
pub fn names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sdk-logs");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".log"))
        .collect();
    names.sort();
    names
}

/// One fixture's bytes.
pub fn read(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sdk-logs");
    std::fs::read(dir.join(name)).expect("fixture")
}

/// Every fixture's bytes, in the order of their names.
pub fn logs() -> Vec<Vec<u8>> {
    names().iter().map(|n| read(n)).collect()
}
