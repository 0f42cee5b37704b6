//! Splitting a document into passages: the units that are indexed, ranked and shown.
//!
//! A passage follows the text's own structure: one paragraph, or one list. Within a section
//! (the text under one heading) a paragraph shorter than [`MIN_WORDS`] is merged with the next
//! one, and a short paragraph left at the end of a section joins the passage before it; a
//! paragraph longer than [`MAX_WORDS`] is split at sentence boundaries into near-equal parts
//! (a list is split between items). Headings start new passages and are never passages alone:
//! each passage carries the path of headings above it ("3 Funn › 3.2 Bostedsløse").

use crate::extract::{block_separator, BlockKind, Extracted};

/// A paragraph shorter than this is merged with its neighbour in the same section.
pub const MIN_WORDS: usize = 60;
/// A passage longer than this is split at sentence boundaries.
pub const MAX_WORDS: usize = 250;

/// Most passages one document is split into; [`split_within`] refuses more.
pub const MAX_PASSAGES: usize = 50_000;
/// Longest heading (in characters) carried in a passage's heading path; longer ones are cut
/// with "…" (every passage under a heading carries a copy of the path).
pub const MAX_HEADING_CHARS: usize = 300;

/// Separator between headings in [`Passage::heading`].
pub const HEADING_SEPARATOR: &str = " › ";

/// One indexed piece of a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Passage {
    /// Position of the passage in its document, from 0.
    pub ordinal: u32,
    /// The path of headings above the passage, outermost first, joined by " › ".
    pub heading: Option<String>,
    /// The passage's text: an exact slice of [`Extracted::full_text`].
    pub text: String,
    /// Where the text starts in [`Extracted::full_text`], counted in characters (Unicode scalar
    /// values).
    pub char_start: u64,
}

/// A stretch of the full text that will become (part of) a passage.
#[derive(Debug, Clone, Copy)]
struct Span {
    byte_start: usize,
    byte_end: usize,
    char_start: u64,
    words: usize,
}

/// Splits an extracted document into passages.
pub fn split(extracted: &Extracted) -> Vec<Passage> {
    split_within(extracted, usize::MAX).unwrap_or_default()
}

/// [`split`], giving up (with `Err(limit)`) as soon as there would be more than `limit`
/// passages, before their text is copied.
pub fn split_within(extracted: &Extracted, limit: usize) -> Result<Vec<Passage>, usize> {
    let full = extracted.full_text();
    // Byte and character offsets of every block in the full text.
    let mut offsets = Vec::with_capacity(extracted.blocks.len());
    let (mut byte, mut chars) = (0usize, 0u64);
    for (i, block) in extracted.blocks.iter().enumerate() {
        if i > 0 {
            let sep = block_separator(&extracted.blocks[i - 1], block);
            byte += sep.len();
            chars += sep.chars().count() as u64;
        }
        offsets.push((byte, chars));
        byte += block.text.len();
        chars += block.text.chars().count() as u64;
    }

    let mut builder = Builder {
        passages: Vec::new(),
        section: Vec::new(),
        pending: None,
    };
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut i = 0;
    let blocks = &extracted.blocks;
    while i < blocks.len() {
        if builder.passages.len() > limit {
            return Err(limit);
        }
        let block = &blocks[i];
        match block.kind {
            BlockKind::Heading(level) => {
                builder.end_section();
                while headings.last().is_some_and(|(l, _)| *l >= level) {
                    headings.pop();
                }
                headings.push((level, shorten(&block.text)));
                builder.section = headings.iter().map(|(_, t)| t.clone()).collect();
                i += 1;
            }
            BlockKind::Paragraph => {
                let (b, c) = offsets[i];
                let units = sentence_units(&block.text, b, c);
                builder.add_units(&units);
                i += 1;
            }
            BlockKind::ListItem => {
                // A whole list is one unit; a long list is split between items.
                let mut items = Vec::new();
                while i < blocks.len() && blocks[i].kind == BlockKind::ListItem {
                    let (b, c) = offsets[i];
                    items.push(Span {
                        byte_start: b,
                        byte_end: b + blocks[i].text.len(),
                        char_start: c,
                        words: word_count(&blocks[i].text),
                    });
                    i += 1;
                }
                builder.add_units(&items);
            }
        }
    }
    builder.end_section();
    if builder.passages.len() > limit {
        return Err(limit);
    }
    if builder.passages.is_empty() && !blocks.is_empty() {
        // A document of headings only: index the headings rather than nothing.
        let (b, c) = offsets[0];
        builder.passages.push(Piece {
            heading: None,
            span: Span {
                byte_start: b,
                byte_end: full.len(),
                char_start: c,
                words: word_count(&full),
            },
        });
    }
    Ok(builder
        .passages
        .into_iter()
        .enumerate()
        .map(|(ordinal, piece)| Passage {
            ordinal: ordinal as u32,
            heading: piece.heading,
            text: full[piece.span.byte_start..piece.span.byte_end].to_string(),
            char_start: piece.span.char_start,
        })
        .collect())
}

