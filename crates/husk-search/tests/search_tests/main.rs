//! The search crate's tests (bounds, extraction, search): one test binary, a
//! module per part. `hostile_files.rs` and `large_files.rs` stay binaries of their own: one counts
//! allocations with its own global allocator, the other measures the process's peak memory.

mod bounds;
mod extract;
mod search;
