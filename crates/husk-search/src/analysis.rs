//! The Norwegian analysers registered in tantivy.
//!
//! - [`NB`] (`"nb"`): words of letters and digits, Unicode lowercased (Æ→æ, æøå kept), bokmål stop
//!   words removed, Snowball Norwegian stems, and compound parts: a long word that splits into
//!   known words from a [`Lexicon`] is indexed as its own stem *and* the stems of its parts, all at
//!   the same position ("kompetansetilskudd" → `kompetansetilskudd`, `kompetans`, `tilskudd`), so
//!   "tilskudd" finds it and phrase queries on the whole word still work.
//! - [`NB_WORDS`] (`"nb_words"`): lowercased words without stemming, for typo-tolerant (fuzzy) and
//!   prefix queries and for type-ahead term suggestions.
//! - [`NB_PREFIX`] (`"nb_prefix"`): lowercased edge n-grams of every word ("bolig" → `b`, `bo`,
//!   `bol`, `boli`, `bolig`), for type-ahead search on titles.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

/// Name of the full Norwegian analyser (stems, stop words, compound parts).
pub const NB: &str = "nb";
/// Name of the unstemmed word analyser used for fuzzy and prefix matching and suggestions.
pub const NB_WORDS: &str = "nb_words";
/// Name of the edge n-gram analyser used for type-ahead on titles.
pub const NB_PREFIX: &str = "nb_prefix";

/// Words longer than this (in characters) are not indexed: they are almost always garbage
/// (URLs glued together, base64, broken PDF text).
pub(crate) const MAX_WORD_CHARS: usize = 60;
/// Decompounding is tried for words of at least this many letters.
pub(crate) const MIN_COMPOUND_CHARS: usize = 8;
/// Longest word we try to decompound.
const MAX_COMPOUND_CHARS: usize = 48;
/// Shortest compound part.
const MIN_PART_CHARS: usize = 3;
/// Most parts a compound may split into.
const MAX_PARTS: usize = 4;
/// Longest edge n-gram for [`NB_PREFIX`].
const MAX_EDGE_NGRAM: usize = 20;

/// Norwegian bokmål stop words (with a few nynorsk and spelling variants). They carry no meaning
/// for search and are dropped by [`NB`] and [`NB_WORDS`]; positions still count them, so the
/// phrase "leie til eie" keeps its gap.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "alle", "allerede", "alt", "andre", "at", "av", "bare", "begge", "ble", "blei", "bli", "blir",
    "blitt", "både", "båe", "da", "de", "dei", "deim", "deira", "deires", "dem", "den", "denne",
    "der", "dere", "deres", "det", "dette", "di", "din", "disse", "ditt", "du", "dykk", "dykkar",
    "då", "eg", "ein", "eit", "eitt", "eller", "elles", "en", "enn", "er", "et", "ett", "etter",
    "for", "fordi", "fra", "frå", "før", "ha", "hadde", "han", "hans", "har", "hennar", "henne",
    "hennes", "her", "hjå", "ho", "hoe", "honom", "hoss", "hossen", "hun", "hva", "hvem", "hver",
    "hvilke", "hvilken", "hvis", "hvor", "hvordan", "hvorfor", "i", "ikke", "ikkje", "ingen",
    "ingi", "inkje", "inn", "inni", "ja", "jeg", "kan", "kom", "korleis", "korso", "kun", "kunne",
    "kva", "kvar", "kvarhelst", "kven", "kvi", "kvifor", "man", "mange", "me", "med", "medan",
    "meg", "meget", "mellom", "men", "mens", "mi", "min", "mine", "mitt", "mot", "mykje", "må",
    "måtte", "ned", "no", "noe", "noen", "noka", "noko", "nokon", "nokor", "nokre", "nå", "når",
    "og", "også", "om", "opp", "oss", "over", "på", "samme", "seg", "selv", "si", "sia", "sidan",
    "siden", "sin", "sine", "sitt", "sjøl", "skal", "skulle", "slik", "so", "som", "somme", "somt",
    "så", "sånn", "til", "um", "upp", "ut", "uten", "var", "vart", "varte", "ved", "vere", "verte",
    "vi", "vil", "ville", "vore", "vors", "vort", "vår", "være", "vært", "å",
];

