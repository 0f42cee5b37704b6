//! Bounds on what reading a PDF may cost, checked before pdf-extract sees the document.
//!
//! lopdf and pdf-extract inflate every stream they touch completely, and pdf-extract parses a
//! page's whole drawing program into memory (about 50 bytes of parsed operators per byte of
//! program), follows form objects recursively, and expands a font's code ranges one code at a
//! time. A small hostile PDF can therefore ask for gigabytes, recurse until the stack overflows,
//! or loop for hours. This module measures first, with small buffers:
//!
//! - the cross-reference streams lopdf inflates while it reads the trailer, before anything
//!   else (the object at `startxref`, and those its `/Prev` and `/XRefStm` entries point at,
//!   whatever their `/Type`), are found first by [`check_cross_references`] and inflated with a
//!   cap, all together under [`MAX_XREF_STREAMS`]; the entries they would add to lopdf's table
//!   are counted ([`MAX_XREF_ENTRIES`]: an entry may take no bytes at all), and the entry and
//!   row widths lopdf allocates are bounded ([`MAX_XREF_ROW`]);
//! - the objects lopdf parses (the file's own and those in object streams) are counted as
//!   tokens first, all together under [`MAX_STRUCTURE_TOKENS`]: lopdf makes every number, name
//!   and bracket a value of about 120 bytes, so 16 MB of `0 0 0 …` would otherwise become
//!   gigabytes;
//! - lopdf parses the object each entry of its table points at, once per entry, keeping every
//!   copy until all are read: from the entries those sections list, [`table_cost`] counts the
//!   values at each entry (under the same limit: an entry may point where the file's count
//!   did not look, such as into a stream's content), refuses entries that make lopdf read more
//!   bytes than the file has (the same parts read again), and counts what resolving each
//!   indirect `/Length` costs (lopdf reads that object each time, recursing through streams,
//!   or inflating a whole object stream);
//! - object streams (`/Type /ObjStm`) are not left to lopdf: its load filter ([`load_filter`])
//!   renames them, and [`unpack_object_streams`] inflates each with a cap
//!   ([`MAX_OBJECT_STREAM`]), counts its tokens, and parses each object in it from its own
//!   part of the stream only, so objects that overlap cannot make lopdf parse the same values
//!   again and again;
//! - an encrypted file that opens without a password (only an owner password) goes the same
//!   way: lopdf would load it through a path without the filter, decrypting and parsing its
//!   object streams unbounded, so [`hide_encryption`] renames the trailer's `/Encrypt` before
//!   lopdf reads the file, and [`decrypt`] decrypts the objects afterwards, before the object
//!   streams are unpacked;
//! - images are emptied: pdf-extract never needs their pixels, but inflates whatever a page
//!   draws with `Do`, each time, and runs it as a drawing program;
//! - ICC colour profiles and separation tint functions are emptied, and graphics states' soft
//!   masks replaced by empty dictionaries: pdf-extract never uses them, but inflates a profile
//!   or function at every `cs`/`CS` that sets it and copies them at every `q` and `gs`;
//! - every other stream is inflated and counted, each under [`MAX_STREAM`] and all together
//!   under [`MAX_INFLATED`], and the predictor rows lopdf would allocate for it are bounded
//!   ([`MAX_PREDICTOR_ROW`]);
//! - a character map's code ranges are added up — [`MAX_CMAP_CODES`];
//! - each page's drawing program is followed through the streams it really calls (`Do`),
//!   refusing cycles and deep nesting; a page whose program holds more than [`MAX_PAGE_PROGRAM`]
//!   at once, or makes pdf-extract process more than [`MAX_PAGE_WORK`] in all, is left out
//!   (with a note) rather than read.
//!
//! Streams are counted through 64 KiB buffers, so the check itself needs little memory; what
//! pdf-extract then does is bounded by what passed.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::{Mutex, MutexGuard};

use pdf_extract::encryption::decrypt_object;
use pdf_extract::xref::XrefEntry;
use pdf_extract::{
    Dictionary, Document, EncryptionState, Object, ObjectId, ObjectStream, Reader, Stream,
};

/// Largest inflated object stream (a stream of PDF objects that lopdf parses while loading).
pub const MAX_OBJECT_STREAM: u64 = 8 << 20;
/// Largest inflated stream of any other kind (images excepted: pdf-extract never decodes them).
pub const MAX_STREAM: u64 = 32 << 20;
/// Largest inflated size of all streams together.
pub const MAX_INFLATED: u64 = 256 << 20;
/// Largest drawing program one page holds in memory at once (its content and the forms it is
/// inside while they run), inflated.
pub const MAX_PAGE_PROGRAM: u64 = 2 << 20;
/// Largest amount of drawing program pdf-extract runs for one page (each call of a form counts
/// again).
pub const MAX_PAGE_WORK: u64 = 64 << 20;
/// Most codes a character map may define (pdf-extract stores each one).
pub const MAX_CMAP_CODES: u64 = 1 << 18;
/// Most tokens (numbers, names, strings, brackets, keywords) lopdf may parse from one file, its
/// object streams included. lopdf holds each as a value of about 120 bytes, so this keeps
/// loading under about 90 MB (plus its arrays' spare room); a 300-page report needs well under
/// a tenth of it.
pub const MAX_STRUCTURE_TOKENS: u64 = 750_000;
/// Most bytes the cross-reference streams lopdf reads while it finds the objects may inflate
/// to, all together. An entry takes 5 to 20 bytes (qpdf and most writers use 5 to 7), and a file
/// Husk can read has fewer than 250 000 objects (each costs at least three of the
/// [`MAX_STRUCTURE_TOKENS`]: its number, its place and itself), so 8 MB holds the table of any
/// such file, and of 400 000 objects at the widest entries. lopdf holds a stream about twice
/// while it reads it, so this keeps that step under about 20 MB.
pub const MAX_XREF_STREAMS: u64 = 8 << 20;
/// Most entries those streams may add to lopdf's table (some 25 bytes each there): twice the
/// objects a file within [`MAX_STRUCTURE_TOKENS`] can have. Counted apart from the size, since
/// an entry may take no bytes at all (`/W [0 0 0]`).
pub const MAX_XREF_ENTRIES: u64 = 500_000;
/// Longest entry (the widths in `/W` together) or predictor row a cross-reference stream may
/// declare: lopdf allocates them before it reads anything. A real one is under 32 bytes.
pub const MAX_XREF_ROW: u64 = 64 << 10;
/// Longest predictor row any stream pdf-extract may inflate can declare (`/Columns`,
/// `/Colors` and `/BitsPerComponent` in its `/DecodeParms`): lopdf allocates two such rows
/// before it reads anything, even for a stream of a few bytes. Images, which are never
/// inflated, may have longer rows.
pub const MAX_PREDICTOR_ROW: u64 = 64 << 10;
/// Deepest nesting of forms calling forms.
const MAX_FORM_DEPTH: usize = 24;
/// How much of a stream's start is kept when only counting, to recognise character maps.
const HEAD: usize = 4096;

/// What lopdf's load filter renames an object stream's `/Type` to, so that lopdf keeps it as a
/// plain stream and [`unpack_object_streams`] reads it.
const PACKED: &[u8] = b"HuskObjStm";
/// What [`hide_encryption`] renames `/Encrypt` to (padded with `_` to the name's length).
const HIDDEN_ENCRYPT: &[u8] = b"HuskEnc";

/// PDFs are loaded one at a time, which keeps at most one file's lopdf load in memory.
static LOADING: Mutex<()> = Mutex::new(());

/// Waits for any other PDF load to finish. Hold the guard until the object streams are
/// unpacked.
pub(super) fn begin_load() -> MutexGuard<'static, ()> {
    LOADING.lock().unwrap_or_else(|p| p.into_inner())
}

/// Why a PDF is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The cross-reference streams inflate past [`MAX_XREF_STREAMS`].
    CrossReference,
    /// The cross-reference streams hold more than [`MAX_XREF_ENTRIES`] entries.
    CrossReferenceEntries,
    /// A cross-reference stream declares entries or predictor rows longer than
    /// [`MAX_XREF_ROW`].
    CrossReferenceRow,
    /// A cross-reference section could not be read the way lopdf reads it.
    CrossReferenceUnchecked,
    /// An object stream inflates past [`MAX_OBJECT_STREAM`].
    ObjectStream,
    /// A stream inflates past [`MAX_STREAM`].
    Stream,
    /// All streams together inflate past [`MAX_INFLATED`].
    Total,
    /// A character map defines more than [`MAX_CMAP_CODES`] codes.
    CharacterMap,
    /// Forms call themselves, directly or through others, or nest deeper than
    /// [`MAX_FORM_DEPTH`].
    FormCycle,
    /// The file and its object streams hold more than [`MAX_STRUCTURE_TOKENS`] tokens.
    Structure,
    /// The cross-reference table points several entries at the same parts of the file, so
    /// lopdf would read more bytes than the file has.
    Repeated,
    /// A stream's `/Length` refers to an object lopdf can only find by reading a further
    /// stream (which it does again for every stream naming it, recursing).
    LengthChain,
    /// A stream declares predictor rows longer than [`MAX_PREDICTOR_ROW`].
    PredictorRow,
}

/// What the check found: pages to leave out (by page number, with the reason).
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub skipped_pages: Vec<u32>,
}

