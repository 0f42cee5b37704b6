//! Municipal programmes (issue 10): the list (`/programmer`), a programme's page with its
//! facts, goal hierarchy, participants and the source's grant table, the timeline of every
//! participant's phases, the form that records a phase transition, the overview of every
//! participant with its XLSX export and the annual programme report (`overview.rs`), and the
//! programmes' part of the JSON API. Templates in `templates/programmes/`.

pub(crate) mod api;
pub mod overview;
pub(crate) mod pages;
pub(crate) mod views;

use crate::shared::routes::{Route, Routes};

/// The programmes' routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/programmer", pages::list),
            Route::get("/programmer/{id}", pages::show),
            Route::get("/programmer/{id}/tidslinje", pages::timeline),
            Route::get("/programmer/{id}/oversikt", overview::overview),
            Route::get("/programmer/{id}/eksport.xlsx", overview::export_xlsx),
            Route::get(
                "/programmer/{id}/arsmelding/{year}",
                overview::annual_report,
            ),
            Route::get(
                "/programmer/{id}/arsmelding/{year}/markdown",
                overview::annual_report_markdown,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::phase_form,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::record_phase,
            ),
        ],
        api: vec![
            Route::get("/programmes", api::programmes),
            Route::get("/programmes/{id}", api::programme),
        ],
    }
}
