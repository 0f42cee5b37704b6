//! The benchmark corpus: the real passages of the five seed reports in `data/corpus`, split the
//! way Husk splits them, topped up to the wanted size with passages recombined from their
//! sentences by a fixed-seed generator, so every run indexes the same text.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use husk_search::{DocumentMeta, Passage};

/// Passages per synthetic document.
pub const PASSAGES_PER_SYNTHETIC_DOC: usize = 50;
/// Documents get ids from here on, in corpus order.
pub const FIRST_DOC_ID: u64 = 1;
const SEED: u64 = 0x4875_736b_2d62_656e; // "Husk-ben"

/// The repository's `data` directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// A tiny xorshift64* generator: deterministic, good enough for picking sentences.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (0 is replaced, xorshift must not start at 0).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One document: a real report or a synthetic one.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its metadata, as Husk indexes it (`meta.doc_id` is the id).
    pub meta: DocumentMeta,
    /// Its passages, ordinals 0, 1, ….
    pub passages: Vec<Passage>,
    /// Global id of its first passage; passage `i` has global id `first + i`.
    pub first: usize,
    /// The file in `data/corpus` for a real report.
    pub source: Option<String>,
}

/// A real report's passages as Husk splits them.
#[derive(Debug, Clone)]
pub struct RealReport {
    /// File name in `data/corpus`.
    pub file: String,
    /// Metadata from `SOURCES.csv`.
    pub meta: DocumentMeta,
    /// All its passages.
    pub passages: Vec<Passage>,
}

/// Reads and splits the seed reports (all of them, whatever size the corpus will have).
pub fn load_real_reports() -> Result<Vec<RealReport>> {
    let dir = data_dir().join("corpus");
    let sources = dir.join("SOURCES.csv");
    let mut reader = csv::Reader::from_path(&sources)
        .with_context(|| format!("could not read {}", sources.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{} has no column {name}", sources.display()))
    };
    let (c_file, c_title, c_year, c_type, c_region, c_public, c_themes, c_groups, c_projects) = (
        col("file")?,
        col("title")?,
        col("year")?,
        col("doc_type")?,
        col("region")?,
        col("public")?,
        col("themes")?,
        col("target_groups")?,
        col("projects")?,
    );
    let list = |s: &str| -> Vec<String> {
        s.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut reports = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        let file = record[c_file].to_string();
        let path = dir.join(&file);
        let extracted = husk_search::extract(&path, &file)
            .with_context(|| format!("could not extract {}", path.display()))?;
        let passages = husk_search::split(&extracted);
        if passages.is_empty() {
            bail!("{file} gave no passages");
        }
        let meta = DocumentMeta {
            doc_id: i as u64 + 1,
            title: record[c_title].to_string(),
            doc_type: record[c_type].to_string(),
            year: record[c_year].trim().parse().ok(),
            regions: list(&record[c_region]),
            themes: list(&record[c_themes]),
            target_groups: list(&record[c_groups]),
            public: record[c_public].trim() == "true",
            project_ids: list(&record[c_projects]),
        };
        reports.push(RealReport {
            file,
            meta,
            passages,
        });
    }
    if reports.is_empty() {
        bail!("{} lists no reports", sources.display());
    }
    Ok(reports)
}

/// The corpus the engines index.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The documents in index order: the real reports at random places among the synthetic
    /// ones.
    pub docs: Vec<Doc>,
    /// Passages taken from the real reports.
    pub real_passages: usize,
    /// Total passages.
    pub total_passages: usize,
    by_doc_id: HashMap<u64, usize>,
}

