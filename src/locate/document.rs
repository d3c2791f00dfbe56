//! `Document`: one text scanned once, located in many times; the index-base decision.

use super::eval::{Eval, Item, Resolved};
use super::lines::LineIndex;
use super::message::quoted_value;
use super::outcome::{IndexBase, LocateOptions, Location, Match, Nearest, Outcome, Position, Span};
use super::path::{Path, parse_path};
use super::scan::{Tree, scan};

/// The tolerant scan of one request text plus its line index.
///
/// Offsets are kept in `u32`: a text longer than 4 GiB is scanned up to the last
/// character boundary before that limit (no request body comes near it).
#[derive(Clone, Debug)]
pub struct Document<'t> {
    text: &'t str,
    tree: Tree,
    lines: LineIndex,
}

/// The largest text length the `u32` arena can address.
const MAX_LEN: usize = u32::MAX as usize - 1;

impl<'t> Document<'t> {
    /// Scans `text`; never fails, whatever the text holds.
    pub fn parse(text: &'t str) -> Self {
        let text = cap(text);
        Document {
            text,
            tree: scan(text),
            lines: LineIndex::new(text.as_bytes()),
        }
    }

    /// The text this document was parsed from (capped, see the type's docs).
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// True when the text holds a value at all (not empty or white space only).
    pub fn has_value(&self) -> bool {
        self.tree.root.is_some()
    }

    /// Locates a propertyName in this text.
    pub fn locate(&self, property: &str, opts: &LocateOptions) -> Location {
        match parse_path(property) {
            Ok(path) => self.locate_path(property, &path, opts),
            Err(unsupported) => Location {
                property: property.to_owned(),
                outcome: Outcome::Unsupported {
                    reason: unsupported.reason,
                },
                index_base: None,
                other_reading: None,
                warnings: Vec::new(),
            },
        }
    }

    /// Locates an already parsed path (`property` is reported back as given).
    pub fn locate_path(&self, property: &str, path: &Path, opts: &LocateOptions) -> Location {
        let mut location = Location {
            property: property.to_owned(),
            outcome: Outcome::Found {
                matches: Vec::new(),
            },
            index_base: None,
            other_reading: None,
            warnings: Vec::new(),
        };
        if !path.has_base_dependent_index() {
            let mut eval = Eval::new(&self.tree, self.text);
            let resolved = eval.evaluate(path, 0);
            location.outcome = self.outcome(&eval, &resolved);
            location.warnings = eval.warnings();
            return location;
        }
        let mut zero = Eval::new(&self.tree, self.text);
        let zero_resolved = zero.evaluate(path, 0);
        let mut one = Eval::new(&self.tree, self.text);
        let one_resolved = one.evaluate(path, 1);
        let base = match opts.index_base {
            IndexBase::Zero => 0,
            IndexBase::One => 1,
            IndexBase::Auto => {
                auto_base((&zero, &zero_resolved), (&one, &one_resolved), opts.message)
            }
        };
        let zero_outcome = self.outcome(&zero, &zero_resolved);
        let one_outcome = self.outcome(&one, &one_resolved);
        let (used, other, eval) = if base == 0 {
            (zero_outcome, one_outcome, &zero)
        } else {
            (one_outcome, zero_outcome, &one)
        };
        location.outcome = used;
        location.index_base = Some(base);
        location.other_reading = Some(Box::new(other));
        location.warnings = eval.warnings();
        location
    }

    /// The 1-based line/column of a byte offset (offsets past the end map to the end).
    pub fn position(&self, byte: usize) -> Position {
        self.lines.position(self.text, byte)
    }

    /// The byte offset of a 1-based position, None when it is outside the text.
    pub fn byte_offset(&self, pos: Position) -> Option<usize> {
        self.lines.byte_offset(self.text, pos)
    }

