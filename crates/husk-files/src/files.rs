//! Reading and writing register files (CSV, XLSX, JSON).
//!
//! Import runs in steps, each of which collects every problem it finds before giving up:
//!
//! 1. [`detect_format`] decides CSV or XLSX from the file name and checks the bytes fit it.
//! 2. [`read_table`] turns the bytes into a [`Table`]: header names and rows of text cells,
//!    each row with the line (CSV) or sheet row (XLSX) a user can find it on.
//! 3. [`projects_from_table`] / [`grants_from_table`] map the columns to the domain's raw input
//!    types and return a [`ColumnMap`], so that the caller can turn the domain's field-level
//!    validation errors into "linje N, kolonne C (felt)" with [`field_error`].
//!
//! This module checks structure only (encoding, delimiter, columns, cell counts, unique ids);
//! field contents are checked by `ProjectInput::validate` and `GrantInput::validate`.
//!
//! Export: [`write_projects`] and [`write_grants`] write CSV, XLSX or JSON with the canonical
//! column names, in a form [`read_table`] reads back to the same rows.

use crate::columns::{self, Column};
use husk_domain::norwegian::count;
use husk_domain::portfolio::split_codes;
use husk_domain::{GrantInput, ProjectInput};
use serde::Serialize;
use std::fmt;

/// The largest file accepted for import, checked before any parsing.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;
/// The most data rows accepted in one import file.
pub const MAX_IMPORT_ROWS: usize = 200_000;
/// At most this many errors are reported for one file; the rest are counted in a final error.
pub const MAX_REPORTED_ERRORS: usize = 200;
/// A header wider than this is not a register file (and would cost a lot of memory).
const MAX_COLUMNS: usize = 1_000;
/// The page that lists the columns and every code list, named in messages about them.
pub const CODES_PAGE: &str = "/import/koder";
/// Excel's limit on the number of characters in one cell.
const XLSX_MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on rows in a sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;
/// Largest inflated worksheet part of an XLSX (read as a stream of cells).
const XLSX_MAX_SHEET_BYTES: u64 = 256 << 20;
/// Largest inflated size of any other part (shared strings, styles, workbook: read whole).
const XLSX_MAX_PART_BYTES: u64 = 32 << 20;
/// Largest inflated size of all parts together.
const XLSX_MAX_TOTAL_BYTES: u64 = 512 << 20;
/// Most cells (rows × the widest row) read from one sheet: every row is made as wide as the
/// widest, so a single value far to the right widens them all.
const XLSX_MAX_CELLS: usize = 6_000_000;

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

struct Schema {
    fields: &'static [&'static str],
    /// The columns with their Norwegian names and other accepted headings.
    columns: &'static [Column],
    /// (alias, canonical field)
    aliases: &'static [(&'static str, &'static str)],
    required: &'static [&'static str],
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
            .map(|c| (edit_distance(&c.to_lowercase(), normalized_header), c))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

/// A file format Husk reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Json,
}

impl FileFormat {
    /// "csv", "xlsx" or "json" (as in a query string `?format=xlsx`), case-insensitive.
    pub fn from_name(s: &str) -> Option<FileFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(FileFormat::Csv),
            "xlsx" => Some(FileFormat::Xlsx),
            "json" => Some(FileFormat::Json),
            _ => None,
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Json => "json",
        }
    }

    /// The MIME type for a download.
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Json => "application/json",
        }
    }
}

impl fmt::Display for FileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// One problem in an import file. line 0 = the file as a whole.
///
/// `column` is the 1-based column in the table (CSV field number or spreadsheet column);
/// `field` is the canonical field name of that column when known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    pub line: usize,
    pub column: Option<usize>,
    pub field: Option<String>,
    /// What is wrong and what to write instead, as Norwegian sentences (««20x4» er ikke et
    /// årstall. Skriv fire siffer, for eksempel 2015.»).
    pub message: String,
}

