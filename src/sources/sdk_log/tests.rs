//! The reader on small logs written the way each SDK and logger writes
//! them, and on bad input: fragments are counted with their lines, nothing
//! panics or hangs.

use super::*;

fn read_all(log: &[u8]) -> (Vec<LoggedExchange>, Stats) {
    read_with(log, Options::default())
}

fn read_with(log: &[u8], options: Options) -> (Vec<LoggedExchange>, Stats) {
    let mut r = read(log, options);
    let xs: Vec<_> = r.by_ref().collect();
    (xs, r.stats().clone())
}

fn java_request(id: &str, prefix: &str) -> String {
    format!(
        "{prefix}Outgoing request (requestId='{id}'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      'Content-Type=\"application/json\", Authorization=\"********\"'\n  content-type: 'application/json'\n  body:         '{{\"card\":{{\"cvv\":\"***\",\"cardNumber\":\"************7977\"}},\"order\":{{\"amountOfMoney\":{{\"amount\":2980,\"currencyCode\":\"EURO\"}}}}}}'\n"
    )
}

fn java_response(id: &str, prefix: &str, status: u16) -> String {
    format!(
        "{prefix}Incoming response (requestId='{id}', 7 ms):\n  status-code:  '{status}'\n  headers:      'content-type=\"application/json\"'\n  content-type: 'application/json'\n  body:         '{{\"errorId\":\"e1\",\"errors\":[{{\"code\":\"1099\",\"propertyName\":\"order.amountOfMoney.currencyCode\",\"message\":\"INVALID_VALUE: EURO\"}}]}}'\n"
    )
}

#[test]
fn dotnet_crlf_and_nlog_layout() {
    let log = "2026-12-02 00:28:36.1234|INFO|Shop.Payments|Outgoing request (requestId='a1b2c3d4-0000-4000-8000-000000000001'):\r\n  method:       'GET'\r\n  uri:          '/v1/1234/payments/1'\r\n  headers:      'X-GCS-ServerMetaInfo=\"eyJzZGtJZGVudGlmaWVyIjoiRG90TmV0U2VydmVyU0RLL3Y3LjIuMCJ9\", Authorization=\"********\"'\r\n2026-12-02 00:28:36.2000|INFO|Shop.Payments|Incoming response (requestId='a1b2c3d4-0000-4000-8000-000000000001' + '12' ms):\r\n  status-code:  '404'\r\n  headers:      'Date=\"Wed, 02 Dec 2026 00:28:36 GMT\" Content-Type=\"application/json\"'\r\n  content-type: 'application/json'\r\n  body:         ''\r\n";
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    let x = &xs[0];
    assert_eq!(
        (x.sdk, x.sdk_version.as_deref()),
        (Sdk::DotNet, Some("7.2.0"))
    );
    assert_eq!(x.time.as_deref(), Some("2026-12-02T00:28:36.1234"));
    assert_eq!((x.status(), x.elapsed_ms()), (Some(404), Some(12.0)));
    let r = x.response.as_ref().expect("response");
    assert_eq!(r.body, None, "an empty body is no body");
    assert_eq!(
        x.request.as_ref().expect("request").uri,
        "/v1/1234/payments/1"
    );
}

#[test]
fn python_before_3_0_fields() {
    let log = "Outgoing request (requestId='p1'):\n  method:        'POST'\n  uri:          ''/v1/1234/payments''\n  headers:      Authorization=\"********\"\n  content-type:  'application/json'\n  body:         '{\n    \"cvv\": \"***\"\n}'\nIncoming response (requestId='p1', 8 ms):\n  status_code:  400\n  headers:      content-type=\"application/json\"\n  content-type :application/json\n  body         {\"errors\":[{\"code\":\"1\"}]}\n";
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    let x = &xs[0];
    assert_eq!(x.sdk, Sdk::Python);
    let req = x.request.as_ref().expect("request");
    assert_eq!(req.uri, "/v1/1234/payments");
    assert_eq!(
        req.body.as_ref().expect("body").text,
        "{\n    \"cvv\": \"***\"\n}"
    );
    let resp = x.response.as_ref().expect("response");
    assert_eq!(resp.status, 400);
    assert_eq!(
        resp.body.as_ref().expect("body").content_type.as_deref(),
        Some("application/json")
    );
}

