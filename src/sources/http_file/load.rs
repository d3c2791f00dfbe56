//! Finding and reading `.http` files: one file, or every `.http` / `.rest`
//! file below a folder, each read as UTF-8. A folder is listed first (cheap),
//! then read in batches, so a front end shows the first files while the rest
//! are read; none is dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::HttpFile;

/// A request file bigger than this is refused.
pub(super) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Files in the first batch: a screenful, at once.
pub const FIRST_BATCH: usize = 50;
/// Files in each later batch, at most.
pub const BATCH: usize = 500;
/// A batch goes when this has passed, however few files it holds.
const BATCH_TIME: Duration = Duration::from_millis(100);

/// The files found and read, and what could not be read (path and why).
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<(PathBuf, Arc<HttpFile>)>,
    pub problems: Vec<String>,
}

/// Files read since the last batch, and how far the load has come.
#[derive(Debug, Default)]
pub struct Batch {
    pub files: Vec<(PathBuf, Arc<HttpFile>)>,
    pub problems: Vec<String>,
    /// Files read so far, this batch's included.
    pub read: usize,
    /// Request files found in all.
    pub total: usize,
    /// The last batch of the load.
    pub done: bool,
}

/// Reads `path` (a file) or every request file below it (a folder).
pub fn load(path: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    load_in_batches(path, |batch| {
        loaded.files.extend(batch.files);
        loaded.problems.extend(batch.problems);
        true
    });
    loaded
}

/// As [`load`], handing the files over in batches: the first few at once,
/// then up to [`BATCH`] at a time, the last with `done`. Stops early when
/// `send` returns false (nobody wants the rest).
pub fn load_in_batches(path: &Path, mut send: impl FnMut(Batch) -> bool) {
    let mut batch = Batch::default();
    let paths = if path.is_dir() {
        let mut paths = Vec::new();
        collect(path, &mut paths, &mut batch.problems);
        paths.sort();
        paths
    } else {
        vec![path.to_path_buf()]
    };
    let total = paths.len();
    let mut size = FIRST_BATCH;
    let mut in_batch = 0;
    let mut since = Instant::now();
    for (i, p) in paths.into_iter().enumerate() {
        match read(&p) {
            Ok(file) => batch.files.push((p, Arc::new(file))),
            Err(e) => batch.problems.push(format!("{}: {e}", p.display())),
        }
        in_batch += 1;
        let read = i + 1;
        if read < total && (in_batch >= size || since.elapsed() >= BATCH_TIME) {
            let full = Batch {
                read,
                total,
                ..std::mem::take(&mut batch)
            };
            if !send(full) {
                return;
            }
            (size, in_batch, since) = (BATCH, 0, Instant::now());
        }
    }
    send(Batch {
        read: total,
        total,
        done: true,
        ..batch
    });
}

/// One request file, refused when it is a folder, too big, or not UTF-8. A
/// pipe (`run <(…)`) or a device is read up to the cap and no further, so
/// `/dev/zero` is refused as too big rather than read forever. A UTF-8 byte
/// order mark is kept in the text (a save writes it back) and skipped by the parser.
pub fn read(path: &Path) -> Result<HttpFile, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("a folder, not a file".to_string());
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than a request file may be",
            meta.len()
        ));
    }
    let bytes = read_capped(path)?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    Ok(HttpFile::parse(text))
}