/// A heading cut to [`MAX_HEADING_CHARS`].
fn shorten(heading: &str) -> String {
    match heading.char_indices().nth(MAX_HEADING_CHARS) {
        Some((cut, _)) => format!("{}…", heading[..cut].trim_end()),
        None => heading.to_string(),
    }
}

struct Piece {
    heading: Option<String>,
    span: Span,
}

struct Builder {
    passages: Vec<Piece>,
    /// The heading path of the current section.
    section: Vec<String>,
    /// The passage being built in the current section, and whether a passage of this section
    /// was already emitted.
    pending: Option<(Span, bool)>,
}

impl Builder {
    fn heading(&self) -> Option<String> {
        (!self.section.is_empty()).then(|| self.section.join(HEADING_SEPARATOR))
    }

    /// Adds the pieces of one paragraph or list: `units` are its sentences or items, in order.
    fn add_units(&mut self, units: &[Span]) {
        if units.is_empty() {
            return;
        }
        let total: usize = units.iter().map(|u| u.words).sum();
        let chunks = if total > MAX_WORDS {
            group_units(units, total)
        } else {
            vec![join(units[0], units[units.len() - 1], total)]
        };
        for chunk in chunks {
            self.add(chunk);
        }
    }

    fn add(&mut self, span: Span) {
        match self.pending.take() {
            None => self.pending = Some((span, false)),
            Some((pending, emitted)) => {
                if pending.words < MIN_WORDS && pending.words + span.words <= MAX_WORDS {
                    self.pending = Some((join(pending, span, pending.words + span.words), emitted));
                } else {
                    self.emit(pending);
                    self.pending = Some((span, true));
                }
            }
        }
    }

    fn emit(&mut self, span: Span) {
        let heading = self.heading();
        self.passages.push(Piece { heading, span });
    }

    /// Closes the section: a short last piece joins the passage before it when that fits.
    fn end_section(&mut self) {
        let Some((pending, emitted)) = self.pending.take() else {
            return;
        };
        if emitted && pending.words < MIN_WORDS {
            if let Some(last) = self.passages.last_mut() {
                if last.span.words + pending.words <= MAX_WORDS {
                    last.span = join(last.span, pending, last.span.words + pending.words);
                    return;
                }
            }
        }
        self.emit(pending);
    }
}

fn join(first: Span, last: Span, words: usize) -> Span {
    Span {
        byte_start: first.byte_start,
        byte_end: last.byte_end,
        char_start: first.char_start,
        words,
    }
}

/// Groups consecutive units (sentences or list items) into near-equal chunks of at most
/// [`MAX_WORDS`] words where the units allow it.
fn group_units(units: &[Span], total: usize) -> Vec<Span> {
    let parts = total.div_ceil(MAX_WORDS).max(1);
    let target = total.div_ceil(parts);
    let mut chunks = Vec::with_capacity(parts);
    let mut start = 0;
    let mut words = 0;
    for (i, unit) in units.iter().enumerate() {
        if words > 0 && (words + unit.words > MAX_WORDS || words >= target) {
            chunks.push(join(units[start], units[i - 1], words));
            start = i;
            words = 0;
        }
        words += unit.words;
    }
    if words > 0 {
        // A short tail joins the chunk before it if that stays under the limit.
        match chunks.last_mut() {
            Some(last) if words < MIN_WORDS && last.words + words <= MAX_WORDS => {
                *last = join(*last, units[units.len() - 1], last.words + words);
            }
            _ => chunks.push(join(units[start], units[units.len() - 1], words)),
        }
    }
    chunks
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Abbreviations after which a full stop does not end a sentence (lowercased, without the last
/// full stop).
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "f.eks", "bl.a", "ca", "nr", "jf", "jfr", "mv", "m.v", "osv", "dvs", "pst", "kap", "s", "ev",
    "evt", "mht", "m.h.t", "iht", "i.h.t", "ifm", "i.f.m", "el", "o.l", "m.m", "kr", "mill", "mrd",
    "t.o.m", "f.o.m", "inkl", "ekskl", "ref", "vs", "fig", "tab", "dr", "prof", "st", "pkt", "avd",
    "adm", "tlf", "bl", "e.l", "o.a", "mr", "mrs", "no", "etc",
];

/// Splits a paragraph into sentences: spans of the full text starting at `byte_base` /
/// `char_base`. A sentence ends at ".", "!", "?" or "…" (with any closing quotes or brackets)
/// followed by space and an uppercase letter, a digit, a quote or a dash, unless the word before
/// is a known abbreviation or a single letter (an initial).
fn sentence_units(text: &str, byte_base: usize, char_base: u64) -> Vec<Span> {
    if word_count(text) <= MAX_WORDS {
        return vec![Span {
            byte_start: byte_base,
            byte_end: byte_base + text.len(),
            char_start: char_base,
            words: word_count(text),
        }];
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut units = Vec::new();
    let mut start = 0usize; // index into chars
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '"' | '\'' | '»' | ')' | '”' | '’')
            {
                end += 1;
            }
            let followed = end + 1 < chars.len() && chars[end].1.is_whitespace() && {
                let next = chars[end + 1].1;
                next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '«' | '"' | '–' | '-' | '(' | '“')
            };
            if followed && !(c == '.' && is_abbreviation(text, chars[start].0, chars[i].0)) {
                push_sentence(&mut units, text, &chars, start, end, byte_base, char_base);
                start = end + 1;
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    if start < chars.len() {
        push_sentence(
            &mut units,
            text,
            &chars,
            start,
            chars.len(),
            byte_base,
            char_base,
        );
    }
    // A sentence that alone exceeds the limit (a list without punctuation, broken PDF text) is
    // cut between words.
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        if unit.words <= MAX_WORDS {
            out.push(unit);
        } else {
            out.extend(cut_words(text, unit, byte_base, char_base));
        }
    }
    out
}

