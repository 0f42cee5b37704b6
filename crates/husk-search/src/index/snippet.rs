//! Snippets: the best excerpt of a passage with the query's words marked.
//!
//! The excerpt is exactly the one tantivy's `SnippetGenerator` picks with the full Norwegian
//! analyser (windows of at most [`SNIPPET_CHARS`](super::SNIPPET_CHARS) bytes starting at a
//! token; the window whose marked tokens weigh most; the first of equals), but found without
//! stemming and decompounding every word of the passage, which made snippets a third of the cost
//! of a search.
//!
//! Only a word that contains the first (up to) four letters of a highlighted term can produce
//! that term: the analyser's stems are prefixes of the lowercased word (Snowball removes
//! suffixes; the "-alt"/"-elt" rules change only the last two letters of words of six letters or
//! more), and compound parts are pieces of the word or prefixes of them. Such candidate words
//! are analysed exactly; every other word only needs its offsets and whether it is a stop word.
//! Passages whose lowercase form does not keep every character's byte length (or that hold
//! combining marks, or a capital sigma, whose lowercase depends on the context) go through
//! tantivy's generator, so the result is the same for every text.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::Token;
use tantivy::Score;

use super::Snippet;

use crate::analysis::{
    self, for_each_word, is_stop_word, FxHasher, Lexicon, NorwegianTokenizer, MAX_WORD_CHARS,
    MIN_COMPOUND_CHARS,
};

/// Length of the piece of a term a candidate word must contain.
const KEY_CHARS: usize = 4;

/// Makes snippets for one query (it remembers how it analysed each candidate word, for this
/// query only).
pub(super) struct Highlighter {
    terms: BTreeMap<String, Score>,
    finders: Vec<memmem::Finder<'static>>,
    /// The highlighted terms that can be compound parts, with their keys.
    part_keys: Vec<(String, String)>,
    tokenizer: NorwegianTokenizer,
    tokens: Vec<Token>,
    /// The weights of the highlighted tokens of each candidate word seen so far, in token order.
    analysed: HashMap<String, Vec<Score>, BuildHasherDefault<FxHasher>>,
    fallback: SnippetGenerator,
    max_bytes: usize,
}

/// A chosen excerpt: its byte range in the text and the marked ranges inside it (relative to
/// the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Excerpt {
    pub fragment: Range<usize>,
    pub marked: Vec<Range<usize>>,
}

struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
    marked: Vec<Range<usize>>,
}

impl Fragment {
    fn new(start: usize) -> Fragment {
        Fragment {
            score: 0.0,
            start,
            stop: start,
            marked: Vec::new(),
        }
    }
}

/// Keeps the best fragment: the highest score, the first of equals.
fn keep_best(fragment: Fragment, best: &mut Option<Fragment>) {
    if fragment.score > 0.0 && best.as_ref().is_none_or(|b| fragment.score > b.score) {
        *best = Some(fragment);
    }
}

/// A word (a run of letters and digits, as [`for_each_word`] finds them in a text without
/// combining marks) that the analyser makes a token of: not a stop word, not overlong.
fn is_token(lower_word: &str) -> bool {
    !is_stop_word(lower_word)
        && (lower_word.len() <= MAX_WORD_CHARS || lower_word.chars().count() <= MAX_WORD_CHARS)
}

/// The start of the word that holds the character at `i`.
fn word_start(text: &str, i: usize) -> usize {
    let mut start = i;
    for (j, c) in text[..i].char_indices().rev() {
        if !c.is_alphanumeric() {
            break;
        }
        start = j;
    }
    start
}

/// The end of the word that starts at or holds `i`.
fn word_end(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(j, _)| i + j)
}

/// The start of the first word at or after `i`.
fn next_word_start(text: &str, i: usize) -> Option<usize> {
    text[i..]
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(j, _)| i + j)
}

