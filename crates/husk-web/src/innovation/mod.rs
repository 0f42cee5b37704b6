//! Innovation and its spread (issue 13): the pages (`pages.rs`), the good examples' public
//! library, pages and API (`examples.rs`), recording and changing innovations and their links
//! (`editing.rs`), their view models
//! (`views.rs`), the graph and curve drawn as SVG (`svg.rs`) and the JSON API (`api.rs`).
//! Templates in `templates/innovation/`.

mod api;
mod editing;
mod examples;
mod pages;
mod svg;
mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// An innovation with its links, disagreements and adoptions.
const INNOVATION: &str = "{id:integer, code:string, name:string, description:string, kind:string, dimension:string, area:string, practice_model:string?, radical:any, financing:string, origin_place:string, origin_kommunenummer:string?, origin_country:string, origin_year:any, source:string, husk_note:string, links:[{kind:string, target:string, title:string, entry:any, source:string}], disagreements:[{about:string, first_says:string, first_source:string, second_says:string, second_source:string, husk_note:string}], adoptions:[object]}";
/// A good example (the public reads it without `subject`).
const GOOD_EXAMPLE: &str = "{id:integer, title:string, summary:string, contact:string, evidence:string, place:string, area:string, kind:string, target_groups:[string], published:string, updated:string, withdrawn:boolean, source:string, husk_note:string, subject:{kind:string, id:string, name:string}?}";
/// An adoption of an innovation.
const ADOPTION: &str = "{id:integer, adopter:string, adopter_kind:string, kommunenummer:string?, spread:string, channel:string, phase:string, year:object, confirmed:boolean, source:string, husk_note:string}";

/// This area's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/innovasjon", pages::list),
            Route::post("/innovasjon", editing::create),
            Route::get("/innovasjon/ny", editing::new_form),
            Route::get("/innovasjon/{code}/endre", editing::edit_form),
            Route::post("/innovasjon/{code}/endre", editing::save),
            Route::post("/innovasjon/{code}/koblinger", editing::link),
            Route::post("/innovasjon/{code}/koblinger/fjern", editing::unlink),
            Route::get("/innovasjon/{code}", pages::show),
            Route::post("/innovasjon/{code}/overtakelser", pages::record),
            Route::post(
                "/innovasjon/{code}/overtakelser/{id}/bekreft",
                pages::confirm,
            ),
            Route::post("/innovasjon/{code}/kilder", pages::decide),
            Route::get(
                "/innovasjon/{code}/overtakelser/{id}/endre",
                editing::adoption_form,
            ),
            Route::post(
                "/innovasjon/{code}/overtakelser/{id}/endre",
                editing::save_adoption,
            ),
            Route::get("/gode-eksempler", examples::library),
            Route::post("/gode-eksempler", examples::publish),
            Route::get("/gode-eksempler/ny", examples::new_form),
            Route::get("/gode-eksempler/{id}", examples::show),
            Route::get("/gode-eksempler/{id}/endre", examples::edit_form),
            Route::post("/gode-eksempler/{id}/endre", examples::save),
            Route::post("/gode-eksempler/{id}/trekk", examples::withdraw),
        ],
        api: vec![
            Route::get("/innovations", api::list).doc(Doc::paged("Innovasjonene med opphav og overtakelser.", "innovations", INNOVATION)),
            Route::post("/innovations", editing::api_create).doc(Doc::write("Registrerer en innovasjon (skjemaets felt).", "{code:string, name:string, description?:string, kind:string, dimension:string, area:string}", 201, "{code:string}")),
            Route::put("/innovations/{code}", editing::api_update).doc(Doc::write("Endrer en innovasjon (koden står).", "object", 200, INNOVATION)),
            Route::post("/innovations/{code}/links", editing::api_link).doc(Doc::write_done("Kobler en oppføring, et dokument, en arena eller et tilskudd til innovasjonen.", "{kind:string, target:string}")),
            Route::get("/innovations/{code}", api::show).doc(Doc::json("Én innovasjon.", INNOVATION)),
            Route::get("/innovations/{code}/diffusion", api::diffusion).doc(Doc::json("Spredningen: grafen, kurven over år, Husks foreslåtte kilder og hvem som kan komme etter.", "{graph:{nodes:[object], edges:[object]}, curve:[{year:integer, new:integer, cumulative:integer, adopters:array}], undated:integer, suggestions:[object], likely_next:[{name:string, kommunenummer:string, via:array}]}")),
            Route::post("/innovations/{code}/adoptions", api::record).doc(Doc::write("Registrerer en overtakelse.", "object", 201, "{id:integer}")),
            Route::get("/good-examples", examples::api_list).doc(Doc::paged("Gode eksempler, med søk og filtre.", "good_examples", GOOD_EXAMPLE).query(&[("q", "Ord i eksemplet."), ("area", "fremskaffelse, etablering eller oppfolging."), ("kind", "Innovasjonstype."), ("target_group", "Målgruppens kode."), ("page", "Siden (fra 1)."), ("per_page", "Hvor mange per side (standard 100, høyst 500).")]).public()),
            Route::post("/good-examples", examples::api_publish).doc(Doc::write("Publiserer et godt eksempel.", "object", 201, "{id:integer}")),
            Route::get("/good-examples/{id}", examples::api_show).doc(Doc::json("Ett godt eksempel.", GOOD_EXAMPLE).public()),
            Route::put("/good-examples/{id}", examples::api_update).doc(Doc::write("Endrer et godt eksempel.", "object", 200, GOOD_EXAMPLE)),
            Route::post("/good-examples/{id}/withdraw", examples::api_withdraw).doc(Doc::done("Trekker tilbake et godt eksempel (det tas vare på).")),
            Route::put("/innovations/{code}/adoptions/{id}", api::correct).doc(Doc::write("Retter en overtakelse.", "object", 200, ADOPTION)),
            Route::post("/innovations/{code}/adoptions/{id}/confirm", api::confirm).doc(Doc::done("Bekrefter en foreslått overtakelse.")),
            Route::post("/innovations/{code}/suggestions", api::decide).doc(Doc::write_done("Godtar eller avviser en kilde Husk foreslår.", "object")),
            Route::delete("/innovations/{code}/links/{kind}/{target}", api::unlink).doc(Doc::done("Fjerner en kobling.")),
        ],
    }
}
