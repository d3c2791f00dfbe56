//! What the app does for a comparison: mark a left side, compare (the mark,
//! else the previous send of this request, with the exchange on show; or a
//! list's chosen entry), take the answer, and from the view go to the editor,
//! show a side in the response viewer, or copy it as markdown.

use std::sync::Arc;

use super::{CompareView, Compared, Pick, SideRef, SideSpec, same, sent_label};
use crate::app::action::{Effect, TerminalEffect};
use crate::app::editor::Field;
use crate::app::errors::Target;
use crate::app::keymap::{Command, Context};
use crate::app::layout;
use crate::app::logs::Whole;
use crate::app::overlay::Overlay;
use crate::app::showing::{AnswerFor, OnShow, Showing, Source};
use crate::app::state::{App, Focus, Level};
use crate::app::ticket::Ticket;
use crate::body::printable;
use crate::diff::{Area, Difference, Part, Parts, Progress, Which, report};
use crate::history::redact;
use crate::locate::{Document, IndexBase, LocateOptions, Outcome};
use crate::pipeline::compare::Loaded;
use crate::pipeline::{Failure, FailureKind};

/// The request a side shown from a comparison answers: none the editor holds.
const NO_REQUEST: AnswerFor = AnswerFor {
    request: u64::MAX,
    revision: 0,
};

impl App {
    /// The comparison feature's state (the view, the mark, the one awaited).
    pub fn comparing(&self) -> &super::Comparing {
        &self.compare
    }

    /// The exchange on show as a side, if one is on show.
    fn shown_side(&self) -> Option<SideSpec> {
        match &self.showing {
            Showing::Exchange(on) => {
                let loaded = Arc::new(Loaded::Exchange(Arc::clone(&on.exchange)));
                let (label, from) = match &on.source {
                    Source::Sent => (sent_label(&loaded), SideRef::Sent),
                    Source::History { id } => (format!("history {id}"), SideRef::History(*id)),
                    Source::Logged { file, line } => (
                        format!("{file}:{line}"),
                        SideRef::Logged {
                            file: file.clone(),
                            line: *line,
                        },
                    ),
                };
                Some(SideSpec {
                    label,
                    from,
                    pick: Pick::Ready(loaded),
                })
            }
            Showing::Failed(f) if f.kind != FailureKind::NotSent => {
                let loaded = Arc::new(Loaded::NoResponse {
                    request: f.request.clone()?,
                    why: f.message.clone(),
                });
                Some(SideSpec {
                    label: sent_label(&loaded),
                    from: SideRef::Sent,
                    pick: Pick::Ready(loaded),
                })
            }
            Showing::Webhook(w) => Some(SideSpec {
                label: format!("webhook {}", w.shown.heading),
                from: match w.shown.from_history {
                    Some(id) => SideRef::History(id),
                    None => SideRef::Body,
                },
                pick: Pick::Ready(Arc::new(Loaded::Exchange(Arc::clone(&w.exchange)))),
            }),
            _ => None,
        }
    }

    /// The entry chosen in the history, log or webhooks list, as a side.
    fn chosen_side(&mut self, overlay: &Overlay) -> Result<SideSpec, String> {
        match overlay {
            Overlay::History => {
                let rows = self.history.rows();
                let row = rows
                    .get(self.history.selected())
                    .ok_or_else(|| "no history entry chosen".to_string())?;
                Ok(SideSpec {
                    label: format!("history {}", row.id),
                    from: SideRef::History(row.id),
                    pick: Pick::History(row.id),
                })
            }
            Overlay::Logs => {
                let path = self.logs.browser().path().to_string();
                let row = self
                    .logs
                    .browser()
                    .chosen()
                    .ok_or_else(|| "no exchange chosen".to_string())?;
                let (kept, place) = match &row.whole {
                    Whole::Kept(x) => (Some(Arc::clone(x)), None),
                    Whole::InFile(_) => (None, row.place()),
                    Whole::NotKept => {
                        return Err(format!(
                            "line {}: not kept (a log read from a pipe keeps {} MiB of exchanges): save it to a file and open that",
                            row.line,
                            crate::app::logs::KEPT_BYTES >> 20
                        ));
                    }
                };
                Ok(SideSpec {
                    label: format!("{path}:{}", row.line),
                    from: SideRef::Logged {
                        file: path.clone(),
                        line: row.line,
                    },
                    pick: Pick::Logged { path, kept, place },
                })
            }
            Overlay::Webhooks => {
                let received = self
                    .webhooks
                    .chosen()
                    .cloned()
                    .ok_or_else(|| "no webhook chosen".to_string())?;
                let time = crate::connect::datetime::format_epoch_millis(received.received_at_ms);
                Ok(SideSpec {
                    label: format!("webhook {}", time.get(11..23).unwrap_or(&time)),
                    from: SideRef::Webhook(Arc::clone(&received)),
                    pick: Pick::Webhook(received),
                })
            }
            _ => Err("nothing to choose here".to_string()),
        }
    }

