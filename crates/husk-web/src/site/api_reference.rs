//! The API's description: `/api/v1/openapi.json` (OpenAPI 3.1, from the route tables) and the
//! readable reference page `/api-referanse`, made from the same descriptions.

use crate::auth::Auth;
use crate::error::PageError;
use crate::shared::layout::{Layout, Nav};
use crate::shared::openapi::{path_parameters, tag, Answer};
use crate::shared::pages::{layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    Json(crate::api_description().clone()).into_response()
}

pub struct OperationView {
    pub id: String,
    pub method: &'static str,
    pub path: String,
    pub summary: String,
    pub public: bool,
    pub path_parameters: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Option<String>,
    /// «200: {…}», «200: text/csv, …» or «204».
    pub answer: String,
}

pub struct Group {
    pub tag: String,
    pub operations: Vec<OperationView>,
}

#[derive(Template)]
#[template(path = "site/api_reference.html")]
pub struct ReferencePage {
    pub layout: Layout,
    pub groups: Vec<Group>,
    pub total: String,
}

/// `GET /api-referanse`.
pub async fn reference(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let mut groups: Vec<Group> = Vec::new();
    let routes = crate::api_routes();
    for r in routes {
        let Some(d) = r.doc else { continue };
        let t = tag(&r.path);
        let op = OperationView {
            id: format!(
                "{}-{}",
                r.method.to_lowercase(),
                r.path.replace(['/', '{', '}', '.'], "-")
            ),
            method: r.method,
            path: r.path.clone(),
            summary: d.summary.to_string(),
            public: d.public,
            path_parameters: path_parameters(&r.path),
            query: d
                .query
                .iter()
                .map(|(n, a)| (n.to_string(), a.to_string()))
                .collect(),
            body: d.body.map(str::to_string),
            answer: match d.answer {
                Answer::Json(status, shape) => format!("{status}: {shape}"),
                Answer::Paged(key, item) => {
                    format!("200: {}", crate::shared::openapi::paged_shape(key, item))
                }
                Answer::File(types) => format!("200: {}", types.join(", ")),
                Answer::Empty(status) => status.to_string(),
            },
        };
        match groups.iter_mut().find(|g| g.tag == t) {
            Some(g) => g.operations.push(op),
            None => groups.push(Group {
                tag: t,
                operations: vec![op],
            }),
        }
    }
    let page = ReferencePage {
        layout: layout(&store, &auth, "API-referanse", Nav::None).await?,
        total: husk_domain::norwegian::count(routes.len() as i64, "operasjon", "operasjoner"),
        groups,
    };
    render(StatusCode::OK, &page)
}
