//! Evaluations of learning arenas on both backends: forms, answer tokens, answers, results.

use crate::{Store, StoreError};

impl Store {
    /// Loads the demo's evaluations (idempotent).
    pub(crate) async fn load_demo_evaluations(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
