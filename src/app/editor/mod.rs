//! The request editor: method, path, headers and body. The text fields are
//! ratatui-textarea editors (cursor, undo, selection); its state is its own,
//! changed through its methods, and the UI draws from it with its own colours.

use ratatui_textarea::{CursorMove, Input, Key, TextArea};

mod completion;
mod marks;
mod masked_values;
mod model_view;
mod undo_groups;

pub use completion::{COMPLETION_ROWS, Completion};
pub use marks::{BodyMarks, DestinationKey, Marks, json_problem};
pub use model_view::{Check, Checked, EndpointIs, LIVE_LIMIT, ModelView};

use super::keymap::Command;
use crate::pipeline::{Draft, HeaderError, parse_header_lines};

pub const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// The focus stops of the request editor, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Method,
    Url,
    Headers,
    Body,
}

#[derive(Debug)]
pub struct RequestEditor {
    /// Any token, as the request had it (a file's OPTIONS, QUERY, WEBSOCKET…).
    method: String,
    /// A method the request came with that [`METHODS`] lacks: the field's
    /// cycle goes through it too, so it is never lost by cycling.
    other_method: Option<String>,
    url: TextArea<'static>,
    headers: TextArea<'static>,
    body: TextArea<'static>,
    /// First visible body row and column (the viewport follows the cursor).
    body_scroll: (usize, usize),
    /// New on every body edit, so derived data (error locations, masks) knows
    /// when it is stale; unique across editors, so a replaced editor is never
    /// mistaken for the one before.
    body_revision: u64,
    /// Which request this is: new for every editor (a template, a file's
    /// request, an import, a reopened exchange), kept through edits. A
    /// response belongs to the request it answered, never to another.
    request: u64,
    /// What is marked beside the text (masks, unfilled names, the JSON check,
    /// the URL's destination); the app finds them, for this editor's text.
    marks: Marks,
    /// What the API's model says of the request: its endpoint, the findings,
    /// the field at the cursor.
    model: ModelView,
    /// The body's edits made of several text-field steps (a quick fix, a
    /// rename, an id put in: the old text out, the new in), undone and redone
    /// as one.
    groups: undo_groups::UndoGroups,
}

impl RequestEditor {
    pub fn new(method: &str, url: &str, headers: &str, body: &str) -> Self {
        let (method, other_method) = method_field(method);
        let mut url = TextArea::new(vec![url.to_string()]);
        // Typing in the URL usually extends the path.
        url.move_cursor(CursorMove::End);
        Self {
            method,
            other_method,
            url,
            headers: TextArea::new(split_lines(headers)),
            body: TextArea::new(split_lines(body)),
            body_scroll: (0, 0),
            body_revision: next_revision(),
            request: next_revision(),
            marks: Marks::default(),
            model: ModelView::default(),
            groups: Default::default(),
        }
    }

    /// The editor's own commands; false for any other.
    pub fn update(&mut self, command: Command) -> bool {
        match command {
            Command::MethodNext => self.cycle_method(true),
            Command::MethodPrev => self.cycle_method(false),
            _ => return false,
        }
        true
    }

    /// What the editor describes, for the pipeline; a bad header line is named.
    pub fn draft(&self) -> Result<Draft, HeaderError> {
        Ok(Draft {
            method: self.method().to_string(),
            target: self.url_text(),
            headers: self.parsed_headers()?,
            body: self.body_text(),
        })
    }

    pub fn body_lines(&self) -> &[String] {
        self.body.lines()
    }

    pub fn header_lines(&self) -> &[String] {
        self.headers.lines()
    }

    /// The headers cursor as 0-based (row, column in characters).
    pub fn headers_cursor(&self) -> (usize, usize) {
        let c = self.headers.cursor();
        (c.0, c.1)
    }

    /// The URL cursor, in characters.
    pub fn url_cursor(&self) -> usize {
        self.url.cursor().1
    }

    /// The URL's selection, in characters (from, to exclusive).
    pub fn url_selection(&self) -> Option<std::ops::Range<usize>> {
        let ((_, from), (_, to)) = self.url.selection_range()?;
        (to > from).then_some(from..to)
    }

    /// Selects characters `chars` of the URL, the cursor at their end: what
    /// is typed replaces them.
    pub fn select_url(&mut self, chars: std::ops::Range<usize>) {
        let at = |c: usize| u16::try_from(c).unwrap_or(u16::MAX);
        self.url.cancel_selection();
        self.url.move_cursor(CursorMove::Jump(0, at(chars.start)));
        self.url.start_selection();
        self.url.move_cursor(CursorMove::Jump(0, at(chars.end)));
    }

