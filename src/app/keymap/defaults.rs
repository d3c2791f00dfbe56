use crossterm::event::KeyCode as K;

use super::{Binding, Command, Key, Scope};

/// The default key map. Function keys and Ctrl chords that terminals and tmux
/// pass through reliably: nothing on Ctrl-B (tmux prefix), Alt chords (eaten
/// by some terminals), F10/F11 (terminal menus and full screen). Ctrl-Q and
/// Ctrl-S are safe: raw mode turns flow control off (and `[keys]` can move save).
/// 1 to 9: a digit key says how deep to fold.
const DIGITS: [Key; 9] = [
    Key::plain(K::Char('1')),
    Key::plain(K::Char('2')),
    Key::plain(K::Char('3')),
    Key::plain(K::Char('4')),
    Key::plain(K::Char('5')),
    Key::plain(K::Char('6')),
    Key::plain(K::Char('7')),
    Key::plain(K::Char('8')),
    Key::plain(K::Char('9')),
];

#[rustfmt::skip]
pub(super) fn bindings() -> Vec<Binding> {
    let b = |command, scope, keys: &[Key], help, hint| Binding { command, scope, keys: keys.to_vec(), help, hint };
    vec![
        b(Command::Send, Scope::Global, &[Key::plain(K::F(5)), Key::ctrl('r')], "send the request", Some("send")),
        b(Command::Cancel, Scope::Global, &[Key::plain(K::Esc)], "cancel the request in flight / close", None),
        b(Command::Quit, Scope::Global, &[Key::ctrl('q')], "quit", Some("quit")),
        b(Command::FocusNext, Scope::Global, &[Key::plain(K::Tab)], "focus the next field or pane", Some("focus")),
        b(Command::FocusPrev, Scope::Global, &[Key::plain(K::BackTab)], "focus the previous field or pane", None),
        b(Command::Help, Scope::Global, &[Key::plain(K::F(1))], "show this help", Some("help")),
        b(Command::Help, Scope::NotTyping, &[Key::plain(K::Char('?'))], "show this help", None),
        b(Command::NextProblem, Scope::Global, &[Key::plain(K::F(8))], "jump to the next error's field", Some("next error")),
        b(Command::PrevProblem, Scope::Global, &[Key::shift(K::F(8))], "jump to the previous error's field", None),
        b(Command::SwitchIndexBase, Scope::Global, &[Key::plain(K::F(7))], "read the selected error's indexes the other way (0/1)", None),
        b(Command::PickEnvironment, Scope::Global, &[Key::plain(K::F(2))], "switch the environment", Some("env")),
        b(Command::PickTemplate, Scope::Global, &[Key::plain(K::F(4))], "load a request template", None),
        b(Command::ShowAsSent, Scope::Global, &[Key::plain(K::F(6))], "the last request as sent, with its string to sign", None),
        b(Command::NewIdempotenceKey, Scope::Global, &[Key::plain(K::F(9))], "put a fresh X-GCS-Idempotence-Key in the headers", None),
        b(Command::ResendWithPreviousKey, Scope::Global, &[Key::shift(K::F(5))], "send again with the previous idempotence key", None),
        b(Command::EditInEditor, Scope::Global, &[Key::ctrl('o')], "open the body in $VISUAL / $EDITOR", None),
        b(Command::Copy, Scope::Global, &[Key::ctrl('y')], "copy: body, errorIds, curl, report, JSON (OSC 52)", Some("copy")),
        b(Command::Copy, Scope::NotTyping, &[Key::plain(K::Char('y'))], "copy", None),
        b(Command::Zoom, Scope::Global, &[Key::plain(K::F(12))], "zoom the focused pane (again: back)", None),
        b(Command::Import, Scope::Global, &[Key::ctrl('g')], "import a curl command or an .http request", None),
        b(Command::Save, Scope::Global, &[Key::ctrl('s')], "save the request into its .http file (not from a file: save as FILE.http NAME)", None),
        b(Command::OpenRequests, Scope::Global, &[Key::ctrl('e')], "open .http files (a file or a folder): their requests join F4's list", None),
        b(Command::ClearIds, Scope::Global, &[Key::ctrl('t')], "forget the ids (paymentId, …) carried from earlier creates", None),
        b(Command::OpenLog, Scope::Global, &[Key::ctrl('l')], "open an SDK log: pick a logged exchange, locate its errors, replay it", None),
        b(Command::Webhooks, Scope::Global, &[Key::ctrl('n')], "webhooks: events received, live, with their signature verdicts; Enter opens one", None),
        b(Command::History, Scope::Global, &[Key::plain(K::F(3)), Key::ctrl('h')], "history: browse, filter, reopen (Enter), resend (F5), delete (Del)", Some("history")),
        b(Command::MethodNext, Scope::Method, &[Key::plain(K::Right), Key::plain(K::Char(' ')), Key::plain(K::Down)], "next method", Some("method")),
        b(Command::MethodPrev, Scope::Method, &[Key::plain(K::Left), Key::plain(K::Up)], "previous method", None),
        b(Command::ScrollDown, Scope::Response, &[Key::plain(K::Down), Key::plain(K::Char('j'))], "scroll down", None),
        b(Command::ScrollUp, Scope::Response, &[Key::plain(K::Up), Key::plain(K::Char('k'))], "scroll up", None),
        b(Command::PageDown, Scope::Response, &[Key::plain(K::PageDown), Key::plain(K::Char(' '))], "page down", Some("page")),
        b(Command::PageUp, Scope::Response, &[Key::plain(K::PageUp)], "page up", None),
        b(Command::Top, Scope::Response, &[Key::plain(K::Home), Key::plain(K::Char('g'))], "top of the response", None),
        b(Command::Bottom, Scope::Response, &[Key::plain(K::End), Key::plain(K::Char('G'))], "end of the response", None),
        b(Command::ToggleHeaders, Scope::Response, &[Key::plain(K::Char('h'))], "show or hide the response headers", Some("headers")),
        b(Command::ToggleFold, Scope::Response, &[Key::plain(K::Enter), Key::plain(K::Char('z'))], "fold or unfold the object / array at the cursor", Some("fold")),
        b(Command::FoldAll, Scope::Response, &[Key::plain(K::Char('Z'))], "fold everything below the top level", None),
        b(Command::UnfoldAll, Scope::Response, &[Key::plain(K::Char('U'))], "unfold everything", None),
        b(Command::FoldDepth, Scope::Response, &DIGITS, "fold to depth N (the digit typed, 1-9)", None),
        b(Command::Search, Scope::Response, &[Key::plain(K::Char('/'))], "search the body (case-insensitive)", Some("search")),
        b(Command::FindNext, Scope::Response, &[Key::plain(K::Char('n'))], "next search hit / path match", None),
        b(Command::FindPrev, Scope::Response, &[Key::plain(K::Char('N'))], "previous search hit / path match", None),
        b(Command::PathFilter, Scope::Response, &[Key::plain(K::Char('f'))], "filter by path (propertyName language, 0-based)", Some("path")),
        b(Command::Narrow, Scope::Response, &[Key::plain(K::Char('v'))], "show only the path filter's matches (again: all)", None),
        b(Command::CopyValue, Scope::Response, &[Key::plain(K::Char('c'))], "copy the value under the cursor", None),
        b(Command::CopyPath, Scope::Response, &[Key::plain(K::Char('p'))], "copy the path of the value under the cursor", None),
        b(Command::ErrorNext, Scope::Errors, &[Key::plain(K::Down), Key::plain(K::Char('j'))], "select the next error", None),
        b(Command::ErrorPrev, Scope::Errors, &[Key::plain(K::Up), Key::plain(K::Char('k'))], "select the previous error", None),
        b(Command::JumpToError, Scope::Errors, &[Key::plain(K::Enter)], "jump to the selected error's field (again: next match)", Some("jump")),
        b(Command::Accept, Scope::Overlay, &[Key::plain(K::Enter)], "take the selected item / the text typed", Some("choose")),
        b(Command::ScrollUp, Scope::List, &[Key::plain(K::Up)], "previous item", None),
        b(Command::ScrollDown, Scope::List, &[Key::plain(K::Down)], "next item", None),
        b(Command::PageUp, Scope::List, &[Key::plain(K::PageUp)], "a page up", None),
        b(Command::PageDown, Scope::List, &[Key::plain(K::PageDown)], "a page down", None),
        b(Command::Top, Scope::List, &[Key::plain(K::Home)], "first item", None),
        b(Command::Bottom, Scope::List, &[Key::plain(K::End)], "last item", None),
        b(Command::DeleteEntry, Scope::History, &[Key::plain(K::Delete)], "delete the selected entry", Some("delete")),
        b(Command::Send, Scope::History, &[Key::plain(K::F(5))], "send the selected entry again", Some("resend")),
        b(Command::ScrollUp, Scope::Scroll, &[Key::plain(K::Up), Key::plain(K::Char('k'))], "scroll up", None),
        b(Command::ScrollDown, Scope::Scroll, &[Key::plain(K::Down), Key::plain(K::Char('j'))], "scroll down", None),
        b(Command::PageUp, Scope::Scroll, &[Key::plain(K::PageUp)], "a page up", None),
        b(Command::PageDown, Scope::Scroll, &[Key::plain(K::PageDown), Key::plain(K::Char(' '))], "a page down", None),
        b(Command::Top, Scope::Scroll, &[Key::plain(K::Home), Key::plain(K::Char('g'))], "top", None),
        b(Command::Bottom, Scope::Scroll, &[Key::plain(K::End), Key::plain(K::Char('G'))], "end", None),
        b(Command::Cancel, Scope::Scroll, &[Key::plain(K::Char('q'))], "close", Some("close")),
        b(Command::Yes, Scope::Confirm, &[Key::plain(K::Char('y')), Key::plain(K::Char('Y'))], "yes: go ahead", Some("yes")),
        b(Command::No, Scope::Confirm, &[Key::plain(K::Char('n')), Key::plain(K::Char('N'))], "no: don't", Some("no")),
    ]
}
