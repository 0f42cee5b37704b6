//! The networks in the JSON API: the networks the caller reads (`GET /api/v1/networks`, with
//! `office`, `kind` and `programme` filters), one network with its members, meetings and
//! assignments (`GET /api/v1/networks/{id}`), and the writes the pages make. The same access
//! rules as the pages; a write's bad input is a 422 with every problem at its field (the
//! forms' field names).

use super::pages::network_of;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::learning::json::{invalid, Fields};
use crate::paging::{ApiPage, Paging};
use crate::query::param;
use crate::shared::api::{api_refusal, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::learning::networks::{
    AssignmentInput, MemberInput, NetworkInput, NetworkMeetingInput, ReportBackInput,
    ThemeOfMonthInput,
};
use husk_store::learning::networks::{NetworkFilter, StoredNetwork};
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};
use serde::Serialize;

fn saved(e: SaveError, what: &str) -> ApiError {
    match e {
        SaveError::Invalid(errors) => invalid(&errors),
        SaveError::Store(StoreError::NotFound(_)) => ApiError::not_found(what.to_string()),
        SaveError::Store(e) => e.into(),
    }
}

pub(super) async fn network(
    store: &Store,
    auth: &Auth,
    id: &str,
) -> Result<StoredNetwork, ApiError> {
    network_of(store, auth, id).await.map_err(|e| match e {
        crate::error::PageError::NotFound => {
            ApiError::not_found(format!("Fant ikke nettverk «{id}»."))
        }
        other => api_refusal(auth, other),
    })
}

#[derive(Serialize)]
struct NetworksBody<'a> {
    /// Networks in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    networks: &'a [StoredNetwork],
}

/// `GET /api/v1/networks?office=&kind=&programme=`: the networks the caller reads.
pub(super) async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_list_networks())?;
    let q = query.as_deref();
    let filter = NetworkFilter {
        office: param(q, "office").unwrap_or_default(),
        kind: param(q, "kind").unwrap_or_default(),
        programme: param(q, "programme").unwrap_or_default(),
    };
    let paging = Paging::for_api(q)?;
    let networks = store.read_as(&auth.viewer).networks(&filter).await?;
    let total = networks.len();
    let shown = &networks[paging.range(total)];
    Ok(Json(NetworksBody {
        count: shown.len(),
        page: ApiPage::new("/api/v1/networks", q, paging, total),
        networks: shown,
    })
    .into_response())
}

/// `GET /api/v1/networks/{id}`.
pub(super) async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    Ok(Json(n).into_response())
}

const NETWORK_FIELDS: &str = "et JSON-objekt med feltene name, kind (laeringsnettverk eller fagnettverk), office (kontorkode), programme, coordinator, mandate, about, meeting_rhythm, start, end (datoer) og themes (en liste med temakoder)";

/// A network as the API takes it: every problem at its field, named as the form names it.
fn network_body(store: &Store, bytes: &[u8]) -> Result<NetworkInput, ApiError> {
    let mut f = Fields::object(bytes, NETWORK_FIELDS)?;
    let input = NetworkInput {
        name: f.text("name", "navn"),
        kind: f.text("kind", "type"),
        office: f.text("office", "kontor"),
        programme_id: f.text("programme", "program"),
        coordinator: f.text("coordinator", "koordinator"),
        mandate: f.text("mandate", "mandat"),
        about: f.text("about", "om"),
        meeting_rhythm: f.text("meeting_rhythm", "motefrekvens"),
        start: f.text("start", "fra"),
        end: f.text("end", "til"),
        themes: f.texts("themes", "temaer"),
    };
    f.done(|| input.validate(store.taxonomy()).err())?;
    Ok(input)
}

/// Whether `office` is one of Husbanken's offices (an unknown one is the check's to refuse,
/// with a 422, not the access rule's).
fn known_office(store: &Store, office: &str) -> bool {
    store
        .taxonomy()
        .region(office.trim())
        .is_some_and(|r| r.is_office())
}

#[derive(Serialize)]
struct Created {
    id: i64,
    href: String,
}

fn created(id: i64, href: String) -> Response {
    (StatusCode::CREATED, Json(Created { id, href })).into_response()
}

/// `POST /api/v1/networks`: creates a network (the office's advisers, administrators).
pub(super) async fn create(
    Acting(store): Acting,
    auth: Auth,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    // Who may create no network anywhere is refused before the body is read.
    require(&auth, auth.viewer.may_create_projects())?;
    let input = network_body(&store, &bytes)?;
    if known_office(&store, &input.office) {
        require(&auth, auth.viewer.may_create_network(input.office.trim()))?;
    }
    let id = store
        .create_network(&input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(id, format!("/api/v1/networks/{id}")))
}

