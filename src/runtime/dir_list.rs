//! A folder read for Tab in a path prompt: names only, at most
//! `MAX_ENTRIES` of them (a folder of millions must not stall the
//! completion), names that are not UTF-8 left out (they could not be typed back).

use std::path::Path;

use crate::app::path_completion::{Entry, Listing, MAX_ENTRIES};

/// Reads `dir` for the prompt text `asked`.
pub fn list(dir: &Path, asked: String) -> Listing {
    let mut listing = Listing {
        asked,
        entries: Vec::new(),
        cut: false,
        error: None,
    };
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            listing.error = Some(match e.kind() {
                std::io::ErrorKind::NotFound => "no such folder".to_string(),
                std::io::ErrorKind::NotADirectory => "not a folder".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            });
            return listing;
        }
    };
    for entry in read.flatten() {
        if listing.entries.len() == MAX_ENTRIES {
            listing.cut = true;
            break;
        }
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        // A link to a folder completes as a folder, as in a shell.
        let dir = entry
            .file_type()
            .map(|t| t.is_dir() || (t.is_symlink() && entry.path().is_dir()))
            .unwrap_or(false);
        listing.entries.push(Entry { name, dir });
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_read_with_its_kinds_and_a_missing_one_says_why() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.log"), "").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let mut got = list(dir.path(), "x".into()).entries;
        got.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(
            got,
            [
                Entry {
                    name: "a.log".into(),
                    dir: false
                },
                Entry {
                    name: "sub".into(),
                    dir: true
                }
            ]
        );
        let missing = list(&dir.path().join("nope"), "nope/".into());
        assert_eq!(missing.error.as_deref(), Some("no such folder"));
    }
}
