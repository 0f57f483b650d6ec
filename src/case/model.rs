//! The case model: the Rust types a case file deserializes into.
//!
//! A case is one conformance scenario taken from the Graph documentation: where it comes from
//! and how sure we are ([`Source`]), who calls ([`Caller`]), and one or more [`Step`]s. Each
//! step is a request and the expectations on its answer; a step may capture values from its
//! answer for later steps. The JSON Schema in `schemas/case.schema.json` is generated from
//! these types, and a test keeps the two in step.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use std::fmt;

use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// One conformance case, as written in a file under `cases/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Case {
    /// Optional link to this format's JSON Schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,

    /// The case's name: snake_case and equal to the file's stem, so test names stay stable.
    pub name: String,

    /// One line saying what the case proves.
    pub title: String,

    /// Which part of the API's contract the case covers; reports group by it.
    pub area: Area,

    /// Where the case comes from and how sure we are of it.
    pub source: Source,

    /// Who sends the requests. The harness mints a token for this caller unless the user
    /// gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<Caller>,

    /// The requests, sent in order.
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
}

impl Case {
    /// Whether the case changes the target's state: any step that is not a `GET`.
    pub fn writes(&self) -> bool {
        self.steps
            .iter()
            .any(|step| step.request.method != Method::Get)
    }
}

/// The part of the contract a case covers.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "camelCase")]
pub enum Area {
    /// A documented example, replayed as documented.
    Examples,
    /// A documented rule of the request body or headers.
    Rules,
    /// Repeating a create, and what comes back.
    Idempotency,
    /// Who may call, with which permissions.
    Permissions,
    /// The shape of error answers.
    Errors,
}

/// How sure we are that Graph behaves as the case expects.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "camelCase")]
pub enum Grade {
    /// The Graph documentation says so.
    Documented,
    /// Seen from the real service, with a public source.
    Observed,
    /// Our reading; neither documented nor observed.
    Inferred,
}

/// Provenance: the document and the part of it a case comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Source {
    /// The document, for example `chat-post.v1.0-8999cb07` (a file of the reference folder)
    /// or an issue thread such as `microsoft-graph-docs-contrib#1950`.
    pub document: String,

    /// The example or statement of that document.
    pub section: String,

    /// How sure we are of the rule the case checks.
    pub grade: Grade,

    /// How sure we are of the exact answer the case expects (status, error code, message),
    /// when that is less certain than the rule: the docs may state a rule without its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_grade: Option<Grade>,

    /// The statements of the documentation this case checks: ids of rows of the traceability
    /// table (`docs/traceability.md`).
    #[schemars(length(min = 1))]
    pub statements: Vec<String>,

    /// What a reader should know: inconsistencies of the example, what is inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The caller of a case: a signed-in user of the profile (a delegated token) or an
/// application in a tenant of the profile (an application token).
///
/// Without a token from the user, the harness mints one with these claims. With the user's
/// own token, a case whose caller needs other claims (scopes, roles, an application, a
/// personal account) is skipped, since that token cannot stand for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Caller {
    /// The profile's name for the signed-in user, such as `adele`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,

    /// The profile's name for the tenant of an application calling without a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,

    /// Delegated permissions (`scp`) [default: `Chat.Create` for a user].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,

    /// Application permissions (`roles`) [default: `Chat.Create` for an application].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,

    /// The kind of account a user signs in with.
    #[serde(default, skip_serializing_if = "is_default")]
    pub account: AccountKind,
}

impl Caller {
    /// Whether only a minted token can stand for this caller: a user's own token carries
    /// whatever its user and permissions are.
    pub fn needs_minted_token(&self) -> bool {
        self.application.is_some()
            || self.scopes.is_some()
            || self.roles.is_some()
            || self.account != AccountKind::Work
    }
}

/// The kind of account a user signs in with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum AccountKind {
    /// A work or school account.
    #[default]
    Work,
    /// A personal Microsoft account.
    Personal,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What a request sends as `Authorization`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Authorization {
    /// The caller's token: the user's own, or one minted for the case's caller.
    #[default]
    Caller,
    /// No `Authorization` header at all.
    None,
    /// `Bearer` and this literal token (variables are bound), such as one that is not a JWT.
    Bearer(String),
}

