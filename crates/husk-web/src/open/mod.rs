//! Open data (issue 14): the public grant pages (`pages.rs`), the administrator's publication
//! settings (`settings.rs`), and the open data in the API, the 360Giving and IATI standards and
//! the Atom feed (`api.rs`). Templates in `templates/open/`.

mod api;
mod pages;
mod settings;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// This area's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/apne-data", pages::search),
            Route::get("/apne-data/kommuner/{kommunenummer}", pages::municipality),
            Route::get("/apne-data/mottakere/{id}", pages::recipient),
            Route::get("/apne-data/programmer/{id}", pages::programme),
            Route::get("/apne-data/tiltak/{id}", pages::entry),
            Route::get("/apne-data/kunnskapsmatrise", pages::matrix),
            Route::get("/apne-data/last-ned/{file}", pages::download),
            Route::get("/apne-data/nytt.atom", api::feed),
            Route::get("/admin/publisering", settings::show),
            Route::post("/admin/publisering", settings::save),
        ],
        api: vec![
            Route::get("/open/grants", api::grants).doc(Doc::json("De publiserte tilskuddene som passer filteret, med sum og mottakernes publiserte rapporter.", "{count:integer, total:integer, page:integer, per_page:integer, pages:integer, next:string?, previous:string?, total_nok:integer, grants:[{id:integer, identifier:string, year:integer, amount_nok:integer, scheme:string, status:string, region:string, office:string, entry_id:string, entry_title:string, recipient:{type:string}, recipient_type:string?, kommunenummer:string?, municipality:string?, programme:[string]?, entry:object?}], reports:[{id:integer, entry_id:string, title:string, year:integer, published_at:string, indicators:[object]}]}").query(&[("q", "Ord i tiltak, mottaker, program eller kommune."), ("region", "Kontorets kode."), ("year", "År."), ("kommunenummer", "Mottakerens kommune."), ("recipient_type", "Mottakertypens kode."), ("theme", "Kunnskapstemaets kode."), ("target_group", "Målgruppens kode."), ("programme", "Programmets id."), ("recipient", "Mottakerens id."), ("entry", "Oppføringens id."), ("page", "Siden (fra 1)."), ("per_page", "Hvor mange per side (standard 100, høyst 500).")]).public()),
            Route::get("/open/360giving.json", api::threesixty).doc(Doc::json("Alle publiserte tilskudd som en 360Giving 1.4.3-datapakke.", "{title:string, description:string, version:string, issued:string, publisher:{identifier:string, name:string}, license:string, grants:[{id:string, title:string, description:string, currency:string, amountAwarded:integer, awardDate:string, fundingOrganization:[{id:string, name:string}], grantProgramme:[{code:string, title:string}]}]}").public()),
            Route::get("/open/iati-activities.xml", api::iati).doc(Doc::file("De publiserte programmene og tiltakene som IATI 2.03-aktiviteter (XML).", &["application/xml"]).public()),
        ],
    }
}
