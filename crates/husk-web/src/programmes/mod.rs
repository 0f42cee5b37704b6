//! Municipal programmes (issue 10): the list (`/programmer`), a programme's page with its
//! facts, goal hierarchy, participants and the source's grant table, the timeline of every
//! participant's phases, the form that records a phase transition, a participant's fact sheet
//! (page and PDF), and the programmes' part of the JSON API. Templates in `templates/programmes/`.

pub(crate) mod api;
pub(crate) mod factsheet;
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
            Route::get(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::phase_form,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::record_phase,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/faktaark",
                factsheet::page,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/faktaark.pdf",
                factsheet::pdf,
            ),
        ],
        api: vec![
            Route::get("/programmes", api::programmes),
            Route::get("/programmes/{id}", api::programme),
        ],
    }
}
