//! Embeds the git commit the binary is built from and the SDK the API model was
//! taken from (`cinspect --version`). A build from a tarball (no git, or no
//! repository) says "unknown"; `CINSPECT_GIT_COMMIT` set at build time overrides both.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CINSPECT_GIT_COMMIT");
    let commit = std::env::var("CINSPECT_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    // A new commit or checkout rebuilds the version: HEAD, the branch it names, packed refs.
    for path in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &reference])
    {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rustc-env=CINSPECT_GIT_COMMIT={}", commit.trim());
    println!("cargo:rerun-if-changed={MODEL}");
    let model = std::fs::read_to_string(MODEL).unwrap_or_default();
    let source = match (field(&model, "package"), field(&model, "version")) {
        (Some(package), Some(version)) => format!("{package} {version}"),
        _ => "unknown".to_string(),
    };
    println!("cargo:rustc-env=CINSPECT_MODEL_SOURCE={source}");
}

/// The API model's data file; its first line names the SDK it was taken from.
const MODEL: &str = "assets/model/connect-v1.json";

/// The string value of `"name": "…"` in the model's source line (the file's
/// second line, written by scripts/model/generate.py; a unit test of the crate
/// checks the result against the parsed model).
fn field(model: &str, name: &str) -> Option<String> {
    let line = model
        .lines()
        .find(|l| l.trim_start().starts_with("\"source\""))?;
    let after = line.split(&format!("\"{name}\": \"")).nth(1)?;
    let value = after.split('"').next()?;
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        .then(|| value.to_string())
}

/// A git command's one line of output, or None when git or the repository is absent.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
