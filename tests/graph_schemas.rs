//! The Graph JSON Schemas in `schemas/` against the documented Create chat examples.
//!
//! Sources of the example bodies (copied as data, whitespace aside):
//! - `v1.0@8999cb07`: microsoft-graph-docs-contrib `api-reference/v1.0/api/chat-post.md` at
//!   8999cb07a3bdc21a0853bdeb6dc249e9dbeeec7b (five examples);
//! - `v1.0 newest`: the newer stored version of the same page (seven examples, installedApps);
//! - `beta@02b4cba`: `api-reference/beta/api/chat-post.md` at 02b4cba04d0426b41fe35819922b100050c5c441;
//! - the error body shape of the project's fact sheet (section 6), with its placeholders filled in.
//!
//! The v1.0 bodies at 8999cb07 come from `tests/fixtures/documented-examples.json`, shared
//! with the other tests. This file uses only `serde_json`, `jsonschema` and `rstest`, never
//! the library crate, and validates with format checking on, as the harness does.

use std::sync::LazyLock;

use jsonschema::Validator;
use rstest::rstest;
use serde_json::{Value, json};

mod support;

use support::{documented_request_text, documented_response_text};

const CHAT_SCHEMA: &str = include_str!("../schemas/chat.schema.json");
const REQUEST_SCHEMA: &str = include_str!("../schemas/create-chat-request.schema.json");
const ERROR_SCHEMA: &str = include_str!("../schemas/odata-error.schema.json");

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

fn compile(schema_text: &str, validate_formats: bool) -> Validator {
    jsonschema::options()
        .should_validate_formats(validate_formats)
        .build(&parse(schema_text))
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

static CHAT: LazyLock<Validator> = LazyLock::new(|| compile(CHAT_SCHEMA, true));
static REQUEST: LazyLock<Validator> = LazyLock::new(|| compile(REQUEST_SCHEMA, true));
static ERROR: LazyLock<Validator> = LazyLock::new(|| compile(ERROR_SCHEMA, true));

/// The documented v1.0 bodies of the commit 8999cb07 page, from the shared fixture.
static V1_REQUEST_1_ONE_ON_ONE: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_by_id"));
static V1_REQUEST_2_GROUP: LazyLock<String> =
    LazyLock::new(|| documented_request_text("group_with_topic"));
static V1_REQUEST_3_UPN: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_by_upn"));
static V1_REQUEST_4_GROUP_WITH_GUEST: LazyLock<String> =
    LazyLock::new(|| documented_request_text("group_with_in_tenant_guest"));
static V1_REQUEST_5_FEDERATED: LazyLock<String> =
    LazyLock::new(|| documented_request_text("one_on_one_with_federated_user"));
static V1_ONE_ON_ONE_RESPONSE: LazyLock<String> =
    LazyLock::new(|| documented_response_text("one_on_one_by_id"));
static V1_GROUP_RESPONSE: LazyLock<String> =
    LazyLock::new(|| documented_response_text("group_with_topic"));
static V1_FEDERATED_RESPONSE: LazyLock<String> =
    LazyLock::new(|| documented_response_text("one_on_one_with_federated_user"));

#[derive(Debug, Clone, Copy)]
enum Schema {
    Chat,
    Request,
    Error,
}

impl Schema {
    fn validator(self) -> &'static Validator {
        match self {
            Schema::Chat => &CHAT,
            Schema::Request => &REQUEST,
            Schema::Error => &ERROR,
        }
    }
}

/// Every error as (keyword, instance path, message).
fn errors(validator: &Validator, instance: &Value) -> Vec<(String, String, String)> {
    validator
        .iter_errors(instance)
        .map(|e| {
            (
                e.kind().keyword().to_owned(),
                e.instance_path().as_str().to_owned(),
                e.to_string(),
            )
        })
        .collect()
}

