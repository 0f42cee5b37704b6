//! Tables: [`read_table`] turns a file's bytes into a [`Table`] of header names and text rows,
//! each with the line (CSV) or sheet row (XLSX) a user finds it on; [`projects_from_table`] and
//! [`grants_from_table`] map its columns to the domain's raw input types, with a [`ColumnMap`]
//! that turns the domain's field errors into «linje N, kolonne C (felt)».

use crate::columns::{self, Column};
use crate::error::{cap_errors, ImportError};
use crate::format::{size_error, FileFormat};
use crate::read_csv::read_csv;
use crate::read_xlsx::read_xlsx;
use crate::text::{fmt_count, norwegian_list, shorten};
use husk_domain::norwegian::count;
use husk_domain::portfolio::split_codes;
use husk_domain::{GrantInput, ProjectInput};

/// The largest file accepted for import, checked before any parsing.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;
/// The most data rows accepted in one import file.
pub const MAX_IMPORT_ROWS: usize = 200_000;
/// A header wider than this is not a register file (and would cost a lot of memory).
pub(crate) const MAX_COLUMNS: usize = 1_000;
/// The page that lists the columns and every code list, named in messages about them.
pub const CODES_PAGE: &str = "/import/koder";

/// Project columns, in export order. The names are the fields of [`ProjectInput`].
pub const PROJECT_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "title",
    "description",
    "region",
    "recipient",
    "recipient_type",
    "orgnr",
    "kommunenummer",
    "start_year",
    "end_year",
    "status",
    "themes",
    "target_groups",
    "learning_tools",
    "parent",
    "related",
];

/// Grant columns, in export order. The names are the fields of [`GrantInput`].
pub const GRANT_COLUMNS: &[&str] = &[
    "project",
    "year",
    "amount_nok",
    "budget_item",
    "status",
    "note",
];

pub(crate) struct Schema {
    pub(crate) fields: &'static [&'static str],
    /// The columns with their Norwegian names and other accepted headings.
    pub(crate) columns: &'static [Column],
    /// (alias, canonical field)
    pub(crate) aliases: &'static [(&'static str, &'static str)],
    pub(crate) required: &'static [&'static str],
}

const PROJECT_SCHEMA: Schema = Schema {
    fields: PROJECT_COLUMNS,
    columns: columns::PROJECTS,
    aliases: &[
        ("themes_demo", "themes"),
        ("target_groups_demo", "target_groups"),
    ],
    required: &["id", "kind", "title", "region", "start_year"],
};

const GRANT_SCHEMA: Schema = Schema {
    fields: GRANT_COLUMNS,
    columns: columns::GRANTS,
    aliases: &[],
    required: &["project", "year", "amount_nok", "status"],
};

impl Schema {
    /// The field a heading names: the English field name, the Norwegian name the pages use
    /// (any case), or another accepted heading.
    fn canonical(&self, normalized_header: &str) -> Option<&'static str> {
        self.fields
            .iter()
            .copied()
            .find(|f| *f == normalized_header)
            .or_else(|| {
                self.columns
                    .iter()
                    .find(|c| {
                        normalize_header(c.label) == normalized_header
                            || c.aliases.contains(&normalized_header)
                    })
                    .map(|c| c.field)
            })
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(alias, _)| *alias == normalized_header)
                    .map(|(_, field)| *field)
            })
    }

    /// The known name closest to a misspelt header, if it is close enough to be a typo.
    fn suggestion(&self, normalized_header: &str) -> Option<String> {
        let candidates = self
            .fields
            .iter()
            .map(|f| f.to_string())
            .chain(self.columns.iter().map(|c| c.label.to_string()))
            .chain(self.aliases.iter().map(|(alias, _)| alias.to_string()));
        candidates
            .map(|c| (strsim::levenshtein(&c.to_lowercase(), normalized_header), c))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

/// A table read from a file: header names and data rows with their 1-based line numbers
/// (CSV: physical line in the file, header is line 1; XLSX: the sheet row number).
///
/// Rows from [`read_table`] have exactly as many cells as there are headers; completely empty
/// rows are left out. Header names are trimmed; cells are kept exactly as in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The line the header is on; [`read_table`] requires it to be the first line or row.
pub(crate) const HEADER_LINE: usize = 1;

/// Which 1-based column holds which canonical field (so callers can turn a field-level
/// validation error from the domain into "linje N, kolonne C (field)").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// (canonical field, 1-based column), in the order of the file's columns.
    columns: Vec<(&'static str, usize)>,
}

impl ColumnMap {
    /// The 1-based column of a canonical field, or `None` when the file has no such column.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// The canonical fields present in the file, with their columns, in file order.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.columns.iter().copied()
    }

    pub(crate) fn cell<'r>(&self, row: &'r TableRow, field: &str) -> &'r str {
        self.column_of(field)
            .and_then(|c| row.cells.get(c - 1))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Convenience used by callers: error for a field of a row.