/// Frequent words of social housing work, written in their base form. A long word that splits
/// into these (with a linking -s- or -e- between) is also indexed as its parts. Compound heads
/// such as "bolig", "leie", "bosted" and frequent tails such as "tilskudd", "plan", "løs" matter
/// most; words that are also function words ("til", "over", "selv") are left out on purpose,
/// because they would split ordinary words ("tildeling" is not "til" + "deling").
#[rustfmt::skip]
pub const LEXICON_WORDS: &[&str] = &[
    // housing and property
    "bolig", "hus", "husstand", "hjem", "leilighet", "hybel", "bygg", "bygning", "eiendom", "tomt",
    "areal", "rom", "sokkel", "kjeller", "blokk", "rekkehus", "enebolig", "borett", "andel",
    "sameie", "lag", "felleskap", "fellesskap", "nabo", "nabolag", "bydel", "sted", "bosted",
    "adresse", "område", "strøk", "sentrum", "distrikt", "by", "bygd", "grend", "tun", "gård",
    "hage", "park", "plass", "bane", "vei", "gate",
    // renting and owning
    "leie", "utleie", "eie", "eier", "leier", "leietaker", "utleier", "kjøp", "kjøper", "salg",
    "selger", "eierskap", "kontrakt", "depositum", "garanti", "husleie", "marked", "pris", "verdi",
    "innskudd", "egenkapital", "kapital",
    // money and grants
    "lån", "startlån", "start", "tilskudd", "bostøtte", "støtte", "stønad", "ytelse", "trygd",
    "pensjon", "økonomi", "gjeld", "inntekt", "rente", "kreditt", "finansiering", "midler",
    "budsjett", "kostnad", "utgift", "regnskap", "gebyr", "refusjon", "bidrag", "sparing",
    // public sector and organisation
    "kompetanse", "kommune", "fylke", "stat", "region", "direktorat", "departement", "husbank",
    "bank", "kontor", "tjeneste", "etat", "sektor", "enhet", "avdeling", "ledelse", "leder",
    "ansatt", "rådgiver", "veileder", "koordinator", "saksbehandler", "saksbehandling", "sak",
    "vedtak", "søknad", "søker", "klage", "tildeling", "fordeling", "forvaltning", "politikk",
    "plan", "planlegging", "strategi", "handling", "tiltak", "innsats", "satsing", "program",
    "prosjekt", "utvikling", "samarbeid", "samordning", "koordinering", "avtale", "ordning",
    "system", "rutine", "praksis", "modell", "metode", "verktøy", "veiledning", "rådgivning",
    "råd", "nettverk", "forum", "team", "gruppe", "mål", "målgruppe", "organisasjon", "stiftelse",
    "selskap", "frivillig", "frivillighet", "ideell", "privat", "offentlig", "kommunal", "statlig",
    "lokal", "nasjonal", "regional",
    // knowledge work
    "kunnskap", "forskning", "evaluering", "kartlegging", "analyse", "rapport", "undersøkelse",
    "statistikk", "data", "digital", "dokumentasjon", "erfaring", "resultat", "effekt", "kvalitet",
    "standard", "opplæring", "kurs", "læring", "utdanning", "skole", "barnehage", "student", "fag",
    "faglig", "lov", "forskrift", "regel", "rett", "plikt", "rettighet", "veiviser", "håndbok",
    "indikator", "måling",
    // people and groups
    "barn", "familie", "ungdom", "unge", "eldre", "senior", "voksen", "kvinne", "mann", "person",
    "menneske", "beboer", "bruker", "pasient", "klient", "deltaker", "innbygger", "flyktning",
    "innvandrer", "asyl", "mottak", "enslig", "mindreårig", "forelder", "pensjonist",
    "arbeidsledig", "ledig", "student", "søsken",
    // welfare, health, needs
    "sosial", "velferd", "helse", "psykisk", "psykiatri", "rus", "misbruk", "avhengighet",
    "avhengig", "lidelse", "sykdom", "diagnose", "behandling", "omsorg", "pleie", "rehabilitering",
    "habilitering", "funksjon", "nedsettelse", "funksjonsnedsettelse", "hemming", "demens",
    "problem", "utfordring", "vold", "overgrep", "kriminalitet", "fengsel", "soning", "løslatelse",
    "institusjon", "sykehus", "vern", "ettervern", "barnevern", "hjelp", "bistand", "assistanse",
    "tilsyn", "trygghet", "sikkerhet", "risiko", "fattigdom", "utenforskap", "ensomhet",
    "integrering", "inkludering", "introduksjon", "bosetting", "kvalifisering", "deltakelse",
    "medvirkning", "mestring", "oppfølging", "booppfølging", "følge", "tilbud", "behov",
    "aktivitet", "arbeid", "jobb", "sysselsetting", "arbeidsliv", "liv", "hverdag", "fritid",
    "miljø", "nærmiljø", "bomiljø", "løft", "terskel", "lavterskel", "botrening", "trening",
    "tilpasning", "tilrettelegging", "utforming", "tilgjengelighet", "universell", "ombygging",
    "oppgradering", "vedlikehold", "rehabilitering", "fornyelse", "utbygging", "bygging",
    "innflytting", "flytting", "utkastelse", "fravikelse", "husløs", "hjemløs",
    // adjectives and parts that often close compounds
    "løs", "fri", "trygg", "vanskelig", "stilt", "utsatt", "varig", "midlertidig", "akutt",
    "krise", "nød", "lav", "høy", "ny", "egen", "felles", "sosialt", "grønn", "smart",
    // time and place words that head compounds
    "dag", "døgn", "natt", "senter", "sone", "prioritering", "ansvar", "eierskap", "bo", "botid",
    "botilbud", "boevne", "bokostnad", "boform", "boutgift", "boforhold", "bosituasjon",
    "situasjon", "forhold", "form", "evne", "tid",
    // nynorsk forms of frequent heads and tails
    "bustad", "leige", "utleige", "eige", "eigar", "heim", "laus", "busetjing", "tilskot",
    "oppfylging", "tenester", "teneste", "kommunal", "butilbod", "tilbod",
    // housing-first vocabulary
    "housing", "first", "hjemmebesøk", "besøk", "kontakt", "relasjon", "tillit",
];

