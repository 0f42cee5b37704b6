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

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// A programme as the API gives it (also after every change).
const PROGRAMME: &str = "{id:string, title:string, programme_type:string, offices:[string], period:object, budget:{total:{precision:string, nok:integer?}, project_support:{precision:string, nok:integer?}}, participation_years:object, cofinancing:[{programme_year:integer, share_percent:number}], source:string, fact_sources:[{fact:string, source:string, derived:boolean}], goals:[{code:string, level:string, text:string, parent:string?, indicators:array}], all_participants:boolean, participants:[{id:integer, name:string, municipality:string, kommunenummer:string?, grants:array}], totals:[{year:integer, total_nok:integer, total_status:string, itemised_nok:integer, not_itemised_nok:integer, sources_disagree:boolean, source:string}], cofinancing_by_participant:[object]}";
/// A participant's plan as the API gives it after every change.
const PARTICIPANT: &str = "{programme:string, id:integer, name:string, kommunenummer:string?, phase:any, deliverables:object, deliverables_missing:[{field:string, message:string}], measures:[object], goals_without_measures:[string], checklist:[{item:string, summary:string, ticked:boolean, comment:string}], checklist_summary:string, may_manage:boolean, may_update_plan:boolean}";
/// An agreement with a municipality.
const AGREEMENT: &str = "{id:integer, kommunenummer:string, municipality:string?, office:string, title:string, kind:string, parties:[object], start:any, end:any, renegotiation:any, procurement:any, procurement_reason:string, notes:string, dialogue_meetings:[object], next_dialogue_due:any}";
/// A measure in a participant's plan (in a PATCH only the fields given change).
const MEASURE_BODY: &str = "{kind?:string, title?:string, goals?:[string], owner?:string, start?:string, end?:string, status?:string, postponed_reason?:string, in_ordinary_operation?:boolean}";
/// What a recording answers with.
const CREATED: &str = "{id:integer, href:string}";
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
            Route::get("/programmes", api::programmes).doc(Doc::paged("Kommuneprogrammene du kan se.", "programmes", "{id:string, title:string, programme_type:string, offices:[string], period:object, participants:integer}")),
            Route::get("/programmes/{id}", api::programme).doc(Doc::json(
                "Ett program: mål, deltakere med fase, tilskudd per år og egenandel, hvert faktum med kilde.",
                PROGRAMME,
            )),
            Route::get("/programmes/{id}/participants/{participant}", api::participant).doc(Doc::json("En deltakers plan: leveranser, tiltak, sjekkliste.", PARTICIPANT)),
            Route::put("/programmes/{id}/participants/{participant}/deliverables", api::put_deliverables).doc(Doc::write("Registrerer planleggingsfasens leveranser.", "object", 200, PARTICIPANT)),
            Route::post("/programmes/{id}/participants/{participant}/measures", api::post_measure).doc(Doc::write("Legger til et tiltak i deltakerens plan.", MEASURE_BODY, 201, PARTICIPANT)),
            Route::put("/programmes/{id}/participants/{participant}/measures/{measure}", api::put_measure).doc(Doc::write("Endrer et tiltak (alle feltene).", MEASURE_BODY, 200, PARTICIPANT)),
            Route::patch("/programmes/{id}/participants/{participant}/measures/{measure}", api::patch_measure).doc(Doc::write("Endrer feltene som er sendt i et tiltak.", MEASURE_BODY, 200, PARTICIPANT)),
            Route::put("/programmes/{id}/participants/{participant}/checklist", api::put_checklist).doc(Doc::write("Krysser av sjekklisten for programplanen.", "object", 200, PARTICIPANT)),
            Route::get("/programmes/{id}/participants/{participant}/meetings", meetings_api::meetings).doc(Doc::json("Statusmøtene med en deltaker, og når neste er forfalt.", "{programme:string, participant_id:integer, participant:string, next_due:any, meetings:[object], next_agenda:any}")),
            Route::post("/programmes/{id}/participants/{participant}/meetings", meetings_api::plan).doc(Doc::write("Planlegger et statusmøte.", "object", 201, CREATED)),
            Route::post("/programmes/{id}/participants/{participant}/meetings/{meeting}", meetings_api::record).doc(Doc::write_done("Registrerer et holdt statusmøte med referat og oppfølgingspunkter.", "object")),
            Route::post("/programmes/{id}/participants/{participant}/meetings/{meeting}/actions/{action}", meetings_api::action_status).doc(Doc::write("Endrer statusen til et oppfølgingspunkt.", "{status:string, done_on?:string}", 200, "object")),
            Route::get("/agreements", meetings_api::agreements).doc(Doc::paged("Samarbeidsavtalene du kan se.", "agreements", AGREEMENT)),
            Route::post("/agreements", meetings_api::create_agreement).doc(Doc::write("Registrerer en samarbeidsavtale med en kommune.", "object", 201, CREATED)),
            Route::get("/agreements/{id}", meetings_api::agreement).doc(Doc::json("Én samarbeidsavtale med dialogmøtene.", AGREEMENT)),
            Route::post("/agreements/{id}", meetings_api::update_agreement).doc(Doc::write_done("Endrer en samarbeidsavtale.", "object")),
            Route::post("/agreements/{id}/dialogue-meetings", meetings_api::record_dialogue).doc(Doc::write("Registrerer et dialogmøte om avtalen.", "object", 201, CREATED)),
            Route::get("/municipalities/{kommunenummer}/agreements", meetings_api::municipality_agreements).doc(Doc::json("En kommunes samarbeidsavtaler.", "{kommunenummer:string, agreements:[{id:integer, kommunenummer:string, municipality:string?, office:string, title:string, kind:string, parties:[object], start:any, end:any, renegotiation:any, procurement:any, procurement_reason:string, notes:string, dialogue_meetings:[object], next_dialogue_due:any}]}")),
        ],
    };
    routes.pages.extend(editing::page_routes());
    routes.api.extend(editing::api_routes());
    routes
}
