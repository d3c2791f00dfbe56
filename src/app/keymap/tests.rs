use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers as M};

use super::*;

fn resolve(code: K, mods: M, ctx: Context) -> Option<Command> {
    KeyMap::default().resolve(&KeyEvent::new(code, mods), ctx)
}

const TYPING: Context = Context::TEXT;
const RESPONSE: Context = Context::RESPONSE;

fn overrides(entries: &[(&str, &[&str])]) -> (KeyMap, Vec<String>) {
    let entries: Vec<(String, Vec<String>)> = entries
        .iter()
        .map(|(n, keys)| (n.to_string(), keys.iter().map(|k| k.to_string()).collect()))
        .collect();
    KeyMap::with_overrides(&entries)
}

#[test]
fn f5_and_ctrl_r_send_even_while_typing() {
    assert_eq!(resolve(K::F(5), M::NONE, TYPING), Some(Command::Send));
    assert_eq!(
        resolve(K::Char('r'), M::CONTROL, TYPING),
        Some(Command::Send)
    );
    assert_eq!(
        resolve(K::Char('R'), M::CONTROL | M::SHIFT, TYPING),
        Some(Command::Send)
    );
}

#[test]
fn no_bare_letter_fires_while_typing() {
    for c in (b' '..=b'~').map(char::from) {
        assert_eq!(resolve(K::Char(c), M::NONE, TYPING), None, "{c:?}");
        assert_eq!(resolve(K::Char(c), M::SHIFT, TYPING), None, "{c:?}");
    }
}

#[test]
fn question_mark_opens_help_outside_text_fields() {
    assert_eq!(
        resolve(K::Char('?'), M::SHIFT, RESPONSE),
        Some(Command::Help)
    );
}

#[test]
fn pane_bindings_win_over_broader_ones() {
    assert_eq!(
        resolve(K::Char(' '), M::NONE, RESPONSE),
        Some(Command::PageDown)
    );
    assert_eq!(
        resolve(K::Down, M::NONE, RESPONSE),
        Some(Command::ScrollDown)
    );
}

#[test]
fn shift_tab_and_shift_f8_are_distinct_from_their_plain_keys() {
    assert_eq!(
        resolve(K::BackTab, M::SHIFT, TYPING),
        Some(Command::FocusPrev)
    );
    assert_eq!(
        resolve(K::F(8), M::SHIFT, TYPING),
        Some(Command::PrevProblem)
    );
    assert_eq!(
        resolve(K::F(8), M::NONE, TYPING),
        Some(Command::NextProblem)
    );
}

#[test]
fn the_defaults_have_no_conflicts() {
    assert_eq!(KeyMap::default().conflicts(), Vec::<String>::new());
}

#[test]
fn every_command_has_a_key_and_a_unique_name() {
    let map = KeyMap::default();
    for command in Command::ALL {
        assert!(
            map.keys_for(*command).next().is_some(),
            "{command:?} has no key"
        );
        assert_eq!(Command::from_name(command.name()), Some(*command));
    }
    let mut names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Command::ALL.len());
}

#[test]
fn keys_display_like_the_help_shows_them() {
    assert_eq!(Key::ctrl('q').to_string(), "Ctrl-Q");
    assert_eq!(Key::shift(K::F(8)).to_string(), "Shift-F8");
    assert_eq!(Key::plain(K::BackTab).to_string(), "Shift-Tab");
}

#[test]
fn overrides_replace_a_commands_keys() {
    let (map, problems) = overrides(&[("send", &["F11", "Ctrl-W"]), ("scroll_down", &["x"])]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        map.resolve(&KeyEvent::new(K::F(11), M::NONE), TYPING),
        Some(Command::Send)
    );
    assert_eq!(
        map.resolve(&KeyEvent::new(K::F(5), M::NONE), TYPING),
        None,
        "F5 no longer sends"
    );
    assert_eq!(
        map.resolve(&KeyEvent::new(K::Char('x'), M::NONE), RESPONSE),
        Some(Command::ScrollDown)
    );
    assert_eq!(
        map.hints(TYPING).first(),
        Some(&("F11".to_string(), "send")),
        "hints follow the map"
    );
}

#[test]
fn conflicts_and_bad_entries_are_reported() {
    let (_, problems) = overrides(&[("send", &["F1"])]);
    assert!(
        problems
            .iter()
            .any(|p| p == "F1 is bound to both help and send"),
        "{problems:?}"
    );
    let (_, problems) = overrides(&[("sned", &["F5"])]);
    assert!(
        problems[0].contains("\"sned\" is not an action"),
        "{problems:?}"
    );
    let (_, problems) = overrides(&[("send", &["F99"])]);
    assert!(problems[0].contains("F99"), "{problems:?}");
}