#[test]
fn an_unquoted_mask_makes_the_body_invalid_json_but_it_is_read() {
    // connect-sdk-java before 6.10.0 masked an unquoted value up to the next blank.
    let log = "Outgoing request (requestId='j1'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      'Authorization=\"********\"'\n  content-type: 'application/json'\n  body:         '{\"card\":{\"cvv\": ***, \"x\": 1}}'\nOutgoing request (requestId='j2'):\n  method:       'POST'\n  uri:          '/v1/1234/payments'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{\"card\":{\"cvv\":***'\n2026 something else\n";
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0, "{:?}", stats.fragments_note());
    let masked = &xs[0].request.as_ref().expect("request").masked;
    assert_eq!(masked.len(), 1);
    assert_eq!(
        (masked[0].path.as_str(), masked[0].quoted, masked[0].column),
        ("card.cvv", false, 17)
    );
    let eaten = xs[1].request.as_ref().expect("request");
    assert_eq!(
        eaten.body.as_ref().expect("body").text,
        "{\"card\":{\"cvv\":***"
    );
}

#[test]
fn node_raw_bodies_and_empty_bodies() {
    let log = "Request with Message ID: n1, GET to /v1/1234/products?countryCode=NL, headers: {\n  \"Authorization\": \"********\"\n}, body: \nResponse from Message ID: n1, status: 502, headers: {\n  \"content-type\": \"text/html\"\n}, body: <html>Bad gateway</html>\nshop: order 12 done\n";
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    let x = &xs[0];
    assert_eq!(x.sdk, Sdk::Node);
    let req = x.request.as_ref().expect("request");
    assert_eq!(
        (req.method.as_str(), req.uri.as_str()),
        ("GET", "/v1/1234/products?countryCode=NL")
    );
    assert_eq!(
        req.headers,
        vec![("Authorization".to_string(), "********".to_string())]
    );
    assert_eq!(req.body, None);
    let resp = x.response.as_ref().expect("response");
    assert_eq!(
        resp.body.as_ref().expect("body").text,
        "<html>Bad gateway</html>"
    );
    let exchange = x.exchange().expect("exchange");
    assert_eq!(exchange.verdict.kind.as_str(), "communication");
}

#[test]
fn php_without_a_body_and_with_an_html_body() {
    let log = "2026-12-02T00:25:44+00:00 Outgoing request to https://eu.api-ingenico.com (requestId='h1')\nGET /v1/1234/payments/1 HTTP/1.1\nAuthorization: ********\n2026-12-02T00:25:45+00:00 Incoming response from https://eu.api-ingenico.com (requestId='h1')\nHTTP/2 503 Service Unavailable\ncontent-type: text/html\nretry-after: 30\n\n<html>\n<body>down</body>\n</html>\n2026-12-02T00:25:46+00:00 Something else\n";
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    let x = &xs[0];
    assert_eq!(x.sdk, Sdk::Php);
    let sent = x.sent_request().expect("request");
    assert_eq!(sent.url, "https://eu.api-ingenico.com/v1/1234/payments/1");
    assert_eq!(sent.body, None);
    let resp = x.response.as_ref().expect("response");
    assert_eq!(resp.status, 503);
    assert_eq!(
        resp.body.as_ref().expect("body").text,
        "<html>\n<body>down</body>\n</html>"
    );
    assert_eq!(
        x.exchange().expect("exchange").verdict.kind.as_str(),
        "communication"
    );
}

#[test]
fn java_util_logging_two_line_records() {
    let header = "Dec 02, 2026 12:28:40 AM com.ingenico.connect.gateway.sdk.java.logging.JdkCommunicatorLogger log\n";
    let log = format!(
        "{header}{}{header}{}",
        java_request("u1", "INFO: "),
        java_response("u1", "INFO: ", 400)
    );
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    assert_eq!(xs[0].time.as_deref(), Some("2026-12-02T00:28:40"));
    assert_eq!((xs[0].line, xs[0].status()), (2, Some(400)));
}

