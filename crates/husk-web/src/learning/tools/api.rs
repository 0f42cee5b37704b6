//! The toolbox in the JSON API: the tools, one tool (a published guide without login), the
//! ranking for a situation, the usage facts, a tool's versions, and the writes the pages make
//! (`POST /tools`, `PUT /tools/{id}`). The same access rules as the pages; a bad parameter is a
//! 400 naming it, a write's bad input a 422 with every problem at its field (the form's
//! field names).

use super::pages::situation;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::learning::json::{invalid, Fields};
use crate::paging::{ApiPage, Paging};
use crate::shared::api::{found, require};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use husk_domain::learning::tools::{offices_using, ToolInput, Usage};
use husk_domain::{FieldError, FieldErrors};
use husk_store::learning::tools::{StoredTool, ToolVersion};
use husk_store::{SaveError, Store, StoreError};
use serde::Serialize;

fn missing(raw: &str) -> String {
    format!("Fant ikke verktøy «{raw}». Se /api/v1/tools for verktøyene og deres id-er.")
}

fn id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(missing(raw)))
}

#[derive(Serialize)]
struct ToolItem<'a> {
    #[serde(flatten)]
    tool: &'a StoredTool,
    href: String,
    has_guide: bool,
    /// The offices that use it (Tabell 5-1 and their arenas); absent for the public.
    #[serde(skip_serializing_if = "Option::is_none")]
    used_by: Option<Vec<String>>,
}

fn item<'a>(store: &Store, t: &'a StoredTool, usages: Option<&[Usage]>) -> ToolItem<'a> {
    let offices = super::views::offices(store.taxonomy());
    ToolItem {
        tool: t,
        href: format!("/verktoykasse/{}", t.id),
        has_guide: t.tool.has_guide(),
        used_by: usages.map(|u| offices_using(u, t.id, &offices)),
    }
}

#[derive(Serialize)]
struct ToolList<'a> {
    /// Tools in this answer.
    count: usize,
    #[serde(flatten)]
    page: ApiPage,
    tools: Vec<ToolItem<'a>>,
}

/// `GET /api/v1/tools?page=&per_page=`: the catalogue a page at a time, with the total.
pub(super) async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_read_toolbox())?;
    let paging = Paging::for_api(query.as_deref())?;
    let reader = store.read_as(&auth.viewer);
    let tools = reader.tools().await?;
    let usages = reader.tool_usages().await?;
    let total = tools.len();
    let items: Vec<ToolItem<'_>> = tools[paging.range(total)]
        .iter()
        .map(|t| item(&store, t, Some(&usages)))
        .collect();
    Ok(Json(ToolList {
        count: items.len(),
        page: ApiPage::new("/api/v1/tools", query.as_deref(), paging, total),
        tools: items,
    })
    .into_response())
}

/// `GET /api/v1/tools/{id}`: a published guide for everyone, the rest for those logged in.
pub(super) async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let tid = id(&raw)?;
    let t = found(&auth, store.read_as(&auth.viewer).tool(tid).await, || {
        missing(&raw)
    })?;
    let usages = if auth.viewer.may_read_toolbox() {
        Some(store.read_as(&auth.viewer).tool_usages().await?)
    } else {
        None
    };
    Ok(Json(item(&store, &t, usages.as_deref())).into_response())
}

#[derive(Serialize)]
struct VersionItem<'a> {
    #[serde(flatten)]
    version: &'a ToolVersion,
    guide: &'a husk_domain::learning::tools::Tool,
}

/// `GET /api/v1/tools/{id}/versions`: every version, oldest first, with its whole guide.
pub(super) async fn versions(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_read_toolbox())?;
    let tid = id(&raw)?;
    let list = found(
        &auth,
        store.read_as(&auth.viewer).tool_versions(tid).await,
        || missing(&raw),
    )?;
    let items: Vec<VersionItem<'_>> = list
        .iter()
        .map(|v| VersionItem {
            version: v,
            guide: &v.tool,
        })
        .collect();
    Ok(Json(items).into_response())
}

