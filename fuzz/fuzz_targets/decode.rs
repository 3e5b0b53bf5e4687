//! Any input must decode to a PDU or a typed error, never a panic, and a decoded PDU must
//! serialise to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let has_smsc = flags & 1 == 1;
    if let Ok(pdu) = simgate_pdu::decode_bytes(bytes, has_smsc) {
        // The JSON form walks every field, including time stamps and addresses.
        let _ = format!("{pdu:?}");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = simgate_pdu::decode(text, has_smsc);
    }
});