/// lopdf's load-time filter: renames every object stream's type, so lopdf keeps it as it is
/// (compressed, and encrypted if the file is) instead of inflating and parsing it;
/// [`unpack_object_streams`] does that afterwards, with limits.
///
/// lopdf passes top-level objects (and ignores what is returned but `None`) and, separately,
/// the objects inside object streams (and keeps what is returned); it sees no object streams
/// now, and a stream's clone is never needed.
pub(super) fn load_filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            stream.dict.set("Type", Object::Name(PACKED.to_vec()));
        }
        return Some((id, Object::Null));
    }
    Some((id, object.clone()))
}

/// Names in a PDF file that [`hide_encryption`] renamed: where, and the bytes they had.
#[derive(Debug, Default)]
pub(super) struct Hidden {
    names: Vec<(usize, Vec<u8>)>,
}

impl Hidden {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Puts the renamed names back into `bytes`.
    pub fn restore(self, bytes: &mut [u8]) {
        for (at, original) in self.names {
            bytes[at..at + original.len()].copy_from_slice(&original);
        }
    }
}

/// Renames every name in `bytes` that lopdf would read as `/Encrypt` (`#xx` escapes included)
/// to one of the same length, so that lopdf finds no `/Encrypt` in the trailer and loads the
/// file through the filtered path ([`load_filter`]) instead of its path for encrypted files,
/// which decrypts and parses every object stream without the filter.
///
/// Every such name is renamed, wherever it is: lopdf's trailer is among them, whichever it
/// reads. Names elsewhere (in an encrypted file they are nowhere that matters) are put back by
/// loading the file again if it was not encrypted after all ([`reveal_encryption`]).
pub(super) fn hide_encryption(bytes: &mut [u8]) -> Hidden {
    const ENCRYPT: &[u8] = b"Encrypt";
    let mut hidden = Hidden::default();
    let mut from = 0;
    while let Some(slash) = memchr::memchr(b'/', &bytes[from..]).map(|at| from + at) {
        let start = slash + 1;
        from = start;
        if let Some(end) = name_is(bytes, start, ENCRYPT) {
            let original = bytes[start..end].to_vec();
            let renamed = &mut bytes[start..end];
            renamed.fill(b'_');
            renamed[..HIDDEN_ENCRYPT.len()].copy_from_slice(HIDDEN_ENCRYPT);
            hidden.names.push((start, original));
        }
    }
    hidden
}

/// Where the name that starts at `start` (just after its `/`) ends, if lopdf reads it as
/// `want`: lopdf's name is regular bytes other than `#`, or `#` and two hex digits.
fn name_is(bytes: &[u8], start: usize, want: &[u8]) -> Option<usize> {
    let mut i = start;
    for expected in want {
        let (byte, width) = match bytes.get(i..)? {
            [b'#', h, l, ..] if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                (hex_value(*h) << 4 | hex_value(*l), 3)
            }
            [b, ..] if *b != b'#' && is_regular(*b) => (*b, 1),
            _ => return None,
        };
        if byte != *expected {
            return None;
        }
        i += width;
    }
    (!is_name_byte(&bytes[i..])).then_some(i)
}

/// Whether `rest` goes on with a byte that lopdf would take as part of a name.
fn is_name_byte(rest: &[u8]) -> bool {
    match rest {
        [b'#', h, l, ..] => h.is_ascii_hexdigit() && l.is_ascii_hexdigit(),
        [b'#', ..] | [] => false,
        [b, ..] => is_regular(*b),
    }
}

fn hex_value(h: u8) -> u8 {
    match h {
        b'0'..=b'9' => h - b'0',
        b'a'..=b'f' => h - b'a' + 10,
        _ => h - b'A' + 10,
    }
}

/// A byte lopdf's parser takes as part of a name or keyword: neither white space nor a
/// delimiter (lopdf counts `%` as a delimiter too).
fn is_regular(b: u8) -> bool {
    !is_space(b)
        && !matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

/// Bounds what lopdf does while it reads a file's cross-reference sections, before it reads
/// anything else and so before any other check here: it inflates each stream it finds there
/// whole (whatever its `/Type`), allocates the entry and predictor-row widths it declares, and
/// adds an entry to its table for each one listed, even one of no bytes. This finds every place
/// lopdf may read a section at — after each `startxref`, and each `/Prev` or `/XRefStm` entry,
/// wherever it is and however it is spelt (more than lopdf follows, never fewer) — and, for
/// each:
///
/// - counts the values lopdf would parse from the object there, or from a plain table's
///   trailer (a section that points into a stream's content holds values [`structure_tokens`]
///   did not count), under [`MAX_STRUCTURE_TOKENS`] with `tokens`;
/// - reads the object as lopdf does (its content is not inflated), and if it is a stream,
///   bounds its rows ([`MAX_XREF_ROW`]) and inflates it with a cap, all such streams together
///   under [`MAX_XREF_STREAMS`];
/// - counts the entries the section may add (a stream's, and a plain table's `n` entries),
///   all together under [`MAX_XREF_ENTRIES`], and reads them as lopdf does.
///
/// lopdf then parses the object each entry of its table points at, once per entry, and keeps
/// every copy until all are read; [`table_cost`] measures that from the entries read here.
///
/// `tokens` is the count of the file's own values ([`structure_tokens`]). Returns the values
/// lopdf may make while loading: the larger of that count and what the entries point at,
/// with the sections' own values added.
pub(super) fn check_cross_references(bytes: &[u8], tokens: u64) -> Result<u64, Refusal> {
    // lopdf reads from the file's `%PDF-`, and its offsets count from there.
    let buffer = &bytes[memchr::memmem::find(bytes, b"%PDF-").unwrap_or(0)..];
    let mut seen = vec![0u64; buffer.len().div_ceil(64)];
    let mut inflated = 0u64;
    let mut entries = 0u64;
    // The values lopdf parses from the sections themselves.
    let mut sections = 0u64;
    let mut table = Vec::new();
    let mut section = |at: usize| -> Result<(), Refusal> {
        if at >= buffer.len() || seen[at / 64] & (1 << (at % 64)) != 0 {
            return Ok(());
        }
        seen[at / 64] |= 1 << (at % 64);
        let rest = &buffer[at..];
        if rest.starts_with(b"xref") {
            // A plain table: each entry lopdf adds ends in `n`, and no other byte there is one.
            let end = memchr::memmem::find(rest, b"trailer").unwrap_or(rest.len());
            entries += memchr::memchr_iter(b'n', &rest[..end]).count() as u64;
            if entries > MAX_XREF_ENTRIES {
                return Err(Refusal::CrossReferenceEntries);
            }
            let after = table_entries(rest, &mut table);
            let trailer = skip_space(rest, after);
            if rest[trailer..].starts_with(b"trailer") {
                let room = MAX_STRUCTURE_TOKENS.saturating_sub(tokens + sections);
                sections += 1 + object_tokens(&rest[trailer + b"trailer".len()..], room).0;
            }
            return if tokens + sections > MAX_STRUCTURE_TOKENS {
                Err(Refusal::Structure)
            } else {
                Ok(())
            };
        }
        let Some((id, body)) = object_header(rest) else {
            return Ok(());
        };
        sections += 3 + object_tokens(&rest[body..], MAX_STRUCTURE_TOKENS).0;
        if tokens + sections > MAX_STRUCTURE_TOKENS {
            return Err(Refusal::Structure);
        }
        let stream = match section_object(rest, id) {
            Ok(Object::Stream(stream)) => stream,
            Ok(_) => return Ok(()),
            // What lopdf read as the header is not what `object_header` did.
            Err(pdf_extract::Error::ObjectIdMismatch) => {
                return Err(Refusal::CrossReferenceUnchecked)
            }
            Err(_) => return Ok(()),
        };
        let (len, listed, width) = xref_stream_size(&stream, MAX_XREF_STREAMS - inflated)?;
        inflated += len;
        entries = entries.saturating_add(match width {
            0 => listed,
            width => listed.min(len / width),
        });
        if entries > MAX_XREF_ENTRIES {
            return Err(Refusal::CrossReferenceEntries);
        }
        stream_entries(stream, &mut table);
        Ok(())
    };
    for at in memchr::memmem::find_iter(buffer, b"startxref") {
        if let Some(offset) = offset_value(buffer, at + b"startxref".len()) {
            section(offset)?;
        }
    }
    for slash in memchr::memchr_iter(b'/', buffer) {
        let end =
            name_is(buffer, slash + 1, b"Prev").or_else(|| name_is(buffer, slash + 1, b"XRefStm"));
        if let Some(offset) = end.and_then(|end| offset_value(buffer, end)) {
            section(offset)?;
        }
    }
    let objects = table_cost(buffer, table, MAX_STRUCTURE_TOKENS - sections)?;
    Ok(tokens.max(objects) + sections)
}

/// An entry a cross-reference section adds to lopdf's table (free ones are left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TableEntry {
    /// The object starts at `offset` in the file.
    Normal { offset: u32, generation: u16 },
    /// The object is in the object stream numbered `container`.
    Compressed { container: u32 },
}

