//! Comparison groups and indicator comparisons: a named group of municipalities imported as a
//! list of kommunenummer (all or nothing, replacing the group's members by a newer import of the
//! same name), and a participant's indicator year by year against the other participants, a
//! named group or the municipalities outside the programme (the averaging is
//! `husk_domain::programmes::comparison`'s).

use super::{sql, Programme};
use crate::import::ImportFailure;
use crate::{Reader, Store, StoreError};
use husk_domain::programmes::comparison::{self, BeforeAfter, ComparisonBasis, YearComparison};
use husk_domain::programmes::indicators::Indicator;
use husk_files::{self as files, FileFormat, ImportError};
use serde::Serialize;
use std::collections::BTreeSet;

/// A stored comparison group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonGroup {
    pub id: i64,
    pub name: String,
    /// The file it was imported from.
    pub source: String,
    pub imported_at: String,
    pub members: usize,
}

/// What importing a group did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupImportReport {
    pub group: String,
    /// Whether the group is new.
    pub new_group: bool,
    pub rows: usize,
    /// Members added, kept from the earlier import, and left out of the new list.
    pub added: usize,
    pub kept: usize,
    pub removed: usize,
    pub dry_run: bool,
}

/// A participant's indicator against a comparison group.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorComparison {
    pub participant_id: i64,
    pub participant: String,
    /// `None` when the participant's kommunenummer is not known (then it has no values).
    pub kommunenummer: Option<String>,
    pub indicator: &'static Indicator,
    pub basis: ComparisonBasis,
    /// The named group compared with (for [`ComparisonBasis::Group`]).
    pub group: Option<ComparisonGroup>,
    /// The participant's pool year.
    pub joined: Option<i32>,
    /// How many municipalities the comparison group holds (without the participant).
    pub members: usize,
    pub rows: Vec<YearComparison>,
    pub before_after: Option<BeforeAfter>,
    /// The files the values shown were imported from.
    pub sources: Vec<String>,
}

