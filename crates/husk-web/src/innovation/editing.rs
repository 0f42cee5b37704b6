//! Recording and changing innovations, and linking what carries them: the form for a new
//! innovation (`/innovasjon/ny`) and for changes (`/innovasjon/{code}/endre`), adding and
//! removing a register entry, document, arena or grant on the innovation's page, and the same
//! in the JSON API. Advisers and administrators (`may_record_innovation`); bad input keeps
//! what was typed and names each field.

use super::pages::innovation_of;
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::learning::json::{invalid, Fields};
use crate::learning::networks::views::FormView;
use crate::query::field;
use crate::shared::api::{api_refusal, require};
use crate::shared::form::{form_pairs, options, Opt};
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use husk_domain::innovation::{Area, Dimension, InnovationInput, InnovationKind, PracticeModel};
use husk_domain::FieldErrors;
use husk_store::innovation::StoredInnovation;
use husk_store::{SaveError, Store, StoreError};

type Pairs = Vec<(String, String)>;

fn field_label(field: &str) -> &'static str {
    match field {
        "kode" => "Kode",
        "navn" => "Navn",
        "beskrivelse" => "Beskrivelse",
        "type" => "Type",
        "dimensjon" => "Dimensjon",
        "omrade" => "Område",
        "praksismodell" => "Praksismodell",
        "radikal" => "Radikal eller inkrementell",
        "finansiering" => "Finansieringsmodell",
        "opprinnelse" => "Begynte i",
        "opprinnelse_kommunenummer" => "Kommunenummer",
        "land" => "Land",
        "opprinnelse_ar" => "År",
        _ => "Feltet",
    }
}

#[derive(Template)]
#[template(path = "innovation/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub f: FormView,
    /// The code, when changing (it stays).
    pub code: Option<String>,
    pub kinds: Vec<Opt>,
    pub dimensions: Vec<Opt>,
    pub areas: Vec<Opt>,
    pub models: Vec<Opt>,
    pub radical: Vec<Opt>,
    pub cancel: String,
}

fn input_of(pairs: &Pairs) -> InnovationInput {
    InnovationInput {
        code: field(pairs, "kode").into(),
        name: field(pairs, "navn").into(),
        description: field(pairs, "beskrivelse").into(),
        kind: field(pairs, "type").into(),
        dimension: field(pairs, "dimensjon").into(),
        area: field(pairs, "omrade").into(),
        practice_model: field(pairs, "praksismodell").into(),
        radical: field(pairs, "radikal").into(),
        financing: field(pairs, "finansiering").into(),
        origin_place: field(pairs, "opprinnelse").into(),
        origin_kommunenummer: field(pairs, "opprinnelse_kommunenummer").into(),
        origin_country: field(pairs, "land").into(),
        origin_year: field(pairs, "opprinnelse_ar").into(),
    }
}

