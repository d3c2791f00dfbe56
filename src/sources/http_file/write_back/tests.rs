use super::*;

/// What an editor holds right after loading `r`.
fn unedited(r: &Request) -> Edited {
    Edited {
        method: r.method.clone(),
        target: r.target.clone(),
        headers: r.headers.clone(),
        body: r.body.replace("\r\n", "\n"),
    }
}

/// The file's text after writing `change` over request `n` (0-based).
fn written(text: &str, n: usize, change: impl FnOnce(&mut Edited)) -> String {
    let file = HttpFile::parse(text);
    let (block, r) = file.requests().nth(n).expect("request");
    let mut e = unedited(r);
    change(&mut e);
    let new = block_text(&file, block, r, &e).expect("block");
    let mut file = file.clone();
    file.replace_block(block, &new);
    file.text().to_owned()
}

const SIGNED: &str = "### create\r\n# @name create\r\nPOST https://api.test/v1/1/payments HTTP/1.1\r\nAuthorization: Bearer {{token}}\r\nDate: Fri, 06 Jun 2014 13:39:43 GMT\r\nX-GCS-ServerMetaInfo: abc\r\nContent-Type: application/json\r\n\r\n{\r\n  \"a\": 1\r\n}\r\n\r\n###\r\nGET https://api.test/x\r\n";

#[test]
fn an_unedited_request_is_not_modified_and_writes_its_own_bytes() {
    let file = HttpFile::parse(SIGNED);
    for (block, r) in file.requests() {
        let e = unedited(r);
        assert!(!is_modified(r, &e), "{r:?}");
        assert_eq!(
            block_text(&file, block, r, &e).as_deref(),
            file.block_text(block)
        );
    }
}

#[test]
fn a_body_edit_keeps_signing_headers_the_version_and_crlf() {
    let out = written(SIGNED, 0, |e| e.body = "{\n  \"a\": 2\n}".into());
    assert_eq!(out, SIGNED.replace("\"a\": 1", "\"a\": 2"));
}

#[test]
fn a_url_or_method_edit_keeps_http_1_1_and_a_bare_url_gains_its_method() {
    let out = written(SIGNED, 0, |e| {
        e.target = "https://api.test/v1/2/payments".into()
    });
    assert_eq!(out, SIGNED.replace("/v1/1/payments", "/v1/2/payments"));
    let out = written("https://h.test/a\n", 0, |e| e.method = "OPTIONS".into());
    assert_eq!(out, "OPTIONS https://h.test/a\n");
    let out = written("PATCH  https://h.test/a HTTP/2\n", 0, |e| {
        e.method = "QUERY".into()
    });
    assert_eq!(out, "QUERY  https://h.test/a HTTP/2\n");
    // A URL continued on several lines becomes one line, the version kept.
    let out = written(
        "GET https://h.test\n    /get\n    ?a=1 HTTP/1.1\nX: y\n",
        0,
        |e| e.target = "https://h.test/got".into(),
    );
    assert_eq!(out, "GET https://h.test/got HTTP/1.1\nX: y\n");
}

#[test]
fn a_header_edit_rewrites_that_line_only_and_keeps_comments_among_headers() {
    let text = "GET /a\nAuthorization: Basic dTpw\n# why\nAccept:  text/plain\nX-Old: 1\n\n";
    let out = written(text, 0, |e| {
        e.headers[1].1 = "application/json".into();
        e.headers.remove(2);
        e.headers.push(("X-New".into(), "2".into()));
    });
    assert_eq!(
        out,
        "GET /a\nAuthorization: Basic dTpw\n# why\nAccept: application/json\nX-New: 2\n\n"
    );
    let out = written("GET /a", 0, |e| e.headers.push(("X".into(), "1".into())));
    assert_eq!(out, "GET /a\nX: 1\n");
}

#[test]
fn text_after_an_include_stays_and_no_blank_line_goes_before_a_handler() {
    let text = "POST /upload\nContent-Type: multipart/form-data; boundary=B\n\n--B\nContent-Disposition: form-data; name=\"t\"\n\nold\n--B\n< ./file.txt\n--B--\n\n###\nPOST /x\n\n{}\n> ./check.js\n";
    let out = written(text, 0, |e| e.body = e.body.replace("old", "new"));
    assert_eq!(out, text.replace("old", "new"));
    let out = written(text, 1, |e| e.body = "{\"a\": 1}".into());
    assert_eq!(out, text.replace("{}\n>", "{\"a\": 1}\n>"));
}

#[test]
fn a_body_is_added_after_the_blank_line_or_with_one() {
    let out = written("POST /a\nX: 1\n\n###\nGET /b\n", 0, |e| {
        e.body = "{}".into()
    });
    assert_eq!(out, "POST /a\nX: 1\n\n{}\n###\nGET /b\n");
    let out = written("POST /a\r\nX: 1\r\n###\r\nGET /b\r\n", 0, |e| {
        e.body = "{}".into()
    });
    assert_eq!(out, "POST /a\r\nX: 1\r\n\r\n{}\r\n###\r\nGET /b\r\n");
    let out = written("POST /a", 0, |e| {
        e.headers.push(("X".into(), "1".into()));
        e.body = "{}".into();
    });
    assert_eq!(out, "POST /a\nX: 1\n\n{}\n");
    let out = written("POST /a\n\n{}\n\n# next, commented out\n", 0, |e| {
        e.body.clear()
    });
    assert_eq!(out, "POST /a\n\n\n# next, commented out\n");
}

#[test]
fn crlf_line_ends_alone_do_not_make_a_request_modified() {
    let file = HttpFile::parse("POST /a\r\n\r\n{\r\n}\r\n");
    let (_, r) = file.requests().next().unwrap();
    let mut e = unedited(r);
    assert!(!is_modified(r, &e));
    e.body = "{\n}\n\n".into();
    assert!(!is_modified(r, &e), "trailing blank lines are not a change");
    e.method = "post".into();
    assert!(
        !is_modified(r, &e),
        "the editor's spelling of the method is not a change"
    );
    e.method = "PUT".into();
    assert!(is_modified(r, &e));
    // Another change keeps the file's own spelling of the method.
    let out = written("get /a\n", 0, |e| {
        e.method = "GET".into();
        e.target = "/b".into();
    });
    assert_eq!(out, "get /b\n");
    assert!(
        is_modified(r, &e),
        "the method token is the file's, as written"
    );
}

#[test]
fn a_request_cinspect_adds_runs_in_the_other_tools() {
    let e = Edited {
        method: "POST".into(),
        target: "/v1/{merchantId}/payments/{paymentId}/approve".into(),
        headers: vec![
            ("Authorization".into(), "GCS v1HMAC:k:sig".into()),
            ("Date".into(), "now".into()),
            ("X-GCS-Idempotence-Key".into(), "{{$guid}}".into()),
        ],
        body: "{\"amount\": 1}\n".into(),
    };
    assert_eq!(
        new_request(&e),
        "POST {{baseUrl}}/v1/{{merchantId}}/payments/{{paymentId}}/approve\n\
         X-GCS-Idempotence-Key: {{$guid}}\nContent-Type: application/json\n\n{\"amount\": 1}\n"
    );
    assert_eq!(
        with_variables("https://h/{{a}}/{b}/{ c}/{"),
        "https://h/{{a}}/{{b}}/{ c}/{"
    );
}
