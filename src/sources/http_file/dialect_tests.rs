//! The syntaxes of REST Client, JetBrains and Visual Studio that real files
//! use, each in a small file of cinspect's own.

use super::*;

fn only_request(text: &str) -> (HttpFile, Request) {
    let file = HttpFile::parse(text);
    let bad: Vec<_> = file
        .blocks()
        .iter()
        .filter_map(|b| match &b.content {
            Content::Malformed(m) => Some(m.to_string()),
            _ => None,
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    let rs: Vec<Request> = file.requests().map(|(_, r)| r.clone()).collect();
    assert_eq!(rs.len(), 1, "{rs:?}");
    let r = rs[0].clone();
    (file, r)
}

#[test]
fn jetbrains_pre_request_scripts_and_run_lines_are_kept_not_run() {
    let text = "### one\n< {%\n  request.variables.set(\"x\", \"1\");\n%}\n< ./sign.js\nrun #login\nPOST https://h.test/a\nX: {{x}}\n\n{}\n";
    let (file, r) = only_request(text);
    assert_eq!(
        (r.method.as_str(), r.target.as_str()),
        ("POST", "https://h.test/a")
    );
    assert_eq!(r.line, 7);
    let kinds: Vec<_> = r.opaque.iter().map(|o| o.kind).collect();
    assert_eq!(
        kinds,
        [
            OpaqueKind::PreScript,
            OpaqueKind::PreScript,
            OpaqueKind::Run
        ]
    );
    assert_eq!(r.opaque[0].lines(&file), (2, 4));
    let note = opaque::kept_note(&file, &r).unwrap_or_default();
    assert!(
        note.contains("< {% … %} pre-request script (lines 2–4)"),
        "{note}"
    );
    assert!(note.contains("`run #login` (line 6)"), "{note}");
    // A one-line script, and a block with a script and no request.
    let file = HttpFile::parse("< {% client.log(1) %}\nGET /a\n\n###\n< {%\n x\n%}\n");
    assert_eq!(file.requests().count(), 1);
    assert_eq!(file.blocks()[1].content, Content::Empty);
}

#[test]
fn a_request_line_continued_on_indented_lines() {
    let (_, r) =
        only_request("GET https://h.test\n    /get\n    ?a=1\n    &b=2 HTTP/1.1\nAccept: */*\n");
    assert_eq!(r.target, "https://h.test/get?a=1&b=2");
    assert_eq!(r.headers, [("Accept".to_owned(), "*/*".to_owned())]);
}

#[test]
fn a_visual_studio_byte_order_mark_is_not_part_of_the_first_line() {
    let (file, r) = only_request("\u{feff}@host = https://h.test\n\nGET {{host}}/a\n");
    assert_eq!(r.target, "{{host}}/a");
    assert_eq!(
        file.variables().next().map(|v| v.name.as_str()),
        Some("host")
    );
}

#[test]
fn a_body_without_the_blank_line_before_it_loads_with_a_note() {
    let (_, r) = only_request("POST /a\nContent-Type: application/json\n{\"a\": 1}\n");
    assert_eq!(r.headers.len(), 1);
    assert_eq!(r.body, "{\"a\": 1}");
    assert_eq!(r.notes.len(), 1);
    assert!(
        r.notes[0].starts_with("line 3: `{\"a\": 1}` is not a header"),
        "{:?}",
        r.notes
    );
    // An include right after the headers is the body's, kept.
    let (_, r) = only_request("POST /a\nAccept: */*\n<@ ./vars.json\n");
    assert_eq!(r.opaque[0].kind, OpaqueKind::Include);
    assert!(r.notes.is_empty());
}

#[test]
fn a_script_file_handler_is_kept_and_not_sent() {
    let (_, r) = only_request("POST /a\n\n{\"a\": 1}\n\n> ./check.js\n");
    assert_eq!(r.body, "{\"a\": 1}");
    assert_eq!(r.opaque[0].kind, OpaqueKind::Handler);
    // A quoted line of a text body is not a handler.
    let (_, r) = only_request("POST /a\n\n> a quote, in words\n");
    assert_eq!(r.body, "> a quote, in words");
    assert!(r.opaque.is_empty());
}

#[test]
fn comment_lines_after_a_body_are_not_sent() {
    let (_, r) = only_request("POST /a\n\n{\"a\": 1}\n\n# GET /old\n// and this\n");
    assert_eq!(r.body, "{\"a\": 1}");
    let (_, r) = only_request("POST /a\n\n# only a comment\n");
    assert_eq!(r.body, "");
}

#[test]
fn any_method_token_is_kept_as_written() {
    for method in [
        "OPTIONS",
        "QUERY",
        "TRACE",
        "WEBSOCKET",
        "GRAPHQL",
        "PROPFIND",
    ] {
        let (_, r) = only_request(&format!("{method} https://h.test/a HTTP/1.1\n"));
        assert_eq!(r.method, method);
        assert_eq!(r.target, "https://h.test/a");
    }
}

#[test]
fn text_after_an_include_inside_a_body_stays_in_the_file() {
    let text =
        "POST /up\nContent-Type: multipart/form-data; boundary=B\n\n--B\n\n< ./a.pdf\n--B--\n";
    let (file, r) = only_request(text);
    assert_eq!(r.body, "--B");
    assert_eq!(r.opaque[0].include_path(&file), "./a.pdf");
    assert_eq!(file.text(), text);
}

#[test]
fn a_path_with_a_host_header_goes_to_that_host() {
    let h = |v: &str| vec![("Host".to_owned(), v.to_owned())];
    assert_eq!(
        host_url("/api/x", &h("h.test")),
        Some("http://h.test/api/x".into())
    );
    assert_eq!(
        host_url("/a", &h("h.test:443")),
        Some("https://h.test:443/a".into())
    );
    assert_eq!(host_url("https://o.test/a", &h("h.test")), None);
    assert_eq!(host_url("/a", &[]), None);
    assert_eq!(host_url("/a", &h("evil.test/x@")), None);
}
