//! Redacts a JSON body in place: finds the byte spans of values to mask or members to
//! remove and edits only those, so every other byte (layout, number spelling, key order)
//! stays exactly as sent. The text is validated by serde_json first, and its depth is
//! bounded first, so the recursive scanner below never meets more than `SCAN_DEPTH` levels.

use std::ops::Range;

use super::redact::{MASK, has_long_digit_run, mask_card_number, mask_card_numbers_in_text};

/// The deepest JSON the scanner takes (serde_json's own limit).
const SCAN_DEPTH: usize = 128;

/// The JSON field whose value is a card number.
const CARD_NUMBER_FIELD: &str = "cardNumber";
/// The JSON field removed outright (the API never echoes it either).
const REMOVED_FIELD: &str = "cvv";

/// `Some(redacted)` when `text` is JSON, `None` otherwise (the caller then treats it as text).
pub(crate) fn redact_json(text: &str, extra_fields: &[String]) -> Option<String> {
    redact_json_with(text, extra_fields, &[]).map(|(text, _)| text)
}

/// As [`redact_json`], and the scalar values of the `personal` fields masked
/// (objects and arrays under those names are walked, not masked: a product's
/// field validators are named like the fields they check). Also gives how many
/// personal values were masked.
pub(crate) fn redact_json_with(
    text: &str,
    extra_fields: &[String],
    personal: &[&str],
) -> Option<(String, usize)> {
    // serde's IgnoredAny accepts any depth; the scanner recurses once per level,
    // so deeper JSON is redacted as text instead (as serde_json would refuse it).
    if crate::body::nesting_depth(text.as_bytes()) > SCAN_DEPTH
        || serde_json::from_str::<serde::de::IgnoredAny>(text).is_err()
    {
        return None;
    }
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        edits: Vec::new(),
        extra_fields,
        personal,
        personal_masked: 0,
    };
    // The text is valid JSON, so the scanner cannot fail; if it ever did, fall back to a
    // full re-serialisation rather than storing an unredacted body.
    match scanner.document() {
        Some(()) => {
            let masked = scanner.personal_masked;
            Some((apply(text, scanner.edits), masked))
        }
        None if personal.is_empty() => Some((reserialise(text, extra_fields), 0)),
        // Never an unredacted copy: personal data cannot be told apart here.
        None => Some((String::new(), 0)),
    }
}

/// A replacement of `span` by `text` (empty text: a removal).
struct Edit {
    span: Range<usize>,
    text: String,
}

/// What to do with one object member, decided by its name.
enum Rule {
    MaskCardNumber,
    Remove,
    Mask,
    /// A personal field: a scalar is masked, a container walked.
    MaskPersonal,
    Keep,
}

fn rule_for(key: &str, extra_fields: &[String], personal: &[&str]) -> Rule {
    if key.eq_ignore_ascii_case(CARD_NUMBER_FIELD) {
        Rule::MaskCardNumber
    } else if key.eq_ignore_ascii_case(REMOVED_FIELD) {
        Rule::Remove
    } else if extra_fields.iter().any(|f| key.eq_ignore_ascii_case(f)) {
        Rule::Mask
    } else if personal.iter().any(|f| key.eq_ignore_ascii_case(f)) {
        Rule::MaskPersonal
    } else {
        Rule::Keep
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    edits: Vec<Edit>,
    extra_fields: &'a [String],
    personal: &'a [&'a str],
    personal_masked: usize,
}

