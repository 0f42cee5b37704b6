//! The site around the areas: the start page (which shows each viewer their part of the
//! portfolio and of reporting), the statements every footer links to, the health check and
//! the static files. Templates in `templates/site/`.

pub(crate) mod about;
mod api_reference;
pub(crate) mod home;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};
use crate::statics;

/// The site's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/", home::show),
            Route::get("/tilgjengelighet", about::accessibility),
            Route::get("/personvern", about::privacy),
            Route::get("/kontakt", about::contact),
            Route::get("/api-referanse", api_reference::reference),
            Route::get("/healthz", statics::healthz),
            Route::get("/static/designsystemet.css", statics::designsystemet_css),
            Route::get("/static/husk.css", statics::husk_css),
            Route::get("/static/sok.js", statics::sok_js),
            Route::get("/static/rapport.js", statics::rapport_js),
            Route::get("/static/husk.js", statics::husk_js),
            Route::get("/static/husk.svg", statics::mark_svg),
            Route::get("/static/husk-180.png", statics::mark_png),
            Route::get("/favicon.ico", statics::mark_png),
        ],
        api: vec![Route::get("/openapi.json", api_reference::openapi).doc(
            Doc::json(
                "Denne beskrivelsen av API-et (OpenAPI 3.1).",
                "{openapi:string, info:{title:string, version:string}, paths:object, components:object}",
            )
            .public(),
        )],
    }
}
