//! The open data in the API and the standards: the published grants as paged JSON
//! (`/api/v1/open/grants`), the 360Giving 1.4.3 package (`/api/v1/open/360giving.json`), the
//! IATI 2.03 activities (`/api/v1/open/iati-activities.xml`) and the Atom feed of newly
//! published reports and good examples (`/apne-data/nytt.atom`). Everyone may read them; they
//! are made from `Store::open_data`, so they hold only what the publication rules admit.

use crate::error::{ApiError, PageError};
use crate::learning::json::invalid;
use crate::query::param_or_empty;
use crate::shared::state::Acting;
use axum::extract::RawQuery;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::innovation::examples::LibraryFilter;
use husk_domain::open::atom::{feed as atom_feed, rfc3339, FeedEntry};
use husk_domain::open::{Filter, OpenGrant, OpenReport};
use husk_domain::{FieldErrors, Viewer};
use serde::Serialize;

/// Today (UTC) as `YYYY-MM-DD` and now as RFC 3339.
fn today_and_now() -> (String, String) {
    let now = time::OffsetDateTime::now_utc();
    let date = format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    let stamp = format!(
        "{date}T{:02}:{:02}:{:02}Z",
        now.hour(),
        now.minute(),
        now.second()
    );
    (date, stamp)
}

/// Both standards need at least one grant or activity.
const NOTHING_PUBLISHED: &str = "Husbanken har ikke publisert noen tilskudd med tiltak ennå, så det finnes ingen åpne data i denne standarden. En administrator velger hva som publiseres på /admin/publisering.";

/// `GET /api/v1/open/360giving.json`.
pub async fn threesixty(Acting(store): Acting) -> Result<Response, ApiError> {
    let bytes = store
        .open_data()
        .await?
        .threesixty_json(store.taxonomy(), &today_and_now().0)
        .ok_or_else(|| ApiError::not_found(NOTHING_PUBLISHED))?;
    Ok((
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        bytes,
    )
        .into_response())
}

/// `GET /api/v1/open/iati-activities.xml`.
pub async fn iati(Acting(store): Acting) -> Result<Response, ApiError> {
    let bytes = store
        .open_data()
        .await?
        .iati_xml(store.taxonomy(), &today_and_now().1)
        .ok_or_else(|| ApiError::not_found(NOTHING_PUBLISHED))?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        bytes,
    )
        .into_response())
}

#[derive(Serialize)]
struct GrantList<'a> {
    /// Grants in this answer.
    count: usize,
    grants: Vec<&'a OpenGrant>,
    total_nok: i64,
    #[serde(flatten)]
    page: crate::paging::ApiPage,
    /// Published reports of the listed grants' entries, where results are published.
    reports: Vec<&'a OpenReport>,
}

/// The API's filter: the same fields as the page, with English names; a year or recipient id
/// that is not a number is refused with the field named.
fn api_filter(query: Option<&str>) -> Result<Filter, ApiError> {
    let opt = |name: &str| Some(param_or_empty(query, name)).filter(|v| !v.trim().is_empty());
    let mut errors = FieldErrors::new();
    let year = match opt("year") {
        Some(y) if y.chars().count() <= husk_domain::open::YEAR_TEXT => {
            match husk_domain::portfolio::parse_year(&y) {
                Ok(y) => Some(y),
                Err(message) => {
                    errors.push("year", message);
                    None
                }
            }
        }
        Some(_) => {
            errors.push("year", "Skriv året med fire siffer, for eksempel 2015.");
            None
        }
        None => None,
    };
    let recipient = match opt("recipient") {
        Some(r) => match r.trim().parse::<i64>() {
            Ok(r) => Some(r),
            Err(_) => {
                errors.push(
                    "recipient",
                    "Mottakerens id er et tall. Bruk tallet i adressen til mottakerens side.",
                );
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(invalid(&errors));
    }
    Ok(Filter {
        query: param_or_empty(query, "q")
            .chars()
            .take(husk_domain::limits::FILTER_TEXT)
            .collect(),
        region: opt("region"),
        year,
        kommunenummer: opt("kommunenummer"),
        recipient_type: opt("recipient_type"),
        theme: opt("theme"),
        target_group: opt("target_group"),
        programme: opt("programme"),
        recipient,
        entry: opt("entry"),
    })
}

/// `GET /api/v1/open/grants`: the published grants that pass the filter, paged, with their
/// total and the published reports of their entries.
pub async fn grants(
    Acting(store): Acting,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let q = query.as_deref();
    let filter = api_filter(q)?;
    let paging = crate::paging::Paging::for_api(q)?;
    let data = store.open_data().await?;
    let passing: Vec<&OpenGrant> = data.grants.iter().filter(|g| filter.admits(g)).collect();
    let shown: Vec<&OpenGrant> = passing[paging.range(passing.len())].to_vec();
    let mut reports: Vec<&OpenReport> = Vec::new();
    for g in &shown {
        for r in data.reports.get(&g.entry_id).into_iter().flatten() {
            if !reports.iter().any(|x| x.id == r.id) {
                reports.push(r);
            }
        }
    }
    Ok(Json(GrantList {
        count: shown.len(),
        total_nok: passing.iter().map(|g| g.amount_nok).sum(),
        page: crate::paging::ApiPage::new("/api/v1/open/grants", q, paging, passing.len()),
        grants: shown,
        reports,
    })
    .into_response())
}

/// `GET /apne-data/nytt.atom`: newly published reports and good examples.
pub async fn feed(Acting(store): Acting) -> Result<Response, PageError> {
    let public = Viewer::Public;
    let reader = store.read_as(&public);
    let times = store.published_report_times().await?;
    let summaries = reader.published_summaries().await?;
    let mut entries: Vec<FeedEntry> = reader
        .published_reports()
        .await?
        .into_iter()
        .map(|r| FeedEntry {
            id: format!("tag:husk.husbanken.no,2026:rapport-{}", r.id),
            title: r.title(),
            href: format!("/rapporter/{}", r.id),
            updated: rfc3339(times.get(&r.id).map(String::as_str).unwrap_or("1970-01-01")),
            summary: summaries.get(&r.id).cloned().unwrap_or_default(),
        })
        .collect();
    for e in reader.good_examples(&LibraryFilter::default()).await? {
        entries.push(FeedEntry {
            id: format!("tag:husk.husbanken.no,2026:godt-eksempel-{}", e.id),
            title: format!("Godt eksempel: {}", e.title),
            href: format!("/gode-eksempler/{}", e.id),
            updated: rfc3339(&e.updated),
            summary: e.summary.clone(),
        });
    }
    let (_, now) = today_and_now();
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom_feed(entries, "/apne-data/nytt.atom", &now),
    )
        .into_response())
}