/// `PUT /api/v1/networks/{id}`: changes a network's facts and themes.
pub(super) async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let input = network_body(&store, &bytes)?;
    let office = input.office.trim();
    if known_office(&store, office) {
        require(
            &auth,
            office == n.office || auth.viewer.may_create_network(office),
        )?;
    }
    store
        .update_network(n.id, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/networks/{id}/members`.
pub(super) async fn add_member(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let mut f = Fields::object(
        &bytes,
        "et JSON-objekt med feltene kind (kommune, kontor, statlig eller organisasjon), name, kommunenummer, orgnr og learning_agent (true eller false)",
    )?;
    let input = MemberInput {
        kind: f.text("kind", "medlemstype"),
        name: f.text("name", "medlemsnavn"),
        kommunenummer: f.text("kommunenummer", "kommunenummer"),
        orgnr: f.text("orgnr", "orgnr"),
        learning_agent: f.flag("learning_agent", "laeringsagent"),
    };
    f.done(|| input.validate().err())?;
    let m = store
        .save_member(n.id, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(m, format!("/api/v1/networks/{}", n.id)))
}

/// `POST /api/v1/networks/{id}/meetings`.
pub(super) async fn add_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let mut f = Fields::object(
        &bytes,
        "et JSON-objekt med feltene date, place, topic og notes",
    )?;
    let input = NetworkMeetingInput {
        date: f.text("date", "dato"),
        place: f.text("place", "sted"),
        topic: f.text("topic", "tema"),
        notes: f.text("notes", "notater"),
    };
    f.done(|| input.validate().err())?;
    let m = store
        .save_network_meeting(n.id, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(m, format!("/api/v1/networks/{}", n.id)))
}

/// `POST /api/v1/networks/{id}/assignments`.
pub(super) async fn add_assignment(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    require(&auth, auth.viewer.may_manage_network(n.scope()))?;
    let mut f = Fields::object(
        &bytes,
        "et JSON-objekt med feltene member_id (medlemmets nummer), text, due_meeting (møtets nummer) og due_date",
    )?;
    let input = AssignmentInput {
        member: f.text("member_id", "medlem"),
        text: f.text("text", "oppdrag"),
        due_meeting: f.text("due_meeting", "til_mote"),
        due_date: f.text("due_date", "frist"),
    };
    f.done(|| {
        let members: Vec<i64> = n.members.iter().map(|m| m.id).collect();
        let meetings: Vec<i64> = n.meetings.iter().map(|m| m.id).collect();
        input.validate(&members, &meetings).err()
    })?;
    let a = store
        .save_assignment(&n, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke nettverket."))?;
    Ok(created(a, format!("/api/v1/networks/{}", n.id)))
}

/// `POST /api/v1/networks/{id}/assignments/{assignment}/report`: what the member reported
/// back (the member's own recipient users, who runs the network).
pub(super) async fn report_back(
    Acting(store): Acting,
    auth: Auth,
    Path((id, a)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let n = network(&store, &auth, &id).await?;
    let assignment = a
        .parse::<i64>()
        .ok()
        .and_then(|x| n.assignment(x))
        .ok_or_else(|| ApiError::not_found(format!("Fant ikke oppdrag «{a}» i nettverket.")))?;
    require(
        &auth,
        auth.viewer.may_report_back(n.assignment_scope(assignment)),
    )?;
    let mut f = Fields::object(&bytes, "et JSON-objekt med feltene text og date")?;
    let input = ReportBackInput {
        text: f.text("text", "tilbakemelding"),
        date: f.text("date", "meldt_dato"),
    };
    f.done(|| input.validate(today()).err())?;
    store
        .report_back(assignment.id, &input, today())
        .await
        .map_err(|e| saved(e, "Fant ikke oppdraget."))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize)]
struct MonthsBody {
    /// Months in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    months: Vec<husk_store::learning::networks::StoredThemeOfMonth>,
}

/// `GET /api/v1/themes-of-month/{office}?page=&per_page=`: an office's rotation by month
/// (staff).
pub(super) async fn themes(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let paging = Paging::for_api(query.as_deref())?;
    if !store
        .taxonomy()
        .region(&office)
        .is_some_and(|r| r.is_office())
    {
        return Err(ApiError::not_found(format!(
            "Fant ikke kontoret «{office}». Bruk en kode som ost eller midt."
        )));
    }
    match store
        .read_as(&auth.viewer)
        .themes_of_month(Some(&office))
        .await
    {
        Ok(mut t) => {
            let total = t.len();
            let months: Vec<_> = t.drain(paging.range(total)).collect();
            Ok(Json(MonthsBody {
                count: months.len(),
                page: ApiPage::new(
                    &format!("/api/v1/themes-of-month/{office}"),
                    query.as_deref(),
                    paging,
                    total,
                ),
                months,
            })
            .into_response())
        }
        Err(StoreError::Hidden) => Err(ApiError::denied(&auth.viewer)),
        Err(e) => Err(e.into()),
    }
}

/// `POST /api/v1/themes-of-month/{office}`: adds a month (the office's advisers,
/// administrators).
pub(super) async fn add_theme(
    Acting(store): Acting,
    auth: Auth,
    Path(office): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_edit_theme_of_month(&office))?;
    if !store
        .taxonomy()
        .region(&office)
        .is_some_and(|r| r.is_office())
    {
        return Err(ApiError::not_found(format!(
            "Fant ikke kontoret «{office}»."
        )));
    }
    let mut f = Fields::object(
        &bytes,
        "et JSON-objekt med feltene month (åååå-mm), adviser, theme_code, theme_text, date og shared",
    )?;
    let input = ThemeOfMonthInput {
        month: f.text("month", "maned"),
        adviser: f.text("adviser", "ansvarlig"),
        theme_code: f.text("theme_code", "tema"),
        theme_text: f.text("theme_text", "tema_tekst"),
        date: f.text("date", "dato"),
        shared: f.text("shared", "delt"),
    };
    f.done(|| input.validate(store.taxonomy()).err())?;
    let id = store
        .save_theme_of_month(&office, None, &input)
        .await
        .map_err(|e| saved(e, "Fant ikke kontoret."))?;
    Ok(created(id, format!("/api/v1/themes-of-month/{office}")))
}
