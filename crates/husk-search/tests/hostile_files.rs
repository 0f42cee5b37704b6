//! Hostile uploads: zip bombs, PDFs with huge or looping streams, and documents with huge
//! numbers of paragraphs, built here (nothing large is committed). Each is read with
//! [`husk_search::read_document`] (what storing a document calls) while a counting global
//! allocator records the peak of live heap memory; the peak must stay under
//! [`MEMORY_BUDGET`], and the file must be refused with a message naming it and the limit.
//!
//! The tests take a lock so only one measures at a time (the allocator counts every thread).
//! `HUSK_HOSTILE_SCALE=N` divides the sizes of the bombs by N, to measure a build without the
//! limits without running the machine out of memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use husk_search::extract::{ExtractError, MEMORY_BUDGET};
use husk_search::{read_document, Extracted, Passage};

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

type Read = Result<(Extracted, Vec<Passage>), ExtractError>;

/// Reads the file, returning the result and the peak of heap memory above what was live
/// before.
fn measure(path: &Path, name: &str) -> (Read, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = read_document(path, name);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let shown = match &result {
        Ok((e, p)) => format!("read: {} blocks, {} passages", e.blocks.len(), p.len()),
        Err(e) => format!("refused: {e}"),
    };
    eprintln!(
        "{name}: {} KB file, peak {} MB; {shown}",
        std::fs::metadata(path).map(|m| m.len() >> 10).unwrap_or(0),
        peak >> 20
    );
    (result, peak)
}

fn scale() -> usize {
    std::env::var("HUSK_HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Asserts a refusal that names the file, says it is too large, and names `limit`.
fn assert_too_large(result: Read, peak: usize, name: &str, limit: &str) {
    assert!(
        peak < MEMORY_BUDGET,
        "{name}: peak {} MB is over the budget of {} MB",
        peak >> 20,
        MEMORY_BUDGET >> 20
    );
    let err = result
        .err()
        .unwrap_or_else(|| panic!("{name} was accepted"));
    assert!(
        matches!(err, ExtractError::TooLarge { .. }),
        "{name}: {err}"
    );
    let message = err.to_string();
    assert!(message.contains(&format!("«{name}»")), "{message}");
    assert!(
        message.contains(limit),
        "{name}: «{limit}» not in: {message}"
    );
    assert!(
        message.contains("Ingenting fra filen er lagret"),
        "{message}"
    );
}

/// A repeated pattern, streamed into `out` until `total` bytes.
fn repeat_into(out: &mut impl Write, pattern: &[u8], total: usize) {
    let chunk: Vec<u8> = pattern
        .iter()
        .copied()
        .cycle()
        .take(pattern.len() * (65536 / pattern.len()).max(1))
        .collect();
    let mut written = 0;
    while written < total {
        let n = chunk.len().min(total - written);
        out.write_all(&chunk[..n]).unwrap();
        written += n;
    }
}

/// One zip entry: a head, a pattern repeated to `size` bytes, and a tail.
struct Entry<'a> {
    name: &'a str,
    head: &'a str,
    pattern: &'a str,
    size: usize,
    tail: &'a str,
}

fn write_zip(path: &Path, entries: &[Entry<'_>]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for e in entries {
        zip.start_file(e.name, options).unwrap();
        zip.write_all(e.head.as_bytes()).unwrap();
        repeat_into(&mut zip, e.pattern.as_bytes(), e.size);
        zip.write_all(e.tail.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A DOCX whose body is `pattern` repeated to `size` bytes.
fn docx(dir: &Path, name: &str, pattern: &str, size: usize) -> PathBuf {
    let path = dir.join(name);
    let head = format!("<?xml version=\"1.0\"?><w:document {W}><w:body>");
    write_zip(
        &path,
        &[
            Entry {
                name: "[Content_Types].xml",
                head: "<Types/>",
                pattern: " ",
                size: 0,
                tail: "",
            },
            Entry {
                name: "word/document.xml",
                head: &head,
                pattern,
                size,
                tail: "</w:body></w:document>",
            },
        ],
    );
    path
}

fn words(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(["bolig ", "oppfølging ", "kommune ", "tilskudd "][i % 4]);
    }
    s
}

#[test]
fn docx_zip_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // Empty paragraphs: no text at all, so only the inflated size stops it.
    let path = docx(dir.path(), "bombe.docx", "<w:p/>", (160 << 20) / scale());
    let (result, peak) = measure(&path, "bombe.docx");
    assert_too_large(result, peak, "bombe.docx", "128\u{a0}MB");
}

#[test]
fn docx_with_one_huge_paragraph_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avsnitt.docx");
    let head = format!("<?xml version=\"1.0\"?><w:document {W}><w:body><w:p><w:r><w:t>");
    write_zip(
        &path,
        &[Entry {
            name: "word/document.xml",
            head: &head,
            pattern: "bolig og oppfølging ",
            size: (60 << 20) / scale(),
            tail: "</w:t></w:r></w:p></w:body></w:document>",
        }],
    );
    let (result, peak) = measure(&path, "avsnitt.docx");
    assert_too_large(result, peak, "avsnitt.docx", "32\u{a0}MB tekst");
}

#[test]
fn docx_with_a_million_tiny_paragraphs_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "<w:p><w:r><w:t>a</w:t></w:r></w:p>";
    let path = docx(
        dir.path(),
        "mange.docx",
        paragraph,
        paragraph.len() * 1_000_000 / scale(),
    );
    let (result, peak) = measure(&path, "mange.docx");
    assert_too_large(result, peak, "mange.docx", "250\u{a0}000 avsnitt");
}