/// Compound heads shorter than [`MIN_PART_CHARS`] that are still allowed as the first part
/// ("bo|støtte", "bo|oppfølging").
const SHORT_HEADS: &[&str] = &["bo"];

/// Endings that may follow a lexicon word at the end of a compound ("boligsosial|t",
/// "arbeidsledig|e", "bostedsløs|heten").
#[rustfmt::skip]
const INFLECTIONS: &[&str] = &[
    "hetene", "heten", "heter", "het", "ene", "ane", "ere", "est", "este", "ende", "ede", "en",
    "et", "er", "ar", "te", "de", "e", "a", "t", "s",
];

/// A fast hash for the short, trusted keys of the stop word set and the lexicon (rustc's "Fx"
/// hash: a rotate, a xor and a multiply per eight bytes). The standard SipHash is built to
/// resist flooding by chosen keys, which these sets, never grown from user input, do not need;
/// looking words up in them is much of the cost of analysing text.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(K);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// Longest stop word, in bytes.
const MAX_STOP_WORD_BYTES: usize = 9;

static STOP_SET: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Whether `word` (lowercased) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_BYTES && STOP_SET.contains(word)
}

/// Stems one lowercased word with the Snowball Norwegian stemmer, after two small rules for the
/// neuter of adjectives that Snowball leaves alone: "-alt" → "-al" ("sosialt", "kommunalt") and
/// "-elt" → "-ell" ("generelt", "individuelt"). Words with digits are left as they are.
///
/// Snowball already removes "-het/-heten/-hetene", so "bostedsløshet" and "bostedsløse" share
/// the stem "bostedsløs" without an extra rule.
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    let len = word.chars().count();
    let adjusted: std::borrow::Cow<'_, str> = if len >= 6 && word.ends_with("alt") {
        word[..word.len() - 1].into()
    } else if len >= 7 && word.ends_with("elt") {
        format!("{}ll", &word[..word.len() - 2]).into()
    } else {
        word.into()
    };
    let stemmer = frostem::Stemmer::new(frostem::Algorithm::Norwegian);
    stemmer.stem(&adjusted).into_owned()
}

