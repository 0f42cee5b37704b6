//! Reading a CSV file: UTF-8 only (a file in another encoding is refused, naming the first bad
//! byte's line and column), comma or semicolon, RFC 4180 quoting, physical line numbers.

use crate::error::ImportError;
use crate::format::{looks_like_utf16, UTF8_BOM};
use crate::table::{
    cell_count_error, empty_file_error, no_rows_error, normalize_header, ReadOutcome, Table,
    TableRow, HEADER_LINE, MAX_COLUMNS, MAX_IMPORT_ROWS,
};
use crate::table::{delimiter_name, too_many_rows_error};
use crate::text::{fmt_count, shorten};
use husk_domain::norwegian::count;

pub(crate) fn read_csv(bytes: &[u8]) -> ReadOutcome {
    if bytes.is_empty() {
        return Err(vec![empty_file_error()]);
    }
    if looks_like_utf16(bytes) {
        return Err(vec![ImportError::file(
            "Filen er lagret som UTF-16 (i Excel kalt «Unicode-tekst»), men Husk leser bare UTF-8. Lagre filen som «CSV UTF-8 (kommadelt) (*.csv)».",
        )]);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![empty_file_error()]);
    }
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let (line, _) = line_at(body, at);
        return Err(vec![ImportError::at_line(
            line,
            "Linjen inneholder et NUL-tegn, så filen er ikke ren tekst. Lagre filen som CSV med tegnkoding UTF-8.",
        )]);
    }
    let delimiter = detect_delimiter(body).map_err(|e| vec![e])?;
    if let Err(e) = std::str::from_utf8(body) {
        return Err(vec![encoding_error(body, delimiter, e)]);
    }

    let mut tokens = Tokenizer::new(body, delimiter);
    let header = match tokens.next_record() {
        Some(r) => r,
        None => return Err(tokens.errors),
    };
    let headers: Vec<String> = header
        .fields
        .iter()
        .map(|f| {
            text_of(&f.value)
                .trim()
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            "Overskriftslinjen er tom. Skriv kolonneoverskriftene på første linje.",
        )]);
    }
    if headers.len() > MAX_COLUMNS {
        return Err(vec![ImportError::at_line(
            HEADER_LINE,
            format!(
                "Overskriftslinjen har {} kolonner, men Husk leser høyst {}. Slett kolonnene som ikke hører til registeret.",
                fmt_count(headers.len()),
                fmt_count(MAX_COLUMNS)
            ),
        )]);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut data_rows = 0usize;
    while let Some(record) = tokens.next_record() {
        if record
            .fields
            .iter()
            .all(|f| f.value.trim_ascii().is_empty())
        {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_IMPORT_ROWS {
            continue; // keep counting, stop storing
        }
        if record.fields.len() != headers.len() {
            errors.push(cell_count_error(
                record.line,
                record.fields.len(),
                headers.len(),
                Some(delimiter),
            ));
            continue;
        }
        rows.push(TableRow {
            line: record.line,
            cells: record
                .fields
                .into_iter()
                .map(|f| text_of(&f.value).into_owned())
                .collect(),
        });
    }
    errors.append(&mut tokens.errors);
    if data_rows > MAX_IMPORT_ROWS {
        return Err(vec![too_many_rows_error(data_rows)]);
    }
    if data_rows == 0 && errors.is_empty() {
        return Err(vec![no_rows_error()]);
    }
    Ok((Table { headers, rows }, errors))
}

/// Bytes already checked to be UTF-8 (removing ASCII quotes keeps them so).
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Comma or semicolon, whichever occurs more often outside quotes on the header line.
/// Tab- or pipe-separated headers are refused.
///
/// Hand-written because the `csv` crate takes the delimiter as given and guesses none; Excel
/// writes a semicolon where the decimal mark is a comma, as in Norway, and a comma elsewhere.
fn detect_delimiter(body: &[u8]) -> Result<u8, ImportError> {
    let (mut commas, mut semicolons, mut tabs, mut pipes) = (0usize, 0usize, 0usize, 0usize);
    let mut in_quotes = false;
    for &b in body {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if in_quotes => {}
            b',' => commas += 1,
            b';' => semicolons += 1,
            b'\t' => tabs += 1,
            b'|' => pipes += 1,
            _ => {}
        }
    }
    let refuse = |d: u8| {
        ImportError::at_line(
            HEADER_LINE,
            format!(
                "Overskriftslinjen er skilt med {}, men Husk bruker komma (,) eller semikolon (;) som skilletegn. Lagre filen som CSV, for eksempel «CSV UTF-8 (kommadelt)» i Excel.",
                delimiter_name(d)
            ),
        )
    };
    if tabs > commas && tabs > semicolons {
        return Err(refuse(b'\t'));
    }
    if commas == 0 && semicolons == 0 && pipes > 0 {
        return Err(refuse(b'|'));
    }
    Ok(if semicolons > commas { b';' } else { b',' })
}

