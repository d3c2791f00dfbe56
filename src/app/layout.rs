//! Pane and overlay geometry as pure functions of the terminal size. The app
//! uses it to keep cursors and selections in view and to size pages; the UI
//! draws into the same rectangles.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::overlay::PickerItem;
use super::wrap::str_width;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the request editor and the response sit side by side.
const WIDE: u16 = 140;
/// The errors panel with nothing to list: a strip that says so.
const ERRORS_STRIP_COLUMNS: u16 = 14;
const ERRORS_STRIP_ROWS: u16 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// Method and URL: one row, no border, to leave room for the body at 80x24.
    pub request_line: Rect,
    pub headers: Rect,
    pub body: Rect,
    pub response: Rect,
    pub errors: Rect,
    pub status_bar: Rect,
    /// The terminal is smaller than the minimum: only a notice is drawn.
    pub too_small: bool,
}

impl Panes {
    /// The panes for a terminal of `area`; `errors_listed`: the errors panel
    /// has errors to list (else it is a narrow strip that says so, and the
    /// response gets the room).
    pub fn compute(area: Rect, zoom: Option<Zoom>, errors_listed: bool) -> Self {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Self {
                too_small: true,
                status_bar: area,
                ..Self::default()
            };
        }
        let [main, status_bar] = split(
            area,
            Direction::Vertical,
            [Constraint::Min(1), Constraint::Length(1)],
        );
        let (request, results) = if let Some(zoom) = zoom {
            return Self::zoomed(main, status_bar, zoom);
        } else if area.width >= WIDE {
            let [l, r] = split(
                main,
                Direction::Horizontal,
                [Constraint::Percentage(50), Constraint::Percentage(50)],
            );
            (l, r)
        } else {
            let [t, b] = split(
                main,
                Direction::Vertical,
                [Constraint::Percentage(55), Constraint::Percentage(45)],
            );
            (t, b)
        };
        let header_rows = if request.height >= 20 { 6 } else { 3 };
        let [request_line, headers, body] = split(
            request,
            Direction::Vertical,
            [
                Constraint::Length(1),
                Constraint::Length(header_rows),
                Constraint::Min(3),
            ],
        );
        let [response, errors] = match (area.width >= WIDE, errors_listed) {
            (true, true) => split(
                results,
                Direction::Vertical,
                [Constraint::Percentage(60), Constraint::Percentage(40)],
            ),
            (true, false) => split(
                results,
                Direction::Vertical,
                [Constraint::Min(3), Constraint::Length(ERRORS_STRIP_ROWS)],
            ),
            (false, true) => split(
                results,
                Direction::Horizontal,
                [Constraint::Percentage(55), Constraint::Percentage(45)],
            ),
            (false, false) => split(
                results,
                Direction::Horizontal,
                [
                    Constraint::Min(20),
                    Constraint::Length(ERRORS_STRIP_COLUMNS),
                ],
            ),
        };
        Self {
            request_line,
            headers,
            body,
            response,
            errors,
            status_bar,
            too_small: false,
        }
    }
}

impl Panes {
    /// One pane fills the main area; the others get no room and are not drawn.
    fn zoomed(main: Rect, status_bar: Rect, zoom: Zoom) -> Self {
        let mut panes = Self {
            status_bar,
            ..Self::default()
        };
        match zoom {
            Zoom::Request => {
                let [request_line, headers, body] = split(
                    main,
                    Direction::Vertical,
                    [
                        Constraint::Length(1),
                        Constraint::Length(6),
                        Constraint::Min(3),
                    ],
                );
                panes.request_line = request_line;
                panes.headers = headers;
                panes.body = body;
            }
            Zoom::Response => panes.response = main,
            Zoom::Errors => panes.errors = main,
        }
        panes
    }
}

/// Which pane a zoom maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    Request,
    Response,
    Errors,
}

fn split<const N: usize>(
    area: Rect,
    direction: Direction,
    constraints: [Constraint; N],
) -> [Rect; N] {
    Layout::default()
        .direction(direction)
        .constraints(constraints)
        .areas(area)
}

/// The inside of a bordered box.
pub fn inner(r: Rect) -> Rect {
    inset(r, 1, 1)
}

