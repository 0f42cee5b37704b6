//! Husk's file formats, apart from the database: reading register files (CSV, XLSX) into
//! typed rows with every problem's line and column, the CSV/XLSX/JSON writers, the import
//! columns, the XLSX import template and the annual summary workbook.

pub mod columns;
mod files;
pub mod import_template;

pub use files::{
    cap_errors, detect_format, field_error, grants_from_table, projects_from_table, read_table,
    value_error, write_grants, write_grants_with, write_projects, write_projects_with, ColumnMap,
    FileFormat, FilesError, Headings, ImportError, Table, TableRow, CODES_PAGE, GRANT_COLUMNS,
    MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_REPORTED_ERRORS, PROJECT_COLUMNS,
};
pub use import_template::{import_template, TemplateKind};
