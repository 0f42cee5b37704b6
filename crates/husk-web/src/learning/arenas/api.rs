//! Learning arenas in the JSON API: the calendar's list (the same filters as the page), one
//! arena with its agenda, participants and materials, and the writes the pages make. The same
//! access rules as the pages; bad input is a 422 with every problem at its field, in the
//! forms' field names.

use super::pages::filter_of;
use crate::auth::Auth;
use crate::error::{ApiError, ApiErrorBody};
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::learning::arenas::{AgendaItemInput, ArenaInput, ParticipantInput};
use husk_domain::FieldErrors;
use husk_store::learning::arenas::StoredArena;
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};
use serde::{Deserialize, Serialize};

fn invalid(errors: &FieldErrors) -> ApiError {
    let first = errors.iter().next();
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        body: ApiErrorBody {
            error: first.map(|e| e.message.clone()).unwrap_or_default(),
            field: first.map(|e| e.field.clone()),
            errors: errors.iter().cloned().collect(),
        },
    }
}

fn no_arena(id: &str) -> String {
    format!("Fant ikke læringsarenaen «{id}».")
}

fn saved(e: SaveError, id: &str) -> ApiError {
    match e {
        SaveError::Invalid(errors) => invalid(&errors),
        SaveError::Store(StoreError::NotFound(_)) => ApiError::not_found(no_arena(id)),
        SaveError::Store(e) => e.into(),
    }
}

fn body<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            "body",
            format!(
                "Innholdet er ikke JSON Husk kan lese (linje {}, kolonne {}). Send et JSON-objekt med feltene som er beskrevet for denne adressen.",
                e.line(),
                e.column()
            ),
        )
    })
}

#[derive(Serialize)]
pub struct ArenaList {
    /// Arenas in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    arenas: Vec<StoredArena>,
}

/// `GET /api/v1/arenas?kontor=..&program=..&nettverk=..&vis=kommende|tidligere|alle`, with
/// `page` and `per_page`.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<ArenaList>, ApiError> {
    require(&auth, auth.viewer.may_see_arena_calendar())?;
    let paging = Paging::for_api(query.as_deref())?;
    let (filter, _, when) = filter_of(query.as_deref());
    let mut arenas = store
        .read_as(&auth.viewer)
        .arenas(&filter, when, today())
        .await?;
    let total = arenas.len();
    let arenas: Vec<StoredArena> = arenas.drain(paging.range(total)).collect();
    Ok(Json(ArenaList {
        count: arenas.len(),
        page: ApiPage::new("/api/v1/arenas", query.as_deref(), paging, total),
        arenas,
    }))
}

async fn read(store: &Store, auth: &Auth, raw: &str) -> Result<StoredArena, ApiError> {
    let id: i64 = raw
        .parse()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError::not_found(no_arena(raw)))?;
    found(auth, store.read_as(&auth.viewer).arena(id).await, || {
        no_arena(raw)
    })
}

/// `GET /api/v1/arenas/{id}`.
pub async fn one(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<StoredArena>, ApiError> {
    Ok(Json(read(&store, &auth, &id).await?))
}

/// `POST /api/v1/arenas` (an arena as the form's fields): 201 with the arena.
pub async fn create(Acting(store): Acting, auth: Auth, bytes: Bytes) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_create_arenas())?;
    let input: ArenaInput = body(&bytes)?;
    require(
        &auth,
        auth.viewer.may_manage_arena(input.kontor.trim()) || input.kontor.trim().is_empty(),
    )?;
    let id = store
        .save_arena(None, &input)
        .await
        .map_err(|e| saved(e, ""))?;
    let a = read(&store, &auth, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(a)).into_response())
}

/// `PUT /api/v1/arenas/{id}` (every field, as the form's).
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Json<StoredArena>, ApiError> {
    let a = read(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_arena(&a.office))?;
    let input: ArenaInput = body(&bytes)?;
    require(
        &auth,
        auth.viewer.may_manage_arena(input.kontor.trim()) || input.kontor.trim().is_empty(),
    )?;
    store
        .save_arena(Some(a.id), &input)
        .await
        .map_err(|e| saved(e, &raw))?;
    Ok(Json(read(&store, &auth, &raw).await?))
}

/// `PUT /api/v1/arenas/{id}/agenda` (a list of `{tid, tittel, hvem}`).
pub async fn put_agenda(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Json<StoredArena>, ApiError> {
    let a = read(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_arena(&a.office))?;
    let rows: Vec<AgendaItemInput> = body(&bytes)?;
    store
        .save_arena_agenda(a.id, &rows)
        .await
        .map_err(|e| saved(e, &raw))?;
    Ok(Json(read(&store, &auth, &raw).await?))
}

/// `PUT /api/v1/arenas/{id}/participants` (a list of `{organisasjon, antall}`).
pub async fn put_participants(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Json<StoredArena>, ApiError> {
    let a = read(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_arena(&a.office))?;
    let rows: Vec<ParticipantInput> = body(&bytes)?;
    store
        .save_arena_participants(a.id, &rows)
        .await
        .map_err(|e| saved(e, &raw))?;
    Ok(Json(read(&store, &auth, &raw).await?))
}