/// Reads the entries of the plain cross-reference table at the start of `rest` as lopdf's
/// parser does (however many each subsection says it has), adding each object number and its
/// entry to `out`. Returns where the table ends.
fn table_entries(rest: &[u8], out: &mut Vec<(u32, TableEntry)>) -> usize {
    let eol = |i: usize| match rest.get(i..) {
        Some([b'\r', b'\n', ..]) => Some(i + 2),
        Some([b'\n' | b'\r', ..]) => Some(i + 1),
        _ => None,
    };
    let space = |i: usize| i + usize::from(rest.get(i) == Some(&b' '));
    let Some(mut i) = eol(space(b"xref".len())) else {
        return 0;
    };
    // Subsections: `first count`, then entries `offset generation n` (or `f`), each ending
    // in two bytes.
    while let Some((first, j)) = digits_at::<usize>(rest, i) {
        let Some((_, j)) = (rest.get(j) == Some(&b' '))
            .then(|| digits_at::<u32>(rest, j + 1))
            .flatten()
        else {
            break;
        };
        let Some(mut j) = eol(space(j)) else {
            break;
        };
        let mut index = 0usize;
        while let Some((offset, k)) = digits_at::<u32>(rest, j) {
            let Some((generation, k)) = (rest.get(k) == Some(&b' '))
                .then(|| digits_at::<u32>(rest, k + 1))
                .flatten()
            else {
                break;
            };
            let kind = match rest.get(k..k + 4) {
                Some([b' ', kind @ (b'n' | b'f'), b' ', b'\r' | b'\n'])
                | Some([b' ', kind @ (b'n' | b'f'), b'\r', b'\n']) => *kind,
                _ => break,
            };
            if let (b'n', Ok(generation)) = (kind, u16::try_from(generation)) {
                let number = first.wrapping_add(index) as u32;
                out.push((number, TableEntry::Normal { offset, generation }));
            }
            index += 1;
            j = k + 4;
        }
        i = j;
    }
    i
}

/// Reads the entries of a cross-reference stream as lopdf does (after [`xref_stream_size`] has
/// bounded it), adding each object number and its entry to `out`. A stream lopdf cannot read
/// adds none: lopdf then reads no object of the file.
fn stream_entries(stream: Stream, out: &mut Vec<(u32, TableEntry)>) {
    let dict = &stream.dict;
    let ints = |key: &[u8]| -> Option<Vec<i64>> {
        let items = dict.get(key).and_then(Object::as_array).ok()?;
        items.iter().map(|o| o.as_i64().ok()).collect()
    };
    let Ok(size) = dict.get(b"Size").and_then(Object::as_i64) else {
        return;
    };
    let Some(widths) = ints(b"W").filter(|w| w.len() >= 3 && w[..3].iter().all(|w| *w >= 0)) else {
        return;
    };
    let Ok(content) = stream.decompressed_content() else {
        return;
    };
    let widths: Vec<usize> = widths[..3].iter().map(|w| *w as usize).collect();
    let index = ints(b"Index").unwrap_or_else(|| vec![0, size]);
    let mut data = content.as_slice();
    // A field as lopdf reads it: big-endian, keeping the low 32 bits.
    let mut field = |width: usize| -> Option<u32> {
        let bytes = data.get(..width)?;
        data = &data[width..];
        Some(bytes.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b)))
    };
    for pair in index.chunks_exact(2) {
        for j in 0..pair[1].max(0) {
            let kind = if widths[0] == 0 {
                Some(1)
            } else {
                field(widths[0])
            };
            let (Some(kind), Some(second), Some(third)) =
                (kind, field(widths[1]), field(widths[2]))
            else {
                return;
            };
            let number = pair[0].wrapping_add(j) as u32;
            match kind {
                1 => out.push((
                    number,
                    TableEntry::Normal {
                        offset: second,
                        generation: if widths[2] == 0 { 0 } else { third as u16 },
                    },
                )),
                2 => out.push((number, TableEntry::Compressed { container: second })),
                _ => {}
            }
        }
    }
}

/// What lopdf makes of the object at one place in the file, read without it.
#[derive(Debug, Clone, Default)]
struct Parsed {
    /// The number and generation in its header.
    id: ObjectId,
    /// The values lopdf makes of it (its header counted as three).
    tokens: u64,
    /// How many bytes from its start lopdf reads it to (with a stream's content, when its
    /// length is written in its dictionary).
    bytes: u64,
    /// Where its stream starts, if it is one.
    stream: Option<StreamAt>,
    /// The object is a whole number (as a stream's length is).
    number: Option<i64>,
}

/// Where a stream is, from the start of its object.
#[derive(Debug, Clone, Copy)]
struct StreamAt {
    /// Where its dictionary ends.
    dict_end: usize,
    /// Where its content starts.
    start: usize,
    /// Its `/Length`, when that is a reference to another object.
    reference: Option<ObjectId>,
    /// Its length, when that is written in its dictionary and within the file.
    length: Option<u64>,
}

