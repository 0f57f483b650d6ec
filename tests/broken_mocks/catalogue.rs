//! The catalogue: every deliberate mistake a broken mock can make, one variant each.
//!
//! A break either changes the request before the reference sees it (the mock fails to check
//! something, so the reference is shown a request it would accept) or changes the reference's
//! answer (the mock answers in the wrong shape). The edits themselves live in [`requests`]
//! and [`responses`]; this file names them and says which side each works on.
//!
//! [`requests`]: crate::requests
//! [`responses`]: crate::responses

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use graph_conformance::mock::{MockRequest, MockResponse};
use graph_conformance::profile::Profile;

use crate::{requests, responses};

/// One deliberate mistake, each one a hand-written Graph mock could make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Nothing: the request and the answer pass through unchanged.
    None,

    /// Answers a create with `200 OK` instead of `201 Created`.
    OkInsteadOfCreated,
    /// Leaves a null `topic` out of the chat instead of sending `"topic": null`.
    NullTopicLeftOut,
    /// Says every chat is a group chat, whatever `chatType` the request named.
    ChatTypeAlwaysGroup,
    /// Keeps no store of one-on-one chats: every create of a pair gets a new id.
    NewIdForEveryOneOnOne,
    /// Gives group chats plain GUIDs as ids instead of `19:…@thread.v2`.
    GroupIdsAsGuids,
    /// Gives chats the integers of an auto-increment key as ids.
    IntegerIds,
    /// Answers every chat with the id of the documented example of its type.
    DocumentedIdForEveryChat,
    /// Writes `createdDateTime` and `lastUpdatedDateTime` without a zone.
    TimestampsWithoutZone,
    /// Keys one-on-one chats by the members in request order, so the reversed pair is a
    /// new chat.
    PairKeyedInRequestOrder,
    /// Answers the app-installing create with an absolute `Location` instead of Graph's
    /// relative one.
    AbsoluteLocation,
    /// Answers errors with a plain-text reason instead of Graph's JSON error envelope.
    PlainTextErrors,
    /// Sends no `request-id` and `client-request-id` with errors.
    NoRequestIdsOnErrors,
    /// Answers with its own `client-request-id` instead of echoing the client's.
    ClientRequestIdNotEchoed,
    /// Answers `422 Unprocessable Entity` where Graph answers `400 Bad Request`.
    UnprocessableInsteadOfBadRequest,
    /// Writes error codes in camel case (`badRequest`) instead of Graph's Pascal case.
    CamelCaseErrorCodes,

    /// Reads no token: a request without one, or with one that is not a JWT, is taken to come
    /// from the first member it names.
    AuthorizationIgnored,
    /// Checks no permission: any token may create chats, whatever its scopes or roles.
    PermissionsIgnored,
    /// Accepts tokens of personal Microsoft accounts as if they were work accounts.
    PersonalAccountsAccepted,
    /// Reads any body as JSON, with or without a `Content-Type`.
    ContentTypeNotRequired,
    /// Reads bodies of any size.
    BodySizeUnlimited,
    /// Takes a missing or unknown `chatType` for `oneOnOne`.
    ChatTypeDefaultsToOneOnOne,
    /// Accepts a topic on a one-on-one chat and hands it back.
    TopicOnOneOnOneAccepted,
    /// Checks no role names: an empty list or `member` passes.
    RoleNamesUnchecked,
    /// Knows no guests or other tenants: an in-tenant guest may be an owner and a user of
    /// another tenant a guest.
    GuestRolesUnchecked,
    /// Ignores `installedApps` and creates the chat at once.
    InstalledAppsIgnored,
    /// Serves `POST /me/chats` as if it were `POST /chats`.
    MeChatsAccepted,
}

impl Break {
    /// Changes the request before the reference sees it.
    pub fn alter_request(self, request: &mut MockRequest, context: &Context) {
        match self {
            Break::AuthorizationIgnored => requests::sign_in_the_first_member(request, context),
            Break::PermissionsIgnored => requests::grant_chat_create(request),
            Break::PersonalAccountsAccepted => {
                requests::move_personal_accounts_home(request, context)
            }
            Break::ContentTypeNotRequired => requests::assume_json(request),
            Break::BodySizeUnlimited => requests::compact_large_bodies(request),
            Break::ChatTypeDefaultsToOneOnOne => requests::default_chat_type(request),
            Break::TopicOnOneOnOneAccepted => requests::drop_one_on_one_topic(request),
            Break::RoleNamesUnchecked => requests::replace_unknown_roles(request),
            Break::GuestRolesUnchecked => requests::fix_guest_roles(request, context),
            Break::InstalledAppsIgnored => requests::drop_installed_apps(request),
            Break::MeChatsAccepted => requests::route_me_chats_to_chats(request),
            _ => {}
        }
    }

    /// Changes the reference's answer to `sent`, the request as the client sent it.
    pub fn alter_response(
        self,
        sent: &MockRequest,
        response: &mut MockResponse,
        context: &Context,
    ) {
        match self {
            Break::OkInsteadOfCreated => responses::ok_instead_of_created(response),
            Break::NullTopicLeftOut => responses::leave_out_null_topic(response),
            Break::ChatTypeAlwaysGroup => responses::say_group(response),
            Break::NewIdForEveryOneOnOne => responses::new_one_on_one_id(response),
            Break::GroupIdsAsGuids => responses::guid_group_id(response),
            Break::IntegerIds => responses::integer_id(response, context),
            Break::DocumentedIdForEveryChat => responses::documented_id(response),
            Break::TimestampsWithoutZone => responses::drop_time_zones(response),
            Break::PairKeyedInRequestOrder => responses::key_pair_in_order(sent, response, context),
            Break::AbsoluteLocation => responses::absolute_location(response, context),
            Break::PlainTextErrors => responses::plain_text_error(response),
            Break::NoRequestIdsOnErrors => responses::drop_request_ids_on_errors(response),
            Break::ClientRequestIdNotEchoed => responses::own_client_request_id(response),
            Break::UnprocessableInsteadOfBadRequest => responses::unprocessable(response),
            Break::CamelCaseErrorCodes => responses::camel_case_code(response),
            Break::TopicOnOneOnOneAccepted => responses::hand_back_topic(sent, response),
            _ => {}
        }
    }
}

/// What the breaks of one broken mock share: the profile, the base URL, and the state of
/// the breaks that keep some.
pub struct Context {
    /// The profile the reference was made from.
    pub profile: Profile,
    /// The broken mock's base URL, such as `http://127.0.0.1:4321/v1.0`.
    pub base_url: String,
    /// The last integer id handed out.
    pub last_integer_id: AtomicU64,
    /// One-on-one chats by their members' binds in request order, with their ids.
    pub pairs: Mutex<Vec<(Vec<String>, String)>>,
}

impl Context {
    /// The context of a new broken mock.
    pub fn new(profile: Profile, base_url: String) -> Self {
        Self {
            profile,
            base_url,
            last_integer_id: AtomicU64::new(0),
            pairs: Mutex::new(Vec::new()),
        }
    }
}
