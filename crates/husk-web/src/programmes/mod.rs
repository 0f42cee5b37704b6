//! Municipal programmes (issue 10): the list (`/programmer`), a programme's page with its
//! facts, goal hierarchy, participants and the source's grant table, the timeline of every
//! participant's phases, the form that records a phase transition, a participant's status
//! meetings (`meetings.rs`), the municipalities' agreements (`partnerships.rs`), and the
//! programmes' part of the JSON API (`api.rs`, `meetings_api.rs`). Templates in
//! `templates/programmes/`.

pub(crate) mod api;
pub(crate) mod meetings;
pub(crate) mod meetings_api;
pub(crate) mod meetings_views;
pub(crate) mod pages;
pub(crate) mod partnerships;
pub(crate) mod partnerships_views;
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
                "/programmer/{id}/deltakere/{participant}/statusmoter",
                meetings::list,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/statusmoter",
                meetings::plan,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/statusmoter/{meeting}",
                meetings::show,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/statusmoter/{meeting}",
                meetings::record,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/statusmoter/{meeting}/oppfolging/{action}",
                meetings::action_status,
            ),
            Route::get("/avtaler", partnerships::list),
            Route::get("/avtaler/ny", partnerships::new_form),
            Route::post("/avtaler/ny", partnerships::create),
            Route::get("/avtaler/{id}", partnerships::show),
            Route::get("/avtaler/{id}/endre", partnerships::edit_form),
            Route::post("/avtaler/{id}/endre", partnerships::update),
            Route::post("/avtaler/{id}/dialogmoter", partnerships::record_dialogue),
        ],
        api: vec![
            Route::get("/programmes", api::programmes),
            Route::get("/programmes/{id}", api::programme),
            Route::get(
                "/programmes/{id}/participants/{participant}/meetings",
                meetings_api::meetings,
            ),
            Route::post(
                "/programmes/{id}/participants/{participant}/meetings",
                meetings_api::plan,
            ),
            Route::post(
                "/programmes/{id}/participants/{participant}/meetings/{meeting}",
                meetings_api::record,
            ),
            Route::post(
                "/programmes/{id}/participants/{participant}/meetings/{meeting}/actions/{action}",
                meetings_api::action_status,
            ),
            Route::get("/agreements", meetings_api::agreements),
            Route::post("/agreements", meetings_api::create_agreement),
            Route::get("/agreements/{id}", meetings_api::agreement),
            Route::post("/agreements/{id}", meetings_api::update_agreement),
            Route::post(
                "/agreements/{id}/dialogue-meetings",
                meetings_api::record_dialogue,
            ),
            Route::get(
                "/municipalities/{kommunenummer}/agreements",
                meetings_api::municipality_agreements,
            ),
        ],
    }
}
