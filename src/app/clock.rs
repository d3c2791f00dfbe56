//! Where the app gets the time and fresh ids: passed in at start, so that
//! `update` reads no clock itself and a test can set both.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub trait Clock: Send {
    /// Now, for timing a request and drawing its spinner.
    fn now(&self) -> Instant;
    /// Milliseconds since the Unix epoch, for what is said with a time of day.
    fn epoch_ms(&self) -> i64;
    /// A fresh idempotence key.
    fn fresh_key(&self) -> String;
}

/// The system's clock and random ids.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn epoch_ms(&self) -> i64 {
        crate::pipeline::record::now_ms()
    }

    fn fresh_key(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
}

/// A clock that moves only when told, and numbered keys: for tests that
/// check a duration or a key on screen.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<(Instant, i64, u64)>>,
}

impl ManualClock {
    pub fn new(start: Instant, epoch_ms: i64) -> Self {
        Self {
            inner: Arc::new(Mutex::new((start, epoch_ms, 0))),
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.inner.lock() {
            t.0 += by;
            t.1 += i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.inner.lock().map_or_else(|_| Instant::now(), |t| t.0)
    }

    fn epoch_ms(&self) -> i64 {
        self.inner.lock().map_or(0, |t| t.1)
    }

    fn fresh_key(&self) -> String {
        let n = self.inner.lock().map_or(0, |mut t| {
            t.2 += 1;
            t.2
        });
        format!("00000000-0000-4000-8000-{n:012}")
    }
}
