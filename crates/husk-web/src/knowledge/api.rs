//! The knowledge base in the JSON API: search, type-ahead, documents and similar work.
//!
//! Internal documents are searched and listed only for staff (admins, advisers, readers); each
//! result says whether it is public.

use super::search_filters::SearchFilters;
use super::views::{document_href, passage_href};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::paging::{ApiPage, Paging};
use crate::portfolio::views::project_href;
use crate::query::param;
use crate::shared::api::{found, no_project};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_search::similar::{ItemKey, Similar};
use husk_search::{Correction, DocumentHits, Facets};
use husk_store::{Store, StoredDocument, StoredPassage};
use serde::Serialize;

/// Documents a search returns when `limit` is not given.
const DEFAULT_SEARCH_LIMIT: usize = 10;
const DEFAULT_SIMILAR_LIMIT: usize = 5;
const MAX_SIMILAR_LIMIT: usize = 50;
const DEFAULT_SUGGEST_LIMIT: usize = 8;
const MAX_SUGGEST_LIMIT: usize = 20;

/// `limit` as a whole number from 1 to `max`, or `default`.
fn limit_param(query: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match param(query, "limit") {
        None => Ok(default),
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(
                "limit",
                format!("«{raw}» kan ikke brukes som antall. Skriv et helt tall fra 1 til {max}."),
            )),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

/// One passage in the flat hit list.
#[derive(Serialize)]
struct Hit<'a> {
    document_id: u64,
    title: &'a str,
    passage_id: u64,
    heading: Option<&'a str>,
    /// HTML: the matched words in `<mark>…</mark>`, everything else escaped.
    snippet: String,
    /// The same excerpt as plain text …
    snippet_text: &'a str,
    /// … with the byte ranges of the matched words (`{"start": …, "end": …}`).
    highlights: &'a [std::ops::Range<usize>],
    score: f32,
    public: bool,
    /// The document page, opened at the passage.
    href: String,
}

#[derive(Serialize)]
struct SearchBody<'a> {
    query: &'a str,
    total_passages: usize,
    total_documents: usize,
    /// The totals count passages that contain at least `min_matched_terms` of the query's
    /// `query_terms` words (all of them when that fills the page).
    query_terms: u32,
    min_matched_terms: u32,
    /// False when the search ran out of work and stopped early: better documents may exist
    /// and the totals may be too low.
    complete: bool,
    /// The query as searched when words not in the index were corrected, else `null`.
    corrected_query: Option<&'a str>,
    /// Every word searched with typo tolerance: as typed, the most common word it matched,
    /// and whether the word as typed was found too.
    corrections: &'a [Correction],
    /// The shown passages of all documents, best first.
    hits: Vec<Hit<'a>>,
    /// The same passages grouped by document, best document first.
    documents: &'a [DocumentHits],
    facets: &'a Facets,
}

