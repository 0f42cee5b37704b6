//! A programme's participants and plans in the register (issue 10): «a programme is a register
//! entry of kind `program`, each participating municipality's participation is an entry under
//! it, and its sub-projects and measures are entries under that, so the matrix, search,
//! similar work and reporting keep seeing all of it.»
//!
//! - A participation's entry is of kind `program`, like the participations the demo's CSV has
//!   (`ost-up-baerum`, …): the municipality's own programme under Husbanken's. Participants
//!   whose entry the register already has keep it; every other one gets one from
//!   [`Store::create_participation_entry`], titled «Elverum i Boligsosialt utviklingsprogram»,
//!   with the municipality as recipient. A period or status the source does not state is
//!   derived and says so: a source note of kind `utledet` («Utledet» on the entry's page).
//! - Each line of a participant's plan (a sub-project or a measure) is an entry under the
//!   participation's: a sub-project a `prosjekt`, a measure a `tiltak`, kept in step with the
//!   line on every save ([`Store::sync_line_entry`]); the link is
//!   `programme_measure_entries` (migration 22).
//! - Lines and participants stored before that get their entries when the database is opened
//!   ([`Store::backfill_programme_entries`]).
//! - [`Reader::programme_place`]: which participant an entry belongs to, for the entry's page.

use super::{split_source, sql};
use crate::portfolio::{check_references, project_in, write_links, write_project, Pending};
use crate::{current_year, Reader, SaveError, Store, StoreError};
use husk_domain::access::ProjectScope;
use husk_domain::portfolio::Project;
use husk_domain::portfolio::{validate_id, Recipient};
use husk_domain::programmes::plans::LineClassification;
use husk_domain::programmes::Measure;
use husk_domain::{Kind, Kommunenummer, Status, YearRange};
use serde::Serialize;
use sqlx::{Any, Transaction};

/// Where an entry sits in a programme: the participant whose participation it is, or whose
/// plan has it as a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammePlace {
    pub programme: String,
    pub programme_title: String,
    pub participant: i64,
    pub participant_name: String,
    /// The line of the plan, when the entry is a sub-project or measure.
    pub line: Option<i64>,
}

impl ProgrammePlace {
    /// The participant's page.
    pub fn participant_href(&self) -> String {
        format!(
            "/programmer/{}/deltakere/{}",
            self.programme, self.participant
        )
    }
}

/// A register id from a name: lower case a–z, digits and hyphens (æ → ae, ø → o, å → a).
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' | 'á' => out.push('a'),
            'é' | 'è' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}

/// `wanted` when it is a free, well-formed id; otherwise the office's next `region-NN`.
async fn free_id(
    tx: &mut Transaction<'static, Any>,
    wanted: &str,
    region: &str,
) -> Result<String, StoreError> {
    if validate_id(wanted).is_ok() && !sql::entry_exists(&mut **tx, wanted).await? {
        return Ok(wanted.to_string());
    }
    let ids = crate::portfolio::sql::ids_of_region(&mut **tx, region).await?;
    Ok(husk_domain::portfolio::next_id(region, &ids))
}

/// Where the programme's period is stated (the fact «Periode» or «Navn og periode», else the
/// whole source), and where its participants are.
fn sources_of(stored: &str) -> (String, String) {
    let (whole, facts) = split_source(stored);
    let find = |word: &str| {
        facts
            .iter()
            .find(|f| f.fact.contains(word))
            .map(|f| f.source.clone())
    };
    (
        find("eriode").unwrap_or_else(|| whole.clone()),
        find("Deltakere").unwrap_or(whole),
    )
}

/// The status an entry of `years` has this year: ended when its last year has passed,
/// planned when it has not begun, else active.
fn status_of(years: YearRange, this_year: i32) -> Status {
    match years.end {
        Some(end) if end < this_year => Status::Avsluttet,
        _ if years.start > this_year => Status::Planlagt,
        _ => Status::Aktiv,
    }
}

/// «2009–2017», «2016–», «2015».
fn period_text(y: YearRange) -> String {
    match y.end {
        Some(e) if e == y.start => y.start.to_string(),
        Some(e) => format!("{}–{e}", y.start),
        None => format!("{}–", y.start),
    }
}

