//! The comparison of whole exchanges: halves, headers, noise, errors, the
//! text fallback and its notes; and properties of the body diff.

use proptest::prelude::*;

use super::report::{self, Texts};
use super::*;
use crate::connect::read_error_report;

fn report_of(body: &str) -> ErrorReport {
    serde_json::from_str(body)
        .map(|v| read_error_report(&v))
        .unwrap_or_default()
}

struct Owned {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
    status: u16,
    meaning: &'static str,
    verdict: &'static str,
    response_headers: Vec<(String, String)>,
    response_body: String,
    errors: ErrorReport,
}

fn exchange(body: &str, status: u16, response_body: &str) -> Owned {
    Owned {
        method: "POST",
        url: "http://127.0.0.1:7878/v1/1234/payments".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Date".into(), "Tue, 24 Nov 2026 01:05:02 GMT".into()),
            (
                "Authorization".into(),
                "GCS v1HMAC:key:aaaaaaaaaaaaaaaaaaaaaaaaaaaa=".into(),
            ),
        ],
        body: body.into(),
        status,
        meaning: if status == 201 {
            "Created"
        } else {
            "Bad Request"
        },
        verdict: if status == 201 {
            "success"
        } else {
            "validation"
        },
        response_headers: vec![
            ("content-type".into(), "application/json".into()),
            ("date".into(), "Tue, 24 Nov 2026 01:05:02 GMT".into()),
            ("content-length".into(), response_body.len().to_string()),
        ],
        response_body: response_body.into(),
        errors: report_of(response_body),
    }
}

impl Owned {
    fn side(&self) -> Side<'_> {
        Side {
            method: self.method,
            url: &self.url,
            headers: &self.headers,
            body: BodyInput::text(&self.body),
            response: Ok(ResponseInput {
                status: self.status,
                meaning: self.meaning,
                verdict_kind: self.verdict,
                verdict_summary: "",
                headers: &self.response_headers,
                body: BodyInput::text(&self.response_body),
                errors: &self.errors,
            }),
        }
    }
}

fn compared(l: &Owned, r: &Owned) -> Comparison {
    compare(
        &l.side(),
        &r.side(),
        Parts::Both,
        &Limits::default(),
        &mut |_| {},
    )
}

fn listed(c: &Comparison) -> Vec<String> {
    c.differences()
        .map(|d| {
            format!(
                "{} {} {}{}",
                d.part.name(),
                d.change.mark(),
                report::label(d),
                d.expected
                    .map_or(String::new(), |e| format!(" ({})", e.name()))
            )
        })
        .collect()
}

const REJECTED: &str = r#"{"errorId":"e1","errors":[
 {"code":"21000120","id":"INVALID_EXPIRY_DATE","propertyName":"card.expiryDate","requestId":"1"},
 {"code":"20000000","id":"PARAMETER_NOT_FOUND_IN_REQUEST","propertyName":"order.customer.billingAddress.countryCode","requestId":"1"}]}"#;

#[test]
fn the_demo_fix_shows_the_changed_fields_and_the_fixed_errors() {
    let mut before = exchange(
        r#"{"card":{"expiryDate":"1210"},"order":{}}"#,
        400,
        REJECTED,
    );
    let after = exchange(
        r#"{"card":{"expiryDate":"1230"},"order":{"customer":{"billingAddress":{"countryCode":"NL"}}}}"#,
        201,
        r#"{"payment":{"id":"000001","status":"PENDING_APPROVAL"}}"#,
    );
    before.headers[1].1 = "Tue, 24 Nov 2026 01:04:00 GMT".into();
    before.headers[2].1 = "GCS v1HMAC:key:bbbbbbbbbbbbbbbbbbbbbbbbbbbb=".into();
    let c = compared(&before, &after);
    assert_eq!(
        listed(&c),
        vec![
            "request ~ header Date (date)",
            "request ~ header Authorization (signature)",
            "request ~ body card.expiryDate",
            "request + body order.customer",
            "response ~ status",
            "response ~ verdict",
            "response ~ header content-length (transport)",
            "response - body errorId",
            "response - body errors",
            "response + body payment",
        ]
    );
    let errors = c.errors.as_ref().expect("errors compared");
    assert_eq!(errors.summary(), "2 fixed, 0 still there, 0 new");
    assert_eq!(c.counts(), (7, 3));
    assert!(!c.is_same(false));
    let texts = Texts {
        left: [&before.body, &before.response_body],
        right: [&after.body, &after.response_body],
    };
    let text = report::text(&c, &texts, false);
    assert!(
        text.contains("  ~ body card.expiryDate: \"1210\" → \"1230\"\n"),
        "{text}"
    );
    assert!(
        text.contains("    fixed: 21000120 INVALID_EXPIRY_DATE card.expiryDate\n"),
        "{text}"
    );
    assert!(
        text.contains("expected to differ (3): date ×1, signature ×1, transport ×1"),
        "{text}"
    );
    assert!(!text.contains("header Date"), "{text}");
    assert!(report::text(&c, &texts, true).contains("header Date"));
}

