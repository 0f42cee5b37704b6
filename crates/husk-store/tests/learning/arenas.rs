//! The learning area's arenas in the store.
