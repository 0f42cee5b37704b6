//! Husk's web interface and JSON API.
//!
//! [`app`] builds the whole axum router: server-rendered pages in Norwegian bokmål (askama
//! templates in `templates/`, styled with Digdir's Designsystemet CSS and a small `husk.css`), the
//! JSON API under `/api/v1`, `/healthz` and the static files. Every page works without
//! JavaScript (the scripts add type-ahead to search and autosave to the report form).
//!
//! The crate is split by the field's areas, each a module with its routes, page handlers, view
//! models, forms, API handlers and a folder of templates:
//!
//! - `portfolio`: the register (`/prosjekter`), grants, the knowledge matrix
//!   (`/kunnskapsmatrise`), import (`/import`) and the exports, data quality (`/datakvalitet`);
//! - `programmes`: municipal programmes (`/programmer`): a programme's facts, goals,
//!   participants and grant table, the timeline of their phases and the phase-transition form,
//!   a participant's fact sheet (page and PDF);
//! - `municipalities`: a page per municipality (`/kommuner/{kommunenummer}`) where the areas
//!   meet: participations, grants, entries, reports and key indicators;
//! - `knowledge`: search (`/sok`), documents (`/dokumenter`), similar work and suggestions;
//! - `reporting`: obligations and reports (`/rapporter`), annual summaries, dialogue meetings
//!   and the reporting templates (`/admin/maler`);
//! - `accounts`: login, the user's own page (`/min-side`) with API tokens, users and the audit
//!   log (`/admin`);
//! - `site`: the start page, the statements every footer links to, `/healthz` and the static
//!   files.
//!
//! What they share is in `shared` (page frame, form pieces, route tables, the state) and at the
//! root ([`auth`], [`filters`], [`format`], errors, paging, flashes). This file only merges the
//! areas' routers and adds the middleware. Handlers stay thin: they parse input, ask the
//! domain's access rules, call one store or domain function and render a template.

mod accounts;
pub mod auth;
mod error;
pub mod filters;
mod flash;
pub mod format;
mod innovation;
mod knowledge;
mod learning;
mod municipalities;
mod open;
mod paging;
mod portfolio;
mod programmes;
mod query;
mod reporting;
mod shared;
mod site;
mod statics;

pub use knowledge::search_filters;
pub use programmes::overview::programme_book;

use axum::Router;
use husk_store::Store;
use tower_http::trace::TraceLayer;

/// The largest request body `POST /import` accepts: the store's 50 MB file limit plus room for
/// the multipart framing and the other form fields.
pub const MAX_UPLOAD_BYTES: usize = husk_files::MAX_IMPORT_BYTES + 64 * 1024;

/// The largest document file the upload form promises to take (100 MB).
pub const MAX_DOCUMENT_BYTES: usize = 100 * 1024 * 1024;

/// The largest request body `POST /dokumenter/ny` accepts: a 100 MB file plus generous room for
/// the multipart framing and the other form fields. The file is streamed to disk, never held in
/// memory.
pub const MAX_DOCUMENT_UPLOAD_BYTES: usize = 110 * 1024 * 1024;

/// The whole web application: pages, JSON API, health check and static files, with secure
/// cookies.
pub fn app(store: Store) -> Router {
    app_with(store, auth::CookiePolicy::default())
}

/// [`app`] with a chosen cookie policy.
pub fn app_with(store: Store, policy: auth::CookiePolicy) -> Router {
    app_with_config(
        store,
        auth::WebConfig {
            cookies: policy,
            ..Default::default()
        },
    )
}

/// Every area's routes.
fn areas() -> [shared::routes::Routes; 10] {
    [
        site::routes(),
        portfolio::routes(),
        programmes::routes(),
        learning::routes(),
        innovation::routes(),
        open::routes(),
        municipalities::routes(),
        knowledge::routes(),
        reporting::routes(),
        accounts::routes(),
    ]
}

/// Every API route with its description, from the route tables, read once.
pub(crate) fn api_routes() -> &'static [shared::openapi::Described] {
    static ROUTES: std::sync::OnceLock<Vec<shared::openapi::Described>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| areas().iter().flat_map(|a| a.described()).collect())
}

/// The OpenAPI 3.1 document of the JSON API (`/api/v1/openapi.json`), made once from the
/// route tables.
pub(crate) fn api_description() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        shared::openapi::document(api_routes()).expect("every API route's shapes are valid")
    })
}

/// One route of the app: a method and a path, with `{…}` where a parameter goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: String,
}

impl std::fmt::Display for RouteSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Every route of the app (pages, files and the API), from the lists the router is built from,
/// so that tests can walk them all.
pub fn routes() -> Vec<RouteSpec> {
    areas()
        .iter()
        .flat_map(|area| area.table())
        .map(|(method, path)| RouteSpec { method, path })
        .collect()
}

/// The path of every route of the app, each once.
pub fn route_paths() -> Vec<String> {
    let mut paths: Vec<String> = routes().into_iter().map(|r| r.path).collect();
    paths.sort();
    paths.dedup();
    paths
}

/// [`app`] with a chosen configuration (cookies, trusted proxies, HTTPS).
pub fn app_with_config(store: Store, config: auth::WebConfig) -> Router {
    let (pages, api) = areas()
        .into_iter()
        .map(shared::routes::Routes::routers)
        .fold((Router::new(), Router::new()), |(pages, api), (p, a)| {
            (pages.merge(p), api.merge(a))
        });
    pages
        .nest(
            shared::routes::API_PREFIX,
            api.fallback(shared::api::not_found),
        )
        .fallback(error::not_found_fallback)
        .layer(axum::Extension(flash::Flashes::default()))
        .layer(axum::middleware::from_fn_with_state(
            (store.clone(), config),
            auth::authenticate,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(shared::state::AppState::new(store))
}

#[cfg(test)]
mod api_description_tests {
    /// Every API route the router serves is described: a summary and an answer whose shapes
    /// parse (the HTTP tests check the answers of a demo run against them).
    #[test]
    fn every_api_route_is_described() {
        let routes = super::api_routes();
        assert!(routes.len() > 80);
        let missing: Vec<String> = routes
            .iter()
            .filter(|r| r.doc.is_none_or(|d| d.summary.trim().is_empty()))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(missing.is_empty(), "not described: {missing:#?}");
        let doc = super::api_description();
        for r in routes {
            assert!(
                doc["paths"][&r.path][r.method.to_lowercase()].is_object(),
                "{} {} is in the document",
                r.method,
                r.path
            );
        }
    }
}