/// One request and what its answer must satisfy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Step {
    /// The step's name, unique in the case; snapshots and reports use it.
    pub name: String,

    /// What to send.
    pub request: RequestSpec,

    /// What the answer must satisfy.
    pub expect: Expectations,

    /// Values to keep for later steps: a name and the JSON pointer of the value in the
    /// response body. Later steps write `{{capture.NAME}}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, String>,
}

/// A request, with `{{...}}` variables in its path, header values and body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequestSpec {
    /// The HTTP method.
    pub method: Method,

    /// The path relative to the target's base URL, such as `/chats`.
    #[schemars(regex(pattern = r"^/"))]
    pub path: String,

    /// Request headers. `Authorization` is added by the harness (see `authorization`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,

    /// What to send as `Authorization`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub authorization: Authorization,

    /// The JSON body, sent as written once its variables are bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,

    /// A body sent as this exact text instead of `body`, for bodies that are not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,

    /// Pads the serialized `body` with trailing spaces to this many bytes: still the same
    /// JSON, only larger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pad_to: Option<usize>,
}

/// The HTTP methods a case may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PATCH.
    Patch,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method as reqwest knows it.
    pub fn as_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// What the answer to a step must satisfy. Every expectation is checked, and every
/// difference is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expectations {
    /// The status code, or the set of acceptable ones.
    pub status: StatusExpectation,

    /// Response headers by name (matched without regard to letter case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, HeaderExpectation>,

    /// The name of a schema in `schemas/` (`chat` means `schemas/chat.schema.json`) that the
    /// response body must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,

    /// Matchers on the response body, by JSON pointer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub body: BTreeMap<String, BodyMatcher>,
}

/// One status code, or a set of acceptable ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StatusExpectation {
    /// Exactly this status.
    One(#[schemars(range(min = 100, max = 599))] u16),
    /// Any of these.
    AnyOf(#[schemars(length(min = 1))] Vec<u16>),
}

impl StatusExpectation {
    /// The acceptable statuses.
    pub fn codes(&self) -> &[u16] {
        match self {
            StatusExpectation::One(code) => std::slice::from_ref(code),
            StatusExpectation::AnyOf(codes) => codes,
        }
    }
}

/// What a response header must be. With no field set, the header must be present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeaderExpectation {
    /// The header's exact value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,

    /// A regular expression the value must match (unanchored; anchor it with `^` and `$`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Pattern>,

    /// The header must not be sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
}

/// Matchers on the value at one JSON pointer of the response body. Every matcher set must
/// hold; all but `absent` require the value to be present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BodyMatcher {
    /// The value must be present (any value, `null` included).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub present: bool,

    /// The value must not be present.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,

    /// The value must equal this JSON value (`null` included).
    #[serde(
        default,
        deserialize_with = "present_value",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Value")]
    pub equals: Option<Value>,

    /// The value must differ from this JSON value.
    #[serde(
        default,
        deserialize_with = "present_value",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Value")]
    pub not_equals: Option<Value>,

    /// The value must be a string matching this regular expression (unanchored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Pattern>,

    /// The value's JSON type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub json_type: Option<JsonType>,

    /// The value must be a string of this format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,

    /// A relation to the request: the value must equal the request body's value at this
    /// JSON pointer, or be `null` (or absent) when the request has no value there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as_request: Option<String>,
}

/// JSON value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// Any number.
    Number,
    /// An integer.
    Integer,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// String formats the body matchers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// An RFC 3339 date-time with a zone, such as `2020-12-04T23:10:28.51Z`.
    DateTime,
    /// A GUID in its 8-4-4-4-12 hexadecimal form.
    Guid,
    /// A one-on-one chat id: `19:{id}_{id}@unq.gbl.spaces`.
    OneOnOneChatId,
    /// A group chat id: `19:{32 lowercase hex digits}@thread.v2`.
    GroupChatId,
    /// An absolute URI.
    Uri,
}

/// A regular expression, compiled when the case is read so that a bad pattern is a load
/// error with its location, and so that checks never compile one per request.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `source`.
    pub fn new(source: &str) -> Result<Self, regex::Error> {
        Ok(Pattern {
            source: source.to_string(),
            regex: Regex::new(source)?,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether `text` contains a match.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Pattern::new(&source).map_err(|error| {
            serde::de::Error::custom(format!("not a valid regular expression: {error}"))
        })
    }
}

/// Keeps a `null` written in the file apart from a key left out: `"equals": null` means
/// "must be null".
fn present_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}
