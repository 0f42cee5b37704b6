//! The app's state, and the one way a handler gets the store: [`Acting`], a store handle that
//! already acts as the request's viewer, so that every change a handler makes is logged in the
//! audit log with the name of whoever made it. The state keeps its store private; there is no
//! `State<Store>` to take, so a write with a store that names nobody cannot be written in a
//! handler.

use crate::auth::Auth;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use husk_domain::Viewer;
use husk_store::{Actor, Store};
use std::convert::Infallible;

/// The state every route shares.
#[derive(Clone)]
pub(crate) struct AppState {
    store: Store,
}

impl AppState {
    pub(crate) fn new(store: Store) -> AppState {
        AppState { store }
    }
}

/// The store, acting as the viewer of the request (`auth::authenticate` found them): a
/// logged-in user by id and username, the public as `offentlig`.
pub(crate) struct Acting(pub Store);

/// Who a viewer's changes are logged as.
fn actor(viewer: &Viewer) -> Actor {
    match viewer.user() {
        Some(u) => Actor::user(u.id, &u.username),
        None => Actor::system("offentlig"),
    }
}

impl FromRequestParts<AppState> for Acting {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let viewer = parts
            .extensions
            .get::<Auth>()
            .map(|a| a.viewer.clone())
            .unwrap_or_default();
        Ok(Acting(state.store.acting_as(actor(&viewer))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use husk_domain::{Role, UserRef};

    #[test]
    fn changes_are_logged_as_the_viewer() {
        let user = Viewer::User(UserRef {
            id: 4,
            username: "test-ost".into(),
            name: "Test".into(),
            role: Role::Leser,
        });
        assert_eq!(actor(&user), Actor::user(4, "test-ost"));
        assert_eq!(actor(&Viewer::Public), Actor::system("offentlig"));
    }
}
