//! The response pane's head: the status with its name, the verdict, the most
//! useful detail — wrapped at words to the pane's width, never cut, up to a
//! share of the pane (the body's first lines stay in view). The app sizes the
//! scrolling part below it from the same rows the UI draws.

use unicode_width::UnicodeWidthChar;

use super::wrap::{str_width, wrap};

use crate::body::printable;
use crate::connect::{StatusClass, VerdictKind};
use crate::pipeline::Exchange;

/// What a piece of the head is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Status(StatusClass),
    /// "not in the API's list".
    Unlisted,
    Verdict {
        good: bool,
    },
    /// The SDK's exception for the verdict.
    Exception,
    Detail,
}

/// One row of the head: pieces with their roles.
pub type Row = Vec<(Role, String)>;

/// The head's logical lines, before wrapping.
fn lines(x: &Exchange) -> Vec<Vec<(Role, String)>> {
    let mut status = vec![(
        Role::Status(x.status.class),
        format!("{} {}", x.status.code, x.status.name),
    )];
    if !x.status.listed {
        status.push((Role::Unlisted, " · not in the API's list".to_owned()));
    }
    let good = x.verdict.kind == VerdictKind::Success;
    // The verdict and its detail can quote the server (a message, a header).
    let mut verdict = vec![(
        Role::Verdict { good },
        printable(&x.verdict.summary).into_owned(),
    )];
    if let Some(exception) = x.verdict.kind.sdk_exception() {
        verdict.push((Role::Exception, format!(" ({exception})")));
    }
    let detail = x
        .verdict
        .details
        .first()
        .cloned()
        .unwrap_or_else(|| x.status.meaning.to_string());
    vec![
        status,
        verdict,
        vec![(Role::Detail, printable(&detail).into_owned())],
    ]
}

/// The head of `x` in rows of `width` columns, at most `max_rows` (then the
/// last row ends in `…`).
pub fn rows(x: &Exchange, width: u16, max_rows: usize) -> Vec<Row> {
    let width = usize::from(width).max(1);
    let mut out: Vec<Row> = Vec::new();
    for line in lines(x) {
        out.extend(wrap(&line, width));
    }
    if out.len() > max_rows {
        out.truncate(max_rows.max(1));
        if let Some(last) = out.last_mut() {
            mark_cut(last, width);
        }
    }
    out
}

/// The most rows the head takes in a pane of `height` rows: three, or up to
/// two thirds of a taller pane (the body's first lines stay in view).
pub fn max_rows(height: u16) -> usize {
    usize::from(height * 2 / 3).max(3)
}

/// Ends a row in `…`, taking room from its end if it is full.
fn mark_cut(row: &mut Row, width: usize) {
    let mut used: usize = row.iter().map(|(_, t)| str_width(t)).sum();
    while used + 1 > width {
        let Some((_, text)) = row.last_mut() else {
            break;
        };
        match text.pop() {
            Some(c) => used -= c.width().unwrap_or(0),
            None => {
                row.pop();
            }
        }
    }
    if let Some((_, text)) = row.last_mut() {
        text.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| r.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces_and_long_words_where_they_must() {
        let line = vec![(
            Role::Detail,
            "created payment 000000850010000188180000100001".to_owned(),
        )];
        let rows = wrap(&line, 20);
        assert_eq!(
            text(&rows),
            ["created payment ", "00000085001000018818", "0000100001"]
        );
        let rows = wrap(&[(Role::Detail, "a b".to_owned())], 1);
        assert_eq!(text(&rows), ["a", "b"]);
    }

    #[test]
    fn pieces_keep_their_roles_across_a_wrap() {
        let line = vec![
            (Role::Verdict { good: false }, "payment declined".to_owned()),
            (Role::Exception, " (DeclinedPaymentException)".to_owned()),
        ];
        let rows = wrap(&line, 30);
        assert_eq!(
            text(&rows),
            ["payment declined ", "(DeclinedPaymentException)"]
        );
        assert_eq!(rows[1][0].0, Role::Exception);
    }

    #[test]
    fn a_head_over_its_rows_ends_in_an_ellipsis_within_the_width() {
        let mut row: Row = vec![(Role::Detail, "abcdef".to_owned())];
        mark_cut(&mut row, 6);
        assert_eq!(text(&[row]), ["abcde…"]);
        assert_eq!(max_rows(8), 5);
        assert_eq!(max_rows(4), 3);
    }
}