    /// Ctrl-X in the panes: the exchange on show becomes the left side (again: unmarked).
    pub(in crate::app) fn mark_shown(&mut self) {
        let Some(side) = self.shown_side() else {
            self.info("nothing on show to mark: send a request or open one first");
            return;
        };
        if let (Some(mark), Pick::Ready(now)) = (&self.compare.mark, &side.pick)
            && let Pick::Ready(marked) = &mark.pick
            && same(marked, now)
        {
            self.compare.mark = None;
            self.info(format!(
                "{} is no longer the left side",
                printable(&side.label)
            ));
            return;
        }
        self.set_mark(side);
    }

    /// Ctrl-X in a list: the chosen entry becomes the left side.
    pub(in crate::app) fn mark_chosen(&mut self, overlay: &Overlay) {
        match self.chosen_side(overlay) {
            Ok(side) => self.set_mark(side),
            Err(e) => self.info(e),
        }
    }

    fn set_mark(&mut self, side: SideSpec) {
        let compare = self.keymap.key_in(Command::Compare, Context::TEXT);
        self.info(format!(
            "left side: {} ({compare} compares it with the exchange on show, or with an entry chosen in history, logs or webhooks)",
            printable(&side.label)
        ));
        self.compare.mark = Some(side);
    }

    /// Ctrl-D in the panes: the mark (else the previous send of this request)
    /// against the exchange on show; the comparison of these two reopens.
    pub(in crate::app) fn compare_shown(&mut self) -> Vec<Effect> {
        let mark = self.keymap.key_in(Command::MarkLeft, Context::TEXT);
        let Some(right) = self.shown_side() else {
            if self.compare.view.is_some() {
                self.open(Overlay::Compare);
                return Vec::new();
            }
            self.info(format!(
                "nothing on show to compare: send a request (F5), or choose entries in history (F3), logs or webhooks ({mark} marks the left side)"
            ));
            return Vec::new();
        };
        let Pick::Ready(shown) = &right.pick else {
            return Vec::new();
        };
        if let Some(view) = &self.compare.view {
            let in_view = |l: &Loaded| same(&view.left.loaded, l) || same(&view.right.loaded, l);
            let mark_in_view = match &self.compare.mark {
                None => true,
                Some(m) => m.label == view.left.label || m.label == view.right.label,
            };
            if in_view(shown) && mark_in_view {
                self.open(Overlay::Compare);
                return Vec::new();
            }
        }
        let left = match &self.compare.mark {
            Some(m) => m.clone(),
            None => match self
                .compare
                .previous_send(self.editor.request_id(), shown)
                .cloned()
            {
                Some(previous) => previous,
                None => {
                    self.info(format!(
                        "nothing to compare with: no earlier send of this request; {mark} marks the exchange on show as the left side, then show another"
                    ));
                    return Vec::new();
                }
            },
        };
        if let (Pick::Ready(l), Pick::Ready(r)) = (&left.pick, &right.pick)
            && same(l, r)
        {
            self.info(format!(
                "the left side is the exchange on show: show another to compare ({mark} unmarks it)"
            ));
            return Vec::new();
        }
        self.start_compare(left, right)
    }

    /// Ctrl-D in a list: the mark against the chosen entry, else the chosen
    /// entry against the exchange on show.
    pub(in crate::app) fn compare_chosen(&mut self, overlay: &Overlay) -> Vec<Effect> {
        let chosen = match self.chosen_side(overlay) {
            Ok(side) => side,
            Err(e) => {
                self.info(e);
                return Vec::new();
            }
        };
        let (left, right) = match (self.compare.mark.clone(), self.shown_side()) {
            (Some(mark), _) => (mark, chosen),
            (None, Some(shown)) => (chosen, shown),
            (None, None) => {
                let mark = self.keymap.key_in(Command::MarkLeft, Context::HISTORY);
                self.info(format!(
                    "nothing on show to compare {} with: {mark} marks it as the left side, then choose another",
                    printable(&chosen.label)
                ));
                return Vec::new();
            }
        };
        if left.label == right.label {
            self.info(format!(
                "{} is the left side already: choose another",
                printable(&left.label)
            ));
            return Vec::new();
        }
        self.start_compare(left, right)
    }