#[test]
fn a_bare_letter_cannot_be_made_global() {
    let (map, problems) = overrides(&[("send", &["s"])]);
    assert!(
        problems[0].contains("would type in a text field"),
        "{problems:?}"
    );
    assert_eq!(
        map.resolve(&KeyEvent::new(K::F(5), M::NONE), TYPING),
        Some(Command::Send),
        "the default stays"
    );
}

#[test]
fn overlays_resolve_through_the_map() {
    let key = |code| KeyEvent::new(code, M::NONE);
    let map = KeyMap::default();
    assert_eq!(
        map.resolve(&key(K::Enter), Context::LIST),
        Some(Command::Accept)
    );
    assert_eq!(
        map.resolve(&key(K::Down), Context::HISTORY),
        Some(Command::ScrollDown)
    );
    assert_eq!(
        map.resolve(&key(K::Delete), Context::HISTORY),
        Some(Command::DeleteEntry)
    );
    // Letters type in a filter, but scroll where nothing is typed.
    assert_eq!(map.resolve(&key(K::Char('j')), Context::LIST), None);
    assert_eq!(
        map.resolve(&key(K::Char('j')), Context::SCROLL),
        Some(Command::ScrollDown)
    );
    assert_eq!(
        map.resolve(&key(K::Char('q')), Context::SCROLL),
        Some(Command::Cancel)
    );
    assert_eq!(
        map.resolve(&key(K::Char('y')), Context::CONFIRM),
        Some(Command::Yes)
    );
    // Outside-text-field keys stay out of overlays: `y` copies in a pane, not in a question's box.
    assert_eq!(
        map.resolve(&key(K::Char('y')), Context::RESPONSE),
        Some(Command::Copy)
    );
    assert_eq!(map.resolve(&key(K::Char('?')), Context::CONFIRM), None);
    assert_eq!(
        map.resolve(&key(K::Esc), Context::PROMPT),
        Some(Command::Cancel)
    );
}

#[test]
fn a_bare_letter_cannot_go_where_a_filter_types() {
    // J scrolls the response; lists keep their arrows and the filter types J.
    let (map, problems) = overrides(&[("scroll-down", &["Down", "J"])]);
    assert!(problems.is_empty(), "{problems:?}");
    let key = KeyEvent::new(K::Char('J'), M::SHIFT);
    assert_eq!(
        map.resolve(&key, Context::RESPONSE),
        Some(Command::ScrollDown)
    );
    assert_eq!(map.resolve(&key, Context::LIST), None);
    let down = KeyEvent::new(K::Down, M::NONE);
    assert_eq!(map.resolve(&down, Context::LIST), Some(Command::ScrollDown));
    // A letter for a command that only lives where people type goes nowhere: refused.
    let (_, problems) = overrides(&[("accept", &["a"])]);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("a cannot work in boxes over the panes")),
        "{problems:?}"
    );
}

#[test]
fn hints_leave_out_what_the_contexts_own_scope_takes() {
    let map = KeyMap::default();
    let hints = map.hints(Context::WEBHOOKS);
    assert!(
        hints.iter().any(|(k, h)| k == "F5" && *h == "again"),
        "{hints:?}"
    );
    assert!(
        !hints.iter().any(|(_, h)| *h == "send"),
        "F5 does not send in the webhooks view: {hints:?}"
    );
    assert!(map.hints(Context::TEXT).iter().any(|(_, h)| *h == "send"));
}

