//! Indicator values: imported from tables of kommunenummer, year, indicator code and value
//! (read and checked by `husk_files::indicators`), all or nothing, in one transaction that the
//! audit log attributes to the importer.

use super::sql;
use crate::import::{ImportFailure, ImportReport};
use crate::{Reader, Store, StoreError};
use husk_domain::programmes::indicators::Indicator;
use husk_files::{self as files, FileFormat, ImportError};
use serde::Serialize;

/// One stored indicator value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredIndicatorValue {
    pub kommunenummer: String,
    pub year: i32,
    pub indicator: &'static Indicator,
    pub value: f64,
    /// The file it was imported from.
    pub source: String,
}

impl Store {
    /// Imports an indicator file (CSV or XLSX): every row is checked first, and nothing is
    /// written unless all are right. A value for a municipality, year and indicator that is
    /// already stored is replaced (the audit log keeps the old one). With `dry_run` nothing is
    /// written.
    pub async fn import_indicators(
        &self,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ImportFailure> {
        let format =
            files::detect_format(file_name, bytes).map_err(|e| ImportFailure::Invalid(vec![e]))?;
        if format == FileFormat::Json {
            return Err(ImportFailure::Invalid(vec![ImportError::file(
                "Indikatorer importeres fra en CSV- eller XLSX-fil, ikke fra JSON.",
            )]));
        }
        let values = files::read_indicators(bytes, format).map_err(ImportFailure::Invalid)?;
        let mut report = ImportReport {
            rows: values.len(),
            created: 0,
            updated: 0,
            dry_run,
        };
        let mut tx = self.begin_write().await?;
        let at = crate::now_text();
        for v in &values {
            let k = v.kommunenummer.as_str();
            let year = i64::from(v.year);
            if sql::indicator_value_exists(&mut *tx, k, year, v.indicator.code).await? {
                report.updated += 1;
            } else {
                report.created += 1;
            }
            if !dry_run {
                sql::write_indicator_value(
                    &mut *tx,
                    k,
                    year,
                    v.indicator.code,
                    v.value,
                    file_name,
                    &at,
                )
                .await?;
            }
        }
        if dry_run {
            tx.rollback().await?;
        } else {
            Self::commit_write(tx).await?;
        }
        Ok(report)
    }
}

impl Reader<'_> {
    /// Every stored indicator value, by municipality, indicator and year: figures about
    /// municipalities, which everyone who may see the portfolio may read.
    pub async fn indicator_values(&self) -> Result<Vec<StoredIndicatorValue>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        Ok(sql::indicator_values(&self.store.pool)
            .await?
            .into_iter()
            .filter_map(|(kommunenummer, year, code, value, source)| {
                Some(StoredIndicatorValue {
                    kommunenummer,
                    year: year as i32,
                    indicator: Indicator::find(&code)?,
                    value,
                    source,
                })
            })
            .collect())
    }
}

/// (kommunenummer, year, indicator code, value, source) of every stored value, unfiltered: for
/// reads that decide access themselves (the municipality page, the fact sheet).
pub(crate) async fn indicator_rows(
    store: &Store,
) -> Result<Vec<(String, i64, String, f64, String)>, StoreError> {
    Ok(sql::indicator_values(&store.pool).await?)
}
