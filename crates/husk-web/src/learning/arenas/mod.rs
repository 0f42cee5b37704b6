//! The learning area's arenas: the calendar per office, programme and network with its
//! iCalendar feed, an arena's page with agenda, participants and materials, the forms, and the
//! API. Templates in `templates/learning/arenas/`.

mod api;
mod materials;
mod pages;
mod removals;
mod views;

use crate::shared::routes::{Route, Routes};
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
            Route::get("/arenas", api::list),
            Route::post("/arenas", api::create),
            Route::get("/arenas/{id}", api::one),
            Route::put("/arenas/{id}", api::update),
            Route::put("/arenas/{id}/agenda", api::put_agenda),
            Route::put("/arenas/{id}/participants", api::put_participants),
            Route::delete(
                "/arenas/{id}/materials/{document}",
                removals::api_remove_material,
            ),
            Route::delete("/arenas/{id}/tools/{tool}", removals::api_remove_tool),
            Route::post("/arenas/{id}/materials", api::add_material)
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