fn assert_valid(validator: &Validator, instance: &Value) {
    let errs = errors(validator, instance);
    assert!(
        errs.is_empty(),
        "expected valid, got {errs:#?}\ninstance: {instance:#}"
    );
}

/// Fails, at least once with `keyword` at `path`, and nowhere but at `path`.
fn assert_fails_for(validator: &Validator, instance: &Value, keyword: &str, path: &str) {
    let errs = errors(validator, instance);
    assert!(
        errs.iter().any(|(k, p, _)| k == keyword && p == path),
        "expected a `{keyword}` error at `{path}`, got {errs:#?}\ninstance: {instance:#}"
    );
    assert!(
        errs.iter().all(|(_, p, _)| p == path),
        "expected errors only at `{path}`, got {errs:#?}\ninstance: {instance:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Documented bodies
// ---------------------------------------------------------------------------------------------

const BETA_ONE_ON_ONE_RESPONSE: &str = r##"{
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#chats/$entity",
    "id": "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces",
    "topic": null,
    "createdDateTime": "2020-12-04T23:10:28.51Z",
    "lastUpdatedDateTime": "2020-12-04T23:10:28.51Z",
    "chatType": "oneOnOne",
    "webUrl": "https://teams.microsoft.com/l/chat/19%3A82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces/0?tenantId=b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"
}"##;

const BETA_GROUP_RESPONSE: &str = r##"{
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#chats/$entity",
    "id": "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2",
    "topic": "Group chat title",
    "createdDateTime": "2020-12-04T23:11:16.175Z",
    "lastUpdatedDateTime": "2020-12-04T23:11:16.175Z",
    "chatType": "group",
    "webUrl": "https://teams.microsoft.com/l/chat/19%3A1c5b01696d2e4a179c292bc9cf04e63b@thread.v2/0?tenantId=b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"
}"##;

#[rstest]
#[case::v1_8999cb07_example_1_one_on_one(V1_ONE_ON_ONE_RESPONSE.as_str())]
#[case::v1_8999cb07_example_2_group(V1_GROUP_RESPONSE.as_str())]
#[case::v1_8999cb07_example_3_one_on_one_by_upn(V1_ONE_ON_ONE_RESPONSE.as_str())]
#[case::v1_8999cb07_example_4_group_with_guest(V1_GROUP_RESPONSE.as_str())]
#[case::v1_8999cb07_example_5_federated(V1_FEDERATED_RESPONSE.as_str())]
#[case::beta_example_1_one_on_one_with_web_url(BETA_ONE_ON_ONE_RESPONSE)]
#[case::beta_example_2_group_with_web_url(BETA_GROUP_RESPONSE)]
#[case::beta_example_4_one_on_one_by_upn_with_web_url(BETA_ONE_ON_ONE_RESPONSE)]
#[case::beta_example_5_group_with_guest_with_web_url(BETA_GROUP_RESPONSE)]
#[case::beta_example_6_federated(V1_FEDERATED_RESPONSE.as_str())]
fn every_documented_response_example_is_a_valid_chat(#[case] body: &str) {
    assert_valid(&CHAT, &parse(body));
}

const MEMBER_8B08: &str = r##"{
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
    }"##;

/// The guest's documented id `8ba98gf6-…-aef9f21fd98g` is not a GUID; it sits inside the bind URL.
const V1_NEWEST_REQUEST_3_INSTALLED_APPS: &str = r##"{
  "chatType": "oneOnOne",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')"
    }
  ],
  "installedApps": [
    {
      "teamsApp@odata.bind":"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/05F59CEC-A742-4A50-A62E-202A57E478A4"
    }
  ]
}"##;

const V1_NEWEST_REQUEST_4_RSC_APPS: &str = r##"{
  "chatType": "oneOnOne",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('4b822dfc-2864-44e6-aa1e-7e0e8552168f')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/v1.0/users('6d1e1501-7a3d-45b7-b71b-68d372e5ce14')"
    }
  ],
  "installedApps": [
    {
      "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/8e55a7b1-6766-4f0a-8610-ecacfe3d569a",
      "consentedPermissionSet": {
        "resourceSpecificPermissions": [
          {
            "permissionValue": "ChatMessage.Read.Chat",
            "permissionType": "application"
          },
          {
            "permissionValue": "OnlineMeeting.ReadBasic.Chat",
            "permissionType": "application"
          }
        ]
      }
    }
  ]
}"##;