/// `GET /api/v1/search?q=…&limit=…&type=…&year_from=…&year_to=…&region=…&theme=…&target_group=…&exact=1`
///
/// A query too long or with too many words is refused with 400 and the reason (`field`: `q`).
pub async fn search(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let f = SearchFilters::parse(query.as_deref(), store.taxonomy(), DEFAULT_SEARCH_LIMIT);
    if !f.errors.is_empty() {
        return Err(ApiError::bad_filters(&f.errors));
    }
    // Internal documents are found only for a viewer who reads them (the reader sees to it).
    let results = store.read_as(&auth.viewer).search(f.query.clone()).await?;
    let mut hits: Vec<Hit> = results
        .documents
        .iter()
        .flat_map(|d| {
            d.hits.iter().map(move |h| Hit {
                document_id: d.doc_id,
                title: &d.title,
                passage_id: h.passage_id,
                heading: h.heading.as_deref(),
                snippet: crate::format::marked_html(&h.snippet),
                snippet_text: &h.snippet.text,
                highlights: &h.snippet.highlights,
                score: h.score,
                public: d.public,
                href: passage_href(d.doc_id as i64, h.passage_id),
            })
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(Json(SearchBody {
        query: &f.query.text,
        total_passages: results.total_passages,
        total_documents: results.total_documents,
        query_terms: results.query_terms,
        min_matched_terms: results.min_matched_terms,
        complete: results.complete,
        corrected_query: results.corrected_text.as_deref(),
        corrections: &results.corrections,
        hits,
        documents: &results.documents,
        facets: &results.facets,
    })
    .into_response())
}

#[derive(Serialize)]
struct SuggestBody {
    query: String,
    suggestions: Vec<String>,
}

/// `GET /api/v1/search/suggest?q=…&limit=…`: completions of the last word, for type-ahead.
pub async fn suggest(
    Acting(store): Acting,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let limit = limit_param(query.as_deref(), DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT)?;
    // Not trimmed: a trailing space means the last word is finished.
    let q: String =
        serde_urlencoded::from_str::<Vec<(String, String)>>(query.as_deref().unwrap_or(""))
            .unwrap_or_default()
            .into_iter()
            .rev()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v)
            .unwrap_or_default();
    let suggestions = if q.trim().is_empty() {
        Vec::new()
    } else {
        store.search_suggestions(&q, limit).await?
    };
    Ok(Json(SuggestBody {
        query: q,
        suggestions,
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct DocumentItem<'a> {
    #[serde(flatten)]
    document: &'a StoredDocument,
    href: String,
    download: String,
}

impl DocumentItem<'_> {
    fn new(d: &StoredDocument) -> DocumentItem<'_> {
        DocumentItem {
            document: d,
            href: document_href(d.id),
            download: format!("/dokumenter/{}/fil", d.id),
        }
    }
}

#[derive(Serialize)]
struct DocumentList<'a> {
    /// Documents in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    documents: Vec<DocumentItem<'a>>,
}

/// `GET /api/v1/documents?page=…&per_page=…`: the documents the caller may read, newest
/// first, without passages, a page at a time.
pub async fn documents(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let paging = Paging::for_api(query.as_deref())?;
    let docs = store.read_as(&auth.viewer).documents().await?;
    let shown = &docs[paging.range(docs.len())];
    Ok(Json(DocumentList {
        count: shown.len(),
        page: ApiPage::new("/api/v1/documents", query.as_deref(), paging, docs.len()),
        documents: shown.iter().map(DocumentItem::new).collect(),
    })
    .into_response())
}

#[derive(Serialize)]
struct DocumentBody<'a> {
    #[serde(flatten)]
    item: DocumentItem<'a>,
    /// The document's passages from `passages_offset` (an ordinal), at most `passages_limit`.
    passages: &'a [StoredPassage],
    passages_total: i64,
    passages_offset: u32,
    passages_limit: u32,
    /// The next page of passages, if there are more.
    passages_next: Option<String>,
}

/// Passages in one answer of `GET /api/v1/documents/{id}` unless `limit` says otherwise.
pub const DEFAULT_PASSAGES: u32 = 200;
/// The most passages one answer may hold.
pub const MAX_PASSAGES: u32 = 1000;

/// `offset` and `limit` of `GET /api/v1/documents/{id}`.
fn passage_page(query: Option<&str>) -> Result<(u32, u32), ApiError> {
    let pairs: Vec<(String, String)> = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
    let offset = match get("offset") {
        None | Some("") => 0,
        Some(v) => v.parse::<u32>().map_err(|_| {
            ApiError::bad_request(
                "offset",
                format!("«{v}» kan ikke brukes som offset. Skriv et helt tall fra 0 og oppover: nummeret på det første avsnittet, talt fra 0."),
            )
        })?,
    };
    let limit = match get("limit") {
        None | Some("") => DEFAULT_PASSAGES,
        Some(v) => match v.parse::<u32>() {
            Ok(n) if (1..=MAX_PASSAGES).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request(
                    "limit",
                    format!("«{v}» kan ikke brukes som grense. Skriv et helt tall fra 1 til {MAX_PASSAGES}."),
                ))
            }
        },
    };
    Ok((offset, limit))
}