pub fn field_error(
    line: usize,
    columns: &ColumnMap,
    field: &str,
    message: impl Into<String>,
) -> ImportError {
    ImportError {
        line,
        column: columns.column_of(field),
        field: Some(field.to_string()),
        message: message.into(),
    }
}

/// [`field_error`] for a validation error of the domain: a coded field's message also says
/// where every valid value is listed.
pub fn value_error(
    line: usize,
    columns: &ColumnMap,
    field: &str,
    message: impl Into<String>,
) -> ImportError {
    let mut message = message.into();
    let coded = [columns::PROJECTS, columns::GRANTS]
        .iter()
        .any(|cols| columns::column(cols, field).is_some_and(|c| c.codes.is_some()));
    if coded && !message.contains(CODES_PAGE) {
        if message.ends_with(['.', '?']) {
            message.push_str(&format!(" Alle gyldige verdier står på {CODES_PAGE}."));
        } else {
            message.push_str(&format!(" (se {CODES_PAGE})"));
        }
    }
    field_error(line, columns, field, message)
}

pub(crate) fn normalize_header(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Maps the table's headers to the schema's fields, reporting unknown, duplicated, missing
/// and nameless-but-filled columns.
pub(crate) fn map_columns(table: &Table, schema: &Schema) -> Result<ColumnMap, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    let mut nameless = Vec::new();
    let known = norwegian_list(schema.fields, "og");

    if table.headers.iter().all(|h| normalize_header(h).is_empty()) {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            format!("Overskriftslinjen er tom. Skriv kolonneoverskriftene på første linje, blant annet {}.", norwegian_list(schema.required, "og")),
        )]);
    }

    for (i, raw) in table.headers.iter().enumerate() {
        let column = i + 1;
        let name = normalize_header(raw);
        if name.is_empty() {
            nameless.push(i);
            continue;
        }
        match schema.canonical(&name) {
            Some(field) => {
                if let Some((_, earlier)) = columns.iter().find(|(f, _)| *f == field) {
                    let what = if name == field {
                        format!("Kolonnen «{field}» finnes allerede i kolonne {earlier}.")
                    } else {
                        format!(
                            "Kolonnen «{name}» betyr det samme som kolonne {earlier} ({field})."
                        )
                    };
                    errors.push(ImportError::at_cell(
                        HEADER_LINE,
                        column,
                        Some(field),
                        format!("{what} Hver kolonne kan stå bare én gang."),
                    ));
                } else {
                    columns.push((field, column));
                }
            }
            None => {
                let hint = schema
                    .suggestion(&name)
                    .map(|s| format!(" Mente du «{s}»?"))
                    .unwrap_or_default();
                errors.push(ImportError::at_cell(
                    HEADER_LINE,
                    column,
                    None,
                    format!(
                        "Husk kjenner ikke kolonnen «{}».{hint} Kolonnene Husk leser, er {known}, og sidenes navn på dem (se {CODES_PAGE}).",
                        raw.trim()
                    ),
                ));
            }
        }
    }

    for i in nameless {
        let filled = table.rows.iter().find_map(|r| {
            r.cells
                .get(i)
                .filter(|c| !c.trim().is_empty())
                .map(|c| (r.line, c))
        });
        if let Some((line, value)) = filled {
            errors.push(ImportError::at_cell(
                line,
                i + 1,
                None,
                format!(
                    "Cellen har verdien «{}», men kolonne {} har ingen overskrift. Skriv en overskrift på linje 1, eller tøm kolonnen.",
                    shorten(value.trim(), 60),
                    i + 1
                ),
            ));
        }
    }

    let missing: Vec<&str> = schema
        .required
        .iter()
        .copied()
        .filter(|f| !columns.iter().any(|(c, _)| c == f))
        .collect();
    if !missing.is_empty() {
        let quoted: Vec<String> = missing.iter().map(|m| format!("«{m}»")).collect();
        let what = if missing.len() == 1 {
            format!("Filen mangler den påkrevde kolonnen {}.", quoted[0])
        } else {
            format!(
                "Filen mangler de påkrevde kolonnene {}.",
                norwegian_list(&quoted, "og")
            )
        };
        errors.push(ImportError::at_line(
            HEADER_LINE,
            format!(
                "{what} Overskriftslinjen må ha kolonnene {}.",
                norwegian_list(schema.required, "og")
            ),
        ));
    }

    if errors.is_empty() {
        Ok(ColumnMap { columns })
    } else {
        Err(cap_errors(errors))
    }
}