/// Reads the object at `offset` in `buffer` as lopdf would, counting its values (stopping past
/// `limit`); `None` if no object header is there (lopdf then reads nothing).
fn parse_at(buffer: &[u8], offset: usize, limit: u64) -> Option<Parsed> {
    let rest = buffer.get(offset..)?;
    let (id, body) = object_header(rest)?;
    let (tokens, len) = object_tokens(&rest[body..], limit);
    let end = body + len;
    let mut parsed = Parsed {
        id,
        tokens: 3 + tokens,
        bytes: end as u64,
        ..Parsed::default()
    };
    if tokens > limit {
        return Some(parsed);
    }
    let value = &rest[skip_space(rest, body)..end];
    if tokens == 1 {
        parsed.number = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
    }
    let after = skip_space(rest, end);
    if !value.starts_with(b"<<") || !rest[after..].starts_with(b"stream") {
        return Some(parsed);
    }
    // lopdf's `stream`, spaces and tabs, and one line break.
    let mut start = after + b"stream".len();
    start += rest[start..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    start += match rest.get(start..) {
        Some([b'\r', b'\n', ..]) => 2,
        Some([b'\r' | b'\n', ..]) => 1,
        _ => 0,
    };
    // Its dictionary, read by lopdf's own parser without the content after it.
    let Ok(Object::Dictionary(dict)) = section_object(&rest[..end], id) else {
        return Some(parsed);
    };
    let length = dict.get(b"Length").ok();
    let written = length
        .and_then(|l| l.as_i64().ok())
        .and_then(|l| stream_end(rest, start, l));
    if let Some(written) = written {
        parsed.bytes = written;
    }
    parsed.stream = Some(StreamAt {
        dict_end: end,
        start,
        reference: length.and_then(|l| l.as_reference().ok()),
        length: written.map(|end| end - start as u64),
    });
    Some(parsed)
}

/// Where a stream's content of `length` bytes that starts at `start` in `rest` (its object and
/// what follows) ends, if lopdf reads it: within the file, and followed by `endstream` (after
/// a line break or not). Otherwise lopdf gives up on the object.
fn stream_end(rest: &[u8], start: usize, length: i64) -> Option<u64> {
    let end = start.checked_add(usize::try_from(length).ok()?)?;
    let after = rest.get(end..)?;
    let after = match after {
        [b'\r', b'\n', ..] => &after[2..],
        [b'\r' | b'\n', ..] => &after[1..],
        _ => after,
    };
    after.starts_with(b"endstream").then_some(end as u64)
}

/// The entries of `table` (sorted) for object `number`.
fn entries_of(table: &[(u32, TableEntry)], number: u32) -> &[(u32, TableEntry)] {
    let from = table.partition_point(|(n, _)| *n < number);
    let to = table.partition_point(|(n, _)| *n <= number);
    &table[from..to]
}

/// What resolving a stream's `/Length` reference costs lopdf, each time a stream names it.
#[derive(Debug, Clone, Copy, Default)]
struct Resolved {
    tokens: u64,
    /// Bytes read and copied from the file (none for the number a length should be).
    bytes: u64,
    /// Bytes of an object stream holding the length, which lopdf copies and inflates.
    inflated: u64,
    /// The length found.
    length: Option<i64>,
}

/// Measures what lopdf does with the entries of its cross-reference table (`table`: all
/// entries of every section it may read, so a superset of the table it keeps, which has one
/// per object number): it parses the object each entry points at, once per entry, and keeps
/// all the copies until the last is read, so two entries at one place cost twice (and one
/// pointing into a stream's content costs values [`structure_tokens`] skipped). The values
/// made are refused past `room`; the bytes read past the file's own size
/// ([`Refusal::Repeated`]: parts of the file read more than once), which a file whose objects
/// each have a place of their own never reaches.
///
/// A stream whose `/Length` is a reference makes lopdf read that object too, each time: that
/// is counted, and refused if it would make lopdf read a further stream
/// ([`Refusal::LengthChain`]: it recurses once per stream). When the length is in an object
/// stream, lopdf inflates and parses all of that stream each time: that is counted too (the
/// inflated bytes under [`MAX_INFLATED`]).
///
/// Returns the values counted.
fn table_cost(buffer: &[u8], mut table: Vec<(u32, TableEntry)>, room: u64) -> Result<u64, Refusal> {
    table.sort_unstable();
    table.dedup();
    let mut parsed: HashMap<u32, Option<Parsed>> = HashMap::new();
    let mut resolved: HashMap<ObjectId, Resolved> = HashMap::new();
    let (mut tokens, mut bytes, mut inflated) = (0u64, 0u64, 0u64);
    for (_, entry) in &table {
        let TableEntry::Normal { offset, .. } = *entry else {
            continue;
        };
        let Some(object) = parsed
            .entry(offset)
            .or_insert_with(|| parse_at(buffer, offset as usize, room - tokens))
            .clone()
        else {
            continue;
        };
        tokens += object.tokens;
        bytes += object.bytes;
        if bytes > buffer.len() as u64 {
            return Err(Refusal::Repeated);
        }
        if tokens > room {
            return Err(Refusal::Structure);
        }
        let Some(StreamAt {
            start,
            reference: Some(length),
            ..
        }) = object.stream
        else {
            continue;
        };
        let cost = match resolved.get(&length) {
            Some(cost) => *cost,
            None => {
                let cost =
                    resolve_length(buffer, &table, length, room - tokens, &mut parsed, false)?;
                resolved.insert(length, cost);
                cost
            }
        };
        tokens += cost.tokens;
        inflated += cost.inflated;
        // The stream's content, read with the length found.
        let rest = &buffer[offset as usize..];
        let content = cost
            .length
            .and_then(|length| stream_end(rest, start, length))
            .map_or(0, |end| end - start as u64);
        bytes += cost.bytes + content;
        if bytes > buffer.len() as u64 {
            return Err(Refusal::Repeated);
        }
        if tokens > room {
            return Err(Refusal::Structure);
        }
        if inflated > MAX_INFLATED {
            return Err(Refusal::Total);
        }
    }
    Ok(tokens)
}

/// The object at `offset`, read once.
fn parsed_at(
    parsed: &mut HashMap<u32, Option<Parsed>>,
    buffer: &[u8],
    offset: u32,
    limit: u64,
) -> Option<Parsed> {
    parsed
        .entry(offset)
        .or_insert_with(|| parse_at(buffer, offset as usize, limit))
        .clone()
}

/// What lopdf does to resolve `length`, a stream's `/Length` reference: the most any of its
/// entries in `table` would cost (lopdf keeps one). Refuses one that would make lopdf read a
/// stream for it, or (when `nested`, for an object stream's own length) an object stream.
fn resolve_length(
    buffer: &[u8],
    table: &[(u32, TableEntry)],
    length: ObjectId,
    room: u64,
    parsed: &mut HashMap<u32, Option<Parsed>>,
    nested: bool,
) -> Result<Resolved, Refusal> {
    let mut most = Resolved::default();
    for (_, entry) in entries_of(table, length.0) {
        let cost = match *entry {
            // lopdf reads an object in the file only if its generation is the one asked for.
            TableEntry::Normal { offset, generation } if generation == length.1 => {
                let Some(object) = parsed_at(parsed, buffer, offset, room) else {
                    continue;
                };
                if object.id != length {
                    // lopdf stops at the header.
                    continue;
                }
                if object.stream.is_some() {
                    return Err(Refusal::LengthChain);
                }
                Resolved {
                    tokens: object.tokens,
                    bytes: if object.number.is_some() {
                        0
                    } else {
                        object.bytes
                    },
                    inflated: 0,
                    length: object.number,
                }
            }
            TableEntry::Normal { .. } => continue,
            TableEntry::Compressed { .. } if nested => return Err(Refusal::LengthChain),
            TableEntry::Compressed { container } => {
                packed_length(buffer, table, container, length.0, room, parsed)?
            }
        };
        most.tokens = most.tokens.max(cost.tokens);
        most.bytes = most.bytes.max(cost.bytes);
        most.inflated = most.inflated.max(cost.inflated);
        most.length = most.length.max(cost.length);
    }
    Ok(most)
}

/// What lopdf does to find object `number` in the object stream `container` (a stream's
/// length kept there): it reads the object stream (resolving its own length), inflates all of
/// it, and parses every object its index lists, from where each starts.
fn packed_length(
    buffer: &[u8],
    table: &[(u32, TableEntry)],
    container: u32,
    number: u32,
    room: u64,
    parsed: &mut HashMap<u32, Option<Parsed>>,
) -> Result<Resolved, Refusal> {
    let mut most = Resolved::default();
    for (_, entry) in entries_of(table, container) {
        let offset = match *entry {
            TableEntry::Normal {
                offset,
                generation: 0,
            } => offset,
            TableEntry::Normal { .. } => continue,
            // lopdf would look for the object stream in another object stream, and so on.
            TableEntry::Compressed { .. } => return Err(Refusal::LengthChain),
        };
        let Some(object) = parsed_at(parsed, buffer, offset, room) else {
            continue;
        };
        if object.id != (container, 0) {
            continue;
        }
        let Some(at) = object.stream else {
            continue;
        };
        let mut cost = Resolved {
            tokens: object.tokens,
            ..Resolved::default()
        };
        let rest = &buffer[offset as usize..];
        let stream_length = match (at.length, at.reference) {
            (Some(length), _) => Some(length),
            (None, Some(reference)) => {
                // A length of its own kept apart, as some writers keep every length.
                let own = resolve_length(buffer, table, reference, room, parsed, true)?;
                cost.tokens += own.tokens;
                cost.bytes += own.bytes;
                own.length
                    .and_then(|l| stream_end(rest, at.start, l))
                    .map(|end| end - at.start as u64)
            }
            (None, None) => None,
        };
        let Some(stream_length) = stream_length else {
            // lopdf finds the object stream empty.
            most.tokens = most.tokens.max(cost.tokens);
            continue;
        };
        let Ok(Object::Dictionary(dict)) = section_object(&rest[..at.dict_end], object.id) else {
            continue;
        };
        let raw = &rest[at.start..at.start + stream_length as usize];
        let stream = Stream::new(dict, raw.to_vec());
        if predictor_row(&stream.dict) > i128::from(MAX_PREDICTOR_ROW) {
            return Err(Refusal::PredictorRow);
        }
        let content = decode(&stream, MAX_OBJECT_STREAM, true)
            .map_err(|_| Refusal::ObjectStream)?
            .bytes;
        cost.inflated = stream_length + content.len() as u64;
        let first = stream
            .dict
            .get(b"First")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|f| usize::try_from(f).ok());
        let Some(index) = first.and_then(|f| content.get(..f)) else {
            most.tokens = most.tokens.max(cost.tokens);
            most.inflated = most.inflated.max(cost.inflated);
            continue;
        };
        cost.tokens += structure_tokens(index);
        let first = index.len();
        let numbers: Vec<Option<usize>> = std::str::from_utf8(index)
            .unwrap_or_default()
            .split_whitespace()
            .map(|n| n.parse().ok())
            .collect();
        for pair in numbers.chunks_exact(2) {
            let (Some(id), Some(at)) = (pair[0], pair[1]) else {
                continue;
            };
            let Some(at) = first.checked_add(at).filter(|at| *at < content.len()) else {
                continue;
            };
            let at = at
                + content[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            let (tokens, len) = object_tokens(&content[at..], room.saturating_sub(cost.tokens));
            cost.tokens += tokens;
            if cost.tokens > room {
                return Err(Refusal::Structure);
            }
            if id == number as usize && tokens == 1 {
                let value = std::str::from_utf8(&content[at..at + len]).ok();
                cost.length = value.and_then(|v| v.trim().parse().ok());
            }
        }
        most.tokens = most.tokens.max(cost.tokens);
        most.bytes = most.bytes.max(cost.bytes);
        most.inflated = most.inflated.max(cost.inflated);
        most.length = most.length.max(cost.length);
    }
    Ok(most)
}

/// The object that starts `rest` (whose header says it is `id`), read by lopdf's own parser as
/// it reads a cross-reference section: a stream keeps its content as it is in the file, and
/// gets none if its `/Length` is not a number written there.
fn section_object(rest: &[u8], id: ObjectId) -> Result<Object, pdf_extract::Error> {
    let mut document = Document::new();
    document.reference_table.insert(
        id.0,
        XrefEntry::Normal {
            offset: 0,
            generation: id.1,
        },
    );
    let reader = Reader {
        buffer: rest,
        document,
        encryption_state: None,
        raw_objects: Default::default(),
        password: None,
        strict: false,
    };
    reader.get_object(id, &mut HashSet::new())
}

/// What lopdf's reading of a cross-reference stream costs: its inflated size (refused past
/// `cap`), how many entries its `/Index` lists, and how many bytes an entry takes. Refuses
/// entries or predictor rows longer than [`MAX_XREF_ROW`], which lopdf allocates first.
fn xref_stream_size(stream: &Stream, cap: u64) -> Result<(u64, u64, u64), Refusal> {
    let dict = &stream.dict;
    let int = |d: &Dictionary, key: &[u8]| d.get(key).and_then(Object::as_i64).ok();
    let ints = |key: &[u8]| -> Option<Vec<i64>> {
        let items = dict.get(key).and_then(Object::as_array).ok()?;
        items.iter().map(|o| o.as_i64().ok()).collect()
    };
    if predictor_row(dict) > i128::from(MAX_XREF_ROW) {
        return Err(Refusal::CrossReferenceRow);
    }
    let len = decode(stream, cap, false)
        .map_err(|_| Refusal::CrossReference)?
        .len;
    let (Some(size), Some(widths)) = (int(dict, b"Size"), ints(b"W")) else {
        return Ok((len, 0, 1));
    };
    if widths.len() < 3 || widths[..3].iter().any(|w| *w < 0) {
        return Ok((len, 0, 1));
    }
    let width: i128 = widths[..3].iter().map(|w| i128::from(*w)).sum();
    if width > i128::from(MAX_XREF_ROW) {
        return Err(Refusal::CrossReferenceRow);
    }
    let index = ints(b"Index").unwrap_or_else(|| vec![0, size]);
    let listed = index
        .chunks_exact(2)
        .map(|pair| pair[1].max(0) as u64)
        .fold(0u64, u64::saturating_add);
    Ok((len, listed, width as u64))
}

/// The length of the rows lopdf allocates (two of them) to undo a PNG predictor while it
/// inflates the stream of `dict`, or 0 if it applies none: it does for a Flate or LZW filter
/// with `/DecodeParms` (a dictionary in place) naming `/Predictor` 10 to 15.
fn predictor_row(dict: &Dictionary) -> i128 {
    let int = |key: &[u8]| -> Option<i64> {
        let params = dict.get(b"DecodeParms").and_then(Object::as_dict).ok()?;
        params.get(key).and_then(Object::as_i64).ok()
    };
    let inflating = |f: &Object| matches!(f.as_name(), Ok(b"FlateDecode" | b"LZWDecode"));
    let inflated = match dict.get(b"Filter") {
        Ok(Object::Array(filters)) => filters.iter().any(inflating),
        Ok(filter) => inflating(filter),
        Err(_) => false,
    };
    if !inflated || !int(b"Predictor").is_some_and(|p| (10..=15).contains(&p)) {
        return 0;
    }
    let at_least = |key: &[u8], least: i64| i128::from(int(key).unwrap_or(1).max(least));
    at_least(b"Colors", 1) * at_least(b"BitsPerComponent", 8) / 8 * at_least(b"Columns", 1)
}

/// Skips what lopdf's parser takes as space between values: white space, and comments that
/// end in a line break.
fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b) = bytes.get(i) {
        if is_space(*b) {
            i += 1;
        } else if *b == b'%' {
            match memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
                Some(eol) => i += eol + 1,
                None => break,
            }
        } else {
            break;
        }
    }
    i
}

