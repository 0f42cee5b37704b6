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

    /// Other ways of querying the same index, measured as rows of their own (Husk: the
    /// ranking alone, like for like with the other engines' queries). None for most engines.
    fn variants(&mut self) -> Vec<Box<dyn Engine + '_>> {
        Vec::new()
    }

    /// Where the time of the calls so far went, phase by phase (median of each), if the engine
    /// reports it; also forgets the calls.
    fn take_phases(&mut self) -> Option<Phases> {
        None
    }

    /// A line about the built index for the progress output (Husk: its segments).
    fn note(&self) -> Option<String> {
        None
    }

    /// Husk's index itself, for the hostile queries (None for the other engines).
    fn search_index(&self) -> Option<&husk_search::SearchIndex> {
        None
    }
}

/// Median time per phase of a search, and how many calls needed more than one pass.
#[derive(Debug, Clone, Default)]
pub struct Phases {
    /// (phase, median over the calls).
    pub medians: Vec<(&'static str, std::time::Duration)>,
    /// Calls measured.
    pub calls: usize,
    /// Calls that took in passages matching fewer than all the words.
    pub more_than_one_pass: usize,
    /// Calls that ran out of work and stopped early (Husk's bound; none is expected).
    pub incomplete: usize,
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