#[test]
fn docx_that_splits_into_too_many_passages_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // Paragraphs of 60 words: each long enough to be a passage of its own.
    let paragraph = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", words(60));
    let path = docx(
        dir.path(),
        "passasjer.docx",
        &paragraph,
        paragraph.len() * 60_000 / scale(),
    );
    let (result, peak) = measure(&path, "passasjer.docx");
    assert_too_large(result, peak, "passasjer.docx", "50\u{a0}000 søkeavsnitt");
}

#[test]
fn odt_zip_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bombe.odt");
    write_zip(
        &path,
        &[
            Entry {
                name: "mimetype",
                head: "application/vnd.oasis.opendocument.text",
                pattern: " ",
                size: 0,
                tail: "",
            },
            Entry {
                name: "content.xml",
                head: "<?xml version=\"1.0\"?><office:document-content \
                       xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
                       xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
                       <office:body><office:text>",
                pattern: "<text:p/>",
                size: (160 << 20) / scale(),
                tail: "</office:text></office:body></office:document-content>",
            },
        ],
    );
    let (result, peak) = measure(&path, "bombe.odt");
    assert_too_large(result, peak, "bombe.odt", "128\u{a0}MB");
}

#[test]
fn text_files_past_the_text_limit_are_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    for (name, pattern) in [
        ("lang.txt", format!("{}\n\n", words(50))),
        // One line without a single line break.
        ("linje.txt", words(50)),
        ("lang.md", format!("{}\n\n", words(50))),
        ("lang.html", format!("<p>{}</p>\n", words(50))),
    ] {
        let path = dir.path().join(name);
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        repeat_into(&mut file, pattern.as_bytes(), (40 << 20) / scale());
        drop(file);
        let (result, peak) = measure(&path, name);
        assert_too_large(result, peak, name, "32\u{a0}MB tekst");
    }
}

// ---- PDF ----

/// Zlib-compresses `pattern` repeated to `size` bytes.
fn flate(pattern: &[u8], size: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    repeat_into(&mut enc, pattern, size);
    enc.finish().unwrap()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn flate_stream(dict: &str, pattern: &[u8], size: usize) -> Vec<u8> {
    stream(
        &format!("{dict} /Filter /FlateDecode"),
        &flate(pattern, size),
    )
}

/// A PDF of the given objects (object 1 is the catalog), with `trailer` added to the trailer.
fn pdf(dir: &Path, name: &str, objects: &[Vec<u8>], trailer: &str) -> PathBuf {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

const TEXT_PAGE: &str = "BT /F1 12 Tf 72 720 Td 14 TL \
    (Kommunene har ansvar for boliger til vanskeligstilte.) Tj T* \
    (Husbanken gir startlan og tilskudd til kommunene.) Tj T* \
    (Housing First gir bostedslose en egen bolig.) Tj ET";

/// Objects 1–3: catalog, pages (`kids`), and the font F1.
fn head_objects(kids: &str, count: usize) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {count} >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

fn page(contents: &str, resources: &str) -> Vec<u8> {
    format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {contents} \
         /Resources << /Font << /F1 3 0 R >> {resources} >> >>"
    )
    .into_bytes()
}

/// An object of an encrypted PDF, before encryption.
enum Body {
    /// A dictionary or other object without strings (strings would need encrypting too).
    Plain(Vec<u8>),
    /// A stream: its dictionary's entries (without `/Length`) and its content, which is
    /// encrypted as the file is written.
    Stream(String, Vec<u8>),
}

/// A PDF-file value, for the encryption dictionary (strings in hexadecimal).
fn pdf_value(object: &pdf_extract::Object) -> String {
    use pdf_extract::Object;
    match object {
        Object::Null => "null".into(),
        Object::Boolean(b) => b.to_string(),
        Object::Integer(i) => i.to_string(),
        Object::Real(r) => r.to_string(),
        Object::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
        Object::String(bytes, _) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("<{hex}>")
        }
        Object::Array(items) => {
            let items: Vec<String> = items.iter().map(pdf_value).collect();
            format!("[{}]", items.join(" "))
        }
        Object::Dictionary(dict) => {
            let entries: Vec<String> = dict
                .iter()
                .map(|(k, v)| format!("/{} {}", String::from_utf8_lossy(k), pdf_value(v)))
                .collect();
            format!("<< {} >>", entries.join(" "))
        }
        Object::Reference((n, g)) => format!("{n} {g} R"),
        Object::Stream(_) => unreachable!("no streams in an encryption dictionary"),
    }
}