impl ImportError {
    /// A problem with the file as a whole.
    pub fn file(message: impl Into<String>) -> Self {
        Self {
            line: 0,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// A problem with a whole line.
    pub fn at_line(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// A problem with one cell.
    pub fn at_cell(
        line: usize,
        column: usize,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            line,
            column: Some(column),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// The name the pages and the import template give a field (`start_year` → «Startår»), or the
/// heading as it stands when it is no known field.
fn column_label(field: &str) -> &str {
    [columns::PROJECTS, columns::GRANTS]
        .iter()
        .find_map(|cols| columns::column(cols, field))
        .map_or(field, |c| c.label)
}

/// "Linje 4, kolonne 6 (Startår): «20x4» er ikke et årstall. Skriv …"; a problem with the
/// file as a whole is its message alone.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            if let Some(field) = &self.field {
                write!(f, "Kolonnen {}: ", column_label(field))?;
            }
            return f.write_str(&self.message);
        }
        write!(f, "Linje {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", kolonne {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " ({})", column_label(field))?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ImportError {}

/// Sorts errors by position and keeps the first [`MAX_REPORTED_ERRORS`], adding a final error
/// that says how many were left out. Callers that add the domain's validation errors to the
/// errors from this module can use it on the combined list.
pub fn cap_errors(mut errors: Vec<ImportError>) -> Vec<ImportError> {
    errors.sort_by_key(|e| (e.line, e.column.unwrap_or(0)));
    if errors.len() > MAX_REPORTED_ERRORS {
        let rest = errors.len() - MAX_REPORTED_ERRORS;
        errors.truncate(MAX_REPORTED_ERRORS);
        errors.push(ImportError::file(format!(
            "Filen har {} feil til som ikke vises her. Rett feilene over og prøv igjen, så vises resten.",
            fmt_count(rest)
        )));
    }
    errors
}

/// Writer failures.
#[derive(thiserror::Error, Debug)]
pub enum FilesError {
    #[error("Rad {row}, kolonne «{}»: Teksten har {} tegn, men Excel tillater høyst 32 767 tegn i en celle. Forkort teksten, eller eksporter som CSV eller JSON.", column_label(.field), fmt_count(*.chars))]
    CellTooLong {
        /// The spreadsheet row (the header is row 1).
        row: usize,
        field: &'static str,
        chars: usize,
    },
    #[error("Utvalget har {} rader, men et Excel-ark kan ha høyst 1 048 575 rader under overskriftene. Velg et mindre utvalg, eller eksporter som CSV eller JSON.", fmt_count(*.rows))]
    TooManyRows { rows: usize },
    #[error("Husk klarte ikke å lage Excel-filen. Prøv igjen, eller velg CSV.")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("Husk klarte ikke å lage CSV-filen. Prøv igjen.")]
    Csv(#[from] csv::Error),
    #[error("Husk klarte ikke å lage JSON-filen. Prøv igjen.")]
    Json(#[from] serde_json::Error),
}

// ---------------------------------------------------------------------------------------------
// Tables and column maps
// ---------------------------------------------------------------------------------------------

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
const HEADER_LINE: usize = 1;

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

    fn cell<'r>(&self, row: &'r TableRow, field: &str) -> &'r str {
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

fn normalize_header(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Maps the table's headers to the schema's fields, reporting unknown, duplicated, missing
/// and nameless-but-filled columns.
fn map_columns(table: &Table, schema: &Schema) -> Result<ColumnMap, Vec<ImportError>> {
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

fn check_row_widths(table: &Table, errors: &mut Vec<ImportError>) {
    let width = table.headers.len();
    for row in &table.rows {
        if row.cells.len() != width {
            errors.push(cell_count_error(row.line, row.cells.len(), width, None));
        }
    }
}

fn no_rows_error() -> ImportError {
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

// ---------------------------------------------------------------------------------------------
// Format detection
// ---------------------------------------------------------------------------------------------

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Empty,
    Zip,
    /// An OLE compound file: an old .xls workbook, or an encrypted (password-protected) .xlsx.
    Ole,
    Pdf,
    Utf16,
    Binary,
    Text,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn sniff(bytes: &[u8]) -> Content {
    if bytes.is_empty() {
        Content::Empty
    } else if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        Content::Zip
    } else if bytes.starts_with(OLE_MAGIC) {
        Content::Ole
    } else if bytes.starts_with(b"%PDF") {
        Content::Pdf
    } else if looks_like_utf16(bytes) {
        Content::Utf16
    } else if bytes.iter().take(8192).any(|&b| b == 0) {
        Content::Binary
    } else {
        Content::Text
    }
}

/// UTF-16 text: a UTF-16 byte order mark, or (without one) NUL in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(512)];
    if head.len() < 4 {
        return false;
    }
    let pairs = head.len() / 2;
    let odd_nul = head.chunks(2).filter(|p| p.len() == 2 && p[1] == 0).count();
    let even_nul = head.chunks(2).filter(|p| p[0] == 0).count();
    odd_nul * 10 >= pairs * 9 || even_nul * 10 >= pairs * 9
}

fn size_error(len: usize) -> ImportError {
    ImportError::file(format!(
        "Filen er for stor ({}). Husk tar imot høyst {} per import, så del filen i flere.",
        fmt_megabytes(len),
        fmt_megabytes(MAX_IMPORT_BYTES)
    ))
}

/// Decide the format from the file name's extension and check the content fits it.
///
/// `.csv` and `.txt` are CSV, `.xlsx` (and `.xlsm`) XLSX. A name without extension is judged
/// by its content. JSON files, old `.xls`, `.ods` and anything else are refused with a hint.
pub fn detect_format(file_name: &str, bytes: &[u8]) -> Result<FileFormat, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(size_error(bytes.len()));
    }
    let base = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let extension = base
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .filter(|e| !e.is_empty());
    let content = sniff(bytes);
    let save_as = "åpne filen i Excel og velg Lagre som «Excel-arbeidsbok (*.xlsx)» eller «CSV UTF-8 (kommadelt) (*.csv)»";
    let save_as_sentence = "Åpne filen i Excel og velg Lagre som «Excel-arbeidsbok (*.xlsx)» eller «CSV UTF-8 (kommadelt) (*.csv)».";
    let format = match extension.as_deref() {
        Some("csv") | Some("txt") => FileFormat::Csv,
        Some("xlsx") | Some("xlsm") => FileFormat::Xlsx,
        Some("xls") => {
            return Err(ImportError::file(format!(
                "«{base}» er i det gamle Excel-formatet .xls, som Husk ikke leser. {save_as_sentence}"
            )))
        }
        Some("ods") => {
            return Err(ImportError::file(format!(
                "«{base}» er et OpenDocument-regneark (.ods), som Husk ikke leser. Lagre filen som «Excel 2007-365 (.xlsx)», eller som CSV med tegnsettet UTF-8."
            )))
        }
        Some("json") => {
            return Err(ImportError::file(format!(
                "«{base}» er en JSON-fil, og JSON kan ikke importeres. Bruk en .csv-, .txt- eller .xlsx-fil."
            )))
        }
        Some(other) => {
            return Err(ImportError::file(format!(
                "«{base}» kan ikke importeres, for filtypen «.{other}» støttes ikke. Bruk en .csv-, .txt- eller .xlsx-fil."
            )))
        }
        None => match content {
            Content::Zip => FileFormat::Xlsx,
            Content::Text | Content::Utf16 | Content::Empty => FileFormat::Csv,
            _ => {
                return Err(ImportError::file(format!(
                    "«{base}» har ingen filendelse, og innholdet er verken CSV-tekst eller en Excel-arbeidsbok. Bruk en .csv-, .txt- eller .xlsx-fil."
                )))
            }
        },
    };
    match (format, content) {
        (FileFormat::Csv, Content::Zip) => Err(ImportError::file(format!(
            "«{base}» heter .{}, men er en Excel-arbeidsbok og ikke ren tekst (CSV). Gi filen endelsen .xlsx, eller {save_as}.",
            extension.as_deref().unwrap_or("csv")
        ))),
        (FileFormat::Csv, Content::Ole) => Err(ImportError::file(format!(
            "«{base}» er en gammel Excel-fil (.xls) eller et passordbeskyttet regneark, ikke ren tekst (CSV). {save_as_sentence}"
        ))),
        (FileFormat::Csv, Content::Pdf) | (FileFormat::Xlsx, Content::Pdf) => {
            Err(ImportError::file(format!(
                "«{base}» er en PDF-fil. Bruk en .csv- eller .xlsx-fil med én rad per oppføring."
            )))
        }
        (FileFormat::Csv, Content::Binary) => Err(ImportError::file(format!(
            "«{base}» inneholder binære data og er ikke en tekstfil. Lagre filen som CSV-tekst med tegnkoding UTF-8."
        ))),
        (FileFormat::Xlsx, Content::Empty) => Err(ImportError::file(format!(
            "«{base}» er tom (0 byte). Bruk en Excel-arbeidsbok (.xlsx) med overskrifter i rad 1."
        ))),
        (FileFormat::Xlsx, Content::Ole) => Err(ImportError::file(format!(
            "«{base}» er passordbeskyttet eller i det gamle .xls-formatet. Fjern passordet, eller {save_as}."
        ))),
        (FileFormat::Xlsx, Content::Text) | (FileFormat::Xlsx, Content::Utf16) => {
            Err(ImportError::file(format!(
                "«{base}» heter .xlsx, men inneholder ren tekst (trolig CSV). Gi filen endelsen .csv, eller lagre den som Excel-arbeidsbok."
            )))
        }
        (FileFormat::Xlsx, Content::Binary) => Err(ImportError::file(format!(
            "«{base}» heter .xlsx, men er ikke en Excel-arbeidsbok. Lagre filen fra Excel som «Excel-arbeidsbok (*.xlsx)»."
        ))),
        _ => Ok(format),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Read CSV or XLSX bytes into a Table. All-or-nothing: returns every error found
/// (at most [`MAX_REPORTED_ERRORS`] and a count of the rest).
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

fn empty_file_error() -> ImportError {
    ImportError::file(
        "Filen er tom. Skriv en overskriftslinje med kolonnenavn og minst én rad med data.",
    )
}

fn too_many_rows_error(rows: usize) -> ImportError {
    ImportError::file(format!(
        "Filen har for mange rader: {} rader med data, men Husk tar imot høyst {} rader per import. Del filen i flere.",
        fmt_count(rows),
        fmt_count(MAX_IMPORT_ROWS)
    ))
}

fn cell_count_error(
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

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "komma (,)",
        b';' => "semikolon (;)",
        b'\t' => "tabulator",
        b'|' => "loddrett strek (|)",
        _ => "skilletegn",
    }
}

/// Why the whole read failed, or the table with row-level errors (which also fail the read).
type ReadOutcome = Result<(Table, Vec<ImportError>), Vec<ImportError>>;

fn read_csv(bytes: &[u8]) -> ReadOutcome {
    if bytes.is_empty() {
        return Err(vec![empty_file_error()]);
    }
    if looks_like_utf16(bytes) {
        return Err(vec![ImportError::file(
            "Filen er lagret som UTF-16 (i Excel kalt «Unicode-tekst»), men Husk leser bare UTF-8. Lagre filen som «CSV UTF-8 (kommadelt) (*.csv)».",
        )]);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![empty_file_error()]);
    }
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let (line, _) = line_at(body, at);
        return Err(vec![ImportError::at_line(
            line,
            "Linjen inneholder et NUL-tegn, så filen er ikke ren tekst. Lagre filen som CSV med tegnkoding UTF-8.",
        )]);
    }
    let delimiter = detect_delimiter(body).map_err(|e| vec![e])?;
    if let Err(e) = std::str::from_utf8(body) {
        return Err(vec![encoding_error(body, delimiter, e)]);
    }

    let mut tokens = Tokenizer::new(body, delimiter);
    let header = match tokens.next_record() {
        Some(r) => r,
        None => return Err(tokens.errors),
    };
    let headers: Vec<String> = header
        .fields
        .iter()
        .map(|f| {
            text_of(&f.value)
                .trim()
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            "Overskriftslinjen er tom. Skriv kolonneoverskriftene på første linje.",
        )]);
    }
    if headers.len() > MAX_COLUMNS {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            format!(
                "Overskriftslinjen har {} kolonner, men Husk leser høyst {}. Slett kolonnene som ikke hører til registeret.",
                fmt_count(headers.len()),
                fmt_count(MAX_COLUMNS)
            ),
        )]);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut data_rows = 0usize;
    while let Some(record) = tokens.next_record() {
        if record
            .fields
            .iter()
            .all(|f| f.value.trim_ascii().is_empty())
        {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_IMPORT_ROWS {
            continue; // keep counting, stop storing
        }
        if record.fields.len() != headers.len() {
            errors.push(cell_count_error(
                record.line,
                record.fields.len(),
                headers.len(),
                Some(delimiter),
            ));
            continue;
        }
        rows.push(TableRow {
            line: record.line,
            cells: record
                .fields
                .into_iter()
                .map(|f| text_of(&f.value).into_owned())
                .collect(),
        });
    }
    errors.append(&mut tokens.errors);
    if data_rows > MAX_IMPORT_ROWS {
        return Err(vec![too_many_rows_error(data_rows)]);
    }
    if data_rows == 0 && errors.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    Ok((Table { headers, rows }, errors))
}

/// Bytes already checked to be UTF-8 (removing ASCII quotes keeps them so).
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Comma or semicolon, whichever occurs more often outside quotes on the header line.
/// Tab- or pipe-separated headers are refused.
fn detect_delimiter(body: &[u8]) -> Result<u8, ImportError> {
    let (mut commas, mut semicolons, mut tabs, mut pipes) = (0usize, 0usize, 0usize, 0usize);
    let mut in_quotes = false;
    for &b in body {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if in_quotes => {}
            b',' => commas += 1,
            b';' => semicolons += 1,
            b'\t' => tabs += 1,
            b'|' => pipes += 1,
            _ => {}
        }
    }
    let refuse = |d: u8| {
        ImportError::at_line(
            HEADER_LINE,
            format!(
                "Overskriftslinjen er skilt med {}, men Husk bruker komma (,) eller semikolon (;) som skilletegn. Lagre filen som CSV, for eksempel «CSV UTF-8 (kommadelt)» i Excel.",
                delimiter_name(d)
            ),
        )
    };
    if tabs > commas && tabs > semicolons {
        return Err(refuse(b'\t'));
    }
    if commas == 0 && semicolons == 0 && pipes > 0 {
        return Err(refuse(b'|'));
    }
    Ok(if semicolons > commas { b';' } else { b',' })
}

