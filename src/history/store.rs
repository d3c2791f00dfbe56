//! The store: one SQLite connection behind a mutex, so a `History` can be shared by the
//! threads of a process (`Arc<History>`); other processes share the file through SQLite's
//! WAL locking. Every write is one short `BEGIN IMMEDIATE` transaction, so a writer waits
//! (up to the busy timeout) instead of failing with "database is locked" on a lock upgrade.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde_json::Value;

use super::entry::{Entry, Headers, ListQuery, NewEntry, Summary};
use super::error::HistoryError;
use super::redact::{mask_card_numbers_in_text, redact_body, redact_headers};
use super::settings::{HistorySettings, WEBHOOK_ENV};
use super::{schema, search};

/// The saved history of exchanges.
pub struct History {
    conn: Mutex<Connection>,
    path: PathBuf,
    settings: HistorySettings,
    /// Opened read only: nothing is written.
    read_only: bool,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("path", &self.path)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

const SUMMARY_COLUMNS: &str =
    "e.id, e.time_ms, e.env, e.method, e.url, e.status, e.verdict_kind, e.first_error_code";

impl History {
    /// Opens (creating when missing: directory 0700, file 0600) the history at `path`,
    /// migrates it, and prunes it by the settings' limits. A newer, foreign or damaged file
    /// gives [`HistoryError::NewerSchema`] or [`HistoryError::Corrupt`] and is left untouched.
    pub fn open(path: &Path, settings: HistorySettings) -> Result<Self, HistoryError> {
        if is_read_only(path) {
            return Self::open_read_only(path, settings);
        }
        schema::prepare_file(path)?;
        let conn = schema::connect(path)?;
        let history = History {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            settings,
            read_only: false,
        };
        history.prune(history.settings.max_age, history.settings.max_entries)?;
        Ok(history)
    }

