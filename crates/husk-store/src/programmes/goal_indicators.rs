//! Which indicators measure which of a programme's goals (issue 10: goals «that measures,
//! indicators and report answers point to»). The rules are
//! `husk_domain::programmes::goal_indicators`'; the caller has checked the access rule
//! ([`husk_domain::Viewer::may_edit_programme`]). A save replaces the programme's links in one
//! transaction, audited with the acting store's actor; a link that stays keeps its note, so a
//! link Husk inferred stays marked «Utledet» until someone removes it.

use super::{sql, ProgrammeLoadError};
use crate::{SaveError, Store, StoreError};
use husk_domain::programmes::goal_indicators::{self, GoalIndicator, GoalIndicatorInput};
use husk_domain::programmes::indicators::Indicator;
use serde::Serialize;

/// One stored link from a goal to an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredGoalIndicator {
    pub goal: String,
    pub indicator: &'static Indicator,
    /// Empty for a link someone recorded; «Utledet …» with its reason for one Husk inferred.
    pub note: String,
    pub inferred: bool,
}

/// The demo's inferred links (`data/demo/programme_goal_indicators.csv`).
const DEMO_LINKS: &[u8] = include_bytes!("../../../../data/demo/programme_goal_indicators.csv");

#[derive(serde::Deserialize)]
struct DemoLink {
    programme: String,
    goal: String,
    indicator: String,
    note: String,
}

/// A programme's links as stored (links to indicators this build does not know are left out).
pub(crate) async fn read<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    programme: &str,
) -> Result<Vec<StoredGoalIndicator>, sqlx::Error> {
    Ok(sql::goal_indicators(ex, programme)
        .await?
        .into_iter()
        .filter_map(|(goal, code, note)| {
            Some(StoredGoalIndicator {
                goal,
                indicator: Indicator::find(&code)?,
                inferred: goal_indicators::is_inferred(&note),
                note,
            })
        })
        .collect())
}

impl Store {
    /// Replaces the indicators linked to a programme's goals with `rows`, checked against the
    /// programme's goal codes. Gives the links as saved.
    pub async fn set_goal_indicators(
        &self,
        programme: &str,
        rows: &[GoalIndicatorInput],
    ) -> Result<Vec<GoalIndicator>, SaveError> {
        let mut tx = self.begin_write().await?;
        self.backend
            .serialise(&mut tx, &format!("programme-{programme}"))
            .await?;
        if sql::programme(&mut *tx, programme).await?.is_none() {
            return Err(StoreError::NotFound(format!("programmet «{programme}»")).into());
        }
        let codes: Vec<String> = sql::goals(&mut *tx, programme)
            .await?
            .into_iter()
            .map(|(code, ..)| code)
            .collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let links = goal_indicators::validate(&codes, rows).map_err(SaveError::Invalid)?;
        let before = read(&mut *tx, programme).await?;
        sql::delete_goal_indicators(&mut *tx, programme).await?;
        for (i, l) in links.iter().enumerate() {
            let note = before
                .iter()
                .find(|b| b.goal == l.goal && b.indicator.code == l.indicator.code)
                .map_or("", |b| b.note.as_str());
            sql::insert_goal_indicator(
                &mut *tx,
                programme,
                (&l.goal, l.indicator.code, note),
                i as i64,
            )
            .await?;
        }
        Self::commit_write(tx).await?;
        Ok(links)
    }

    /// Loads the demo's inferred goal–indicator links onto the demo programmes that have none
    /// (so a second demo load, or links an adviser changed, are left alone).
    pub(crate) async fn load_demo_goal_indicators(&self) -> Result<(), ProgrammeLoadError> {
        let demo: Vec<DemoLink> = csv::Reader::from_reader(DEMO_LINKS)
            .deserialize()
            .collect::<Result<_, _>>()
            .map_err(|e| ProgrammeLoadError::File(format!("programme_goal_indicators.csv: {e}")))?;
        let mut tx = self.begin_write().await?;
        let mut programmes: Vec<&str> = demo.iter().map(|d| d.programme.as_str()).collect();
        programmes.dedup();
        for programme in programmes {
            if sql::programme(&mut *tx, programme).await?.is_none()
                || !sql::goal_indicators(&mut *tx, programme).await?.is_empty()
            {
                continue;
            }
            for (i, d) in demo.iter().filter(|d| d.programme == programme).enumerate() {
                sql::insert_goal_indicator(
                    &mut *tx,
                    programme,
                    (&d.goal, &d.indicator, &d.note),
                    i as i64,
                )
                .await?;
            }
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}