const BETA_REQUEST_3_INSTALLED_APPS: &str = r##"{
  "chatType": "oneOnOne",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/beta/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/beta/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')"
    }
  ],
  "installedApps": [
    {
      "teamsApp@odata.bind":"https://graph.microsoft.com/beta/appCatalogs/teamsApps/05F59CEC-A742-4A50-A62E-202A57E478A4"
    }
  ]
}"##;

const BETA_REQUEST_5_GROUP_WITH_GUEST: &str = r##"{
  "chatType": "group",
  "topic": "Group chat title",
  "members": [
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/beta/users('8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["owner"],
      "user@odata.bind": "https://graph.microsoft.com/beta/users('82fe7758-5bb3-4f0d-a43f-e555fd399c6f')"
    },
    {
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      "roles": ["guest"],
      "user@odata.bind": "https://graph.microsoft.com/beta/users('8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g')"
    }
  ]
}"##;

#[rstest]
#[case::v1_8999cb07_example_1_one_on_one(V1_REQUEST_1_ONE_ON_ONE.as_str())]
#[case::v1_8999cb07_example_2_group(V1_REQUEST_2_GROUP.as_str())]
#[case::v1_8999cb07_example_3_one_on_one_by_upn(V1_REQUEST_3_UPN.as_str())]
#[case::v1_8999cb07_example_4_group_with_non_guid_guest_id(V1_REQUEST_4_GROUP_WITH_GUEST.as_str())]
#[case::v1_8999cb07_example_5_federated_with_tenant_id(V1_REQUEST_5_FEDERATED.as_str())]
#[case::v1_newest_example_3_installed_apps(V1_NEWEST_REQUEST_3_INSTALLED_APPS)]
#[case::v1_newest_example_4_rsc_granted_apps(V1_NEWEST_REQUEST_4_RSC_APPS)]
#[case::beta_example_3_installed_apps(BETA_REQUEST_3_INSTALLED_APPS)]
#[case::beta_example_5_group_with_guest(BETA_REQUEST_5_GROUP_WITH_GUEST)]
fn every_documented_request_body_is_a_valid_create_chat_request(#[case] body: &str) {
    assert_valid(&REQUEST, &parse(body));
}

/// The fact sheet's section 6 shape; code and message are the observed "members missing" 400,
/// the GUIDs are ours.
const FACTS_ERROR_BODY: &str = r##"{
  "error": {
    "code": "BadRequest",
    "message": "Chat members cannot be null. (Parameter 'Members')",
    "innerError": {
      "date": "2022-07-15T13:58:13",
      "request-id": "5a4b1c9e-3f0d-4e2b-9a61-0c7d2e8f4b13",
      "client-request-id": "5a4b1c9e-3f0d-4e2b-9a61-0c7d2e8f4b13"
    }
  }
}"##;

#[rstest]
#[case::facts_section_6_zone_less_date(FACTS_ERROR_BODY)]
#[case::rfc_3339_date_with_fraction_and_z(
    r##"{"error": {"code": "Forbidden", "message": "Forbidden",
        "innerError": {"date": "2022-07-15T13:58:13.123Z", "request-id": "5A4B1C9E-3F0D-4E2B-9A61-0C7D2E8F4B13"}}}"##
)]
#[case::rfc_3339_date_with_offset(
    r##"{"error": {"code": "TooManyRequests", "message": "Too Many Requests",
        "innerError": {"date": "2022-07-15T13:58:13+02:00"}}}"##
)]
#[case::lower_case_innererror_with_target_and_details(
    r##"{"error": {"code": "BadRequest", "message": "Invalid request.", "target": "members",
        "details": [{"code": "InvalidValue", "message": "bad member", "target": "members[0]"}],
        "innererror": {"date": "2022-07-15T13:58:13"}}}"##
)]
#[case::no_inner_error_at_all(
    r##"{"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}}"##
)]
fn graph_error_bodies_are_valid_odata_errors(#[case] body: &str) {
    assert_valid(&ERROR, &parse(body));
}

