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

use crate::shared::routes::{Route, Routes};

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
            Route::get("/innovations", api::list),
            Route::post("/innovations", editing::api_create),
            Route::put("/innovations/{code}", editing::api_update),
            Route::post("/innovations/{code}/links", editing::api_link),
            Route::get("/innovations/{code}", api::show),
            Route::get("/innovations/{code}/diffusion", api::diffusion),
            Route::post("/innovations/{code}/adoptions", api::record),
            Route::get("/good-examples", examples::api_list),
            Route::post("/good-examples", examples::api_publish),
            Route::get("/good-examples/{id}", examples::api_show),
            Route::put("/good-examples/{id}", examples::api_update),
            Route::post("/good-examples/{id}/withdraw", examples::api_withdraw),
            Route::put("/innovations/{code}/adoptions/{id}", api::correct),
            Route::post("/innovations/{code}/adoptions/{id}/confirm", api::confirm),
            Route::post("/innovations/{code}/suggestions", api::decide),
            Route::delete("/innovations/{code}/links/{kind}/{target}", api::unlink),
        ],
    }
}
