//! The portfolio: the register of entries (list, page, form, classification), grants, the
//! knowledge matrix, import of register files (with the code lists and templates), data
//! quality, and the register's part of the JSON API (entries, matrix, taxonomy, exports).
//! Templates in `templates/portfolio/`.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod grants;
pub(crate) mod import;
pub(crate) mod matrix;
pub(crate) mod projects;
pub(crate) mod quality;
pub(crate) mod views;

use crate::shared::routes::{Route, Routes};
use crate::MAX_UPLOAD_BYTES;

/// The portfolio's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/prosjekter", projects::list),
            Route::get("/prosjekter/ny", projects::new_form),
            Route::post("/prosjekter/ny", projects::create),
            Route::get("/prosjekter/{id}", projects::show),
            Route::get("/prosjekter/{id}/rediger", projects::edit_form),
            Route::post("/prosjekter/{id}/rediger", projects::update),
            Route::post("/prosjekter/{id}/klassifisering", projects::classify),
            Route::post("/prosjekter/{id}/tilskudd", grants::add),
            Route::get(
                "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
                grants::edit_form,
            ),
            Route::post(
                "/prosjekter/{id}/tilskudd/{grant_id}/rediger",
                grants::update,
            ),
            Route::get(
                "/prosjekter/{id}/tilskudd/{grant_id}/slett",
                grants::confirm_delete,
            ),
            Route::post("/prosjekter/{id}/tilskudd/{grant_id}/slett", grants::delete),
            Route::get("/kunnskapsmatrise", matrix::show),
            Route::get("/datakvalitet", quality::show),
            Route::get("/import", import::form),
            Route::post("/import", import::upload).body_limit(MAX_UPLOAD_BYTES),
            Route::get("/import/koder", import::codes),
            Route::get("/import/mal/prosjekter.xlsx", import::project_template),
            Route::get("/import/mal/tilskudd.xlsx", import::grant_template),
        ],
        api: vec![
            Route::get("/projects", api::projects),
            Route::get("/projects/{id}", api::project),
            Route::get("/matrix", api::matrix),
            Route::get("/taxonomy", api::taxonomy),
            Route::get("/export/projects", api::export_projects),
            Route::get("/export/grants", api::export_grants),
        ],
    }
}