/// The 1-based line of byte `offset`, and the offset where that line starts.
/// Line breaks are `\r\n`, `\n` or a lone `\r`, as in [`Tokenizer`].
fn line_at(body: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(body.len());
    let start = body[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    (1 + line_breaks(body, 0, offset), start)
}

/// The number of line breaks in `body[from..to]`.
fn line_breaks(body: &[u8], from: usize, to: usize) -> usize {
    (from..to.min(body.len()))
        .filter(|&i| body[i] == b'\n' || (body[i] == b'\r' && body.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The character Windows-1252 gives a byte.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Explains the first byte that is not UTF-8: where it is, what it probably is, what to do.
fn encoding_error(body: &[u8], delimiter: u8, first: std::str::Utf8Error) -> ImportError {
    let offset = first.valid_up_to();
    let bad = body[offset];
    let (line, line_start) = line_at(body, offset);
    let position = String::from_utf8_lossy(&body[line_start..offset])
        .chars()
        .count()
        + 1;

    // Which cell holds the byte, and the header of its column.
    let inside = |f: &RawField| f.start <= offset && offset < f.end;
    let mut tokens = Tokenizer::new(body, delimiter);
    let mut headers: Vec<String> = Vec::new();
    let mut cell: Option<(usize, Vec<u8>)> = None;
    if let Some(header) = tokens.next_record() {
        headers = header
            .fields
            .iter()
            .map(|f| normalize_header(&String::from_utf8_lossy(&f.value)))
            .collect();
        cell = header
            .fields
            .into_iter()
            .enumerate()
            .find(|(_, f)| inside(f))
            .map(|(i, f)| (i, f.value));
    }
    while cell.is_none() {
        let Some(record) = tokens.next_record() else {
            break;
        };
        cell = record
            .fields
            .into_iter()
            .enumerate()
            .find(|(_, f)| inside(f))
            .map(|(i, f)| (i, f.value));
    }

    // How many lines have such bytes (one pass: line breaks are counted between bad bytes).
    let mut bad_lines = 0usize;
    let (mut at, mut line_of_at, mut last_bad_line) = (0usize, 1usize, 0usize);
    while at < body.len() {
        let Err(e) = std::str::from_utf8(&body[at..]) else {
            break;
        };
        let o = at + e.valid_up_to();
        line_of_at += line_breaks(body, at, o);
        if line_of_at != last_bad_line {
            bad_lines += 1;
            last_bad_line = line_of_at;
        }
        let next = o + e.error_len().unwrap_or(body.len() - o).max(1);
        line_of_at += line_breaks(body, o, next);
        at = next;
    }
    let more = match bad_lines {
        0 | 1 => String::new(),
        n => format!(
            ", og {} til har slike tegn",
            count(n as i64 - 1, "linje", "linjer")
        ),
    };

    // A lone high byte followed by something that cannot continue a UTF-8 sequence is how
    // Windows-1252 / ISO-8859-1 writes æ, ø, å and other letters.
    let eight_bit = first.error_len() == Some(1) && bad >= 0x80;
    let (column, field, shown) = match &cell {
        Some((i, value)) => {
            let shown: String = if eight_bit {
                value.iter().map(|&b| cp1252(b)).collect()
            } else {
                String::from_utf8_lossy(value).into_owned()
            };
            let field = headers.get(*i).filter(|h| !h.is_empty()).cloned();
            (Some(i + 1), field, format!(" i «{}»", shorten(&shown, 60)))
        }
        None => (None, None, String::new()),
    };
    let message = if eight_bit {
        format!(
            "Tegnet med byte-verdi 0x{bad:02X}{shown} (tegn {position} på linjen, trolig «{}») er ikke gyldig UTF-8{more}. Filen ser ut til å være lagret som Windows-1252/ISO-8859-1, men Husk leser bare tegnkodingen UTF-8. Lagre filen på nytt som «CSV UTF-8 (kommadelt) (*.csv)» i Excel, eller velg UTF-8 som tegnkoding.",
            cp1252(bad)
        )
    } else {
        format!(
            "Byte 0x{bad:02X}{shown} (tegn {position} på linjen) er ikke gyldig UTF-8{more}. Lagre filen på nytt med tegnkoding UTF-8, for eksempel som «CSV UTF-8 (kommadelt) (*.csv)»."
        )
    };
    ImportError {
        line,
        column,
        field,
        message,
    }
}

struct RawField {
    /// Byte span in the file body, quotes included.
    start: usize,
    end: usize,
    /// The cell's content, with quoting undone.
    value: Vec<u8>,
}

struct RawRecord {
    /// The line the record starts on.
    line: usize,
    fields: Vec<RawField>,
}

/// An RFC 4180 tokenizer over bytes: fields separated by the delimiter, records by `\r\n`,
/// `\n` or `\r`, fields in double quotes may hold delimiters, line breaks and `""`.
/// Leniencies: a quote inside an unquoted field is kept as text. Text after a closing quote is
/// kept but reported; an unterminated quote is reported and ends the file.
struct Tokenizer<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    delimiter: u8,
    done: bool,
    errors: Vec<ImportError>,
}

impl<'a> Tokenizer<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        Self {
            bytes,
            pos: 0,
            line: 1,
            delimiter,
            done: false,
            errors: Vec::new(),
        }
    }

    fn at_field_end(&self) -> bool {
        match self.bytes.get(self.pos) {
            None => true,
            Some(&b) => b == self.delimiter || b == b'\n' || b == b'\r',
        }
    }

    fn next_record(&mut self) -> Option<RawRecord> {
        if self.done || self.pos >= self.bytes.len() {
            return None;
        }
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let start = self.pos;
            let mut value = Vec::new();
            if self.bytes.get(self.pos) == Some(&b'"') {
                let opened_on = self.line;
                self.pos += 1;
                let mut closed = false;
                while let Some(&b) = self.bytes.get(self.pos) {
                    if b == b'"' {
                        if self.bytes.get(self.pos + 1) == Some(&b'"') {
                            value.push(b'"');
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                            closed = true;
                            break;
                        }
                    } else {
                        if b == b'\n'
                            || (b == b'\r' && self.bytes.get(self.pos + 1) != Some(&b'\n'))
                        {
                            self.line += 1;
                        }
                        value.push(b);
                        self.pos += 1;
                    }
                }
                if !closed {
                    self.errors.push(ImportError::at_cell(
                        opened_on,
                        fields.len() + 1,
                        None,
                        "Anførselstegnet som åpner cellen, blir aldri lukket, så resten av filen ble lest som én celle. Skriv et avsluttende anførselstegn (\") på slutten av cellen.",
                    ));
                    self.done = true;
                    return None;
                }
                if !self.at_field_end() {
                    let extra_start = self.pos;
                    while !self.at_field_end() {
                        self.pos += 1;
                    }
                    let extra = String::from_utf8_lossy(&self.bytes[extra_start..self.pos]);
                    self.errors.push(ImportError::at_cell(
                        self.line,
                        fields.len() + 1,
                        None,
                        format!(
                            "Teksten «{}» står etter det avsluttende anførselstegnet. Sett skilletegn eller linjeskift rett etter anførselstegnet (anførselstegn inne i en celle skrives dobbelt: \"\").",
                            shorten(&extra, 40)
                        ),
                    ));
                    value.extend_from_slice(&self.bytes[extra_start..self.pos]);
                }
            } else {
                while !self.at_field_end() {
                    self.pos += 1;
                }
                value.extend_from_slice(&self.bytes[start..self.pos]);
            }
            fields.push(RawField {
                start,
                end: self.pos,
                value,
            });
            match self.bytes.get(self.pos) {
                None => break,
                Some(&b) if b == self.delimiter => {
                    self.pos += 1;
                    if self.pos >= self.bytes.len() {
                        fields.push(RawField {
                            start: self.pos,
                            end: self.pos,
                            value: Vec::new(),
                        });
                        break;
                    }
                }
                Some(&b) => {
                    self.pos += if b == b'\r' && self.bytes.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    self.line += 1;
                    break;
                }
            }
        }
        Some(RawRecord { line, fields })
    }
}

