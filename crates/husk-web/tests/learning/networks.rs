//! The learning area's networks over HTTP.
