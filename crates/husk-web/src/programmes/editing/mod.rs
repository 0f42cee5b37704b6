//! Editing a programme and its participants (issue 10: «Advisers edit their office's
//! programmes»): `/programmer/{id}/endre` (type, owning offices, which only an administrator
//! changes, budget figures with their precision, period, Husbanken's programme coordinator,
//! the goal hierarchy with stable codes), `/programmer/{id}/ny-deltaker` (a participant with
//! its first phase recorded), `/programmer/{id}/deltakere/{p}/endre` (pool year, planned end,
//! contact adviser, and removal while nothing is recorded) and their part of the API
//! (`api.rs`). Access: [`husk_domain::Viewer::may_edit_programme`].

pub(crate) mod api;
mod goal_indicators;
pub(crate) mod views;

use self::views::{
    GoalRow, NewParticipantPage, ParticipantEditPage, ParticipantForm, ProgrammeForm,
    ProgrammeFormPage,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::query::field;
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::openapi::Doc;
use crate::shared::pages::{found, layout, render};
use crate::shared::routes::Route;
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::phases::Recorder;
use husk_domain::FieldErrors;
use husk_store::programmes::editing::Removal;
use husk_store::programmes::{Participant, Programme};
use husk_store::{SaveError, Store, StoreError};

/// The editing pages' routes.
pub(crate) fn page_routes() -> Vec<Route> {
    vec![
        Route::get("/programmer/{id}/endre", edit_form),
        Route::post("/programmer/{id}/endre", save),
        Route::get("/programmer/{id}/malindikatorer", goal_indicators::form),
        Route::post("/programmer/{id}/malindikatorer", goal_indicators::save),
        Route::get("/programmer/{id}/ny-deltaker", new_participant_form),
        Route::post("/programmer/{id}/ny-deltaker", add_participant),
        Route::get(
            "/programmer/{id}/deltakere/{participant}/endre",
            participant_form,
        ),
        Route::post(
            "/programmer/{id}/deltakere/{participant}/endre",
            update_participant,
        ),
        Route::get(
            "/programmer/{id}/deltakere/{participant}/fjern",
            confirm_removal,
        ),
        Route::post(
            "/programmer/{id}/deltakere/{participant}/fjern",
            remove_participant,
        ),
    ]
}

/// What adding or changing a participant answers with.
const PARTICIPANT_ANSWER: &str = "{id:integer, name:string, warnings:[string]}";

/// The editing routes of the API (under `/api/v1`).
pub(crate) fn api_routes() -> Vec<Route> {
    vec![
        Route::put("/programmes/{id}", api::put_programme).doc(Doc::write(
            "Endrer et program: alle feltene som kan endres.",
            "object",
            200,
            super::PROGRAMME,
        )),
        Route::patch("/programmes/{id}", api::patch_programme).doc(Doc::write(
            "Endrer feltene som er sendt i et program.",
            "object",
            200,
            super::PROGRAMME,
        )),
        Route::put("/programmes/{id}/goal-indicators", api::put_goal_indicators).doc(Doc::write(
            "Hvilke indikatorer som måler hvilke mål i programmet.",
            "{links:[{goal:string, indicator:string}]}",
            200,
            super::PROGRAMME,
        )),
        Route::post("/programmes/{id}/participants", api::post_participant).doc(Doc::write(
            "Legger til en deltaker i programmet.",
            "object",
            201,
            PARTICIPANT_ANSWER,
        )),
        Route::patch(
            "/programmes/{id}/participants/{participant}",
            api::patch_participant,
        )
        .doc(Doc::write(
            "Endrer feltene som er sendt for en deltaker.",
            "object",
            200,
            PARTICIPANT_ANSWER,
        )),
        Route::post(
            "/programmes/{id}/participants/{participant}/remove",
            api::remove_participant,
        )
        .doc(Doc::done(
            "Fjerner en deltaker som ennå ikke har noe registrert (ellers 409 med hvorfor).",
        )),
    ]
}

/// The programme page's confirmation after an edit here (`?melding=…`).
pub(crate) fn confirmation(query: Option<&str>) -> Option<String> {
    let get = |k: &str| crate::query::param(query, k);
    match get("melding").as_deref() {
        Some("programmet-lagret") => Some("Endringene i programmet er lagret.".into()),
        Some("malindikatorer-lagret") => Some("Indikatorene for målene er lagret.".into()),
        Some("deltaker-fjernet") => Some(match get("deltaker") {
            Some(name) => format!("{name} er fjernet fra programmet."),
            None => "Deltakeren er fjernet fra programmet.".into(),
        }),
        _ => None,
    }
}

pub(super) async fn editable(store: &Store, auth: &Auth, id: &str) -> Result<Programme, PageError> {
    let p = found(auth, store.read_as(&auth.viewer).programme(id).await)?;
    auth.allow(auth.viewer.may_edit_programme(&p.offices))?;
    Ok(p)
}

fn regions(store: &Store) -> Vec<(String, String)> {
    store
        .taxonomy()
        .regions
        .iter()
        .map(|r| (r.code.clone(), r.name_nb.clone()))
        .collect()
}

async fn programme_page(
    store: &Store,
    auth: &Auth,
    p: &Programme,
    form: &ProgrammeForm,
    rows: &[usize],
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        format!("Endre programmet: {}", p.title)
    } else {
        format!("Feil i skjemaet: Endre programmet: {}", p.title)
    };
    let retired = store
        .read_as(&auth.viewer)
        .retired_goals(p)
        .await?
        .into_iter()
        .map(|g| {
            format!(
                "{} ({}): {}",
                g.code,
                g.level.label().to_lowercase(),
                g.text
            )
        })
        .collect();
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &ProgrammeFormPage::new(
            layout,
            p,
            &regions(store),
            form,
            rows,
            errors,
            auth.viewer.may_change_programme_offices(),
            retired,
        ),
    )
}

