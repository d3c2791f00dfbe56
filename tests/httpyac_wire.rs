//! A `.http` file cinspect writes runs in another tool and sends the same request there: the
//! TUI's save-as writes the file (through the headless app and the real executor), then
//! `cinspect run FILE` and httpyac's `httpyac send FILE --all` each send it to a recording
//! server on a loopback port, and every request must match in method, path and query,
//! headers (signing and transport aside: see `not_compared`) and body bytes.
//!
//! Needs the httpyac CLI (6.16.7, from npm): `CINSPECT_HTTPYAC` names it, else `httpyac` on
//! the PATH, else `target/httpyac/node_modules/.bin/httpyac` (what
//! `npm install --prefix target/httpyac httpyac@6.16.7` makes). Without it the test prints a
//! note and passes, unless `CINSPECT_REQUIRE_HTTPYAC` is set (as in CI), where it fails.

mod common;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};

use common::Harness;
use common::recorder::{self, Wire};
use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::overlay::Prompt;
use connect_inspector::app::{Action, Overlay, Settings};
use connect_inspector::config::Environment;
use connect_inspector::config::demo::DEMO_MERCHANT_ID;
use connect_inspector::sources::http_file::write_back::SIGNING_HEADERS;

const VERSION: &str = "6.16.7";
const PATH_ENV: &str = "CINSPECT_HTTPYAC";
const REQUIRE_ENV: &str = "CINSPECT_REQUIRE_HTTPYAC";

/// What the recorder answers every request: a create's answer, so that `cinspect run`
/// carries the payment id into the next request's `{{paymentId}}` (httpyac is given it).
const PAYMENT_ID: &str = "000000123410000012340000100001";
const ANSWER: &str =
    r#"{"payment":{"id":"000000123410000012340000100001","status":"PENDING_APPROVAL"}}"#;

/// Headers left out of the comparison, and why; every other header must be the same.
/// - Signing: `Authorization` and `Date` depend on the moment, and the `X-GCS-*` meta
///   headers cinspect adds when it signs ([`SIGNING_HEADERS`]: the ones a file cinspect
///   writes never holds, so httpyac cannot send them). A hand-written `X-GCS-*` header
///   (the idempotence key below) is compared.
/// - Transport, each HTTP client's own ([`TRANSPORT`]).
///
/// `host` and `content-length` are compared: both follow from the file.
fn not_compared() -> Vec<&'static str> {
    SIGNING_HEADERS.iter().chain(TRANSPORT).copied().collect()
}

/// What each HTTP client adds of its own: `user-agent` names the client; httpyac (got)
/// also sends `accept-encoding: gzip, deflate, br` and `connection: keep-alive`, which
/// cinspect's client does not. (Both send `accept: */*`, so it is compared.)
const TRANSPORT: &[&str] = &["user-agent", "accept-encoding", "connection"];

