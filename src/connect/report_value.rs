//! A response body read as far as its error report goes ([`read_error_report`]
//! is all a verdict reads of a body): the parts the report looks at become a
//! `Value` (`errorId`, `errors`, the result objects' `id`, `status` and
//! `statusOutput`, …), the rest is checked as JSON without being built. The
//! body is valid or not exactly as a whole `Value` parse says (numbers,
//! strings, escapes and depth are read the same way: one parser), and the
//! report is the same. A 201 with a whole payment object costs a scan, not a
//! tree of it: `cinspect logs` and the log browser judge every exchange.
//!
//! [`read_error_report`]: super::read_error_report

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// What of a value is kept, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The body: `errorId`, `errors`, `statusOutput`, the `…Result` objects
    /// and the `payment`/`payout`/`refund` objects.
    Root,
    /// `paymentResult`, `payoutResult`, `refundResult`: their object.
    Result,
    /// `payment`, `payout`, `refund`: `id`, `status`, `statusOutput`.
    Object,
    /// `statusOutput`: `errors`, `statusCategory`, `statusCode`.
    StatusOutput,
    /// All of it.
    All,
    /// Nothing (checked, not built).
    Nothing,
}

impl Keep {
    /// What is kept of the value under `key` in a map at this level.
    fn under(self, key: &str) -> Keep {
        match (self, key) {
            (Keep::Root, "errorId" | "errors") => Keep::All,
            (Keep::Root | Keep::Object, "statusOutput") => Keep::StatusOutput,
            (Keep::Root, "paymentResult" | "payoutResult" | "refundResult") => Keep::Result,
            (Keep::Root | Keep::Result, "payment" | "payout" | "refund") => Keep::Object,
            (Keep::Object, "id" | "status") => Keep::All,
            (Keep::StatusOutput, "errors" | "statusCategory" | "statusCode") => Keep::All,
            _ => Keep::Nothing,
        }
    }
}

/// Reads `bytes` as JSON keeping what an error report reads (see the
/// module's docs); fails exactly where `serde_json::from_slice::<Value>`
/// does, with the same error.
pub fn report_value(bytes: &[u8]) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Keep::Root.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

impl<'de> DeserializeSeed<'de> for Keep {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self {
            Keep::All => Value::deserialize(d),
            _ => d.deserialize_any(Pruned(self)),
        }
    }
}

/// A visitor keeping what its level keeps: a map at a pruned level keeps
/// the kept keys (the last of a key given twice, as a map would); anything
/// else there is read through and stands as null (nothing reads it). Not
/// `IgnoredAny`: it skips numbers without reading them, so a number a
/// `Value` cannot hold (1e400) would pass.
struct Pruned(Keep);

impl<'de> Visitor<'de> for Pruned {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_str<E>(self, _: &str) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element_seed(Keep::Nothing)?.is_some() {}
        Ok(Value::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut kept = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let keep = self.0.under(&key);
            let value = map.next_value_seed(keep)?;
            if keep != Keep::Nothing {
                kept.insert(key.into_owned(), value);
            }
        }
        Ok(if self.0 == Keep::Nothing {
            Value::Null
        } else {
            Value::Object(kept)
        })
    }
}

/// A map's key, read as a `Value`'s keys are (borrowed when it has no escape).
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::read_error_report;

    fn same(body: &str) {
        let whole = serde_json::from_str::<Value>(body);
        let pruned = report_value(body.as_bytes());
        match (whole, pruned) {
            (Ok(whole), Ok(pruned)) => {
                assert_eq!(
                    read_error_report(&pruned),
                    read_error_report(&whole),
                    "{body}"
                );
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{body}"),
            (a, b) => panic!("{body}: {a:?} / {b:?}"),
        }
    }

    #[test]
    fn the_report_is_the_whole_values_and_so_are_the_errors() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let deep_inside = format!("{{\"x\":{}{}}}", "{\"a\":".repeat(130), "1}".repeat(130));
        for body in [
            r#"{"errorId":"e1","errors":[{"code":"1099","propertyName":"a.b","message":"m","httpStatusCode":400}]}"#,
            r#"{"errorId":7,"errors":{"code":1}}"#,
            r#"{"paymentResult":{"payment":{"id":"p1","status":"REJECTED","statusOutput":{"errors":[{"code":"430330"}],"statusCategory":"UNSUCCESSFUL","statusCode":100}},"x":[1,2]},"errors":[]}"#,
            r#"{"paymentResult":null,"payment":{"id":"p","statusOutput":{"errors":[{"code":"1"}]}}}"#,
            r#"{"payout":{"statusOutput":{"errors":[]}},"statusOutput":{"errors":[{"id":"x"}]}}"#,
            r#"{"statusOutput":{"errors":[{"code":"2"}]},"statusOutput":{"errors":[{"code":"3"}]}}"#,
            r#"{"refundResult":[1],"refund":"no","errors":"none"}"#,
            r#"[{"errors":[{"code":"1"}]}]"#,
            r#""just a string""#,
            r#"{"a":1e400}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a\u0041":"\n","errors":[{"code":"\u0031"}]}"#,
            r#"{"errors":[{"code":"1"}]} trailing"#,
            r#"{"errors":[{"code":"1"},]}"#,
            r#"{"a":tru}"#,
            "",
            "   ",
            &deep,
            &deep_inside,
        ] {
            same(body);
        }
    }

    #[test]
    fn every_fixture_response_reads_the_same() {
        use crate::sources::sdk_log::{self, Options};
        let mut bodies = 0;
        for log in sdk_log::fixtures::logs() {
            for x in sdk_log::read(log.as_slice(), Options::default()) {
                if let Some(body) = x.response.as_ref().and_then(|r| r.body.as_ref()) {
                    same(&body.text);
                    bodies += 1;
                }
            }
        }
        assert!(bodies > 50, "{bodies}");
    }
}
