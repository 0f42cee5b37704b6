//! Learning arenas in the JSON API: the calendar's list (the same filters as the page), one
//! arena with its agenda, participants and materials, and the writes the pages make. The same
//! access rules as the pages; bad input is a 422 with every problem at its field, in the
//! forms' field names.

use super::pages::filter_of;
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::learning::json::{finish, invalid, Fields};
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::learning::arenas::{
    validate_agenda, validate_participants, AgendaItemInput, ArenaInput, ParticipantInput,
};
use husk_domain::FieldErrors;
use husk_store::learning::arenas::StoredArena;
use husk_store::reporting::today;
use husk_store::{IngestError, SaveError, Store, StoreError};
use serde::Serialize;

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

/// Whether `office` is one of Husbanken's offices (an empty or unknown one is the check's to
/// refuse, with a 422, not the access rule's).
fn known_office(store: &Store, office: &str) -> bool {
    store
        .taxonomy()
        .region(office.trim())
        .is_some_and(|r| r.is_office())
}

/// An arena as the API takes it (the form's field names); every problem at its field.
fn arena_body(store: &Store, bytes: &[u8]) -> Result<ArenaInput, ApiError> {
    let mut f = Fields::object(
        bytes,
        "et JSON-objekt med feltene tittel, type, fra, til, sted, arrangor, kontor, program, nettverk, temaer (en liste med temakoder) og beskrivelse",
    )?;
    let input = ArenaInput {
        tittel: f.text("tittel", "tittel"),
        kind: f.text("type", "type"),
        fra: f.text("fra", "fra"),
        til: f.text("til", "til"),
        sted: f.text("sted", "sted"),
        arrangor: f.text("arrangor", "arrangor"),
        kontor: f.text("kontor", "kontor"),
        program: f.text("program", "program"),
        nettverk: f.text("nettverk", "nettverk"),
        temaer: f.texts("temaer", "temaer"),
        beskrivelse: f.text("beskrivelse", "beskrivelse"),
    };
    f.done(|| input.validate(store.taxonomy()).err())?;
    Ok(input)
}

/// An agenda as the API takes it: a list of `{tid, tittel, hvem}`.
fn agenda_body(bytes: &[u8]) -> Result<Vec<AgendaItemInput>, ApiError> {
    let (mut rows, more) = Fields::rows(
        bytes,
        "en JSON-liste med punkter {\"tid\": \"tt:mm\", \"tittel\": …, \"hvem\": …}",
        |n| format!("program-{n}-tittel"),
    )?;
    let input: Vec<AgendaItemInput> = rows
        .iter_mut()
        .enumerate()
        .map(|(i, f)| {
            let n = i + 1;
            AgendaItemInput {
                tid: f.text("tid", &format!("program-{n}-tid")),
                tittel: f.text("tittel", &format!("program-{n}-tittel")),
                hvem: f.text("hvem", &format!("program-{n}-hvem")),
            }
        })
        .collect();
    finish(Fields::errors(&rows, more), || {
        validate_agenda(&input).err()
    })?;
    Ok(input)
}

/// Participants as the API takes them: a list of `{organisasjon, antall}`.
fn participants_body(bytes: &[u8]) -> Result<Vec<ParticipantInput>, ApiError> {
    let (mut rows, more) = Fields::rows(
        bytes,
        "en JSON-liste med rader {\"organisasjon\": …, \"antall\": 12}",
        |n| format!("deltaker-{n}-organisasjon"),
    )?;
    let input: Vec<ParticipantInput> = rows
        .iter_mut()
        .enumerate()
        .map(|(i, f)| {
            let n = i + 1;
            ParticipantInput {
                organisasjon: f.text("organisasjon", &format!("deltaker-{n}-organisasjon")),
                antall: f.text("antall", &format!("deltaker-{n}-antall")),
            }
        })
        .collect();
    finish(Fields::errors(&rows, more), || {
        validate_participants(&input).err()
    })?;
    Ok(input)
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
    let input = arena_body(&store, &bytes)?;
    require(
        &auth,
        auth.viewer.may_manage_arena(input.kontor.trim()) || !known_office(&store, &input.kontor),
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
    let input = arena_body(&store, &bytes)?;
    require(
        &auth,
        auth.viewer.may_manage_arena(input.kontor.trim()) || !known_office(&store, &input.kontor),
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
    let rows = agenda_body(&bytes)?;
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
    let rows = participants_body(&bytes)?;
    store
        .save_arena_participants(a.id, &rows)
        .await
        .map_err(|e| saved(e, &raw))?;
    Ok(Json(read(&store, &auth, &raw).await?))
}

#[derive(Serialize)]
struct MaterialAdded {
    document_id: i64,
    title: String,
    /// The same file was in the knowledge base already; it is now linked to the arena too.
    duplicate: bool,
    href: String,
    arena: StoredArena,
}

/// `POST /api/v1/arenas/{id}/materials` (multipart: `tittel`, optional, and `file`): as the
/// arena page's upload, the file goes into the knowledge base as a document and is linked to
/// the arena; 201 with the document and the arena with its materials.
pub async fn add_material(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let a = read(&store, &auth, &raw).await?;
    require(&auth, auth.viewer.may_manage_arena(&a.office))?;
    let mut multipart = multipart.map_err(|_| {
        ApiError::bad_request(
            "body",
            "Send filen som multipart/form-data med feltet file (og eventuelt tittel).",
        )
    })?;
    let up = super::materials::read(&store, &mut multipart).await?;
    let errors = up.errors();
    if !errors.is_empty() {
        return Err(invalid(&errors));
    }
    let title = up.title.clone();
    let Some((tmp, name, _)) = up.file else {
        return Err(invalid(&errors));
    };
    let result = store
        .add_arena_material_file(&a, &tmp.0, &name, &title)
        .await;
    drop(tmp);
    match result {
        Ok(done) => {
            let arena = read(&store, &auth, &raw).await?;
            Ok((
                StatusCode::CREATED,
                Json(MaterialAdded {
                    document_id: done.id,
                    title: done.title,
                    duplicate: done.duplicate,
                    href: format!("/api/v1/documents/{}", done.id),
                    arena,
                }),
            )
                .into_response())
        }
        Err(IngestError::Invalid(e)) => {
            // The document's own checks (its title) answer at the form's title field.
            let mut errors = FieldErrors::new();
            for x in e.iter() {
                errors.push("tittel", x.message.clone());
            }
            Err(invalid(&errors))
        }
        Err(IngestError::Extract(e)) => {
            let mut errors = FieldErrors::new();
            errors.push("file", e.to_string());
            Err(invalid(&errors))
        }
        Err(e) => Err(PageError::Internal(format!("materiell: {e}")).into()),
    }
}