impl Scanner<'_> {
    fn document(&mut self) -> Option<()> {
        self.ws();
        self.value()?;
        self.ws();
        (self.pos == self.bytes.len()).then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// A value with the default rule: containers are walked, strings get card numbers masked.
    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => {
                let span = self.string()?;
                self.mask_card_numbers_in_string(span)
            }
            _ => self.scalar().map(|_| ()),
        }
    }

    fn object(&mut self) -> Option<()> {
        self.expect(b'{')?;
        self.ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        // End of the last member kept, for removing a last member with its leading comma.
        let mut kept_end: Option<usize> = None;
        loop {
            self.ws();
            let key_start = self.pos;
            let key_span = self.string()?;
            let key: String = serde_json::from_str(&self.text[key_span]).ok()?;
            self.ws();
            self.expect(b':')?;
            self.ws();
            let value_start = self.pos;
            match rule_for(&key, self.extra_fields, self.personal) {
                Rule::Remove => {
                    self.skip_value()?;
                    let value_end = self.pos;
                    self.ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                        self.ws();
                        self.remove(key_start..self.pos);
                        continue;
                    }
                    self.remove(kept_end.unwrap_or(key_start)..value_end);
                    self.expect(b'}')?;
                    return Some(());
                }
                Rule::MaskCardNumber => self.card_number_value()?,
                Rule::Mask => {
                    self.skip_value()?;
                    self.replace(value_start..self.pos, format!("\"{MASK}\""));
                }
                Rule::MaskPersonal => match self.peek()? {
                    b'{' | b'[' => self.value()?,
                    // null says nothing about anyone.
                    b'n' => {
                        self.scalar()?;
                    }
                    _ => {
                        self.skip_value()?;
                        self.replace(value_start..self.pos, format!("\"{MASK}\""));
                        self.personal_masked += 1;
                    }
                },
                Rule::Keep => self.value()?,
            }
            kept_end = Some(self.pos);
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<()> {
        self.expect(b'[')?;
        self.ws();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.ws();
            self.value()?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A `cardNumber` value: a string or a number is masked (a number becomes a string, as
    /// the masked form is no number); anything else is walked with the default rule.
    fn card_number_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => {
                let span = self.string()?;
                let decoded: String = serde_json::from_str(&self.text[span.clone()]).ok()?;
                let masked = mask_card_number(&decoded);
                if masked != decoded {
                    self.replace(span, serde_json::to_string(&masked).ok()?);
                }
                Some(())
            }
            b'-' | b'0'..=b'9' => {
                let span = self.scalar()?;
                let masked = mask_card_number(&self.text[span.clone()]);
                self.replace(span, serde_json::to_string(&masked).ok()?);
                Some(())
            }
            _ => self.value(),
        }
    }

    fn mask_card_numbers_in_string(&mut self, span: Range<usize>) -> Option<()> {
        let raw = &self.bytes[span.clone()];
        // Decoding every string of a large body is wasted work: only strings with a long
        // digit run, or escapes that might hide one, can hold a card number.
        if !has_long_digit_run(raw) && !raw.contains(&b'\\') {
            return Some(());
        }
        let decoded: String = serde_json::from_str(&self.text[span.clone()]).ok()?;
        if let std::borrow::Cow::Owned(masked) = mask_card_numbers_in_text(&decoded) {
            self.replace(span, serde_json::to_string(&masked).ok()?);
        }
        Some(())
    }

    /// Moves past any value without looking inside.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'{' | b'[' => {
                // Brackets inside strings do not count; strings are skipped whole.
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            b'"' => self.string().map(|_| ()),
            _ => self.scalar().map(|_| ()),
        }
    }

    /// A string token, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(start..self.pos);
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// A number, `true`, `false` or `null`: everything up to the next delimiter.
    fn scalar(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then_some(start..self.pos)
    }

    fn replace(&mut self, span: Range<usize>, text: String) {
        self.edits.push(Edit { span, text });
    }

    fn remove(&mut self, span: Range<usize>) {
        self.edits.push(Edit {
            span,
            text: String::new(),
        });
    }
}

