//! `cinspect completions` and `cinspect man`: generated from the clap definition,
//! naming every subcommand; `--version` names the commit.

use std::process::{Command, Output, Stdio};

use clap::CommandFactory;
use connect_inspector::cli::Cli;

fn cinspect(args: &[&str]) -> Output {
    let config = tempfile::tempdir().expect("a temporary config dir");
    Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cinspect runs")
}

/// Every subcommand's name, nested ones too (`webhooks listen` gives `listen`).
fn subcommand_names() -> Vec<String> {
    fn walk(cmd: &clap::Command, names: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            names.push(sub.get_name().to_string());
            walk(sub, names);
        }
    }
    let mut names = Vec::new();
    walk(&Cli::command(), &mut names);
    assert!(names.len() > 10, "{names:?}");
    names
}

#[test]
fn bash_and_zsh_completions_name_every_subcommand() {
    let names = subcommand_names();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = cinspect(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {:?}", out);
        assert!(
            out.stderr.is_empty(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).expect("UTF-8");
        if shell == "bash" || shell == "zsh" {
            for name in &names {
                assert!(script.contains(name.as_str()), "{shell} lacks {name}");
            }
        }
    }
    for name in [
        "completions",
        "man",
        "webhooks",
        "listen",
        "history",
        "diff",
    ] {
        assert!(names.iter().any(|n| n == name), "{name}");
    }
}

#[test]
fn an_unknown_shell_is_bad_usage() {
    let out = cinspect(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_renders() {
    let out = cinspect(&["man"]);
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8(out.stdout).expect("UTF-8");
    let header: Vec<&str> = page.lines().take(5).collect();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        header[2],
        format!(
            ".TH cinspect 1  \"cinspect {version} (commit {}; model: {})\" ",
            commit(),
            connect_inspector::connect::model::model()
                .expect("the model")
                .label()
        )
    );
    assert_eq!(header[3], ".SH NAME");
    assert_eq!(
        header[4],
        "cinspect \\- A terminal inspector for the Ingenico Connect Server API"
    );
    for name in subcommand_names()
        .iter()
        .filter(|n| *n != "listen" && *n != "verify")
    {
        // The top page lists the top-level commands; nested ones are on their own pages.
        if Cli::command().find_subcommand(name).is_some() {
            assert!(page.contains(name.as_str()), "the page lacks {name}");
        }
    }
    // Rendered by man(1) when it is installed (as a user reads it).
    let Ok(man) = Command::new("man").arg("--version").output() else {
        eprintln!("note: man(1) is not installed: the roff is checked, not its rendering");
        return;
    };
    if !man.status.success() {
        eprintln!("note: man(1) does not run here: the roff is checked, not its rendering");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cinspect.1");
    std::fs::write(&file, &page).expect("write the page");
    let shown = Command::new("man")
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .arg("-l")
        .arg(&file)
        .output()
        .expect("man -l");
    assert!(shown.status.success(), "{shown:?}");
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("SYNOPSIS"), "{text}");
    assert!(text.contains("completions"), "{text}");
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = cinspect(&["man", "--dir", dir.path().to_str().expect("UTF-8 path")]);
    assert!(out.status.success(), "{out:?}");
    for page in [
        "cinspect.1",
        "cinspect-sim.1",
        "cinspect-webhooks-listen.1",
        "cinspect-completions.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH "), "{page}");
    }
}

#[test]
fn version_names_the_commit_and_the_models_sdk() {
    let out = cinspect(&["--version"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let version = env!("CARGO_PKG_VERSION");
    let model = connect_inspector::connect::model::model().expect("the model");
    assert_eq!(
        text.trim_end(),
        format!(
            "cinspect {version} (commit {}; model: {})",
            commit(),
            model.label()
        )
    );
}

/// The commit build.rs embedded: git's short HEAD here, or "unknown" without git.
fn commit() -> String {
    let embedded = connect_inspector::cli::VERSION
        .split("(commit ")
        .nth(1)
        .and_then(|c| c.split(';').next())
        .expect("the version names a commit")
        .to_string();
    assert!(
        embedded == "unknown"
            || (embedded.len() >= 7 && embedded.bytes().all(|b| b.is_ascii_hexdigit())),
        "{embedded}"
    );
    embedded
}