fn read_xlsx(bytes: &[u8]) -> ReadOutcome {
    use calamine::{Data, Reader, Xlsx, XlsxError};

    match sniff(bytes) {
        Content::Zip => {}
        Content::Empty => {
            return Err(vec![ImportError::file(
                "Filen er tom (0 byte). Bruk en Excel-arbeidsbok (.xlsx) med overskrifter i rad 1.",
            )])
        }
        Content::Ole => {
            return Err(vec![ImportError::file(
                "Filen er passordbeskyttet eller i det gamle .xls-formatet. Fjern passordet, eller lagre filen som «Excel-arbeidsbok (*.xlsx)».",
            )])
        }
        _ => {
            return Err(vec![ImportError::file(
                "Filen er ikke en Excel-arbeidsbok (en .xlsx-fil er en zip-fil, og denne er ikke det). Lagre filen fra Excel som «Excel-arbeidsbok (*.xlsx)».",
            )])
        }
    }
    check_xlsx_parts(bytes).map_err(|e| vec![e])?;
    let mut workbook: Xlsx<_> = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            tracing::debug!(error = %e, "unreadable xlsx");
            let message = match e {
                XlsxError::Password => "Filen er passordbeskyttet. Fjern passordet i Excel og lagre filen på nytt.".to_string(),
                _ => "Excel-filen er skadet og kan ikke leses. Åpne den i Excel og lagre den på nytt.".to_string(),
            };
            return Err(vec![ImportError::file(message)]);
        }
    };
    let sheet_names = workbook.sheet_names();
    let Some(sheet) = sheet_names.first().cloned() else {
        return Err(vec![ImportError::file(
            "Arbeidsboken har ingen regneark. Legg til et regneark med overskrifter i rad 1.",
        )]);
    };
    let unreadable = |e: XlsxError| {
        tracing::debug!(error = %e, "unreadable first sheet");
        vec![ImportError::file(format!(
            "Det første regnearket («{sheet}») er skadet og kan ikke leses. Åpne filen i Excel og lagre den på nytt."
        ))]
    };
    let sheet_cells = read_sheet_cells(&mut workbook, &sheet).map_err(|e| match e {
        SheetError::Xlsx(e) => unreadable(e),
        SheetError::Import(e) => vec![*e],
    })?;
    let others = if sheet_names.len() > 1 {
        " (bare det første regnearket leses)"
    } else {
        ""
    };
    let Some(first_row) = sheet_cells.rows.keys().next().copied() else {
        return Err(vec![ImportError::file(format!(
            "Det første regnearket («{sheet}») er tomt{others}. Skriv overskriftene i rad 1 og dataene fra rad 2."
        ))]);
    };
    if first_row > 0 {
        return Err(vec![ImportError::at_line(
            1,
            format!(
                "Rad 1 i regnearket «{sheet}» er tom. Flytt kolonneoverskriftene opp til rad 1, og slett eventuelle tomme rader over dem."
            ),
        )]);
    }
    let width = sheet_cells.width;
    let data_rows = sheet_cells.rows.len() - 1;
    if data_rows > MAX_IMPORT_ROWS {
        return Err(vec![too_many_rows_error(data_rows)]);
    }
    if sheet_cells.rows.len().saturating_mul(width) > XLSX_MAX_CELLS {
        return Err(vec![ImportError::file(format!(
            "Regnearket «{sheet}» er for stort: {} rader med {} kolonner gir {} celler, og Husk leser høyst {} celler fra ett ark. Ingenting er importert. Slett tomme kolonner til høyre for tabellen, eller del filen i flere.",
            fmt_count(sheet_cells.rows.len()),
            fmt_count(width),
            fmt_count(sheet_cells.rows.len().saturating_mul(width)),
            fmt_count(XLSX_MAX_CELLS)
        ))]);
    }

    let mut errors = Vec::new();
    let mut cell_text = |d: &Data, line: usize, column: usize| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => float_text(*f),
            Data::Bool(b) => if *b { "true" } else { "false" }.to_string(),
            Data::DateTime(dt) => {
                if dt.is_datetime() {
                    let (y, m, day, h, min, s, _) = dt.to_ymd_hms_milli();
                    if (h, min, s) == (0, 0, 0) {
                        format!("{y:04}-{m:02}-{day:02}")
                    } else {
                        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
                    }
                } else {
                    float_text(dt.as_f64())
                }
            }
            Data::Error(e) => {
                errors.push(ImportError::at_cell(
                    line,
                    column,
                    None,
                    format!("Cellen inneholder Excel-feilen {e}. Rett formelen, eller skriv inn verdien."),
                ));
                String::new()
            }
        }
    };

    let mut sheet_rows = sheet_cells.rows.into_iter();
    let mut headers: Vec<String> = vec![String::new(); width];
    if let Some((_, header_cells)) = sheet_rows.next() {
        for (col, d) in &header_cells {
            let col = *col as usize;
            headers[col] = cell_text(d, 1, col + 1).trim().to_string();
        }
    }
    if headers.len() > MAX_COLUMNS {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            format!(
                "Rad 1 har {} kolonner, men Husk leser høyst {}. Slett kolonnene som ikke hører til registeret.",
                fmt_count(headers.len()),
                fmt_count(MAX_COLUMNS)
            ),
        )]);
    }

    let mut rows = Vec::with_capacity(data_rows);
    for (row, cells) in sheet_rows {
        let line = row as usize + 1;
        let mut texts = vec![String::new(); width];
        for (col, d) in &cells {
            let col = *col as usize;
            texts[col] = cell_text(d, line, col + 1);
        }
        rows.push(TableRow { line, cells: texts });
    }
    if data_rows == 0 && errors.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    Ok((Table { headers, rows }, errors))
}

/// Inflates every part of an XLSX through a counter before calamine reads it (calamine reads
/// the shared strings and styles whole, and trusts the count of strings the file declares), so
/// that a zip bomb is refused before it costs memory.
fn check_xlsx_parts(bytes: &[u8]) -> Result<(), ImportError> {
    use std::io::Read;
    // A file that is not a readable zip is left to calamine, which explains it.
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let bomb = |part: &str, limit: u64| {
        ImportError::file(format!(
            "Delen «{part}» i arbeidsboken pakker ut til mer enn {}, og Husk pakker ut høyst så mye av hver del. Ingenting er importert. Filen kan være en såkalt zip-bombe. Lagre arbeidsboken på nytt fra Excel, eller del den opp.",
            fmt_megabytes(limit as usize)
        ))
    };
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return Ok(());
        };
        let part = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let sheet = part.starts_with("xl/worksheets/");
        let limit = if sheet {
            XLSX_MAX_SHEET_BYTES
        } else {
            XLSX_MAX_PART_BYTES
        };
        let strings = part.ends_with("sharedStrings.xml");
        let mut head = Vec::new();
        let mut size = 0u64;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            size += n as u64;
            if size > limit {
                return Err(bomb(&part, limit));
            }
            if strings && head.len() < 4096 {
                head.extend_from_slice(&buf[..n.min(4096 - head.len())]);
            }
        }
        total += size;
        if total > XLSX_MAX_TOTAL_BYTES {
            return Err(ImportError::file(format!(
                "Arbeidsboken pakker til sammen ut til mer enn {}, og Husk pakker ut høyst så mye fra én fil. Ingenting er importert. Filen kan være en såkalt zip-bombe. Lagre arbeidsboken på nytt fra Excel, eller del den opp.",
                fmt_megabytes(XLSX_MAX_TOTAL_BYTES as usize)
            )));
        }
        if strings {
            // Each shared string takes at least "<si></si>" (9 bytes); calamine reserves room
            // for as many as the file says there are.
            let declared = declared_count(&head, "uniqueCount").unwrap_or(0);
            if declared > size / 9 + 16 {
                return Err(ImportError::file(format!(
                    "Arbeidsboken sier at den har {} ulike tekster, men har bare plass til noen få, så filen er skadet. Ingenting er importert. Åpne den i Excel og lagre den på nytt.",
                    fmt_count(declared.min(usize::MAX as u64) as usize)
                )));
            }
        }
    }
    Ok(())
}

/// The number in `name="…"` in the first tag that has it.
fn declared_count(head: &[u8], name: &str) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let at = text.find(&format!("{name}=\""))? + name.len() + 2;
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(digits.parse().unwrap_or(u64::MAX))
}

enum SheetError {
    Xlsx(calamine::XlsxError),
    Import(Box<ImportError>),
}

impl From<calamine::XlsxError> for SheetError {
    fn from(e: calamine::XlsxError) -> Self {
        SheetError::Xlsx(e)
    }
}

/// Reads a worksheet cell by cell (calamine's `worksheet_range` would allocate the whole
/// rectangle the cells span, so one stray cell at XFD1048576 asks for billions of cells).
/// A cell with a value beyond a register file's limits (past row [`MAX_IMPORT_ROWS`] + 1, or
/// past column [`MAX_COLUMNS`]) is refused, naming it.
fn read_sheet_cells(
    workbook: &mut calamine::Xlsx<std::io::Cursor<&[u8]>>,
    sheet: &str,
) -> Result<SheetCells, SheetError> {
    use calamine::{Data, DataRef};
    let mut reader = workbook.worksheet_cells_reader(sheet)?;
    // The declared size is only a claim: no memory is set aside by it; cells are checked as
    // they come.
    let declared = reader.dimensions();
    tracing::debug!(?declared, "worksheet dimensions");
    let mut out = SheetCells::default();
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let empty = match cell.get_value() {
            DataRef::Empty => true,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                s.trim().is_empty()
            }
            DataRef::SharedString(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            continue;
        }
        if row as usize > MAX_IMPORT_ROWS || col as usize >= MAX_COLUMNS {
            let address = format!("{}{}", column_letters(col as usize), row as u64 + 1);
            return Err(SheetError::Import(Box::new(ImportError::file(format!(
                "Regnearket «{sheet}» har en verdi i celle {address}, langt utenfor det et registerark kan ha (høyst {} rader med data og {} kolonner). Ingenting er importert. Slett cellen, eller flytt tabellen opp til venstre i arket.",
                fmt_count(MAX_IMPORT_ROWS),
                fmt_count(MAX_COLUMNS)
            )))));
        }
        let value: Data = cell.get_value().clone().into();
        out.rows.entry(row).or_default().push((col, value));
        out.width = out.width.max(col as usize + 1);
    }
    Ok(out)
}