/// The decimal digits at `i`, read as a `T` as lopdf does (failing if they do not fit), and
/// where they end.
fn digits_at<T: std::str::FromStr>(bytes: &[u8], i: usize) -> Option<(T, usize)> {
    let n = bytes
        .get(i..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 {
        return None;
    }
    let value = std::str::from_utf8(&bytes[i..i + n]).ok()?.parse().ok()?;
    Some((value, i + n))
}

/// The number and generation in the object header (`12 0 obj`) that `rest` starts with, read
/// as lopdf reads them, and where the object after it starts.
fn object_header(rest: &[u8]) -> Option<(ObjectId, usize)> {
    let (number, i) = digits_at::<u32>(rest, skip_space(rest, 0))?;
    let (generation, i) = digits_at::<u16>(rest, skip_space(rest, i))?;
    let i = skip_space(rest, i);
    rest.get(i..)?
        .starts_with(b"obj")
        .then_some(((number, generation), i + 3))
}

/// The offset in the value that starts at `i` (after a key, or `startxref`), if lopdf takes
/// one from it: a whole number that is not negative, not a real number (`12.5`) and not a
/// reference (`12 0 R`).
fn offset_value(bytes: &[u8], i: usize) -> Option<usize> {
    let i = skip_space(bytes, i);
    let (sign, digits) = match bytes.get(i) {
        Some(b'+') => (1, i + 1),
        Some(b'-') => (-1, i + 1),
        _ => (1, i),
    };
    let (value, end) = digits_at::<i64>(bytes, digits)?;
    if bytes.get(end) == Some(&b'.') || (sign < 0 && value != 0) {
        return None;
    }
    if digits == i && digits_at::<u32>(bytes, i).is_some() {
        if let Some((_, after)) = digits_at::<u16>(bytes, skip_space(bytes, end)) {
            if bytes.get(skip_space(bytes, after)) == Some(&b'R') {
                return None;
            }
        }
    }
    usize::try_from(value).ok()
}

/// How many values lopdf makes parsing the one object at the start of `bytes` (a dictionary,
/// an array or a single value; a stream's content after its dictionary is not parsed), counted
/// as [`structure_tokens`] does, stopping past `limit`; and where the object ends.
fn object_tokens(bytes: &[u8], limit: u64) -> (u64, usize) {
    let mut n = 0u64;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() && n <= limit {
        let b = bytes[i];
        if is_space(b) {
            i += 1;
            continue;
        }
        match b {
            b'%' => {
                i = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |e| i + e);
                continue;
            }
            b'(' => {
                n += 1;
                let mut nested = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => nested += 1,
                        b')' => {
                            nested -= 1;
                            if nested == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                n += 1;
                depth += 1;
                i += 2;
            }
            b'<' => {
                n += 1;
                i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
            }
            b'[' => {
                n += 1;
                depth += 1;
                i += 1;
            }
            b'>' | b']' => {
                depth = depth.saturating_sub(1);
                i += if bytes[i..].starts_with(b">>") { 2 } else { 1 };
            }
            _ => {
                n += 1;
                i += 1;
                while i < bytes.len() && !is_delimiter(bytes[i]) && bytes[i] != b'%' {
                    i += 1;
                }
            }
        }
        if depth == 0 {
            break;
        }
    }
    (n, i.min(bytes.len()))
}

/// After loading a file whose `/Encrypt` names were hidden: whether the trailer lopdf read has
/// one (the file is encrypted), which is then named `/Encrypt` again.
pub(super) fn reveal_encryption(doc: &mut Document) -> bool {
    let hidden: Vec<Vec<u8>> = doc
        .trailer
        .iter()
        .map(|(key, _)| key)
        .filter(|key| {
            key.starts_with(HIDDEN_ENCRYPT)
                && key[HIDDEN_ENCRYPT.len()..].iter().all(|b| *b == b'_')
        })
        .cloned()
        .collect();
    let mut found = false;
    for key in hidden {
        if let Some(value) = doc.trailer.remove(&key) {
            doc.trailer.set("Encrypt", value);
            found = true;
        }
    }
    found
}

/// The document needs a password (or a certificate) to be opened.
#[derive(Debug)]
pub(super) struct NeedsPassword;

/// Decrypts a document loaded with its encryption hidden, as lopdf would have: opens it with
/// the empty password (a file with only an owner password opens so) and decrypts every string
/// and stream, the object streams included (still packed: [`unpack_object_streams`] reads
/// them next). Then `/Encrypt` is removed, so pdf-extract sees a plain document.
pub(super) fn decrypt(doc: &mut Document) -> Result<(), NeedsPassword> {
    doc.authenticate_password("").map_err(|_| NeedsPassword)?;
    let state = EncryptionState::decode(&*doc, "").map_err(|_| NeedsPassword)?;
    let encrypt_id = doc
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .ok();
    for (id, object) in doc.objects.iter_mut() {
        if Some(*id) != encrypt_id {
            // As lopdf's own loader: an object that does not decrypt is kept as it is.
            let _ = decrypt_object(&state, *id, object);
        }
    }
    if let Some(id) = encrypt_id {
        doc.objects.remove(&id);
    }
    doc.trailer.remove(b"Encrypt");
    doc.encryption_state = Some(state);
    Ok(())
}

/// Reads the object streams that [`load_filter`] kept from lopdf: each is inflated with a cap
/// ([`MAX_OBJECT_STREAM`]) and its tokens are added to `tokens` (the file's own, from
/// [`structure_tokens`]), all under [`MAX_STRUCTURE_TOKENS`], before anything in it is parsed.
/// Each object is then parsed by lopdf from its own part of the stream (up to where the next
/// object starts), so what is parsed is what was counted, however the offsets overlap; an
/// object already loaded, or one the cross-reference table places in another object stream,
/// is not replaced (as lopdf does).
pub(super) fn unpack_object_streams(doc: &mut Document, mut tokens: u64) -> Result<(), Refusal> {
    let packed: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Stream(s) if s.dict.has_type(PACKED)))
        .map(|(id, _)| *id)
        .collect();
    if packed.is_empty() {
        return Ok(());
    }
    let home: HashMap<u32, u32> = doc
        .reference_table
        .entries
        .iter()
        .filter_map(|(number, entry)| match entry {
            XrefEntry::Compressed { container, .. } => Some((*number, *container)),
            _ => None,
        })
        .collect();
    let mut unpacked = Vec::new();
    for id in packed {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        stream.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        let content = decode(stream, MAX_OBJECT_STREAM, true)
            .map_err(|_| Refusal::ObjectStream)?
            .bytes;
        let first = stream
            .dict
            .get(b"First")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|f| usize::try_from(f).ok());
        let Some(index) = first.and_then(|f| content.get(..f)) else {
            continue;
        };
        let first = index.len();
        tokens += structure_tokens(index);
        if tokens > MAX_STRUCTURE_TOKENS {
            return Err(Refusal::Structure);
        }
        let Ok(index) = std::str::from_utf8(index) else {
            continue;
        };
        let numbers: Vec<Option<usize>> =
            index.split_whitespace().map(|n| n.parse().ok()).collect();
        let entries: Vec<(u32, usize)> = numbers
            .chunks_exact(2)
            .filter_map(|pair| {
                let number = u32::try_from(pair[0]?).ok()?;
                let at = first.checked_add(pair[1]?)?;
                let belongs = home.get(&number).is_none_or(|c| *c == id.0);
                (belongs && at < content.len()).then_some((number, at))
            })
            .collect();
        // Each object's part: from its offset to the next offset after it.
        let mut starts: Vec<usize> = entries.iter().map(|(_, at)| *at).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |at: usize| {
            let next = starts.partition_point(|s| *s <= at);
            starts.get(next).copied().unwrap_or(content.len())
        };
        let mut part_tokens: HashMap<usize, u64> = HashMap::new();
        for (_, at) in &entries {
            let n = *part_tokens
                .entry(*at)
                .or_insert_with(|| structure_tokens(&content[*at..end_of(*at)]));
            tokens += n;
            if tokens > MAX_STRUCTURE_TOKENS {
                return Err(Refusal::Structure);
            }
        }
        for (number, at) in entries {
            let header = format!("{number} 0 ");
            let part = &content[at..end_of(at)];
            let mut one = Vec::with_capacity(header.len() + part.len());
            one.extend_from_slice(header.as_bytes());
            one.extend_from_slice(part);
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"ObjStm".to_vec()));
            dict.set("N", Object::Integer(1));
            dict.set("First", Object::Integer(header.len() as i64));
            if let Ok(parsed) = ObjectStream::new(&mut Stream::new(dict, one)) {
                unpacked.extend(parsed.objects);
            }
        }
    }
    for (id, object) in unpacked {
        doc.objects.entry(id).or_insert(object);
    }
    Ok(())
}

