//! A municipality's agreements with other actors (issue 10, seed 002): kind, parties, period,
//! renegotiation date, procurement route, and the annual dialogue meetings. The rules are
//! [`husk_domain::programmes::partnerships`]'; access is
//! [`husk_domain::Viewer::may_read_agreement`] (staff, and the municipality's own recipient
//! users) for reads through [`Reader`], and [`husk_domain::Viewer::may_manage_agreement`]
//! (the office's advisers, administrators), which the caller checks before a write.

mod sql;

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::access::AgreementScope;
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::programmes::partnerships::{
    next_dialogue_due, Agreement, AgreementInput, AgreementKind, DialogueMeetingInput, Party,
    PartyKind, Procurement,
};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// A held dialogue meeting, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDialogue {
    pub id: i64,
    #[serde(serialize_with = "iso")]
    pub date: Date,
    pub attendees: String,
    pub notes: String,
}

/// An agreement as a viewer reads it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAgreement {
    pub id: i64,
    pub kommunenummer: String,
    /// The municipality's name where a programme participant names it.
    pub municipality: Option<String>,
    /// The office that follows it (a region code).
    pub office: String,
    pub title: String,
    pub kind: AgreementKind,
    pub parties: Vec<Party>,
    #[serde(serialize_with = "iso")]
    pub start: Date,
    #[serde(serialize_with = "iso_option")]
    pub end: Option<Date>,
    #[serde(serialize_with = "iso_option")]
    pub renegotiation: Option<Date>,
    pub procurement: Procurement,
    pub procurement_reason: String,
    pub notes: String,
    /// Oldest first.
    pub dialogue_meetings: Vec<StoredDialogue>,
    /// A year after the last dialogue meeting, or from the start.
    #[serde(serialize_with = "iso")]
    pub next_dialogue_due: Date,
    #[serde(skip)]
    municipality_organisations: Vec<i64>,
}

impl StoredAgreement {
    /// What the access rules need to know of it.
    pub fn scope(&self) -> AgreementScope<'_> {
        AgreementScope {
            office: &self.office,
            municipality_organisations: &self.municipality_organisations,
        }
    }

    /// The agreement as its form shows it, for editing.
    pub fn input(&self) -> AgreementInput {
        let date = |d: Option<Date>| {
            d.map(husk_domain::norwegian::format_date)
                .unwrap_or_default()
        };
        AgreementInput {
            kommunenummer: self.kommunenummer.clone(),
            office: self.office.clone(),
            title: self.title.clone(),
            kind: self.kind.code().into(),
            parties: self
                .parties
                .iter()
                .map(|p| husk_domain::programmes::partnerships::PartyInput {
                    name: p.name.clone(),
                    kind: p.kind.code().into(),
                })
                .collect(),
            start: date(Some(self.start)),
            end: date(self.end),
            renegotiation: date(self.renegotiation),
            procurement: self.procurement.code().into(),
            procurement_reason: self.procurement_reason.clone(),
            notes: self.notes.clone(),
        }
    }
}

fn iso<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso_date(*d))
}

fn iso_option<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&iso_date(*d)),
        None => s.serialize_none(),
    }
}

