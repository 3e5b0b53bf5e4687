//! Any UTF-8 text sent through the encoder comes back unchanged from the decoder, and the
//! planner agrees with the encoder on the number of parts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use simgate_pdu::{Pdu, SubmitOptions, decode, encode_submit, plan};

fuzz_target!(|text: &str| {
    let Ok(parts) = encode_submit("+4915112345678", text, &SubmitOptions::default()) else {
        return;
    };
    assert_eq!(parts.len(), plan(text).segments);
    let mut joined = String::new();
    for part in &parts {
        match decode(&part.hex, true) {
            Ok(Pdu::Submit(s)) => joined.push_str(s.text().expect("text")),
            other => panic!("encoded part did not decode as SMS-SUBMIT: {other:?}"),
        }
    }
    assert_eq!(joined, text);
});
