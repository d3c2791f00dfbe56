//! Opening the file: directory and file modes, the checks that keep a foreign, damaged or
//! newer file untouched, WAL mode and the migrations.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::HistoryError;

/// Written in the header (`PRAGMA application_id`) so another program's SQLite file at our
/// path is recognised as not ours ("cins").
pub(crate) const APPLICATION_ID: i64 = 0x6369_6e73;

/// How long a write waits for another process's transaction before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The migrations, applied in order inside one transaction; `user_version` counts those
/// applied. Append only: a released migration is never edited.
const MIGRATIONS: &[&str] = &[
    // 1: entries, their search index, and the trigger that keeps the index in step with
    // deletes. Summary columns come first so listing reads no overflow page of a big row.
    "CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time_ms INTEGER NOT NULL,
        env TEXT NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        status INTEGER,
        verdict_kind TEXT NOT NULL,
        first_error_code TEXT,
        verdict_summary TEXT NOT NULL,
        error_id TEXT,
        elapsed_ms INTEGER,
        idempotence_key TEXT,
        transport_error TEXT,
        response_body_truncated_from INTEGER,
        errors_json TEXT,
        request_headers TEXT NOT NULL,
        response_headers TEXT NOT NULL,
        request_body TEXT NOT NULL,
        response_body TEXT NOT NULL
    );
    CREATE INDEX entries_time ON entries(time_ms);
    CREATE VIRTUAL TABLE entries_search USING fts5(
        doc, content='', contentless_delete=1, tokenize='unicode61', prefix='1 2'
    );
    CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
        DELETE FROM entries_search WHERE rowid = old.id;
    END;",
    // 2: where an exchange came from besides the editor (e.g. the SDK log a replay was
    // opened from: `app.log:120`).
    "ALTER TABLE entries ADD COLUMN source TEXT;",
    // 3: webhooks received are counted and pruned apart from exchanges (by env); the index
    // keeps that cheap after every record.
    "CREATE INDEX entries_env ON entries(env, id);",
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Creates the directory (0700) and the file (0600) when missing. Existing ones keep their
/// modes: the person may have chosen them.
pub(crate) fn prepare_file(path: &Path) -> Result<(), HistoryError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        create_private_dir(dir).map_err(|e| HistoryError::io(dir, e))?;
    }
    match create_private_file(path) {
        Ok(()) => Ok(()),
        // Another process (or an earlier run) made it: open what is there.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(HistoryError::io(path, e)),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // The umask may have narrowed or the builder skipped an existing parent; make the
    // directory itself exactly private.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(|_| ())
}

/// Opens the connection and brings the schema up to date. Nothing is written before the
/// header was read and found to be ours (or empty) and not newer. SQLite gives the `-wal`
/// and `-shm` files the database file's mode.
pub(crate) fn connect(path: &Path) -> Result<Connection, HistoryError> {
    let sqlite = |e| HistoryError::sqlite(path, e);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    retry_while_busy(|| set_up(&mut conn, path))?;
    Ok(conn)
}

/// Opens a history file that may not be written (its mode, a read-only mount): read only
/// and immutable, so SQLite creates no `-wal`/`-shm` files beside it. The header is checked
/// as for writing; an older schema is read as it is (nothing is migrated).
pub(crate) fn connect_read_only(path: &Path) -> Result<Connection, HistoryError> {
    let sqlite = |e| HistoryError::sqlite(path, e);
    let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri, flags).map_err(sqlite)?;
    let version = check_header(&conn, path)?;
    if version < SCHEMA_VERSION {
        return Err(HistoryError::Corrupt {
            path: path.to_path_buf(),
            reason: format!(
                "it is read-only and from an older cinspect (schema {version}); make it writable once to upgrade it"
            ),
        });
    }
    Ok(conn)
}

/// A path as a `file:` URI path: the characters URIs reserve are percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        match b {
            b'%' | b'?' | b'#' | b' ' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

/// Switching a new file to WAL and the first read of a file another process is switching
/// can fail with `SQLITE_BUSY` at once: SQLite skips the busy handler where waiting could
/// deadlock. Both steps are safe to repeat, so they are retried up to the busy timeout.
fn retry_while_busy<T>(
    mut step: impl FnMut() -> Result<T, HistoryError>,
) -> Result<T, HistoryError> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match step() {
            Err(HistoryError::Sqlite { source, .. })
                if is_busy(&source) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn set_up(conn: &mut Connection, path: &Path) -> Result<(), HistoryError> {
    let sqlite = |e| HistoryError::sqlite(path, e);
    check_header(conn, path)?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(sqlite)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(HistoryError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("it cannot be switched to WAL mode (journal mode is {mode})"),
        });
    }
    // In WAL mode NORMAL survives a killed process; only a power cut may lose the last
    // few entries, never the file.
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sqlite)?;
    migrate(conn, path)
}

/// Reads the header fields and refuses a file that is not ours or is newer. One statement,
/// so one snapshot: another process may commit its migration between two separate reads.
fn check_header(conn: &Connection, path: &Path) -> Result<i64, HistoryError> {
    let (version, app_id, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| HistoryError::sqlite(path, e))?;
    let foreign = |reason: &str| HistoryError::Corrupt {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(foreign("it is another program's SQLite database"));
    }
    if version != 0 && app_id != APPLICATION_ID {
        return Err(foreign("it is an SQLite database without cinspect's mark"));
    }
    if version < 0 {
        return Err(foreign("its schema version is negative"));
    }
    if version > SCHEMA_VERSION {
        return Err(HistoryError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 && tables > 0 {
        return Err(foreign(
            "it is an SQLite database with tables that are not cinspect's",
        ));
    }
    Ok(version)
}

/// Applies the missing migrations in one write transaction. The header is read again
/// inside it: another process may have migrated while this one waited for the lock.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), HistoryError> {
    let sqlite = |e| HistoryError::sqlite(path, e);
    let version = check_header(conn, path)?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let version = check_header(&tx, path)?;
    for (applied, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(migration).map_err(sqlite)?;
        tx.pragma_update(None, "user_version", applied as i64 + 1)
            .map_err(sqlite)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sqlite)?;
    tx.commit().map_err(sqlite)
}
