use std::ops::Range;

/// What a piece of a JSON line is, for colouring. The UI maps kinds to theme styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// Splits one line of (possibly broken) JSON text into coloured tokens. Works a
/// line at a time so drawing can colour only what is visible; JSON strings cannot
/// contain raw line breaks, so a line is a safe unit. Whitespace is not returned.
pub fn tokenize_line(line: &str) -> Vec<Token> {
    let bytes = line.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                i = i.min(bytes.len());
                if next_non_space(bytes, i) == Some(b':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                }
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                TokenKind::Punctuation
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                TokenKind::Number
            }
            _ => {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if i == start {
                    // One stray character (possibly multi-byte): step over it whole.
                    i += line[start..].chars().next().map_or(1, char::len_utf8);
                    TokenKind::Other
                } else if matches!(&line[start..i], "true" | "false" | "null") {
                    TokenKind::Literal
                } else {
                    TokenKind::Other
                }
            }
        };
        tokens.push(Token {
            range: start..i,
            kind,
        });
    }
    tokens
}

fn next_non_space(bytes: &[u8], mut i: usize) -> Option<u8> {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    bytes.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(&str, TokenKind)> {
        tokenize_line(line)
            .into_iter()
            .map(|t| (&line[t.range], t.kind))
            .collect()
    }

    #[test]
    fn keys_are_strings_followed_by_a_colon() {
        assert_eq!(
            kinds(r#"  "amount": 2980,"#),
            vec![
                ("\"amount\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("2980", TokenKind::Number),
                (",", TokenKind::Punctuation)
            ]
        );
    }

    #[test]
    fn values_literals_and_escapes() {
        assert_eq!(
            kinds(r#"["a\"b", true, null, -1.5e3]"#),
            vec![
                ("[", TokenKind::Punctuation),
                ("\"a\\\"b\"", TokenKind::String),
                (",", TokenKind::Punctuation),
                ("true", TokenKind::Literal),
                (",", TokenKind::Punctuation),
                ("null", TokenKind::Literal),
                (",", TokenKind::Punctuation),
                ("-1.5e3", TokenKind::Number),
                ("]", TokenKind::Punctuation),
            ]
        );
    }

    #[test]
    fn broken_text_never_panics_and_covers_every_non_space_byte() {
        for line in ["\"unterminated", "é ü 💳 @@", "\"a\\", "tru", "{\"k\" :"] {
            let covered: usize = tokenize_line(line).iter().map(|t| t.range.len()).sum();
            let spaces = line.bytes().filter(|b| *b == b' ').count();
            assert_eq!(covered + spaces, line.len(), "{line}");
        }
    }
}