/// A PDF encrypted with the standard security handler (RC4, 128-bit key), owner password
/// «eier» and `user_password` (empty: anyone may open it). `objects` are numbered from 1
/// (object 1 is the catalog); `packed` lists objects kept inside object streams, as (number,
/// number of the object stream that holds it, index in it). Its cross-reference table is a
/// stream, as object streams need.
fn encrypted_pdf(
    dir: &Path,
    name: &str,
    objects: &[Body],
    packed: &[(u32, u32, u32)],
    user_password: &str,
) -> PathBuf {
    use pdf_extract::encryption::encrypt_object;
    use pdf_extract::{
        Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
        StringFormat,
    };
    let id = b"husk-hostile-pdf".to_vec();
    let mut doc = Document::new();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id.clone(), StringFormat::Hexadecimal),
        ]),
    );
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "eier",
        user_password,
        key_length: 128,
        permissions: Permissions::default(),
    })
    .unwrap();
    let encrypt_dict = Object::Dictionary(state.encode().unwrap());

    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let last = packed
        .iter()
        .map(|(n, _, _)| *n)
        .chain([objects.len() as u32])
        .max()
        .unwrap();
    let encrypt_number = last + 1;
    let xref_number = encrypt_number + 1;
    for (i, body) in objects.iter().enumerate() {
        let number = i as u32 + 1;
        offsets.push((number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        match body {
            Body::Plain(bytes) => out.extend_from_slice(bytes),
            Body::Stream(dict, content) => {
                let mut object = Object::Stream(Stream::new(Dictionary::new(), content.clone()));
                encrypt_object(&state, (number, 0), &mut object).unwrap();
                let Object::Stream(encrypted) = object else {
                    unreachable!()
                };
                out.extend_from_slice(&stream(dict, &encrypted.content));
            }
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    offsets.push((encrypt_number, out.len()));
    out.extend_from_slice(
        format!(
            "{encrypt_number} 0 obj\n{}\nendobj\n",
            pdf_value(&encrypt_dict)
        )
        .as_bytes(),
    );
    let xref_offset = out.len();
    offsets.push((xref_number, xref_offset));
    let size = xref_number + 1;
    let mut table = Vec::new();
    for number in 0..size {
        let (kind, field2, field3) = if let Some((_, at)) =
            offsets.iter().find(|(n, _)| *n == number)
        {
            (1u8, *at as u32, 0u16)
        } else if let Some((_, container, index)) = packed.iter().find(|(n, _, _)| *n == number) {
            (2, *container, *index as u16)
        } else {
            (0, 0, if number == 0 { 65535 } else { 0 })
        };
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes());
        table.extend_from_slice(&field3.to_be_bytes());
    }
    let id_hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    out.extend_from_slice(format!("{xref_number} 0 obj\n").as_bytes());
    out.extend_from_slice(&stream(
        &format!(
            "/Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R /Encrypt {encrypt_number} 0 R \
             /ID [<{id_hex}> <{id_hex}>]"
        ),
        &table,
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_offset}\n%%EOF\n").as_bytes());
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

/// Objects 1–5 of an encrypted PDF: catalog, pages, font, one page and its text, then
/// `count` object streams (objects 6, 7, …) each holding one array of `per_stream` numbers
/// (objects 100, 101, …), none of them used. Returns the objects and where the arrays are.
fn encrypted_number_streams(count: u32, per_stream: usize) -> (Vec<Body>, Vec<(u32, u32, u32)>) {
    let mut objects: Vec<Body> = head_objects("4 0 R", 1)
        .into_iter()
        .map(Body::Plain)
        .collect();
    objects.push(Body::Plain(page("5 0 R", "")));
    objects.push(Body::Stream(String::new(), TEXT_PAGE.as_bytes().to_vec()));
    let mut packed = Vec::new();
    for i in 0..count {
        let header = format!("{} 0 ", 100 + i);
        let mut body = header.clone().into_bytes();
        body.push(b'[');
        repeat_into(&mut body, b"0 ", 2 * per_stream);
        body.push(b']');
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&body).unwrap();
        objects.push(Body::Stream(
            format!(
                "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
                header.len()
            ),
            enc.finish().unwrap(),
        ));
        packed.push((100 + i, objects.len() as u32, 0));
    }
    (objects, packed)
}

#[test]
fn pdf_with_a_huge_flate_stream_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("[5 0 R 6 0 R]", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    objects.push(flate_stream("", b"0 0 m 1 1 l S\n", (300 << 20) / scale()));
    let path = pdf(dir.path(), "strom.pdf", &objects, "");
    let (result, peak) = measure(&path, "strom.pdf");
    assert_too_large(result, peak, "strom.pdf", "32\u{a0}MB");
}

#[test]
fn pdf_with_an_object_stream_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    objects.push(flate_stream(
        "/Type /ObjStm /N 1 /First 4",
        b"7 0 ",
        (200 << 20) / scale(),
    ));
    let path = pdf(dir.path(), "objekter.pdf", &objects, "");
    let (result, peak) = measure(&path, "objekter.pdf");
    assert_too_large(result, peak, "objekter.pdf", "8\u{a0}MB");
}

/// A PDF of the given objects (object 1 is the catalog) whose cross-reference table is a
/// flate-compressed stream, as object streams need: one entry of 7 bytes (`/W [1 4 2]`) per
/// object, then `padding` zero bytes that no entry uses but that are inflated all the same.
fn pdf_with_xref_stream(dir: &Path, name: &str, objects: &[Vec<u8>], padding: usize) -> PathBuf {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut table = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
    let entry = |table: &mut Vec<u8>, offset: usize| {
        table.push(1);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&[0, 0]);
    };
    for (i, body) in objects.iter().enumerate() {
        entry(&mut table, out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let number = objects.len() + 1;
    let xref = out.len();
    entry(&mut table, xref);
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&table).unwrap();
    repeat_into(&mut enc, &[0], padding);
    out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
    out.extend_from_slice(&stream(
        &format!(
            "/Type /XRef /Size {} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
            number + 1
        ),
        &enc.finish().unwrap(),
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

/// A PDF like [`pdf`] whose trailer has `key` (a spelling of `/Prev`) pointing at the first
/// line that is `target` (`7 0 obj`, say): lopdf reads what is there as an earlier
/// cross-reference section.
fn pdf_with_prev(dir: &Path, name: &str, objects: &[Vec<u8>], key: &str, target: &str) -> PathBuf {
    const PLACEHOLDER: &str = "0000000000";
    let path = pdf(dir, name, objects, &format!("{key} {PLACEHOLDER}"));
    let mut bytes = std::fs::read(&path).unwrap();
    let line = format!("\n{target}\n");
    let at = memchr::memmem::find(&bytes, line.as_bytes()).unwrap() + 1;
    let slot = memchr::memmem::rfind(&bytes, PLACEHOLDER.as_bytes()).unwrap();
    bytes[slot..slot + PLACEHOLDER.len()].copy_from_slice(format!("{at:010}").as_bytes());
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Asserts that the peak was well under what the largest cross-reference stream Husk lets
/// lopdf read needs.
fn assert_small_peak(peak: usize, name: &str) {
    assert!(peak < 64 << 20, "{name}: peak {} MB", peak >> 20);
}

#[test]
fn pdf_whose_cross_reference_stream_inflates_too_much_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // lopdf inflates the cross-reference stream whole while it reads the trailer, before
    // anything else: 200 MB of it here.
    let path = pdf_with_xref_stream(dir.path(), "kryssref.pdf", &objects, (200 << 20) / scale());
    let (result, peak) = measure(&path, "kryssref.pdf");
    assert_small_peak(peak, "kryssref.pdf");
    assert_too_large(result, peak, "kryssref.pdf", "8\u{a0}MB");
}

#[test]
fn pdf_whose_earlier_cross_reference_section_is_a_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // The table at `startxref` is a plain one, but its trailer's `/Prev` (spelt with an
    // escape, a comment before the number) points at a stream without `/Type /XRef` that
    // lopdf inflates as an earlier cross-reference section.
    objects.push(flate_stream(
        "/Size 1 /W [1 4 2]",
        &[0],
        (200 << 20) / scale(),
    ));
    let path = pdf_with_prev(
        dir.path(),
        "forrige.pdf",
        &objects,
        "/P#72ev %\n",
        "6 0 obj",
    );
    let (result, peak) = measure(&path, "forrige.pdf");
    assert_small_peak(peak, "forrige.pdf");
    assert_too_large(result, peak, "forrige.pdf", "8\u{a0}MB");
}

#[test]
fn pdf_whose_cross_reference_stream_lists_a_billion_objects_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // Entries of no bytes at all (`/W [0 0 0]`): lopdf adds one to its table for every number
    // in `/Index`, without reading anything.
    let count = 1_000_000_000 / scale();
    objects.push(stream(
        &format!("/Size 1 /W [0 0 0] /Index [0 {count}]"),
        b"",
    ));
    let path = pdf_with_prev(dir.path(), "oppforinger.pdf", &objects, "/Prev", "6 0 obj");
    let (result, peak) = measure(&path, "oppforinger.pdf");
    assert_small_peak(peak, "oppforinger.pdf");
    assert_too_large(result, peak, "oppforinger.pdf", "500\u{a0}000 oppføringer");
}

#[test]
fn pdf_whose_earlier_cross_reference_table_lists_too_many_objects_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // A plain table of 600 000 entries, all at the catalog: lopdf would read it 600 000 times.
    let count = 600_000 / scale();
    let mut table = format!("xref\n0 {count}\n").into_bytes();
    repeat_into(&mut table, b"0000000015 00000 n \n", 20 * count);
    table.extend_from_slice(format!("trailer\n<< /Size {count} >>").as_bytes());
    objects.push(stream("", &table));
    let path = pdf_with_prev(dir.path(), "tabell.pdf", &objects, "/Prev", "xref");
    let (result, peak) = measure(&path, "tabell.pdf");
    assert_small_peak(peak, "tabell.pdf");
    assert_too_large(result, peak, "tabell.pdf", "500\u{a0}000 oppføringer");
}

#[test]
fn pdf_whose_earlier_cross_reference_section_hides_in_a_stream_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // `/Prev` points into a stream's content, at an object of four million numbers that the
    // count of the file's values skips (lopdf never parses a stream's content, except here).
    let mut hidden = b"7 0 obj\n[".to_vec();
    repeat_into(&mut hidden, b"0 ", (8 << 20) / scale());
    hidden.extend_from_slice(b"]\nendobj");
    objects.push(stream("", &hidden));
    let path = pdf_with_prev(dir.path(), "skjult.pdf", &objects, "/Prev", "7 0 obj");
    let (result, peak) = measure(&path, "skjult.pdf");
    assert_small_peak(peak, "skjult.pdf");
    assert_too_large(result, peak, "skjult.pdf", "750\u{a0}000 enkeltverdier");
}

#[test]
fn pdf_made_of_a_huge_array_of_numbers_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // 16 MB of `0 ` in one unused array: eight million values for lopdf to make.
    let mut array = b"[".to_vec();
    repeat_into(&mut array, b"0 ", (16 << 20) / scale());
    array.push(b']');
    objects.push(array);
    let path = pdf(dir.path(), "tall.pdf", &objects, "");
    let (result, peak) = measure(&path, "tall.pdf");
    assert_too_large(result, peak, "tall.pdf", "750\u{a0}000 enkeltverdier");
}

