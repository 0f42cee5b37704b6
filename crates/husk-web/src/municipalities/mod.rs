//! Municipalities (`/kommuner`): one page per kommunenummer where the areas meet: programme
//! participations with their phase and status meetings, grants by year, the register's entries,
//! their reports, the municipality's agreements and key indicators, and the list of municipalities Husk knows. The API's
//! `/api/v1/municipalities/{kommunenummer}` gives the same. Templates in
//! `templates/municipalities/`.

pub(crate) mod api;
pub(crate) mod pages;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// The municipalities' routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/kommuner", pages::list),
            Route::get("/kommuner/{kommunenummer}", pages::show),
        ],
        api: vec![Route::get("/municipalities/{kommunenummer}", api::municipality).doc(Doc::json("En kommune: programdeltakelser, tilskudd, oppføringer, rapporter, indikatorer og avtaler du kan se.", "{kommunenummer:string, name:string, participations:[object], grants:[{year:integer, amount:integer, status:string, source:object}], entries:[{id:string, title:string, kind:string, status:string, years:object, recipient:string?}], reports:[{id:integer, title:string, entry_id:string, state:string, due:string}], indicators:[object], agreements:[object]}"))],
    }
}