pub(crate) fn check_row_widths(table: &Table, errors: &mut Vec<ImportError>) {
    let width = table.headers.len();
    for row in &table.rows {
        if row.cells.len() != width {
            errors.push(cell_count_error(row.line, row.cells.len(), width, None));
        }
    }
}

pub(crate) fn no_rows_error() -> ImportError {
    ImportError::file(
        "Filen har bare overskriftslinjen og ingen rader med data. Legg til minst én rad under overskriftene.",
    )
}

/// The values of a list cell, split on semicolons and line breaks, trimmed, without empty ones.
fn split_list(cell: &str) -> Vec<String> {
    cell.split([';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Map a table to project rows. Returns (line, ProjectInput) pairs and the ColumnMap.
///
/// Checks the columns (unknown, duplicated, missing required) and that ids are unique within
/// the file; field contents are left to `ProjectInput::validate`.
#[allow(clippy::type_complexity)] // the signature callers were promised
pub fn projects_from_table(
    table: &Table,
) -> Result<(Vec<(usize, ProjectInput)>, ColumnMap), Vec<ImportError>> {
    let map = map_columns(table, &PROJECT_SCHEMA)?;
    if table.rows.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    let mut errors = Vec::new();
    check_row_widths(table, &mut errors);
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let text = |field: &str| map.cell(row, field).to_string();
        // Coded lists are split on semicolons only: a label may hold a comma («Nettverk,
        // arenaer og møteplasser»), and the domain reads comma-separated codes itself.
        let list = |field: &str| split_list(map.cell(row, field));
        let input = ProjectInput {
            id: text("id"),
            kind: text("kind"),
            title: text("title"),
            description: text("description"),
            region: text("region"),
            recipient: text("recipient"),
            recipient_type: text("recipient_type"),
            orgnr: text("orgnr"),
            kommunenummer: text("kommunenummer"),
            start_year: text("start_year"),
            end_year: text("end_year"),
            status: text("status"),
            themes: list("themes"),
            target_groups: list("target_groups"),
            learning_tools: list("learning_tools"),
            parent: text("parent"),
            related: split_codes(map.cell(row, "related")),
        };
        out.push((row.line, input));
    }
    if errors.is_empty() {
        Ok((out, map))
    } else {
        Err(cap_errors(errors))
    }
}

/// Map a table to grant rows. Returns (line, GrantInput) pairs and the ColumnMap.
#[allow(clippy::type_complexity)] // the signature callers were promised
pub fn grants_from_table(
    table: &Table,
) -> Result<(Vec<(usize, GrantInput)>, ColumnMap), Vec<ImportError>> {
    let map = map_columns(table, &GRANT_SCHEMA)?;
    if table.rows.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    let mut errors = Vec::new();
    check_row_widths(table, &mut errors);
    if !errors.is_empty() {
        return Err(cap_errors(errors));
    }
    let out = table
        .rows
        .iter()
        .map(|row| {
            let text = |field: &str| map.cell(row, field).to_string();
            let input = GrantInput {
                project: text("project"),
                year: text("year"),
                amount_nok: text("amount_nok"),
                budget_item: text("budget_item"),
                status: text("status"),
                note: text("note"),
            };
            (row.line, input)
        })
        .collect();
    Ok((out, map))
}

/// Read CSV or XLSX bytes into a Table. All-or-nothing: returns every error found
/// (at most [`MAX_REPORTED_ERRORS`](crate::MAX_REPORTED_ERRORS) and a count of the rest).
pub fn read_table(bytes: &[u8], format: FileFormat) -> Result<Table, Vec<ImportError>> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(vec![size_error(bytes.len())]);
    }
    let (table, errors) = match format {
        FileFormat::Csv => read_csv(bytes)?,
        FileFormat::Xlsx => read_xlsx(bytes)?,
        FileFormat::Json => {
            return Err(vec![ImportError::file(
                "JSON kan ikke importeres. Bruk en CSV- eller XLSX-fil.",
            )])
        }
    };
    if !errors.is_empty() {
        return Err(cap_errors(errors));
    }
    Ok(table)
}

