//! The serial port: opened through `serialport`, then read and written without blocking on the async
//! runtime's reactor, so the driver task wakes directly when the modem answers (no reader or writer thread
//! in between) and a modem that stops reading (its buffers full) can never block the driver: what the port
//! does not take yet waits in memory until it becomes writable.

use std::os::fd::AsRawFd;
use std::sync::{Mutex, MutexGuard};

use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::sys::termios::{FlushArg, tcflush};
use tokio::io::unix::AsyncFd;
use tokio::io::{Interest, Ready};

use crate::error::ModemError;

/// What the port reports to the driver task.
#[derive(Debug)]
pub(crate) enum PortEvent {
    Data(Vec<u8>),
    Closed(String),
}

/// One open port, registered with the runtime's reactor. Dropping it closes the port.
#[derive(Debug)]
pub(crate) struct PortIo {
    fd: AsyncFd<serialport::TTYPort>,
    out: Mutex<Outgoing>,
}

#[derive(Debug, Default)]
struct Outgoing {
    /// Bytes the port did not take yet, written as soon as it is writable again.
    pending: Vec<u8>,
    /// A write failed: reported as `Closed` by the next [`PortIo::next_event`].
    failed: Option<String>,
}

impl PortIo {
    /// Opens `path` like any `/dev/ttyUSB*`. Must run inside the async runtime (a blocking task is fine).
    pub fn open(path: &str, baud: u32) -> Result<PortIo, ModemError> {
        let open_err = |reason: String| ModemError::Open {
            path: path.to_string(),
            reason,
        };
        let port = serialport::new(path, baud)
            .open_native()
            .map_err(|e| open_err(e.to_string()))?;
        let raw = port.as_raw_fd();
        let flags = fcntl(raw, FcntlArg::F_GETFL).map_err(|e| open_err(e.to_string()))?;
        let flags = OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK;
        fcntl(raw, FcntlArg::F_SETFL(flags)).map_err(|e| open_err(e.to_string()))?;
        let fd = register(port).map_err(|e| open_err(e.to_string()))?;
        // Whatever waits in the port was meant for whoever had it open before (answers that came after it
        // closed); this session starts on a clean line.
        tcflush(&fd, FlushArg::TCIFLUSH).map_err(|e| open_err(e.to_string()))?;
        Ok(PortIo {
            fd,
            out: Mutex::default(),
        })
    }

    /// Writes `bytes` now as far as the port takes them; the rest follows from [`PortIo::next_event`] once the
    /// port is writable. A failure is reported there as `Closed`.
    pub fn write(&self, bytes: Vec<u8>) {
        let mut out = lock(&self.out);
        if out.failed.is_some() {
            return;
        }
        out.pending.extend_from_slice(&bytes);
        if let Err(e) = drain(&self.fd, &mut out.pending) {
            out.failed = Some(e.to_string());
        }
    }

    /// The next input from the modem, or why the port is gone (unplugged, end of file, a failed write).
    pub async fn next_event(&mut self) -> PortEvent {
        let mut buf = [0u8; 4096];
        loop {
            let writing = {
                let mut out = lock(&self.out);
                if let Some(reason) = out.failed.take() {
                    return PortEvent::Closed(reason);
                }
                !out.pending.is_empty()
            };
            let interest = if writing {
                Interest::READABLE | Interest::WRITABLE
            } else {
                Interest::READABLE
            };
            let mut guard = match self.fd.ready(interest).await {
                Ok(guard) => guard,
                Err(e) => return PortEvent::Closed(e.to_string()),
            };
            let ready = guard.ready();
            let raw = self.fd.get_ref().as_raw_fd();
            if writing && ready.is_writable() {
                let mut out = lock(&self.out);
                match drain(&self.fd, &mut out.pending) {
                    Ok(()) if out.pending.is_empty() => {}
                    Ok(()) => guard.clear_ready_matching(Ready::WRITABLE),
                    Err(e) => return PortEvent::Closed(e.to_string()),
                }
            }
            if ready.is_readable() || ready.is_read_closed() || ready.is_error() {
                match nix::unistd::read(raw, &mut buf) {
                    // A pty whose other side went away reads 0 bytes forever: that is an unplug.
                    Ok(0) => return PortEvent::Closed("end of file".into()),
                    Ok(n) => return PortEvent::Data(buf[..n].to_vec()),
                    Err(Errno::EAGAIN) => guard.clear_ready_matching(Ready::READABLE),
                    Err(Errno::EINTR) => {}
                    Err(e) => return PortEvent::Closed(std::io::Error::from(e).to_string()),
                }
            }
        }
    }

    /// Closes the port; it can be opened again at once (serialport locks it exclusively while open).
    pub fn close(self) {
        drop(self);
    }
}

/// Registers the port with the reactor, for readiness in both directions.
#[allow(unsafe_code)]
fn register(port: serialport::TTYPort) -> std::io::Result<AsyncFd<serialport::TTYPort>> {
    // SAFETY: `AsyncFd` owns the `TTYPort`, which owns its descriptor: it stays open and is the same one
    // `as_raw_fd` returns until the `AsyncFd` (and with it the port) is dropped; nothing else closes it.
    unsafe { AsyncFd::register_with_interest(port, Interest::READABLE | Interest::WRITABLE) }
        .map_err(|e| e.into_parts().1)
}

/// Writes as much of `pending` as the port takes without blocking, and removes it.
fn drain(fd: &AsyncFd<serialport::TTYPort>, pending: &mut Vec<u8>) -> std::io::Result<()> {
    let mut written = 0;
    while written < pending.len() {
        match nix::unistd::write(fd, &pending[written..]) {
            Ok(n) => written += n,
            Err(Errno::EAGAIN) => break,
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    pending.drain(..written);
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
