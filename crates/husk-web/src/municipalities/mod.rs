//! Municipalities (`/kommuner`): one page per kommunenummer where the areas meet: programme
//! participations with their phase and status meetings, grants by year, the register's entries,
//! their reports, the municipality's agreements and key indicators, and the list of municipalities Husk knows. The API's
//! `/api/v1/municipalities/{kommunenummer}` gives the same. Templates in
//! `templates/municipalities/`.

pub(crate) mod api;
pub(crate) mod pages;
pub(crate) mod views;

use crate::shared::routes::{Route, Routes};

/// The municipalities' routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/kommuner", pages::list),
            Route::get("/kommuner/{kommunenummer}", pages::show),
        ],
        api: vec![Route::get(
            "/municipalities/{kommunenummer}",
            api::municipality,
        )],
    }
}
