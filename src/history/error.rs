//! The one error type of the history store. Callers branch on `NewerSchema` and `Corrupt`
//! (tell the person, keep going without history); the rest are reported as they are.

use std::path::{Path, PathBuf};

/// What went wrong with the history file. Every message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The file was written by a newer cinspect whose schema this build does not know.
    #[error(
        "history file {} was written by a newer cinspect (schema version {found}; this \
         version understands up to {supported}); upgrade cinspect or point it at another \
         history file. The file was left untouched.",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file is not a readable cinspect history (garbage, damaged, or another program's).
    #[error(
        "history file {} is not a readable cinspect history ({reason}); move it aside \
         (e.g. rename it to history.sqlite3.bad) and cinspect will start a new one. The \
         file was left untouched.",
        path.display()
    )]
    Corrupt { path: PathBuf, reason: String },
    /// The file may not be written (its mode, a read-only mount): it was opened read only.
    #[error("history file {} is read-only: browsing works, nothing is recorded", path.display())]
    ReadOnly { path: PathBuf },
    /// A field filter (`status:`, `code:`…) with a value it cannot take.
    #[error("filter: {0}")]
    Filter(String),
    /// Any other SQLite failure (a lock held past the busy timeout, a full disk...).
    #[error("history database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// Creating the directory or the file, or setting their permissions, failed.
    #[error("history file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl HistoryError {
    /// Wraps a SQLite error for `path`, turning "not a database" and "corrupt" into
    /// [`HistoryError::Corrupt`] so callers see one kind for a damaged file.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match source.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => HistoryError::Corrupt {
                path: path.to_path_buf(),
                reason: source.to_string(),
            },
            _ => HistoryError::Sqlite {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        HistoryError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
