//! The comparison view: the two sides named, then each half's rows (notes,
//! errors fixed / still there / new, the differences `old → new` at their
//! path, the folded groups), the cursor row reversed. Zoomed (F12), values
//! are drawn whole and wrapped. Everything from the exchanges passes through
//! `printable`: no control code reaches the terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane};
use crate::app::App;
use crate::app::compare::{CompareView, ErrorSet, Fold, Row};
use crate::app::keymap::{Command, Context, Scope};
use crate::app::layout::compare_box;
use crate::body::printable;
use crate::diff::report::{self, Texts};
use crate::diff::{Change, Difference, Part, Which};

/// Characters of a value drawn when zoomed (wrapped over lines).
const ZOOMED_VALUE: usize = 4000;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let rect = compare_box(area);
    frame.render_widget(Clear, rect);
    let keymap = app.keymap();
    let close = keymap.keys_in(Command::Cancel, Context::COMPARE);
    let comparing = app.comparing();
    if let Some(p) = comparing.pending() {
        let title = Line::styled(format!(" Compare ({close} stops) "), theme.title);
        let progress = match p.progress {
            Some(p) => format!("… {}%", p.percent()),
            None => "…".to_string(),
        };
        let lines = vec![
            Line::styled(format!("left   {}", printable(&p.left)), theme.text),
            Line::styled(format!("right  {}", printable(&p.right)), theme.text),
            Line::raw(""),
            Line::styled(format!("reading and comparing{progress}"), theme.info),
        ];
        frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
        return;
    }
    let Some(view) = comparing.view() else {
        return;
    };
    let title = Line::styled(
        format!(
            " Compare · {} · {close} close ",
            // The view's own keys (not the boxes' shared Enter).
            keymap
                .own_hints(Context {
                    typing: false,
                    scopes: &[Scope::Compare],
                })
                .join(" · ")
        ),
        theme.title,
    );
    let inner_width = rect.width.saturating_sub(2) as usize;
    let mut lines = vec![
        side_line(
            "left ",
            &view.left.summary(),
            theme.diff_removed,
            inner_width,
            theme,
        ),
        side_line(
            "right",
            &view.right.summary(),
            theme.diff_added,
            inner_width,
            theme,
        ),
    ];
    let height = rect.height.saturating_sub(4) as usize;
    let texts = Texts {
        left: view.left.loaded.texts(),
        right: view.right.loaded.texts(),
    };
    let label_width = label_width(view, inner_width);
    let rendered = |i: usize| -> Vec<Line<'static>> {
        let mut out = row_lines(
            view,
            view.rows()[i],
            &texts,
            label_width,
            inner_width,
            theme,
        );
        if i == view.cursor() {
            for line in &mut out {
                *line = std::mem::take(line).patch_style(theme.selected);
            }
        }
        out
    };
    // From the first row kept on screen; zoomed rows are taller, so the
    // cursor's row may need a later start to be in view.
    let mut first = view.scroll().min(view.cursor());
    if view.zoomed() {
        let mut used: usize = (first..=view.cursor()).map(|i| rendered(i).len()).sum();
        while used > height && first < view.cursor() {
            used -= rendered(first).len();
            first += 1;
        }
    }
    let mut body = Vec::new();
    for i in first..view.rows().len() {
        if body.len() >= height {
            break;
        }
        body.extend(rendered(i));
    }
    body.truncate(height);
    lines.extend(body);
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), rect);
}

fn side_line(
    which: &str,
    summary: &str,
    style: Style,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{which}  "), style),
        Span::styled(
            super::text::cut_end(&printable(summary), width.saturating_sub(7)),
            theme.text,
        ),
    ])
}

/// The label column: as wide as the widest label shown, at most 55% of the width.
fn label_width(view: &CompareView, width: usize) -> usize {
    let widest = view
        .rows()
        .iter()
        .filter_map(|r| view.difference(*r))
        .map(|d| report::label(d).chars().count())
        .max()
        .unwrap_or(0);
    widest.min(width * 55 / 100).max(8)
}

fn pad(text: &str, width: usize) -> String {
    let text = super::text::cut_end(text, width);
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

fn fold_mark(open: bool) -> &'static str {
    if open { "▾" } else { "▸" }
}

