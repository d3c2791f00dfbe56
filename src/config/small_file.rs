//! Reading a settings file that a person wrote: it must be a regular file
//! (a FIFO would block for ever) and small (a 36 MB config.toml is not a
//! config; parsing it would cost a gigabyte).

use std::io::Read;
use std::path::Path;

/// Config and theme files larger than this are refused.
pub const MAX_SETTINGS_FILE: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SmallFileError {
    #[error("no such file")]
    Missing,
    #[error("not a regular file")]
    NotRegular,
    #[error("{size} bytes, more than a settings file may be ({MAX_SETTINGS_FILE})")]
    TooBig { size: u64 },
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// The text of a small regular file.
pub fn read_settings_file(path: &Path) -> Result<String, SmallFileError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SmallFileError::Missing),
        Err(e) => return Err(e.into()),
    };
    if !meta.is_file() {
        return Err(SmallFileError::NotRegular);
    }
    if meta.len() > MAX_SETTINGS_FILE {
        return Err(SmallFileError::TooBig { size: meta.len() });
    }
    // The file may grow between the check and the read: read no more than the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SETTINGS_FILE + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SETTINGS_FILE {
        return Err(SmallFileError::TooBig {
            size: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|_| SmallFileError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_files_fifos_and_directories_are_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (MAX_SETTINGS_FILE + 1) as usize]).expect("write");
        assert!(matches!(
            read_settings_file(&big),
            Err(SmallFileError::TooBig { .. })
        ));
        assert!(matches!(
            read_settings_file(dir.path()),
            Err(SmallFileError::NotRegular)
        ));
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("path");
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_settings_file(&fifo),
            Err(SmallFileError::NotRegular)
        ));
        assert!(matches!(
            read_settings_file(&dir.path().join("none")),
            Err(SmallFileError::Missing)
        ));
        let ok = dir.path().join("ok.toml");
        std::fs::write(&ok, "a = 1\n").expect("write");
        assert_eq!(read_settings_file(&ok).expect("read"), "a = 1\n");
    }
}
