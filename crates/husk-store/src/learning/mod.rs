//! Learning (issue 11): the toolbox of learning tools, learning networks, learning arenas and
//! their evaluations, on both backends. The base tables (`learning_networks`,
//! `learning_arenas`) are in migration 21; each part has its own module, migration and `sql.rs`.

pub mod arenas;
pub mod evaluations;
pub mod networks;
pub mod tools;

use crate::{Store, StoreError};

/// What became of a request to remove something from the learning area. A thing that is not
/// there is `Err(StoreError::NotFound)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    Removed,
    /// The domain's rule refuses it, and says why (in Norwegian, for the page and the API).
    Refused(String),
}

impl Store {
    /// Loads the learning area's demo data, part by part (each idempotent).
    pub(crate) async fn load_demo_learning(&self) -> Result<(), StoreError> {
        self.load_demo_tools().await?;
        self.load_demo_networks().await?;
        self.load_demo_arenas().await?;
        self.load_demo_evaluations().await?;
        Ok(())
    }
}
