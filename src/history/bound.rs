//! Keeps one history entry within about `body_cap` bytes in all: a response with
//! 100 000 errors or a 50 MB error message must not make a 30 MB row. Every
//! cut is marked where the entry is read: the response body's original size,
//! a note at the end of a cut request body, a last element in a cut error list.

use serde_json::Value;

use super::entry::Entry;

/// Small fields (URL, summaries, ids, header values) keep at most this much.
const SMALL: usize = 8 * 1024;
/// Headers kept at most.
const MAX_HEADERS: usize = 256;

/// Cuts what does not fit: small fields to `SMALL`, headers to a sixteenth of
/// `cap`, the request body and the error list to a quarter each, the response
/// body to what is left (at least half).
pub(super) fn bound_entry(e: &mut Entry, cap: usize) {
    for field in [
        &mut e.url,
        &mut e.verdict_summary,
        &mut e.env,
        &mut e.method,
    ] {
        clip(field, SMALL);
    }
    for field in [
        &mut e.error_id,
        &mut e.first_error_code,
        &mut e.transport_error,
        &mut e.idempotence_key,
        &mut e.source,
    ]
    .into_iter()
    .flatten()
    {
        clip(field, SMALL);
    }
    for headers in [&mut e.request_headers, &mut e.response_headers] {
        headers.truncate(MAX_HEADERS);
        let mut budget = cap / 16;
        for (name, value) in headers.iter_mut() {
            clip(name, SMALL.min(budget));
            clip(value, SMALL.min(budget.saturating_sub(name.len())));
            budget = budget.saturating_sub(name.len() + value.len());
        }
    }
    let quarter = cap / 4;
    if e.request_body.len() > quarter {
        let size = e.request_body.len();
        clip_at(&mut e.request_body, quarter);
        e.request_body.push_str(&format!(
            "\n… cut by cinspect's history at {quarter} of {size} bytes"
        ));
    }
    if let Some(errors) = &mut e.errors_json
        && errors.len() > quarter
    {
        *errors = fit_errors(errors, quarter);
    }
    // The response body gets what is left, and never less than half the cap.
    let room = cap.saturating_sub(used_bytes(e)).max(cap / 2);
    if e.response_body.len() > room {
        let size = e.response_body.len() as u64;
        clip_at(&mut e.response_body, room);
        let was = e.response_body_truncated_from.unwrap_or(size);
        e.response_body_truncated_from = Some(was.max(size));
    }
}

/// Everything but the response body.
fn used_bytes(e: &Entry) -> usize {
    let headers = |h: &[(String, String)]| h.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>();
    e.url.len()
        + e.verdict_summary.len()
        + e.request_body.len()
        + e.errors_json.as_ref().map_or(0, String::len)
        + headers(&e.request_headers)
        + headers(&e.response_headers)
}

/// The first errors of a JSON array that fit in `budget`, and a last element
/// saying how many were left out (shown like an error, so the cut is seen).
fn fit_errors(errors: &str, budget: usize) -> String {
    let Ok(Value::Array(all)) = serde_json::from_str::<Value>(errors) else {
        let mut text = errors.to_string();
        clip_at(&mut text, budget);
        return text;
    };
    let total = all.len();
    let mut kept: Vec<Value> = Vec::new();
    let mut used = 2;
    for error in all {
        let size = error.to_string().len() + 1;
        if used + size > budget {
            break;
        }
        used += size;
        kept.push(clip_strings(error));
    }
    let left = total - kept.len();
    kept.push(serde_json::json!({
        "message": format!("… {left} more of {total} errors were not kept (history's body_cap_mb)"),
    }));
    Value::Array(kept).to_string()
}

/// An error whose strings are each at most `SMALL` (a 50 MB message).
fn clip_strings(mut error: Value) -> Value {
    if let Value::Object(map) = &mut error {
        for value in map.values_mut() {
            if let Value::String(s) = value {
                clip(s, SMALL);
            }
        }
    }
    error
}

/// Cuts `s` to at most `max` bytes plus a marker.
fn clip(s: &mut String, max: usize) {
    if s.len() > max {
        clip_at(s, max);
        s.push('…');
    }
}

fn clip_at(s: &mut String, max: usize) {
    let mut at = max.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    s.truncate(at);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            id: 0,
            time_ms: 0,
            env: "sim".into(),
            method: "POST".into(),
            url: "http://h/v1/1/payments".into(),
            request_headers: Vec::new(),
            request_body: String::new(),
            status: Some(400),
            response_headers: Vec::new(),
            response_body: String::new(),
            response_body_truncated_from: None,
            verdict_kind: "validation".into(),
            verdict_summary: String::new(),
            errors_json: None,
            error_id: None,
            first_error_code: None,
            elapsed_ms: None,
            idempotence_key: None,
            transport_error: None,
            source: None,
        }
    }

    fn size(e: &Entry) -> usize {
        used_bytes(e) + e.response_body.len()
    }

    #[test]
    fn a_hundred_thousand_errors_fit_the_cap_and_say_how_many_were_left() {
        let cap = 1024 * 1024;
        let errors: Vec<Value> = (0..100_000)
            .map(|i| serde_json::json!({"code": i.to_string(), "message": "m".repeat(100)}))
            .collect();
        let mut e = entry();
        e.errors_json = Some(Value::Array(errors).to_string());
        e.response_body = "x".repeat(5 * 1024 * 1024);
        bound_entry(&mut e, cap);
        assert!(size(&e) <= cap + 1024, "{}", size(&e));
        let kept: Vec<Value> = serde_json::from_str(e.errors_json.as_deref().unwrap()).unwrap();
        let last = kept.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            last.contains("more of 100000 errors were not kept"),
            "{last}"
        );
        assert_eq!(e.response_body_truncated_from, Some(5 * 1024 * 1024));
    }

    #[test]
    fn a_huge_message_and_request_body_are_cut_and_marked() {
        let cap = 1024 * 1024;
        let mut e = entry();
        e.errors_json = Some(serde_json::json!([{"message": "m".repeat(50 << 20)}]).to_string());
        e.request_body = "{".to_string() + &"a".repeat(10 << 20);
        bound_entry(&mut e, cap);
        assert!(size(&e) <= cap + 1024, "{}", size(&e));
        assert!(e.request_body.ends_with("of 10485761 bytes"));
    }

    #[test]
    fn small_entries_are_untouched() {
        let mut e = entry();
        e.errors_json = Some(r#"[{"code":"1"}]"#.into());
        e.response_body = "{}".into();
        let before = e.clone();
        bound_entry(&mut e, 5 << 20);
        assert_eq!(e, before);
    }
}