impl Corpus {
    /// A corpus of `total` passages: the real passages (at most `real_cap` of them, taken
    /// from the start of every report, as evenly as the reports' lengths allow), then
    /// recombined ones. The recombined passages take no sentence from the passages in
    /// `held_back` (the judged passages of the relevance set): a copy of a judged sentence in
    /// an unjudged passage would count against every engine that finds it.
    pub fn build(
        reports: &[RealReport],
        total: usize,
        real_cap: Option<usize>,
        held_back: &HashSet<(String, u32)>,
    ) -> Result<Corpus> {
        let all_real: usize = reports.iter().map(|r| r.passages.len()).sum();
        let real_wanted = real_cap.unwrap_or(all_real).min(all_real).min(total);
        if real_wanted == 0 {
            bail!("the corpus needs at least one real passage");
        }
        // Water-filling: the shortest reports first, each taking at most an even share of
        // what is left.
        let mut order: Vec<usize> = (0..reports.len()).collect();
        order.sort_by_key(|i| reports[*i].passages.len());
        let mut shares = vec![0usize; reports.len()];
        let mut left = real_wanted;
        for (k, i) in order.iter().enumerate() {
            let share = left
                .div_ceil(reports.len() - k)
                .min(reports[*i].passages.len());
            shares[*i] = share;
            left -= share;
        }
        let mut docs = Vec::new();
        let mut next = 0usize;
        for (report, share) in reports.iter().zip(shares) {
            if share == 0 {
                continue;
            }
            docs.push(Doc {
                meta: report.meta.clone(),
                first: next,
                passages: report.passages[..share].to_vec(),
                source: Some(report.file.clone()),
            });
            next += share;
        }
        let real_passages = next;

        let synthetic = total.saturating_sub(real_passages);
        let mut rng = XorShift::new(SEED);
        if synthetic > 0 {
            let generator = Generator::new(reports, held_back);
            let mut real_docs = std::mem::take(&mut docs);
            let mut made = 0usize;
            while made < synthetic {
                let count = PASSAGES_PER_SYNTHETIC_DOC.min(synthetic - made);
                docs.push(generator.document(&mut rng, count));
                made += count;
            }
            // The real reports go in at random places, so that no engine's tie-breaking (by
            // row, document id or insertion order) favours them.
            for doc in real_docs.drain(..) {
                let at = rng.below(docs.len() + 1);
                docs.insert(at, doc);
            }
        }
        // Document ids and global passage ids follow the final order.
        let mut next = 0usize;
        for (i, doc) in docs.iter_mut().enumerate() {
            doc.meta.doc_id = FIRST_DOC_ID + i as u64;
            doc.first = next;
            next += doc.passages.len();
        }
        let by_doc_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.meta.doc_id, i))
            .collect();
        Ok(Corpus {
            docs,
            real_passages,
            total_passages: next,
            by_doc_id,
        })
    }

    /// The global id of passage `ordinal` of document `doc_id`.
    pub fn global_id(&self, doc_id: u64, ordinal: u64) -> Option<usize> {
        let doc = &self.docs[*self.by_doc_id.get(&doc_id)?];
        let ordinal = usize::try_from(ordinal).ok()?;
        (ordinal < doc.passages.len()).then_some(doc.first + ordinal)
    }

    /// Every passage with its global id and document, in global id order.
    pub fn passages(&self) -> impl Iterator<Item = (usize, &Doc, &Passage)> {
        self.docs.iter().flat_map(|d| {
            d.passages
                .iter()
                .enumerate()
                .map(move |(i, p)| (d.first + i, d, p))
        })
    }

    /// The global id of a real passage, if the corpus kept it.
    pub fn real_global_id(&self, file: &str, ordinal: u32) -> Option<usize> {
        let doc = self
            .docs
            .iter()
            .find(|d| d.source.as_deref() == Some(file))?;
        let ordinal = ordinal as usize;
        (ordinal < doc.passages.len()).then_some(doc.first + ordinal)
    }

    /// Total characters of text (title, heading and body) the engines index.
    pub fn text_bytes(&self) -> usize {
        self.passages()
            .map(|(_, d, p)| {
                d.meta.title.len() + p.heading.as_ref().map_or(0, String::len) + p.text.len()
            })
            .sum()
    }
}

/// A sentence of the real text, with the heading of the passage it came from.
struct Sentence<'a> {
    text: &'a str,
    words: usize,
    heading: Option<&'a str>,
}

/// Makes synthetic passages from runs of consecutive real sentences.
struct Generator<'a> {
    /// Sentences of each real passage (passages without sentences left out).
    passages: Vec<Vec<Sentence<'a>>>,
    /// Word counts of the real passages, to copy their length distribution.
    lengths: Vec<usize>,
}

const DOC_TYPES: &[(&str, &str)] = &[
    ("rapport", "Rapport"),
    ("fou-rapport", "FoU-rapport"),
    ("evaluering", "Evaluering"),
    ("veileder", "Veileder"),
    ("plan", "Plan"),
    ("notat", "Notat"),
    ("sluttrapport", "Sluttrapport"),
];
const REGIONS: &[&str] = &[
    "ost",
    "vest",
    "sor",
    "midt",
    "bodo",
    "hammerfest",
    "nasjonal",
];
const REGION_NAMES: &[&str] = &[
    "Region øst",
    "Region vest",
    "Region sør",
    "Region Midt-Norge",
    "Region Bodø",
    "Region Hammerfest",
    "Nasjonalt",
];
const THEMES: &[&str] = &[
    "utvikling-innovasjon",
    "kompetanseheving",
    "brukermedvirkning",
    "nettverk-arenaer",
    "virkemiddelbruk",
    "planlegging-strategi",
    "organisering-samhandling",
    "samarbeid-sektorer",
    "fremskaffelse-forvaltning",
    "tildeling-bosetting",
    "bomiljo-omradeloft",
    "brukerrelaterte-metoder",
];
const TARGET_GROUPS: &[&str] = &[
    "okonomisk-vanskeligstilt",
    "nedsatt-funksjonsevne",
    "rusproblem",
    "psykisk-lidelse",
    "bostedslos",
    "eldre-demens",
    "utenfor-arbeid-utdanning",
    "innvandrer-flyktning",
    "innsatt",
    "barnefamilier",
    "unge",
];

