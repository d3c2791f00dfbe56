//! The webhooks overlay (Ctrl-N): the receiver's address and what it could
//! not keep up with, then the events newest first, each with its time, what
//! it is about, its signature verdict and the app's answer when forwarded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::keymap::{Command, Context};
use crate::app::layout::{history_box, webhook_rows};
use crate::app::{App, InboxRow, Listening};
use crate::body::printable;
use crate::connect::datetime::format_epoch_millis;
use crate::webhooks::{Forwarded, ReceivedKind, UNVERIFIED_RECORDED};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let inbox = app.webhooks();
    let rect = history_box(area);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    // The keys first, one each: at 80 columns the title is cut from the right.
    let key = |c| {
        let keys = keymap.keys_in(c, Context::WEBHOOKS);
        keys.split(", ").next().unwrap_or_default().to_string()
    };
    let again = match inbox.forward() {
        Some(_) => format!(" · {} deliver again", key(Command::Send)),
        None => String::new(),
    };
    let title = Line::styled(
        format!(
            " Webhooks · {} open{again} · {} close · type to filter (\"failed\", status:5xx, type:payment) ",
            key(Command::Accept),
            key(Command::Cancel)
        ),
        theme.title,
    );
    let matches = inbox.matching();
    let mut lines = vec![status_line(app, theme)];
    let mut filter = super::filter_line(inbox.filter(), "", theme);
    filter.spans.push(Span::styled(
        format!("  {} of {} events", matches.len(), inbox.len()),
        theme.dim,
    ));
    if let Some(problem) = inbox.filter_problem() {
        filter
            .spans
            .push(Span::styled(format!("  {problem}"), theme.error));
    }
    lines.push(filter);
    // The status line above the list, the selected event's whole verdict below it.
    let visible = webhook_rows(rect);
    let selected = inbox.selected(matches.len());
    let first = (selected + 1).saturating_sub(visible);
    for (row, &i) in matches.iter().enumerate().skip(first).take(visible) {
        let Some(r) = inbox.row(i) else { continue };
        let mut line = Line::from(row_spans(
            r,
            usize::from(rect.width.saturating_sub(2)),
            theme,
        ));
        if row == selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if matches.is_empty() {
        lines.push(Line::styled(
            if inbox.is_empty() {
                "no webhook yet: point Connect (through your tunnel), `cinspect webhooks send` or the simulator at the address above"
            } else {
                "no webhook matches"
            },
            theme.dim,
        ));
    }
    // The chosen event's verdict with its reason, and the app's answer: the
    // row has room for neither in full.
    if let Some(chosen) = matches.get(selected).and_then(|&i| inbox.row(i)) {
        let inner_rows = rect.height.saturating_sub(2) as usize;
        while lines.len() + 2 < inner_rows {
            lines.push(Line::raw(""));
        }
        let x = &chosen.received;
        lines.push(Line::styled(
            x.verdict_line(),
            good_or_bad(chosen.signature_ok, theme),
        ));
        lines.push(match x.forward() {
            Some(f) => Line::styled(
                format!("→ {}", printable(&f.line())),
                good_or_bad(chosen.app_ok.unwrap_or(false), theme),
            ),
            None => Line::styled(
                format!(
                    "{} {} · answered {}",
                    printable(&x.method),
                    printable(&x.path),
                    x.answered
                ),
                theme.dim,
            ),
        });
    }
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}

fn good_or_bad(ok: bool, theme: &Theme) -> Style {
    if ok {
        theme.verdict_good
    } else {
        theme.verdict_bad
    }
}

