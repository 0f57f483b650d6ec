//! The HTTP client: sends one bound request and returns what came back, or why nothing did.
//!
//! One [`HttpClient`] (one reqwest connection pool) serves a whole run. Every request has a
//! deadline; a target that refuses connections or does not answer in time is a
//! [`TransportError`] naming the URL, never a hang. A target that answers "not now" (429,
//! 503, 504) is asked again under the client's [`RetryPolicy`]; the [`SentRequest`] records
//! every attempt, and whether the client gave up.

use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use serde_json::Value;

use super::retry::{self, Attempt, GaveUp, RetryPolicy};
use super::token::Secret;
use crate::check::Response;

/// A request as it was sent, with the `Authorization` value redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentRequest {
    /// The method.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// The headers sent; `Authorization` shows as `Bearer [redacted]`.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Option<Value>,
    /// The body as text, when it was not JSON (or was padded): the first 1,000 characters.
    pub body_text: Option<String>,
    /// The body's size in bytes.
    pub body_bytes: usize,
    /// Every answer, in order: one unless the target asked to retry. Empty when no answer
    /// came.
    pub attempts: Vec<Attempt>,
    /// Why the client stopped retrying while the target still refused; the response
    /// returned is the last refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gave_up: Option<GaveUp>,
}

impl SentRequest {
    /// The time spent waiting between attempts.
    pub fn waited(&self) -> Duration {
        self.attempts.iter().map(|attempt| attempt.waited).sum()
    }
}

/// A request body: the bytes to send, and the JSON they hold when they hold JSON.
#[derive(Debug, Clone, Default)]
pub struct Payload<'a> {
    /// The JSON body, for reports.
    pub json: Option<&'a Value>,
    /// The bytes to send.
    pub bytes: Option<Vec<u8>>,
    /// Whether the bytes are not simply the JSON serialized (a text body, or padding), so
    /// that reports show them as text.
    pub verbatim: bool,
}

/// How much of a body that is not JSON a report keeps.
const BODY_TEXT_LIMIT: usize = 1000;

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TransportError {
    /// Nothing accepted the connection.
    #[error("could not connect to {url}: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// What the operating system or TLS said.
        reason: String,
    },
    /// The target did not answer within the deadline.
    #[error("{url} did not answer within {} ms", timeout.as_millis())]
    Timeout {
        /// The URL.
        url: String,
        /// The deadline.
        timeout: Duration,
    },
    /// Any other failure to exchange a request and a response.
    #[error("request to {url} failed: {reason}")]
    Other {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
}

/// The HTTP client of a run.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    timeout: Duration,
    retry: RetryPolicy,
}

impl HttpClient {
    /// A client whose every request must complete within `timeout`, retried under the
    /// default [`RetryPolicy`].
    pub fn new(timeout: Duration) -> Result<Self, TransportError> {
        Self::with_retry(timeout, RetryPolicy::default())
    }

    /// A client whose every request must complete within `timeout`, retried under `retry`.
    pub fn with_retry(timeout: Duration, retry: RetryPolicy) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent(concat!("graph-conformance/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| TransportError::Other {
                url: String::new(),
                reason: error.to_string(),
            })?;
        Ok(HttpClient {
            client,
            timeout,
            retry,
        })
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The underlying reqwest client, for requests outside a case (such as fetching a
    /// token).
    pub fn reqwest(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends a request and reads the whole answer, retrying while the target answers 429,
    /// 503 or 504 and the policy allows. Returns the request as sent (redacted, with its
    /// attempts), and the last response with the time its exchange took, or the reason there
    /// was none. Transport errors are not retried.
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: &[(String, String)],
        payload: Payload<'_>,
        token: Option<&Secret>,
    ) -> (SentRequest, Result<(Response, Duration), TransportError>) {
        let bytes = payload.bytes.unwrap_or_default();
        let mut sent = SentRequest {
            method: method.to_string(),
            url: url.to_string(),
            headers: headers.to_vec(),
            body: payload.json.cloned(),
            body_text: payload.verbatim.then(|| {
                String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(BODY_TEXT_LIMIT)
                    .collect()
            }),
            body_bytes: bytes.len(),
            attempts: Vec::new(),
            gave_up: None,
        };
        if token.is_some() {
            sent.headers
                .push(("Authorization".into(), "Bearer [redacted]".into()));
        }

        let first_sent = Instant::now();
        let mut waited = Duration::ZERO;
        loop {
            let mut request = self.client.request(method.clone(), url);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            if let Some(token) = token {
                request = request.bearer_auth(token.expose());
            }
            if !bytes.is_empty() {
                request = request.body(bytes.clone());
            }

            let started = Instant::now();
            let response = match self.exchange(request, url).await {
                Ok(response) => response,
                Err(error) => return (sent, Err(error)),
            };
            let elapsed = started.elapsed();

            // Only a refusal that says "later" is worth another attempt.
            let retry_after = retry::retry_after(&response, SystemTime::now());
            sent.attempts.push(Attempt {
                status: response.status,
                waited,
                retry_after,
            });
            if !retry::is_retryable(response.status) {
                return (sent, Ok((response, elapsed)));
            }

            let answered = u32::try_from(sent.attempts.len()).unwrap_or(u32::MAX);
            match self
                .retry
                .next_wait(answered, retry_after, first_sent.elapsed())
            {
                Ok(wait) => {
                    tracing::debug!(
                        status = response.status,
                        wait_ms = wait.as_millis(),
                        "retrying {url}"
                    );
                    tokio::time::sleep(wait).await;
                    waited = wait;
                }
                Err(reason) => {
                    if self.retry.retries() {
                        sent.gave_up = Some(GaveUp {
                            attempts: answered,
                            over: first_sent.elapsed(),
                            status: response.status,
                            reason,
                        });
                    }
                    return (sent, Ok((response, elapsed)));
                }
            }
        }
    }

    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        url: &str,
    ) -> Result<Response, TransportError> {
        let response = request
            .send()
            .await
            .map_err(|error| self.explain(error, url))?;

        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let bytes = response
            .bytes()
            .await
            .map_err(|error| self.explain(error, url))?;

        Ok(Response::new(
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        ))
    }

    fn explain(&self, error: reqwest::Error, url: &str) -> TransportError {
        let url = url.to_string();
        if error.is_timeout() {
            TransportError::Timeout {
                url,
                timeout: self.timeout,
            }
        } else if error.is_connect() {
            TransportError::Connect {
                url,
                reason: root_cause(&error),
            }
        } else {
            TransportError::Other {
                url,
                reason: root_cause(&error),
            }
        }
    }
}

/// The innermost cause of an error, which says what actually happened ("Connection refused").
pub(crate) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
