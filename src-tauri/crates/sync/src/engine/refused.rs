//! Ops the server refuses for good, found in a refused batch and set aside so the rest of the
//! outbox goes on.
use super::{blocking, Pushed, SyncEngine};
use crate::error::Result;
use crate::ops::Op;
use chrono::Utc;

impl SyncEngine {
    /// After a batch was refused: pushes its ops one at a time (each acked as the server takes
    /// it) until the one it refuses, which is set aside with the server's reason; the rest go
    /// back to batches. Returns (pushed, set aside).
    pub(super) async fn find_refused(&mut self) -> Result<(usize, usize)> {
        let pending = self.pushable().await?;
        let mut pushed = 0;
        for local in &pending {
            match self.server().await?.push(&[Op::from(local)]).await {
                Ok(commit) => {
                    pushed += self
                        .ack(Pushed {
                            op_ids: vec![local.op_id],
                            commit,
                        })
                        .await?;
                }
                Err(e) if e.is_refusal() => {
                    let (store, id, reason) = (self.store.clone(), local.op_id, e.to_string());
                    blocking(move || store.outbox_set_aside(id, &reason, Utc::now())).await?;
                    return Ok((pushed, 1));
                }
                Err(e) => return Err(e),
            }
        }
        Ok((pushed, 0))
    }
}
