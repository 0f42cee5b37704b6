//! `husk-bench suggest`: precision and recall of theme and target-group suggestions on a
//! held-out part of the classified demo projects.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use husk_search::suggest::{evaluate, Evaluation};

use crate::corpus::data_dir;

/// A text and its labels, as `husk_search::suggest::evaluate` takes them.
pub type Example = (String, Vec<String>);

/// The classified demo projects: text and labels.
#[derive(Debug, Clone)]
pub struct Classified {
    /// Project id.
    pub id: String,
    /// Title, plus the description where there is one.
    pub text: String,
    /// Knowledge theme codes.
    pub themes: Vec<String>,
    /// Target group codes.
    pub target_groups: Vec<String>,
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn read(
    path: &Path,
    id: &str,
    text: &[&str],
    themes: &str,
    groups: &str,
) -> Result<Vec<Classified>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{} has no column {name}", path.display()))
    };
    let c_id = col(id)?;
    let c_text: Vec<usize> = text.iter().map(|t| col(t)).collect::<Result<_>>()?;
    let (c_themes, c_groups) = (col(themes)?, col(groups)?);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let text = c_text
            .iter()
            .map(|c| record[*c].trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(". ");
        out.push(Classified {
            id: record[c_id].to_string(),
            text,
            themes: list(&record[c_themes]),
            target_groups: list(&record[c_groups]),
        });
    }
    Ok(out)
}

/// The 57 projects of the post 78 review and the region øst programme entries, in file order.
pub fn load_classified() -> Result<(Vec<Classified>, usize, usize)> {
    let data = data_dir();
    let mapped = read(
        &data.join("reference/post78_mapped_projects.csv"),
        "id",
        &["title"],
        "themes_demo",
        "target_groups_demo",
    )?;
    let programmes = read(
        &data.join("demo/programmes.csv"),
        "id",
        &["title", "description"],
        "themes",
        "target_groups",
    )?;
    let (a, b) = (mapped.len(), programmes.len());
    let mut all = mapped;
    all.extend(programmes);
    Ok((all, a, b))
}

/// A baseline that knows no text: it suggests every label that at least `min_confidence` of
/// the training examples carry. Same split and counting as `husk_search::suggest::evaluate`.
pub fn prior_baseline(examples: &[Example], fold: usize, min_confidence: f32) -> Evaluation {
    let train: Vec<&Example> = examples
        .iter()
        .enumerate()
        .filter(|(i, _)| i % fold != 0)
        .map(|(_, e)| e)
        .collect();
    let test: Vec<&Example> = examples
        .iter()
        .enumerate()
        .filter(|(i, _)| i % fold == 0)
        .map(|(_, e)| e)
        .collect();
    let labelled = train.iter().filter(|(_, l)| !l.is_empty()).count().max(1);
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for (_, labels) in &train {
        for l in labels {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    let suggested: Vec<&str> = counts
        .iter()
        .filter(|(_, c)| **c as f32 / labelled as f32 >= min_confidence)
        .map(|(l, _)| *l)
        .collect();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (_, truth) in &test {
        tp += suggested
            .iter()
            .filter(|s| truth.iter().any(|t| t == *s))
            .count();
        fp += suggested
            .iter()
            .filter(|s| !truth.iter().any(|t| t == *s))
            .count();
        fn_ += truth
            .iter()
            .filter(|t| !suggested.contains(&t.as_str()))
            .count();
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

/// Evaluates theme and target-group suggestions and prints the table.
pub fn run_suggest(fold: usize, thresholds: &[f32], out: &mut dyn Write) -> Result<()> {
    let (all, mapped, programmes) = load_classified()?;
    writeln!(
        out,
        "Theme suggestions (husk_search::suggest, k nearest neighbours over TF-IDF)"
    )?;
    writeln!(
        out,
        "Classified demo projects: {} ({} in data/reference/post78_mapped_projects.csv, text = \
         title; {} in data/demo/programmes.csv, text = title + description)",
        all.len(),
        mapped,
        programmes
    )?;
    writeln!(
        out,
        "Held out: every example whose position is a multiple of {fold} (fold {fold}); the \
         rest trains. Precision and recall are micro-averaged over the held-out labels. Only \
         examples that have labels of the kind evaluated take part."
    )?;
    writeln!(
        out,
        "Baseline: suggest every label carried by at least min-confidence of the training \
         examples, whatever the text."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| {:<13} | {:>8} | {:>8} | {:>5} | {:>4} | {:>9} | {:>6} | {:>14} | {:>11} |",
        "labels",
        "examples",
        "min conf",
        "train",
        "test",
        "precision",
        "recall",
        "base precision",
        "base recall"
    )?;
    writeln!(
        out,
        "|{:-<15}|{:->10}|{:->10}|{:->7}|{:->6}|{:->11}|{:->8}|{:->16}|{:->13}|",
        "", "", "", "", "", "", "", "", ""
    )?;
    let kinds: [(&str, Vec<Example>); 2] = [
        (
            "themes",
            all.iter()
                .filter(|c| !c.themes.is_empty())
                .map(|c| (c.text.clone(), c.themes.clone()))
                .collect(),
        ),
        (
            "target groups",
            all.iter()
                .filter(|c| !c.target_groups.is_empty())
                .map(|c| (c.text.clone(), c.target_groups.clone()))
                .collect(),
        ),
    ];
    for (kind, examples) in &kinds {
        for &min in thresholds {
            let e = evaluate(examples, fold, min);
            let b = prior_baseline(examples, fold, min);
            writeln!(
                out,
                "| {:<13} | {:>8} | {:>8.2} | {:>5} | {:>4} | {:>9.3} | {:>6.3} | {:>14.3} | \
                 {:>11.3} |",
                kind,
                examples.len(),
                min,
                e.train,
                e.test,
                e.precision,
                e.recall,
                b.precision,
                b.recall
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classified_demo_data_loads() {
        let (all, mapped, programmes) = load_classified().unwrap();
        assert_eq!(all.len(), mapped + programmes);
        assert!(all.len() >= 60, "{}", all.len());
        assert!(all.iter().all(|c| !c.text.is_empty()));
        assert!(all.iter().filter(|c| !c.themes.is_empty()).count() >= 60);
    }

    #[test]
    fn suggest_runs() {
        let mut out = Vec::new();
        run_suggest(5, &[0.3], &mut out).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert!(printed.contains("| themes"), "{printed}");
        assert!(printed.contains("| target groups"), "{printed}");
    }
}