#[test]
fn pdf_whose_object_streams_hold_too_many_numbers_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // Twelve object streams, each well under the size limit for one object stream and under
    // the token limit on its own, but with 4.8 million values together.
    let per_stream = 400_000 / scale();
    for i in 0..12 {
        let header = format!("{} 0 ", 100 + i);
        let mut body = header.clone().into_bytes();
        body.push(b'[');
        repeat_into(&mut body, b"0 ", 2 * per_stream);
        body.push(b']');
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&body).unwrap();
        objects.push(stream(
            &format!(
                "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
                header.len()
            ),
            &enc.finish().unwrap(),
        ));
    }
    let path = pdf(dir.path(), "objekttall.pdf", &objects, "");
    let (result, peak) = measure(&path, "objekttall.pdf");
    assert_too_large(result, peak, "objekttall.pdf", "750\u{a0}000 enkeltverdier");
}

#[test]
fn pdf_whose_object_stream_points_many_objects_at_one_array_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // One object stream of 300 000 numbers (under the token limit), but 64 objects all start at
    // the same array: parsed once per object, that is 19 million values.
    let numbers = 300_000 / scale();
    let index: String = (0..64).map(|i| format!("{} 0 ", 100 + i)).collect();
    let mut body = index.clone().into_bytes();
    body.push(b'[');
    repeat_into(&mut body, b"0 ", 2 * numbers);
    body.push(b']');
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&body).unwrap();
    objects.push(stream(
        &format!(
            "/Type /ObjStm /N 64 /First {} /Filter /FlateDecode",
            index.len()
        ),
        &enc.finish().unwrap(),
    ));
    let path = pdf(dir.path(), "samme-tall.pdf", &objects, "");
    let (result, peak) = measure(&path, "samme-tall.pdf");
    assert_too_large(result, peak, "samme-tall.pdf", "750\u{a0}000 enkeltverdier");
}

