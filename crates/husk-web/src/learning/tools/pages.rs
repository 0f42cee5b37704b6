//! The toolbox's pages: the catalogue (`/verktoykasse`), a tool's guide with its usage and
//! versions, the comparison of two versions, the forms for a new tool and for changes, the
//! chooser (`/verktoykasse/velg`) and the usage statistics (`/verktoykasse/bruk`). The
//! toolbox is for everyone logged in, a published guide for everyone; advisers and
//! administrators change it (the domain's `may_read_toolbox`, `may_read_tool`,
//! `may_edit_tools`).

use super::views::{
    offices, ChooserPage, ComparePage, ToolFormPage, ToolPage, ToolsPage, UsagePage,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::query::{field, param, param_or_empty};
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::learning::tools::{compare, SituationInput, ToolInput};
use husk_domain::FieldErrors;
use husk_store::learning::tools::StoredTool;
use husk_store::{SaveError, Store, StoreError};

/// `GET /verktoykasse`: the catalogue by category, filtered by category and name.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_toolbox())?;
    let reader = store.read_as(&auth.viewer);
    let tools = reader.tools().await?;
    let usages = reader.tool_usages().await?;
    let category = param_or_empty(query.as_deref(), "kategori");
    let q = param_or_empty(query.as_deref(), "q");
    let layout = layout(&store, &auth, "Verktøykasse", Nav::Learning).await?;
    let page = ToolsPage::new(
        layout,
        &tools,
        &usages,
        store.taxonomy(),
        &category,
        &q,
        auth.viewer.may_edit_tools(),
        query.as_deref(),
    );
    render(StatusCode::OK, &page)
}

fn tool_id(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

async fn tool(store: &Store, auth: &Auth, id: &str) -> Result<StoredTool, PageError> {
    let id = tool_id(id)?;
    found(auth, store.read_as(&auth.viewer).tool(id).await)
}

/// `GET /verktoykasse/{id}`: the guide; for those logged in also who uses the tool and its
/// versions.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let t = tool(&store, &auth, &id).await?;
    let reader = store.read_as(&auth.viewer);
    let logged_in = auth.viewer.may_read_toolbox();
    let (usages, versions) = if logged_in {
        (
            Some(reader.tool_usages().await?),
            reader.tool_versions(t.id).await?.unwrap_or_default(),
        )
    } else {
        (None, Vec::new())
    };
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("lagret") => Some("Verktøyet er lagret som en ny versjon.".to_string()),
        Some("uendret") => Some("Ingenting var endret, så ingen ny versjon ble laget.".to_string()),
        _ => None,
    };
    let layout = layout(&store, &auth, t.tool.name.clone(), Nav::Learning).await?;
    let page = ToolPage::new(
        layout,
        &t,
        usages.as_deref(),
        &versions,
        store.taxonomy(),
        auth.viewer.may_edit_tools(),
        logged_in,
        message,
    );
    render(StatusCode::OK, &page)
}

/// `GET /verktoykasse/{id}/sammenlign?fra=N&til=M`: two versions line by line.
pub async fn compare_versions(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_toolbox())?;
    let t = tool(&store, &auth, &id).await?;
    let versions = store
        .read_as(&auth.viewer)
        .tool_versions(t.id)
        .await?
        .unwrap_or_default();
    let number = |name: &str| -> Option<i64> { param(query.as_deref(), name)?.parse().ok() };
    let newest = versions.last().map_or(1, |v| v.version);
    let to = number("til").unwrap_or(newest);
    let from = number("fra").unwrap_or(to - 1);
    let pick = |n: i64| versions.iter().find(|v| v.version == n);
    let (Some(a), Some(b)) = (pick(from), pick(to)) else {
        return Err(PageError::NotFound);
    };
    let lines = compare(&a.tool.guide_lines(), &b.tool.guide_lines());
    let layout = layout(
        &store,
        &auth,
        format!("{}: versjon {} og {}", t.tool.name, a.version, b.version),
        Nav::Learning,
    )
    .await?;
    render(StatusCode::OK, &ComparePage::new(layout, &t, a, b, lines))
}

/// The form as typed.
fn tool_input(body: &[u8]) -> ToolInput {
    let pairs = form_pairs(body);
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    ToolInput {
        name: field(&pairs, "navn").to_string(),
        category: field(&pairs, "kategori").to_string(),
        direction: field(&pairs, "bruk").to_string(),
        effort: field(&pairs, "tid").to_string(),
        needs: all("behov"),
        partners: all("partnere"),
        purpose: field(&pairs, "formal").to_string(),
        good_when: field(&pairs, "godt-valg").to_string(),
        not_when: field(&pairs, "ikke-valg").to_string(),
        steps: field(&pairs, "steg").to_string(),
        time_resources: field(&pairs, "ressurser").to_string(),
        pitfalls: field(&pairs, "fallgruver").to_string(),
        examples: field(&pairs, "eksempler").to_string(),
        public: field(&pairs, "offentlig") == "ja",
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    store: &Store,
    auth: &Auth,
    heading: String,
    action: String,
    cancel: String,
    status: StatusCode,
    values: ToolInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("Feil i skjemaet: {heading}")
    };
    let layout = layout(store, auth, title, Nav::Learning).await?;
    let page = ToolFormPage::new(
        layout,
        heading,
        action,
        cancel,
        values,
        errors,
        store.taxonomy(),
    );
    render(status, &page)
}