pub(crate) fn empty_file_error() -> ImportError {
    ImportError::file(
        "Filen er tom. Skriv en overskriftslinje med kolonnenavn og minst én rad med data.",
    )
}

pub(crate) fn too_many_rows_error(rows: usize) -> ImportError {
    ImportError::file(format!(
        "Filen har for mange rader: {} rader med data, men Husk tar imot høyst {} rader per import. Del filen i flere.",
        fmt_count(rows),
        fmt_count(MAX_IMPORT_ROWS)
    ))
}

pub(crate) fn cell_count_error(
    line: usize,
    found: usize,
    expected: usize,
    delimiter: Option<u8>,
) -> ImportError {
    let hint = match (found > expected, delimiter) {
        (true, Some(d)) => format!(
            " Sett tekst som inneholder {} i anførselstegn.",
            delimiter_name(d)
        ),
        _ => String::new(),
    };
    let cells = |n: usize| count(n as i64, "celle", "celler");
    ImportError::at_line(
        line,
        format!(
            "Linjen har {}, men overskriftslinjen har {expected}. Hver linje skal ha {}.{hint}",
            cells(found),
            cells(expected)
        ),
    )
}

pub(crate) fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "komma (,)",
        b';' => "semikolon (;)",
        b'\t' => "tabulator",
        b'|' => "loddrett strek (|)",
        _ => "skilletegn",
    }
}

