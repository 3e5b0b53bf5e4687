//! simgate-sim
