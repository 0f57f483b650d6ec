//! Breaks on the way in: a mock that does not check something shows the reference a request
//! that passes the check, so the reference answers as the careless mock would.
//!
//! Each edit leaves every request it does not concern untouched, byte for byte.

use graph_conformance::mock::MockRequest;
use graph_conformance::profile::UserKind;
use graph_conformance::target::token::{
    Claims, DEFAULT_ROLES, DEFAULT_SCOPES, PERSONAL_ACCOUNT_TENANT_ID, mint_unsigned_token,
};
use serde_json::{Value, json};

use crate::catalogue::Context;
use crate::message::{
    bind, bound_user, edit_json_object, edit_token_claims, json_object, members, set_header,
    token_claims,
};

/// The permissions that allow Create chat, delegated or application.
const CHAT_PERMISSIONS: &[&str] = &["Chat.Create", "Chat.ReadWrite"];

/// Bodies larger than this are written again without their padding.
const LARGE_BODY_BYTES: usize = 64 * 1024;

/// Gives a request without a JWT the token of the first member it names.
pub fn sign_in_the_first_member(request: &mut MockRequest, context: &Context) {
    if token_claims(request).is_some() {
        return;
    }
    let profile = &context.profile;
    let first_member = json_object(&request.body).and_then(|mut object| {
        let first = members(&mut object).next()?.clone();
        bind(&first)
            .and_then(|bind| bound_user(profile, bind))
            .cloned()
    });
    let Some(user) = first_member.or_else(|| profile.users.values().next().cloned()) else {
        return;
    };

    let token = mint_unsigned_token(&Claims::Delegated {
        user_id: &user.id,
        tenant_id: profile.tenant_id_of(&user),
        upn: user.upn.as_deref(),
        scopes: DEFAULT_SCOPES.to_vec(),
    });
    set_header(
        &mut request.headers,
        "authorization",
        format!("Bearer {}", token.expose()),
    );
}

/// Gives a token that lacks a chat permission the least privileged one.
pub fn grant_chat_create(request: &mut MockRequest) {
    edit_token_claims(request, |claims| {
        let allows = |permission: &str| CHAT_PERMISSIONS.contains(&permission);
        if let Some(roles) = claims.get("roles").and_then(Value::as_array) {
            if roles.iter().filter_map(Value::as_str).any(allows) {
                return false;
            }
            claims.insert("roles".into(), json!(DEFAULT_ROLES));
            return true;
        }
        let scopes = claims.get("scp").and_then(Value::as_str).unwrap_or("");
        if scopes.split_whitespace().any(allows) {
            return false;
        }
        claims.insert("scp".into(), json!(DEFAULT_SCOPES.join(" ")));
        true
    });
}

/// Moves a token of the consumer tenant into the home tenant.
pub fn move_personal_accounts_home(request: &mut MockRequest, context: &Context) {
    let home = context.profile.home_tenant_id().to_owned();
    edit_token_claims(request, |claims| {
        let personal =
            claims.get("tid").and_then(Value::as_str) == Some(PERSONAL_ACCOUNT_TENANT_ID);
        if personal {
            claims.insert("tid".into(), json!(home));
            claims.insert(
                "iss".into(),
                json!(format!("https://sts.windows.net/{home}/")),
            );
        }
        personal
    });
}

/// Adds `Content-Type: application/json` where it is missing.
pub fn assume_json(request: &mut MockRequest) {
    if request.header("content-type").is_none() {
        set_header(&mut request.headers, "content-type", "application/json");
    }
}

/// Writes a large JSON body again without its padding, so no limit is ever reached.
pub fn compact_large_bodies(request: &mut MockRequest) {
    if request.body.len() > LARGE_BODY_BYTES {
        edit_json_object(&mut request.body, |_| true);
    }
}

/// Sets a missing or unknown `chatType` to `oneOnOne`.
pub fn default_chat_type(request: &mut MockRequest) {
    edit_json_object(&mut request.body, |object| {
        let known = matches!(
            object.get("chatType").and_then(Value::as_str),
            Some("oneOnOne" | "group")
        );
        if !known {
            object.insert("chatType".into(), json!("oneOnOne"));
        }
        !known
    });
}

/// Removes the topic of a one-on-one chat; [`crate::responses::hand_back_topic`] puts it in
/// the answer.
pub fn drop_one_on_one_topic(request: &mut MockRequest) {
    edit_json_object(&mut request.body, |object| {
        let one_on_one = object.get("chatType") == Some(&json!("oneOnOne"));
        one_on_one && object.remove("topic").is_some()
    });
}

/// Gives a member whose roles are not a non-empty list of `owner` and `guest` the owner role.
pub fn replace_unknown_roles(request: &mut MockRequest) {
    edit_json_object(&mut request.body, |object| {
        let mut changed = false;
        for member in members(object) {
            let Some(roles) = member.get("roles") else {
                continue;
            };
            let valid = roles.as_array().is_some_and(|roles| {
                !roles.is_empty()
                    && roles
                        .iter()
                        .all(|role| matches!(role.as_str(), Some("owner" | "guest")))
            });
            if !valid {
                member.insert("roles".into(), json!(["owner"]));
                changed = true;
            }
        }
        changed
    });
}

/// Gives in-tenant guests the guest role and users of other tenants the owner role.
pub fn fix_guest_roles(request: &mut MockRequest, context: &Context) {
    let profile = &context.profile;
    let home = profile.home_tenant_id();
    edit_json_object(&mut request.body, |object| {
        let mut changed = false;
        for member in members(object) {
            let external = member
                .get("tenantId")
                .and_then(Value::as_str)
                .is_some_and(|tenant| tenant != home);
            let guest = bind(member)
                .and_then(|bind| bound_user(profile, bind))
                .is_some_and(|user| user.kind == UserKind::Guest);
            let role = match (external, guest) {
                (true, _) => json!(["owner"]),
                (false, true) => json!(["guest"]),
                (false, false) => continue,
            };
            if member.get("roles") != Some(&role) {
                member.insert("roles".into(), role);
                changed = true;
            }
        }
        changed
    });
}

/// Removes `installedApps`.
pub fn drop_installed_apps(request: &mut MockRequest) {
    edit_json_object(&mut request.body, |object| {
        object.remove("installedApps").is_some()
    });
}

/// Serves `/v1.0/me/chats` as `/v1.0/chats`.
pub fn route_me_chats_to_chats(request: &mut MockRequest) {
    if let Some(prefix) = request.path.strip_suffix("/me/chats") {
        request.path = format!("{prefix}/chats");
    }
}
