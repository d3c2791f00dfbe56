//! Keeping `--forward` from feeding the receiver its own events: a target that
//! is the receiver's own address is refused at start, and each forwarded copy
//! carries this receiver's mark, so a copy that comes back another way (a
//! tunnel, a proxy, a name) is answered 508 and not forwarded again.

use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The header a forwarded copy carries, once per receiver it passed through.
pub const HOP_HEADER: &str = "X-Cinspect-Forwarded";

/// This receiver's mark: random, so two receivers chained on purpose (one
/// forwarding to the other) do not take each other's copies for their own.
pub(super) fn new_mark() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.write_u32(std::process::id());
    format!("cinspect-{:016x}", hasher.finish())
}

/// Whether `headers` carry `mark` (a copy this receiver forwarded).
pub(super) fn came_back(headers: &[(String, String)], mark: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(HOP_HEADER))
        .flat_map(|(_, v)| v.split(','))
        .any(|v| v.trim() == mark)
}

/// Why forwarding to `url` would reach the receiver on `receiver` itself, if it
/// would: the same port on the same address (`localhost` and 0.0.0.0 taken as
/// loopback), or a receiver on all interfaces reached through any of this
/// host's addresses. Other host names are not looked up (the mark catches those).
pub fn forward_loops(url: &str, receiver: SocketAddr) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    if parsed.port_or_known_default()? != receiver.port() {
        return None;
    }
    let host = parsed.host_str()?;
    let v4 = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let v6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    // Where a connection to the target lands: an IPv6 literal comes in
    // brackets, 0.0.0.0 means this host, and a name is only known to be this
    // host as `localhost`.
    let targets = match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        Ok(IpAddr::V4(ip)) if ip.is_unspecified() => vec![v4],
        Ok(IpAddr::V6(ip)) if ip.is_unspecified() => vec![v6],
        Ok(ip) => vec![ip],
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            if name != "localhost" && !name.ends_with(".localhost") {
                return None;
            }
            vec![v4, v6]
        }
    };
    let on = receiver.ip();
    let same = targets
        .iter()
        .any(|&t| t == on || (on.is_unspecified() && is_this_hosts(t)));
    same.then(|| {
        format!(
            "the forward target {url} is this receiver itself (listening on {receiver}): every event would \
             be forwarded to itself again and again; forward to your app's address"
        )
    })
}

/// An address of one of this host's interfaces: one a socket can be bound to.
fn is_this_hosts(ip: IpAddr) -> bool {
    std::net::UdpSocket::bind(SocketAddr::new(ip, 0)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loops(url: &str, on: &str) -> bool {
        forward_loops(url, on.parse().unwrap()).is_some()
    }

    #[test]
    fn the_receivers_own_address_is_a_loop_however_it_is_written() {
        assert!(loops("http://127.0.0.1:8787/hooks", "127.0.0.1:8787"));
        assert!(loops("http://localhost:8787/", "127.0.0.1:8787"));
        assert!(loops("http://LocalHost.:8787", "127.0.0.1:8787"));
        assert!(loops("http://127.1:8787", "127.0.0.1:8787"));
        assert!(loops("http://0.0.0.0:8787", "127.0.0.1:8787"));
        assert!(loops("http://127.0.0.1:8787", "0.0.0.0:8787"));
        assert!(loops("http://[::1]:8787", "[::1]:8787"));
        assert!(loops("http://[::]:8787", "[::1]:8787"));
        assert!(
            loops("http://localhost/", "127.0.0.1:80"),
            "the scheme's port"
        );
    }

    #[test]
    fn another_port_or_host_is_not() {
        assert!(!loops("http://127.0.0.1:9000/hooks", "127.0.0.1:8787"));
        assert!(!loops("https://localhost/", "127.0.0.1:8787"));
        assert!(!loops("http://example.com:8787/", "0.0.0.0:8787"));
        assert!(!loops("http://192.0.2.1:8787/", "127.0.0.1:8787"));
        assert!(
            !loops("http://127.0.0.2:8787", "127.0.0.1:8787"),
            "another listener"
        );
        assert!(!loops("not a url", "127.0.0.1:8787"));
    }

    #[test]
    fn a_copy_is_known_by_its_mark_among_others() {
        let mark = new_mark();
        assert_ne!(mark, new_mark(), "each receiver has its own");
        let headers = |v: &str| vec![("x-cinspect-forwarded".to_string(), v.to_string())];
        assert!(came_back(&headers(&mark), &mark));
        assert!(came_back(
            &headers(&format!("cinspect-other, {mark}")),
            &mark
        ));
        assert!(!came_back(&headers("cinspect-other"), &mark));
        assert!(!came_back(&[], &mark));
    }
}
