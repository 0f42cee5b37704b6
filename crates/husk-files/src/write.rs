//! Writing the register: [`write_projects`] and [`write_grants`] write CSV, XLSX or JSON with
//! the English field names or the Norwegian names the pages use ([`Headings`]), in a form
//! [`crate::read_table`] reads back to the same rows.

use crate::columns::{self, Column};
use crate::error::FilesError;
use crate::format::FileFormat;
use crate::table::{GRANT_COLUMNS, PROJECT_COLUMNS};
use crate::text::whole_number;
use husk_domain::{GrantInput, ProjectInput};
use serde::Serialize;

/// Excel's limit on the number of characters in one cell.
const XLSX_MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on rows in a sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;

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
pub(crate) enum XlsxKind {
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

pub(crate) fn write_json<T: Serialize>(value: &T) -> Result<Vec<u8>, FilesError> {
    let mut out = serde_json::to_vec_pretty(value)?;
    out.push(b'\n');
    Ok(out)
}

pub(crate) fn write_csv(
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

pub(crate) fn write_xlsx(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::UTF8_BOM;
    use crate::test_support::*;
    use crate::*;

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
}
