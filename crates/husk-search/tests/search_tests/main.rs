//! The search crate's tests (bounds, extraction, large files, search): one test binary, a
//! module per part. `hostile_files.rs` stays a binary of its own: it counts allocations with its
//! own global allocator.

mod bounds;
mod extract;
mod large_files;
mod search;
