//! The way commands reach the driver task.

use tokio::sync::{mpsc, oneshot};

use crate::command::AtCommand;
use crate::driver::Job;
use crate::error::ModemError;

/// Queues `cmd` on the driver task and reads its typed answer.
pub(crate) async fn exec_via<C: AtCommand>(
    jobs: &mpsc::Sender<Job>,
    cmd: &C,
    init: bool,
) -> Result<C::Output, ModemError> {
    let req = cmd.request();
    let name = req.name;
    let closed = || ModemError::Disconnected {
        reason: format!("driver stopped before {name}"),
    };
    // The command's retry policy: a timed-out query may be asked again.
    let mut tries_left = req.retries;
    loop {
        let (reply, rx) = oneshot::channel();
        jobs.send(Job::Exec {
            req: req.clone(),
            reply,
            init,
        })
        .await
        .map_err(|_| closed())?;
        match rx.await.map_err(|_| closed())? {
            Ok(lines) => return cmd.parse(&lines),
            Err(ModemError::Timeout { .. }) if tries_left > 0 => tries_left -= 1,
            Err(e) => return Err(e),
        }
    }
}

/// A handle for the driver's own helpers (receiver task, acknowledgements)
/// that does not keep the driver alive once every [`crate::Modem`] is dropped.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    jobs: mpsc::WeakSender<Job>,
}

impl Link {
    pub fn new(jobs: &mpsc::Sender<Job>) -> Link {
        Link {
            jobs: jobs.downgrade(),
        }
    }

    pub async fn exec<C: AtCommand>(&self, cmd: &C) -> Result<C::Output, ModemError> {
        let jobs = self
            .jobs
            .upgrade()
            .ok_or_else(|| ModemError::Disconnected {
                reason: "the modem was closed".into(),
            })?;
        exec_via(&jobs, cmd, false).await
    }
}