    fn start_compare(&mut self, left: SideSpec, right: SideSpec) -> Vec<Effect> {
        let ticket = self.compare.begin(&left, &right);
        // A webhook is an event, not a request and its answer: its body is compared.
        let webhook =
            |s: &SideSpec| matches!(s.pick, Pick::Webhook(_)) || s.label.starts_with("webhook ");
        let parts = if webhook(&left) || webhook(&right) {
            Parts::Response
        } else {
            Parts::Both
        };
        self.open(Overlay::Compare);
        vec![Effect::Compare {
            ticket,
            left: Box::new(left),
            right: Box::new(right),
            parts,
        }]
    }

    pub(in crate::app) fn compare_progress(&mut self, ticket: Ticket, progress: Progress) {
        self.compare.progressed(ticket, progress);
    }

    /// A comparison finished: its view, if it is still awaited.
    pub(in crate::app) fn compared(
        &mut self,
        ticket: Ticket,
        result: Result<Box<Compared>, String>,
    ) {
        if !self.compare.awaited.take(ticket) {
            return;
        }
        self.compare.pending = None;
        match result {
            Ok(c) => {
                let Compared {
                    left,
                    right,
                    comparison,
                } = *c;
                let (differs, expected) = comparison.counts();
                self.compare.view = Some(CompareView::new(left, right, comparison));
                self.info(format!(
                    "{differs} difference{}, {expected} expected to differ",
                    if differs == 1 { "" } else { "s" }
                ));
            }
            Err(e) => {
                if matches!(self.overlay, Some(Overlay::Compare)) {
                    self.overlay = None;
                }
                self.say(Level::Error, format!("not compared: {e}"));
            }
        }
    }

    /// Esc while a comparison is built: it is no longer awaited.
    pub(in crate::app) fn close_compare(&mut self) {
        if self.compare.stop() {
            self.info("comparison stopped");
        }
    }

