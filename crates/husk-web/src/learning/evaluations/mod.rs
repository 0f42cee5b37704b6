//! The learning area's evaluations: pages and API. Templates in `templates/learning/evaluations/`.
//!
//! - `answer`: the form answered without login (`/evaluering/{token}`), once per personal link
//!   or device (the `husk_evaluering` cookie), a double click stored once;
//! - `pages`: staff pages: an arena's form (times, extra questions, the link and its QR code,
//!   personal links), the slide with the QR code, results per arena and over arenas;
//! - `api`: the form's state, an arena's results and the summary as JSON.

mod answer;
mod api;
mod pages;
mod removals;
mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/evaluering/{token}", answer::show),
            Route::post("/evaluering/{token}", answer::submit),
            Route::get("/evaluering/{token}/takk", answer::thanks),
            Route::get("/laeringsarenaer/{id}/evaluering", pages::setup),
            Route::post("/laeringsarenaer/{id}/evaluering", pages::create),
            Route::post("/laeringsarenaer/{id}/evaluering/tider", pages::set_window),
            Route::post(
                "/laeringsarenaer/{id}/evaluering/sporsmal",
                pages::add_question,
            ),
            Route::post(
                "/laeringsarenaer/{id}/evaluering/sporsmal/{question}",
                pages::edit_question,
            ),
            Route::get(
                "/laeringsarenaer/{id}/evaluering/sporsmal/{question}/fjern",
                removals::confirm_question,
            ),
            Route::post(
                "/laeringsarenaer/{id}/evaluering/sporsmal/{question}/fjern",
                removals::remove_question,
            ),
            Route::post("/laeringsarenaer/{id}/evaluering/lenker", pages::make_links),
            Route::get("/laeringsarenaer/{id}/evaluering/lysbilde", pages::slide),
            Route::get("/laeringsarenaer/{id}/evaluering/qr.svg", pages::qr_svg),
            Route::get(
                "/laeringsarenaer/{id}/evaluering/resultater",
                pages::results,
            ),
            Route::get("/laering/evalueringer", pages::summary),
        ],
        api: vec![
            Route::get("/arenas/{id}/evaluation", api::evaluation).doc(Doc::json("Evalueringsskjemaet for en arena.", "{arena:{id:integer, title:string, kind:string, starts_on:string, office:string}, form:object?}")),
            Route::get("/arenas/{id}/evaluation/results", api::results).doc(Doc::json("Resultatene av en arenas evaluering (skjult under fem svar).", "{arena:object, answered:integer, visibility:any, results:object?}")),
            Route::delete("/arenas/{id}/evaluation/questions/{question}", removals::api_remove_question).doc(Doc::done("Fjerner et eget spørsmål fra evalueringen.")),
            Route::get("/evaluations/summary", api::summary).doc(Doc::json("Evalueringene samlet: kjernespørsmålene per arena og år.", "{kind:string?, questions:[{key:string, kind:string, text:string, required:boolean, core:boolean}], arenas:[object], years:[object], count:integer, total:integer, page:integer, per_page:integer, pages:integer, next:string?, previous:string?}").query(&[("kind", "Arenatype."), ("page", "Siden (fra 1)."), ("per_page", "Hvor mange per side (standard 100, høyst 500).")])),
        ],
    }
}
