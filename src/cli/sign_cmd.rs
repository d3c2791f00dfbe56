use std::io::{BufRead, Read};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::fail;
use crate::connect::sign::{self, QueryMode, SignInput};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryArg {
    /// Percent-decoded, as the Java, Go and .NET SDKs sign it.
    Decoded,
    /// Exactly as sent, as the Python, Ruby, PHP and Node SDKs sign it.
    AsSent,
}

#[derive(Debug, Args)]
#[command(
    about = "Compute a v1HMAC Authorization header by hand",
    long_about = "Compute a v1HMAC Authorization header by hand, exactly as the official SDKs do.\n\n\
        Prints `Authorization: GCS v1HMAC:ID:SIGNATURE`; with --string-to-sign, prints exactly the \
        string to sign, byte for byte, and nothing else. The secret is read from an environment \
        variable or standard input, never from the command line."
)]
pub struct SignArgs {
    /// The API key id.
    #[arg(long, value_name = "ID")]
    pub key_id: String,
    /// Read the secret API key from this environment variable.
    #[arg(long, value_name = "VAR", required_unless_present_any = ["secret_stdin", "string_to_sign"], conflicts_with = "secret_stdin")]
    pub secret_env: Option<String>,
    /// Read the secret API key from standard input (its first line).
    #[arg(long)]
    pub secret_stdin: bool,
    /// The HTTP method (upper-cased for signing).
    #[arg(long, value_name = "M")]
    pub method: String,
    /// The URL or path as sent, percent-encoded, with its query.
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The Date header value (RFC 1123, e.g. "Fri, 06 Jun 2014 13:39:43 GMT").
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// The Content-Type exactly as sent.
    #[arg(long, value_name = "CT")]
    pub content_type: Option<String>,
    /// A header as sent, 'Name: value'; only X-GCS-* headers are signed.
    #[arg(short = 'H', long = "header", value_name = "Name: value")]
    pub headers: Vec<String>,
    /// How the query is signed.
    #[arg(long, value_enum, default_value = "decoded")]
    pub query: QueryArg,
    /// Print the string to sign instead of the header.
    #[arg(long)]
    pub string_to_sign: bool,
}

pub fn run(args: SignArgs) -> ExitCode {
    let headers = match parse_headers(&args.headers) {
        Ok(h) => h,
        Err(e) => return fail(e, 2),
    };
    let (path, query) = target(&args.url);
    // A Content-Type given as -H counts as the one sent, as it would on the wire.
    let content_type = args
        .content_type
        .clone()
        .or_else(|| crate::http::header_value(&headers, "Content-Type").map(str::to_string));
    let input = SignInput {
        method: &args.method,
        content_type: content_type.as_deref(),
        date: &args.date,
        headers: &headers,
        path,
        query,
        query_mode: match args.query {
            QueryArg::Decoded => QueryMode::Decoded,
            QueryArg::AsSent => QueryMode::AsSent,
        },
    };
    let sts = sign::string_to_sign(&input);
    if args.string_to_sign {
        super::outp!("{sts}");
        return ExitCode::SUCCESS;
    }
    let secret = match read_secret(&args) {
        Ok(s) => s,
        Err(e) => return fail(e, 2),
    };
    super::outln!(
        "Authorization: {}",
        sign::authorization_value(&args.key_id, &sign::signature(&secret, &sts))
    );
    ExitCode::SUCCESS
}

/// `-H 'Name: value'` arguments as pairs, with the editor's rules; a bad one is quoted.
pub(crate) fn parse_headers(raw: &[String]) -> Result<Vec<(String, String)>, String> {
    crate::pipeline::parse_header_lines(raw.iter().map(String::as_str)).map_err(|e| {
        let arg = raw.get(e.line - 1).map_or("", String::as_str);
        format!("-H {arg:?}: {}", e.reason)
    })
}

/// The path and query exactly as given: no normalisation, so what is signed is
/// what the caller says is sent.
fn target(url: &str) -> (&str, Option<&str>) {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let from_path = if url.contains("://") {
        without_scheme
            .find('/')
            .map_or("/", |i| &without_scheme[i..])
    } else {
        without_scheme
    };
    let without_fragment = from_path.split('#').next().unwrap_or(from_path);
    match without_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (without_fragment, None),
    }
}

fn read_secret(args: &SignArgs) -> Result<String, String> {
    secret_from(args.secret_stdin, args.secret_env.as_deref())
}

/// A secret from standard input (its first line) or from a variable, never from argv.
/// The longest line a secret is read from.
const SECRET_LINE_MAX: u64 = 64 * 1024;

pub(crate) fn secret_from(stdin: bool, var: Option<&str>) -> Result<String, String> {
    if stdin {
        // Its first line only, and a line no secret is longer than.
        let mut input = String::new();
        std::io::stdin()
            .lock()
            .take(SECRET_LINE_MAX)
            .read_line(&mut input)
            .map_err(|e| format!("cannot read the secret from stdin: {e}"))?;
        if input.len() as u64 >= SECRET_LINE_MAX && !input.ends_with('\n') {
            return Err(format!(
                "the secret's line on stdin is longer than {SECRET_LINE_MAX} bytes"
            ));
        }
        return input
            .lines()
            .next()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or_else(|| "no secret on stdin".to_string());
    }
    let var = var.unwrap_or_default();
    std::env::var(var)
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("the secret variable {var} is not set"))
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn target_keeps_path_and_query_as_given() {
        assert_eq!(
            target("https://h.test/v1/1/products?a=%20b&c"),
            ("/v1/1/products", Some("a=%20b&c"))
        );
        assert_eq!(target("/v1/1/tokens/123"), ("/v1/1/tokens/123", None));
        assert_eq!(target("https://h.test"), ("/", None));
        assert_eq!(target("/x?q=1#frag"), ("/x", Some("q=1")));
    }
}
