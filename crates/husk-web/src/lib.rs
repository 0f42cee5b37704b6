//! Husk's web interface and JSON API.
//!
//! [`app`] builds the whole axum router: server-rendered pages in Norwegian bokmål (askama
//! templates in `templates/`, styled with Digdir's Designsystemet CSS and a small `husk.css`), the
//! JSON API under `/api/v1`, `/healthz` and the static CSS. Every page works without JavaScript
//! (the search page's type-ahead is the only script, and optional).
//!
//! Pages: the portfolio register (`/prosjekter`), the knowledge matrix (`/kunnskapsmatrise`),
//! data quality for staff (`/datakvalitet`),
//! import (`/import`), and the knowledge base: search (`/sok`), documents (`/dokumenter`, the
//! upload form `/dokumenter/ny`, `/dokumenter/{id}` with its passages as `#avsnitt-N`, and the
//! original file at `/dokumenter/{id}/fil`), with similar work and classification suggestions
//! on the document and project pages. Every page's footer links to the accessibility
//! statement (`/tilgjengelighet`), the privacy statement (`/personvern`) and the contact page
//! (`/kontakt`), open to everyone.
//!
//! Handlers stay thin: they parse input (query strings through [`filters`], forms through
//! [`forms`]), call one store or domain function and render a template. Rules live in
//! `husk-domain` and `husk-store`.

mod api;
pub mod auth;
mod error;
pub mod filters;
mod flash;
pub mod format;
mod forms;
mod pages;
mod paging;
mod query;
pub mod search_filters;
mod statics;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
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
    app_with_config(
        store,
        auth::WebConfig {
            cookies: policy,
            ..Default::default()
        },
    )
}