/// `GET /programmer/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let coordinator = store
        .read_as(&auth.viewer)
        .programme_coordinator(&p)
        .await?;
    let form = ProgrammeForm::of(&p, &coordinator);
    programme_page(&store, &auth, &p, &form, &[], &FieldErrors::new()).await
}

/// The programme's form as posted.
fn programme_form(pairs: &[(String, String)]) -> ProgrammeForm {
    let f = |k: &str| field(pairs, k).to_string();
    let count: usize = f("mal_antall").parse().unwrap_or(0).min(200);
    ProgrammeForm {
        programme_type: f("type"),
        offices: pairs
            .iter()
            .filter(|(k, _)| k == "kontor")
            .map(|(_, v)| v.clone())
            .collect(),
        budget_total: f("budsjett"),
        budget_total_precision: f("budsjett_presisjon"),
        budget_support: f("prosjektstotte"),
        budget_support_precision: f("prosjektstotte_presisjon"),
        start_year: f("start"),
        end_year: f("slutt"),
        coordinator: f("koordinator"),
        goals: (1..=count)
            .map(|n| GoalRow {
                code: f(&format!("mal.{n}.kode")),
                level: f(&format!("mal.{n}.niva")),
                text: f(&format!("mal.{n}.tekst")),
                remove: !field(pairs, &format!("mal.{n}.fjern")).is_empty(),
            })
            .collect(),
    }
}

/// `POST /programmer/{id}/endre`: saves, or shows the form again with what was typed and every
/// problem at its field.
pub async fn save(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let form = programme_form(&form_pairs(&body));
    let (input, rows) = form.input();
    match store
        .update_programme(&p.id, &input, auth.viewer.may_change_programme_offices())
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/programmer/{}?melding=programmet-lagret", p.id))
                .into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            programme_page(&store, &auth, &p, &form, &rows, &errors).await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn participant_form_of(pairs: &[(String, String)]) -> ParticipantForm {
    let f = |k: &str| field(pairs, k).to_string();
    ParticipantForm {
        kommunenummer: f("kommunenummer"),
        municipality: f("kommune"),
        district: f("bydel"),
        pool_year: f("pulje"),
        planned_end_year: f("slutt"),
        contact_adviser: f("kontaktradgiver"),
    }
}

async fn new_participant_page(
    store: &Store,
    auth: &Auth,
    p: &Programme,
    form: &ParticipantForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        format!("Ny deltaker: {}", p.title)
    } else {
        format!("Feil i skjemaet: Ny deltaker: {}", p.title)
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &NewParticipantPage::new(layout, p, form, errors))
}

/// `GET /programmer/{id}/ny-deltaker`.
pub async fn new_participant_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    new_participant_page(
        &store,
        &auth,
        &p,
        &ParticipantForm::default(),
        &FieldErrors::new(),
    )
    .await
}