/// Measures the loaded document; refuses it, or tells which pages to leave out, and empties
/// those pages' content so pdf-extract does not read them.
pub(super) fn check(doc: &mut Document) -> Result<Checked, Refusal> {
    // pdf-extract never needs an image's pixels, but inflates an image a page draws (`Do`)
    // whole, each time, and runs the pixels as a drawing program: images are emptied first.
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if is_image(stream) {
                empty_stream(stream);
            }
        }
    }
    strip_colour_and_masks(doc);
    let mut sizes: HashMap<ObjectId, u64> = HashMap::new();
    let mut total = 0u64;
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        if predictor_row(&stream.dict) > i128::from(MAX_PREDICTOR_ROW) {
            return Err(Refusal::PredictorRow);
        }
        let decoded = decode(stream, MAX_STREAM, false).map_err(|_| Refusal::Stream)?;
        total += decoded.len;
        if total > MAX_INFLATED {
            return Err(Refusal::Total);
        }
        sizes.insert(*id, decoded.len);
        if looks_like_cmap(&decoded.bytes) {
            let full = decode(stream, MAX_STREAM, true).map_err(|_| Refusal::Stream)?;
            if cmap_codes(&full.bytes) > MAX_CMAP_CODES {
                return Err(Refusal::CharacterMap);
            }
        }
    }

    let mut walker = Walker {
        doc,
        sizes: &sizes,
        memo: HashMap::new(),
        on_stack: HashSet::new(),
    };
    let mut skipped = Vec::new();
    let pages: Vec<(u32, ObjectId)> = walker.doc.get_pages().into_iter().collect();
    for (number, page_id) in pages {
        let contents = walker.doc.get_page_contents(page_id);
        let mut size = 0u64;
        for id in &contents {
            size += walker.size_of(*id).ok_or(Refusal::Stream)?;
        }
        let fits = if size > MAX_PAGE_PROGRAM {
            false
        } else {
            let mut program = Vec::new();
            for id in &contents {
                if let Some(stream) = walker.stream(*id) {
                    let decoded = decode(stream, MAX_STREAM, true).map_err(|_| Refusal::Stream)?;
                    program.extend_from_slice(&decoded.bytes);
                    program.push(b'\n');
                }
            }
            let resources = page_resources(walker.doc, page_id);
            let cost = walker.program_cost(&program, resources, 0)?;
            size + cost.peak <= MAX_PAGE_PROGRAM && size + cost.work <= MAX_PAGE_WORK
        };
        if !fits {
            skipped.push(number);
        }
    }
    for number in &skipped {
        if let Some(page_id) = doc.get_pages().get(number).copied() {
            if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page_id) {
                page.set("Contents", Object::Array(Vec::new()));
            }
        }
    }
    Ok(Checked {
        skipped_pages: skipped,
    })
}

/// What running a drawing program costs beyond its own size: the largest amount of nested form
/// programs held at once, and the total size of all form programs run.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    peak: u64,
    work: u64,
}

struct Walker<'a> {
    doc: &'a Document,
    sizes: &'a HashMap<ObjectId, u64>,
    /// Cost of a form (its own size included) with the resources it runs with.
    memo: HashMap<(ObjectId, usize), Cost>,
    on_stack: HashSet<ObjectId>,
}

impl<'a> Walker<'a> {
    fn stream(&self, id: ObjectId) -> Option<&'a Stream> {
        match self.doc.objects.get(&id) {
            Some(Object::Stream(s)) => Some(s),
            _ => None,
        }
    }

    /// The inflated size of a stream (measured by the first pass; 0 if there is none).
    fn size_of(&self, id: ObjectId) -> Option<u64> {
        if let Some(size) = self.sizes.get(&id) {
            return Some(*size);
        }
        match self.stream(id) {
            Some(stream) => decode(stream, MAX_STREAM, false).ok().map(|d| d.len),
            None => Some(0),
        }
    }

    /// The cost of the forms `program` calls with `resources`.
    fn program_cost(
        &mut self,
        program: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<Cost, Refusal> {
        let mut cost = Cost::default();
        let Some(resources) = resources else {
            return Ok(cost);
        };
        let Some(xobjects) = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| deref_dict(self.doc, o))
        else {
            return Ok(cost);
        };
        for name in called_names(program) {
            let Ok(Object::Reference(id)) = xobjects.get(&name) else {
                continue;
            };
            // pdf-extract runs whatever stream `Do` names as a drawing program, a form or not
            // (images were emptied).
            let Some(form) = self.stream(*id) else {
                continue;
            };
            let own = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|o| deref_dict(self.doc, o));
            let runs_with = own.or(Some(resources));
            let key = (
                *id,
                runs_with.map_or(0, |d| d as *const Dictionary as usize),
            );
            let form_cost = match self.memo.get(&key) {
                Some(c) => *c,
                None => {
                    if depth >= MAX_FORM_DEPTH || !self.on_stack.insert(*id) {
                        return Err(Refusal::FormCycle);
                    }
                    let size = self.size_of(*id).ok_or(Refusal::Stream)?;
                    let inner = if size > MAX_PAGE_PROGRAM {
                        // Too large to run anyway; the page will be left out.
                        Cost {
                            peak: size,
                            work: size,
                        }
                    } else {
                        let body = decode(form, MAX_STREAM, true)
                            .map_err(|_| Refusal::Stream)?
                            .bytes;
                        let c = self.program_cost(&body, runs_with, depth + 1)?;
                        Cost {
                            peak: size + c.peak,
                            work: size.saturating_add(c.work),
                        }
                    };
                    self.on_stack.remove(id);
                    self.memo.insert(key, inner);
                    inner
                }
            };
            cost.peak = cost.peak.max(form_cost.peak);
            cost.work = cost.work.saturating_add(form_cost.work);
            if cost.work > MAX_PAGE_WORK {
                // No need to count further: the page is left out.
                return Ok(cost);
            }
        }
        Ok(cost)
    }
}

fn deref_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => match doc.objects.get(id) {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        },
        _ => None,
    }
}

/// A page's resources, inherited from the page tree as pdf-extract looks them up.
fn page_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.objects.get(&page_id).and_then(|o| o.as_dict().ok())?;
    for _ in 0..64 {
        if let Some(resources) = node.get(b"Resources").ok().and_then(|o| deref_dict(doc, o)) {
            return Some(resources);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.objects.get(&parent).and_then(|o| o.as_dict().ok())?;
    }
    None
}

fn empty_stream(stream: &mut Stream) {
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(Vec::new());
}

/// Empties what pdf-extract copies at every colour or graphics-state operator, none of which
/// text needs: an ICC profile (`[/ICCBased profile]`) and a separation colour space's tint
/// function (`[/Separation name alternate function]`) are inflated afresh at every `cs`/`CS`
/// that sets them, and copied whole, with a soft mask (`/SMask` of a graphics state), at every
/// `q` and `gs`. Those streams are emptied and soft masks replaced by empty dictionaries.
fn strip_colour_and_masks(doc: &mut Document) {
    let mut streams = Vec::new();
    let mut masks = Vec::new();
    let mut stack: Vec<&mut Object> = doc.objects.values_mut().collect();
    while let Some(object) = stack.pop() {
        let dict = match object {
            Object::Array(items) => {
                let head = items.first().and_then(|o| o.as_name().ok());
                let function = match head {
                    Some(b"ICCBased") => items.get(1),
                    Some(b"Separation") => items.get(3),
                    _ => None,
                };
                if let Some(Object::Reference(id)) = function {
                    streams.push(*id);
                }
                stack.extend(items.iter_mut());
                continue;
            }
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &mut stream.dict,
            _ => continue,
        };
        match dict.get_mut(b"SMask") {
            Ok(mask @ Object::Dictionary(_)) => *mask = Object::Dictionary(Dictionary::new()),
            Ok(Object::Reference(id)) => masks.push(*id),
            _ => {}
        }
        stack.extend(dict.iter_mut().map(|(_, v)| v));
    }
    for id in streams {
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
            empty_stream(stream);
        }
    }
    // An image's `/SMask` names an image (a stream, already emptied); a graphics state's is a
    // dictionary.
    for id in masks {
        if let Some(mask @ Object::Dictionary(_)) = doc.objects.get_mut(&id) {
            *mask = Object::Dictionary(Dictionary::new());
        }
    }
}

fn is_image(stream: &Stream) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
}

/// The names a drawing program calls with `Do`, each once per call (`/Fm1 Do`).
fn called_names(program: &[u8]) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(program, b"Do") {
        let after = program.get(at + 2).copied();
        if after.is_some_and(|b| !is_delimiter(b)) {
            continue;
        }
        let before = &program[..at];
        let end = before.len() - before.iter().rev().take_while(|b| is_space(**b)).count();
        if end == before.len() {
            continue;
        }
        let word = &before[..end];
        let start = word.len() - word.iter().rev().take_while(|b| !is_delimiter(**b)).count();
        if start == 0 || word[start - 1] != b'/' {
            continue;
        }
        names.push(word[start..].to_vec());
    }
    names
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0C | 0)
}