    /// A file that may not be written: listed, shown and exported, never written (nor any
    /// file beside it); recording says so.
    fn open_read_only(path: &Path, settings: HistorySettings) -> Result<Self, HistoryError> {
        Ok(History {
            conn: Mutex::new(schema::connect_read_only(path)?),
            path: path.to_path_buf(),
            settings,
            read_only: true,
        })
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn writable(&self) -> Result<(), HistoryError> {
        if self.read_only {
            return Err(HistoryError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn settings(&self) -> &HistorySettings {
        &self.settings
    }

    /// Redacts the exchange, then stores it and prunes by the settings' limits in the same
    /// short transaction. `Ok(None)` when history is disabled.
    pub fn record(&self, entry: NewEntry) -> Result<Option<i64>, HistoryError> {
        Ok(self
            .record_batch(std::iter::once(entry))?
            .into_iter()
            .next())
    }

    /// [`History::record`] for many exchanges in one transaction (imports, benchmarks).
    /// Returns the new ids in order; empty when history is disabled.
    pub fn record_batch(
        &self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<Vec<i64>, HistoryError> {
        if !self.settings.enabled {
            return Ok(Vec::new());
        }
        self.writable()?;
        // Redact before taking the lock: it is the slow part for big bodies.
        let redacted: Vec<Entry> = entries
            .into_iter()
            .map(|e| redact_entry(e, &self.settings))
            .collect();
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let mut ids = Vec::with_capacity(redacted.len());
        for entry in &redacted {
            ids.push(insert(&tx, entry).map_err(|e| self.err(e))?);
        }
        let limits = Limits {
            older_than: self.settings.max_age,
            exchanges: self.settings.max_entries,
            webhooks: self.settings.max_webhook_entries,
        };
        prune_in(&tx, now_ms(), &limits).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// A page of summaries, newest (highest id) first; see [`ListQuery`] for the filter.
    pub fn list(&self, query: &ListQuery<'_>) -> Result<Vec<Summary>, HistoryError> {
        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let before = query.before_id.unwrap_or(i64::MAX);
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let filter =
            search::parse_filter(query.filter.unwrap_or_default()).map_err(HistoryError::Filter)?;
        let conn = self.lock();
        let rows = match (
            search::match_expression(&filter.words),
            filter.conditions.is_empty(),
        ) {
            (None, true) => {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM entries e WHERE e.id < ?1 ORDER BY e.id DESC LIMIT ?2"
                );
                let mut stmt = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
                stmt.query_map(params![before, limit], summary_from_row)
                    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            }
            (Some(expression), true) => {
                // The index picks the page (newest matches first, stopping at `limit`);
                // only those rows are then read from the table.
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM (
                        SELECT rowid AS rid FROM entries_search
                        WHERE entries_search MATCH ?1 AND rowid < ?2
                        ORDER BY rowid DESC LIMIT ?3
                     ) AS m CROSS JOIN entries e ON e.id = m.rid
                     ORDER BY e.id DESC"
                );
                let mut stmt = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
                stmt.query_map(params![expression, before, limit], summary_from_row)
                    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            }
            // Field conditions: the page is cut after them, so a page is full
            // unless the matches ran out (the browser stops at a short page).
            (expression, false) => {
                use rusqlite::types::Value;
                let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM entries e WHERE e.id < ?");
                let mut values = vec![Value::Integer(before)];
                if let Some(expression) = expression {
                    sql.push_str(
                        " AND e.id IN (SELECT rowid FROM entries_search WHERE entries_search MATCH ?)",
                    );
                    values.push(Value::Text(expression));
                }
                for (condition, params) in filter.conditions {
                    sql.push_str(" AND ");
                    sql.push_str(condition);
                    values.extend(params);
                }
                sql.push_str(" ORDER BY e.id DESC LIMIT ?");
                values.push(Value::Integer(limit));
                let mut stmt = conn.prepare(&sql).map_err(|e| self.err(e))?;
                stmt.query_map(rusqlite::params_from_iter(values), summary_from_row)
                    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            }
        };
        rows.map_err(|e| self.err(e))
    }

    /// The whole entry, or `None` when there is no entry `id`.
    pub fn get(&self, id: i64) -> Result<Option<Entry>, HistoryError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, time_ms, env, method, url, status, verdict_kind, first_error_code,
                        verdict_summary, error_id, elapsed_ms, idempotence_key, transport_error,
                        response_body_truncated_from, errors_json, request_headers,
                        response_headers, request_body, response_body, source
                 FROM entries WHERE id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let raw = stmt
            .query_row([id], raw_entry_from_row)
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|raw| raw.into_entry(&self.path)).transpose()
    }

    /// Deletes one entry; `false` when there was none.
    pub fn delete(&self, id: i64) -> Result<bool, HistoryError> {
        self.writable()?;
        let conn = self.lock();
        let removed = conn
            .execute("DELETE FROM entries WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        Ok(removed > 0)
    }

    /// Deletes entries recorded more than `older_than` ago, then the oldest exchanges beyond
    /// `max_entries` and the oldest webhooks beyond the settings' `max_webhook_entries`.
    /// Returns how many were deleted.
    pub fn prune(
        &self,
        older_than: Option<Duration>,
        max_entries: Option<usize>,
    ) -> Result<usize, HistoryError> {
        self.writable()?;
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let limits = Limits {
            older_than,
            exchanges: max_entries,
            webhooks: self.settings.max_webhook_entries,
        };
        let removed = prune_in(&tx, now_ms(), &limits).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(removed)
    }

    /// How many entries are stored.
    pub fn count(&self) -> Result<usize, HistoryError> {
        let conn = self.lock();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The connection; a panic in another thread while it held the lock left no
    /// transaction open (rusqlite rolls back on drop), so the connection is still good.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn err(&self, e: rusqlite::Error) -> HistoryError {
        HistoryError::sqlite(&self.path, e)
    }
}

/// Whether an existing history file is meant to stay as it is (no write bit: even root,
/// who may write anything, leaves it alone) or may not be written by us.
fn is_read_only(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.permissions().readonly() {
        return true;
    }
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access(2) reads a NUL-terminated path and touches nothing else.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) != 0 }
}

fn now_ms() -> i64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// Applies every redaction rule and the body cap; the result is what gets written.
fn redact_entry(entry: NewEntry, settings: &HistorySettings) -> Entry {
    let fields = &settings.redact_fields;
    let given = u64::try_from(entry.response_body.len()).unwrap_or(u64::MAX);
    let received = entry.response_body_size.unwrap_or(given).max(given);
    let mut response_body = redact_body(&entry.response_body, fields);
    let cut = response_body.len() > settings.body_cap || received > given;
    if response_body.len() > settings.body_cap {
        response_body.truncate(floor_char_boundary(&response_body, settings.body_cap));
    }
    let response_body_truncated_from = cut.then_some(received);
    let mask_text = |s: String| mask_card_numbers_in_text(&s).into_owned();
    let mut entry = Entry {
        id: 0,
        time_ms: entry.time_ms,
        env: entry.env,
        method: entry.method,
        url: mask_text(entry.url),
        request_headers: redact_headers(&entry.request_headers, &settings.secret_headers),
        request_body: redact_body(&entry.request_body, fields),
        status: entry.status,
        response_headers: redact_headers(&entry.response_headers, &settings.secret_headers),
        response_body,
        response_body_truncated_from,
        verdict_kind: entry.verdict_kind,
        verdict_summary: mask_text(entry.verdict_summary),
        errors_json: entry.errors_json.map(|e| redact_body(&e, fields)),
        error_id: entry.error_id,
        first_error_code: entry.first_error_code,
        elapsed_ms: entry.elapsed_ms,
        idempotence_key: entry.idempotence_key,
        transport_error: entry.transport_error.map(mask_text),
        source: entry.source,
    };
    super::bound::bound_entry(&mut entry, settings.body_cap);
    entry
}

/// The largest index ≤ `at` that is a character boundary of `s` (`str::floor_char_boundary`
/// is newer than the crate's minimum Rust).
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn insert(conn: &Connection, e: &Entry) -> rusqlite::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO entries (time_ms, env, method, url, status, verdict_kind, first_error_code,
            verdict_summary, error_id, elapsed_ms, idempotence_key, transport_error,
            response_body_truncated_from, errors_json, request_headers, response_headers,
            request_body, response_body, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    stmt.execute(params![
        e.time_ms,
        e.env,
        e.method,
        e.url,
        e.status,
        e.verdict_kind,
        e.first_error_code,
        e.verdict_summary,
        e.error_id,
        e.elapsed_ms.map(clamp_i64),
        e.idempotence_key,
        e.transport_error,
        e.response_body_truncated_from.map(clamp_i64),
        e.errors_json,
        headers_json(&e.request_headers),
        headers_json(&e.response_headers),
        e.request_body,
        e.response_body,
        e.source,
    ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO entries_search (rowid, doc) VALUES (?1, ?2)")?
        .execute(params![id, search::document(e)])?;
    Ok(id)
}

fn clamp_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Headers as a JSON array of `[name, value]` pairs (keeps order and repeats).
fn headers_json(headers: &Headers) -> String {
    let pairs = headers
        .iter()
        .map(|(n, v)| Value::Array(vec![Value::String(n.clone()), Value::String(v.clone())]))
        .collect();
    Value::Array(pairs).to_string()
}

/// What pruning keeps: nothing older than `older_than`, at most `exchanges`
/// exchanges and at most `webhooks` webhooks received (`None`: no limit).
struct Limits {
    older_than: Option<Duration>,
    exchanges: Option<usize>,
    webhooks: Option<usize>,
}

/// Every delete and count uses an index (`time_ms`, `env, id`, the primary key), so this
/// stays cheap enough to run after every record. Exchanges and webhooks are counted apart:
/// webhooks anyone can send never push an exchange out.
fn prune_in(conn: &Connection, now_ms: i64, limits: &Limits) -> rusqlite::Result<usize> {
    let mut removed = 0;
    if let Some(age) = limits.older_than {
        let age_ms = i64::try_from(age.as_millis()).unwrap_or(i64::MAX);
        let cutoff = now_ms.saturating_sub(age_ms);
        removed += conn
            .prepare_cached("DELETE FROM entries WHERE time_ms < ?1")?
            .execute([cutoff])?;
    }
    if limits.exchanges.is_none() && limits.webhooks.is_none() {
        return Ok(removed);
    }
    let count = |sql: &str| -> rusqlite::Result<i64> {
        conn.prepare_cached(sql)?
            .query_row([WEBHOOK_ENV], |r| r.get(0))
    };
    let webhooks = count("SELECT count(*) FROM entries WHERE env = ?1")?;
    let all = conn
        .prepare_cached("SELECT count(*) FROM entries")?
        .query_row([], |r| r.get::<_, i64>(0))?;
    let excess = |count: i64, max: Option<usize>| {
        max.map_or(0, |max| {
            count.saturating_sub(i64::try_from(max).unwrap_or(i64::MAX))
        })
    };
    let exchanges_over = excess(all - webhooks, limits.exchanges);
    if exchanges_over > 0 {
        removed += conn
            .prepare_cached(
                "DELETE FROM entries WHERE id IN
                    (SELECT id FROM entries WHERE env != ?1 ORDER BY id LIMIT ?2)",
            )?
            .execute(params![WEBHOOK_ENV, exchanges_over])?;
    }
    let webhooks_over = excess(webhooks, limits.webhooks);
    if webhooks_over > 0 {
        removed += conn
            .prepare_cached(
                "DELETE FROM entries WHERE id IN
                    (SELECT id FROM entries WHERE env = ?1 ORDER BY id LIMIT ?2)",
            )?
            .execute(params![WEBHOOK_ENV, webhooks_over])?;
    }
    Ok(removed)
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<Summary> {
    Ok(Summary {
        id: row.get(0)?,
        time_ms: row.get(1)?,
        env: row.get(2)?,
        method: row.get(3)?,
        url: row.get(4)?,
        status: row
            .get::<_, Option<i64>>(5)?
            .and_then(|s| u16::try_from(s).ok()),
        verdict: row.get(6)?,
        first_error_code: row.get(7)?,
    })
}

/// A row as read; the header lists are parsed afterwards so a damaged one is reported as
/// [`HistoryError::Corrupt`] naming the entry.
struct RawEntry {
    entry: Entry,
    request_headers: String,
    response_headers: String,
}

fn raw_entry_from_row(row: &Row<'_>) -> rusqlite::Result<RawEntry> {
    let entry = Entry {
        id: row.get(0)?,
        time_ms: row.get(1)?,
        env: row.get(2)?,
        method: row.get(3)?,
        url: row.get(4)?,
        status: row
            .get::<_, Option<i64>>(5)?
            .and_then(|s| u16::try_from(s).ok()),
        verdict_kind: row.get(6)?,
        first_error_code: row.get(7)?,
        verdict_summary: row.get(8)?,
        error_id: row.get(9)?,
        elapsed_ms: row
            .get::<_, Option<i64>>(10)?
            .and_then(|v| u64::try_from(v).ok()),
        idempotence_key: row.get(11)?,
        transport_error: row.get(12)?,
        response_body_truncated_from: row
            .get::<_, Option<i64>>(13)?
            .and_then(|v| u64::try_from(v).ok()),
        errors_json: row.get(14)?,
        request_headers: Vec::new(),
        response_headers: Vec::new(),
        request_body: row.get(17)?,
        response_body: row.get(18)?,
        source: row.get(19)?,
    };
    Ok(RawEntry {
        entry,
        request_headers: row.get(15)?,
        response_headers: row.get(16)?,
    })
}

impl RawEntry {
    fn into_entry(self, path: &Path) -> Result<Entry, HistoryError> {
        let id = self.entry.id;
        let parse = |text: &str| {
            serde_json::from_str::<Headers>(text).map_err(|e| HistoryError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("entry {id} has unreadable headers: {e}"),
            })
        };
        Ok(Entry {
            request_headers: parse(&self.request_headers)?,
            response_headers: parse(&self.response_headers)?,
            ..self.entry
        })
    }
}
