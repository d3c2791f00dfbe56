//! Small text helpers shared by the scanner, the path parser and the evaluator:
//! JSON string unescaping, exact decimal comparison and canonical name quoting.

use std::borrow::Cow;
use std::cmp::Ordering;

/// Unescapes the content of a JSON string (the bytes between the quotes).
///
/// Tolerant by design: an invalid escape (`\q`, a short `\u12`, a lone surrogate) is
/// kept as its raw text, so a key being edited still compares against what is visible.
pub fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let consumed = push_escape(rest, &mut out);
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes the escape at the start of `s` (which begins with `\`) into `out` and
/// returns how many bytes it used. Invalid escapes copy the backslash alone, so the
/// following characters are copied verbatim by the caller's loop.
fn push_escape(s: &str, out: &mut String) -> usize {
    let simple = match s.as_bytes().get(1) {
        Some(b'"') => Some('"'),
        Some(b'\\') => Some('\\'),
        Some(b'/') => Some('/'),
        Some(b'b') => Some('\u{8}'),
        Some(b'f') => Some('\u{c}'),
        Some(b'n') => Some('\n'),
        Some(b'r') => Some('\r'),
        Some(b't') => Some('\t'),
        _ => None,
    };
    if let Some(c) = simple {
        out.push(c);
        return 2;
    }
    if let Some(hi) = hex4(s, 1) {
        if let Some(c) = char::from_u32(u32::from(hi)) {
            out.push(c);
            return 6;
        }
        // A high surrogate must be followed by `\uDC00`..`\uDFFF` to form a pair.
        if (0xD800..0xDC00).contains(&hi)
            && s.as_bytes().get(6) == Some(&b'\\')
            && let Some(lo) = hex4(s, 7)
            && (0xDC00..0xE000).contains(&lo)
        {
            let code = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
            if let Some(c) = char::from_u32(code) {
                out.push(c);
                return 12;
            }
        }
    }
    out.push('\\');
    1
}

/// Reads `u` followed by four hex digits at `s[at..]`.
fn hex4(s: &str, at: usize) -> Option<u16> {
    let bytes = s.as_bytes();
    if bytes.get(at) != Some(&b'u') {
        return None;
    }
    let digits = s.get(at + 1..at + 5)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

/// True when `s` is a plain identifier that needs no quoting in a canonical path:
/// `[A-Za-z_][A-Za-z0-9_$]*`, except `true`, `false` and `null`, which JSONata reads as
/// literals (`card.true` is an error there, S0213). A leading `$` is quoted too, because
/// `$x` in a path is a JSONata variable and `$` alone the root. (`and`, `or` and `in`
/// are fine bare: JSONata takes them as names where a name can stand.)
pub fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        && !matches!(s, "true" | "false" | "null")
}

/// Appends `name` to a canonical path: bare when it is an identifier, else in backticks,
/// else (it contains a backtick, which backticks cannot escape: JSONata has no escapes
/// inside them) as a JSON string literal. JSONata reads a string literal as a name only
/// as a step of a longer path, so a path must not start with one: `push_member` writes
/// `$.` before it there.
pub fn push_name(out: &mut String, name: &str) {
    if is_identifier(name) {
        out.push_str(name);
    } else if !name.contains('`') {
        out.push('`');
        out.push_str(name);
        out.push('`');
    } else {
        // serde_json writes the JSON string literal, escapes and all; JSONata reads
        // the same escapes.
        out.push_str(&serde_json::Value::String(name.to_owned()).to_string());
    }
}

/// Appends the member step `name` to the path `out` (empty for the first step): `.`
/// before it, or `$.` before a first name that must be a string literal, since a lone
/// `"a`b"` is a constant in JSONata while `$."a`b"` is that member of the input.
pub fn push_member(out: &mut String, name: &str) {
    if !out.is_empty() {
        out.push('.');
    } else if !is_identifier(name) && name.contains('`') {
        out.push_str("$.");
    }
    push_name(out, name);
}

/// A JSON number literal split into its parts, for exact numeric comparison
/// (`2` = `2.0` = `20e-1`) without floating-point rounding.
#[derive(Clone, Copy, Debug)]
struct Decimal<'a> {
    negative: bool,
    int: &'a [u8],
    frac: &'a [u8],
    exp: i64,
}

