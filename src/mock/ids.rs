//! Chat ids in Graph's formats (FACTS §5).
//!
//! - one-on-one: `19:{user id}_{user id}@unq.gbl.spaces`, the two ids in ascending order, so
//!   the pair names the chat whichever way round the request lists it. The order is our
//!   inference from every documented example; the docs do not state it.
//! - group: `19:{32 lowercase hex digits}@thread.v2`, new for every create.

/// The id of the one-on-one chat between the users with ids `a` and `b`.
pub(crate) fn one_on_one_chat_id(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };

    format!("19:{first}_{second}@unq.gbl.spaces")
}

/// A fresh group chat id.
pub(crate) fn new_group_chat_id() -> String {
    format!("19:{}@thread.v2", uuid::Uuid::new_v4().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADELE: &str = "8b081ef6-4792-4def-b2c9-c363a1bf41d5";
    const LEE: &str = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d";

    #[test]
    fn one_on_one_ids_list_the_pair_in_ascending_order() {
        let expected = format!("19:{LEE}_{ADELE}@unq.gbl.spaces");

        assert_eq!(one_on_one_chat_id(ADELE, LEE), expected);
        assert_eq!(one_on_one_chat_id(LEE, ADELE), expected);
    }

    #[test]
    fn group_ids_are_32_lowercase_hex_digits_in_a_thread_v2_id() {
        let id = new_group_chat_id();

        let hex = id
            .strip_prefix("19:")
            .and_then(|rest| rest.strip_suffix("@thread.v2"))
            .unwrap();
        assert_eq!(hex.len(), 32);
        assert!(hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    }

    #[test]
    fn every_group_id_is_new() {
        assert_ne!(new_group_chat_id(), new_group_chat_id());
    }
}
