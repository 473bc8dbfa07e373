//! The Italian VAT number (Partita IVA): 11 digits, the last a check digit (Luhn variant).

use crate::error::{DomainError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Partita IVA whose format and check digit have been verified.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartitaIva(String);

impl PartitaIva {
    /// Parses a Partita IVA, accepting an optional `IT` prefix and spaces as people type them.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = compact
            .strip_prefix("IT")
            .or_else(|| compact.strip_prefix("it"))
            .unwrap_or(&compact);
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::new(
                ErrorCode::InvalidPartitaIva,
                "a Partita IVA has exactly 11 digits",
            ));
        }
        if digits.starts_with("0000000") {
            return Err(DomainError::new(
                ErrorCode::InvalidPartitaIva,
                "the Partita IVA has no valid registration number",
            ));
        }
        if check_digit(&digits.as_bytes()[..10]) != digits.as_bytes()[10] - b'0' {
            return Err(DomainError::new(
                ErrorCode::InvalidPartitaIva,
                "the check digit of the Partita IVA does not match",
            ));
        }
        Ok(Self(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for the first ten digits.
pub fn check_digit(first_ten: &[u8]) -> u8 {
    let sum: u32 = first_ten
        .iter()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 0 {
                digit
            } else {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl TryFrom<String> for PartitaIva {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PartitaIva> for String {
    fn from(value: PartitaIva) -> Self {
        value.0
    }
}

impl fmt::Display for PartitaIva {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_number_with_the_right_check_digit_is_accepted() {
        // 0123456789 → check digit computed by hand: odd positions 0+2+4+6+8 = 20,
        // even positions doubled 2,6,10→1,14→5,18→9 = 23; (10 - 43 % 10) % 10 = 7.
        assert_eq!(
            PartitaIva::parse("01234567897").unwrap().as_str(),
            "01234567897"
        );
        assert_eq!(
            PartitaIva::parse("IT 0123456789 7").unwrap().as_str(),
            "01234567897"
        );
    }

    #[test]
    fn a_wrong_check_digit_length_or_character_is_refused() {
        for bad in [
            "01234567890",
            "0123456789",
            "012345678977",
            "0123456789a",
            "",
            "00000000000",
        ] {
            let error = PartitaIva::parse(bad).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidPartitaIva, "{bad}");
        }
    }

    #[test]
    fn every_check_digit_is_recomputed_consistently() {
        for n in [1_234_567_u64, 9_876_543, 5_550_001, 1_000_000] {
            let first_ten = format!("{n:07}001");
            let full = format!("{first_ten}{}", check_digit(first_ten.as_bytes()));
            assert!(PartitaIva::parse(&full).is_ok(), "{full}");
        }
    }
}