impl Store {
    /// Imports a comparison group (CSV or XLSX, one kommunenummer a row, optionally its name)
    /// under `name`: every row is checked first, and nothing is written unless all are right.
    /// A group of that name gets the new list as its members. With `dry_run` nothing is
    /// written.
    pub async fn import_group(
        &self,
        name: &str,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<GroupImportReport, ImportFailure> {
        let name = comparison::check_group_name(name).map_err(|e| {
            ImportFailure::Invalid(
                e.iter()
                    .map(|f| ImportError::file(f.message.clone()))
                    .collect(),
            )
        })?;
        let format =
            files::detect_format(file_name, bytes).map_err(|e| ImportFailure::Invalid(vec![e]))?;
        if format == FileFormat::Json {
            return Err(ImportFailure::Invalid(vec![ImportError::file(
                "En kommunegruppe importeres fra en CSV- eller XLSX-fil, ikke fra JSON.",
            )]));
        }
        let members = files::read_group(bytes, format).map_err(ImportFailure::Invalid)?;
        let mut tx = self.begin_write().await?;
        self.backend
            .serialise(&mut tx, &format!("group-{name}"))
            .await?;
        let existing_id = sql::group_id(&mut *tx, &name).await?;
        let before: BTreeSet<String> = match existing_id {
            Some(id) => sql::group_member_numbers(&mut *tx, id)
                .await?
                .into_iter()
                .collect(),
            None => BTreeSet::new(),
        };
        let after: BTreeSet<String> = members
            .iter()
            .map(|m| m.kommunenummer.as_str().to_string())
            .collect();
        let report = GroupImportReport {
            group: name.clone(),
            new_group: existing_id.is_none(),
            rows: members.len(),
            added: after.difference(&before).count(),
            kept: after.intersection(&before).count(),
            removed: before.difference(&after).count(),
            dry_run,
        };
        if dry_run {
            tx.rollback().await?;
            return Ok(report);
        }
        let id = sql::upsert_group(&mut *tx, &name, file_name, &crate::now_text()).await?;
        for gone in before.difference(&after) {
            sql::delete_group_member(&mut *tx, id, gone).await?;
        }
        for m in &members {
            sql::write_group_member(&mut *tx, id, m.kommunenummer.as_str(), &m.name).await?;
        }
        Self::commit_write(tx).await?;
        Ok(report)
    }
}

impl Reader<'_> {
    /// The comparison groups (lists of municipalities: everyone who may see the portfolio may
    /// read them), by name.
    pub async fn comparison_groups(&self) -> Result<Vec<ComparisonGroup>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        Ok(sql::groups(&self.store.pool)
            .await?
            .into_iter()
            .map(|(id, name, source, imported_at, n)| ComparisonGroup {
                id,
                name,
                source,
                imported_at,
                members: n as usize,
            })
            .collect())
    }

    /// The indicators that have values, in the order Husk lists them.
    pub async fn indicators_with_values(&self) -> Result<Vec<&'static Indicator>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        let codes = sql::indicator_codes(&self.store.pool).await?;
        Ok(husk_domain::programmes::indicators::INDICATORS
            .iter()
            .filter(|i| codes.iter().any(|c| c == i.code))
            .collect())
    }

    /// One participant's indicator against a comparison group, year by year and before and
    /// after its pool year. `programme` is the programme as this viewer read it
    /// ([`Reader::programme`]); `Ok(None)` when the participant is not one the viewer sees.
    /// The other participants' average is over every participant of the programme, also those
    /// a recipient does not see: only the average and how many it is over are shown.
    pub async fn indicator_comparison(
        &self,
        programme: &Programme,
        participant: i64,
        indicator: &'static Indicator,
        basis: ComparisonBasis,
        group: Option<i64>,
    ) -> Result<Option<IndicatorComparison>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        let Some(x) = programme.participant(participant) else {
            return Ok(None);
        };
        let pool = &self.store.pool;
        let in_programme: BTreeSet<String> = sql::participants(pool, &programme.id)
            .await?
            .into_iter()
            .filter_map(|r| r.5)
            .collect();
        let group = match (basis, group) {
            (ComparisonBasis::Group, Some(id)) => self
                .comparison_groups()
                .await?
                .into_iter()
                .find(|g| g.id == id),
            _ => None,
        };
        let group_members: BTreeSet<String> = match &group {
            Some(g) => sql::group_member_numbers(pool, g.id)
                .await?
                .into_iter()
                .collect(),
            None => BTreeSet::new(),
        };
        let rows = sql::values_of_indicator(pool, indicator.code).await?;
        let with_values: BTreeSet<String> = rows.iter().map(|r| r.0.clone()).collect();
        let joined = x.pool.year();
        let (members, compared, sources) = match &x.kommunenummer {
            Some(own) => {
                let members =
                    comparison::members(basis, own, &in_programme, &group_members, &with_values);
                let values: Vec<(String, i32, f64)> = rows
                    .iter()
                    .filter(|r| &r.0 == own || members.contains(&r.0))
                    .map(|r| (r.0.clone(), r.1 as i32, r.2))
                    .collect();
                let mut sources: Vec<String> = rows
                    .iter()
                    .filter(|r| &r.0 == own || members.contains(&r.0))
                    .map(|r| r.3.clone())
                    .filter(|s| !s.is_empty())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                sources.sort();
                (
                    members.len(),
                    comparison::compare(own, &members, &values, joined),
                    sources,
                )
            }
            None => (0, Vec::new(), Vec::new()),
        };
        Ok(Some(IndicatorComparison {
            participant_id: x.id,
            participant: x.name.clone(),
            kommunenummer: x.kommunenummer.clone(),
            indicator,
            basis,
            group,
            joined,
            members,
            before_after: comparison::before_after(&compared, joined),
            rows: compared,
            sources,
        }))
    }
}
