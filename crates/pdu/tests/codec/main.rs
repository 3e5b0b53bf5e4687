//! Integration tests of simgate-pdu: worked examples, real-world PDUs, and properties.

mod submit;
