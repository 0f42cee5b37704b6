//! Husk's file formats, apart from the database: reading register files (CSV, XLSX) into typed
//! rows with every problem's line and column, the CSV/XLSX/JSON writers (English or Norwegian
//! column names), the import columns, the XLSX import template, the annual summary
//! workbook, a programme's workbook and a programme participant's fact sheet as a PDF. No database and no async: the store calls in here to parse an import and does the
//! database steps itself (all or nothing, references); the web and the CLI call in here to
//! write.
//!
//! Import runs in steps, each of which collects every problem it finds before giving up:
//!
//! 1. [`detect_format`] decides CSV or XLSX from the file name and checks the bytes fit it
//!    (`format.rs`).
//! 2. [`read_table`] turns the bytes into a [`Table`]: header names and rows of text cells,
//!    each row with the line (CSV) or sheet row (XLSX) a user can find it on (`table.rs`, with
//!    `read_csv.rs` and `read_xlsx.rs`).
//! 3. [`projects_from_table`] / [`grants_from_table`] map the columns to the domain's raw input
//!    types and return a [`ColumnMap`], so that the caller can turn the domain's field-level
//!    validation errors into "linje N, kolonne C (felt)" with [`field_error`].
//!
//! This crate checks structure only (encoding, delimiter, columns, cell counts); field contents
//! are checked by `ProjectInput::validate` and `GrantInput::validate`, references to other
//! entries by the store.
//!
//! Export: [`write_projects`] and [`write_grants`] write CSV, XLSX or JSON with the canonical
//! column names, in a form [`read_table`] reads back to the same rows (`write.rs`).

pub mod annual_summary;
pub mod columns;
mod error;
pub mod factsheet_pdf;
mod format;
pub mod groups;
pub mod import_template;
pub mod indicators;
pub mod notes;
pub mod open_grants;
pub mod programme_workbook;
mod read_csv;
mod read_xlsx;
mod table;
mod text;
mod write;

#[cfg(test)]
mod test_support;

pub use annual_summary::annual_summary_xlsx;
pub use error::{cap_errors, FilesError, ImportError, MAX_REPORTED_ERRORS};
pub use factsheet_pdf::factsheet_pdf;
pub use format::{detect_format, FileFormat};
pub use groups::read_group;
pub use import_template::{import_template, TemplateKind};
pub use indicators::read_indicators;
pub use programme_workbook::{programme_xlsx, ProgrammeBook};
pub use table::{
    field_error, grants_from_table, projects_from_table, read_table, value_error, ColumnMap, Table,
    TableRow, CODES_PAGE, GRANT_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PROJECT_COLUMNS,
};
pub use write::{write_grants, write_grants_with, write_projects, write_projects_with, Headings};
