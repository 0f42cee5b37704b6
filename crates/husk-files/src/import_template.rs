//! The XLSX import template: a workbook to fill in and import as it is.
//!
//! The first sheet («Prosjekter» or «Tilskudd», the one the import reads) has the Norwegian
//! column names in row 1, required ones marked, and a drop-down list (data validation) of the
//! labels in every coded column; a sheet «Hjelp» says what each column takes, and a sheet
//! «Koder» holds every code list with labels and codes (the drop-downs' source).

use crate::columns::{Column, GRANTS, PROJECTS};
use crate::error::FilesError;
use crate::text::column_letters;
use husk_domain::codes::{CodeList, Coded};
use husk_domain::portfolio::{MAX_YEAR, MIN_YEAR};
use husk_domain::Taxonomy;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder,
    Formula, Note, Workbook,
};

/// Which file the template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Projects,
    Grants,
}

impl TemplateKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            TemplateKind::Projects => PROJECTS,
            TemplateKind::Grants => GRANTS,
        }
    }

    /// The data sheet's name.
    pub fn sheet(self) -> &'static str {
        match self {
            TemplateKind::Projects => "Prosjekter",
            TemplateKind::Grants => "Tilskudd",
        }
    }

    /// A file name for a download.
    pub fn file_name(self) -> &'static str {
        match self {
            TemplateKind::Projects => "husk-importmal-prosjekter.xlsx",
            TemplateKind::Grants => "husk-importmal-tilskudd.xlsx",
        }
    }
}

/// The data rows the drop-down lists cover.
const TEMPLATE_ROWS: u32 = 5_000;

