//! Editing the body in the user's own editor ($VISUAL, then $EDITOR, then vi).
//! The TUI gives the terminal back while the editor runs.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::Command;

/// The editor command line: `$VISUAL`, else `$EDITOR`, else `vi`. It may carry
/// arguments (`code --wait`), so it runs through `sh`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Writes `text` to a private temporary file, runs the editor on it (blocking,
/// on the real terminal) and returns what was saved. The file is removed.
pub fn edit(text: &str) -> Result<String, String> {
    let path = temp_path();
    let result = write_private(&path, text).and_then(|()| run(&editor_command(), &path));
    let _ = std::fs::remove_file(&path);
    result
}

fn temp_path() -> PathBuf {
    let unique = format!(
        "cinspect-body-{}-{}.json",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    std::env::temp_dir().join(unique)
}

fn write_private(path: &PathBuf, text: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run(editor: &str, path: &PathBuf) -> Result<String, String> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .map_err(|e| format!("cannot start {editor}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "{editor} exited with {status}; the body is unchanged"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Editors add a final newline; the body had none.
    Ok(text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edited_text_comes_back_without_the_final_newline() {
        let path = temp_path();
        write_private(&path, "{\"a\": 1}").expect("written");
        // A scripted "editor": replaces the value.
        let got = run("sed -i 's/1/2/'", &path);
        let _ = std::fs::remove_file(&path);
        assert_eq!(got, Ok("{\"a\": 2}".to_string()));
    }

    #[test]
    fn a_failing_editor_leaves_the_body_unchanged() {
        let path = temp_path();
        write_private(&path, "x").expect("written");
        let got = run("false", &path);
        let _ = std::fs::remove_file(&path);
        assert!(got.is_err_and(|e| e.contains("unchanged")));
    }

    #[test]
    fn the_temporary_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let path = temp_path();
        write_private(&path, "x").expect("written");
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        let _ = std::fs::remove_file(&path);
        assert_eq!(mode.ok(), Some(0o600));
    }
}
