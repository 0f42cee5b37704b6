//! The annual summary workbook: a programme's year compiled from its approved reports, as
//! XLSX. The store compiles the summary and hands it over as a [`SummaryBook`]; this module
//! only lays it out.

use husk_domain::reporting::answers::{GoalAssessment, IndicatorValue};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// What the workbook shows: the approved reports of a programme's year, in order.
#[derive(Debug, Clone, Default)]
pub struct SummaryBook<'a> {
    pub reports: Vec<SummaryReport<'a>>,
}

/// One approved report: every sheet's rows of it start with `entry` and `report`.
#[derive(Debug, Clone)]
pub struct SummaryReport<'a> {
    /// The title of the entry the report is about.
    pub entry: &'a str,
    /// Which report it is («Årsrapport 2025»).
    pub report: String,
    pub indicators: &'a [IndicatorValue],
    pub goals: &'a [GoalAssessment],
    /// (question, answer) for the template's learning fields that were answered.
    pub learning: &'a [(String, String)],
    /// (label, answer) for the economy fields (amounts).
    pub economy: &'a [(String, String)],
}

/// A programme's annual summary as a workbook: one sheet each for indicators, goal attainment,
/// learning and economy, one row per report line.
pub fn annual_summary_xlsx<'a>(
    summary: impl Into<SummaryBook<'a>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let s = summary.into();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut wb = Workbook::new();

    /// The first two cells of a row: which entry and which report.
    fn entry(
        sheet: &mut Worksheet,
        row: u32,
        e: &SummaryReport,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.write_string(row, 0, e.entry)?;
        sheet.write_string(row, 1, &e.report)?;
        Ok(())
    }

    fn header(
        sheet: &mut Worksheet,
        bold: &Format,
        titles: &[&str],
        widths: &[f64],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        for (c, (t, w)) in titles.iter().zip(widths).enumerate() {
            sheet.write_string_with_format(0, c as u16, *t, bold)?;
            sheet.set_column_width(c as u16, *w)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(())
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Indikatorer")?;
    header(
        sheet,
        &bold,
        &[
            "Oppføring",
            "Rapport",
            "Indikator",
            "Enhet",
            "Utgangsverdi",
            "Mål",
            "Resultat",
            "Kommentar",
        ],
        &[40.0, 24.0, 36.0, 14.0, 14.0, 12.0, 12.0, 40.0],
    )?;
    let mut row = 1u32;
    for e in &s.reports {
        for v in e.indicators {
            entry(sheet, row, e)?;
            sheet.write_string(row, 2, &v.name)?;
            sheet.write_string(row, 3, &v.unit)?;
            for (c, n) in [(4u16, v.baseline), (5, v.target), (6, v.actual)] {
                if let Some(n) = n {
                    sheet.write_number(row, c, n)?;
                }
            }
            sheet.write_string(row, 7, &v.comment)?;
            row += 1;
        }
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Måloppnåelse")?;
    header(
        sheet,
        &bold,
        &[
            "Oppføring",
            "Rapport",
            "Mål",
            "Vurdering (1–5)",
            "Begrunnelse",
        ],
        &[40.0, 24.0, 40.0, 16.0, 60.0],
    )?;
    let mut row = 1u32;
    for e in &s.reports {
        for g in e.goals {
            entry(sheet, row, e)?;
            sheet.write_string(row, 2, &g.goal)?;
            if let Some(a) = g.assessment {
                sheet.write_number(row, 3, f64::from(a))?;
            }
            sheet.write_string_with_format(row, 4, &g.comment, &wrap)?;
            row += 1;
        }
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Læring")?;
    header(
        sheet,
        &bold,
        &["Oppføring", "Rapport", "Spørsmål", "Svar"],
        &[40.0, 24.0, 40.0, 100.0],
    )?;
    let mut row = 1u32;
    for e in &s.reports {
        for (q, a) in e.learning {
            entry(sheet, row, e)?;
            sheet.write_string(row, 2, q)?;
            sheet.write_string_with_format(
                row,
                3,
                a.chars().take(32_000).collect::<String>(),
                &wrap,
            )?;
            row += 1;
        }
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Økonomi")?;
    header(
        sheet,
        &bold,
        &["Oppføring", "Rapport", "Post", "Beløp"],
        &[40.0, 24.0, 36.0, 18.0],
    )?;
    let mut row = 1u32;
    let amount = Format::new().set_num_format("#,##0");
    for e in &s.reports {
        for (label, value) in e.economy {
            entry(sheet, row, e)?;
            sheet.write_string(row, 2, label)?;
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            match digits.parse::<f64>() {
                Ok(n) => sheet.write_number_with_format(row, 3, n, &amount)?,
                Err(_) => sheet.write_string(row, 3, value)?,
            };
            row += 1;
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader};

    #[test]
    fn every_sheet_has_a_row_per_report_line_and_amounts_are_numbers() {
        let indicators = [IndicatorValue {
            name: "Fagdager for ansatte".into(),
            unit: "dager".into(),
            baseline: Some(2.0),
            target: None,
            actual: Some(5.0),
            comment: String::new(),
        }];
        let economy = [
            ("Tilskudd brukt".to_string(), "kr 120 000".to_string()),
            ("Egeninnsats".to_string(), "ikke oppgitt".to_string()),
        ];
        let book = SummaryBook {
            reports: vec![SummaryReport {
                entry: "Bolig for velferd i Bergen",
                report: "Årsrapport 2025".into(),
                indicators: &indicators,
                goals: &[],
                learning: &[],
                economy: &economy,
            }],
        };
        let bytes = annual_summary_xlsx(book).unwrap();
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            ["Indikatorer", "Måloppnåelse", "Læring", "Økonomi"]
        );
        let sheet = wb.worksheet_range("Indikatorer").unwrap();
        let row: Vec<&Data> = sheet.rows().nth(1).unwrap().iter().collect();
        assert_eq!(row[0], &Data::String("Bolig for velferd i Bergen".into()));
        assert_eq!(row[1], &Data::String("Årsrapport 2025".into()));
        assert_eq!(row[4], &Data::Float(2.0));
        assert_eq!(row[5], &Data::Empty);
        assert_eq!(
            wb.worksheet_range("Måloppnåelse").unwrap().rows().count(),
            1
        );
        let economy = wb.worksheet_range("Økonomi").unwrap();
        let amounts: Vec<Data> = economy.rows().skip(1).map(|r| r[3].clone()).collect();
        assert_eq!(
            amounts,
            [Data::Float(120_000.0), Data::String("ikke oppgitt".into())]
        );
    }
}
