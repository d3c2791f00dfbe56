//! Set-up and reach without the README (issue 25): the command palette runs
//! a command where it was opened, every function key has another key, and
//! F2 adds an environment to config.toml keeping its comments.

mod common;

use common::Harness;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, Focus, Overlay, Settings};
use connect_inspector::config::{Environment, SecretSource};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn typed(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.act(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
}

fn ctrl(h: &mut Harness, c: char) {
    h.act(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn press(h: &mut Harness, code: KeyCode) {
    h.act(Action::Key(KeyEvent::from(code)));
}

/// The body's selected text, when something is selected.
fn selected(h: &Harness) -> Option<String> {
    let ((row, from), (to_row, to)) = h.app.editor().body_selection()?;
    assert_eq!(row, to_row);
    let line = &h.app.editor().body_lines()[row];
    Some(line.chars().skip(from).take(to - from).collect())
}

#[tokio::test]
async fn the_palette_finds_next_error_and_runs_it_in_the_body() {
    let mut h = Harness::demo().await;
    h.send().await;
    assert_eq!(
        h.app.focus(),
        Focus::Request(connect_inspector::app::editor::Field::Body)
    );
    ctrl(&mut h, 'u');
    assert!(matches!(h.app.overlay(), Some(Overlay::Palette(_))));
    typed(&mut h, "next err");
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(
        screen.contains("jump to the next error's field"),
        "{screen}"
    );
    assert!(
        screen.contains("Commands in: text fields of the request"),
        "{screen}"
    );
    press(&mut h, KeyCode::Enter);
    assert!(h.app.overlay().is_none());
    assert_eq!(
        selected(&h).as_deref(),
        Some("1210"),
        "the expiry date, as F8 selects it"
    );
}

#[tokio::test]
async fn the_palette_opened_from_the_response_lists_and_runs_the_panes_commands() {
    let mut h = Harness::demo().await;
    h.send().await;
    h.act(Action::Focus(Focus::Response));
    ctrl(&mut h, 'u');
    typed(&mut h, "headers");
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(screen.contains("Commands in: response pane"), "{screen}");
    assert!(
        screen.contains("show or hide the response headers"),
        "{screen}"
    );
    let before = common::screen_text(&h.app, 120, 40);
    press(&mut h, KeyCode::Enter);
    assert!(h.app.overlay().is_none());
    assert_eq!(h.app.focus(), Focus::Response, "it ran where it was opened");
    assert_ne!(common::screen_text(&h.app, 120, 40), before);
    // Esc closes it without running anything.
    ctrl(&mut h, 'u');
    press(&mut h, KeyCode::Esc);
    assert!(h.app.overlay().is_none());
}

#[tokio::test]
async fn function_keys_have_chords_and_letters() {
    let mut h = Harness::demo().await;
    h.send().await;
    // Ctrl-J is F8 while typing.
    ctrl(&mut h, 'j');
    assert_eq!(selected(&h).as_deref(), Some("1210"));
    // Outside text fields: e is F2, t is F4, s is F6.
    h.act(Action::Focus(Focus::Response));
    typed(&mut h, "e");
    assert!(
        matches!(h.app.overlay(), Some(Overlay::Picker(_))),
        "e: environments"
    );
    press(&mut h, KeyCode::Esc);
    typed(&mut h, "s");
    assert!(
        matches!(h.app.overlay(), Some(Overlay::AsSent { .. })),
        "s: as sent"
    );
    press(&mut h, KeyCode::Esc);
    typed(&mut h, "t");
    assert!(
        matches!(h.app.overlay(), Some(Overlay::Picker(_))),
        "t: templates"
    );
}

const COMMENTED: &str = "# Our team's settings: ask Ann before changing them.\n\
timeout_seconds = 20  # the proxy is slow\n\
\n\
# The proxy in front of preprod.\n\
[environments.proxy]\n\
base_url = \"https://connect-proxy.example.com\"\n\
production = false\n\
merchant_id = \"1\"\n\
api_key_id = \"k\"\n\
secret_env = \"PROXY_SECRET\"  # in the vault\n";

#[tokio::test]
async fn f2_adds_an_environment_to_the_commented_config_and_uses_it_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, COMMENTED).expect("write");
    let settings = Settings {
        config_file: Some(file.clone()),
        ..Settings::default()
    };
    let env = Environment::simulator("http://127.0.0.1:9");
    let mut h = Harness::new(
        env,
        "GET",
        "/v1/{merchantId}/services/testconnection",
        "",
        settings,
    );
    h.command(Command::PickEnvironment);
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(screen.contains("+ add an environment"), "{screen}");
    assert!(
        screen.contains(&format!("written to {}", file.display())),
        "F2 says where the config is; {screen}"
    );
    typed(&mut h, "add");
    press(&mut h, KeyCode::Enter);
    assert!(matches!(h.app.overlay(), Some(Overlay::AddEnvironment(_))));
    // Enter with a field missing goes to it and says what it wants.
    typed(&mut h, "sandbox");
    press(&mut h, KeyCode::Enter);
    let screen = common::screen_text(&h.app, 120, 40);
    assert!(screen.contains("a preset (sandbox, "), "{screen}");
    for (answer, then) in [
        ("sandbox", KeyCode::Tab),
        ("1234", KeyCode::Tab),
        ("key-1", KeyCode::Tab),
        ("CONNECT_SANDBOX_SECRET", KeyCode::Enter),
    ] {
        typed(&mut h, answer);
        press(&mut h, then);
    }
    assert!(h.app.overlay().is_none(), "the form closed");
    h.next_action().await;
    assert_eq!(h.app.env().name, "sandbox", "{:?}", h.app.notice());
    assert_eq!(h.app.env().base_url, "https://eu.sandbox.api-ingenico.com");
    assert_eq!(
        h.app.env().secret,
        SecretSource::Env("CONNECT_SANDBOX_SECRET".into())
    );
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        text.starts_with(COMMENTED),
        "comments and order kept:\n{text}"
    );
    assert!(text.ends_with("[environments.sandbox]\npreset = \"sandbox\"\nmerchant_id = \"1234\"\napi_key_id = \"key-1\"\nsecret_env = \"CONNECT_SANDBOX_SECRET\"\n"), "{text}");
}

#[tokio::test]
async fn a_broken_config_is_named_and_left_as_it_is() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("config.toml");
    let broken = "# half written\n[environments.proxy\nmerchant_id = 1\n";
    std::fs::write(&file, broken).expect("write");
    let settings = Settings {
        config_file: Some(file.clone()),
        ..Settings::default()
    };
    let env = Environment::simulator("http://127.0.0.1:9");
    let mut h = Harness::new(env, "GET", "/v1/x", "", settings);
    h.command(Command::PickEnvironment);
    typed(&mut h, "add");
    press(&mut h, KeyCode::Enter);
    for answer in ["sandbox", "sandbox", "1", "k", "SECRET"] {
        typed(&mut h, answer);
        press(&mut h, KeyCode::Tab);
    }
    press(&mut h, KeyCode::Enter);
    h.next_action().await;
    assert_eq!(h.app.env().name, "sim");
    let notice = h.app.notice().expect("a notice").text.clone();
    assert!(notice.contains("environment not added"), "{notice}");
    assert!(
        notice.contains("config.toml:2:"),
        "the place of the fault: {notice}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), broken);
}