// ---------------------------------------------------------------------------------------------
// Negative rows: each fails for its stated reason only
// ---------------------------------------------------------------------------------------------

fn chat_without(key: &str) -> Value {
    let mut v = parse(V1_GROUP_RESPONSE.as_str());
    v.as_object_mut().unwrap().remove(key);
    v
}

fn chat_with(key: &str, value: Value) -> Value {
    let mut v = parse(V1_GROUP_RESPONSE.as_str());
    v[key] = value;
    v
}

fn request_without(key: &str) -> Value {
    let mut v = parse(V1_REQUEST_2_GROUP.as_str());
    v.as_object_mut().unwrap().remove(key);
    v
}

fn request_with(key: &str, value: Value) -> Value {
    let mut v = parse(V1_REQUEST_2_GROUP.as_str());
    v[key] = value;
    v
}

fn request_with_first_member(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut v = parse(V1_REQUEST_2_GROUP.as_str());
    edit(v["members"][0].as_object_mut().unwrap());
    v
}

#[rstest]
#[case::chat_without_id(Schema::Chat, chat_without("id"), "required", "")]
#[case::chat_without_chat_type(Schema::Chat, chat_without("chatType"), "required", "")]
#[case::chat_type_null(Schema::Chat, chat_with("chatType", Value::Null), "enum", "/chatType")]
#[case::chat_type_private(Schema::Chat, chat_with("chatType", json!("private")), "enum", "/chatType")]
#[case::chat_id_null(Schema::Chat, chat_with("id", Value::Null), "type", "/id")]
#[case::chat_topic_a_number(Schema::Chat, chat_with("topic", json!(42)), "type", "/topic")]
#[case::chat_migration_mode_unknown(Schema::Chat, chat_with("migrationMode", json!("done")), "enum", "/migrationMode")]
#[case::chat_viewpoint_a_string(Schema::Chat, chat_with("viewpoint", json!("hidden")), "anyOf", "/viewpoint")]
#[case::request_without_members(Schema::Request, request_without("members"), "required", "")]
#[case::request_without_chat_type(Schema::Request, request_without("chatType"), "required", "")]
#[case::request_with_empty_members(Schema::Request, request_with("members", json!([])), "minItems", "/members")]
#[case::request_for_a_meeting_chat(Schema::Request, request_with("chatType", json!("meeting")), "enum", "/chatType")]
#[case::request_with_topic_a_number(Schema::Request, request_with("topic", json!(42)), "type", "/topic")]
#[case::request_with_a_misspelled_property(Schema::Request, request_with("topics", json!("x")), "additionalProperties", "")]
#[case::request_with_a_read_only_property(Schema::Request, request_with("webUrl", json!("https://teams.microsoft.com/l/chat/x")), "additionalProperties", "")]
#[case::member_with_wrong_odata_type(
    Schema::Request,
    request_with_first_member(|m| { m.insert("@odata.type".into(), json!("#microsoft.graph.conversationMember")); }),
    "const",
    "/members/0/@odata.type"
)]
#[case::member_without_odata_type(
    Schema::Request,
    request_with_first_member(|m| { m.remove("@odata.type"); }),
    "required",
    "/members/0"
)]
#[case::member_without_user_bind(
    Schema::Request,
    request_with_first_member(|m| { m.remove("user@odata.bind"); }),
    "required",
    "/members/0"
)]
#[case::member_with_empty_roles(
    Schema::Request,
    request_with_first_member(|m| { m.insert("roles".into(), json!([])); }),
    "minItems",
    "/members/0/roles"
)]
#[case::member_with_role_member(
    Schema::Request,
    request_with_first_member(|m| { m.insert("roles".into(), json!(["member"])); }),
    "enum",
    "/members/0/roles/0"
)]
#[case::member_with_non_guid_tenant_id(
    Schema::Request,
    request_with_first_member(|m| { m.insert("tenantId".into(), json!("contoso")); }),
    "anyOf",
    "/members/0/tenantId"
)]
#[case::error_body_without_code(
    Schema::Error,
    json!({"error": {"message": "x"}}),
    "required",
    "/error"
)]
#[case::error_body_without_message(
    Schema::Error,
    json!({"error": {"code": "BadRequest"}}),
    "required",
    "/error"
)]
#[case::bare_message_instead_of_an_error_object(Schema::Error, json!({"message": "x"}), "required", "")]
#[case::error_with_a_non_guid_request_id(
    Schema::Error,
    json!({"error": {"code": "BadRequest", "message": "x", "innerError": {"request-id": "request-id"}}}),
    "pattern",
    "/error/innerError/request-id"
)]
fn invalid_bodies_fail_for_the_stated_reason(
    #[case] schema: Schema,
    #[case] instance: Value,
    #[case] keyword: &str,
    #[case] path: &str,
) {
    assert_fails_for(schema.validator(), &instance, keyword, path);
}

