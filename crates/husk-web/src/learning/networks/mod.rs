//! The learning area's networks: pages (`pages.rs`), the "theme of the month" rotation
//! (`themes.rs`), their view models (`views.rs`) and the JSON API (`api.rs`). Templates in
//! `templates/learning/networks/`.

mod api;
pub(crate) mod pages;
mod removals;
mod themes;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// A learning or professional network.
const NETWORK: &str = "{id:integer, name:string, kind:string, office:string, office_name:string, programme_id:string?, programme_title:string?, coordinator:string, mandate:string, about:string, meeting_rhythm:string, start:any, end:any, themes:[string], source:string, husk_note:string, members:[object], meetings:[object], assignments:[object]}";
/// What a recording answers with.
const CREATED: &str = "{id:integer, href:string}";

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/nettverk", pages::list),
            Route::get("/nettverk/ny", pages::new_form),
            Route::post("/nettverk/ny", pages::create),
            Route::get("/nettverk/{id}", pages::show),
            Route::get("/nettverk/{id}/endre", pages::edit_form),
            Route::post("/nettverk/{id}/endre", pages::update),
            Route::post("/nettverk/{id}/medlemmer", pages::add_member),
            Route::get("/nettverk/{id}/medlemmer/{member}", pages::member_form),
            Route::post("/nettverk/{id}/medlemmer/{member}", pages::update_member),
            Route::post("/nettverk/{id}/moter", pages::add_meeting),
            Route::get("/nettverk/{id}/moter/{meeting}", pages::meeting_form),
            Route::post("/nettverk/{id}/moter/{meeting}", pages::update_meeting),
            Route::post("/nettverk/{id}/oppdrag", pages::add_assignment),
            Route::get(
                "/nettverk/{id}/oppdrag/{assignment}",
                pages::assignment_form,
            ),
            Route::post(
                "/nettverk/{id}/oppdrag/{assignment}",
                pages::update_assignment,
            ),
            Route::post(
                "/nettverk/{id}/oppdrag/{assignment}/tilbakemelding",
                pages::report_back,
            ),
            Route::get(
                "/nettverk/{id}/medlemmer/{member}/fjern",
                removals::confirm_member,
            ),
            Route::post(
                "/nettverk/{id}/medlemmer/{member}/fjern",
                removals::remove_member,
            ),
            Route::get(
                "/nettverk/{id}/moter/{meeting}/fjern",
                removals::confirm_meeting,
            ),
            Route::post(
                "/nettverk/{id}/moter/{meeting}/fjern",
                removals::remove_meeting,
            ),
            Route::get(
                "/nettverk/{id}/oppdrag/{assignment}/fjern",
                removals::confirm_assignment,
            ),
            Route::post(
                "/nettverk/{id}/oppdrag/{assignment}/fjern",
                removals::remove_assignment,
            ),
            Route::get("/manedens-tema", themes::own),
            Route::get("/manedens-tema/{office}", themes::show),
            Route::post("/manedens-tema/{office}", themes::add),
            Route::get("/manedens-tema/{office}/{id}", themes::edit_form),
            Route::post("/manedens-tema/{office}/{id}", themes::update),
            Route::get(
                "/manedens-tema/{office}/{id}/fjern",
                removals::confirm_theme,
            ),
            Route::post("/manedens-tema/{office}/{id}/fjern", removals::remove_theme),
        ],
        api: vec![
            Route::get("/networks", api::list).doc(
                Doc::paged("Nettverkene du kan se.", "networks", NETWORK).query(&[
                    ("kind", "Nettverkstype."),
                    ("office", "Kontorets kode."),
                    ("programme", "Programmets id."),
                    ("page", "Siden (fra 1)."),
                    ("per_page", "Hvor mange per side (standard 100, høyst 500)."),
                ]),
            ),
            Route::post("/networks", api::create).doc(Doc::write(
                "Oppretter et nettverk (skjemaets felt).",
                "object",
                201,
                CREATED,
            )),
            Route::get("/networks/{id}", api::show).doc(Doc::json(
                "Ett nettverk med medlemmer, læringsagenter, møter og oppdrag.",
                NETWORK,
            )),
            Route::put("/networks/{id}", api::update)
                .doc(Doc::write_done("Endrer et nettverk.", "object")),
            Route::post("/networks/{id}/members", api::add_member).doc(Doc::write(
                "Legger til et medlem.",
                "object",
                201,
                CREATED,
            )),
            Route::post("/networks/{id}/meetings", api::add_meeting).doc(Doc::write(
                "Registrerer et møte.",
                "object",
                201,
                CREATED,
            )),
            Route::post("/networks/{id}/assignments", api::add_assignment).doc(Doc::write(
                "Gir et oppdrag til en læringsagent.",
                "object",
                201,
                CREATED,
            )),
            Route::post(
                "/networks/{id}/assignments/{assignment}/report",
                api::report_back,
            )
            .doc(Doc::write_done("Melder tilbake på et oppdrag.", "object")),
            Route::delete(
                "/networks/{id}/members/{member}",
                removals::api_remove_member,
            )
            .doc(Doc::done("Fjerner et medlem.")),
            Route::delete(
                "/networks/{id}/meetings/{meeting}",
                removals::api_remove_meeting,
            )
            .doc(Doc::done("Fjerner et møte.")),
            Route::delete(
                "/networks/{id}/assignments/{assignment}",
                removals::api_remove_assignment,
            )
            .doc(Doc::done("Fjerner et oppdrag.")),
            Route::get("/themes-of-month/{office}", api::themes).doc(Doc::paged(
                "Et kontors månedens tema.",
                "months",
                "object",
            )),
            Route::post("/themes-of-month/{office}", api::add_theme).doc(Doc::write(
                "Setter månedens tema for en måned.",
                "object",
                201,
                CREATED,
            )),
            Route::delete("/themes-of-month/{office}/{id}", removals::api_remove_theme)
                .doc(Doc::done("Fjerner et månedens tema.")),
        ],
    }
}
