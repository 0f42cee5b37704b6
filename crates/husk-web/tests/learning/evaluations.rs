//! The learning area's evaluations over HTTP.
