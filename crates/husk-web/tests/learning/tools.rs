//! The learning area's tools over HTTP.
