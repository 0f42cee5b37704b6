//! The reporting templates (admins only): the list, editing a template as TOML (saved in place
//! while unused, otherwise as a new version) and reading an old version.

use super::views::{preview, AdminTemplatePage, AdminTemplatesPage, TemplateRow};
use crate::accounts::admin::{admin, field_string, not_found};
use crate::auth::Auth;
use crate::error::PageError;
use crate::query::param_or_empty as param;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::reporting::{FieldKind, TemplateError};
use husk_store::reporting::TemplateSaveError;
use husk_store::Store;

/// `GET /admin/maler`.
pub async fn templates(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let layout = layout(&store, &auth, "Rapporteringsmaler", Nav::Admin).await?;
    let message = match param(query.as_deref(), "melding").as_str() {
        "ny-versjon" => Some("Malen var i bruk, så endringen er lagret som en ny versjon. Nye rapporter bruker den; rapporter som er startet beholder sin versjon.".to_string()),
        "lagret" => Some("Malen er lagret. Ingen rapporter bruker denne versjonen ennå, så den ble endret direkte.".to_string()),
        _ => None,
    };
    let templates = store
        .templates()
        .await?
        .iter()
        .map(TemplateRow::new)
        .collect();
    render(
        StatusCode::OK,
        &AdminTemplatesPage {
            layout,
            message,
            templates,
        },
    )
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    FieldKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect()
}

async fn template_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    template_id: i64,
    text: Option<String>,
    errors: Vec<TemplateError>,
) -> Result<Response, PageError> {
    let Some(t) = store
        .templates()
        .await?
        .into_iter()
        .find(|t| t.template_id == template_id)
    else {
        return Err(PageError::NotFound);
    };
    let Some(newest) = t.versions.first() else {
        return Err(PageError::NotFound);
    };
    let heading = format!("Endre malen «{}»", newest.def.name);
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i malen: {heading}")
    };
    let layout = layout(store, auth, title, Nav::Admin).await?;
    render(
        status,
        &AdminTemplatePage {
            layout,
            heading,
            action: Some(format!("/admin/maler/{template_id}")),
            text: text.unwrap_or_else(|| newest.def.to_toml()),
            errors,
            newest_used: newest.used_by,
            preview: preview(&newest.def),
            kinds: kinds(),
        },
    )
}

/// `GET /admin/maler/{id}`: the newest version as TOML, to edit.
pub async fn template(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    template_page(&store, &auth, StatusCode::OK, id, None, Vec::new()).await
}

/// `POST /admin/maler/{id}`: saves in place while unused, otherwise as a new version.
pub async fn save_template(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    let pairs = form_pairs(&body);
    let text = field_string(&pairs, "definition");
    match store.save_template(id, &text).await {
        Ok(saved) => Ok(Redirect::to(if saved.new_version {
            "/admin/maler?melding=ny-versjon"
        } else {
            "/admin/maler?melding=lagret"
        })
        .into_response()),
        Err(TemplateSaveError::Invalid(errors)) => {
            template_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                Some(text),
                errors,
            )
            .await
        }
        Err(TemplateSaveError::Store(e)) => Err(not_found(e)),
    }
}

/// `GET /admin/maler/versjoner/{id}`: one version, read-only.
pub async fn template_version(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    let Some(v) = store.template_version(id).await? else {
        return Err(PageError::NotFound);
    };
    let heading = format!("«{}», versjon {}", v.def.name, v.version);
    let layout = layout(&store, &auth, heading.clone(), Nav::Admin).await?;
    render(
        StatusCode::OK,
        &AdminTemplatePage {
            layout,
            heading,
            action: None,
            text: v.def.to_toml(),
            errors: Vec::new(),
            newest_used: v.used_by,
            preview: preview(&v.def),
            kinds: kinds(),
        },
    )
}