fn is_delimiter(b: u8) -> bool {
    is_space(b)
        || matches!(
            b,
            b'/' | b'[' | b']' | b'<' | b'>' | b'(' | b')' | b'{' | b'}'
        )
}

/// How many values lopdf would parse from `bytes`: numbers, names, keywords, strings and
/// brackets, outside the content of streams (`stream` … `endstream`) and of the
/// cross-reference table (`xref` … `trailer`), which lopdf reads without making values.
/// Comments are skipped; a string, however long, is one token.
pub(super) fn structure_tokens(bytes: &[u8]) -> u64 {
    let mut n = 0u64;
    let mut i = 0;
    let len = bytes.len();
    while i < len {
        let b = bytes[i];
        if is_space(b) {
            i += 1;
            continue;
        }
        match b {
            b'%' => {
                while i < len && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                n += 1;
                let mut depth = 0usize;
                while i < len {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                n += 1;
                i += 2;
            }
            b'<' => {
                n += 1;
                i = memchr::memchr(b'>', &bytes[i..]).map_or(len, |e| i + e + 1);
            }
            b'[' | b'{' => {
                n += 1;
                i += 1;
            }
            b'>' | b']' | b'}' | b')' => i += 1,
            _ => {
                let start = i;
                i += 1;
                while i < len && !is_delimiter(bytes[i]) {
                    i += 1;
                }
                n += 1;
                let skip_to: Option<&[u8]> = match &bytes[start..i] {
                    b"stream" => Some(b"endstream"),
                    b"xref" => Some(b"trailer"),
                    _ => None,
                };
                if let Some(end) = skip_to {
                    i = memchr::memmem::find(&bytes[i..], end).map_or(len, |e| i + e + end.len());
                }
            }
        }
    }
    n
}

fn looks_like_cmap(head: &[u8]) -> bool {
    [&b"begincmap"[..], b"beginbfrange", b"begincidrange"]
        .iter()
        .any(|w| memchr::memmem::find(head, w).is_some())
}

/// How many codes a character map's `bfrange`, `cidrange` and `notdefrange` sections define.
pub(super) fn cmap_codes(cmap: &[u8]) -> u64 {
    #[derive(PartialEq)]
    enum Token {
        Hex(u64),
        Word(Vec<u8>),
        Other,
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < cmap.len() {
        let b = cmap[i];
        if is_space(b) {
            i += 1;
        } else if b == b'<' {
            let end = memchr::memchr(b'>', &cmap[i..]).map_or(cmap.len(), |e| i + e);
            let hex: Vec<u8> = cmap[i + 1..end]
                .iter()
                .copied()
                .filter(u8::is_ascii_hexdigit)
                .collect();
            let digits = &hex[hex.len().saturating_sub(16)..];
            let value = std::str::from_utf8(digits)
                .ok()
                .and_then(|s| u64::from_str_radix(s, 16).ok())
                .unwrap_or(0);
            tokens.push(Token::Hex(value));
            i = end + 1;
        } else if b == b'[' {
            let end = memchr::memchr(b']', &cmap[i..]).map_or(cmap.len(), |e| i + e);
            tokens.push(Token::Other);
            i = end + 1;
        } else {
            let start = i;
            i += 1;
            while i < cmap.len() && !is_delimiter(cmap[i]) {
                i += 1;
            }
            tokens.push(Token::Word(cmap[start..i].to_vec()));
        }
    }
    let mut total = 0u64;
    let mut in_range = false;
    let mut pending: Vec<u64> = Vec::new();
    for token in tokens {
        match token {
            Token::Word(w) if w.starts_with(b"begin") && w.ends_with(b"range") => {
                in_range = w != b"begincodespacerange";
                pending.clear();
            }
            Token::Word(w) if w.starts_with(b"end") && w.ends_with(b"range") => {
                in_range = false;
            }
            _ if !in_range => {}
            Token::Hex(v) if pending.len() < 2 => pending.push(v),
            _ => {
                if let [low, high] = pending[..] {
                    total = total.saturating_add(high.saturating_sub(low) + 1);
                }
                pending.clear();
            }
        }
    }
    total
}

/// A stream's inflated length, and its bytes (all of them with `keep`, else the first
/// [`HEAD`]).
pub(super) struct Decoded {
    pub len: u64,
    pub bytes: Vec<u8>,
}

/// The stream is larger than the cap.
#[derive(Debug)]
pub(super) struct OverCap;

/// Decodes a stream the way lopdf would (Flate, LZW and ASCII85 filters, in order), stopping as
/// soon as a stage passes `cap` bytes. Intermediate stages are held (each under `cap`); the
/// last is only counted unless `keep`.
pub(super) fn decode(stream: &Stream, cap: u64, keep: bool) -> Result<Decoded, OverCap> {
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let early_change = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0);
    let mut data: std::borrow::Cow<'_, [u8]> = std::borrow::Cow::Borrowed(&stream.content);
    for (i, filter) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        let keep_stage = keep || !last;
        let out = match filter.as_slice() {
            b"FlateDecode" => inflate(&data, cap, keep_stage)?,
            b"LZWDecode" => unlzw(&data, early_change, cap, keep_stage)?,
            b"ASCII85Decode" => {
                // Decoding ASCII85 only shrinks the data, so lopdf's own decoder is safe here.
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                let bytes = Stream::new(dict, data.to_vec())
                    .decompressed_content()
                    .unwrap_or_default();
                Decoded {
                    len: bytes.len() as u64,
                    bytes,
                }
            }
            // lopdf cannot decode other filters and pdf-extract then uses the bytes as they are.
            _ => break,
        };
        if last {
            return Ok(out);
        }
        data = std::borrow::Cow::Owned(out.bytes);
    }
    let len = data.len() as u64;
    if len > cap {
        return Err(OverCap);
    }
    let bytes = if keep {
        data.into_owned()
    } else {
        data[..data.len().min(HEAD)].to_vec()
    };
    Ok(Decoded { len, bytes })
}

/// Reads `reader` to its end (or its first error, keeping what came before, as lopdf does),
/// failing past `cap` bytes.
fn drain(mut reader: impl Read, cap: u64, keep: bool) -> Result<Decoded, OverCap> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut out = Decoded {
        len: 0,
        bytes: Vec::new(),
    };
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        out.len += n as u64;
        if out.len > cap {
            return Err(OverCap);
        }
        if keep {
            out.bytes.extend_from_slice(&buf[..n]);
        } else if out.bytes.len() < HEAD {
            let take = n.min(HEAD - out.bytes.len());
            out.bytes.extend_from_slice(&buf[..take]);
        }
    }
    Ok(out)
}

fn inflate(input: &[u8], cap: u64, keep: bool) -> Result<Decoded, OverCap> {
    let out = drain(flate2::read::ZlibDecoder::new(input), cap, keep)?;
    if out.len == 0 && input.len() > 2 {
        // lopdf retries a stream with a broken zlib header as raw deflate.
        return drain(flate2::read::DeflateDecoder::new(&input[2..]), cap, keep);
    }
    Ok(out)
}