/// One event: time of day, verdict, type, the object it is about, its id,
/// and the app's status when it was forwarded.
fn row_spans<'a>(r: &InboxRow, width: usize, theme: &Theme) -> Vec<Span<'a>> {
    let x = &r.received;
    // The time of day: the date is the same for a session's events.
    let at = format_epoch_millis(x.received_at_ms);
    let time = at.get(11..23).unwrap_or(&at).to_string();
    let app = good_or_bad(r.app_ok.unwrap_or(false), theme);
    // The app's status next to the verdict: the row's end is cut first.
    let answer = match x.forward() {
        Some(Forwarded::Answered { status, .. }) => format!("→ {status}"),
        Some(Forwarded::Failed { .. }) => "→ none".to_string(),
        None => String::new(),
    };
    let mut spans = vec![
        Span::styled(format!("{time} "), theme.dim),
        Span::styled(
            format!("{:<17} ", x.verdict_word()),
            good_or_bad(r.signature_ok, theme),
        ),
        Span::styled(format!("{answer:<7}"), app),
    ];
    match &x.kind {
        ReceivedKind::Event { facts, .. } => {
            let kind = facts.event_type.as_deref().unwrap_or("(no event type)");
            // A column on a wide list; on a narrow one the room goes to the object.
            let column = if width >= 110 { 24 } else { 0 };
            spans.push(Span::raw(format!("{:<column$} ", printable(kind))));
            if let Some(object) = &facts.object {
                // The object's status is its point (`PENDING_APPROVAL`): when the
                // row is short, its id gives way in the middle (Enter shows it whole).
                let used: usize = spans.iter().map(|s| s.width()).sum();
                let room = width.saturating_sub(used + 2);
                spans.push(Span::raw(format!(
                    "{}  ",
                    fit_object(&printable(object), room)
                )));
            }
            if let Some(id) = &facts.event_id {
                let short: String = id.chars().take(8).collect();
                spans.push(Span::styled(
                    format!("id {}  ", printable(&short)),
                    theme.dim,
                ));
            }
        }
        ReceivedKind::Verification { .. } => {
            spans.push(Span::raw(format!(
                "{} {}  ",
                printable(&x.method),
                printable(&x.path)
            )));
        }
        ReceivedKind::Refused { reason } => {
            spans.push(Span::raw(printable(reason).into_owned()));
        }
    }
    spans
}

/// Where the receiver listens, and what it did not keep up with.
fn status_line<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let inbox = app.webhooks();
    let mut spans = match inbox.listening() {
        Listening::On(addr) => vec![
            Span::styled("listening on ", theme.dim),
            Span::styled(format!("http://{}/", printable(addr)), theme.info),
        ],
        Listening::Starting(addr) => vec![Span::styled(
            format!("starting on {}…", printable(addr)),
            theme.dim,
        )],
        Listening::Off => vec![Span::styled("not listening", theme.warning)],
    };
    let counts = inbox.counts();
    let kept = if app.history_off().is_none() {
        "history keeps them"
    } else {
        "history is off"
    };
    let mut problems = Vec::new();
    if counts.not_shown > 0 {
        problems.push(format!(
            "{} arrived too fast to list (answered; {kept})",
            counts.not_shown
        ));
    }
    if inbox.evicted() > 0 {
        problems.push(format!(
            "{} older ones let go here ({kept})",
            inbox.evicted()
        ));
    }
    if counts.not_recorded > 0 {
        let why = counts
            .record_error
            .as_deref()
            .map_or(String::new(), |e| format!(": {e}"));
        problems.push(format!("{} not recorded{why}", counts.not_recorded));
    }
    if counts.unverified_not_recorded > 0 {
        problems.push(format!(
            "{} not from a configured key not recorded (the first {UNVERIFIED_RECORDED} are)",
            counts.unverified_not_recorded
        ));
    }
    problems.extend(counts.key_problems.iter().cloned());
    for p in problems {
        spans.push(Span::styled(format!(" · {}", printable(&p)), theme.warning));
    }
    Line::from(spans)
}

/// `payment 000000123410000596000000100001 PENDING_APPROVAL` in `room`
/// columns: the longest word (the id) shortened in the middle first, down to
/// seven characters, so the kind and the status stay whole.
fn fit_object(object: &str, room: usize) -> String {
    let n = object.chars().count();
    if n <= room {
        return object.to_owned();
    }
    let words: Vec<&str> = object.split(' ').collect();
    let Some((longest, id)) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.chars().count())
        .map(|(i, w)| (i, *w))
    else {
        return object.to_owned();
    };
    let id_len = id.chars().count();
    let keep = id_len.saturating_sub(n - room).max(7);
    let short = super::text::shorten_middle(id, keep);
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    out[longest] = short;
    out.join(" ")
}

#[cfg(test)]
mod fit_tests {
    use super::fit_object;

    #[test]
    fn the_id_gives_way_so_the_status_stays_whole() {
        let object = "payment 000000123410000596000000100001 PENDING_APPROVAL";
        assert_eq!(fit_object(object, 80), object);
        let fitted = fit_object(object, 40);
        assert!(fitted.ends_with(" PENDING_APPROVAL"), "{fitted}");
        assert!(fitted.starts_with("payment 0000"), "{fitted}");
        assert!(fitted.chars().count() <= 40, "{fitted}");
    }
}
