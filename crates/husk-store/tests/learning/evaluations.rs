//! The learning area's evaluations in the store.
