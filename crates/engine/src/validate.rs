//! Validation of what users and integrations ask the gateway to send.

use crate::FieldError;

/// Longest body accepted: 10 concatenated GSM-7 parts (10 x 153 septets).
pub const MAX_BODY_CHARS: usize = 1530;

/// Checks a recipient number and returns it in E.164 (`+` and digits).
///
/// Accepts international numbers written with `+` or `00`, with spaces, dashes, dots or parentheses between
/// digits, and checks them against the numbering plan (ITU-T E.164 via libphonenumber's metadata).
pub fn normalise_number(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new("to", "is required"));
    }
    let mut digits = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    if let Some(r) = rest.strip_prefix('+') {
        rest = r;
    } else if let Some(r) = rest.strip_prefix("00") {
        rest = r;
    } else {
        return Err(FieldError::new(
            "to",
            format!(
                "\"{trimmed}\" is not in international format; write it with the country code, e.g. +4915112345678"
            ),
        ));
    }
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => {
                return Err(FieldError::new(
                    "to",
                    format!(
                        "\"{trimmed}\" contains '{c}'; a phone number has only digits after the +"
                    ),
                ));
            }
        }
    }
    // E.164 6.1: at most 15 digits including the country code.
    if digits.len() < 7 || digits.len() > 15 {
        return Err(FieldError::new(
            "to",
            format!(
                "\"{trimmed}\" has {} digits; international numbers have 7 to 15",
                digits.len()
            ),
        ));
    }
    let e164 = format!("+{digits}");
    match phonenumber::parse(None, &e164) {
        Ok(n) if phonenumber::is_valid(&n) => Ok(e164),
        _ => Err(FieldError::new(
            "to",
            format!("\"{trimmed}\" is not a valid phone number for its country code"),
        )),
    }
}

/// Checks a message body.
pub fn check_body(body: &str) -> Result<(), FieldError> {
    if body.trim().is_empty() {
        return Err(FieldError::new("body", "must not be empty"));
    }
    let n = body.chars().count();
    if n > MAX_BODY_CHARS {
        return Err(FieldError::new(
            "body",
            format!("is {n} characters long; the limit is {MAX_BODY_CHARS} (10 SMS parts)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_numbers_are_normalised() {
        assert_eq!(
            normalise_number("+49 151 1234-5678").unwrap(),
            "+4915112345678"
        );
        assert_eq!(
            normalise_number("004915112345678").unwrap(),
            "+4915112345678"
        );
        assert_eq!(
            normalise_number("+1 (415) 555-2671").unwrap(),
            "+14155552671"
        );
    }

    #[test]
    fn garbage_and_too_short_numbers_are_refused_with_the_field_named() {
        for bad in [
            "abc",
            "+1",
            "",
            "015112345678",
            "+49abc1234567",
            "+999123456789",
        ] {
            let err = normalise_number(bad).unwrap_err();
            assert_eq!(err.field, "to", "{bad}");
        }
    }

    #[test]
    fn body_limits() {
        assert!(check_body("  ").is_err());
        assert!(check_body("hi").is_ok());
        assert!(check_body(&"a".repeat(MAX_BODY_CHARS + 1)).is_err());
    }
}