/// `r` less `dx` columns and `dy` rows on each side.
fn inset(r: Rect, dx: u16, dy: u16) -> Rect {
    Rect {
        x: r.x + dx,
        y: r.y + dy,
        width: r.width.saturating_sub(2 * dx),
        height: r.height.saturating_sub(2 * dy),
    }
}

/// Width of the body editor's gutter: line numbers plus a marker column.
pub fn gutter_width(lines: usize) -> u16 {
    let digits = lines.max(1).ilog10() as u16 + 1;
    digits.max(3) + 2
}

/// Rows of the response pane above the scrolling part (status, verdict, details).
pub const RESPONSE_HEADER_ROWS: u16 = 3;

/// Rows of the response pane's scrolling part (headers and body).
pub fn response_rows(pane: Rect, head_rows: u16) -> usize {
    (inner(pane).height.saturating_sub(head_rows) as usize).max(1)
}

/// A box of at most `width` x `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The help overlay's width: the terminal's, less a margin (the whole of a
/// narrow one).
pub fn help_width(area: Rect) -> u16 {
    if area.width < 84 {
        area.width
    } else {
        area.width - 4
    }
}

/// The help overlay for `rows` rows of text.
pub fn help_box(area: Rect, rows: usize) -> Rect {
    centered(area, help_width(area), (rows as u16).saturating_add(2))
}

/// A list box of `items` rows under a filter line (the command palette); the
/// pickers with details use [`picker`].
pub fn picker_box(area: Rect, items: usize) -> Rect {
    let width = picker_width(area);
    // The filter line, the items, the border.
    let height = (items as u16)
        .saturating_add(3)
        .min(area.height.saturating_sub(2));
    centered(area, width, height)
}

/// A picker's width: the screen's less a margin, at most 110 columns.
fn picker_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(110)
}

/// Where a picker's parts go: its box, the rows of its list, the width of the
/// names' column, and the rows under the list where the selected item's detail
/// is shown whole (0 when every detail fits on its row, or the box is small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickerGeometry {
    pub rect: Rect,
    pub rows: usize,
    pub name_width: usize,
    pub detail_rows: usize,
}

/// Lines of the selected item's detail under a picker's list, after a rule.
pub const PICKER_DETAIL_LINES: usize = 3;

/// A picker listing `items`, of which those at `matching` are listed now (the
/// columns fit them; the box fits them all, so it does not jump as one types).
pub fn picker(area: Rect, items: &[PickerItem], matching: &[usize]) -> PickerGeometry {
    let width = picker_width(area);
    let inner = usize::from(width.saturating_sub(2));
    let listed = || matching.iter().filter_map(|&i| items.get(i));
    let widest = listed().map(|i| str_width(&i.name)).max().unwrap_or(0);
    // Names are short (templates, environments, `file: request`); a long one is
    // shortened so the details keep most of the row.
    let name_width = widest.clamp(12, 32).min(inner / 2);
    let detail_room = inner.saturating_sub(name_width + 2);
    let cut = listed().any(|i| str_width(&i.detail) > detail_room);
    let most = area.height.saturating_sub(2);
    // The filter line and the border, then the items.
    let bare = (items.len() as u16).saturating_add(3);
    let with_detail = bare.saturating_add(PICKER_DETAIL_LINES as u16 + 1);
    // The detail is worth its rows (a rule and its lines) only while at least
    // three items stay listed under the filter line and the border.
    let detail_room_rows = PICKER_DETAIL_LINES as u16 + 1;
    let detail_rows = if cut && most >= 3 + 3 + detail_room_rows {
        PICKER_DETAIL_LINES + 1
    } else {
        0
    };
    let height = if detail_rows > 0 { with_detail } else { bare }.min(most);
    let rect = centered(area, width, height);
    let rows = (usize::from(height.saturating_sub(3)))
        .saturating_sub(detail_rows)
        .max(1);
    PickerGeometry {
        rect,
        rows,
        name_width,
        detail_rows,
    }
}

