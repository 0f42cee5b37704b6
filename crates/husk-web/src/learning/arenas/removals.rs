//! Taking a material or a toolbox tool off an arena: `GET …/fjern` asks first, `POST …/fjern`
//! acts only with `bekreft=ja` (without it, it sends the browser to the question), and the
//! API's `DELETE`s. Who may is the domain's `may_remove_from_arena` (as for changing the
//! arena). A material's document stays in the knowledge base: only the arena's link goes.

use crate::auth::Auth;
use crate::error::{ApiError, PageError};
use crate::shared::api::{found as api_found, require};
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_store::learning::arenas::StoredArena;
use husk_store::{Store, StoreError};

fn number(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The arena, for who may take things off it (not found, or refused).
async fn removable_from(store: &Store, auth: &Auth, id: &str) -> Result<StoredArena, PageError> {
    let id = number(id).ok_or(PageError::NotFound)?;
    let a = found(auth, store.read_as(&auth.viewer).arena(id).await)?;
    auth.allow(auth.viewer.may_remove_from_arena(&a.office))?;
    Ok(a)
}

/// The material's title on the arena, if it is one of its materials.
fn material_title(a: &StoredArena, document: i64) -> Option<String> {
    a.materials
        .iter()
        .find(|m| m.document_id == document)
        .map(|m| m.title.clone())
}

/// The tool's name, if it is recorded as used at the arena.
async fn tool_name(store: &Store, arena: i64, tool: i64) -> Result<Option<String>, StoreError> {
    Ok(store
        .tools_at_arena(arena)
        .await?
        .into_iter()
        .find(|(id, _)| *id == tool)
        .map(|(_, name)| name))
}

async fn confirm_page(
    store: &Store,
    auth: &Auth,
    a: &StoredArena,
    heading: String,
    paragraphs: Vec<String>,
    action: String,
    anchor: &str,
) -> Result<Response, PageError> {
    let href = format!("/laeringsarenaer/{}", a.id);
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout: layout(store, auth, heading.clone(), Nav::Learning).await?,
            back: Some((a.title.clone(), href.clone())),
            heading,
            paragraphs,
            action: Some(action),
            button: "Fjern".into(),
            cancel_href: format!("{href}#{anchor}"),
        },
    )
}

/// `GET /laeringsarenaer/{id}/materiell/{document}/fjern`.
pub async fn confirm_material(
    Acting(store): Acting,
    auth: Auth,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let a = removable_from(&store, &auth, &id).await?;
    let doc = number(&document).ok_or(PageError::NotFound)?;
    let title = material_title(&a, doc).ok_or(PageError::NotFound)?;
    confirm_page(
        &store,
        &auth,
        &a,
        format!("Fjerne «{title}» fra arenaen?"),
        vec![
            format!("«{title}» tas ut av materiellet til {}.", a.title),
            "Dokumentet blir liggende i kunnskapsbasen, med sin egen side, og finnes fortsatt i søket. Fjerningen står i endringsloggen med hvem som gjorde den og når.".into(),
        ],
        format!("/laeringsarenaer/{}/materiell/{doc}/fjern", a.id),
        "materiell",
    )
    .await
}

/// `POST /laeringsarenaer/{id}/materiell/{document}/fjern`.
pub async fn remove_material(
    Acting(store): Acting,
    auth: Auth,
    Path((id, document)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let a = removable_from(&store, &auth, &id).await?;
    let doc = number(&document).ok_or(PageError::NotFound)?;
    material_title(&a, doc).ok_or(PageError::NotFound)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(
            Redirect::to(&format!("/laeringsarenaer/{}/materiell/{doc}/fjern", a.id))
                .into_response(),
        );
    }
    match store.remove_arena_material(a.id, doc).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/laeringsarenaer/{}?melding=materiell-fjernet#materiell",
            a.id
        ))
        .into_response()),
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// `GET /laeringsarenaer/{id}/verktoy/{tool}/fjern`.
pub async fn confirm_tool(
    Acting(store): Acting,
    auth: Auth,
    Path((id, tool)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let a = removable_from(&store, &auth, &id).await?;
    let tool = number(&tool).ok_or(PageError::NotFound)?;
    let name = tool_name(&store, a.id, tool)
        .await?
        .ok_or(PageError::NotFound)?;
    confirm_page(
        &store,
        &auth,
        &a,
        format!("Fjerne «{name}» fra verktøyene brukt på arenaen?"),
        vec![
            format!("«{name}» føres ikke lenger opp som brukt på {}. Verktøyet blir i verktøykassen, men arenaens evaluering teller ikke lenger med i verktøyets skår, og kontoret telles ikke som bruker av det på grunn av arenaen.", a.title),
            "Fjerningen står i endringsloggen med hvem som gjorde den og når.".into(),
        ],
        format!("/laeringsarenaer/{}/verktoy/{tool}/fjern", a.id),
        "verktoy",
    )
    .await
}

/// `POST /laeringsarenaer/{id}/verktoy/{tool}/fjern`.
pub async fn remove_tool(
    Acting(store): Acting,
    auth: Auth,
    Path((id, tool)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let a = removable_from(&store, &auth, &id).await?;
    let tool = number(&tool).ok_or(PageError::NotFound)?;
    tool_name(&store, a.id, tool)
        .await?
        .ok_or(PageError::NotFound)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(
            Redirect::to(&format!("/laeringsarenaer/{}/verktoy/{tool}/fjern", a.id))
                .into_response(),
        );
    }
    match store.unlink_tool_from_arena(tool, a.id).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/laeringsarenaer/{}?melding=verktoy-fjernet#verktoy",
            a.id
        ))
        .into_response()),
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// The arena for an API removal: 404, 401 or 403 as for the arena's other writes.
async fn api_arena(store: &Store, auth: &Auth, id: &str) -> Result<StoredArena, ApiError> {
    let not_found = || format!("Fant ikke læringsarenaen «{id}».");
    let n = number(id).ok_or_else(|| ApiError::not_found(not_found()))?;
    let a = api_found(auth, store.read_as(&auth.viewer).arena(n).await, not_found)?;
    require(auth, auth.viewer.may_remove_from_arena(&a.office))?;
    Ok(a)
}

/// `DELETE /api/v1/arenas/{id}/materials/{document}`: 204 (the document stays in the
/// knowledge base).
pub async fn api_remove_material(
    Acting(store): Acting,
    auth: Auth,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let a = api_arena(&store, &auth, &id).await?;
    let not_found = || {
        ApiError::not_found(format!(
            "Arenaen har ikke dokument «{document}» som materiell."
        ))
    };
    let doc = number(&document).ok_or_else(not_found)?;
    material_title(&a, doc).ok_or_else(not_found)?;
    match store.remove_arena_material(a.id, doc).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// `DELETE /api/v1/arenas/{id}/tools/{tool}`: 204.
pub async fn api_remove_tool(
    Acting(store): Acting,
    auth: Auth,
    Path((id, tool)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let a = api_arena(&store, &auth, &id).await?;
    let not_found = || {
        ApiError::not_found(format!(
            "Verktøy «{tool}» er ikke ført opp som brukt på arenaen."
        ))
    };
    let t = number(&tool).ok_or_else(not_found)?;
    match store.unlink_tool_from_arena(t, a.id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}