/// Records an inferred value of an entry's field, with what it is inferred from.
async fn inferred(
    tx: &mut Transaction<'static, Any>,
    entry: &str,
    field: &str,
    value: &str,
    note: &str,
    source: &str,
) -> Result<(), sqlx::Error> {
    crate::portfolio::sql::upsert_note(
        &mut **tx,
        &crate::portfolio::sql::NoteColumns {
            project_id: entry,
            kind: "utledet",
            field,
            note,
            value_a: value,
            source_a: source,
            value_b: "",
            source_b: "",
        },
    )
    .await?;
    Ok(())
}

fn refused(e: husk_domain::FieldErrors) -> SaveError {
    SaveError::Invalid(e)
}

impl Store {
    /// Makes the register entry of a participant's participation and records it as the
    /// participant's entry, inside the caller's write transaction `tx` (from `begin_write`, so
    /// the audit log names the acting store's actor). The participant's row must be in `tx`
    /// already. Returns the entry's id; a participant that has an entry keeps it (its id is
    /// returned and nothing is written), so adding a participant may always call this.
    ///
    /// The entry: kind `program`, under the programme's entry, titled «{participant} i
    /// {programme}», at the programme's office, with «{municipality} kommune» (programkommune,
    /// the participant's kommunenummer) as recipient and the entries describing the same
    /// participation as related work. `years` is the participation's period where it is
    /// known; with `None` it is the programme's period, and a source note says it is
    /// inferred and from what. The status follows from the period and is noted as inferred
    /// too. After committing `tx`, call [`Store::entries_changed`] so that lists and similar
    /// work see the entry.
    pub async fn create_participation_entry(
        &self,
        tx: &mut Transaction<'static, Any>,
        participant: i64,
        years: Option<YearRange>,
    ) -> Result<String, SaveError> {
        let Some(row) = sql::participant(&mut **tx, participant).await? else {
            return Err(StoreError::NotFound(format!("deltaker {participant}")).into());
        };
        let (_, programme, name, municipality, _, kommunenummer, entry, _, _, _, pool_year, ..) =
            row;
        if let Some(entry) = entry {
            return Ok(entry);
        }
        let Some(prog) = sql::programme(&mut **tx, &programme).await? else {
            return Err(StoreError::NotFound(format!("programmet «{programme}»")).into());
        };
        let (_, title, region, start, end, .., stored_source) = prog;
        let programme_years = YearRange {
            start: start as i32,
            end: end.map(|e| e as i32),
        };
        let (period_source, participants_source) = sources_of(&stored_source);
        let stated = years.is_some();
        // Without a stated period: from the pool the participant joined with (where the source
        // gives it) to the programme's end; else the programme's period. Noted as inferred.
        let years = years.unwrap_or(match pool_year {
            Some(pool) => YearRange {
                start: pool as i32,
                end: programme_years.end,
            },
            None => programme_years,
        });
        let status = status_of(years, current_year());
        let related: Vec<String> = sql::links(&mut **tx, &programme)
            .await?
            .into_iter()
            .filter(|(p, _, _)| *p == participant)
            .map(|(_, e, _)| e)
            .collect();
        let id = free_id(tx, &format!("{programme}-{}", slug(&name)), &region).await?;
        let project = Project {
            id: id.clone(),
            kind: Kind::Program,
            title: format!("{name} i {title}"),
            description: format!(
                "Deltakelsen til {name} i {title}, laget av Husk fra programmets deltakerliste ({participants_source})."
            ),
            region,
            recipient: Some(Recipient {
                name: format!("{municipality} kommune"),
                recipient_type: Some("programkommune".into()),
                orgnr: None,
                kommunenummer: kommunenummer
                    .as_deref()
                    .and_then(|k| Kommunenummer::parse(k).ok()),
            }),
            years,
            status,
            themes: Vec::new(),
            target_groups: Vec::new(),
            learning_tools: Vec::new(),
            parent: Some(programme.clone()),
            related,
        };
        let errors = check_references(&mut *tx, &project, &Pending::new()).await?;
        if !errors.is_empty() {
            return Err(refused(errors));
        }
        write_project(&mut *tx, &project, false).await?;
        write_links(&mut *tx, &project).await?;
        sql::set_participant_entry(&mut **tx, participant, &id).await?;
        let period = period_text(years);
        if !stated {
            inferred(
                tx,
                &id,
                "Periode",
                &match pool_year {
                    Some(pool) => format!("Fra puljen i {pool} til programmets slutt: {period}"),
                    None => format!("Programmets periode {period}"),
                },
                &match pool_year {
                    Some(_) => format!("Kilden oppgir puljen {name} kom med i, men ikke når deltakelsen sluttet; Husk fører den til programmets slutt."),
                    None => format!("Kilden oppgir ikke når {name} deltok i programmet; Husk fører programmets periode."),
                },
                &period_source,
            )
            .await?;
        }
        inferred(
            tx,
            &id,
            "Status",
            &format!("{} (perioden {period})", status.label()),
            "Kilden oppgir ikke status for deltakelsen; Husk utleder den av perioden.",
            if stated {
                "Deltakelsens periode"
            } else {
                &period_source
            },
        )
        .await?;
        Ok(id)
    }

