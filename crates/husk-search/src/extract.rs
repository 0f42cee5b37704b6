//! Text extraction: PDF, DOCX, ODT, HTML, Markdown and plain text into titled, structured blocks.
//!
//! The format is chosen by the declared file name's extension and checked against the content's
//! magic bytes, so a `.pdf` that is really a zip, or a `.docx` that is plain text, is refused with
//! [`ExtractError::WrongExtension`].
//!
//! # Memory and time
//!
//! Every extraction is bounded so that no file, however it is made, can take more than
//! [`MEMORY_BUDGET`] or run for long:
//!
//! - Plain text, Markdown and HTML are streamed from disk in 64 KiB chunks (Markdown is parsed in
//!   sections of about 256 KiB split at blank lines; HTML goes through html5ever's streaming
//!   tokenizer, not a DOM). DOCX and ODT stream the XML part out of the zip through quick-xml,
//!   and stop once a part has inflated past [`MAX_XML_BYTES`] (a zip bomb).
//! - The text kept from one file is at most [`MAX_TEXT_BYTES`], in at most [`MAX_BLOCKS`]
//!   paragraphs, headings and list items; a document is split into at most
//!   [`MAX_PASSAGES`](crate::passages::MAX_PASSAGES) passages ([`read_document`]).
//! - PDF: lopdf reads the cross-reference sections first, inflating their streams whole, so
//!   those are found and bounded before it runs (at most [`MAX_PDF_XREF_STREAM_BYTES`] inflated
//!   and [`MAX_PDF_XREF_ENTRIES`] entries). lopdf then reads the whole file and its objects, so
//!   their tokens are counted first (at most
//!   [`MAX_PDF_STRUCTURE_TOKENS`], object streams included, which Husk unpacks itself, in
//!   encrypted files too), and every stream is measured with a cap before pdf-extract inflates
//!   it (see `pdf_limits`); reading stops after [`MAX_SECONDS`]. An encrypted PDF is read only
//!   if it opens with the empty password.
//!
//! A file past a limit is refused with [`ExtractError::TooLarge`] (or
//! [`ExtractError::TooSlow`]), naming the file and the limit. `tests/hostile_files.rs` builds
//! zip bombs, PDFs with huge streams and documents with huge numbers of paragraphs and measures
//! the peak allocation of each extraction with a counting allocator.

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

mod pdf_limits;

pub use pdf_limits::{
    MAX_INFLATED as MAX_PDF_INFLATED_BYTES, MAX_OBJECT_STREAM as MAX_PDF_OBJECT_STREAM_BYTES,
    MAX_PAGE_PROGRAM as MAX_PDF_PAGE_PROGRAM, MAX_PAGE_WORK as MAX_PDF_PAGE_WORK,
    MAX_STREAM as MAX_PDF_STREAM_BYTES, MAX_STRUCTURE_TOKENS as MAX_PDF_STRUCTURE_TOKENS,
    MAX_XREF_ENTRIES as MAX_PDF_XREF_ENTRIES, MAX_XREF_STREAMS as MAX_PDF_XREF_STREAM_BYTES,
};

/// Largest uncompressed XML part read from a DOCX or ODT.
pub const MAX_XML_BYTES: u64 = 128 << 20;
/// Largest amount of extracted text kept from one file.
pub const MAX_TEXT_BYTES: usize = 32 << 20;
/// Most paragraphs, headings and list items kept from one file.
pub const MAX_BLOCKS: usize = 250_000;
/// Longest a PDF is read before reading stops.
pub const MAX_SECONDS: u64 = 60;
/// The most memory one extraction (with splitting into passages, [`read_document`]) may
/// allocate at its peak, whatever the file. The limits above are chosen to keep within it, and
/// `tests/hostile_files.rs` checks it against hostile files.
pub const MEMORY_BUDGET: usize = 256 << 20;

const CHUNK: usize = 64 * 1024;
const MARKDOWN_SECTION: usize = 256 * 1024;
/// A paragraph without blank lines is cut at a line end once it grows past this (PDFs and text
/// files that never leave a blank line would otherwise become one block).
const MAX_PARAGRAPH_BYTES: usize = 16 * 1024;

/// What [`extract`] found in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Extracted {
    /// The file's format.
    pub format: Format,
    /// The document's title: from its metadata (PDF Info, DOCX core properties, ODT meta, HTML
    /// `<title>`, Markdown front matter) or else its first heading.
    pub title: Option<String>,
    /// The text in reading order.
    pub blocks: Vec<Block>,
    /// Things the user should know about the extraction, in Norwegian (for example that a text
    /// file was read as Windows-1252).
    pub notes: Vec<String>,
}

impl Extracted {
    /// The whole text: blocks joined by a blank line, except consecutive list items, which are
    /// joined by one newline. [`crate::passages::Passage::char_start`] counts characters in this.
    pub fn full_text(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(block_separator(&self.blocks[i - 1], block));
            }
            out.push_str(&block.text);
        }
        out
    }
}

/// The separator [`Extracted::full_text`] puts between two blocks.
pub(crate) fn block_separator(previous: &Block, next: &Block) -> &'static str {
    if previous.kind == BlockKind::ListItem && next.kind == BlockKind::ListItem {
        "\n"
    } else {
        "\n\n"
    }
}

/// One heading, paragraph or list item, with its whitespace collapsed to single spaces.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
}

/// The kind of a [`Block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading of level 1 (highest) to 6.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// One item of a bulleted or numbered list.
    ListItem,
}

/// The formats [`extract`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// PDF with a text layer.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// OpenDocument text.
    Odt,
    /// HTML.
    Html,
    /// Markdown.
    Markdown,
    /// Plain text (UTF-8, UTF-16 with BOM, or Windows-1252).
    Text,
}

/// The supported types as the error messages list them.
pub const SUPPORTED: &str = "PDF (.pdf), Word (.docx), OpenDocument (.odt), HTML (.html, .htm), \
                             Markdown (.md, .markdown) og ren tekst (.txt)";

impl Format {
    /// The format a file name's extension names, if it is supported.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = extension(name)?;
        Some(match ext.as_str() {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "txt" | "text" => Format::Text,
            _ => return None,
        })
    }

    /// The format's name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word-dokument (DOCX)",
            Format::Odt => "OpenDocument-dokument (ODT)",
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
            Format::Text => "tekstfil",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.to_lowercase())
}

/// Why a file could not be read. Every message is Norwegian, names the file, and says what was
/// expected.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read from disk.
    #[error("Husk fikk ikke lest «{file}»: {}. Sjekk at filen finnes og kan leses.", io_words(.source))]
    Io {
        /// The declared file name.
        file: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The file has no bytes.
    #[error("«{file}» er tom (0 byte). Velg en fil med innhold.")]
    Empty {
        /// The declared file name.
        file: String,
    },
    /// The file was read but holds no text at all.
    #[error("«{file}» inneholder ingen tekst. Velg et dokument med tekst.")]
    NoText {
        /// The declared file name.
        file: String,
    },
    /// The extension is not one Husk reads.
    #[error("«{file}» har en filtype Husk ikke leser ({extension}). Husk leser {SUPPORTED}.")]
    Unsupported {
        /// The declared file name.
        file: String,
        /// The extension as given, or "ingen filendelse".
        extension: String,
    },
    /// The content does not match the extension.
    #[error(
        "«{file}» har filendelsen .{extension}, men innholdet er {found}, ikke {expected}. Sjekk \
         at filen har riktig filendelse."
    )]
    WrongExtension {
        /// The declared file name.
        file: String,
        /// The declared extension, lowercased, without the dot.
        extension: String,
        /// What the extension promised.
        expected: Format,
        /// What the content looks like, in Norwegian.
        found: String,
    },
    /// A password-protected (encrypted) PDF.
    #[error(
        "«{file}» er en kryptert PDF som er beskyttet med passord eller sertifikat, så Husk kan \
         ikke lese teksten i den. Åpne filen med passordet, lagre en kopi uten passord og \
         kryptering (for eksempel med «Skriv ut» til PDF), og last opp kopien."
    )]
    Encrypted {
        /// The declared file name.
        file: String,
    },
    /// A PDF without a text layer.
    #[error(
        "«{file}» ser ut til å være en skannet PDF (bilder uten tekst), så Husk finner ingen \
         tekst i den. Kjør tekstgjenkjenning (OCR) på filen først."
    )]
    Scanned {
        /// The declared file name.
        file: String,
    },
    /// The file is damaged or truncated.
    #[error(
        "«{file}» er skadet eller ufullstendig ({detail}), så Husk kan ikke lese den som \
         {format}. Åpne filen i programmet den ble laget i, og lagre den på nytt."
    )]
    Corrupt {
        /// The declared file name.
        file: String,
        /// The format being read.
        format: Format,
        /// What is wrong, as a Norwegian clause (never the parser's own English message).
        detail: String,
    },
    /// A text file that is binary.
    #[error(
        "«{file}» skulle vært ren tekst ({format}), men inneholder binære data. Sjekk at filen \
         har riktig filendelse."
    )]
    NotText {
        /// The declared file name.
        file: String,
        /// The format being read.
        format: Format,
    },
    /// The file is past one of the limits that keep extraction within [`MEMORY_BUDGET`].
    #[error(
        "«{file}» er for stor til å legges inn: {reason}. Ingenting fra filen er lagret. Del \
         dokumentet i mindre filer, eller lagre det på nytt fra programmet det ble laget i."
    )]
    TooLarge {
        /// The declared file name.
        file: String,
        /// What was too large and what the limit is, as a clause of a Norwegian sentence.
        reason: String,
    },
    /// Reading the file took longer than [`MAX_SECONDS`].
    #[error(
        "Det tok mer enn {seconds} sekunder å lese «{file}», så lesingen ble stoppet. \
         Ingenting fra filen er lagret. Lagre filen på nytt (for eksempel med «Skriv ut» til \
         PDF) og last den opp igjen."
    )]
    TooSlow {
        /// The declared file name.
        file: String,
        /// The limit in seconds.
        seconds: u64,
    },
}

/// Writes a count the Norwegian way, with a space between thousands ("250 000").
pub(crate) fn count_nb(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Writes a size in whole megabytes ("128 MB").
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{}\u{a0}MB", bytes >> 20)
}

/// Reads `path` (see [`extract`]) and splits it into passages, refusing a document that would
/// have more than [`crate::passages::MAX_PASSAGES`] passages. This is what storing a document
/// should call: everything it does is bounded by the limits above.
pub fn read_document(
    path: &Path,
    declared_name: &str,
) -> Result<(Extracted, Vec<crate::passages::Passage>), ExtractError> {
    use crate::passages::{split_within, MAX_PASSAGES};
    let extracted = extract(path, declared_name)?;
    let passages =
        split_within(&extracted, MAX_PASSAGES).map_err(|limit| ExtractError::TooLarge {
            file: display_name(declared_name),
            reason: format!(
                "den ville blitt delt i mer enn {} søkeavsnitt, og Husk tar imot høyst så mange \
             fra ett dokument",
                count_nb(limit as u64)
            ),
        })?;
    Ok((extracted, passages))
}