/// The first token (in text order) that ends after byte `q`.
fn first_token_ending_after(text: &str, lower: &[u8], q: usize) -> Option<Range<usize>> {
    if q >= text.len() {
        return None;
    }
    let mut i = q;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    let holds_word = text[i..].chars().next().is_some_and(char::is_alphanumeric);
    let mut from = if holds_word {
        word_start(text, i)
    } else {
        next_word_start(text, i)?
    };
    loop {
        let to = word_end(text, from);
        if is_token(lower_word(lower, from..to)) {
            return Some(from..to);
        }
        from = next_word_start(text, to)?;
    }
}

/// The end of the last token that ends at or before `limit` and starts at or after `floor`.
fn last_token_end(text: &str, lower: &[u8], floor: usize, limit: usize) -> Option<usize> {
    let mut pos = limit;
    loop {
        // The previous word's end, then its start.
        let (end, c) = text[..pos]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())?;
        let to = end + c.len_utf8();
        let from = word_start(text, end);
        if from < floor {
            return None;
        }
        if is_token(lower_word(lower, from..to)) {
            return Some(to);
        }
        pos = from;
    }
}

impl Highlighter {
    /// A highlighter for these terms (stems, with weights), windows of at most `max_bytes`.
    pub fn new(
        terms: BTreeMap<String, Score>,
        lexicon: Arc<Lexicon>,
        field: tantivy::schema::Field,
        max_bytes: usize,
    ) -> Highlighter {
        let mut keys: Vec<String> = terms
            .keys()
            .map(|t| t.chars().take(KEY_CHARS).collect::<String>())
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        // A key that contains another is redundant.
        let all = keys.clone();
        keys.retain(|k| {
            !all.iter()
                .any(|other| other != k && k.contains(other.as_str()))
        });
        let fallback = SnippetGenerator::new(
            terms.clone(),
            analysis::nb_analyzer(lexicon.clone()),
            field,
            max_bytes,
        );
        let part_keys = terms
            .keys()
            .filter(|t| lexicon.is_part_stem(t))
            .map(|t| (t.chars().take(KEY_CHARS).collect(), t.clone()))
            .collect();
        Highlighter {
            part_keys,
            terms,
            finders: keys
                .iter()
                .map(|k| memmem::Finder::new(k.as_bytes()).into_owned())
                .collect(),
            tokenizer: NorwegianTokenizer::full(lexicon),
            tokens: Vec::new(),
            analysed: HashMap::default(),
            fallback,
            max_bytes,
        }
    }

    /// The weights of the highlighted tokens of a word (`lower`: the word lowercased, as the
    /// analyser normalises it), in token order.
    fn analyse(&mut self, word: &str, lower: &str) -> &[Score] {
        if !self.analysed.contains_key(word) {
            let chars = lower.chars().count();
            let weights = if is_stop_word(lower) || chars > MAX_WORD_CHARS {
                Vec::new()
            } else {
                let main = analysis::stem(lower);
                // Compound parts are stems of lexicon words; only decompound (the costly part)
                // when such a highlighted term, other than the word's own stem, can be in it.
                let parts_matter = chars >= MIN_COMPOUND_CHARS
                    && self
                        .part_keys
                        .iter()
                        .any(|(key, term)| *term != main && lower.contains(key.as_str()));
                if parts_matter {
                    self.tokens.clear();
                    self.tokenizer.tokenize_into(word, &mut self.tokens);
                    self.tokens
                        .iter()
                        .filter_map(|t| self.terms.get(&t.text.to_lowercase()).copied())
                        .collect()
                } else {
                    self.terms
                        .get(&main.to_lowercase())
                        .copied()
                        .into_iter()
                        .collect()
                }
            };
            self.analysed.insert(word.to_string(), weights);
        }
        &self.analysed[word]
    }

