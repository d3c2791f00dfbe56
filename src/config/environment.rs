use super::secret::{Secret, SecretSource};

/// One API endpoint with the credentials to sign for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    /// Scheme and host (and port), without a trailing slash.
    pub base_url: String,
    pub merchant_id: String,
    pub api_key_id: String,
    pub integrator: String,
    pub secret: SecretSource,
    /// JSON for X-GCS-ClientMetaInfo, when configured.
    pub client_meta_info: Option<String>,
    /// Production asks before sending anything but a GET.
    pub production: bool,
    /// Other origins (`scheme://host[:port]`, as [`origin_of`] writes them)
    /// requests may go to, always unsigned: a mock or a proxy the user chose.
    pub allowed_origins: Vec<String>,
}

impl Environment {
    /// The built-in environment for the embedded simulator at `base_url`, with
    /// the simulator's demo credentials.
    pub fn simulator(base_url: &str) -> Self {
        Self {
            name: "sim".to_string(),
            base_url: base_url.trim_end_matches('/').to_string(),
            merchant_id: crate::config::demo::DEMO_MERCHANT_ID.to_string(),
            api_key_id: crate::config::demo::DEMO_API_KEY_ID.to_string(),
            integrator: "cinspect demo".to_string(),
            secret: SecretSource::Value(Secret::new(crate::config::demo::DEMO_SECRET)),
            client_meta_info: None,
            production: false,
            allowed_origins: Vec::new(),
        }
    }

    /// The URL for a path typed in the editor: `{merchantId}` is filled in and a
    /// path is put under the base URL; a full URL is taken as it is.
    pub fn resolve_url(&self, path_or_url: &str) -> String {
        let filled = path_or_url
            .trim()
            .replace("{merchantId}", &self.merchant_id);
        if filled.starts_with("http://") || filled.starts_with("https://") {
            filled
        } else if filled.starts_with('/') {
            format!("{}{}", self.base_url, filled)
        } else {
            format!("{}/{}", self.base_url, filled)
        }
    }
}

/// `scheme://host[:port]` of an http(s) URL, the host in lower case and a
/// default port left out, so that two spellings of one origin compare equal.
pub fn origin_of(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    Some(parsed.origin().ascii_serialization())
}

/// A `{name}` placeholder left in a URL after `{merchantId}` was filled (e.g.
/// `{paymentId}` from a template): sending it would only earn a 404.
pub fn unfilled_placeholder(url: &str) -> Option<&str> {
    let start = url.find('{')?;
    let end = url[start..].find('}')? + start;
    Some(&url[start..=end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfilled_placeholders_are_found() {
        assert_eq!(
            unfilled_placeholder("http://h/v1/1/payments/{paymentId}/cancel"),
            Some("{paymentId}")
        );
        assert_eq!(unfilled_placeholder("http://h/v1/1/payments"), None);
    }

    #[test]
    fn merchant_id_placeholder_is_filled_and_path_joined() {
        let env = Environment::simulator("http://127.0.0.1:7878/");
        assert_eq!(
            env.resolve_url("/v1/{merchantId}/payments"),
            format!(
                "http://127.0.0.1:7878/v1/{}/payments",
                crate::config::demo::DEMO_MERCHANT_ID
            )
        );
        assert_eq!(env.resolve_url("v1/x"), "http://127.0.0.1:7878/v1/x");
        assert_eq!(
            env.resolve_url("https://example.test/v1/x"),
            "https://example.test/v1/x"
        );
    }
}
