//! Logging in and out, and the user's own page: password and API tokens.

use super::views::{tied_to, AccountPage, LoginPage, TokenRow};
use crate::auth::{
    local_path, set_cookie, Auth, ClientAddress, CookiePolicy, CSRF_COOKIE, SESSION_COOKIE,
};
use crate::error::PageError;
use crate::flash::{Flash, Flashes};
use crate::query::{field, param};
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use husk_domain::FieldErrors;
use husk_store::accounts::{now_unix, random_hex, Credentials, SESSION_SECONDS};
use husk_store::{Login, SaveError, Store};

async fn login_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    username: String,
    next: String,
    error: Option<String>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let title = if error.is_some() {
        "Feil ved innlogging: Logg inn"
    } else {
        "Logg inn"
    };
    let layout = layout(store, auth, title, Nav::None).await?;
    render(
        status,
        &LoginPage {
            layout,
            username,
            next,
            error,
            message,
        },
    )
}

/// `GET /logg-inn?neste=…`.
pub async fn form(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let next = param(query.as_deref(), "neste")
        .and_then(|n| local_path(&n))
        .unwrap_or_default();
    if auth.viewer.is_logged_in() {
        return Ok(Redirect::to(if next.is_empty() { "/" } else { &next }).into_response());
    }
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("logget-ut") => Some("Du er logget ut.".to_string()),
        _ => None,
    };
    login_page(
        &store,
        &auth,
        StatusCode::OK,
        String::new(),
        next,
        None,
        message,
    )
    .await
}

/// `POST /logg-inn`: checks the password (with the lock-out), starts a session and goes back.
pub async fn login(
    Acting(store): Acting,
    auth: Auth,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Extension(policy): Extension<CookiePolicy>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let username = field(&pairs, "username").trim().to_string();
    let password = field(&pairs, "password").to_string();
    let next = local_path(field(&pairs, "neste")).unwrap_or_else(|| "/".into());
    let fail = |status, message: &str| {
        let (store, auth, username, next) = (&store, &auth, username.clone(), next.clone());
        let message = message.to_string();
        async move { login_page(store, auth, status, username, next, Some(message), None).await }
    };
    if username.is_empty() || password.is_empty() {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Skriv inn både brukernavn og passord.",
        )
        .await;
    }
    match store.login(&username, &password, &address, now_unix()).await? {
        Login::Ok { token, user } => {
            tracing::info!("{} logget inn", user.username);
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(policy, SESSION_COOKIE, &token, Some(SESSION_SECONDS)),
            );
            // A new CSRF token at login, so that a token planted or seen before the login
            // is worth nothing after it.
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(policy, CSRF_COOKIE, &random_hex(32), None),
            );
            Ok(response)
        }
        Login::Busy {
            retry_after_seconds,
        } => {
            let mut response = fail(
                StatusCode::TOO_MANY_REQUESTS,
                "Akkurat nå logger svært mange inn samtidig. Vent noen sekunder og prøv igjen.",
            )
            .await?;
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds),
            );
            Ok(response)
        }
        Login::Invalid => {
            fail(
                StatusCode::UNAUTHORIZED,
                "Feil brukernavn eller passord. Etter fem feil på rad stenges innloggingen for brukernavnet i 15 minutter.",
            )
            .await
        }
        Login::Disabled => {
            fail(
                StatusCode::FORBIDDEN,
                "Brukeren er deaktivert. Kontakt en administrator i Husbanken for å få den åpnet igjen.",
            )
            .await
        }
        Login::Locked { minutes } => {
            fail(
                StatusCode::TOO_MANY_REQUESTS,
                &format!(
                    "For mange mislykkede forsøk herfra. Innloggingen for dette brukernavnet er stengt fra denne adressen i {}. Har du glemt passordet, kan en administrator gi deg et nytt.",
                    husk_domain::norwegian::count(minutes, "minutt", "minutter")
                ),
            )
            .await
        }
    }
}

/// `POST /logg-ut`.
pub async fn logout(
    Acting(store): Acting,
    auth: Auth,
    Extension(policy): Extension<CookiePolicy>,
) -> Result<Response, PageError> {
    if let Some(token) = &auth.session_token {
        store.logout(token).await?;
    }
    let mut response = Redirect::to("/logg-inn?melding=logget-ut").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(policy, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

#[allow(clippy::too_many_arguments)]
async fn account_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    message: Option<String>,
    new_token: Option<String>,
    token_name: String,
    token_error: Option<String>,
    password_errors: FieldErrors,
) -> Result<Response, PageError> {
    let me = auth.user()?;
    let Some(user) = store.user(me.id).await? else {
        return Err(PageError::Forbidden);
    };
    let title = if token_error.is_some() || !password_errors.is_empty() {
        "Feil i skjemaet: Min side"
    } else {
        "Min side"
    };
    let layout = layout(store, auth, title, Nav::Account).await?;
    let tokens = store
        .api_tokens(me.id)
        .await?
        .iter()
        .map(TokenRow::new)
        .collect();
    render(
        status,
        &AccountPage {
            layout,
            username: user.username.clone(),
            name: user.name.clone(),
            role: user.role.label().to_string(),
            tied_to: tied_to(&user, store.taxonomy()),
            message,
            new_token,
            tokens,
            token_name,
            token_error,
            password_errors,
        },
    )
}

/// `GET /min-side`, with a new API token shown once when one was just made.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    if let Some(flash) = flashes.take(auth.session_token.as_deref()) {
        return account_page(
            &store,
            &auth,
            StatusCode::OK,
            Some(flash.message),
            flash.secret.map(|(_, secret)| secret),
            String::new(),
            None,
            FieldErrors::new(),
        )
        .await;
    }
    let message = match param(query.as_deref(), "melding").as_deref() {
        Some("passord-endret") => Some(
            "Passordet er endret. Andre innlogginger er avsluttet; logg inn igjen.".to_string(),
        ),
        Some("nokkel-tilbakekalt") => Some("API-nøkkelen er tilbakekalt.".to_string()),
        _ => None,
    };
    account_page(
        &store,
        &auth,
        StatusCode::OK,
        message,
        None,
        String::new(),
        None,
        FieldErrors::new(),
    )
    .await
}