#[test]
fn pino_records_hold_whole_messages() {
    let request = java_request("q1", "");
    let response = java_response("q1", "", 400);
    let line = |t: i64, m: &str| {
        format!(
            "{}\n",
            serde_json::json!({"level": 30, "time": t, "msg": m.trim_end()})
        )
    };
    let log = format!(
        "{}{{\"level\":30,\"msg\":\"listening\"}}\n{}",
        line(1_796_169_570_917, &request),
        line(1_796_169_570_961, &response)
    );
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    assert_eq!(xs.len(), 1);
    assert_eq!(xs[0].time.as_deref(), Some("2026-12-01T23:59:30.917Z"));
    assert_eq!(xs[0].response.as_ref().map(|r| r.line), Some(3));
    assert_eq!(xs[0].request.as_ref().expect("request").masked.len(), 2);
}

#[test]
fn interleaved_threads_pair_by_request_id() {
    let log = [
        java_request("a", "2026-12-02T00:00:01 [T1] "),
        java_request("b", "2026-12-02T00:00:02 [T2] "),
        "2026-12-02T00:00:02 [T2] app: something\n".to_string(),
        java_response("b", "2026-12-02T00:00:03 [T2] ", 402),
        java_response("a", "2026-12-02T00:00:04 [T1] ", 400),
    ]
    .concat();
    let (xs, _) = read_all(log.as_bytes());
    let got: Vec<_> = xs
        .iter()
        .map(|x| (x.request_id.as_str(), x.status()))
        .collect();
    assert_eq!(
        got,
        vec![("a", Some(400)), ("b", Some(402))],
        "in the order logged"
    );
    let (xs, _) = read_with(
        log.as_bytes(),
        Options {
            order: Order::Completed,
            ..Options::default()
        },
    );
    let got: Vec<_> = xs.iter().map(|x| x.request_id.as_str()).collect();
    assert_eq!(got, vec!["b", "a"], "as they complete");
}

