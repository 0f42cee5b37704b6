//! Open data (issue 14): the public grant pages (`pages.rs`), the administrator's publication
//! settings (`settings.rs`), and the open data in the API, the 360Giving and IATI standards and
//! the Atom feed (`api.rs`). Templates in `templates/open/`.

mod api;
mod pages;
mod settings;

use crate::shared::routes::{Route, Routes};

/// This area's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/apne-data", pages::search),
            Route::get("/apne-data/kommuner/{kommunenummer}", pages::municipality),
            Route::get("/apne-data/mottakere/{id}", pages::recipient),
            Route::get("/apne-data/programmer/{id}", pages::programme),
            Route::get("/apne-data/tiltak/{id}", pages::entry),
            Route::get("/apne-data/kunnskapsmatrise", pages::matrix),
            Route::get("/apne-data/last-ned/{file}", pages::download),
            Route::get("/apne-data/nytt.atom", api::feed),
            Route::get("/admin/publisering", settings::show),
            Route::post("/admin/publisering", settings::save),
        ],
        api: vec![
            Route::get("/open/grants", api::grants),
            Route::get("/open/360giving.json", api::threesixty),
            Route::get("/open/iati-activities.xml", api::iati),
        ],
    }
}