impl<'a> Decimal<'a> {
    /// Parses a JSON number (`-?int(.frac)?([eE][+-]?digits)?`); None when it is not one.
    fn parse(s: &'a str) -> Option<Self> {
        let b = s.as_bytes();
        let mut i = 0;
        let negative = b.first() == Some(&b'-');
        if negative {
            i += 1;
        }
        let int_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let int = &b[int_start..i];
        if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
            return None;
        }
        let mut frac: &[u8] = &[];
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            frac = &b[start..i];
            if frac.is_empty() {
                return None;
            }
        }
        let mut exp = 0i64;
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            let exp_negative = match b.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            let start = i;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                // Saturate: exponents this large are equal only to themselves anyway.
                exp = exp.saturating_mul(10).saturating_add(i64::from(d - b'0'));
                i += 1;
            }
            if i == start {
                return None;
            }
            if exp_negative {
                exp = -exp;
            }
        }
        (i == b.len()).then_some(Decimal {
            negative,
            int,
            frac,
            exp,
        })
    }

    /// The significant digits (leading and trailing zeros dropped) and the decimal
    /// exponent of the first of them, so equal values give equal results.
    fn normalized(&self) -> (impl Iterator<Item = u8> + Clone + '_, i64, bool) {
        let all = self.int.iter().chain(self.frac.iter()).copied();
        let leading = all.clone().take_while(|&d| d == b'0').count();
        let total = self.int.len() + self.frac.len();
        let trailing = all.clone().rev().take_while(|&d| d == b'0').count();
        let significant = total.saturating_sub(leading + trailing);
        let is_zero = significant == 0;
        // Value = 0.d1d2... × 10^(int.len() - leading + exp).
        let scale = (self.int.len() as i64 - leading as i64).saturating_add(self.exp);
        (all.skip(leading).take(significant), scale, is_zero)
    }
}

/// Compares two JSON number literals numerically and exactly; None when either is not
/// a valid JSON number.
pub fn numbers_equal(a: &str, b: &str) -> Option<bool> {
    if a == b {
        return Decimal::parse(a).map(|_| true);
    }
    let (x, y) = (Decimal::parse(a)?, Decimal::parse(b)?);
    let (xd, xs, xz) = x.normalized();
    let (yd, ys, yz) = y.normalized();
    if xz || yz {
        // -0 equals 0.
        return Some(xz && yz);
    }
    Some(x.negative == y.negative && xs == ys && xd.cmp(yd) == Ordering::Equal)
}

/// True when `s` is a valid JSON number literal.
pub fn is_json_number(s: &str) -> bool {
    Decimal::parse(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_simple_escapes() {
        assert_eq!(unescape(r#"a\"b\\c\/d\n\t"#), "a\"b\\c/d\n\t");
    }

    #[test]
    fn unescape_unicode_and_surrogate_pairs() {
        assert_eq!(unescape(r"na\u006de"), "name");
        assert_eq!(unescape(r"\ud83d\ude00!"), "😀!");
    }

    #[test]
    fn unescape_keeps_invalid_escapes_raw() {
        assert_eq!(unescape(r"a\qb"), r"a\qb");
        assert_eq!(unescape(r"\u12"), r"\u12");
        assert_eq!(unescape(r"\ud800x"), r"\ud800x");
        assert_eq!(unescape("end\\"), "end\\");
    }

    #[test]
    fn unescape_without_backslash_borrows() {
        assert!(matches!(unescape("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn identifiers_are_ascii_names() {
        assert!(is_identifier("amountOfMoney"));
        assert!(is_identifier("_x$1"));
        assert!(!is_identifier("$x"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier("odd.name"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("é"));
        for literal in ["true", "false", "null"] {
            assert!(!is_identifier(literal), "{literal}");
        }
        assert!(is_identifier("and") && is_identifier("nullable") && is_identifier("True"));
    }

    #[test]
    fn push_name_quotes_what_is_not_an_identifier() {
        let mut s = String::new();
        push_name(&mut s, "odd.name");
        push_name(&mut s, "a`b\"\u{8}");
        push_name(&mut s, "ok");
        assert_eq!(s, "`odd.name`\"a`b\\\"\\b\"ok");
    }

    #[test]
    fn push_member_never_starts_a_path_with_a_string_literal() {
        let mut s = String::new();
        push_member(&mut s, "a`b");
        push_member(&mut s, "c`d");
        push_member(&mut s, "null");
        push_member(&mut s, "");
        assert_eq!(s, "$.\"a`b\".\"c`d\".`null`.``");
        let mut s = String::new();
        push_member(&mut s, "true");
        assert_eq!(s, "`true`");
    }

    #[test]
    fn numbers_compare_numerically_and_exactly() {
        assert_eq!(numbers_equal("2", "2.0"), Some(true));
        assert_eq!(numbers_equal("20e-1", "2"), Some(true));
        assert_eq!(numbers_equal("0.50", "5E-1"), Some(true));
        assert_eq!(numbers_equal("-0", "0.0"), Some(true));
        assert_eq!(numbers_equal("-2", "2"), Some(false));
        assert_eq!(
            numbers_equal("9007199254740993", "9007199254740992"),
            Some(false)
        );
        assert_eq!(numbers_equal("1", "10"), Some(false));
        assert_eq!(numbers_equal("1x", "1"), None);
    }

    #[test]
    fn json_number_grammar_is_strict() {
        for ok in ["0", "-1", "1.5", "1e5", "-0.0E+3"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["01", "1.", ".5", "+1", "1e", "--1", "", "-"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
