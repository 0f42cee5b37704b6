//! Accounts in the JSON API: who the caller is.

use crate::auth::Auth;
use crate::error::ApiError;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `GET /api/v1/me`: who the caller is.
pub async fn me(auth: Auth) -> Result<Response, ApiError> {
    let Some(u) = auth.viewer.user() else {
        return Err(ApiError::unauthorized());
    };
    Ok(Json(serde_json::json!({
        "username": u.username,
        "name": u.name,
        "role": u.role.code(),
        "region": u.role.region(),
        "organisation_id": u.role.organisation_id(),
    }))
    .into_response())
}