/// The documented v1.0 request `V1_REQUEST_1_ONE_ON_ONE.as_str()` with its members replaced.
fn one_on_one_with_members(members: Value) -> Value {
    let mut v = parse(V1_REQUEST_1_ONE_ON_ONE.as_str());
    v["members"] = members;
    v
}

#[rstest]
#[case::topic_on_a_one_on_one_chat(
    {
        let mut v = parse(V1_REQUEST_1_ONE_ON_ONE.as_str());
        v["topic"] = json!("Not allowed here");
        v
    },
    "type",
    "/topic"
)]
#[case::three_members_in_a_one_on_one_chat(
    one_on_one_with_members(json!([parse(MEMBER_8B08), parse(MEMBER_8B08), parse(MEMBER_8B08)])),
    "maxItems",
    "/members"
)]
#[case::one_member_in_a_one_on_one_chat(
    one_on_one_with_members(json!([parse(MEMBER_8B08)])),
    "minItems",
    "/members"
)]
#[case::one_member_in_a_group_chat(
    request_with("members", json!([parse(MEMBER_8B08)])),
    "minItems",
    "/members"
)]
fn chat_type_rules_of_the_create_page_are_enforced(
    #[case] instance: Value,
    #[case] keyword: &str,
    #[case] path: &str,
) {
    assert_fails_for(&REQUEST, &instance, keyword, path);
}

#[test]
fn a_one_on_one_request_may_carry_a_null_topic() {
    let mut v = parse(V1_REQUEST_1_ONE_ON_ONE.as_str());
    v["topic"] = Value::Null;
    assert_valid(&REQUEST, &v);
}

#[test]
fn a_created_date_time_that_is_not_a_date_time_fails_only_because_formats_are_validated() {
    let instance = chat_with("createdDateTime", json!("yesterday"));
    assert_fails_for(&CHAT, &instance, "format", "/createdDateTime");
    let without_formats = compile(CHAT_SCHEMA, false);
    assert_valid(&without_formats, &instance);
}

#[test]
fn the_documented_response_examples_pass_with_formats_off_as_well() {
    let without_formats = compile(CHAT_SCHEMA, false);
    for body in [
        V1_ONE_ON_ONE_RESPONSE.as_str(),
        V1_GROUP_RESPONSE.as_str(),
        V1_FEDERATED_RESPONSE.as_str(),
        BETA_ONE_ON_ONE_RESPONSE,
        BETA_GROUP_RESPONSE,
    ] {
        assert_valid(&without_formats, &parse(body));
    }
}

