use proptest::prelude::*;

use super::*;
use crate::config::Environment;

const FILE: &str = "@host = {{baseUrl}}\r\n@amount = 2980\r\n\r\n### create\r\n# @name create\r\nPOST {{host}}/v1/{merchantId}/payments HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"amount\": {{amount}}}\r\n\r\n> {%\r\n  client.global.set(\"id\", response.body.payment.id);\r\n%}\r\n\r\n###\r\n# @expect 404\r\nGET /v1/{merchantId}/payments/{paymentId}\r\n";

fn requests(file: &HttpFile) -> Vec<&Request> {
    file.requests().map(|(_, r)| r).collect()
}

#[test]
fn a_file_reads_as_its_requests_with_names_expectations_and_handlers() {
    let file = HttpFile::parse(FILE);
    assert_eq!(file.text(), FILE);
    let rs = requests(&file);
    assert_eq!(rs.len(), 2);
    assert_eq!(rs[0].name.as_deref(), Some("create"));
    assert_eq!(rs[0].method, "POST");
    assert_eq!(rs[0].target, "{{host}}/v1/{merchantId}/payments");
    assert_eq!(rs[0].line, 6);
    assert_eq!(rs[0].body_line, 9, "the body starts after the blank line");
    assert_eq!(rs[0].body, "{\"amount\": {{amount}}}");
    assert_eq!(rs[0].opaque.len(), 1);
    let handler = &file.text()[rs[0].opaque[0].span.clone()];
    assert!(
        handler.starts_with("> {%") && handler.ends_with("%}\r\n"),
        "{handler:?}"
    );
    assert_eq!(rs[1].expect, Some(404));
    assert_eq!(rs[1].name, None);
    let vars: Vec<_> = file.variables().map(|v| v.name.as_str()).collect();
    assert_eq!(vars, ["host", "amount"]);
}

#[test]
fn an_include_is_kept_and_ends_the_body() {
    let text = "POST /x\n\n< ./body.json\n";
    let file = HttpFile::parse(text);
    let r = requests(&file)[0].clone();
    assert_eq!(r.body, "");
    assert_eq!(r.opaque[0].kind, OpaqueKind::Include);
    assert_eq!(&text[r.opaque[0].span.clone()], "< ./body.json\n");
}

#[test]
fn a_malformed_block_says_where_and_the_rest_loads() {
    let text = "GET /a\n\n###\n\"oops\" here\n###\nGET /b\nbad header\n###\n# @expect many\nGET /c\n###\nGET /d\n";
    let file = HttpFile::parse(text);
    let bad: Vec<String> = file
        .blocks()
        .iter()
        .filter_map(|b| match &b.content {
            Content::Malformed(m) => Some(m.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(
        bad[0].starts_with("4:1: `\"oops\" here` is not a request line"),
        "{bad:?}"
    );
    assert!(bad[1].starts_with("9:1: `@expect many`"), "{bad:?}");
    let targets: Vec<_> = requests(&file).iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets, ["/a", "/b", "/d"]);
    // A line that is not a header starts the body (as httpyac reads it), and is named.
    let b = requests(&file)[1];
    assert_eq!(b.body, "bad header");
    assert_eq!(
        b.notes,
        [
            "line 7: `bad header` is not a header: read as the start of the body (a blank line should come before the body)"
        ]
    );
}

#[test]
fn replacing_one_request_leaves_the_others_byte_for_byte() {
    let mut file = HttpFile::parse(FILE);
    let before: Vec<String> = (0..file.blocks().len())
        .map(|i| file.block_text(i).unwrap_or_default().to_owned())
        .collect();
    assert!(file.replace_block(2, "###\r\nGET /v1/{merchantId}/payments/x\r\n"));
    assert_eq!(file.block_text(0), Some(before[0].as_str()));
    assert_eq!(file.block_text(1), Some(before[1].as_str()));
    assert_eq!(requests(&file)[1].target, "/v1/{merchantId}/payments/x");
    assert!(!file.replace_block(9, "x"));
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("###".to_owned()),
        Just("### named".to_owned()),
        Just("# @name a".to_owned()),
        Just("# @expect 402".to_owned()),
        Just("# @expect x".to_owned()),
        Just("@v = {{w}}".to_owned()),
        Just("// note".to_owned()),
        Just("POST /v1/{merchantId}/payments HTTP/1.1".to_owned()),
        Just("GET https://h.test/x".to_owned()),
        Just("  ?a=1".to_owned()),
        Just("Content-Type: application/json".to_owned()),
        Just("{\"a\": [1, {{v}}]}".to_owned()),
        Just("> {%".to_owned()),
        Just("%}".to_owned()),
        Just("< ./f.json".to_owned()),
        Just("< {%".to_owned()),
        Just("run #a".to_owned()),
        Just("    /get".to_owned()),
        Just("> ./check.js".to_owned()),
        Just("OPTIONS /o HTTP/1.1".to_owned()),
        Just("Authorization: Bearer {{t}}".to_owned()),
        Just(String::new()),
        "[ -~\t]{0,20}",
        "\\PC{0,6}",
    ]
}

fn file_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec((piece(), prop_oneof![Just("\n"), Just("\r\n")]), 0..30),
        any::<bool>(),
    )
        .prop_map(|(lines, last_break)| {
            let mut s: String = lines.iter().map(|(l, e)| format!("{l}{e}")).collect();
            if !last_break {
                s.push_str("GET /tail");
            }
            s
        })
}