/// Applies the edits. Removals of neighbouring members can overlap (a removed last member
/// reaches back to the last kept value, over an earlier removal); they are merged. Masks
/// never overlap a removal, as removed values are not looked into.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.span.start);
    let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match merged.last_mut() {
            Some(last) if edit.span.start < last.span.end => {
                last.span.end = last.span.end.max(edit.span.end);
            }
            _ => merged.push(edit),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0usize;
    for edit in merged {
        out.push_str(&text[copied..edit.span.start]);
        out.push_str(&edit.text);
        copied = edit.span.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The safety net for a scanner bug: redact a parsed tree and write it out again.
fn reserialise(text: &str, extra_fields: &[String]) -> String {
    use serde_json::Value;
    fn walk(value: &mut Value, extra_fields: &[String]) {
        match value {
            Value::Object(map) => {
                map.retain(|k, _| !matches!(rule_for(k, extra_fields, &[]), Rule::Remove));
                for (key, v) in map.iter_mut() {
                    match rule_for(key, extra_fields, &[]) {
                        Rule::MaskCardNumber => match v {
                            Value::String(s) => *s = mask_card_number(s),
                            Value::Number(n) => {
                                *v = Value::String(mask_card_number(&n.to_string()))
                            }
                            _ => walk(v, extra_fields),
                        },
                        Rule::Mask => *v = Value::String(MASK.to_owned()),
                        _ => walk(v, extra_fields),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, extra_fields)),
            Value::String(s) => *s = mask_card_numbers_in_text(s).into_owned(),
            _ => {}
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            walk(&mut value, extra_fields);
            value.to_string()
        }
        Err(_) => mask_card_numbers_in_text(text).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use std::path::Path;

    fn redact(text: &str) -> String {
        redact_json(text, &["password".to_owned()]).expect("valid JSON")
    }

    #[test]
    fn card_number_masked_and_cvv_removed_at_any_depth() {
        let text = r#"{"a":{"b":[{"card":{"cvv":"123","cardNumber":"4567350000427977","expiryDate":"1230"}}]}}"#;
        assert_eq!(
            redact(text),
            r#"{"a":{"b":[{"card":{"cardNumber":"456735******7977","expiryDate":"1230"}}]}}"#
        );
    }

    #[test]
    fn pretty_layout_is_kept_byte_for_byte_around_a_removed_middle_member() {
        let text = "{\n  \"card\": {\n    \"cardNumber\": \"4567350000427977\",\n    \"cvv\": \"123\",\n    \"expiryDate\": \"1299\"\n  }\n}";
        assert_eq!(
            redact(text),
            "{\n  \"card\": {\n    \"cardNumber\": \"456735******7977\",\n    \"expiryDate\": \"1299\"\n  }\n}"
        );
    }

    #[test]
    fn removing_the_last_member_takes_its_leading_comma() {
        assert_eq!(redact(r#"{"a": 1, "cvv": "123"}"#), r#"{"a": 1}"#);
    }

    #[test]
    fn removing_the_only_member_leaves_an_empty_object() {
        assert_eq!(redact(r#"{ "cvv": "123" }"#), "{  }");
    }

    #[test]
    fn removing_neighbouring_members_merges_the_removals() {
        assert_eq!(redact(r#"{"a":1,"cvv":"1","CVV":"2"}"#), r#"{"a":1}"#);
        assert_eq!(redact(r#"{"cvv":"1","CVV":"2"}"#), "{}");
        assert_eq!(redact(r#"{"cvv":"1","a":1,"cvv":"2"}"#), r#"{"a":1}"#);
    }

    #[test]
    fn extra_fields_keep_their_name_and_get_a_masked_value_of_any_type() {
        assert_eq!(
            redact(r#"{"password":{"deep":"x"},"n":{"Password":42}}"#),
            r#"{"password":"****","n":{"Password":"****"}}"#
        );
    }

    #[test]
    fn numeric_card_number_becomes_a_masked_string() {
        assert_eq!(
            redact(r#"{"cardNumber":4567350000427977}"#),
            r#"{"cardNumber":"456735******7977"}"#
        );
    }

    #[test]
    fn card_numbers_inside_other_strings_are_masked() {
        assert_eq!(
            redact(
                r#"{"message":"VALUE 4567350000427977 FAILED","id":"000002000010000596140000100001"}"#
            ),
            r#"{"message":"VALUE 456735******7977 FAILED","id":"000002000010000596140000100001"}"#
        );
    }

    #[test]
    fn card_number_hidden_by_unicode_escapes_is_masked() {
        let text = r#"{"note":"\u0034567350000427977"}"#;
        assert_eq!(redact(text), r#"{"note":"456735******7977"}"#);
    }

    #[test]
    fn brackets_and_quotes_inside_removed_values_do_not_confuse_the_scanner() {
        let text = r#"{"cvv":{"x":"}]\"{","y":[1,{"z":"]"}]},"cardNumber":"5424180279791732"}"#;
        assert_eq!(redact(text), r#"{"cardNumber":"542418******1732"}"#);
    }

    #[test]
    fn non_json_text_is_not_handled_here() {
        assert!(redact_json("cvv=123", &[]).is_none());
        assert!(redact_json(r#"{"cvv":"123""#, &[]).is_none());
    }

    #[test]
    fn scalar_documents_are_json_too() {
        assert_eq!(
            redact_json(" \"4567350000427977\" ", &[]).as_deref(),
            Some(" \"456735******7977\" ")
        );
        assert_eq!(redact_json("42", &[]).as_deref(), Some("42"));
    }

    #[test]
    fn every_fixture_stays_valid_json_with_no_cvv_and_no_full_card_number() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let entries = std::fs::read_dir(&dir).expect("fixtures directory");
        let mut seen = 0;
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let out = redact(&text);
            let value: Value = serde_json::from_str(&out).expect("still JSON");
            let flat = value.to_string();
            assert!(!flat.contains("\"cvv\""), "{}", path.display());
            assert!(!flat.contains("4567350000427977"), "{}", path.display());
            seen += 1;
        }
        assert!(seen >= 10);
    }

    #[test]
    fn the_safety_net_redacts_like_the_scanner() {
        let text = r#"{"card":{"cvv":"1","cardNumber":"4567350000427977","password":[1]}}"#;
        let expected: Value = serde_json::from_str(&redact(text)).expect("json");
        let net: Value =
            serde_json::from_str(&reserialise(text, &["password".to_owned()])).expect("json");
        assert_eq!(net, expected);
        assert_eq!(
            net,
            json!({"card":{"cardNumber":"456735******7977","password":"****"}})
        );
    }
}