#[test]
fn two_calls_that_differ_only_in_noise_are_the_same_but_for_all() {
    let body = r#"{"a":1}"#;
    let l = exchange(body, 400, REJECTED);
    let mut r = exchange(
        body,
        400,
        &REJECTED
            .replace("\"e1\"", "\"e2\"")
            .replace("\"1\"", "\"2\""),
    );
    r.headers[1].1 = "Tue, 24 Nov 2026 01:09:09 GMT".into();
    let c = compared(&l, &r);
    assert!(c.is_same(false), "{:?}", listed(&c));
    assert!(!c.is_same(true));
    assert_eq!(
        listed(&c),
        vec![
            "request ~ header Date (date)",
            "response ~ body errorId (error_id)",
            "response ~ body errors[0].requestId (request_id)",
            "response ~ body errors[1].requestId (request_id)",
        ]
    );
    assert_eq!(
        c.errors.as_ref().map(ErrorsCompared::summary).as_deref(),
        Some("0 fixed, 2 still there, 0 new")
    );
    assert!(compared(&l, &l).is_same(true));
}

#[test]
fn headers_compare_by_name_in_any_case_and_group_repeats() {
    let mut l = exchange("", 201, "");
    let mut r = exchange("", 201, "");
    l.headers.push(("X-GCS-ClientMetaInfo".into(), "a".into()));
    r.headers.push(("x-gcs-clientmetainfo".into(), "a".into()));
    l.headers.push(("Accept".into(), "a".into()));
    l.headers.push(("accept".into(), "b".into()));
    r.headers.push(("ACCEPT".into(), "a, b".into()));
    r.headers.push(("X-Extra".into(), "1".into()));
    r.response_headers
        .push(("Location".into(), "/v1/1234/payments/000002".into()));
    l.response_headers
        .push(("location".into(), "/v1/1234/payments/000001".into()));
    let c = compared(&l, &r);
    assert_eq!(
        listed(&c),
        vec![
            "request + header X-Extra",
            "response ~ header location (platform_id)",
        ]
    );
    let extra = c.differences().next().expect("one");
    assert!(!extra.signing_or_transport);
}

#[test]
fn urls_that_differ_only_in_platform_ids_are_expected() {
    let mut l = exchange("", 201, "");
    let mut r = exchange("", 201, "");
    l.url = "http://h/v1/1234/payments/000001/capture".into();
    r.url = "http://h/v1/1234/payments/000002/capture".into();
    assert_eq!(
        listed(&compared(&l, &r)),
        vec!["request ~ url (platform_id)"]
    );
    r.url = "http://h/v1/1234/payments/000001/cancel".into();
    assert_eq!(listed(&compared(&l, &r)), vec!["request ~ url"]);
}

#[test]
fn bodies_that_are_not_json_are_compared_line_by_line_with_a_note() {
    let l = exchange("", 502, "<html>\n<h1>Bad Gateway</h1>\n</html>");
    let r = exchange("", 502, "<html>\n<h1>Gateway Timeout</h1>\n</html>");
    let c = compared(&l, &r);
    let half = c.response.as_ref().expect("response");
    assert_eq!(half.body, BodyMode::Lines);
    assert_eq!(
        half.notes,
        vec![
            "the left response body is not JSON at 1:1 (expected a value); compared line by line",
            "the right response body is not JSON at 1:1 (expected a value); compared line by line",
        ]
    );
    assert_eq!(
        listed(&c),
        vec![
            "response ~ header content-length (transport)",
            "response ~ body line 2"
        ]
    );
    let texts = Texts {
        left: ["", &l.response_body],
        right: ["", &r.response_body],
    };
    let d = c.differences().nth(1).expect("two");
    assert_eq!(
        report::change_text(d, &texts, 100),
        "<h1>Bad Gateway</h1> → <h1>Gateway Timeout</h1>"
    );
}