/// The words a compound may split into.
///
/// A word belongs here if it is frequent standing alone; its stem is what a split part indexes.
#[derive(Debug, Clone)]
pub struct Lexicon {
    words: HashSet<String, FxBuild>,
    /// The stem of every word, mapped back to the word.
    stems: HashMap<String, String, FxBuild>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Lexicon {
    /// The built-in lexicon: [`LEXICON_WORDS`].
    pub fn builtin() -> Lexicon {
        Self::from_words(LEXICON_WORDS.iter().copied())
    }

    /// A lexicon of exactly these words (lowercased; stop words and words shorter than three
    /// letters other than "bo" are skipped).
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut lexicon = Lexicon {
            words: HashSet::default(),
            stems: HashMap::default(),
        };
        for word in words {
            lexicon.insert(word);
        }
        lexicon
    }

    /// The built-in lexicon plus every word that stands alone at least `min_count` times in
    /// `texts` (words of 4–20 letters, no digits, no stop words).
    ///
    /// An index must be searched with the lexicon it was built with: a changed lexicon changes
    /// which compound parts are indexed, so rebuild the index after changing it.
    pub fn from_corpus<'a>(texts: impl IntoIterator<Item = &'a str>, min_count: usize) -> Lexicon {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for text in texts {
            for_each_word(text, |word, _, _| {
                let lower = word.to_lowercase();
                let len = lower.chars().count();
                if (4..=20).contains(&len)
                    && lower.chars().all(char::is_alphabetic)
                    && !is_stop_word(&lower)
                {
                    *counts.entry(lower).or_default() += 1;
                }
            });
        }
        let mut lexicon = Self::builtin();
        for (word, count) in counts {
            if count >= min_count.max(1) {
                lexicon.insert(&word);
            }
        }
        lexicon
    }

    fn insert(&mut self, word: &str) {
        let word = word.trim().to_lowercase();
        let len = word.chars().count();
        if word.is_empty()
            || is_stop_word(&word)
            || (len < MIN_PART_CHARS && !SHORT_HEADS.contains(&word.as_str()))
        {
            return;
        }
        self.stems
            .entry(stem(&word))
            .or_insert_with(|| word.clone());
        self.words.insert(word);
    }

    /// Whether the lexicon holds `word` (lowercased).
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether `term` can be the token of a compound part: the stem of a lexicon word or of a
    /// short head.
    pub(crate) fn is_part_stem(&self, term: &str) -> bool {
        self.stems.contains_key(term) || SHORT_HEADS.iter().any(|h| stem(h) == term)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Splits a lowercased compound into lexicon words, or `None` if it is not a compound of
    /// known words. Linking -s- and -e- are allowed between parts ("bosteds|løshet",
    /// "barne|vern"), and the last part may be inflected ("boligsosial|t" → "sosial").
    /// The split with the fewest parts wins; among those, the longest first part.
    ///
    /// ```
    /// use husk_search::analysis::Lexicon;
    /// let lexicon = Lexicon::builtin();
    /// assert_eq!(lexicon.split("kompetansetilskudd").unwrap(), ["kompetanse", "tilskudd"]);
    /// assert_eq!(lexicon.split("bostedsløshet").unwrap(), ["bosted", "løs"]);
    /// assert!(lexicon.split("kommunene").is_none());
    /// ```
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        // Byte offsets of the characters, and the end.
        let mut bounds: Vec<usize> = Vec::with_capacity(word.len() + 1);
        for (i, c) in word.char_indices() {
            if !c.is_alphabetic() {
                return None;
            }
            bounds.push(i);
        }
        let chars = bounds.len();
        if !(MIN_COMPOUND_CHARS..=MAX_COMPOUND_CHARS).contains(&chars) {
            return None;
        }
        bounds.push(word.len());
        self.split_from(word, &bounds, 0, 0)
            .map(|parts| parts.into_iter().map(str::to_string).collect())
    }

    /// Splits `word[bounds[start]..]` (character `start` on) into at most `MAX_PARTS − depth`
    /// parts.
    fn split_from<'w>(
        &'w self,
        word: &'w str,
        bounds: &[usize],
        start: usize,
        depth: usize,
    ) -> Option<Vec<&'w str>> {
        let n = bounds.len() - 1;
        if depth > 0 {
            if let Some(base) = self.final_base(&word[bounds[start]..]) {
                return Some(vec![base]);
            }
        }
        if depth + 1 >= MAX_PARTS {
            return None;
        }
        let mut best: Option<Vec<&str>> = None;
        let min_head = if start == 0 { 2 } else { MIN_PART_CHARS };
        let mut end = n.saturating_sub(MIN_PART_CHARS);
        while end >= start + min_head {
            let head = &word[bounds[start]..bounds[end]];
            let head_ok = if end - start < MIN_PART_CHARS {
                start == 0 && SHORT_HEADS.contains(&head)
            } else {
                self.words.contains(head)
            };
            if head_ok {
                for link in ["", "s", "e"] {
                    let next = end + link.len();
                    if next + MIN_PART_CHARS > n {
                        continue;
                    }
                    if !link.is_empty() && &word[bounds[end]..bounds[end + 1]] != link {
                        continue;
                    }
                    if let Some(tail) = self.split_from(word, bounds, next, depth + 1) {
                        let better = match &best {
                            None => true,
                            Some(b) => tail.len() + 1 < b.len(),
                        };
                        if better {
                            let mut parts = Vec::with_capacity(tail.len() + 1);
                            parts.push(head);
                            parts.extend(tail);
                            best = Some(parts);
                        }
                    }
                }
            }
            end -= 1;
        }
        best
    }

    /// The lexicon word a compound's last part stands for, if any.
    fn final_base<'w>(&'w self, rest: &'w str) -> Option<&'w str> {
        let chars = rest.chars().count();
        if chars < MIN_PART_CHARS {
            return None;
        }
        if let Some(word) = self.words.get(rest) {
            return Some(word.as_str());
        }
        // Inflected last parts must be longer than three letters: "husbank|ens" is no compound
        // of "enslig" (whose stem is "ens").
        if chars <= MIN_PART_CHARS {
            return None;
        }
        if let Some(word) = self.stems.get(&stem(rest)) {
            return Some(word.as_str());
        }
        for ending in INFLECTIONS {
            if let Some(base) = rest.strip_suffix(ending) {
                if base.chars().count() >= MIN_PART_CHARS {
                    if let Some(word) = self.words.get(base) {
                        return Some(word.as_str());
                    }
                }
            }
        }
        None
    }
}

