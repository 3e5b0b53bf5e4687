//! simgate-store