#[test]
fn a_cut_body_and_a_deep_one_are_compared_as_text_naming_the_side() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let l = exchange(&deep, 201, "");
    let r = exchange(&deep.replacen('1', "2", 1), 201, "");
    let c = compared(&l, &r);
    let half = c.request.as_ref().expect("request");
    assert_eq!(half.body, BodyMode::Lines);
    assert!(
        half.notes
            .iter()
            .any(|n| n.starts_with("the left request body nests deeper than 512 levels")),
        "{:?}",
        half.notes
    );
    assert_eq!(listed(&c), vec!["request ~ body line 1"]);

    let kept = exchange("", 201, r#"{"a":1}"#);
    let mut cut = kept.side();
    let other = exchange("", 201, r#"{"a":1,"b":2}"#);
    if let Ok(resp) = &mut cut.response {
        resp.body.cut = Some("cut at 5 MB of 12 MB".into());
    }
    let c = compare(
        &cut,
        &other.side(),
        Parts::Response,
        &Limits::default(),
        &mut |_| {},
    );
    let half = c.response.as_ref().expect("response");
    assert_eq!(
        half.notes,
        vec![
            "the left response body was cut at 5 MB of 12 MB: what was kept is compared, as text; compared line by line"
        ]
    );
    assert!(c.request.is_none());
}

#[test]
fn bodies_over_the_cap_compare_what_was_kept() {
    let l = exchange(&format!("\"{}\"", "a".repeat(100)), 201, "");
    let r = exchange(&format!("\"{}b\"", "a".repeat(100)), 201, "");
    let limits = Limits {
        max_body: 50,
        ..Limits::default()
    };
    let c = compare(&l.side(), &r.side(), Parts::Request, &limits, &mut |_| {});
    let half = c.request.as_ref().expect("request");
    assert!(
        half.notes[0].contains("its first 0 MB are compared"),
        "{:?}",
        half.notes
    );
    // The first 50 bytes are the same.
    assert!(half.differences.is_empty());
}

#[test]
fn a_missing_response_and_a_missing_body_are_differences() {
    let l = exchange(r#"{"a":1}"#, 201, "");
    let r = exchange("", 201, "");
    let mut ls = l.side();
    ls.response = Err("connection refused".into());
    let c = compare(&ls, &r.side(), Parts::Both, &Limits::default(), &mut |_| {});
    assert_eq!(listed(&c), vec!["request - body $", "response ~ status"]);
    let texts = Texts {
        left: [&l.body, ""],
        right: ["", ""],
    };
    let status = c.differences().nth(1).expect("status");
    assert_eq!(
        report::change_text(status, &texts, 100),
        "no response: connection refused → 201 Created"
    );
}

#[test]
fn errors_are_fixed_still_there_or_new_each_matched_once() {
    let key = |code: &str, p: &str| ErrorKey {
        code: code.into(),
        property: p.into(),
        id: None,
    };
    let left = [key("1", "a"), key("1", "a"), key("2", "b")];
    let right = [key("1", "a"), key("3", "c")];
    let e = ErrorsCompared::of(&left, &right);
    assert_eq!(e.summary(), "2 fixed, 1 still there, 1 new");
    assert_eq!(e.new, vec![key("3", "c")]);
}

#[test]
fn progress_is_reported_up_to_the_whole() {
    let l = exchange(r#"{"a":[1,2,3]}"#, 201, r#"{"b":1}"#);
    let r = exchange(r#"{"a":[1,2,4]}"#, 201, r#"{"b":2}"#);
    let mut seen = Vec::new();
    compare(
        &l.side(),
        &r.side(),
        Parts::Both,
        &Limits::default(),
        &mut |p| seen.push(p),
    );
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done), "{seen:?}");
    let last = seen.last().expect("some");
    assert_eq!(last.done, last.total);
    assert_eq!(last.percent(), 100);
}

#[test]
fn markdown_redacts_and_escapes() {
    let l = exchange(
        r#"{"card":{"cardNumber":"4567350000427977","cvv":"123"}}"#,
        201,
        "",
    );
    let r = exchange(
        r#"{"card":{"cardNumber":"4567350000427978","cvv":"124"}}"#,
        201,
        "",
    );
    let mut r = r;
    r.headers[1].1 = "Tue, 24 Nov 2026 01:09:09 GMT".into();
    let c = compared(&l, &r);
    let texts = Texts {
        left: [&l.body, ""],
        right: [&r.body, ""],
    };
    let md = report::markdown(&c, &texts, ("history 1 | x", "sent"), &|d, v| {
        if d.path.ends_with("cvv") {
            "(removed)".into()
        } else {
            v.replace("4567350000427977", "456735******7977")
                .replace("4567350000427978", "456735******7978")
        }
    });
    assert!(md.contains("| left | history 1 \\| x |"), "{md}");
    assert!(md.contains("`\"456735******7977\"`"), "{md}");
    assert!(!md.contains("4567350000427977"), "{md}");
    assert!(!md.contains("123"), "{md}");
    assert!(
        md.contains("Expected to differ (1): Date: signed with every request"),
        "{md}"
    );
}

// ---- properties of the body diff ----

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        (-5i64..5).prop_map(|n| serde_json::Value::Number(n.into())),
        "[a-c ]{0,3}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::vec(("(a|b|c|x y|d\\.e)", inner), 0..5)
                .prop_map(|members| { serde_json::Value::Object(members.into_iter().collect()) }),
        ]
    })
}

