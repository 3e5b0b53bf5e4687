//! The driver against the simulator over a real pseudo-terminal, opened
//! through the `serialport` stack exactly like a USB dongle.

mod common;
mod discover;
mod pin;
mod receive;
mod recovery;
mod reports;
mod send;
mod status;
mod ussd;
