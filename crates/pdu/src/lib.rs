//! simgate-pdu
