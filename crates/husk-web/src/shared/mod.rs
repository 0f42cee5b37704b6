//! What the areas share: the page frame ([`layout`]), form pieces ([`form`]), the page and API
//! handlers' common answers ([`pages`], [`api`]) and the route tables ([`routes`]). The crate's
//! root holds the rest that is shared: authentication, errors, filters, formatting, paging and
//! the static files.

pub(crate) mod api;
pub(crate) mod form;
pub(crate) mod layout;
pub(crate) mod pages;
pub(crate) mod routes;
