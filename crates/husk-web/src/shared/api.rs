//! What the JSON API's handlers share: refusals in the API's terms (401 for the public, 403 or
//! 404 for a user) and the answer for an address that is not in the API.

use crate::auth::Auth;
use crate::error::ApiError;

/// The answer for an address under `/api/v1` that is not in the API.
pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("Fant ikke adressen i API-et. Se /api/v1/projects, /api/v1/matrix, /api/v1/taxonomy, /api/v1/export/projects, /api/v1/search, /api/v1/documents, /api/v1/reports og /api/v1/me.")
}

/// `Ok` when allowed; otherwise 401 for the public and 403 for a logged-in user.
pub(crate) fn require(auth: &Auth, allowed: bool) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(ApiError::denied(&auth.viewer))
    }
}

/// A page helper's refusal as the API gives it: 401 for the public, 404 for a user who may not
/// see the thing.
pub(crate) fn api_refusal(auth: &Auth, e: crate::error::PageError) -> ApiError {
    match e {
        crate::error::PageError::Forbidden => ApiError::denied(&auth.viewer),
        other => other.into(),
    }
}

/// What a read as the viewer gave, as the API's answer: the thing itself; 404 with `missing`
/// when there is none; for what the caller may not see, 404 for users and 401 for the public
/// (see [`crate::shared::pages::found`]).
pub(crate) fn found<T>(
    auth: &Auth,
    read: Result<Option<T>, husk_store::StoreError>,
    missing: impl FnOnce() -> String,
) -> Result<T, ApiError> {
    crate::shared::pages::found(auth, read).map_err(|e| match e {
        crate::error::PageError::NotFound => ApiError::not_found(missing()),
        other => api_refusal(auth, other),
    })
}

/// The message for an entry that is not there (or not the caller's to see).
pub(crate) fn no_project(id: &str) -> String {
    format!("Fant ikke prosjektet «{id}». Sjekk id-en, for eksempel vest-02.")
}
