//! The ledger: one JSON line per PDU the simulated network accepted, written
//! and flushed before `+CMGS` is answered, so tests can judge "nothing lost,
//! nothing sent twice" even across crashes of the gateway.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{SentPdu, SimError};

#[derive(Debug)]
pub(crate) struct Ledger {
    file: File,
}

impl Ledger {
    pub fn open(path: &Path) -> Result<Ledger, SimError> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| SimError::Ledger {
                path: path.to_path_buf(),
                source: e,
            })?;
        Ok(Ledger { file })
    }

    /// Appends `{"pdu": hex, "mr": n, "at": RFC 3339}`. A failing disk is
    /// reported in the log; the simulated network still accepts the message.
    pub fn record(&mut self, sent: &SentPdu) {
        let at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let line = serde_json::json!({ "pdu": sent.hex, "mr": sent.mr, "at": at });
        if let Err(e) = writeln!(self.file, "{line}").and_then(|()| self.file.flush()) {
            tracing::warn!(error = %e, "simulator ledger write failed");
        }
    }
}
