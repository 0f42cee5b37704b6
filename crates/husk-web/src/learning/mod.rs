//! Learning (issue 11): the pages and API of the toolbox, the networks, the learning arenas and
//! their evaluations. Each part has its own module and templates under `templates/learning/`.

mod arenas;
mod evaluations;
pub(crate) mod json;
pub(crate) mod networks;
mod start;
mod tools;

use crate::shared::routes::Routes;

pub(crate) use arenas::{programme_arenas, ArenaLink};

/// The learning area's routes: each part's, in one table.
pub(crate) fn routes() -> Routes {
    let mut all = Routes {
        pages: vec![],
        api: vec![],
    };
    for part in [
        start::routes(),
        tools::routes(),
        networks::routes(),
        arenas::routes(),
        evaluations::routes(),
    ] {
        all.pages.extend(part.pages);
        all.api.extend(part.api);
    }
    all
}

/// A removal the domain refuses, in the API: 409 with the reason.
pub(crate) fn refused(why: String) -> crate::error::ApiError {
    crate::error::ApiError {
        status: axum::http::StatusCode::CONFLICT,
        body: crate::error::ApiErrorBody {
            error: why,
            field: None,
            errors: Vec::new(),
        },
    }
}
