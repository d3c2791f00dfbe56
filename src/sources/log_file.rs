//! The files logs live in: a path, `-` for standard input, or a gzip file
//! (told by its magic bytes, so a rotated `app.log.1.gz` needs no flag) opened
//! for reading; and a file followed as it grows, like `tail -F`: when the
//! path is replaced (rotation by rename) or truncated (copytruncate), the
//! rest of the old file is read and the new one is read from its start.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// A log that cannot be opened: its path and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct OpenError {
    pub path: String,
    #[source]
    pub source: io::Error,
}

fn open_error(path: &Path, source: io::Error) -> OpenError {
    OpenError {
        path: path.display().to_string(),
        source,
    }
}

/// Whether `path` names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A log for reading whole: standard input, a gzip file decompressed, or a file.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>, OpenError> {
    if is_stdin(path) {
        return Ok(Box::new(io::stdin()));
    }
    let mut file = File::open(path).map_err(|e| open_error(path, e))?;
    if is_gzip(&mut file).map_err(|e| open_error(path, e))? {
        return Ok(Box::new(MultiGzDecoder::new(io::BufReader::new(file))));
    }
    Ok(Box::new(file))
}

/// Reads the magic bytes and rewinds.
fn is_gzip(file: &mut File) -> io::Result<bool> {
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match file.read(&mut magic[got..])? {
            0 => break,
            n => got += n,
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(got == 2 && magic == [0x1f, 0x8b])
}

/// Whether `path` can be followed: a plain file (standard input and gzip
/// files are read to their end instead).
pub fn can_follow(path: &Path) -> bool {
    if is_stdin(path) {
        return false;
    }
    File::open(path)
        .and_then(|mut f| is_gzip(&mut f))
        .is_ok_and(|gz| !gz)
}

/// What changed at the followed path since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    None,
    /// The path is a new file now: read from its start.
    Replaced,
    /// The file was truncated: read from its start again.
    Truncated,
}

/// A file followed as it grows. As a `Read`, it returns what is there now
/// (0 at the current end: more may come); `check` notices rotation.
pub struct Followed {
    path: PathBuf,
    file: File,
    identity: Identity,
    position: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity(u64, u64);

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Identity {
    Identity(0, 0)
}

impl Followed {
    pub fn open(path: &Path) -> Result<Followed, OpenError> {
        let file = File::open(path).map_err(|e| open_error(path, e))?;
        let meta = file.metadata().map_err(|e| open_error(path, e))?;
        Ok(Followed {
            path: path.to_path_buf(),
            identity: identity(&meta),
            file,
            position: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Looks at the path once the current file is read to its end. A path
    /// that is missing for now (between a rename and the new file) is no change.
    pub fn check(&mut self) -> io::Result<Change> {
        let Ok(meta) = std::fs::metadata(&self.path) else {
            return Ok(Change::None);
        };
        if identity(&meta) != self.identity {
            let Ok(file) = File::open(&self.path) else {
                return Ok(Change::None);
            };
            self.identity = file.metadata().map(|m| identity(&m))?;
            self.file = file;
            self.position = 0;
            return Ok(Change::Replaced);
        }
        if meta.len() < self.position {
            self.file.seek(SeekFrom::Start(0))?;
            self.position = 0;
            return Ok(Change::Truncated);
        }
        Ok(Change::None)
    }
}

impl Read for Followed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn gzip_is_told_by_its_magic_and_read_through() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("app.log.1");
        let mut gz = flate2::write::GzEncoder::new(
            File::create(&path).expect("create"),
            flate2::Compression::fast(),
        );
        gz.write_all(b"hello\n").expect("write");
        gz.finish().expect("finish");
        let mut text = String::new();
        open(&path)
            .expect("open")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "hello\n");
        assert!(!can_follow(&path));
        let missing = open(&dir.path().join("nope")).err().expect("an error");
        assert!(missing.to_string().contains("nope"), "{missing}");
    }

    #[test]
    fn a_followed_file_notices_rotation_and_truncation() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("app.log");
        std::fs::write(&path, "one\n").expect("write");
        let mut f = Followed::open(&path).expect("open");
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).expect("read");
        assert_eq!(f.check().expect("check"), Change::None);
        std::fs::rename(&path, dir.path().join("app.log.1")).expect("rename");
        assert_eq!(f.check().expect("check"), Change::None, "nothing there yet");
        std::fs::write(&path, "two\n").expect("write");
        assert_eq!(f.check().expect("check"), Change::Replaced);
        buf.clear();
        f.read_to_end(&mut buf).expect("read");
        assert_eq!(buf, b"two\n");
        std::fs::write(&path, "").expect("truncate");
        assert_eq!(f.check().expect("check"), Change::Truncated);
    }
}
