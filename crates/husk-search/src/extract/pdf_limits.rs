//! Bounds on what reading a PDF may cost, checked before pdf-extract sees the document.
//!
//! lopdf and pdf-extract inflate every stream they touch completely, and pdf-extract parses a
//! page's whole drawing program into memory (about 50 bytes of parsed operators per byte of
//! program), follows form objects recursively, and expands a font's code ranges one code at a
//! time. A small hostile PDF can therefore ask for gigabytes, recurse until the stack overflows,
//! or loop for hours. This module measures first, with small buffers:
//!
//! - every object stream (`/Type /ObjStm`) is inflated with a cap while lopdf loads the file
//!   (through lopdf's object filter, before lopdf inflates it itself) — [`MAX_OBJECT_STREAM`];
//! - every other stream that is not an image is inflated and counted, each under
//!   [`MAX_STREAM`] and all together under [`MAX_INFLATED`];
//! - a character map's code ranges are added up — [`MAX_CMAP_CODES`];
//! - each page's drawing program is followed through the form objects it really calls (`Do`),
//!   refusing cycles and deep nesting; a page whose program holds more than [`MAX_PAGE_PROGRAM`]
//!   at once, or makes pdf-extract process more than [`MAX_PAGE_WORK`] in all, is left out
//!   (with a note) rather than read.
//!
//! - the objects lopdf parses (the file's own and those in object streams) are counted as
//!   tokens first, all together under [`MAX_STRUCTURE_TOKENS`]: lopdf makes every number, name
//!   and bracket a value of about 120 bytes, so 16 MB of `0 0 0 …` would otherwise become
//!   gigabytes.
//!
//! Streams are counted through 64 KiB buffers, so the check itself needs little memory; what
//! pdf-extract then does is bounded by what passed.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

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
/// Deepest nesting of forms calling forms.
const MAX_FORM_DEPTH: usize = 24;
/// How much of a stream's start is kept when only counting, to recognise character maps.
const HEAD: usize = 4096;

/// The dictionary key that marks an object stream that was too large while loading.
const OVER_LIMIT: &str = "HuskOverLimit";
/// The dictionary key that marks an object stream left unread because the file's tokens were
/// past [`MAX_STRUCTURE_TOKENS`].
const TOO_MANY_TOKENS: &str = "HuskTooManyTokens";

/// Tokens counted so far in the file being loaded. lopdf's filter is a plain function called
/// from rayon's threads, so the count cannot live with the call; [`begin_load`] makes loads take
/// turns instead, which also keeps at most one PDF's objects in memory at a time.
static TOKENS: AtomicU64 = AtomicU64::new(0);
static LOADING: Mutex<()> = Mutex::new(());

/// Starts loading a PDF whose file holds `file_tokens` tokens outside its streams (see
/// [`structure_tokens`]): waits for any other load to finish and starts the count. Hold the
/// guard until lopdf has returned.
pub(super) fn begin_load(file_tokens: u64) -> MutexGuard<'static, ()> {
    let guard = LOADING.lock().unwrap_or_else(|p| p.into_inner());
    TOKENS.store(file_tokens, Ordering::SeqCst);
    guard
}

/// Why a PDF is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
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
}

/// What the check found: pages to leave out (by page number, with the reason).
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub skipped_pages: Vec<u32>,
}

/// lopdf's load-time filter: inflates every object stream with a cap before lopdf does; one
/// that is too large is emptied and marked, so lopdf parses nothing from it and [`check`]
/// refuses the file.
///
/// lopdf passes top-level objects (and ignores what is returned but `None`) and, separately,
/// the objects inside object streams (and keeps what is returned); streams are never inside
/// object streams, so a stream's clone is never needed.
pub(super) fn load_filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            if TOKENS.load(Ordering::SeqCst) > MAX_STRUCTURE_TOKENS {
                stream.content = Vec::new();
                stream.dict.set(TOO_MANY_TOKENS, Object::Boolean(true));
            } else {
                match decode(stream, MAX_OBJECT_STREAM, true) {
                    Err(OverCap) => {
                        stream.content = Vec::new();
                        stream.dict.set(OVER_LIMIT, Object::Boolean(true));
                    }
                    Ok(decoded) => {
                        let n = structure_tokens(&decoded.bytes);
                        if TOKENS.fetch_add(n, Ordering::SeqCst) + n > MAX_STRUCTURE_TOKENS {
                            stream.content = Vec::new();
                            stream.dict.set(TOO_MANY_TOKENS, Object::Boolean(true));
                        }
                    }
                }
            }
        }
        return Some((id, Object::Null));
    }
    Some((id, object.clone()))
}

/// Measures the loaded document; refuses it, or tells which pages to leave out, and empties
/// those pages' content so pdf-extract does not read them.
pub(super) fn check(doc: &mut Document) -> Result<Checked, Refusal> {
    let mut sizes: HashMap<ObjectId, u64> = HashMap::new();
    let mut total = 0u64;
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(OVER_LIMIT.as_bytes()) {
            return Err(Refusal::ObjectStream);
        }
        if stream.dict.has(TOO_MANY_TOKENS.as_bytes()) {
            return Err(Refusal::Structure);
        }
        if is_image(stream) {
            continue;
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

    /// The inflated size of a stream, measured now if the first pass skipped it (an image
    /// used as a page's content).
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
            let Some(form) = self.stream(*id) else {
                continue;
            };
            if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                continue;
            }
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
}