    fn outcome(&self, eval: &Eval, resolved: &Resolved) -> Outcome {
        match resolved {
            Resolved::Found(items) => Outcome::Found {
                matches: items
                    .iter()
                    .map(|&item| self.to_match(eval, item))
                    .collect(),
            },
            Resolved::Missing { nearest, missing } => Outcome::Missing {
                nearest: match nearest {
                    Some(item) => {
                        let span = self.span(item.node);
                        Nearest {
                            path: eval.path_of(item.seg),
                            span,
                            start: self.position(span.start),
                        }
                    }
                    None => Nearest {
                        path: "$".to_owned(),
                        span: Span::default(),
                        start: Position { line: 1, column: 1 },
                    },
                },
                missing: missing.clone(),
            },
        }
    }

    fn to_match(&self, eval: &Eval, item: Item) -> Match {
        let span = self.span(item.node);
        let node = self.tree.node(item.node);
        Match {
            path: eval.path_of(item.seg),
            span,
            start: self.position(span.start),
            end: self.position(span.end),
            key: node.key_span().map(|r| Span {
                start: r.start,
                end: r.end,
            }),
        }
    }

    fn span(&self, node: u32) -> Span {
        let r = self.tree.node(node).span();
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// Locates `property` in `text` (parses the text; use `Document` to locate many).
pub fn locate(text: &str, property: &str, opts: &LocateOptions) -> Location {
    Document::parse(text).locate(property, opts)
}

/// `IndexBase::Auto`: the only reading that resolves; else the one whose first match
/// has the value the message quotes; else 1-based, the API's documented reading.
fn auto_base(zero: (&Eval, &Resolved), one: (&Eval, &Resolved), message: Option<&str>) -> u8 {
    let first = |(eval, resolved): (&Eval, &Resolved)| match resolved {
        Resolved::Found(items) => items.first().map(|i| eval.value_text(i.node)),
        Resolved::Missing { .. } => None,
    };
    match (first(zero), first(one)) {
        (Some(_), None) => 0,
        (None, Some(_)) => 1,
        (Some(z), Some(o)) => {
            let quoted = message.and_then(quoted_value);
            let z_quoted = quoted.is_some() && z == quoted;
            let o_quoted = quoted.is_some() && o == quoted;
            if z_quoted && !o_quoted { 0 } else { 1 }
        }
        (None, None) => 1,
    }
}

/// `text` shortened to at most `MAX_LEN` bytes, on a character boundary.
fn cap(text: &str) -> &str {
    if text.len() <= MAX_LEN {
        return text;
    }
    let mut end = MAX_LEN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn opts(base: IndexBase) -> LocateOptions<'static> {
        LocateOptions {
            index_base: base,
            message: None,
        }
    }

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    /// The matched texts, or a panic naming the outcome.
    fn found<'a>(text: &'a str, loc: &Location) -> Vec<&'a str> {
        match &loc.outcome {
            Outcome::Found { matches } => matches
                .iter()
                .map(|m| &text[m.span.start..m.span.end])
                .collect(),
            other => panic!("{}: {other:?}", loc.property),
        }
    }

    fn missing(loc: &Location) -> (String, String) {
        match &loc.outcome {
            Outcome::Missing { nearest, missing } => (nearest.path.clone(), missing.clone()),
            other => panic!("{}: {other:?}", loc.property),
        }
    }

    fn fixture(name: &str) -> String {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// 1-based line/column of `needle`'s first occurrence, computed independently.
    fn line_col_of(text: &str, byte: usize) -> Position {
        let before = &text[..byte];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        at(line, text[line_start..byte].chars().count() + 1)
    }

    #[test]
    fn string_value_span_includes_quotes_and_positions_its_first_char() {
        let t = "{\n  \"a\": \"xyz\"\n}";
        let loc = locate(t, "a", &opts(IndexBase::Auto));
        let Outcome::Found { matches } = &loc.outcome else {
            panic!("{loc:?}");
        };
        let m = &matches[0];
        assert_eq!(&t[m.span.start..m.span.end], "\"xyz\"");
        assert_eq!(m.start, at(2, 8));
        assert_eq!(m.end, at(2, 13));
        assert_eq!(m.key.map(|k| &t[k.start..k.end]), Some("\"a\""));
        assert_eq!(loc.index_base, None);
        assert!(loc.other_reading.is_none());
    }

    #[test]
    fn index_base_one_reads_first_element_and_zero_second() {
        let t = r#"{"a": [10, 20]}"#;
        let one = locate(t, "a[1]", &opts(IndexBase::One));
        assert_eq!(found(t, &one), ["10"]);
        assert_eq!(one.index_base, Some(1));
        let zero = locate(t, "a[1]", &opts(IndexBase::Zero));
        assert_eq!(found(t, &zero), ["20"]);
        assert_eq!(zero.index_base, Some(0));
        // Each reports the other reading, which differs.
        assert!(one.other_reading_differs());
        assert_eq!(one.other_reading.as_deref(), Some(&zero.outcome));
    }

    #[test]
    fn negative_index_has_no_base() {
        let t = r#"{"a": [10, 20]}"#;
        let loc = locate(t, "a[-1]", &opts(IndexBase::Auto));
        assert_eq!(found(t, &loc), ["20"]);
        assert_eq!(loc.index_base, None);
        assert!(loc.other_reading.is_none());
    }

    #[test]
    fn auto_takes_the_only_reading_that_resolves() {
        let t = r#"{"a": [10, 20]}"#;
        // a[2]: 0-based is past the end, 1-based is the second element.
        let loc = locate(t, "a[2]", &opts(IndexBase::Auto));
        assert_eq!(found(t, &loc), ["20"]);
        assert_eq!(loc.index_base, Some(1));
        // a[0]: only the 0-based reading exists.
        let loc = locate(t, "a[0]", &opts(IndexBase::Auto));
        assert_eq!(found(t, &loc), ["10"]);
        assert_eq!(loc.index_base, Some(0));
        assert!(matches!(
            loc.other_reading.as_deref(),
            Some(Outcome::Missing { .. })
        ));
    }

    #[test]
    fn auto_lets_the_quoted_value_decide() {
        let t = r#"{"items": [{"amount": 100}, {"amount": 50.3}]}"#;
        let message = "INVALID_VALUE: '50.3' is not a valid value for field 'amount'";
        let loc = locate(
            t,
            "items[1].amount",
            &LocateOptions {
                index_base: IndexBase::Auto,
                message: Some(message),
            },
        );
        assert_eq!(found(t, &loc), ["50.3"]);
        assert_eq!(loc.index_base, Some(0));
        let message = "items[1].amount (100) IS WRONG";
        let loc = locate(
            t,
            "items[1].amount",
            &LocateOptions {
                index_base: IndexBase::Auto,
                message: Some(message),
            },
        );
        assert_eq!(found(t, &loc), ["100"]);
        assert_eq!(loc.index_base, Some(1));
    }

    #[test]
    fn auto_compares_string_values_unquoted() {
        let t = r#"{"c": [{"d": "1210"}, {"d": "1299"}]}"#;
        let loc = locate(
            t,
            "c[1].d",
            &LocateOptions {
                index_base: IndexBase::Auto,
                message: Some("c.d (1299) IS IN THE PAST"),
            },
        );
        assert_eq!(loc.index_base, Some(0));
        assert_eq!(found(t, &loc), ["\"1299\""]);
    }

    #[test]
    fn auto_falls_back_to_one_based() {
        let t = r#"{"a": [10, 20, 30]}"#;
        let loc = locate(t, "a[1]", &opts(IndexBase::Auto));
        assert_eq!(found(t, &loc), ["10"]);
        assert_eq!(loc.index_base, Some(1));
        // A quoted value that neither reading has does not decide either.
        let loc = locate(
            t,
            "a[1]",
            &LocateOptions {
                index_base: IndexBase::Auto,
                message: Some("value (99) is wrong"),
            },
        );
        assert_eq!(loc.index_base, Some(1));
        // Neither resolves: still 1-based, reported as missing.
        let loc = locate(t, "a[7]", &opts(IndexBase::Auto));
        assert_eq!(loc.index_base, Some(1));
        assert_eq!(missing(&loc), ("a".to_owned(), "[7]".to_owned()));
    }

    #[test]
    fn unsupported_paths_report_a_reason_and_no_base() {
        for p in [
            "$count(items)",
            "items.*",
            "a.**",
            "amount * 2",
            "a[x='1' or y='2']",
            "a[0..1]",
        ] {
            let loc = locate(r#"{"a": 1}"#, p, &opts(IndexBase::Auto));
            assert!(
                matches!(&loc.outcome, Outcome::Unsupported { reason } if !reason.is_empty()),
                "{p}: {loc:?}"
            );
            assert_eq!(loc.index_base, None);
            assert_eq!(loc.to_json()["outcome"], "unsupported");
        }
    }

    #[test]
    fn missing_field_reports_nearest_value_position() {
        let t = "{\n  \"order\": {\n    \"customer\": {}\n  }\n}";
        let loc = locate(
            t,
            "order.customer.billingAddress.countryCode",
            &opts(IndexBase::Auto),
        );
        let Outcome::Missing { nearest, missing } = &loc.outcome else {
            panic!("{loc:?}");
        };
        assert_eq!(nearest.path, "order.customer");
        assert_eq!(&t[nearest.span.start..nearest.span.end], "{}");
        assert_eq!(nearest.start, at(3, 17));
        assert_eq!(missing, "billingAddress");
    }

    #[test]
    fn missing_in_the_middle_of_an_indexed_path() {
        let t = r#"{"items": [{"amountOfMoney": {}}]}"#;
        let loc = locate(t, "items[0].amountOfMoney.amount", &opts(IndexBase::Zero));
        assert_eq!(
            missing(&loc),
            ("items[0].amountOfMoney".to_owned(), "amount".to_owned())
        );
        let loc = locate(t, "items[type='DISCOUNT'].x", &opts(IndexBase::Zero));
        assert_eq!(
            missing(&loc),
            ("items".to_owned(), "[type='DISCOUNT']".to_owned())
        );
    }

    #[test]
    fn empty_text_has_nearest_root_at_one_one() {
        for t in ["", "  \r\n\t"] {
            let loc = locate(t, "order.amountOfMoney", &opts(IndexBase::Auto));
            let Outcome::Missing { nearest, missing } = &loc.outcome else {
                panic!("{loc:?}");
            };
            assert_eq!(nearest.path, "$");
            assert_eq!(nearest.start, at(1, 1));
            assert_eq!(nearest.span, Span { start: 0, end: 0 });
            assert_eq!(missing, "order");
        }
    }

    #[test]
    fn nothing_found_points_at_the_root() {
        let t = "  {\"a\": 1}";
        let loc = locate(t, "b", &opts(IndexBase::Auto));
        let Outcome::Missing { nearest, .. } = &loc.outcome else {
            panic!("{loc:?}");
        };
        assert_eq!(nearest.path, "$");
        assert_eq!(nearest.start, at(1, 3));
    }

    #[test]
    fn duplicate_key_last_wins_with_warning() {
        let t = r#"{"order": {"amountOfMoney": {"amount": 1}, "amountOfMoney": {"amount": 2}}}"#;
        let loc = locate(t, "order.amountOfMoney.amount", &opts(IndexBase::Auto));
        assert_eq!(found(t, &loc), ["2"]);
        assert_eq!(
            loc.warnings,
            ["duplicate key `order.amountOfMoney`: the last one is used"]
        );
        assert_eq!(loc.to_json()["warnings"][0], loc.warnings[0].as_str());
    }

    #[test]
    fn unicode_escapes_in_keys() {
        let t = r#"{"na\u006de": 1, "\ud83d\ude00": 2, "bad\q": 3}"#;
        let o = opts(IndexBase::Auto);
        assert_eq!(found(t, &locate(t, "name", &o)), ["1"]);
        assert_eq!(found(t, &locate(t, "`😀`", &o)), ["2"]);
        assert_eq!(found(t, &locate(t, "`bad\\q`", &o)), ["3"]);
    }

    #[test]
    fn crlf_positions() {
        let t = "{\r\n  \"a\": {\r\n    \"b\": 1\r\n  }\r\n}\r\n";
        let loc = locate(t, "a.b", &opts(IndexBase::Auto));
        let json = loc.to_json();
        assert_eq!(json["matches"][0]["line"], 3);
        assert_eq!(json["matches"][0]["column"], 10);
        assert_eq!(json["matches"][0]["end_column"], 11);
    }

    #[test]
    fn tabs_count_one_column() {
        let t = "{\n\t\t\"a\":\t7\n}";
        let json = locate(t, "a", &opts(IndexBase::Auto)).to_json();
        assert_eq!(json["matches"][0]["line"], 2);
        assert_eq!(json["matches"][0]["column"], 8);
    }

    #[test]
    fn non_ascii_columns_count_scalar_values() {
        let t = "{\"é😀\": \"ü\", \"b\": 1}";
        let doc = Document::parse(t);
        let json = doc.locate("b", &opts(IndexBase::Auto)).to_json();
        // {"é😀": "ü", "b": 1  → the 1 is the 18th scalar value.
        assert_eq!(json["matches"][0]["column"], 18);
        let json = doc.locate("`é😀`", &opts(IndexBase::Auto)).to_json();
        assert_eq!(json["matches"][0]["column"], 8);
        assert_eq!(json["matches"][0]["end_column"], 11);
        assert_eq!(json["matches"][0]["path"], "`é😀`");
    }

    #[test]
    fn broken_texts_still_locate_what_is_there() {
        let o = opts(IndexBase::Auto);
        let cases = [
            ("missing comma", "{\"a\": 1\n\"b\": {\"c\": 2}}"),
            ("trailing comma", "{\"a\": 1, \"b\": {\"c\": 2,},}"),
            ("unclosed object", "{\"a\": 1, \"b\": {\"c\": 2"),
            (
                "unclosed array",
                "{\"a\": 1, \"b\": {\"c\": 2, \"d\": [1, 2",
            ),
            (
                "unclosed string",
                "{\"a\": 1, \"x\": \"abc\n\"b\": {\"c\": 2}}",
            ),
            ("truncated mid-key", "{\"a\": 1, \"b\": {\"c\": 2, \"de"),
            ("garbage", "{\"a\": 1, ### \"b\": {@ \"c\": 2 !!}}"),
        ];
        for (what, t) in cases {
            assert_eq!(found(t, &locate(t, "a", &o)), ["1"], "{what}");
            assert_eq!(found(t, &locate(t, "b.c", &o)), ["2"], "{what}");
        }
    }

    #[test]
    fn position_and_byte_offset_round_trip() {
        let t = "{\n  \"é\": 1\r\n}";
        let doc = Document::parse(t);
        for (byte, _) in t.char_indices() {
            let pos = doc.position(byte);
            if t[byte..].starts_with('\n') && t[..byte].ends_with('\r') {
                // Two bytes, one break, one position: it maps back to the `\r`.
                assert_eq!(doc.byte_offset(pos), Some(byte - 1));
                continue;
            }
            assert_eq!(doc.byte_offset(pos), Some(byte), "{byte} {pos:?}");
        }
    }

    #[test]
    fn parsed_paths_can_be_reused() {
        let t = r#"{"a": [1, 2]}"#;
        let doc = Document::parse(t);
        let path = parse_path("a[0]").unwrap();
        let loc = doc.locate_path("a[0]", &path, &opts(IndexBase::Zero));
        assert_eq!(found(t, &loc), ["1"]);
    }

    #[test]
    fn fixture_expiry_date_position_computed_and_hard_coded() {
        let t = fixture("create-payment-request.json");
        let loc = locate(
            &t,
            "cardPaymentMethodSpecificInput.card.expiryDate",
            &opts(IndexBase::Auto),
        );
        let Outcome::Found { matches } = &loc.outcome else {
            panic!("{loc:?}");
        };
        let m = &matches[0];
        let key = t.find("\"expiryDate\"").unwrap();
        let value = key + t[key..].find("\"1299\"").unwrap();
        assert_eq!(
            m.span,
            Span {
                start: value,
                end: value + 6
            }
        );
        assert_eq!(m.start, line_col_of(&t, value));
        assert_eq!(m.start, at(7, 21));
        assert_eq!(m.end, at(7, 27));
        assert_eq!(m.path, "cardPaymentMethodSpecificInput.card.expiryDate");
        assert_eq!(loc.index_base, None);
    }

    #[test]
    fn fixture_cart_item_amount_under_both_bases() {
        let t = fixture("create-payment-request.json");
        let doc = Document::parse(&t);
        let p = "order.shoppingCart.items[1].amountOfMoney.amount";
        let zero = doc.locate(p, &opts(IndexBase::Zero));
        assert_eq!(found(&t, &zero), ["480"]);
        let Outcome::Found { matches } = &zero.outcome else {
            unreachable!()
        };
        assert_eq!(matches[0].path, p);
        assert_eq!(matches[0].start, line_col_of(&t, t.find("480").unwrap()));
        let one = doc.locate(p, &opts(IndexBase::One));
        assert_eq!(found(&t, &one), ["2500"]);
        let Outcome::Found { matches } = &one.outcome else {
            unreachable!()
        };
        assert_eq!(
            matches[0].path,
            "order.shoppingCart.items[0].amountOfMoney.amount"
        );
        // Both readings resolve and no message: auto takes the documented 1-based one.
        let auto = doc.locate(p, &opts(IndexBase::Auto));
        assert_eq!(auto.index_base, Some(1));
        assert!(auto.other_reading_differs());
        // items[2] resolves only 1-based.
        let auto = doc.locate(
            "order.shoppingCart.items[2].amountOfMoney.amount",
            &opts(IndexBase::Auto),
        );
        assert_eq!(found(&t, &auto), ["480"]);
        assert_eq!(auto.index_base, Some(1));
    }

    #[test]
    fn fixture_error_property_names_in_a_create_payment_body() {
        let t = fixture("create-payment-request.json");
        let doc = Document::parse(&t);
        for (error, property) in [
            ("400-parameter-not-found.json", "bin"),
            ("404-unknown-payment.json", "paymentId"),
            (
                "400-invalid-request.json",
                "cardPaymentMethodSpecificInput.card.expiryDate",
            ),
        ] {
            let body: serde_json::Value = serde_json::from_str(&fixture(error)).unwrap();
            let err = &body["errors"][0];
            assert_eq!(err["propertyName"], property, "{error}");
            let loc = doc.locate(
                property,
                &LocateOptions {
                    index_base: IndexBase::Auto,
                    message: err["message"].as_str(),
                },
            );
            if property.contains('.') {
                assert!(loc.outcome.is_found(), "{error}: {loc:?}");
            } else {
                assert_eq!(
                    missing(&loc),
                    ("$".to_owned(), property.to_owned()),
                    "{error}"
                );
                assert_eq!(loc.to_json()["nearest"]["line"], 1);
                assert_eq!(loc.to_json()["nearest"]["column"], 1);
            }
        }
    }

    #[test]
    fn cap_keeps_short_texts_whole() {
        assert_eq!(cap("abc"), "abc");
    }
}