    /// Selects the first `{placeholder}` of the URL other than `{merchantId}`
    /// (the environment fills that one); false when there is none.
    pub fn select_url_placeholder(&mut self) -> bool {
        let url = self.url_text();
        let mut at = 0;
        while let Some(open) = url[at..].find('{').map(|i| at + i) {
            let Some(close) = url[open..].find('}').map(|i| open + i) else {
                break;
            };
            let name = &url[open + 1..close];
            if name != "merchantId" && !name.starts_with('{') {
                self.select_url(url[..open].chars().count()..url[..=close].chars().count());
                return true;
            }
            at = close + 1;
        }
        false
    }

    pub fn body_scroll(&self) -> (usize, usize) {
        self.body_scroll
    }

    pub fn body_revision(&self) -> u64 {
        self.body_revision
    }

    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// For the app, which finds the marks (it knows what fills names).
    pub(in crate::app) fn marks_mut(&mut self) -> &mut Marks {
        &mut self.marks
    }

    pub fn model(&self) -> &ModelView {
        &self.model
    }

    pub(in crate::app) fn model_mut(&mut self) -> &mut ModelView {
        &mut self.model
    }

    /// Which request the editor holds (see the field).
    pub fn request_id(&self) -> u64 {
        self.request
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// The next (or previous) of [`METHODS`], then the request's own method if
    /// it is none of them.
    pub fn cycle_method(&mut self, forward: bool) {
        let all: Vec<&str> = METHODS
            .iter()
            .copied()
            .chain(self.other_method.as_deref())
            .collect();
        let n = all.len();
        let at = all.iter().position(|m| *m == self.method).unwrap_or(0);
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.method = all[next].to_string();
    }

    pub fn url_text(&self) -> String {
        self.url.lines().concat()
    }

    pub fn body_text(&self) -> String {
        self.body.lines().join("\n")
    }

    /// Replaces the body (e.g. after $EDITOR or a history reopen).
    pub fn set_body(&mut self, text: &str) {
        self.body = TextArea::new(split_lines(text));
        self.body_scroll = (0, 0);
        self.body_revision = next_revision();
    }

    /// Sets a header line `Name: value`, replacing a line with the same name.
    pub fn set_header(&mut self, name: &str, value: &str) {
        let mut lines: Vec<String> = self.headers.lines().to_vec();
        let line = format!("{name}: {value}");
        let existing = lines.iter().position(|l| {
            l.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        });
        match existing {
            Some(i) => lines[i] = line,
            None if lines.len() == 1 && lines[0].trim().is_empty() => lines[0] = line,
            None => lines.push(line),
        }
        self.headers = TextArea::new(lines);
    }

    /// Takes the URL and headers a save wrote for this request (its variables,
    /// an added Content-Type): the same request, still answered by its response.
    pub fn adopt(&mut self, url: &str, headers: &[(String, String)]) {
        self.url = TextArea::new(vec![url.to_string()]);
        self.url.move_cursor(CursorMove::End);
        let lines: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        self.headers = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
    }

    /// Loads a template's method, path and body; the headers stay. It is
    /// another request: what answered the one before does not answer it.
    pub fn load(&mut self, method: &str, path: &str, body: &str) {
        self.request = next_revision();
        (self.method, self.other_method) = method_field(method);
        self.url = TextArea::new(vec![path.to_string()]);
        self.url.move_cursor(CursorMove::End);
        self.set_body(body);
    }

    /// Feeds a key to a text field. Returns whether the text changed.
    pub fn input(&mut self, field: Field, input: Input) -> bool {
        match field {
            Field::Method => false,
            // A URL is one line: Enter and pasted line breaks do not split it.
            Field::Url if matches!(input.key, Key::Enter) => false,
            Field::Url => self.url.input(input),
            Field::Headers => self.headers.input(input),
            Field::Body => {
                let changed = match input {
                    // JSON is indented: a new line keeps the line's indentation,
                    // one level more after an opening bracket.
                    Input {
                        key: Key::Enter,
                        ctrl: false,
                        alt: false,
                        ..
                    } => {
                        self.body_newline();
                        true
                    }
                    Input {
                        key: Key::Home,
                        ctrl: true,
                        shift,
                        ..
                    } => self.body_to(CursorMove::Top, shift),
                    Input {
                        key: Key::End,
                        ctrl: true,
                        shift,
                        ..
                    } => self.body_to(CursorMove::Bottom, shift),
                    // A closing bracket or quote typed where one stands: stepped over.
                    Input {
                        key: Key::Char(c @ ('}' | ']' | '"')),
                        ctrl: false,
                        alt: false,
                        ..
                    } if self.closes_here(c) => {
                        self.body.move_cursor(CursorMove::Forward);
                        false
                    }
                    input => self.body.input(input),
                };
                if changed {
                    self.body_revision = next_revision();
                }
                changed
            }
        }
    }

    /// Whether `c` typed at the body's cursor would only double the one that
    /// stands there: a `}` or `]` before the same, a `"` before the quote
    /// that closes the string the cursor is in (an odd count of unescaped
    /// quotes before it on the line). No selection: typing replaces that.
    fn closes_here(&self, c: char) -> bool {
        if self.body.selection_range().is_some() {
            return false;
        }
        let (row, col) = self.body_cursor();
        let Some(line) = self.body.lines().get(row) else {
            return false;
        };
        let mut before = 0usize;
        let mut escaped = false;
        let mut next = None;
        for (i, ch) in line.chars().enumerate() {
            if i == col {
                next = Some(ch);
                break;
            }
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => before += 1,
                _ => {}
            }
        }
        next == Some(c) && (c != '"' || (before % 2 == 1 && !escaped))
    }

