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
pub fn save(path: &Path, expected: Option<&str>, edit: &Edit) -> Result<Saved, SaveError> {
    let io = |e: std::io::Error| SaveError::Io(e.to_string());
    let on_disk = match std::fs::metadata(path) {
        Ok(meta) if meta.len() > super::load::MAX_FILE_BYTES => {
            return Err(SaveError::Io(format!(
                "{} bytes, more than a request file may be",
                meta.len()
            )));
        }
        Ok(_) => Some(std::fs::read(path).map_err(io)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(expected) = expected
        && on_disk.as_deref() != Some(expected.as_bytes())
    {
        return Err(SaveError::Changed);
    }
    let text = match on_disk {
        Some(bytes) => {
            String::from_utf8(bytes).map_err(|_| SaveError::Io("not UTF-8 text".to_string()))?
        }
        None => String::new(),
    };
    let (file, block) = edit::apply(&text, edit).map_err(|e| match e {
        EditError::Gone => SaveError::Gone,
        EditError::NameTaken { block } => SaveError::NameTaken {
            block,
            on_disk: Arc::new(HttpFile::parse(text.clone())),
        },
    })?;
    write_whole(path, file.text()).map_err(io)?;
    Ok(Saved { file, block })
}

/// Written beside and renamed: a crash never leaves half a file.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = beside(path);
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".cinspect-tmp");
    path.with_file_name(name)
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
        assert!(!beside(&path).exists());
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
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "### ping\n# @name ping\nGET /ping\n"
        );
        match save(&path, None, &edit) {
            Err(SaveError::NameTaken { block, on_disk }) => {
                assert_eq!(block, 0);
                assert_eq!(on_disk.text(), "### ping\n# @name ping\nGET /ping\n");
            }
            other => panic!("{other:?}"),
        }
    }
}
