//! Removing an extra question from an arena's evaluation form: `GET …/fjern` asks first,
//! `POST …/fjern` acts only with `bekreft=ja`, and the API's `DELETE`. Who may is the domain's
//! `may_remove_evaluation_question` (as for setting the form up); only while nobody has
//! answered (`question_removal_refused`). The core questions are not stored, so they are
//! never found here.

use super::pages::{evaluation_of, number};
use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::shared::api::{api_refusal, require};
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::evaluations::question_removal_refused;
use husk_store::learning::evaluations::{Evaluation, StoredQuestion};
use husk_store::learning::Removed;
use husk_store::{Store, StoreError};

/// The form's extra question `raw`, for who may remove it.
async fn question_of(
    store: &Store,
    auth: &Auth,
    id: &str,
    raw: &str,
) -> Result<(Evaluation, StoredQuestion, usize), PageError> {
    let e = evaluation_of(store, auth, id).await?;
    auth.allow(auth.viewer.may_remove_evaluation_question(&e.arena.office))?;
    let qid = number(raw)?;
    let form = e.form.as_ref().ok_or(PageError::NotFound)?;
    let q = form
        .extra
        .iter()
        .find(|q| q.id == qid)
        .cloned()
        .ok_or(PageError::NotFound)?;
    let answered = form.answered;
    Ok((e, q, answered))
}

async fn confirm_page(
    store: &Store,
    auth: &Auth,
    e: &Evaluation,
    q: &StoredQuestion,
    refused: Option<String>,
) -> Result<Response, PageError> {
    let back = format!("/laeringsarenaer/{}/evaluering", e.arena.id);
    let heading = "Fjerne spørsmålet fra skjemaet?".to_string();
    let (status, paragraphs, action) = match refused {
        Some(why) => (StatusCode::CONFLICT, vec![why], None),
        None => (
            StatusCode::OK,
            vec![
                format!(
                    "«{}» tas ut av evalueringsskjemaet til {}. De faste spørsmålene blir stående.",
                    q.question.text, e.arena.title
                ),
                "Fjerningen står i endringsloggen med hvem som gjorde den og når.".into(),
            ],
            Some(format!("{back}/sporsmal/{}/fjern", q.id)),
        ),
    };
    render(
        status,
        &ConfirmPage {
            layout: layout(store, auth, heading.clone(), Nav::Learning).await?,
            back: Some((format!("Evaluering av {}", e.arena.title), back.clone())),
            heading,
            paragraphs,
            action,
            button: "Fjern".into(),
            cancel_href: format!("{back}#sporsmal"),
        },
    )
}

/// `GET /laeringsarenaer/{id}/evaluering/sporsmal/{question}/fjern`.
pub async fn confirm_question(
    Acting(store): Acting,
    auth: Auth,
    Path((id, question)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (e, q, answered) = question_of(&store, &auth, &id, &question).await?;
    confirm_page(&store, &auth, &e, &q, question_removal_refused(answered)).await
}

/// `POST /laeringsarenaer/{id}/evaluering/sporsmal/{question}/fjern`.
pub async fn remove_question(
    Acting(store): Acting,
    auth: Auth,
    Path((id, question)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (e, q, _) = question_of(&store, &auth, &id, &question).await?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&format!(
            "/laeringsarenaer/{}/evaluering/sporsmal/{}/fjern",
            e.arena.id, q.id
        ))
        .into_response());
    }
    match store.remove_evaluation_question(e.arena.id, q.id).await {
        Ok(Removed::Removed) => Ok(Redirect::to(&format!(
            "/laeringsarenaer/{}/evaluering?melding=sporsmal-fjernet#sporsmal",
            e.arena.id
        ))
        .into_response()),
        Ok(Removed::Refused(why)) => confirm_page(&store, &auth, &e, &q, Some(why)).await,
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// `DELETE /api/v1/arenas/{id}/evaluation/questions/{question}`: 204; 409 once the form has
/// answers.
pub async fn api_remove_question(
    Acting(store): Acting,
    auth: Auth,
    Path((id, question)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let e = evaluation_of(&store, &auth, &id)
        .await
        .map_err(|err| match err {
            PageError::NotFound => ApiError::not_found(format!("Fant ikke læringsarenaen «{id}».")),
            other => api_refusal(&auth, other),
        })?;
    require(
        &auth,
        auth.viewer.may_remove_evaluation_question(&e.arena.office),
    )?;
    let not_found = || {
        ApiError::not_found(format!(
            "Skjemaet har ikke noe eget spørsmål «{question}». De faste spørsmålene kan ikke fjernes."
        ))
    };
    let qid: i64 = question.parse().map_err(|_| not_found())?;
    match store.remove_evaluation_question(e.arena.id, qid).await {
        Ok(Removed::Removed) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(Removed::Refused(why)) => Err(crate::learning::refused(why)),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}
