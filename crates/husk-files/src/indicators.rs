//! Indicator tables: kommunenummer, year, indicator code and value per row, as CSV or XLSX,
//! read all-or-nothing into the domain's [`IndicatorValue`]s with every problem named by line,
//! column and field.

use crate::columns::Column;
use crate::error::{cap_errors, ImportError};
use crate::format::FileFormat;
use crate::table::{
    check_row_widths, field_error, map_columns, no_rows_error, read_table, ColumnMap, Schema,
};
use husk_domain::programmes::indicators::{IndicatorInput, IndicatorValue};
use std::collections::HashMap;

/// Indicator columns, in the order of the import template.
pub const INDICATOR_COLUMNS: &[&str] = &["kommunenummer", "year", "indicator", "value"];

/// The columns of an indicator file, with their Norwegian headings.
pub const INDICATORS: &[Column] = &[
    Column {
        field: "kommunenummer",
        label: "Kommunenummer",
        aliases: &["kommunenr", "kommunenr.", "knr"],
        required: true,
        takes: "Kommunens fire siffer, for eksempel 0301.",
        codes: None,
        list: false,
        max_chars: None,
    },
    Column {
        field: "year",
        label: "År",
        aliases: &["år", "aar"],
        required: true,
        takes: "Året tallet gjelder, for eksempel 2012.",
        codes: None,
        list: false,
        max_chars: None,
    },
    Column {
        field: "indicator",
        label: "Indikator",
        aliases: &["indikatorkode", "kode"],
        required: true,
        takes: "Indikatorens kode, for eksempel startlan eller bostedslose.",
        codes: None,
        list: false,
        max_chars: None,
    },
    Column {
        field: "value",
        label: "Verdi",
        aliases: &["tall"],
        required: true,
        takes: "Tallet, med desimalkomma om det trengs, for eksempel 1,27.",
        codes: None,
        list: false,
        max_chars: None,
    },
];

const INDICATOR_SCHEMA: Schema = Schema {
    fields: INDICATOR_COLUMNS,
    columns: INDICATORS,
    aliases: &[],
    required: INDICATOR_COLUMNS,
};

/// Reads an indicator file: every row checked, the same municipality, year and indicator at
/// most once. Nothing is returned unless every row is right; otherwise every problem is
/// (the first [`MAX_REPORTED_ERRORS`](crate::MAX_REPORTED_ERRORS) and a count of the rest).
pub fn read_indicators(
    bytes: &[u8],
    format: FileFormat,
) -> Result<Vec<IndicatorValue>, Vec<ImportError>> {
    let table = read_table(bytes, format)?;
    let map = map_columns(&table, &INDICATOR_SCHEMA)?;
    if table.rows.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    let mut errors = Vec::new();
    check_row_widths(&table, &mut errors);
    if !errors.is_empty() {
        return Err(cap_errors(errors));
    }
    let mut values = Vec::with_capacity(table.rows.len());
    // (kommunenummer, year, indicator) → the first line with it.
    let mut seen: HashMap<(String, i32, &'static str), usize> = HashMap::new();
    for row in &table.rows {
        let input = IndicatorInput {
            kommunenummer: map.cell(row, "kommunenummer").to_string(),
            year: map.cell(row, "year").to_string(),
            indicator: map.cell(row, "indicator").to_string(),
            value: map.cell(row, "value").to_string(),
        };
        match input.validate() {
            Ok(v) => {
                let key = (
                    v.kommunenummer.as_str().to_string(),
                    v.year,
                    v.indicator.code,
                );
                if let Some(first) = seen.get(&key) {
                    errors.push(duplicate(row.line, *first, &map, &v));
                } else {
                    seen.insert(key, row.line);
                    values.push(v);
                }
            }
            Err(problems) => {
                for p in problems.iter() {
                    errors.push(field_error(row.line, &map, &p.field, p.message.clone()));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(cap_errors(errors))
    }
}

fn duplicate(line: usize, first: usize, map: &ColumnMap, v: &IndicatorValue) -> ImportError {
    field_error(
        line,
        map,
        "indicator",
        format!(
            "«{}» for kommune {} i {} står også på linje {first}. Hver kommune kan ha ett tall per indikator og år: slett den ene linjen.",
            v.indicator.name,
            v.kommunenummer.as_str(),
            v.year
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Vec<IndicatorValue>, Vec<ImportError>> {
        read_indicators(text.as_bytes(), FileFormat::Csv)
    }

    #[test]
    fn a_table_with_norwegian_headings_is_read() {
        let values = csv(
            "Kommunenummer;År;Indikator;Verdi\n0301;2012;bostedslose;1430\n301;2008;Bostedsløse per 1 000 innbyggere;\"2,6\"\n",
        )
        .unwrap();
        assert_eq!(values.len(), 2);
        assert_eq!(values[1].kommunenummer.as_str(), "0301");
        assert_eq!(values[1].value, 2.6);
        assert_eq!(values[0].indicator.code, "bostedslose");
    }

    #[test]
    fn every_bad_cell_is_named_by_line_column_and_field_and_nothing_is_kept() {
        let errors = csv(
            "kommunenummer,year,indicator,value\n0301,2012,startlan,12\n03x1,2012,startlan,12\n0301,2012,startlån,mange\n",
        )
        .unwrap_err();
        let at = |line: usize, field: &str| {
            errors
                .iter()
                .find(|e| e.line == line && e.field.as_deref() == Some(field))
                .unwrap_or_else(|| panic!("no error at line {line}, {field}: {errors:?}"))
        };
        assert_eq!(at(3, "kommunenummer").column, Some(1));
        assert!(at(3, "kommunenummer").message.contains("«03x1»"));
        assert_eq!(at(4, "value").column, Some(4));
        assert!(at(4, "value").message.contains("«mange» er ikke et tall"));
        // «startlån» is the indicator's name with its letters, so it is read as startlan.
        assert!(errors
            .iter()
            .all(|e| !(e.line == 4 && e.field.as_deref() == Some("indicator"))));
    }

    #[test]
    fn the_same_municipality_year_and_indicator_twice_names_both_lines() {
        let errors = csv(
            "kommunenummer,year,indicator,value\n0301,2012,startlan,12\n3201,2012,startlan,3\n0301,2012,startlan,14\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.contains("står også på linje 2"));
    }

    #[test]
    fn a_missing_column_is_named_before_any_row_is_read() {
        let errors = csv("kommunenummer,year,value\n0301,2012,12\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("«indicator»"), "{errors:?}");
    }
}