/// Reads the text of `path`. `declared_name` is the name the user gave the file (an upload's
/// name): its extension chooses the format, and messages name it.
pub fn extract(path: &Path, declared_name: &str) -> Result<Extracted, ExtractError> {
    let file_name = display_name(declared_name);
    let io_err = |source| ExtractError::Io {
        file: file_name.clone(),
        source,
    };
    let Some(format) = Format::from_name(declared_name) else {
        return Err(ExtractError::Unsupported {
            file: file_name.clone(),
            extension: extension(declared_name)
                .map(|e| format!(".{e}"))
                .unwrap_or_else(|| "ingen filendelse".to_string()),
        });
    };
    let mut file = File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len == 0 {
        return Err(ExtractError::Empty { file: file_name });
    }
    let mut head = vec![0u8; 8192.min(len as usize)];
    file.read_exact(&mut head).map_err(io_err)?;
    file.rewind().map_err(io_err)?;
    let sniffed = Sniffed::of(&head);
    let ctx = Ctx {
        file: file_name.clone(),
        format,
    };
    let expected = match format {
        Format::Pdf => sniffed == Sniffed::Pdf,
        Format::Docx | Format::Odt => sniffed == Sniffed::Zip,
        Format::Html | Format::Markdown | Format::Text => {
            matches!(sniffed, Sniffed::Text | Sniffed::Utf16)
        }
    };
    if !expected {
        if matches!(format, Format::Html | Format::Markdown | Format::Text)
            && sniffed == Sniffed::Binary
        {
            return Err(ExtractError::NotText {
                file: file_name,
                format,
            });
        }
        return Err(ctx.wrong(sniffed.describe()));
    }
    let mut extracted = match format {
        Format::Pdf => pdf::extract(&ctx, path)?,
        Format::Docx => office::extract_docx(&ctx, file)?,
        Format::Odt => office::extract_odt(&ctx, file)?,
        Format::Html => html::extract(&ctx, file)?,
        Format::Markdown => markdown::extract(&ctx, file)?,
        Format::Text => text::extract(&ctx, file)?,
    };
    extracted.blocks.retain(|b| !b.text.is_empty());
    if extracted.blocks.is_empty() {
        return Err(if format == Format::Pdf {
            ExtractError::Scanned { file: file_name }
        } else {
            ExtractError::NoText { file: file_name }
        });
    }
    if extracted.title.is_none() {
        extracted.title = extracted
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading(level) => Some((level, &b.text)),
                _ => None,
            })
            .min_by_key(|(level, _)| *level)
            .map(|(_, text)| text.clone());
    }
    Ok(extracted)
}

fn display_name(declared: &str) -> String {
    let name = declared
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(declared)
        .trim();
    if name.is_empty() {
        "filen".to_string()
    } else {
        name.to_string()
    }
}

/// What went wrong reading a file, as a Norwegian clause (the operating system's own message
/// is English).
fn io_words(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "filen finnes ikke",
        io::ErrorKind::PermissionDenied => "Husk har ikke lov til å lese den",
        io::ErrorKind::IsADirectory => "det er en mappe, ikke en fil",
        io::ErrorKind::UnexpectedEof => "filen slutter før den skulle",
        io::ErrorKind::Interrupted | io::ErrorKind::TimedOut => "lesingen ble avbrutt",
        _ => "operativsystemet meldte en feil",
    }
}

/// The file being read, for error messages.
struct Ctx {
    file: String,
    format: Format,
}

impl Ctx {
    fn io(&self, source: io::Error) -> ExtractError {
        ExtractError::Io {
            file: self.file.clone(),
            source,
        }
    }

    /// `detail` is a Norwegian clause; a parser's own (English) message is never shown.
    fn corrupt(&self, detail: impl Into<String>) -> ExtractError {
        ExtractError::Corrupt {
            file: self.file.clone(),
            format: self.format,
            detail: detail.into(),
        }
    }

    fn wrong(&self, found: impl Into<String>) -> ExtractError {
        ExtractError::WrongExtension {
            file: self.file.clone(),
            extension: extension(&self.file).unwrap_or_default(),
            expected: self.format,
            found: found.into(),
        }
    }

    fn too_large(&self, reason: impl Into<String>) -> ExtractError {
        ExtractError::TooLarge {
            file: self.file.clone(),
            reason: reason.into(),
        }
    }
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Zip,
    Ole2,
    Image(&'static str),
    Utf16,
    Binary,
    Text,
}

impl Sniffed {
    fn of(head: &[u8]) -> Sniffed {
        let starts = |magic: &[u8]| head.starts_with(magic);
        if head[..head.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
        {
            return Sniffed::Pdf;
        }
        if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
            return Sniffed::Zip;
        }
        if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Sniffed::Ole2;
        }
        if starts(b"\x89PNG") {
            return Sniffed::Image("PNG");
        }
        if starts(&[0xFF, 0xD8, 0xFF]) {
            return Sniffed::Image("JPEG");
        }
        if starts(b"GIF8") {
            return Sniffed::Image("GIF");
        }
        if starts(b"II*\0") || starts(b"MM\0*") {
            return Sniffed::Image("TIFF");
        }
        if starts(&[0xFF, 0xFE]) || starts(&[0xFE, 0xFF]) {
            return Sniffed::Utf16;
        }
        let controls = head
            .iter()
            .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
            .count();
        if head.contains(&0) || controls * 20 > head.len() {
            return Sniffed::Binary;
        }
        Sniffed::Text
    }

    fn describe(self) -> String {
        match self {
            Sniffed::Pdf => "en PDF".to_string(),
            Sniffed::Zip => "et zip-arkiv (for eksempel DOCX eller ODT)".to_string(),
            Sniffed::Ole2 => "et eldre Office-dokument (.doc, .xls eller .ppt)".to_string(),
            Sniffed::Image(kind) => format!("et bilde ({kind})"),
            Sniffed::Utf16 | Sniffed::Text => "ren tekst".to_string(),
            Sniffed::Binary => "en ukjent binærfil".to_string(),
        }
    }
}

/// Collects blocks, collapsing whitespace and keeping the total under [`MAX_TEXT_BYTES`] and
/// [`MAX_BLOCKS`]. Past a limit it keeps nothing more and [`Blocks::check`] refuses the file.
#[derive(Debug, Default)]
struct Blocks {
    blocks: Vec<Block>,
    bytes: usize,
    too_large: Option<&'static str>,
}

impl Blocks {
    fn push(&mut self, kind: BlockKind, raw: &str) {
        if self.too_large.is_some() {
            return;
        }
        let text = clean_text(raw);
        if text.is_empty() {
            return;
        }
        self.bytes += text.len();
        if self.bytes > MAX_TEXT_BYTES {
            self.too_large = Some("text");
            return;
        }
        if self.blocks.len() >= MAX_BLOCKS {
            self.too_large = Some("blocks");
            return;
        }
        self.blocks.push(Block { kind, text });
    }

    fn check(&self, ctx: &Ctx) -> Result<(), ExtractError> {
        match self.too_large {
            Some("blocks") => Err(ctx.too_large(format!(
                "den har mer enn {} avsnitt, overskrifter og punkter, og Husk tar imot høyst \
                 så mange fra én fil",
                count_nb(MAX_BLOCKS as u64)
            ))),
            Some(_) => Err(ctx.too_large(format!(
                "den inneholder mer enn {} tekst, og Husk tar imot høyst så mye tekst fra én fil",
                megabytes(MAX_TEXT_BYTES as u64)
            ))),
            None => Ok(()),
        }
    }
}

/// Appends `text` to a paragraph being collected, unless it already holds more than
/// [`MAX_TEXT_BYTES`] (then the paragraph alone is past the limit, and [`Blocks::push`] refuses
/// it; stopping here keeps a huge paragraph from growing further).
fn push_capped(paragraph: &mut String, text: &str) {
    if paragraph.len() <= MAX_TEXT_BYTES {
        paragraph.push_str(text);
    }
}