/// A worksheet's non-empty cells by row (0-based), and the width of the widest row.
#[derive(Default)]
struct SheetCells {
    rows: std::collections::BTreeMap<u32, Vec<(u32, calamine::Data)>>,
    width: usize,
}

/// Excel's name for a column index from 0 ("A", "Z", "AA", "XFD").
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Whole numbers without a decimal part ("2015", not "2015.0").
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

fn project_cells(p: &ProjectInput) -> Vec<String> {
    vec![
        p.id.clone(),
        p.kind.clone(),
        p.title.clone(),
        p.description.clone(),
        p.region.clone(),
        p.recipient.clone(),
        p.recipient_type.clone(),
        p.orgnr.clone(),
        p.kommunenummer.clone(),
        p.start_year.clone(),
        p.end_year.clone(),
        p.status.clone(),
        p.themes.join(";"),
        p.target_groups.join(";"),
        p.learning_tools.join(";"),
        p.parent.clone(),
        p.related.join(";"),
    ]
}

fn grant_cells(g: &GrantInput) -> Vec<String> {
    vec![
        g.project.clone(),
        g.year.clone(),
        g.amount_nok.clone(),
        g.budget_item.clone(),
        g.status.clone(),
        g.note.clone(),
    ]
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    region: &'a str,
    recipient: &'a str,
    recipient_type: &'a str,
    orgnr: &'a str,
    kommunenummer: &'a str,
    start_year: &'a str,
    end_year: &'a str,
    status: &'a str,
    themes: &'a [String],
    target_groups: &'a [String],
    learning_tools: &'a [String],
    parent: &'a str,
    related: &'a [String],
}

#[derive(Serialize)]
#[serde(untagged)]
enum NumberOrText<'a> {
    Number(i64),
    Text(&'a str),
}

impl<'a> NumberOrText<'a> {
    fn of(s: &'a str) -> Self {
        match s.trim().parse::<i64>() {
            Ok(n) => NumberOrText::Number(n),
            Err(_) => NumberOrText::Text(s),
        }
    }
}

#[derive(Serialize)]
struct GrantJson<'a> {
    project: &'a str,
    year: NumberOrText<'a>,
    amount_nok: NumberOrText<'a>,
    budget_item: &'a str,
    status: &'a str,
    note: &'a str,
}

/// How an XLSX column is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum XlsxKind {
    Text,
    Year,
    Amount,
}

/// Which column names an export has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Headings {
    /// The English field names ([`PROJECT_COLUMNS`]): the export that imports again as it is.
    #[default]
    Fields,
    /// The names the pages use («Startår»), also understood by the import.
    Norwegian,
}

fn headings(columns: &'static [Column], headings: Headings) -> Vec<&'static str> {
    columns
        .iter()
        .map(|c| match headings {
            Headings::Fields => c.field,
            Headings::Norwegian => c.label,
        })
        .collect()
}

/// Write projects with the canonical columns ([`PROJECT_COLUMNS`]); list fields are joined with
/// `;` in CSV and XLSX and are arrays in JSON.
pub fn write_projects(rows: &[ProjectInput], format: FileFormat) -> Result<Vec<u8>, FilesError> {
    write_projects_with(rows, format, Headings::Fields)
}

/// [`write_projects`] with the chosen column names (JSON keys are always the field names).
pub fn write_projects_with(
    rows: &[ProjectInput],
    format: FileFormat,
    names: Headings,
) -> Result<Vec<u8>, FilesError> {
    let heads = headings(columns::PROJECTS, names);
    match format {
        FileFormat::Csv => write_csv(&heads, rows.iter().map(project_cells)),
        FileFormat::Xlsx => {
            let kinds: Vec<XlsxKind> = PROJECT_COLUMNS
                .iter()
                .map(|c| match *c {
                    "start_year" | "end_year" => XlsxKind::Year,
                    _ => XlsxKind::Text,
                })
                .collect();
            let cells: Vec<Vec<String>> = rows.iter().map(project_cells).collect();
            write_xlsx("Prosjekter", &heads, &kinds, &cells)
        }
        FileFormat::Json => {
            let out: Vec<ProjectJson> = rows
                .iter()
                .map(|p| ProjectJson {
                    id: &p.id,
                    kind: &p.kind,
                    title: &p.title,
                    description: &p.description,
                    region: &p.region,
                    recipient: &p.recipient,
                    recipient_type: &p.recipient_type,
                    orgnr: &p.orgnr,
                    kommunenummer: &p.kommunenummer,
                    start_year: &p.start_year,
                    end_year: &p.end_year,
                    status: &p.status,
                    themes: &p.themes,
                    target_groups: &p.target_groups,
                    learning_tools: &p.learning_tools,
                    parent: &p.parent,
                    related: &p.related,
                })
                .collect();
            write_json(&out)
        }
    }
}

/// Write grants with the canonical columns ([`GRANT_COLUMNS`]); year and amount are numbers in
/// XLSX and JSON when they are whole numbers.
pub fn write_grants(rows: &[GrantInput], format: FileFormat) -> Result<Vec<u8>, FilesError> {
    write_grants_with(rows, format, Headings::Fields)
}

/// [`write_grants`] with the chosen column names (JSON keys are always the field names).
pub fn write_grants_with(
    rows: &[GrantInput],
    format: FileFormat,
    names: Headings,
) -> Result<Vec<u8>, FilesError> {
    let heads = headings(columns::GRANTS, names);
    match format {
        FileFormat::Csv => write_csv(&heads, rows.iter().map(grant_cells)),
        FileFormat::Xlsx => {
            let kinds: Vec<XlsxKind> = GRANT_COLUMNS
                .iter()
                .map(|c| match *c {
                    "year" => XlsxKind::Year,
                    "amount_nok" => XlsxKind::Amount,
                    _ => XlsxKind::Text,
                })
                .collect();
            let cells: Vec<Vec<String>> = rows.iter().map(grant_cells).collect();
            write_xlsx("Tilskudd", &heads, &kinds, &cells)
        }
        FileFormat::Json => {
            let out: Vec<GrantJson> = rows
                .iter()
                .map(|g| GrantJson {
                    project: &g.project,
                    year: NumberOrText::of(&g.year),
                    amount_nok: NumberOrText::of(&g.amount_nok),
                    budget_item: &g.budget_item,
                    status: &g.status,
                    note: &g.note,
                })
                .collect();
            write_json(&out)
        }
    }
}

fn write_json<T: Serialize>(value: &T) -> Result<Vec<u8>, FilesError> {
    let mut out = serde_json::to_vec_pretty(value)?;
    out.push(b'\n');
    Ok(out)
}

fn write_csv(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, FilesError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b',')
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|e| FilesError::Csv(csv::Error::from(e.into_error())))
}

/// A cell value Excel can hold exactly as a number and that reads back as the same text.
fn whole_number(s: &str) -> Option<f64> {
    let n: i64 = s.parse().ok()?;
    (n.to_string() == s && n.unsigned_abs() < (1u64 << 53)).then_some(n as f64)
}