/// The import template for `kind`.
pub fn import_template(kind: TemplateKind, tax: &Taxonomy) -> Result<Vec<u8>, FilesError> {
    let columns = kind.columns();
    let coded: Vec<Coded> = {
        let mut v: Vec<Coded> = Vec::new();
        for c in columns.iter().filter_map(|c| c.codes) {
            if !v.contains(&c) {
                v.push(c);
            }
        }
        v
    };
    let lists: Vec<CodeList> = coded.iter().map(|c| CodeList::of(*c, tax)).collect();

    let heading = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE6_EE_F7))
        .set_border_bottom(FormatBorder::Thin);
    let required_heading = heading.clone().set_background_color(Color::RGB(0xFF_E8_B3));
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);

    let mut workbook = Workbook::new();

    // The data sheet: the one the import reads.
    let data = workbook.add_worksheet();
    data.set_name(kind.sheet())?;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let format = if c.required {
            &required_heading
        } else {
            &heading
        };
        data.write_string_with_format(0, col, c.label, format)?;
        let mut note = String::new();
        if c.required {
            note.push_str("Må fylles ut. ");
        }
        note.push_str(c.takes);
        if c.list {
            note.push_str(" Flere verdier skilles med semikolon.");
        }
        data.insert_note(0, col, &Note::new(note).set_author("Husk").set_width(300))?;
        let width = match (c.codes, c.field) {
            (Some(_), _) => 28.0,
            (None, "title" | "description" | "recipient" | "note") => 36.0,
            _ => 14.0,
        };
        data.set_column_width(col, width)?;

        if let Some(coded) = c.codes {
            let index = coded_index(&coded, &lists);
            let len = lists[index].codes.len() as u32;
            let letter = column_letters(index * 2);
            let source = format!("=Koder!${letter}$2:${letter}${}", len + 1);
            let (style, message) = if c.list {
                (
                    DataValidationErrorStyle::Information,
                    "Velg fra listen. Flere verdier skrives skilt med semikolon; koder og navn fra arket «Koder» godtas.",
                )
            } else {
                (
                    DataValidationErrorStyle::Warning,
                    "Verdien står ikke i listen. Husk godtar navnene og kodene på arket «Koder».",
                )
            };
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(source))
                .set_error_style(style)
                .set_error_title(c.label)?
                .set_error_message(message)?;
            data.add_data_validation(1, col, TEMPLATE_ROWS, col, &validation)?;
        } else if matches!(c.field, "start_year" | "end_year" | "year") {
            let validation = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(MIN_YEAR, MAX_YEAR))
                .set_error_title(c.label)?
                .set_error_message(format!(
                    "Skriv et årstall mellom {MIN_YEAR} og {MAX_YEAR}, for eksempel 2015."
                ))?;
            data.add_data_validation(1, col, TEMPLATE_ROWS, col, &validation)?;
        } else if let Some(max) = c.max_chars {
            let validation = DataValidation::new()
                .allow_text_length(DataValidationRule::LessThanOrEqualTo(max as u32))
                .set_error_title(c.label)?
                .set_error_message(format!("Teksten kan ha høyst {max} tegn."))?;
            data.add_data_validation(1, col, TEMPLATE_ROWS, col, &validation)?;
        }
    }
    data.set_freeze_panes(1, 0)?;
    data.set_active(true);

    // What each column takes.
    let help = workbook.add_worksheet();
    help.set_name("Hjelp")?;
    help.write_string_with_format(
        0,
        0,
        format!("Slik fyller du ut arket «{}»", kind.sheet()),
        &title,
    )?;
    let intro = [
        format!("Skriv én oppføring per rad i arket «{}», fra rad 2. Ikke endre overskriftene i rad 1.", kind.sheet()),
        "Kolonner med gul overskrift må fylles ut; de andre kan stå tomme.".to_string(),
        "Kodede kolonner har en nedtrekksliste. Du kan skrive navnet slik sidene viser det eller koden, med store eller små bokstaver.".to_string(),
        "Flere verdier i samme celle (temaer, målgrupper, læringsverktøy, relatert arbeid) skilles med semikolon.".to_string(),
        "Last opp filen på Import-siden i Husk, eller kjør «husk import» på kommandolinjen. Finnes det én feil, lagres ingenting, og du får vite linje, kolonne og felt.".to_string(),
        "Alle kodelistene står på arket «Koder» og på siden /import/koder i Husk.".to_string(),
    ];
    for (i, line) in intro.iter().enumerate() {
        help.write_string(1 + i as u32, 0, line)?;
    }
    let top = 2 + intro.len() as u32;
    for (j, h) in [
        "Kolonne",
        "Engelsk navn",
        "Påkrevd",
        "Hva kolonnen tar",
        "Kodeliste",
    ]
    .iter()
    .enumerate()
    {
        help.write_string_with_format(top, j as u16, *h, &heading)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let row = top + 1 + i as u32;
        help.write_string_with_format(row, 0, c.label, &bold)?;
        help.write_string(row, 1, c.field)?;
        help.write_string(row, 2, if c.required { "Ja" } else { "Nei" })?;
        let mut takes = c.takes.to_string();
        if c.list {
            takes.push_str(" Flere verdier skilles med semikolon.");
        }
        if let Some(max) = c.max_chars {
            takes.push_str(&format!(" Høyst {max} tegn."));
        }
        help.write_string_with_format(row, 3, takes, &wrap)?;
        if let Some(coded) = c.codes {
            help.write_string(row, 4, format!("{} (arket «Koder»)", coded.title()))?;
        }
    }
    help.set_column_width(0, 22.0)?;
    help.set_column_width(1, 16.0)?;
    help.set_column_width(2, 9.0)?;
    help.set_column_width(3, 70.0)?;
    help.set_column_width(4, 32.0)?;

    // The code lists: for each, the labels (the drop-down's source) and the codes.
    let codes = workbook.add_worksheet();
    codes.set_name("Koder")?;
    for (i, list) in lists.iter().enumerate() {
        let col = (i * 2) as u16;
        codes.write_string_with_format(0, col, list.coded.title(), &heading)?;
        codes.write_string_with_format(0, col + 1, "Kode", &heading)?;
        for (r, c) in list.codes.iter().enumerate() {
            codes.write_string(1 + r as u32, col, c.label)?;
            codes.write_string(1 + r as u32, col + 1, c.code)?;
        }
        codes.set_column_width(col, 40.0)?;
        codes.set_column_width(col + 1, 24.0)?;
    }
    codes.set_freeze_panes(1, 0)?;

    Ok(workbook.save_to_buffer()?)
}

fn coded_index(coded: &Coded, lists: &[CodeList]) -> usize {
    lists
        .iter()
        .position(|l| l.coded == *coded)
        .unwrap_or_default()
}