/// Collapses every run of whitespace (including no-break spaces) to one space, drops soft
/// hyphens, zero-width characters and control characters, and trims.
pub(crate) fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        match c {
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => space = true,
            c if c.is_control() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Reads text in chunks, decodes it, and hands over complete lines (without the line break).
///
/// Decoding starts as strict UTF-8 (or UTF-16 when a BOM says so). If the bytes turn out not to
/// be UTF-8, it returns `Ok(false)` so the caller can start again as Windows-1252.
fn decode_lines<R: Read>(
    ctx: &Ctx,
    mut reader: R,
    encoding: &'static Encoding,
    on_line: &mut dyn FnMut(&str),
) -> Result<bool, ExtractError> {
    let strict = encoding == UTF_8;
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut chunk = vec![0u8; CHUNK];
    let mut text = String::with_capacity(CHUNK * 2);
    loop {
        let n = read_full(&mut reader, &mut chunk).map_err(|e| ctx.io(e))?;
        let last = n == 0;
        let mut input = &chunk[..n];
        loop {
            let need = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            text.reserve(need);
            if strict {
                let (result, read) =
                    decoder.decode_to_string_without_replacement(input, &mut text, last);
                input = &input[read..];
                match result {
                    encoding_rs::DecoderResult::InputEmpty => break,
                    encoding_rs::DecoderResult::OutputFull => continue,
                    encoding_rs::DecoderResult::Malformed(_, _) => return Ok(false),
                }
            } else {
                let (result, read, _) = decoder.decode_to_string(input, &mut text, last);
                input = &input[read..];
                match result {
                    encoding_rs::CoderResult::InputEmpty => break,
                    encoding_rs::CoderResult::OutputFull => continue,
                }
            }
        }
        if let Some(end) = text.rfind('\n') {
            for line in text[..end].split('\n') {
                on_line(line.strip_suffix('\r').unwrap_or(line));
            }
            text.drain(..=end);
        }
        if text.len() > MAX_TEXT_BYTES {
            // A line longer than the text limit: hand it over so the file is refused, rather
            // than holding ever more of it.
            on_line(&text);
            text.clear();
        }
        if last {
            if !text.is_empty() {
                on_line(text.strip_suffix('\r').unwrap_or(&text));
            }
            return Ok(true);
        }
    }
}

/// Reads until `buf` is full or the input ends.
fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Streams the lines of a text file, choosing the encoding: UTF-16 by BOM, else UTF-8, and
/// Windows-1252 if the file is not valid UTF-8 (then `reset` is called before the lines are
/// handed over again, and a note is returned).
fn stream_text_lines(
    ctx: &Ctx,
    mut file: File,
    reset: &mut dyn FnMut(),
    on_line: &mut dyn FnMut(&str),
) -> Result<Option<String>, ExtractError> {
    let mut bom = [0u8; 2];
    let n = read_full(&mut file, &mut bom).map_err(|e| ctx.io(e))?;
    file.rewind().map_err(|e| ctx.io(e))?;
    let encoding = match &bom[..n] {
        [0xFF, 0xFE] => UTF_16LE,
        [0xFE, 0xFF] => UTF_16BE,
        _ => UTF_8,
    };
    if decode_lines(ctx, BufReader::new(&mut file), encoding, on_line)? {
        return Ok(None);
    }
    reset();
    file.rewind().map_err(|e| ctx.io(e))?;
    decode_lines(ctx, BufReader::new(&mut file), WINDOWS_1252, on_line)?;
    Ok(Some(format!(
        "«{}» var ikke UTF-8 og ble lest som Windows-1252 (vanlig i eldre Windows-filer); \
         sjekk at æ, ø og å ser riktige ut",
        ctx.file
    )))
}

/// Turns lines of running text (plain text files and PDF pages) into blocks: paragraphs end at
/// blank lines; bullet lines are list items; lines that look like numbered section headings
/// ("3.2 Bostedsløse") or short lines in capitals become headings; words split by a hyphen at a
/// line end are joined again.
struct LineBlocks {
    blocks: Blocks,
    current: String,
    current_kind: Option<BlockKind>,
    /// Blank lines seen since the last line of text.
    blank_run: usize,
    /// How many blank lines end a paragraph: 1, or 2 in "double-spaced" text where every line
    /// is followed by a blank line (as PDF-to-text tools often write).
    break_after: usize,
    /// A heading line not yet written: the next line decides whether it really is one (a
    /// numbered line continued in lowercase on the next line is a list item, and a heading in
    /// capitals may wrap onto a second line).
    pending_heading: Option<(u8, String)>,
    /// Running headers and footers to drop (see `running_key`).
    running: std::collections::HashSet<String>,
    /// In wrapped text, a line shorter than this (in characters) that ends a sentence ends
    /// its paragraph; 0 turns the rule off.
    short_line: usize,
}

impl Default for LineBlocks {
    fn default() -> Self {
        Self::new(1)
    }
}

impl LineBlocks {
    fn new(break_after: usize) -> Self {
        LineBlocks {
            blocks: Blocks::default(),
            current: String::new(),
            current_kind: None,
            blank_run: 0,
            break_after: break_after.max(1),
            pending_heading: None,
            running: Default::default(),
            short_line: 0,
        }
    }

    fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.blank_run += 1;
            // A pending heading waits for the next line of text, even across blank lines.
            if self.blank_run == self.break_after {
                self.flush();
            }
            return;
        }
        let after_break = self.blank_run >= self.break_after;
        self.blank_run = 0;
        let running = !self.running.is_empty()
            && trimmed.contains(|c: char| c.is_ascii_digit())
            && self.running.contains(&running_key(trimmed));
        if running || is_page_marker(trimmed) {
            return;
        }
        if let Some((level, text)) = self.pending_heading.take() {
            let in_capitals = |t: &str| !t.chars().any(char::is_lowercase);
            if !after_break && in_capitals(&text) && in_capitals(trimmed) {
                // A heading in capitals wrapping onto a second line.
                self.pending_heading = Some((level, format!("{text} {trimmed}")));
                return;
            }
            if trimmed.starts_with(char::is_lowercase) {
                let short = trimmed.split_whitespace().count() <= 8;
                if !after_break && short && !trimmed.ends_with(['.', ',', ';', ':', '!', '?']) {
                    // "3 Sosial innovasjon. Hva det er" / "og hvorfor det har betydning": a
                    // heading wrapped onto a second line.
                    self.pending_heading = Some((level, format!("{text} {trimmed}")));
                    return;
                }
                // "1. Alle skal være garantert tak over hodet og tilbys" / "samordnede tiltak
                // ut fra individuelle behov.": a numbered list item or a sentence, since no
                // heading is followed by text starting in lowercase.
                self.current_kind = Some(if text.starts_with(|c: char| c.is_ascii_digit()) {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                });
                self.current = text;
                self.append(trimmed);
                return;
            }
            self.blocks.push(BlockKind::Heading(level), &text);
        }
        if let Some(level) = heading_level(trimmed) {
            self.flush();
            self.pending_heading = Some((level, trimmed.to_string()));
            return;
        }
        if let Some(item) = bullet_text(trimmed) {
            self.flush();
            self.current_kind = Some(BlockKind::ListItem);
            self.current.push_str(item);
            return;
        }
        if self.current_kind.is_none() {
            self.current_kind = Some(BlockKind::Paragraph);
        }
        self.append(trimmed);
        let short_end = self.short_line > 0
            && trimmed.ends_with(['.', '!', '?'])
            && trimmed.chars().count() < self.short_line;
        if short_end || (self.current.len() > MAX_PARAGRAPH_BYTES && ends_sentence(trimmed)) {
            self.flush();
        }
    }

    fn commit_heading(&mut self) {
        if let Some((level, text)) = self.pending_heading.take() {
            self.blocks.push(BlockKind::Heading(level), &text);
        }
    }

    /// Appends a line to the current block, joining a word hyphenated across the line break.
    fn append(&mut self, line: &str) {
        if self.current.len() > MAX_TEXT_BYTES {
            // One paragraph past the text limit: hand it over (to be refused) rather than grow.
            let kind = self.current_kind;
            self.flush();
            self.current_kind = kind;
        }
        if self.current.is_empty() {
            self.current.push_str(line);
            return;
        }
        let joins_hyphen = self.current.ends_with('-')
            && self
                .current
                .chars()
                .rev()
                .nth(1)
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase)
            && !["og ", "eller ", "og/", "til "]
                .iter()
                .any(|w| line.starts_with(w));
        if joins_hyphen {
            self.current.pop();
        } else {
            self.current.push(' ');
        }
        self.current.push_str(line);
    }

    fn flush(&mut self) {
        if let Some(kind) = self.current_kind.take() {
            self.blocks.push(kind, &self.current);
        }
        self.current.clear();
    }

    fn finish(mut self) -> Blocks {
        self.flush();
        self.commit_heading();
        drop_running_headings(&mut self.blocks.blocks);
        self.blocks
    }
}

/// Removes "headings" that are running page headers: headings with a number (the page
/// number) whose text without digits recurs at least three times, like "36 Innovasjon og
/// styring" … "94 Innovasjon og styring".
fn drop_running_headings(blocks: &mut Vec<Block>) {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for block in blocks.iter() {
        if matches!(block.kind, BlockKind::Heading(_))
            && block.text.chars().any(|c| c.is_ascii_digit())
        {
            *counts.entry(running_key(&block.text)).or_default() += 1;
        }
    }
    if counts.values().all(|n| *n < 3) {
        return;
    }
    blocks.retain(|block| {
        !(matches!(block.kind, BlockKind::Heading(_))
            && block.text.chars().any(|c| c.is_ascii_digit())
            && counts
                .get(&running_key(&block.text))
                .is_some_and(|n| *n >= 3))
    });
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':'])
}

/// The text of a bullet line ("- ", "* ", "• ", "– ", "1) ", "a) "), if it is one.
fn bullet_text(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• ", "– ", "· ", "▪ ", "◦ ", "o "] {
        if let Some(rest) = line.strip_prefix(marker) {
            if marker == "o " && !rest.starts_with(char::is_uppercase) {
                return None;
            }
            return Some(rest.trim_start());
        }
    }
    let (label, rest) = line.split_once(") ")?;
    let short_label = label.chars().count() <= 2
        && label
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_lowercase());
    short_label.then_some(rest.trim_start())
}

/// The heading level of a line that looks like a heading in running text, if it does.
///
/// - Numbered section headings: "3 Funn", "3.2 Bostedsløse i kommunene", "4.1.2. Metode": a
///   section number of one or two digits per part, a capital letter after it, at most 12 words,
///   and no full stop, comma or colon at the end. The level is the number of parts.
/// - Short lines in capitals ("SAMMENDRAG", "DEL 2 FUNN"): at most 8 words and 3–70 letters,
///   with no lowercase letter; level 1.
pub(crate) fn heading_level(line: &str) -> Option<u8> {
    let words = line.split_whitespace().count();
    if line.chars().count() > 100
        || line.ends_with(['.', ',', ';', ':'])
        || line.contains("http")
        || line.contains("www.")
        || line.contains('@')
    {
        return None;
    }
    let is_section_number = |number: &str, min_parts: usize| {
        let number = number.strip_suffix('.').unwrap_or(number);
        let parts: Vec<&str> = number.split('.').collect();
        let ok = parts.len() >= min_parts
            && parts.len() <= 4
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
        ok.then_some(parts.len() as u8)
    };
    if let Some((number, rest)) = line.split_once(char::is_whitespace) {
        if let Some(level) = is_section_number(number, 1) {
            // Short, capitalised, no comma, and not stopping on a word that needs a
            // continuation: "3.2 Bostedsløse" is a heading, a numbered footnote or a wrapped
            // numbered sentence ("13 Alle innsatsene er beskrevet på") is not.
            let rest = rest.trim_start();
            let last = rest.rsplit(char::is_whitespace).next().unwrap_or("");
            let looks_like_title = words <= 10
                && rest.starts_with(char::is_uppercase)
                && !rest.ends_with(')')
                && !rest.contains(", ")
                && !CONTINUING_WORDS.contains(&last);
            return looks_like_title.then_some(level);
        }
    }
    // The number after the title, as some PDF converters write it: "Kort om oppdraget 2.1".
    if let Some((rest, number)) = line.rsplit_once(char::is_whitespace) {
        if let Some(level) = is_section_number(number, 2) {
            let rest = rest.trim_end();
            let lower = rest.to_lowercase();
            let caption = ["kilde", "tabell", "figur", "se ", "jf"]
                .iter()
                .any(|w| lower.starts_with(w))
                || [
                    "tabell", "figur", "kapittel", "kap.", "side", "punkt", "avsnitt",
                ]
                .iter()
                .any(|w| lower.ends_with(w));
            if words <= 13
                && !caption
                && rest.starts_with(char::is_uppercase)
                && !rest.ends_with(['.', ',', ';', ':'])
            {
                return Some(level);
            }
        }
    }
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let wordy = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words <= 8
        && wordy * 10 >= words * 6
        && (3..=70).contains(&letters)
        && !line.chars().any(char::is_lowercase)
    {
        return Some(1);
    }
    None
}

/// Words a heading does not end on (a line ending on them continues on the next line).
#[rustfmt::skip]
const CONTINUING_WORDS: &[&str] = &[
    "på", "men", "og", "av", "til", "i", "for", "med", "om", "som", "en", "et", "ei", "å", "at",
    "fra", "ved", "eller", "der", "de", "den", "det", "mot", "etter", "under", "the", "of", "and",
];

/// Whether a line is a page number or a running "page N of M" footer.
fn is_page_marker(line: &str) -> bool {
    let lower = line.to_lowercase();
    let rest = lower.strip_prefix("side ").unwrap_or(&lower);
    let mut parts = rest.split_whitespace();
    let first = parts.next().unwrap_or("");
    let numeric = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (None, None, None) => numeric(first),
        (Some("av" | "of" | "/"), Some(total), None) => numeric(first) && numeric(total),
        _ => false,
    }
}