fn unlzw(input: &[u8], early_change: bool, cap: u64, keep: bool) -> Result<Decoded, OverCap> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut buf = vec![0u8; 64 * 1024];
    let mut out = Decoded {
        len: 0,
        bytes: Vec::new(),
    };
    let mut rest = input;
    loop {
        let result = decoder.decode_bytes(rest, &mut buf);
        rest = &rest[result.consumed_in..];
        let n = result.consumed_out;
        out.len += n as u64;
        if out.len > cap {
            return Err(OverCap);
        }
        if keep {
            out.bytes.extend_from_slice(&buf[..n]);
        } else if out.bytes.len() < HEAD {
            let take = n.min(HEAD - out.bytes.len());
            out.bytes.extend_from_slice(&buf[..take]);
        }
        match result.status {
            Ok(LzwStatus::Ok) if result.consumed_in > 0 || n > 0 => {}
            _ => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_character_map_ranges() {
        let cmap = b"/CIDInit /ProcSet findresource begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfrange <0020> <007E> <0020>\n<00A0> <00A1> [<00A0> <00A1>] endbfrange\n\
            1 begincidrange <0100> <01FF> 5 endcidrange endcmap";
        assert_eq!(cmap_codes(cmap), 95 + 2 + 256);
        assert_eq!(
            cmap_codes(b"1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange"),
            1 << 32
        );
    }

    #[test]
    fn counts_the_values_lopdf_would_make() {
        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Kids [3 0 R (a (b) c\\)) <00ff>] >>\n\
            endobj\n2 0 obj << /Length 9 >> stream\n[0 0 0 0]\nendstream endobj\n\
            xref\n0 3\n0000000000 65535 f \ntrailer << /Size 3 >>";
        // `1 0 obj << /Type /Catalog /Kids [ 3 0 R (…) <00ff>` and `endobj`: 14;
        // `2 0 obj << /Length 9 stream` (its content skipped) `endobj`: 8;
        // `xref` (the table skipped up to `trailer`) `<< /Size 3`: 4.
        assert_eq!(structure_tokens(pdf), 14 + 8 + 4);
        assert_eq!(structure_tokens(&b"0 ".repeat(1000)), 1000);
    }

    #[test]
    fn hides_every_name_lopdf_reads_as_encrypt() {
        let original: &[u8] = b"trailer << /Size 3 /E#6ecrypt 5 0 R /Encrypted true \
            /EncryptMetadata false /Encrypt#  /Encrypt/Root 1 0 R /ID [(/Encrypt)] >>";
        let mut bytes = original.to_vec();
        let hidden = hide_encryption(&mut bytes);
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "trailer << /Size 3 /HuskEnc__ 5 0 R /Encrypted true \
            /EncryptMetadata false /HuskEnc#  /HuskEnc/Root 1 0 R /ID [(/HuskEnc)] >>"
        );
        hidden.restore(&mut bytes);
        assert_eq!(bytes, original);
    }

    #[test]
    fn finds_the_forms_a_program_calls() {
        let names = called_names(b"q /Fm1 Do Q\n/Im2 Do BT (Do) Tj ET /X Do");
        assert_eq!(names, vec![b"Fm1".to_vec(), b"Im2".to_vec(), b"X".to_vec()]);
    }

    #[test]
    fn decoding_stops_at_the_cap() {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&vec![b' '; 1 << 20]).unwrap();
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let stream = Stream::new(dict, enc.finish().unwrap());
        assert_eq!(decode(&stream, 2 << 20, false).unwrap().len, 1 << 20);
        assert!(decode(&stream, 1 << 19, false).is_err());
    }

    /// A file of `before` (ahead of `%PDF-`), the header, `object` and `tail`, where `tail`
    /// is given the object's offset from `%PDF-`.
    fn file(before: &str, object: &[u8], tail: impl Fn(usize) -> String) -> Vec<u8> {
        let mut out = format!("{before}%PDF-1.7\n").into_bytes();
        let offset = out.len() - before.len();
        out.extend_from_slice(object);
        out.extend_from_slice(tail(offset).as_bytes());
        out
    }

    /// An object of a stream of `size` zero bytes, flate-compressed, with `dict` (written
    /// just after `obj`).
    fn zeros(header: &str, dict: &str, size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![0; size]).unwrap();
        let data = enc.finish().unwrap();
        let mut out = format!(
            "{header}<<{dict}/Filter/FlateDecode/Length {}>>stream\r\n",
            data.len()
        )
        .into_bytes();
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\r\nendstream endobj\n");
        out
    }

    #[test]
    fn finds_the_cross_reference_sections_lopdf_reads_however_they_are_spelt() {
        let bomb = zeros("%c\r\n12 %x\n0%y\robj", "/Size 1/W[1 4 2]", 9 << 20);
        let startxref = |at| format!("startxref\n{at}\n%%EOF\n");
        // At `startxref`, without `/Type`, with comments in the header and bytes before `%PDF-`.
        let bytes = file("junk\n", &bomb, startxref);
        assert_eq!(
            check_cross_references(&bytes, 0),
            Err(Refusal::CrossReference)
        );
        // Through `/Prev` or `/XRefStm`, escaped, signed, after a comment.
        for key in ["/Prev ", "/P#72ev %\n", "/XRef#53tm\t", "/XRefStm +"] {
            let bytes = file("", &bomb, |at| format!("trailer << {key}{at} >>\n"));
            assert_eq!(
                check_cross_references(&bytes, 0),
                Err(Refusal::CrossReference),
                "{key}"
            );
        }
        // Not through a reference, a real number, a negative one or another name.
        for value in [
            "/Prev {} 0 R",
            "/Prev {}.0",
            "/Prev -{}",
            "/Prevs {}",
            "/Pre {}",
        ] {
            let bytes = file("", &bomb, |at| value.replace("{}", &at.to_string()));
            assert!(check_cross_references(&bytes, 0).is_ok(), "{value}");
        }
        // Under the cap, the stream is read and its values counted.
        let small = zeros("12 0 obj", "/Type/XRef/Size 1/W[1 4 2]", 7);
        let tokens = check_cross_references(&file("", &small, startxref), 100).unwrap();
        // `12 0 obj`, then `<<`, `[` and twelve names and numbers.
        assert_eq!(tokens, 100 + 3 + 14);
    }

    #[test]
    fn bounds_the_entries_and_rows_of_cross_reference_sections() {
        let at_startxref = |object: &[u8]| {
            let bytes = file("", object, |at| format!("startxref\n{at}\n%%EOF\n"));
            check_cross_references(&bytes, 0)
        };
        // Entries of no bytes, listed by `/Index`.
        let empty =
            |dict: &str| format!("1 0 obj<<{dict}/Length 0>>stream\nendstream").into_bytes();
        assert_eq!(
            at_startxref(&empty("/Size 1/W[0 0 0]/Index[0 400000 7 100001]")),
            Err(Refusal::CrossReferenceEntries)
        );
        // As many as may be listed; but each is at offset 0, where lopdf's parser skips the
        // `%PDF-1.7` line as a comment and reads the first object: 500 000 times.
        assert_eq!(
            at_startxref(&empty("/Size 1/W[0 0 0]/Index[0 400000 7 100000]")),
            Err(Refusal::Repeated)
        );
        // Entries listed past the end of the stream's bytes are not counted.
        assert!(at_startxref(&zeros("1 0 obj", "/Size 9000000/W[1 4 2]", 7 * 400_000)).is_ok());
        // Widths lopdf would allocate.
        assert_eq!(
            at_startxref(&empty("/Size 1/W[1 4000000000 0]")),
            Err(Refusal::CrossReferenceRow)
        );
        assert_eq!(
            at_startxref(&zeros(
                "1 0 obj",
                "/Size 1/W[1 4 2]/DecodeParms<</Predictor 12/Columns 1000000000>>",
                7
            )),
            Err(Refusal::CrossReferenceRow)
        );
        // A plain table's entries.
        let mut table = b"xref\n0 500001\n".to_vec();
        table.extend_from_slice(&b"0000000015 00000 n \n".repeat(500_001));
        table.extend_from_slice(b"trailer\n<< /Size 500001 >>\n");
        assert_eq!(at_startxref(&table), Err(Refusal::CrossReferenceEntries));
    }

    #[test]
    fn finds_the_cross_reference_stream_qpdf_writes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/owner-password.pdf"
        );
        let bytes = std::fs::read(path).unwrap();
        let tokens = check_cross_references(&bytes, 0).unwrap();
        assert!(tokens > 10, "{tokens}");
    }

    type Table = Vec<(u32, TableEntry)>;

    /// lopdf's own table for a fixture, and the entries read here from the section at its
    /// `startxref`.
    fn both_tables(name: &str) -> (Table, Table) {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).unwrap();
        let mut lopdf: Table = Document::load_mem(&bytes)
            .unwrap()
            .reference_table
            .entries
            .iter()
            .filter_map(|(number, entry)| match *entry {
                XrefEntry::Normal { offset, generation } => {
                    Some((*number, TableEntry::Normal { offset, generation }))
                }
                XrefEntry::Compressed { container, .. } => {
                    Some((*number, TableEntry::Compressed { container }))
                }
                _ => None,
            })
            .collect();
        lopdf.sort_unstable();
        let at = memchr::memmem::rfind(&bytes, b"startxref").unwrap();
        let at = offset_value(&bytes, at + b"startxref".len()).unwrap();
        let rest = &bytes[at..];
        let mut ours = Vec::new();
        if rest.starts_with(b"xref") {
            table_entries(rest, &mut ours);
        } else {
            let (id, _) = object_header(rest).unwrap();
            let Ok(Object::Stream(stream)) = section_object(rest, id) else {
                panic!("no stream at startxref");
            };
            stream_entries(stream, &mut ours);
        }
        ours.sort_unstable();
        (lopdf, ours)
    }

    #[test]
    fn reads_the_entries_lopdf_reads() {
        // A plain table (LibreOffice) and a stream with objects packed in object streams (qpdf).
        for name in ["sample.pdf", "owner-password.pdf"] {
            let (lopdf, ours) = both_tables(name);
            assert!(lopdf.len() > 10, "{name}: {lopdf:?}");
            assert_eq!(lopdf, ours, "{name}");
        }
    }

    #[test]
    fn counts_each_entry_that_points_at_an_object() {
        let object = b"[1 2 3 4 5 6 7 8 9 10]";
        let mut with_header = b"%PDF-1.7\n1 0 obj ".to_vec();
        with_header.extend_from_slice(object);
        with_header.extend_from_slice(&b" ".repeat(100));
        let entry = |number| {
            (
                number,
                TableEntry::Normal {
                    offset: 9,
                    generation: 0,
                },
            )
        };
        // No header at the offset: lopdf reads nothing there.
        let headless = (
            1,
            TableEntry::Normal {
                offset: 10,
                generation: 0,
            },
        );
        assert_eq!(table_cost(&with_header, vec![headless], 1000), Ok(0));
        // Once: its header (three) and eleven values; three times, in a file large enough.
        assert_eq!(table_cost(&with_header, vec![entry(1)], 1000), Ok(14));
        assert_eq!(
            table_cost(&with_header, vec![entry(1), entry(2), entry(3)], 1000),
            Ok(42)
        );
        assert_eq!(
            table_cost(&with_header, vec![entry(1), entry(1)], 1000),
            Ok(14)
        );
        // Past the room for values, or the file's size.
        assert_eq!(
            table_cost(&with_header, vec![entry(1), entry(2), entry(3)], 40),
            Err(Refusal::Structure)
        );
        assert_eq!(
            table_cost(&with_header, (1..=5).map(entry).collect(), 1000),
            Err(Refusal::Repeated)
        );
    }
}
