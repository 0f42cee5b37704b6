//! The three engines, each loaded with the same passages (title, heading and body) and asked
//! for the ten best passages of a query.

pub mod husk;
pub mod postgres;
pub mod sqlite;

use std::path::Path;

use anyhow::Result;

/// Results asked for per query.
pub const TOP_K: usize = 10;

/// A built index that answers queries.
pub trait Engine {
    /// The engine's name in the table.
    fn name(&self) -> &'static str;

    /// The best passages (global ids), best first, at most [`TOP_K`].
    fn search(&mut self, query: &str) -> Result<Vec<usize>>;

    /// The index's size on disk in bytes.
    fn size_bytes(&mut self) -> Result<u64>;

    /// How the engine was set up and queried, for the notes under the table.
    fn describe(&self) -> String;
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}
