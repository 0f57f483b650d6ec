//! The catalogue of deliberately broken mocks: proof that the suite catches what is wrong.
//!
//! Each broken mock is a wiremock server that forwards every request to the reference mock
//! and breaks one thing on the way in or out (`catalogue` lists the breaks; `requests` and
//! `responses` make them; `forward` is the transport; `message` holds the edits they share).
//! The whole corpus runs against each, and the table below states the exact set of cases
//! that must fail: every case the break concerns, and no other. A missing name means the
//! suite would let that mistake through; an extra one means a case checks more than it says.
//!
//! The first row is the forwarding alone: it passes every case, so the failures of the other
//! rows are the breaks' and not the transport's.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use graph_conformance::run::{Outcome, Runner, Verdict};
use graph_conformance::suite::{Suite, SuiteSources, load_suite};
use graph_conformance::target::token::Credentials;
use graph_conformance::target::{Cloud, Target};
use rstest::rstest;

#[path = "broken_mocks/catalogue.rs"]
mod catalogue;
#[path = "broken_mocks/forward.rs"]
mod forward;
#[path = "broken_mocks/message.rs"]
mod message;
#[path = "broken_mocks/requests.rs"]
mod requests;
#[path = "broken_mocks/responses.rs"]
mod responses;

use catalogue::Break;
use forward::BrokenMock;

/// Cases run at once against one broken mock.
const JOBS: usize = 6;

/// Every case that creates a chat and expects it back with `201 Created`.
const CREATES: &[&str] = &[
    "accepts_a_delegated_token_with_chat_readwrite",
    "accepts_an_application_token_with_chat_create",
    "creates_a_group_chat_without_a_topic",
    "creates_a_new_group_chat_each_time",
    "echoes_the_client_request_id",
    "group_with_in_tenant_guest",
    "group_with_topic",
    "one_on_one_by_id",
    "one_on_one_by_upn",
    "one_on_one_with_federated_user",
    "returns_the_existing_chat_for_the_pair_in_the_other_order",
    "returns_the_existing_chat_for_the_same_pair",
];

/// The cases of [`CREATES`] whose chat is one-on-one.
const ONE_ON_ONE_CREATES: &[&str] = &[
    "accepts_a_delegated_token_with_chat_readwrite",
    "echoes_the_client_request_id",
    "one_on_one_by_id",
    "one_on_one_by_upn",
    "one_on_one_with_federated_user",
    "returns_the_existing_chat_for_the_pair_in_the_other_order",
    "returns_the_existing_chat_for_the_same_pair",
];

/// The cases of [`CREATES`] whose chat is a group chat.
const GROUP_CREATES: &[&str] = &[
    "accepts_an_application_token_with_chat_create",
    "creates_a_group_chat_without_a_topic",
    "creates_a_new_group_chat_each_time",
    "group_with_in_tenant_guest",
    "group_with_topic",
];

/// The cases whose chat has no topic, so the answer carries `"topic": null`.
const TOPICLESS_CREATES: &[&str] = &[
    "accepts_a_delegated_token_with_chat_readwrite",
    "creates_a_group_chat_without_a_topic",
    "echoes_the_client_request_id",
    "one_on_one_by_id",
    "one_on_one_by_upn",
    "one_on_one_with_federated_user",
    "returns_the_existing_chat_for_the_pair_in_the_other_order",
    "returns_the_existing_chat_for_the_same_pair",
];

/// The cases that install an app with the chat and expect `202 Accepted`.
const APP_INSTALLS: &[&str] = &[
    "installs_an_app_while_creating_a_chat",
    "installs_an_app_with_consented_permissions",
];

/// Every case that expects an error: Graph's envelope with the request ids.
const REJECTIONS: &[&str] = &[
    "rejects_a_bind_to_an_unknown_user_id",
    "rejects_a_bind_to_an_unknown_user_principal_name",
    "rejects_a_body_that_is_not_an_object",
    "rejects_a_body_without_content_type",
    "rejects_a_caller_missing_from_members",
    "rejects_a_delegated_token_without_a_chat_permission",
    "rejects_a_malformed_bind_url",
    "rejects_a_meeting_chat_type",
    "rejects_a_member_without_a_user_bind",
    "rejects_a_missing_chat_type",
    "rejects_a_one_on_one_chat_with_one_member",
    "rejects_a_one_on_one_chat_with_three_members",
    "rejects_a_personal_account_token",
    "rejects_a_request_without_authorization",
    "rejects_a_token_that_is_not_a_jwt",
    "rejects_a_token_without_scopes_or_roles",
    "rejects_a_topic_on_a_one_on_one_chat",
    "rejects_an_application_token_without_chat_create",
    "rejects_an_external_user_with_the_guest_role",
    "rejects_an_in_tenant_guest_with_the_owner_role",
    "rejects_an_oversized_body",
    "rejects_an_unknown_chat_type",
    "rejects_empty_members",
    "rejects_empty_roles",
    "rejects_malformed_json",
    "rejects_members_of_another_odata_type",
    "rejects_missing_members",
    "rejects_post_to_me_chats",
    "rejects_the_member_role",
];