impl Store {
    /// Every agreement (or one municipality's), with parties, dialogue meetings and who the
    /// municipality is; unfiltered.
    pub(crate) async fn agreements_unfiltered(
        &self,
        kommunenummer: Option<&str>,
    ) -> Result<Vec<StoredAgreement>, StoreError> {
        let rows = match kommunenummer {
            Some(k) => sql::agreements_of(&self.pool, k).await?,
            None => sql::agreements(&self.pool).await?,
        };
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut parties: HashMap<i64, Vec<Party>> = HashMap::new();
        for (a, name, kind) in sql::parties(&self.pool).await? {
            if let Some(kind) = PartyKind::from_code(&kind) {
                parties.entry(a).or_default().push(Party { name, kind });
            }
        }
        let mut dialogues: HashMap<i64, Vec<StoredDialogue>> = HashMap::new();
        for (id, a, date, attendees, notes) in sql::dialogue_meetings(&self.pool).await? {
            if let Ok(date) = parse_date(&date) {
                dialogues.entry(a).or_default().push(StoredDialogue {
                    id,
                    date,
                    attendees,
                    notes,
                });
            }
        }
        let mut orgs: HashMap<String, Vec<i64>> = HashMap::new();
        for (k, id) in sql::municipality_organisations(&self.pool).await? {
            orgs.entry(k).or_default().push(id);
        }
        let names: HashMap<String, String> = sql::municipality_names(&self.pool)
            .await?
            .into_iter()
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(
                |(id, k, office, title, kind, start, end, reneg, procurement, reason, notes)| {
                    let start = parse_date(&start).ok()?;
                    let dialogue_meetings = dialogues.remove(&id).unwrap_or_default();
                    let held: Vec<Date> = dialogue_meetings.iter().map(|d| d.date).collect();
                    Some(StoredAgreement {
                        id,
                        municipality: names.get(&k).cloned(),
                        municipality_organisations: orgs.get(&k).cloned().unwrap_or_default(),
                        kommunenummer: k,
                        office,
                        title,
                        kind: AgreementKind::from_code(&kind)?,
                        parties: parties.remove(&id).unwrap_or_default(),
                        start,
                        end: end.as_deref().and_then(|d| parse_date(d).ok()),
                        renegotiation: reneg.as_deref().and_then(|d| parse_date(d).ok()),
                        procurement: Procurement::from_code(&procurement)?,
                        procurement_reason: reason,
                        notes,
                        next_dialogue_due: next_dialogue_due(start, &held),
                        dialogue_meetings,
                    })
                },
            )
            .collect())
    }

    /// The office codes an agreement may name (Husbanken's offices, not the national pot).
    fn office_codes(&self) -> Vec<&str> {
        self.taxonomy()
            .regions
            .iter()
            .filter(|r| r.is_office())
            .map(|r| r.code.as_str())
            .collect()
    }

    async fn write_agreement(&self, id: Option<i64>, a: &Agreement) -> Result<i64, SaveError> {
        let mut tx = self.begin_write().await?;
        let start = iso_date(a.start);
        let end = a.end.map(iso_date);
        let reneg = a.renegotiation.map(iso_date);
        let now = crate::now_text();
        let c = sql::AgreementColumns {
            kommunenummer: a.kommunenummer.as_str(),
            region: &a.office,
            title: &a.title,
            kind: a.kind.code(),
            start: &start,
            end: end.as_deref(),
            renegotiation: reneg.as_deref(),
            procurement: a.procurement.code(),
            procurement_reason: &a.procurement_reason,
            notes: &a.notes,
            updated_by: self.actor().and_then(|x| x.user_id),
            now: &now,
        };
        let id = match id {
            Some(id) => {
                if sql::update_agreement(&mut *tx, id, &c).await? == 0 {
                    return Err(StoreError::NotFound(format!("avtale {id}")).into());
                }
                sql::delete_parties(&mut *tx, id).await?;
                id
            }
            None => sql::insert_agreement(&mut *tx, &c).await?,
        };
        for (i, p) in a.parties.iter().enumerate() {
            sql::insert_party(&mut *tx, id, i as i64 + 1, &p.name, p.kind.code()).await?;
        }
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Creates an agreement. The caller has checked
    /// [`husk_domain::Viewer::may_create_agreement`] for its office (the typed office may
    /// differ: check the agreement this gives back, or use [`Store::check_agreement`] first).
    pub async fn create_agreement(&self, input: &AgreementInput) -> Result<i64, SaveError> {
        let a = self.check_agreement(input)?;
        self.write_agreement(None, &a).await
    }

    /// Checks an agreement as typed, without saving it.
    pub fn check_agreement(&self, input: &AgreementInput) -> Result<Agreement, SaveError> {
        input
            .validate(&self.office_codes())
            .map_err(SaveError::Invalid)
    }

    /// Changes an agreement (its parties replaced by those typed). The caller has checked
    /// [`husk_domain::Viewer::may_manage_agreement`] for it as it was and
    /// [`husk_domain::Viewer::may_create_agreement`] for the office typed.
    pub async fn update_agreement(&self, id: i64, input: &AgreementInput) -> Result<(), SaveError> {
        let a = self.check_agreement(input)?;
        self.write_agreement(Some(id), &a).await?;
        Ok(())
    }

    /// Records a held dialogue meeting of an agreement. The caller has checked
    /// [`husk_domain::Viewer::may_manage_agreement`].
    pub async fn record_agreement_dialogue(
        &self,
        agreement: i64,
        input: &DialogueMeetingInput,
    ) -> Result<i64, SaveError> {
        let m = input.validate().map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if sql::agreement(&mut *tx, agreement).await?.is_none() {
            return Err(StoreError::NotFound(format!("avtale {agreement}")).into());
        }
        let id = sql::insert_dialogue_meeting(
            &mut *tx,
            agreement,
            &iso_date(m.date),
            &m.attendees,
            &m.notes,
            self.actor().and_then(|x| x.user_id),
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }
}

impl Reader<'_> {
    /// The agreements the viewer may read: staff every one, a municipality's recipient users
    /// their municipality's.
    pub async fn agreements(&self) -> Result<Vec<StoredAgreement>, StoreError> {
        if !self.viewer.is_logged_in() {
            return Err(StoreError::Hidden);
        }
        let mut all = self.store.agreements_unfiltered(None).await?;
        all.retain(|a| self.viewer.may_read_agreement(a.scope()));
        Ok(all)
    }

    /// One municipality's agreements that the viewer may read (for the municipality's page).
    pub async fn agreements_of_municipality(
        &self,
        kommunenummer: &str,
    ) -> Result<Vec<StoredAgreement>, StoreError> {
        if !self.viewer.is_logged_in() {
            return Err(StoreError::Hidden);
        }
        let mut all = self
            .store
            .agreements_unfiltered(Some(kommunenummer.trim()))
            .await?;
        all.retain(|a| self.viewer.may_read_agreement(a.scope()));
        Ok(all)
    }

    /// One agreement: `Ok(None)` when there is none, `Err(Hidden)` when the viewer may not
    /// read it.
    pub async fn agreement(&self, id: i64) -> Result<Option<StoredAgreement>, StoreError> {
        let Some(row) = sql::agreement(&self.store.pool, id).await? else {
            return Ok(None);
        };
        let a = self
            .store
            .agreements_unfiltered(Some(&row.1))
            .await?
            .into_iter()
            .find(|a| a.id == id);
        match a {
            Some(a) if self.viewer.may_read_agreement(a.scope()) => Ok(Some(a)),
            Some(_) => Err(StoreError::Hidden),
            None => Ok(None),
        }
    }
}
