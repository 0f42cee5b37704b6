//! Norwegian identifiers: organisasjonsnummer (9 digits, mod-11) and kommunenummer (4 digits).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Norwegian organisation number from Enhetsregisteret: nine digits whose last digit is a
/// modulus-11 check digit over the first eight with weights 3, 2, 7, 6, 5, 4, 3, 2.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Organisasjonsnummer(String);

impl Organisasjonsnummer {
    /// Parses a number, allowing spaces between digit groups ("974 760 673").
    pub fn parse(input: &str) -> Result<Self, String> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(
                "Organisasjonsnummeret mangler. Skriv 9 siffer, for eksempel 974760673.".into(),
            );
        }
        if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "«{input}» er ikke et organisasjonsnummer. Skriv 9 siffer, for eksempel 974760673."
            ));
        }
        let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap()).collect();
        match check_digit(&d[..8]) {
            Some(c) if c == d[8] => Ok(Self(digits)),
            _ => Err(format!(
                "«{input}» har feil kontrollsiffer, så det kan ikke være et organisasjonsnummer. Sjekk nummeret i Enhetsregisteret."
            )),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The modulus-11 check digit for the first eight digits, or `None` where the rule gives 10
/// (such numbers are never issued).
fn check_digit(first8: &[u32]) -> Option<u32> {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first8.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

impl TryFrom<String> for Organisasjonsnummer {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}
impl From<Organisasjonsnummer> for String {
    fn from(o: Organisasjonsnummer) -> String {
        o.0
    }
}
impl fmt::Display for Organisasjonsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A municipality number: four digits, the first two naming the county (e.g. 0301 Oslo).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Kommunenummer(String);

impl Kommunenummer {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        if s.len() != 4 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "«{input}» er ikke et kommunenummer. Skriv 4 siffer, for eksempel 0301."
            ));
        }
        if &s[..2] == "00" {
            return Err(format!(
                "«{input}» er ikke et kommunenummer, for de to første sifrene er fylkesnummeret og kan ikke være 00. Skriv et kommunenummer som 0301."
            ));
        }
        Ok(Self(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Kommunenummer {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}
impl From<Kommunenummer> for String {
    fn from(k: Kommunenummer) -> String {
        k.0
    }
}
impl fmt::Display for Kommunenummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_organisation_numbers() {
        // Oslo kommune's number, and another that satisfies the rule.
        for n in ["974760673", "971040238", "974 760 673"] {
            assert!(Organisasjonsnummer::parse(n).is_ok(), "{n} should be valid");
        }
        assert_eq!(
            Organisasjonsnummer::parse("974 760 673").unwrap().as_str(),
            "974760673"
        );
    }

    #[test]
    fn rejects_wrong_check_digit_with_explanation() {
        let err = Organisasjonsnummer::parse("974760674").unwrap_err();
        assert!(err.contains("kontrollsiffer"), "{err}");
    }

    #[test]
    fn rejects_wrong_length_and_letters() {
        assert!(Organisasjonsnummer::parse("12345678")
            .unwrap_err()
            .contains("9 siffer"));
        assert!(Organisasjonsnummer::parse("97476067a")
            .unwrap_err()
            .contains("9 siffer"));
        assert!(Organisasjonsnummer::parse("").is_err());
    }

    #[test]
    fn rejects_numbers_whose_check_digit_would_be_ten() {
        // 1,0,0,0,0,0,0,6: sum = 3 + 12 = 15, 15 % 11 = 4, 11 - 4 = 7 → valid with 7.
        assert!(Organisasjonsnummer::parse("100000067").is_ok());
        // Find an eight-digit prefix whose rule gives 10 and check that no ninth digit passes.
        let prefix = (0..100_000_000u32)
            .map(|n| format!("{n:08}"))
            .find(|p| {
                let d: Vec<u32> = p.chars().map(|c| c.to_digit(10).unwrap()).collect();
                check_digit(&d).is_none()
            })
            .unwrap();
        for last in 0..10 {
            assert!(Organisasjonsnummer::parse(&format!("{prefix}{last}")).is_err());
        }
    }

    #[test]
    fn kommunenummer_is_four_digits() {
        assert_eq!(Kommunenummer::parse("0301").unwrap().as_str(), "0301");
        assert_eq!(Kommunenummer::parse(" 4601 ").unwrap().as_str(), "4601");
        assert!(Kommunenummer::parse("301").is_err());
        assert!(Kommunenummer::parse("03011").is_err());
        assert!(Kommunenummer::parse("03a1").is_err());
        assert!(Kommunenummer::parse("0001").is_err());
    }
}
