//! Events a modem pushes to its subscribers.

use crate::urc::Urc;

/// Something the modem reported on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModemEvent {
    /// An unsolicited result code, as parsed.
    Urc(Urc),
    /// The port closed or failed; the handle no longer works.
    Offline {
        /// What ended the connection.
        reason: String,
    },
}
