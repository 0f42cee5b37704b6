//! The evaluation form answered without logging in: `/evaluering/{token}`. The page says when
//! the form opens and closes; a participant answers once (per personal link, or per device
//! through the `husk_evaluering` cookie this page sets for the open link); the form carries a
//! random key so that a double click on «Send» stores one answer. Nothing about the sender is
//! passed to the store but the answers.

use super::views::{AnswerForm, AnswerPage, ThanksPage};
use crate::auth::{cookie, set_cookie, Auth, CookiePolicy};
use crate::error::PageError;
use crate::query::field;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::FieldErrors;
use husk_store::accounts::random_hex;
use husk_store::learning::evaluations::{oslo_now, PublicForm, SubmitError, Submitted};
use std::collections::BTreeMap;

/// The device's cookie for the open link.
pub const DEVICE_COOKIE: &str = "husk_evaluering";

fn device_of(headers: &HeaderMap) -> Option<String> {
    cookie(headers, DEVICE_COOKIE)
        .filter(|c| c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The device cookie to set: a year, for the evaluation pages only.
fn device_cookie(policy: CookiePolicy, value: &str) -> HeaderValue {
    let v = set_cookie(policy, DEVICE_COOKIE, value, Some(365 * 24 * 3600));
    let s = v
        .to_str()
        .unwrap_or_default()
        .replacen("Path=/;", "Path=/evaluering;", 1);
    HeaderValue::from_str(&s).unwrap_or(v)
}

struct Typed {
    values: BTreeMap<String, String>,
    errors: FieldErrors,
    submission: String,
    notice: Option<String>,
}

async fn page(
    store: &husk_store::Store,
    auth: &Auth,
    token: &str,
    form: &PublicForm,
    status: StatusCode,
    typed: Option<Typed>,
) -> Result<Response, PageError> {
    let invalid = typed.as_ref().is_some_and(|t| !t.errors.is_empty());
    let title = if invalid {
        format!("Feil i skjemaet: Evaluering av {}", form.arena.title)
    } else {
        format!("Evaluering av {}", form.arena.title)
    };
    let layout = layout(store, auth, title, Nav::None).await?;
    let typed = typed.unwrap_or_else(|| Typed {
        values: BTreeMap::new(),
        errors: FieldErrors::new(),
        submission: random_hex(16),
        notice: None,
    });
    let answer_form = AnswerForm::new(
        form,
        format!("/evaluering/{token}"),
        &typed.values,
        &typed.errors,
        typed.submission,
        typed.notice,
    );
    render(status, &AnswerPage::new(layout, form, answer_form))
}

fn with_device(mut r: Response, policy: CookiePolicy, new_device: Option<&str>) -> Response {
    if let Some(d) = new_device {
        r.headers_mut()
            .append(header::SET_COOKIE, device_cookie(policy, d));
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// `GET /evaluering/{token}`: the form, or what keeps it from being answered now.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    axum::Extension(policy): axum::Extension<CookiePolicy>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let (device, new_device) = match device_of(&headers) {
        Some(d) => (d, None),
        None => {
            let d = random_hex(32);
            (d.clone(), Some(d))
        }
    };
    let form = store
        .evaluation_by_token(&token, Some(&device), oslo_now())
        .await?
        .ok_or(PageError::NotFound)?;
    let r = page(&store, &auth, &token, &form, StatusCode::OK, None).await?;
    Ok(with_device(r, policy, new_device.as_deref()))
}

/// `POST /evaluering/{token}`: stores the answers, then shows the thanks; bad answers are
/// shown again with a message at each question.
pub async fn submit(
    Acting(store): Acting,
    auth: Auth,
    axum::Extension(policy): axum::Extension<CookiePolicy>,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let submission = field(&pairs, "skjema").to_string();
    let values: BTreeMap<String, String> = pairs
        .iter()
        .filter(|(k, _)| k != "_csrf" && k != "skjema")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let device = device_of(&headers);
    let now = oslo_now();
    let result = store
        .submit_evaluation(&token, device.as_deref(), &submission, &values, now)
        .await;
    let again = |errors: FieldErrors, notice: Option<String>| Typed {
        values: values.clone(),
        errors,
        submission: if submission.len() >= 16 {
            submission.clone()
        } else {
            random_hex(16)
        },
        notice,
    };
    let form = || async {
        store
            .evaluation_by_token(&token, device.as_deref(), now)
            .await?
            .ok_or(PageError::NotFound)
    };
    match result {
        Ok(Submitted::Stored | Submitted::AlreadyStored) => {
            Ok(Redirect::to(&format!("/evaluering/{token}/takk")).into_response())
        }
        Err(SubmitError::Invalid(errors)) => {
            let f = form().await?;
            let r = page(
                &store,
                &auth,
                &token,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(again(errors, None)),
            )
            .await?;
            Ok(with_device(r, policy, None))
        }
        Err(SubmitError::NoDevice) => {
            let f = form().await?;
            let d = random_hex(32);
            let r = page(
                &store,
                &auth,
                &token,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(again(
                    FieldErrors::new(),
                    Some("Svaret ble ikke sendt: nettleseren sendte ikke informasjonskapselen som sørger for at hver deltaker svarer én gang. Svarene dine står under. Trykk «Send» igjen. Virker det ikke, må nettleseren tillate informasjonskapsler fra denne siden.".into()),
                )),
            )
            .await?;
            Ok(with_device(r, policy, Some(&d)))
        }
        Err(SubmitError::NotOpen(_) | SubmitError::AlreadyAnswered) => {
            let f = form().await?;
            let r = page(&store, &auth, &token, &f, StatusCode::CONFLICT, None).await?;
            Ok(with_device(r, policy, None))
        }
        Err(SubmitError::NotFound) => Err(PageError::NotFound),
        Err(SubmitError::Store(e)) => Err(e.into()),
    }
}

/// `GET /evaluering/{token}/takk`: the thanks after an answer.
pub async fn thanks(
    Acting(store): Acting,
    auth: Auth,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let device = device_of(&headers);
    let form = store
        .evaluation_by_token(&token, device.as_deref(), oslo_now())
        .await?
        .ok_or(PageError::NotFound)?;
    let layout = layout(&store, &auth, "Takk for svaret", Nav::None).await?;
    render(
        StatusCode::OK,
        &ThanksPage {
            layout,
            arena: form.arena.title.clone(),
        },
    )
}
