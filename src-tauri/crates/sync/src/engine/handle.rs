//! Requests from the shell into the running engine. A change of hands must be pushed online
//! (the server decides), and the shell's commands cannot reach the engine, which `run` owns
//! inside a spawned task. A channel into the run loop (rather than a second, short-lived
//! connection pushing the op beside it) keeps one engine round at a time on the store: the
//! assignment runs between rounds, on the engine's own connection, and the round it runs
//! afterwards (to bring the result back) is just the next round, never one overlapping another
//! pull or push of the same book.
use super::{RoundReport, SyncEngine};
use crate::error::{Result, SyncError};
use tokio::sync::{mpsc, oneshot};

pub(super) enum Request {
    Assign {
        customer: String,
        owner: Option<String>,
        reply: oneshot::Sender<Result<RoundReport>>,
    },
}

/// Sends requests to a running engine ([`SyncEngine::handle`]); cheap to clone.
#[derive(Clone, Debug)]
pub struct EngineHandle(pub(super) mpsc::Sender<Request>);

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Assign { customer, .. } => write!(f, "Assign({customer})"),
        }
    }
}

impl EngineHandle {
    /// [`SyncEngine::assign`] on the running engine, answered once its round is done. An
    /// engine that stopped answers as a lost connection.
    pub async fn assign(&self, customer: &str, owner: Option<&str>) -> Result<RoundReport> {
        let (reply, answer) = oneshot::channel();
        self.0
            .send(Request::Assign {
                customer: customer.to_owned(),
                owner: owner.map(str::to_owned),
                reply,
            })
            .await
            .map_err(|_| SyncError::ConnectionLost)?;
        answer.await.map_err(|_| SyncError::ConnectionLost)?
    }
}

impl SyncEngine {
    pub(super) async fn serve(&mut self, request: Request) {
        match request {
            Request::Assign {
                customer,
                owner,
                reply,
            } => {
                let done = self.assign(&customer, owner.as_deref()).await;
                let _ = reply.send(done);
            }
        }
    }
}
