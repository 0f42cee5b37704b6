//! Reading as a viewer: the one way callers outside the store read the things a viewer may
//! or may not see (entries, documents, reports, similar work, search hits).
//!
//! [`Store::read_as`] gives a [`Reader`] for a [`Viewer`]; its reads decide with
//! `husk_domain::access` whether the viewer may see what they ask for:
//! - one thing: `Ok(Some(…))` when it may be read, `Ok(None)` when it does not exist, and
//!   `Err(StoreError::Hidden)` when it exists but the viewer may not read it;
//! - lists come back filtered to what the viewer may read.
//!
//! One entry or one document read through a reader is a handle
//! ([`crate::portfolio::EntryReader`], [`crate::knowledge::DocumentReader`]) whose further
//! reads (its documents, reports, similar work, passages, file) were allowed when the handle
//! was made. The store's unfiltered reads are crate-private: a caller cannot read without
//! saying who reads. The command line reads as [`Viewer::System`].

use crate::Store;
use husk_domain::Viewer;

/// Reads as one viewer (see the module documentation). Cheap to copy.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub(crate) store: &'a Store,
    pub(crate) viewer: &'a Viewer,
}

impl Store {
    /// Reads as `viewer`: what they may not see is refused or left out.
    pub fn read_as<'a>(&'a self, viewer: &'a Viewer) -> Reader<'a> {
        Reader {
            store: self,
            viewer,
        }
    }
}

impl<'a> Reader<'a> {
    /// Who reads.
    pub fn viewer(&self) -> &'a Viewer {
        self.viewer
    }
}