fn document_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::not_found(format!("Fant ikke dokumentet «{raw}». Sjekk nummeret."))
    })
}

/// `GET /api/v1/documents/{id}`: the document with all its passages in order.
pub async fn document(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = document_id(&raw)?;
    let (offset, limit) = passage_page(query.as_deref())?;
    let d = found(
        &auth,
        store.read_as(&auth.viewer).document(id).await,
        || no_document(&raw),
    )?;
    let passages = d.passages(offset, limit).await?;
    let after = i64::from(offset) + passages.len() as i64;
    Ok(Json(DocumentBody {
        item: DocumentItem::new(&d),
        passages: &passages,
        passages_total: d.passages,
        passages_offset: offset,
        passages_limit: limit,
        passages_next: (after < d.passages && !passages.is_empty())
            .then(|| format!("/api/v1/documents/{id}?offset={after}&limit={limit}")),
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Similar work
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct SimilarItem<'a> {
    /// "project" or "document".
    kind: &'static str,
    /// The project's id (a string) or the document's id (a number).
    id: serde_json::Value,
    title: &'a str,
    region: Option<&'a str>,
    region_name: Option<String>,
    score: f32,
    text_score: f32,
    theme_score: f32,
    shared_themes: &'a [String],
    other_office: bool,
    href: String,
}

fn similar_items<'a>(store: &Store, list: &'a [Similar]) -> Vec<SimilarItem<'a>> {
    let tax = store.taxonomy();
    list.iter()
        .map(|s| {
            let (kind, id, href) = match &s.key {
                ItemKey::Project(id) => ("project", serde_json::json!(id), project_href(id)),
                ItemKey::Document(id) => {
                    ("document", serde_json::json!(id), document_href(*id as i64))
                }
            };
            SimilarItem {
                kind,
                id,
                title: &s.title,
                region: s.region.as_deref(),
                region_name: s
                    .region
                    .as_deref()
                    .and_then(|r| tax.region(r))
                    .map(|r| r.name_nb.clone()),
                score: s.score,
                text_score: s.text_score,
                theme_score: s.theme_score,
                shared_themes: &s.shared_themes,
                other_office: s.other_office,
                href,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct ProjectSimilarBody<'a> {
    project: &'a str,
    similar: Vec<SimilarItem<'a>>,
}

/// `GET /api/v1/projects/{id}/similar?limit=…`: similar projects and documents, other offices
/// ranked first.
pub async fn project_similar(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let limit = limit_param(query.as_deref(), DEFAULT_SIMILAR_LIMIT, MAX_SIMILAR_LIMIT)?;
    let entry = found(&auth, store.read_as(&auth.viewer).entry(&id).await, || {
        no_project(&id)
    })?;
    let list = entry.similar(limit).await?;
    Ok(Json(ProjectSimilarBody {
        project: &id,
        similar: similar_items(&store, &list),
    })
    .into_response())
}

#[derive(Serialize)]
struct DocumentSimilarBody<'a> {
    document: i64,
    similar: Vec<SimilarItem<'a>>,
}

/// `GET /api/v1/documents/{id}/similar?limit=…`.
pub async fn document_similar(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = document_id(&raw)?;
    let limit = limit_param(query.as_deref(), DEFAULT_SIMILAR_LIMIT, MAX_SIMILAR_LIMIT)?;
    let d = found(
        &auth,
        store.read_as(&auth.viewer).document(id).await,
        || no_document(&raw),
    )?;
    let list = d.similar(limit).await?;
    Ok(Json(DocumentSimilarBody {
        document: id,
        similar: similar_items(&store, &list),
    })
    .into_response())
}

/// The message for a document that is not there (or not the caller's to see).
fn no_document(raw: &str) -> String {
    format!("Fant ikke dokumentet «{raw}». Sjekk nummeret.")
}
