//! `cinspect diff LEFT RIGHT`: two exchanges (or bodies) compared by JSON
//! path, what always differs between two calls folded as expected. A side is
//! a history id, `last`, `last~N`, `FILE:LINE` of an SDK log (where `cinspect
//! logs` says the exchange starts), or a body file.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde_json::json;

use super::{fail, outln};
use crate::body::{printable, printable_lines, terminal_safe_json};
use crate::config;
use crate::connect::datetime::format_epoch_millis;
use crate::diff::{Limits, Parts, report};
use crate::history::{History, ListQuery};
use crate::pipeline::compare::{self, Loaded};
use crate::sources::log_file;
use crate::sources::sdk_log::{self, Options};

/// Exit status when nothing differs but what is expected to (or nothing, with --all).
const SAME: u8 = 0;
const DIFFERENT: u8 = 1;
const USAGE: u8 = 2;

/// The most of a body file read: past it, the first part is compared (and said).
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// `cinspect diff --help`: what is compared, the sides, the exit status.
pub const LONG_ABOUT: &str = "Compare two exchanges: method and URL, status and verdict, headers (names in any \
        case), bodies by JSON path (objects by member name, arrays by position or, for items with \
        an id, code, type or paymentProductId, by that identity; errors by code and propertyName), \
        the errors fixed / still there / new. What always differs between two calls (errorId, \
        requestIds, the ids the platform makes, timestamps, Date, signatures, request ids, \
        lengths) is counted as expected to differ; --all lists it and counts it.\n\n\
        A side is a history id, `last` (the newest entry), `last~N` (N before it), FILE:LINE of an \
        SDK log (the line `cinspect logs FILE` prints), or a body file (JSON or not; `-` reads \
        standard input): a body is compared with the other side's response body (its request \
        body with --request).\n\n\
        Exit status: 0 when nothing differs but what is expected to (with --all: nothing at all), \
        1 when something differs, 2 for bad usage or a side that cannot be read.";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The left side ("before"): ID, last, last~N, FILE:LINE or FILE.
    #[arg(value_name = "LEFT")]
    pub left: String,
    /// The right side ("after").
    #[arg(value_name = "RIGHT")]
    pub right: String,
    /// One JSON object: counts, each half's changes (path, change, left, right, expected), errors.
    #[arg(long)]
    pub json: bool,
    /// Only the requests.
    #[arg(long, conflicts_with = "response")]
    pub request: bool,
    /// Only the responses.
    #[arg(long)]
    pub response: bool,
    /// List what is expected to differ too, and count it for the exit status.
    #[arg(long)]
    pub all: bool,
}

/// A side loaded, with how it is named.
struct Named {
    label: String,
    loaded: Loaded,
}

pub fn run(args: DiffArgs) -> ExitCode {
    let mut history = None;
    let left = match load(&args.left, &mut history) {
        Ok(side) => side,
        Err(e) => return fail(format!("left side: {}", printable(&e)), USAGE),
    };
    let right = match load(&args.right, &mut history) {
        Ok(side) => side,
        Err(e) => return fail(format!("right side: {}", printable(&e)), USAGE),
    };
    let parts = match (args.request, args.response) {
        (true, _) => Parts::Request,
        (_, true) => Parts::Response,
        _ => Parts::Both,
    };
    let c = compare::compare(
        &left.loaded,
        &right.loaded,
        parts,
        &Limits::default(),
        &mut |_| {},
    );
    let texts = compare::texts(&left.loaded, &right.loaded);
    if args.json {
        let mut out = report::json(&c, &texts, args.all);
        out["left"] = side_json(&left);
        out["right"] = side_json(&right);
        let text = serde_json::to_string_pretty(&out).unwrap_or_default();
        outln!("{}", terminal_safe_json(&text));
    } else {
        outln!("left:  {}", printable(&summary(&left)));
        outln!("right: {}", printable(&summary(&right)));
        outln!();
        crate::cli::outp!("{}", printable_lines(&report::text(&c, &texts, args.all)));
    }
    ExitCode::from(if c.is_same(args.all) { SAME } else { DIFFERENT })
}

/// `history 12 (2026-12-02 00:01:50.324 UTC): POST http://…/payments → 400 Bad Request`.
fn summary(side: &Named) -> String {
    let outcome = match &side.loaded {
        Loaded::Exchange(x) => format!(" → {} {}", x.status.code, x.status.name),
        Loaded::NoResponse { why, .. } => format!(" → no response ({why})"),
        Loaded::Body { text, .. } => {
            return format!("{}: a body of {} bytes", side.label, text.len());
        }
    };
    match side.loaded.request() {
        Some(r) if !r.method.is_empty() => {
            format!("{}: {} {}{outcome}", side.label, r.method, r.url)
        }
        _ => format!("{}:{outcome}", side.label),
    }
}