    /// The best excerpt of `text`, or `None` if no highlighted term is in it.
    pub fn excerpt(&mut self, text: &str) -> Option<Excerpt> {
        if self.finders.is_empty() {
            return None;
        }
        let Some(lower) = aligned_lowercase(text) else {
            return self.excerpt_by_tantivy(text);
        };
        // The candidate words: those holding a key.
        let mut words: Vec<Range<usize>> = Vec::new();
        for finder in &self.finders {
            for i in finder.find_iter(&lower) {
                let from = word_start(text, i);
                words.push(from..word_end(text, i));
            }
        }
        if words.is_empty() {
            return None;
        }
        words.sort_unstable_by_key(|w| w.start);
        words.dedup();
        let max = self.max_bytes;
        let mut matched: Vec<(Range<usize>, Score)> = Vec::new();
        for word in words {
            let weights = self.analyse(&text[word.clone()], lower_word(&lower, word.clone()));
            if weights.is_empty() {
                continue;
            }
            if word.len() > max {
                // A word longer than a window starts windows of its own; rare enough (it takes
                // four-byte letters) to leave to the word-by-word walk.
                return self.excerpt_word_by_word(text, &lower);
            }
            for weight in weights {
                matched.push((word.clone(), *weight));
            }
        }
        if matched.is_empty() {
            return None;
        }

        // The windows only depend on where tokens are, so jump from window to window: the next
        // one starts at the first token that does not fit in the current one.
        let mut best: Option<Fragment> = None;
        let mut fragment = Fragment::new(0);
        for (word, weight) in matched {
            while word.end - fragment.start > max {
                let next = first_token_ending_after(text, &lower, fragment.start + max)
                    .expect("the matched word is such a token");
                if next.len() > max || next.start <= fragment.start {
                    return self.excerpt_word_by_word(text, &lower);
                }
                keep_best(
                    std::mem::replace(&mut fragment, Fragment::new(next.start)),
                    &mut best,
                );
            }
            fragment.score += weight;
            fragment.marked.push(word);
        }
        keep_best(fragment, &mut best);
        let mut best = best?;
        // The best window ends with the last token before the next window's first one.
        let limit = first_token_ending_after(text, &lower, best.start + max)
            .map_or(text.len(), |next| next.start);
        best.stop = last_token_end(text, &lower, best.start, limit).unwrap_or(best.start);
        Some(Excerpt {
            fragment: best.start..best.stop,
            marked: best.marked,
        })
    }

    /// [`Highlighter::excerpt`] walking every word, as tantivy does.
    fn excerpt_word_by_word(&mut self, text: &str, lower: &[u8]) -> Option<Excerpt> {
        let max = self.max_bytes;
        let mut best: Option<Fragment> = None;
        let mut fragment = Fragment::new(0);
        let terms = &self.terms;
        let tokenizer = &self.tokenizer;
        let tokens = &mut self.tokens;
        for_each_word(text, |raw, from, to| {
            if !is_token(lower_word(lower, from..to)) {
                return;
            }
            tokens.clear();
            tokenizer.tokenize_into(raw, tokens);
            for token in tokens.iter() {
                if to - fragment.start > max {
                    keep_best(
                        std::mem::replace(&mut fragment, Fragment::new(from)),
                        &mut best,
                    );
                }
                fragment.stop = to;
                if let Some(&score) = terms.get(&token.text.to_lowercase()) {
                    fragment.score += score;
                    fragment.marked.push(from..to);
                }
            }
        });
        keep_best(fragment, &mut best);
        best.map(|f| Excerpt {
            fragment: f.start..f.stop,
            marked: f.marked,
        })
    }

    fn excerpt_by_tantivy(&self, text: &str) -> Option<Excerpt> {
        let snippet = self.fallback.snippet(text);
        if snippet.is_empty() {
            return None;
        }
        let fragment = snippet.fragment_range();
        Some(Excerpt {
            marked: snippet
                .highlighted()
                .iter()
                .map(|r| r.start + fragment.start..r.end + fragment.start)
                .collect(),
            fragment,
        })
    }
}

/// Finds the words of a text that matched a query through a prefix or typo tolerance, so their
/// stems can be highlighted too.
pub(super) struct Expander<'p> {
    prefixes: &'p [String],
    fuzzy_words: &'p [String],
    /// Pieces every such word contains: the prefix itself; a typo's first or last
    /// (n − 2) / 2 letters (a word one edit away from an n-letter word keeps the letters before
    /// the edit or those after it, and one of the two runs is at least that long).
    finders: Vec<memmem::Finder<'static>>,
    tokenizer: NorwegianTokenizer,
    tokens: Vec<Token>,
}

