//! The demo's credentials: the key the embedded simulator accepts by default
//! and the `sim` environment signs with. Here, not in `sim/`, because the
//! configuration and the signing pipeline need them and sit below the
//! simulator; the simulator takes them from here.

pub const DEMO_API_KEY_ID: &str = "cinspect-demo-key";
/// Public on purpose: it opens nothing but the local simulator.
pub const DEMO_SECRET: &str = "cinspect-demo-secret-not-for-production";
pub const DEMO_MERCHANT_ID: &str = "1234";
