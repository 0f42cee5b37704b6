//! The toolbox on both backends: tools, their guides with versions, usage per office.

use crate::{Store, StoreError};

impl Store {
    /// Loads the toolbox's demo data (idempotent).
    pub(crate) async fn load_demo_tools(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
