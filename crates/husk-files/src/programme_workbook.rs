//! A programme's workbook: its participants, the grants per participant and year with each
//! year's total and the part not itemised per municipality, and its goals, as XLSX. The web and
//! the command line fill a [`ProgrammeBook`] from what the viewer may read; this module only
//! lays it out.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// What the workbook shows.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeBook {
    pub participants: Vec<ParticipantLine>,
    pub grants: Vec<GrantLine>,
    pub years: Vec<YearLine>,
    pub goals: Vec<GoalLine>,
}

/// One participant's row on the sheet «Deltakere».
#[derive(Debug, Clone, Default)]
pub struct ParticipantLine {
    pub name: String,
    pub kommunenummer: String,
    pub pool: String,
    pub phase: String,
    pub planned_end: String,
    /// «Ja» or «Nei».
    pub late: String,
    /// Its grants over every year, in kroner.
    pub grant_total: i64,
    /// How many reports its entries have, with their states («2 rapporter: 1 godkjent, …»).
    pub reports: String,
}

/// One participant's grant in one year, on the sheet «Tilskudd».
#[derive(Debug, Clone, Default)]
pub struct GrantLine {
    pub participant: String,
    pub year: i32,
    pub amount: i64,
    pub status: String,
    pub source: String,
}

/// One year's totals, on the sheet «Tilskudd per år».
#[derive(Debug, Clone, Default)]
pub struct YearLine {
    pub year: i32,
    /// The sum of the rows the workbook holds.
    pub itemised: i64,
    /// The part of the total not itemised per municipality; `None` without a total.
    pub not_itemised: Option<i64>,
    /// The total for all programme municipalities; `None` when the source gives none.
    pub total: Option<i64>,
    pub note: String,
}

/// One goal, on the sheet «Mål».
#[derive(Debug, Clone, Default)]
pub struct GoalLine {
    pub level: String,
    pub code: String,
    pub text: String,
    pub parent: String,
}

fn header(sheet: &mut Worksheet, bold: &Format, titles: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (c, (t, w)) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *t, bold)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook: sheets «Deltakere», «Tilskudd», «Tilskudd per år» and «Mål», one row per
/// line; amounts are numbers in kroner.
pub fn programme_xlsx(book: &ProgrammeBook) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let nok = Format::new().set_num_format("# ##0");
    let mut wb = Workbook::new();

    let sheet = wb.add_worksheet();
    sheet.set_name("Deltakere")?;
    header(
        sheet,
        &bold,
        &[
            ("Deltaker", 28.0),
            ("Kommunenummer", 16.0),
            ("Pulje", 12.0),
            ("Fase", 30.0),
            ("Planlagt slutt", 16.0),
            ("Forsinket", 10.0),
            ("Tilskudd i alt (kr)", 18.0),
            ("Rapporter", 40.0),
        ],
    )?;
    for (i, p) in book.participants.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &p.name)?;
        sheet.write_string(r, 1, &p.kommunenummer)?;
        sheet.write_string(r, 2, &p.pool)?;
        sheet.write_string(r, 3, &p.phase)?;
        sheet.write_string(r, 4, &p.planned_end)?;
        sheet.write_string(r, 5, &p.late)?;
        sheet.write_number_with_format(r, 6, p.grant_total as f64, &nok)?;
        sheet.write_string(r, 7, &p.reports)?;
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Tilskudd")?;
    header(
        sheet,
        &bold,
        &[
            ("Deltaker", 28.0),
            ("År", 8.0),
            ("Beløp (kr)", 16.0),
            ("Status", 14.0),
            ("Kilde", 60.0),
        ],
    )?;
    for (i, g) in book.grants.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &g.participant)?;
        sheet.write_number(r, 1, f64::from(g.year))?;
        sheet.write_number_with_format(r, 2, g.amount as f64, &nok)?;
        sheet.write_string(r, 3, &g.status)?;
        sheet.write_string(r, 4, &g.source)?;
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Tilskudd per år")?;
    header(
        sheet,
        &bold,
        &[
            ("År", 8.0),
            ("Sum spesifisert per deltaker (kr)", 30.0),
            ("Ikke spesifisert per kommune (kr)", 30.0),
            ("Totalt for alle programkommuner (kr)", 32.0),
            ("Merknad", 60.0),
        ],
    )?;
    for (i, y) in book.years.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, f64::from(y.year))?;
        sheet.write_number_with_format(r, 1, y.itemised as f64, &nok)?;
        match y.not_itemised {
            Some(n) => sheet.write_number_with_format(r, 2, n as f64, &nok)?,
            None => sheet.write_string(r, 2, "ikke oppgitt")?,
        };
        match y.total {
            Some(n) => sheet.write_number_with_format(r, 3, n as f64, &nok)?,
            None => sheet.write_string(r, 3, "ikke oppgitt")?,
        };
        sheet.write_string(r, 4, &y.note)?;
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Mål")?;
    header(
        sheet,
        &bold,
        &[
            ("Nivå", 14.0),
            ("Kode", 18.0),
            ("Mål", 80.0),
            ("Under", 18.0),
        ],
    )?;
    for (i, g) in book.goals.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &g.level)?;
        sheet.write_string(r, 1, &g.code)?;
        sheet.write_string(r, 2, &g.text)?;
        sheet.write_string(r, 3, &g.parent)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader};

    #[test]
    fn each_sheet_has_a_row_per_line_and_amounts_are_numbers() {
        let book = ProgrammeBook {
            participants: vec![ParticipantLine {
                name: "Hamar".into(),
                kommunenummer: "3403".into(),
                grant_total: 2_500_000,
                late: "Nei".into(),
                ..Default::default()
            }],
            grants: vec![GrantLine {
                participant: "Hamar".into(),
                year: 2009,
                amount: 1_000_000,
                status: "tilsagn".into(),
                source: "Tabell 1".into(),
            }],
            years: vec![YearLine {
                year: 2009,
                itemised: 1_000_000,
                not_itemised: None,
                total: None,
                note: String::new(),
            }],
            goals: vec![GoalLine {
                level: "Visjon".into(),
                code: "visjon".into(),
                text: "V".into(),
                parent: String::new(),
            }],
        };
        let bytes = programme_xlsx(&book).unwrap();
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            ["Deltakere", "Tilskudd", "Tilskudd per år", "Mål"]
        );
        let p = wb.worksheet_range("Deltakere").unwrap();
        assert_eq!(p.height(), 2);
        assert_eq!(p.get((1, 6)), Some(&Data::Float(2_500_000.0)));
        let y = wb.worksheet_range("Tilskudd per år").unwrap();
        assert_eq!(y.get((1, 2)), Some(&Data::String("ikke oppgitt".into())));
    }
}