// ---------------------------------------------------------------------------------------------
// The chat schema follows the CSDL
// ---------------------------------------------------------------------------------------------

/// Every structural property of v1.0 `chat` (CSDL at msgraph-metadata f54f11b6), a value of its
/// type, and whether the CSDL lets it be null.
#[rstest]
#[case::id("id", json!("19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2"), false)]
#[case::chat_type("chatType", json!("meeting"), false)]
#[case::created_date_time("createdDateTime", json!("2020-12-04T23:11:16.175Z"), true)]
#[case::is_hidden_for_all_members("isHiddenForAllMembers", json!(false), true)]
#[case::last_updated_date_time("lastUpdatedDateTime", json!("2020-12-04T23:11:16+01:00"), true)]
#[case::migration_mode("migrationMode", json!("completed"), true)]
#[case::online_meeting_info(
    "onlineMeetingInfo",
    json!({
        "calendarEventId": null,
        "joinWebUrl": "https://teams.microsoft.com/l/meetup-join/x",
        "organizer": {"id": "8b081ef6-4792-4def-b2c9-c363a1bf41d5", "displayName": null,
                      "userIdentityType": "aadUser", "tenantId": "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"}
    }),
    true
)]
#[case::original_created_date_time("originalCreatedDateTime", json!("2019-01-01T00:00:00Z"), true)]
#[case::tenant_id("tenantId", json!("b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"), true)]
#[case::topic("topic", json!("Group chat title"), true)]
#[case::viewpoint(
    "viewpoint",
    json!({"isHidden": false, "lastMessageReadDateTime": "2021-04-06T19:49:52.431Z"}),
    true
)]
#[case::web_url("webUrl", json!("https://teams.microsoft.com/l/chat/19%3Ax@thread.v2/0"), true)]
fn every_csdl_property_of_chat_has_its_type_and_nullability(
    #[case] name: &str,
    #[case] value: Value,
    #[case] nullable: bool,
) {
    let schema = parse(CHAT_SCHEMA);
    assert!(
        schema["properties"].get(name).is_some(),
        "`{name}` is not declared in chat.schema.json"
    );
    assert_valid(&CHAT, &chat_with(name, value));
    let with_null = chat_with(name, Value::Null);
    assert_eq!(
        CHAT.is_valid(&with_null),
        nullable,
        "null for `{name}`: expected nullable = {nullable}"
    );
}

#[rstest]
#[case::installed_apps("installedApps", json!([{"id": "x", "teamsApp": {"id": "y"}}]))]
#[case::last_message_preview("lastMessagePreview", json!({"id": "1", "isDeleted": false, "messageType": "message"}))]
#[case::members("members", json!([{"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": "m", "roles": ["owner"]}]))]
#[case::messages("messages", json!([]))]
#[case::permission_grants("permissionGrants", json!([]))]
#[case::pinned_messages("pinnedMessages", json!([]))]
#[case::tabs("tabs", json!([]))]
#[case::targeted_messages("targetedMessages", json!([]))]
fn expanded_navigation_properties_are_accepted_loosely(#[case] name: &str, #[case] value: Value) {
    let schema = parse(CHAT_SCHEMA);
    assert!(
        schema["properties"].get(name).is_some(),
        "`{name}` is not declared"
    );
    assert_valid(&CHAT, &chat_with(name, value));
}

#[test]
fn a_chat_may_carry_properties_and_annotations_graph_adds_later() {
    let mut v = parse(V1_GROUP_RESPONSE.as_str());
    v["someFutureProperty"] = json!({"any": "shape"});
    v["@odata.etag"] = json!("W/\"1\"");
    v["members@odata.count"] = json!(2);
    v["@odata.type"] = json!("#microsoft.graph.chat");
    assert_valid(&CHAT, &v);
}

