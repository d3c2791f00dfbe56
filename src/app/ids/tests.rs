use super::*;

#[test]
fn a_create_and_a_payment_read_give_their_ids() {
    let created = r#"{"creationOutput":{"token":"b2f8c4e1-7d3a-4c55-9b1e-2a6f0c9d8e71"},
        "payment":{"id":"000000123410000599980000100001","status":"CAPTURED"}}"#;
    let ids = harvest("POST", "/v1/1234/payments", 201, created);
    assert!(ids.contains(&(
        "paymentId".to_owned(),
        "000000123410000599980000100001".to_owned()
    )));
    assert!(ids.contains(&(
        "tokenId".to_owned(),
        "b2f8c4e1-7d3a-4c55-9b1e-2a6f0c9d8e71".to_owned()
    )));
    assert_eq!(
        ids.iter().filter(|(n, _)| n == "paymentId").count(),
        1,
        "the create's id and the body's are one: {ids:?}"
    );
    // A refund answered under the payment: its top-level id is a refundId.
    let refund = r#"{"id":"00000012341000059998000010000100001","status":"PENDING"}"#;
    let ids = harvest(
        "POST",
        "https://h/v1/1/payments/000000123410000599980000100001/refund",
        201,
        refund,
    );
    assert_eq!(
        ids,
        vec![(
            "refundId".to_owned(),
            "00000012341000059998000010000100001".to_owned()
        )]
    );
    // A list: every capture's id.
    let captures = r#"{"captures":[{"id":"111111-1"},{"id":"222222-2"}]}"#;
    let ids = harvest("GET", "/v1/1/payments/9/captures", 200, captures);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.iter().all(|(n, _)| n == "captureId"));
}