#[test]
fn encrypted_pdf_whose_object_streams_hold_too_many_numbers_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // As above, but encrypted with only an owner password, so anyone may open it and the
    // object streams are read only once decrypted.
    let (objects, packed) = encrypted_number_streams(12, 400_000 / scale());
    let path = encrypted_pdf(dir.path(), "kryptert-tall.pdf", &objects, &packed, "");
    let (result, peak) = measure(&path, "kryptert-tall.pdf");
    assert_too_large(
        result,
        peak,
        "kryptert-tall.pdf",
        "750\u{a0}000 enkeltverdier",
    );
}

#[test]
fn encrypted_pdf_whose_object_stream_inflates_too_much_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (mut objects, _) = encrypted_number_streams(0, 0);
    objects.push(Body::Stream(
        "/Type /ObjStm /N 1 /First 6 /Filter /FlateDecode".into(),
        flate(b"100 0 ", (200 << 20) / scale()),
    ));
    let path = encrypted_pdf(
        dir.path(),
        "kryptert-objekter.pdf",
        &objects,
        &[(100, 6, 0)],
        "",
    );
    let (result, peak) = measure(&path, "kryptert-objekter.pdf");
    assert_too_large(result, peak, "kryptert-objekter.pdf", "8\u{a0}MB");
}

#[test]
fn encrypted_pdf_with_only_an_owner_password_is_read() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // The page (object 5) and its font (6) inside an encrypted object stream (4).
    let mut objects = vec![
        Body::Plain(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        Body::Plain(b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>".to_vec()),
        Body::Stream(String::new(), TEXT_PAGE.as_bytes().to_vec()),
    ];
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    let page = String::from_utf8(page("3 0 R", ""))
        .unwrap()
        .replace("/F1 3 0 R", "/F1 6 0 R");
    let index = format!("5 0 6 {} ", page.len() + 1);
    objects.push(Body::Stream(
        format!("/Type /ObjStm /N 2 /First {}", index.len()),
        format!("{index}{page} {font}").into_bytes(),
    ));
    let path = encrypted_pdf(
        dir.path(),
        "eierpassord.pdf",
        &objects,
        &[(5, 4, 0), (6, 4, 1)],
        "",
    );
    let (result, peak) = measure(&path, "eierpassord.pdf");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    let (extracted, _) = result.unwrap();
    assert!(
        extracted
            .blocks
            .iter()
            .any(|b| b.text.contains("Kommunene har ansvar")),
        "{:?}",
        extracted.blocks
    );
}

#[test]
fn pdf_that_is_not_encrypted_but_names_encrypt_is_read_as_written() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // `/Encrypt` is hidden from lopdf while loading; here it is only text on the page, and must
    // come out as written.
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    let text = format!("{TEXT_PAGE} BT /F1 12 Tf 72 600 Td (Se /Encrypt i tilhengeren.) Tj ET");
    objects.push(stream("", text.as_bytes()));
    let path = pdf(dir.path(), "om-kryptering.pdf", &objects, "");
    let (result, _) = measure(&path, "om-kryptering.pdf");
    let (extracted, _) = result.unwrap();
    assert!(
        extracted
            .blocks
            .iter()
            .any(|b| b.text.contains("Se /Encrypt i tilhengeren.")),
        "{:?}",
        extracted.blocks
    );
}

#[test]
fn pdf_needing_a_password_is_called_encrypted_without_reading_its_object_streams() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (objects, packed) = encrypted_number_streams(12, 400_000 / scale());
    let path = encrypted_pdf(dir.path(), "passord.pdf", &objects, &packed, "hemmelig");
    let (result, peak) = measure(&path, "passord.pdf");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    let err = result.unwrap_err();
    assert!(matches!(err, ExtractError::Encrypted { .. }), "{err}");
    assert!(err.to_string().contains("«passord.pdf»"), "{err}");
}

#[test]
fn pdf_whose_streams_together_inflate_too_much_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // Ten unused streams just under the per-stream limit.
    let one = flate(b"% kommentar\n", (30 << 20) / scale());
    for _ in 0..10 {
        objects.push(stream("/Filter /FlateDecode", &one));
    }
    let path = pdf(dir.path(), "mange-strommer.pdf", &objects, "");
    let (result, peak) = measure(&path, "mange-strommer.pdf");
    assert_too_large(result, peak, "mange-strommer.pdf", "256\u{a0}MB");
}