    /// Makes or updates the register entry of a line of a participant's plan, inside the
    /// caller's write transaction (the line is saved in it already, as `m` with its id): a
    /// sub-project a `prosjekt`, a measure a `tiltak`, under the participation's entry (made
    /// first if the participant has none), with the line's title, years and status
    /// ([`Measure::entry_status`]), at the participation's office with its recipient.
    /// `classification` sets the entry's themes and target groups; with `None` they stay as
    /// they are. Returns the entry's id.
    pub(crate) async fn sync_line_entry(
        &self,
        tx: &mut Transaction<'static, Any>,
        participant: i64,
        m: &Measure,
        classification: Option<&LineClassification>,
    ) -> Result<String, SaveError> {
        let measure: i64 =
            m.id.parse()
                .map_err(|_| StoreError::NotFound(format!("tiltak «{}»", m.id)))?;
        let parent_id = self
            .create_participation_entry(tx, participant, None)
            .await?;
        let Some(parent) = project_in(&mut *tx, &parent_id).await? else {
            return Err(StoreError::NotFound(format!("oppføringen «{parent_id}»")).into());
        };
        let Some(row) = sql::participant(&mut **tx, participant).await? else {
            return Err(StoreError::NotFound(format!("deltaker {participant}")).into());
        };
        let (_, programme, name, ..) = row;
        let programme_title = sql::programme(&mut **tx, &programme)
            .await?
            .map(|p| p.1)
            .unwrap_or_default();
        let existing = match sql::measure_entry(&mut **tx, measure).await? {
            Some(id) => project_in(&mut *tx, &id).await?,
            None => None,
        };
        let id = match &existing {
            Some(e) => e.id.clone(),
            None => free_id(tx, &format!("{parent_id}-{measure}"), &parent.region).await?,
        };
        let (themes, target_groups) = match (classification, &existing) {
            (Some(c), _) => (c.themes.clone(), c.target_groups.clone()),
            (None, Some(e)) => (e.themes.clone(), e.target_groups.clone()),
            (None, None) => (Vec::new(), Vec::new()),
        };
        let project = Project {
            id: id.clone(),
            kind: m.entry_kind(),
            title: m.title.clone(),
            description: format!(
                "{} i planen til {name} i {programme_title}. Ansvarlig: {}.",
                m.kind.label(),
                m.owner
            ),
            region: parent.region.clone(),
            recipient: parent.recipient.clone(),
            years: YearRange {
                start: m.start.year(),
                end: Some(m.end.year()),
            },
            status: m.entry_status(),
            themes,
            target_groups,
            learning_tools: existing
                .as_ref()
                .map(|e| e.learning_tools.clone())
                .unwrap_or_default(),
            parent: Some(parent_id),
            related: existing
                .as_ref()
                .map(|e| e.related.clone())
                .unwrap_or_default(),
        };
        if existing.as_ref() == Some(&project) {
            return Ok(id);
        }
        let errors = check_references(&mut *tx, &project, &Pending::new()).await?;
        if !errors.is_empty() {
            return Err(refused(errors));
        }
        write_project(&mut *tx, &project, existing.is_some()).await?;
        write_links(&mut *tx, &project).await?;
        sql::set_measure_entry(&mut **tx, measure, &id).await?;
        Ok(id)
    }

