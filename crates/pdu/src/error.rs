//! Typed errors of the codec.

use std::fmt;

/// A field of a TPDU (TS 23.040 9.2.3), used to say where decoding failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// The service centre address in front of the TPDU (TS 27.005 3.1, TS 24.011 8.2.5.1).
    Smsc,
    /// The first octet: TP-MTI and flags (TS 23.040 9.2.3.1).
    FirstOctet,
    /// TP-MR, the message reference (TS 23.040 9.2.3.6).
    MessageReference,
    /// TP-OA, the originating address (TS 23.040 9.2.3.7).
    OriginatingAddress,
    /// TP-DA, the destination address (TS 23.040 9.2.3.8).
    DestinationAddress,
    /// TP-RA, the recipient address of a status report (TS 23.040 9.2.3.14).
    RecipientAddress,
    /// TP-PID (TS 23.040 9.2.3.9).
    ProtocolId,
    /// TP-DCS (TS 23.040 9.2.3.10, TS 23.038 4).
    DataCodingScheme,
    /// TP-SCTS (TS 23.040 9.2.3.11).
    ServiceCentreTimestamp,
    /// TP-DT (TS 23.040 9.2.3.13).
    DischargeTime,
    /// TP-VP (TS 23.040 9.2.3.12).
    ValidityPeriod,
    /// TP-ST (TS 23.040 9.2.3.15).
    Status,
    /// TP-PI (TS 23.040 9.2.3.27).
    ParameterIndicator,
    /// TP-UDL (TS 23.040 9.2.3.16).
    UserDataLength,
    /// TP-UDH (TS 23.040 9.2.3.24).
    UserDataHeader,
    /// TP-UD (TS 23.040 9.2.3.24).
    UserData,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Smsc => "SMSC address",
            Field::FirstOctet => "first octet",
            Field::MessageReference => "TP-MR",
            Field::OriginatingAddress => "TP-OA",
            Field::DestinationAddress => "TP-DA",
            Field::RecipientAddress => "TP-RA",
            Field::ProtocolId => "TP-PID",
            Field::DataCodingScheme => "TP-DCS",
            Field::ServiceCentreTimestamp => "TP-SCTS",
            Field::DischargeTime => "TP-DT",
            Field::ValidityPeriod => "TP-VP",
            Field::Status => "TP-ST",
            Field::ParameterIndicator => "TP-PI",
            Field::UserDataLength => "TP-UDL",
            Field::UserDataHeader => "TP-UDH",
            Field::UserData => "TP-UD",
        })
    }
}

