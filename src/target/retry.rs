//! Retries: when a target says "not now" (429, 503, 504), wait as long as it asks, then ask
//! again.
//!
//! A [`RetryPolicy`] bounds the attempts and the total time. The wait before a retry is the
//! response's `Retry-After` (delay-seconds or an HTTP date, RFC 9110 §10.2.3) when it has one,
//! and never less; Teams sometimes omits the header (FACTS §7), and then the wait is an
//! exponential backoff with full jitter. Each answer becomes an [`Attempt`]; a run that stops
//! retrying while the target still refuses records why in [`GaveUp`].

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::check::Response;

/// How often, and for how long, a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The most requests sent for one step, the first included.
    pub max_attempts: u32,
    /// The longest time from the first request to the last; a retry whose wait would end
    /// later is not made.
    pub max_total: Duration,
    /// The backoff cap of the first retry when the target gives no `Retry-After`; it doubles
    /// for each further retry.
    pub base_delay: Duration,
    /// The largest backoff cap. A `Retry-After` is honoured even when it is longer.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts within a minute, backing off from one second up to thirty.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_total: Duration::from_secs(60),
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that sends each request once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Whether this policy retries at all.
    pub fn retries(&self) -> bool {
        self.max_attempts > 1
    }

    /// The wait before retry number `retry` (1 for the first) without a `Retry-After`: a
    /// uniformly random time up to `base_delay · 2^(retry-1)`, capped at `max_delay`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let cap = self
            .base_delay
            .checked_mul(doubling)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        cap.mul_f64(fastrand::f64())
    }

    /// What to do after `answered` responses, the last of which asked to `retry_after`, at
    /// `spent` since the first request: wait so long and retry, or stop.
    pub(crate) fn next_wait(
        &self,
        answered: u32,
        retry_after: Option<Duration>,
        spent: Duration,
    ) -> Result<Duration, GiveUpReason> {
        if answered >= self.max_attempts {
            return Err(GiveUpReason::MaxAttempts);
        }
        let wait = retry_after.unwrap_or_else(|| self.backoff(answered));
        if spent.saturating_add(wait) > self.max_total {
            return Err(GiveUpReason::MaxTotal {
                next_wait: wait,
                max_total: self.max_total,
            });
        }
        Ok(wait)
    }
}

/// Whether a status means "try again later": 429 Too Many Requests, 503 Service Unavailable
/// and 504 Gateway Timeout.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

/// How long a response's `Retry-After` asks to wait, seen at `now`: its delay-seconds, or the
/// time until its HTTP date (zero when the date has passed). `None` when the header is
/// missing or is neither form.
pub fn retry_after(response: &Response, now: SystemTime) -> Option<Duration> {
    parse_retry_after(&response.header("retry-after")?, now)
}

/// Parses a `Retry-After` value (RFC 9110 §10.2.3) seen at `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // Digits past u64 are a delay no run would wait for; saturate instead of failing.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// One answer to a request that may be retried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// The status the target answered.
    pub status: u16,
    /// How long the client waited before sending this attempt (zero for the first).
    pub waited: Duration,
    /// How long the answer's `Retry-After` asked to wait, when it had one.
    pub retry_after: Option<Duration>,
}

/// Why the client stopped retrying while the target still refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum GiveUpReason {
    /// The policy's `max_attempts` were sent.
    MaxAttempts,
    /// The next wait would have ended past the policy's `max_total`.
    MaxTotal {
        /// The wait the next retry needed.
        next_wait: Duration,
        /// The policy's budget.
        max_total: Duration,
    },
}

/// A request whose retries ran out: the last answer is the one reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub struct GaveUp {
    /// How many requests were sent.
    pub attempts: u32,
    /// The time from the first request to the last answer.
    pub over: Duration,
    /// The last status the target answered.
    pub status: u16,
    /// Why no further retry was made.
    pub reason: GiveUpReason,
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(
            f,
            "gave up after {} attempt{plural} over {:.1} s: the target kept answering {}",
            self.attempts,
            self.over.as_secs_f64(),
            self.status
        )?;
        match self.reason {
            GiveUpReason::MaxAttempts => Ok(()),
            GiveUpReason::MaxTotal {
                next_wait,
                max_total,
            } => write!(
                f,
                ", and the next wait of {:.1} s would pass the {:.1} s retry budget",
                next_wait.as_secs_f64(),
                max_total.as_secs_f64()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_after_as_seconds_or_as_an_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();

        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn backoff_stays_under_a_cap_that_doubles_up_to_max_delay() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            ..RetryPolicy::default()
        };

        for _ in 0..200 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(3) <= Duration::from_millis(350));
            assert!(policy.backoff(64) <= Duration::from_millis(350));
        }
    }

    #[test]
    fn stops_at_max_attempts_or_when_the_wait_would_pass_max_total() {
        let policy = RetryPolicy::default();
        let one = Some(Duration::from_secs(1));

        assert_eq!(
            policy.next_wait(1, one, Duration::ZERO),
            Ok(Duration::from_secs(1))
        );
        assert_eq!(
            policy.next_wait(4, one, Duration::ZERO),
            Err(GiveUpReason::MaxAttempts)
        );
        assert!(matches!(
            policy.next_wait(1, Some(Duration::from_secs(61)), Duration::ZERO),
            Err(GiveUpReason::MaxTotal { .. })
        ));
        assert_eq!(
            RetryPolicy::none().next_wait(1, one, Duration::ZERO),
            Err(GiveUpReason::MaxAttempts)
        );
    }

    #[test]
    fn says_how_many_attempts_over_how_long_and_what_the_target_kept_answering() {
        let gave_up = GaveUp {
            attempts: 4,
            over: Duration::from_millis(61_040),
            status: 429,
            reason: GiveUpReason::MaxAttempts,
        };

        assert_eq!(
            gave_up.to_string(),
            "gave up after 4 attempts over 61.0 s: the target kept answering 429"
        );
    }
}