    /// Tells the lists, the matrix and similar work that entries were written (after the
    /// transaction that wrote them is committed).
    pub fn entries_changed(&self) {
        self.invalidate_models();
    }

    /// Gives every participant without a register entry its participation's entry, and every
    /// line of a plan without one its entry ([`Store::create_participation_entry`],
    /// [`Store::sync_line_entry`]): for databases whose participants and lines were stored
    /// before Husk kept them in the register (migration 22). Runs when the database is opened;
    /// with nothing to do it only reads. Returns how many entries it made.
    pub async fn backfill_programme_entries(&self) -> Result<usize, SaveError> {
        let participants = sql::participants_without_entry(&self.pool).await?;
        let lines = sql::measures_without_entry(&self.pool).await?;
        if participants.is_empty() && lines.is_empty() {
            return Ok(0);
        }
        let mut made = 0;
        let mut tx = self.begin_write().await?;
        for p in participants {
            self.create_participation_entry(&mut tx, p, None).await?;
            made += 1;
        }
        for (measure, participant) in lines {
            let Some(row) = sql::measure_row(&mut *tx, measure).await? else {
                continue;
            };
            let goals = Vec::new();
            let Some(m) = super::plans::measure_of(row, goals) else {
                continue;
            };
            self.sync_line_entry(&mut tx, participant, &m, None).await?;
            made += 1;
        }
        Self::commit_write(tx).await?;
        self.entries_changed();
        Ok(made)
    }
}

impl Reader<'_> {
    /// The goals of the programme `entry` belongs to (as a participation or a line of a
    /// participant's plan), for a report on it to point to; empty when it belongs to none or
    /// the viewer may not read that participation.
    pub async fn programme_goals_of(
        &self,
        entry: &str,
    ) -> Result<Vec<super::StoredGoal>, StoreError> {
        let Some(place) = self.programme_place(entry).await? else {
            return Ok(Vec::new());
        };
        Ok(super::sql::goals(&self.store.pool, &place.programme)
            .await?
            .into_iter()
            .filter_map(|(code, level, text, parent)| {
                Some(super::StoredGoal {
                    code,
                    level: husk_domain::programmes::GoalLevel::from_code(&level)?,
                    text,
                    parent,
                })
            })
            .collect())
    }

    /// The participant whose participation `entry` is, or whose plan has it as a line, when
    /// the viewer may read that participation; `None` otherwise.
    pub async fn programme_place(&self, entry: &str) -> Result<Option<ProgrammePlace>, StoreError> {
        let pool = &self.store.pool;
        let Some((participant, line)) = sql::owner_of_entry(pool, entry).await? else {
            return Ok(None);
        };
        let Some(row) = sql::participant(pool, participant).await? else {
            return Ok(None);
        };
        let (_, programme, name, _, _, _, _, _, region, organisation_id, ..) = row;
        let Some(prog) = sql::programme(pool, &programme).await? else {
            return Ok(None);
        };
        let region = region.unwrap_or(prog.2);
        let scope = ProjectScope {
            region: &region,
            organisation_id,
        };
        if !self.viewer.may_read_participation(scope) {
            return Ok(None);
        }
        Ok(Some(ProgrammePlace {
            programme,
            programme_title: prog.1,
            participant,
            participant_name: name,
            line,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(slug("Oslo bydel Alna"), "oslo-bydel-alna");
        assert_eq!(slug("Bærum"), "baerum");
        assert_eq!(slug("Lørenskog"), "lorenskog");
        assert_eq!(slug("Gjøvik"), "gjovik");
        assert_eq!(slug(" Åsnes – kommune "), "asnes-kommune");
    }

    #[test]
    fn a_status_follows_from_the_period() {
        let y = |start, end| YearRange {
            start,
            end: Some(end),
        };
        assert_eq!(status_of(y(2009, 2017), 2026), Status::Avsluttet);
        assert_eq!(status_of(y(2025, 2027), 2026), Status::Aktiv);
        assert_eq!(status_of(y(2027, 2028), 2026), Status::Planlagt);
    }
}
