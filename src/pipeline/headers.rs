//! Header lines as people write them (`Name: value`), in the editor's headers
//! box and in `-H` arguments: one parser, so both fronts accept the same text.

/// A header line that is not `Name: value`; `line` is 1-based among the lines given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("headers, line {line}: {reason}")]
pub struct HeaderError {
    pub line: usize,
    pub reason: String,
}

/// The lines as `(name, value)` pairs: blank lines and `#` comments are
/// skipped; anything else must be `Name: value` with a valid header name.
pub fn parse_header_lines<'a>(
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<(String, String)>, HeaderError> {
    let mut out = Vec::new();
    for (i, raw) in lines.into_iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeaderError {
                line: i + 1,
                reason: format!("expected 'Name: value', found {line:?}"),
            });
        };
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(HeaderError {
                line: i + 1,
                reason: format!("{name:?} is not a valid header name"),
            });
        }
        out.push((name.to_string(), value.trim().to_string()));
    }
    Ok(out)
}

/// RFC 9110 token characters, the only ones allowed in a header name.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_and_the_bad_one_is_named() {
        let text = "# comment\nX-GCS-Idempotence-Key: abc\n\nAccept:application/json";
        assert_eq!(
            parse_header_lines(text.lines()),
            Ok(vec![
                ("X-GCS-Idempotence-Key".to_string(), "abc".to_string()),
                ("Accept".to_string(), "application/json".to_string())
            ])
        );
        let bad = parse_header_lines(["Accept: x", "not a header"]);
        assert_eq!(bad.map_err(|e| e.line), Err(2));
        let bad_name = parse_header_lines(["Bad Name: x"]).unwrap_err();
        assert!(
            bad_name.reason.contains("not a valid header name"),
            "{bad_name}"
        );
    }
}
