//! The outbox end to end: a real gateway on a real SQLite file, driving simulated modems over pseudo-terminals
//! opened through the serial stack exactly like `/dev/ttyUSB*`.

mod actions;
mod ordering;
mod routing;
mod support;
