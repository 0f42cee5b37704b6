//! Indicators: figures per municipality and year that programmes follow (start-up loans,
//! housing allowance, municipal rental dwellings, homelessness), imported from tables of
//! kommunenummer, year, indicator code and value.
//!
//! The codes are Husk's own; each has a Norwegian name and a unit. A value is read as a
//! Norwegian number (decimal comma or point, spaces between thousands).

use crate::ids::Kommunenummer;
use crate::portfolio::parse_year;
use crate::validation::FieldErrors;
use serde::Serialize;

/// An indicator Husk knows: its code, its Norwegian name and the unit its values are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub code: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    /// Whether a value is a count of something (a whole number, not below zero).
    pub count: bool,
}

/// Every indicator Husk knows, in the order pages list them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "startlan",
        name: "Startlån",
        unit: "antall lån",
        count: true,
    },
    Indicator {
        code: "bostotte-mottakere",
        name: "Mottakere av bostøtte",
        unit: "antall husstander",
        count: true,
    },
    Indicator {
        code: "kommunale-boliger-per-1000",
        name: "Kommunalt disponerte utleieboliger per 1 000 innbyggere",
        unit: "per 1 000 innbyggere",
        count: false,
    },
    Indicator {
        code: "bostedslose",
        name: "Bostedsløse",
        unit: "antall personer",
        count: true,
    },
    Indicator {
        code: "bostedslose-per-1000",
        name: "Bostedsløse per 1 000 innbyggere",
        unit: "per 1 000 innbyggere",
        count: false,
    },
];

impl Indicator {
    /// The indicator with `code` or with this name (in any case).
    pub fn find(raw: &str) -> Option<&'static Indicator> {
        let wanted = raw.trim().to_lowercase();
        INDICATORS
            .iter()
            .find(|i| i.code == wanted || i.name.to_lowercase() == wanted)
    }
}

/// One row of an indicator table as written (every field as text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorInput {
    pub kommunenummer: String,
    pub year: String,
    pub indicator: String,
    pub value: String,
}

/// One checked indicator value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub kommunenummer: Kommunenummer,
    pub year: i32,
    pub indicator: &'static Indicator,
    pub value: f64,
}

