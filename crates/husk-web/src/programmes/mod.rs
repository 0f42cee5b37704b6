//! Municipal programmes (issue 10): the list (`/programmer`), a programme's page with its
//! facts, goal hierarchy, participants and the source's grant table, the timeline of every
//! participant's phases, the form that records a phase transition, a participant's page with
//! its planning deliverables, plan and checklist (`participant.rs`, its forms in `forms.rs`),
//! a participant's fact sheet (page and PDF, `factsheet.rs`), its status meetings
//! (`meetings.rs`), the municipalities' agreements (`partnerships.rs`), the indicator charts
//! against comparison groups and the national homelessness counts (`indicators.rs`),
//! co-financing per participant and year with the form for its rule (`cofinancing.rs`), the
//! overview of every participant with its XLSX export and the annual programme report
//! (`overview.rs`), and the programmes' part of the JSON API (`api.rs`, `meetings_api.rs`).
//! Templates in `templates/programmes/`.

pub(crate) mod api;
pub(crate) mod cofinancing;
pub(crate) mod editing;
pub(crate) mod factsheet;
pub(crate) mod forms;
pub(crate) mod indicators;
pub(crate) mod meetings;
pub(crate) mod meetings_api;
pub(crate) mod meetings_views;
pub mod overview;
pub(crate) mod pages;
pub(crate) mod participant;
pub(crate) mod partnerships;
pub(crate) mod partnerships_views;
pub(crate) mod views;

use crate::shared::routes::{Route, Routes};
pub(crate) use participant::place_link;

/// The programmes' routes.
pub(crate) fn routes() -> Routes {
    let mut routes = Routes {
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
                "/programmer/{id}/deltakere/{participant}",
                participant::show,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/leveranser",
                participant::save_deliverables,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/tiltak",
                participant::add_measure,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/tiltak/{measure}",
                participant::measure_form,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/tiltak/{measure}",
                participant::update_measure,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/sjekkliste",
                participant::save_checklist,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::phase_form,
            ),
            Route::post(
                "/programmer/{id}/deltakere/{participant}/fase",
                pages::record_phase,
            ),
            Route::get("/programmer/{id}/indikatorer", indicators::page),
            Route::get("/indikatorer/bostedslose", indicators::national_homeless),
            Route::get("/programmer/{id}/egenfinansiering", cofinancing::page),
            Route::get(
                "/programmer/{id}/egenfinansiering/regel",
                cofinancing::rule_form,
            ),
            Route::post(
                "/programmer/{id}/egenfinansiering/regel",
                cofinancing::save_rule,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/faktaark",
                factsheet::page,
            ),
            Route::get(
                "/programmer/{id}/deltakere/{participant}/faktaark.pdf",
                factsheet::pdf,
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
                "/programmes/{id}/participants/{participant}",
                api::participant,
            ),
            Route::put(
                "/programmes/{id}/participants/{participant}/deliverables",
                api::put_deliverables,
            ),
            Route::post(
                "/programmes/{id}/participants/{participant}/measures",
                api::post_measure,
            ),
            Route::put(
                "/programmes/{id}/participants/{participant}/measures/{measure}",
                api::put_measure,
            ),
            Route::patch(
                "/programmes/{id}/participants/{participant}/measures/{measure}",
                api::patch_measure,
            ),
            Route::put(
                "/programmes/{id}/participants/{participant}/checklist",
                api::put_checklist,
            ),
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
    };
    routes.pages.extend(editing::page_routes());
    routes.api.extend(editing::api_routes());
    routes
}
