//! simgate-engine