    /// A new body line indented like the one the cursor is on (a level more
    /// after `{` or `[`); typed over a selection, it replaces it.
    fn body_newline(&mut self) {
        let (row, col) = self.body_cursor();
        let line = self.body.lines().get(row).cloned().unwrap_or_default();
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let before = line.chars().take(col).collect::<String>();
        let opens = before.trim_end().ends_with(['{', '[']);
        let extra = if opens { "  " } else { "" };
        self.body.insert_str(format!("\n{indent}{extra}"));
    }

    /// Ctrl-Home / Ctrl-End: the top or the end of the body (selecting with Shift).
    fn body_to(&mut self, to: CursorMove, shift: bool) -> bool {
        if shift && !self.body.is_selecting() {
            self.body.start_selection();
        } else if !shift {
            self.body.cancel_selection();
        }
        self.body.move_cursor(to);
        if matches!(to, CursorMove::Bottom) {
            self.body.move_cursor(CursorMove::End);
        }
        false
    }

    /// Undoes (or redoes) the last edit of a text field.
    pub fn undo(&mut self, field: Field, redo: bool) -> bool {
        let area = match field {
            Field::Method => return false,
            Field::Url => &mut self.url,
            Field::Headers => &mut self.headers,
            Field::Body => &mut self.body,
        };
        let changed = if field == Field::Body {
            self.groups.undo(area, redo)
        } else if redo {
            area.redo()
        } else {
            area.undo()
        };
        if changed && field == Field::Body {
            self.body_revision = next_revision();
        }
        changed
    }

    /// The last `n` grouped body edits become one (a card filled field by field).
    pub fn merge_undo_groups(&mut self, n: usize) {
        self.groups.merge(n, &self.body);
    }

    /// Selects a body value from `start` to `end` (0-based rows and character
    /// columns, the end exclusive), the cursor at its end: what is typed
    /// replaces it. A string is selected without its quotes.
    pub fn select_body(&mut self, start: (usize, usize), end: (usize, usize)) {
        let char_at = |(row, col): (usize, usize)| {
            self.body.lines().get(row).and_then(|l| l.chars().nth(col))
        };
        let last = (end.0, end.1.saturating_sub(1));
        let (start, end) = if end > start
            && (start.0, start.1 + 1) < end
            && char_at(start) == Some('"')
            && char_at(last) == Some('"')
        {
            ((start.0, start.1 + 1), last)
        } else {
            (start, end)
        };
        self.body.cancel_selection();
        self.jump_body_cursor(start.0, start.1);
        if end > start {
            self.body.start_selection();
            self.jump_body_cursor(end.0, end.1);
        }
    }

    /// Replaces the body text from `start` to `end` (0-based rows and
    /// character columns, the end exclusive) with `text`.
    pub fn replace_in_body(&mut self, start: (usize, usize), end: (usize, usize), text: &str) {
        self.body.cancel_selection();
        self.jump_body_cursor(start.0, start.1);
        let mut steps = 0;
        if end > start {
            self.body.start_selection();
            self.jump_body_cursor(end.0, end.1);
            steps += usize::from(self.body.selection_range().is_some_and(|(a, b)| a != b));
        }
        steps += usize::from(!text.is_empty());
        self.body.insert_str(text);
        self.groups.push(steps, &self.body);
        self.body_revision = next_revision();
    }

