//! An exchange that ended without a response, and why.

use std::time::Duration;

use super::exchange::SentRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// Stopped before the wire (the secret could not be read, ...).
    NotSent,
    /// Sent, but no complete response came back: refused, DNS, TLS, timeout, cut.
    Transport,
    /// The user cancelled it; the server may still process the request.
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Failure {
    /// What went on the wire, when something did.
    pub request: Option<SentRequest>,
    pub kind: FailureKind,
    /// One line for a person.
    pub message: String,
    pub elapsed: Duration,
}

impl Failure {
    pub fn not_sent(reason: impl std::fmt::Display) -> Self {
        Self {
            request: None,
            kind: FailureKind::NotSent,
            message: format!("not sent: {reason}"),
            elapsed: Duration::ZERO,
        }
    }

    pub fn cancelled(&self) -> bool {
        self.kind == FailureKind::Cancelled
    }
}