/// Calls `f(word, byte_start, byte_end)` for every run of letters and digits in `text`.
/// Marks that combine with letters (as in decomposed "å") stay inside the word.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(&text[s..i], s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        f(&text[s..], s, text.len());
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Lowercases a word with Unicode rules and composes the decomposed forms of å, ä, ö, é that
/// PDFs and Macs sometimes produce ("a" + ring above → "å").
pub(crate) fn normalize_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if !lower.chars().any(is_combining_mark) {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        let composed = match (out.chars().last(), c) {
            (Some('a'), '\u{030A}') => Some('å'),
            (Some('a'), '\u{0308}') => Some('ä'),
            (Some('o'), '\u{0308}') => Some('ö'),
            (Some('u'), '\u{0308}') => Some('ü'),
            (Some('e'), '\u{0301}') => Some('é'),
            (Some('e'), '\u{0300}') => Some('è'),
            (Some('o'), '\u{0301}') => Some('ó'),
            _ => None,
        };
        match composed {
            Some(composed) => {
                out.pop();
                out.push(composed);
            }
            None if is_combining_mark(c) => {}
            None => out.push(c),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Stems, stop words, compound parts.
    Full,
    /// Lowercased words, no stop words.
    Words,
    /// Lowercased edge n-grams of every word.
    EdgeNgrams,
}

/// The tokenizer behind all three analysers; see the module documentation.
#[derive(Clone)]
pub struct NorwegianTokenizer {
    mode: Mode,
    lexicon: Arc<Lexicon>,
    tokens: Vec<Token>,
}

impl NorwegianTokenizer {
    /// The full analyser's tokenizer ([`NB`]).
    pub fn full(lexicon: Arc<Lexicon>) -> Self {
        Self {
            mode: Mode::Full,
            lexicon,
            tokens: Vec::new(),
        }
    }

    /// The unstemmed word tokenizer ([`NB_WORDS`]).
    pub fn words() -> Self {
        Self {
            mode: Mode::Words,
            lexicon: Arc::new(Lexicon::from_words([])),
            tokens: Vec::new(),
        }
    }

    /// The edge n-gram tokenizer ([`NB_PREFIX`]).
    pub fn edge_ngrams() -> Self {
        Self {
            mode: Mode::EdgeNgrams,
            lexicon: Arc::new(Lexicon::from_words([])),
            tokens: Vec::new(),
        }
    }

    /// Appends the tokens of `text` to `out` (what the tantivy token stream yields).
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        let mut position = 0usize;
        for_each_word(text, |raw, from, to| {
            let word = normalize_word(raw);
            let len = word.chars().count();
            if len > MAX_WORD_CHARS {
                position += 1;
                return;
            }
            let push = |out: &mut Vec<Token>, text: String| {
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text,
                    position_length: 1,
                })
            };
            match self.mode {
                Mode::Full => {
                    if !is_stop_word(&word) {
                        let main = stem(&word);
                        let first = out.len();
                        push(out, main);
                        if len >= MIN_COMPOUND_CHARS {
                            if let Some(parts) = self.lexicon.split(&word) {
                                for part in parts {
                                    let part = stem(&part);
                                    if !out[first..].iter().any(|t| t.text == part) {
                                        push(out, part);
                                    }
                                }
                            }
                        }
                    }
                }
                Mode::Words => {
                    if !is_stop_word(&word) {
                        push(out, word);
                    }
                }
                Mode::EdgeNgrams => {
                    let mut prefix = String::with_capacity(word.len());
                    for c in word.chars().take(MAX_EDGE_NGRAM) {
                        prefix.push(c);
                        push(out, prefix.clone());
                    }
                }
            }
            position += 1;
        });
    }
}

