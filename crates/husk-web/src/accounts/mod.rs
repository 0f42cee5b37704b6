//! Accounts: logging in and out, the user's own page (password, API tokens), and
//! administration of users and the audit log, with `/api/v1/me`. Templates in
//! `templates/accounts/`.

pub(crate) mod account;
pub(crate) mod admin;
pub(crate) mod api;
pub(crate) mod views;

use crate::shared::openapi::Doc;
use crate::shared::routes::{Route, Routes};

/// The accounts' routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![
            Route::get("/logg-inn", account::form),
            Route::post("/logg-inn", account::login),
            Route::post("/logg-ut", account::logout),
            Route::get("/min-side", account::show),
            Route::post("/min-side/passord", account::change_password),
            Route::post("/min-side/nokler", account::create_token),
            Route::get("/min-side/nokler/{id}/tilbakekall", account::confirm_revoke),
            Route::post("/min-side/nokler/{id}/tilbakekall", account::revoke_token),
            Route::get("/admin", admin::index),
            Route::get("/admin/brukere", admin::users),
            Route::post("/admin/brukere", admin::create_user),
            Route::get(
                "/admin/brukere/{username}/{action}",
                admin::confirm_user_action,
            ),
            Route::post("/admin/brukere/{username}/{action}", admin::user_action),
            Route::get("/admin/endringslogg", admin::audit),
        ],
        api: vec![Route::get("/me", api::me).doc(Doc::json(
            "Den innloggede brukeren: navn, rolle, kontor og organisasjon.",
            "{username:string, name:string, role:string, region:string?, organisation_id:integer?}",
        ))],
    }
}