proptest! {
    #[test]
    fn open_then_write_gives_the_same_bytes(text in file_text()) {
        let file = HttpFile::parse(text.clone());
        prop_assert_eq!(file.text(), text.as_str());
        // The blocks cover every byte, in order.
        let joined: String = (0..file.blocks().len()).filter_map(|i| file.block_text(i)).collect();
        prop_assert_eq!(joined, text);
    }

    #[test]
    fn an_unedited_request_is_not_modified_and_writes_back_its_own_bytes(text in file_text()) {
        let file = HttpFile::parse(text);
        for (block, r) in file.requests() {
            let edited = write_back::Edited {
                method: r.method.clone(),
                target: r.target.clone(),
                headers: r.headers.clone(),
                body: r.body.replace("\r\n", "\n"),
            };
            prop_assert!(!write_back::is_modified(r, &edited));
            let again = write_back::block_text(&file, block, r, &edited);
            prop_assert_eq!(again.as_deref(), file.block_text(block));
        }
    }

    #[test]
    fn an_edit_written_back_reads_back_as_the_edit_and_touches_no_other_block(
        text in file_text(),
        pick in any::<prop::sample::Index>(),
        change in 0..4u8,
    ) {
        let file = HttpFile::parse(text);
        let found: Vec<(usize, Request)> = file.requests().map(|(b, r)| (b, r.clone())).collect();
        // Files without a request (about half) have nothing to edit.
        if found.is_empty() {
            return Ok(());
        }
        let (block, r) = &found[pick.index(found.len())];
        let mut edited = write_back::Edited {
            method: r.method.clone(),
            target: r.target.clone(),
            headers: r.headers.clone(),
            body: r.body.replace("\r\n", "\n"),
        };
        match change {
            0 => edited.headers.push(("X-P".into(), "1".into())),
            1 => edited.body = "{\"p\": 1}".into(),
            2 => { edited.method = "PUT".into(); edited.target = "/p".into(); }
            _ => { edited.headers.clear(); edited.body.clear(); }
        }
        let new = write_back::block_text(&file, *block, r, &edited).expect("block");
        let mut after = file.clone();
        prop_assert!(after.replace_block(*block, &new));
        prop_assert_eq!(after.blocks().len(), file.blocks().len());
        for k in 0..file.blocks().len() {
            if k != *block {
                prop_assert_eq!(after.block_text(k), file.block_text(k));
            }
        }
        match &after.blocks()[*block].content {
            Content::Request(r2) => prop_assert!(!write_back::is_modified(r2, &edited), "{:?}\n{:?}", new, r2),
            other => prop_assert!(false, "{:?}\n{:?}", new, other),
        }
    }

    #[test]
    fn editing_one_request_changes_only_that_one(text in file_text(), pick in any::<prop::sample::Index>()) {
        let mut file = HttpFile::parse(text);
        let before = file.clone();
        let n = before.blocks().len();
        let i = pick.index(n);
        let first = before.block_text(i).unwrap_or_default();
        // A block keeps its separator line so it does not merge with the one before.
        let replacement = if first.trim_start().starts_with("###") { "###\nGET /edited\n" } else { "GET /edited\n" };
        prop_assume!(i + 1 == n || i == 0 || first.trim_start().starts_with("###"));
        file.replace_block(i, replacement);
        for k in 0..i {
            prop_assert_eq!(file.block_text(k), before.block_text(k));
            prop_assert_eq!(&file.blocks()[k].content, &before.blocks()[k].content);
        }
        let shift = file.blocks().len() as isize - n as isize;
        for k in i + 1..n {
            let now = (k as isize + shift) as usize;
            prop_assert_eq!(file.block_text(now), before.block_text(k));
        }
    }
}

