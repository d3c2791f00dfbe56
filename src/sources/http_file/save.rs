//! Writing an edit into a `.http` file: never over a file that changed on
//! disk since it was read (a `git pull`), never half a file (written beside,
//! then renamed), its permissions kept.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::HttpFile;
use super::edit::{self, Edit, EditError};

/// The file as written, and the block the edited request is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub file: HttpFile,
    pub block: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("it changed on disk since it was read (a git pull?); reopen it")]
    Changed,
    /// Appending: the file already has a request of that name; the file as
    /// it is on disk comes along, for replacing that block instead.
    #[error("it already has a request of that name")]
    NameTaken {
        block: usize,
        on_disk: Arc<HttpFile>,
    },
    #[error("its request is gone")]
    Gone,
    #[error("{0}")]
    Io(String),
}

/// Applies `edit` to the file at `path` and writes it. `expected` is the text
/// the edit was made from: the file must still hold exactly that. Without it
/// (a file not opened) whatever is there is edited, and a missing file is made.
/// A path that is a symbolic link is written to the file it points to (the
/// link stays a link); the result names where the bytes went.
pub fn save(path: &Path, expected: Option<&str>, edit: &Edit) -> Result<Saved, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(e.to_string());
    let target = write_target(path)?;
    let on_disk = read_bounded(&target)?;
    if let Some(expected) = expected
        && on_disk.as_deref() != Some(expected.as_bytes())
    {
        return Err(SaveError::Changed);
    }
    let text = match &on_disk {
        Some(bytes) => String::from_utf8(bytes.clone())
            .map_err(|_| SaveError::Io("not UTF-8 text".to_string()))?,
        None => String::new(),
    };
    let (file, block) = edit::apply(&text, edit).map_err(|e| match e {
        EditError::Gone => SaveError::Gone,
        EditError::NameTaken { block } => SaveError::NameTaken {
            block,
            on_disk: Arc::new(HttpFile::parse(text.clone())),
        },
    })?;
    write_whole(&target, file.text(), on_disk.as_deref()).map_err(|e| match e {
        WriteError::Changed => SaveError::Changed,
        WriteError::Io(e) => io(e),
    })?;
    Ok(Saved { file, block })
}

/// The regular file a save writes: `path` itself, or what its link points to.
/// Anything else there (a folder, a device, a link to nothing) is refused.
fn write_target(path: &Path) -> Result<PathBuf, SaveError> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(SaveError::Io(e.to_string())),
    };
    let target = if link {
        std::fs::canonicalize(path).map_err(|e| {
            SaveError::Io(format!(
                "it is a link to a file that cannot be reached ({e})"
            ))
        })?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).map_err(|e| SaveError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(SaveError::Io(if link {
            format!("it is a link to {}, not a regular file", target.display())
        } else {
            "not a regular file".to_string()
        }));
    }
    Ok(target)
}

/// The file's bytes (None when there is none), refused past the request file cap.
fn read_bounded(path: &Path) -> Result<Option<Vec<u8>>, SaveError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > super::load::MAX_FILE_BYTES => Err(SaveError::Io(format!(
            "{} bytes, more than a request file may be",
            meta.len()
        ))),
        Ok(_) => super::load::read_capped(path)
            .map(Some)
            .map_err(SaveError::Io),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(SaveError::Io(e.to_string())),
    }
}

enum WriteError {
    /// The file changed between the read and the rename.
    Changed,
    Io(std::io::Error),
}

