//! Reporting: the obligations overview, a report's whole life (starting, filling in with
//! autosave, submitting, reviewing, publishing, versions and attachments, the dialogue
//! meeting), published reports, a programme's annual summary, the reporting templates'
//! administration, and reporting's part of the JSON API. Templates in `templates/reporting/`.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod reports;
pub(crate) mod templates;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// Reporting's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/rapporter", reports::overview),
            Route::get("/rapporter/publiserte", reports::published),
            Route::get("/rapporter/{id}", reports::show),
            Route::get("/rapporter/{id}/rediger", reports::edit_form),
            Route::post("/rapporter/{id}/rediger", reports::save)
                .body_limit(reports::MAX_REPORT_FORM_BYTES),
            Route::post("/rapporter/{id}/utkast", reports::autosave),
            Route::post("/rapporter/{id}/vurdering", reports::review),
            Route::post("/rapporter/{id}/publiser", reports::publish),
            Route::post("/rapporter/{id}/dialogmote", reports::dialogue_meeting),
            Route::get("/rapporter/{id}/versjoner/{n}", reports::version),
            Route::get("/rapporter/{id}/vedlegg/{sha}", reports::attachment),
            Route::post("/prosjekter/{id}/rapporter", reports::start),
            Route::get("/prosjekter/{id}/arssammendrag", reports::annual_summary),
            Route::get(
                "/prosjekter/{id}/arssammendrag.xlsx",
                reports::annual_summary_xlsx,
            ),
            Route::get("/admin/maler", templates::templates),
            Route::get("/admin/maler/{id}", templates::template),
            Route::post("/admin/maler/{id}", templates::save_template),
            Route::get("/admin/maler/versjoner/{id}", templates::template_version),
        ],
        api: vec![
            Route::get("/reports", api::reports).doc(Doc::paged("Rapporteringsplikter og rapporter du kan se, med status.", "obligations", "{due:string, href:string?, kind:string, organisation:string, project:string, project_title:string, region:string, report_id:integer?, state:string?, status:string, title:string, year:integer}")),
            Route::get("/reports/{id}", api::report).doc(Doc::json("Én rapport med versjonene du kan se (utkastet bare for den som fyller den ut).", "{id:integer, project:string, kind:string, year:integer, title:string, state:string, due:string, period_start:string, period_end:string, region:string, revision:integer, href:string, template:{id:integer, name:string, version:integer}, draft?:object, versions:[{id:integer, number:integer, answers:object}]}")),
            Route::get("/projects/{id}/indicators", api::indicators).doc(Doc::json("Indikatorverdiene fra oppføringens godkjente rapporter.", "{project:string, indicators:[object]}")),
        ],
    }
}