/// The completion list: `rows` choices of up to `width` columns in a box
/// hanging below screen cell `at` (the word being completed), above it when
/// there is no room below; kept on the screen `area`.
pub fn completion_box(area: Rect, at: (u16, u16), rows: usize, width: usize) -> Rect {
    let height = (rows as u16).saturating_add(2).min(area.height);
    let width = (width as u16).saturating_add(2).min(area.width);
    let below = at.1.saturating_add(1);
    let y = if below + height <= area.bottom() {
        below
    } else {
        at.1.saturating_sub(height).max(area.y)
    };
    let x =
        at.0.saturating_sub(1)
            .min(area.right().saturating_sub(width));
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// The history browser: the whole screen but a margin.
pub fn history_box(area: Rect) -> Rect {
    inset(area, 1, 1)
}

/// The comparison: the whole screen but the status line.
pub fn compare_box(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// Rows of the comparison's list: its box less the borders and the two lines naming the sides.
pub fn compare_rows(boxed: Rect) -> usize {
    (boxed.height.saturating_sub(4) as usize).max(1)
}

/// The request as sent.
pub fn as_sent_box(area: Rect) -> Rect {
    inset(area, 2, 1)
}

pub fn import_box(area: Rect) -> Rect {
    centered(area, area.width.saturating_sub(6).min(100), 12)
}

/// Rows for items in a list box with a filter line (pickers, history).
pub fn list_rows(boxed: Rect) -> usize {
    (boxed.height.saturating_sub(3) as usize).max(1)
}

/// Rows of the webhooks list: its box less the status line above and the
/// chosen event's verdict and answer below.
pub fn webhook_rows(boxed: Rect) -> usize {
    list_rows(boxed).saturating_sub(3)
}

/// Rows of the log browser's list: its box less the selected exchange's
/// preview below (none in a box too small to spare it).
pub fn log_rows(boxed: Rect) -> usize {
    list_rows(boxed)
        .saturating_sub(log_preview_rows(boxed))
        .max(1)
}

/// Rows of the log browser's preview: its separator, the request line, the
/// status and verdict, and up to five error lines.
pub fn log_preview_rows(boxed: Rect) -> usize {
    if boxed.height >= 18 { 8 } else { 0 }
}

/// Rows for text in a bordered box.
pub fn text_rows(boxed: Rect) -> usize {
    (boxed.height.saturating_sub(2) as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_fits_at_80x24() {
        let p = Panes::compute(Rect::new(0, 0, 80, 24), None, true);
        assert!(!p.too_small);
        assert_eq!(p.request_line.height, 1);
        assert!(
            p.body.height >= 7,
            "the body editor shows at least five lines: {:?}",
            p.body
        );
        for r in [p.headers, p.body, p.response, p.errors] {
            assert!(r.width >= 30 && r.height >= 3, "{r:?}");
            assert!(r.right() <= 80 && r.bottom() <= 23);
        }
    }

    #[test]
    fn with_no_errors_to_list_the_errors_panel_is_a_strip_and_the_response_gets_the_room() {
        let listed = Panes::compute(Rect::new(0, 0, 80, 24), None, true);
        let strip = Panes::compute(Rect::new(0, 0, 80, 24), None, false);
        assert_eq!(strip.errors.width, ERRORS_STRIP_COLUMNS);
        assert_eq!(strip.response.width, 80 - ERRORS_STRIP_COLUMNS);
        assert!(strip.response.width > listed.response.width);
        let wide = Panes::compute(Rect::new(0, 0, 200, 50), None, false);
        assert_eq!(wide.errors.height, ERRORS_STRIP_ROWS);
        assert_eq!(wide.response.bottom(), wide.errors.y);
    }

    #[test]
    fn wide_terminals_put_request_and_response_side_by_side() {
        let p = Panes::compute(Rect::new(0, 0, 200, 50), None, true);
        assert_eq!(p.body.y + p.body.height, p.errors.y + p.errors.height);
        assert!(p.response.x > p.body.x);
    }

    #[test]
    fn zoom_gives_the_focused_pane_the_whole_screen() {
        let p = Panes::compute(Rect::new(0, 0, 80, 24), Some(Zoom::Response), true);
        assert_eq!(p.response, Rect::new(0, 0, 80, 23));
        assert_eq!(p.errors.area(), 0);
        assert_eq!(p.body.area(), 0);
    }

    #[test]
    fn below_the_minimum_only_a_notice_fits() {
        assert!(Panes::compute(Rect::new(0, 0, 79, 24), None, true).too_small);
        assert!(Panes::compute(Rect::new(0, 0, 80, 23), None, true).too_small);
    }
}
