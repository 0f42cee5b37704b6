//! The errors: [`ImportError`], one problem of an import file with its line and column, and
//! [`FilesError`], why a file could not be written.

use crate::columns;
use crate::text::fmt_count;
use std::fmt;

/// At most this many errors are reported for one file; the rest are counted in a final error.
pub const MAX_REPORTED_ERRORS: usize = 200;

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
    #[error("Husk klarte ikke å lage PDF-filen. Prøv igjen.")]
    Pdf,
    #[error("Husk klarte ikke å lage JSON-filen. Prøv igjen.")]
    Json(#[from] serde_json::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
