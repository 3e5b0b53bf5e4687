//! The driver task: owns the port, keeps exactly one command in flight, and
//! broadcasts URCs to subscribers.

use std::time::Duration;

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::Instant;
use tracing::{debug, trace, warn};

use crate::command::Request;
use crate::digester::{CommandContext, Digester, FinalResult, Frame};
use crate::error::ModemError;
use crate::event::ModemEvent;
use crate::port::{PortEvent, PortIo};

/// Pause after each final result before the next command is written: several
/// dongles drop the first characters of a command that follows too closely.
const COOL_DOWN: Duration = Duration::from_millis(20);
/// After a command whose final result some firmwares omit, how long to wait
/// for it once the information line has arrived.
const DONE_GRACE: Duration = Duration::from_millis(300);
/// After a timeout, input is discarded until the line has been quiet this long,
/// so that a late answer is not taken for the next command's.
const RESYNC_QUIET: Duration = Duration::from_millis(300);

/// Escape: aborts a pending `> ` prompt without sending (TS 27.005 clause 3.5.1).
const ESC: u8 = 0x1b;
/// Ctrl-Z: ends the PDU after the prompt (TS 27.005 clause 3.5.1).
const CTRL_Z: u8 = 0x1a;

pub(crate) type Reply = oneshot::Sender<Result<Vec<String>, ModemError>>;

/// Work for the driver task.
pub(crate) enum Job {
    /// Run a command and answer on `reply`.
    Exec { req: Request, reply: Reply },
    /// Write bytes as they are (Escape before initialisation, recovery).
    Raw(Vec<u8>),
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Exec { req, .. } => f.debug_struct("Exec").field("command", &req.name).finish(),
            Job::Raw(b) => f.debug_struct("Raw").field("len", &b.len()).finish(),
        }
    }
}

struct InFlight {
    req: Request,
    reply: Reply,
    lines: Vec<String>,
    deadline: Instant,
    payload_written: bool,
    /// The `done_on` line has arrived: a missing final result is tolerated.
    done_seen: bool,
}

/// Runs until the port closes, every handle is dropped, or shutdown is signalled.
pub(crate) async fn run(
    mut io: PortIo,
    mut jobs: mpsc::Receiver<Job>,
    events: broadcast::Sender<ModemEvent>,
    mut shutdown: watch::Receiver<bool>,
    released: watch::Sender<bool>,
) {
    let mut dig = Digester::new();
    let mut inflight: Option<InFlight> = None;
    let mut ready_at = Instant::now();
    // While Some, input is discarded until this instant (extended by each chunk).
    let mut resync_until: Option<Instant> = None;
    let offline_reason: String;

    loop {
        let deadline = inflight.as_ref().map(|f| f.deadline);
        tokio::select! {
            biased;
            _ = shutdown.changed() => {
                offline_reason = "closed".into();
                break;
            }
            ev = io.rx.recv() => match ev {
                Some(PortEvent::Data(bytes)) => {
                    trace!(target: "simgate_modem::wire", "<- {:?}", String::from_utf8_lossy(&bytes));
                    if let Some(until) = resync_until {
                        if Instant::now() < until {
                            resync_until = Some(Instant::now() + RESYNC_QUIET);
                            continue;
                        }
                        resync_until = None;
                    }
                    dig.push(&bytes);
                    while let Some(frame) = dig.next_frame() {
                        handle_frame(frame, &mut inflight, &mut dig, &io, &events, &mut ready_at);
                    }
                }
                Some(PortEvent::Closed(reason)) => { offline_reason = reason; break; }
                None => { offline_reason = "port threads ended".into(); break; }
            },
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                if let Some(f) = inflight.take() {
                    if f.done_seen {
                        // The information line came and only the final OK is missing.
                        let _ = f.reply.send(Ok(f.lines));
                        dig.set_command(None);
                        ready_at = Instant::now() + COOL_DOWN;
                        continue;
                    }
                    let err = if f.payload_written {
                        ModemError::Uncertain { reason: format!("no answer within {:?}", f.req.timeout) }
                    } else {
                        if f.req.payload.is_some() {
                            // Still waiting for "> ": cancel so the modem leaves PDU input.
                            io.write(vec![ESC]);
                        }
                        ModemError::Timeout { command: f.req.name.to_string(), after: f.req.timeout }
                    };
                    debug!(command = f.req.name, "command timed out");
                    let _ = f.reply.send(Err(err));
                    dig.set_command(None);
                    resync_until = Some(Instant::now() + RESYNC_QUIET);
                }
            }
            job = jobs.recv(), if inflight.is_none() => {
                let (req, reply) = match job {
                    None => {
                        offline_reason = "closed".into();
                        break;
                    }
                    Some(Job::Raw(bytes)) => {
                        trace!(target: "simgate_modem::wire", "-> raw {} bytes", bytes.len());
                        io.write(bytes);
                        ready_at = Instant::now() + COOL_DOWN * 5;
                        continue;
                    }
                    Some(Job::Exec { req, reply }) => (req, reply),
                };
                if let Some(until) = resync_until.take() {
                    tokio::time::sleep_until(until).await;
                }
                tokio::time::sleep_until(ready_at).await;
                if reply.is_closed() {
                    continue;
                }
                if req.secret {
                    trace!(target: "simgate_modem::wire", "-> {} (arguments hidden)", req.name);
                } else {
                    trace!(target: "simgate_modem::wire", "-> {:?}", req.text);
                }
                dig.set_command(Some(CommandContext {
                    echo: req.text.clone(),
                    prefixes: req.prefixes.clone(),
                    prompt: req.payload.is_some(),
                    payload_echo: req.payload.clone(),
                }));
                io.write(format!("{}\r", req.text).into_bytes());
                inflight = Some(InFlight {
                    deadline: Instant::now() + req.timeout,
                    req,
                    reply,
                    lines: Vec::new(),
                    payload_written: false,
                    done_seen: false,
                });
                // Frames may already be buffered (a fast modem, or bytes that
                // arrived during the cool-down).
                while let Some(frame) = dig.next_frame() {
                    handle_frame(frame, &mut inflight, &mut dig, &io, &events, &mut ready_at);
                }
            }
        }
    }

    if let Some(f) = inflight.take() {
        let err = if f.payload_written {
            ModemError::Uncertain {
                reason: format!("the port closed before the answer ({offline_reason})"),
            }
        } else {
            ModemError::Disconnected {
                reason: offline_reason.clone(),
            }
        };
        let _ = f.reply.send(Err(err));
    }
    jobs.close();
    while let Ok(job) = jobs.try_recv() {
        if let Job::Exec { reply, .. } = job {
            let _ = reply.send(Err(ModemError::Disconnected {
                reason: offline_reason.clone(),
            }));
        }
    }
    // Give the port back before anyone is told the modem is gone, so a
    // reopen (recovery, the next CLI run) finds it free.
    let _ = tokio::task::spawn_blocking(move || io.close()).await;
    let _ = released.send(true);
    if offline_reason != "closed" {
        warn!(reason = %offline_reason, "modem went offline");
    }
    let _ = events.send(ModemEvent::Offline {
        reason: offline_reason,
    });
}

