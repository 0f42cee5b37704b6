//! The learning area over HTTP (issue 11): a module per part.

mod api_writes;
mod arenas;
mod evaluations;
mod networks;
mod paging;
mod removals;
mod tools;
