//! The public grant lists as files (issue 14): every list on the open-data pages downloads as
//! CSV, XLSX or JSON with the same columns ([`OPEN_GRANT_COLUMNS`]), and [`crate::read_table`]
//! reads the CSV and XLSX back to the same cells. A private person's grant carries no name,
//! organisation number or municipality: the rows are made from `husk_domain::open::OpenGrant`,
//! which has none to give.

use crate::error::FilesError;
use crate::format::FileFormat;
use crate::write::{write_csv, write_json, write_xlsx, XlsxKind};
use husk_domain::open::{OpenGrant, OpenRecipient};
use husk_domain::Taxonomy;
use serde::Serialize;

/// The columns of a public grant list, in order.
pub const OPEN_GRANT_COLUMNS: &[&str] = &[
    "id",
    "ar",
    "belop_nok",
    "ordning",
    "status",
    "kontor",
    "tiltak_id",
    "tiltak",
    "mottaker",
    "mottaker_orgnr",
    "mottakertype",
    "kommunenummer",
    "kommune",
    "program",
    "tema",
    "malgrupper",
];

/// One grant as the files write it (the JSON objects have these fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenGrantRecord {
    pub id: String,
    pub ar: i32,
    pub belop_nok: i64,
    pub ordning: String,
    pub status: String,
    pub kontor: String,
    pub tiltak_id: String,
    pub tiltak: String,
    pub mottaker: String,
    pub mottaker_orgnr: String,
    pub mottakertype: String,
    pub kommunenummer: String,
    pub kommune: String,
    pub program: String,
    pub tema: Vec<String>,
    pub malgrupper: Vec<String>,
}

