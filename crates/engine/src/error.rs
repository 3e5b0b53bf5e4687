//! Engine errors.

use serde::Serialize;

/// One invalid field of a request, for a 422 answer that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// JSON field name, e.g. `to`.
    pub field: String,
    /// What is wrong with it, for a person.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Errors from gateway operations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The request was rejected; nothing was stored.
    #[error("invalid request: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// No such message.
    #[error("message {0} not found")]
    NotFound(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] simgate_store::StoreError),
    /// A modem could not be started.
    #[error("modem {name}: {source}")]
    Modem {
        /// Modem name or port.
        name: String,
        /// The driver's error.
        #[source]
        source: simgate_modem::ModemError,
    },
    /// The demo modem could not be started.
    #[error("demo modem: {0}")]
    Simulator(String),
    /// The data directory could not be created.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The action is not possible in the message's current state.
    #[error("{0}")]
    Conflict(String),
    /// The database could not commit; the change was not stored.
    #[error("the database could not store the change: {0}")]
    CommitFailed(String),
    /// The gateway is shutting down.
    #[error("the gateway is shutting down")]
    ShuttingDown,
}