/// Why a PDU could not be decoded. Octet offsets count from the first octet of the hex given
/// to [`crate::decode`] (the SMSC length octet when there is one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input was empty.
    #[error("empty PDU")]
    Empty,
    /// A character that is not a hex digit.
    #[error("invalid hex digit at character {index}")]
    InvalidHex {
        /// Character index in the input text.
        index: usize,
    },
    /// An odd number of hex digits.
    #[error("odd number of hex digits ({len})")]
    OddHexLength {
        /// Number of hex digits after trimming whitespace.
        len: usize,
    },
    /// The PDU ends inside a field.
    #[error("PDU ends inside {field} at octet {octet}")]
    Truncated {
        /// The field being read.
        field: Field,
        /// Offset of the first missing octet.
        octet: usize,
    },
    /// An address length beyond what TS 23.040 9.1.2.5 allows.
    #[error("{field} at octet {octet} declares {length}, more than the maximum {max}")]
    AddressTooLong {
        /// Which address.
        field: Field,
        /// Offset of its length octet.
        octet: usize,
        /// Declared length (semi-octets for TP addresses, octets for the SMSC).
        length: usize,
        /// Largest allowed value.
        max: usize,
    },
    /// A Type-of-Address octet without its always-set bit 7 (TS 23.040 9.1.2.5); in the SMSC
    /// field this usually means the PDU has no SMSC field at all.
    #[error("{field} at octet {octet} has an invalid type-of-address octet")]
    InvalidAddressType {
        /// Which address.
        field: Field,
        /// Offset of the type-of-address octet.
        octet: usize,
    },
    /// A semi-octet that is not a decimal digit, or a date or time out of range.
    #[error("{field} at octet {octet} is not a valid time stamp")]
    InvalidTimestamp {
        /// TP-SCTS, TP-DT or TP-VP.
        field: Field,
        /// Offset of the offending octet.
        octet: usize,
    },
    /// TP-UDL larger than the 140 octets (160 septets) that fit in one TPDU (TS 23.040 9.2.3.16).
    #[error("TP-UDL at octet {octet} is {udl}, more than the maximum {max}")]
    UserDataTooLong {
        /// Offset of TP-UDL.
        octet: usize,
        /// Declared length (septets for GSM-7, octets otherwise).
        udl: usize,
        /// Largest allowed value for the coding.
        max: usize,
    },
    /// The UDH length, or an information element inside it, runs past the user data
    /// (TS 23.040 9.2.3.24).
    #[error("TP-UDH at octet {octet} overruns the user data")]
    HeaderOverrun {
        /// Offset of the length octet that overruns.
        octet: usize,
    },
    /// UCS-2 user data with an odd number of octets (TS 23.038 6.2.3 uses 16-bit units).
    #[error("UCS-2 user data at octet {octet} has an odd length {len}")]
    OddUcs2Length {
        /// Offset of the first user data octet after the header.
        octet: usize,
        /// Length in octets.
        len: usize,
    },
}

/// Why a message could not be encoded as SMS-SUBMIT.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The recipient is not an international number (`+` then digits), a string of digits
    /// (`*` and `#` allowed) or an alphanumeric address of at most 11 GSM-7 characters.
    #[error("invalid recipient address: {reason}")]
    InvalidRecipient {
        /// What is wrong with it.
        reason: AddressProblem,
    },
    /// The SMSC is not `+` and digits or plain digits (TS 24.011 8.2.5.1).
    #[error("invalid SMSC address: {reason}")]
    InvalidSmsc {
        /// What is wrong with it.
        reason: AddressProblem,
    },
    /// More parts than the 255 that concatenation can number (TS 23.040 9.2.3.24.1).
    #[error("message needs {segments} parts, more than the 255 concatenation allows")]
    TooManySegments {
        /// Parts the text would need.
        segments: usize,
    },
    /// A relative validity period longer than the 63 weeks TP-VP can express
    /// (TS 23.040 9.2.3.12.1).
    #[error("validity period of {seconds} s exceeds the maximum of 63 weeks")]
    ValidityTooLong {
        /// The requested period in seconds.
        seconds: u64,
    },
    /// An absolute validity time stamp that cannot be expressed in TP-SCTS format
    /// (years 2000-2099 or 1990-1999, offsets within ±79 quarter hours).
    #[error("absolute validity period cannot be encoded: {reason}")]
    InvalidTimestamp {
        /// What is out of range.
        reason: &'static str,
    },
}

/// What is wrong with an address given for encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressProblem {
    /// Nothing was given.
    #[error("empty")]
    Empty,
    /// More than the 20 digits an address field holds (TS 23.040 9.1.2.5).
    #[error("more than 20 digits")]
    TooManyDigits,
    /// An alphanumeric address longer than 11 characters (TS 23.040 9.1.2.5: 10 octets).
    #[error("alphanumeric address longer than 11 characters")]
    AlphanumericTooLong,
    /// A character that is neither a digit nor a GSM-7 character in an alphanumeric address.
    #[error("character at position {index} cannot be encoded")]
    InvalidCharacter {
        /// Character index.
        index: usize,
    },
    /// Digits mixed with separators or a `+` in the middle: not a number and not a name.
    #[error("not a number: only digits may follow '+'")]
    NotANumber,
}
