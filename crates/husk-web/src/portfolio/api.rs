//! The register in the JSON API: the entries, one entry, the matrix, the taxonomy and the
//! exports. It shares the query-string parser with the pages; a bad parameter gives 400 with
//! `{"error": "…", "field": "…"}`.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::filters::Filters;
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, no_project, require};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::{Kind, Matrix, MatrixReport, Selection, Status, Taxonomy};
use husk_files::{FileFormat, Headings};
use serde::Serialize;

fn filters(query: Option<&str>, tax: &Taxonomy) -> Result<Filters, ApiError> {
    let f = Filters::parse(query, tax);
    if f.errors.is_empty() {
        Ok(f)
    } else {
        Err(ApiError::bad_filters(&f.errors))
    }
}

#[derive(Serialize)]
struct ProjectItem<'a> {
    id: &'a str,
    kind: Kind,
    title: &'a str,
    description: &'a str,
    region: &'a str,
    recipient: Option<&'a str>,
    recipient_type: Option<&'a str>,
    start_year: i32,
    end_year: Option<i32>,
    status: Status,
    themes: &'a [String],
    target_groups: &'a [String],
    /// Granted NOK (decided or paid) in grant years within the selection's `from`–`to`.
    granted_nok: i64,
}

#[derive(Serialize)]
struct ProjectList<'a> {
    /// Entries in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    projects: Vec<ProjectItem<'a>>,
}

pub(super) async fn projects(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let f = filters(query.as_deref(), store.taxonomy())?;
    require(&auth, auth.viewer.may_see_portfolio())?;
    let paging = Paging::for_api(query.as_deref())?;
    let list = store
        .read_as(&auth.viewer)
        .register()?
        .select(&f.selection)
        .await?;
    let (from, to) = (f.selection.from, f.selection.to);
    let shown = list.page(paging.range(list.len()));
    let body = ProjectList {
        count: shown.len(),
        page: ApiPage::new("/api/v1/projects", query.as_deref(), paging, list.len()),
        projects: shown
            .iter()
            .map(|p| ProjectItem {
                id: &p.id,
                kind: p.kind,
                title: &p.title,
                description: &p.description,
                region: &p.region,
                recipient: p.recipient.as_deref(),
                recipient_type: p.recipient_type.as_deref(),
                start_year: p.years.start,
                end_year: p.years.end,
                status: p.status,
                themes: &p.themes,
                target_groups: &p.target_groups,
                granted_nok: p.granted_nok(from, to),
            })
            .collect(),
    };
    Ok(Json(body).into_response())
}

pub(super) async fn project(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let detail = found(
        &auth,
        store.read_as(&auth.viewer).project(&id).await,
        || no_project(&id),
    )?;
    Ok(Json(detail).into_response())
}

#[derive(Serialize)]
struct MatrixBody {
    #[serde(flatten)]
    report: MatrixReport,
    filters: Selection,
}

pub(super) async fn matrix(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_see_portfolio())?;
    let tax = store.taxonomy();
    let f = filters(query.as_deref(), tax)?;
    let facts = store.read_as(&auth.viewer).register()?.facts().await?;
    let m = Matrix::compute(tax, facts.iter(), &f.selection, f.measure, f.gap_threshold);
    Ok(Json(MatrixBody {
        report: m.report(),
        filters: f.selection,
    })
    .into_response())
}

pub(super) async fn taxonomy(Acting(store): Acting) -> Json<Taxonomy> {
    Json(store.taxonomy().clone())
}

fn format_param(query: Option<&str>) -> Result<FileFormat, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let raw = pairs
        .iter()
        .rev()
        .find(|(k, v)| k == "format" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string());
    match raw {
        None => Ok(FileFormat::Csv),
        Some(s) => FileFormat::from_name(&s).ok_or_else(|| {
            ApiError::bad_request(
                "format",
                format!("«{s}» er ikke et filformat Husk kan lage. Velg csv, xlsx eller json."),
            )
        }),
    }
}

/// `labels=1`: Norwegian column names and the labels the pages show instead of codes.
fn headings_param(query: Option<&str>) -> Result<Headings, ApiError> {
    match crate::query::param(query, "labels").as_deref() {
        None | Some("0" | "false" | "nei") => Ok(Headings::Fields),
        Some("1" | "true" | "ja") => Ok(Headings::Norwegian),
        Some(other) => Err(ApiError::bad_request(
            "labels",
            format!("«{other}» passer ikke for labels. Bruk 1 for norske navn eller 0 for koder."),
        )),
    }
}

fn download(bytes: Vec<u8>, format: FileFormat, base: &str) -> Response {
    let disposition = format!("attachment; filename=\"{base}.{}\"", format.extension());
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

fn write_failed(e: husk_files::FilesError) -> ApiError {
    ApiError::bad_request("format", e.to_string())
}

pub(super) async fn export_projects(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_see_portfolio())?;
    let format = format_param(query.as_deref())?;
    let names = headings_param(query.as_deref())?;
    let rows = store
        .read_as(&auth.viewer)
        .register()?
        .project_rows(names)
        .await?;
    let bytes = husk_files::write_projects_with(&rows, format, names).map_err(write_failed)?;
    Ok(download(bytes, format, "husk-prosjekter"))
}

pub(super) async fn export_grants(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_see_portfolio())?;
    let format = format_param(query.as_deref())?;
    let names = headings_param(query.as_deref())?;
    let rows = store
        .read_as(&auth.viewer)
        .register()?
        .grant_rows(names)
        .await?;
    let bytes = husk_files::write_grants_with(&rows, format, names).map_err(write_failed)?;
    Ok(download(bytes, format, "husk-tilskudd"))
}