/// Why the whole read failed, or the table with row-level errors (which also fail the read).
pub(crate) type ReadOutcome = Result<(Table, Vec<ImportError>), Vec<ImportError>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::*;
    use husk_domain::Taxonomy;

    #[test]
    fn domain_field_errors_become_line_and_column_through_the_column_map() {
        let text = "id;kind;title;region;start_year\nvest-01;prosjekt;Tittel;vest;2015\nvest-02;prosjekt;Tittel;vest;20x4\n";
        let (rows, map) = projects_from_table(&csv(text).unwrap()).unwrap();
        assert_eq!(map.column_of("start_year"), Some(5));
        assert_eq!(map.column_of("description"), None);
        let (line, input) = &rows[1];
        let errors = input
            .validate(&Taxonomy::builtin(), true, 2026)
            .unwrap_err();
        let shown: Vec<String> = errors
            .iter()
            .map(|e| field_error(*line, &map, &e.field, e.message.clone()).to_string())
            .collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].starts_with("Linje 3, kolonne 5 (Startår): «20x4» er ikke et årstall"),
            "{}",
            shown[0]
        );
    }

    #[test]
    fn the_column_names_the_pages_use_are_understood_in_any_case_and_spacing() {
        let rows = projects(
            "ID;type;Tittel; Ansvarlig  kontor ;STARTÅR;Kunnskapstemaer;Relatert arbeid\nvest-01;Prosjekt;T;Region vest;2015;\"Nettverk, arenaer og møteplasser;Kompetanseheving\";vest-02, vest-03\n",
        )
        .unwrap();
        let p = &rows[0].1;
        assert_eq!(
            (p.kind.as_str(), p.region.as_str()),
            ("Prosjekt", "Region vest")
        );
        assert_eq!(p.start_year, "2015");
        assert_eq!(
            p.themes,
            vec!["Nettverk, arenaer og møteplasser", "Kompetanseheving"]
        );
        assert_eq!(p.related, vec!["vest-02", "vest-03"]);
        let errors = projects("id,kind,titel,region,start_year\nvest-01,prosjekt,T,vest,2015\n")
            .unwrap_err();
        assert!(
            errors[1].message.contains("Mente du «Tittel»?"),
            "a Norwegian misspelling gets the Norwegian name: {}",
            errors[1].message
        );
    }

    #[test]
    fn unknown_column_is_refused_with_a_suggestion_and_the_known_columns() {
        let errors =
            projects("id,kind,titl,region,start_year\nvest-01,prosjekt,T,vest,2015\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        let unknown = &errors[1];
        assert_eq!((unknown.line, unknown.column), (1, Some(3)));
        assert!(
            unknown
                .message
                .contains("Husk kjenner ikke kolonnen «titl». Mente du «title»?"),
            "{}",
            unknown.message
        );
        assert!(unknown
            .message
            .contains("Kolonnene Husk leser, er id, kind, title, description"));
        assert!(errors[0]
            .message
            .contains("mangler den påkrevde kolonnen «title»"));
    }

    #[test]
    fn duplicated_columns_are_refused() {
        let e = only(
            projects(&format!("{HEADER},Title\nvest-01,prosjekt,T,vest,2015,U\n")).unwrap_err(),
        );
        assert_eq!(
            (e.line, e.column, e.field.as_deref()),
            (1, Some(6), Some("title"))
        );
        assert!(
            e.message.contains("finnes allerede i kolonne 3"),
            "{}",
            e.message
        );
        let e = only(
            projects(&format!(
                "{HEADER},themes,themes_demo\nvest-01,prosjekt,T,vest,2015,a,b\n"
            ))
            .unwrap_err(),
        );
        assert_eq!(e.column, Some(7));
        assert!(
            e.message
                .contains("«themes_demo» betyr det samme som kolonne 6 (themes)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn nameless_columns_are_ignored_unless_they_hold_data() {
        let ok = projects(&format!("{HEADER},,\nvest-01,prosjekt,T,vest,2015,,\n")).unwrap();
        assert_eq!(ok.len(), 1);
        let e = only(
            projects(&format!(
                "{HEADER},\nvest-01,prosjekt,T,vest,2015,\nvest-02,prosjekt,T,vest,2015,glemt\n"
            ))
            .unwrap_err(),
        );
        assert_eq!((e.line, e.column), (3, Some(6)));
        assert!(
            e.message.contains("«glemt»") && e.message.contains("ingen overskrift"),
            "{}",
            e.message
        );
    }

    #[test]
    fn optional_columns_may_be_missing() {
        let rows = projects(&format!("{HEADER}\nvest-01,prosjekt,T,vest,2015\n")).unwrap();
        let p = &rows[0].1;
        assert_eq!(p.recipient, "");
        assert!(p.themes.is_empty());
    }

    #[test]
    fn grants_map_their_columns() {
        let table =
            csv("Project;Year;amount_nok;status;note\nvest-01;2015;1 500 000;tilsagn;Første år\n")
                .unwrap();
        let (rows, map) = grants_from_table(&table).unwrap();
        assert_eq!(map.column_of("amount_nok"), Some(3));
        assert_eq!(map.column_of("budget_item"), None);
        let g = &rows[0].1;
        assert_eq!(
            (
                g.project.as_str(),
                g.amount_nok.as_str(),
                g.budget_item.as_str()
            ),
            ("vest-01", "1 500 000", "")
        );
        assert_eq!(g.note, "Første år");
    }

    #[test]
    fn the_shipped_demo_file_imports() {
        let bytes = include_bytes!("../../../data/reference/post78_mapped_projects.csv");
        assert_eq!(
            detect_format("post78_mapped_projects.csv", bytes),
            Ok(FileFormat::Csv)
        );
        let table = read_table(bytes, FileFormat::Csv).unwrap();
        let (rows, map) = projects_from_table(&table).unwrap();
        assert_eq!(rows.len(), 57);
        assert_eq!(map.column_of("themes"), Some(9));
        assert_eq!(map.column_of("target_groups"), Some(10));
        let (line, sor04) = rows.iter().find(|(_, p)| p.id == "sor-04").unwrap();
        assert_eq!(*line, 25);
        assert_eq!(sor04.recipient, "");
        assert_eq!(
            sor04.themes,
            vec![
                "utvikling-innovasjon",
                "kompetanseheving",
                "samarbeid-sektorer",
                "fremskaffelse-forvaltning"
            ]
        );
        let ost03 = &rows.iter().find(|(_, p)| p.id == "ost-03").unwrap().1;
        assert!(
            ost03.title.contains("tjenester, interkommunalt"),
            "{}",
            ost03.title
        );
        let tax = Taxonomy::builtin();
        for (line, p) in &rows {
            if let Err(e) = p.validate(&tax, true, 2026) {
                panic!("line {line}: {e}");
            }
        }
    }
}
