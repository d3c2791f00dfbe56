//! Quick fixes from the errors panel, on the key that adds a missing field
//! (Ctrl-P anywhere, `i` in the panel): where a fix is certain, the selected
//! error's value is put right in one key. An expiry date the server refused
//! that is past (or not MMYY at all) becomes a valid future MMYY; a value
//! outside a documented list (a finding before sending, or a server error on
//! a string the model's list for its field lacks) opens the list to pick from. Never applied to
//! locations older than the body: the errors are located again first.

use super::editor::Field;
use super::keymap::{Command, Context};
use super::state::{App, Focus};
use crate::locate::{Location, Outcome};

/// What the quick fix of the selected error would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickFix {
    /// Replace the expiry date (bytes of the body, its quotes excluded) with `to`.
    Expiry {
        range: std::ops::Range<usize>,
        was: String,
        to: String,
    },
    /// A string value the server refused that is outside the documented list of
    /// its field in the API's model: open that list at the value, to pick from.
    /// `row` and `col` (0-based, characters) are inside its opening quote.
    PickValue { row: usize, col: usize, was: String },
}

impl App {
    /// The quick fix of the selected server error, if one is certain and the
    /// errors are located in the body as it is now.
    pub fn quick_fix(&self) -> Option<QuickFix> {
        let index = self.errors.selected();
        let x = self.exchange()?;
        let key = std::sync::Arc::as_ptr(x) as usize;
        if !self.errors.located_for(self.editor.body_revision(), key) {
            return None;
        }
        let property = x.report.errors.get(index)?.error.property_name.as_deref();
        let body = self.editor.body_text();
        let today = year_month(self.clock.epoch_ms());
        let located = self.errors.located(index);
        fix_of(property, located, &body, today).or_else(|| self.value_list_fix(located?, &body))
    }

    /// The value-list fix of an error located at `located` in `body`: its one
    /// match a string that the model's list for that field does not have. Only
    /// with the model read already (it is read off the UI thread).
    fn value_list_fix(&self, located: &Location, body: &str) -> Option<QuickFix> {
        let Outcome::Found { matches } = &located.outcome else {
            return None;
        };
        let [found] = matches.as_slice() else {
            return None;
        };
        let value = body.get(found.span.start..found.span.end)?;
        let was: String = serde_json::from_str(value).ok()?;
        let m = crate::connect::model::loaded()?;
        let ty = self.editor.model().body_type()?;
        let at = m
            .at_path(ty, &crate::connect::model::parse_path(&found.path))
            .ok()?;
        let values = &at.field?.field.values;
        if values.is_empty() || values.contains(&was) {
            return None;
        }
        Some(QuickFix::PickValue {
            row: found.start.line.checked_sub(1)?,
            col: found.start.column,
            was: crate::body::printable(&was).chars().take(20).collect(),
        })
    }

    /// Applies the selected error's quick fix; false when it has none.
    pub(super) fn apply_quick_fix(&mut self) -> bool {
        let Some(fix) = self.quick_fix() else {
            return false;
        };
        match fix {
            QuickFix::Expiry { range, was, to } => {
                let cursor = range.start + to.len();
                self.editor.edit_body(range, &to, cursor, 0);
                self.fixed_in_body(|undo| {
                    format!("expiry date {was} → {to}, a valid future MMYY ({undo} takes it back)")
                });
            }
            QuickFix::PickValue { row, col, .. } => {
                self.editor.jump_body_cursor(row, col);
                self.focus = Focus::Request(Field::Body);
                self.complete();
            }
        }
        true
    }

    /// After a jump to a server error: its quick fix, when it has one, in the
    /// status line with its key.
    pub(super) fn say_quick_fix(&mut self) {
        let key = self.keymap.key_in(Command::InsertMissing, Context::TEXT);
        match self.quick_fix() {
            Some(QuickFix::Expiry { was, to, .. }) => self.info(format!(
                "{key} sets the expiry date {was} → {to} (a future MMYY)"
            )),
            Some(QuickFix::PickValue { was, .. }) => self.info(format!(
                "{key} lists the values the model documents here ({was:?} is not among them)"
            )),
            None => {}
        }
    }
}

/// The quick fix of an error naming `property`, located at `located` in
/// `body`, on `today` (year, month): an expiry date that is past or not MMYY.
pub(super) fn fix_of(
    property: Option<&str>,
    located: Option<&Location>,
    body: &str,
    today: (u32, u32),
) -> Option<QuickFix> {
    if !property?.ends_with("expiryDate") {
        return None;
    }
    let Outcome::Found { matches } = &located?.outcome else {
        return None;
    };
    let [found] = matches.as_slice() else {
        return None;
    };
    let value = body.get(found.span.start..found.span.end)?;
    let was = value.strip_prefix('"')?.strip_suffix('"')?;
    let (year, month) = today;
    if is_future_mmyy(was, year, month) {
        return None;
    }
    Some(QuickFix::Expiry {
        range: found.span.start + 1..found.span.end - 1,
        was: crate::body::printable(was).chars().take(20).collect(),
        to: future_mmyy(year),
    })
}

/// The year and month (1-12) of `ms` since the epoch, in UTC.
pub(super) fn year_month(ms: i64) -> (u32, u32) {
    let at = crate::connect::datetime::format_epoch_millis(ms);
    let year = at.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let month = at.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, month)
}

/// Whether `mmyy` is a month and year not yet past.
fn is_future_mmyy(mmyy: &str, year: u32, month: u32) -> bool {
    if mmyy.len() != 4 || !mmyy.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (Ok(mm), Ok(yy)) = (mmyy[..2].parse::<u32>(), mmyy[2..].parse::<u32>()) else {
        return false;
    };
    // Two digits: the year nearest to now (`02` in 2099 is 2102).
    let mut full = year / 100 * 100 + yy;
    if full + 50 < year {
        full += 100;
    }
    (1..=12).contains(&mm) && (full, mm) >= (year, month)
}

/// December three years on: valid for any test card, whatever month it is.
fn future_mmyy(year: u32) -> String {
    format!("12{:02}", (year + 3) % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_past_or_malformed_expiry_is_not_future_and_the_fix_is() {
        assert!(!is_future_mmyy("1210", 2026, 12));
        assert!(!is_future_mmyy("1126", 2026, 12));
        assert!(is_future_mmyy("1226", 2026, 12));
        assert!(!is_future_mmyy("1330", 2026, 1), "no 13th month");
        assert!(!is_future_mmyy("12/30", 2026, 1));
        assert!(!is_future_mmyy("", 2026, 1));
        assert!(
            !is_future_mmyy("１２３０", 2026, 1),
            "wide digits are not MMYY"
        );
        assert_eq!(future_mmyy(2026), "1229");
        assert!(is_future_mmyy(&future_mmyy(2099), 2099, 12));
        // 2026-12-07 in milliseconds since the epoch.
        assert_eq!(year_month(1_796_601_600_000), (2026, 12));
    }
}