impl IndicatorInput {
    /// The checked value, or every problem of the row at once (by field: `kommunenummer`,
    /// `year`, `indicator`, `value`).
    pub fn validate(&self) -> Result<IndicatorValue, FieldErrors> {
        let mut e = FieldErrors::new();
        let kommunenummer = kommunenummer_cell(&self.kommunenummer)
            .map_err(|m| e.push("kommunenummer", m))
            .ok();
        let year = if self.year.trim().is_empty() {
            e.push("year", "Året mangler. Skriv et årstall, for eksempel 2015.");
            None
        } else {
            parse_year(&self.year).map_err(|m| e.push("year", m)).ok()
        };
        let indicator = match self.indicator.trim() {
            "" => {
                e.push(
                    "indicator",
                    format!("Indikatoren mangler. Skriv koden, {}.", known_codes()),
                );
                None
            }
            raw => {
                let found = Indicator::find(raw);
                if found.is_none() {
                    let hint = match closest_code(raw) {
                        Some(c) => format!(" Mente du «{c}»?"),
                        None => String::new(),
                    };
                    e.push(
                        "indicator",
                        format!(
                            "Husk kjenner ikke indikatoren «{raw}».{hint} Skriv koden, {}.",
                            known_codes()
                        ),
                    );
                }
                found
            }
        };
        let value = match parse_number(&self.value) {
            Ok(v) => Some(v),
            Err(m) => {
                e.push("value", m);
                None
            }
        };
        if let (Some(i), Some(v)) = (indicator, value) {
            if i.count && (v < 0.0 || v.fract() != 0.0) {
                e.push(
                    "value",
                    format!(
                        "«{}» er ikke et antall. «{}» telles i {}, så skriv et helt tall fra 0 og oppover.",
                        self.value.trim(),
                        i.name,
                        i.unit
                    ),
                );
            } else if v < 0.0 {
                e.push(
                    "value",
                    format!(
                        "«{}» er mindre enn null. «{}» kan ikke være negativ.",
                        self.value.trim(),
                        i.name
                    ),
                );
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(IndicatorValue {
            kommunenummer: kommunenummer.expect("checked"),
            year: year.expect("checked"),
            indicator: indicator.expect("checked"),
            value: value.expect("checked"),
        })
    }
}

/// A kommunenummer as a table cell gives it. A spreadsheet shows 0301 as 301 when the cell is
/// a number: the zero in front is put back, since every kommunenummer has four digits.
pub fn kommunenummer_cell(raw: &str) -> Result<Kommunenummer, String> {
    match raw.trim() {
        "" => Err("Kommunenummeret mangler. Skriv 4 siffer, for eksempel 0301.".into()),
        raw if raw.len() == 3 && raw.chars().all(|c| c.is_ascii_digit()) => {
            Kommunenummer::parse(&format!("0{raw}"))
        }
        raw => Kommunenummer::parse(raw),
    }
}

/// The code most like `raw`, if one is close enough to be what was meant.
fn closest_code(raw: &str) -> Option<&'static str> {
    let wanted = raw.trim().to_lowercase();
    INDICATORS
        .iter()
        .map(|i| {
            (
                strsim::normalized_damerau_levenshtein(&wanted, i.code),
                i.code,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, code)| code)
}

/// «en av «startlan», … eller «bostedslose-per-1000»»: what the indicator column takes.
fn known_codes() -> String {
    let codes: Vec<String> = INDICATORS.iter().map(|i| format!("«{}»", i.code)).collect();
    format!("en av {}", crate::norwegian::list(&codes, "eller"))
}

/// A number as Norwegians write it: `1 234,5`, `1234.5`, `12`. Spaces (also non-breaking)
/// between thousands are left out; a comma or a point is the decimal sign.
pub fn parse_number(raw: &str) -> Result<f64, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("Verdien mangler. Skriv et tall, for eksempel 12 eller 1,27.".into());
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    let decimal_signs = compact.chars().filter(|c| *c == ',' || *c == '.').count();
    let normal = compact.replace(',', ".");
    let looks_numeric = normal
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'));
    match normal.parse::<f64>() {
        Ok(v) if looks_numeric && decimal_signs <= 1 && v.is_finite() => Ok(v),
        _ => Err(format!(
            "«{trimmed}» er ikke et tall. Skriv tallet med sifre og eventuelt desimalkomma, for eksempel 12 eller 1,27."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(k: &str, y: &str, i: &str, v: &str) -> IndicatorInput {
        IndicatorInput {
            kommunenummer: k.into(),
            year: y.into(),
            indicator: i.into(),
            value: v.into(),
        }
    }

    #[test]
    fn a_row_is_read_with_norwegian_numbers_and_names() {
        let v = input("0301", "2012", "Bostedsløse per 1 000 innbyggere", "1,27")
            .validate()
            .unwrap();
        assert_eq!(v.kommunenummer.as_str(), "0301");
        assert_eq!(v.year, 2012);
        assert_eq!(v.indicator.code, "bostedslose-per-1000");
        assert_eq!(v.value, 1.27);
        let v = input("3201", "2010", "startlan", "1 234")
            .validate()
            .unwrap();
        assert_eq!(v.value, 1234.0);
    }

    #[test]
    fn a_kommunenummer_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back() {
        let v = input("301", "2012", "bostedslose", "1430")
            .validate()
            .unwrap();
        assert_eq!(v.kommunenummer.as_str(), "0301");
    }

    #[test]
    fn every_problem_of_a_row_is_named_at_its_field() {
        let e = input("03x1", "20x2", "bostedslse", "mange")
            .validate()
            .unwrap_err();
        let messages: Vec<(String, String)> = e
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        let of = |field: &str| {
            messages
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
                .unwrap()
        };
        assert!(of("kommunenummer").contains("«03x1» er ikke et kommunenummer"));
        assert!(of("year").contains("20x2"));
        assert!(of("indicator").contains("Mente du «bostedslose»?"));
        assert!(of("value").contains("«mange» er ikke et tall"));
    }

    #[test]
    fn a_count_is_a_whole_number_not_below_zero() {
        let e = input("0301", "2012", "startlan", "12,5")
            .validate()
            .unwrap_err();
        assert!(e
            .iter()
            .any(|f| f.field == "value" && f.message.contains("er ikke et antall")));
        let e = input("0301", "2012", "bostedslose-per-1000", "-1")
            .validate()
            .unwrap_err();
        assert!(e
            .iter()
            .any(|f| f.field == "value" && f.message.contains("mindre enn null")));
    }

    #[test]
    fn numbers_with_two_decimal_signs_or_letters_are_refused() {
        assert!(parse_number("1.234,5").is_err());
        assert!(parse_number("12a").is_err());
        assert!(parse_number("1e5").is_err());
        assert_eq!(parse_number(" 1\u{a0}000 ").unwrap(), 1000.0);
        assert_eq!(parse_number("0.5").unwrap(), 0.5);
    }
}
