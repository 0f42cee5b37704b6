//! A municipality in the JSON API: the same content as its page, as the caller may read it.

use crate::auth::Auth;
use crate::error::ApiError;
use crate::shared::api::found;
use crate::shared::state::Acting;
use axum::extract::Path;
use axum::Json;
use husk_domain::ids::Kommunenummer;
use husk_store::municipalities::Municipality;

/// `GET /api/v1/municipalities/{kommunenummer}`: 400 for what is not a kommunenummer, 404 for
/// one Husk knows nothing of.
pub(super) async fn municipality(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Json<Municipality>, ApiError> {
    crate::shared::api::require(&auth, auth.viewer.may_see_portfolio())?;
    let k = Kommunenummer::parse(&raw).map_err(|m| ApiError::bad_request("kommunenummer", m))?;
    let m = found(
        &auth,
        store.read_as(&auth.viewer).municipality(&k).await,
        || {
            format!(
                "Husk vet ingenting om kommunenummer {}: ingen programdeltakelse, ingen mottaker i registeret og ingen indikatorverdier.",
                k.as_str()
            )
        },
    )?;
    Ok(Json(m))
}
