//! simgate-http