fn sim() -> Environment {
    Environment::simulator("http://127.0.0.1:9")
}

fn scope(text: &str) -> Scope {
    Scope::new(&HttpFile::parse(text), &sim())
}

#[test]
fn file_variables_come_first_then_the_environment_never_the_secret() {
    let s = scope("@host = {{baseUrl}}/v1\n@merchantId = mine\n");
    assert_eq!(
        s.fill("{{host}}/{{merchantId}}/{{apiKeyId}}"),
        Ok(format!(
            "http://127.0.0.1:9/v1/mine/{}",
            crate::sim::DEMO_API_KEY_ID
        ))
    );
    assert_eq!(
        s.fill("/v1/{merchantId}/x"),
        Ok("/v1/{merchantId}/x".into())
    );
    let err = s.fill("{{secret}} {{apiKey}} {{secret}}").unwrap_err();
    assert_eq!(
        err,
        VarError::Unresolved {
            names: vec!["secret".into(), "apiKey".into()],
            more: 0,
        }
    );
    assert_eq!(
        err.to_string(),
        "unresolved variables: {{secret}}, {{apiKey}}"
    );
}

#[test]
fn guid_and_timestamp_are_fresh_values() {
    let s = scope("");
    let a = s.fill("{{$guid}}").unwrap_or_default();
    assert_eq!(a.len(), 36, "{a}");
    assert_ne!(Ok(a), s.fill("{{$guid}}"));
    let t = s.fill("{{$timestamp}}").unwrap_or_default();
    assert!(t.parse::<u64>().is_ok_and(|t| t > 1_700_000_000), "{t}");
}

#[test]
fn a_cycle_is_named() {
    let err = scope("@a = {{b}}\n@b = x{{a}}\n")
        .fill("{{a}}")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file's variables refer to each other in a cycle: a → b → a"
    );
}

fn created() -> Captured {
    Captured {
        status: 201,
        headers: vec![("Location".into(), "http://h/v1/m/payments/P1".into())],
        body: r#"{"payment": {"id": "P1", "items": [{"id": "I0"}]}}"#.into(),
    }
}

#[test]
fn earlier_responses_and_carried_ids_fill_later_requests() {
    let mut s = scope("");
    s.remember(Some("create"), "POST", "http://h/v1/m/payments", created());
    assert_eq!(
        s.fill("{{create.response.body.$.payment.id}}"),
        Ok("P1".into())
    );
    assert_eq!(
        s.fill("{{create.response.body.$.payment.items[0].id}}"),
        Ok("I0".into())
    );
    assert_eq!(
        s.fill("{{create.response.headers.location}}"),
        Ok("http://h/v1/m/payments/P1".into())
    );
    assert_eq!(
        s.fill("/payments/{paymentId}/capture {{paymentId}}"),
        Ok("/payments/P1/capture P1".into())
    );
    s.remember(
        None,
        "POST",
        "http://h/v1/m/payments/P1/capture",
        Captured {
            status: 200,
            headers: vec![],
            body: r#"{"id":"C1"}"#.into(),
        },
    );
    assert_eq!(s.ids().get("captureId").map(String::as_str), Some("C1"));
}

#[test]
fn captures_say_why_they_fail() {
    let mut s = scope("");
    s.remember(Some("create"), "POST", "/v1/m/payments", created());
    s.remember(
        Some("page"),
        "GET",
        "/x",
        Captured {
            status: 502,
            headers: vec![],
            body: "<html>".into(),
        },
    );
    let msg = |t: &str| s.fill(t).unwrap_err().to_string();
    assert_eq!(
        msg("{{page.response.body.$.id}}"),
        "{{page.response.body.$.id}}: the response of `page` is not JSON (status 502)"
    );
    assert!(
        msg("{{create.response.body.$.payment.nope}}").contains("has nothing at $.payment.nope")
    );
    assert!(msg("{{create.response.headers.X-Nope}}").contains("has no header X-Nope"));
    assert!(msg("{{later.response.body.$.id}}").contains("no earlier request named `later`"));
    assert!(msg("{{create.response.body.$.payment.items[x]}}").contains("not an array index"));
}

