//! The learning area's arenas: the calendar per office, programme and network with its
//! iCalendar feed, an arena's page with agenda, participants and materials, the forms, and the
//! API. Templates in `templates/learning/arenas/`.

mod api;
mod materials;
mod pages;
mod removals;
mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// A learning arena.
const ARENA: &str = "{id:integer, title:string, kind:string, date:{start:string, end:string?, precision:string, label:string}, place:string, organiser:string, office:string, office_name:string, programme_id:string?, programme_title:string?, network_id:integer?, network_name:string?, themes:[string], description:string, source:string, agenda:[object], participants:[object], materials:[object]}";
use crate::MAX_DOCUMENT_UPLOAD_BYTES;

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/laeringsarenaer", pages::calendar),
            Route::get("/laeringsarenaer.ics", pages::ical),
            Route::post("/laeringsarenaer/kalenderlenke", pages::feed_link),
            Route::get("/laeringsarenaer/ny", pages::new_form),
            Route::post("/laeringsarenaer/ny", pages::create),
            Route::get("/laeringsarenaer/{id}", pages::show),
            Route::get("/laeringsarenaer/{id}/endre", pages::edit_form),
            Route::post("/laeringsarenaer/{id}/endre", pages::update),
            Route::post("/laeringsarenaer/{id}/program", pages::save_agenda),
            Route::post("/laeringsarenaer/{id}/deltakere", pages::save_participants),
            Route::post("/laeringsarenaer/{id}/verktoy", pages::add_tool),
            Route::post("/laeringsarenaer/{id}/materiell", pages::upload_material)
                .body_limit(MAX_DOCUMENT_UPLOAD_BYTES),
            Route::get(
                "/laeringsarenaer/{id}/materiell/{document}/fjern",
                removals::confirm_material,
            ),
            Route::post(
                "/laeringsarenaer/{id}/materiell/{document}/fjern",
                removals::remove_material,
            ),
            Route::get(
                "/laeringsarenaer/{id}/verktoy/{tool}/fjern",
                removals::confirm_tool,
            ),
            Route::post(
                "/laeringsarenaer/{id}/verktoy/{tool}/fjern",
                removals::remove_tool,
            ),
        ],
        api: vec![
            Route::get("/arenas", api::list).doc(Doc::paged("Læringsarenaene du kan se, etter kontor, program, nettverk og tid.", "arenas", ARENA).query(&[("vis", "kommende (standard), tidligere eller alle."), ("kontor", "Kontorets kode."), ("program", "Programmets id."), ("nettverk", "Nettverkets id."), ("page", "Siden (fra 1)."), ("per_page", "Hvor mange per side (standard 100, høyst 500).")])),
            Route::post("/arenas", api::create).doc(Doc::write("Registrerer en læringsarena (skjemaets felt).", "object", 201, ARENA)),
            Route::get("/arenas/{id}", api::one).doc(Doc::json("Én læringsarena med program, deltakere og materiell.", ARENA)),
            Route::put("/arenas/{id}", api::update).doc(Doc::write("Endrer en læringsarena.", "object", 200, ARENA)),
            Route::put("/arenas/{id}/agenda", api::put_agenda).doc(Doc::write("Erstatter programmet (agendaen) for en arena.", "[object]", 200, ARENA)),
            Route::put("/arenas/{id}/participants", api::put_participants).doc(Doc::write("Erstatter deltakerne: organisasjon og antall.", "[{organisasjon:string, antall:any}]", 200, ARENA)),
            Route::delete("/arenas/{id}/materials/{document}", removals::api_remove_material).doc(Doc::done("Fjerner et dokument fra arenaens materiell (dokumentet blir i kunnskapsbasen).")),
            Route::delete("/arenas/{id}/tools/{tool}", removals::api_remove_tool).doc(Doc::done("Fjerner et læringsverktøy fra arenaen.")),
            Route::post("/arenas/{id}/materials", api::add_material).doc(Doc::action("Laster opp materiell til arenaen (multipart: fil og tittel); det blir et dokument i kunnskapsbasen.", 201, "{document_id:integer, title:string, duplicate:boolean, href:string, arena:object}"))
                .body_limit(MAX_DOCUMENT_UPLOAD_BYTES),
        ],
    }
}

/// An arena in a short list on another page (the programme page).
pub(crate) struct ArenaLink {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub date: String,
}

/// How many arenas the programme page lists.
const PROGRAMME_PAGE_ARENAS: usize = 5;

/// A programme's newest arenas the viewer reads, for the programme page.
pub(crate) async fn programme_arenas(
    store: &husk_store::Store,
    auth: &crate::auth::Auth,
    programme: &str,
) -> Result<Vec<ArenaLink>, crate::error::PageError> {
    let filter = husk_domain::learning::arenas::ArenaFilter {
        programme: Some(programme.to_string()),
        ..Default::default()
    };
    let mut arenas = store
        .read_as(&auth.viewer)
        .arenas(
            &filter,
            husk_domain::learning::arenas::When::All,
            husk_store::reporting::today(),
        )
        .await?;
    arenas.reverse();
    Ok(arenas
        .iter()
        .take(PROGRAMME_PAGE_ARENAS)
        .map(|a| ArenaLink {
            href: format!("/laeringsarenaer/{}", a.id),
            title: a.title.clone(),
            kind: a.kind.label().to_string(),
            date: a.date.label(),
        })
        .collect())
}
