//! When a customer was last contacted: the latest time among its follow-ups (whatever order
//! they were logged in). Read for the agenda's "no next step" rows shown, a page at a time.
use crate::error::Result;
use crate::store::followups::reads::follow_up_ids;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::id_bytes;
use crate::store::Trees;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use ulid::Ulid;

/// The one field read of a stored follow-up.
#[derive(Deserialize)]
struct TookPlace {
    at: DateTime<Utc>,
}

/// The latest follow-up time of customer `cid`, `None` when it has none.
pub(in crate::store) fn last_contact(trees: &Trees, cid: Ulid) -> Result<Option<DateTime<Utc>>> {
    let mut last = None;
    for fid in follow_up_ids(trees, cid)? {
        if let Some(v) = trees.followup_by_id.get(id_bytes(fid))? {
            let f: TookPlace = decode(&v)?;
            last = last.max(Some(f.at));
        }
    }
    Ok(last)
}