impl<'p> Expander<'p> {
    pub fn new(
        prefixes: &'p [String],
        fuzzy_words: &'p [String],
        lexicon: Arc<Lexicon>,
    ) -> Expander<'p> {
        let mut keys: Vec<String> = prefixes.to_vec();
        for word in fuzzy_words {
            let chars: Vec<char> = word.chars().collect();
            let h = (chars.len().saturating_sub(2) / 2).max(1);
            keys.push(chars[..h.min(chars.len())].iter().collect());
            keys.push(chars[chars.len().saturating_sub(h)..].iter().collect());
        }
        keys.retain(|k| !k.is_empty());
        keys.sort();
        keys.dedup();
        Expander {
            prefixes,
            fuzzy_words,
            finders: keys
                .iter()
                .map(|k| memmem::Finder::new(k.as_bytes()).into_owned())
                .collect(),
            tokenizer: NorwegianTokenizer::full(lexicon),
            tokens: Vec::new(),
        }
    }

    fn matches(&self, lower_word: &str) -> bool {
        self.prefixes
            .iter()
            .any(|p| lower_word.starts_with(p.as_str()))
            || self
                .fuzzy_words
                .iter()
                .any(|w| super::within_one_edit(lower_word, w))
    }

    /// Adds the whole-word stem (not compound parts; stop words and overlong words have none) of
    /// every matching word of `text` to `highlight`, at weight 0.5 unless already there.
    pub fn expand(&mut self, text: &str, highlight: &mut BTreeMap<String, Score>) {
        let words = match aligned_lowercase(text) {
            Some(lower) => self.matching_words_by_pieces(text, &lower),
            None => self.matching_words(text),
        };
        self.add_stems(text, words, highlight);
    }

    /// The matching words of `text` (`lower`: its aligned lowercase form), looking only at the
    /// words that contain a piece.
    fn matching_words_by_pieces(&self, text: &str, lower: &[u8]) -> Vec<Range<usize>> {
        let mut words: Vec<Range<usize>> = Vec::new();
        for finder in &self.finders {
            for i in finder.find_iter(lower) {
                let from = word_start(text, i);
                words.push(from..word_end(text, i));
            }
        }
        words.sort_unstable_by_key(|w| w.start);
        words.dedup();
        words.retain(|w| self.matches(lower_word(lower, w.clone())));
        words
    }

    /// The matching words of `text`, looking at every word.
    fn matching_words(&self, text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        for_each_word(text, |raw, from, to| {
            if self.matches(&raw.to_lowercase()) {
                words.push(from..to);
            }
        });
        words
    }

    fn add_stems(
        &mut self,
        text: &str,
        words: Vec<Range<usize>>,
        highlight: &mut BTreeMap<String, Score>,
    ) {
        for word in words {
            self.tokens.clear();
            self.tokenizer.tokenize_into(&text[word], &mut self.tokens);
            if let Some(token) = self.tokens.first() {
                highlight.entry(token.text.clone()).or_insert(0.5);
            }
        }
    }
}

