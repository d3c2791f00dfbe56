//! Several processes on one history file. The test binary re-executes itself
//! (`std::env::current_exe()`) to run an `#[ignore]`d child test selected by its exact name;
//! the database path comes through an environment variable, so no extra binary is needed.
//! Run alone (no variable), a child test does nothing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::store_tests::declined;
use super::{History, HistorySettings};

const DB_ENV: &str = "CINSPECT_HISTORY_TEST_DB";
const PER_PROCESS: usize = 200;

/// The libtest name of a test in this module (libtest drops the crate name).
fn test_name(function: &str) -> String {
    let module = module_path!();
    let module = module.split_once("::").map_or(module, |(_, rest)| rest);
    format!("{module}::{function}")
}

fn spawn_child(function: &str, db: &Path) -> Child {
    let exe = std::env::current_exe().expect("test binary path");
    Command::new(exe)
        .args([
            test_name(function).as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DB_ENV, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn child test process")
}

fn child_db() -> Option<PathBuf> {
    std::env::var_os(DB_ENV).map(PathBuf::from)
}

fn go_file(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.go", db.display()))
}

fn unlimited() -> HistorySettings {
    HistorySettings {
        max_entries: None,
        ..HistorySettings::default()
    }
}

#[test]
#[ignore = "child process of two_processes_recording_at_once_store_every_entry"]
fn child_records_200_entries() {
    let Some(db) = child_db() else { return };
    // Start together: both processes open (and so race to create) the file at once.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !go_file(&db).exists() {
        assert!(Instant::now() < deadline, "never told to start");
        std::thread::sleep(Duration::from_millis(2));
    }
    let history = History::open(&db, unlimited()).expect("open in child");
    for i in 0..PER_PROCESS {
        history.record(declined(i)).expect("record in child");
    }
}

#[test]
fn two_processes_recording_at_once_store_every_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("history.sqlite3");
    let children = [
        spawn_child("child_records_200_entries", &db),
        spawn_child("child_records_200_entries", &db),
    ];
    std::fs::write(go_file(&db), b"").expect("go");
    for child in children {
        let out = child.wait_with_output().expect("child output");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("1 passed"),
            "child test did not run:\n{stdout}"
        );
        assert!(!stderr.contains("database is locked") && !stdout.contains("database is locked"));
    }
    let history = History::open(&db, unlimited()).expect("open");
    assert_eq!(history.count().expect("count"), 2 * PER_PROCESS);
}

#[test]
#[ignore = "child process of a_writer_killed_mid_write_leaves_a_sound_database"]
fn child_records_until_killed() {
    let Some(db) = child_db() else { return };
    let history = History::open(&db, unlimited()).expect("open in child");
    // Bounded so a child whose parent died stops by itself.
    let deadline = Instant::now() + Duration::from_secs(60);
    for i in 0..1_000_000 {
        history.record(declined(i)).expect("record in child");
        println!("recorded {}", i + 1);
        if Instant::now() > deadline {
            break;
        }
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_a_sound_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("history.sqlite3");
    let mut before = 0;
    for round in 0..3u64 {
        let mut child = spawn_child("child_records_until_killed", &db);
        let stdout = child.stdout.take().expect("piped stdout");
        let mut reached = 0usize;
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("child stdout");
            if let Some(n) = line
                .strip_prefix("recorded ")
                .and_then(|n| n.parse::<usize>().ok())
            {
                reached = n;
                if n >= 30 {
                    break;
                }
            }
        }
        assert!(reached >= 30, "child stopped early (round {round})");
        // Let the loop run on a little, so the kill lands at a different point each round.
        std::thread::sleep(Duration::from_millis(3 + 7 * round));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");

        let raw = rusqlite::Connection::open(&db).expect("raw open");
        let check: String = raw
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok", "round {round}");
        raw.execute(
            "INSERT INTO entries_search(entries_search) VALUES ('integrity-check')",
            [],
        )
        .expect("search index integrity");
        drop(raw);
        let history = History::open(&db, unlimited()).expect("reopen after kill");
        let count = history.count().expect("count");
        assert!(count >= before + 30, "round {round}: {count} entries");
        before = count;
    }
}
