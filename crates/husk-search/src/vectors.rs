//! Sparse TF-IDF vectors over the Norwegian analyser's terms, shared by "similar work" and theme
//! suggestions.

use crate::analysis::{Lexicon, NorwegianTokenizer};
use std::collections::HashMap;
use std::sync::Arc;

/// Turns text into analysed terms (stems and compound parts, stop words removed).
pub struct Terms {
    tokenizer: NorwegianTokenizer,
}

impl Default for Terms {
    fn default() -> Self {
        Terms::new(Arc::new(Lexicon::builtin()))
    }
}

impl Terms {
    pub fn new(lexicon: Arc<Lexicon>) -> Terms {
        Terms {
            tokenizer: NorwegianTokenizer::full(lexicon),
        }
    }
    /// Term frequencies of `text`, reading at most `max_chars` characters of it.
    pub fn counts(&self, text: &str, max_chars: usize) -> HashMap<String, u32> {
        let end = text
            .char_indices()
            .nth(max_chars)
            .map(|(i, _)| i)
            .unwrap_or(text.len());
        let mut tokens = Vec::new();
        self.tokenizer.tokenize_into(&text[..end], &mut tokens);
        let mut counts = HashMap::new();
        for t in tokens {
            if t.text.chars().count() >= 2 && !t.text.chars().all(|c| c.is_ascii_digit()) {
                *counts.entry(t.text).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// A unit-length sparse vector, sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].0.cmp(&other.0[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.0[i].1 * other.0[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A vocabulary with inverse document frequencies, fitted on a set of texts.
#[derive(Debug, Clone, Default)]
pub struct TfIdf {
    ids: HashMap<String, u32>,
    idf: Vec<f32>,
}

impl TfIdf {
    /// Fits the vocabulary on term counts of many texts.
    pub fn fit<'a>(docs: impl IntoIterator<Item = &'a HashMap<String, u32>>) -> TfIdf {
        let mut df: HashMap<&str, u32> = HashMap::new();
        let mut n = 0u32;
        for d in docs {
            n += 1;
            for term in d.keys() {
                *df.entry(term.as_str()).or_insert(0) += 1;
            }
        }
        let mut terms: Vec<(&str, u32)> = df.into_iter().collect();
        terms.sort();
        let mut ids = HashMap::with_capacity(terms.len());
        let mut idf = Vec::with_capacity(terms.len());
        for (i, (term, df)) in terms.into_iter().enumerate() {
            ids.insert(term.to_string(), i as u32);
            idf.push(((1.0 + n as f32) / (1.0 + df as f32)).ln() + 1.0);
        }
        TfIdf { ids, idf }
    }

    /// The number of terms in the vocabulary; term ids are below it.
    pub fn len(&self) -> usize {
        self.idf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.idf.is_empty()
    }

    /// The unit-length vector of term counts; terms outside the vocabulary are ignored.
    pub fn vector(&self, counts: &HashMap<String, u32>) -> SparseVec {
        Self::weigh(
            counts
                .iter()
                .filter_map(|(t, c)| self.ids.get(t).map(|&id| (id, *c, self.idf[id as usize]))),
        )
    }

    /// The unit-length vector of (term id, count, the term's idf).
    pub(crate) fn weigh(terms: impl Iterator<Item = (u32, u32, f32)>) -> SparseVec {
        let mut v: Vec<(u32, f32)> = terms
            .map(|(id, c, idf)| (id, (1.0 + (c as f32).ln()) * idf))
            .collect();
        v.sort_by_key(|(id, _)| *id);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        SparseVec(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_have_higher_cosine_than_unrelated_ones() {
        let terms = Terms::default();
        let a = terms.counts(
            "Housing First gir bostedsløse med rusproblemer egen bolig og oppfølging",
            10_000,
        );
        let b = terms.counts(
            "Oppfølging i egen bolig for bostedsløse rusmisbrukere etter Housing First-modellen",
            10_000,
        );
        let c = terms.counts(
            "Startlån og leie til eie for barnefamilier med lav inntekt",
            10_000,
        );
        let model = TfIdf::fit([&a, &b, &c]);
        let (va, vb, vc) = (model.vector(&a), model.vector(&b), model.vector(&c));
        assert!(va.dot(&vb) > 0.3, "{}", va.dot(&vb));
        assert!(
            va.dot(&vb) > 3.0 * va.dot(&vc),
            "{} vs {}",
            va.dot(&vb),
            va.dot(&vc)
        );
        assert!((va.dot(&va) - 1.0).abs() < 1e-4);
    }
}