impl<'a> Generator<'a> {
    fn new(reports: &'a [RealReport], held_back: &HashSet<(String, u32)>) -> Self {
        let mut passages = Vec::new();
        let mut lengths = Vec::new();
        for report in reports {
            for passage in &report.passages {
                lengths.push(passage.text.split_whitespace().count().clamp(30, 250));
                if held_back.contains(&(report.file.clone(), passage.ordinal)) {
                    continue;
                }
                let heading = passage.heading.as_deref();
                let sentences: Vec<Sentence<'a>> = split_sentences(&passage.text)
                    .into_iter()
                    .map(|text| Sentence {
                        text,
                        words: text.split_whitespace().count(),
                        heading,
                    })
                    .filter(|s| s.words >= 3)
                    .collect();
                if !sentences.is_empty() {
                    passages.push(sentences);
                }
            }
        }
        Generator { passages, lengths }
    }

    /// A document of `count` passages (its id and first global id are set later).
    fn document(&self, rng: &mut XorShift, count: usize) -> Doc {
        let (doc_type, label) = *rng.pick(DOC_TYPES);
        let year = 2005 + rng.below(20) as i32;
        let mut regions = vec![rng.pick(REGIONS).to_string()];
        // A neutral title: a title made of topical words (or years) would lift all fifty
        // passages of the document for queries with those words, whatever their text.
        let title = format!(
            "{label}, {}",
            REGION_NAMES[REGIONS.iter().position(|r| *r == regions[0]).unwrap_or(0)]
        );
        if rng.chance(15) {
            regions.push(rng.pick(REGIONS).to_string());
        }
        let theme_count = 1 + rng.below(3);
        let themes = distinct(rng, THEMES, theme_count);
        let group_count = rng.below(3);
        let target_groups = distinct(rng, TARGET_GROUPS, group_count);
        let meta = DocumentMeta {
            doc_id: 0,
            title,
            doc_type: doc_type.to_string(),
            year: Some(year),
            regions: {
                regions.dedup();
                regions
            },
            themes,
            target_groups,
            public: rng.chance(85),
            project_ids: Vec::new(),
        };
        let mut passages = Vec::with_capacity(count);
        let mut char_start = 0u64;
        for ordinal in 0..count {
            let (heading, text) = self.passage(rng);
            let chars = text.chars().count() as u64;
            passages.push(Passage {
                ordinal: ordinal as u32,
                heading,
                text,
                char_start,
            });
            char_start += chars + 2;
        }
        Doc {
            meta,
            passages,
            first: 0,
            source: None,
        }
    }

    /// A passage as long as a randomly chosen real one, made of runs of one to four
    /// consecutive sentences from random real passages.
    fn passage(&self, rng: &mut XorShift) -> (Option<String>, String) {
        let target = *rng.pick(&self.lengths);
        let mut text = String::new();
        let mut words = 0;
        let mut heading = None;
        while words < target {
            let source = rng.pick(&self.passages);
            let start = rng.below(source.len());
            let run = 1 + rng.below(4);
            for sentence in source.iter().skip(start).take(run) {
                if heading.is_none() {
                    heading = Some(sentence.heading.map(str::to_string));
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(sentence.text);
                words += sentence.words;
                if words >= target {
                    break;
                }
            }
        }
        (heading.flatten(), text)
    }
}

fn distinct(rng: &mut XorShift, from: &[&str], n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n.min(from.len()) {
        let v = rng.pick(from);
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// Splits text into sentences at ".", "!" or "?" followed by whitespace and an uppercase
/// letter, digit or opening quote (abbreviations are not special-cased: a wrong split only
/// makes a slightly odd synthetic sentence).
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + c.len_utf8();
        let rest = &text[end..];
        let mut after = rest.chars();
        let (Some(space), Some(next)) = (after.next(), after.next()) else {
            continue;
        };
        if space.is_whitespace()
            && (next.is_uppercase() || next.is_ascii_digit() || matches!(next, '«' | '"' | '“'))
        {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
            chars.next();
        }
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

/// Prints every real passage with its ordinal and heading (to write relevance judgements).
pub fn dump(reports: &[RealReport], out: &mut dyn std::io::Write) -> Result<()> {
    for report in reports {
        writeln!(
            out,
            "##### {} (doc {}, {} passages): {}",
            report.file,
            report.meta.doc_id,
            report.passages.len(),
            report.meta.title
        )?;
        for p in &report.passages {
            writeln!(
                out,
                "--- [{}] {} | {}",
                p.ordinal,
                p.heading.as_deref().unwrap_or(""),
                p.text
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_sentence_ends() {
        assert_eq!(
            split_sentences("Dette er én. Og to! 3 er tre? slutt. «Sitat» her"),
            vec!["Dette er én.", "Og to!", "3 er tre? slutt.", "«Sitat» her"]
        );
    }

    #[test]
    fn xorshift_is_deterministic() {
        let mut a = XorShift::new(7);
        let mut b = XorShift::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert!((0..1000).all(|_| a.below(10) < 10));
    }
}
