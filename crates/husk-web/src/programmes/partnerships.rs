//! The agreements' pages: the list (`/avtaler`), the form for a new one and for changes, and an
//! agreement's page with its dialogue meetings and the form that records one. Reading is for
//! staff and the municipality's own recipient users; changes for the office's advisers and
//! administrators (the domain's `may_read_agreement`, `may_manage_agreement`).

use super::partnerships_views::{AgreementFormPage, AgreementPage, AgreementsPage, DialogueForm};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::{field, param};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::programmes::partnerships::{AgreementInput, DialogueMeetingInput, PartyInput};
use husk_domain::{FieldErrors, Viewer};
use husk_store::programmes::partnerships::StoredAgreement;
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};

/// `GET /avtaler`: the agreements the viewer may read, a page at a time.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.is_logged_in())?;
    let list = store.read_as(&auth.viewer).agreements().await?;
    let paging = Paging::for_list(query.as_deref(), list.len());
    let nav = PageNav::new("/avtaler", query.as_deref(), paging, list.len());
    let layout = layout(&store, &auth, "Avtaler", Nav::Programmes).await?;
    let page = AgreementsPage::new(
        layout,
        &list,
        paging.range(list.len()),
        nav,
        auth.viewer.may_create_projects(),
        !auth.viewer.may_read_all_programmes(),
        today(),
    );
    render(StatusCode::OK, &page)
}

/// The offices the viewer may file an agreement under.
fn offices_for<'a>(store: &'a Store, viewer: &Viewer) -> Vec<&'a str> {
    store
        .taxonomy()
        .regions
        .iter()
        .filter(|r| r.is_office())
        .map(|r| r.code.as_str())
        .filter(|c| viewer.may_create_agreement(c))
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    store: &Store,
    auth: &Auth,
    heading: String,
    action: String,
    cancel: String,
    status: StatusCode,
    values: AgreementInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i skjemaet: {heading}")
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let offices = offices_for(store, &auth.viewer);
    let page = AgreementFormPage::new(
        layout,
        heading,
        action,
        cancel,
        values,
        errors,
        &offices,
        store.taxonomy(),
    );
    render(status, &page)
}

