//! The learning area over HTTP (issue 11): one test binary, a module per part.

#[path = "../common/mod.rs"]
mod common;

mod arenas;
mod evaluations;
mod networks;
mod tools;
