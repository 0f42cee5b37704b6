//! Innovation in the JSON API: the innovations the caller reads (`GET /api/v1/innovations`),
//! one with its adoptions (`GET /api/v1/innovations/{code}`), how it spread
//! (`GET /api/v1/innovations/{code}/diffusion`: nodes, and edges with channel, spread type,
//! year and whether each is confirmed, proposed or only suggested by Husk), and recording an
//! adoption (`POST /api/v1/innovations/{code}/adoptions`) as the page does. The same access
//! rules as the pages; bad input is a 422 with every problem at its field (the form's names).

use super::pages::innovation_of;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::learning::json::{invalid, Fields};
use crate::shared::api::{api_refusal, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::innovation::adoptions::AdoptionInput;
use husk_store::innovation::StoredInnovation;
use husk_store::{SaveError, Store, StoreError};
use serde::Serialize;

async fn innovation(store: &Store, auth: &Auth, code: &str) -> Result<StoredInnovation, ApiError> {
    innovation_of(store, auth, code).await.map_err(|e| match e {
        crate::error::PageError::NotFound => {
            ApiError::not_found(format!("Fant ikke innovasjonen «{code}»."))
        }
        other => api_refusal(auth, other),
    })
}

#[derive(Serialize)]
struct ListBody<'a> {
    count: usize,
    innovations: &'a [StoredInnovation],
    #[serde(flatten)]
    page: crate::paging::ApiPage,
}

/// `GET /api/v1/innovations?page=…&per_page=…`.
pub(super) async fn list(
    Acting(store): Acting,
    auth: Auth,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_read_innovations())?;
    let paging = crate::paging::Paging::for_api(query.as_deref())?;
    let all = store.read_as(&auth.viewer).innovations().await?;
    let shown = &all[paging.range(all.len())];
    Ok(Json(ListBody {
        count: shown.len(),
        innovations: shown,
        page: crate::paging::ApiPage::new(
            "/api/v1/innovations",
            query.as_deref(),
            paging,
            all.len(),
        ),
    })
    .into_response())
}

/// `GET /api/v1/innovations/{code}`.
pub(super) async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    Ok(Json(n).into_response())
}

/// `GET /api/v1/innovations/{code}/diffusion`.
pub(super) async fn diffusion(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    let d = store.read_as(&auth.viewer).diffusion(&n).await?;
    Ok(Json(d).into_response())
}

/// An adoption as the API's JSON gives it (the form's names in errors).
fn adoption_from(f: &mut Fields) -> AdoptionInput {
    AdoptionInput {
        adopter: f.text("adopter", "adopter"),
        adopter_kind: f.text("adopter_kind", "adopter_type"),
        kommunenummer: f.text("kommunenummer", "kommunenummer"),
        from: f.text("from", "fra"),
        spread: f.text("spread", "spredning"),
        channel: f.text("channel", "kanal"),
        phase: f.text("phase", "fase"),
        year: f.text("year", "ar"),
        year_at_latest: if f.flag("year_at_latest", "senest") {
            "1".into()
        } else {
            String::new()
        },
        result: f.text("result", "resultat"),
        evidence: f.text("evidence", "dokumentasjon"),
        confirmed: f.flag("confirmed", "bekreftet"),
    }
}

const ADOPTION_FIELDS: &str = "et JSON-objekt med feltene adopter, adopter_kind (kommune eller organisasjon), kommunenummer, from, spread, channel, phase, year, year_at_latest (true eller false), result, evidence og confirmed (true eller false)";

/// `POST /api/v1/innovations/{code}/adoptions`: 201 with the new adoption's id.
pub(super) async fn record(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    require(&auth, auth.viewer.may_record_innovation())?;
    let mut f = Fields::object(&body, ADOPTION_FIELDS)?;
    let input = adoption_from(&mut f);
    f.done(|| None)?;
    match store.record_adoption(&n.code, &input).await {
        Ok(id) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response()),
        Err(SaveError::Invalid(errors)) => Err(invalid(&errors)),
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(ApiError::not_found(format!(
            "Fant ikke innovasjonen «{code}»."
        ))),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn save_result(r: Result<(), SaveError>, what: String) -> Result<(), ApiError> {
    match r {
        Ok(()) => Ok(()),
        Err(SaveError::Invalid(errors)) => Err(invalid(&errors)),
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(ApiError::not_found(what)),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn adoption_of<'a>(
    n: &'a StoredInnovation,
    id: &str,
) -> Result<&'a husk_store::innovation::StoredAdoption, ApiError> {
    id.parse::<i64>()
        .ok()
        .and_then(|id| n.adoption(id))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Fant ikke overtakelse «{id}» av innovasjonen «{}».",
                n.code
            ))
        })
}

