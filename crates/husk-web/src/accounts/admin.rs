//! Administration (admins only): the index, users and the audit log. The reporting templates
//! are administered in [`crate::reporting::templates`].

use super::views::{table_options, AdminIndexPage, AdminUsersPage, AuditPage, AuditWords};
use crate::auth::Auth;
use crate::error::PageError;
use crate::flash::{Flash, Flashes};
use crate::query::param_or_empty as param;
use crate::shared::form::{confirmed, form_pairs};
use crate::shared::layout::{ConfirmPage, Nav};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use husk_domain::FieldErrors;
use husk_store::accounts::{generate_password, UserInput};
use husk_store::audit::AuditFilter;
use husk_store::{SaveError, Store, StoreError};

pub(crate) fn admin(auth: &Auth) -> Result<(), PageError> {
    auth.allow(auth.viewer.may_administer())
}

/// `GET /admin`.
pub async fn index(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    admin(&auth)?;
    let layout = layout(&store, &auth, "Administrasjon", Nav::Admin).await?;
    render(
        StatusCode::OK,
        &AdminIndexPage {
            layout,
            users: store.users().await?.len(),
            templates: store.templates().await?.len(),
        },
    )
}

async fn users_page(
    store: &Store,
    auth: &Auth,
    status: StatusCode,
    form: UserInput,
    errors: FieldErrors,
    message: Option<String>,
    new_password: Option<(String, String)>,
) -> Result<Response, PageError> {
    let title = if errors.is_empty() {
        "Brukere"
    } else {
        "Feil i skjemaet: Brukere"
    };
    let layout = layout(store, auth, title, Nav::Admin).await?;
    let users = store.users().await?;
    let orgs = store.organisations().await?;
    let mut page = AdminUsersPage::new(layout, &users, store.taxonomy(), &orgs, form, errors);
    page.message = message;
    page.new_password = new_password;
    render(status, &page)
}

/// `GET /admin/brukere`, with the one-time result of the action that led here.
pub async fn users(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let flash = flashes.take(auth.session_token.as_deref());
    let (message, password) = match flash {
        Some(f) => (Some(f.message), f.secret),
        None => (None, None),
    };
    users_page(
        &store,
        &auth,
        StatusCode::OK,
        UserInput::default(),
        FieldErrors::new(),
        message,
        password,
    )
    .await
}

/// Back to the user list, which shows the result once.
fn to_users(flashes: &Flashes, auth: &Auth, flash: Flash) -> Response {
    flashes.put(auth.session_token.as_deref(), flash);
    Redirect::to("/admin/brukere").into_response()
}

