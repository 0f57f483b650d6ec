//! The mock's own types: a create request as the rules read it, and a stored chat.
//!
//! The rules read the request body's chat-wide properties into a [`CreateChat`], each member
//! into a [`MemberInput`] and then a [`ResolvedMember`], and accept the whole as an
//! [`AcceptedChat`]; the store turns that into a [`Chat`].

use time::OffsetDateTime;

use super::directory::DirectoryUser;

/// The kinds of chat that `POST /chats` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChatType {
    /// `oneOnOne`: two members, one chat per pair.
    OneOnOne,
    /// `group`: a roster of at least two, a new chat per create.
    Group,
}

impl ChatType {
    /// The name Graph uses on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatType::OneOnOne => "oneOnOne",
            ChatType::Group => "group",
        }
    }
}

/// The chat-wide properties of a create request, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreateChat {
    /// `chatType`.
    pub chat_type: ChatType,
    /// `topic`; `None` when absent or null.
    pub topic: Option<String>,
}

/// One `aadUserConversationMember` of a request, before its bind is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemberInput {
    /// `roles`; empty when absent.
    pub roles: Vec<String>,
    /// `user@odata.bind`, as sent.
    pub bind: String,
    /// `tenantId`, given for a user of another tenant.
    pub tenant_id: Option<String>,
}

/// A member whose bind names a user of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedMember {
    /// The user the bind names.
    pub user: DirectoryUser,
    /// The roles the request gave the member.
    pub roles: Vec<String>,
}

impl ResolvedMember {
    /// Whether the member has `role`, in any ASCII case.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles
            .iter()
            .any(|candidate| candidate.eq_ignore_ascii_case(role))
    }
}

/// The app a request installs while creating the chat (`installedApps`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstalledApp {
    /// The id at the end of `teamsApp@odata.bind`.
    pub teams_app_id: String,
}

/// A request that passed every rule: what the store needs to create or find the chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AcceptedChat {
    /// The kind of chat.
    pub chat_type: ChatType,
    /// The topic, for a group chat.
    pub topic: Option<String>,
    /// The members, resolved, in request order.
    pub members: Vec<ResolvedMember>,
    /// The app to install, which makes the answer `202 Accepted`.
    pub installed_app: Option<InstalledApp>,
}

/// A chat the mock has created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chat {
    /// The chat id, in Graph's format for its type.
    pub id: String,
    /// The topic; always `None` for a one-on-one chat.
    pub topic: Option<String>,
    /// The kind of chat.
    pub chat_type: ChatType,
    /// When it was created; `lastUpdatedDateTime` is the same instant.
    pub created: OffsetDateTime,
}