#[test]
fn pdf_page_with_too_much_drawing_is_left_out_with_a_note() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R 5 0 R", 2);
    objects.push(page("6 0 R", ""));
    objects.push(page("7 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // Page 2: 20 MB of numbers for one drawing operator (the worst case for pdf-extract's
    // parser: every two bytes become a 120-byte object).
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    repeat_into(&mut enc, b"0 ", (20 << 20) / scale());
    enc.write_all(b"m\n").unwrap();
    objects.push(stream("/Filter /FlateDecode", &enc.finish().unwrap()));
    let path = pdf(dir.path(), "kart.pdf", &objects, "");
    let (result, peak) = measure(&path, "kart.pdf");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    let (extracted, _) = result.unwrap();
    assert!(
        extracted
            .blocks
            .iter()
            .any(|b| b.text.contains("Kommunene har ansvar")),
        "{:?}",
        extracted.blocks
    );
    assert!(
        extracted
            .notes
            .iter()
            .any(|n| n.contains("«kart.pdf»") && n.contains("side 2") && n.contains("hoppet over")),
        "{:?}",
        extracted.notes
    );
}

#[test]
fn pdf_page_just_under_the_drawing_limit_stays_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("[5 0 R 6 0 R]", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    let limit = husk_search::extract::MAX_PDF_PAGE_PROGRAM as usize;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    repeat_into(&mut enc, b"0 ", limit - 64 * 1024);
    enc.write_all(b"m\n").unwrap();
    objects.push(stream("/Filter /FlateDecode", &enc.finish().unwrap()));
    let path = pdf(dir.path(), "tegning.pdf", &objects, "");
    let (result, peak) = measure(&path, "tegning.pdf");
    assert!(
        peak < MEMORY_BUDGET,
        "peak {} MB is over the budget",
        peak >> 20
    );
    let (extracted, _) = result.unwrap();
    assert!(extracted.notes.is_empty(), "{:?}", extracted.notes);
}

#[test]
fn pdf_with_a_character_map_of_four_billion_codes_is_refused() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects[2] =
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec();
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    objects.push(stream(
        "",
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
          1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n\
          1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n\
          endcmap CMapName currentdict /CMap defineresource pop end end",
    ));
    let path = pdf(dir.path(), "tegntabell.pdf", &objects, "");
    let (result, peak) = measure(&path, "tegntabell.pdf");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    let err = result.unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("«tegntabell.pdf»"), "{err}");
}

#[test]
fn pdf_whose_forms_call_themselves_is_refused_instead_of_overflowing_the_stack() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", "/XObject << /Fm1 6 0 R >>"));
    objects.push(stream("", format!("{TEXT_PAGE} /Fm1 Do").as_bytes()));
    objects.push(stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 6 0 R >> >>",
        b"/Fm1 Do",
    ));
    let path = pdf(dir.path(), "lokke.pdf", &objects, "");
    let (result, _) = measure(&path, "lokke.pdf");
    let err = result.unwrap_err();
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("evig løkke"), "{err}");
}

#[test]
fn pdf_forms_that_are_reused_are_read() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    // The form has no resources of its own (it runs with the page's, which name it too): not a
    // loop, since the form itself calls nothing.
    objects.push(page("5 0 R", "/XObject << /Fm1 6 0 R >>"));
    objects.push(stream("", b"/Fm1 Do /Fm1 Do"));
    objects.push(stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
        TEXT_PAGE.as_bytes(),
    ));
    let path = pdf(dir.path(), "skjema.pdf", &objects, "");
    let (result, _) = measure(&path, "skjema.pdf");
    let (extracted, _) = result.unwrap();
    assert!(extracted
        .blocks
        .iter()
        .any(|b| b.text.contains("Kommunene har ansvar")));
}