fn write_xlsx(
    sheet_name: &str,
    headers: &[&'static str],
    kinds: &[XlsxKind],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, FilesError> {
    use rust_xlsxwriter::{Format, Workbook};

    if rows.len() >= XLSX_MAX_ROWS {
        return Err(FilesError::TooManyRows { rows: rows.len() });
    }
    let bold = Format::new().set_bold();
    let year_format = Format::new().set_num_format("0");
    let amount_format = Format::new().set_num_format("#,##0");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let sheet_row = (r + 1) as u32;
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let chars = value.chars().count();
            if chars > XLSX_MAX_CELL_CHARS {
                return Err(FilesError::CellTooLong {
                    row: r + 2,
                    field: headers[c],
                    chars,
                });
            }
            let longest_line = value.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            let kind = kinds.get(c).copied().unwrap_or(XlsxKind::Text);
            match (kind, whole_number(value)) {
                (XlsxKind::Year, Some(n)) => {
                    sheet.write_number_with_format(sheet_row, c as u16, n, &year_format)?;
                    widths[c] = widths[c].max(longest_line);
                }
                (XlsxKind::Amount, Some(n)) => {
                    sheet.write_number_with_format(sheet_row, c as u16, n, &amount_format)?;
                    // Thousands separators take room too.
                    widths[c] = widths[c].max(longest_line + longest_line / 3);
                }
                _ => {
                    sheet.write_string(sheet_row, c as u16, value)?;
                    widths[c] = widths[c].max(longest_line);
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, (headers.len() - 1) as u16)?;
    Ok(workbook.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// "a, b og c".
fn norwegian_list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} {conjunction} {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// 200000 → "200 000".
fn fmt_count(n: usize) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or_default())
        .collect();
    groups.join(" ")
}

/// 52428801 → "50,0 MB" (1 MB = 1024 × 1024 byte).
fn fmt_megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10 + 512 * 1024) / (1024 * 1024);
    format!("{},{} MB", tenths / 10, tenths % 10)
}

/// At most `max` characters, with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Levenshtein distance, for "did you mean" hints on misspelt headers.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use husk_domain::Taxonomy;

    const HEADER: &str = "id,kind,title,region,start_year";

    fn csv(text: &str) -> Result<Table, Vec<ImportError>> {
        read_table(text.as_bytes(), FileFormat::Csv)
    }

    fn projects(text: &str) -> Result<Vec<(usize, ProjectInput)>, Vec<ImportError>> {
        let table = csv(text)?;
        projects_from_table(&table).map(|(rows, _)| rows)
    }

    fn only(errors: Vec<ImportError>) -> ImportError {
        assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
        errors.into_iter().next().unwrap()
    }

    fn tricky_projects() -> Vec<ProjectInput> {
        vec![
            ProjectInput {
                id: "vest-01".into(),
                kind: "prosjekt".into(),
                title: "Fra leie til eie, «Bodø»; æøå ÆØÅ og \"sitat\"".into(),
                description: "Første linje\nAndre linje, med komma; og semikolon\r\nTredje\ttab"
                    .into(),
                region: "vest".into(),
                recipient: "Bergen kommune".into(),
                recipient_type: "programkommune".into(),
                orgnr: "964338531".into(),
                kommunenummer: "4601".into(),
                start_year: "2011".into(),
                end_year: "2013".into(),
                status: "avsluttet".into(),
                themes: vec!["tildeling-bosetting".into(), "virkemiddelbruk".into()],
                target_groups: vec!["barnefamilier".into()],
                learning_tools: vec!["veileder".into(), "kurs".into()],
                parent: "vest-00".into(),
                related: vec!["ost-01".into(), "sor-04".into()],
            },
            // Empty optional fields everywhere.
            ProjectInput {
                id: "ost-02".into(),
                kind: "tiltak".into(),
                title: "=SUM(A1) \"alene\"".into(),
                region: "ost".into(),
                start_year: "2020".into(),
                ..Default::default()
            },
            // Values that look like numbers but must stay text; a year that is not a number.
            ProjectInput {
                id: "nord-03".into(),
                kind: "program".into(),
                title: "007".into(),
                description: " innrykk og mellomrom på slutten ".into(),
                region: "nord".into(),
                orgnr: "012345678".into(),
                kommunenummer: "0301".into(),
                start_year: "20x4".into(),
                end_year: "2030".into(),
                ..Default::default()
            },
        ]
    }

    // --- formats and errors ------------------------------------------------------------------

    #[test]
    fn format_names_extensions_and_content_types() {
        assert_eq!(FileFormat::from_name("csv"), Some(FileFormat::Csv));
        assert_eq!(FileFormat::from_name(" XLSX "), Some(FileFormat::Xlsx));
        assert_eq!(FileFormat::from_name("json"), Some(FileFormat::Json));
        assert_eq!(FileFormat::from_name("pdf"), None);
        assert_eq!(FileFormat::Xlsx.extension(), "xlsx");
        assert!(FileFormat::Csv.content_type().starts_with("text/csv"));
        assert!(FileFormat::Xlsx.content_type().contains("spreadsheetml"));
        assert_eq!(FileFormat::Json.content_type(), "application/json");
    }

    #[test]
    fn import_errors_read_as_line_column_field_message() {
        let cell = ImportError::at_cell(
            4,
            6,
            Some("start_year"),
            "«20x4» er ikke et årstall. Skriv fire siffer, for eksempel 2015.",
        );
        assert_eq!(
            cell.to_string(),
            "Linje 4, kolonne 6 (Startår): «20x4» er ikke et årstall. Skriv fire siffer, for eksempel 2015."
        );
        assert_eq!(
            ImportError::at_line(4, "Linjen har 3 celler.").to_string(),
            "Linje 4: Linjen har 3 celler."
        );
        assert_eq!(
            ImportError::file("Filen er tom.").to_string(),
            "Filen er tom."
        );
    }

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

    // --- detect_format -------------------------------------------------------------------------

    #[test]
    fn format_comes_from_the_extension_and_must_fit_the_content() {
        let xlsx = write_projects(&tricky_projects(), FileFormat::Xlsx).unwrap();
        let text = format!("{HEADER}\nvest-01,prosjekt,T,vest,2015\n");
        assert_eq!(
            detect_format("prosjekter.csv", text.as_bytes()),
            Ok(FileFormat::Csv)
        );
        assert_eq!(
            detect_format("C:\\Users\\ola\\Prosjekter.TXT", text.as_bytes()),
            Ok(FileFormat::Csv)
        );
        assert_eq!(
            detect_format("prosjekter.xlsx", &xlsx),
            Ok(FileFormat::Xlsx)
        );
        assert_eq!(detect_format("prosjekter", &xlsx), Ok(FileFormat::Xlsx));

        let pdf = detect_format("rapport.pdf", b"%PDF-1.7 ...").unwrap_err();
        assert_eq!(pdf.line, 0);
        assert!(
            pdf.message.contains("«.pdf» støttes ikke"),
            "{}",
            pdf.message
        );
        assert!(pdf
            .message
            .contains("Bruk en .csv-, .txt- eller .xlsx-fil."));

        let old = detect_format("gammel.xls", OLE_MAGIC).unwrap_err();
        assert!(
            old.message.contains(".xls") && old.message.contains("Lagre som"),
            "{}",
            old.message
        );

        let json = detect_format("eksport.json", b"[]").unwrap_err();
        assert!(
            json.message.contains("JSON kan ikke importeres"),
            "{}",
            json.message
        );

        let fake_xlsx = detect_format("prosjekter.xlsx", text.as_bytes()).unwrap_err();
        assert!(
            fake_xlsx.message.contains("ren tekst (trolig CSV)"),
            "{}",
            fake_xlsx.message
        );

        let zip_as_csv = detect_format("prosjekter.csv", &xlsx).unwrap_err();
        assert!(
            zip_as_csv.message.contains("er en Excel-arbeidsbok"),
            "{}",
            zip_as_csv.message
        );
        assert!(zip_as_csv.message.contains("endelsen .xlsx"));

        let binary = detect_format("data.csv", b"id,kind\x00\x01\x02\xff").unwrap_err();
        assert!(binary.message.contains("binære data"), "{}", binary.message);

        let locked = detect_format("hemmelig.xlsx", OLE_MAGIC).unwrap_err();
        assert!(
            locked.message.contains("passordbeskyttet"),
            "{}",
            locked.message
        );
    }

    // --- CSV structure -------------------------------------------------------------------------

    #[test]
    fn semicolon_is_detected_and_list_cells_split() {
        let text = "id;kind;title;region;start_year;themes\r\nvest-01;prosjekt;Tittel, med komma;vest;2015;\"bolig;nettverk\"\r\nvest-02;prosjekt;\"Sitat \"\"her\"\"\";vest;2016;a,b\r\n";
        let rows = projects(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1.title, "Tittel, med komma");
        assert_eq!(rows[0].1.themes, vec!["bolig", "nettverk"]);
        assert_eq!(rows[1].1.title, "Sitat \"her\"");
        // Coded lists split on semicolons only (a label may hold a comma); the domain reads
        // comma-separated codes within a value.
        assert_eq!(rows[1].1.themes, vec!["a,b"]);
        assert_eq!((rows[0].0, rows[1].0), (2, 3));
    }

    #[test]
    fn comma_is_detected_even_when_quoted_header_names_hold_semicolons() {
        let text =
            "id,kind,title,region,start_year,\"themes\"\nvest-01,prosjekt,A; B,vest,2015,\"x;y\"\n";
        let rows = projects(text).unwrap();
        assert_eq!(rows[0].1.title, "A; B");
        assert_eq!(rows[0].1.themes, vec!["x", "y"]);
    }

    #[test]
    fn bom_case_and_spaces_in_headers_are_ignored() {
        let text =
            "\u{feff} ID ,Kind,TITLE,Region, start_year \nvest-01,prosjekt,Tittel,vest,2015\n";
        let table = csv(text).unwrap();
        assert_eq!(table.headers[0], "ID");
        let (rows, map) = projects_from_table(&table).unwrap();
        assert_eq!(rows[0].1.id, "vest-01");
        assert_eq!(rows[0].1.start_year, "2015");
        assert_eq!(map.column_of("id"), Some(1));
    }

    #[test]
    fn latin1_file_names_the_first_bad_byte_and_asks_for_utf8() {
        let mut bytes = b"id,kind,title,region,start_year,recipient\r\n".to_vec();
        bytes.extend_from_slice(b"vest-01,prosjekt,Tittel,vest,2015,Oslo kommune\r\n");
        bytes.extend_from_slice(b"vest-02,prosjekt,Tittel,vest,2015,Bod\xf8 kommune\r\n");
        bytes.extend_from_slice(b"vest-03,prosjekt,Tr\xf8ndelag,vest,2015,\r\n");
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert_eq!((e.line, e.column), (3, Some(6)));
        assert_eq!(e.field.as_deref(), Some("recipient"));
        assert!(e.message.contains("«Bodø kommune»"), "{}", e.message);
        assert!(e.message.contains("0xF8"));
        assert!(e.message.contains("tegn 38 på linjen"), "{}", e.message);
        assert!(e.message.contains("Windows-1252/ISO-8859-1"));
        assert!(e.message.contains("og 1 linje til"), "{}", e.message);
        assert!(e.message.contains("Husk leser bare tegnkodingen UTF-8"));
        assert!(e
            .to_string()
            .starts_with("Linje 3, kolonne 6 (Mottaker): Tegnet med byte-verdi 0xF8"));
    }

    #[test]
    fn a_large_latin1_file_counts_its_bad_lines_quickly() {
        let mut bytes = b"id,kind,title,region,start_year\n".to_vec();
        for i in 0..100_000 {
            bytes.extend_from_slice(format!("p-{i},prosjekt,").as_bytes());
            bytes.extend_from_slice(b"Bod\xf8 \xe6\xf8\xe5,vest,2015\n");
        }
        let started = std::time::Instant::now();
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!((e.line, e.column), (2, Some(3)));
        assert!(e.message.contains("«Bodø æøå»"), "{}", e.message);
        assert!(e.message.contains("og 99 999 linjer til"), "{}", e.message);
    }

    #[test]
    fn bad_byte_after_a_multiline_cell_is_on_its_physical_line() {
        let bytes = b"id,kind,title,region,start_year\n\"vest-01\",prosjekt,\"to\nlinjer\",vest,2015\nvest-02,prosjekt,\xe6,vest,2015\n";
        let e = only(read_table(bytes, FileFormat::Csv).unwrap_err());
        assert_eq!((e.line, e.column), (4, Some(3)));
        assert!(e.message.contains("«æ»"), "{}", e.message);
    }

    #[test]
    fn utf16_file_is_refused_with_a_hint() {
        let text = "id,kind,title,region,start_year\r\nvest-01,prosjekt,Bodø,vest,2015\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("UTF-16") && e.message.contains("UTF-8"),
            "{}",
            e.message
        );
        assert_eq!(detect_format("x.csv", &bytes), Ok(FileFormat::Csv));
    }

    #[test]
    fn tab_and_pipe_separated_files_are_refused() {
        let e = only(
            csv("id\tkind\ttitle\tregion\tstart_year\nvest-01\tprosjekt\tT\tvest\t2015\n")
                .unwrap_err(),
        );
        assert_eq!((e.line, e.column), (1, None));
        assert!(e.message.contains("skilt med tabulator"), "{}", e.message);
        assert!(e
            .message
            .contains("Husk bruker komma (,) eller semikolon (;)"));

        let e = only(csv("id|kind|title\nvest-01|prosjekt|T\n").unwrap_err());
        assert_eq!(e.line, 1);
        assert!(e.message.contains("loddrett strek (|)"), "{}", e.message);

        // One column holding a tab: still a tab-separated file.
        let e = only(csv("id\ttitle\n").unwrap_err());
        assert!(e.message.contains("tabulator"));
    }

    #[test]
    fn missing_required_columns_are_named() {
        let errors = projects("id,title,start_year\nvest-01,T,2015\n").unwrap_err();
        let e = only(errors);
        assert_eq!(e.line, 1);
        assert!(
            e.message
                .contains("Filen mangler de påkrevde kolonnene «kind» og «region»."),
            "{}",
            e.message
        );
        assert!(e
            .message
            .contains("Overskriftslinjen må ha kolonnene id, kind, title, region og start_year."));

        let e = only(
            grants_from_table(&csv("project,year,amount_nok\nvest-01,2015,100\n").unwrap())
                .unwrap_err(),
        );
        assert!(
            e.message
                .contains("Filen mangler den påkrevde kolonnen «status»."),
            "{}",
            e.message
        );
    }

    #[test]
    fn rows_with_wrong_cell_count_are_all_reported() {
        let text = format!("{HEADER}\nvest-01,prosjekt,Fra leie, til eie,vest,2015\nvest-02,prosjekt,T,vest\nvest-03,prosjekt,T,vest,2015\n");
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains(
                "Linjen har 6 celler, men overskriftslinjen har 5. Hver linje skal ha 5 celler."
            ),
            "{}",
            errors[0].message
        );
        assert!(errors[0]
            .message
            .contains("Sett tekst som inneholder komma (,) i anførselstegn."));
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].message.contains("4 celler"));
    }

    #[test]
    fn empty_lines_are_ignored() {
        let text = format!("{HEADER}\r\nvest-01,prosjekt,T,vest,2015\r\n\r\n,,,,\r\n   \r\nvest-02,prosjekt,T,vest,2015\r\n\r\n\r\n");
        let table = csv(&text).unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 6]);
    }

    #[test]
    fn empty_files_and_files_without_rows_are_refused() {
        let e = only(read_table(b"", FileFormat::Csv).unwrap_err());
        assert!(e.message.contains("Filen er tom"), "{}", e.message);
        let e = only(read_table(b"\xef\xbb\xbf \r\n\t\n", FileFormat::Csv).unwrap_err());
        assert!(e.message.contains("Filen er tom"));
        let e = only(csv(&format!("{HEADER}\r\n\r\n")).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(e.message.contains("ingen rader med data"), "{}", e.message);
        let e = only(csv("\n\nid,kind\nx,y\n").unwrap_err());
        assert_eq!(e.line, 1);
        assert!(e.message.contains("Overskriftslinjen er tom"));
    }

    #[test]
    fn huge_files_are_refused_before_parsing() {
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let e = only(read_table(&big, FileFormat::Csv).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("Filen er for stor (50,0 MB)"),
            "{}",
            e.message
        );
        assert!(e.message.contains("høyst 50,0 MB"));
        assert!(detect_format("x.csv", &big)
            .unwrap_err()
            .message
            .contains("for stor"));
        let e = only(read_table(&big, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("for stor"));
    }

    #[test]
    fn too_many_rows_are_refused_with_the_count() {
        let mut text = String::from("id\n");
        for i in 0..MAX_IMPORT_ROWS + 1 {
            text.push_str(&format!("p{i}\n"));
        }
        let e = only(csv(&text).unwrap_err());
        assert!(
            e.message.contains("for mange rader: 200 001 rader"),
            "{}",
            e.message
        );
        assert!(e.message.contains("høyst 200 000 rader"));
        // Exactly the limit is fine.
        let at_limit: String = text
            .lines()
            .take(MAX_IMPORT_ROWS + 1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(csv(&at_limit).unwrap().rows.len(), MAX_IMPORT_ROWS);
    }

    #[test]
    fn quoting_mistakes_are_reported_where_they_are() {
        let text = format!("{HEADER}\nvest-01,prosjekt,\"Tittel\" med mer,vest,2015\nvest-02,prosjekt,\"Uten slutt,vest,2015\nvest-03,prosjekt,T,vest,2015\n");
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!((errors[0].line, errors[0].column), (2, Some(3)));
        assert!(
            errors[0]
                .message
                .contains("« med mer» står etter det avsluttende anførselstegnet"),
            "{}",
            errors[0].message
        );
        assert_eq!((errors[1].line, errors[1].column), (3, Some(3)));
        assert!(
            errors[1].message.contains("blir aldri lukket"),
            "{}",
            errors[1].message
        );
    }

    #[test]
    fn quoted_line_breaks_keep_physical_line_numbers() {
        let text = format!("{HEADER},description\r\nvest-01,prosjekt,T,vest,2015,\"en\r\nto\r\ntre\"\r\nvest-02,prosjekt,T,vest,2015,\r\nvest-03,prosjekt,T,vest,2015,x\rvest-04,prosjekt,T,vest,2015,y\n");
        let rows = projects(&text).unwrap();
        let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 5, 6, 7]);
        assert_eq!(rows[0].1.description, "en\r\nto\r\ntre");
    }

    #[test]
    fn errors_are_capped_with_a_count_of_the_rest() {
        let mut text = format!("{HEADER}\n");
        for i in 0..300 {
            text.push_str(&format!("p-{i},prosjekt,T,vest\n"));
        }
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(errors[0].line, 2);
        let last = errors.last().unwrap();
        assert_eq!(last.line, 0);
        assert!(
            last.to_string()
                .starts_with("Filen har 100 feil til som ikke vises her."),
            "{last}"
        );
    }

    // --- columns -------------------------------------------------------------------------------

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

    // --- the demo file -------------------------------------------------------------------------

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

    // --- XLSX reading --------------------------------------------------------------------------

    fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        build(wb.add_worksheet());
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_rows_keep_sheet_row_numbers_and_whole_numbers() {
        let bytes = workbook(|ws| {
            for (c, h) in [
                "id",
                "kind",
                "title",
                "region",
                "start_year",
                "end_year",
                "description",
            ]
            .iter()
            .enumerate()
            {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            ws.write_string(1, 0, "vest-01").unwrap();
            ws.write_string(1, 1, "prosjekt").unwrap();
            ws.write_string(1, 2, "Bodø og Tromsø").unwrap();
            ws.write_string(1, 3, "vest").unwrap();
            ws.write_number(1, 4, 2015.0).unwrap();
            ws.write_number(1, 5, 2017).unwrap();
            ws.write_number(1, 6, 0.5).unwrap();
            // Row 3 is empty; row 4 has data.
            ws.write_string(3, 0, "vest-02").unwrap();
            ws.write_string(3, 4, "2016").unwrap();
        });
        let table = read_table(&bytes, FileFormat::Xlsx).unwrap();
        let (rows, map) = projects_from_table(&table).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[1].0, 4);
        let p = &rows[0].1;
        assert_eq!(
            (p.start_year.as_str(), p.end_year.as_str()),
            ("2015", "2017")
        );
        assert_eq!(p.title, "Bodø og Tromsø");
        assert_eq!(p.description, "0.5");
        assert_eq!(rows[1].1.start_year, "2016");
        assert_eq!(rows[1].1.kind, "");
        assert_eq!(map.column_of("end_year"), Some(6));
    }

    #[test]
    fn xlsx_data_outside_named_columns_is_reported_with_its_cell() {
        let bytes = workbook(|ws| {
            for (c, h) in HEADER.split(',').enumerate() {
                ws.write_string(0, c as u16, h).unwrap();
                ws.write_string(1, c as u16, "x").unwrap();
            }
            ws.write_string(2, 0, "y").unwrap();
            ws.write_string(6, 7, "bortgjemt").unwrap();
        });
        let e =
            only(projects_from_table(&read_table(&bytes, FileFormat::Xlsx).unwrap()).unwrap_err());
        assert_eq!((e.line, e.column), (7, Some(8)));
        assert!(e.message.contains("«bortgjemt»"), "{}", e.message);
    }

    #[test]
    fn xlsx_empty_corrupt_and_misplaced_sheets_are_refused() {
        let empty = workbook(|_| {});
        let e = only(read_table(&empty, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("er tomt"), "{}", e.message);

        let header_only = workbook(|ws| {
            ws.write_string(0, 0, "id").unwrap();
        });
        let e = only(read_table(&header_only, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("ingen rader med data"), "{}", e.message);

        let low_header = workbook(|ws| {
            ws.write_string(2, 0, "id").unwrap();
            ws.write_string(3, 0, "vest-01").unwrap();
        });
        let e = only(read_table(&low_header, FileFormat::Xlsx).unwrap_err());
        assert_eq!(e.line, 1);
        assert!(
            e.message.contains("Rad 1 i regnearket «Sheet1» er tom"),
            "{}",
            e.message
        );

        let good = write_projects(&tricky_projects(), FileFormat::Xlsx).unwrap();
        let mut corrupt = good.clone();
        corrupt.truncate(good.len() / 2);
        let e = only(read_table(&corrupt, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("skadet"), "{}", e.message);
        let mut scrambled = good.clone();
        for b in scrambled.iter_mut().skip(40).step_by(7) {
            *b ^= 0x5a;
        }
        let e = only(read_table(&scrambled, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("Excel"), "{}", e.message);

        let e = only(read_table(b"id,kind\nvest-01,prosjekt\n", FileFormat::Xlsx).unwrap_err());
        assert!(
            e.message.contains("ikke en Excel-arbeidsbok"),
            "{}",
            e.message
        );
        let e = only(read_table(b"", FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("tom"), "{}", e.message);
    }

    // --- writers and round trips ---------------------------------------------------------------

    #[test]
    fn csv_round_trip_is_exact() {
        let rows = tricky_projects();
        let bytes = write_projects(&rows, FileFormat::Csv).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!bytes.starts_with(UTF8_BOM));
        assert!(text.starts_with("id,kind,title,description,region,recipient,recipient_type,orgnr,kommunenummer,start_year,end_year,status,themes,target_groups,learning_tools,parent,related\r\n"));
        assert!(text.contains("tildeling-bosetting;virkemiddelbruk"));
        assert!(
            text.contains("\"Fra leie til eie, «Bodø»; æøå ÆØÅ og \"\"sitat\"\"\""),
            "{text}"
        );
        let table = read_table(&bytes, FileFormat::Csv).unwrap();
        let (back, _) = projects_from_table(&table).unwrap();
        let back: Vec<ProjectInput> = back.into_iter().map(|(_, p)| p).collect();
        assert_eq!(back, rows);
    }

    #[test]
    fn xlsx_round_trip_is_exact_and_years_are_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let rows = tricky_projects();
        let bytes = write_projects(&rows, FileFormat::Xlsx).unwrap();
        let table = read_table(&bytes, FileFormat::Xlsx).unwrap();
        assert_eq!(table.headers, PROJECT_COLUMNS);
        let (back, _) = projects_from_table(&table).unwrap();
        let back: Vec<ProjectInput> = back.into_iter().map(|(_, p)| p).collect();
        assert_eq!(back, rows);

        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Prosjekter"]);
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(
            range.get_value((1, 9)),
            Some(&Data::Float(2011.0)),
            "start_year is a number"
        );
        assert!(matches!(range.get_value((3, 9)), Some(Data::String(s)) if s == "20x4"));
        assert!(matches!(range.get_value((3, 2)), Some(Data::String(s)) if s == "007"));
    }

    #[test]
    fn grants_round_trip_and_amounts_are_numbers_in_xlsx_and_json() {
        use calamine::{Data, Reader, Xlsx};
        let grants = vec![
            GrantInput {
                project: "vest-01".into(),
                year: "2015".into(),
                amount_nok: "1500000".into(),
                budget_item: "post78".into(),
                status: "tilsagn".into(),
                note: "Første utbetaling; «del 1», \"foreløpig\"".into(),
            },
            GrantInput {
                project: "vest-01".into(),
                year: "2016".into(),
                amount_nok: "1 500 000".into(),
                status: "forventet".into(),
                ..Default::default()
            },
        ];
        for format in [FileFormat::Csv, FileFormat::Xlsx] {
            let bytes = write_grants(&grants, format).unwrap();
            let (back, _) = grants_from_table(&read_table(&bytes, format).unwrap()).unwrap();
            let back: Vec<GrantInput> = back.into_iter().map(|(_, g)| g).collect();
            assert_eq!(back, grants, "{format}");
        }
        let bytes = write_grants(&grants, FileFormat::Xlsx).unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Tilskudd"]);
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get_value((1, 2)), Some(&Data::Float(1_500_000.0)));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(2015.0)));

        let json: serde_json::Value =
            serde_json::from_slice(&write_grants(&grants, FileFormat::Json).unwrap()).unwrap();
        assert_eq!(json[0]["year"], serde_json::json!(2015));
        assert_eq!(json[0]["amount_nok"], serde_json::json!(1_500_000));
        assert_eq!(json[1]["amount_nok"], serde_json::json!("1 500 000"));
        assert_eq!(json[1]["budget_item"], serde_json::json!(""));
    }

    #[test]
    fn json_projects_have_canonical_fields_in_order_and_list_arrays() {
        let bytes = write_projects(&tricky_projects(), FileFormat::Json).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(
            text.starts_with("[\n  {\n    \"id\": \"vest-01\",\n    \"kind\": \"prosjekt\""),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let first = json[0].as_object().unwrap();
        let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = PROJECT_COLUMNS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(
            json[0]["themes"],
            serde_json::json!(["tildeling-bosetting", "virkemiddelbruk"])
        );
        assert_eq!(json[1]["related"], serde_json::json!([]));
        assert_eq!(json[0]["start_year"], serde_json::json!("2011"));
        let order: Vec<usize> = PROJECT_COLUMNS
            .iter()
            .map(|c| text.find(&format!("\"{c}\":")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "fields out of order");
    }

    #[test]
    fn too_long_cells_fail_the_xlsx_export_with_a_norwegian_message() {
        let mut p = tricky_projects().remove(1);
        p.description = "x".repeat(40_000);
        let e = write_projects(&[p.clone()], FileFormat::Xlsx).unwrap_err();
        assert!(matches!(
            e,
            FilesError::CellTooLong {
                row: 2,
                field: "description",
                chars: 40_000
            }
        ));
        assert!(
            e.to_string().starts_with(
                "Rad 2, kolonne «Beskrivelse»: Teksten har 40 000 tegn, men Excel tillater høyst 32 767 tegn"
            ),
            "{e}"
        );
        // CSV has no such limit.
        let bytes = write_projects(&[p.clone()], FileFormat::Csv).unwrap();
        let (back, _) = projects_from_table(&read_table(&bytes, FileFormat::Csv).unwrap()).unwrap();
        assert_eq!(back[0].1, p);
    }

    #[test]
    fn number_helpers() {
        assert_eq!(fmt_count(200_000), "200 000");
        assert_eq!(fmt_count(1_234_567), "1 234 567");
        assert_eq!(fmt_count(12), "12");
        assert_eq!(fmt_megabytes(MAX_IMPORT_BYTES), "50,0 MB");
        assert_eq!(float_text(2015.0), "2015");
        assert_eq!(float_text(-3.0), "-3");
        assert_eq!(float_text(2.25), "2.25");
        assert_eq!(whole_number("2015"), Some(2015.0));
        assert_eq!(whole_number("02015"), None);
        assert_eq!(whole_number("1 500"), None);
        assert_eq!(edit_distance("titel", "title"), 2);
    }
}