mod text {
    use std::collections::{HashMap, HashSet};

    use super::*;

    pub(super) fn extract(ctx: &Ctx, mut file: File) -> Result<Extracted, ExtractError> {
        let profile = Profile::of(&mut file).map_err(|e| ctx.io(e))?;
        let new_lines = || {
            let mut lines = LineBlocks::new(profile.break_after);
            lines.running = profile.running.clone();
            // Wrapped text (lines of a similar, moderate length): a clearly shorter line that
            // ends a sentence is the last line of its paragraph.
            if (40..=140).contains(&profile.line_len) {
                lines.short_line = profile.line_len * 3 / 4;
            }
            lines
        };
        let lines = RefCell::new(new_lines());
        let note = stream_text_lines(
            ctx,
            file,
            &mut || *lines.borrow_mut() = new_lines(),
            &mut |line| lines.borrow_mut().line(line),
        )?;
        let blocks = lines.into_inner().finish();
        blocks.check(ctx)?;
        Ok(Extracted {
            format: Format::Text,
            title: None,
            blocks: blocks.blocks,
            notes: note.into_iter().collect(),
        })
    }

    /// What the first 64 KiB of a text file say about its layout.
    struct Profile {
        /// Blank lines that end a paragraph: 2 when nearly every line of text is followed by
        /// exactly one blank line ("double-spaced" output of PDF-to-text tools), else 1.
        break_after: usize,
        /// Running headers and footers: see `running_headers`.
        running: HashSet<String>,
        /// The length (in characters) of a full line: the 75th percentile of line lengths.
        line_len: usize,
    }

    impl Profile {
        fn of(file: &mut File) -> io::Result<Profile> {
            let mut head = vec![0u8; 64 * 1024];
            let n = read_full(file, &mut head)?;
            file.rewind()?;
            head.truncate(n);
            let (mut adjacent, mut single, mut multiple) = (0usize, 0usize, 0usize);
            let mut run: Option<usize> = None;
            let mut lengths = Vec::new();
            for line in head.split(|b| *b == b'\n') {
                if line.iter().all(|b| b.is_ascii_whitespace()) {
                    if let Some(r) = run.as_mut() {
                        *r += 1;
                    }
                    continue;
                }
                match run {
                    Some(0) => adjacent += 1,
                    Some(1) => single += 1,
                    Some(_) => multiple += 1,
                    None => {}
                }
                run = Some(0);
                lengths.push(String::from_utf8_lossy(line).trim().chars().count());
            }
            lengths.sort_unstable();
            let line_len = lengths.get(lengths.len() * 3 / 4).copied().unwrap_or(0);
            let gaps = adjacent + single + multiple;
            let double_spaced = gaps >= 20 && single * 10 >= gaps * 6 && adjacent * 5 <= gaps;
            Ok(Profile {
                line_len,
                break_after: if double_spaced { 2 } else { 1 },
                running: running_headers(file)?,
            })
        }
    }

    /// Reads the whole file once (line by line, keeping only counts) to find running page
    /// headers and footers: lines that start or end with a number (the page number) and recur,
    /// digits ignored, at least three times. The count table is capped, so memory stays small.
    fn running_headers(file: &mut File) -> io::Result<HashSet<String>> {
        const MAX_KEYS: usize = 50_000;
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut reader = BufReader::with_capacity(CHUNK, &mut *file);
        let mut line = Vec::with_capacity(256);
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            if line.len() > 300 {
                continue;
            }
            let Ok(text) = std::str::from_utf8(&line) else {
                continue;
            };
            let text = text.trim();
            let numbered = text.starts_with(|c: char| c.is_ascii_digit())
                || text.ends_with(|c: char| c.is_ascii_digit());
            if !numbered {
                continue;
            }
            let key = running_key(text);
            if (8..=100).contains(&key.len())
                && (counts.len() < MAX_KEYS || counts.contains_key(&key))
            {
                *counts.entry(key).or_default() += 1;
            }
        }
        drop(reader);
        file.rewind()?;
        Ok(counts
            .into_iter()
            .filter(|(_, n)| *n >= 3)
            .map(|(k, _)| k)
            .collect())
    }
}

/// A line with digits and surrounding space removed, lowercased: how running headers are
/// recognised from page to page.
fn running_key(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .trim()
        .to_lowercase()
}

mod markdown {
    use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

    use super::*;

    #[derive(Default)]
    struct State {
        blocks: Blocks,
        title: Option<String>,
        /// The Markdown not yet parsed, cut into sections at blank lines outside code fences.
        section: String,
        fence: Option<String>,
    }

    impl State {
        fn line(&mut self, line: &str) {
            let trimmed = line.trim_start();
            match &self.fence {
                Some(fence) if trimmed.starts_with(fence.as_str()) => self.fence = None,
                None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                    self.fence = Some(trimmed[..3].to_string());
                }
                _ => {}
            }
            self.section.push_str(line);
            self.section.push('\n');
            if self.section.len() > MAX_TEXT_BYTES {
                // No blank line for the whole text limit: parse what there is (to be refused).
                self.parse_section();
                return;
            }
            if self.section.len() >= MARKDOWN_SECTION && self.fence.is_none() && trimmed.is_empty()
            {
                self.parse_section();
            }
        }

        fn parse_section(&mut self) {
            let section = std::mem::take(&mut self.section);
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
            let mut text = String::new();
            let mut kind = BlockKind::Paragraph;
            let mut items = 0usize;
            let mut in_metadata = false;
            for event in Parser::new_ext(&section, options) {
                match event {
                    Event::Start(Tag::Heading { level, .. }) => {
                        self.blocks.push(kind, &text);
                        text.clear();
                        kind = BlockKind::Heading(heading_number(level));
                    }
                    Event::Start(Tag::Paragraph)
                    | Event::Start(Tag::CodeBlock(_))
                    | Event::Start(Tag::BlockQuote(_))
                    | Event::Start(Tag::Table(_)) => {
                        self.blocks.push(kind, &text);
                        text.clear();
                        kind = if items > 0 {
                            BlockKind::ListItem
                        } else {
                            BlockKind::Paragraph
                        };
                    }
                    Event::Start(Tag::Item) => {
                        self.blocks.push(kind, &text);
                        text.clear();
                        items += 1;
                        kind = BlockKind::ListItem;
                    }
                    Event::End(TagEnd::Item) => {
                        self.blocks.push(kind, &text);
                        text.clear();
                        items = items.saturating_sub(1);
                        kind = if items > 0 {
                            BlockKind::ListItem
                        } else {
                            BlockKind::Paragraph
                        };
                    }
                    Event::End(TagEnd::Heading(_))
                    | Event::End(TagEnd::Paragraph)
                    | Event::End(TagEnd::CodeBlock)
                    | Event::End(TagEnd::TableRow)
                    | Event::End(TagEnd::TableHead) => {
                        self.blocks.push(kind, &text);
                        text.clear();
                        if !matches!(kind, BlockKind::ListItem) || items == 0 {
                            kind = BlockKind::Paragraph;
                        }
                    }
                    Event::End(TagEnd::TableCell) => text.push_str(" | "),
                    Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                        in_metadata = true;
                    }
                    Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
                    Event::Text(t) if in_metadata && self.title.is_none() => {
                        self.title = yaml_title(&t);
                    }
                    Event::Text(_) if in_metadata => {}
                    Event::Text(t) | Event::Code(t) => push_capped(&mut text, &t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            self.blocks.push(kind, &text);
        }
    }

    fn heading_number(level: HeadingLevel) -> u8 {
        match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        }
    }

    fn yaml_title(metadata: &str) -> Option<String> {
        metadata.lines().find_map(|line| {
            let value = line.strip_prefix("title:")?.trim();
            let value = value.trim_matches(['"', '\'']).trim();
            (!value.is_empty()).then(|| value.to_string())
        })
    }

    pub(super) fn extract(ctx: &Ctx, file: File) -> Result<Extracted, ExtractError> {
        let state = RefCell::new(State::default());
        let note = stream_text_lines(
            ctx,
            file,
            &mut || *state.borrow_mut() = State::default(),
            &mut |line| state.borrow_mut().line(line),
        )?;
        let mut state = state.into_inner();
        state.parse_section();
        state.blocks.check(ctx)?;
        Ok(Extracted {
            format: Format::Markdown,
            title: state.title,
            blocks: state.blocks.blocks,
            notes: note.into_iter().collect(),
        })
    }
}