/// The form as typed: parties from the repeated `part_navn` and `part_type`.
fn agreement_input(body: &[u8]) -> AgreementInput {
    let pairs = form_pairs(body);
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (names, kinds) = (all("part_navn"), all("part_type"));
    let parties = (0..names.len().max(kinds.len()))
        .map(|i| PartyInput {
            name: names.get(i).cloned().unwrap_or_default(),
            kind: kinds.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    AgreementInput {
        kommunenummer: field(&pairs, "kommunenummer").to_string(),
        office: field(&pairs, "kontor").to_string(),
        title: field(&pairs, "tittel").to_string(),
        kind: field(&pairs, "type").to_string(),
        parties,
        start: field(&pairs, "fra").to_string(),
        end: field(&pairs, "til").to_string(),
        renegotiation: field(&pairs, "reforhandling").to_string(),
        procurement: field(&pairs, "anskaffelse").to_string(),
        procurement_reason: field(&pairs, "begrunnelse").to_string(),
        notes: field(&pairs, "merknad").to_string(),
    }
}

/// Checks that the viewer may file the agreement under the office typed: one they may not
/// choose is an error at the field, with the form's other problems.
fn check_office(store: &Store, auth: &Auth, input: &AgreementInput) -> Result<(), FieldErrors> {
    let office = input.office.trim();
    let mut errors = match store.check_agreement(input) {
        Ok(_) => FieldErrors::new(),
        Err(SaveError::Invalid(e)) => e,
        Err(SaveError::Store(_)) => FieldErrors::new(),
    };
    if !office.is_empty()
        && errors.get("kontor").is_none()
        && !auth.viewer.may_create_agreement(office)
    {
        errors.push(
            "kontor",
            "Du kan bare registrere avtaler for ditt eget kontor. Velg kontoret ditt.",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `GET /avtaler/ny`: the form (advisers and administrators).
pub async fn new_form(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_projects())?;
    let offices = offices_for(&store, &auth.viewer);
    let values = AgreementInput {
        // A municipality's page may link here with its kommunenummer.
        kommunenummer: param(query.as_deref(), "kommune").unwrap_or_default(),
        office: if offices.len() == 1 {
            offices[0].to_string()
        } else {
            String::new()
        },
        ..AgreementInput::default()
    };
    form_page(
        &store,
        &auth,
        "Ny avtale".into(),
        "/avtaler/ny".into(),
        "/avtaler".into(),
        StatusCode::OK,
        values,
        FieldErrors::new(),
    )
    .await
}

/// `POST /avtaler/ny`: creates the agreement, or shows the form again with what was typed.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_create_projects())?;
    let input = agreement_input(&body);
    let invalid = |errors| {
        form_page(
            &store,
            &auth,
            "Ny avtale".into(),
            "/avtaler/ny".into(),
            "/avtaler".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            input.clone(),
            errors,
        )
    };
    if let Err(errors) = check_office(&store, &auth, &input) {
        return invalid(errors).await;
    }
    match store.create_agreement(&input).await {
        Ok(id) => Ok(Redirect::to(&format!("/avtaler/{id}?melding=lagret")).into_response()),
        Err(SaveError::Invalid(errors)) => invalid(errors).await,
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn agreement_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

async fn agreement(store: &Store, auth: &Auth, id: &str) -> Result<StoredAgreement, PageError> {
    let id = agreement_id(id)?;
    found(auth, store.read_as(&auth.viewer).agreement(id).await)
}

async fn agreement_page(
    store: &Store,
    auth: &Auth,
    a: &StoredAgreement,
    status: StatusCode,
    form: Option<DialogueForm>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let title = if form.as_ref().is_some_and(|f| !f.errors.is_empty()) {
        format!("Feil i skjemaet: {}", a.title)
    } else {
        a.title.clone()
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let page = AgreementPage::new(
        layout,
        a,
        store.taxonomy(),
        auth.viewer.may_manage_agreement(a.scope()),
        form,
        today(),
        message,
    );
    render(status, &page)
}

/// `GET /avtaler/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let a = agreement(&store, &auth, &id).await?;
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("lagret") => Some("Avtalen er lagret.".to_string()),
        Some("dialogmote") => Some("Dialogmøtet er registrert.".to_string()),
        _ => None,
    };
    agreement_page(&store, &auth, &a, StatusCode::OK, None, message).await
}

/// `GET /avtaler/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let a = agreement(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_agreement(a.scope()))?;
    form_page(
        &store,
        &auth,
        format!("Endre avtalen «{}»", a.title),
        format!("/avtaler/{}/endre", a.id),
        format!("/avtaler/{}", a.id),
        StatusCode::OK,
        a.input(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /avtaler/{id}/endre`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let a = agreement(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_agreement(a.scope()))?;
    let input = agreement_input(&body);
    let invalid = |errors| {
        form_page(
            &store,
            &auth,
            format!("Endre avtalen «{}»", a.title),
            format!("/avtaler/{}/endre", a.id),
            format!("/avtaler/{}", a.id),
            StatusCode::UNPROCESSABLE_ENTITY,
            input.clone(),
            errors,
        )
    };
    if let Err(errors) = check_office(&store, &auth, &input) {
        return invalid(errors).await;
    }
    match store.update_agreement(a.id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/avtaler/{}?melding=lagret", a.id)).into_response()),
        Err(SaveError::Invalid(errors)) => invalid(errors).await,
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /avtaler/{id}/dialogmoter`: records a held dialogue meeting.
pub async fn record_dialogue(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let a = agreement(&store, &auth, &id).await?;
    auth.allow(auth.viewer.may_manage_agreement(a.scope()))?;
    let pairs = form_pairs(&body);
    let values = DialogueMeetingInput {
        date: field(&pairs, "dato").to_string(),
        attendees: field(&pairs, "deltakere").to_string(),
        notes: field(&pairs, "referat").to_string(),
    };
    match store.record_agreement_dialogue(a.id, &values).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/avtaler/{}?melding=dialogmote#dialogmoter", a.id))
                .into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            let form = DialogueForm::new(format!("/avtaler/{}/dialogmoter", a.id), values, errors);
            agreement_page(
                &store,
                &auth,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(form),
                None,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
