//! Is a body JSON at all? `lint` answers "not JSON" (exit 2) before it speaks of fields.
//!
//! A strict check of RFC 8259's grammar with its own stack of open brackets: serde_json
//! stops at 128 levels, and a body of 100 000 nested brackets is still JSON (the findings
//! then say what the model thinks of it).

/// The byte offset and reason of the first violation of the JSON grammar, if any.
pub fn json_error(text: &str) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    let mut i = 0;
    // true: an object; false: an array.
    let mut open: Vec<bool> = Vec::new();
    let ws = |i: &mut usize| {
        while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\n' | b'\r') {
            *i += 1;
        }
    };
    ws(&mut i);
    if i == b.len() {
        return Some((i, "no value"));
    }
    'value: loop {
        // A value at `i`.
        ws(&mut i);
        match b.get(i) {
            Some(b'{') => {
                i += 1;
                ws(&mut i);
                if b.get(i) == Some(&b'}') {
                    i += 1;
                } else {
                    open.push(true);
                    if let Err(e) = key(b, &mut i) {
                        return Some(e);
                    }
                    continue 'value;
                }
            }
            Some(b'[') => {
                i += 1;
                ws(&mut i);
                if b.get(i) == Some(&b']') {
                    i += 1;
                } else {
                    open.push(false);
                    continue 'value;
                }
            }
            Some(b'"') => {
                if let Err(e) = string(b, &mut i) {
                    return Some(e);
                }
            }
            Some(_) => {
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b':'
                    )
                {
                    i += 1;
                }
                let word = &text[start..i];
                if !matches!(word, "true" | "false" | "null")
                    && !crate::locate::text::is_json_number(word)
                {
                    return Some((start, "not a JSON value"));
                }
            }
            None => return Some((i, "the text ends where a value belongs")),
        }
        // After a value: a comma, a closer, or the end.
        loop {
            ws(&mut i);
            let Some(&object) = open.last() else {
                return (i < b.len()).then_some((i, "text after the value"));
            };
            match b.get(i) {
                Some(b',') => {
                    i += 1;
                    if object {
                        ws(&mut i);
                        if let Err(e) = key(b, &mut i) {
                            return Some(e);
                        }
                    }
                    continue 'value;
                }
                Some(b'}') if object => {
                    open.pop();
                    i += 1;
                }
                Some(b']') if !object => {
                    open.pop();
                    i += 1;
                }
                Some(_) => return Some((i, "expected a comma or a closing bracket")),
                None => return Some((i, "the text ends inside a bracket")),
            }
        }
    }
}

/// A key and its colon at `i`.
fn key(b: &[u8], i: &mut usize) -> Result<(), (usize, &'static str)> {
    if b.get(*i) != Some(&b'"') {
        return Err((*i, "expected a key in double quotes"));
    }
    string(b, i)?;
    while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\n' | b'\r') {
        *i += 1;
    }
    if b.get(*i) != Some(&b':') {
        return Err((*i, "expected a colon after the key"));
    }
    *i += 1;
    Ok(())
}

/// A string at `i` (its opening quote): escapes valid, no raw control characters.
fn string(b: &[u8], i: &mut usize) -> Result<(), (usize, &'static str)> {
    let start = *i;
    *i += 1;
    loop {
        match b.get(*i) {
            None => return Err((start, "a string without its closing quote")),
            Some(b'"') => {
                *i += 1;
                return Ok(());
            }
            Some(b'\\') => match b.get(*i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => *i += 2,
                Some(b'u')
                    if b.get(*i + 2..*i + 6)
                        .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
                {
                    *i += 6
                }
                _ => return Err((*i, "an invalid escape in a string")),
            },
            Some(&c) if c < 0x20 => return Err((*i, "a control character in a string")),
            Some(_) => *i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_error;

    #[test]
    fn valid_json_passes() {
        for text in [
            "{}",
            "[]",
            " {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"], \"b\": {}} ",
            "\"s\"",
            "0",
        ] {
            assert_eq!(json_error(text), None, "{text}");
        }
    }

    #[test]
    fn broken_json_is_located() {
        assert_eq!(json_error(""), Some((0, "no value")));
        assert_eq!(
            json_error("{\"a\": 1,}"),
            Some((8, "expected a key in double quotes"))
        );
        assert_eq!(
            json_error("{\"a\" 1}"),
            Some((5, "expected a colon after the key"))
        );
        assert_eq!(
            json_error("[1 2]"),
            Some((3, "expected a comma or a closing bracket"))
        );
        assert_eq!(json_error("{\"a\": tru}"), Some((6, "not a JSON value")));
        assert_eq!(
            json_error("{\"a\": 1} x"),
            Some((9, "text after the value"))
        );
        assert_eq!(
            json_error("[1"),
            Some((2, "the text ends inside a bracket"))
        );
        assert_eq!(
            json_error("[1,"),
            Some((3, "the text ends where a value belongs"))
        );
        assert_eq!(
            json_error("\"a\\q\""),
            Some((2, "an invalid escape in a string"))
        );
        assert_eq!(
            json_error("{\"a\": 1]"),
            Some((7, "expected a comma or a closing bracket"))
        );
        assert_eq!(json_error("[01]"), Some((1, "not a JSON value")));
    }

    #[test]
    fn deep_nesting_is_json_and_costs_no_stack() {
        let depth = 100_000;
        let text = "[".repeat(depth) + &"]".repeat(depth);
        assert_eq!(json_error(&text), None);
        let text = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
        assert_eq!(json_error(&text), None);
        assert!(json_error(&"[".repeat(depth)).is_some());
    }
}