    /// F8 in the view: from a changed request field to its place in the editor.
    pub(in crate::app) fn compare_to_editor(&mut self) {
        let Some((part, d)) = self
            .compare
            .view()
            .and_then(|v| v.current())
            .map(|(p, _, d)| (p, d.clone()))
        else {
            self.keep_compare_open();
            self.info("F8 goes from a request difference to the editor: put the cursor on one");
            return;
        };
        if part != Part::Request {
            self.keep_compare_open();
            let show = self.keymap.keys_in(Command::ShowRight, Context::COMPARE);
            self.info(format!(
                "a response difference has no place in the editor ({show} shows the right side's response there)"
            ));
            return;
        }
        match d.area {
            Area::Method => self.focus = Focus::Request(Field::Method),
            Area::Url => self.focus = Focus::Request(Field::Url),
            Area::Header => self.focus = Focus::Request(Field::Headers),
            Area::Body => self.body_place(&d),
            Area::BodyLines => {
                let line = d
                    .path
                    .trim_start_matches("lines ")
                    .trim_start_matches("line ")
                    .split('–')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1);
                let start = crate::locate::Position { line, column: 1 };
                self.jump_to(
                    Some(Target {
                        error: 0,
                        start,
                        end: None,
                        in_url: false,
                    }),
                    "",
                );
            }
            Area::Status | Area::Verdict => {}
        }
        if d.area != Area::Body {
            self.info(format!("{}: in the editor", report::label(&d)));
        }
    }

    /// A body difference's path, found in the editor's body (the side it holds now).
    fn body_place(&mut self, d: &Difference) {
        let body = self.editor.body_text();
        let doc = Document::parse(&body);
        let opts = LocateOptions {
            index_base: IndexBase::Zero,
            message: None,
        };
        let located = doc.locate(&d.path, &opts);
        match &located.outcome {
            Outcome::Found { matches } if !matches.is_empty() => {
                let m = &matches[0];
                self.jump_to(
                    Some(Target {
                        error: 0,
                        start: m.start,
                        end: Some(m.end),
                        in_url: false,
                    }),
                    "",
                );
                self.info(format!("{}: its value selected in the editor", d.path));
            }
            Outcome::Missing { nearest, .. } => {
                self.jump_to(
                    Some(Target {
                        error: 0,
                        start: nearest.start,
                        end: None,
                        in_url: false,
                    }),
                    "",
                );
                self.info(format!(
                    "{} is not in the editor's body: the cursor is where it would go",
                    d.path
                ));
            }
            _ => {
                self.keep_compare_open();
                self.info(format!("{} has no place in the editor's body", d.path));
            }
        }
    }

    /// The view stays open after an ask that could not be done.
    fn keep_compare_open(&mut self) {
        if self.overlay.is_none() {
            self.overlay = Some(Overlay::Compare);
        }
    }

    /// `[` / `]`: a side's response in the viewer (folds, search, the path
    /// filter), at the difference under the cursor when it is in that body.
    pub(in crate::app) fn compare_show(&mut self, which: Which) -> Vec<Effect> {
        let Some(view) = self.compare.view() else {
            return Vec::new();
        };
        let named = match which {
            Which::Left => view.left.clone(),
            Which::Right => view.right.clone(),
        };
        let path = view
            .current()
            .filter(|(p, _, d)| {
                *p == Part::Response && d.area == Area::Body && d.value(which).is_some()
            })
            .map(|(_, _, d)| d.path.clone());
        if self.showing.is_busy() {
            self.keep_compare_open();
            let cancel = self.keymap.key_in(Command::Cancel, Context::RESPONSE);
            self.say(
                Level::Warning,
                format!("a request is in flight: its answer comes first ({cancel} cancels it)"),
            );
            return Vec::new();
        }
        let back = self.keymap.key_in(Command::Compare, Context::TEXT);
        let side = match which {
            Which::Left => "left",
            Which::Right => "right",
        };
        let mut effects = Vec::new();
        match (&*named.loaded, &named.from) {
            (_, SideRef::Webhook(received)) => {
                effects = self.open_webhook(Some(Arc::clone(received)));
            }
            (Loaded::Exchange(x), from) => {
                let on_show = self.exchange().is_some_and(|s| Arc::ptr_eq(s, x));
                if !on_show {
                    self.forget_webhook_opening();
                    self.response.reset();
                    self.errors.reset(x.report.errors.len());
                    self.showing = Showing::Exchange(OnShow {
                        exchange: Arc::clone(x),
                        answers: NO_REQUEST,
                        source: match from {
                            SideRef::History(id) => Source::History { id: *id },
                            SideRef::Logged { file, line } => Source::Logged {
                                file: file.clone(),
                                line: *line,
                            },
                            _ => Source::Sent,
                        },
                    });
                }
                if let Some(path) = path {
                    let reply = self
                        .response
                        .find(crate::app::Find::Path(path), &Arc::clone(x));
                    effects = self.take(reply);
                }
            }
            (Loaded::NoResponse { request, why }, _) => {
                self.forget_webhook_opening();
                self.fail(Failure {
                    request: Some(request.clone()),
                    kind: FailureKind::Transport,
                    message: why.clone(),
                    elapsed: Default::default(),
                });
            }
            (Loaded::Body { .. }, _) => {
                self.keep_compare_open();
                self.info("a body alone: nothing to show in the response pane");
                return Vec::new();
            }
        }
        self.overlay = None;
        self.focus = Focus::Response;
        self.info(format!(
            "the {side} side: {} ({back} goes back to the comparison)",
            printable(&named.summary())
        ));
        effects
    }

    /// Copies the comparison as markdown, redacted as the report is.
    pub(in crate::app) fn compare_copy(&mut self) -> Vec<Effect> {
        let Some(view) = self.compare.view() else {
            return Vec::new();
        };
        let texts = report::Texts {
            left: view.left.loaded.texts(),
            right: view.right.loaded.texts(),
        };
        let text = report::markdown(
            &view.comparison,
            &texts,
            (&view.left.summary(), &view.right.summary()),
            &redacted,
        );
        self.info(format!(
            "copied {} bytes: the comparison as markdown (OSC 52)",
            text.len()
        ));
        vec![Effect::Terminal(TerminalEffect::Copy { text })]
    }

    /// Rows of the comparison's list on screen.
    pub(in crate::app) fn compare_viewport(&mut self) {
        let rows = layout::compare_rows(layout::compare_box(ratatui::layout::Rect::new(
            0,
            0,
            self.chrome.size.0,
            self.chrome.size.1,
        )));
        if let Some(view) = self.compare.view_mut() {
            view.set_viewport(rows);
        }
    }
}

/// A value as a report shows it: headers and card data redacted by history's rules.
fn redacted(d: &Difference, value: &str) -> String {
    let secret: Vec<String> = redact::DEFAULT_SECRET_HEADERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let fields: Vec<String> = redact::DEFAULT_REDACT_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    match d.area {
        Area::Header => redact::redact_header_value(&d.path, value, &secret),
        Area::Body | Area::BodyLines => {
            let last = d
                .path
                .rsplit('.')
                .next()
                .unwrap_or("")
                .trim_matches('`')
                .to_ascii_lowercase();
            if last == "cvv" {
                "(removed)".to_string()
            } else if fields.iter().any(|f| f.eq_ignore_ascii_case(&last)) {
                redact::MASK.to_string()
            } else {
                redact::redact_body(value, &fields)
            }
        }
        _ => value.to_string(),
    }
}
