//! Pieces the document page and the project page share: similar work elsewhere, and the
//! classification suggestions the user accepts or rejects.

use super::views::{similar_views, SimilarView, SuggestionsView};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::pages::{may_read_document, readable_project};
use husk_search::similar::ItemKey;
use husk_store::Store;

/// How many similar items the pages show.
pub const SIMILAR_ON_PAGE: usize = 5;

/// Similar projects and documents for `key` that the viewer may read, other offices first.
pub(crate) async fn similar(
    store: &Store,
    auth: &Auth,
    key: &ItemKey,
) -> Result<Vec<SimilarView>, PageError> {
    let list = visible_similar(store, auth, key, SIMILAR_ON_PAGE).await?;
    Ok(similar_views(&list, store.taxonomy()))
}

/// The `limit` most similar items the viewer may read.
pub(crate) async fn visible_similar(
    store: &Store,
    auth: &Auth,
    key: &ItemKey,
    limit: usize,
) -> Result<Vec<husk_search::similar::Similar>, PageError> {
    if auth.viewer.reads_internal() {
        return Ok(store.similar(key, limit).await?);
    }
    let mut out = Vec::new();
    for s in store.similar(key, limit * 10).await? {
        let readable = match &s.key {
            ItemKey::Document(id) => may_read_document(store, auth, *id as i64).await?,
            ItemKey::Project(id) => readable_project(store, auth, id).await.is_ok(),
        };
        if readable {
            out.push(s);
            if out.len() == limit {
                break;
            }
        }
    }
    Ok(out)
}

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
