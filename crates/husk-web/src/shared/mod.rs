//! What the areas share: the site's own address for links ([`address`]), the page frame ([`layout`]), form pieces ([`form`]), the page and API
//! handlers' common answers ([`pages`], [`api`]), the route tables ([`routes`]) and the app's
//! state with the store handlers get ([`state`]). The crate's
//! root holds the rest that is shared: authentication, errors, filters, formatting, paging and
//! the static files.

pub(crate) mod address;
pub(crate) mod api;
pub(crate) mod form;
pub(crate) mod layout;
pub(crate) mod openapi;
pub(crate) mod pages;
pub(crate) mod routes;
pub(crate) mod state;
