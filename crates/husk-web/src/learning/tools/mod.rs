//! The learning area's toolbox (*verktøykasse*): pages and API. Templates in
//! `templates/learning/tools/`.

mod api;
mod pages;
mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// A learning tool with its guide.
const TOOL: &str = "{id:integer, name:string, category:string, direction:string, effort:string?, needs:[string], partners:[string], purpose:string, good_when:string, not_when:string, steps:string, time_resources:string, pitfalls:string, examples:[any], public:boolean, version:integer, updated_at:string, href:string, has_guide:boolean, used_by:[string]}";
/// What saving a tool answers with.
const SAVED: &str = "{id:integer, href:string, changed:boolean}";

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/verktoykasse", pages::list),
            Route::get("/verktoykasse/ny", pages::new_form),
            Route::post("/verktoykasse/ny", pages::create),
            Route::get("/verktoykasse/velg", pages::choose),
            Route::get("/verktoykasse/bruk", pages::usage),
            Route::get("/verktoykasse/{id}", pages::show),
            Route::get("/verktoykasse/{id}/endre", pages::edit_form),
            Route::post("/verktoykasse/{id}/endre", pages::update),
            Route::get("/verktoykasse/{id}/sammenlign", pages::compare_versions),
        ],
        api: vec![
            Route::get("/tools", api::list).doc(Doc::paged("Læringsverktøyene i verktøykassen.", "tools", TOOL)),
            Route::post("/tools", api::create).doc(Doc::write("Legger et verktøy med veiledning i verktøykassen.", "object", 201, "{id:integer, href:string}")),
            Route::get("/tools/recommend", api::recommend).doc(Doc::json("Verktøyene som passer en situasjon best, med hvorfor.", "{need:string, partner:string?, direction:string?, effort:string?, tools:[{id:integer, score:integer, why:string, derived:boolean, name:string, category:string, evaluation:any}]}").query(&[("need", "dele-erfaring, ta-forskning-i-bruk, endre-rutine, na-brukerne eller starte-nettverk."), ("partner", "Hvem dere samarbeider med."), ("direction", "intern eller ekstern."), ("effort", "Hvor mye innsats.")])),
            Route::get("/tools/usage", api::usage).doc(Doc::json("Hvilke kontorer som bruker hvilke verktøy, med kilde.", "{source:string, usage:[{tool_id:integer, office:string, direction:string, source:string}]}")),
            Route::get("/tools/{id}", api::show).doc(Doc::json("Ett verktøy med veiledningen.", TOOL)),
            Route::put("/tools/{id}", api::update).doc(Doc::write("Endrer et verktøy; en ny versjon hvis noe endret seg.", "object", 200, SAVED)),
            Route::get("/tools/{id}/versions", api::versions).doc(Doc::json("Versjonene av et verktøys veiledning.", "[{version:integer, changed_by:string, changed_at:string, guide:object}]")),
        ],
    }
}
