use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::fail;
use crate::body::{printable, printable_lines};
use crate::config;
use crate::connect::datetime::format_epoch_millis;
use crate::connect::status_info;
use crate::history::{Entry, History, ListQuery, Summary, export, markdown, parse_age};

#[derive(Debug, Args)]
#[command(about = "The saved history of every exchange (in the config directory)")]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: HistoryCommand,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Newest first, one line each.
    List {
        /// Print a JSON array (id, time, time_ms, env, method, url, status, verdict, first_error_code).
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Words to find in paths, statuses, error codes, errorIds and bodies.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
    },
    /// One entry in full (secrets were redacted before it was stored).
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// One entry as a curl command, an .http request, or a markdown report for a support ticket.
    /// On a terminal, what a server sent is shown escaped; piped or with --output, as it is.
    Export {
        id: i64,
        #[arg(long, value_name = "curl|http|markdown")]
        format: export::Format,
        /// Write the export to this file, byte for byte (never through a symbolic link).
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Markdown: keep the person's data (names, contact details, addresses, birth
        /// date, identity and fiscal numbers, IP address, bank accounts), masked by default
        /// in a report for a ticket. Card data is masked either way.
        #[arg(long)]
        personal_data: bool,
    },
    /// Delete entries older than an age (e.g. 30d, 12h, 2w).
    Prune {
        #[arg(long, value_name = "AGE", value_parser = parse_age)]
        older_than: std::time::Duration,
    },
}

pub fn run(args: HistoryArgs) -> ExitCode {
    let cfg = config::load(config::config_dir().as_deref()).config;
    // Browsing works even with recording turned off.
    let settings = crate::history::HistorySettings {
        enabled: true,
        ..cfg.history.clone()
    };
    let history = match crate::history::open_in(config::config_dir().as_deref(), &settings) {
        Ok(h) => h,
        Err(e) => return fail(e, 1),
    };
    match args.command {
        HistoryCommand::List {
            json,
            limit,
            filter,
        } => list(&history, json, limit, filter.as_deref()),
        HistoryCommand::Show { id, json } => {
            let shown = if json { Shown::Json } else { Shown::Terminal };
            with_entry(&history, id, shown, |e| {
                if json {
                    serde_json::to_string_pretty(&entry_json(e)).unwrap_or_default()
                } else {
                    markdown::report(e, meaning(e).as_deref())
                }
            })
        }
        HistoryCommand::Export {
            id,
            format,
            output,
            personal_data,
        } => {
            if personal_data && format != export::Format::Markdown {
                return fail(
                    "--personal-data is for --format markdown (curl and http exports are the request to send)",
                    2,
                );
            }
            let personal = if personal_data {
                markdown::Personal::Included
            } else {
                markdown::Personal::Redacted
            };
            let shown = match output {
                Some(path) => Shown::File(path),
                None if std::io::stdout().is_terminal() => Shown::Terminal,
                None => Shown::Exact,
            };
            with_entry(&history, id, shown, |e| match format {
                export::Format::Markdown => {
                    markdown::ticket(e, meaning(e).as_deref(), Some(e.time_ms), personal)
                }
                other => export::export(e, other),
            })
        }
        HistoryCommand::Prune { older_than } => match history.prune(Some(older_than), None) {
            Ok(n) => {
                super::outln!("pruned {n} entries");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e, 1),
        },
    }
}

fn meaning(e: &Entry) -> Option<String> {
    e.status.map(|s| status_info(s).name.to_string())
}

/// Where an entry's text goes, and how.
enum Shown {
    /// Made printable: a terminal must not obey what a server sent.
    Terminal,
    /// JSON, its risky characters written as `\uXXXX` (the same value).
    Json,
    /// The bytes as they are, to a pipe.
    Exact,
    /// The bytes as they are, to a file.
    File(std::path::PathBuf),
}

/// Prints (or writes) what `render` makes of an entry.
fn with_entry(
    history: &History,
    id: i64,
    shown: Shown,
    render: impl Fn(&Entry) -> String,
) -> ExitCode {
    let entry = match history.get(id) {
        Ok(Some(entry)) => entry,
        Ok(None) => return fail(format!("no history entry {id}"), 1),
        Err(e) => return fail(e, 1),
    };
    let text = render(&entry);
    let text = text.trim_end();
    match shown {
        Shown::Terminal => super::outln!("{}", printable_lines(text)),
        Shown::Json => super::outln!("{}", crate::body::terminal_safe_json(text)),
        Shown::Exact => super::outln!("{text}"),
        Shown::File(path) => {
            if let Err(e) = write_new_or_regular(&path, format!("{text}\n").as_bytes()) {
                return fail(
                    format!(
                        "cannot write {}: {e}",
                        printable(&path.display().to_string())
                    ),
                    1,
                );
            }
        }
    }
    ExitCode::SUCCESS
}

/// Writes `bytes` to `path` whole: into a fresh file of a random name beside
/// it (created exclusively, so nothing planted there is followed), then
/// renamed over it. A symbolic link at `path` is refused, never written through
/// or replaced.
fn write_new_or_regular(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(
            "it is a symbolic link, not written through",
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".cinspect-export-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn list(history: &History, json: bool, limit: usize, filter: Option<&str>) -> ExitCode {
    let rows = match history.list(&ListQuery {
        filter,
        limit,
        before_id: None,
    }) {
        Ok(rows) => rows,
        Err(e) => return fail(e, 1),
    };
    if json {
        let array: Vec<Value> = rows.iter().map(summary_json).collect();
        let json = Value::Array(array).to_string();
        super::outln!("{}", crate::body::terminal_safe_json(&json));
    } else {
        for r in &rows {
            let time = format_epoch_millis(r.time_ms);
            let status = r.status.map_or("---".to_string(), |s| s.to_string());
            let code = r.first_error_code.as_deref().unwrap_or("");
            let row = format!(
                "{:>6}  {}  {:<10} {:<6} {status}  {}  {} {code}",
                r.id,
                &time[..19.min(time.len())],
                r.env,
                r.method,
                r.url,
                r.verdict
            );
            super::outln!("{}", printable(&row));
        }
    }
    ExitCode::SUCCESS
}

fn summary_json(r: &Summary) -> Value {
    json!({
        "id": r.id, "time": format_epoch_millis(r.time_ms), "time_ms": r.time_ms, "env": r.env,
        "method": r.method, "url": r.url, "status": r.status, "verdict": r.verdict, "first_error_code": r.first_error_code,
    })
}

fn entry_json(e: &Entry) -> Value {
    let headers =
        |h: &[(String, String)]| -> Value { h.iter().map(|(n, v)| json!([n, v])).collect() };
    json!({
        "id": e.id, "time": format_epoch_millis(e.time_ms), "time_ms": e.time_ms, "env": e.env,
        "method": e.method, "url": e.url, "request_headers": headers(&e.request_headers), "request_body": e.request_body,
        "status": e.status, "response_headers": headers(&e.response_headers), "response_body": e.response_body,
        "response_body_truncated_from": e.response_body_truncated_from,
        "verdict": {"kind": e.verdict_kind, "summary": e.verdict_summary},
        "errors": e.errors_json.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok()),
        "error_id": e.error_id, "elapsed_ms": e.elapsed_ms, "idempotence_key": e.idempotence_key,
        "transport_error": e.transport_error, "source": e.source,
    })
}