/// `POST /programmer/{id}/ny-deltaker`: adds the participant and shows its row with any
/// warning, or the form again.
pub async fn add_participant(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let Some(user) = auth.viewer.user() else {
        return Err(PageError::Forbidden);
    };
    let form = participant_form_of(&form_pairs(&body));
    match store
        .add_participant(&p.id, &form.input(), Recorder::from(user))
        .await
    {
        Ok(added) => Ok(Redirect::to(&format!(
            "/programmer/{}/deltakere/{}/endre?melding=lagt-til",
            p.id, added.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            new_participant_page(&store, &auth, &p, &form, &errors).await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn participant_of<'a>(p: &'a Programme, raw: &str) -> Result<&'a Participant, PageError> {
    let pid: i64 = raw.parse().map_err(|_| PageError::NotFound)?;
    p.participant(pid).ok_or(PageError::NotFound)
}

fn stored_form(x: &Participant) -> ParticipantForm {
    ParticipantForm {
        pool_year: x.pool.year().map_or(String::new(), |y| y.to_string()),
        planned_end_year: x
            .planned_end
            .map_or(String::new(), |d| d.year().to_string()),
        contact_adviser: x.contact_adviser.clone(),
        ..ParticipantForm::default()
    }
}

#[allow(clippy::too_many_arguments)]
async fn participant_page(
    store: &Store,
    auth: &Auth,
    p: &Programme,
    x: &Participant,
    form: &ParticipantForm,
    errors: &FieldErrors,
    message: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        format!("Endre deltaker: {}", x.name)
    } else {
        format!("Feil i skjemaet: Endre deltaker: {}", x.name)
    };
    // The warning about the planned length, for the row as it stands.
    let warnings = form
        .input()
        .validate_change(p.period, p.participation_years.map(|y| (y.min, y.max)))
        .map(|c| c.warnings)
        .unwrap_or_default();
    let recorded = store.participant_recorded(x.id).await?;
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    render(
        status,
        &ParticipantEditPage::new(layout, p, x, form, errors, message, warnings, &recorded),
    )
}

/// `GET /programmer/{id}/deltakere/{participant}/endre`.
pub async fn participant_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    let message = match crate::query::param(query.as_deref(), "melding").as_deref() {
        Some("lagt-til") => Some(format!(
            "{} er lagt til i programmet, i fasen «søknad og opptak».",
            x.name
        )),
        Some("lagret") => Some(format!("Endringene for {} er lagret.", x.name)),
        _ => None,
    };
    participant_page(
        &store,
        &auth,
        &p,
        x,
        &stored_form(x),
        &FieldErrors::new(),
        message,
        StatusCode::OK,
    )
    .await
}

/// `POST /programmer/{id}/deltakere/{participant}/endre`.
pub async fn update_participant(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    let form = participant_form_of(&form_pairs(&body));
    match store.update_participant(x.id, &form.input()).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/programmer/{}/deltakere/{}/endre?melding=lagret",
            p.id, x.id
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            participant_page(
                &store,
                &auth,
                &p,
                x,
                &form,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn removal_href(p: &Programme, x: &Participant) -> String {
    format!("/programmer/{}/deltakere/{}/fjern", p.id, x.id)
}

/// `GET /programmer/{id}/deltakere/{participant}/fjern`: asks before a participant is removed,
/// saying what goes with it; when something is recorded for it, the edit page says why it
/// cannot be removed instead.
pub async fn confirm_removal(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    if !store.participant_recorded(x.id).await?.lines().is_empty() {
        return participant_page(
            &store,
            &auth,
            &p,
            x,
            &stored_form(x),
            &FieldErrors::new(),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let heading = format!("Fjerne {} fra programmet?", x.name);
    let layout = layout(&store, &auth, heading.clone(), Nav::Programmes).await?;
    let mut paragraphs = vec![format!(
        "{} står i «{}» uten noe registrert ut over opptaket: ingen senere faser, planer, statusmøter eller tilskudd.",
        x.name, p.title
    )];
    if let Some(e) = &x.entry {
        paragraphs.push(format!(
            "Deltakelsens oppføring i registeret ({}) slettes også når ingenting annet viser til den.",
            e.id
        ));
    }
    paragraphs.push(
        "Fjerningen står i endringsloggen, men kan ikke angres herfra. Legg deltakeren til på nytt om den ble fjernet ved en feil.".into(),
    );
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout,
            back: Some((
                x.name.clone(),
                format!("/programmer/{}/deltakere/{}/endre", p.id, x.id),
            )),
            heading,
            paragraphs,
            action: Some(removal_href(&p, x)),
            button: format!("Fjern {}", x.name),
            cancel_href: format!("/programmer/{}/deltakere/{}/endre", p.id, x.id),
        },
    )
}

/// `POST /programmer/{id}/deltakere/{participant}/fjern`: removes the participant, or shows
/// its page with what is recorded (409).
pub async fn remove_participant(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let p = editable(&store, &auth, &id).await?;
    let x = participant_of(&p, &participant)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&removal_href(&p, x)).into_response());
    }
    match store.remove_participant(x.id).await? {
        Removal::Removed => {
            let query = serde_urlencoded::to_string([
                ("melding", "deltaker-fjernet"),
                ("deltaker", x.name.as_str()),
            ])
            .unwrap_or_default();
            Ok(Redirect::to(&format!("/programmer/{}?{query}#deltakere", p.id)).into_response())
        }
        Removal::Refused(_) => {
            participant_page(
                &store,
                &auth,
                &p,
                x,
                &stored_form(x),
                &FieldErrors::new(),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}