#[test]
fn errors_words_and_huge_or_deep_bodies_give_nothing() {
    assert!(harvest("POST", "/v1/1/payments", 400, r#"{"paymentId":"0001234"}"#).is_empty());
    // Not id-shaped: a status word, a number, a sentence.
    let body = r#"{"paymentId":"CAPTURED","refundId":12345,"captureId":"a b 1"}"#;
    assert!(harvest("GET", "/v1/1/x", 200, body).is_empty());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(harvest("GET", "/v1/1/payments/1", 200, &deep).is_empty());
    let big = format!(
        r#"{{"paymentId":"0001234","pad":"{}"}}"#,
        "x".repeat(2 << 20)
    );
    assert!(harvest("GET", "/v1/1/payments/1", 200, &big).is_empty());
}

#[test]
fn seen_ids_are_newest_first_bounded_and_the_wanted_name_leads() {
    let mut seen = SeenIds::default();
    seen.see(
        vec![("paymentId".into(), "0001".into())],
        "10:00:00",
        "201 POST /payments",
    );
    seen.see(
        vec![("refundId".into(), "0002".into())],
        "10:01:00",
        "201 POST /payments/0001/refund",
    );
    seen.see(
        vec![("paymentId".into(), "0003".into())],
        "10:02:00",
        "201 POST /payments",
    );
    fn values(seen: &SeenIds, wanted: Option<&str>) -> Vec<String> {
        seen.ordered(wanted)
            .iter()
            .map(|s| s.value.clone())
            .collect()
    }
    assert_eq!(values(&seen, None), ["0003", "0002", "0001"]);
    assert_eq!(values(&seen, Some("refundId")), ["0002", "0003", "0001"]);
    // Seen again: to the front, once.
    seen.see(
        vec![("paymentId".into(), "0001".into())],
        "10:03:00",
        "200 GET /payments/0001",
    );
    assert_eq!(values(&seen, Some("paymentId")), ["0001", "0003", "0002"]);
    for i in 0..MAX_SEEN + 10 {
        seen.see(vec![("paymentId".into(), format!("{i:08}"))], "t", "f");
    }
    assert_eq!(seen.len(), MAX_SEEN);
    assert_eq!(seen.forget(), MAX_SEEN);
    assert!(seen.is_empty());
}

#[test]
fn the_request_line_is_told_short() {
    assert_eq!(
        described(
            201,
            "POST",
            "https://h:1/v1/1234/payments/000123/refund?x=1"
        ),
        "201 POST /payments/000123/refund"
    );
    assert_eq!(
        described(200, "GET", "/v1/{merchantId}/tokens/abc"),
        "200 GET /tokens/abc"
    );
}

#[test]
fn url_placeholders_are_found_at_the_cursor() {
    let url = "/v1/{merchantId}/payments/{paymentId}/refund?x={{v}}";
    assert_eq!(
        url_placeholder(url, 30),
        Some((26..37, "paymentId".to_owned()))
    );
    assert_eq!(
        url_placeholder(url, 37),
        Some((26..37, "paymentId".to_owned())),
        "just after"
    );
    assert_eq!(url_placeholder(url, 40), None);
    assert_eq!(
        url_placeholder(url, 50),
        None,
        "a {{variable}} is no placeholder"
    );
    assert_eq!(url_placeholder("/a/{x", 4), None);
}

#[test]
fn an_id_value_in_the_body_is_a_place_for_an_id() {
    let place = |line: &str, col| body_place(3, line, col);
    let line = r#"    "paymentId": "000000123410000599980000100001","#;
    // On the value, its quotes included; not on the key.
    let want = Some(IdPlace::Body {
        row: 3,
        chars: 18..48,
        name: Some("paymentId".to_owned()),
    });
    assert_eq!(place(line, 20), want);
    assert_eq!(place(line, 17), want);
    assert_eq!(place(line, 48), want);
    assert_eq!(place(line, 6), None);
    // An empty value of an id field, a token, a placeholder inside a string.
    assert_eq!(
        place(r#""tokenId": """#, 12),
        Some(IdPlace::Body {
            row: 3,
            chars: 12..12,
            name: Some("tokenId".to_owned())
        })
    );
    assert_eq!(
        place(r#""token": "{tokenId}""#, 12).and_then(|p| p.name().map(str::to_owned)),
        Some("tokenId".to_owned())
    );
    let href = r#""href": "/payments/{paymentId}/x""#;
    assert_eq!(
        place(href, 22),
        Some(IdPlace::Body {
            row: 3,
            chars: 19..30,
            name: Some("paymentId".to_owned())
        })
    );
    // Id-shaped without an id field's name: any id; a word is no place.
    assert_eq!(
        place(r#""reference": "a1b2c3d4","#, 16).and_then(|p| p.name().map(str::to_owned)),
        None
    );
    assert!(place(r#""reference": "a1b2c3d4","#, 16).is_some());
    assert_eq!(place(r#""status": "CAPTURED""#, 13), None);
    assert_eq!(
        place(r#""merchantId": "1234""#, 16).and_then(|p| p.name().map(str::to_owned)),
        None
    );
    // Escapes, wide characters and a string left open at the line's end.
    let wide = r#""näme": "é\"x", "paymentId": "12"#;
    assert_eq!(
        place(wide, 32),
        Some(IdPlace::Body {
            row: 3,
            chars: 30..32,
            name: Some("paymentId".to_owned())
        })
    );
}

#[test]
fn deep_nesting_and_a_10_mb_line_are_read_in_one_pass() {
    let deep = format!(
        "{}\"paymentId\": \"0001234\"{}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        body_place(0, &deep, 100_016),
        Some(IdPlace::Body {
            row: 0,
            chars: 100_014..100_021,
            name: Some("paymentId".to_owned())
        })
    );
    // A 10 MB value under no id field's name is no id.
    let huge = format!("\"x\": \"{}\"", "a1".repeat(5_000_000));
    assert_eq!(body_place(0, &huge, 100), None);
    // CRLF bodies reach here without their \r (the editor splits lines on \n
    // and drops it); a tab before the value is whitespace like a space.
    assert!(body_place(0, "\t\"refundId\":\t\"00012345\"", 16).is_some());
}