fn push_sentence(
    units: &mut Vec<Span>,
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    end: usize,
    byte_base: usize,
    char_base: u64,
) {
    let byte_start = chars[start].0;
    let byte_end = chars.get(end).map(|(b, _)| *b).unwrap_or(text.len());
    let slice = &text[byte_start..byte_end];
    let words = word_count(slice);
    if words == 0 {
        return;
    }
    let trimmed_end = byte_start + slice.trim_end().len();
    units.push(Span {
        byte_start: byte_base + byte_start,
        byte_end: byte_base + trimmed_end,
        char_start: char_base + start as u64,
        words,
    });
}

fn is_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
        || ABBREVIATIONS.contains(&lower.as_str())
}

/// Cuts one over-long span into pieces of at most [`MAX_WORDS`] words, between words.
fn cut_words(text: &str, unit: Span, byte_base: usize, char_base: u64) -> Vec<Span> {
    let local_start = unit.byte_start - byte_base;
    let local_end = unit.byte_end - byte_base;
    let slice = &text[local_start..local_end];
    let parts = unit.words.div_ceil(MAX_WORDS);
    let target = unit.words.div_ceil(parts);
    let mut out = Vec::new();
    let mut piece_start: Option<(usize, u64)> = None;
    let mut piece_end = 0usize;
    let mut words = 0usize;
    let first_char = char_base + text[..local_start].chars().count() as u64;
    let mut in_word = false;
    for (char_pos, (b, c)) in (first_char..).zip(slice.char_indices()) {
        if c.is_whitespace() {
            if in_word {
                piece_end = b;
                words += 1;
                in_word = false;
                if words == target {
                    let (s, cs) = piece_start.take().unwrap_or((b, char_pos));
                    out.push(Span {
                        byte_start: byte_base + local_start + s,
                        byte_end: byte_base + local_start + piece_end,
                        char_start: cs,
                        words,
                    });
                    words = 0;
                }
            }
        } else if !in_word {
            in_word = true;
            if piece_start.is_none() {
                piece_start = Some((b, char_pos));
            }
        }
    }
    if in_word {
        words += 1;
        piece_end = slice.len();
    }
    if let Some((s, cs)) = piece_start {
        if words > 0 {
            out.push(Span {
                byte_start: byte_base + local_start + s,
                byte_end: byte_base + local_start + piece_end,
                char_start: cs,
                words,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Block, Format};

    fn doc(blocks: &[(BlockKind, &str)]) -> Extracted {
        Extracted {
            format: Format::Text,
            title: None,
            blocks: blocks
                .iter()
                .map(|(kind, text)| Block {
                    kind: *kind,
                    text: text.to_string(),
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    fn words(n: usize, word: &str) -> String {
        let mut s = Vec::new();
        for i in 0..n {
            if i % 12 == 11 {
                s.push(format!("{word}."));
            } else if i % 12 == 0 {
                s.push("Slik".to_string());
            } else {
                s.push(word.to_string());
            }
        }
        s.join(" ")
    }

    fn check_slices(extracted: &Extracted, passages: &[Passage]) {
        let full: Vec<char> = extracted.full_text().chars().collect();
        for p in passages {
            let start = p.char_start as usize;
            let slice: String = full[start..start + p.text.chars().count()].iter().collect();
            assert_eq!(
                slice, p.text,
                "passage {} is not a slice of the text",
                p.ordinal
            );
        }
    }

    #[test]
    fn headings_start_passages_and_give_paths() {
        let long_a = words(80, "bolig");
        let long_b = words(90, "leie");
        let extracted = doc(&[
            (BlockKind::Heading(1), "3 Funn"),
            (BlockKind::Paragraph, &long_a),
            (BlockKind::Heading(2), "3.2 Bostedsløse"),
            (BlockKind::Paragraph, &long_b),
            (BlockKind::Heading(1), "4 Tiltak"),
            (BlockKind::Heading(2), "4.1 Tom seksjon"),
            (BlockKind::Heading(2), "4.2 Startlån"),
            (BlockKind::Paragraph, "Kort avsnitt om startlån."),
        ]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 3);
        assert_eq!(passages[0].heading.as_deref(), Some("3 Funn"));
        assert_eq!(
            passages[1].heading.as_deref(),
            Some("3 Funn › 3.2 Bostedsløse")
        );
        assert_eq!(
            passages[2].heading.as_deref(),
            Some("4 Tiltak › 4.2 Startlån")
        );
        assert_eq!(passages[2].text, "Kort avsnitt om startlån.");
        assert_eq!(
            passages.iter().map(|p| p.ordinal).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        check_slices(&extracted, &passages);
    }

    #[test]
    fn short_paragraphs_merge_within_a_section() {
        let extracted = doc(&[
            (BlockKind::Heading(1), "Innledning"),
            (BlockKind::Paragraph, "Første korte avsnitt."),
            (BlockKind::Paragraph, "Andre korte avsnitt."),
            (BlockKind::Paragraph, &words(100, "kommune")),
            (BlockKind::Paragraph, &words(70, "tilskudd")),
            (BlockKind::Paragraph, "Et kort sluttavsnitt."),
            (BlockKind::Heading(1), "Neste"),
            (BlockKind::Paragraph, "Eget avsnitt."),
        ]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 3, "{passages:#?}");
        assert!(passages[0]
            .text
            .starts_with("Første korte avsnitt.\n\nAndre"));
        assert!(passages[0].text.contains("kommune"));
        assert!(passages[1].text.ends_with("Et kort sluttavsnitt."));
        assert_eq!(passages[2].text, "Eget avsnitt.");
        check_slices(&extracted, &passages);
    }

    #[test]
    fn long_paragraphs_split_at_sentences() {
        let long = words(600, "oppfølging");
        let extracted = doc(&[(BlockKind::Paragraph, &long)]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 3);
        for p in &passages {
            let n = word_count(&p.text);
            assert!((60..=250).contains(&n), "{n} words");
            assert!(p.text.ends_with('.'), "ends mid-sentence: {}", p.text);
            assert!(p.text.starts_with("Slik"));
        }
        check_slices(&extracted, &passages);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = format!(
            "{} Tiltak som f.eks. Bostøtte hjelper. {}",
            words(240, "bolig"),
            words(60, "leie")
        );
        let units = sentence_units(&text, 0, 0);
        assert!(units
            .iter()
            .any(|u| text[u.byte_start..u.byte_end].contains("f.eks. Bostøtte hjelper.")));
    }

    #[test]
    fn text_without_punctuation_is_cut_between_words() {
        let text = vec!["ord"; 700].join(" ");
        let extracted = doc(&[(BlockKind::Paragraph, &text)]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 3);
        assert!(passages.iter().all(|p| word_count(&p.text) <= MAX_WORDS));
        check_slices(&extracted, &passages);
    }

    #[test]
    fn lists_are_one_passage() {
        let extracted = doc(&[
            (BlockKind::Paragraph, &words(70, "bolig")),
            (BlockKind::ListItem, "første punkt"),
            (BlockKind::ListItem, "andre punkt"),
            (BlockKind::Paragraph, &words(70, "leie")),
        ]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 2, "{passages:#?}");
        assert!(passages[1]
            .text
            .starts_with("første punkt\nandre punkt\n\nSlik leie"));
        check_slices(&extracted, &passages);
    }

    #[test]
    fn headings_alone_still_give_a_passage() {
        let extracted = doc(&[(BlockKind::Heading(1), "Bare en tittel")]);
        let passages = split(&extracted);
        assert_eq!(passages.len(), 1);
        assert_eq!(passages[0].text, "Bare en tittel");
    }
}
