//! The boxes over the panes and their own state: help, pickers, prompts, the
//! history browser (its state is `App`'s `HistoryBrowser`), the request as
//! sent, and yes/no questions. Each has its key context; the app routes keys
//! through the key map with it.

use super::keymap::Context;
use super::list::ListNav;
use super::text_input::TextInput;
use crate::pipeline::{Confirmed, SentRequest};

/// A modal box over the panes; it takes the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key map, searchable; its scroll is the first row shown.
    Help(super::help::HelpView),
    /// A list to choose from; Accept takes the selected item.
    Picker(Picker),
    /// Paste a curl command or an .http request; Accept imports it.
    Import(TextInput),
    /// The history browser.
    History,
    /// The exchanges of an SDK log (its state is `App`'s `LogBrowser`).
    Logs,
    /// A one-line question: keys edit the answer, Enter takes it.
    /// A one-line prompt; `offered`: the names an ambiguous Tab left to choose from.
    Prompt {
        kind: Prompt,
        input: TextInput,
        offered: Vec<String>,
    },
    /// Typing a search (`/`) or a path filter (`f`) for the response body.
    Find { path: bool, input: TextInput },
    /// The last request as it went on the wire; `across`: characters
    /// scrolled off to the left (a signed line is never cut or wrapped).
    AsSent { scroll: ListNav, across: usize },
    /// Every notice so far, whole (the status line shows one, cut).
    Notices { scroll: ListNav },
    /// The webhooks received (its state is `App`'s `WebhookInbox`).
    Webhooks,
    /// The comparison of two exchanges (its state is `App`'s `Comparing`).
    Compare,
    /// A yes/no question: sending an invalid or production request, quitting
    /// with unsaved changes, replacing a request of the same name.
    Confirm { question: String, then: OnYes },
    /// The field names or values the API's model allows at the body's
    /// cursor; typing goes on in the body and filters them.
    Complete(Box<super::editor::Completion>),
    /// F2's form adding an environment to config.toml.
    AddEnvironment(Box<super::add_environment::EnvForm>),
    /// Every command of the focused pane, filtered as you type; Enter runs it there.
    Palette(Box<super::palette::Palette>),
}

impl Overlay {
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(view) => view.context(),
            Overlay::AsSent { .. } | Overlay::Notices { .. } => Context::SCROLL,
            Overlay::Picker(_) | Overlay::Logs | Overlay::Complete(_) | Overlay::Palette(_) => {
                Context::LIST
            }
            Overlay::Webhooks => Context::WEBHOOKS,
            Overlay::History => Context::HISTORY,
            Overlay::Compare => Context::COMPARE,
            Overlay::Import(_)
            | Overlay::Find { .. }
            | Overlay::Prompt { .. }
            | Overlay::AddEnvironment(_) => Context::PROMPT,
            Overlay::Confirm { .. } => Context::CONFIRM,
        }
    }
}

/// What a one-line prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// The path of an SDK log to open.
    OpenLog,
    /// The `.http` file or folder to open.
    OpenRequests,
    /// `FILE.http NAME`: save the request as a new one in a file.
    SaveAs,
    /// Where the webhook receiver should listen.
    ListenWebhooks,
}

impl Prompt {
    /// Whether the answer is a path (Tab completes it).
    pub fn takes_path(self) -> bool {
        !matches!(self, Prompt::ListenWebhooks)
    }

    /// The question, as the box shows it.
    pub fn question(self) -> &'static str {
        match self {
            Prompt::OpenLog => "Open an SDK log: its path (.gz is read too)",
            Prompt::OpenRequests => "Open .http files: a file or a folder",
            Prompt::SaveAs => "Save the request as: FILE.http NAME",
            Prompt::ListenWebhooks => {
                "Receive webhooks on: a port or HOST:PORT (loopback unless told)"
            }
        }
    }

    /// The box with this question, empty.
    pub fn open(self) -> Overlay {
        self.open_with("")
    }

    /// The box with this question and an answer to start from.
    pub fn open_with(self, text: &str) -> Overlay {
        Overlay::Prompt {
            kind: self,
            input: TextInput::with_text(text),
            offered: Vec::new(),
        }
    }
}

/// What a yes to a question does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnYes {
    /// Send, with every yes given so far (this one included).
    Send(Confirmed),
    /// Quit although the request from a file has unsaved changes.
    Quit,
    /// Save-as: replace the request of that name the file already has.
    ReplaceRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Environment,
    Template,
    Copy,
    /// The ids seen in this session's responses, for the place at the cursor.
    Id,
}

