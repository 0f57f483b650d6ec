//! Starting, serving and stopping a mock server.
//!
//! [`MockServer::start`] binds a free loopback port, for tests; [`MockServer::start_on`] binds
//! a chosen address, for `graph-conformance mock --port`. The server runs on a task of the
//! current tokio runtime until [`MockServer::shutdown`], until ctrl-c in
//! [`MockServer::wait`], or until the `MockServer` is dropped.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinError, JoinHandle};

use super::app::router;
use super::config::MockConfig;
use super::reference::Reference;

/// A mock server that failed to start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The address could not be bound, for example because the port is taken.
    #[error("failed to bind the mock to {address}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the operating system said.
        source: io::Error,
    },

    /// The bound socket did not report its address.
    #[error("failed to read the mock's local address")]
    LocalAddress(#[source] io::Error),

    /// Listening for ctrl-c failed.
    #[error("failed to listen for ctrl-c")]
    Signal(#[source] io::Error),

    /// The server stopped with an I/O error.
    #[error("the mock server stopped with an error")]
    Serve(#[source] io::Error),

    /// The server task panicked or was cancelled.
    #[error("the mock server task ended abnormally")]
    Task(#[source] JoinError),
}

/// A running reference mock of `POST /v1.0/chats`.
///
/// ```no_run
/// # use graph_conformance::mock::{Directory, MockConfig, MockServer};
/// # async fn example() -> Result<(), graph_conformance::mock::MockError> {
/// let mock = MockServer::start(MockConfig::new(Directory::new("tenant-id"))).await?;
/// assert!(mock.base_url().ends_with("/v1.0"));
/// mock.shutdown().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MockServer {
    address: SocketAddr,
    base_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl MockServer {
    /// Starts a mock on a free port of `127.0.0.1`.
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        Self::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config).await
    }

    /// Starts a mock on `address`, such as `0.0.0.0:8080`; port 0 picks a free port.
    pub async fn start_on(address: SocketAddr, config: MockConfig) -> Result<Self, MockError> {
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| MockError::Bind { address, source })?;
        let address = listener.local_addr().map_err(MockError::LocalAddress)?;
        let base_url = format!("http://{}/v1.0", reachable(address));

        let reference = Arc::new(Reference::new(config, base_url.clone()));
        let (shutdown, signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router(reference))
                .with_graceful_shutdown(async {
                    // A dropped sender means the same as a sent signal: stop.
                    let _ = signal.await;
                })
                .await
        });

        tracing::info!(%base_url, "mock listening");
        Ok(Self {
            address,
            base_url,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The base URL that cases and clients put before `/chats`, such as
    /// `http://127.0.0.1:4010/v1.0`. An unspecified bind address shows as loopback.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the server is bound to.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until ctrl-c, then shuts down gracefully.
    pub async fn wait(mut self) -> Result<(), MockError> {
        let Some(mut task) = self.task.take() else {
            return Ok(());
        };

        tokio::select! {
            signal = tokio::signal::ctrl_c() => {
                signal.map_err(MockError::Signal)?;
                tracing::info!("mock shutting down");
                self.signal_shutdown();
                finish(task.await)
            }
            ended = &mut task => finish(ended),
        }
    }

    /// Stops accepting requests, lets the ones in flight finish, and waits for the server.
    pub async fn shutdown(mut self) -> Result<(), MockError> {
        self.signal_shutdown();

        match self.task.take() {
            Some(task) => finish(task.await),
            None => Ok(()),
        }
    }

    fn signal_shutdown(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may have stopped already; then there is nobody to tell.
            let _ = shutdown.send(());
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.signal_shutdown();
    }
}

fn finish(ended: Result<io::Result<()>, JoinError>) -> Result<(), MockError> {
    ended.map_err(MockError::Task)?.map_err(MockError::Serve)
}

/// The address a client on this machine reaches a server bound to `address` at.
fn reachable(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_address_is_reached_on_loopback() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let any_v6: SocketAddr = "[::]:8080".parse().unwrap();

        assert_eq!(reachable(any).to_string(), "127.0.0.1:8080");
        assert_eq!(reachable(any_v6).to_string(), "[::1]:8080");
    }

    #[tokio::test]
    async fn a_started_mock_reports_its_port_and_shuts_down() {
        let mock = MockServer::start(MockConfig::new(super::super::Directory::new("t")))
            .await
            .unwrap();

        assert_ne!(mock.address().port(), 0);
        assert_eq!(
            mock.base_url(),
            format!("http://127.0.0.1:{}/v1.0", mock.address().port())
        );
        mock.shutdown().await.unwrap();
    }
}
