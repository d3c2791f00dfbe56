//! The files logs live in: a path, `-` for standard input, a pipe, or a gzip
//! file (told by its magic bytes, read without seeking back, so a rotated
//! `app.log.1.gz` needs no flag and `<(kubectl logs pod)` works) opened for
//! reading; and a file followed as it grows, like `tail -F`: when the path is
//! replaced (rotation by rename) or truncated (copytruncate), the rest of the
//! old file is read and the new one is read from its start.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Seek, SeekFrom};
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

/// Refuses standard input when it is the terminal: the TUI reads its keys
/// there, and a log read from it would swallow them.
pub fn check_stdin(path: &Path) -> Result<(), OpenError> {
    if is_stdin(path) && io::stdin().is_terminal() {
        return Err(OpenError {
            path: "-".to_string(),
            source: io::Error::other(
                "standard input is the terminal, not a log: pipe one in (`< app.log`) or name the file",
            ),
        });
    }
    Ok(())
}

/// A log for reading whole: standard input, a gzip file decompressed, or a
/// file. Pipes (`<(cmd)`, named FIFOs) are read as they come: nothing seeks.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>, OpenError> {
    if is_stdin(path) {
        return Ok(Box::new(io::stdin()));
    }
    let file = File::open(path).map_err(|e| open_error(path, e))?;
    read_opened(file).map_err(|e| open_error(path, e))
}

/// An opened file for reading whole, decompressed when it is gzip.
pub fn read_opened(file: File) -> io::Result<Box<dyn Read + Send>> {
    let (gzip, source) = peek_gzip(file)?;
    if gzip {
        return Ok(Box::new(MultiGzDecoder::new(io::BufReader::new(source))));
    }
    Ok(Box::new(source))
}

/// Opens `path` when it is a regular file (nothing else is opened: a FIFO
/// would wait for a writer), None when it is not or is standard input.
pub fn open_regular(path: &Path) -> Result<Option<File>, OpenError> {
    if is_stdin(path) || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    File::open(path).map(Some).map_err(|e| open_error(path, e))
}

/// A source whose first bytes were read, put back in front of the rest.
type Peeked<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// The source with its first bytes read and put back in front, and whether
/// they are gzip's magic. No seek, so a pipe is told as well as a file.
fn peek_gzip<R: Read>(mut source: R) -> io::Result<(bool, Peeked<R>)> {
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match source.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let gzip = got == 2 && magic == [0x1f, 0x8b];
    Ok((gzip, io::Cursor::new(magic[..got].to_vec()).chain(source)))
}

/// Whether the file at `path` is gzip (by its magic bytes).
pub fn is_gzip_file(path: &Path) -> Result<bool, OpenError> {
    let file = File::open(path).map_err(|e| open_error(path, e))?;
    peek_gzip(file)
        .map(|(gz, _)| gz)
        .map_err(|e| open_error(path, e))
}

/// Whether a log at `path` can be read again from where an exchange is (a
/// regular file, gzip or not); standard input and pipes cannot.
pub fn can_read_again(path: &Path) -> bool {
    !is_stdin(path) && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Whether `path` can be followed: a regular file that is not gzip (standard
/// input, pipes and gzip files are read to their end instead). Nothing that
/// is not a regular file is opened here: opening a FIFO waits for a writer.
pub fn can_follow(path: &Path) -> bool {
    if is_stdin(path) {
        return false;
    }
    // A FIFO is never opened for the question: opening it would meet its
    // writer, which could then write and leave before the real read opens it.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    // Told again by what was opened: a FIFO put there after the look must not block.
    open_nonblocking(path)
        .and_then(|f| Ok((f.metadata()?.is_file(), f)))
        .is_ok_and(|(regular, f)| regular && peek_gzip(f).is_ok_and(|(gz, _)| !gz))
}

/// What changed at the followed path since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    None,
    /// The path is a new file now: read from its start.
    Replaced,
    /// The file was truncated: read from its start again.
    Truncated,
    /// The path names something that is not a regular file now (a FIFO, a
    /// socket, a device): it is not opened (a FIFO would block every followed
    /// file) and the old file's end stays where it was. Said once per entry.
    NotRegular,
}

/// A file followed as it grows. As a `Read`, it returns what is there now
/// (0 at the current end: more may come); `check` notices rotation.
pub struct Followed {
    path: PathBuf,
    file: File,
    identity: Identity,
    position: u64,
    /// The entry last reported as [`Change::NotRegular`], not reported again.
    skipped: Option<Identity>,
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
            skipped: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Looks at the path once the current file is read to its end. A path
    /// that is missing for now (between a rename and the new file) is no
    /// change; a directory there is an error: the log cannot be read any more.
    pub fn check(&mut self) -> io::Result<Change> {
        let Ok(meta) = std::fs::metadata(&self.path) else {
            return Ok(Change::None);
        };
        if identity(&meta) != self.identity {
            // Opened without waiting, then told by what was opened: a FIFO put
            // there between a look and an open must not block either.
            let Ok(file) = open_nonblocking(&self.path) else {
                return Ok(Change::None);
            };
            let meta = file.metadata()?;
            let now = identity(&meta);
            if meta.is_dir() {
                return Err(io::Error::other("the path is a directory now"));
            }
            if !meta.is_file() {
                if self.skipped == Some(now) {
                    return Ok(Change::None);
                }
                self.skipped = Some(now);
                return Ok(Change::NotRegular);
            }
            self.identity = now;
            self.file = file;
            self.position = 0;
            self.skipped = None;
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

/// Opens for reading without waiting for a FIFO's writer (reads of a regular
/// file do not care about the flag).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
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
