//! The completion list over the body: the model's choices at the cursor,
//! filtered by what is typed. Typing goes on in the body while the list is
//! open (the list follows the word being typed and closes when the cursor
//! leaves it); Enter takes the selected choice, which the app applies from a
//! fresh scan of the body.

use crate::app::list::ListNav;
use crate::connect::model::{ChoiceKind, Choices};

/// Rows the list shows at most.
pub const COMPLETION_ROWS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    choices: Choices<'static>,
    /// Where what is typed starts: the body row and character column.
    start: (usize, usize),
    typed: String,
    /// The choices that match `typed`, as places in `choices.items`.
    matches: Vec<usize>,
    list: ListNav,
}

impl Completion {
    /// The list for `choices` with the body cursor at `cursor`; None when
    /// nothing matches what is typed.
    pub fn open(choices: Choices<'static>, cursor: (usize, usize)) -> Option<Self> {
        let typed = choices.typed.clone();
        let start = (cursor.0, cursor.1.saturating_sub(typed.chars().count()));
        let matches = choices.matching(&typed);
        (!matches.is_empty()).then_some(Self {
            choices,
            start,
            typed,
            matches,
            list: ListNav::default(),
        })
    }

    pub fn title(&self) -> &str {
        &self.choices.title
    }

    pub fn kind(&self) -> ChoiceKind {
        self.choices.kind
    }

    /// Where the list hangs: the body row and the column where the word starts.
    pub fn anchor(&self) -> (usize, usize) {
        self.start
    }

    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// The matching choices: (name or value, detail, deprecated).
    pub fn rows(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        self.matches.iter().map(|&i| {
            let c = &self.choices.items[i];
            (c.text.as_str(), c.detail.as_str(), c.deprecated)
        })
    }

    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    pub fn selected(&self) -> usize {
        self.list.selected()
    }

    pub fn list_mut(&mut self) -> &mut ListNav {
        &mut self.list
    }

    /// The name or value chosen.
    pub fn chosen(&self) -> Option<&str> {
        let i = *self.matches.get(self.list.selected())?;
        Some(self.choices.items[i].text.as_str())
    }

    /// After a key went to the body: the list filtered by what is typed now;
    /// false when the cursor left the word (another row, before its start, a
    /// character no name or value has) or nothing matches any more.
    pub fn follow(&mut self, line: &str, cursor: (usize, usize)) -> bool {
        if cursor.0 != self.start.0 || cursor.1 < self.start.1 {
            return false;
        }
        let mut typed: String = line
            .chars()
            .skip(self.start.1)
            .take(cursor.1 - self.start.1)
            .collect();
        // A key's opening quote typed first: the name starts after it.
        if typed == "\"" && self.choices.kind == ChoiceKind::Field {
            self.start.1 += 1;
            typed.clear();
        }
        let fits = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '.');
        if !typed.chars().all(fits) {
            return false;
        }
        if typed != self.typed {
            self.matches = self.choices.matching(&typed);
            self.typed = typed;
            self.list = ListNav::default();
        }
        !self.matches.is_empty()
    }
}
