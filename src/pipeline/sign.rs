//! Signing at the moment of sending, like the official SDKs: Date,
//! Content-Type, X-GCS-ServerMetaInfo (and ClientMetaInfo), then the v1HMAC
//! Authorization over them. What is kept for showing has the signature masked.

use std::time::SystemTime;

use super::exchange::{PreparedRequest, SentRequest};
use crate::config::{Environment, Secret};
use crate::connect;
use crate::http::{RequestSpec, header_value};

/// Signs like the official SDKs: Date, Content-Type, X-GCS-ServerMetaInfo, then
/// Authorization over them. Headers the user typed win (a hand-written Date
/// tests clock skew, a hand-written Authorization tests the server's checks).
/// Without a secret (a request to another origin) no Authorization is made.
pub fn sign_request(
    prepared: &PreparedRequest,
    env: &Environment,
    secret: Option<&Secret>,
    now: SystemTime,
) -> (RequestSpec, SentRequest) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let has = |headers: &[(String, String)], name: &str| header_value(headers, name).is_some();
    let user = &prepared.headers;
    if !has(user, "Date") {
        headers.push(("Date".to_string(), connect::sign::rfc1123(now)));
    }
    if prepared.body.is_some() && !has(user, "Content-Type") {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    // Meta headers describe the integrator to the API: not for another host.
    let to_the_api = secret.is_some();
    if to_the_api && !has(user, connect::meta::SERVER_META_INFO) {
        let platform = format!("{}; {}", std::env::consts::OS, std::env::consts::ARCH);
        let meta =
            connect::meta::server_meta_info(&platform, env!("CARGO_PKG_VERSION"), &env.integrator);
        headers.push((connect::meta::SERVER_META_INFO.to_string(), meta));
    }
    if let Some(json) = &env.client_meta_info
        && to_the_api
        && !has(user, connect::meta::CLIENT_META_INFO)
    {
        headers.push((
            connect::meta::CLIENT_META_INFO.to_string(),
            connect::meta::client_meta_info(json),
        ));
    }
    headers.extend(user.iter().cloned());

    let mut string_to_sign = None;
    if let Some(secret) = secret
        && !has(&headers, "Authorization")
    {
        let (path, query) = split_target(&prepared.url);
        let date = header_value(&headers, "Date")
            .unwrap_or_default()
            .to_string();
        let content_type = header_value(&headers, "Content-Type").map(str::to_string);
        let input = connect::sign::SignInput {
            method: &prepared.method,
            content_type: content_type.as_deref(),
            date: &date,
            headers: &headers,
            path: &path,
            query: query.as_deref(),
            query_mode: prepared.query_mode,
        };
        let sts = connect::sign::string_to_sign(&input);
        let signature = connect::sign::signature(secret.expose(), &sts);
        headers.push((
            "Authorization".to_string(),
            connect::sign::authorization_value(&env.api_key_id, &signature),
        ));
        string_to_sign = Some(sts);
    }

    let shown_headers = headers
        .iter()
        .map(|(n, v)| {
            let v = if n.eq_ignore_ascii_case("Authorization") {
                connect::sign::mask_authorization(v)
            } else {
                v.clone()
            };
            (n.clone(), v)
        })
        .collect();
    let sent = SentRequest {
        method: prepared.method.clone(),
        url: prepared.url.clone(),
        headers: shown_headers,
        string_to_sign,
        body: prepared.body.clone(),
        idempotence_key: header_value(&headers, connect::meta::IDEMPOTENCE_KEY).map(str::to_string),
        sent_at_ms: now
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_millis()).ok()),
    };
    let spec = RequestSpec {
        method: prepared.method.clone(),
        url: prepared.url.clone(),
        headers,
        body: prepared.body.as_ref().map(|b| b.clone().into_bytes()),
        timeout: prepared.timeout,
        max_body: prepared.max_response,
    };
    (spec, sent)
}

/// The path and query as they will be sent (percent-encoded the way the HTTP
/// client will encode them), for the canonical resource.
fn split_target(url: &str) -> (String, Option<String>) {
    match reqwest::Url::parse(url) {
        Ok(u) => (u.path().to_string(), u.query().map(str::to_string)),
        Err(_) => (url.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::connect::sign::QueryMode;

    fn prepared(
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
        query_mode: QueryMode,
    ) -> PreparedRequest {
        PreparedRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.map(str::to_string),
            timeout: Duration::from_secs(5),
            max_response: 1 << 20,
            query_mode,
            source: None,
            unsigned: false,
        }
    }

    fn sign(p: &PreparedRequest) -> (RequestSpec, SentRequest) {
        let env = Environment::simulator("http://127.0.0.1:7878");
        let now = UNIX_EPOCH + Duration::from_secs(1_402_061_983);
        sign_request(p, &env, Some(&Secret::new("secret")), now)
    }

    #[test]
    fn signs_like_the_sdks_and_masks_what_it_keeps() {
        let (spec, sent) = sign(&prepared(
            "http://127.0.0.1:7878/v1/1/payments",
            &[("X-GCS-Idempotence-Key", "k1")],
            Some("{}"),
            QueryMode::Decoded,
        ));
        let sts = sent.string_to_sign.clone().expect("signed");
        assert_eq!(sts.lines().next(), Some("POST"));
        assert!(
            sts.contains("\napplication/json\nFri, 06 Jun 2014 13:39:43 GMT\n"),
            "{sts:?}"
        );
        assert!(sts.contains("x-gcs-idempotence-key:k1\n"));
        assert!(sts.ends_with("/v1/1/payments\n"));
        let auth = header_value(&spec.headers, "Authorization").expect("signed");
        assert_eq!(
            auth,
            connect::sign::authorization_value(
                crate::config::demo::DEMO_API_KEY_ID,
                &connect::sign::signature("secret", &sts)
            )
        );
        let shown = header_value(&sent.headers, "Authorization").expect("kept");
        assert!(
            !shown.contains(&auth[auth.len() - 10..]),
            "the signature is masked: {shown}"
        );
        assert_eq!(sent.idempotence_key.as_deref(), Some("k1"));
        assert!(header_value(&spec.headers, connect::meta::SERVER_META_INFO).is_some());
    }

    #[test]
    fn the_query_is_signed_decoded_or_as_sent() {
        let url = "http://127.0.0.1:7878/v1/1/products?locale=en%20GB";
        let (_, decoded) = sign(&prepared(url, &[], None, QueryMode::Decoded));
        let (_, as_sent) = sign(&prepared(url, &[], None, QueryMode::AsSent));
        assert!(
            decoded
                .string_to_sign
                .expect("signed")
                .ends_with("?locale=en GB\n")
        );
        assert!(
            as_sent
                .string_to_sign
                .expect("signed")
                .ends_with("?locale=en%20GB\n")
        );
    }

    #[test]
    fn hand_written_date_and_authorization_win() {
        let headers = [
            ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
            ("Authorization", "GCS v1HMAC:mine:abc"),
        ];
        let (spec, sent) = sign(&prepared(
            "http://127.0.0.1:7878/v1/1/x",
            &headers,
            None,
            QueryMode::Decoded,
        ));
        assert_eq!(
            header_value(&spec.headers, "Date"),
            Some("Mon, 01 Jan 2024 00:00:00 GMT")
        );
        assert_eq!(
            header_value(&spec.headers, "Authorization"),
            Some("GCS v1HMAC:mine:abc")
        );
        assert_eq!(
            spec.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("date"))
                .count(),
            1
        );
        assert!(sent.string_to_sign.is_none());
    }
}