fn pairs_of(n: &StoredInnovation) -> Pairs {
    let radical = match n.radical {
        Some(true) => "radikal",
        Some(false) => "inkrementell",
        None => "",
    };
    [
        ("kode", n.code.clone()),
        ("navn", n.name.clone()),
        ("beskrivelse", n.description.clone()),
        ("type", n.kind.code().into()),
        ("dimensjon", n.dimension.code().into()),
        ("omrade", n.area.code().into()),
        (
            "praksismodell",
            n.practice_model
                .map(|m| m.code().to_string())
                .unwrap_or_default(),
        ),
        ("radikal", radical.into()),
        ("finansiering", n.financing.clone()),
        ("opprinnelse", n.origin_place.clone()),
        (
            "opprinnelse_kommunenummer",
            n.origin_kommunenummer.clone().unwrap_or_default(),
        ),
        ("land", n.origin_country.clone()),
        (
            "opprinnelse_ar",
            n.origin_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn form_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    code: Option<String>,
    pairs: Pairs,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let (heading, action, cancel) = match &code {
        Some(c) => (
            "Endre innovasjonen".to_string(),
            format!("/innovasjon/{c}/endre"),
            format!("/innovasjon/{c}"),
        ),
        None => (
            "Registrer en innovasjon".to_string(),
            "/innovasjon".to_string(),
            "/innovasjon".to_string(),
        ),
    };
    let f = FormView::new(action, "innovasjon", pairs, errors, field_label);
    let page = FormPage {
        layout: layout(store, auth, heading.clone(), Nav::Innovation).await?,
        heading,
        kinds: options(
            Some("Velg type"),
            InnovationKind::ALL.iter().map(|k| (k.code(), k.label())),
            f.v("type"),
        ),
        dimensions: options(
            Some("Velg dimensjon"),
            Dimension::ALL.iter().map(|d| (d.code(), d.label())),
            f.v("dimensjon"),
        ),
        areas: options(
            Some("Velg område"),
            Area::ALL.iter().map(|a| (a.code(), a.label())),
            f.v("omrade"),
        ),
        models: options(
            Some("Ingen"),
            PracticeModel::ALL.iter().map(|m| (m.code(), m.label())),
            f.v("praksismodell"),
        ),
        radical: options(
            Some("Ikke oppgitt"),
            [("radikal", "Radikal"), ("inkrementell", "Inkrementell")],
            f.v("radikal"),
        ),
        code,
        cancel,
        f,
    };
    render(status, &page)
}

/// `GET /innovasjon/ny`.
pub async fn new_form(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_record_innovation())?;
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        None,
        Vec::new(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /innovasjon`: records a new innovation.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_record_innovation())?;
    let pairs = form_pairs(&body);
    let input = input_of(&pairs);
    match store.create_innovation(&input).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding=opprettet",
            input.code.trim()
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                pairs,
                errors,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `GET /innovasjon/{code}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    form_page(
        &store,
        &auth,
        StatusCode::OK,
        Some(n.code.clone()),
        pairs_of(&n),
        FieldErrors::new(),
    )
    .await
}

/// `POST /innovasjon/{code}/endre`.
pub async fn save(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    let mut pairs = form_pairs(&body);
    pairs.retain(|(k, _)| k != "kode");
    pairs.push(("kode".into(), n.code.clone()));
    match store.update_innovation(&n.code, &input_of(&pairs)).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/innovasjon/{}?melding=endret", n.code)).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(n.code.clone()),
                pairs,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /innovasjon/{code}/koblinger`: links an entry, document, arena or grant
/// (`kobling_type`, `kobling_mal`); `POST /innovasjon/{code}/koblinger/fjern` removes one.
pub async fn link(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    let pairs = form_pairs(&body);
    match store
        .link_innovation(
            &n.code,
            field(&pairs, "kobling_type"),
            field(&pairs, "kobling_mal"),
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/innovasjon/{}?melding=koblet#baerere", n.code)).into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            let form = FormView::new(
                format!("/innovasjon/{}/koblinger", n.code),
                "kobling",
                pairs,
                errors,
                |f| match f {
                    "kobling_type" => "Hva",
                    "kobling_mal" => "Id eller nummer",
                    _ => "Feltet",
                },
            );
            super::pages::page_with_link_form(
                &store,
                &auth,
                &n,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /innovasjon/{code}/koblinger/fjern`.
pub async fn unlink(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    auth.allow(auth.viewer.may_record_innovation())?;
    let pairs = form_pairs(&body);
    match store
        .unlink_innovation(
            &n.code,
            field(&pairs, "kobling_type"),
            field(&pairs, "kobling_mal"),
        )
        .await
    {
        Ok(()) | Err(SaveError::Store(StoreError::NotFound(_))) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding=fjernet#baerere",
            n.code
        ))
        .into_response()),
        Err(SaveError::Invalid(_)) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

const INNOVATION_FIELDS: &str = "et JSON-objekt med feltene code, name, description, kind, dimension, area, practice_model, radical (radikal, inkrementell eller tom), financing, origin_place, origin_kommunenummer, origin_country og origin_year";

fn api_input(f: &mut Fields) -> InnovationInput {
    InnovationInput {
        code: f.text("code", "kode"),
        name: f.text("name", "navn"),
        description: f.text("description", "beskrivelse"),
        kind: f.text("kind", "type"),
        dimension: f.text("dimension", "dimensjon"),
        area: f.text("area", "omrade"),
        practice_model: f.text("practice_model", "praksismodell"),
        radical: f.text("radical", "radikal"),
        financing: f.text("financing", "finansiering"),
        origin_place: f.text("origin_place", "opprinnelse"),
        origin_kommunenummer: f.text("origin_kommunenummer", "opprinnelse_kommunenummer"),
        origin_country: f.text("origin_country", "land"),
        origin_year: f.text("origin_year", "opprinnelse_ar"),
    }
}

fn saved(r: Result<(), SaveError>, code: &str) -> Result<(), ApiError> {
    match r {
        Ok(()) => Ok(()),
        Err(SaveError::Invalid(errors)) => Err(invalid(&errors)),
        Err(SaveError::Store(StoreError::NotFound(what))) => Err(ApiError::not_found(format!(
            "Fant ikke {what} (innovasjonen «{code}»)."
        ))),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /api/v1/innovations`: 201 with the new innovation's code.
pub async fn api_create(
    Acting(store): Acting,
    auth: Auth,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_record_innovation())?;
    let mut f = Fields::object(&body, INNOVATION_FIELDS)?;
    let input = api_input(&mut f);
    f.done(|| None)?;
    let code = input.code.trim().to_string();
    saved(store.create_innovation(&input).await.map(|_| ()), &code)?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "code": code })),
    )
        .into_response())
}

async fn api_innovation(
    store: &Store,
    auth: &Auth,
    code: &str,
) -> Result<StoredInnovation, ApiError> {
    innovation_of(store, auth, code).await.map_err(|e| match e {
        PageError::NotFound => ApiError::not_found(format!("Fant ikke innovasjonen «{code}».")),
        other => api_refusal(auth, other),
    })
}

/// `PUT /api/v1/innovations/{code}`: the innovation's facts as a whole (the code stays).
pub async fn api_update(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n = api_innovation(&store, &auth, &code).await?;
    require(&auth, auth.viewer.may_record_innovation())?;
    let mut f = Fields::object(&body, INNOVATION_FIELDS)?;
    let input = api_input(&mut f);
    f.done(|| None)?;
    saved(store.update_innovation(&n.code, &input).await, &n.code)?;
    let n = api_innovation(&store, &auth, &n.code).await?;
    Ok(Json(n).into_response())
}

/// `POST /api/v1/innovations/{code}/links`: `{"kind": "prosjekt", "target": "vest-01"}`.
pub async fn api_link(
    Acting(store): Acting,
    auth: Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n = api_innovation(&store, &auth, &code).await?;
    require(&auth, auth.viewer.may_record_innovation())?;
    let mut f = Fields::object(
        &body,
        "et JSON-objekt med feltene kind (prosjekt, dokument, arena eller tilskudd) og target",
    )?;
    let kind = f.text("kind", "kobling_type");
    let target = f.text("target", "kobling_mal");
    f.done(|| None)?;
    saved(
        store.link_innovation(&n.code, &kind, &target).await,
        &n.code,
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Template)]
#[template(path = "innovation/adoption_form.html")]
pub struct AdoptionFormPage {
    pub layout: Layout,
    pub code: String,
    pub name: String,
    pub adopter: String,
    pub f: FormView,
    pub spread_options: Vec<Opt>,
    pub channel_options: Vec<Opt>,
    pub phase_options: Vec<Opt>,
    pub kind_options: Vec<Opt>,
}

fn adoption_pairs(a: &husk_domain::innovation::adoptions::AdoptionInput) -> Pairs {
    [
        ("adopter", a.adopter.clone()),
        ("adopter_type", a.adopter_kind.clone()),
        ("kommunenummer", a.kommunenummer.clone()),
        ("fra", a.from.clone()),
        ("spredning", a.spread.clone()),
        ("kanal", a.channel.clone()),
        ("fase", a.phase.clone()),
        ("ar", a.year.clone()),
        ("senest", a.year_at_latest.clone()),
        ("resultat", a.result.clone()),
        ("dokumentasjon", a.evidence.clone()),
        (
            "bekreftet",
            if a.confirmed {
                "1".into()
            } else {
                String::new()
            },
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[allow(clippy::too_many_arguments)]
async fn adoption_page(
    store: &Store,
    auth: &Auth,
    n: &StoredInnovation,
    adopter: &str,
    id: i64,
    status: StatusCode,
    pairs: Pairs,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let f = FormView::new(
        format!("/innovasjon/{}/overtakelser/{id}/endre", n.code),
        "overtakelse",
        pairs,
        errors,
        super::views::field_label,
    );
    let [spread_options, channel_options, phase_options, kind_options] =
        super::views::adoption_options(Some(&f));
    let page = AdoptionFormPage {
        layout: layout(
            store,
            auth,
            format!("Rett overtakelsen – {}", n.name),
            Nav::Innovation,
        )
        .await?,
        code: n.code.clone(),
        name: n.name.clone(),
        adopter: adopter.to_string(),
        f,
        spread_options,
        channel_options,
        phase_options,
        kind_options,
    };
    render(status, &page)
}

fn adoption_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// `GET /innovasjon/{code}/overtakelser/{id}/endre`: correcting an adoption (advisers, and
/// the adopting organisation's recipient users).
pub async fn adoption_form(
    Acting(store): Acting,
    auth: Auth,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    let id = adoption_id(&id)?;
    let a = n.adoption(id).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_confirm_adoption(a.scope()))?;
    adoption_page(
        &store,
        &auth,
        &n,
        &a.adopter,
        id,
        StatusCode::OK,
        adoption_pairs(&a.input()),
        FieldErrors::new(),
    )
    .await
}

/// `POST /innovasjon/{code}/overtakelser/{id}/endre`: saves the correction (who adopted stays).
pub async fn save_adoption(
    Acting(store): Acting,
    auth: Auth,
    Path((code, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let n = innovation_of(&store, &auth, &code).await?;
    let id = adoption_id(&id)?;
    let a = n.adoption(id).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_confirm_adoption(a.scope()))?;
    let pairs = form_pairs(&body);
    // Who adopted stays whatever the form says.
    let input = husk_domain::innovation::adoptions::AdoptionInput {
        adopter: a.adopter.clone(),
        ..super::pages::adoption_input(&pairs)
    };
    match store.update_adoption(&n.code, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/innovasjon/{}?melding=rettet#overtakelse-{id}",
            n.code
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            adoption_page(
                &store,
                &auth,
                &n,
                &a.adopter,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                pairs,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