#[test]
fn pdf_encrypted_with_a_certificate_is_called_encrypted_not_scanned() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    objects.push(
        b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 /Length 128 \
          /CF << /DefaultCryptFilter << /CFM /AESV2 /Recipients [<3082>] >> >> \
          /StmF /DefaultCryptFilter /StrF /DefaultCryptFilter >>"
            .to_vec(),
    );
    let path = pdf(
        dir.path(),
        "sertifikat.pdf",
        &objects,
        "/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    );
    let (result, _) = measure(&path, "sertifikat.pdf");
    let err = result.unwrap_err();
    assert!(matches!(err, ExtractError::Encrypted { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("«sertifikat.pdf»")
            && message.contains("kryptert")
            && message.contains("uten passord"),
        "{message}"
    );
}

// ---- PDF: what the cross-reference table makes lopdf read ----

/// A PDF like [`pdf`] whose cross-reference table also lists each of `extra` (an object
/// number, and the object, from 1, whose place it gives): lopdf reads an object once for each
/// entry that points at it.
fn pdf_with_entries(
    dir: &Path,
    name: &str,
    objects: &[Vec<u8>],
    extra: &[(usize, usize)],
) -> PathBuf {
    let path = pdf(dir, name, objects, "");
    let bytes = std::fs::read(&path).unwrap();
    let offset_of = |object: usize| {
        let header = format!("\n{object} 0 obj\n");
        memchr::memmem::find(&bytes, header.as_bytes()).unwrap() + 1
    };
    let trailer = memchr::memmem::rfind(&bytes, b"trailer").unwrap();
    let mut out = bytes[..trailer].to_vec();
    for (number, object) in extra {
        out.extend_from_slice(
            format!("{number} 1\n{:010} 00000 n \n", offset_of(*object)).as_bytes(),
        );
    }
    let size = extra
        .iter()
        .map(|(n, _)| n + 1)
        .max()
        .unwrap_or(0)
        .max(objects.len() + 1);
    let xref = memchr::memmem::rfind(&bytes, b"\nxref\n").unwrap() + 1;
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    std::fs::write(&path, out).unwrap();
    path
}

/// Asserts a refusal of a damaged file that names it and says `what`.
fn assert_corrupt(result: Read, peak: usize, name: &str, what: &str) {
    assert!(
        peak < MEMORY_BUDGET,
        "{name}: peak {} MB is over the budget of {} MB",
        peak >> 20,
        MEMORY_BUDGET >> 20
    );
    let err = result
        .err()
        .unwrap_or_else(|| panic!("{name} was accepted"));
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{name}: {err}");
    let message = err.to_string();
    assert!(message.contains(&format!("«{name}»")), "{message}");
    assert!(message.contains(what), "{name}: «{what}» not in: {message}");
}

#[test]
fn pdf_whose_cross_reference_table_points_many_entries_at_one_object_is_refused_in_bounded_memory()
{
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // Twenty more entries at one array of 300 000 numbers (under the limit on values, counted
    // once in the file), or at one stream of 16 MB: lopdf reads and keeps it twenty-one times.
    let mut array = b"[".to_vec();
    repeat_into(&mut array, b"0 ", 600_000 / scale());
    array.push(b']');
    let mut content = Vec::new();
    repeat_into(&mut content, b"0 ", (16 << 20) / scale());
    for (name, object) in [
        ("samme-sted.pdf", array),
        ("samme-strom.pdf", stream("", &content)),
    ] {
        let mut objects = head_objects("4 0 R", 1);
        objects.push(page("5 0 R", ""));
        objects.push(stream("", TEXT_PAGE.as_bytes()));
        objects.push(object);
        let extra: Vec<(usize, usize)> = (100..120).map(|number| (number, 6)).collect();
        let path = pdf_with_entries(dir.path(), name, &objects, &extra);
        let (result, peak) = measure(&path, name);
        assert_small_peak(peak, name);
        assert_corrupt(result, peak, name, "de samme delene av filen");
    }
}

#[test]
fn pdf_whose_cross_reference_entries_point_into_streams_are_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // An object of four million numbers between `stream` and `endstream`, which the count of
    // the file's values skips (lopdf reads a stream's content as bytes, but reads an object
    // wherever an entry points): first loose between the objects, then inside a stream.
    let mut hidden = b"7 0 obj\n[".to_vec();
    repeat_into(&mut hidden, b"0 ", (8 << 20) / scale());
    hidden.extend_from_slice(b"]\nendobj");
    let path = pdf(dir.path(), "skjult-objekt.pdf", &objects, "");
    let bytes = std::fs::read(&path).unwrap();
    let xref = memchr::memmem::rfind(&bytes, b"\nxref\n").unwrap() + 1;
    let trailer = memchr::memmem::rfind(&bytes, b"trailer").unwrap();
    let mut out = bytes[..xref].to_vec();
    out.extend_from_slice(b"stream\n");
    let at = out.len();
    out.extend_from_slice(&hidden);
    out.extend_from_slice(b"\nendstream\n");
    let new_xref = out.len();
    out.extend_from_slice(&bytes[xref..trailer]);
    out.extend_from_slice(format!("7 1\n{at:010} 00000 n \n").as_bytes());
    out.extend_from_slice(
        format!("trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n{new_xref}\n%%EOF\n").as_bytes(),
    );
    std::fs::write(&path, out).unwrap();
    let (result, peak) = measure(&path, "skjult-objekt.pdf");
    assert_small_peak(peak, "skjult-objekt.pdf");
    assert_too_large(
        result,
        peak,
        "skjult-objekt.pdf",
        "750\u{a0}000 enkeltverdier",
    );

    // Inside a stream, the object and the stream overlap: lopdf would read those bytes twice.
    objects.push(stream("", &hidden));
    let path = pdf(dir.path(), "inni-strom.pdf", &objects, "");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = memchr::memmem::find(&bytes, b"\n7 0 obj\n").unwrap() + 1;
    let trailer = memchr::memmem::rfind(&bytes, b"trailer").unwrap();
    let entry = format!("7 1\n{at:010} 00000 n \n");
    bytes.splice(trailer..trailer, entry.bytes());
    std::fs::write(&path, bytes).unwrap();
    let (result, peak) = measure(&path, "inni-strom.pdf");
    assert_small_peak(peak, "inni-strom.pdf");
    assert_corrupt(result, peak, "inni-strom.pdf", "de samme delene av filen");
}

#[test]
fn pdf_whose_stream_lengths_point_from_stream_to_stream_is_refused_instead_of_overflowing_the_stack(
) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    objects.push(stream("", TEXT_PAGE.as_bytes()));
    // Each stream's `/Length` is the next stream: to read one, lopdf reads the next, which
    // reads the next, … (once for each stream, 5 000 deep).
    let count = 5000;
    for i in 0..count {
        objects.push(if i + 1 == count {
            b"<< /Length 0 >>\nstream\n\nendstream".to_vec()
        } else {
            format!("<< /Length {} 0 R >>\nstream\n\nendstream", 7 + i).into_bytes()
        });
    }
    let path = pdf(dir.path(), "lengder.pdf", &objects, "");
    let (result, peak) = measure(&path, "lengder.pdf");
    assert_corrupt(result, peak, "lengder.pdf", "lengden til en datastrøm");
}