/// `text` lowercased (as bytes), if every character keeps its byte length (so offsets carry
/// over), lowercasing each word alone gives the same as lowercasing the text (no capital sigma)
/// and the analyser would not compose anything (no combining marks).
fn aligned_lowercase(text: &str) -> Option<Vec<u8>> {
    let mut out = text.as_bytes().to_vec();
    out.make_ascii_lowercase();
    let mut i = 0;
    while i < out.len() {
        // Skip ASCII eight bytes at a time.
        if let Some(chunk) = out.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let b = out[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if b == 0xC3 {
            // Latin-1 letters: À–Þ (but not ×) lowercase to à–þ, 32 code points on.
            let next = out[i + 1];
            if (0x80..=0x9E).contains(&next) && next != 0x97 {
                out[i + 1] = next + 0x20;
            }
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        let len = c.len_utf8();
        if c == 'Σ' || ('\u{0300}'..='\u{036F}').contains(&c) {
            return None;
        }
        let mut lower = c.to_lowercase();
        let l = lower.next()?;
        if lower.next().is_some() || l.len_utf8() != len {
            return None;
        }
        l.encode_utf8(&mut out[i..i + len]);
        i += len;
    }
    Some(out)
}

/// The word `lower[range]` as text (its bounds are character boundaries of the text, and so of
/// its aligned lowercase form).
fn lower_word(lower: &[u8], range: Range<usize>) -> &str {
    std::str::from_utf8(&lower[range]).unwrap_or_default()
}

/// The excerpt as plain text with its marked words' ranges, with "…" where the passage goes
/// on. Overlapping marks are merged.
pub(super) fn excerpt_snippet(text: &str, excerpt: &Excerpt) -> Snippet {
    let mut marked = excerpt.marked.clone();
    marked.sort_by_key(|r| (r.start, r.end));
    marked.dedup();
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(marked.len());
    for range in marked {
        match merged.last_mut() {
            Some(last) if last.end > range.start => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let fragment = &excerpt.fragment;
    let mut out = String::with_capacity(fragment.len() + 6);
    if fragment.start > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(&text[fragment.clone()]);
    if fragment.end < text.len() {
        out.push('…');
    }
    let highlights = merged
        .into_iter()
        .map(|r| {
            let start = r.start.clamp(fragment.start, fragment.end);
            let end = r.end.clamp(start, fragment.end);
            start - fragment.start + shift..end - fragment.start + shift
        })
        .filter(|r| !r.is_empty())
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};

    fn field() -> tantivy::schema::Field {
        let mut schema = Schema::builder();
        schema.add_text_field("body", TEXT)
    }

    /// The old way: tantivy's generator with the full analyser, as HTML.
    fn by_tantivy(terms: &BTreeMap<String, Score>, text: &str, max: usize) -> Option<String> {
        let lexicon = Arc::new(Lexicon::builtin());
        let generator =
            SnippetGenerator::new(terms.clone(), analysis::nb_analyzer(lexicon), field(), max);
        let mut snippet = generator.snippet(text);
        if snippet.is_empty() {
            return None;
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        let range = snippet.fragment_range();
        Some(format!(
            "{}{}{}",
            if range.start > 0 { "…" } else { "" },
            snippet.to_html(),
            if range.end < text.len() { "…" } else { "" }
        ))
    }

    fn fast(terms: &BTreeMap<String, Score>, text: &str, max: usize) -> Option<String> {
        let lexicon = Arc::new(Lexicon::builtin());
        let mut h = Highlighter::new(terms.clone(), lexicon, field(), max);
        h.excerpt(text).map(|e| excerpt_html(text, &e))
    }

    /// The snippet as tantivy writes HTML, to compare with it.
    fn excerpt_html(text: &str, excerpt: &Excerpt) -> String {
        let mut html = String::new();
        for (piece, marked) in excerpt_snippet(text, excerpt).pieces() {
            if marked {
                html.push_str("<mark>");
            }
            escape_minimal(piece, &mut html);
            if marked {
                html.push_str("</mark>");
            }
        }
        html
    }

    /// What tantivy's snippets escape (`htmlescape::encode_minimal`).
    fn escape_minimal(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '"' => out.push_str("&quot;"),
                '&' => out.push_str("&amp;"),
                '\'' => out.push_str("&#x27;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }

    fn terms(words: &[&str]) -> BTreeMap<String, Score> {
        let lexicon = Arc::new(Lexicon::builtin());
        let mut map = BTreeMap::new();
        for (i, w) in words.iter().enumerate() {
            for a in analysis::analyze_words(w, &lexicon) {
                map.insert(a.stem, if i % 2 == 0 { 1.0 } else { 0.5 });
            }
        }
        map
    }

    const TEXTS: &[&str] = &[
        "Housing First er en modell der bostedsløse med rusavhengighet og psykiske lidelser får \
         en egen bolig uten krav om å være rusfrie først. Modellen kommer fra New York og er \
         tatt i bruk i flere norske kommuner. Kommunene har fått kompetansetilskudd og \
         Boligsosialt arbeid er styrket; BOLIGSOSIALE tiltak, «bostedsløshet» & <annet>.",
        "Leie til eie er en ordning der kommunen leier ut en bolig til en husstand som etter en \
         periode kan kjøpe boligen med startlån. Leietakeren sparer opp egenkapital. Generelt \
         er individuelt tilpassede løsninger viktige for de vanskeligstilte på boligmarkedet.",
        "Ærlig talt: ØKONOMISK rådgivning og gjeld – Tromsø kommune, Ås og Bodø. Det er 2012 \
         og kartleggingen av bostedsløse viser 6 259 bostedsløse; Σ er summen, og la\u{030A}n \
         er lån. İstanbul og ẞ.",
        "kort",
        "",
        "og i på det som er",
    ];

    #[test]
    fn excerpts_are_tantivys() {
        let queries: &[&[&str]] = &[
            &["bolig"],
            &["kommune", "tilskudd"],
            &["bostedsløshet", "kartlegging", "2012"],
            &["leie", "eie", "startlån"],
            &["generell", "individuell"],
            &["sosial", "boligsosialt"],
            &["lån", "ås", "økonomisk"],
            &["sum", "istanbul"],
            &["bo", "rus"],
            &["finnes", "ikke"],
        ];
        for words in queries {
            let terms = terms(words);
            for text in TEXTS {
                for max in [220, 60, 12] {
                    assert_eq!(
                        fast(&terms, text, max),
                        by_tantivy(&terms, text, max),
                        "{words:?} in {text:?}, {max} bytes"
                    );
                }
            }
        }
    }

    /// The paragraphs of a seed report, with the words of real queries.
    #[test]
    fn excerpts_of_real_reports_are_tantivys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
        let text = std::fs::read_to_string(
            dir.join("samarbeid-kommune-frivillige-organisasjoner-2008.txt"),
        )
        .unwrap();
        let texts: Vec<String> = text
            .split("\n\n")
            .map(|p| p.replace('\n', " "))
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(texts.len() > 100);
        for words in [
            &["frivillige", "organisasjoner", "driftsavtale"][..],
            &["kommunene", "boligsosialt", "arbeid"],
            &["samarbeid", "husbanken", "tilskudd", "2008"],
        ] {
            let terms = terms(words);
            let lexicon = Arc::new(Lexicon::builtin());
            let mut h = Highlighter::new(terms.clone(), lexicon, field(), 220);
            for text in &texts {
                let fast = h.excerpt(text).map(|e| excerpt_html(text, &e));
                assert_eq!(fast, by_tantivy(&terms, text, 220), "{words:?} in {text:?}");
            }
        }
    }

    /// The words found through their pieces are those a word-by-word walk finds.
    #[test]
    fn typo_and_prefix_words_are_all_found() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
        let text = std::fs::read_to_string(
            dir.join("moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt"),
        )
        .unwrap();
        let prefixes = ["bolig".to_string(), "kommun".to_string()];
        let fuzzy = [
            "bostedsløhet".to_string(),
            "prosjektleder".to_string(),
            "programkommunene".to_string(),
            "evaluerng".to_string(),
        ];
        let lexicon = Arc::new(Lexicon::builtin());
        for (prefixes, fuzzy) in [(&prefixes[..], &[][..]), (&[][..], &fuzzy[..])] {
            let expander = Expander::new(prefixes, fuzzy, lexicon.clone());
            for paragraph in text.split("\n\n") {
                let lower = aligned_lowercase(paragraph).unwrap();
                assert_eq!(
                    expander.matching_words_by_pieces(paragraph, &lower),
                    expander.matching_words(paragraph),
                    "{paragraph}"
                );
            }
        }
    }

    #[test]
    fn long_words_and_many_parts() {
        let text = format!(
            "{} boligsosialtkompetansetilskuddsordningen {} slutt bolig",
            "a".repeat(70),
            "æ".repeat(61)
        );
        let terms = terms(&["bolig", "tilskudd", "ordning"]);
        for max in [220, 30, 10] {
            assert_eq!(fast(&terms, &text, max), by_tantivy(&terms, &text, max));
        }
    }
}
