//! `GET /import` and `POST /import`: uploading projects or grants from a CSV or XLSX file.

use super::views::{ImportCodesPage, ImportDone, ImportPage};
use crate::auth::Auth;
use crate::error::PageError;
use crate::flash::{Flash, Flashes};
use crate::shared::form::SummaryItem;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use husk_domain::norwegian::count;
use husk_files::TemplateKind;
use husk_store::{ImportFailure, Store};

/// `GET /import`, with the result of an import just made, once.
pub async fn form(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_import())?;
    let mut page = ImportPage::new(layout(&store, &auth, "Importer", Nav::Import).await?);
    if let Some(flash) = flashes.take(auth.session_token.as_deref()) {
        page.layout.title = "Import fullført: Importer".into();
        page.done = Some(ImportDone {
            text: flash.message,
        });
    }
    render(StatusCode::OK, &page)
}

/// `GET /import/koder`: the columns an import file may have and every code list, for anyone
/// (it is the taxonomy, which is public).
pub async fn codes(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let layout = layout(&store, &auth, "Kolonner og koder for import", Nav::Import).await?;
    render(
        StatusCode::OK,
        &ImportCodesPage::new(layout, store.taxonomy()),
    )
}

/// `GET /import/mal/prosjekter.xlsx` and `/import/mal/tilskudd.xlsx`: the import template.
async fn template(store: &Store, kind: TemplateKind) -> Result<Response, PageError> {
    let bytes = husk_files::import_template(kind, store.taxonomy())
        .map_err(|e| PageError::Internal(format!("importmal: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                husk_files::FileFormat::Xlsx.content_type().to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", kind.file_name()),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn project_template(Acting(store): Acting) -> Result<Response, PageError> {
    template(&store, TemplateKind::Projects).await
}

pub async fn grant_template(Acting(store): Acting) -> Result<Response, PageError> {
    template(&store, TemplateKind::Grants).await
}

/// What the multipart form held.
#[derive(Default)]
struct Upload {
    kind: String,
    dry_run: bool,
    file_name: String,
    bytes: Vec<u8>,
}

fn form_error(field: &str, message: impl Into<String>) -> SummaryItem {
    SummaryItem {
        target: format!("import-{field}"),
        label: match field {
            "kind" => "Hva vil du importere",
            _ => "Fil",
        },
        message: message.into(),
    }
}

/// Reads the multipart body; a body over the size limit or a broken body is a form error.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, (StatusCode, SummaryItem)> {
    let mut upload = Upload::default();
    let broken = |e: axum::extract::multipart::MultipartError| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "Filen er for stor. Velg en fil på høyst 50 MB.".to_string()
        } else {
            "Opplastingen ble avbrutt eller kom ikke fram i sin helhet. Prøv igjen.".to_string()
        };
        (status, form_error("file", message))
    };
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        match field.name().unwrap_or("") {
            "kind" => upload.kind = field.text().await.map_err(broken)?.trim().to_string(),
            "dry_run" => {
                let v = field.text().await.map_err(broken)?;
                upload.dry_run = matches!(v.trim(), "1" | "on" | "true");
            }
            "file" => {
                upload.file_name = field.file_name().unwrap_or("").to_string();
                upload.bytes = field.bytes().await.map_err(broken)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /import`: a dry run shows what it found on the form; an import that wrote something
/// redirects to `GET /import`, which shows the result once (so a reload imports nothing again).
pub async fn upload(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_import())?;
    let mut page = ImportPage::new(layout(&store, &auth, "Importer", Nav::Import).await?);
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err((status, e)) => {
            page.layout.title = "Feil i skjemaet: Importer".into();
            page.form_errors.push(e);
            return render(status, &page);
        }
    };
    page.dry_run = upload.dry_run;
    page.kind = upload.kind.clone();
    if upload.kind != "prosjekter" && upload.kind != "tilskudd" {
        page.form_errors.push(form_error(
            "kind",
            "Velg om filen inneholder prosjekter eller tilskudd.",
        ));
    }
    if upload.file_name.is_empty() && upload.bytes.is_empty() {
        page.form_errors.push(form_error(
            "file",
            "Ingen fil er valgt. Velg en CSV- eller XLSX-fil.",
        ));
    }
    if !page.form_errors.is_empty() {
        page.layout.title = "Feil i skjemaet: Importer".into();
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }

    // An adviser imports only their own office's entries and grants.
    let only_region = auth.viewer.user().and_then(|u| u.role.region());
    let (what, result) = if upload.kind == "tilskudd" {
        (
            ("tilskudd", "tilskudd"),
            store
                .import_grants_scoped(
                    &upload.file_name,
                    &upload.bytes,
                    upload.dry_run,
                    only_region,
                )
                .await,
        )
    } else {
        (
            ("oppføring", "oppføringer"),
            store
                .import_projects_scoped(
                    &upload.file_name,
                    &upload.bytes,
                    upload.dry_run,
                    only_region,
                )
                .await,
        )
    };
    page.file_name = if upload.file_name.is_empty() {
        "filen".into()
    } else {
        upload.file_name.clone()
    };
    match result {
        Ok(r) => {
            let text = if r.dry_run {
                format!(
                    "Kontrollen fant ingen feil i {}: {} kan importeres, og da blir {} lagt til og {} endret. Ingenting er lagret.",
                    page.file_name,
                    count(r.rows as i64, "rad", "rader"),
                    count(r.created as i64, what.0, what.1),
                    r.updated
                )
            } else {
                format!(
                    "Importen er fullført: {} lagt til og {} endret fra {}.",
                    count(r.created as i64, what.0, what.1),
                    r.updated,
                    page.file_name
                )
            };
            if !r.dry_run {
                flashes.put(
                    auth.session_token.as_deref(),
                    Flash {
                        message: text,
                        secret: None,
                    },
                );
                return Ok(Redirect::to("/import").into_response());
            }
            page.layout.title = "Kontroll fullført: Importer".into();
            page.done = Some(ImportDone { text });
            render(StatusCode::OK, &page)
        }
        Err(ImportFailure::Invalid(errors)) => {
            page.layout.title = "Feil i filen: Importer".into();
            page.file_errors = errors.iter().map(|e| e.to_string()).collect();
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(ImportFailure::Store(e)) => Err(e.into()),
    }
}