/// A PDF whose content stream (object 5) has its `/Length` in an object stream (object 6, as
/// object 7), followed there by `padding` zero bytes; its cross-reference table is a stream.
fn pdf_with_packed_length(dir: &Path, name: &str, padding: usize) -> PathBuf {
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    let mut content = b"<< /Length 7 0 R >>\nstream\n".to_vec();
    content.extend_from_slice(TEXT_PAGE.as_bytes());
    content.extend_from_slice(b"\nendstream");
    objects.push(content);
    let index = "7 0 ";
    let mut packed = format!("{index}{}\n", TEXT_PAGE.len()).into_bytes();
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&packed).unwrap();
    repeat_into(&mut enc, &[0], padding);
    packed = enc.finish().unwrap();
    objects.push(stream(
        &format!(
            "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
            index.len()
        ),
        &packed,
    ));
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut table = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
    for (i, body) in objects.iter().enumerate() {
        table.push(1);
        table.extend_from_slice(&(out.len() as u32).to_be_bytes());
        table.extend_from_slice(&[0, 0]);
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    // Object 7: the first in object stream 6; object 8: the table.
    table.extend_from_slice(&[2, 0, 0, 0, 6, 0, 0]);
    let xref = out.len();
    table.push(1);
    table.extend_from_slice(&(xref as u32).to_be_bytes());
    table.extend_from_slice(&[0, 0]);
    out.extend_from_slice(b"8 0 obj\n");
    out.extend_from_slice(&stream(
        "/Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R",
        &table,
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn pdf_whose_stream_length_is_in_an_object_stream_bomb_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // A length kept in an object stream is read as it is written.
    let path = pdf_with_packed_length(dir.path(), "lengde.pdf", 0);
    let (result, peak) = measure(&path, "lengde.pdf");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    let (extracted, _) = result.unwrap();
    assert!(
        format!("{:?}", extracted.blocks).contains("Husbanken gir startlan"),
        "{:?}",
        extracted.blocks
    );
    // But lopdf inflates that object stream whole, before any check, to find the length: here
    // it inflates to 200 MB.
    let path = pdf_with_packed_length(dir.path(), "lengdebombe.pdf", (200 << 20) / scale());
    let (result, peak) = measure(&path, "lengdebombe.pdf");
    assert_small_peak(peak, "lengdebombe.pdf");
    assert_too_large(result, peak, "lengdebombe.pdf", "8\u{a0}MB");
}

#[test]
fn pdf_stream_with_predictor_rows_of_hundreds_of_megabytes_is_refused_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", ""));
    // A page of a few bytes whose rows (for undoing a PNG predictor) are 200 MB long: lopdf
    // allocates two such rows before it reads any.
    let columns = 200_000_000 / scale();
    objects.push(stream(
        &format!("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns {columns} >>"),
        &flate(TEXT_PAGE.as_bytes(), TEXT_PAGE.len()),
    ));
    let path = pdf(dir.path(), "rader.pdf", &objects, "");
    let (result, peak) = measure(&path, "rader.pdf");
    assert_small_peak(peak, "rader.pdf");
    assert_corrupt(
        result,
        peak,
        "rader.pdf",
        "rader på mer enn 65\u{a0}536 byte",
    );
}

#[test]
fn pdf_page_drawing_an_image_bomb_is_read_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", "/XObject << /Im1 6 0 R >>"));
    objects.push(stream("", format!("{TEXT_PAGE} /Im1 Do").as_bytes()));
    // An image of 300 MB of pixels, drawn by the page: pdf-extract inflates whatever `Do`
    // names, each time, and runs it as a drawing program.
    objects.push(flate_stream(
        "/Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0],
        (300 << 20) / scale(),
    ));
    let path = pdf(dir.path(), "bilde.pdf", &objects, "");
    let (result, peak) = measure(&path, "bilde.pdf");
    assert_small_peak(peak, "bilde.pdf");
    let (extracted, _) = result.unwrap();
    assert!(
        format!("{:?}", extracted.blocks).contains("Husbanken gir startlan"),
        "{:?}",
        extracted.blocks
    );
}

#[test]
fn pdf_page_setting_a_huge_colour_profile_many_times_is_read_quickly_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page(
        "5 0 R",
        "/ColorSpace << /CS0 [/ICCBased 6 0 R] /CS1 7 0 R >>",
    ));
    // pdf-extract inflates a colour space's ICC profile afresh at every `cs`/`CS`, and copies
    // it at every `q`; the deadline is only looked at when text is output.
    let mut program = String::from(TEXT_PAGE);
    for _ in 0..1_000 {
        program.push_str(" /CS0 cs /CS1 CS");
    }
    program.push_str(" q q q q q q q q q q q q q q q q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q Q");
    objects.push(stream("", program.as_bytes()));
    objects.push(flate_stream("/N 3", &[0], (16 << 20) / scale()));
    // A spot colour with the profile as its alternate space and a sampled tint function,
    // which pdf-extract inflates the same way.
    objects.push(b"[/Separation /Spot [/ICCBased 6 0 R] 8 0 R]".to_vec());
    objects.push(flate_stream(
        "/FunctionType 0 /Domain [0 1] /Range [0 1 0 1 0 1] /Size [2] /BitsPerSample 8",
        &[0],
        (16 << 20) / scale(),
    ));
    let path = pdf(dir.path(), "farger.pdf", &objects, "");
    let started = std::time::Instant::now();
    let (result, peak) = measure(&path, "farger.pdf");
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("farger.pdf: {seconds:.1} s");
    assert_small_peak(peak, "farger.pdf");
    assert!(seconds < 5.0, "farger.pdf took {seconds:.1} s");
    let (extracted, _) = result.unwrap();
    assert!(
        format!("{:?}", extracted.blocks).contains("Husbanken gir startlan"),
        "{:?}",
        extracted.blocks
    );
}

#[test]
fn pdf_page_saving_a_huge_soft_mask_many_times_is_read_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let mut objects = head_objects("4 0 R", 1);
    objects.push(page("5 0 R", "/ExtGState << /GS0 << /SMask 6 0 R >> >>"));
    // pdf-extract copies a graphics state's soft mask (a dictionary) at every `gs` and `q`.
    let mut program = String::from(TEXT_PAGE);
    program.push_str(" /GS0 gs");
    for _ in 0..64 {
        program.push_str(" q /GS0 gs");
    }
    objects.push(stream("", program.as_bytes()));
    let mut mask = String::from("<< /Type /Mask /S /Luminosity");
    for i in 0..30_000 / scale() {
        mask.push_str(&format!(" /k{i} 0"));
    }
    mask.push_str(" >>");
    objects.push(mask.into_bytes());
    let path = pdf(dir.path(), "maske.pdf", &objects, "");
    let (result, peak) = measure(&path, "maske.pdf");
    assert_small_peak(peak, "maske.pdf");
    let (extracted, _) = result.unwrap();
    assert!(
        format!("{:?}", extracted.blocks).contains("Husbanken gir startlan"),
        "{:?}",
        extracted.blocks
    );
}
