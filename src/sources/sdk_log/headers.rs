//! The three ways the SDKs log headers: `Name="value", Other="v"` (Java,
//! .NET, Python, Ruby, Go), a JSON object (Node), `Name: value` lines (PHP).

use serde_json::Value;

/// `A="x", B="y"`: a value ends at a quote followed by `, ` and the next
/// `name="`, or at the end (values are not escaped, so a quote inside one is
/// taken as part of it unless that pattern follows).
pub fn quoted_pairs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some(eq) = name_end(rest) else {
            break;
        };
        let name = rest[..eq].trim();
        let value_start = eq + 2;
        let mut end = None;
        let mut search = value_start;
        while let Some(q) = rest[search..].find('"').map(|q| q + search) {
            let after = &rest[q + 1..];
            if after.trim().is_empty() || next_pair(after) {
                end = Some(q);
                break;
            }
            search = q + 1;
        }
        let end = end.unwrap_or(rest.len());
        if !name.is_empty() {
            out.push((name.to_string(), rest[value_start..end].to_string()));
        }
        rest = rest.get(end + 1..).unwrap_or("");
        rest = rest
            .trim_start()
            .strip_prefix(',')
            .unwrap_or(rest)
            .trim_start();
    }
    out
}

/// Where the first `="` is (a byte search: `str::find` sets up a substring
/// searcher at every call, and this runs for every header of every message).
fn name_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'=', bytes).find(|&i| bytes.get(i + 1) == Some(&b'"'))
}

/// `, Name="` starts the next pair.
fn next_pair(after: &str) -> bool {
    let Some(tail) = after.strip_prefix(", ") else {
        return false;
    };
    let name_len = tail.bytes().take_while(|b| is_token(*b)).count();
    name_len > 0 && tail[name_len..].starts_with("=\"")
}

/// RFC 9110 token characters (header names).
pub fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Node's `JSON.stringify(headers, null, 2)`; an array value (set-cookie) is
/// joined with `, `.
pub fn json_object(text: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (k, v)
        })
        .collect()
}

/// A PHP header line, `Name: value`.
pub fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    (!name.is_empty() && name.bytes().all(is_token))
        .then(|| (name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn quoted_pairs_as_java_and_python_log_them() {
        assert_eq!(
            quoted_pairs(r#"Date="Wed, 02 Dec 2026 00:28:38 GMT", Authorization="********", X=""#),
            pairs(&[
                ("Date", "Wed, 02 Dec 2026 00:28:38 GMT"),
                ("Authorization", "********"),
                ("X", "")
            ])
        );
        assert_eq!(
            quoted_pairs(r#"A="say "hi", B=", C="3""#),
            pairs(&[("A", "say \"hi"), ("B", ", C=\"3")]),
            "a quote inside a value is kept unless a pair follows it"
        );
        assert_eq!(quoted_pairs(""), vec![]);
        assert_eq!(
            quoted_pairs(r#"Broken="no end"#),
            pairs(&[("Broken", "no end")])
        );
    }

    #[test]
    fn node_and_php_headers() {
        assert_eq!(
            json_object(
                "{\n  \"content-type\": \"application/json\",\n  \"set-cookie\": [\"a=1\", \"b=2\"]\n}"
            ),
            pairs(&[
                ("content-type", "application/json"),
                ("set-cookie", "a=1, b=2")
            ])
        );
        assert_eq!(
            header_line("Content-Type: application/json"),
            Some(("Content-Type".into(), "application/json".into()))
        );
        assert_eq!(header_line("{"), None);
        assert_eq!(header_line("not a header: x"), None);
    }
}
