//! simgate-modem
