//! The relevance set (`relevance.toml`): queries, and the real passages that should come first,
//! named by a distinctive piece of their text and resolved to passages at run time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::corpus::{Corpus, RealReport};

/// Where the relevance set lives.
pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("relevance.toml")
}

/// The text of every query in the judgements file, in its order: the searches people make.
pub fn query_texts(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let file: File = toml::from_str(&text).with_context(|| format!("{}", path.display()))?;
    Ok(file.query.into_iter().map(|q| q.text).collect())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    query: Vec<RawQuery>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuery {
    text: String,
    #[serde(default)]
    judged: Vec<RawJudgement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJudgement {
    file: String,
    marker: String,
    grade: u8,
}

/// A judged passage of the real reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The report's file name.
    pub file: String,
    /// The passage's ordinal in the report.
    pub ordinal: u32,
    /// 2: the answer; 1: relevant.
    pub grade: u8,
    /// The marker it was found by.
    pub marker: String,
}

/// A query of the set.
#[derive(Debug, Clone)]
pub struct Query {
    /// What the user types.
    pub text: String,
    /// The passages that should come first (empty: used for latency only).
    pub judged: Vec<Judgement>,
}

/// Collapses runs of whitespace to one space.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the relevance set and resolves every marker against the real reports. Fails, naming
/// the query and marker, when a marker matches no passage or more than one, when a file prefix
/// names no report or several, or when a query is judged twice for the same passage.
pub fn load(path: &Path, reports: &[RealReport]) -> Result<Vec<Query>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the relevance set {}", path.display()))?;
    let file: File = toml::from_str(&text)
        .with_context(|| format!("{} is not a valid relevance set", path.display()))?;
    let texts: Vec<Vec<String>> = reports
        .iter()
        .map(|r| r.passages.iter().map(|p| normalise(&p.text)).collect())
        .collect();
    let mut queries = Vec::with_capacity(file.query.len());
    let mut errors = Vec::new();
    for raw in file.query {
        let mut judged: Vec<Judgement> = Vec::new();
        for j in raw.judged {
            let candidates: Vec<usize> = reports
                .iter()
                .enumerate()
                .filter(|(_, r)| r.file.starts_with(&j.file))
                .map(|(i, _)| i)
                .collect();
            let report = match candidates.as_slice() {
                [one] => *one,
                [] => {
                    errors.push(format!(
                        "query «{}»: file «{}» names no report in data/corpus",
                        raw.text, j.file
                    ));
                    continue;
                }
                _ => {
                    errors.push(format!(
                        "query «{}»: file «{}» names several reports",
                        raw.text, j.file
                    ));
                    continue;
                }
            };
            if !(1..=2).contains(&j.grade) {
                errors.push(format!(
                    "query «{}»: marker «{}» has grade {}, expected 1 or 2",
                    raw.text, j.marker, j.grade
                ));
                continue;
            }
            let marker = normalise(&j.marker);
            let hits: Vec<usize> = texts[report]
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(&marker))
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [one] => {
                    let ordinal = reports[report].passages[*one].ordinal;
                    if judged
                        .iter()
                        .any(|o| o.file == reports[report].file && o.ordinal == ordinal)
                    {
                        errors.push(format!(
                            "query «{}»: marker «{}» names a passage already judged",
                            raw.text, j.marker
                        ));
                        continue;
                    }
                    judged.push(Judgement {
                        file: reports[report].file.clone(),
                        ordinal,
                        grade: j.grade,
                        marker: j.marker,
                    });
                }
                [] => errors.push(format!(
                    "query «{}»: marker «{}» matches no passage of {}",
                    raw.text, j.marker, reports[report].file
                )),
                many => errors.push(format!(
                    "query «{}»: marker «{}» matches {} passages of {} (ordinals {:?}); make it \
                     more specific",
                    raw.text,
                    j.marker,
                    many.len(),
                    reports[report].file,
                    many
                )),
            }
        }
        queries.push(Query {
            text: raw.text,
            judged,
        });
    }
    if !errors.is_empty() {
        bail!(
            "the relevance set {} has {} problem(s):\n  {}",
            path.display(),
            errors.len(),
            errors.join("\n  ")
        );
    }
    Ok(queries)
}

/// Every judged passage of the set, as (file, ordinal).
pub fn judged_passages(queries: &[Query]) -> std::collections::HashSet<(String, u32)> {
    queries
        .iter()
        .flat_map(|q| q.judged.iter().map(|j| (j.file.clone(), j.ordinal)))
        .collect()
}

/// A query's judgements as global passage ids of a corpus (judged passages the corpus left out
/// are dropped).
pub fn judged_ids(query: &Query, corpus: &Corpus) -> HashMap<usize, u8> {
    query
        .judged
        .iter()
        .filter_map(|j| Some((corpus.real_global_id(&j.file, j.ordinal)?, j.grade)))
        .collect()
}

/// Gain of a grade: 2^grade − 1.
fn gain(grade: u8) -> f64 {
    f64::from((1u32 << grade) - 1)
}

/// nDCG@k of a ranking (global ids, best first) against graded judgements.
pub fn ndcg_at(ranking: &[usize], judged: &HashMap<usize, u8>, k: usize) -> f64 {
    let discount = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| judged.get(id).map_or(0.0, |g| gain(*g) * discount(i)))
        .fold(0.0, |a, b| a + b);
    let mut grades: Vec<u8> = judged.values().copied().collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| gain(*g) * discount(i))
        .fold(0.0, |a, b| a + b);
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// Recall@k: the share of judged passages in the first `k` results.
pub fn recall_at(ranking: &[usize], judged: &HashMap<usize, u8>, k: usize) -> f64 {
    if judged.is_empty() {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|id| judged.contains_key(id))
        .count();
    found as f64 / judged.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;

    #[test]
    fn every_marker_resolves_to_one_passage() {
        let reports = corpus::load_real_reports().unwrap();
        let queries = load(&default_path(), &reports).unwrap();
        assert!(queries.len() >= 50, "{} queries", queries.len());
        let judged = queries.iter().filter(|q| !q.judged.is_empty()).count();
        assert!(judged >= 20, "{judged} judged queries");
        let mut seen = std::collections::HashSet::new();
        for q in &queries {
            assert!(seen.insert(q.text.clone()), "query «{}» twice", q.text);
            assert!(!q.text.trim().is_empty());
        }
    }

    #[test]
    fn metrics() {
        let judged: HashMap<usize, u8> = [(1, 2), (2, 1)].into_iter().collect();
        assert!((ndcg_at(&[1, 2, 3], &judged, 10) - 1.0).abs() < 1e-9);
        assert!(ndcg_at(&[2, 1], &judged, 10) < 1.0);
        assert_eq!(ndcg_at(&[3, 4], &judged, 10), 0.0);
        assert_eq!(recall_at(&[3, 1], &judged, 10), 0.5);
        assert_eq!(recall_at(&[3, 1], &judged, 1), 0.0);
    }
}
