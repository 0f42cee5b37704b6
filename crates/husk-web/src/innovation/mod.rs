//! Innovation and its spread (issue 13): the pages (`pages.rs`), their view models
//! (`views.rs`), the graph and curve drawn as SVG (`svg.rs`) and the JSON API (`api.rs`).
//! Templates in `templates/innovation/`.

mod api;
mod pages;
mod svg;
mod views;

use crate::shared::routes::{Route, Routes};

/// This area's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/innovasjon", pages::list),
            Route::get("/innovasjon/{code}", pages::show),
            Route::post("/innovasjon/{code}/overtakelser", pages::record),
            Route::post(
                "/innovasjon/{code}/overtakelser/{id}/bekreft",
                pages::confirm,
            ),
            Route::post("/innovasjon/{code}/kilder", pages::decide),
        ],
        api: vec![
            Route::get("/innovations", api::list),
            Route::get("/innovations/{code}", api::show),
            Route::get("/innovations/{code}/diffusion", api::diffusion),
            Route::post("/innovations/{code}/adoptions", api::record),
        ],
    }
}
