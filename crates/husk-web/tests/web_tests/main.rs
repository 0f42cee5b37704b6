//! The web app over HTTP (pages, API, access, security) on SQLite and (with
//! `HUSK_TEST_POSTGRES`) PostgreSQL: one test binary, a module per area, so the demo template
//! is loaded and the binary linked once.

mod common;

mod access;
mod fidelity;
mod http;
mod indicators;
mod innovation;
mod learning;
mod meetings;
mod municipalities;
mod open_data;
mod openapi;
mod programme_overview;
mod programmes;
mod reporting_v2;
mod security;
mod servers;