/// The lines of one row (more than one only for a zoomed difference).
fn row_lines(
    view: &CompareView,
    row: Row,
    texts: &Texts<'_>,
    label_width: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let c = &view.comparison;
    let line = match row {
        Row::Half(part) => {
            let Some(half) = c.half(part) else {
                return Vec::new();
            };
            let (differs, expected) = half.counts();
            let name = match part {
                Part::Request => "Request",
                Part::Response => "Response",
            };
            let counts = match (differs, expected) {
                (0, 0) => "the same".to_string(),
                (d, 0) => format!("{d} difference{}", plural(d)),
                (d, e) => format!("{d} difference{}, {e} expected to differ", plural(d)),
            };
            Line::from(vec![
                Span::styled(
                    format!("{} {name}", fold_mark(view.is_open(Fold::Half(part)))),
                    theme.title,
                ),
                Span::styled(format!(" · {counts}"), theme.dim),
            ])
        }
        Row::Note(part, i) => {
            let note = c
                .half(part)
                .and_then(|h| h.notes.get(i))
                .map_or(String::new(), |n| printable(n).into_owned());
            Line::styled(
                super::text::cut_end(&format!("  note: {note}"), width),
                theme.warning,
            )
        }
        Row::Errors => {
            let summary = c.errors.as_ref().map(|e| e.summary()).unwrap_or_default();
            Line::from(vec![
                Span::styled("  errors ", theme.key),
                Span::styled(summary, theme.text),
            ])
        }
        Row::Error(set, i) => {
            let Some(errors) = &c.errors else {
                return Vec::new();
            };
            let (list, style) = match set {
                ErrorSet::Fixed => (&errors.fixed, theme.verdict_good),
                ErrorSet::Still => (&errors.still, theme.warning),
                ErrorSet::New => (&errors.new, theme.error),
            };
            let label = list.get(i).map(|e| e.label()).unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("    {:<12}", set.word()), style),
                Span::styled(
                    super::text::cut_end(&printable(&label), width.saturating_sub(16)),
                    theme.place,
                ),
            ])
        }
        Row::Group(fold) => {
            let n = view.group_len(fold);
            let (what, why) = match fold {
                Fold::Expected(part) => ("expected to differ", expected_names(view, part)),
                _ => ("signing and transport headers", String::new()),
            };
            Line::styled(
                super::text::cut_end(
                    &format!("  {} {what} ({n}){why}", fold_mark(view.is_open(fold))),
                    width,
                ),
                theme.dim,
            )
        }
        Row::Omitted(part) => {
            let (n, e) = c.half(part).map_or((0, 0), |h| {
                (h.omitted - h.omitted_expected, h.omitted_expected)
            });
            Line::styled(
                format!("  … and {n} more differences not listed ({e} more expected)"),
                theme.dim,
            )
        }
        Row::Diff(..) => {
            let Some(d) = view.difference(row) else {
                return Vec::new();
            };
            return diff_lines(view, d, texts, label_width, width, theme);
        }
    };
    vec![line]
}

/// `date, signature, …` after an expected group's count.
fn expected_names(view: &CompareView, part: Part) -> String {
    let mut names: Vec<&str> = Vec::new();
    if let Some(h) = view.comparison.half(part) {
        for d in &h.differences {
            if let Some(e) = d.expected
                && !names.contains(&e.name())
            {
                names.push(e.name());
            }
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(": {}", names.join(", "))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A difference: its mark, where, and `old → new` on one line (zoomed: the
/// values whole, wrapped under it).
fn diff_lines(
    view: &CompareView,
    d: &Difference,
    texts: &Texts<'_>,
    label_width: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mark_style = match d.change {
        Change::Added => theme.diff_added,
        Change::Removed => theme.diff_removed,
        Change::Changed | Change::Reordered => theme.diff_changed,
    };
    let dimmed = |s: Style| {
        if d.expected.is_some() {
            s.patch(theme.dim)
        } else {
            s
        }
    };
    let mut label = report::label(d);
    if let Some(note) = &d.note {
        label.push_str(&format!(" ({note})"));
    }
    let head = vec![
        Span::styled(format!("  {} ", d.change.mark()), mark_style),
        Span::styled(pad(&printable(&label), label_width), dimmed(theme.key)),
        Span::raw("  "),
    ];
    let room = width.saturating_sub(label_width + 6);
    if view.zoomed() {
        let mut lines = vec![Line::from(head)];
        if let Some(e) = d.expected {
            lines.push(Line::styled(
                format!("      expected: {}", e.why()),
                theme.dim,
            ));
        }
        for (which, sign, style) in [
            (Which::Left, "-", theme.diff_removed),
            (Which::Right, "+", theme.diff_added),
        ] {
            let Some(value) = report::one_line(d, which, texts, ZOOMED_VALUE) else {
                continue;
            };
            let value = printable(&value).into_owned();
            let chars: Vec<char> = value.chars().collect();
            let per_line = width.saturating_sub(8).max(8);
            for (i, chunk) in chars.chunks(per_line).enumerate() {
                let lead = if i == 0 {
                    format!("    {sign} ")
                } else {
                    "      ".to_string()
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(chunk.iter().collect::<String>(), style),
                ]));
            }
        }
        return lines;
    }
    let mut spans = head;
    let left = report::one_line(d, Which::Left, texts, room).map(|v| printable(&v).into_owned());
    let right = report::one_line(d, Which::Right, texts, room).map(|v| printable(&v).into_owned());
    match (d.change, left, right) {
        (Change::Reordered, _, _) => {
            spans.push(Span::styled("the same items in another order", theme.dim))
        }
        (_, Some(l), Some(r)) => {
            // Both on the line when they fit; else each its share.
            let (ln, rn) = (l.chars().count(), r.chars().count());
            let avail = room.saturating_sub(3);
            let lw = if ln + rn <= avail || ln <= avail / 2 {
                ln
            } else if rn <= avail / 2 {
                avail - rn
            } else {
                avail / 2
            };
            let (l, r) = (
                super::text::cut_end(&l, lw),
                super::text::cut_end(&r, avail.saturating_sub(lw)),
            );
            spans.push(Span::styled(l, dimmed(theme.diff_removed)));
            spans.push(Span::styled(" → ", theme.dim));
            spans.push(Span::styled(r, dimmed(theme.diff_added)));
        }
        (_, Some(l), None) => spans.push(Span::styled(l, dimmed(theme.diff_removed))),
        (_, None, Some(r)) => spans.push(Span::styled(r, dimmed(theme.diff_added))),
        (_, None, None) => {}
    }
    vec![Line::from(spans)]
}