/// `PUT /api/v1/innovations/{code}/adoptions/{id}`: corrects an adoption as its page does
/// (who adopted stays); advisers and the adopting organisation's recipient users.
pub(super) async fn correct(
    Acting(store): Acting,
    auth: Auth,
    Path((code, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    let a = adoption_of(&n, &id)?;
    require(&auth, auth.viewer.may_confirm_adoption(a.scope()))?;
    let mut f = Fields::object(&body, ADOPTION_FIELDS)?;
    // `adopter` may be sent back as read; it is not changed.
    let input = AdoptionInput {
        adopter: a.adopter.clone(),
        ..adoption_from(&mut f)
    };
    f.done(|| None)?;
    save_result(
        store.update_adoption(&n.code, a.id, &input).await,
        format!("Fant ikke overtakelse {id}."),
    )?;
    let n = innovation(&store, &auth, &code).await?;
    Ok(Json(adoption_of(&n, &id)?.clone()).into_response())
}

/// `POST /api/v1/innovations/{code}/adoptions/{id}/confirm`: confirms it as recorded (422 with
/// what is missing: a municipality or a year).
pub(super) async fn confirm(
    Acting(store): Acting,
    auth: Auth,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    let a = adoption_of(&n, &id)?;
    require(&auth, auth.viewer.may_confirm_adoption(a.scope()))?;
    let input = AdoptionInput {
        confirmed: true,
        ..a.input()
    };
    save_result(
        store.update_adoption(&n.code, a.id, &input).await,
        format!("Fant ikke overtakelse {id}."),
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/innovations/{code}/suggestions`: `{"adoption": ID, "source": "…",
/// "decision": "accept" | "reject"}` for one of Husk's current suggestions (advisers).
pub(super) async fn decide(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    require(&auth, auth.viewer.may_record_innovation())?;
    let mut f = Fields::object(
        &body,
        "et JSON-objekt med feltene adoption (overtakelsens nummer), source og decision (accept eller reject)",
    )?;
    let adoption = f.text("adoption", "overtakelse");
    let source = f.text("source", "kilde");
    let decision = f.text("decision", "valg");
    f.done(|| None)?;
    let mut e = husk_domain::FieldErrors::new();
    if !matches!(decision.as_str(), "accept" | "reject") {
        e.push(
            "valg",
            "Skriv accept for å godta forslaget eller reject for å avvise det.",
        );
    }
    if adoption.parse::<i64>().is_err() {
        e.push(
            "overtakelse",
            "Skriv overtakelsens nummer, slik API-et gir det.",
        );
    }
    if !e.is_empty() {
        return Err(invalid(&e));
    }
    let id: i64 = adoption.parse().unwrap_or_default();
    let d = store.read_as(&auth.viewer).diffusion(&n).await?;
    if !d
        .suggestions
        .iter()
        .any(|s| s.adoption_id == id && s.source == source)
    {
        return Err(ApiError::conflict(format!(
            "Husk foreslår ikke {source} som kilde for overtakelse {id} nå. Hent spredningen på nytt."
        )));
    }
    save_result(
        store
            .decide_suggested_source(&n.code, id, &source, decision == "accept")
            .await,
        format!("Fant ikke overtakelse {id}."),
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/v1/innovations/{code}/links/{kind}/{target}`: 204, or 404 when there is no
/// such link.
pub(super) async fn unlink(
    Acting(store): Acting,
    auth: Auth,
    Path((code, kind, target)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let n = innovation(&store, &auth, &code).await?;
    require(&auth, auth.viewer.may_record_innovation())?;
    save_result(
        store.unlink_innovation(&n.code, &kind, &target).await,
        format!("Innovasjonen «{code}» har ingen kobling til {kind} {target}."),
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
