//! Comparison groups: a list of municipalities (ASSS, a KOSTRA group) as CSV or XLSX, one
//! kommunenummer a row and optionally its name, read all-or-nothing with every problem named
//! by line, column and field.

use crate::columns::Column;
use crate::error::{cap_errors, ImportError};
use crate::format::FileFormat;
use crate::table::{check_row_widths, field_error, map_columns, no_rows_error, read_table, Schema};
use husk_domain::programmes::comparison::{GroupMember, GroupMemberInput};
use std::collections::HashMap;

/// A group file's columns, in the order of the file.
pub const GROUP_COLUMNS: &[&str] = &["kommunenummer", "name"];

/// The columns of a group file, with their Norwegian headings.
pub const GROUP: &[Column] = &[
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
        field: "name",
        label: "Navn",
        aliases: &["kommune", "kommunenavn"],
        required: false,
        takes: "Kommunens navn (kan stå tom).",
        codes: None,
        list: false,
        max_chars: Some(husk_domain::limits::NAME),
    },
];

const GROUP_SCHEMA: Schema = Schema {
    fields: GROUP_COLUMNS,
    columns: GROUP,
    aliases: &[],
    required: &["kommunenummer"],
};

/// Reads a group file: every row checked, each municipality at most once. Nothing is returned
/// unless every row is right.
pub fn read_group(bytes: &[u8], format: FileFormat) -> Result<Vec<GroupMember>, Vec<ImportError>> {
    let table = read_table(bytes, format)?;
    let map = map_columns(&table, &GROUP_SCHEMA)?;
    if table.rows.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    let mut errors = Vec::new();
    check_row_widths(&table, &mut errors);
    if !errors.is_empty() {
        return Err(cap_errors(errors));
    }
    let mut members = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let input = GroupMemberInput {
            kommunenummer: map.cell(row, "kommunenummer").to_string(),
            name: map.cell(row, "name").to_string(),
        };
        match input.validate() {
            Ok(m) => {
                let k = m.kommunenummer.as_str().to_string();
                if let Some(first) = seen.get(&k) {
                    errors.push(field_error(
                        row.line,
                        &map,
                        "kommunenummer",
                        format!(
                            "Kommune {k} står også på linje {first}. Hver kommune står én gang i en gruppe: slett den ene linjen."
                        ),
                    ));
                } else {
                    seen.insert(k, row.line);
                    members.push(m);
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
        Ok(members)
    } else {
        Err(cap_errors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Vec<GroupMember>, Vec<ImportError>> {
        read_group(text.as_bytes(), FileFormat::Csv)
    }

    #[test]
    fn a_list_with_or_without_names_is_read() {
        let m = csv("Kommunenummer;Navn\n301;Oslo\n4601;Bergen\n").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].kommunenummer.as_str(), "0301");
        assert_eq!(m[0].name, "Oslo");
        let m = csv("kommunenummer\n5001\n").unwrap();
        assert_eq!(m[0].name, "");
    }

    #[test]
    fn bad_rows_and_repeated_municipalities_are_named_by_line() {
        let errors =
            csv("kommunenummer,navn\n0301,Oslo\n03x1,Feil\n0301,Oslo igjen\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.contains("«03x1»"));
        assert_eq!(errors[1].line, 4);
        assert!(errors[1].message.contains("står også på linje 2"));
        let errors = csv("navn\nOslo\n").unwrap_err();
        assert!(errors[0].message.contains("«kommunenummer»"), "{errors:?}");
    }
}
