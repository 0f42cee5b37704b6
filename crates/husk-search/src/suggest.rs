//! Suggesting knowledge themes and target groups for a project or document that has none,
//! learned from the ones already classified: the labels of the most similar classified items,
//! weighted by how similar they are (k nearest neighbours over TF-IDF vectors).

use crate::vectors::{SparseVec, Terms, TfIdf};
use serde::Serialize;
use std::collections::HashMap;

/// A suggested label (theme or target group code) with a confidence from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub code: String,
    pub confidence: f32,
}

const NEIGHBOURS: usize = 7;
const MAX_CHARS: usize = 60_000;
/// Suggestions below this confidence are not shown.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.3;

/// A suggester trained on classified texts.
pub struct Suggester {
    terms: Terms,
    tfidf: TfIdf,
    examples: Vec<(SparseVec, Vec<String>)>,
}

impl Suggester {
    /// Trains on (text, labels) pairs; examples without labels are ignored.
    pub fn train<'a>(examples: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Suggester {
        let terms = Terms::default();
        let counted: Vec<(HashMap<String, u32>, Vec<String>)> = examples
            .into_iter()
            .filter(|(_, labels)| !labels.is_empty())
            .map(|(text, labels)| (terms.counts(text, MAX_CHARS), labels.to_vec()))
            .collect();
        let tfidf = TfIdf::fit(counted.iter().map(|(c, _)| c));
        let examples = counted
            .iter()
            .map(|(c, l)| (tfidf.vector(c), l.clone()))
            .collect();
        Suggester {
            terms,
            tfidf,
            examples,
        }
    }

    pub fn examples(&self) -> usize {
        self.examples.len()
    }

    /// Labels for `text` with their confidence, best first, those at or above `min_confidence`.
    pub fn suggest(&self, text: &str, min_confidence: f32) -> Vec<Suggestion> {
        let v = self.tfidf.vector(&self.terms.counts(text, MAX_CHARS));
        if v.is_empty() {
            return Vec::new();
        }
        let mut sims: Vec<(f32, &Vec<String>)> = self
            .examples
            .iter()
            .map(|(e, l)| (v.dot(e), l))
            .filter(|(s, _)| *s > 0.0)
            .collect();
        sims.sort_by(|a, b| b.0.total_cmp(&a.0));
        sims.truncate(NEIGHBOURS);
        let total: f32 = sims.iter().map(|(s, _)| s).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut votes: HashMap<&str, f32> = HashMap::new();
        for (s, labels) in &sims {
            for l in labels.iter() {
                *votes.entry(l.as_str()).or_insert(0.0) += s;
            }
        }
        let mut out: Vec<Suggestion> = votes
            .into_iter()
            .map(|(code, w)| Suggestion {
                code: code.to_string(),
                confidence: w / total,
            })
            .filter(|s| s.confidence >= min_confidence)
            .collect();
        out.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.code.cmp(&b.code))
        });
        out
    }
}

/// Precision and recall of suggestions on held-out examples (micro-averaged over labels).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    pub train: usize,
    pub test: usize,
    pub precision: f64,
    pub recall: f64,
}

/// Trains on every example whose index is not a multiple of `fold`, tests on the rest.
pub fn evaluate(
    examples: &[(String, Vec<String>)],
    fold: usize,
    min_confidence: f32,
) -> Evaluation {
    let (test, train): (Vec<_>, Vec<_>) = examples
        .iter()
        .enumerate()
        .partition(|(i, _)| i % fold == 0);
    let suggester = Suggester::train(train.iter().map(|(_, (t, l))| (t.as_str(), l.as_slice())));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (_, (text, truth)) in &test {
        let got: Vec<String> = suggester
            .suggest(text, min_confidence)
            .into_iter()
            .map(|s| s.code)
            .collect();
        tp += got.iter().filter(|g| truth.contains(g)).count();
        fp += got.iter().filter(|g| !truth.contains(g)).count();
        fn_ += truth.iter().filter(|t| !got.contains(t)).count();
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    Evaluation {
        train: train.len(),
        test: test.len(),
        precision: ratio(tp, fp),
        recall: ratio(tp, fn_),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggests_the_themes_of_similar_classified_work() {
        let data = [
            (
                "Leie til eie med startlån for familier",
                labels(&["tildeling-bosetting", "virkemiddelbruk"]),
            ),
            (
                "Fra leie til eie: startlån og boligtilskudd",
                labels(&["tildeling-bosetting", "virkemiddelbruk"]),
            ),
            (
                "Housing First: oppfølging i egen bolig for bostedsløse",
                labels(&["brukerrelaterte-metoder"]),
            ),
            (
                "Tett oppfølging i bolig for personer med rusproblemer",
                labels(&["brukerrelaterte-metoder"]),
            ),
            (
                "Videreutdanning i boligsosialt arbeid",
                labels(&["kompetanseheving"]),
            ),
        ];
        let s = Suggester::train(data.iter().map(|(t, l)| (*t, l.as_slice())));
        let got = s.suggest("Leie til eie i Skien", DEFAULT_MIN_CONFIDENCE);
        assert_eq!(
            got.first().map(|s| s.code.as_str()),
            Some("tildeling-bosetting"),
            "{got:?}"
        );
        assert!(got.iter().all(|g| g.code != "kompetanseheving"));
        let got = s.suggest("oppfølging av bostedsløse", DEFAULT_MIN_CONFIDENCE);
        assert_eq!(got[0].code, "brukerrelaterte-metoder");
        assert!(got[0].confidence > 0.5);
        assert!(s.suggest("", 0.0).is_empty());
    }

    #[test]
    fn evaluation_counts_hits_and_misses() {
        let data: Vec<(String, Vec<String>)> = (0..20)
            .map(|i| {
                if i % 2 == 0 {
                    (
                        format!("leie til eie startlån nummer {i}"),
                        labels(&["virkemiddelbruk"]),
                    )
                } else {
                    (
                        format!("oppfølging bostedsløse rus nummer {i}"),
                        labels(&["brukerrelaterte-metoder"]),
                    )
                }
            })
            .collect();
        let e = evaluate(&data, 5, DEFAULT_MIN_CONFIDENCE);
        assert_eq!((e.train, e.test), (16, 4));
        assert!(e.precision > 0.9 && e.recall > 0.9, "{e:?}");
    }
}
