//! Finding and reading `.http` files: one file, or every `.http` / `.rest`
//! file below a folder (bounded: a folder with thousands of files costs a
//! listing, not a parse of each beyond the cap), each read as UTF-8.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::HttpFile;

/// Files read from a folder at most.
const MAX_FILES: usize = 2000;
/// A request file bigger than this is refused.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The files found and read, and what could not be read (path and why).
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<(PathBuf, Arc<HttpFile>)>,
    pub problems: Vec<String>,
}

/// Reads `path` (a file) or every request file below it (a folder).
pub fn load(path: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let mut paths = Vec::new();
    if path.is_dir() {
        collect(path, &mut paths, &mut loaded.problems);
        paths.sort();
    } else {
        paths.push(path.to_path_buf());
    }
    for p in paths {
        match read(&p) {
            Ok(file) => loaded.files.push((p, Arc::new(file))),
            Err(e) => loaded.problems.push(format!("{}: {e}", p.display())),
        }
    }
    loaded
}

fn read(path: &Path) -> Result<HttpFile, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than a request file may be",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    Ok(HttpFile::parse(text))
}

/// Request files below `dir`, depth first, without following links; hidden
/// folders and build output are skipped.
fn collect(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
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
            if kind.is_dir() && !name.starts_with('.') && name != "target" && name != "node_modules"
            {
                pending.push(path);
            } else if kind.is_file() && (name.ends_with(".http") || name.ends_with(".rest")) {
                if out.len() >= MAX_FILES {
                    problems.push(format!(
                        "{}: more than {MAX_FILES} request files; the rest are not listed",
                        dir.display()
                    ));
                    return;
                }
                out.push(path);
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
}
