//! The demo's publication rules: an example of what an administrator might publish, chosen for
//! the demo (not stated in the reports; the open-data page says the rules are the
//! administrator's). The competence grant (post 78) from 2011 with its entries and results,
//! and region øst's development programme from 2009 with its entries. Loaded once: an
//! administrator's later changes are kept when the demo loads again.

use crate::{Store, StoreError};
use husk_domain::open::{Publication, PublicationRule, Scope};
use husk_domain::portfolio::BudgetItem;

/// The register entry of region øst's development programme (`data/demo/programmes.csv`).
const DEMO_PROGRAMME: &str = "ost-utviklingsprogram";
const LOADED: &str = "demo_open_data_loaded";

impl Store {
    pub(crate) async fn load_demo_publication(&self) -> Result<(), StoreError> {
        if crate::sql::meta(&self.pool, LOADED).await?.is_some() {
            return Ok(());
        }
        let mut p = self.publication().await?;
        if p.rules.is_empty() {
            p.rules = vec![
                PublicationRule {
                    scope: Scope::Scheme(BudgetItem::Post78),
                    from_year: 2011,
                    entries: true,
                    results: true,
                },
                PublicationRule {
                    scope: Scope::Programme(DEMO_PROGRAMME.into()),
                    from_year: 2009,
                    entries: true,
                    results: false,
                },
            ];
            self.save_publication(&Publication { ..p }).await?;
        }
        let mut tx = self.begin_write().await?;
        crate::sql::set_meta_once(&mut *tx, LOADED, &crate::now_text()).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }
}