/// The rejections the reference answers with `400`. Three cases also allow another status
/// (`404` for an unknown user, `403` for a caller missing from the members); the reference
/// answers them `400` too, so the break reaches them.
const BAD_REQUESTS: &[&str] = &[
    "rejects_a_bind_to_an_unknown_user_id",
    "rejects_a_bind_to_an_unknown_user_principal_name",
    "rejects_a_body_that_is_not_an_object",
    "rejects_a_caller_missing_from_members",
    "rejects_a_malformed_bind_url",
    "rejects_a_meeting_chat_type",
    "rejects_a_member_without_a_user_bind",
    "rejects_a_missing_chat_type",
    "rejects_a_one_on_one_chat_with_one_member",
    "rejects_a_one_on_one_chat_with_three_members",
    "rejects_a_topic_on_a_one_on_one_chat",
    "rejects_an_external_user_with_the_guest_role",
    "rejects_an_in_tenant_guest_with_the_owner_role",
    "rejects_an_unknown_chat_type",
    "rejects_empty_members",
    "rejects_empty_roles",
    "rejects_malformed_json",
    "rejects_members_of_another_odata_type",
    "rejects_missing_members",
    "rejects_the_member_role",
];

/// The rejections that expect one exact `error.code`.
const EXACT_ERROR_CODES: &[&str] = &[
    "rejects_a_body_that_is_not_an_object",
    "rejects_a_delegated_token_without_a_chat_permission",
    "rejects_a_malformed_bind_url",
    "rejects_a_meeting_chat_type",
    "rejects_a_member_without_a_user_bind",
    "rejects_a_missing_chat_type",
    "rejects_a_one_on_one_chat_with_one_member",
    "rejects_a_one_on_one_chat_with_three_members",
    "rejects_a_request_without_authorization",
    "rejects_a_token_that_is_not_a_jwt",
    "rejects_a_token_without_scopes_or_roles",
    "rejects_a_topic_on_a_one_on_one_chat",
    "rejects_an_application_token_without_chat_create",
    "rejects_an_external_user_with_the_guest_role",
    "rejects_an_in_tenant_guest_with_the_owner_role",
    "rejects_an_unknown_chat_type",
    "rejects_empty_members",
    "rejects_empty_roles",
    "rejects_malformed_json",
    "rejects_members_of_another_odata_type",
    "rejects_missing_members",
    "rejects_the_member_role",
];

#[tokio::test]
async fn the_forwarding_alone_passes_every_case() {
    let verdicts = run_corpus_against(Break::None).await;

    assert_fails_exactly(Break::None, &[], &verdicts);
}

#[rstest]
#[case::ok_instead_of_created(Break::OkInsteadOfCreated, CREATES)]
#[case::null_topic_left_out(Break::NullTopicLeftOut, TOPICLESS_CREATES)]
#[case::chat_type_always_group(Break::ChatTypeAlwaysGroup, ONE_ON_ONE_CREATES)]
#[case::new_id_for_every_one_on_one(
    Break::NewIdForEveryOneOnOne,
    &[
        "returns_the_existing_chat_for_the_pair_in_the_other_order",
        "returns_the_existing_chat_for_the_same_pair",
    ]
)]
#[case::group_ids_as_guids(Break::GroupIdsAsGuids, GROUP_CREATES)]
#[case::integer_ids(Break::IntegerIds, CREATES)]
#[case::documented_id_for_every_chat(
    Break::DocumentedIdForEveryChat,
    &["creates_a_new_group_chat_each_time"]
)]
#[case::timestamps_without_zone(Break::TimestampsWithoutZone, CREATES)]
#[case::pair_keyed_in_request_order(
    Break::PairKeyedInRequestOrder,
    &["returns_the_existing_chat_for_the_pair_in_the_other_order"]
)]
#[case::absolute_location(Break::AbsoluteLocation, APP_INSTALLS)]
#[case::plain_text_errors(Break::PlainTextErrors, REJECTIONS)]
#[case::no_request_ids_on_errors(Break::NoRequestIdsOnErrors, REJECTIONS)]
#[case::client_request_id_not_echoed(
    Break::ClientRequestIdNotEchoed,
    &["echoes_the_client_request_id"]
)]
#[case::unprocessable_instead_of_bad_request(Break::UnprocessableInsteadOfBadRequest, BAD_REQUESTS)]
#[case::camel_case_error_codes(Break::CamelCaseErrorCodes, EXACT_ERROR_CODES)]
#[case::authorization_ignored(
    Break::AuthorizationIgnored,
    &[
        "rejects_a_request_without_authorization",
        "rejects_a_token_that_is_not_a_jwt",
    ]
)]
#[case::permissions_ignored(
    Break::PermissionsIgnored,
    &[
        "rejects_a_delegated_token_without_a_chat_permission",
        "rejects_a_token_without_scopes_or_roles",
        "rejects_an_application_token_without_chat_create",
    ]
)]
#[case::personal_accounts_accepted(
    Break::PersonalAccountsAccepted,
    &["rejects_a_personal_account_token"]
)]
#[case::content_type_not_required(
    Break::ContentTypeNotRequired,
    &["rejects_a_body_without_content_type"]
)]
#[case::body_size_unlimited(Break::BodySizeUnlimited, &["rejects_an_oversized_body"])]
#[case::chat_type_defaults_to_one_on_one(
    Break::ChatTypeDefaultsToOneOnOne,
    &[
        "rejects_a_meeting_chat_type",
        "rejects_a_missing_chat_type",
        "rejects_an_unknown_chat_type",
    ]
)]
#[case::topic_on_one_on_one_accepted(
    Break::TopicOnOneOnOneAccepted,
    &["rejects_a_topic_on_a_one_on_one_chat"]
)]
#[case::role_names_unchecked(
    Break::RoleNamesUnchecked,
    &["rejects_empty_roles", "rejects_the_member_role"]
)]
#[case::guest_roles_unchecked(
    Break::GuestRolesUnchecked,
    &[
        "rejects_an_external_user_with_the_guest_role",
        "rejects_an_in_tenant_guest_with_the_owner_role",
    ]
)]
#[case::installed_apps_ignored(Break::InstalledAppsIgnored, APP_INSTALLS)]
#[case::me_chats_accepted(Break::MeChatsAccepted, &["rejects_post_to_me_chats"])]
#[tokio::test]
async fn a_broken_mock_fails_exactly_the_cases_its_break_concerns(
    #[case] broken: Break,
    #[case] concerned: &[&str],
) {
    let verdicts = run_corpus_against(broken).await;

    assert_fails_exactly(broken, concerned, &verdicts);
}

