//! The knowledge base's documents: the list, the upload form, the document page with its
//! passages, the download of the original file, and accepting classification suggestions.

use super::forms::DocumentForm;
use super::similar::{accepted, merged, suggestions, SIMILAR_ON_PAGE};
use super::views::{
    similar_views, DocumentFormPage, DocumentListPage, DocumentPage, PassageWindow,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use crate::MAX_DOCUMENT_BYTES;
use axum::body::{Body, Bytes};
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, RawQuery};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::FieldErrors;
use husk_store::{IngestError, Store, StoreError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Chunk size when streaming a kept file to the client.
const DOWNLOAD_CHUNK: usize = 64 * 1024;
/// The longest text field the upload form takes (the file is the only large part).
const MAX_FIELD_BYTES: usize = 64 * 1024;

fn document_id(raw: &str) -> Result<i64, PageError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(PageError::NotFound)
}

/// `GET /dokumenter`.
pub async fn list(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let docs = store.read_as(&auth.viewer).documents().await?;
    let layout = layout(&store, &auth, "Dokumenter", Nav::Documents).await?;
    let mut page = DocumentListPage::new(layout, &docs, store.taxonomy());
    page.may_upload = auth.viewer.may_upload_documents();
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------------------------

async fn form_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    form: DocumentForm,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        "Last opp dokument"
    } else {
        "Feil i skjemaet: Last opp dokument"
    };
    let layout = layout(store, auth, title, Nav::Documents).await?;
    let page = DocumentFormPage::new(layout, form, errors, store.taxonomy(), MAX_DOCUMENT_BYTES);
    render(status, &page)
}

/// `GET /dokumenter/ny`: an adviser's office is filled in; the type is left to choose.
pub async fn new_form(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_upload_documents())?;
    let form = DocumentForm {
        region: auth
            .viewer
            .user()
            .and_then(|u| u.role.region())
            .unwrap_or_default()
            .to_string(),
        ..DocumentForm::default()
    };
    form_page(&store, &auth, StatusCode::OK, form, FieldErrors::new()).await
}

/// An uploaded file in the data directory's `uploads/`, removed when dropped.
struct TempUpload {
    path: PathBuf,
}

impl Drop for TempUpload {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(
                    "kunne ikke slette den midlertidige filen {}: {e}",
                    self.path.display()
                );
            }
        }
    }
}

/// What the multipart form held.
#[derive(Default)]
struct Upload {
    form: DocumentForm,
    /// The name the browser gave the file (without any folder).
    file_name: String,
    size: u64,
    file: Option<TempUpload>,
    /// The body broke off or was too large: status, the field to show the message at, and the
    /// message.
    broken: Option<(StatusCode, String, String)>,
}

fn too_large() -> String {
    format!(
        "Filen er for stor. Velg en fil på høyst {} MB.",
        MAX_DOCUMENT_BYTES / (1024 * 1024)
    )
}

fn broken(e: MultipartError) -> (StatusCode, String, String) {
    let status = e.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        "Opplastingen ble avbrutt eller kom ikke fram i sin helhet. Prøv igjen.".to_string()
    };
    (status, "file".to_string(), message)
}

/// Reads a text field of at most [`MAX_FIELD_BYTES`].
async fn read_text(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
) -> Result<String, (StatusCode, String, String)> {
    let mut buf: Vec<u8> = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(broken)? {
        if buf.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                name.to_string(),
                format!(
                    "Feltet er for langt. Skriv høyst {} kB tekst.",
                    MAX_FIELD_BYTES / 1024
                ),
            ));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// A fresh path for an upload in `dir`.
