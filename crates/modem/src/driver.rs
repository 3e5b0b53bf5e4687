//! The driver task: owns the port, keeps exactly one command in flight, and
//! broadcasts URCs to subscribers. It outlives its port: after an unplug it
//! waits, offline, until recovery hands it a new one.

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
/// After a command whose final result some firmwares omit, how long to wait
/// for it once the information line has arrived.
const DONE_GRACE: Duration = Duration::from_millis(300);
/// After a timeout, input is discarded until the line has been quiet this long,
/// so that a late answer is not taken for the next command's.
const RESYNC_QUIET: Duration = Duration::from_millis(300);
/// On close, how long a command in flight may still take to answer.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// While the modem is suspected to hang (a command just timed out), no
/// command waits longer than this for its answer, so a hung modem is noticed
/// in seconds rather than after every queued command's full timeout.
const SUSPECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Escape: aborts a pending `> ` prompt without sending (TS 27.005 clause 3.5.1).
const ESC: u8 = 0x1b;
/// Ctrl-Z: ends the PDU after the prompt (TS 27.005 clause 3.5.1).
const CTRL_Z: u8 = 0x1a;

pub(crate) type Reply = oneshot::Sender<Result<Vec<String>, ModemError>>;

/// Work for the driver task.
pub(crate) enum Job {
    /// Run a command and answer on `reply`. `init` commands run while the
    /// modem is being (re)initialised; others only once it is ready.
    Exec {
        req: Request,
        reply: Reply,
        init: bool,
    },
    /// Write bytes as they are (Escape before initialisation, recovery).
    Raw(Vec<u8>),
    /// Use this port from now on (after a replug or a reopen).
    Attach(PortIo),
    /// Close the port (recovery reopens it).
    Detach(String),
    /// Initialisation is done: serve every command again.
    Ready(String),
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Exec { req, .. } => f.debug_struct("Exec").field("command", &req.name).finish(),
            Job::Raw(b) => f.debug_struct("Raw").field("len", &b.len()).finish(),
            Job::Attach(_) => f.write_str("Attach"),
            Job::Detach(r) => f.debug_tuple("Detach").field(r).finish(),
            Job::Ready(p) => f.debug_tuple("Ready").field(p).finish(),
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

/// Waits until `at`; returns at once if it has passed. (A timer for an instant already past still waits for
/// the runtime's next timer tick, up to a millisecond: on a zero-latency line that was most of each command.)
pub(crate) async fn wait_until(at: Instant) {
    if Instant::now() < at {
        tokio::time::sleep_until(at).await;
    }
}

/// The next event of the port, or never when there is no port.
async fn port_event(io: &mut Option<PortIo>) -> Option<PortEvent> {
    match io {
        Some(io) => Some(io.next_event().await),
        None => std::future::pending().await,
    }
}

/// Closes a port (off the async threads: closing a serial port can wait for its output to drain).
async fn release(io: Option<PortIo>) {
    if let Some(io) = io {
        let _ = tokio::task::spawn_blocking(move || io.close()).await;
    }
}

/// Fails the command in flight because the port went away.
fn fail_inflight(inflight: &mut Option<InFlight>, reason: &str) {
    if let Some(f) = inflight.take() {
        let err = if f.payload_written {
            ModemError::Uncertain {
                reason: format!("the port closed before the answer ({reason})"),
            }
        } else {
            ModemError::Disconnected {
                reason: reason.to_string(),
            }
        };
        let _ = f.reply.send(Err(err));
    }
}

/// What the driver tells its handles besides command results.
pub(crate) struct Signals {
    /// Becomes true once the port is closed for good.
    pub released: watch::Sender<bool>,
    /// Whether the modem is initialised and in service.
    pub online: watch::Sender<bool>,
    /// When the next command may be written.
    pub line_free: watch::Sender<Instant>,
}

/// Runs until every handle is dropped or shutdown is signalled.
pub(crate) async fn run(
    io: PortIo,
    mut jobs: mpsc::Receiver<Job>,
    events: broadcast::Sender<ModemEvent>,
    mut shutdown: watch::Receiver<bool>,
    signals: Signals,
    cool_down: Duration,
) {
    let Signals {
        released,
        online,
        line_free,
    } = signals;
    let mut io = Some(io);
    // False until initialisation is done, and again after losing the port.
    let mut ready = false;
    let mut offline_reason = String::from("not initialised");
    let mut dig = Digester::new();
    let mut inflight: Option<InFlight> = None;
    let mut ready_at = Instant::now();
    // While Some, input is discarded until this instant (extended by each chunk).
    let mut resync_until: Option<Instant> = None;
    // A command timed out and no final result has come since.
    let mut suspect = false;

    loop {
        // Tell callers when the next command may be written (see `Modem::until_line_free`).
        line_free.send_replace(ready_at);
        let deadline = inflight.as_ref().map(|f| f.deadline);
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            ev = port_event(&mut io) => match ev {
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
                        suspect &= !matches!(frame, Frame::Final(_) | Frame::Prompt);
                        handle_frame(frame, &mut inflight, &mut dig, io.as_ref(), &events, &mut ready_at, cool_down);
                    }
                }
                other => {
                    let reason = match other {
                        Some(PortEvent::Closed(r)) => r,
                        _ => "port threads ended".to_string(),
                    };
                    warn!(reason = %reason, "modem port lost");
                    fail_inflight(&mut inflight, &reason);
                    release(io.take()).await;
                    dig.reset();
                    ready = false;
                    online.send_replace(false);
                    offline_reason = reason.clone();
                    let _ = events.send(ModemEvent::Offline { reason });
                }
            },
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                if let Some(f) = inflight.take() {
                    dig.set_command(None);
                    if f.done_seen {
                        // The information line came and only the final OK is missing.
                        let _ = f.reply.send(Ok(f.lines));
                        ready_at = Instant::now() + cool_down;
                        continue;
                    }
                    let err = if f.payload_written {
                        ModemError::Uncertain { reason: format!("no answer within {:?}", f.req.timeout) }
                    } else {
                        if f.req.payload.is_some() {
                            // Still waiting for "> ": cancel so the modem leaves PDU input.
                            if let Some(io) = &io { io.write(vec![ESC]); }
                        }
                        ModemError::Timeout { command: f.req.name.to_string(), after: f.req.timeout }
                    };
                    debug!(command = f.req.name, "command timed out");
                    let _ = f.reply.send(Err(err));
                    resync_until = Some(Instant::now() + RESYNC_QUIET);
                    suspect = true;
                    let _ = events.send(ModemEvent::Unresponsive { command: f.req.name.to_string() });
                }
            }
            job = jobs.recv(), if inflight.is_none() => {
                let (req, reply, init) = match job {
                    None => break,
                    Some(Job::Raw(bytes)) => {
                        if let Some(io) = &io {
                            trace!(target: "simgate_modem::wire", "-> raw {} bytes", bytes.len());
                            io.write(bytes);
                        }
                        ready_at = Instant::now() + (cool_down * 5).max(Duration::from_millis(5));
                        continue;
                    }
                    Some(Job::Attach(new)) => {
                        release(io.replace(new)).await;
                        dig.reset();
                        resync_until = None;
                        ready = false;
                        online.send_replace(false);
                        continue;
                    }
                    Some(Job::Detach(reason)) => {
                        release(io.take()).await;
                        dig.reset();
                        ready = false;
                        online.send_replace(false);
                        offline_reason = reason.clone();
                        let _ = events.send(ModemEvent::Offline { reason });
                        continue;
                    }
                    Some(Job::Ready(path)) => {
                        ready = io.is_some();
                        online.send_replace(ready);
                        if ready {
                            let _ = events.send(ModemEvent::Online { path });
                        }
                        continue;
                    }
                    Some(Job::Exec { req, reply, init }) => (req, reply, init),
                };
                let Some(port) = io.as_ref().filter(|_| ready || init) else {
                    // Offline: fail fast so the outbox keeps the message queued.
                    let _ = reply.send(Err(ModemError::Disconnected { reason: offline_reason.clone() }));
                    continue;
                };
                if let Some(until) = resync_until.take() {
                    wait_until(until).await;
                }
                wait_until(ready_at).await;
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
                port.write(format!("{}\r", req.text).into_bytes());
                let wait = if suspect { req.timeout.min(SUSPECT_TIMEOUT) } else { req.timeout };
                inflight = Some(InFlight {
                    deadline: Instant::now() + wait,
                    req,
                    reply,
                    lines: Vec::new(),
                    payload_written: false,
                    done_seen: false,
                });
                // Frames may already be buffered (a fast modem, or bytes that
                // arrived during the cool-down).
                while let Some(frame) = dig.next_frame() {
                    suspect &= !matches!(frame, Frame::Final(_) | Frame::Prompt);
                    handle_frame(frame, &mut inflight, &mut dig, io.as_ref(), &events, &mut ready_at, cool_down);
                }
            }
        }
    }

    // A command in flight gets its answer (for a short while) before the port closes: left in the port, the
    // answer would greet whoever opens it next as the answer to their first command.
    let until = inflight
        .as_ref()
        .map(|f| f.deadline.min(Instant::now() + CLOSE_GRACE));
    while let (Some(until), Some(_)) = (until, inflight.as_ref()) {
        let Some(port) = io.as_mut() else { break };
        let Ok(PortEvent::Data(bytes)) = tokio::time::timeout_at(until, port.next_event()).await
        else {
            break;
        };
        dig.push(&bytes);
        while let Some(frame) = dig.next_frame() {
            handle_frame(
                frame,
                &mut inflight,
                &mut dig,
                io.as_ref(),
                &events,
                &mut ready_at,
                cool_down,
            );
        }
    }
    fail_inflight(&mut inflight, "closed");
    jobs.close();
    while let Ok(job) = jobs.try_recv() {
        match job {
            Job::Exec { reply, .. } => {
                let _ = reply.send(Err(ModemError::Disconnected {
                    reason: "closed".into(),
                }));
            }
            Job::Attach(p) => release(Some(p)).await,
            _ => {}
        }
    }
    // Give the port back before anyone is told the modem is gone, so a
    // reopen (recovery, the next CLI run) finds it free.
    release(io.take()).await;
    online.send_replace(false);
    let _ = released.send(true);
    let _ = events.send(ModemEvent::Offline {
        reason: "closed".into(),
    });
}

fn handle_frame(
    frame: Frame,
    inflight: &mut Option<InFlight>,
    dig: &mut Digester,
    io: Option<&PortIo>,
    events: &broadcast::Sender<ModemEvent>,
    ready_at: &mut Instant,
    cool_down: Duration,
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
                if let Some(io) = io {
                    io.write(bytes);
                    f.payload_written = true;
                    // The prompt proves the modem alive; the network gets its full time.
                    f.deadline = Instant::now() + f.req.timeout;
                }
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
            *ready_at = Instant::now() + cool_down;
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