/// `POST /admin/brukere`: a new user with a generated password, shown once.
pub async fn create_user(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
    body: Bytes,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let pairs = form_pairs(&body);
    let role = field_string(&pairs, "role");
    let password = generate_password();
    let input = UserInput {
        username: field_string(&pairs, "username"),
        name: field_string(&pairs, "name"),
        email: field_string(&pairs, "email"),
        // Only what the role needs: an office for an adviser, an organisation for a recipient.
        region: if role == "radgiver" {
            field_string(&pairs, "region")
        } else {
            String::new()
        },
        organisation: if role == "mottaker" {
            field_string(&pairs, "organisation")
        } else {
            String::new()
        },
        role,
        password: password.clone(),
    };
    match store.create_user(&input).await {
        Ok(_) => {
            let username = input.username.trim().to_lowercase();
            Ok(to_users(
                &flashes,
                &auth,
                Flash {
                    message: format!("Brukeren {username} er opprettet."),
                    secret: Some((username, password)),
                },
            ))
        }
        Err(SaveError::Invalid(errors)) => {
            let mut form = input;
            form.password.clear();
            users_page(
                &store,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                errors,
                None,
                None,
            )
            .await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// The actions on a user that ask first: (action, heading, what happens, button).
fn destructive_user_action(action: &str) -> Option<(&'static str, &'static str, &'static str)> {
    match action {
        "deaktiver" => Some((
            "Deaktivere brukeren",
            "Brukeren logges ut overalt, API-nøklene slutter å virke, og brukeren kan ikke logge inn før en administrator aktiverer brukeren igjen.",
            "Deaktiver brukeren",
        )),
        "nytt-passord" => Some((
            "Gi brukeren nytt passord",
            "Husk lager et nytt passord og viser det én gang. Det gamle passordet slutter å virke, og brukeren logges ut overalt.",
            "Lag nytt passord",
        )),
        _ => None,
    }
}

/// `GET /admin/brukere/{username}/{action}`: asks before disabling a user or resetting a
/// password.
pub async fn confirm_user_action(
    Acting(store): Acting,
    auth: Auth,
    Path((username, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let Some((heading, consequence, button)) = destructive_user_action(&action) else {
        return Err(PageError::NotFound);
    };
    let Some(user) = store.user_by_name(&username).await? else {
        return Err(PageError::NotFound);
    };
    let heading = format!("{heading} {}?", user.name);
    let layout = layout(&store, &auth, heading.clone(), Nav::Admin).await?;
    let is_self = auth.viewer.user().is_some_and(|u| u.id == user.id);
    let (paragraphs, form_action) = if action == "deaktiver" && is_self {
        (
            vec![
                "Du kan ikke deaktivere deg selv. Be en annen administrator om å gjøre det."
                    .to_string(),
            ],
            None,
        )
    } else {
        (
            vec![
                format!("Brukernavn: {}.", user.username),
                consequence.to_string(),
            ],
            Some(format!("/admin/brukere/{}/{action}", user.username)),
        )
    };
    render(
        StatusCode::OK,
        &ConfirmPage {
            layout,
            back: Some(("Brukere".into(), "/admin/brukere".into())),
            heading,
            paragraphs,
            action: form_action,
            button: button.into(),
            cancel_href: "/admin/brukere".into(),
        },
    )
}

/// `POST /admin/brukere/{username}/{action}`: `deaktiver`, `aktiver` or `nytt-passord`. The
/// first and the last act only when confirmed (`bekreft=ja`, sent by the confirmation page);
/// otherwise they send the browser to that page.
pub async fn user_action(
    Acting(store): Acting,
    auth: Auth,
    Extension(flashes): Extension<Flashes>,
    Path((username, action)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    admin(&auth)?;
    if destructive_user_action(&action).is_some() && !confirmed(&form_pairs(&body)) {
        return Ok(Redirect::to(&format!("/admin/brukere/{username}/{action}")).into_response());
    }
    let flash = match action.as_str() {
        "deaktiver" => {
            if auth.viewer.user().is_some_and(|u| u.username == username) {
                let mut page_errors = FieldErrors::new();
                page_errors.push(
                    "username",
                    "Du kan ikke deaktivere deg selv. Be en annen administrator om å gjøre det.",
                );
                return users_page(
                    &store,
                    &auth,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    UserInput::default(),
                    page_errors,
                    None,
                    None,
                )
                .await;
            }
            store
                .set_user_disabled(&username, true)
                .await
                .map_err(not_found)?;
            Flash {
                message: format!("Brukeren {username} er deaktivert og logget ut."),
                secret: None,
            }
        }
        "aktiver" => {
            store
                .set_user_disabled(&username, false)
                .await
                .map_err(not_found)?;
            Flash {
                message: format!("Brukeren {username} er aktivert igjen."),
                secret: None,
            }
        }
        "nytt-passord" => {
            let password = generate_password();
            match store.set_password(&username, &password).await {
                Ok(()) => {}
                Err(SaveError::Store(e)) => return Err(not_found(e)),
                Err(SaveError::Invalid(_)) => {
                    return Err(PageError::Internal("generert passord avvist".into()))
                }
            }
            Flash {
                message: format!(
                    "Brukeren {username} har fått nytt passord og er logget ut overalt."
                ),
                secret: Some((username.clone(), password)),
            }
        }
        _ => return Err(PageError::NotFound),
    };
    Ok(to_users(&flashes, &auth, flash))
}

pub(crate) fn not_found(e: StoreError) -> PageError {
    match e {
        StoreError::NotFound(_) => PageError::NotFound,
        other => other.into(),
    }
}

/// How many log entries a page shows.
const AUDIT_PAGE: usize = 100;

/// `GET /admin/endringslogg?bruker=…&tabell=…&post=…&for=…`.
pub async fn audit(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    admin(&auth)?;
    let q = query.as_deref();
    let filter = AuditFilter {
        actor: Some(param(q, "bruker")),
        table: Some(param(q, "tabell")),
        record: Some(param(q, "post")),
        limit: AUDIT_PAGE,
        before: param(q, "for").parse().ok(),
    };
    let entries = store.audit_log(&filter).await?;
    let older_href = (entries.len() == AUDIT_PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten()
        .map(|last| {
            format!(
                "/admin/endringslogg?{}",
                serde_urlencoded::to_string([
                    ("bruker", param(q, "bruker")),
                    ("tabell", param(q, "tabell")),
                    ("post", param(q, "post")),
                    ("for", last.to_string()),
                ])
                .unwrap_or_default()
            )
        });
    let tables = store.audited_tables().await?;
    let table = param(q, "tabell");
    let names = store.audit_names(&entries).await?;
    let words = AuditWords {
        names: &names,
        tax: store.taxonomy(),
    };
    let mut layout = layout(&store, &auth, "Endringslogg", Nav::Admin).await?;
    layout.wide = true;
    render(
        StatusCode::OK,
        &AuditPage {
            layout,
            actor: param(q, "bruker"),
            record: param(q, "post"),
            tables: table_options(&tables, &table),
            rows: entries.iter().map(|e| words.row(e)).collect(),
            older_href,
        },
    )
}

pub(crate) fn field_string(pairs: &[(String, String)], name: &str) -> String {
    crate::query::field(pairs, name).to_string()
}