#[test]
fn orphans_and_duplicates() {
    let log = [
        java_response("early", "", 200),
        java_request("dup", ""),
        java_request("dup", ""),
        java_response("dup", "", 400),
        java_request("lost", ""),
        "Error occurred for outgoing request (requestId='gone', 30001 ms)\n".to_string(),
        java_request("timeout", ""),
        "2026-12-02T00:00:09 Error occurred for outgoing request (requestId='timeout', 30001 ms)\n"
            .to_string(),
    ]
    .concat();
    let (xs, stats) = read_all(log.as_bytes());
    let got: Vec<_> = xs
        .iter()
        .map(|x| {
            (
                x.request_id.as_str(),
                x.request.is_some(),
                x.status(),
                x.error.is_some(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("early", false, Some(200), false),
            ("dup", true, None, false),
            ("dup", true, Some(400), false),
            ("lost", true, None, false),
            ("timeout", true, None, true),
        ]
    );
    assert_eq!(stats.responses_without_request, 1);
    assert_eq!(stats.duplicate_request_ids, 1);
    assert_eq!(stats.errors_without_request, 1);
    assert_eq!(stats.unanswered, 3);
    assert!(
        xs[4]
            .error
            .as_ref()
            .expect("error")
            .text
            .contains("30001 ms")
    );
    assert_eq!(xs[0].exchange().expect("a response").request.method, "");
}

#[test]
fn a_request_waits_for_at_most_the_window() {
    let mut log = java_request("never", "");
    for i in 0..5 {
        log.push_str(&java_request(&format!("r{i}"), ""));
        log.push_str(&java_response(&format!("r{i}"), "", 200));
    }
    let options = Options {
        window: 3,
        ..Options::default()
    };
    let mut r = read(log.as_bytes(), options);
    let first = r.next().expect("the waiting one, given up");
    assert_eq!((first.request_id.as_str(), first.status()), ("never", None));
    assert_eq!(r.count(), 5);
}

/// A log made as it is read: one request never answered, then `n`
/// exchanges whose responses carry `body` bytes each (nothing is kept here).
struct Generated {
    n: usize,
    body: usize,
    next: usize,
    pending: Vec<u8>,
    at: usize,
}

impl std::io::Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            self.pending = match self.next {
                0 => java_request("never", "").into_bytes(),
                i if i <= self.n => {
                    let id = format!("r{i}");
                    let padding = "x".repeat(self.body);
                    format!(
                        "{}Incoming response (requestId='{id}', 7 ms):\n  status-code:  '200'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{{\"pad\":\"{padding}\"}}'\n",
                        java_request(&id, "")
                    )
                    .into_bytes()
                }
                _ => return Ok(0),
            };
            self.next += 1;
            self.at = 0;
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn an_unanswered_request_holds_back_a_bounded_number_of_bytes() {
    // 100 exchanges of 1 MiB, far fewer messages than the window: only the
    // byte bound can give the waiting request out before the end.
    let source = Generated {
        n: 100,
        body: 1 << 20,
        next: 0,
        pending: Vec::new(),
        at: 0,
    };
    let mut r = read(source, Options::default());
    let first = r.next().expect("the waiting one");
    assert_eq!((first.request_id.as_str(), first.status()), ("never", None));
    let read_then = r.stats().bytes;
    let cap: u64 = 64 << 20; // the default bound
    assert!(
        read_then < cap + (4 << 20),
        "given out once about {cap} bytes were held back, not after {read_then}"
    );
    let rest: Vec<_> = r.by_ref().map(|x| x.request_id).collect();
    assert_eq!(rest.len(), 100, "every later exchange, in log order");
    assert_eq!(rest.first().map(String::as_str), Some("r1"));
    assert!(r.stats().bytes > 100 << 20);
}

#[test]
fn several_sdks_in_one_file() {
    let log = format!(
        "{}Request with Message ID: n1, GET to /v1/1/x, headers: {{}}, body: \n{}Response from Message ID: n1, status: 200, headers: {{}}, body: {{\"a\": 1}}\n",
        java_request("j", "2026-12-02T00:00:01 "),
        java_response("j", "2026-12-02T00:00:01 ", 400),
    );
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    let got: Vec<_> = xs.iter().map(|x| (x.sdk, x.status())).collect();
    assert_eq!(got, vec![(Sdk::Java, Some(400)), (Sdk::Node, Some(200))]);
}

#[test]
fn a_message_cut_at_the_end_is_a_fragment() {
    let full = java_request("c", "");
    let cut = &full[..full.len() - 20];
    let (xs, stats) = read_all(cut.as_bytes());
    assert!(xs.is_empty());
    assert_eq!(
        stats.fragments_note().as_deref(),
        Some("1 fragment could not be read: line 1")
    );
    let python = "Outgoing request (requestId='p'):\n  method:       'POST'\n  uri:          '/x'\n  headers:      A=\"b\"\n  content-type: 'application/json'\n  body:         '{\n    \"a\": 1,\n";
    assert_eq!(read_all(python.as_bytes()).1.fragments, 1);
}

#[test]
fn an_interrupted_message_is_a_fragment_and_the_next_is_read() {
    let mut log = java_request("x", "2026-12-02T00:00:01 ");
    log.truncate(log.len() - 30);
    log.push('\n');
    log.push_str(&java_request("y", "2026-12-02T00:00:02 "));
    log.push_str(&java_response("y", "2026-12-02T00:00:03 ", 400));
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragment_lines, vec![1]);
    assert_eq!(xs.len(), 1);
    assert_eq!(xs[0].line, 7);
}

#[test]
fn binary_garbage_and_invalid_utf8() {
    let mut log: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    log.extend_from_slice(b"\nOutgoing request (requestId='\xff\xfe'):\n  method:       'GET'\n");
    log.extend_from_slice(b"\xc3\x28 Incoming response (requestId='x\n");
    log.extend_from_slice(java_request("ok", "").as_bytes());
    let mut resp = java_response("ok", "", 400).into_bytes();
    let at = resp.len() - 5;
    resp.splice(at..at, b"\xff".iter().copied());
    log.extend_from_slice(&resp);
    let (xs, stats) = read_all(&log);
    assert_eq!(xs.len(), 1);
    assert_eq!(xs[0].request_id, "ok");
    let body = xs[0]
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .expect("body");
    assert!(body.lossy && body.text.contains('\u{fffd}'));
    // The request cut short by the next marker, and that marker's unreadable line.
    assert_eq!(stats.fragments, 2, "{:?}", stats.fragments_note());
}

#[test]
fn a_huge_line_is_cut_not_held() {
    let mut log = java_request("big", "");
    let body_at = log.find("body:").expect("body");
    let huge = format!("  body:         '{{\"a\":\"{}\"}}'\n", "x".repeat(3 << 20));
    log.replace_range(body_at - 2.., &huge);
    log.push_str(&java_response("big", "", 201));
    let options = Options {
        max_line_bytes: 1 << 20,
        ..Options::default()
    };
    let (xs, stats) = read_with(log.as_bytes(), options);
    assert_eq!(stats.cut_line_numbers, vec![6]);
    assert_eq!(xs.len(), 1);
    let body = xs[0]
        .request
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .expect("body");
    assert!(body.cut && body.text.len() < 1 << 20);
    assert_eq!(xs[0].status(), Some(201));
}

#[test]
fn deep_nesting_costs_no_stack() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let log = format!(
        "Outgoing request (requestId='d'):\n  method:       'POST'\n  uri:          '/x'\n  headers:      ''\n  content-type: 'application/json'\n  body:         '{deep}'\n"
    );
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!((xs.len(), stats.fragments), (1, 0));
}

