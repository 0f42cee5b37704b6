//! Learning arenas on both backends: events, agendas, participants, materials.

use crate::{Store, StoreError};

impl Store {
    /// Loads the arenas the seeds describe (idempotent).
    pub(crate) async fn load_demo_arenas(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
