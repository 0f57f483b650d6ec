//! Targets: where cases are sent, with which credentials, over which client.
//!
//! A [`Target`] is a base URL (the embedded mock's, a third-party mock's, or a national
//! cloud's Graph) plus the [`Cloud`] whose Graph host appears inside request bodies
//! (`user@odata.bind` is an absolute Graph URL). [`token`] holds the credentials,
//! [`credentials`] fetches an application token with the client-credentials flow, [`client`]
//! is the HTTP client and [`retry`] its policy for throttled or unavailable targets.

pub mod client;
pub mod credentials;
pub mod retry;
pub mod token;

use std::fmt;

/// The national clouds of Microsoft Graph, with their Graph and token hosts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Cloud {
    /// The global service: graph.microsoft.com.
    #[default]
    Global,
    /// US Government L4 (GCC High): graph.microsoft.us.
    UsgovL4,
    /// US Government L5 (DoD): dod-graph.microsoft.us.
    UsgovL5,
    /// China, operated by 21Vianet: microsoftgraph.chinacloudapi.cn.
    China,
}

impl Cloud {
    /// The Graph host, with its scheme.
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsgovL4 => "https://graph.microsoft.us",
            Cloud::UsgovL5 => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Microsoft Entra token host (FACTS §8), with its scheme. Tokens are not
    /// interchangeable across clouds.
    pub fn token_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsgovL4 | Cloud::UsgovL5 => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The scope of an application token for this cloud's Graph: `{graph_host}/.default`.
    pub fn default_scope(self) -> String {
        format!("{}/.default", self.graph_host())
    }

    /// The Graph v1.0 service root: what `{{graph}}` binds to.
    pub fn graph_root(self) -> String {
        format!("{}/v1.0", self.graph_host())
    }
}

/// Where a run sends its requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    base_url: String,
    cloud: Cloud,
}

impl Target {
    /// A target at `base_url` (such as `http://127.0.0.1:4010/v1.0`) speaking for `cloud`.
    pub fn new(base_url: &str, cloud: Cloud) -> Self {
        Target {
            base_url: base_url.trim_end_matches('/').to_string(),
            cloud,
        }
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The cloud whose Graph URLs go into request bodies.
    pub fn cloud(&self) -> Cloud {
        self.cloud
    }

    /// Whether the target is on this machine (`localhost`, `127.0.0.0/8`, `::1`): only
    /// there may cases that write run without the user's consent.
    pub fn is_loopback(&self) -> bool {
        let Ok(url) = reqwest::Url::parse(&self.base_url) else {
            return false;
        };
        match url.host() {
            Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(address)) => address.is_loopback(),
            Some(url::Host::Ipv6(address)) => address.is_loopback(),
            None => false,
        }
    }

    /// The absolute URL of a case path such as `/chats`.
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::ipv4("http://127.0.0.1:4010/v1.0", true)]
    #[case::other_loopback_address("http://127.8.9.10/v1.0", true)]
    #[case::localhost("http://LOCALHOST:8080/v1.0", true)]
    #[case::ipv6("http://[::1]:8080/v1.0", true)]
    #[case::graph("https://graph.microsoft.com/v1.0", false)]
    #[case::lan_address("http://192.168.1.20:4010/v1.0", false)]
    #[case::name_that_only_starts_with_localhost("http://localhost.example.com/v1.0", false)]
    fn tells_loopback_targets_from_the_others(#[case] url: &str, #[case] loopback: bool) {
        assert_eq!(Target::new(url, Cloud::Global).is_loopback(), loopback);
    }
}