fn side_json(side: &Named) -> serde_json::Value {
    let request = side.loaded.request();
    json!({
        "label": side.label,
        "method": request.map(|r| r.method.clone()),
        "url": request.map(|r| r.url.clone()),
        "status": side.loaded.exchange().map(|x| x.status.code),
        "body_only": matches!(side.loaded, Loaded::Body { .. }),
    })
}

/// Reads a side as its text says: `last`, `last~N`, a history id, FILE:LINE, or a file.
fn load(arg: &str, history: &mut Option<Arc<History>>) -> Result<Named, String> {
    if let Some(back) = arg
        .strip_prefix("last")
        .map(|rest| match rest.strip_prefix('~') {
            None if rest.is_empty() => Ok(0),
            Some(n) => n.parse::<usize>().map_err(|_| ()),
            None => Err(()),
        })
        .and_then(Result::ok)
    {
        let store = open_history(history)?;
        let page = store
            .list(&ListQuery {
                filter: None,
                limit: back + 1,
                before_id: None,
            })
            .map_err(|e| e.to_string())?;
        let Some(summary) = page.get(back) else {
            return Err(match page.len() {
                0 => "the history is empty".to_string(),
                n => format!(
                    "{arg}: the history holds {n} entr{}",
                    if n == 1 { "y" } else { "ies" }
                ),
            });
        };
        return history_entry(store, summary.id, arg);
    }
    if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
        let id: i64 = arg
            .parse()
            .map_err(|_| format!("{arg}: not a history id"))?;
        let store = open_history(history)?;
        return history_entry(store, id, arg);
    }
    if let Some((file, line)) = arg.rsplit_once(':')
        && let Ok(line) = line.parse::<u64>()
        && Path::new(file).is_file()
    {
        return logged(file, line);
    }
    let path = Path::new(arg);
    if arg == "-" || path.exists() {
        let loaded = Loaded::body_file(read_body(path)?);
        let label = if arg == "-" {
            "standard input".to_string()
        } else {
            arg.to_string()
        };
        return Ok(Named { label, loaded });
    }
    Err(format!(
        "{arg}: not a history id, last, last~N, FILE:LINE of an SDK log, nor a file"
    ))
}

fn open_history(history: &mut Option<Arc<History>>) -> Result<&History, String> {
    if history.is_none() {
        let cfg = config::load(config::config_dir().as_deref()).config;
        // Comparing works with recording turned off, as browsing does.
        let settings = crate::history::HistorySettings {
            enabled: true,
            ..cfg.history.clone()
        };
        let store = crate::history::open_in(config::config_dir().as_deref(), &settings)
            .map_err(|e| e.to_string())?;
        *history = Some(store);
    }
    history
        .as_deref()
        .ok_or_else(|| "no history store".to_string())
}

fn history_entry(store: &History, id: i64, arg: &str) -> Result<Named, String> {
    let entry = store.get(id).map_err(|e| e.to_string())?.ok_or_else(|| {
        format!("{arg}: no history entry {id} (it may have been deleted or pruned)")
    })?;
    let label = format!("history {id} ({})", format_epoch_millis(entry.time_ms));
    Ok(Named {
        label,
        loaded: crate::webhooks::loaded_of_entry(&entry),
    })
}

/// The exchange whose request starts at `line` of an SDK log.
fn logged(file: &str, line: u64) -> Result<Named, String> {
    let source = log_file::open(Path::new(file)).map_err(|e| e.to_string())?;
    let mut read = sdk_log::read(source, Options::default());
    let (mut before, mut after) = (None, None);
    for x in read.by_ref() {
        if x.line == line {
            let label = format!("{file}:{line}");
            let loaded = x.loaded().map_err(|e| format!("{label}: {e}"))?;
            return Ok(Named { label, loaded });
        }
        if x.line < line {
            before = Some(x.line);
        } else if after.is_none() {
            after = Some(x.line);
        }
    }
    if let Some(e) = read.io_error() {
        return Err(format!("{file}: {e}"));
    }
    let near: Vec<String> = [before, after]
        .into_iter()
        .flatten()
        .map(|l| l.to_string())
        .collect();
    Err(match near.len() {
        0 => format!("{file}: no SDK exchange found in this log"),
        _ => format!(
            "{file}:{line}: no exchange starts at this line (the nearest start at line {}; `cinspect logs {file}` lists them)",
            near.join(" and ")
        ),
    })
}

/// A body file: at most one byte past [`MAX_BODY`] is read, and the diff
/// compares its first part (and says so) when there is more.
fn read_body(path: &Path) -> Result<Vec<u8>, String> {
    super::read_up_to(path, MAX_BODY + 1)
}
