//! Adding, editing and deleting a project's grants.

use super::forms::grant_input;
use super::projects::project_page;
use super::views::{project_href, GrantEditPage, GrantFormView};
use crate::auth::Auth;
use crate::error::PageError;
use crate::format;
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::{FieldErrors, GrantInput};
use husk_store::portfolio::EntryReader;
use husk_store::{SaveError, Store, StoreError};

/// The entry, if the viewer may change its grants: grants are Husbanken's, so only the
/// office's advisers and admins change them.
async fn may_edit<'a>(
    store: &'a Store,
    auth: &'a Auth,
    id: &str,
) -> Result<EntryReader<'a>, PageError> {
    let entry = found(auth, store.read_as(&auth.viewer).entry(id).await)?;
    auth.allow(auth.viewer.may_edit_project(entry.scope()))?;
    Ok(entry)
}

fn back(id: &str, message: &str) -> Response {
    Redirect::to(&format!("/prosjekter/{id}?melding={message}#tilskudd")).into_response()
}

/// `POST /prosjekter/{id}/tilskudd`.
pub async fn add(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    may_edit(&store, &auth, &id).await?;
    let input = grant_input(&form_pairs(&body));
    match store.add_grant(&id, &input).await {
        Ok(_) => Ok(back(&id, "tilskudd-lagret")),
        Err(SaveError::Invalid(errors)) => {
            project_page(
                &store,
                &auth,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                input,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

fn grant_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

async fn edit_page(
    store: &Store,
    auth: &Auth,
    entry: &EntryReader<'_>,
    grant_id: i64,
    status: StatusCode,
    values: GrantInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let id = entry.id();
    let detail = entry.detail().await?;
    let title = if errors.is_empty() {
        "Endre tilskudd".to_string()
    } else {
        "Feil i skjemaet: Endre tilskudd".to_string()
    };
    let layout = layout(store, auth, title, Nav::Projects).await?;
    let page = GrantEditPage {
        layout,
        project_title: detail.project.title.clone(),
        project_href: project_href(id),
        grant_form: GrantFormView::new(
            format!("/prosjekter/{id}/tilskudd/{grant_id}/rediger"),
            "Lagre",
            values,
            errors,
        ),
    };
    render(status, &page)
}

/// `GET /prosjekter/{id}/tilskudd/{grant_id}/rediger`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path((id, grant_id_raw)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let entry = may_edit(&store, &auth, &id).await?;
    let gid = grant_id(&grant_id_raw)?;
    match entry.grant(gid).await? {
        Some(g) => {
            edit_page(
                &store,
                &auth,
                &entry,
                gid,
                StatusCode::OK,
                g.grant.to_input(),
                FieldErrors::new(),
            )
            .await
        }
        _ => Err(PageError::NotFound),
    }
}

/// `POST /prosjekter/{id}/tilskudd/{grant_id}/rediger`.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path((id, grant_id_raw)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let entry = may_edit(&store, &auth, &id).await?;
    let gid = grant_id(&grant_id_raw)?;
    if entry.grant(gid).await?.is_none() {
        return Err(PageError::NotFound);
    }
    let input = grant_input(&form_pairs(&body));
    match store.update_grant(&id, gid, &input).await {
        Ok(()) => Ok(back(&id, "tilskudd-lagret")),
        Err(SaveError::Invalid(errors)) => {
            edit_page(
                &store,
                &auth,
                &entry,
                gid,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `GET /prosjekter/{id}/tilskudd/{grant_id}/slett`: asks before deleting a grant.
pub async fn confirm_delete(
    Acting(store): Acting,
    auth: Auth,
    Path((id, grant_id_raw)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let entry = may_edit(&store, &auth, &id).await?;
    let gid = grant_id(&grant_id_raw)?;
    let Some(g) = entry.grant(gid).await? else {
        return Err(PageError::NotFound);
    };
    let detail = entry.detail().await?;
    let g = g.grant;
    let heading = format!(
        "Slette tilskuddet for {} ({})?",
        g.year,
        format::nok(g.amount_nok)
    );
    let layout = layout(&store, &auth, heading.clone(), Nav::Projects).await?;
    let mut paragraphs = vec![format!(
        "Tilskuddet til «{}»: {}, {}, {}.",
        detail.project.title,
        format::nok(g.amount_nok),
        g.budget_item.label(),
        g.status.label().to_lowercase()
    )];
    if !g.note.trim().is_empty() {
        paragraphs.push(format!("Merknad: {}", g.note.trim()));
    }
    paragraphs.push(
        "Beløpet forsvinner fra prosjektets og porteføljens summer. Slettingen står i endringsloggen med beløpet, men kan ikke angres herfra.".into(),
    );
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout,
            back: Some((detail.project.title.clone(), project_href(&id))),
            heading,
            paragraphs,
            action: Some(format!("/prosjekter/{id}/tilskudd/{gid}/slett")),
            button: "Slett tilskuddet".into(),
            cancel_href: format!("{}#tilskudd", project_href(&id)),
        },
    )
}

/// `POST /prosjekter/{id}/tilskudd/{grant_id}/slett`: deletes when confirmed (`bekreft=ja`);
/// otherwise sends the browser to the confirmation page.
pub async fn delete(
    Acting(store): Acting,
    auth: Auth,
    Path((id, grant_id_raw)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    may_edit(&store, &auth, &id).await?;
    let gid = grant_id(&grant_id_raw)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&format!("/prosjekter/{id}/tilskudd/{gid}/slett")).into_response());
    }
    match store.delete_grant(&id, gid).await {
        Ok(()) => Ok(back(&id, "tilskudd-slettet")),
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}