impl Tokenizer for NorwegianTokenizer {
    type TokenStream<'a> = BufferedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        self.tokenize_into(text, &mut tokens);
        self.tokens = tokens;
        BufferedTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// A token stream over tokens computed up front (the tokenizer's buffer is reused).
pub struct BufferedTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for BufferedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.next.saturating_sub(1);
        &mut self.tokens[i]
    }
}

/// The [`NB`] analyser.
pub fn nb_analyzer(lexicon: Arc<Lexicon>) -> TextAnalyzer {
    TextAnalyzer::from(NorwegianTokenizer::full(lexicon))
}

/// The [`NB_WORDS`] analyser.
pub fn nb_words_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(NorwegianTokenizer::words())
}

/// The [`NB_PREFIX`] analyser.
pub fn nb_prefix_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(NorwegianTokenizer::edge_ngrams())
}

/// Registers [`NB`], [`NB_WORDS`] and [`NB_PREFIX`] with a tantivy tokenizer manager.
pub fn register(manager: &TokenizerManager, lexicon: Arc<Lexicon>) {
    manager.register(NB, nb_analyzer(lexicon));
    manager.register(NB_WORDS, nb_words_analyzer());
    manager.register(NB_PREFIX, nb_prefix_analyzer());
}

/// One analysed word: the stem and, for a compound, the stems of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedWord {
    /// Position in the analysed text, counting stop words.
    pub position: usize,
    /// The lowercased word as written.
    pub word: String,
    /// Its stem, the term the index holds.
    pub stem: String,
    /// Stems of its compound parts (empty if it is not a compound).
    pub parts: Vec<String>,
}