/// Runs every case of the corpus, with tokens minted for each caller, against a new broken
/// mock with one `broken` thing.
async fn run_corpus_against(broken: Break) -> Vec<Verdict> {
    let corpus = corpus();
    let mock = BrokenMock::start(broken, &corpus.profile).await;

    let runner = Runner::new(
        Target::new(mock.base_url(), Cloud::Global),
        Credentials::MintForCaller,
        corpus.profile.clone(),
        corpus.schemas.clone(),
        JOBS,
        Duration::from_secs(10),
    )
    .expect("the HTTP client starts");
    runner.run_all(&corpus.cases, |_| {}).await
}

/// The suite of this checkout, loaded once: checking the cases takes most of a second in a
/// debug build, and every row runs the same ones.
fn corpus() -> &'static Suite {
    static CORPUS: OnceLock<Suite> = OnceLock::new();
    CORPUS.get_or_init(|| {
        load_suite(&SuiteSources::from_checkout(root())).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Asserts that the cases that failed (or got no answer) are exactly `concerned`, and says
/// which ones missed the break and why the others failed.
fn assert_fails_exactly(broken: Break, concerned: &[&str], verdicts: &[Verdict]) {
    let names: BTreeSet<&str> = verdicts.iter().map(|v| v.name.as_str()).collect();
    let unknown: Vec<&str> = concerned
        .iter()
        .copied()
        .filter(|n| !names.contains(n))
        .collect();
    assert!(
        unknown.is_empty(),
        "the row of {broken:?} names cases the corpus does not have: {unknown:?}"
    );
    let skipped: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.outcome == Outcome::Skipped)
        .map(|v| v.name.as_str())
        .collect();
    assert!(skipped.is_empty(), "cases were skipped: {skipped:?}");

    let concerned: BTreeSet<&str> = concerned.iter().copied().collect();
    let missed: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.outcome == Outcome::Passed && concerned.contains(v.name.as_str()))
        .map(|v| v.name.as_str())
        .collect();
    let spurious: Vec<String> = verdicts
        .iter()
        .filter(|v| v.outcome != Outcome::Passed && !concerned.contains(v.name.as_str()))
        .map(explain)
        .collect();

    assert!(
        missed.is_empty() && spurious.is_empty(),
        "{broken:?} must fail exactly the {} case(s) of its row.\n\
         passed though the break concerns them (the suite lets the mistake through):\n  {}\n\
         failed though the break does not concern them (fix the row or the case):\n  {}",
        concerned.len(),
        if missed.is_empty() {
            "none".into()
        } else {
            missed.join("\n  ")
        },
        if spurious.is_empty() {
            "none".into()
        } else {
            spurious.join("\n  ")
        },
    );
}

/// One line on why a case did not pass: its first difference or transport error.
fn explain(verdict: &Verdict) -> String {
    let first_error = verdict.steps.iter().find_map(|step| {
        step.error
            .as_ref()
            .map(|error| format!("step `{}`: no answer: {error}", step.name))
    });
    let first_difference = verdict.differences().next().map(|(step, difference)| {
        let at = match difference.location.as_str() {
            "" => String::new(),
            location => format!(" {location}"),
        };
        format!(
            "step `{step}`: {}{at}: expected {}, got {}",
            difference.check, difference.expected, difference.actual
        )
    });
    let why = first_error.or(first_difference).unwrap_or_default();

    format!("{} ({:?}): {why}", verdict.name, verdict.outcome)
}
