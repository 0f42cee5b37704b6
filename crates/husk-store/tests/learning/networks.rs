//! The learning area's networks in the store.
