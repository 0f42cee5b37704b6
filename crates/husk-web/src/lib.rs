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
pub mod auth;
mod error;
pub mod filters;
pub mod format;
mod forms;
mod pages;
mod query;
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

/// The whole web application: pages, JSON API, health check and static files, with secure
/// cookies.
pub fn app(store: Store) -> Router {
    app_with(store, auth::CookiePolicy::default())
}

/// [`app`] with a chosen cookie policy.
pub fn app_with(store: Store, policy: auth::CookiePolicy) -> Router {
    Router::new()
        .route("/", get(pages::home::show))
        .route(
            "/logg-inn",
            get(pages::account::form).post(pages::account::login),
        )
        .route("/logg-ut", post(pages::account::logout))
        .route("/min-side", get(pages::account::show))
        .route("/min-side/passord", post(pages::account::change_password))
        .route("/min-side/nokler", post(pages::account::create_token))
        .route(
            "/min-side/nokler/{id}/tilbakekall",
            post(pages::account::revoke_token),
        )
        .route("/admin", get(pages::admin::index))
        .route(
            "/admin/brukere",
            get(pages::admin::users).post(pages::admin::create_user),
        )
        .route(
            "/admin/brukere/{username}/{action}",
            post(pages::admin::user_action),
        )
        .route("/admin/maler", get(pages::admin::templates))
        .route(
            "/admin/maler/{id}",
            get(pages::admin::template).post(pages::admin::save_template),
        )
        .route(
            "/admin/maler/versjoner/{id}",
            get(pages::admin::template_version),
        )
        .route("/admin/endringslogg", get(pages::admin::audit))
        .route("/rapporter", get(pages::reports::overview))
        .route("/rapporter/publiserte", get(pages::reports::published))
        .route("/rapporter/{id}", get(pages::reports::show))
        .route(
            "/rapporter/{id}/rediger",
            get(pages::reports::edit_form)
                .post(pages::reports::save)
                .layer(DefaultBodyLimit::max(pages::reports::MAX_REPORT_FORM_BYTES)),
        )
        .route("/rapporter/{id}/utkast", post(pages::reports::autosave))
        .route("/rapporter/{id}/vurdering", post(pages::reports::review))
        .route("/rapporter/{id}/publiser", post(pages::reports::publish))
        .route(
            "/rapporter/{id}/versjoner/{n}",
            get(pages::reports::version),
        )
        .route(
            "/rapporter/{id}/vedlegg/{sha}",
            get(pages::reports::attachment),
        )
        .route("/prosjekter/{id}/rapporter", post(pages::reports::start))
        .route(
            "/prosjekter/{id}/arssammendrag",
            get(pages::reports::annual_summary),
        )
        .route(
            "/prosjekter/{id}/arssammendrag.xlsx",
            get(pages::reports::annual_summary_xlsx),
        )
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
        .route("/static/rapport.js", get(statics::rapport_js))
        .nest("/api/v1", api::router())
        .fallback(error::not_found_fallback)
        .layer(axum::middleware::from_fn_with_state(
            (store.clone(), policy),
            auth::authenticate,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(store)
}
