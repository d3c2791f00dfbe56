//! `cinspect logs --json`: one object a line, written straight into the
//! output buffer (no `Value` tree is built for the object; the response body
//! is written from the value its verdict was read from). The names and their
//! order are `cinspect send --json`'s for the response part, then the log's
//! own fields.

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer as _};
use serde_json::Value;

use crate::body::{BodyDoc, BodyKind};
use crate::connect::{ApiError, Reader};
use crate::http::header_value;
use crate::locate::IndexBase;
use crate::pipeline::places_in;
use crate::sources::sdk_log::LoggedExchange;

/// Appends the `--json` line of `x` (without its line end) to `buf`.
pub fn write(file: &str, x: &LoggedExchange, base: IndexBase, buf: &mut Vec<u8>) {
    let mut ser = serde_json::Serializer::new(buf);
    // Writing to a Vec cannot fail, nor can these values' serialization.
    let _ = object(file, x, base, &mut ser);
}

type Ser<'a> = serde_json::Serializer<&'a mut Vec<u8>>;

fn object(
    file: &str,
    x: &LoggedExchange,
    base: IndexBase,
    ser: &mut Ser<'_>,
) -> Result<(), serde_json::Error> {
    let request = x.request.as_ref();
    let request_body = request.and_then(|r| r.body.as_ref());
    let mut map = ser.serialize_map(None)?;
    match (x.judged_parsed(), x.response.as_ref()) {
        (Some((judged, parsed)), Some(response)) => {
            let located = places_in(request_body.map(|b| b.text.as_str()), &judged.report, base);
            map.serialize_entry("status", &judged.status.code)?;
            map.serialize_entry("meaning", judged.status.name)?;
            map.serialize_entry("listed", &judged.status.listed)?;
            map.serialize_entry(
                "verdict",
                &Verdict {
                    kind: judged.verdict.kind.as_str(),
                    summary: &judged.verdict.summary,
                    details: judged.verdict.details_for(Reader::CommandLine).collect(),
                },
            )?;
            map.serialize_entry("error_id", &judged.report.error_id)?;
            let errors: Vec<Located<'_>> = judged
                .report
                .errors
                .iter()
                .zip(&located)
                .map(|(entry, place)| {
                    // A path parameter's value is in the URL sent, not in the body
                    // (the column of the URL the exchange holds, as `send --json` gives).
                    let in_uri = entry.error.property_name.as_deref().and_then(|property| {
                        let sent = x.sent_request()?;
                        crate::pipeline::uri_column(&sent.method, &sent.url, property)
                    });
                    Located {
                        error: &entry.error,
                        location: match (in_uri, place) {
                            (Some(column), _) => Some(Location::Uri {
                                r#in: "uri",
                                column,
                            }),
                            (None, Some((line, column))) => Some(Location::Body(Place {
                                line: *line,
                                column: *column,
                            })),
                            (None, None) => None,
                        },
                        nested_in: entry.nested_in.as_deref(),
                    }
                })
                .collect();
            map.serialize_entry("errors", &errors)?;
            // The headers as the verdict read them: a content type logged
            // beside them is added when they lack one.
            let logged_type = response.body.as_ref().and_then(|b| b.content_type.as_ref());
            let added = logged_type
                .filter(|_| header_value(&response.headers, "Content-Type").is_none())
                .map(|ct| ("Content-Type".to_string(), ct.clone()));
            let headers: Vec<&(String, String)> =
                response.headers.iter().chain(added.as_ref()).collect();
            map.serialize_entry("headers", &Headers(&headers))?;
            let text = response.body.as_ref().map_or("", |b| b.text.as_str());
            match parsed {
                Some(value) => map.serialize_entry("body", &value)?,
                None => map.serialize_entry("body", &unparsed_body(text))?,
            }
            let cut = response.body.as_ref().filter(|b| b.cut).map(|b| Cut {
                kept_bytes: b.text.len(),
                declared_bytes: header_value(&response.headers, "Content-Length")
                    .and_then(|v| v.trim().parse().ok()),
            });
            map.serialize_entry("cut", &cut)?;
        }
        _ => {
            let summary = match &x.error {
                Some(e) => format!("no response: {}", e.text),
                None => "no response logged".to_string(),
            };
            map.serialize_entry("status", &())?;
            map.serialize_entry("meaning", &())?;
            map.serialize_entry("listed", &())?;
            map.serialize_entry(
                "verdict",
                &Verdict {
                    kind: "no_response",
                    summary: &summary,
                    details: Vec::new(),
                },
            )?;
            map.serialize_entry("error_id", &())?;
            map.serialize_entry("errors", &[(); 0])?;
            map.serialize_entry("headers", &Headers(&[]))?;
            map.serialize_entry("body", &())?;
        }
    }
    map.serialize_entry("elapsed_ms", &x.elapsed_ms().map(Elapsed))?;
    map.serialize_entry("request_id", &x.request_id)?;
    map.serialize_entry("sdk", x.sdk.as_str())?;
    map.serialize_entry("sdk_version", &x.sdk_version)?;
    map.serialize_entry("file", file)?;
    map.serialize_entry("line", &x.line)?;
    map.serialize_entry("time", &x.time)?;
    map.serialize_entry("method", &request.map(|r| r.method.as_str()))?;
    map.serialize_entry("uri", &request.map(|r| r.uri.as_str()))?;
    match request {
        Some(r) => {
            let headers: Vec<&(String, String)> = r.headers.iter().collect();
            map.serialize_entry("request_headers", &Headers(&headers))?;
        }
        None => map.serialize_entry("request_headers", &())?,
    }
    map.serialize_entry("request_body", &request_body.map(|b| b.text.as_str()))?;
    let masked: Vec<Masked<'_>> = request
        .map(|r| {
            r.masked
                .iter()
                .map(|m| Masked {
                    path: &m.path,
                    value: &m.value,
                    location: Place {
                        line: m.line,
                        column: m.column,
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    map.serialize_entry("masked", &masked)?;
    map.serialize_entry("response_line", &x.response.as_ref().map(|r| r.line))?;
    map.serialize_entry("error", &x.error.as_ref().map(|e| e.text.as_str()))?;
    map.end()
}

/// A body the verdict did not read as JSON (another content type, not
/// valid, too deep, a big success): as the viewer reads it, JSON when it
/// is, else its text (sanitised, or a hex summary of binary bytes); null
/// when empty.
fn unparsed_body(text: &str) -> Value {
    let doc = BodyDoc::build(text.as_bytes());
    match doc.kind {
        BodyKind::Empty => Value::Null,
        _ => serde_json::from_str(&doc.text).unwrap_or(Value::String(doc.text)),
    }
}

#[derive(Serialize)]
struct Verdict<'a> {
    kind: &'a str,
    summary: &'a str,
    details: Vec<&'a str>,
}

#[derive(Serialize)]
struct Place {
    line: usize,
    column: usize,
}

/// Where an error's field is: a body place, or a column of the URI.
#[derive(Serialize)]
#[serde(untagged)]
enum Location {
    Body(Place),
    Uri { r#in: &'static str, column: usize },
}

#[derive(Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    error: &'a ApiError,
    location: Option<Location>,
    nested_in: Option<&'a str>,
}

#[derive(Serialize)]
struct Cut {
    kept_bytes: usize,
    declared_bytes: Option<u64>,
}

#[derive(Serialize)]
struct Masked<'a> {
    path: &'a str,
    value: &'a str,
    location: Place,
}

/// Milliseconds: a whole number as an integer.
struct Elapsed(f64);

impl Serialize for Elapsed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ms = self.0;
        if ms.fract() == 0.0 && ms.abs() < 1e15 {
            s.serialize_i64(ms as i64)
        } else {
            s.serialize_f64(ms)
        }
    }
}

/// Headers as a JSON object: a name given again keeps its first place and
/// takes its last value (as a map built from them would).
struct Headers<'a>(&'a [&'a (String, String)]);

impl Serialize for Headers<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(self.0.len());
        for (i, pair) in self.0.iter().enumerate() {
            last.insert(pair.0.as_str(), i);
        }
        let mut map = s.serialize_map(Some(last.len()))?;
        for pair in self.0 {
            let name = pair.0.as_str();
            // At the name's first place, its last value, said once.
            let Some(at) = last.remove(name) else {
                continue;
            };
            map.serialize_entry(name, &self.0[at].1)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::pipeline::exchange_json;
    use crate::sources::sdk_log::{self, Options};

    /// The object as it was built before, as a `Value` (the reference the
    /// writer must match byte for byte).
    fn reference(file: &str, x: &LoggedExchange, base: IndexBase) -> Value {
        let request = x.request.as_ref();
        let body = request.and_then(|r| r.body.as_ref());
        let mut object = match x.exchange() {
            Some(exchange) => {
                let located = places_in(body.map(|b| b.text.as_str()), &exchange.report, base);
                exchange_json(&exchange, &located, Reader::CommandLine)
            }
            None => {
                let summary = match &x.error {
                    Some(e) => format!("no response: {}", e.text),
                    None => "no response logged".to_string(),
                };
                json!({
                    "status": null, "meaning": null, "listed": null,
                    "verdict": {"kind": "no_response", "summary": summary, "details": []},
                    "error_id": null, "errors": [], "headers": {}, "body": null,
                })
            }
        };
        let headers = |h: &[(String, String)]| -> Value {
            Value::Object(
                h.iter()
                    .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                    .collect(),
            )
        };
        let masked: Vec<Value> = request
            .map(|r| {
                r.masked
                    .iter()
                    .map(|m| json!({"path": m.path, "value": m.value, "location": {"line": m.line, "column": m.column}}))
                    .collect()
            })
            .unwrap_or_default();
        let elapsed = x.elapsed_ms().map(|ms| {
            if ms.fract() == 0.0 && ms.abs() < 1e15 {
                json!(ms as i64)
            } else {
                json!(ms)
            }
        });
        if let Value::Object(map) = &mut object {
            map.insert("elapsed_ms".into(), elapsed.unwrap_or(Value::Null));
            let log = json!({
                "request_id": x.request_id, "sdk": x.sdk.as_str(), "sdk_version": x.sdk_version,
                "file": file, "line": x.line, "time": x.time,
                "method": request.map(|r| r.method.as_str()), "uri": request.map(|r| r.uri.as_str()),
                "request_headers": request.map_or(Value::Null, |r| headers(&r.headers)),
                "request_body": body.map(|b| b.text.as_str()), "masked": masked,
                "response_line": x.response.as_ref().map(|r| r.line),
                "error": x.error.as_ref().map(|e| e.text.as_str()),
            });
            if let Value::Object(extra) = log {
                map.extend(extra);
            }
        }
        object
    }

    fn same_as_before(log: &[u8]) -> usize {
        let mut n = 0;
        for x in sdk_log::read(log, Options::default()) {
            let mut buf = Vec::new();
            write("app.log", &x, IndexBase::Auto, &mut buf);
            let want = serde_json::to_string(&reference("app.log", &x, IndexBase::Auto))
                .expect("serialised");
            assert_eq!(String::from_utf8(buf).expect("UTF-8"), want);
            n += 1;
        }
        n
    }

    #[test]
    fn every_fixture_writes_what_the_value_tree_wrote() {
        let exchanges: usize = sdk_log::fixtures::logs()
            .iter()
            .map(|log| same_as_before(log))
            .sum();
        assert!(exchanges > 100, "{exchanges}");
    }

    #[test]
    fn odd_responses_write_what_the_value_tree_wrote() {
        let exchange = |headers: &str, body: &str| {
            format!(
                "2026-12-02T00:28:38 Outgoing request (requestId='a1'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      'X-A=\"1\", X-A=\"2\", X-B=\"3\"'\n  content-type: 'application/json'\n  body:         '{{\"a\":1}}'\n2026-12-02T00:28:39 Incoming response (requestId='a1', 7.5 ms):\n  status-code:  '400'\n  headers:      '{headers}'\n  body:         '{body}'\n"
            )
        };
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let cases = [
            exchange("Content-Type=\"text/html\"", "<html>\u{7}oops</html>"),
            exchange("Content-Type=\"application/json\"", "{\"errors\": [{\"code\": 1, \"propertyName\": \"a\"}] "),
            exchange("Content-Type=\"application/json\"", &deep),
            exchange("Content-Type=\"application/json\", Content-Length=\"99\", Set-Cookie=\"a\", Set-Cookie=\"b\"", "  "),
            exchange("", "{\"errorId\":\"e\",\"errors\":[{\"code\":\"21000020\",\"propertyName\":\"a\",\"message\":\"x\"}],\"x\":1.50}"),
            "2026-12-02T00:28:38 Outgoing request (requestId='b1'):\n  method:       'GET'\n  uri:          '/v1/1234/x'\n  headers:      ''\n".to_string(),
        ];
        for case in cases {
            assert_eq!(same_as_before(case.as_bytes()), 1, "{case}");
        }
    }
}