/// `POST /min-side/passord`: the current password, then the new one twice.
pub async fn change_password(
    Acting(store): Acting,
    auth: Auth,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    body: Bytes,
) -> Result<Response, PageError> {
    let me = auth.user()?.clone();
    let pairs = form_pairs(&body);
    let current = field(&pairs, "current");
    let new = field(&pairs, "new");
    let repeat = field(&pairs, "repeat");
    let mut errors = FieldErrors::new();
    match store
        .check_credentials(&me.username, current, &address, now_unix())
        .await?
    {
        Credentials::Valid { .. } => {}
        Credentials::Refused(Login::Locked { minutes }) => errors.push(
            "current",
            format!(
                "For mange mislykkede forsøk. Prøv igjen om {}.",
                husk_domain::norwegian::count(minutes, "minutt", "minutter")
            ),
        ),
        Credentials::Refused(Login::Busy { .. }) => errors.push(
            "current",
            "Akkurat nå logger svært mange inn samtidig. Vent noen sekunder og prøv igjen.",
        ),
        Credentials::Refused(_) => errors.push(
            "current",
            "Det nåværende passordet er feil. Skriv passordet du logger inn med.",
        ),
    }
    if new != repeat {
        errors.push(
            "repeat",
            "Passordene er ikke like. Skriv det samme nye passordet i begge feltene.",
        );
    }
    if let Err(m) = husk_store::accounts::check_password(new) {
        errors.push("new", m);
    }
    if errors.is_empty() {
        match store.set_password(&me.username, new).await {
            Ok(()) => return Ok(Redirect::to("/logg-inn?neste=/min-side").into_response()),
            Err(SaveError::Invalid(e)) => errors = e,
            Err(SaveError::Store(e)) => return Err(e.into()),
        }
    }
    account_page(
        &store,
        &auth,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        None,
        String::new(),
        None,
        errors,
    )
    .await
}

/// `POST /min-side/nokler`: a new API token, shown once on the page it redirects to.
pub async fn create_token(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
    body: Bytes,
) -> Result<Response, PageError> {
    let me = auth.user()?.clone();
    let pairs = form_pairs(&body);
    let name = field(&pairs, "name").to_string();
    match store.create_api_token(me.id, &name).await {
        Ok(secret) => {
            flashes.put(
                auth.session_token.as_deref(),
                Flash {
                    message: "API-nøkkelen er laget. Kopier den nå; den vises ikke igjen.".into(),
                    secret: Some((name, secret)),
                },
            );
            Ok(Redirect::to("/min-side#nokler").into_response())
        }
        Err(SaveError::Invalid(e)) => {
            let message = e.iter().next().map(|e| e.message.clone());
            account_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                None,
                name,
                message,
                FieldErrors::new(),
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `GET /min-side/nokler/{id}/tilbakekall`: asks before revoking a token.
pub async fn confirm_revoke(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let me = auth.user()?.clone();
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    let Some(token) = store
        .api_tokens(me.id)
        .await?
        .into_iter()
        .find(|t| t.id == id && !t.revoked)
    else {
        return Err(PageError::NotFound);
    };
    let heading = format!("Tilbakekalle API-nøkkelen «{}»?", token.name);
    let layout = layout(&store, &auth, heading.clone(), Nav::Account).await?;
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout,
            back: Some(("Min side".into(), "/min-side".into())),
            heading,
            paragraphs: vec![
                "Programmer som bruker nøkkelen, får ikke lenger hente data fra Husk. En tilbakekalt nøkkel kan ikke tas i bruk igjen; lag heller en ny.".into(),
            ],
            action: Some(format!("/min-side/nokler/{id}/tilbakekall")),
            button: "Tilbakekall nøkkelen".into(),
            cancel_href: "/min-side#nokler".into(),
        },
    )
}

/// `POST /min-side/nokler/{id}/tilbakekall`: acts when confirmed (`bekreft=ja`); otherwise
/// sends the browser to the confirmation page.
pub async fn revoke_token(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let me = auth.user()?.clone();
    let id: i64 = id.parse().map_err(|_| PageError::NotFound)?;
    if !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&format!("/min-side/nokler/{id}/tilbakekall")).into_response());
    }
    match store.revoke_api_token(me.id, id).await {
        Ok(()) => Ok(Redirect::to("/min-side?melding=nokkel-tilbakekalt").into_response()),
        Err(husk_store::StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}
