//! Breaks on the way out: the reference's answer, changed in one detail.
//!
//! Breaks of a created chat touch `201` answers only, breaks of errors `4xx` answers only.

use std::sync::atomic::Ordering;

use graph_conformance::mock::{MockRequest, MockResponse};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::catalogue::Context;
use crate::message::{bind, edit_json_object, json_object, members, remove_header, set_header};

/// The chat id of the documented one-on-one example.
const DOCUMENTED_ONE_ON_ONE_ID: &str =
    "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces";

/// The chat id of the documented group example.
const DOCUMENTED_GROUP_ID: &str = "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2";

/// `201 Created` becomes `200 OK`.
pub fn ok_instead_of_created(response: &mut MockResponse) {
    if response.status == 201 {
        response.status = 200;
    }
}

/// A created chat's `"topic": null` is left out.
pub fn leave_out_null_topic(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        chat.get("topic") == Some(&Value::Null) && chat.remove("topic").is_some()
    });
}

/// A created chat's `chatType` becomes `group`.
pub fn say_group(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        chat.insert("chatType".into(), json!("group")) != Some(json!("group"))
    });
}

/// A created one-on-one chat gets a fresh id of the right shape.
pub fn new_one_on_one_id(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        is_one_on_one(chat) && set_id(chat, json!(new_one_on_one_chat_id()))
    });
}

/// A created group chat's id becomes a GUID.
pub fn guid_group_id(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        !is_one_on_one(chat) && set_id(chat, json!(Uuid::new_v4().to_string()))
    });
}

/// A created chat's id becomes the next integer.
pub fn integer_id(response: &mut MockResponse, context: &Context) {
    edit_created_chat(response, |chat| {
        let id = context.last_integer_id.fetch_add(1, Ordering::SeqCst) + 1;
        set_id(chat, json!(id))
    });
}

/// A created chat's id becomes the documented example's id of its type.
pub fn documented_id(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        let id = if is_one_on_one(chat) {
            DOCUMENTED_ONE_ON_ONE_ID
        } else {
            DOCUMENTED_GROUP_ID
        };
        set_id(chat, json!(id))
    });
}

/// A created chat's timestamps lose their zone: `2026-12-03T16:27:00.123Z` becomes
/// `2026-12-03T16:27:00.123`.
pub fn drop_time_zones(response: &mut MockResponse) {
    edit_created_chat(response, |chat| {
        let mut changed = false;
        for name in ["createdDateTime", "lastUpdatedDateTime"] {
            if let Some(Value::String(timestamp)) = chat.get_mut(name)
                && let Some(local) = timestamp.strip_suffix('Z')
            {
                *timestamp = local.to_owned();
                changed = true;
            }
        }
        changed
    });
}

/// A created one-on-one chat is looked up by its members' binds in request order: the first
/// order to reach the reference's id keeps it, any other order gets a fresh id.
pub fn key_pair_in_order(sent: &MockRequest, response: &mut MockResponse, context: &Context) {
    let Some(mut request) = json_object(&sent.body) else {
        return;
    };
    let key: Vec<String> = members(&mut request)
        .filter_map(|member| bind(member).map(str::to_owned))
        .collect();

    edit_created_chat(response, |chat| {
        let Some(id) = chat.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return false;
        };
        if !is_one_on_one(chat) {
            return false;
        }
        let mut pairs = context
            .pairs
            .lock()
            .expect("no break panics holding the lock");
        let keyed = match pairs.iter().find(|(known, _)| *known == key) {
            Some((_, keyed)) => keyed.clone(),
            None if pairs.iter().any(|(_, known)| *known == id) => new_one_on_one_chat_id(),
            None => id.clone(),
        };
        pairs.push((key, keyed.clone()));
        set_id(chat, json!(keyed))
    });
}

/// A relative `Location` becomes absolute, under the mock's host.
pub fn absolute_location(response: &mut MockResponse, context: &Context) {
    let Some(location) = response.header("location") else {
        return;
    };
    if location.starts_with('/') {
        let absolute = format!("{}{location}", context.base_url);
        set_header(&mut response.headers, "location", absolute);
    }
}

/// An error's body becomes its status line's reason, as plain text.
pub fn plain_text_error(response: &mut MockResponse) {
    if is_error(response) {
        let reason = match response.status {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            413 => "Payload Too Large",
            415 => "Unsupported Media Type",
            _ => "Error",
        };
        response.body = reason.as_bytes().to_vec();
        set_header(
            &mut response.headers,
            "content-type",
            "text/plain; charset=utf-8",
        );
    }
}

/// An error loses its `request-id` and `client-request-id`.
pub fn drop_request_ids_on_errors(response: &mut MockResponse) {
    if is_error(response) {
        remove_header(&mut response.headers, "request-id");
        remove_header(&mut response.headers, "client-request-id");
    }
}

/// Every answer's `client-request-id` is its own `request-id`.
pub fn own_client_request_id(response: &mut MockResponse) {
    if let Some(request_id) = response.header("request-id").map(str::to_owned) {
        set_header(&mut response.headers, "client-request-id", request_id);
    }
}

/// `400 Bad Request` becomes `422 Unprocessable Entity`.
pub fn unprocessable(response: &mut MockResponse) {
    if response.status == 400 {
        response.status = 422;
    }
}

/// An error's `error.code` starts with a lower-case letter.
pub fn camel_case_code(response: &mut MockResponse) {
    if !is_error(response) {
        return;
    }
    edit_json_object(&mut response.body, |envelope| {
        let Some(Value::String(code)) = envelope
            .get_mut("error")
            .and_then(|error| error.get_mut("code"))
        else {
            return false;
        };
        let camel = lower_first(code);
        let changed = camel != *code;
        *code = camel;
        changed
    });
}

/// The topic the request gave a one-on-one chat goes into the created chat.
pub fn hand_back_topic(sent: &MockRequest, response: &mut MockResponse) {
    let Some(topic) = json_object(&sent.body).and_then(|mut request| request.remove("topic"))
    else {
        return;
    };
    edit_created_chat(response, |chat| {
        if !is_one_on_one(chat) {
            return false;
        }
        chat.insert("topic".into(), topic);
        true
    });
}

/// Lets `edit` change the chat of a `201 Created`.
fn edit_created_chat(
    response: &mut MockResponse,
    edit: impl FnOnce(&mut Map<String, Value>) -> bool,
) {
    if response.status == 201 {
        edit_json_object(&mut response.body, edit);
    }
}

fn is_error(response: &MockResponse) -> bool {
    (400..500).contains(&response.status)
}

fn is_one_on_one(chat: &Map<String, Value>) -> bool {
    chat.get("chatType").and_then(Value::as_str) == Some("oneOnOne")
}

/// Sets the chat's id; says whether it changed.
fn set_id(chat: &mut Map<String, Value>, id: Value) -> bool {
    chat.insert("id".into(), id.clone()) != Some(id)
}

fn new_one_on_one_chat_id() -> String {
    format!("19:{}_{}@unq.gbl.spaces", Uuid::new_v4(), Uuid::new_v4())
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
