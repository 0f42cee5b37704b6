//! Errors as responses: Norwegian error pages (404, 500) in the site layout for pages, and
//! `{"error": "…"}` JSON for the API.

use crate::views::{ErrorPage, Layout, Nav};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use husk_store::StoreError;
use serde::Serialize;

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// Nothing at this address (unknown path, project or grant).
    NotFound,
    /// The store or a template failed; the details go to the log, not to the user.
    Internal(String),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

impl From<husk_search::SearchError> for PageError {
    fn from(e: husk_search::SearchError) -> Self {
        PageError::Internal(format!("søk: {e}"))
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
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!("kunne ikke vise feilsiden: {e}");
                (status, "Noe gikk galt.").into_response()
            }
        }
    }
}

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
        tracing::error!("intern feil i API-et: {e}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ApiErrorBody {
                error: "intern feil; prøv igjen senere".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }
}

impl From<husk_search::SearchError> for ApiError {
    fn from(e: husk_search::SearchError) -> Self {
        tracing::error!("søket feilet i API-et: {e}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ApiErrorBody {
                error: "søket feilet; prøv igjen senere".into(),
                field: None,
                errors: Vec::new(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