#[test]
fn an_unknown_enum_member_comes_as_the_unknown_future_value_sentinel() {
    assert_valid(&CHAT, &chat_with("chatType", json!("unknownFutureValue")));
    assert_valid(
        &CHAT,
        &chat_with("migrationMode", json!("unknownFutureValue")),
    );
}

// ---------------------------------------------------------------------------------------------
// Request details
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::by_id_in_parentheses(
    "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
)]
#[case::by_id_as_a_segment(
    "https://graph.microsoft.com/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5"
)]
#[case::by_upn("https://graph.microsoft.com/v1.0/users('jacob@contoso.com')")]
#[case::by_upn_as_a_segment("https://graph.microsoft.com/v1.0/users/jacob@contoso.com")]
#[case::documented_non_guid_guest_id(
    "https://graph.microsoft.com/v1.0/users('8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g')"
)]
#[case::beta("https://graph.microsoft.com/beta/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')")]
#[case::us_government_cloud(
    "https://graph.microsoft.us/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
)]
#[case::china_cloud(
    "https://microsoftgraph.chinacloudapi.cn/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
)]
#[case::local_mock_with_port(
    "https://localhost:8443/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
)]
fn user_binds_by_id_or_upn_in_either_url_form_are_accepted(#[case] bind: &str) {
    let v = request_with_first_member(|m| {
        m.insert("user@odata.bind".into(), json!(bind));
    });
    assert_valid(&REQUEST, &v);
}

#[rstest]
#[case::a_group_not_a_user(
    "https://graph.microsoft.com/v1.0/groups('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"
)]
#[case::plain_http("http://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')")]
#[case::no_api_version("https://graph.microsoft.com/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')")]
#[case::empty_key("https://graph.microsoft.com/v1.0/users('')")]
#[case::the_users_collection("https://graph.microsoft.com/v1.0/users")]
#[case::a_bare_id("8b081ef6-4792-4def-b2c9-c363a1bf41d5")]
#[case::a_property_of_the_user(
    "https://graph.microsoft.com/v1.0/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5/manager"
)]
fn user_binds_that_do_not_name_one_user_are_rejected(#[case] bind: &str) {
    let v = request_with_first_member(|m| {
        m.insert("user@odata.bind".into(), json!(bind));
    });
    assert_fails_for(&REQUEST, &v, "pattern", "/members/0/user@odata.bind");
}

#[test]
fn the_python_snippet_typo_user_at_odata_underscore_bind_is_not_a_bind() {
    let v = request_with_first_member(|m| {
        let bind = m.remove("user@odata.bind").unwrap();
        m.insert("user@odata_bind".into(), bind);
    });
    let errs = errors(&REQUEST, &v);
    assert!(
        errs.iter()
            .any(|(k, p, _)| k == "required" && p == "/members/0"),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(k, p, _)| k == "additionalProperties" && p == "/members/0"),
        "{errs:#?}"
    );
}

#[test]
fn a_member_may_set_visible_history_and_odata_annotations() {
    let v = request_with_first_member(|m| {
        m.insert(
            "visibleHistoryStartDateTime".into(),
            json!("2019-04-18T23:51:43.255Z"),
        );
        m.insert("displayName".into(), json!("Alex"));
    });
    assert_valid(&REQUEST, &v);
    let bad = request_with_first_member(|m| {
        m.insert("visibleHistoryStartDateTime".into(), json!("last week"));
    });
    assert_fails_for(
        &REQUEST,
        &bad,
        "format",
        "/members/0/visibleHistoryStartDateTime",
    );
}

