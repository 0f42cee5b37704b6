//! The learning area's arenas over HTTP.