/// Analyses `text` with the full analyser and groups the tokens by word.
pub fn analyze_words(text: &str, lexicon: &Arc<Lexicon>) -> Vec<AnalyzedWord> {
    let tokenizer = NorwegianTokenizer::full(lexicon.clone());
    let mut tokens = Vec::new();
    tokenizer.tokenize_into(text, &mut tokens);
    let mut words: Vec<AnalyzedWord> = Vec::new();
    for token in tokens {
        match words.last_mut() {
            Some(last) if last.position == token.position => last.parts.push(token.text),
            _ => words.push(AnalyzedWord {
                position: token.position,
                word: normalize_word(&text[token.offset_from..token.offset_to]),
                stem: token.text,
                parts: Vec::new(),
            }),
        }
    }
    words
}

/// All terms the full analyser produces for `text`, in order (handy in tests and for debugging).
pub fn analyze(text: &str) -> Vec<String> {
    let lexicon = Arc::new(Lexicon::builtin());
    let tokenizer = NorwegianTokenizer::full(lexicon);
    let mut tokens = Vec::new();
    tokenizer.tokenize_into(text, &mut tokens);
    tokens.into_iter().map(|t| t.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text)
    }

    fn shares_term(a: &str, b: &str) -> bool {
        let a = terms(a);
        terms(b).iter().any(|t| a.contains(t))
    }

    #[test]
    fn bokmal_inflections_meet() {
        for group in [
            &["bolig", "boliger", "boligen", "boligene"][..],
            &["kommune", "kommunen", "kommunene"][..],
            &[
                "bostedsløs",
                "bostedsløse",
                "bostedsløshet",
                "bostedsløsheten",
            ][..],
            &["tilskudd", "tilskuddet", "tilskuddene"][..],
            &["oppfølging", "oppfølgingen"][..],
        ] {
            let first = terms(group[0]);
            for form in &group[1..] {
                assert_eq!(terms(form)[0], first[0], "{form} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn nynorsk_forms_meet() {
        assert_eq!(terms("bustad")[0], terms("bustadene")[0]);
        assert_eq!(terms("bustad")[0], terms("bustaden")[0]);
        assert_eq!(terms("bustad")[0], terms("bustadane")[0]);
        assert_eq!(terms("kommunane")[0], terms("kommunen")[0]);
        assert_eq!(terms("kommunar")[0], terms("kommune")[0]);
        assert_eq!(terms("oppfølginga")[0], terms("oppfølging")[0]);
        assert_eq!(terms("busetjinga")[0], terms("busetjing")[0]);
        // Nynorsk compounds split with the nynorsk lexicon words.
        assert!(terms("leigebustaden").contains(&stem("bustad")));
        assert!(terms("bustadsosialt").contains(&stem("sosial")));
        assert!(terms("heimlause").contains(&stem("laus")));
    }

    #[test]
    fn genitive_compounds_split_sensibly() {
        let t = terms("husbankens");
        assert_eq!(t[0], stem("husbank"));
        assert!(t.contains(&stem("bank")), "{t:?}");
        assert!(!t.contains(&"ens".to_string()), "{t:?}");
    }

    #[test]
    fn compound_parts_are_indexed() {
        assert!(terms("kompetansetilskudd").contains(&stem("tilskudd")));
        assert!(shares_term("bostedsløshet", "bostedsløse"));
        assert!(terms("Boligsosialt").contains(&stem("bolig")));
        assert!(terms("Boligsosialt").contains(&stem("sosial")));
        assert!(terms("utleieboligene").contains(&stem("bolig")));
        assert!(terms("bostøtte").contains(&stem("støtte")));
        assert!(terms("barnefamilier").contains(&stem("familie")));
    }

    #[test]
    fn compound_parts_share_the_position() {
        let lexicon = Arc::new(Lexicon::builtin());
        let tokenizer = NorwegianTokenizer::full(lexicon);
        let mut tokens = Vec::new();
        tokenizer.tokenize_into("nytt kompetansetilskudd i dag", &mut tokens);
        let positions: Vec<(String, usize)> = tokens
            .iter()
            .map(|t| (t.text.clone(), t.position))
            .collect();
        assert!(positions.contains(&("tilskudd".to_string(), 1)));
        assert!(positions.contains(&(stem("kompetansetilskudd"), 1)));
        assert_eq!(
            tokens.last().unwrap().position,
            3,
            "'i' is dropped but counted"
        );
    }

    #[test]
    fn ordinary_words_are_not_split() {
        let lexicon = Lexicon::builtin();
        for word in [
            "kommunene",
            "tildeling",
            "tilskuddet",
            "oppfølgingen",
            "prosjektene",
            "boligene",
        ] {
            assert_eq!(lexicon.split(word), None, "{word}");
        }
    }

    #[test]
    fn keeps_norwegian_letters() {
        let t = terms("Ærlig Øvre Ås");
        assert!(t.iter().any(|t| t.starts_with('æ')), "{t:?}");
        assert!(t.iter().any(|t| t.starts_with('ø')), "{t:?}");
        assert!(t.iter().any(|t| t.starts_with('å')), "{t:?}");
        assert!(
            !t.iter().any(|t| t.contains('a') && t.starts_with('a')),
            "{t:?}"
        );
    }

    #[test]
    fn decomposed_a_ring_is_composed() {
        assert_eq!(terms("la\u{030A}n"), terms("lån"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(terms("leie til eie"), vec![stem("leie"), stem("eie")]);
        assert!(terms("og i jeg det at en").is_empty());
    }

    #[test]
    fn corpus_lexicon_learns_words() {
        let texts = [
            "rusfeltet har mange brukere",
            "rusfeltet trenger folk",
            "rusfeltet",
        ];
        let lexicon = Lexicon::from_corpus(texts, 3);
        assert!(lexicon.contains("rusfeltet"));
        assert!(!lexicon.contains("trenger"));
        assert!(lexicon.len() > Lexicon::builtin().len());
    }

    #[test]
    fn edge_ngrams_and_words() {
        let mut analyzer = nb_prefix_analyzer();
        let mut stream = analyzer.token_stream("Bolig i Ås");
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        assert_eq!(out, ["b", "bo", "bol", "boli", "bolig", "i", "å", "ås"]);
        let mut analyzer = nb_words_analyzer();
        let mut stream = analyzer.token_stream("Boligene i Ås");
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        assert_eq!(out, ["boligene", "ås"]);
    }
}