/// `GET /api/v1/tools/usage`: which office uses which tool, and where the fact comes from.
pub(super) async fn usage(Acting(store): Acting, auth: Auth) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_read_toolbox())?;
    let usages = store.read_as(&auth.viewer).tool_usages().await?;
    #[derive(Serialize)]
    struct UsageBody {
        source: &'static str,
        usage: Vec<Usage>,
    }
    Ok(Json(UsageBody {
        source: husk_domain::learning::tools::TABLE_5_1_SOURCE,
        usage: usages,
    })
    .into_response())
}

/// `GET /api/v1/tools/recommend?need=…&partner=…&direction=…&effort=…`: the ranked tools.
pub(super) async fn recommend(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_read_toolbox())?;
    let s = situation(query.as_deref()).validate().map_err(|e| {
        let named = FieldErrors(
            e.iter()
                .map(|x| FieldError {
                    field: x.field.clone(),
                    message: format!("Parameteren «{}»: {}", x.field, x.message),
                })
                .collect(),
        );
        ApiError::bad_filters(&named)
    })?;
    let tools = store.read_as(&auth.viewer).recommend(&s).await?;
    #[derive(Serialize)]
    struct Body<T> {
        need: &'static str,
        partner: Option<&'static str>,
        direction: Option<&'static str>,
        effort: Option<&'static str>,
        tools: T,
    }
    Ok(Json(Body {
        need: s.need.code(),
        partner: s.partner.map(|p| p.code()),
        direction: s.direction.map(|d| d.code()),
        effort: s.effort.map(|e| e.code()),
        tools,
    })
    .into_response())
}

fn saved(e: SaveError, raw: &str) -> ApiError {
    match e {
        SaveError::Invalid(errors) => invalid(&errors),
        SaveError::Store(StoreError::NotFound(_)) => ApiError::not_found(missing(raw)),
        SaveError::Store(e) => e.into(),
    }
}

/// A tool as the API takes it; every problem at its field, named as the form names it.
fn body(store: &Store, bytes: &[u8]) -> Result<ToolInput, ApiError> {
    let mut f = Fields::object(
        bytes,
        "et JSON-objekt med feltene name, category, direction, effort, needs, partners, purpose, good_when, not_when, steps, time_resources, pitfalls, examples og public",
    )?;
    let input = ToolInput {
        name: f.text("name", "navn"),
        category: f.text("category", "kategori"),
        direction: f.text("direction", "bruk"),
        effort: f.text("effort", "tid"),
        needs: f.texts("needs", "behov"),
        partners: f.texts("partners", "partnere"),
        purpose: f.text("purpose", "formal"),
        good_when: f.text("good_when", "godt-valg"),
        not_when: f.text("not_when", "ikke-valg"),
        steps: f.text("steps", "steg"),
        time_resources: f.text("time_resources", "ressurser"),
        pitfalls: f.text("pitfalls", "fallgruver"),
        examples: f.text("examples", "eksempler"),
        public: f.flag("public", "offentlig"),
    };
    f.done(|| {
        let categories: Vec<&str> = store
            .taxonomy()
            .learning_tools
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        input.validate(&categories).err()
    })?;
    Ok(input)
}

#[derive(Serialize)]
struct Saved {
    id: i64,
    href: String,
    /// Whether a new version was made (nothing changed: false).
    changed: bool,
}

/// `POST /api/v1/tools`: adds a tool (advisers, administrators).
pub(super) async fn create(
    Acting(store): Acting,
    auth: Auth,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_edit_tools())?;
    let input = body(&store, &bytes)?;
    let tid = store.create_tool(&input).await.map_err(|e| saved(e, ""))?;
    Ok((
        StatusCode::CREATED,
        Json(Saved {
            id: tid,
            href: format!("/api/v1/tools/{tid}"),
            changed: true,
        }),
    )
        .into_response())
}

/// `PUT /api/v1/tools/{id}`: the tool as it should be; a new version if anything changed.
pub(super) async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    require(&auth, auth.viewer.may_edit_tools())?;
    let tid = id(&raw)?;
    let input = body(&store, &bytes)?;
    let changed = store
        .update_tool(tid, &input)
        .await
        .map_err(|e| saved(e, &raw))?;
    Ok(Json(Saved {
        id: tid,
        href: format!("/api/v1/tools/{tid}"),
        changed,
    })
    .into_response())
}
