//! Events a modem pushes to its subscribers.

use simgate_pdu::{Deliver, StatusReport};

use crate::info::Registration;
use crate::receive::Ack;
use crate::urc::Urc;

/// Something the modem reported on its own.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ModemEvent {
    /// An SMS arrived. Store it, then call [`Ack::stored`]: only then is it
    /// deleted from the SIM, so a crash in between loses nothing.
    Incoming(IncomingSms),
    /// A delivery report arrived (TS 23.040 clause 9.2.2.3). Acknowledge like
    /// an incoming message.
    StatusReport(DeliveryReport),
    /// The signal level changed (`+CSQ`, Huawei `^RSSI`): dBm per TS 27.007
    /// clause 8.5, `None` when unknown.
    Signal {
        /// The signal in dBm.
        dbm: Option<i32>,
    },
    /// The network registration changed (`+CREG`, TS 27.007 clause 7.2).
    Registration(Registration),
    /// An unsolicited result code the driver passes on as is.
    Urc(Urc),
    /// The port closed or failed (unplug, I/O error, recovery reopening it).
    /// Commands fail with [`crate::ModemError::Disconnected`] until
    /// [`ModemEvent::Online`]; `reason` is `closed` when the handle was closed.
    Offline {
        /// What ended the connection.
        reason: String,
    },
    /// The modem is (back) in service, possibly under a new device path.
    Online {
        /// The device path now in use.
        path: String,
    },
    /// A command got no answer in time; recovery checks the modem's health.
    Unresponsive {
        /// The command that timed out.
        command: String,
    },
}

/// A received SMS (one part of a longer one, when concatenated).
#[derive(Debug, Clone)]
pub struct IncomingSms {
    /// The PDU in hex as the modem gave it, SMSC field included.
    pub pdu: String,
    /// The decoded SMS-DELIVER.
    pub message: Deliver,
    /// Deletes the message from the modem once the gateway has stored it.
    pub ack: Ack,
}

/// A received delivery report.
#[derive(Debug, Clone)]
pub struct DeliveryReport {
    /// The PDU in hex, SMSC field included.
    pub pdu: String,
    /// The decoded SMS-STATUS-REPORT: `message_reference` is the `<mr>` of
    /// `+CMGS`, `recipient` the number it was sent to, `status` the TP-ST.
    pub report: StatusReport,
    /// Deletes the report from the modem once the gateway has stored it.
    pub ack: Ack,
}