/// One line of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerItem {
    pub name: String,
    pub detail: String,
    /// Shown in the warning colour (a production environment).
    pub warn: bool,
}

/// A picker: type to filter, arrows to choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    filter: TextInput,
    /// Position among the items that match the filter.
    list: ListNav,
}

impl Picker {
    pub fn new(kind: PickerKind, selected: usize) -> Self {
        let mut list = ListNav::default();
        list.set(selected, usize::MAX);
        Self {
            kind,
            filter: TextInput::default(),
            list,
        }
    }

    pub fn filter(&self) -> &TextInput {
        &self.filter
    }

    pub fn filter_mut(&mut self) -> &mut TextInput {
        &mut self.filter
    }

    /// A new filter text: the first match is selected.
    pub fn filtered(&mut self) {
        self.list = ListNav::default();
    }

    pub fn list_mut(&mut self) -> &mut ListNav {
        &mut self.list
    }

    /// Indexes of the items that match the filter (every word, anywhere,
    /// case-insensitive): those whose name starts with what was typed first,
    /// then those whose name holds every word, then those the description
    /// matches; in list order within each.
    pub fn matching(&self, items: &[PickerItem]) -> Vec<usize> {
        let words = self.filter.words();
        let mut ranked: Vec<(u8, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let name = item.name.to_lowercase();
                let hay = format!("{name} {}", item.detail.to_lowercase());
                if !words.iter().all(|w| hay.contains(w.as_str())) {
                    return None;
                }
                let in_name = words.iter().all(|w| name.contains(w.as_str()));
                let starts = words.first().is_some_and(|w| {
                    name.starts_with(w.as_str())
                        || name
                            .split([' ', ':', '-', '.', '/'])
                            .any(|part| part.starts_with(w.as_str()))
                });
                let rank = match (in_name, starts) {
                    (true, true) => 0,
                    (true, false) => 1,
                    _ => 2,
                };
                Some((rank, i))
            })
            .collect();
        ranked.sort_by_key(|&(rank, i)| (rank, i));
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// Position among the matches (clamped).
    pub fn selected(&self, matches: usize) -> usize {
        self.list.selected().min(matches.saturating_sub(1))
    }

    /// The item chosen: an index into the full list.
    pub fn chosen(&self, items: &[PickerItem]) -> Option<usize> {
        let matches = self.matching(items);
        matches.get(self.selected(matches.len())).copied()
    }
}

/// One row of the request as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentRow {
    RequestLine {
        method: String,
        url: String,
    },
    Header {
        name: String,
        value: String,
    },
    Blank,
    SignedTitle,
    /// A line of the string to sign, and whether `\n` ended it.
    Signed {
        text: String,
        newline: bool,
    },
    Unsigned,
    Body {
        bytes: usize,
    },
}

impl SentRow {
    /// Characters the row takes as drawn (the `⏎` of a signed line counted).
    pub fn width(&self) -> usize {
        let n = |s: &str| s.chars().count();
        match self {
            SentRow::RequestLine { method, url } => n(method) + 1 + n(url),
            SentRow::Header { name, value } => n(name) + 2 + n(value),
            SentRow::Signed { text, newline } => n(text) + usize::from(*newline),
            // Fixed texts, shorter than any box.
            _ => 0,
        }
    }
}

pub fn sent_rows(sent: &SentRequest) -> Vec<SentRow> {
    let mut rows = vec![SentRow::RequestLine {
        method: sent.method.clone(),
        url: sent.url.clone(),
    }];
    rows.extend(sent.headers.iter().map(|(name, value)| SentRow::Header {
        name: name.clone(),
        value: value.clone(),
    }));
    rows.push(SentRow::Blank);
    match &sent.string_to_sign {
        Some(sts) => {
            rows.push(SentRow::SignedTitle);
            rows.extend(sts.split_inclusive('\n').map(|part| SentRow::Signed {
                text: part.strip_suffix('\n').unwrap_or(part).to_string(),
                newline: part.ends_with('\n'),
            }));
        }
        None => rows.push(SentRow::Unsigned),
    }
    if let Some(body) = &sent.body {
        rows.push(SentRow::Blank);
        rows.push(SentRow::Body { bytes: body.len() });
    }
    rows
}
