//! Reporting in the JSON API: the viewer's obligations, one report with its versions and an
//! entry's indicators. The same access rules as the pages: another
//! organisation's report is "not found", whatever its id.

use super::reports::visible_obligations;
use super::views::report_href;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, no_project, require};
use crate::shared::state::Acting;
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::norwegian::iso_date;
use husk_domain::reporting::ReportState;
use husk_store::reporting::ObligationRow;
use serde::Serialize;

#[derive(Serialize)]
struct ObligationItem<'a> {
    project: &'a str,
    project_title: &'a str,
    region: &'a str,
    organisation: Option<&'a str>,
    kind: &'static str,
    year: i32,
    title: &'a str,
    due: String,
    status: &'static str,
    report_id: Option<i64>,
    state: Option<&'static str>,
    href: Option<String>,
}

impl<'a> ObligationItem<'a> {
    fn new(o: &'a ObligationRow) -> ObligationItem<'a> {
        ObligationItem {
            project: &o.project_id,
            project_title: &o.project_title,
            region: &o.region,
            organisation: o.organisation.as_deref(),
            kind: o.kind.code(),
            year: o.year,
            title: &o.title,
            due: iso_date(o.due),
            status: o.status.code(),
            report_id: o.report_id,
            state: o.state.map(ReportState::code),
            href: o.report_id.map(report_href),
        }
    }
}

/// `GET /api/v1/reports?page=…&per_page=…`: the obligations the caller may see (all for staff,
/// their own for a recipient), with the reports started, a page at a time.
pub async fn reports(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_see_obligations())?;
    let paging = Paging::for_api(query.as_deref())?;
    let visible = visible_obligations(&store, &auth).await?;
    let page = ApiPage::new("/api/v1/reports", query.as_deref(), paging, visible.len());
    let shown = &visible[paging.range(visible.len())];
    let mut body = serde_json::json!({
        "count": shown.len(),
        "obligations": shown.iter().map(ObligationItem::new).collect::<Vec<_>>(),
    });
    if let (Some(body), Ok(serde_json::Value::Object(page))) =
        (body.as_object_mut(), serde_json::to_value(page))
    {
        body.extend(page);
    }
    Ok(Json(body).into_response())
}

/// `GET /api/v1/reports/{id}`: a report with its draft (for those who may fill it in) and its
/// submitted versions. Published reports are public and approved ones open to everyone logged
/// in; outsiders get the approved version only, without its review.
pub async fn report(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let missing = || format!("Fant ikke rapporten «{raw}». Sjekk nummeret.");
    let id: i64 = raw.parse().map_err(|_| ApiError::not_found(missing()))?;
    let r = found(&auth, store.read_as(&auth.viewer).report(id).await, missing)?;
    let scope = r.info.scope();
    let insider = auth.viewer.may_read_report_history(r.info.report_scope());
    let versions: Vec<_> = r.versions.iter().collect();
    Ok(Json(serde_json::json!({
        "id": id,
        "title": r.info.title(),
        "project": r.info.project_id,
        "organisation": r.info.organisation,
        "region": r.info.region,
        "kind": r.info.kind.code(),
        "year": r.info.year,
        "period_start": iso_date(r.info.period_start),
        "period_end": iso_date(r.info.period_end),
        "due": iso_date(r.info.due),
        "state": r.info.state.code(),
        "template": { "id": r.template.id, "name": r.template.def.name, "version": r.template.version },
        "revision": insider.then_some(r.info.revision),
        "draft": auth.viewer.may_fill_report(scope).then_some(&r.draft),
        "versions": versions,
        "href": report_href(id),
    }))
    .into_response())
}

/// `GET /api/v1/projects/{id}/indicators`: indicator values from the entry's approved reports.
pub async fn indicators(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let entry = found(&auth, store.read_as(&auth.viewer).entry(&id).await, || {
        no_project(&id)
    })?;
    let rows = entry.indicators().await?;
    Ok(Json(serde_json::json!({ "project": id, "indicators": rows })).into_response())
}