fn body_diff(a: &str, b: &str) -> Comparison {
    compare_bodies(
        Part::Response,
        &BodyInput::text(a),
        &BodyInput::text(b),
        &Limits::default(),
        &mut |_| {},
    )
}

/// The value at a path the diff wrote (member names and indexes only).
fn steps(path: &str) -> Vec<Result<String, usize>> {
    let parsed = crate::locate::parse_path(path).expect("a path the locator reads");
    let mut out = Vec::new();
    for step in parsed.steps {
        if let crate::locate::Target::Field(name) = step.target {
            out.push(Ok(name));
        }
        for f in step.filters {
            match f.kind {
                crate::locate::FilterKind::Index(i) => out.push(Err(i as usize)),
                other => panic!("no identity in these bodies: {other:?}"),
            }
        }
    }
    out
}

fn at<'v>(
    v: &'v mut serde_json::Value,
    steps: &[Result<String, usize>],
) -> &'v mut serde_json::Value {
    let mut v = v;
    for s in steps {
        v = match s {
            Ok(name) => v.get_mut(name.as_str()).expect("member"),
            Err(i) => v.get_mut(*i).expect("item"),
        };
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_body_against_itself_has_no_difference(a in json_value()) {
        let text = serde_json::to_string_pretty(&a).expect("json");
        prop_assert!(body_diff(&text, &text).differences().next().is_none());
        let compact = serde_json::to_string(&a).expect("json");
        prop_assert!(body_diff(&text, &compact).differences().next().is_none());
    }

    #[test]
    fn every_path_reported_selects_the_value_it_names(a in json_value(), b in json_value()) {
        let (ta, tb) = (serde_json::to_string_pretty(&a).expect("a"), serde_json::to_string(&b).expect("b"));
        let c = body_diff(&ta, &tb);
        let texts = Texts { left: ["", &ta], right: ["", &tb] };
        for d in c.differences() {
            for (which, text) in [(Which::Left, &ta), (Which::Right, &tb)] {
                let Some(raw) = texts.raw(d, which) else { continue };
                let mut value: serde_json::Value = serde_json::from_str(text).expect("json");
                let here = at(&mut value, &steps(&d.path)).clone();
                let said: serde_json::Value = serde_json::from_str(raw).expect("span is a value");
                prop_assert_eq!(here, said, "{} on the {:?}", d.path, which);
                // And the locator (F8's) finds it there.
                let doc = crate::locate::Document::parse(text);
                let opts = crate::locate::LocateOptions { index_base: crate::locate::IndexBase::Zero, message: None };
                let loc = doc.locate(&d.path, &opts);
                let start = match d.value(which) { Some(Value::Span(r)) => r.start as usize, _ => unreachable!() };
                let found = match &loc.outcome {
                    crate::locate::Outcome::Found { matches } => matches.iter().any(|m| doc.byte_offset(m.start) == Some(start)),
                    _ => false,
                };
                prop_assert!(found, "{} on the {:?}: {:?}", d.path, which, loc.outcome);
            }
        }
    }

    #[test]
    fn applying_the_changes_to_the_left_gives_the_right(a in json_value(), b in json_value()) {
        let (ta, tb) = (serde_json::to_string(&a).expect("a"), serde_json::to_string_pretty(&b).expect("b"));
        let c = body_diff(&ta, &tb);
        let texts = Texts { left: ["", &ta], right: ["", &tb] };
        let mut out: serde_json::Value = serde_json::from_str(&ta).expect("json");
        let diffs: Vec<&Difference> = c.differences().collect();
        let value = |d: &Difference| -> serde_json::Value {
            serde_json::from_str(texts.raw(d, Which::Right).expect("right")).expect("json")
        };
        for d in diffs.iter().filter(|d| d.change == Change::Changed) {
            *at(&mut out, &steps(&d.path)) = value(d);
        }
        // Removals from the end of each array first, then additions in order.
        for d in diffs.iter().rev().filter(|d| d.change == Change::Removed) {
            let mut s = steps(&d.path);
            let last = s.pop().expect("a step");
            match (at(&mut out, &s), last) {
                (serde_json::Value::Object(m), Ok(name)) => { m.shift_remove(&name); }
                (serde_json::Value::Array(items), Err(i)) => { items.remove(i); }
                (other, last) => panic!("{other:?} {last:?}"),
            }
        }
        for d in diffs.iter().filter(|d| d.change == Change::Added) {
            let mut s = steps(&d.path);
            let last = s.pop().expect("a step");
            let v = value(d);
            match (at(&mut out, &s), last) {
                (serde_json::Value::Object(m), Ok(name)) => { m.insert(name, v); }
                (serde_json::Value::Array(items), Err(i)) => { items.insert(i, v); }
                (other, last) => panic!("{other:?} {last:?}"),
            }
        }
        prop_assert_eq!(out, b);
    }
}