    /// Replaces bytes `range` of the body with `text`; then the cursor at byte
    /// `cursor` of the new body, the `select` bytes after it selected (what is
    /// typed replaces them). Completion and renames take their edits in here.
    pub fn edit_body(
        &mut self,
        range: std::ops::Range<usize>,
        text: &str,
        cursor: usize,
        select: usize,
    ) {
        let body = self.body_text();
        let (Some(before), Some(after)) = (body.get(..range.start), body.get(range.end..)) else {
            return;
        };
        let start = char_position(&body, range.start);
        let end = char_position(&body, range.end);
        self.replace_in_body(start, end, text);
        let new = format!("{before}{text}{after}");
        let at = |byte: usize| char_position(&new, byte.min(new.len()));
        self.body.cancel_selection();
        let (row, col) = at(cursor);
        self.jump_body_cursor(row, col);
        if select > 0 {
            self.body.start_selection();
            let (row, col) = at(cursor + select);
            self.jump_body_cursor(row, col);
        }
    }

    /// The text of the body's selection, when there is one (not empty).
    pub fn selected_body_text(&self) -> Option<String> {
        let ((r0, c0), (r1, c1)) = self.body.selection_range()?;
        let lines = self.body.lines();
        let mut text = String::new();
        for (row, line) in lines.iter().enumerate().take(r1 + 1).skip(r0) {
            let from = if row == r0 { c0 } else { 0 };
            let to = if row == r1 { c1 } else { usize::MAX };
            text.extend(line.chars().skip(from).take(to.saturating_sub(from)));
            if row < r1 {
                text.push('\n');
            }
        }
        (!text.is_empty()).then_some(text)
    }

    /// The body's selection, 0-based (row, column) from and to (exclusive).
    pub fn body_selection(&self) -> Option<((usize, usize), (usize, usize))> {
        self.body.selection_range()
    }

    /// Inserts `text` at body byte `at` as one undo step, the cursor then at
    /// byte `cursor` of the text.
    pub fn insert_in_body(&mut self, at: usize, text: &str, cursor: usize) {
        let body = self.body_text();
        let (row, col) = char_position(&body, at);
        self.body.cancel_selection();
        self.jump_body_cursor(row, col);
        self.body.insert_str(text);
        let mut after = body[..at.min(body.len())].to_string();
        after.push_str(text.get(..cursor).unwrap_or(text));
        let (row, col) = char_position(&after, after.len());
        self.jump_body_cursor(row, col);
        self.body_revision = next_revision();
    }

    /// Scrolls the body so that `row` is about a third from the top of a
    /// viewport of `height` rows: the lines around a jump's target in view.
    pub fn center_body_on(&mut self, row: usize, height: usize) {
        self.body_scroll.0 = row.saturating_sub(height / 3);
    }

    pub fn paste(&mut self, field: Field, text: &str) -> bool {
        let text = text.replace("\r\n", "\n");
        match field {
            Field::Method => false,
            Field::Url => self.url.insert_str(text.replace('\n', "")),
            Field::Headers => self.headers.insert_str(text),
            Field::Body => {
                let changed = self.body.insert_str(text);
                if changed {
                    self.body_revision = next_revision();
                }
                changed
            }
        }
    }

    /// The body cursor as 0-based (row, column in characters).
    pub fn body_cursor(&self) -> (usize, usize) {
        let c = self.body.cursor();
        (c.0, c.1)
    }

    /// Puts the body cursor at a 0-based row and column (in characters).
    pub fn jump_body_cursor(&mut self, row: usize, col: usize) {
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        self.body.move_cursor(CursorMove::Jump(row, col));
    }

    /// Keeps the body cursor inside a viewport of `height` rows and `width` columns.
    pub fn follow_body_cursor(&mut self, height: usize, width: usize) {
        // A pane not drawn (another one zoomed) has no viewport to follow:
        // following it would leave the text shifted when it comes back.
        if height == 0 || width == 0 {
            return;
        }
        let (row, col) = self.body_cursor();
        let (top, left) = &mut self.body_scroll;
        scroll_into_view(top, row, height);
        if col < width {
            // The line's start fits with the cursor: never shifted for nothing.
            *left = 0;
        } else if col < *left || col >= *left + width {
            // Sideways in half pages: scrolling by one column would repaint
            // every visible line on every keystroke at the edge.
            *left = col.saturating_sub(width / 2);
        }
    }

