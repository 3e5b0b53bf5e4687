//! Malformed PDUs give typed errors naming the field and octet.

use simgate_pdu::{DecodeError, Field, decode};

#[test]
fn truncated_originating_address() {
    // SMSC (octets 0-7), first octet (8), TP-OA length 0B at 9, type at 10, then only 3 of
    // the 6 address octets: the first missing one is octet 14.
    assert_eq!(
        decode("07917283010010F5040BC8723888", true),
        Err(DecodeError::Truncated {
            field: Field::OriginatingAddress,
            octet: 14
        })
    );
}

#[test]
fn user_data_shorter_than_its_length() {
    // The dreamfabric example with the last octet of "hellohello" cut off: TP-UDL is octet 26,
    // the 9 octets of user data would be 27-35.
    let hex = "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC";
    let err = decode(hex, true).unwrap_err();
    assert_eq!(
        err,
        DecodeError::Truncated {
            field: Field::UserData,
            octet: 35
        }
    );
    assert_eq!(err.to_string(), "PDU ends inside TP-UD at octet 35");
}

#[test]
fn user_data_length_beyond_160_septets() {
    let hex = "07917283010010F5040BC87238880900F1000099309251619580A1E8";
    assert_eq!(
        decode(hex, true),
        Err(DecodeError::UserDataTooLong {
            octet: 26,
            udl: 161,
            max: 160
        })
    );
}

#[test]
fn not_hex() {
    assert_eq!(
        decode("07zz", true),
        Err(DecodeError::InvalidHex { index: 2 })
    );
    assert_eq!(decode("", true), Err(DecodeError::Empty));
}

#[test]
fn header_length_past_the_user_data() {
    // 8-bit DELIVER, UDL (octet 20) 03, UDHI set, UDHL (octet 21) 05 but only 2 octets follow.
    let hex = "00440D91945111325476F800046211224110008003050003";
    assert_eq!(
        decode(hex, true),
        Err(DecodeError::HeaderOverrun { octet: 21 })
    );
}
