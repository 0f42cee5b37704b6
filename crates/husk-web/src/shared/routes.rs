//! Route tables. Each area lists its routes, one method and path with its handler per row;
//! the area's router is built from that list and nothing else, and [`crate::routes`] reads the
//! same lists, so the tests that walk every route (route × role, CSRF) see every route there is.

use crate::shared::openapi::{Described, Doc};
use crate::shared::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

/// The prefix of the JSON API's paths.
pub(crate) const API_PREFIX: &str = "/api/v1";

/// One method of one path, with its handler.
pub(crate) struct Route {
    method: &'static str,
    path: &'static str,
    handler: MethodRouter<AppState>,
    /// The API route's description in the OpenAPI document.
    doc: Option<Doc>,
}

impl Route {
    pub(crate) fn get<H, T>(path: &'static str, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route {
            method: "GET",
            path,
            doc: None,
            handler: on(MethodFilter::GET, handler),
        }
    }

    pub(crate) fn post<H, T>(path: &'static str, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route {
            method: "POST",
            path,
            doc: None,
            handler: on(MethodFilter::POST, handler),
        }
    }

    pub(crate) fn put<H, T>(path: &'static str, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route {
            method: "PUT",
            path,
            doc: None,
            handler: on(MethodFilter::PUT, handler),
        }
    }

    pub(crate) fn patch<H, T>(path: &'static str, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route {
            method: "PATCH",
            path,
            doc: None,
            handler: on(MethodFilter::PATCH, handler),
        }
    }

    pub(crate) fn delete<H, T>(path: &'static str, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route {
            method: "DELETE",
            path,
            doc: None,
            handler: on(MethodFilter::DELETE, handler),
        }
    }

    /// Describes an API route in the OpenAPI document (`/api/v1/openapi.json`).
    pub(crate) fn doc(mut self, doc: Doc) -> Route {
        self.doc = Some(doc);
        self
    }

    /// The largest request body this route reads (uploads), instead of axum's 2 MB.
    pub(crate) fn body_limit(mut self, bytes: usize) -> Route {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// An area's routes: its pages (and files) and its part of the JSON API, whose paths are
/// written without [`API_PREFIX`].
pub(crate) struct Routes {
    pub pages: Vec<Route>,
    pub api: Vec<Route>,
}

impl Routes {
    /// Every route as (method, path), the API's with their prefix.
    pub(crate) fn table(&self) -> Vec<(&'static str, String)> {
        let pages = self.pages.iter().map(|r| (r.method, r.path.to_string()));
        let api = self
            .api
            .iter()
            .map(|r| (r.method, format!("{API_PREFIX}{}", r.path)));
        pages.chain(api).collect()
    }

    /// The API's routes with their descriptions, with the prefix.
    pub(crate) fn described(&self) -> Vec<Described> {
        self.api
            .iter()
            .map(|r| Described {
                method: r.method,
                path: format!("{API_PREFIX}{}", r.path),
                doc: r.doc,
            })
            .collect()
    }

    /// The pages' router and the API's (to be nested under [`API_PREFIX`]).
    pub(crate) fn routers(self) -> (Router<AppState>, Router<AppState>) {
        (router(self.pages), router(self.api))
    }
}

fn router(routes: Vec<Route>) -> Router<AppState> {
    routes
        .into_iter()
        .fold(Router::new(), |router, r| router.route(r.path, r.handler))
}