    /// The headers as `(name, value)` pairs (blank lines and `#` comments skipped).
    pub fn parsed_headers(&self) -> Result<Vec<(String, String)>, HeaderError> {
        parse_header_lines(self.headers.lines().iter().map(String::as_str))
    }
}

/// A revision no editor has had yet.
/// The 0-based row and character column of byte `at` of `text`.
fn char_position(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let row = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (row, before[line_start..].chars().count())
}

pub(super) fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn scroll_into_view(first: &mut usize, pos: usize, size: usize) {
    let size = size.max(1);
    if pos < *first {
        *first = pos;
    } else if pos >= *first + size {
        *first = pos + 1 - size;
    }
}

/// The method field for `method`: one of [`METHODS`] in its spelling (`get`
/// is GET), or any other token as written (kept in the cycle); blank is GET.
fn method_field(method: &str) -> (String, Option<String>) {
    let method = method.trim();
    if method.is_empty() {
        return (METHODS[0].to_string(), None);
    }
    match METHODS.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(m) => (m.to_string(), None),
        None => (method.to_string(), Some(method.to_string())),
    }
}

fn split_lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_and_report_the_bad_line() {
        let ed = RequestEditor::new(
            "GET",
            "/x",
            "# comment\nX-GCS-Idempotence-Key: abc\n\nAccept:application/json",
            "",
        );
        assert_eq!(
            ed.parsed_headers(),
            Ok(vec![
                ("X-GCS-Idempotence-Key".to_string(), "abc".to_string()),
                ("Accept".to_string(), "application/json".to_string())
            ])
        );
        let bad = RequestEditor::new("GET", "/x", "Accept: x\nnot a header", "");
        assert_eq!(bad.parsed_headers().map_err(|e| e.line), Err(2));
    }

    #[test]
    fn url_stays_one_line() {
        let mut ed = RequestEditor::new("GET", "/v1", "", "");
        ed.paste(Field::Url, "/a\n/b");
        assert_eq!(ed.url_text(), "/v1/a/b");
        assert!(!ed.input(
            Field::Url,
            Input {
                key: Key::Enter,
                ..Input::default()
            }
        ));
    }

    #[test]
    fn body_edits_bump_the_revision_and_crlf_is_normalised() {
        let mut ed = RequestEditor::new("POST", "/", "", "{\r\n}");
        assert_eq!(ed.body_text(), "{\n}");
        let before = ed.body_revision;
        ed.input(
            Field::Body,
            Input {
                key: Key::Char('x'),
                ..Input::default()
            },
        );
        assert!(ed.body_revision > before);
    }

    #[test]
    fn a_replacement_is_one_undo_step_even_after_an_edit_undone_before_it() {
        let mut ed = RequestEditor::new("POST", "/", "", "{\"a\": \"1210\"}");
        ed.replace_in_body((0, 7), (0, 11), "1229");
        assert_eq!(ed.body_text(), "{\"a\": \"1229\"}");
        typed(&mut ed, "x");
        assert!(ed.undo(Field::Body, false), "the x");
        assert!(ed.undo(Field::Body, false), "the replacement, at once");
        assert_eq!(ed.body_text(), "{\"a\": \"1210\"}");
        assert!(ed.undo(Field::Body, true));
        assert_eq!(ed.body_text(), "{\"a\": \"1229\"}", "redone at once");
        // Two replacements merged: one step for both.
        let mut ed = RequestEditor::new("POST", "/", "", "[\"**\", \"***\"]");
        ed.replace_in_body((0, 8), (0, 11), "123");
        ed.replace_in_body((0, 2), (0, 4), "12");
        ed.merge_undo_groups(2);
        assert_eq!(ed.body_text(), "[\"12\", \"123\"]");
        ed.undo(Field::Body, false);
        assert_eq!(ed.body_text(), "[\"**\", \"***\"]");
        // Typing is undone as ratatui-textarea records it: a character a step.
        typed(&mut ed, "ab");
        ed.undo(Field::Body, false);
        ed.undo(Field::Body, false);
        assert_eq!(ed.body_text(), "[\"**\", \"***\"]");
    }

    #[test]
    fn viewport_follows_the_cursor() {
        let body = (0..100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        let mut ed = RequestEditor::new("POST", "/", "", &body);
        ed.jump_body_cursor(50, 0);
        ed.follow_body_cursor(10, 40);
        assert_eq!(ed.body_scroll, (41, 0));
        ed.jump_body_cursor(3, 0);
        ed.follow_body_cursor(10, 40);
        assert_eq!(ed.body_scroll, (3, 0));
    }

    #[test]
    fn set_header_replaces_or_appends() {
        let mut ed = RequestEditor::new("POST", "/", "", "");
        ed.set_header("X-GCS-Idempotence-Key", "a");
        assert_eq!(ed.header_lines(), ["X-GCS-Idempotence-Key: a"]);
        ed.set_header("Accept", "application/json");
        ed.set_header("x-gcs-idempotence-key", "b");
        assert_eq!(
            ed.header_lines(),
            ["x-gcs-idempotence-key: b", "Accept: application/json"]
        );
    }

    #[test]
    fn methods_cycle_both_ways() {
        let mut ed = RequestEditor::new("get", "/", "", "");
        ed.cycle_method(false);
        assert_eq!(ed.method(), "HEAD");
        ed.cycle_method(true);
        ed.cycle_method(true);
        assert_eq!(ed.method(), "POST");
    }

    #[test]
    fn a_hidden_pane_does_not_shift_the_body_and_a_short_line_is_never_shifted() {
        let mut ed = RequestEditor::new("POST", "/", "", "{\n  \"expiryDate\": \"1210\"\n}");
        ed.jump_body_cursor(1, 17);
        ed.follow_body_cursor(0, 0);
        assert_eq!(ed.body_scroll(), (0, 0), "not drawn: nothing to follow");
        ed.follow_body_cursor(10, 8);
        assert_eq!(ed.body_scroll().1, 13, "a narrow pane scrolls sideways");
        ed.follow_body_cursor(10, 80);
        assert_eq!(
            ed.body_scroll().1,
            0,
            "a wide one shows the line from its start"
        );
    }

    fn typed(ed: &mut RequestEditor, text: &str) {
        for c in text.chars() {
            ed.input(
                Field::Body,
                Input {
                    key: Key::Char(c),
                    ..Input::default()
                },
            );
        }
    }

    #[test]
    fn a_closing_bracket_or_quote_typed_where_one_stands_steps_over_it() {
        let mut ed = RequestEditor::new("POST", "/", "", "{\"a\": \"\"}");
        // Inside the empty string: the quote closes it, then `}` steps over the body's.
        ed.jump_body_cursor(0, 7);
        typed(&mut ed, "NL\"}");
        assert_eq!(ed.body_text(), "{\"a\": \"NL\"}");
        assert_eq!(ed.body_cursor(), (0, 11));
        // Before an opening quote (outside a string) a quote is typed.
        let mut ed = RequestEditor::new("POST", "/", "", "{\"a\": 1}");
        ed.jump_body_cursor(0, 1);
        typed(&mut ed, "\"");
        assert_eq!(ed.body_text(), "{\"\"a\": 1}");
        // An escaped quote does not close the string; a `]` before a `}` is typed.
        let mut ed = RequestEditor::new("POST", "/", "", "[\"a\\\"\"}");
        ed.jump_body_cursor(0, 5);
        typed(&mut ed, "\"");
        assert_eq!(
            ed.body_text(),
            "[\"a\\\"\"}",
            "stepped over the closing quote"
        );
        typed(&mut ed, "]");
        assert_eq!(ed.body_text(), "[\"a\\\"\"]}");
        // Wide characters count as one column; a tab is a character like any other.
        let mut ed = RequestEditor::new("POST", "/", "", "{\t\"é\": [\"漢\"]}");
        ed.jump_body_cursor(0, 10);
        typed(&mut ed, "\"]}");
        assert_eq!(ed.body_text(), "{\t\"é\": [\"漢\"]}");
        assert_eq!(ed.body_cursor(), (0, 13));
    }

    #[test]
    fn the_selection_is_copied_across_lines() {
        let mut ed = RequestEditor::new("POST", "/", "", "{\n  \"a\": \"漢x\"\n}");
        ed.select_body((1, 2), (2, 1));
        assert_eq!(
            ed.selected_body_text().as_deref(),
            Some("\"a\": \"漢x\"\n}")
        );
        ed.select_body((1, 8), (1, 10));
        assert_eq!(ed.selected_body_text().as_deref(), Some("漢x"));
        ed.jump_body_cursor(0, 0);
        ed.body.cancel_selection();
        assert_eq!(ed.selected_body_text(), None);
    }
}