/// Where the httpyac CLI is and its version, or why it cannot be used.
fn httpyac() -> Result<(PathBuf, String), String> {
    let candidates: Vec<PathBuf> = match std::env::var_os(PATH_ENV) {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![
            PathBuf::from("httpyac"),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/httpyac/node_modules/.bin/httpyac"),
        ],
    };
    let mut tried = Vec::new();
    for candidate in candidates {
        match Process::new(&candidate)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
        {
            Ok(out) if out.status.success() => {
                let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                return Ok((candidate, version));
            }
            Ok(out) => tried.push(format!(
                "`{} --version` failed ({}): {}",
                candidate.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => tried.push(format!("`{}`: {e}", candidate.display())),
        }
    }
    Err(tried.join("; "))
}

/// Ctrl-S on a request not from a file, answered `FILE NAME`: the real save-as.
async fn save_as(h: &mut Harness, file: &Path, name: &str) {
    h.command(Command::Save);
    assert!(
        matches!(
            h.app.overlay(),
            Some(Overlay::Prompt {
                kind: Prompt::SaveAs,
                ..
            })
        ),
        "{:?}",
        h.app.overlay()
    );
    h.act(Action::Paste(format!("{} {name}", file.display())));
    h.command(Command::Accept);
    h.settle_files().await;
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.starts_with(&format!("saved as {name}")), "{notice}");
}

/// The file the TUI writes: a create payment (the template's body, a non-ASCII name, an
/// idempotence key and a header of the user's), a GET with `{paymentId}` and one with a query.
async fn write_file(base: &str, file: &Path) -> String {
    let create = connect_inspector::connect::templates::find("create-payment").expect("template");
    let body = create.body.replace("Wile E. Coyote", "Wile É. Coyoté");
    assert_ne!(body, create.body, "the template still names Wile E. Coyote");
    let mut h = Harness::new(
        Environment::simulator(base),
        "GET",
        "/",
        "",
        Settings::default(),
    );
    h.edit(RequestEditor::new(
        &create.method,
        &create.path,
        "X-GCS-Idempotence-Key: order-0001\nX-Team: checkout",
        &body,
    ));
    save_as(&mut h, file, "create").await;
    let get = connect_inspector::connect::templates::find("get-payment").expect("template");
    h.edit(RequestEditor::new(&get.method, &get.path, "", ""));
    save_as(&mut h, file, "status").await;
    h.edit(RequestEditor::new(
        "GET",
        "/v1/{merchantId}/products?countryCode=NL&currencyCode=EUR&amount=1000&locale=nl_NL",
        "Accept-Language: nl",
        "",
    ));
    save_as(&mut h, file, "products").await;
    std::fs::read_to_string(file).expect("the file is written")
}

fn run(program: impl AsRef<std::ffi::OsStr>, args: &[OsString], dir: &Path) -> Output {
    Process::new(program)
        .args(args)
        .current_dir(dir)
        .env("CINSPECT_CONFIG_DIR", dir.join("config"))
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn shown(out: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A request as the comparison sees it, the body as text when it is UTF-8.
fn describe(w: &Wire) -> String {
    format!(
        "{} {}\n{:#?}\n{}",
        w.method,
        w.path,
        w.headers,
        String::from_utf8_lossy(&w.body)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_cinspect_writes_sends_the_same_request_from_httpyac_as_from_cinspect_run() {
    let (httpyac, version) = match httpyac() {
        Ok(found) => found,
        Err(reason) if std::env::var_os(REQUIRE_ENV).is_some() => panic!(
            "{REQUIRE_ENV} is set but the httpyac CLI cannot be run: {reason}\n\
             install it with `npm install --prefix target/httpyac httpyac@{VERSION}` \
             or name it in {PATH_ENV}"
        ),
        Err(reason) => {
            // Straight to the process's stderr: the test harness keeps what eprintln! says
            // of a test that passes, and a skip should be seen.
            let _ = writeln!(
                std::io::stderr(),
                "note: httpyac not found: skipped ({reason}); install it with \
                 `npm install -g httpyac@{VERSION}` or \
                 `npm install --prefix target/httpyac httpyac@{VERSION}` \
                 (or name it in {PATH_ENV}; set {REQUIRE_ENV} to make its absence a failure)"
            );
            return;
        }
    };
    let (base, seen) = recorder::start(ANSWER).await;
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("config")).expect("config dir");
    let file = dir.path().join("shop.http");
    let text = write_file(&base, &file).await;
    assert!(
        text.contains("POST {{baseUrl}}/v1/{{merchantId}}/payments\n")
            && text.contains("GET {{baseUrl}}/v1/{{merchantId}}/payments/{{paymentId}}\n")
            && text.contains("Content-Type: application/json\n"),
        "{text}"
    );

    // cinspect run: the built-in sim environment (merchantId 1234) sent to the recorder.
    let args: Vec<OsString> = vec![
        "run".into(),
        file.clone().into(),
        "--base-url".into(),
        base.clone().into(),
    ];
    let dir2 = dir.path().to_path_buf();
    let ours =
        tokio::task::spawn_blocking(move || run(env!("CARGO_BIN_EXE_cinspect"), &args, &dir2))
            .await
            .expect("joined");
    assert!(ours.status.success(), "cinspect run: {}", shown(&ours));

    // httpyac: the variables a team's environment would give, as --var options.
    let args: Vec<OsString> = vec![
        "send".into(),
        file.clone().into(),
        "--all".into(),
        "--bail".into(),
        "--no-color".into(),
        "--output".into(),
        "short".into(),
        "--var".into(),
        format!("baseUrl={base}").into(),
        format!("merchantId={DEMO_MERCHANT_ID}").into(),
        format!("paymentId={PAYMENT_ID}").into(),
    ];
    let dir2 = dir.path().to_path_buf();
    let theirs = tokio::task::spawn_blocking(move || run(&httpyac, &args, &dir2))
        .await
        .expect("joined");
    assert!(
        theirs.status.success(),
        "httpyac {version}: {}\nthe file:\n{text}",
        shown(&theirs)
    );

    let seen = seen.lock().expect("lock").clone();
    assert_eq!(
        seen.len(),
        6,
        "three requests from each; cinspect run: {}\nhttpyac: {}\n{seen:#?}",
        shown(&ours),
        shown(&theirs)
    );
    let ignored = not_compared();
    let (from_run, from_httpyac) = seen.split_at(3);
    for (ours, theirs) in from_run.iter().zip(from_httpyac) {
        assert_eq!(
            ours.without(&ignored),
            theirs.without(&ignored),
            "cinspect run and httpyac {version} differ on the wire for the file:\n{text}\n\
             cinspect run sent:\n{}\nhttpyac sent:\n{}",
            describe(ours),
            describe(theirs)
        );
    }
    // What was compared holds what the file says.
    let create = &from_run[0];
    assert_eq!(create.method, "POST");
    assert_eq!(create.path, format!("/v1/{DEMO_MERCHANT_ID}/payments"));
    assert_eq!(create.header("content-type"), Some("application/json"));
    assert_eq!(create.header("x-gcs-idempotence-key"), Some("order-0001"));
    assert!(String::from_utf8_lossy(&create.body).contains("Wile É. Coyoté"));
    assert_eq!(
        from_run[1].path,
        format!("/v1/{DEMO_MERCHANT_ID}/payments/{PAYMENT_ID}")
    );
    assert!(from_run[1].body.is_empty());
    assert!(
        from_run[2]
            .path
            .ends_with("?countryCode=NL&currencyCode=EUR&amount=1000&locale=nl_NL")
    );
    // cinspect signed its requests; httpyac, given no signing, sent none of it.
    assert!(from_run.iter().all(|w| w.header("authorization").is_some()));
    assert!(
        from_httpyac
            .iter()
            .all(|w| w.header("authorization").is_none())
    );
}
