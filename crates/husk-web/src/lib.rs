//! Husk's web interface and JSON API.
//!
//! [`app`] builds the whole axum router: server-rendered pages in Norwegian bokmål (askama
//! templates in `templates/`, styled with Digdir's Designsystemet CSS and a small `husk.css`), the
//! JSON API under `/api/v1`, `/healthz` and the static CSS. Every page works without JavaScript
//! (the search page's type-ahead is the only script, and optional).
//!
//! Pages: the portfolio register (`/prosjekter`), the knowledge matrix (`/kunnskapsmatrise`),
//! import (`/import`), and the knowledge base: search (`/sok`), documents (`/dokumenter`, the
//! upload form `/dokumenter/ny`, `/dokumenter/{id}` with its passages as `#avsnitt-N`, and the
//! original file at `/dokumenter/{id}/fil`), with similar work and classification suggestions
//! on the document and project pages.
//!
//! Handlers stay thin: they parse input (query strings through [`filters`], forms through
//! [`forms`]), call one store or domain function and render a template. Rules live in
//! `husk-domain` and `husk-store`.

mod api;
mod error;
pub mod filters;
pub mod format;
mod forms;
mod pages;
pub mod search_filters;
mod statics;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use husk_store::Store;
use tower_http::trace::TraceLayer;

/// The largest request body `POST /import` accepts: the store's 50 MB file limit plus room for
/// the multipart framing and the other form fields.
pub const MAX_UPLOAD_BYTES: usize = husk_store::files::MAX_IMPORT_BYTES + 64 * 1024;

/// The largest document file the upload form promises to take (100 MB).
pub const MAX_DOCUMENT_BYTES: usize = 100 * 1024 * 1024;

/// The largest request body `POST /dokumenter/ny` accepts: a 100 MB file plus generous room for
/// the multipart framing and the other form fields. The file is streamed to disk, never held in
/// memory.
pub const MAX_DOCUMENT_UPLOAD_BYTES: usize = 110 * 1024 * 1024;

/// The whole web application: pages, JSON API, health check and static files.
pub fn app(store: Store) -> Router {
    Router::new()
        .route("/", get(pages::home::show))
        .route("/prosjekter", get(pages::projects::list))
        .route(
            "/prosjekter/ny",
            get(pages::projects::new_form).post(pages::projects::create),
        )
        .route("/prosjekter/{id}", get(pages::projects::show))
        .route(
            "/prosjekter/{id}/rediger",
            get(pages::projects::edit_form).post(pages::projects::update),
        )
        .route(
            "/prosjekter/{id}/klassifisering",
            post(pages::projects::classify),
        )
        .route("/prosjekter/{id}/tilskudd", post(pages::grants::add))
        .route(
            "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
            get(pages::grants::edit_form).post(pages::grants::update),
        )
        .route(
            "/prosjekter/{id}/tilskudd/{grant_id}/slett",
            post(pages::grants::delete),
        )
        .route("/kunnskapsmatrise", get(pages::matrix::show))
        .route("/sok", get(pages::search::show))
        .route("/dokumenter", get(pages::documents::list))
        .route(
            "/dokumenter/ny",
            get(pages::documents::new_form)
                .post(pages::documents::upload)
                .layer(DefaultBodyLimit::max(MAX_DOCUMENT_UPLOAD_BYTES)),
        )
        .route("/dokumenter/{id}", get(pages::documents::show))
        .route("/dokumenter/{id}/fil", get(pages::documents::download))
        .route(
            "/dokumenter/{id}/klassifisering",
            post(pages::documents::classify),
        )
        .route(
            "/import",
            get(pages::import::form)
                .post(pages::import::upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/healthz", get(statics::healthz))
        .route(
            "/static/designsystemet.css",
            get(statics::designsystemet_css),
        )
        .route("/static/husk.css", get(statics::husk_css))
        .route("/static/sok.js", get(statics::sok_js))
        .nest("/api/v1", api::router())
        .fallback(error::not_found_fallback)
        .layer(TraceLayer::new_for_http())
        .with_state(store)
}