fn temp_path(dir: &std::path::Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    dir.join(format!(
        "upload-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The last path component of a browser-given file name ("C:\fakepath\a.pdf" → "a.pdf").
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .trim()
        .to_string()
}

/// Reads the form, streaming the file into `dir` chunk by chunk (never the whole file in
/// memory). A broken or too large body ends the reading with `broken` set and keeps the fields
/// read so far; only a failure to write the disk is an error.
async fn read_upload(mut multipart: Multipart, dir: PathBuf) -> Result<Upload, PageError> {
    let mut up = Upload::default();
    let internal = |e: std::io::Error| {
        PageError::Internal(format!(
            "kunne ikke skrive opplastingen til {}: {e}",
            dir.display()
        ))
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                up.broken = Some(broken(e));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            match read_text(&mut field, &name).await {
                // The CSRF token was checked by `auth::authenticate` before this handler.
                Ok(_) if name == crate::auth::CSRF_FIELD => {}
                Ok(v) => up.form.set(&name, v),
                Err(b) => {
                    up.broken = Some(b);
                    break;
                }
            }
            continue;
        }
        if up.file.is_some() {
            // Only one file per upload; ignore any further file fields.
            continue;
        }
        up.file_name = base_name(field.file_name().unwrap_or(""));
        tokio::fs::create_dir_all(&dir).await.map_err(internal)?;
        let path = temp_path(&dir);
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(internal)?;
        up.file = Some(TempUpload { path });
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    up.size += chunk.len() as u64;
                    if up.size > MAX_DOCUMENT_BYTES as u64 {
                        up.broken = Some((
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "file".to_string(),
                            too_large(),
                        ));
                        break;
                    }
                    out.write_all(&chunk).await.map_err(internal)?;
                }
                Ok(None) => break,
                Err(e) => {
                    up.broken = Some(broken(e));
                    break;
                }
            }
        }
        out.flush().await.map_err(internal)?;
        if up.broken.is_some() {
            break;
        }
    }
    Ok(up)
}

/// Field errors of the form apart from the file (the title may come from the file).
fn field_errors(store: &Store, form: &DocumentForm, into: &mut FieldErrors) {
    if let Err(errors) = form
        .input()
        .validate(store.taxonomy(), Some("tittel fra filen"))
    {
        for e in errors.iter() {
            into.push(e.field.clone(), e.message.clone());
        }
    }
}

