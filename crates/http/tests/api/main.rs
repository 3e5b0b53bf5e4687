//! The HTTP API against a real server on 127.0.0.1 with a simulated modem on a pseudo-terminal.

mod auth;
mod bad_input;
mod messages;
mod modems;
mod routing;
mod support;
