//! The demo data: the 57 entries the 2016 review mapped, region øst's development programme,
//! and the grants the reports give (see `data/demo/README.md`). Loaded through the ordinary
//! import, so loading twice changes nothing.

use crate::import::{ImportFailure, ImportReport};
use crate::Store;

const MAPPED_PROJECTS: &[u8] = include_bytes!("../../../data/reference/post78_mapped_projects.csv");
const PROGRAMMES: &[u8] = include_bytes!("../../../data/demo/programmes.csv");
const GRANTS: &[u8] = include_bytes!("../../../data/demo/grants.csv");

/// What loading the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub projects: ImportReport,
    pub programmes: ImportReport,
    pub grants: ImportReport,
}

impl Store {
    /// Loads the demo data. Idempotent: a second load leaves the register as it was.
    pub async fn load_demo(&self) -> Result<DemoReport, ImportFailure> {
        let projects = self
            .import_projects("post78_mapped_projects.csv", MAPPED_PROJECTS, false)
            .await?;
        let programmes = self
            .import_projects("programmes.csv", PROGRAMMES, false)
            .await?;
        let grants = self.import_grants("grants.csv", GRANTS, false).await?;
        sqlx::query(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo_loaded', CURRENT_TIMESTAMP)",
        )
        .execute(&self.pool)
        .await
        .map_err(crate::StoreError::Db)?;
        Ok(DemoReport {
            projects,
            programmes,
            grants,
        })
    }
}