#[test]
fn the_push_reader_closes_a_message_that_may_end_when_the_input_pauses() {
    let mut r = LogReader::new(Options {
        order: Order::Completed,
        ..Options::default()
    });
    let lines = [
        "2026-12-02 00:00:01,000 INFO x: Outgoing request (requestId='f'):",
        "  method:       'GET'",
        "  uri:          '/v1/1/x'",
        "  headers:      A=\"b\"",
        "2026-12-02 00:00:01,100 INFO x: Incoming response (requestId='f', 8 ms):",
        "  status_code:  502",
        "  headers:      content-type=\"text/html\"",
        "  content-type: text/html",
        "  body:         <html>bad gateway</html>",
    ];
    for (i, l) in lines.iter().enumerate() {
        r.push(&Line {
            number: i as u64 + 1,
            bytes: l.as_bytes(),
            cut: false,
            offset: 0,
            end: 0,
        });
    }
    assert!(
        r.pop().is_none(),
        "a text body may go on with the next line"
    );
    r.idle();
    let x = r.pop().expect("closed by the pause");
    assert_eq!((x.status(), x.sdk), (Some(502), Sdk::Python));
}

#[test]
fn a_go_error_line_answers_its_request() {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sdk-logs/go-5.0.0-log.log"
    ))
    .expect("fixture");
    let id = "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9";
    let err = "Post \"https://payment.preprod.connect.worldline-solutions.com/v1/1234/payments\": dial tcp: lookup payment.preprod.connect.worldline-solutions.com: no such host";
    let log = format!(
        "{fixture}payments: 2026/12/02 00:14:23.000001 Outgoing request (requestId='{id}'):\n\tmethod:       'POST'\n\turi:          '/v1/1234/payments'\n\theaders:      'Authorization=\"********\"'\n\tcontent-type: 'application/json'\n\tbody:         '{{}}'\npayments: 2026/12/02 00:14:23.100000 {id} {err}\npayments: 2026/12/02 00:14:23.200000 shipped order 7 ({id} was retried)\n"
    );
    let (plain, _) = read_all(fixture.as_bytes());
    let (xs, stats) = read_all(log.as_bytes());
    assert_eq!(stats.fragments, 0);
    assert_eq!(
        xs.len(),
        plain.len() + 1,
        "every exchange, and the failed one"
    );
    let x = xs.last().expect("the failed call");
    assert_eq!((x.sdk, x.request_id.as_str()), (Sdk::Go, id));
    assert!(x.response.is_none() && x.is_failed());
    assert_eq!(x.error.as_ref().map(|e| e.text.as_str()), Some(err));
    assert_eq!(x.time.as_deref(), Some("2026-12-02T00:14:23.000001"));
    // The same in parts.
    let split: Vec<_> = read_split(log.clone().into_bytes(), Options::default(), 3, 97).collect();
    assert_eq!(split, xs);
}