impl OpenGrantRecord {
    /// The record of a published grant, with the labels the pages show.
    pub fn of(g: &OpenGrant, tax: &Taxonomy) -> OpenGrantRecord {
        let (themes, groups) = match &g.entry {
            Some(e) => (
                e.themes
                    .iter()
                    .map(|c| tax.theme(c).map(|t| t.name_nb.clone()).unwrap_or(c.clone()))
                    .collect(),
                e.target_groups
                    .iter()
                    .map(|c| {
                        tax.target_group(c)
                            .map(|t| t.name_nb.clone())
                            .unwrap_or(c.clone())
                    })
                    .collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        OpenGrantRecord {
            id: g.identifier.clone(),
            ar: g.year,
            belop_nok: g.amount_nok,
            ordning: g.scheme.label().into(),
            status: g.status.label().into(),
            kontor: g.office.clone(),
            tiltak_id: g.entry_id.clone(),
            tiltak: g.entry_title.clone(),
            mottaker: g.recipient.name().into(),
            mottaker_orgnr: match &g.recipient {
                OpenRecipient::Organisation { orgnr, .. } => orgnr.clone().unwrap_or_default(),
                OpenRecipient::Person | OpenRecipient::NotStated => String::new(),
            },
            mottakertype: g
                .recipient_type
                .as_deref()
                .map(|t| {
                    tax.recipient_type(t)
                        .map(|r| r.name_nb.clone())
                        .unwrap_or(t.to_string())
                })
                .unwrap_or_default(),
            kommunenummer: g.kommunenummer.clone().unwrap_or_default(),
            kommune: g.municipality.clone().unwrap_or_default(),
            program: g
                .programme
                .as_ref()
                .map(|p| p.1.clone())
                .unwrap_or_default(),
            tema: themes,
            malgrupper: groups,
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.ar.to_string(),
            self.belop_nok.to_string(),
            self.ordning.clone(),
            self.status.clone(),
            self.kontor.clone(),
            self.tiltak_id.clone(),
            self.tiltak.clone(),
            self.mottaker.clone(),
            self.mottaker_orgnr.clone(),
            self.mottakertype.clone(),
            self.kommunenummer.clone(),
            self.kommune.clone(),
            self.program.clone(),
            self.tema.join("; "),
            self.malgrupper.join("; "),
        ]
    }
}

/// Writes a public grant list: lists joined with `; ` in CSV and XLSX, arrays in JSON.
pub fn write_open_grants(
    rows: &[OpenGrantRecord],
    format: FileFormat,
) -> Result<Vec<u8>, FilesError> {
    match format {
        FileFormat::Csv => write_csv(OPEN_GRANT_COLUMNS, rows.iter().map(|r| r.cells())),
        FileFormat::Xlsx => {
            let kinds: Vec<XlsxKind> = OPEN_GRANT_COLUMNS
                .iter()
                .map(|c| match *c {
                    "ar" => XlsxKind::Year,
                    "belop_nok" => XlsxKind::Amount,
                    _ => XlsxKind::Text,
                })
                .collect();
            let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells()).collect();
            write_xlsx("Tilskudd", OPEN_GRANT_COLUMNS, &kinds, &cells)
        }
        FileFormat::Json => write_json(&rows),
    }
}

/// The columns of the open knowledge matrix in long form: one row per theme and recipient type.
pub const OPEN_MATRIX_COLUMNS: &[&str] = &["tema", "mottakertype", "antall_tiltak"];

/// Writes the open knowledge matrix in long form ([`OPEN_MATRIX_COLUMNS`]): the count is a
/// number in XLSX and JSON.
pub fn write_open_matrix(rows: &[Vec<String>], format: FileFormat) -> Result<Vec<u8>, FilesError> {
    let headers = OPEN_MATRIX_COLUMNS;
    let sheet = "Kunnskapsmatrise";
    match format {
        FileFormat::Csv => write_csv(headers, rows.iter().cloned()),
        FileFormat::Xlsx => {
            let kinds: Vec<XlsxKind> = headers
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    if i == 2 {
                        XlsxKind::Year
                    } else {
                        XlsxKind::Text
                    }
                })
                .collect();
            write_xlsx(sheet, headers, &kinds, rows)
        }
        FileFormat::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    headers
                        .iter()
                        .zip(r)
                        .map(|(h, v)| {
                            let value = match v.parse::<i64>() {
                                Ok(n) => serde_json::Value::from(n),
                                Err(_) => serde_json::Value::from(v.as_str()),
                            };
                            (h.to_string(), value)
                        })
                        .collect()
                })
                .collect();
            write_json(&objects)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_table;

    fn record(n: i32) -> OpenGrantRecord {
        OpenGrantRecord {
            id: format!("360G-husbanken-tilskudd-{n}"),
            ar: 2014 + n,
            belop_nok: 700_000 + i64::from(n),
            ordning: "Post 78 (kompetansetilskudd)".into(),
            status: "Tilsagn".into(),
            kontor: "Bodø".into(),
            tiltak_id: "bodo-01".into(),
            tiltak: "Foyer Bodø, «ungdom»; \"sitat\", æøå".into(),
            mottaker: "Bodø kommune".into(),
            mottaker_orgnr: String::new(),
            mottakertype: "Andre kommuner".into(),
            kommunenummer: "1804".into(),
            kommune: "Bodø kommune".into(),
            program: String::new(),
            tema: vec!["Bosetting".into(), "Kompetanse".into()],
            malgrupper: vec![],
        }
    }

    #[test]
    fn csv_and_xlsx_read_back_to_the_same_cells() {
        let rows = vec![record(0), record(1)];
        for format in [FileFormat::Csv, FileFormat::Xlsx] {
            let bytes = write_open_grants(&rows, format).unwrap();
            let table = read_table(&bytes, format).unwrap();
            assert_eq!(table.headers, OPEN_GRANT_COLUMNS);
            let back: Vec<Vec<String>> = table.rows.into_iter().map(|r| r.cells).collect();
            let want: Vec<Vec<String>> = rows.iter().map(|r| r.cells()).collect();
            assert_eq!(back, want, "{format:?}");
        }
        let json: serde_json::Value =
            serde_json::from_slice(&write_open_grants(&rows, FileFormat::Json).unwrap()).unwrap();
        assert_eq!(json[1]["belop_nok"], 700_001);
        assert_eq!(json[0]["tema"][1], "Kompetanse");
    }
}