/// At most [`MAX_FILE_BYTES`] of `path`; more is an error, whatever the file says its size is.
pub(super) fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "more than {} MB, more than a request file may be",
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// Request files below `dir`, depth first; links to files are followed,
/// links to folders are not (no loops); hidden folders and build output are skipped.
fn collect(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    // A link may point anywhere: only files inside the opened folder are read
    // (a save writes a link's target), the others are named.
    let root = std::fs::canonicalize(dir).ok();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let wanted = name.ends_with(".http") || name.ends_with(".rest");
            if kind.is_dir() && !name.starts_with('.') && name != "target" && name != "node_modules"
            {
                pending.push(path);
            } else if kind.is_file() && wanted {
                out.push(path);
            } else if kind.is_symlink() && wanted {
                // A link to a request file is read (saving writes its target);
                // a link to anything else is named, never dropped unseen.
                let target = std::fs::canonicalize(&path).ok();
                let inside = match (&root, &target) {
                    (Some(root), Some(target)) => target.starts_with(root),
                    _ => false,
                };
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_file() && inside => out.push(path),
                    Ok(meta) if meta.is_file() => problems.push(format!(
                        "{}: a link to a file outside the folder ({}), not read",
                        path.display(),
                        target.map_or_else(String::new, |t| t.display().to_string())
                    )),
                    Ok(_) => problems.push(format!(
                        "{}: a link to something that is not a file, skipped",
                        path.display()
                    )),
                    Err(e) => problems.push(format!(
                        "{}: a link that cannot be followed ({e}), skipped",
                        path.display()
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_its_request_files_and_names_what_it_cannot_read() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("flows")).expect("mkdir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(
            dir.path().join("a.http"),
            "GET /v1/{merchantId}/services/testconnection\n",
        )
        .expect("w");
        std::fs::write(
            dir.path().join("flows/b.rest"),
            "### one\nGET /x\n\n### two\nGET /y\n",
        )
        .expect("w");
        std::fs::write(dir.path().join(".git/c.http"), "GET /hidden\n").expect("w");
        std::fs::write(dir.path().join("bad.http"), [0xff, 0xfe]).expect("w");
        std::fs::write(dir.path().join("notes.txt"), "GET /no\n").expect("w");
        let loaded = load(dir.path());
        let names: Vec<String> = loaded
            .files
            .iter()
            .map(|(p, _)| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.http", "flows/b.rest"]);
        assert_eq!(loaded.files[1].1.requests().count(), 2);
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert!(loaded.problems[0].contains("not UTF-8"));
    }

    #[test]
    fn a_big_folder_comes_in_batches_the_first_small_and_none_dropped() {
        let dir = tempfile::tempdir().expect("dir");
        let n = FIRST_BATCH + 2 * BATCH + 7;
        for i in 0..n {
            std::fs::write(dir.path().join(format!("r{i:05}.http")), "GET /x\n").expect("w");
        }
        let mut batches = Vec::new();
        load_in_batches(dir.path(), |b| {
            batches.push((b.files.len(), b.read, b.total, b.done));
            true
        });
        assert!(batches.len() >= 4, "{batches:?}");
        assert_eq!(batches[0], (FIRST_BATCH, FIRST_BATCH, n, false));
        assert!(batches.iter().all(|b| b.0 <= BATCH && b.2 == n));
        assert_eq!(batches.iter().map(|b| b.0).sum::<usize>(), n);
        assert_eq!(batches.iter().filter(|b| b.3).count(), 1);
        assert_eq!(batches.last().map(|b| (b.1, b.3)), Some((n, true)));
        // Nobody listening: the rest is not read.
        let mut sent = 0;
        load_in_batches(dir.path(), |_| {
            sent += 1;
            false
        });
        assert_eq!(sent, 1);
    }

    #[test]
    fn links_to_request_files_in_the_folder_are_read_and_other_links_named() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("dir");
        let elsewhere = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("shared")).expect("mkdir");
        std::fs::write(dir.path().join("shared/real.http"), "GET /linked\n").expect("w");
        symlink(
            dir.path().join("shared/real.http"),
            dir.path().join("linked.http"),
        )
        .expect("link");
        std::fs::write(elsewhere.path().join("bashrc"), "echo hi\n").expect("w");
        symlink(elsewhere.path().join("bashrc"), dir.path().join("out.http")).expect("link");
        symlink(elsewhere.path(), dir.path().join("folder.http")).expect("link");
        symlink(dir.path().join("missing"), dir.path().join("gone.rest")).expect("link");
        let loaded = load(dir.path());
        let names: Vec<_> = loaded.files.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(names.len(), 2, "{names:?} {:?}", loaded.problems);
        assert!(names.iter().any(|p| p.ends_with("linked.http")));
        assert_eq!(loaded.problems.len(), 3, "{:?}", loaded.problems);
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| p.contains("out.http") && p.contains("outside the folder"))
        );
        assert!(loaded.problems.iter().any(|p| p.contains("folder.http")));
        assert!(loaded.problems.iter().any(|p| p.contains("gone.rest")));
    }

    #[test]
    fn an_endless_file_is_read_up_to_the_cap_and_refused() {
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert!(err.contains("more than 4 MB"), "{err}");
        let err = read(Path::new("/")).unwrap_err();
        assert!(err.contains("folder"), "{err}");
    }
}
