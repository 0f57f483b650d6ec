//! Argument definitions, grouped under headings in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use graph_conformance::case::model::{Area, Grade};
use graph_conformance::report::ReportSpec;
use graph_conformance::report::console::ColorChoice;
use graph_conformance::target::Cloud;

const EXIT_CODES: &str = "\
Exit codes:
  0  every case passed (or the command did what was asked)
  1  the command line is wrong
  2  a case, schema or profile file is invalid or missing
  3  the target could not be reached or did not answer in time
  4  the target answered and at least one case failed
  5  the reference mock could not start (for example, its port is taken)
  6  a report or a recording could not be written
  7  no token could be obtained with the AZURE_* client credentials";

/// Contract tests for Microsoft Graph's Create chat, and a reference mock that passes them.
#[derive(Debug, Parser)]
#[command(name = "graph-conformance", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Replay every case against a target and report each difference.
    #[command(after_help = EXIT_CODES)]
    Run(Box<RunArgs>),
    /// Serve the reference mock until interrupted.
    #[command(after_help = EXIT_CODES)]
    Mock(MockArgs),
    /// Print the JSON Schema of a file format.
    Schema(SchemaArgs),
}

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Base URL of the Graph or mock to test, such as http://127.0.0.1:4010/v1.0. Without it,
    /// the embedded reference mock is started and tested.
    #[arg(
        long,
        value_name = "URL",
        env = "GRAPH_CONFORMANCE_TARGET",
        help_heading = "Target"
    )]
    pub target: Option<String>,

    /// Bearer token sent with every request. Without it, and with a target other than the
    /// embedded mock, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET get one by the
    /// client-credentials flow (token service: the cloud's, or AZURE_AUTHORITY_HOST);
    /// otherwise an unsigned token is minted for each case's caller (which only mocks accept).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "GRAPH_CONFORMANCE_TOKEN",
        hide_env_values = true,
        help_heading = "Target"
    )]
    pub token: Option<String>,

    /// National cloud: its Graph is the target (unless --target is given) and its Graph
    /// URLs go inside request bodies. Without --cloud and --target, the embedded mock is the
    /// target and bodies carry the global Graph's URLs.
    #[arg(long, value_enum, help_heading = "Target")]
    pub cloud: Option<Cloud>,

    /// Seconds each request may take before the target counts as unreachable.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 30.0,
        help_heading = "Target"
    )]
    pub timeout: f64,

    /// Attempts per request when the target answers 429, 503 or 504: Retry-After is honoured,
    /// otherwise exponential backoff with jitter. 1 sends each request once.
    #[arg(long, value_name = "N", default_value_t = 4, help_heading = "Target")]
    pub retries: u32,

    /// Seconds one request may spend waiting on retries before the run gives up on it.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 60.0,
        help_heading = "Target"
    )]
    pub retry_budget: f64,

    /// Folder of case files, read recursively [default: the cases built into the binary].
    #[arg(long, value_name = "DIR", help_heading = "Corpus")]
    pub cases: Option<PathBuf>,

    /// Folder of JSON Schemas [default: the schemas built into the binary].
    #[arg(long, value_name = "DIR", help_heading = "Corpus")]
    pub schemas: Option<PathBuf>,

    /// Profile binding the cases' variables [default: the built-in profiles/docs.json].
    #[arg(long, value_name = "FILE", help_heading = "Corpus")]
    pub profile: Option<PathBuf>,

    /// Run only cases whose name contains this text; repeat to select several.
    #[arg(long = "filter", value_name = "TEXT", help_heading = "Selection")]
    pub filters: Vec<String>,

    /// Run only cases of this area; repeat to select several.
    #[arg(
        long = "area",
        value_enum,
        value_name = "AREA",
        help_heading = "Selection"
    )]
    pub areas: Vec<Area>,

    /// Run only cases whose expected answer has this grade; repeat to select several.
    #[arg(
        long = "grade",
        value_enum,
        value_name = "GRADE",
        help_heading = "Selection"
    )]
    pub grades: Vec<Grade>,

    /// List the selected cases (name, grade, area, title) instead of running them.
    #[arg(long, help_heading = "Selection")]
    pub list: bool,

    /// Let cases that write (create chats) run against a target that is not on this machine.
    /// Without it they are refused there, each with the reason.
    #[arg(long, help_heading = "Safety")]
    pub allow_writes: bool,

    /// Print the bound requests of the selected cases, with the token redacted, and send
    /// nothing.
    #[arg(long, help_heading = "Safety")]
    pub dry_run: bool,

    /// Show each exchange under its case as `>` (sent) and `<` (received) lines.
    #[arg(long, short, help_heading = "Output")]
    pub verbose: bool,

    /// Write a report: junit=PATH, json=PATH or markdown=PATH (for CI job summaries);
    /// repeat for several.
    #[arg(long = "report", value_name = "FORMAT=PATH", help_heading = "Output")]
    pub reports: Vec<ReportSpec>,

    /// When to colour the outcomes.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// Write the target's answers, redacted, into this folder as a recording.
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub record: Option<PathBuf>,

    /// Compare the target's answers with a recording made by --record; each drift is a
    /// difference.
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub compare: Option<PathBuf>,

    /// How many cases run at once.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8,
        help_heading = "Execution"
    )]
    pub jobs: usize,
}

/// Arguments of `mock`.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Port to listen on.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Profile whose users and tenants fill the mock's directory [default: the built-in
    /// profiles/docs.json].
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,

    /// Refuse bearer tokens that are not JWTs with 401, as Graph does. Without it any token
    /// is accepted as a signed-in member of the chat being created, so that clients under
    /// test can send whatever token they have.
    #[arg(long)]
    pub strict: bool,

    /// Answer 429 with Retry-After beyond this many requests per second per application and
    /// tenant (Graph's figure for Teams is 30).
    #[arg(long, value_name = "RPS")]
    pub throttle: Option<u32>,
}

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub format: SchemaFormat,
}

/// The file formats with a generated schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaFormat {
    /// Case files (cases/**/*.json).
    Case,
    /// Profile files (profiles/*.json).
    Profile,
}
