//! The learning area in the store (issue 11), on SQLite and (with `HUSK_TEST_POSTGRES`)
//! PostgreSQL: one test binary, a module per part.

mod arenas;
mod evaluations;
mod networks;
mod tools;
