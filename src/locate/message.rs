//! The value an API error message quotes, used to break index-base ties.
//!
//! Seen shapes: `paymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST ...`
//! and `INVALID_VALUE: '50.3' is not a valid value for field 'amount'`.

/// The value the message quotes: the first `(...)` group, else the first `'...'` group
/// whose quotes stand at word edges (so an apostrophe as in "doesn't" is not taken for
/// a quote). Surrounding white space is trimmed; empty groups are skipped.
pub fn quoted_value(message: &str) -> Option<String> {
    parenthesized(message)
        .or_else(|| single_quoted(message))
        .map(str::to_owned)
}

fn parenthesized(message: &str) -> Option<&str> {
    let mut rest = message;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let close = after.find([')', '('])?;
        let inner = after[..close].trim();
        if after[close..].starts_with(')') && !inner.is_empty() {
            return Some(inner);
        }
        rest = &after[close..];
    }
    None
}

fn single_quoted(message: &str) -> Option<&str> {
    let bytes = message.as_bytes();
    let edge = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let quotes: Vec<usize> = message.match_indices('\'').map(|(i, _)| i).collect();
    for (n, &open) in quotes.iter().enumerate() {
        if !edge(open.checked_sub(1)) {
            continue;
        }
        for &close in &quotes[n + 1..] {
            if edge(Some(close + 1)) {
                let inner = message[open + 1..close].trim();
                if !inner.is_empty() {
                    return Some(inner);
                }
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parenthesized_value_is_quoted() {
        let m = "paymentMethodSpecificInput.card.expiryDate (1210) IS IN THE PAST OR NOT IN CORRECT MMYY FORMAT";
        assert_eq!(quoted_value(m).as_deref(), Some("1210"));
    }

    #[test]
    fn first_single_quoted_value_is_quoted() {
        let m = "INVALID_VALUE: '50.3' is not a valid value for field 'amount'";
        assert_eq!(quoted_value(m).as_deref(), Some("50.3"));
    }

    #[test]
    fn apostrophes_inside_words_are_not_quotes() {
        let m = "value doesn't match 'ABC' here";
        assert_eq!(quoted_value(m).as_deref(), Some("ABC"));
    }

    #[test]
    fn parentheses_win_over_single_quotes() {
        assert_eq!(quoted_value("field 'x' (42)").as_deref(), Some("42"));
    }

    #[test]
    fn nothing_quoted_gives_none() {
        assert_eq!(quoted_value("UNKNOWN_PAYMENT_ID"), None);
        assert_eq!(quoted_value("empty () and ''"), None);
        assert_eq!(quoted_value("unclosed (abc"), None);
    }
}
