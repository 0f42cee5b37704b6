//! Reading an XLSX workbook's first sheet with calamine, cell by cell and within bounds: every
//! part is inflated through a counter first, so a zip bomb is refused before it costs memory.

use crate::error::ImportError;
use crate::format::{sniff, Content};
use crate::table::{
    no_rows_error, too_many_rows_error, ReadOutcome, Table, TableRow, HEADER_LINE, MAX_COLUMNS,
    MAX_IMPORT_ROWS,
};
use crate::text::{column_letters, float_text, fmt_count, fmt_megabytes};

/// Largest inflated worksheet part of an XLSX (read as a stream of cells).
const XLSX_MAX_SHEET_BYTES: u64 = 256 << 20;
/// Largest inflated size of any other part (shared strings, styles, workbook: read whole).
const XLSX_MAX_PART_BYTES: u64 = 32 << 20;
/// Largest inflated size of all parts together.
const XLSX_MAX_TOTAL_BYTES: u64 = 512 << 20;
/// Most cells (rows × the widest row) read from one sheet: every row is made as wide as the
/// widest, so a single value far to the right widens them all.
const XLSX_MAX_CELLS: usize = 6_000_000;

pub(crate) fn read_xlsx(bytes: &[u8]) -> ReadOutcome {
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
///
/// A plain search rather than an XML parser: it looks only at the first 4 KB of the part,
/// kept while the part is inflated and counted, before any parser (calamine's) reads it; the
/// attribute is on the root element, so a cut-off head is all there is to read.
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

#[cfg(test)]
mod tests {
    use crate::test_support::*;
    use crate::*;

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
}
