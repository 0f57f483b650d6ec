//! The `mock` and `schema` commands (`run` has its own module): each reads its inputs, does
//! its work, writes to the console, and returns an error that carries the exit code.

use std::io::Write;

use graph_conformance::error::Error;
use graph_conformance::mock::{MockConfig, MockServer};
use graph_conformance::suite::load_profile;

use super::args::{MockArgs, SchemaArgs, SchemaFormat};

/// `graph-conformance mock`.
pub async fn mock(args: MockArgs, out: &mut impl Write) -> Result<(), Error> {
    let profile = load_profile(args.profile.as_deref())?;
    let address = format!("{}:{}", args.host, args.port);
    let socket = tokio::net::lookup_host(&address)
        .await
        .ok()
        .and_then(|mut found| found.next())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--host {}: not an address of this machine",
                args.host
            ))
        })?;
    let mut config = MockConfig::from_profile(&profile).strict(args.strict);
    if let Some(requests_per_second) = args.throttle {
        config = config.throttle(requests_per_second);
    }
    let server = MockServer::start_on(socket, config)
        .await
        .map_err(|error| Error::Mock(format!("cannot listen on {address}: {error}")))?;

    let _ = writeln!(
        out,
        "serving the reference mock at {} (Ctrl-C stops it)",
        server.base_url()
    );
    let _ = out.flush();
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}

/// `graph-conformance schema`.
pub fn schema(args: SchemaArgs, out: &mut impl Write) -> Result<(), Error> {
    let schema = match args.format {
        SchemaFormat::Case => graph_conformance::case::schema::case_schema(),
        SchemaFormat::Profile => graph_conformance::case::schema::profile_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    let _ = writeln!(out, "{text}");
    Ok(())
}
