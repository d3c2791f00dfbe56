//! `cinspect init` and `cinspect config path|show|check`, each with its own
//! temporary config dir (`webhooks listen --key-id --secret-env` with no config: tests/cli_webhooks.rs).

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cinspect(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", config)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cinspect runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_writes_a_file_the_real_loader_takes_without_a_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("fresh").join("cinspect");
    let out = cinspect(&config, &["init"]);
    assert!(out.status.success(), "{out:?}");
    let file = config.join("config.toml");
    assert!(text(&out.stdout).contains(&file.display().to_string()));
    let written = std::fs::read_to_string(&file).expect("written");
    assert_eq!(written, connect_inspector::cli::config_template());
    // Only config.toml: the temporary file it was written as is gone.
    let names: Vec<_> = std::fs::read_dir(&config)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["config.toml"]);

    let loaded = connect_inspector::config::load(Some(&config));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let sandbox = loaded.config.environment("sandbox").expect("sandbox");
    assert_eq!(sandbox.base_url, "https://eu.sandbox.api-ingenico.com");
    assert!(!sandbox.production);
    let production = loaded.config.environment("production").expect("production");
    assert!(production.production);
    assert_eq!(
        production.secret,
        connect_inspector::config::SecretSource::Env("CONNECT_PRODUCTION_SECRET".into())
    );
    // Named, never given: no line sets a secret value.
    assert!(
        !written
            .lines()
            .any(|l| l.trim_start().starts_with("secret ="))
    );

    let check = cinspect(&config, &["config", "check"]);
    assert!(check.status.success(), "{check:?}");
    assert!(
        text(&check.stdout).contains("ok; environments: sim, production, sandbox"),
        "{check:?}"
    );
}

#[test]
fn init_never_overwrites_nor_follows_a_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\n").expect("write");
    let out = cinspect(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        text(&out.stderr).contains(&format!("{} exists", file.display())),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "mouse = true\n"
    );

    // A dangling symlink in its place: nothing is written through it.
    let other = tempfile::tempdir().expect("tempdir");
    let target = other.path().join("elsewhere.toml");
    let linked = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(&target, linked.path().join("config.toml")).expect("symlink");
    let out = cinspect(linked.path(), &["init"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!target.exists());
}

#[test]
fn check_reports_a_broken_file_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "timeout_seconds = 30\n[environments.sandbox\npreset = \"sandbox\"\n",
    )
    .expect("write");
    let out = cinspect(dir.path(), &["config", "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{}:2:", file.display())),
        "{stderr}"
    );

    // Problems the parser accepts but the settings do not: each one reported.
    std::fs::write(&file, "index_base = \"2\"\nenvironment = \"nowhere\"\n").expect("write");
    let out = cinspect(dir.path(), &["config", "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("index_base \"2\""), "{stderr}");
    assert!(
        stderr.contains("environment = \"nowhere\" is not defined"),
        "{stderr}"
    );
}

#[test]
fn path_and_show_name_the_file_and_mask_the_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = cinspect(dir.path(), &["config", "path"]);
    assert_eq!(
        text(&out.stdout).trim_end(),
        dir.path().join("config.toml").display().to_string()
    );

    std::fs::write(
        dir.path().join("config.toml"),
        "[environments.sandbox]\npreset = \"sandbox\"\nmerchant_id = \"1234\"\napi_key_id = \"k\"\n\
         secret_env = \"MY_SECRET\"\n[webhooks.keys.w1]\nsecret_command = \"pass show hook\"\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cinspect"))
        .env("CINSPECT_CONFIG_DIR", dir.path())
        .env("MY_SECRET", "very-secret-value")
        .args(["config", "show"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let shown = text(&out.stdout);
    assert!(shown.contains("[sandbox]"), "{shown}");
    assert!(shown.contains("$MY_SECRET ****"), "{shown}");
    assert!(shown.contains("[webhooks.keys.w1]"), "{shown}");
    assert!(!shown.contains("very-secret-value"), "{shown}");
    // The simulator's built-in secret is masked too.
    assert!(
        !shown.contains(connect_inspector::config::demo::DEMO_SECRET),
        "{shown}"
    );
}
