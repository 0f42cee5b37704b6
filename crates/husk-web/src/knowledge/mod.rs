//! The knowledge base: search (with type-ahead), the documents (list, upload, page with its
//! passages, the kept file, classification), similar work and classification suggestions on
//! document and project pages, and the knowledge base's part of the JSON API. Templates in
//! `templates/knowledge/`.

pub(crate) mod api;
pub(crate) mod documents;
pub(crate) mod forms;
pub(crate) mod search;
pub mod search_filters;
pub(crate) mod similar;
pub(crate) mod views;

use crate::shared::routes::{Route, Routes};
use crate::MAX_DOCUMENT_UPLOAD_BYTES;

/// The knowledge base's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/sok", search::show),
            Route::get("/dokumenter", documents::list),
            Route::get("/dokumenter/ny", documents::new_form),
            Route::post("/dokumenter/ny", documents::upload).body_limit(MAX_DOCUMENT_UPLOAD_BYTES),
            Route::get("/dokumenter/{id}", documents::show),
            Route::get("/dokumenter/{id}/fil", documents::download),
            Route::post("/dokumenter/{id}/klassifisering", documents::classify),
        ],
        api: vec![
            Route::get("/search", api::search),
            Route::get("/search/suggest", api::suggest),
            Route::get("/documents", api::documents),
            Route::get("/documents/{id}", api::document),
            Route::get("/documents/{id}/similar", api::document_similar),
            Route::get("/projects/{id}/similar", api::project_similar),
        ],
    }
}
