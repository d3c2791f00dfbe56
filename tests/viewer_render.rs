//! The response viewer on real payloads, drawn with TestBackend: folding,
//! search with n/N, the path filter and narrowing, copying the value under
//! the cursor, big documents at the top, middle and end, and bodies that are
//! not JSON or not even UTF-8.

mod common;

use connect_inspector::app::editor::RequestEditor;
use connect_inspector::app::keymap::Command;
use connect_inspector::app::{Action, App, Effect, Find, Focus, Settings, TerminalEffect};
use connect_inspector::config::Environment;
use connect_inspector::ui::{self, Theme};
use connect_inspector::viewer::{DEFAULT_HIT_CAP, Query, Search, filter_path};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_with(content_type: &str, body: Vec<u8>) -> App {
    let mut app = shown(content_type, body);
    app.update(Action::Resize(120, 40));
    app.update(Action::Focus(Focus::Response));
    app.update(Action::Command(Command::ToggleHeaders));
    app
}

/// An app showing a 200 with `body`, as the user left the headers (auto).
fn shown(content_type: &str, body: Vec<u8>) -> App {
    let env = Environment::simulator("http://127.0.0.1:7878");
    let mut app = App::new(
        env,
        RequestEditor::new("GET", "/v1/1234/payments", "", ""),
        Settings::default(),
    );
    common::show_response(
        &mut app,
        common::sent("GET", "http://127.0.0.1:7878/v1/1234/payments", None),
        common::record(200, &[("Content-Type", content_type)], body, 7),
    );
    app
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(name)).expect("fixture")
}

fn screen(app: &App) -> String {
    screen_at(app, 120, 40)
}

