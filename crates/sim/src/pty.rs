//! The pseudo-terminal a simulated modem listens on.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{PtyMaster, grantpt, posix_openpt, ptsname_r, unlockpt};
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};

use crate::SimError;

/// A pty pair. The master is the modem's side; the slave path is what the
/// driver opens. The simulator keeps its own slave descriptor open so that
/// the master never sees a hangup while no driver is attached (reads on a
/// master without any slave fail with EIO), and so the slave stays in raw mode.
#[derive(Debug)]
pub(crate) struct Pty {
    master: PtyMaster,
    _slave: File,
    path: PathBuf,
}

impl Pty {
    pub fn open() -> Result<Pty, SimError> {
        let err = |what: &'static str| move |e: nix::Error| SimError::Pty { what, source: e };
        let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY).map_err(err("posix_openpt"))?;
        grantpt(&master).map_err(err("grantpt"))?;
        unlockpt(&master).map_err(err("unlockpt"))?;
        let path = PathBuf::from(ptsname_r(&master).map_err(err("ptsname"))?);
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::libc::O_NOCTTY)
            .open(&path)
            .map_err(|e| SimError::Pty {
                what: "open slave",
                source: nix::Error::from_raw(e.raw_os_error().unwrap_or(0)),
            })?;
        // A modem line has no echo, no line editing and no CR/LF translation.
        let mut t = tcgetattr(&slave).map_err(err("tcgetattr"))?;
        cfmakeraw(&mut t);
        tcsetattr(&slave, SetArg::TCSANOW, &t).map_err(err("tcsetattr"))?;
        // Non-blocking master: a driver that stops reading must not block the simulator.
        let flags = fcntl(master.as_raw_fd(), FcntlArg::F_GETFL).map_err(err("fcntl"))?;
        fcntl(
            master.as_raw_fd(),
            FcntlArg::F_SETFL(OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK),
        )
        .map_err(err("fcntl"))?;
        Ok(Pty {
            master,
            _slave: slave,
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits up to `timeout_ms` for input from the driver.
    pub fn wait_readable(&self, timeout_ms: u16) -> bool {
        let mut fds = [PollFd::new(self.master.as_fd(), PollFlags::POLLIN)];
        matches!(poll(&mut fds, PollTimeout::from(timeout_ms)), Ok(n) if n > 0)
            && fds[0]
                .revents()
                .is_some_and(|r| r.contains(PollFlags::POLLIN))
    }

    /// Reads what is available (empty when nothing is).
    pub fn read_available(&mut self) -> Vec<u8> {
        let mut buf = [0u8; 4096];
        match self.master.read(&mut buf) {
            Ok(n) => buf[..n].to_vec(),
            Err(_) => Vec::new(),
        }
    }

    /// Writes as much of `bytes` as the line takes; returns how much that was.
    pub fn write_some(&mut self, bytes: &[u8]) -> usize {
        self.master.write(bytes).unwrap_or(0)
    }
}
