//! What the gateway does with what the modems report: delivery reports, incoming messages, modem status,
//! user actions and recovery. A real gateway on a real SQLite file, simulated modems over pseudo-terminals.

mod actions;
mod inbox;
mod reports;
mod status;
mod support;