#[test]
fn an_installed_app_needs_a_catalog_bind() {
    let mut v = parse(V1_NEWEST_REQUEST_3_INSTALLED_APPS);
    v["installedApps"][0] = json!({"teamsAppId": "05F59CEC-A742-4A50-A62E-202A57E478A4"});
    let errs = errors(&REQUEST, &v);
    assert!(
        errs.iter()
            .any(|(k, p, _)| k == "required" && p == "/installedApps/0"),
        "{errs:#?}"
    );
    assert!(
        errs.iter().all(|(_, p, _)| p == "/installedApps/0"),
        "{errs:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Error details
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::zone_less_seconds("2022-07-15T13:58:13")]
#[case::zone_less_with_fraction("2022-07-15T13:58:13.5")]
#[case::utc("2022-07-15T13:58:13Z")]
#[case::utc_with_fraction("2022-07-15T13:58:13.1234567Z")]
#[case::offset("2022-07-15T13:58:13-07:00")]
fn inner_error_dates_with_or_without_a_zone_are_accepted(#[case] date: &str) {
    let mut v = parse(FACTS_ERROR_BODY);
    v["error"]["innerError"]["date"] = json!(date);
    assert_valid(&ERROR, &v);
}

#[rstest]
#[case::the_errors_page_placeholder("date-time")]
#[case::a_space_instead_of_t("2022-07-15 13:58:13")]
#[case::date_only("2022-07-15")]
#[case::month_13("2022-13-15T13:58:13")]
#[case::offset_without_colon("2022-07-15T13:58:13+0200")]
fn inner_error_dates_that_are_not_date_times_are_rejected(#[case] date: &str) {
    let mut v = parse(FACTS_ERROR_BODY);
    v["error"]["innerError"]["date"] = json!(date);
    assert_fails_for(&ERROR, &v, "pattern", "/error/innerError/date");
}

/// concepts/errors.md's "full JSON error body" uses placeholders ("request-id", "date-time")
/// for the inner error's values; with real values in their place it is valid.
#[test]
fn the_errors_page_example_is_valid_once_its_placeholders_are_filled_in() {
    let documented = json!({
        "error": {
            "code": "invalidRange",
            "message": "Uploaded fragment overlaps with existing data.",
            "innerError": {"request-id": "request-id", "date": "date-time"}
        }
    });
    let errs = errors(&ERROR, &documented);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().all(|(k, _, _)| k == "pattern"), "{errs:#?}");

    let mut filled = documented;
    filled["error"]["innerError"] = json!({
        "request-id": "5a4b1c9e-3f0d-4e2b-9a61-0c7d2e8f4b13",
        "date": "2022-07-15T13:58:13"
    });
    assert_valid(&ERROR, &filled);
}

// ---------------------------------------------------------------------------------------------
// The schema files themselves
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::chat(CHAT_SCHEMA, "https://graph-conformance.dev/schemas/chat.schema.json")]
#[case::create_chat_request(
    REQUEST_SCHEMA,
    "https://graph-conformance.dev/schemas/create-chat-request.schema.json"
)]
#[case::odata_error(
    ERROR_SCHEMA,
    "https://graph-conformance.dev/schemas/odata-error.schema.json"
)]
fn each_schema_is_a_valid_draft_2020_12_schema_with_id_title_and_source(
    #[case] text: &str,
    #[case] id: &str,
) {
    let schema = parse(text);
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("not valid against its metaschema: {e}");
    }
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$id"], id);
    assert!(schema["title"].as_str().is_some_and(|t| !t.is_empty()));
    let description = schema["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("f54f11b60956ea7b185ca0447b2b80805836ec7b"),
        "description does not name the metadata commit"
    );
    assert!(
        description.contains("Grade:"),
        "description does not state a grade"
    );
    // Compiles with format validation on, as the harness builds it.
    compile(text, true);
}

#[rstest]
#[case::chat(CHAT_SCHEMA)]
#[case::create_chat_request(REQUEST_SCHEMA)]
#[case::odata_error(ERROR_SCHEMA)]
fn each_schema_file_is_tidy_two_space_json_ending_in_a_newline(#[case] text: &str) {
    assert!(text.ends_with("}\n"), "file must end with a newline");
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        assert_eq!(indent % 2, 0, "odd indentation: {line:?}");
        assert!(
            !line.contains('\t') && !line.ends_with(' '),
            "tab or trailing space: {line:?}"
        );
    }
}
