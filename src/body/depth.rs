//! How deeply a JSON text nests, found in one pass without recursion, so that
//! every consumer can refuse pathological nesting before it costs memory or
//! stack (a 100 KB `[[[[…]]]]` is 50 000 levels deep).

/// Deeper than this, a body is shown as text: no real payload comes close,
/// and indenting it would cost memory with the square of the depth.
pub const MAX_PRETTY_DEPTH: usize = 512;

/// The deepest nesting of `{` and `[` outside strings (0 for a scalar). Works
/// on any bytes; unbalanced input just gives the deepest point reached.
pub fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert_eq!(nesting_depth(b"42"), 0);
        assert_eq!(nesting_depth(br#"{"a":[1,{"b":"[[["}]}"#), 3);
        assert_eq!(nesting_depth(br#"["\"[", []]"#), 2);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(nesting_depth(deep.as_bytes()), 100_000);
        assert_eq!(nesting_depth(b"[[["), 3, "unbalanced input is fine");
    }
}