#[test]
fn comparing_keys_work_while_typing_and_in_the_comparison_view() {
    // In the request's text fields Ctrl-X completes; outside them it marks.
    assert_eq!(
        resolve(K::Char('x'), M::CONTROL, TYPING),
        Some(Command::Complete)
    );
    assert_eq!(
        resolve(K::Char('x'), M::CONTROL, RESPONSE),
        Some(Command::MarkLeft)
    );
    assert_eq!(
        resolve(K::Char('x'), M::CONTROL, Context::HISTORY),
        Some(Command::MarkLeft)
    );
    // Ctrl-K stays the text fields' kill to the end of the line.
    assert_eq!(resolve(K::Char('k'), M::CONTROL, TYPING), None);
    assert_eq!(
        resolve(K::Char('d'), M::CONTROL, Context::HISTORY),
        Some(Command::Compare)
    );
    let view = Context::COMPARE;
    assert_eq!(
        resolve(K::Char('n'), M::NONE, view),
        Some(Command::FindNext)
    );
    assert_eq!(
        resolve(K::Char('N'), M::SHIFT, view),
        Some(Command::FindPrev)
    );
    assert_eq!(resolve(K::Enter, M::NONE, view), Some(Command::ToggleFold));
    assert_eq!(
        resolve(K::Char('['), M::NONE, view),
        Some(Command::ShowLeft)
    );
    assert_eq!(
        resolve(K::Char(']'), M::NONE, view),
        Some(Command::ShowRight)
    );
    assert_eq!(resolve(K::F(8), M::NONE, view), Some(Command::NextProblem));
    assert_eq!(resolve(K::Char('y'), M::NONE, view), Some(Command::Copy));
    assert_eq!(resolve(K::Char('q'), M::NONE, view), Some(Command::Cancel));
    let help = crate::app::help::help_lines(&KeyMap::default(), &[], 120);
    assert!(help.contains(&crate::app::help::HelpLine::Heading("Comparison")));
}

#[test]
fn every_function_key_command_has_a_chord_or_a_letter_that_reaches_it() {
    let map = KeyMap::default();
    let contexts = [
        Context::TEXT,
        Context::RESPONSE,
        Context::ERRORS,
        Context::METHOD,
    ];
    for command in [
        Command::Help,
        Command::PickEnvironment,
        Command::History,
        Command::PickTemplate,
        Command::Send,
        Command::ResendWithPreviousKey,
        Command::ShowAsSent,
        Command::SwitchIndexBase,
        Command::NextProblem,
        Command::NewIdempotenceKey,
        Command::Zoom,
    ] {
        // A key that is no function key and that resolves to the command in some pane.
        let reached = map.keys_for(command).any(|key| {
            let event = KeyEvent::new(key.code, key.mods);
            !matches!(key.code, K::F(_))
                && contexts
                    .iter()
                    .any(|ctx| map.resolve(&event, *ctx) == Some(command))
        });
        assert!(reached, "{command:?} has only function keys");
    }
    // F8's chord works while typing; the letters are not shadowed by a pane's own.
    assert_eq!(
        resolve(K::Char('j'), M::CONTROL, TYPING),
        Some(Command::NextProblem)
    );
    for ctx in [Context::RESPONSE, Context::ERRORS, Context::METHOD] {
        assert_eq!(
            resolve(K::Char('e'), M::NONE, ctx),
            Some(Command::PickEnvironment)
        );
        assert_eq!(
            resolve(K::Char('t'), M::NONE, ctx),
            Some(Command::PickTemplate)
        );
    }
}

#[test]
fn the_palette_key_opens_it_from_the_panes_and_clears_a_filter_in_lists() {
    for ctx in [TYPING, RESPONSE, Context::ERRORS, Context::METHOD] {
        assert_eq!(
            resolve(K::Char('u'), M::CONTROL, ctx),
            Some(Command::Palette),
            "{ctx:?}"
        );
    }
    assert_eq!(resolve(K::Char('u'), M::CONTROL, Context::LIST), None);
    assert_eq!(resolve(K::Char('u'), M::CONTROL, Context::PROMPT), None);
}

#[test]
fn ranked_hints_put_help_first_and_a_panes_letters_before_the_rest() {
    let map = KeyMap::default();
    let hints = map.ranked_hints(RESPONSE);
    assert_eq!(hints.first(), Some(&("F1".to_string(), "help")));
    assert_eq!(hints.get(1), Some(&("Ctrl-U".to_string(), "commands")));
    let at = |label: &str| hints.iter().position(|(_, h)| *h == label);
    for letter in [
        "copy",
        "copy value",
        "copy path",
        "headers",
        "fold",
        "search",
        "next hit",
    ] {
        assert!(at(letter).is_some(), "{letter}: {hints:?}");
        assert!(
            at(letter) < at("history"),
            "{letter} before history: {hints:?}"
        );
    }
    assert!(
        hints.contains(&("y".to_string(), "copy")),
        "y, not Ctrl-Y: {hints:?}"
    );
    assert_eq!(hints.iter().filter(|(_, h)| *h == "copy").count(), 1);
    let typing = map.ranked_hints(TYPING);
    assert_eq!(typing.first(), Some(&("F1".to_string(), "help")));
    assert!(
        typing.contains(&("Ctrl-Y".to_string(), "copy")),
        "{typing:?}"
    );
}