/// `GET /verktoykasse/ny`.
pub async fn new_form(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_edit_tools())?;
    form_page(
        &store,
        &auth,
        "Nytt verktøy".into(),
        "/verktoykasse/ny".into(),
        "/verktoykasse".into(),
        StatusCode::OK,
        ToolInput::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /verktoykasse/ny`: adds the tool, or shows the form again with what was typed.
pub async fn create(Acting(store): Acting, auth: Auth, body: Bytes) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_edit_tools())?;
    let input = tool_input(&body);
    match store.create_tool(&input).await {
        Ok(id) => Ok(Redirect::to(&format!("/verktoykasse/{id}?melding=lagret")).into_response()),
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                "Nytt verktøy".into(),
                "/verktoykasse/ny".into(),
                "/verktoykasse".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `GET /verktoykasse/{id}/endre`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_edit_tools())?;
    let t = tool(&store, &auth, &id).await?;
    form_page(
        &store,
        &auth,
        format!("Endre «{}»", t.tool.name),
        format!("/verktoykasse/{}/endre", t.id),
        format!("/verktoykasse/{}", t.id),
        StatusCode::OK,
        t.tool.input(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /verktoykasse/{id}/endre`: a new version, or the form again with what was typed.
pub async fn update(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_edit_tools())?;
    let t = tool(&store, &auth, &id).await?;
    let input = tool_input(&body);
    match store.update_tool(t.id, &input).await {
        Ok(changed) => {
            let m = if changed { "lagret" } else { "uendret" };
            Ok(Redirect::to(&format!("/verktoykasse/{}?melding={m}", t.id)).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            form_page(
                &store,
                &auth,
                format!("Endre «{}»", t.tool.name),
                format!("/verktoykasse/{}/endre", t.id),
                format!("/verktoykasse/{}", t.id),
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

/// The situation in a query string (the chooser's form and the API share the names).
pub(super) fn situation(query: Option<&str>) -> SituationInput {
    SituationInput {
        need: param_or_empty(query, "need"),
        partner: param_or_empty(query, "partner"),
        direction: param_or_empty(query, "direction"),
        effort: param_or_empty(query, "effort"),
    }
}

/// `GET /verktoykasse/velg`: the chooser; with `need` (and the rest) the ranked tools.
pub async fn choose(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_toolbox())?;
    let values = situation(query.as_deref());
    let sent = query.as_deref().is_some_and(|q| q.contains("need="));
    let (status, errors, found) = if sent {
        match values.validate() {
            Ok(s) => (
                StatusCode::OK,
                FieldErrors::new(),
                Some(store.read_as(&auth.viewer).recommend(&s).await?),
            ),
            Err(e) => (StatusCode::BAD_REQUEST, e, None),
        }
    } else {
        (StatusCode::OK, FieldErrors::new(), None)
    };
    let title = if errors.is_empty() {
        "Velg et verktøy"
    } else {
        "Feil i skjemaet: Velg et verktøy"
    };
    let layout = layout(&store, &auth, title, Nav::Learning).await?;
    let page = ChooserPage::new(
        layout,
        &values,
        errors,
        found.as_deref(),
        query.as_deref().unwrap_or(""),
        store.taxonomy(),
    );
    render(status, &page)
}

/// `GET /verktoykasse/bruk?kontor=…`: which offices use which tools, and what one office
/// never uses that others use often (the adviser's own office unless another is chosen).
pub async fn usage(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_read_toolbox())?;
    let reader = store.read_as(&auth.viewer);
    let tools = reader.tools().await?;
    let usages = reader.tool_usages().await?;
    let all = offices(store.taxonomy());
    let own = auth
        .viewer
        .user()
        .and_then(|u| u.role.region())
        .unwrap_or(all[0])
        .to_string();
    let office = param(query.as_deref(), "kontor")
        .filter(|o| all.contains(&o.as_str()))
        .unwrap_or(own);
    let layout = layout(&store, &auth, "Hvem bruker hvilke verktøy", Nav::Learning).await?;
    let page = UsagePage::new(
        layout,
        &tools,
        &usages,
        &office,
        store.taxonomy(),
        query.as_deref(),
    );
    render(StatusCode::OK, &page)
}
