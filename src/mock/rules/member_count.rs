//! Rule: a one-on-one chat has exactly two different members; a group chat at least two.
//!
//! "Only one one-on-one chat can exist between two members" and a group's "roster size (of
//! at least two people)" are documented (FACTS §3, §4); Graph's messages for breaking them
//! are not (FACTS §3, "Not found"), so these are ours. A member is the same as another when
//! both resolve to the same user of the same tenant.

use std::collections::HashSet;

use super::Proposal;
use crate::mock::error::GraphError;
use crate::mock::model::ChatType;

/// Rejects a roster of the wrong size for its chat type.
pub(crate) fn check(proposal: &Proposal<'_>) -> Result<(), GraphError> {
    let members = proposal.members;
    let distinct: HashSet<(String, String)> = members
        .iter()
        .map(|member| {
            (
                member.user.tenant_id.to_ascii_lowercase(),
                member.user.id.to_ascii_lowercase(),
            )
        })
        .collect();

    match proposal.request.chat_type {
        ChatType::OneOnOne if members.len() != 2 || distinct.len() != 2 => {
            Err(GraphError::bad_request(format!(
                "A oneOnOne chat must have exactly two different members; the request has {} \
                 member(s), {} different.",
                members.len(),
                distinct.len()
            )))
        }
        ChatType::Group if members.len() < 2 => Err(GraphError::bad_request(format!(
            "A group chat must have at least two members; the request has {}.",
            members.len()
        ))),
        _ => Ok(()),
    }
}
