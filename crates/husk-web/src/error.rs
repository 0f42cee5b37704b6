//! Errors as responses: Norwegian error pages (404, 500) in the site layout for pages, and
//! `{"error": "…"}` JSON for the API.

use crate::shared::layout::{ErrorPage, Layout, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use husk_store::StoreError;
use serde::Serialize;

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// Nothing at this address (unknown path, project or grant), or something the viewer may
    /// not know exists (another organisation's report).
    NotFound,
    /// The viewer may not do this. For the public, [`crate::auth::authenticate`] turns this
    /// into a redirect to the login page (and back); a logged-in user gets 403.
    Forbidden,
    /// A form without a valid CSRF token.
    Csrf,
    /// The store or a template failed; the details go to the log, not to the user.
    Internal(String),
}

/// An error with every cause under it, for the log: Husk's messages are Norwegian sentences,
/// and the causes (the database's or the index's own words) say what happened underneath.
pub fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(" | ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            // Handlers answer a refused read with `shared::pages::found`; where one did not,
            // what the viewer may not see is at least not there.
            StoreError::Hidden => PageError::NotFound,
            e => PageError::Internal(with_causes(&e)),
        }
    }
}

impl From<husk_search::SearchError> for PageError {
    fn from(e: husk_search::SearchError) -> Self {
        PageError::Internal(format!("søk: {}", with_causes(&e)))
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Internal(format!("mal: {e}"))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, page) = match self {
            PageError::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorPage {
                    layout: Layout::plain("Ingen tilgang", Nav::None),
                    heading: "Du har ikke tilgang til dette",
                    text: "Rollen din gir ikke tilgang til denne siden eller handlingen. Kontakt en administrator i Husbanken hvis du mener du skal ha tilgang.",
                },
            ),
            PageError::Csrf => (
                StatusCode::FORBIDDEN,
                ErrorPage {
                    layout: Layout::plain("Skjemaet kunne ikke sendes", Nav::None),
                    heading: "Skjemaet kunne ikke sendes",
                    text: "Skjemaet manglet en gyldig sikkerhetskode, for eksempel fordi det ble åpnet i en annen nettleser eller fordi informasjonskapsler er slått av. Ingenting er lagret. Gå tilbake, last siden på nytt og send skjemaet igjen.",
                },
            ),
            PageError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorPage {
                    layout: Layout::plain("Fant ikke siden", Nav::None),
                    heading: "Fant ikke siden",
                    text: "Vi fant ikke siden du ba om. Den kan være flyttet eller slettet, eller adressen kan være skrevet feil.",
                },
            ),
            PageError::Internal(detail) => {
                tracing::error!("intern feil: {detail}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorPage {
                        layout: Layout::plain("Noe gikk galt", Nav::None),
                        heading: "Noe gikk galt",
                        text: "Det oppsto en feil hos oss, og siden kunne ikke vises. Prøv igjen om litt. Hvis feilen fortsetter, kontakt den som drifter Husk.",
                    },
                )
            }
        };
        let denied =
            matches!(status, StatusCode::FORBIDDEN) && page.heading.starts_with("Du har ikke");
        match page.render() {
            Ok(html) if denied => (status, axum::Extension(Denied), Html(html)).into_response(),
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!("kunne ikke vise feilsiden: {e}");
                (status, "Noe gikk galt.").into_response()
            }
        }
    }
}

/// Marks a response as "not allowed", so that the public is sent to the login page instead.
#[derive(Debug, Clone, Copy)]
pub struct Denied;

/// The fallback for paths no route matches.
pub async fn not_found_fallback() -> PageError {
    PageError::NotFound
}

/// An API error: status and `{"error": "…", "field": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ApiErrorBody,
}

#[derive(Debug, Serialize)]
pub struct ApiErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every bad parameter, when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<husk_domain::FieldError>,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            body: ApiErrorBody {
                error: message.into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }

    /// 409: the request does not fit the state it met (say what to do instead).
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            body: ApiErrorBody {
                error: message.into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }

    pub fn unauthorized() -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: ApiErrorBody {
                error: "Dette krever innlogging. Send «Authorization: Bearer husk_…» med en API-nøkkel fra «Min side».".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }

    pub fn forbidden() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            body: ApiErrorBody {
                error: "Rollen din gir ikke tilgang til dette.".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }

    /// 401 for the public, 403 for a logged-in user without the right.
    pub fn denied(viewer: &husk_domain::Viewer) -> ApiError {
        if viewer.is_logged_in() {
            ApiError::forbidden()
        } else {
            ApiError::unauthorized()
        }
    }

    pub fn bad_request(field: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ApiErrorBody {
                error: message.into(),
                field: Some(field.to_string()),
                errors: Vec::new(),
            },
        }
    }

    /// 400 for bad filter parameters: the first one in `error`/`field`, all of them in `errors`.
    pub fn bad_filters(errors: &husk_domain::FieldErrors) -> ApiError {
        let first = errors.iter().next();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ApiErrorBody {
                error: first.map(|e| e.message.clone()).unwrap_or_default(),
                field: first.map(|e| e.field.clone()),
                errors: errors.iter().cloned().collect(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        if let StoreError::Hidden = e {
            return ApiError::not_found("Fant ikke det du ba om.");
        }
        tracing::error!("intern feil i API-et: {}", with_causes(&e));
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ApiErrorBody {
                error: "Det oppsto en feil hos oss. Prøv igjen senere.".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }
}

impl From<husk_search::SearchError> for ApiError {
    fn from(e: husk_search::SearchError) -> Self {
        if let husk_search::SearchError::Query(refused) = &e {
            // Too long or too many words: the caller's to fix, and the message says how.
            return ApiError::bad_request("q", refused.to_string());
        }
        tracing::error!("søket feilet i API-et: {}", with_causes(&e));
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ApiErrorBody {
                error: "Søket stoppet med en feil hos oss. Prøv igjen senere.".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }
}

impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        match e {
            PageError::NotFound => ApiError::not_found("Fant ikke det du ba om."),
            PageError::Forbidden => ApiError::forbidden(),
            PageError::Csrf => ApiError {
                status: StatusCode::FORBIDDEN,
                body: ApiErrorBody {
                    error: "Forespørselen mangler en gyldig CSRF-token. Send «X-CSRF-Token», eller bruk en API-nøkkel."
                        .into(),
                    field: None,
                    errors: Vec::new(),
                },
            },
            PageError::Internal(detail) => {
                tracing::error!("intern feil i API-et: {detail}");
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    body: ApiErrorBody {
                        error: "Det oppsto en feil hos oss. Prøv igjen senere.".into(),
                        field: None,
                        errors: Vec::new(),
                    },
                }
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
