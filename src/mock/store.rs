//! The chats the mock has created, and the one-on-one idempotency that rests on them.
//!
//! "Only one one-on-one chat can exist between two members. If a one-on-one chat already
//! exists, this operation returns the existing chat" (FACTS §4). A one-on-one chat's id is
//! a function of its pair (see `ids`), so the id is the key: the first create inserts the
//! chat, and every later create of the same pair, in either order, gets that chat back with
//! its original `createdDateTime`. One lock around look-up and insert makes this hold for
//! concurrent requests too. A group create always inserts a new chat.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Mutex, MutexGuard, PoisonError};

use time::OffsetDateTime;

use super::ids::{new_group_chat_id, one_on_one_chat_id};
use super::model::{AcceptedChat, Chat, ChatType};

/// What a create did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Created {
    /// The chat, new or existing.
    pub chat: Chat,
    /// `false` when an existing one-on-one chat was returned.
    pub is_new: bool,
}

/// Every chat the mock has created, by id.
#[derive(Debug, Default)]
pub(crate) struct ChatStore {
    chats: Mutex<HashMap<String, Chat>>,
}

impl ChatStore {
    /// Creates the chat `accepted` asks for at `now`, or finds the existing one-on-one chat.
    pub fn create(&self, accepted: &AcceptedChat, now: OffsetDateTime) -> Created {
        match accepted.chat_type {
            ChatType::OneOnOne => self.find_or_create_one_on_one(accepted, now),
            ChatType::Group => self.create_group(accepted, now),
        }
    }

    fn find_or_create_one_on_one(&self, accepted: &AcceptedChat, now: OffsetDateTime) -> Created {
        // The rules admit a one-on-one request only with two members; the fallback ids keep
        // the store total anyway.
        let id_of = |index: usize| {
            accepted
                .members
                .get(index)
                .map_or("", |member| member.user.id.as_str())
        };
        let id = one_on_one_chat_id(id_of(0), id_of(1));

        match self.lock().entry(id) {
            Entry::Occupied(existing) => Created {
                chat: existing.get().clone(),
                is_new: false,
            },
            Entry::Vacant(vacant) => {
                let chat = Chat {
                    id: vacant.key().clone(),
                    topic: None,
                    chat_type: ChatType::OneOnOne,
                    created: now,
                };
                vacant.insert(chat.clone());
                Created { chat, is_new: true }
            }
        }
    }

    fn create_group(&self, accepted: &AcceptedChat, now: OffsetDateTime) -> Created {
        let mut chats = self.lock();

        // A random 128-bit id repeats practically never; retrying keeps ids unique regardless.
        let mut id = new_group_chat_id();
        while chats.contains_key(&id) {
            id = new_group_chat_id();
        }

        let chat = Chat {
            id: id.clone(),
            topic: accepted.topic.clone(),
            chat_type: ChatType::Group,
            created: now,
        };
        chats.insert(id, chat.clone());
        Created { chat, is_new: true }
    }

    /// The map; a panic in another request must not take the store down with it.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Chat>> {
        self.chats.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use time::Duration;

    use super::*;
    use crate::mock::directory::DirectoryUser;
    use crate::mock::model::ResolvedMember;
    use crate::profile::UserKind;

    fn member(id: &str) -> ResolvedMember {
        ResolvedMember {
            user: DirectoryUser {
                id: id.to_owned(),
                upn: None,
                tenant_id: "t".to_owned(),
                kind: UserKind::Member,
            },
            roles: vec!["owner".to_owned()],
        }
    }

    fn accepted(chat_type: ChatType, ids: &[&str]) -> AcceptedChat {
        AcceptedChat {
            chat_type,
            topic: None,
            members: ids.iter().map(|id| member(id)).collect(),
            installed_app: None,
        }
    }

    #[test]
    fn a_second_create_of_a_pair_in_either_order_returns_the_first_chat() {
        let store = ChatStore::default();
        let first_time = OffsetDateTime::now_utc();

        let first = store.create(&accepted(ChatType::OneOnOne, &["b", "a"]), first_time);
        let again = store.create(
            &accepted(ChatType::OneOnOne, &["a", "b"]),
            first_time + Duration::seconds(5),
        );

        assert!(first.is_new);
        assert!(!again.is_new);
        assert_eq!(again.chat, first.chat);
        assert_eq!(first.chat.id, "19:a_b@unq.gbl.spaces");
    }

    #[test]
    fn every_group_create_makes_a_new_chat() {
        let store = ChatStore::default();
        let now = OffsetDateTime::now_utc();
        let group = accepted(ChatType::Group, &["a", "b", "c"]);

        let first = store.create(&group, now);
        let second = store.create(&group, now);

        assert!(first.is_new && second.is_new);
        assert_ne!(first.chat.id, second.chat.id);
    }

    #[test]
    fn concurrent_creates_of_one_pair_make_one_chat() {
        let store = Arc::new(ChatStore::default());
        let pair = accepted(ChatType::OneOnOne, &["x", "y"]);

        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (store, pair) = (Arc::clone(&store), pair.clone());
                std::thread::spawn(move || store.create(&pair, OffsetDateTime::now_utc()))
            })
            .collect();
        let results: Vec<Created> = handles.into_iter().map(|h| h.join().unwrap()).collect();

        assert_eq!(results.iter().filter(|created| created.is_new).count(), 1);
        assert!(
            results
                .iter()
                .all(|created| created.chat == results[0].chat)
        );
    }
}
