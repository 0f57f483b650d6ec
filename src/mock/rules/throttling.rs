//! Rule: one app sends at most so many requests per second for one tenant (`429`).
//!
//! Off unless the config sets [`requests_per_second`](crate::mock::MockConfig::throttle).
//! Graph limits Teams calls without a row of their own, `POST /chats` among them, to
//! [`TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT`] (FACTS §7; that `POST /chats` falls under
//! the "other" row is an inference). The mock counts requests per (app, tenant) in windows of
//! one second that start with a window's first request; the app is the token's `appid` (or
//! "unknown"), the tenant its `tid` (or the home tenant). A request over the limit gets
//! Graph's `429 TooManyRequests`, "Too Many Requests" (FACTS §6), with `Retry-After` in whole
//! seconds until the window ends, at least 1. Graph sometimes omits `Retry-After` (FACTS §7);
//! the mock always sends it. Only authenticated requests to `POST /chats` count.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::mock::error::GraphError;

/// Graph's limit for Teams API calls without a row of their own: 30 requests per second per
/// app per tenant (FACTS §7).
pub const TEAMS_REQUESTS_PER_SECOND_PER_APP_PER_TENANT: u32 = 30;

const WINDOW: Duration = Duration::from_secs(1);

/// How many windows are kept before the ended ones are dropped.
const PRUNE_ABOVE: usize = 4096;

/// The current window of every (app, tenant).
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    windows: Mutex<HashMap<(String, String), Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    requests: u32,
}

impl Throttle {
    /// Counts one request of `app_id` for `tenant_id` at `now`; rejects it when it is over
    /// `limit` in the current window.
    pub fn admit(
        &self,
        app_id: &str,
        tenant_id: &str,
        limit: u32,
        now: Instant,
    ) -> Result<(), GraphError> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, window| now.saturating_duration_since(window.started) < WINDOW);
        }

        let key = (app_id.to_ascii_lowercase(), tenant_id.to_ascii_lowercase());
        let window = windows.entry(key).or_insert(Window {
            started: now,
            requests: 0,
        });
        if now.saturating_duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                requests: 0,
            };
        }
        window.requests = window.requests.saturating_add(1);

        if window.requests <= limit {
            return Ok(());
        }
        let left = WINDOW.saturating_sub(now.saturating_duration_since(window.started));
        Err(GraphError::too_many_requests(retry_after_seconds(left)))
    }
}

/// Whole seconds covering `left`, at least one.
fn retry_after_seconds(left: Duration) -> u64 {
    let whole = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    whole.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_over_the_limit_in_one_second_get_429_with_retry_after() {
        let throttle = Throttle::default();
        let start = Instant::now();

        let answers: Vec<_> = (0..4)
            .map(|i| throttle.admit("app", "t", 3, start + Duration::from_millis(i * 10)))
            .collect();

        assert!(answers[..3].iter().all(Result::is_ok));
        let error = answers[3].clone().unwrap_err();
        assert_eq!(
            (error.status.as_u16(), error.code, error.message.as_str()),
            (429, "TooManyRequests", "Too Many Requests")
        );
        assert_eq!(error.headers, [("retry-after", "1".to_owned())]);
    }

    #[test]
    fn a_new_window_starts_a_second_after_the_last_began() {
        let throttle = Throttle::default();
        let start = Instant::now();

        assert!(throttle.admit("app", "t", 1, start).is_ok());
        assert!(throttle.admit("app", "t", 1, start).is_err());
        assert!(throttle.admit("app", "t", 1, start + WINDOW).is_ok());
    }

    #[test]
    fn each_app_and_tenant_has_its_own_window() {
        let throttle = Throttle::default();
        let now = Instant::now();

        assert!(throttle.admit("app", "t", 1, now).is_ok());
        assert!(throttle.admit("other-app", "t", 1, now).is_ok());
        assert!(throttle.admit("app", "other-tenant", 1, now).is_ok());
        assert!(throttle.admit("APP", "T", 1, now).is_err());
    }

    #[test]
    fn a_limit_of_zero_throttles_every_request() {
        assert!(
            Throttle::default()
                .admit("a", "t", 0, Instant::now())
                .is_err()
        );
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds_and_is_at_least_one() {
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1001)), 2);
    }
}
