//! Masked values in the body (an SDK log's `************7977`, `***`, or
//! history's redaction of card data): a key selects the next one, another
//! fills the card fields from the test card, so a logged exchange is replayed
//! in a few keys.

use super::Field;
use crate::app::keymap::{Command, Context};
use crate::app::layout;
use crate::app::state::{App, Focus, Level};

impl App {
    /// Selects the next masked value after the cursor (the first after the last).
    pub(in crate::app) fn next_mask(&mut self) {
        let masks = self.masks();
        if masks.is_empty() {
            self.info("no masked value in the body");
            return;
        }
        let (row, col) = self.editor.body_cursor();
        let spans: Vec<Span> = masks.iter().map(value_span).collect();
        let paths: Vec<String> = masks.iter().map(|m| m.path.clone()).collect();
        let next = spans
            .iter()
            .position(|(start, _)| *start > (row, col))
            .unwrap_or(0);
        let (start, end) = spans[next];
        self.editor.select_body(start, end);
        self.focus = Focus::Request(Field::Body);
        let height = layout::inner(self.chrome.panes.body).height as usize;
        self.editor.center_body_on(start.0, height);
        self.info(format!(
            "masked value {} of {}: {} (type over it)",
            next + 1,
            spans.len(),
            paths[next]
        ));
    }

    /// Replaces the masked card number, expiry, cvv and holder with the test card's.
    pub(in crate::app) fn fill_card(&mut self) {
        let card = self.settings.test_card.clone();
        let masks = self.masks();
        let count = masks.len();
        let fills: Vec<(Span, String, bool)> = masks
            .iter()
            .filter_map(|m| {
                let field = m.path.rsplit('.').next().unwrap_or(&m.path);
                let value = card.value_for(field)?;
                Some((value_span(m), value.to_owned(), m.quoted))
            })
            .collect();
        if fills.is_empty() {
            self.info(
                "no masked card field in the body (cardNumber, expiryDate, cvv, cardholderName)",
            );
            return;
        }
        // From the last to the first: earlier places stay where they were.
        for ((start, end), value, quoted) in fills.iter().rev() {
            let text = if *quoted {
                value.clone()
            } else {
                serde_json::Value::String(value.clone()).to_string()
            };
            self.editor.replace_in_body(*start, *end, &text);
        }
        // The card filled is one undo step.
        self.editor.merge_undo_groups(fills.len());
        self.focus = Focus::Request(Field::Body);
        let left = count - fills.len();
        let rest = if left == 0 {
            String::new()
        } else {
            let key = self.keymap.keys_in(Command::NextMask, Context::TEXT);
            format!("; {left} other masked value(s) left ({key} goes to them)")
        };
        self.say(
            Level::Info,
            format!(
                "filled {} card field(s) from the test card ({}){rest}",
                fills.len(),
                card.describe()
            ),
        );
    }
}

/// 0-based (row, column) from and to (exclusive) in the body.
type Span = ((usize, usize), (usize, usize));

/// Where a masked value is: inside its quotes when it was logged quoted, the
/// bare `***` otherwise.
fn value_span(m: &crate::sources::sdk_log::Masked) -> Span {
    let row = m.line - 1;
    let col = m.column - 1 + usize::from(m.quoted);
    ((row, col), (row, col + m.value.chars().count()))
}
