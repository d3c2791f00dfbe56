/// Re-indents JSON text with two spaces per level, token by token, without
/// building a value tree: a 50 MB body costs one pass and one output buffer.
/// The input must already be valid JSON (the caller checks); on anything else
/// the output is still well-formed text, just not meaningfully indented.
/// Returns the text and the byte offset where each line starts.
pub fn pretty_json(input: &[u8]) -> (String, Vec<u32>) {
    // Twice the input covers the indentation of real payloads, so the buffer is
    // not copied while growing (a copy would touch both at once: 3x the memory).
    let mut out: Vec<u8> = Vec::with_capacity(input.len().saturating_mul(2));
    let mut line_starts: Vec<u32> = Vec::with_capacity(input.len() / 16 + 1);
    line_starts.push(0);
    let mut depth: usize = 0;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, line_starts: &mut Vec<u32>, depth: usize| {
        out.push(b'\n');
        // Offsets are u32: bodies are capped far below 4 GiB.
        line_starts.push(u32::try_from(out.len()).unwrap_or(u32::MAX));
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    };
    while i < input.len() {
        let b = input[i];
        match b {
            b'"' => {
                let end = string_end(input, i);
                out.extend_from_slice(&input[i..end]);
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let next = skip_ws(input, i + 1);
                if input.get(next) == Some(&close) {
                    out.push(b);
                    out.push(close);
                    i = next + 1;
                    continue;
                }
                out.push(b);
                depth += 1;
                newline(&mut out, &mut line_starts, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, &mut line_starts, depth);
                out.push(b);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, &mut line_starts, depth);
            }
            b':' => out.extend_from_slice(b": "),
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => out.push(b),
        }
        i += 1;
    }
    // Only whole tokens of valid UTF-8 input were copied, so this never loses data;
    // lossy conversion guards against callers that skipped validation.
    let text = match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    (text, line_starts)
}

/// Index just past the closing quote of the string starting at `start`.
fn string_end(input: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < input.len() {
        match input[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    input.len()
}

fn skip_ws(input: &[u8], mut i: usize) -> usize {
    while i < input.len() && matches!(input[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_nested_objects_and_arrays_like_serde_json_pretty() {
        let compact = br#"{"a":1,"b":[true,null,{"c":"x, y: {z}"}],"d":{},"e":[]}"#;
        let (text, _) = pretty_json(compact);
        let value: serde_json::Value = serde_json::from_slice(compact).expect("valid");
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value).expect("serialises")
        );
    }

    #[test]
    fn line_starts_point_at_each_line() {
        let (text, starts) = pretty_json(br#"{"a":[1,2]}"#);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(starts.len(), lines.len());
        for (start, line) in starts.iter().zip(&lines) {
            assert!(text[*start as usize..].starts_with(line));
        }
    }

    #[test]
    fn escaped_quotes_inside_strings_do_not_end_them() {
        let (text, _) = pretty_json(br#"["a\"b,c", "d\\"]"#);
        assert_eq!(text, "[\n  \"a\\\"b,c\",\n  \"d\\\\\"\n]");
    }

    #[test]
    fn truncated_input_does_not_panic() {
        let (text, _) = pretty_json(br#"{"a": ["unterminated"#);
        assert!(text.contains("unterminated"));
    }
}