/// Written to a new file of a random name beside `path` (created exclusively,
/// so nothing planted there is followed or reused), then renamed over it: a
/// crash never leaves half a file. Just before the rename the file is read
/// again: an editor or `git pull` that wrote it meanwhile wins.
fn write_whole(path: &Path, text: &str, was: Option<&[u8]>) -> Result<(), WriteError> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".cinspect-save-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    tmp.write_all(text.as_bytes()).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    let mode = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        // A new file: readable by others, as an editor would make it.
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    tmp.as_file()
        .set_permissions(mode)
        .map_err(WriteError::Io)?;
    let now =
        read_bounded(path).map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
    if now.as_deref() != was {
        return Err(WriteError::Changed);
    }
    // The temporary file is removed when persisting fails (dropped with the error).
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.http");
        std::fs::write(&path, "GET /pulled\n").expect("w");
        let edit = Edit::Block {
            index: 0,
            text: "GET /mine\n".to_string(),
        };
        assert_eq!(
            save(&path, Some("GET /a\n"), &edit),
            Err(SaveError::Changed)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "GET /pulled\n");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            save(&path, Some("GET /a\n"), &edit),
            Err(SaveError::Changed)
        );
        assert!(!path.exists(), "a deleted file is not made again");
    }

    #[test]
    fn a_save_writes_the_edit_and_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.http");
        std::fs::write(&path, "GET /a\n").expect("w");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let edit = Edit::Block {
            index: 0,
            text: "GET /b\n".to_string(),
        };
        let saved = save(&path, Some("GET /a\n"), &edit).expect("saved");
        assert_eq!(saved.file.text(), "GET /b\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "GET /b\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }

    #[test]
    fn appending_to_a_missing_file_makes_it_and_a_taken_name_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("new.http");
        let edit = Edit::Append {
            name: "ping".to_string(),
            lines: "GET /ping\n".to_string(),
        };
        save(&path, None, &edit).expect("made");
        let made = format!("{}\n\n### ping\n# @name ping\nGET /ping\n", edit::MADE_NOTE);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), made);
        match save(&path, None, &edit) {
            Err(SaveError::NameTaken { block, on_disk }) => {
                assert_eq!(block, 1);
                assert_eq!(on_disk.text(), made);
                assert_eq!(on_disk.requests().count(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    fn block_edit(text: &str) -> Edit {
        Edit::Block {
            index: 0,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_link_planted_where_the_old_temporary_file_went_is_never_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("dir");
        let victim = dir.path().join("bashrc");
        std::fs::write(&victim, "echo hello\n").expect("w");
        let repo = dir.path().join("repo");
        std::fs::create_dir(&repo).expect("mkdir");
        let path = repo.join("shop.http");
        std::fs::write(&path, "GET /a\n").expect("w");
        // What a hostile repository ships beside the file (git keeps links).
        symlink(&victim, repo.join("shop.http.cinspect-tmp")).expect("link");
        symlink(&victim, repo.join(".cinspect-save-.tmp")).expect("link");
        save(&path, Some("GET /a\n"), &block_edit("GET /b\n")).expect("saved");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "echo hello\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "GET /b\n");
        let meta = std::fs::symlink_metadata(&path).unwrap();
        assert!(meta.file_type().is_file(), "the file stays a regular file");
        assert!(
            std::fs::symlink_metadata(repo.join("shop.http.cinspect-tmp"))
                .unwrap()
                .file_type()
                .is_symlink(),
            "the planted link is left as it was"
        );
    }

    #[test]
    fn a_request_file_that_is_a_link_is_saved_to_its_target_and_stays_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("dir");
        let real = dir.path().join("shared.http");
        std::fs::write(&real, "GET /a\n").expect("w");
        let link = dir.path().join("mine.http");
        symlink(&real, &link).expect("link");
        save(&link, Some("GET /a\n"), &block_edit("GET /b\n")).expect("saved");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "GET /b\n");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is not replaced by a regular file"
        );
        // A link to a folder or to nothing is refused with the reason.
        let to_dir = dir.path().join("dir.http");
        symlink(dir.path(), &to_dir).expect("link");
        let err = save(&to_dir, None, &block_edit("GET /c\n")).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dangling = dir.path().join("gone.http");
        symlink(dir.path().join("nothing"), &dangling).expect("link");
        let err = save(&dangling, None, &block_edit("GET /c\n")).unwrap_err();
        assert!(err.to_string().contains("cannot be reached"), "{err}");
        assert!(!dir.path().join("nothing").exists());
    }

    #[test]
    fn a_change_between_the_read_and_the_rename_wins() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.http");
        std::fs::write(&path, "GET /pulled\n").expect("w");
        let result = write_whole(&path, "GET /mine\n", Some(b"GET /a\n"));
        assert!(matches!(result, Err(WriteError::Changed)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "GET /pulled\n");
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 1, "the temporary file is removed");
    }
}
