//! Which format a file is: [`FileFormat`] and [`detect_format`], which decides CSV or XLSX from
//! the file name and checks that the first bytes fit it.

use crate::error::ImportError;
use crate::table::MAX_IMPORT_BYTES;
use crate::text::fmt_megabytes;
use serde::Serialize;
use std::fmt;

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

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content {
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
pub(crate) const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

pub(crate) fn sniff(bytes: &[u8]) -> Content {
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
///
/// The byte order mark is encoding_rs's. The guess without one is written here: encoding_rs
/// does not guess encodings at all, and a file of mostly ASCII text saved as UTF-16 without a
/// mark (as some exports do) is recognised by its NUL bytes alone, so that the user is told to
/// save it as UTF-8 rather than that it is binary.
pub(crate) fn looks_like_utf16(bytes: &[u8]) -> bool {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
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

pub(crate) fn size_error(len: usize) -> ImportError {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::*;

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
}