fn handle_frame(
    frame: Frame,
    inflight: &mut Option<InFlight>,
    dig: &mut Digester,
    io: &PortIo,
    events: &broadcast::Sender<ModemEvent>,
    ready_at: &mut Instant,
) {
    match frame {
        Frame::Urc(urc) => {
            let _ = events.send(ModemEvent::Urc(urc));
        }
        Frame::Echo => {}
        Frame::Prompt => match inflight {
            Some(f) if f.req.payload.is_some() && !f.payload_written => {
                let mut bytes = f.req.payload.clone().unwrap_or_default().into_bytes();
                trace!(target: "simgate_modem::wire", "-> PDU ({} hex digits) + Ctrl-Z", bytes.len());
                bytes.push(CTRL_Z);
                io.write(bytes);
                f.payload_written = true;
            }
            _ => trace!(target: "simgate_modem::wire", "unexpected prompt ignored"),
        },
        Frame::Line(line) => match inflight {
            Some(f) => {
                if f.req
                    .done_on
                    .as_deref()
                    .is_some_and(|p| crate::urc::starts_with_ignore_case(&line, p))
                {
                    f.done_seen = true;
                    f.deadline = f.deadline.min(Instant::now() + DONE_GRACE);
                }
                f.lines.push(line);
            }
            None => {
                let _ = events.send(ModemEvent::Urc(crate::urc::Urc::Unknown(line)));
            }
        },
        Frame::Final(result) => {
            let Some(f) = inflight.take() else {
                trace!(target: "simgate_modem::wire", "final result with no command in flight ignored");
                return;
            };
            dig.set_command(None);
            *ready_at = Instant::now() + COOL_DOWN;
            let outcome = match result {
                FinalResult::Ok => Ok(f.lines),
                FinalResult::Cms(e) => Err(ModemError::Cms(e)),
                FinalResult::Cme(e) => Err(ModemError::Cme(e)),
                FinalResult::Error(text) | FinalResult::Call(text) => Err(ModemError::Rejected {
                    command: f.req.name.to_string(),
                    result: text,
                }),
            };
            let _ = f.reply.send(outcome);
        }
    }
}