#[test]
fn only_a_successful_create_carries_an_id() {
    assert!(connect_ids("POST", "/v1/m/payments", 402, r#"{"payment":{"id":"P"}}"#).is_empty());
    assert!(connect_ids("GET", "/v1/m/payments", 200, r#"{"payment":{"id":"P"}}"#).is_empty());
    assert!(connect_ids("POST", "/v1/m/payments", 201, "not json").is_empty());
    assert_eq!(
        connect_ids("POST", "/v1/m/tokens?x=1", 201, r#"{"token":"T"}"#),
        [("tokenId", "T".to_owned())]
    );
    assert_eq!(
        connect_ids(
            "POST",
            "/v1/m/hostedcheckouts",
            201,
            r#"{"hostedCheckoutId":"H"}"#
        ),
        [("hostedCheckoutId", "H".to_owned())]
    );
    assert_eq!(
        connect_ids("POST", "/v1/m/payments/P/refund", 201, r#"{"id":"R"}"#),
        [("refundId", "R".to_owned())]
    );
    assert_eq!(
        connect_ids("POST", "/v1/m/payouts", 201, r#"{"id":"O"}"#),
        [("payoutId", "O".to_owned())]
    );
}

#[test]
fn a_byte_order_mark_is_skipped_when_read_and_kept_when_written() {
    let text = "\u{feff}@host = h\n### first\nGET /a\n\n### second\nGET /b\n";
    let mut file = HttpFile::parse(text);
    let names: Vec<_> = requests(&file)
        .iter()
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect();
    assert_eq!(
        names,
        [("GET".into(), "/a".into()), ("GET".into(), "/b".into())]
    );
    assert_eq!(
        file.variables().next().map(|v| v.name.as_str()),
        Some("host")
    );
    assert_eq!(file.text(), text);
    assert_eq!(file.blocks()[0].span.start, 0);
    assert!(file.replace_block(2, "### second\nGET /c\n"));
    assert!(file.text().starts_with('\u{feff}'));
}

#[test]
fn the_files_own_base_url_merchant_and_key_id_are_named_as_overrides() {
    let s = scope(&format!(
        "@baseUrl = http://elsewhere\n@apiKeyId = x\n@apiKeyId = {}\n@merchantId = 9999\nGET /x\n",
        sim().api_key_id
    ));
    let named: Vec<String> = s.overrides().iter().map(ToString::to_string).collect();
    assert_eq!(
        named.len(),
        2,
        "the last @apiKeyId is the environment's: {named:?}"
    );
    assert!(named[0].starts_with("line 1: "), "{named:?}");
    assert!(
        named[0].contains("@baseUrl = http://elsewhere"),
        "{named:?}"
    );
    assert!(named[0].contains(&sim().base_url), "{named:?}");
    assert!(named[1].contains("@merchantId = 9999"), "{named:?}");
    // The same value as the environment's is no override.
    let s = scope(&format!("@merchantId = {}\nGET /x\n", sim().merchant_id));
    assert!(s.overrides().is_empty());
}

#[test]
fn carried_ids_fill_within_the_request_cap() {
    let ids = std::collections::BTreeMap::from([("paymentId".to_string(), "A".repeat(256))]);
    let many = "{paymentId}".repeat(20_000);
    let err = super::vars::replace_ids(many, &ids).unwrap_err();
    assert!(
        matches!(err, VarError::TooLong { name: Some(ref n), .. } if n == "paymentId"),
        "{err}"
    );
    assert_eq!(
        super::vars::replace_ids("/p/{paymentId}/x".into(), &ids).map(|s| s.len()),
        Ok(256 + 5)
    );
}

#[test]
fn a_checker_answers_each_text_once_and_remembers_what_it_walked() {
    let names: String = (0..2_000).map(|i| format!("{{{{b{i}}}}}")).collect();
    let mut text = format!("@a = {names}\n");
    for i in 0..2_000 {
        text.push_str(&format!("@b{i} = x\n"));
    }
    text.push_str("@c = {{a}}{{missing}}\nGET /x\n");
    let s = scope(&text);
    let mut checker = s.checker();
    for _ in 0..10_000 {
        assert_eq!(checker.check("{{a}}"), Ok(()));
    }
    let err = checker.check("{{c}}").unwrap_err();
    assert!(err.to_string().contains("{{missing}}"), "{err}");
    // Met again from memory, `c` is still said to be unfillable.
    assert!(checker.check("{{c}} again").is_err());
}