/// Every page route with its handlers. The app is built from this list and tests walk it
/// (see [`route_paths`]), so no route escapes the route × role and CSRF tests.
fn page_routes() -> Vec<(&'static str, MethodRouter<Store>)> {
    vec![
        ("/", get(pages::home::show)),
        (
            "/logg-inn",
            get(pages::account::form).post(pages::account::login),
        ),
        ("/logg-ut", post(pages::account::logout)),
        ("/min-side", get(pages::account::show)),
        ("/min-side/passord", post(pages::account::change_password)),
        ("/min-side/nokler", post(pages::account::create_token)),
        (
            "/min-side/nokler/{id}/tilbakekall",
            get(pages::account::confirm_revoke).post(pages::account::revoke_token),
        ),
        ("/admin", get(pages::admin::index)),
        (
            "/admin/brukere",
            get(pages::admin::users).post(pages::admin::create_user),
        ),
        (
            "/admin/brukere/{username}/{action}",
            get(pages::admin::confirm_user_action).post(pages::admin::user_action),
        ),
        ("/admin/maler", get(pages::admin::templates)),
        (
            "/admin/maler/{id}",
            get(pages::admin::template).post(pages::admin::save_template),
        ),
        (
            "/admin/maler/versjoner/{id}",
            get(pages::admin::template_version),
        ),
        ("/admin/endringslogg", get(pages::admin::audit)),
        ("/rapporter", get(pages::reports::overview)),
        ("/rapporter/publiserte", get(pages::reports::published)),
        ("/rapporter/{id}", get(pages::reports::show)),
        (
            "/rapporter/{id}/rediger",
            get(pages::reports::edit_form)
                .post(pages::reports::save)
                .layer(DefaultBodyLimit::max(pages::reports::MAX_REPORT_FORM_BYTES)),
        ),
        ("/rapporter/{id}/utkast", post(pages::reports::autosave)),
        ("/rapporter/{id}/vurdering", post(pages::reports::review)),
        ("/rapporter/{id}/publiser", post(pages::reports::publish)),
        (
            "/rapporter/{id}/dialogmote",
            post(pages::reports::dialogue_meeting),
        ),
        (
            "/rapporter/{id}/versjoner/{n}",
            get(pages::reports::version),
        ),
        (
            "/rapporter/{id}/vedlegg/{sha}",
            get(pages::reports::attachment),
        ),
        ("/prosjekter/{id}/rapporter", post(pages::reports::start)),
        (
            "/prosjekter/{id}/arssammendrag",
            get(pages::reports::annual_summary),
        ),
        (
            "/prosjekter/{id}/arssammendrag.xlsx",
            get(pages::reports::annual_summary_xlsx),
        ),
        ("/prosjekter", get(pages::projects::list)),
        (
            "/prosjekter/ny",
            get(pages::projects::new_form).post(pages::projects::create),
        ),
        ("/prosjekter/{id}", get(pages::projects::show)),
        (
            "/prosjekter/{id}/rediger",
            get(pages::projects::edit_form).post(pages::projects::update),
        ),
        (
            "/prosjekter/{id}/klassifisering",
            post(pages::projects::classify),
        ),
        ("/prosjekter/{id}/tilskudd", post(pages::grants::add)),
        (
            "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
            get(pages::grants::edit_form).post(pages::grants::update),
        ),
        (
            "/prosjekter/{id}/tilskudd/{grant_id}/slett",
            get(pages::grants::confirm_delete).post(pages::grants::delete),
        ),
        ("/kunnskapsmatrise", get(pages::matrix::show)),
        ("/datakvalitet", get(pages::quality::show)),
        ("/sok", get(pages::search::show)),
        ("/dokumenter", get(pages::documents::list)),
        (
            "/dokumenter/ny",
            get(pages::documents::new_form)
                .post(pages::documents::upload)
                .layer(DefaultBodyLimit::max(MAX_DOCUMENT_UPLOAD_BYTES)),
        ),
        ("/dokumenter/{id}", get(pages::documents::show)),
        ("/dokumenter/{id}/fil", get(pages::documents::download)),
        (
            "/dokumenter/{id}/klassifisering",
            post(pages::documents::classify),
        ),
        (
            "/import",
            get(pages::import::form)
                .post(pages::import::upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        ),
        ("/import/koder", get(pages::import::codes)),
        (
            "/import/mal/prosjekter.xlsx",
            get(pages::import::project_template),
        ),
        (
            "/import/mal/tilskudd.xlsx",
            get(pages::import::grant_template),
        ),
        ("/tilgjengelighet", get(pages::about::accessibility)),
        ("/personvern", get(pages::about::privacy)),
        ("/kontakt", get(pages::about::contact)),
        ("/healthz", get(statics::healthz)),
        (
            "/static/designsystemet.css",
            get(statics::designsystemet_css),
        ),
        ("/static/husk.css", get(statics::husk_css)),
        ("/static/sok.js", get(statics::sok_js)),
        ("/static/rapport.js", get(statics::rapport_js)),
        ("/static/husk.js", get(statics::husk_js)),
        ("/static/husk.svg", get(statics::mark_svg)),
        ("/static/husk-180.png", get(statics::mark_png)),
        ("/favicon.ico", get(statics::mark_png)),
    ]
}

/// The path of every route of the app (pages and the API), with `{…}` where a parameter goes.
pub fn route_paths() -> Vec<String> {
    page_routes()
        .into_iter()
        .map(|(p, _)| p.to_string())
        .chain(
            api::routes()
                .into_iter()
                .map(|(p, _)| format!("/api/v1{p}")),
        )
        .collect()
}

/// [`app`] with a chosen configuration (cookies, trusted proxies, HTTPS).
pub fn app_with_config(store: Store, config: auth::WebConfig) -> Router {
    let pages = page_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handlers)| {
            router.route(path, handlers)
        });
    pages
        .nest("/api/v1", api::router())
        .fallback(error::not_found_fallback)
        .layer(axum::Extension(flash::Flashes::default()))
        .layer(axum::middleware::from_fn_with_state(
            (store.clone(), config),
            auth::authenticate,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(store)
}
