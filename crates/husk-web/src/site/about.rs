//! The pages about the service, open to everyone: the accessibility statement, the privacy
//! statement and the contact page.

use super::views::{AccessibilityPage, ContactPage, PrivacyPage, STATEMENTS_UPDATED};
use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::Nav;
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::http::StatusCode;
use axum::response::Response;
use husk_store::accounts::SESSION_SECONDS;

const SESSION_HOURS: u64 = SESSION_SECONDS as u64 / 3600;

pub async fn accessibility(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let page = AccessibilityPage {
        layout: layout(&store, &auth, "Tilgjengelighetserklæring", Nav::None).await?,
        updated: STATEMENTS_UPDATED,
        session_hours: SESSION_HOURS,
    };
    render(StatusCode::OK, &page)
}

pub async fn privacy(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let page = PrivacyPage {
        layout: layout(&store, &auth, "Personvernerklæring", Nav::None).await?,
        updated: STATEMENTS_UPDATED,
        session_hours: SESSION_HOURS,
    };
    render(StatusCode::OK, &page)
}

pub async fn contact(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let page = ContactPage {
        layout: layout(&store, &auth, "Kontakt oss", Nav::None).await?,
    };
    render(StatusCode::OK, &page)
}