fn screen_at(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| ui::draw(f, app, &Theme::default()))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// Types into the find prompt and runs the search or filter as the executor would.
fn find(app: &mut App, command: Command, text: &str) {
    app.update(Action::Command(command));
    for c in text.chars() {
        app.update(Action::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    for effect in app.update(Action::Key(KeyEvent::from(KeyCode::Enter))) {
        if let Effect::Find {
            generation,
            exchange,
            find,
        } = effect
        {
            let action = match find {
                Find::Text(t) => Action::SearchDone {
                    generation,
                    search: Query::new(&t).map(|q| Search::run(&exchange.body, q, DEFAULT_HIT_CAP)),
                },
                Find::Path(p) => Action::PathDone {
                    generation,
                    result: filter_path(&exchange.body, &p, false).map_err(|e| e.to_string()),
                },
            };
            app.update(action);
        }
    }
}

fn cursor_text(app: &App) -> String {
    match app.exchange() {
        Some(x) => x
            .body
            .line(app.response().cursor())
            .unwrap_or_default()
            .trim()
            .to_string(),
        _ => String::new(),
    }
}

#[test]
fn folding_shows_summaries_and_hides_lines() {
    let mut app = app_with("application/json", fixture("402-declined-payment.json"));
    app.update(Action::Key(KeyEvent::from(KeyCode::Char('1'))));
    let s = screen(&app);
    assert!(s.contains("\"errors\": [ […] 1 item"), "{s}");
    assert!(s.contains("\"paymentResult\": { {…} 2 keys"), "{s}");
    assert!(!s.contains("\"creationOutput\""), "folded lines are hidden");
    // Unfold the one under the cursor: move to paymentResult and toggle.
    find(&mut app, Command::Search, "paymentResult");
    app.update(Action::Command(Command::ToggleFold));
    assert!(screen(&app).contains("\"creationOutput\": { {…} 2 keys"));
    app.update(Action::Command(Command::UnfoldAll));
    let s = screen(&app);
    assert!(
        s.contains("\"creationOutput\": {") && !s.contains("{…}"),
        "{s}"
    );
    // Any digit folds to that depth: deeper shows more.
    let rows = |app: &App| {
        app.exchange()
            .map(|x| app.response().body_rows(x))
            .unwrap_or(0)
    };
    let all = rows(&app);
    app.update(Action::Key(KeyEvent::from(KeyCode::Char('4'))));
    let four = rows(&app);
    app.update(Action::Key(KeyEvent::from(KeyCode::Char('1'))));
    let one = rows(&app);
    assert!(
        one < four && four < all,
        "depth 1: {one} rows, depth 4: {four}, unfolded: {all}"
    );
}

#[test]
fn search_counts_highlights_and_steps_with_n() {
    let mut app = app_with("application/json", fixture("402-declined-payment.json"));
    find(&mut app, Command::Search, "430330");
    let s = screen(&app);
    assert!(s.contains("/430330 2"), "the title counts the hits:\n{s}");
    assert_eq!(cursor_text(&app), "\"code\": \"430330\",");
    let first = app.response().cursor();
    app.update(Action::Command(Command::FindNext));
    assert!(app.response().cursor() > first);
    app.update(Action::Command(Command::FindNext));
    assert_eq!(app.response().cursor(), first, "n wraps around");
    app.update(Action::Command(Command::FindPrev));
    assert!(app.response().cursor() > first, "N goes back (wrapping)");
}

#[test]
fn path_filter_jumps_and_narrows() {
    let mut app = app_with("application/json", fixture("402-declined-payment.json"));
    find(
        &mut app,
        Command::PathFilter,
        "paymentResult.payment.statusOutput.errors[0].code",
    );
    assert_eq!(cursor_text(&app), "\"code\": \"430330\",");
    app.update(Action::Command(Command::Narrow));
    let s = screen(&app);
    assert!(
        s.contains("── paymentResult.payment.statusOutput.errors[0].code"),
        "{s}"
    );
    assert!(
        !s.contains("creationOutput"),
        "only the matches are shown:\n{s}"
    );
    app.update(Action::Command(Command::Narrow));
    let s = screen(&app);
    assert!(
        !s.contains("── paymentResult") && s.contains("\"status\": \"REJECTED\""),
        "the whole body again:\n{s}"
    );
}

#[test]
fn copy_takes_the_value_and_the_path_under_the_cursor() {
    let mut app = app_with("application/json", fixture("402-declined-payment.json"));
    find(&mut app, Command::Search, "\"status\"");
    let copied = |effects: Vec<Effect>| match effects.as_slice() {
        [Effect::Terminal(TerminalEffect::Copy { text })] => text.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        copied(app.update(Action::Command(Command::CopyValue))),
        "\"REJECTED\""
    );
    assert_eq!(
        copied(app.update(Action::Command(Command::CopyPath))),
        "paymentResult.payment.status"
    );
}

#[test]
fn a_large_document_draws_at_the_top_middle_and_end() {
    let items: Vec<String> = (0..40_000)
        .map(|i| format!(r#"{{"id":"{i:030}","status":"CAPTURED","amount":{i}}}"#))
        .collect();
    let body = format!(r#"{{"payments":[{}],"totalCount":40000}}"#, items.join(","));
    let mut app = app_with("application/json", body.into_bytes());
    assert!(screen(&app).contains("\"payments\": ["));
    for _ in 0..5_000 {
        app.update(Action::Command(Command::PageDown));
    }
    let middle = screen(&app);
    assert!(middle.contains("\"status\": \"CAPTURED\""), "{middle}");
    app.update(Action::Command(Command::Bottom));
    let end = screen(&app);
    assert!(end.contains("\"totalCount\": 40000"), "{end}");
    app.update(Action::Command(Command::Top));
    assert!(screen(&app).contains("\"payments\": ["));
}

#[test]
fn non_json_and_invalid_utf8_bodies_draw_without_panicking() {
    let mut html = app_with(
        "text/html",
        b"<html>\n<body>502 Bad Gateway</body>\n</html>".to_vec(),
    );
    assert!(
        screen(&html).contains("    2 <body>502 Bad Gateway</body>"),
        "text has line numbers"
    );
    html.update(Action::Command(Command::FoldAll));
    assert!(html.notice().is_some_and(|n| n.text.contains("not JSON")));
    find(&mut html, Command::Search, "gateway");
    assert_eq!(cursor_text(&html), "<body>502 Bad Gateway</body>");

    let binary = app_with(
        "application/octet-stream",
        vec![0xff, 0xfe, 0x00, 0x9f, b'{', 0x80],
    );
    let s = screen(&binary);
    assert!(s.contains("binary body, 6 bytes"), "{s}");
}

/// At 80x24 a response keeps its body in view: headers folded to one line
/// that names the key, the errors panel a strip when there is nothing to
/// list, the help key in the status line; at 120x40 the headers are listed.
#[test]
fn a_small_terminal_shows_the_body_and_a_large_one_the_headers() {
    let body = br#"{"payment": {"id": "000000123410000595980000100001", "status": "CAPTURED"}}"#;
    let mut app = shown("application/json", body.to_vec());
    app.update(Action::Resize(80, 24));
    let s = screen_at(&app, 80, 24);
    assert!(s.contains("── 1 header (h) · body: JSON, 6 lines"), "{s}");
    assert!(
        s.contains(r#""id": "000000123410000595980000100001""#),
        "{s}"
    );
    assert!(s.contains("┌ Errors 0 ──┐"), "a strip: {s}");
    assert!(
        s.lines().nth(23).is_some_and(|l| l.contains("F1 help")),
        "{s}"
    );
    app.update(Action::Resize(120, 40));
    let s = screen_at(&app, 120, 40);
    assert!(s.contains("Content-Type: application/json"), "{s}");
    assert!(s.contains("── body: JSON, 6 lines"), "{s}");
}

/// A line wider than the pane ends in `›`; → scrolls it sideways (`‹` then
/// says there is text to the left) up to its end, ← back.
#[test]
fn a_long_line_is_marked_and_scrolls_sideways_at_80x24_and_120x40() {
    let value = format!("{}END", "a".repeat(150));
    let body = format!(r#"{{"id": "{value}"}}"#);
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut app = app_with("application/json", body.clone().into_bytes());
        app.update(Action::Resize(width, height));
        let id_line = |s: &str| {
            s.lines()
                .find(|l| l.contains("aaaa"))
                .map(str::to_owned)
                .unwrap_or_default()
        };
        let s = screen_at(&app, width, height);
        assert!(
            id_line(&s).contains("\"id\": \"aaa") && id_line(&s).contains('›'),
            "{s}"
        );
        for _ in 0..40 {
            app.update(Action::Command(Command::ScrollRight));
        }
        let s = screen_at(&app, width, height);
        let line = id_line(&s);
        assert!(line.contains('‹') && line.contains("END\""), "{s}");
        assert!(!line.contains('›'), "nothing more to the right: {line}");
        for _ in 0..40 {
            app.update(Action::Command(Command::ScrollLeft));
        }
        assert!(!id_line(&screen_at(&app, width, height)).contains('‹'));
    }
}

/// A notice too long for the status line is cut with the key that shows it
/// whole; `m` opens every notice so far, wrapped, with its time, newest last.
#[test]
fn notices_are_kept_whole_and_shown_on_a_key_at_80x24_and_120x40() {
    let long = format!(
        "masked fields (fill them before sending): {}",
        (1..=12)
            .map(|i| format!("order.items[{i}].cardNumber"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut app = app_with("application/json", b"{}".to_vec());
        app.update(Action::Resize(width, height));
        app.update(Action::Problem("first notice".into()));
        app.update(Action::Problem(long.clone()));
        let s = screen_at(&app, width, height);
        let status = s.lines().nth(usize::from(height) - 1).unwrap_or_default();
        assert!(status.contains("… (m: all)"), "{status}");
        app.update(Action::Command(Command::Notices));
        let s = screen_at(&app, width, height);
        assert!(s.contains("Notices, newest last"), "{s}");
        assert!(s.contains("first notice"), "{s}");
        // The long one whole, over several rows: its last item is there.
        assert!(s.contains("order.items[12].cardNumber"), "{s}");
        let timed = s.lines().filter(|l| {
            l.char_indices().any(|(i, _)| {
                l.get(i..i + 9).is_some_and(|t| {
                    t.as_bytes()[2] == b':' && t.as_bytes()[5] == b':' && t.ends_with(' ')
                })
            })
        });
        assert!(timed.count() >= 2, "each notice has its time: {s}");
        app.update(Action::Command(Command::Cancel));
        assert!(app.overlay().is_none());
    }
}

/// A value the model's lists do not have (a status newer than the model, or a
/// typo in a mock) is underlined where it stands and counted in the title, at
/// 80x24 and 120x40; the documented ones are not; with the cursor on it the
/// pane's foot says what the model lists (#21 item 8).
#[test]
fn values_outside_the_models_lists_are_marked_at_80x24_and_120x40() {
    let body = br#"{"payments":[{"id":"1","status":"CAPTURED"},{"id":"2","status":"SETTLED_SOMEHOW"}],"totalCount":2}"#;
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut app = app_with("application/json", body.to_vec());
        app.update(Action::Resize(width, height));
        // The cursor onto the marked value (at 80x24 the body starts below the fold).
        while !cursor_text(&app).contains("SETTLED_SOMEHOW") {
            app.update(Action::Command(Command::ScrollDown));
        }
        let theme = Theme::default();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        let text = screen_at(&app, width, height);
        assert!(
            text.contains("1 value outside the model's lists"),
            "{width}x{height}:\n{text}"
        );
        // Some(underlined) for a word on screen.
        let underlined_word = |word: &str| {
            let (y, row) = text.lines().enumerate().find(|(_, r)| r.contains(word))?;
            let x = row[..row.find(word)?].chars().count() as u16;
            Some((x..x + word.len() as u16).all(|x| {
                buffer[(x, y as u16)]
                    .modifier
                    .contains(ratatui::style::Modifier::UNDERLINED)
            }))
        };
        assert_eq!(
            underlined_word("SETTLED_SOMEHOW"),
            Some(true),
            "{width}x{height}:\n{text}"
        );
        if width == 120 {
            assert_eq!(underlined_word("CAPTURED"), Some(false), "{text}");
        }
        assert!(
            text.contains("payments[1].status · hint: \"SETTLED_SOMEHOW\" is not in"),
            "{width}x{height}: the cursor's line names the lists:\n{text}"
        );
    }
}
