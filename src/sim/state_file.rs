//! `--state FILE`: the simulator's state kept across restarts. Read once at start (bounded,
//! refused with a clear message when it is not a state file); written whole, atomically: a new
//! file of a fresh name in the same directory, created exclusively (so never through a link
//! someone left there), synced, then renamed over the old one.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::Path;

use super::store::{Dump, Store};

/// A state file larger than this is refused (a million objects take about 1 GB as JSON).
pub const MAX_STATE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Refuses a path that is a symbolic link: the simulator writes only files that are its own.
fn check_not_a_link(path: &Path) -> Result<(), String> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; give the file itself",
            path.display()
        )),
        Ok(meta) if !meta.is_file() => Err(format!("{} is not a regular file", path.display())),
        _ => Ok(()),
    }
}

/// Opens `path` for reading, refusing a symbolic link and anything but a regular file. The
/// checks are made on what was opened (O_NOFOLLOW, then the open file's metadata), so the path
/// cannot be swapped for a link between a check and the open; O_NONBLOCK keeps a FIFO from
/// blocking the open. None: there is no such file.
fn open_regular(path: &Path) -> Result<Option<File>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(format!(
                "{} is a symbolic link; give the file itself",
                path.display()
            ));
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    Ok(Some(file))
}

/// Loads `path` into `store` when it exists; a missing file is an empty state.
pub fn load(path: &Path, store: &Store) -> Result<(), String> {
    let Some(file) = open_regular(path)? else {
        return Ok(());
    };
    let mut text = Vec::new();
    file.take(MAX_STATE_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if text.len() as u64 > MAX_STATE_BYTES {
        return Err(format!(
            "{} is larger than {} MiB: not a state file this simulator wrote",
            path.display(),
            MAX_STATE_BYTES / 1024 / 1024
        ));
    }
    // serde_json bounds nesting (128 levels), so a hostile file cannot exhaust the stack.
    let dump: Dump = serde_json::from_slice(&text).map_err(|e| {
        format!(
            "{} is not a cinspect simulator state file: {e}",
            path.display()
        )
    })?;
    store.restore(dump).map_err(|e| {
        format!(
            "{} is not a cinspect simulator state file: {e}",
            path.display()
        )
    })
}

/// Writes the state of `store` to `path` atomically: a fresh temporary file of a random
/// name in the same folder (created exclusively, so never through a link), synced, then
/// renamed over `path`; on failure it is removed.
pub fn save(path: &Path, store: &Store) -> Result<(), String> {
    check_not_a_link(path)?;
    let text = serde_json::to_vec(&store.dump(true)).map_err(|e| e.to_string())?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".cinspect-sim-state.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    file.write_all(&text)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| format!("{}: {e}", file.path().display()))?;
    file.persist(path)
        .map(drop)
        .map_err(|e| format!("{}: {}", path.display(), e.error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::store::{Kind, Object};
    use serde_json::json;

    #[test]
    fn a_saved_state_loads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("state.json");
        let store = Store::new(None, Some(1));
        let token = Object::new(json!({"id": "t"}), json!(null));
        store.insert_object("m", Kind::Token, "t", token.clone());
        save(&path, &store).expect("saved");
        let again = Store::default();
        load(&path, &again).expect("loaded");
        assert_eq!(again.object("m", Kind::Token, "t"), Some(token));
        // Nothing but the state file is left in the directory.
        assert_eq!(fs::read_dir(dir.path()).expect("listed").count(), 1);
    }

    #[test]
    fn a_missing_file_is_an_empty_state() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::default();
        load(&dir.path().join("none.json"), &store).expect("empty");
        assert_eq!(store.counts(), (0, 0));
    }

    #[test]
    fn a_file_that_is_not_a_state_is_refused_with_its_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("other.json");
        fs::write(&path, br#"{"payments": []}"#).expect("written");
        let error = load(&path, &Store::default()).expect_err("refused");
        assert!(error.contains("other.json") && error.contains("not a cinspect simulator state"));
        fs::write(&path, "[".repeat(100_000)).expect("written");
        assert!(load(&path, &Store::default()).is_err());
    }

    #[test]
    fn a_link_is_neither_read_nor_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target.txt");
        fs::write(&target, "precious").expect("written");
        let link = dir.path().join("state.json");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        assert!(load(&link, &Store::default()).is_err());
        assert!(save(&link, &Store::default()).is_err());
        assert_eq!(fs::read_to_string(&target).expect("read"), "precious");
    }

    #[test]
    fn a_fifo_or_a_directory_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.expect("mkfifo runs").success());
        // Nobody writes to it: a blocking open would wait for ever.
        let error = load(&fifo, &Store::default()).expect_err("refused");
        assert!(error.contains("not a regular file"), "{error}");
        let error = load(dir.path(), &Store::default()).expect_err("refused");
        assert!(error.contains("not a regular file"), "{error}");
    }
}
