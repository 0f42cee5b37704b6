//! The learning area's toolbox (*verktøykasse*): pages and API. Templates in
//! `templates/learning/tools/`.

mod api;
mod pages;
mod views;

use crate::shared::routes::{Route, Routes};

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/verktoykasse", pages::list),
            Route::get("/verktoykasse/ny", pages::new_form),
            Route::post("/verktoykasse/ny", pages::create),
            Route::get("/verktoykasse/velg", pages::choose),
            Route::get("/verktoykasse/bruk", pages::usage),
            Route::get("/verktoykasse/{id}", pages::show),
            Route::get("/verktoykasse/{id}/endre", pages::edit_form),
            Route::post("/verktoykasse/{id}/endre", pages::update),
            Route::get("/verktoykasse/{id}/sammenlign", pages::compare_versions),
        ],
        api: vec![
            Route::get("/tools", api::list),
            Route::post("/tools", api::create),
            Route::get("/tools/recommend", api::recommend),
            Route::get("/tools/usage", api::usage),
            Route::get("/tools/{id}", api::show),
            Route::put("/tools/{id}", api::update),
            Route::get("/tools/{id}/versions", api::versions),
        ],
    }
}
