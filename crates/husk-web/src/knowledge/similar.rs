//! Pieces the document page and the project page share: how much similar work they show
//! (the store gives only what the viewer may read: `EntryReader::similar`,
//! `DocumentReader::similar`), and the classification suggestions the user accepts or
//! rejects.

use super::views::SuggestionsView;
use crate::error::PageError;
use husk_store::Store;

/// How many similar items the pages show.
pub const SIMILAR_ON_PAGE: usize = 5;

/// Suggestions for what is missing: themes when `want_themes`, target groups when
/// `want_target_groups`. `None` when nothing is missing.
pub(crate) async fn suggestions(
    store: &Store,
    action: String,
    text: &str,
    want_themes: bool,
    want_target_groups: bool,
) -> Result<Option<SuggestionsView>, PageError> {
    if !want_themes && !want_target_groups {
        return Ok(None);
    }
    let (themes, groups) = store.suggest_classification(text).await?;
    Ok(Some(SuggestionsView::new(
        action,
        store.taxonomy(),
        want_themes.then_some(themes.as_slice()),
        want_target_groups.then_some(groups.as_slice()),
    )))
}

/// The values of `key` in a posted form, trimmed, without empty values and duplicates.
pub(crate) fn accepted(pairs: &[(String, String)], key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (k, v) in pairs {
        let v = v.trim();
        if k == key && !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// `existing` followed by the accepted codes it does not have yet.
pub(crate) fn merged(existing: &[String], accepted: &[String]) -> Vec<String> {
    let mut out = existing.to_vec();
    for a in accepted {
        if !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_codes_are_merged_without_duplicates() {
        let pairs: Vec<(String, String)> = [
            ("themes", "a"),
            ("themes", " b "),
            ("x", "c"),
            ("themes", "a"),
            ("themes", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let got = accepted(&pairs, "themes");
        assert_eq!(got, vec!["a", "b"]);
        assert_eq!(
            merged(&["b".to_string(), "z".to_string()], &got),
            vec!["b", "z", "a"]
        );
    }
}