/// The 1-based line of byte `offset`, and the offset where that line starts.
/// Line breaks are `\r\n`, `\n` or a lone `\r`, as in [`Tokenizer`].
fn line_at(body: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(body.len());
    let start = body[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    (1 + line_breaks(body, 0, offset), start)
}

/// The number of line breaks in `body[from..to]`.
fn line_breaks(body: &[u8], from: usize, to: usize) -> usize {
    (from..to.min(body.len()))
        .filter(|&i| body[i] == b'\n' || (body[i] == b'\r' && body.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The text Windows-1252 gives bytes (encoding_rs), with the five bytes Windows-1252 leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) shown as «\u{fffd}», not as the invisible control
/// characters encoding_rs maps them to.
fn windows_1252(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.chars()
        .map(|c| match c {
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Explains the first byte that is not UTF-8: where it is, what it probably is, what to do.
fn encoding_error(body: &[u8], delimiter: u8, first: std::str::Utf8Error) -> ImportError {
    let offset = first.valid_up_to();
    let bad = body[offset];
    let (line, line_start) = line_at(body, offset);
    let position = String::from_utf8_lossy(&body[line_start..offset])
        .chars()
        .count()
        + 1;

    // Which cell holds the byte, and the header of its column.
    let inside = |f: &RawField| f.start <= offset && offset < f.end;
    let mut tokens = Tokenizer::new(body, delimiter);
    let mut headers: Vec<String> = Vec::new();
    let mut cell: Option<(usize, Vec<u8>)> = None;
    if let Some(header) = tokens.next_record() {
        headers = header
            .fields
            .iter()
            .map(|f| normalize_header(&String::from_utf8_lossy(&f.value)))
            .collect();
        cell = header
            .fields
            .into_iter()
            .enumerate()
            .find(|(_, f)| inside(f))
            .map(|(i, f)| (i, f.value));
    }
    while cell.is_none() {
        let Some(record) = tokens.next_record() else {
            break;
        };
        cell = record
            .fields
            .into_iter()
            .enumerate()
            .find(|(_, f)| inside(f))
            .map(|(i, f)| (i, f.value));
    }

    // How many lines have such bytes (one pass: line breaks are counted between bad bytes).
    let mut bad_lines = 0usize;
    let (mut at, mut line_of_at, mut last_bad_line) = (0usize, 1usize, 0usize);
    while at < body.len() {
        let Err(e) = std::str::from_utf8(&body[at..]) else {
            break;
        };
        let o = at + e.valid_up_to();
        line_of_at += line_breaks(body, at, o);
        if line_of_at != last_bad_line {
            bad_lines += 1;
            last_bad_line = line_of_at;
        }
        let next = o + e.error_len().unwrap_or(body.len() - o).max(1);
        line_of_at += line_breaks(body, o, next);
        at = next;
    }
    let more = match bad_lines {
        0 | 1 => String::new(),
        n => format!(
            ", og {} til har slike tegn",
            count(n as i64 - 1, "linje", "linjer")
        ),
    };

    // A lone high byte followed by something that cannot continue a UTF-8 sequence is how
    // Windows-1252 / ISO-8859-1 writes æ, ø, å and other letters.
    let eight_bit = first.error_len() == Some(1) && bad >= 0x80;
    let (column, field, shown) = match &cell {
        Some((i, value)) => {
            let shown: String = if eight_bit {
                windows_1252(value)
            } else {
                String::from_utf8_lossy(value).into_owned()
            };
            let field = headers.get(*i).filter(|h| !h.is_empty()).cloned();
            (Some(i + 1), field, format!(" i «{}»", shorten(&shown, 60)))
        }
        None => (None, None, String::new()),
    };
    let message = if eight_bit {
        format!(
            "Tegnet med byte-verdi 0x{bad:02X}{shown} (tegn {position} på linjen, trolig «{}») er ikke gyldig UTF-8{more}. Filen ser ut til å være lagret som Windows-1252/ISO-8859-1, men Husk leser bare tegnkodingen UTF-8. Lagre filen på nytt som «CSV UTF-8 (kommadelt) (*.csv)» i Excel, eller velg UTF-8 som tegnkoding.",
            windows_1252(&[bad])
        )
    } else {
        format!(
            "Byte 0x{bad:02X}{shown} (tegn {position} på linjen) er ikke gyldig UTF-8{more}. Lagre filen på nytt med tegnkoding UTF-8, for eksempel som «CSV UTF-8 (kommadelt) (*.csv)»."
        )
    };
    ImportError {
        line,
        column,
        field,
        message,
    }
}

struct RawField {
    /// Byte span in the file body, quotes included.
    start: usize,
    end: usize,
    /// The cell's content, with quoting undone.
    value: Vec<u8>,
}

struct RawRecord {
    /// The line the record starts on.
    line: usize,
    fields: Vec<RawField>,
}

/// An RFC 4180 tokenizer over bytes: fields separated by the delimiter, records by `\r\n`,
/// `\n` or `\r`, fields in double quotes may hold delimiters, line breaks and `""`.
/// Leniencies: a quote inside an unquoted field is kept as text. Text after a closing quote is
/// kept but reported; an unterminated quote is reported and ends the file.
///
/// Why not the `csv` crate (which writes the exports): its reader never reports a quoting
/// mistake (by design it makes something of any input: an unterminated quote silently takes
/// the rest of the file into one cell, text after a closing quote is silently joined to the
/// cell), so Husk could not say «linje N, kolonne C» for them; it counts lines by `\n` only,
/// so a file with old Mac line breaks (`\r`) would be reported on the wrong lines; and it gives
/// a record's position in the file but not each field's, which [`encoding_error`] needs to name
/// the cell that holds a byte that is not UTF-8.
struct Tokenizer<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    delimiter: u8,
    done: bool,
    errors: Vec<ImportError>,
}

impl<'a> Tokenizer<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        Self {
            bytes,
            pos: 0,
            line: 1,
            delimiter,
            done: false,
            errors: Vec::new(),
        }
    }

    fn at_field_end(&self) -> bool {
        match self.bytes.get(self.pos) {
            None => true,
            Some(&b) => b == self.delimiter || b == b'\n' || b == b'\r',
        }
    }

    fn next_record(&mut self) -> Option<RawRecord> {
        if self.done || self.pos >= self.bytes.len() {
            return None;
        }
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let start = self.pos;
            let mut value = Vec::new();
            if self.bytes.get(self.pos) == Some(&b'"') {
                let opened_on = self.line;
                self.pos += 1;
                let mut closed = false;
                while let Some(&b) = self.bytes.get(self.pos) {
                    if b == b'"' {
                        if self.bytes.get(self.pos + 1) == Some(&b'"') {
                            value.push(b'"');
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                            closed = true;
                            break;
                        }
                    } else {
                        if b == b'\n'
                            || (b == b'\r' && self.bytes.get(self.pos + 1) != Some(&b'\n'))
                        {
                            self.line += 1;
                        }
                        value.push(b);
                        self.pos += 1;
                    }
                }
                if !closed {
                    self.errors.push(ImportError::at_cell(
                        opened_on,
                        fields.len() + 1,
                        None,
                        "Anførselstegnet som åpner cellen, blir aldri lukket, så resten av filen ble lest som én celle. Skriv et avsluttende anførselstegn (\") på slutten av cellen.",
                    ));
                    self.done = true;
                    return None;
                }
                if !self.at_field_end() {
                    let extra_start = self.pos;
                    while !self.at_field_end() {
                        self.pos += 1;
                    }
                    let extra = String::from_utf8_lossy(&self.bytes[extra_start..self.pos]);
                    self.errors.push(ImportError::at_cell(
                        self.line,
                        fields.len() + 1,
                        None,
                        format!(
                            "Teksten «{}» står etter det avsluttende anførselstegnet. Sett skilletegn eller linjeskift rett etter anførselstegnet (anførselstegn inne i en celle skrives dobbelt: \"\").",
                            shorten(&extra, 40)
                        ),
                    ));
                    value.extend_from_slice(&self.bytes[extra_start..self.pos]);
                }
            } else {
                while !self.at_field_end() {
                    self.pos += 1;
                }
                value.extend_from_slice(&self.bytes[start..self.pos]);
            }
            fields.push(RawField {
                start,
                end: self.pos,
                value,
            });
            match self.bytes.get(self.pos) {
                None => break,
                Some(&b) if b == self.delimiter => {
                    self.pos += 1;
                    if self.pos >= self.bytes.len() {
                        fields.push(RawField {
                            start: self.pos,
                            end: self.pos,
                            value: Vec::new(),
                        });
                        break;
                    }
                }
                Some(&b) => {
                    self.pos += if b == b'\r' && self.bytes.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    self.line += 1;
                    break;
                }
            }
        }
        Some(RawRecord { line, fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::*;

    #[test]
    fn semicolon_is_detected_and_list_cells_split() {
        let text = "id;kind;title;region;start_year;themes\r\nvest-01;prosjekt;Tittel, med komma;vest;2015;\"bolig;nettverk\"\r\nvest-02;prosjekt;\"Sitat \"\"her\"\"\";vest;2016;a,b\r\n";
        let rows = projects(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1.title, "Tittel, med komma");
        assert_eq!(rows[0].1.themes, vec!["bolig", "nettverk"]);
        assert_eq!(rows[1].1.title, "Sitat \"her\"");
        // Coded lists split on semicolons only (a label may hold a comma); the domain reads
        // comma-separated codes within a value.
        assert_eq!(rows[1].1.themes, vec!["a,b"]);
        assert_eq!((rows[0].0, rows[1].0), (2, 3));
    }

    #[test]
    fn comma_is_detected_even_when_quoted_header_names_hold_semicolons() {
        let text =
            "id,kind,title,region,start_year,\"themes\"\nvest-01,prosjekt,A; B,vest,2015,\"x;y\"\n";
        let rows = projects(text).unwrap();
        assert_eq!(rows[0].1.title, "A; B");
        assert_eq!(rows[0].1.themes, vec!["x", "y"]);
    }

    #[test]
    fn bom_case_and_spaces_in_headers_are_ignored() {
        let text =
            "\u{feff} ID ,Kind,TITLE,Region, start_year \nvest-01,prosjekt,Tittel,vest,2015\n";
        let table = csv(text).unwrap();
        assert_eq!(table.headers[0], "ID");
        let (rows, map) = projects_from_table(&table).unwrap();
        assert_eq!(rows[0].1.id, "vest-01");
        assert_eq!(rows[0].1.start_year, "2015");
        assert_eq!(map.column_of("id"), Some(1));
    }

    #[test]
    fn windows_1252_bytes_are_shown_as_windows_shows_them() {
        // æ, €, a byte Windows-1252 leaves undefined, and ASCII.
        assert_eq!(windows_1252(b"\xe6\x80\x81A"), "æ€\u{fffd}A");
        assert_eq!(windows_1252(b"\x9d\x9f"), "\u{fffd}Ÿ");
    }

    #[test]
    fn latin1_file_names_the_first_bad_byte_and_asks_for_utf8() {
        let mut bytes = b"id,kind,title,region,start_year,recipient\r\n".to_vec();
        bytes.extend_from_slice(b"vest-01,prosjekt,Tittel,vest,2015,Oslo kommune\r\n");
        bytes.extend_from_slice(b"vest-02,prosjekt,Tittel,vest,2015,Bod\xf8 kommune\r\n");
        bytes.extend_from_slice(b"vest-03,prosjekt,Tr\xf8ndelag,vest,2015,\r\n");
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert_eq!((e.line, e.column), (3, Some(6)));
        assert_eq!(e.field.as_deref(), Some("recipient"));
        assert!(e.message.contains("«Bodø kommune»"), "{}", e.message);
        assert!(e.message.contains("0xF8"));
        assert!(e.message.contains("tegn 38 på linjen"), "{}", e.message);
        assert!(e.message.contains("Windows-1252/ISO-8859-1"));
        assert!(e.message.contains("og 1 linje til"), "{}", e.message);
        assert!(e.message.contains("Husk leser bare tegnkodingen UTF-8"));
        assert!(e
            .to_string()
            .starts_with("Linje 3, kolonne 6 (Mottaker): Tegnet med byte-verdi 0xF8"));
    }

    #[test]
    fn a_large_latin1_file_counts_its_bad_lines_quickly() {
        let mut bytes = b"id,kind,title,region,start_year\n".to_vec();
        for i in 0..100_000 {
            bytes.extend_from_slice(format!("p-{i},prosjekt,").as_bytes());
            bytes.extend_from_slice(b"Bod\xf8 \xe6\xf8\xe5,vest,2015\n");
        }
        let started = std::time::Instant::now();
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!((e.line, e.column), (2, Some(3)));
        assert!(e.message.contains("«Bodø æøå»"), "{}", e.message);
        assert!(e.message.contains("og 99 999 linjer til"), "{}", e.message);
    }

    #[test]
    fn bad_byte_after_a_multiline_cell_is_on_its_physical_line() {
        let bytes = b"id,kind,title,region,start_year\n\"vest-01\",prosjekt,\"to\nlinjer\",vest,2015\nvest-02,prosjekt,\xe6,vest,2015\n";
        let e = only(read_table(bytes, FileFormat::Csv).unwrap_err());
        assert_eq!((e.line, e.column), (4, Some(3)));
        assert!(e.message.contains("«æ»"), "{}", e.message);
    }

    #[test]
    fn utf16_file_is_refused_with_a_hint() {
        let text = "id,kind,title,region,start_year\r\nvest-01,prosjekt,Bodø,vest,2015\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let e = only(read_table(&bytes, FileFormat::Csv).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("UTF-16") && e.message.contains("UTF-8"),
            "{}",
            e.message
        );
        assert_eq!(detect_format("x.csv", &bytes), Ok(FileFormat::Csv));
    }

    #[test]
    fn tab_and_pipe_separated_files_are_refused() {
        let e = only(
            csv("id\tkind\ttitle\tregion\tstart_year\nvest-01\tprosjekt\tT\tvest\t2015\n")
                .unwrap_err(),
        );
        assert_eq!((e.line, e.column), (1, None));
        assert!(e.message.contains("skilt med tabulator"), "{}", e.message);
        assert!(e
            .message
            .contains("Husk bruker komma (,) eller semikolon (;)"));

        let e = only(csv("id|kind|title\nvest-01|prosjekt|T\n").unwrap_err());
        assert_eq!(e.line, 1);
        assert!(e.message.contains("loddrett strek (|)"), "{}", e.message);

        // One column holding a tab: still a tab-separated file.
        let e = only(csv("id\ttitle\n").unwrap_err());
        assert!(e.message.contains("tabulator"));
    }

    #[test]
    fn missing_required_columns_are_named() {
        let errors = projects("id,title,start_year\nvest-01,T,2015\n").unwrap_err();
        let e = only(errors);
        assert_eq!(e.line, 1);
        assert!(
            e.message
                .contains("Filen mangler de påkrevde kolonnene «kind» og «region»."),
            "{}",
            e.message
        );
        assert!(e
            .message
            .contains("Overskriftslinjen må ha kolonnene id, kind, title, region og start_year."));

        let e = only(
            grants_from_table(&csv("project,year,amount_nok\nvest-01,2015,100\n").unwrap())
                .unwrap_err(),
        );
        assert!(
            e.message
                .contains("Filen mangler den påkrevde kolonnen «status»."),
            "{}",
            e.message
        );
    }

    #[test]
    fn rows_with_wrong_cell_count_are_all_reported() {
        let text = format!("{HEADER}\nvest-01,prosjekt,Fra leie, til eie,vest,2015\nvest-02,prosjekt,T,vest\nvest-03,prosjekt,T,vest,2015\n");
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains(
                "Linjen har 6 celler, men overskriftslinjen har 5. Hver linje skal ha 5 celler."
            ),
            "{}",
            errors[0].message
        );
        assert!(errors[0]
            .message
            .contains("Sett tekst som inneholder komma (,) i anførselstegn."));
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].message.contains("4 celler"));
    }

    #[test]
    fn empty_lines_are_ignored() {
        let text = format!("{HEADER}\r\nvest-01,prosjekt,T,vest,2015\r\n\r\n,,,,\r\n   \r\nvest-02,prosjekt,T,vest,2015\r\n\r\n\r\n");
        let table = csv(&text).unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 6]);
    }

    #[test]
    fn empty_files_and_files_without_rows_are_refused() {
        let e = only(read_table(b"", FileFormat::Csv).unwrap_err());
        assert!(e.message.contains("Filen er tom"), "{}", e.message);
        let e = only(read_table(b"\xef\xbb\xbf \r\n\t\n", FileFormat::Csv).unwrap_err());
        assert!(e.message.contains("Filen er tom"));
        let e = only(csv(&format!("{HEADER}\r\n\r\n")).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(e.message.contains("ingen rader med data"), "{}", e.message);
        let e = only(csv("\n\nid,kind\nx,y\n").unwrap_err());
        assert_eq!(e.line, 1);
        assert!(e.message.contains("Overskriftslinjen er tom"));
    }

    #[test]
    fn huge_files_are_refused_before_parsing() {
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let e = only(read_table(&big, FileFormat::Csv).unwrap_err());
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("Filen er for stor (50,0 MB)"),
            "{}",
            e.message
        );
        assert!(e.message.contains("høyst 50,0 MB"));
        assert!(detect_format("x.csv", &big)
            .unwrap_err()
            .message
            .contains("for stor"));
        let e = only(read_table(&big, FileFormat::Xlsx).unwrap_err());
        assert!(e.message.contains("for stor"));
    }

    #[test]
    fn too_many_rows_are_refused_with_the_count() {
        let mut text = String::from("id\n");
        for i in 0..MAX_IMPORT_ROWS + 1 {
            text.push_str(&format!("p{i}\n"));
        }
        let e = only(csv(&text).unwrap_err());
        assert!(
            e.message.contains("for mange rader: 200 001 rader"),
            "{}",
            e.message
        );
        assert!(e.message.contains("høyst 200 000 rader"));
        // Exactly the limit is fine.
        let at_limit: String = text
            .lines()
            .take(MAX_IMPORT_ROWS + 1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(csv(&at_limit).unwrap().rows.len(), MAX_IMPORT_ROWS);
    }

    #[test]
    fn quoting_mistakes_are_reported_where_they_are() {
        let text = format!("{HEADER}\nvest-01,prosjekt,\"Tittel\" med mer,vest,2015\nvest-02,prosjekt,\"Uten slutt,vest,2015\nvest-03,prosjekt,T,vest,2015\n");
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!((errors[0].line, errors[0].column), (2, Some(3)));
        assert!(
            errors[0]
                .message
                .contains("« med mer» står etter det avsluttende anførselstegnet"),
            "{}",
            errors[0].message
        );
        assert_eq!((errors[1].line, errors[1].column), (3, Some(3)));
        assert!(
            errors[1].message.contains("blir aldri lukket"),
            "{}",
            errors[1].message
        );
    }

    #[test]
    fn quoted_line_breaks_keep_physical_line_numbers() {
        let text = format!("{HEADER},description\r\nvest-01,prosjekt,T,vest,2015,\"en\r\nto\r\ntre\"\r\nvest-02,prosjekt,T,vest,2015,\r\nvest-03,prosjekt,T,vest,2015,x\rvest-04,prosjekt,T,vest,2015,y\n");
        let rows = projects(&text).unwrap();
        let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 5, 6, 7]);
        assert_eq!(rows[0].1.description, "en\r\nto\r\ntre");
    }

    #[test]
    fn errors_are_capped_with_a_count_of_the_rest() {
        let mut text = format!("{HEADER}\n");
        for i in 0..300 {
            text.push_str(&format!("p-{i},prosjekt,T,vest\n"));
        }
        let errors = csv(&text).unwrap_err();
        assert_eq!(errors.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(errors[0].line, 2);
        let last = errors.last().unwrap();
        assert_eq!(last.line, 0);
        assert!(
            last.to_string()
                .starts_with("Filen har 100 feil til som ikke vises her."),
            "{last}"
        );
    }
}
