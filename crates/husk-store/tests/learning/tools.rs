//! The learning area's tools in the store.