mod html {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };

    use super::*;

    /// Elements whose content is not document text.
    #[rustfmt::skip]
    const SKIPPED: &[&str] = &[
        "script", "style", "noscript", "template", "svg", "nav", "button", "select", "iframe",
        "object", "math",
    ];
    /// Elements that start and end a block of text.
    #[rustfmt::skip]
    const BLOCKS: &[&str] = &[
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "main",
        "header", "footer", "aside", "blockquote", "pre", "dt", "dd", "td", "th", "tr", "table",
        "ul", "ol", "dl", "figure", "figcaption", "caption", "address", "body", "form", "fieldset",
        "details", "summary",
    ];

    #[derive(Default)]
    struct Sink {
        state: RefCell<State>,
    }

    #[derive(Default)]
    struct State {
        blocks: Blocks,
        title: String,
        in_title: bool,
        /// Open block elements with the kind of text inside them.
        stack: Vec<(String, BlockKind)>,
        skip: Vec<String>,
        text: String,
    }

    impl State {
        fn kind(&self) -> BlockKind {
            self.stack
                .last()
                .map(|(_, k)| *k)
                .unwrap_or(BlockKind::Paragraph)
        }

        fn flush(&mut self) {
            let kind = self.kind();
            let text = std::mem::take(&mut self.text);
            self.blocks.push(kind, &text);
        }

        fn start(&mut self, name: &str, self_closing: bool) -> TokenSinkResult<()> {
            if !self.skip.is_empty() || SKIPPED.contains(&name) {
                if !self_closing && !VOID.contains(&name) {
                    self.skip.push(name.to_string());
                }
                return match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" | "iframe" => TokenSinkResult::RawData(RawKind::Rawtext),
                    "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => TokenSinkResult::Continue,
                };
            }
            match name {
                "title" => {
                    self.in_title = true;
                    return TokenSinkResult::RawData(RawKind::Rcdata);
                }
                "br" => self.text.push('\n'),
                "hr" => self.flush(),
                "td" | "th" => self.text.push(' '),
                _ => {}
            }
            if !BLOCKS.contains(&name) || self_closing {
                return TokenSinkResult::Continue;
            }
            self.flush();
            // Implicitly closed elements: a new <p> or <li> or heading closes the open one.
            if matches!(name, "p" | "li" | "dt" | "dd") || name.len() == 2 && name.starts_with('h')
            {
                if let Some((top, _)) = self.stack.last() {
                    let closes = top == name
                        || (name == "li" && top == "p")
                        || (top == "p" && name != "p" && !matches!(name, "dt" | "dd"));
                    if closes {
                        self.stack.pop();
                    }
                }
            }
            let kind = match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    BlockKind::Heading(name[1..].parse().unwrap_or(1))
                }
                "li" => BlockKind::ListItem,
                _ if self.kind() == BlockKind::ListItem => BlockKind::ListItem,
                _ => BlockKind::Paragraph,
            };
            self.stack.push((name.to_string(), kind));
            TokenSinkResult::Continue
        }

        fn end(&mut self, name: &str) {
            if let Some(open) = self.skip.last() {
                if open == name {
                    self.skip.pop();
                } else if let Some(i) = self.skip.iter().rposition(|s| s == name) {
                    self.skip.truncate(i);
                }
                return;
            }
            if name == "title" {
                self.in_title = false;
                return;
            }
            if !BLOCKS.contains(&name) {
                return;
            }
            if let Some(i) = self.stack.iter().rposition(|(n, _)| n == name) {
                self.flush();
                self.stack.truncate(i);
            }
        }
    }

    #[rustfmt::skip]
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];

    impl TokenSink for Sink {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut state = self.state.borrow_mut();
            match token {
                Token::TagToken(tag) => {
                    let name = tag.name.to_ascii_lowercase();
                    match tag.kind {
                        TagKind::StartTag => return state.start(&name, tag.self_closing),
                        TagKind::EndTag => state.end(&name),
                    }
                }
                Token::CharacterTokens(text) => {
                    if state.in_title {
                        if state.title.len() < 4096 {
                            state.title.push_str(&text);
                        }
                    } else if state.skip.is_empty() {
                        push_capped(&mut state.text, &text);
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    pub(super) fn extract(ctx: &Ctx, file: File) -> Result<Extracted, ExtractError> {
        let tokenizer = RefCell::new(Tokenizer::new(Sink::default(), TokenizerOpts::default()));
        let queue = BufferQueue::default();
        let note = stream_text_lines(
            ctx,
            file,
            &mut || {
                *tokenizer.borrow_mut() = Tokenizer::new(Sink::default(), TokenizerOpts::default());
            },
            &mut |line| {
                let mut chunk = StrTendril::from_slice(line);
                chunk.push_char('\n');
                queue.push_back(chunk);
                let _ = tokenizer.borrow().feed(&queue);
            },
        )?;
        let tokenizer = tokenizer.into_inner();
        tokenizer.end();
        let mut state = tokenizer.sink.state.into_inner();
        state.flush();
        state.blocks.check(ctx)?;
        let title = clean_text(&state.title);
        Ok(Extracted {
            format: Format::Html,
            title: (!title.is_empty()).then_some(title),
            blocks: state.blocks.blocks,
            notes: note.into_iter().collect(),
        })
    }
}

mod office {
    use std::collections::HashMap;

    use quick_xml::events::{BytesStart, Event};
    use quick_xml::Reader;
    use zip::ZipArchive;

    use super::*;

    fn open_zip(ctx: &Ctx, file: File) -> Result<ZipArchive<BufReader<File>>, ExtractError> {
        ZipArchive::new(BufReader::new(file))
            .map_err(|_| ctx.corrupt("filen kan ikke pakkes ut som et zip-arkiv"))
    }

    /// Reads a part of the zip through quick-xml, calling `on_event` for every event.
    fn read_part(
        ctx: &Ctx,
        zip: &mut ZipArchive<BufReader<File>>,
        name: &str,
        on_event: &mut dyn FnMut(&Event<'_>),
    ) -> Result<bool, ExtractError> {
        let entry = match zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(false),
            Err(_) => return Err(ctx.corrupt(format!("delen {name} kan ikke pakkes ut"))),
        };
        let limited = entry.take(MAX_XML_BYTES + 1);
        let counter = CountingReader {
            inner: limited,
            count: 0,
            since_tag: 0,
        };
        let mut reader = Reader::from_reader(BufReader::with_capacity(CHUNK, counter));
        let mut buf = Vec::with_capacity(CHUNK);
        loop {
            let event = reader.read_event_into(&mut buf);
            match event {
                Ok(Event::Eof) => break,
                Ok(event) => on_event(&event),
                Err(_) => {
                    if reader.get_ref().get_ref().count > MAX_XML_BYTES {
                        return Err(inflated_too_much(ctx, name));
                    }
                    if reader.get_ref().get_ref().since_tag > MAX_TEXT_BYTES as u64 {
                        return Err(ctx.too_large(format!(
                            "den inneholder mer enn {} tekst, og Husk tar imot høyst så mye \
                             tekst fra én fil",
                            megabytes(MAX_TEXT_BYTES as u64)
                        )));
                    }
                    return Err(ctx.corrupt(format!("delen {name} er ikke gyldig XML")));
                }
            }
            buf.clear();
        }
        if reader.get_ref().get_ref().count > MAX_XML_BYTES {
            return Err(inflated_too_much(ctx, name));
        }
        Ok(true)
    }

    fn inflated_too_much(ctx: &Ctx, part: &str) -> ExtractError {
        ctx.too_large(format!(
            "delen {part} i filen pakker ut til mer enn {}, og Husk pakker ut høyst så mye av \
             hver del (filen kan være en såkalt zip-bombe)",
            megabytes(MAX_XML_BYTES)
        ))
    }

    /// Counts the inflated bytes, and fails once a run of text without a tag is longer than
    /// the text limit (quick-xml holds a whole text run in memory).
    struct CountingReader<R> {
        inner: R,
        count: u64,
        since_tag: u64,
    }

    impl<R: Read> Read for CountingReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.count += n as u64;
            match memchr::memrchr(b'<', &buf[..n]) {
                Some(at) => self.since_tag = (n - at - 1) as u64,
                None => self.since_tag += n as u64,
            }
            if self.since_tag > MAX_TEXT_BYTES as u64 {
                return Err(io::Error::other("for lang tekst uten tagger"));
            }
            Ok(n)
        }
    }

    fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            let key = a.key.as_ref();
            let key_local = key.rsplit(':').next().unwrap_or(key);
            (key_local == local).then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_default()
            })
        })
    }

    fn local(name: &str) -> &str {
        name.rsplit(':').next().unwrap_or(name)
    }

    /// The text of an entity or character reference (`&amp;`, `&#229;`).
    fn reference_text(reference: &quick_xml::events::BytesRef<'_>) -> Option<String> {
        if let Ok(Some(c)) = reference.resolve_char_ref() {
            return Some(c.to_string());
        }
        let name = reference.xml10_content();
        Some(
            match name.as_ref() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => return None,
            }
            .to_string(),
        )
    }

    /// Checks that a zip is the kind of document its extension says.
    fn check_kind(
        ctx: &Ctx,
        zip: &mut ZipArchive<BufReader<File>>,
        want: Format,
    ) -> Result<(), ExtractError> {
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        let has = |n: &str| names.iter().any(|x| x == n);
        let mut mimetype = String::new();
        if let Ok(mut entry) = zip.by_name("mimetype") {
            let _ = entry.by_ref().take(200).read_to_string(&mut mimetype);
        }
        let is_docx = has("word/document.xml");
        let is_odf = has("content.xml") && mimetype.starts_with("application/vnd.oasis");
        let found = match (want, is_docx, is_odf) {
            (Format::Docx, true, _) | (Format::Odt, _, true) => return Ok(()),
            (_, true, _) => "et Word-dokument (DOCX)".to_string(),
            (_, _, true) if mimetype.contains("opendocument.text") => {
                "et OpenDocument-dokument (ODT)".to_string()
            }
            (_, _, true) => format!("et annet OpenDocument-format ({})", mimetype.trim()),
            _ if has("xl/workbook.xml") => "et Excel-regneark (XLSX)".to_string(),
            _ if has("ppt/presentation.xml") => "en PowerPoint-presentasjon (PPTX)".to_string(),
            _ => "et zip-arkiv som ikke er et dokument".to_string(),
        };
        Err(ctx.wrong(found))
    }

    /// What a DOCX paragraph style means.
    #[derive(Debug, Default, Clone)]
    struct Style {
        heading: Option<u8>,
        title: bool,
        list: bool,
        toc: bool,
        based_on: Option<String>,
    }

    fn style_meaning(id: &str, name: &str, style: &mut Style) {
        let id_l = id.to_lowercase();
        let name_l = name.to_lowercase();
        for candidate in [&id_l, &name_l] {
            let compact: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
            for prefix in ["heading", "overskrift", "berschrift", "rubrik"] {
                if let Some(rest) = compact.strip_prefix(prefix) {
                    if let Ok(level) = rest.parse::<u8>() {
                        style.heading = Some(level.clamp(1, 6));
                    }
                }
            }
            if matches!(compact.as_str(), "title" | "tittel") {
                style.title = true;
            }
            if compact.starts_with("listparagraph")
                || compact.starts_with("listeavsnitt")
                || compact.starts_with("listbullet")
                || compact.starts_with("listnumber")
                || compact.starts_with("punktliste")
                || compact.starts_with("nummerertliste")
            {
                style.list = true;
            }
            if compact.starts_with("toc") || compact.starts_with("innhold") {
                style.toc = true;
            }
        }
    }

    fn docx_styles(
        ctx: &Ctx,
        zip: &mut ZipArchive<BufReader<File>>,
    ) -> Result<HashMap<String, Style>, ExtractError> {
        let mut styles: HashMap<String, Style> = HashMap::new();
        let mut current: Option<(String, String, Style)> = None;
        read_part(ctx, zip, "word/styles.xml", &mut |event| match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    "style" => {
                        if let Some(id) = attr(e, "styleId") {
                            current = Some((id, String::new(), Style::default()));
                        }
                    }
                    "name" => {
                        if let Some((_, n, _)) = current.as_mut() {
                            *n = attr(e, "val").unwrap_or_default();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, _, s)) = current.as_mut() {
                            s.based_on = attr(e, "val");
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, _, s)) = current.as_mut() {
                            if let Some(level) = attr(e, "val").and_then(|v| v.parse::<u8>().ok()) {
                                if level < 9 {
                                    s.heading = Some((level + 1).min(6));
                                }
                            }
                        }
                    }
                    "numId" => {
                        if let Some((_, _, s)) = current.as_mut() {
                            if attr(e, "val").is_some_and(|v| v != "0") {
                                s.list = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "style" => {
                if let Some((id, name, mut style)) = current.take() {
                    style_meaning(&id, &name, &mut style);
                    styles.insert(id, style);
                }
            }
            _ => {}
        })?;
        // Inherit heading levels and list-ness along basedOn (a few steps at most).
        let snapshot = styles.clone();
        for style in styles.values_mut() {
            let mut parent = style.based_on.clone();
            for _ in 0..5 {
                let Some(p) = parent.and_then(|id| snapshot.get(&id)) else {
                    break;
                };
                style.heading = style.heading.or(p.heading);
                style.list |= p.list;
                parent = p.based_on.clone();
            }
        }
        Ok(styles)
    }

    /// One DOCX paragraph being read.
    #[derive(Default)]
    struct Para {
        style: Option<String>,
        outline: Option<u8>,
        numbered: bool,
        text: String,
    }

    pub(super) fn extract_docx(ctx: &Ctx, file: File) -> Result<Extracted, ExtractError> {
        let mut zip = open_zip(ctx, file)?;
        check_kind(ctx, &mut zip, Format::Docx)?;
        let styles = docx_styles(ctx, &mut zip)?;
        let mut title = None;
        read_part(ctx, &mut zip, "docProps/core.xml", &mut {
            let mut in_title = false;
            let title = &mut title;
            move |event: &Event<'_>| match event {
                Event::Start(e) if e.name().as_ref() == "dc:title" => in_title = true,
                Event::End(e) if e.name().as_ref() == "dc:title" => in_title = false,
                Event::Text(t) if in_title => {
                    let text = clean_text(&t.xml10_content());
                    if !text.is_empty() {
                        *title = Some(text);
                    }
                }
                _ => {}
            }
        })?;
        let mut blocks = Blocks::default();
        let mut stack: Vec<Para> = Vec::new();
        let mut in_text = false;
        let mut skip_depth = 0usize;
        let mut style_title: Option<String> = None;
        let found = read_part(
            ctx,
            &mut zip,
            "word/document.xml",
            &mut |event| match event {
                Event::Start(e) => {
                    let name = e.name();
                    let name = local(name.as_ref());
                    if skip_depth > 0 || matches!(name, "Fallback" | "delText" | "instrText") {
                        skip_depth += 1;
                        return;
                    }
                    match name {
                        "p" => stack.push(Para::default()),
                        "t" => in_text = true,
                        _ => {}
                    }
                }
                Event::Empty(e) => {
                    if skip_depth > 0 {
                        return;
                    }
                    let name = e.name();
                    let Some(para) = stack.last_mut() else {
                        return;
                    };
                    match local(name.as_ref()) {
                        "pStyle" => para.style = attr(e, "val"),
                        "outlineLvl" => {
                            para.outline = attr(e, "val")
                                .and_then(|v| v.parse::<u8>().ok())
                                .filter(|l| *l < 9)
                                .map(|l| (l + 1).min(6));
                        }
                        "numId" => para.numbered = attr(e, "val").is_some_and(|v| v != "0"),
                        "tab" | "br" | "cr" => para.text.push(' '),
                        "noBreakHyphen" => para.text.push('-'),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    let name = e.name();
                    let name = local(name.as_ref());
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        return;
                    }
                    match name {
                        "t" => in_text = false,
                        "p" => {
                            let Some(para) = stack.pop() else {
                                return;
                            };
                            let style = para.style.as_ref().and_then(|s| styles.get(s));
                            if style.is_some_and(|s| s.toc) {
                                return;
                            }
                            if style.is_some_and(|s| s.title) {
                                if style_title.is_none() {
                                    style_title = Some(clean_text(&para.text));
                                }
                                return;
                            }
                            let heading = para.outline.or(style.and_then(|s| s.heading));
                            let kind = match heading {
                                Some(level) => BlockKind::Heading(level),
                                None if para.numbered || style.is_some_and(|s| s.list) => {
                                    BlockKind::ListItem
                                }
                                None => BlockKind::Paragraph,
                            };
                            blocks.push(kind, &para.text);
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_text && skip_depth == 0 => {
                    if let Some(para) = stack.last_mut() {
                        push_capped(&mut para.text, &t.xml10_content());
                    }
                }
                Event::CData(t) if in_text && skip_depth == 0 => {
                    if let Some(para) = stack.last_mut() {
                        push_capped(&mut para.text, &t.xml10_content());
                    }
                }
                Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                    if let (Some(para), Some(text)) = (stack.last_mut(), reference_text(r)) {
                        push_capped(&mut para.text, &text);
                    }
                }
                _ => {}
            },
        )?;
        if !found {
            return Err(ctx.corrupt("delen word/document.xml mangler"));
        }
        blocks.check(ctx)?;
        Ok(Extracted {
            format: Format::Docx,
            title: title.or(style_title.filter(|t| !t.is_empty())),
            blocks: blocks.blocks,
            notes: Vec::new(),
        })
    }

    /// One ODT paragraph or heading being read.
    struct OdtPara {
        kind: BlockKind,
        text: String,
    }

    pub(super) fn extract_odt(ctx: &Ctx, file: File) -> Result<Extracted, ExtractError> {
        let mut zip = open_zip(ctx, file)?;
        check_kind(ctx, &mut zip, Format::Odt)?;
        let mut title = None;
        read_part(ctx, &mut zip, "meta.xml", &mut {
            let mut in_title = false;
            let title = &mut title;
            move |event: &Event<'_>| match event {
                Event::Start(e) if e.name().as_ref() == "dc:title" => in_title = true,
                Event::End(e) if e.name().as_ref() == "dc:title" => in_title = false,
                Event::Text(t) if in_title => {
                    let text = clean_text(&t.xml10_content());
                    if !text.is_empty() {
                        *title = Some(text);
                    }
                }
                _ => {}
            }
        })?;
        let mut blocks = Blocks::default();
        let mut stack: Vec<OdtPara> = Vec::new();
        let mut list_items = 0usize;
        let mut skip_depth = 0usize;
        const SKIP: &[&str] = &[
            "note-citation",
            "tracked-changes",
            "table-of-content",
            "annotation",
            "index-title",
            "sequence-decls",
            "forms",
        ];
        let found = read_part(ctx, &mut zip, "content.xml", &mut |event| match event {
            Event::Start(e) => {
                let name = e.name();
                let name = local(name.as_ref());
                if skip_depth > 0 || SKIP.contains(&name) {
                    skip_depth += 1;
                    return;
                }
                match name {
                    "h" => {
                        let level = attr(e, "outline-level")
                            .and_then(|v| v.parse::<u8>().ok())
                            .unwrap_or(1)
                            .clamp(1, 6);
                        stack.push(OdtPara {
                            kind: BlockKind::Heading(level),
                            text: String::new(),
                        });
                    }
                    "p" => stack.push(OdtPara {
                        kind: if list_items > 0 {
                            BlockKind::ListItem
                        } else {
                            BlockKind::Paragraph
                        },
                        text: String::new(),
                    }),
                    "list-item" | "list-header" => list_items += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    return;
                }
                let name = e.name();
                let Some(para) = stack.last_mut() else {
                    return;
                };
                match local(name.as_ref()) {
                    "s" => {
                        let count = attr(e, "c")
                            .and_then(|c| c.parse::<usize>().ok())
                            .unwrap_or(1);
                        para.text.push_str(&" ".repeat(count.min(8)));
                    }
                    "tab" | "line-break" => para.text.push(' '),
                    "soft-page-break" => {}
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    return;
                }
                let name = e.name();
                match local(name.as_ref()) {
                    "h" | "p" => {
                        if let Some(para) = stack.pop() {
                            blocks.push(para.kind, &para.text);
                        }
                    }
                    "list-item" | "list-header" => list_items = list_items.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if skip_depth == 0 => {
                if let Some(para) = stack.last_mut() {
                    push_capped(&mut para.text, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) if skip_depth == 0 => {
                if let (Some(para), Some(text)) = (stack.last_mut(), reference_text(r)) {
                    push_capped(&mut para.text, &text);
                }
            }
            _ => {}
        })?;
        if !found {
            return Err(ctx.corrupt("delen content.xml mangler"));
        }
        blocks.check(ctx)?;
        Ok(Extracted {
            format: Format::Odt,
            title,
            blocks: blocks.blocks,
            notes: Vec::new(),
        })
    }
}

mod pdf {
    use std::collections::HashMap;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use std::time::{Duration, Instant};

    use pdf_extract::{
        ColorSpace, Document, LoadOptions, MediaBox, OutputDev, OutputError, Transform,
    };

    use super::*;

    /// One line of text on a page, as pdf-extract positions it.
    #[derive(Debug, Clone)]
    struct Line {
        page: u32,
        text: String,
        /// Baseline, from the top of the page.
        y: f64,
        /// Font size in page units.
        size: f64,
    }

    /// Why the collector stopped pdf-extract early.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Stop {
        /// More than [`MAX_TEXT_BYTES`] of text.
        Text,
        /// Past the deadline ([`MAX_SECONDS`]).
        Time,
    }

    /// Collects characters into lines with their position and font size, and stops the
    /// reading (by returning an error to pdf-extract) past the text limit or the deadline.
    struct LineCollector {
        lines: Vec<Line>,
        page: u32,
        flip: Option<Transform>,
        last_end: f64,
        last_y: f64,
        first_char_of_word: bool,
        chars: usize,
        bytes: usize,
        deadline: Instant,
        /// Calls since the clock was last read.
        ticks: u32,
        stopped: Option<Stop>,
    }

    impl LineCollector {
        fn new(deadline: Instant) -> Self {
            LineCollector {
                lines: Vec::new(),
                page: 0,
                flip: None,
                last_end: 0.0,
                last_y: 0.0,
                first_char_of_word: false,
                chars: 0,
                bytes: 0,
                deadline,
                ticks: 0,
                stopped: None,
            }
        }

        fn current(&mut self) -> Option<&mut Line> {
            self.lines.last_mut().filter(|l| l.page == self.page)
        }

        /// Stops the reading once a limit is passed.
        fn limits(&mut self) -> Result<(), OutputError> {
            if self.stopped.is_none() {
                if self.bytes > MAX_TEXT_BYTES {
                    self.stopped = Some(Stop::Text);
                } else {
                    self.ticks += 1;
                    if self.ticks >= 1024 {
                        self.ticks = 0;
                        if Instant::now() > self.deadline {
                            self.stopped = Some(Stop::Time);
                        }
                    }
                }
            }
            match self.stopped {
                None => Ok(()),
                Some(_) => Err(OutputError::IoError(io::Error::other("grensen er nådd"))),
            }
        }
    }

    impl OutputDev for LineCollector {
        fn begin_page(
            &mut self,
            page_num: u32,
            media_box: &MediaBox,
            _art_box: Option<(f64, f64, f64, f64)>,
        ) -> Result<(), OutputError> {
            self.ticks = 1023;
            self.limits()?;
            self.page = page_num;
            self.flip = Some(Transform::row_major(
                1.,
                0.,
                0.,
                -1.,
                0.,
                media_box.ury - media_box.lly,
            ));
            self.last_end = f64::MAX;
            self.last_y = f64::MIN;
            Ok(())
        }

        fn end_page(&mut self) -> Result<(), OutputError> {
            Ok(())
        }

        fn output_character(
            &mut self,
            trm: &Transform,
            width: f64,
            _spacing: f64,
            font_size: f64,
            char: &str,
        ) -> Result<(), OutputError> {
            let flip = self.flip.unwrap_or_else(Transform::identity);
            let position = trm.post_transform(&flip);
            // The font size as the side of a square with the area the transform gives it.
            let sx = font_size * (trm.m11 + trm.m21);
            let sy = font_size * (trm.m12 + trm.m22);
            let size = (sx * sy).abs().sqrt().max(0.1);
            let (x, y) = (position.m31, position.m32);
            let text = ligature(char);
            let new_line = (y - self.last_y).abs() > size * 0.5 || self.current().is_none();
            if new_line {
                self.lines.push(Line {
                    page: self.page,
                    text: String::new(),
                    y,
                    size,
                });
            } else if let Some(line) = self.lines.last_mut() {
                let gap = x - self.last_end;
                if (self.first_char_of_word && gap > size * 0.1) || gap > size * 0.25 {
                    line.text.push(' ');
                }
                line.size = line.size.max(size);
            }
            if let Some(line) = self.lines.last_mut() {
                line.text.push_str(text);
            }
            self.bytes += text.len() + 1;
            self.chars += text.chars().filter(|c| c.is_alphanumeric()).count();
            self.first_char_of_word = false;
            self.last_y = y;
            self.last_end = x + width * size;
            self.limits()
        }

        fn begin_word(&mut self) -> Result<(), OutputError> {
            self.first_char_of_word = true;
            Ok(())
        }

        fn end_word(&mut self) -> Result<(), OutputError> {
            Ok(())
        }

        fn end_line(&mut self) -> Result<(), OutputError> {
            Ok(())
        }

        fn stroke(
            &mut self,
            _ctm: &Transform,
            _colorspace: &ColorSpace,
            _color: &[f64],
            _path: &pdf_extract::Path,
        ) -> Result<(), OutputError> {
            self.limits()
        }

        fn fill(
            &mut self,
            _ctm: &Transform,
            _colorspace: &ColorSpace,
            _color: &[f64],
            _path: &pdf_extract::Path,
        ) -> Result<(), OutputError> {
            self.limits()
        }
    }

    fn ligature(s: &str) -> &str {
        match s {
            "\u{FB00}" => "ff",
            "\u{FB01}" => "fi",
            "\u{FB02}" => "fl",
            "\u{FB03}" => "ffi",
            "\u{FB04}" => "ffl",
            "\u{FB06}" => "st",
            _ => s,
        }
    }

    pub(super) fn extract(ctx: &Ctx, path: &Path) -> Result<Extracted, ExtractError> {
        let deadline = Instant::now() + Duration::from_secs(MAX_SECONDS);
        let options = LoadOptions {
            filter: Some(pdf_limits::load_filter),
            ..LoadOptions::default()
        };
        let mut bytes = std::fs::read(path).map_err(|e| ctx.io(e))?;
        let file_tokens = pdf_limits::structure_tokens(&bytes);
        if file_tokens > pdf_limits::MAX_STRUCTURE_TOKENS {
            return Err(refused(ctx, pdf_limits::Refusal::Structure));
        }
        // lopdf reads the cross-reference sections first, inflating their streams whole.
        let file_tokens = pdf_limits::check_cross_references(&bytes, file_tokens)
            .map_err(|refusal| refused(ctx, refusal))?;
        let encrypted = || ExtractError::Encrypted {
            file: ctx.file.clone(),
        };
        let _turn = pdf_limits::begin_load();
        let load = |bytes: &[u8]| {
            catch_unwind(AssertUnwindSafe(|| {
                Document::load_mem_with_options(bytes, options.clone())
            }))
        };
        // lopdf would load an encrypted file without the filter that keeps its object streams
        // bounded, so `/Encrypt` is hidden from it and the file decrypted afterwards.
        let hidden = pdf_limits::hide_encryption(&mut bytes);
        let mut loaded = load(&bytes);
        let mut is_encrypted = false;
        if let Ok(Ok(doc)) = &mut loaded {
            if !hidden.is_empty() {
                is_encrypted = pdf_limits::reveal_encryption(doc);
                if !is_encrypted {
                    // Not encrypted after all: read the file with its names as they were. (Not
                    // after a failed load: lopdf's parse does not depend on a name's spelling,
                    // so it would fail again, or, for an encrypted file, go the unbounded way.)
                    drop(loaded);
                    hidden.restore(&mut bytes);
                    loaded = load(&bytes);
                }
            }
        }
        drop(bytes);
        let mut doc = match loaded {
            Ok(Ok(doc)) => doc,
            Ok(Err(e)) => {
                if matches!(
                    e,
                    pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword
                ) || has_encrypt_entry(path)
                {
                    return Err(encrypted());
                }
                return Err(ctx.corrupt("PDF-leseren kunne ikke tolke filen"));
            }
            Err(_) if has_encrypt_entry(path) => return Err(encrypted()),
            Err(_) => return Err(ctx.corrupt("PDF-leseren stoppet på innholdet")),
        };
        // An encrypted file is read only if it opens with the empty password (a PDF with only
        // an owner password); one that needs a password or a certificate is refused.
        if is_encrypted {
            pdf_limits::decrypt(&mut doc).map_err(|_| encrypted())?;
        } else if doc.trailer.has(b"Encrypt") {
            return Err(encrypted());
        }
        pdf_limits::unpack_object_streams(&mut doc, file_tokens)
            .map_err(|refusal| refused(ctx, refusal))?;
        drop(_turn);
        let checked = pdf_limits::check(&mut doc).map_err(|refusal| refused(ctx, refusal))?;
        let title = info_title(&doc);
        let pages = doc.get_pages().len().max(1);
        let mut collector = LineCollector::new(deadline);
        let result = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc(&doc, &mut collector)
        }));
        match collector.stopped {
            Some(Stop::Text) => {
                return Err(ctx.too_large(format!(
                    "den inneholder mer enn {} tekst, og Husk tar imot høyst så mye tekst fra \
                     én fil",
                    megabytes(MAX_TEXT_BYTES as u64)
                )))
            }
            Some(Stop::Time) => {
                return Err(ExtractError::TooSlow {
                    file: ctx.file.clone(),
                    seconds: MAX_SECONDS,
                })
            }
            None => {}
        }
        match result {
            Ok(Ok(())) => {}
            Ok(Err(_)) if collector.chars == 0 => {
                return Err(ctx.corrupt("PDF-leseren kunne ikke tolke innholdet"))
            }
            Err(_) if collector.chars == 0 => {
                return Err(ctx.corrupt("PDF-leseren stoppet på innholdet"))
            }
            // Keep what was read before a later page failed.
            _ => {}
        }
        drop(doc);
        let read_pages = pages.saturating_sub(checked.skipped_pages.len()).max(1);
        if collector.chars < 10 * read_pages {
            if checked.skipped_pages.len() >= pages {
                return Err(ctx.too_large(format!(
                    "hver side har mer enn {} tegneinstruksjoner, og Husk leser høyst så mye per \
                     side",
                    megabytes(pdf_limits::MAX_PAGE_PROGRAM)
                )));
            }
            return Err(ExtractError::Scanned {
                file: ctx.file.clone(),
            });
        }
        let blocks = lines_to_blocks(collector.lines);
        blocks.check(ctx)?;
        let mut notes = Vec::new();
        if !checked.skipped_pages.is_empty() {
            notes.push(skipped_note(&ctx.file, &checked.skipped_pages));
        }
        Ok(Extracted {
            format: Format::Pdf,
            title,
            blocks: blocks.blocks,
            notes,
        })
    }

    fn refused(ctx: &Ctx, refusal: pdf_limits::Refusal) -> ExtractError {
        use pdf_limits::Refusal;
        match refusal {
            Refusal::CrossReference => ctx.too_large(format!(
                "kryssreferansetabellen i PDF-en (oversikten over hvor objektene ligger) pakker \
                 ut til mer enn {}, og Husk pakker ut høyst så mye av den (filen kan være en \
                 såkalt zip-bombe)",
                megabytes(pdf_limits::MAX_XREF_STREAMS)
            )),
            Refusal::CrossReferenceEntries => ctx.too_large(format!(
                "kryssreferansetabellen i PDF-en (oversikten over hvor objektene ligger) har mer \
                 enn {} oppføringer, og Husk leser høyst så mange fra én fil",
                count_nb(pdf_limits::MAX_XREF_ENTRIES)
            )),
            Refusal::CrossReferenceRow => ctx.corrupt(format!(
                "kryssreferansetabellen i PDF-en oppgir oppføringer eller rader på mer enn {} \
                 byte, mens en oppføring er på noen få byte",
                count_nb(pdf_limits::MAX_XREF_ROW)
            )),
            Refusal::CrossReferenceUnchecked => {
                ctx.corrupt("Husk kunne ikke kontrollere kryssreferansetabellen i PDF-en")
            }
            Refusal::ObjectStream => ctx.too_large(format!(
                "en objektstrøm i PDF-en pakker ut til mer enn {}, og Husk pakker ut høyst så \
                 mye av hver objektstrøm (filen kan være en såkalt zip-bombe)",
                megabytes(pdf_limits::MAX_OBJECT_STREAM)
            )),
            Refusal::Stream => ctx.too_large(format!(
                "en datastrøm i PDF-en pakker ut til mer enn {}, og Husk pakker ut høyst så mye \
                 av hver strøm (filen kan være en såkalt zip-bombe)",
                megabytes(pdf_limits::MAX_STREAM)
            )),
            Refusal::Total => ctx.too_large(format!(
                "datastrømmene i PDF-en pakker til sammen ut til mer enn {}, og Husk pakker ut \
                 høyst så mye fra én fil",
                megabytes(pdf_limits::MAX_INFLATED)
            )),
            Refusal::CharacterMap => ctx.corrupt(format!(
                "en tegntabell i en skrifttype definerer mer enn {} tegnkoder",
                count_nb(pdf_limits::MAX_CMAP_CODES)
            )),
            Refusal::Structure => ctx.too_large(format!(
                "PDF-en er bygd av mer enn {} enkeltverdier (tall, navn og tegn), og Husk leser \
                 høyst så mange fra én fil",
                count_nb(pdf_limits::MAX_STRUCTURE_TOKENS)
            )),
            Refusal::Repeated => ctx.corrupt(
                "flere oppføringer i kryssreferansetabellen i PDF-en viser til de samme delene \
                 av filen, så PDF-leseren ville lest dem om igjen for hver oppføring",
            ),
            Refusal::LengthChain => ctx.corrupt(
                "lengden til en datastrøm i PDF-en er oppgitt i en annen datastrøm, og ikke som \
                 et tall slik en lengde skal være",
            ),
            Refusal::PredictorRow => ctx.corrupt(format!(
                "en datastrøm i PDF-en som ikke er et bilde, oppgir rader på mer enn {} byte for \
                 utpakkingen, mens bare bilder har så lange rader",
                count_nb(pdf_limits::MAX_PREDICTOR_ROW)
            )),
            Refusal::FormCycle => ctx.corrupt(
                "tegneobjekter i filen viser til seg selv i en evig løkke eller er nestet for dypt",
            ),
        }
    }

    /// The note about pages left out for holding too much drawing: "side 3", "sidene 3, 7 og 9".
    fn skipped_note(file: &str, pages: &[u32]) -> String {
        let shown: Vec<String> = pages.iter().take(10).map(u32::to_string).collect();
        let list = match shown.len() {
            1 => format!("side {}", shown[0]),
            n => format!("sidene {} og {}", shown[..n - 1].join(", "), shown[n - 1]),
        };
        let more = if pages.len() > shown.len() {
            let rest = pages.len() - shown.len();
            format!(
                " (og {rest} {} til)",
                if rest == 1 { "side" } else { "sider" }
            )
        } else {
            String::new()
        };
        format!(
            "I «{file}» er {list}{more} hoppet over fordi de har mer tegneinnhold (for eksempel \
             kart eller diagrammer) enn Husk leser per side; teksten på dem er ikke med i søket."
        )
    }

    /// Whether a trailer (or cross-reference stream) names an encryption dictionary. A
    /// linearised file has its first trailer near the start, so the whole file is searched, in
    /// chunks.
    fn has_encrypt_entry(path: &Path) -> bool {
        let Ok(file) = File::open(path) else {
            return false;
        };
        let mut reader = BufReader::with_capacity(CHUNK, file);
        let finder = memchr::memmem::Finder::new(b"/Encrypt");
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let chunk = match reader.fill_buf() {
                Ok([]) | Err(_) => return false,
                Ok(chunk) => chunk,
            };
            let n = chunk.len();
            carry.extend_from_slice(chunk);
            reader.consume(n);
            if finder.find(&carry).is_some() {
                return true;
            }
            let keep = carry.len().saturating_sub(8);
            carry.drain(..keep);
        }
    }

    fn info_title(doc: &Document) -> Option<String> {
        let info = doc.trailer.get(b"Info").ok()?;
        let info = match info {
            pdf_extract::Object::Reference(id) => doc.get_dictionary(*id).ok()?,
            pdf_extract::Object::Dictionary(d) => d,
            _ => return None,
        };
        let bytes = match info.get(b"Title").ok()? {
            pdf_extract::Object::String(bytes, _) => bytes,
            _ => return None,
        };
        let text = if bytes.starts_with(&[0xFE, 0xFF]) {
            UTF_16BE
                .decode_without_bom_handling(&bytes[2..])
                .0
                .into_owned()
        } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            String::from_utf8_lossy(&bytes[3..]).into_owned()
        } else {
            WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        };
        let text = clean_text(&text);
        let lower = text.to_lowercase();
        let useless = text.is_empty()
            || lower.starts_with("microsoft word")
            || lower == "untitled"
            || lower == "uten tittel"
            || [".doc", ".docx", ".pdf", ".odt", ".indd"]
                .iter()
                .any(|ext| lower.ends_with(ext));
        (!useless).then_some(text)
    }

    /// Rebuilds paragraphs and headings from positioned lines: body text is the most common font
    /// size; clearly larger lines are headings (the largest size is level 1); a vertical gap
    /// larger than the usual line spacing ends a paragraph; page numbers and running headers or
    /// footers repeated on many pages are dropped.
    fn lines_to_blocks(mut lines: Vec<Line>) -> Blocks {
        for line in &mut lines {
            line.text = clean_text(&line.text);
        }
        lines.retain(|l| !l.text.is_empty());
        let pages: Vec<u32> = {
            let mut p: Vec<u32> = lines.iter().map(|l| l.page).collect();
            p.dedup();
            p
        };
        // Running headers and footers: the first or last line of a page, repeated on at least
        // half the pages (and at least three), with digits ignored so "Side 3" matches "Side 4".
        let mut edge_counts: HashMap<String, usize> = HashMap::new();
        for page in &pages {
            let on_page: Vec<&Line> = lines.iter().filter(|l| l.page == *page).collect();
            for line in [on_page.first(), on_page.last()].into_iter().flatten() {
                *edge_counts.entry(edge_key(&line.text)).or_default() += 1;
            }
        }
        let repeated = |text: &str| {
            pages.len() >= 3
                && edge_counts
                    .get(&edge_key(text))
                    .is_some_and(|&n| n * 2 >= pages.len())
        };
        lines.retain(|l| {
            let page_number = l
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '/');
            !page_number && !repeated(&l.text)
        });

        let body_size = most_common_size(&lines);
        // Heading sizes, largest first.
        let mut heading_sizes: Vec<i64> = lines
            .iter()
            .filter(|l| l.size >= body_size * 1.15 && l.text.chars().count() <= 150)
            .map(|l| size_key(l.size))
            .collect();
        heading_sizes.sort_unstable_by(|a, b| b.cmp(a));
        heading_sizes.dedup();
        // The usual distance between two lines of body text.
        let mut gaps: Vec<f64> = lines
            .windows(2)
            .filter(|w| {
                w[0].page == w[1].page
                    && size_key(w[0].size) == size_key(body_size)
                    && size_key(w[1].size) == size_key(body_size)
            })
            .map(|w| w[1].y - w[0].y)
            .filter(|gap| *gap > 0.0 && *gap < body_size * 3.0)
            .collect();
        gaps.sort_by(f64::total_cmp);
        let line_gap = gaps.get(gaps.len() / 3).copied().unwrap_or(body_size * 1.2);

        let mut out = LineBlocks::default();
        let mut previous: Option<&Line> = None;
        let mut heading: Option<(u8, String, i64)> = None;
        for line in &lines {
            let key = size_key(line.size);
            let by_size = line.size >= body_size * 1.15 && line.text.chars().count() <= 150;
            let level = if by_size {
                let rank = heading_sizes.iter().position(|s| *s == key).unwrap_or(0);
                Some(heading_level(&line.text).unwrap_or((rank + 1).min(6) as u8))
            } else {
                heading_level(&line.text)
            };
            // Continue a heading that wraps over two lines of the same size.
            if let Some((lvl, text, hkey)) = heading.as_mut() {
                let continues = by_size
                    && key == *hkey
                    && previous
                        .is_some_and(|p| p.page == line.page && line.y - p.y < line.size * 1.8);
                if continues {
                    text.push(' ');
                    text.push_str(&line.text);
                    previous = Some(line);
                    continue;
                }
                let (lvl, text) = (*lvl, std::mem::take(text));
                heading = None;
                out.flush();
                out.blocks.push(BlockKind::Heading(lvl), &text);
            }
            if let Some(level) = level {
                out.flush();
                heading = Some((level, line.text.clone(), key));
                previous = Some(line);
                continue;
            }
            if let Some(prev) = previous {
                let gap = line.y - prev.y;
                let new_paragraph = if prev.page == line.page {
                    gap > line_gap * 1.35 || gap < 0.0
                } else {
                    ends_sentence(&prev.text)
                };
                if new_paragraph {
                    out.line("");
                }
            }
            out.line(&line.text);
            previous = Some(line);
        }
        if let Some((level, text, _)) = heading {
            out.flush();
            out.blocks.push(BlockKind::Heading(level), &text);
        }
        out.finish()
    }

    fn edge_key(text: &str) -> String {
        text.chars().filter(|c| !c.is_ascii_digit()).collect()
    }

    fn size_key(size: f64) -> i64 {
        (size * 2.0).round() as i64
    }

    /// The font size with the most characters.
    fn most_common_size(lines: &[Line]) -> f64 {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for line in lines {
            *counts.entry(size_key(line.size)).or_default() += line.text.chars().count();
        }
        counts
            .into_iter()
            .max_by_key(|(key, count)| (*count, -key))
            .map(|(key, _)| key as f64 / 2.0)
            .unwrap_or(10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_caps_headings() {
        assert_eq!(heading_level("3.2 Bostedsløse"), Some(2));
        assert_eq!(heading_level("3 Funn"), Some(1));
        assert_eq!(heading_level("4.1.2. Metode og data"), Some(3));
        assert_eq!(heading_level("SAMMENDRAG"), Some(1));
        assert_eq!(heading_level("2021 var et godt år for bosetting"), None);
        assert_eq!(heading_level("3 kommuner deltok i prosjektet."), None);
        assert_eq!(heading_level("Dette er en vanlig linje"), None);
        assert_eq!(heading_level("OK"), None);
        assert_eq!(
            heading_level("Kort om oppdraget fra Husbanken 2.1"),
            Some(2)
        );
        assert_eq!(
            heading_level("Hvorfor er praksis hensiktsmessig? 3.2.1"),
            Some(3)
        );
        assert_eq!(heading_level("Rapporten kom i 2016"), None);
        assert_eq!(
            heading_level("5 Programbeskrivelse, http://nedlasting.husbanken.no/x.pdf"),
            None
        );
    }

    #[test]
    fn page_markers() {
        assert!(is_page_marker("12"));
        assert!(is_page_marker("10 av 54"));
        assert!(is_page_marker("Side 3"));
        assert!(is_page_marker("Side 3 av 40"));
        assert!(!is_page_marker("2016 var et år"));
        assert!(!is_page_marker("3 av 10 kommuner"));
    }

    #[test]
    fn double_spaced_text_keeps_paragraphs_and_wrapped_headings() {
        let mut lines = LineBlocks::new(2);
        for line in [
            "3. FAGLIG PERSPEKTIV OG",
            "",
            "LÆRING",
            "",
            "Første linje i avsnittet",
            "",
            "fortsetter her.",
            "",
            " ",
            "",
            "Nytt avsnitt.",
            "",
            "10 av 54",
        ] {
            lines.line(line);
        }
        let blocks = lines.finish().blocks;
        let texts: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (BlockKind::Heading(1), "3. FAGLIG PERSPEKTIV OG LÆRING"),
                (
                    BlockKind::Paragraph,
                    "Første linje i avsnittet fortsetter her."
                ),
                (BlockKind::Paragraph, "Nytt avsnitt."),
            ]
        );
    }

    #[test]
    fn lines_become_blocks() {
        let mut lines = LineBlocks::default();
        for line in [
            "1 Innledning",
            "Kommunene har ansvar for bo-",
            "ligsosialt arbeid og for bolig- og",
            "tjenesteutvikling.",
            "",
            "- første punkt",
            "- andre punkt",
            "  fortsetter her",
            "Neste avsnitt.",
        ] {
            lines.line(line);
        }
        let blocks = lines.finish().blocks;
        assert_eq!(blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(
            blocks[1].text,
            "Kommunene har ansvar for boligsosialt arbeid og for bolig- og tjenesteutvikling."
        );
        assert_eq!(blocks[2].kind, BlockKind::ListItem);
        assert_eq!(blocks[3].text, "andre punkt fortsetter her Neste avsnitt.");
    }

    #[test]
    fn clean_text_collapses_whitespace() {
        assert_eq!(clean_text("  a\u{A0}\u{A0}b\n\tc\u{AD}d "), "a b cd");
    }
}
