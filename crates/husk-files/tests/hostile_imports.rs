//! Hostile register imports: an XLSX with one cell at XFD1048576 (the spreadsheet reader used
//! to allocate the whole rectangle and abort the process), zip bombs inside an XLSX, and a
//! workbook that claims billions of shared strings. Each is read with
//! [`husk_files::read_table`] while a counting global allocator records the peak of live
//! heap memory, which must stay under [`BUDGET`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use husk_files::{read_table, FileFormat, ImportError, Table};

/// What one import may allocate at its peak (the server's budget is 512 MB over idle).
const BUDGET: usize = 256 << 20;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let grown = new_size - layout.size();
                let now = CURRENT.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn measure(name: &str, bytes: &[u8]) -> (Result<Table, Vec<ImportError>>, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = read_table(bytes, FileFormat::Xlsx);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    eprintln!(
        "{name}: {} KB file, peak {} MB; {}",
        bytes.len() >> 10,
        peak >> 20,
        match &result {
            Ok(t) => format!("read {} rows", t.rows.len()),
            Err(e) => format!("refused: {}", e[0]),
        }
    );
    (result, peak)
}

/// A small valid register workbook, with `extra` written into the first sheet too.
fn workbook(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["id", "kind", "title", "region", "start_year"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["P-1", "prosjekt", "Bo trygt", "ost", "2015"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    extra(sheet);
    book.save_to_buffer().unwrap()
}

/// The workbook's zip entries copied into a new zip, with `(name, pattern, size)` parts added
/// or replacing those of the same name.
fn with_parts(book: &[u8], parts: &[(&str, &str, usize)]) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if parts.iter().any(|(n, _, _)| *n == name) {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    for (name, pattern, size) in parts {
        out.start_file(*name, options).unwrap();
        let chunk = pattern.repeat((65536 / pattern.len()).max(1));
        let mut written = 0;
        while written < *size {
            let n = chunk.len().min(size - written);
            out.write_all(&chunk.as_bytes()[..n]).unwrap();
            written += n;
        }
    }
    out.finish().unwrap().into_inner()
}

fn refusal(result: Result<Table, Vec<ImportError>>) -> String {
    match result {
        Ok(t) => panic!("accepted with {} rows", t.rows.len()),
        Err(errors) => errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn a_cell_at_xfd1048576_is_refused_without_allocating_the_rectangle() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let bytes = workbook(|sheet| {
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let (result, peak) = measure("XFD1048576.xlsx", &bytes);
    assert!(peak < BUDGET, "peak {} MB", peak >> 20);
    let message = refusal(result);
    assert!(
        message.contains("XFD1048576") && message.contains("Ingenting er importert"),
        "{message}"
    );
}

#[test]
fn a_value_far_to_the_right_cannot_widen_every_row_past_the_memory_budget() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    // 9,000 rows, and one value in column 999: every row would get 1,000 cells.
    let bytes = workbook(|sheet| {
        for r in 2..9_000u32 {
            sheet.write_string(r, 0, "P").unwrap();
        }
        sheet.write_string(5, 998, "langt til høyre").unwrap();
    });
    let (result, peak) = measure("bred.xlsx", &bytes);
    assert!(peak < BUDGET, "peak {} MB", peak >> 20);
    let message = refusal(result);
    assert!(message.contains("celler"), "{message}");
}

#[test]
fn an_xlsx_zip_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let book = workbook(|_| {});
    // Shared strings that inflate to 100 MB (calamine reads them whole).
    let bytes = with_parts(
        &book,
        &[("xl/sharedStrings.xml", "<si><t>bolig</t></si>", 100 << 20)],
    );
    let (result, peak) = measure("bombe.xlsx", &bytes);
    assert!(peak < BUDGET, "peak {} MB", peak >> 20);
    let message = refusal(result);
    assert!(
        message.contains("xl/sharedStrings.xml") && message.contains("zip-bombe"),
        "{message}"
    );

    // A worksheet that inflates to 300 MB of empty rows.
    let bytes = with_parts(&book, &[("xl/worksheets/sheet1.xml", "<row/>", 300 << 20)]);
    let (result, peak) = measure("arkbombe.xlsx", &bytes);
    assert!(peak < BUDGET, "peak {} MB", peak >> 20);
    let message = refusal(result);
    assert!(message.contains("xl/worksheets/sheet1.xml"), "{message}");
}

#[test]
fn a_workbook_claiming_billions_of_shared_strings_is_refused() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let book = workbook(|_| {});
    let strings = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/\
        spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"900000000000\"><si><t>id</t></si></sst>";
    let bytes = with_parts(&book, &[("xl/sharedStrings.xml", strings, strings.len())]);
    let (result, peak) = measure("strenger.xlsx", &bytes);
    assert!(peak < BUDGET, "peak {} MB", peak >> 20);
    let message = refusal(result);
    assert!(message.contains("skadet"), "{message}");
}
