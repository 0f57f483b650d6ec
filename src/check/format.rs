//! String formats of Graph values: date-times, GUIDs, chat ids and URIs.
//!
//! The chat id formats come from the documented examples: one-on-one chats are
//! `19:{guid}_{guid}@unq.gbl.spaces`, group chats `19:{32 lowercase hex}@thread.v2`.

use std::sync::LazyLock;

use regex::Regex;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::case::model::Format;

const GUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

static GUID_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?i:{GUID})$")).expect("the GUID pattern is valid"));
static ONE_ON_ONE_CHAT_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^19:{GUID}_{GUID}@unq\.gbl\.spaces$"))
        .expect("the one-on-one id pattern is valid")
});
static GROUP_CHAT_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^19:[0-9a-f]{32}@thread\.v2$").expect("the group id pattern is valid")
});

/// Whether `value` has `format`.
pub fn has_format(format: Format, value: &str) -> bool {
    match format {
        Format::DateTime => OffsetDateTime::parse(value, &Rfc3339).is_ok(),
        Format::Guid => GUID_ONLY.is_match(value),
        Format::OneOnOneChatId => ONE_ON_ONE_CHAT_ID.is_match(value),
        Format::GroupChatId => GROUP_CHAT_ID.is_match(value),
        Format::Uri => reqwest::Url::parse(value).is_ok(),
    }
}

/// How a format is named in messages.
pub fn describe(format: Format) -> &'static str {
    match format {
        Format::DateTime => "an RFC 3339 date-time",
        Format::Guid => "a GUID",
        Format::OneOnOneChatId => "a one-on-one chat id (19:{guid}_{guid}@unq.gbl.spaces)",
        Format::GroupChatId => "a group chat id (19:{32 hex}@thread.v2)",
        Format::Uri => "an absolute URI",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::documented_date_time(Format::DateTime, "2020-12-04T23:10:28.51Z", true)]
    #[case::date_time_without_zone(Format::DateTime, "2022-07-15T13:58:13", false)]
    #[case::not_a_date(Format::DateTime, "yesterday", false)]
    #[case::guid(Format::Guid, "8b081ef6-4792-4def-b2c9-c363a1bf41d5", true)]
    #[case::documented_guest_id_is_not_a_guid(
        Format::Guid,
        "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g",
        false
    )]
    #[case::one_on_one_id(
        Format::OneOnOneChatId,
        "19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces",
        true
    )]
    #[case::group_id_is_not_one_on_one(
        Format::OneOnOneChatId,
        "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2",
        false
    )]
    #[case::group_id(
        Format::GroupChatId,
        "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2",
        true
    )]
    #[case::group_id_in_upper_case(
        Format::GroupChatId,
        "19:1C5B01696D2E4A179C292BC9CF04E63B@thread.v2",
        false
    )]
    #[case::uri(
        Format::Uri,
        "https://graph.microsoft.com/v1.0/$metadata#chats/$entity",
        true
    )]
    #[case::relative_uri(Format::Uri, "/chats", false)]
    fn recognises_documented_values(
        #[case] format: Format,
        #[case] value: &str,
        #[case] expected: bool,
    ) {
        assert_eq!(has_format(format, value), expected);
    }
}