/// `POST /dokumenter/ny` (multipart).
pub async fn upload(
    Acting(store): Acting,
    auth: Auth,
    multipart: Multipart,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_upload_documents())?;
    let dir = store.files_dir().with_file_name("uploads");
    let up = read_upload(multipart, dir).await?;
    let mut errors = FieldErrors::new();
    if let Some((status, field, message)) = up.broken {
        errors.push(field, message);
        field_errors(&store, &up.form, &mut errors);
        let status = if status == StatusCode::PAYLOAD_TOO_LARGE {
            status
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return form_page(&store, &auth, status, up.form, errors).await;
    }
    let file = match up.file {
        Some(f) if !(up.file_name.is_empty() && up.size == 0) => f,
        _ => {
            errors.push(
                "file",
                format!(
                    "Ingen fil er valgt. Velg en fil: Husk leser {}.",
                    husk_search::extract::SUPPORTED
                ),
            );
            field_errors(&store, &up.form, &mut errors);
            return form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                up.form,
                errors,
            )
            .await;
        }
    };
    let input = up.form.input();
    let result = store.ingest(&file.path, &up.file_name, &input).await;
    drop(file);
    match result {
        Ok(done) => {
            let target = if done.duplicate {
                format!("/dokumenter/{}?melding=fantes", done.id)
            } else {
                format!(
                    "/dokumenter/{}?melding=lagt-til&avsnitt={}",
                    done.id, done.passages
                )
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(IngestError::Invalid(e)) => {
            form_page(&store, &auth, StatusCode::UNPROCESSABLE_ENTITY, up.form, e).await
        }
        Err(IngestError::Extract(e)) => {
            errors.push("file", e.to_string());
            field_errors(&store, &up.form, &mut errors);
            form_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                up.form,
                errors,
            )
            .await
        }
        Err(e) => Err(PageError::Internal(format!("opplasting: {e}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Document page
// ---------------------------------------------------------------------------------------------

/// The confirmation a redirect asks the document page to show.
fn confirmation(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    match get("melding")? {
        "lagt-til" => Some(match get("avsnitt").and_then(|n| n.parse::<u64>().ok()) {
            Some(n) => format!("Dokumentet er lagt til ({n} avsnitt)."),
            None => "Dokumentet er lagt til.".to_string(),
        }),
        "fantes" => {
            Some("Dokumentet fantes allerede i kunnskapsbasen, og ingenting er endret.".into())
        }
        "klassifisering-lagret" => Some("Temaene og målgruppene er lagret.".into()),
        "ingen-valgt" => Some("Du valgte ingen av forslagene, så ingenting er endret.".into()),
        _ => None,
    }
}

/// The text classification suggestions are made from: the title and the first passages.
fn suggestion_text(title: &str, passages: &[husk_store::StoredPassage]) -> String {
    let mut text = title.to_string();
    for p in passages.iter().take(40) {
        text.push('\n');
        text.push_str(&p.text);
    }
    text
}

/// Which part of a long document to show: `avsnitt` (a passage's ordinal, as in its anchor)
/// opens the passages around it, `fra` (counted from 1) the page starting there.
#[derive(Debug, Default, serde::Deserialize)]
struct PassageQuery {
    avsnitt: Option<String>,
    fra: Option<String>,
}

impl PassageQuery {
    fn parse(query: Option<&str>) -> PassageQuery {
        query
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .map(|pairs| {
                let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                PassageQuery {
                    avsnitt: get("avsnitt"),
                    fra: get("fra"),
                }
            })
            .unwrap_or_default()
    }

    fn number(value: &Option<String>) -> Option<u32> {
        value.as_deref().and_then(|v| v.trim().parse().ok())
    }
}

async fn document_page(
    store: &Store,
    auth: &Auth,
    id: i64,
    status: StatusCode,
    message: Option<String>,
    classify_error: Option<String>,
    shown: &PassageQuery,
) -> Result<Response, PageError> {
    let d = found(auth, store.read_as(&auth.viewer).document(id).await)?;
    let may_classify = d.may_edit();
    let total = u32::try_from(d.passages).unwrap_or(u32::MAX);
    let window = PassageWindow::new(
        id,
        total,
        PassageQuery::number(&shown.avsnitt),
        PassageQuery::number(&shown.fra),
    );
    let passages = d.passages(window.start, window.end - window.start).await?;
    let opening = if window.start == 0 {
        passages.iter().take(40).cloned().collect::<Vec<_>>()
    } else {
        d.passages(0, 40).await?
    };
    let similar = similar_views(&d.similar(SIMILAR_ON_PAGE).await?, store.taxonomy());
    let mut suggestions = suggestions(
        store,
        format!("/dokumenter/{id}/klassifisering"),
        &suggestion_text(&d.meta.title, &opening),
        may_classify && d.meta.themes.is_empty(),
        may_classify && d.meta.target_groups.is_empty(),
    )
    .await?;
    if let Some(s) = suggestions.as_mut() {
        s.error = classify_error;
    }
    let title = if status.is_success() {
        d.meta.title.clone()
    } else {
        format!("Feil i valget: {}", d.meta.title)
    };
    let layout = layout(store, auth, title, Nav::Documents).await?;
    let mut page = DocumentPage::new(
        layout,
        &d,
        &passages,
        store.taxonomy(),
        message,
        similar,
        suggestions,
    );
    if window.is_partial(total) {
        page.window = Some(window);
    }
    render(status, &page)
}

/// `GET /dokumenter/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let id = document_id(&raw_id)?;
    document_page(
        &store,
        &auth,
        id,
        StatusCode::OK,
        confirmation(query.as_deref()),
        None,
        &PassageQuery::parse(query.as_deref()),
    )
    .await
}

/// `POST /dokumenter/{id}/klassifisering`: adds the accepted themes and target groups.
pub async fn classify(
    Acting(store): Acting,
    auth: Auth,
    Path(raw_id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = document_id(&raw_id)?;
    let d = found(&auth, store.read_as(&auth.viewer).document(id).await)?;
    auth.allow(d.may_edit())?;
    let pairs = form_pairs(&body);
    let themes = accepted(&pairs, "themes");
    let groups = accepted(&pairs, "target_groups");
    if themes.is_empty() && groups.is_empty() {
        return Ok(Redirect::to(&format!("/dokumenter/{id}?melding=ingen-valgt")).into_response());
    }
    let result = store
        .set_document_classification(
            id,
            &merged(&d.meta.themes, &themes),
            &merged(&d.meta.target_groups, &groups),
        )
        .await;
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/dokumenter/{id}?melding=klassifisering-lagret"))
                .into_response(),
        ),
        Err(IngestError::Invalid(e)) => {
            let message = e
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            document_page(
                &store,
                &auth,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(message),
                &PassageQuery::default(),
            )
            .await
        }
        Err(IngestError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(e) => Err(PageError::Internal(format!("klassifisering: {e}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Download
// ---------------------------------------------------------------------------------------------

/// `Content-Disposition` for a download under the original name: a plain `filename` when the
/// name is printable ASCII, otherwise an ASCII fallback plus the exact name as `filename*`.
pub(crate) fn attachment(name: &str) -> HeaderValue {
    let fallback: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() || c == ' ') && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = if fallback == name {
        format!("attachment; filename=\"{name}\"")
    } else {
        let mut encoded = String::new();
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                encoded.push(b as char);
            } else {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
        format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `GET /dokumenter/{id}/fil`: the original file, streamed in chunks.
pub async fn download(
    Acting(store): Acting,
    auth: Auth,
    Path(raw_id): Path<String>,
) -> Result<Response, PageError> {
    let id = document_id(&raw_id)?;
    let d = found(&auth, store.read_as(&auth.viewer).document(id).await)?;
    let Some((path, name, content_type)) = d.file().await? else {
        return Err(PageError::NotFound);
    };
    send_file(&path, &name, &content_type).await
}

/// A kept file as a download under its original name, streamed in chunks (constant memory
/// whatever its size).
pub(crate) async fn send_file(
    path: &std::path::Path,
    name: &str,
    content_type: &str,
) -> Result<Response, PageError> {
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::error!("den lagrede filen «{name}» mangler i {}", path.display());
            return Err(PageError::NotFound);
        }
        Err(e) => {
            return Err(PageError::Internal(format!(
                "kunne ikke åpne {}: {e}",
                path.display()
            )))
        }
    };
    let length = file.metadata().await.ok().map(|m| m.len());
    let stream = futures_util::stream::try_unfold(file, |mut file| async move {
        let mut buf = vec![0u8; DOWNLOAD_CHUNK];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), file)))
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
    );
    if let Some(len) = length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    headers.insert(header::CONTENT_DISPOSITION, attachment(name));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachment("rapport 2014.pdf"),
            "attachment; filename=\"rapport 2014.pdf\""
        );
        assert_eq!(
            attachment("følge\"evaluering.txt"),
            "attachment; filename=\"f_lge_evaluering.txt\"; filename*=UTF-8''f%C3%B8lge%22evaluering.txt"
        );
        assert_eq!(base_name("C:\\fakepath\\a.pdf"), "a.pdf");
        assert_eq!(base_name("dir/b.md"), "b.md");
    }

    #[test]
    fn confirmations() {
        assert_eq!(
            confirmation(Some("melding=lagt-til&avsnitt=12")).as_deref(),
            Some("Dokumentet er lagt til (12 avsnitt).")
        );
        assert_eq!(confirmation(Some("melding=x")), None);
        assert_eq!(confirmation(None), None);
    }
}
