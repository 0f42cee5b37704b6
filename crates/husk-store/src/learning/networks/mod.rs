//! Learning networks on both backends (issue 11, migration 25): a network's facts and
//! knowledge themes, its members (a member found in the register is linked to its
//! organisation, whose recipient users then see the network and report back on the member's
//! assignments), learning agents, meetings, and the assignments members take on between
//! meetings with what they reported back; and each office's "theme of the month" rotation.
//!
//! Reads take the viewer ([`Reader::networks`], [`Reader::network`],
//! [`Reader::themes_of_month`]), decided with `husk_domain::access`
//! (`may_read_network`, `may_read_theme_of_month`). Writes are checked by the caller with
//! `may_create_network`, `may_manage_network`, `may_report_back` and `may_edit_theme_of_month`;
//! they record the acting user for the audit log. The demo networks are in [`demo`].

mod demo;
mod sql;

use super::Removed;
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::access::{AssignmentScope, NetworkScope};
use husk_domain::learning::networks::{
    AssignmentInput, MemberInput, MemberKind, Month, MonthTheme, NetworkInput, NetworkMeetingInput,
    ReportBack, ReportBackInput, ThemeOfMonthInput,
};
use husk_domain::learning::NetworkKind;
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::FieldErrors;
use serde::Serialize;
use time::Date;

/// A member of a network, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredMember {
    pub id: i64,
    pub kind: MemberKind,
    pub name: String,
    pub kommunenummer: Option<String>,
    pub orgnr: Option<String>,
    /// The register's organisation it is, whose recipient users are the member's users.
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub learning_agent: bool,
    /// Where the demo fact is stated ('' for what users entered).
    pub source: String,
    /// What Husk added that the source does not state.
    pub husk_note: String,
}

/// A network meeting, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredNetworkMeeting {
    pub id: i64,
    #[serde(with = "iso")]
    pub date: Date,
    pub place: String,
    pub topic: String,
    pub notes: String,
    pub source: String,
}

/// An assignment a member took on, with what it reported back.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAssignment {
    pub id: i64,
    pub member_id: i64,
    pub member: String,
    pub text: String,
    pub due_meeting: Option<i64>,
    #[serde(with = "iso_option")]
    pub due_meeting_date: Option<Date>,
    #[serde(with = "iso_option")]
    pub due_date: Option<Date>,
    pub report: Option<StoredReportBack>,
}

/// What a member reported back.
#[derive(Debug, Clone, Serialize)]
pub struct StoredReportBack {
    pub text: String,
    #[serde(with = "iso")]
    pub date: Date,
}

/// A network with everything in it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredNetwork {
    pub id: i64,
    pub name: String,
    pub kind: NetworkKind,
    pub office: String,
    pub office_name: String,
    pub programme_id: Option<String>,
    pub programme_title: Option<String>,
    pub coordinator: String,
    pub mandate: String,
    pub about: String,
    pub meeting_rhythm: String,
    #[serde(with = "iso_option")]
    pub start: Option<Date>,
    #[serde(with = "iso_option")]
    pub end: Option<Date>,
    /// Knowledge theme codes.
    pub themes: Vec<String>,
    pub source: String,
    pub husk_note: String,
    pub members: Vec<StoredMember>,
    /// By date, oldest first.
    pub meetings: Vec<StoredNetworkMeeting>,
    pub assignments: Vec<StoredAssignment>,
    /// The register's organisations that are members.
    #[serde(skip)]
    pub member_organisations: Vec<i64>,
}

impl StoredNetwork {
    /// What the access rules need to know of it.
    pub fn scope(&self) -> NetworkScope<'_> {
        NetworkScope {
            office: &self.office,
            member_organisations: &self.member_organisations,
        }
    }

    pub fn member(&self, id: i64) -> Option<&StoredMember> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn meeting(&self, id: i64) -> Option<&StoredNetworkMeeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    pub fn assignment(&self, id: i64) -> Option<&StoredAssignment> {
        self.assignments.iter().find(|a| a.id == id)
    }

    /// What the access rules need to know of one of its assignments.
    pub fn assignment_scope(&self, a: &StoredAssignment) -> AssignmentScope<'_> {
        AssignmentScope {
            network: self.scope(),
            member_organisation: self.member(a.member_id).and_then(|m| m.organisation_id),
        }
    }

    /// The members that are learning agents.
    pub fn agents(&self) -> impl Iterator<Item = &StoredMember> {
        self.members.iter().filter(|m| m.learning_agent)
    }
}

/// Which networks a list shows: by office, kind and programme (empty for any).
#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    pub office: String,
    pub kind: String,
    pub programme: String,
}

/// A theme-of-the-month entry, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredThemeOfMonth {
    pub id: i64,
    pub office: String,
    pub month: Month,
    pub adviser: String,
    pub theme: MonthTheme,
    #[serde(with = "iso_option")]
    pub date: Option<Date>,
    pub shared: String,
    pub source: String,
}

fn date(text: &str) -> Option<Date> {
    parse_date(text).ok()
}

mod iso {
    use serde::Serializer;
    use time::Date;
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&husk_domain::norwegian::iso_date(*d))
    }
}

mod iso_option {
    use serde::Serializer;
    use time::Date;
    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&husk_domain::norwegian::iso_date(*d)),
            None => s.serialize_none(),
        }
    }
}

/// Builds networks from their rows (every network's, or one's).
fn assemble(
    rows: Vec<sql::NetworkRow>,
    themes: Vec<(i64, String)>,
    members: Vec<sql::MemberRow>,
    meetings: Vec<sql::MeetingRow>,
    assignments: Vec<sql::AssignmentRow>,
) -> Vec<StoredNetwork> {
    let mut out: Vec<StoredNetwork> = rows
        .into_iter()
        .filter_map(
            |(
                id,
                name,
                kind,
                office,
                office_name,
                programme_id,
                programme_title,
                coordinator,
                mandate,
                about,
                meeting_rhythm,
                start,
                end,
                source,
                husk_note,
            )| {
                Some(StoredNetwork {
                    id,
                    name,
                    kind: NetworkKind::from_code(&kind)?,
                    office,
                    office_name,
                    programme_id,
                    programme_title,
                    coordinator,
                    mandate,
                    about,
                    meeting_rhythm,
                    start: start.as_deref().and_then(date),
                    end: end.as_deref().and_then(date),
                    themes: Vec::new(),
                    source,
                    husk_note,
                    members: Vec::new(),
                    meetings: Vec::new(),
                    assignments: Vec::new(),
                    member_organisations: Vec::new(),
                })
            },
        )
        .collect();
    let index = |out: &[StoredNetwork], id: i64| out.iter().position(|n| n.id == id);
    for (network, theme) in themes {
        if let Some(i) = index(&out, network) {
            out[i].themes.push(theme);
        }
    }
    for (id, network, kind, name, kommunenummer, orgnr, org, org_name, agent, source, note) in
        members
    {
        let (Some(i), Some(kind)) = (index(&out, network), MemberKind::from_code(&kind)) else {
            continue;
        };
        if let Some(o) = org {
            if !out[i].member_organisations.contains(&o) {
                out[i].member_organisations.push(o);
            }
        }
        out[i].members.push(StoredMember {
            id,
            kind,
            name,
            kommunenummer,
            orgnr,
            organisation_id: org,
            organisation_name: org_name,
            learning_agent: agent != 0,
            source,
            husk_note: note,
        });
    }
    for (id, network, when, place, topic, notes, source) in meetings {
        let (Some(i), Some(when)) = (index(&out, network), date(&when)) else {
            continue;
        };
        out[i].meetings.push(StoredNetworkMeeting {
            id,
            date: when,
            place,
            topic,
            notes,
            source,
        });
    }
    for (id, network, member, text, due_meeting, due_date, report_text, report_date) in assignments
    {
        let Some(i) = index(&out, network) else {
            continue;
        };
        let n = &out[i];
        let member_name = n
            .members
            .iter()
            .find(|m| m.id == member)
            .map(|m| m.name.clone())
            .unwrap_or_default();
        let due_meeting_date = due_meeting.and_then(|m| n.meeting(m)).map(|m| m.date);
        let report = report_date
            .as_deref()
            .and_then(date)
            .map(|d| StoredReportBack {
                text: report_text,
                date: d,
            });
        out[i].assignments.push(StoredAssignment {
            id,
            member_id: member,
            member: member_name,
            text,
            due_meeting,
            due_meeting_date,
            due_date: due_date.as_deref().and_then(date),
            report,
        });
    }
    for n in &mut out {
        n.meetings.sort_by_key(|m| (m.date, m.id));
    }
    out
}

fn theme_entry(row: sql::ThemeRow) -> Option<StoredThemeOfMonth> {
    let (id, office, month, adviser, code, text, held_on, shared, source) = row;
    Some(StoredThemeOfMonth {
        id,
        office,
        month: Month::parse(&month).ok()?,
        adviser,
        theme: match code {
            Some(c) => MonthTheme::Knowledge(c),
            None => MonthTheme::Free(text),
        },
        date: held_on.as_deref().and_then(date),
        shared,
        source,
    })
}

/// A field error as a save's refusal.
fn invalid(field: &str, message: impl Into<String>) -> SaveError {
    let mut e = FieldErrors::new();
    e.push(field, message);
    SaveError::Invalid(e)
}

impl Store {
    /// Every network, unfiltered.
    async fn all_networks(&self) -> Result<Vec<StoredNetwork>, StoreError> {
        Ok(assemble(
            sql::networks(&self.pool).await?,
            sql::themes(&self.pool, None).await?,
            sql::members(&self.pool, None).await?,
            sql::meetings(&self.pool, None).await?,
            sql::assignments(&self.pool, None).await?,
        ))
    }

    /// One network, unfiltered.
    async fn network_by_id(&self, id: i64) -> Result<Option<StoredNetwork>, StoreError> {
        let Some(row) = sql::network(&self.pool, id).await? else {
            return Ok(None);
        };
        Ok(assemble(
            vec![row],
            sql::themes(&self.pool, Some(id)).await?,
            sql::members(&self.pool, Some(id)).await?,
            sql::meetings(&self.pool, Some(id)).await?,
            sql::assignments(&self.pool, Some(id)).await?,
        )
        .pop())
    }

    /// The programmes a network may belong to: (id, title).
    pub async fn network_programmes(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sql::programmes(&self.pool).await?)
    }

    /// Checks a network's form, the programme it names and that no other network has its
    /// name.
    async fn checked_network(
        &self,
        input: &NetworkInput,
        except: Option<i64>,
    ) -> Result<husk_domain::learning::networks::Network, SaveError> {
        let n = input
            .validate(self.taxonomy())
            .map_err(SaveError::Invalid)?;
        if let Some(p) = &n.programme_id {
            if !sql::programme_exists(&self.pool, p).await? {
                return Err(invalid(
                    "program",
                    format!("Fant ikke programmet «{p}». Velg et program fra listen, eller la feltet stå tomt."),
                ));
            }
        }
        if let Some(other) = sql::network_named(&self.pool, &n.name).await? {
            if Some(other) != except {
                return Err(invalid(
                    "navn",
                    format!(
                        "Det finnes allerede et nettverk som heter «{}». Velg et annet navn.",
                        n.name
                    ),
                ));
            }
        }
        Ok(n)
    }

    /// Creates a network. The caller has checked `may_create_network` for its office.
    pub async fn create_network(&self, input: &NetworkInput) -> Result<i64, SaveError> {
        let n = self.checked_network(input, None).await?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let id = sql::insert_network(
            &mut *tx,
            &sql::NetworkColumns {
                name: &n.name,
                kind: n.kind.code(),
                office: &n.office,
                programme_id: n.programme_id.as_deref(),
                coordinator: &n.coordinator,
                mandate: &n.mandate,
                about: &n.about,
                meeting_rhythm: &n.meeting_rhythm,
                start: n.start.map(iso_date),
                end: n.end.map(iso_date),
                source: "",
                husk_note: "",
                updated_by: self.actor().and_then(|a| a.user_id),
                now: &now,
            },
        )
        .await?;
        for t in &n.themes {
            sql::insert_theme(&mut *tx, id, t).await?;
        }
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Changes a network's facts and themes. The caller has checked `may_manage_network`, and
    /// `may_create_network` for a new office.
    pub async fn update_network(&self, id: i64, input: &NetworkInput) -> Result<(), SaveError> {
        let n = self.checked_network(input, Some(id)).await?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let changed = sql::update_network(
            &mut *tx,
            id,
            &sql::NetworkColumns {
                name: &n.name,
                kind: n.kind.code(),
                office: &n.office,
                programme_id: n.programme_id.as_deref(),
                coordinator: &n.coordinator,
                mandate: &n.mandate,
                about: &n.about,
                meeting_rhythm: &n.meeting_rhythm,
                start: n.start.map(iso_date),
                end: n.end.map(iso_date),
                source: "",
                husk_note: "",
                updated_by: self.actor().and_then(|a| a.user_id),
                now: &now,
            },
        )
        .await?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("nettverk {id}")).into());
        }
        sql::clear_themes(&mut *tx, id).await?;
        for t in &n.themes {
            sql::insert_theme(&mut *tx, id, t).await?;
        }
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Adds a member (`member` `None`) or changes one; the member is linked to the register's
    /// organisation it is, if any. The caller has checked `may_manage_network`.
    pub async fn save_member(
        &self,
        network: i64,
        member: Option<i64>,
        input: &MemberInput,
    ) -> Result<i64, SaveError> {
        let m = input.validate().map_err(SaveError::Invalid)?;
        if sql::member_name_taken(&self.pool, network, &m.name, member).await? {
            return Err(invalid(
                "medlemsnavn",
                format!(
                    "«{}» er allerede medlem av nettverket. Skriv et annet navn, eller endre medlemmet som finnes.",
                    m.name
                ),
            ));
        }
        let org = sql::organisation_for_member(
            &self.pool,
            m.kind.code(),
            &m.name,
            m.kommunenummer.as_deref(),
            m.orgnr.as_deref(),
        )
        .await?;
        let now = crate::now_text();
        let columns = sql::MemberColumns {
            kind: m.kind.code(),
            name: &m.name,
            kommunenummer: m.kommunenummer.as_deref(),
            orgnr: m.orgnr.as_deref(),
            organisation_id: org,
            learning_agent: m.learning_agent,
            source: "",
            husk_note: "",
            updated_by: self.actor().and_then(|a| a.user_id),
            now: &now,
        };
        let mut tx = self.begin_write().await?;
        let id = match member {
            None => sql::insert_member(&mut *tx, network, &columns).await?,
            Some(id) => {
                if sql::update_member(&mut *tx, id, &columns).await? == 0 {
                    return Err(StoreError::NotFound(format!("medlem {id}")).into());
                }
                id
            }
        };
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Adds a meeting (`meeting` `None`) or changes one. The caller has checked
    /// `may_manage_network`.
    pub async fn save_network_meeting(
        &self,
        network: i64,
        meeting: Option<i64>,
        input: &NetworkMeetingInput,
    ) -> Result<i64, SaveError> {
        let m = input.validate().map_err(SaveError::Invalid)?;
        let now = crate::now_text();
        let when = iso_date(m.date);
        let columns = sql::MeetingColumns {
            date: &when,
            place: &m.place,
            topic: &m.topic,
            notes: &m.notes,
            updated_by: self.actor().and_then(|a| a.user_id),
            now: &now,
        };
        let mut tx = self.begin_write().await?;
        let id = match meeting {
            None => sql::insert_meeting(&mut *tx, network, &columns).await?,
            Some(id) => {
                if sql::update_meeting(&mut *tx, id, &columns).await? == 0 {
                    return Err(StoreError::NotFound(format!("møte {id}")).into());
                }
                id
            }
        };
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Adds an assignment (`assignment` `None`) or changes one, checked against the network's
    /// members and meetings. The caller has checked `may_manage_network`.
    pub async fn save_assignment(
        &self,
        network: &StoredNetwork,
        assignment: Option<i64>,
        input: &AssignmentInput,
    ) -> Result<i64, SaveError> {
        let members: Vec<i64> = network.members.iter().map(|m| m.id).collect();
        let meetings: Vec<i64> = network.meetings.iter().map(|m| m.id).collect();
        let a = input
            .validate(&members, &meetings)
            .map_err(SaveError::Invalid)?;
        let now = crate::now_text();
        let columns = sql::AssignmentColumns {
            member: a.member_id,
            text: &a.text,
            due_meeting: a.due_meeting,
            due_date: a.due_date.map(iso_date),
            updated_by: self.actor().and_then(|a| a.user_id),
            now: &now,
        };
        let mut tx = self.begin_write().await?;
        let id = match assignment {
            None => sql::insert_assignment(&mut *tx, network.id, &columns).await?,
            Some(id) => {
                if sql::update_assignment(&mut *tx, id, &columns).await? == 0 {
                    return Err(StoreError::NotFound(format!("oppdrag {id}")).into());
                }
                id
            }
        };
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Records what a member reported back on an assignment (replacing an earlier report).
    /// The caller has checked `may_report_back`.
    pub async fn report_back(
        &self,
        assignment: i64,
        input: &ReportBackInput,
        today: Date,
    ) -> Result<ReportBack, SaveError> {
        let r = input.validate(today).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let by = self.actor().and_then(|a| a.user_id);
        let n = sql::report_back(
            &mut *tx,
            assignment,
            &r.text,
            &iso_date(r.date),
            by,
            &crate::now_text(),
        )
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("oppdrag {assignment}")).into());
        }
        Self::commit_write(tx).await?;
        Ok(r)
    }

    /// Adds a month to an office's rotation (`entry` `None`) or changes one; one entry per
    /// month. The caller has checked `may_edit_theme_of_month`.
    pub async fn save_theme_of_month(
        &self,
        office: &str,
        entry: Option<i64>,
        input: &ThemeOfMonthInput,
    ) -> Result<i64, SaveError> {
        let t = input
            .validate(self.taxonomy())
            .map_err(SaveError::Invalid)?;
        let month = t.month.code();
        if sql::month_taken(&self.pool, office, &month, entry).await? {
            return Err(invalid(
                "maned",
                format!(
                    "{} har allerede et tema. Velg en annen måned, eller endre den som finnes.",
                    capitalised(&t.month.label())
                ),
            ));
        }
        let (code, text) = match &t.theme {
            MonthTheme::Knowledge(c) => (Some(c.as_str()), ""),
            MonthTheme::Free(s) => (None, s.as_str()),
        };
        let now = crate::now_text();
        let columns = sql::ThemeColumns {
            month: &month,
            adviser: &t.adviser,
            theme_code: code,
            theme_text: text,
            held_on: t.date.map(iso_date),
            shared: &t.shared,
            updated_by: self.actor().and_then(|a| a.user_id),
            now: &now,
        };
        let mut tx = self.begin_write().await?;
        let id = match entry {
            None => sql::insert_theme_of_month(&mut *tx, office, &columns).await?,
            Some(id) => {
                if sql::update_theme_of_month(&mut *tx, id, office, &columns).await? == 0 {
                    return Err(StoreError::NotFound(format!("månedens tema {id}")).into());
                }
                id
            }
        };
        Self::commit_write(tx).await?;
        Ok(id)
    }
}

// Removals: the caller has checked `may_remove_from_network` (or, for the rotation,
// `may_remove_theme_of_month`); each is a write the audit log names the actor of.
impl Store {
    /// Removes a member of `network`, unless it has assignments
    /// ([`husk_domain::learning::networks::member_removal_refused`]).
    pub async fn remove_member(&self, network: i64, member: i64) -> Result<Removed, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(name) = sql::member_name(&mut *tx, network, member).await? else {
            return Err(StoreError::NotFound(format!("medlem {member}")));
        };
        let n = sql::assignments_of_member(&mut *tx, member).await?;
        if let Some(why) =
            husk_domain::learning::networks::member_removal_refused(&name, n as usize)
        {
            return Ok(Removed::Refused(why));
        }
        sql::delete_member(&mut *tx, network, member).await?;
        Self::commit_write(tx).await?;
        Ok(Removed::Removed)
    }

    /// Removes a meeting of `network`, unless assignments are due at it
    /// ([`husk_domain::learning::networks::meeting_removal_refused`]).
    pub async fn remove_network_meeting(
        &self,
        network: i64,
        meeting: i64,
    ) -> Result<Removed, StoreError> {
        let mut tx = self.begin_write().await?;
        if !sql::meeting_exists(&mut *tx, network, meeting).await? {
            return Err(StoreError::NotFound(format!("møte {meeting}")));
        }
        let n = sql::assignments_due_at(&mut *tx, meeting).await?;
        if let Some(why) = husk_domain::learning::networks::meeting_removal_refused(n as usize) {
            return Ok(Removed::Refused(why));
        }
        sql::delete_meeting(&mut *tx, network, meeting).await?;
        Self::commit_write(tx).await?;
        Ok(Removed::Removed)
    }

    /// Removes an assignment of `network`, with what was reported back on it.
    pub async fn remove_assignment(
        &self,
        network: i64,
        assignment: i64,
    ) -> Result<Removed, StoreError> {
        let mut tx = self.begin_write().await?;
        if sql::delete_assignment(&mut *tx, network, assignment).await? == 0 {
            return Err(StoreError::NotFound(format!("oppdrag {assignment}")));
        }
        Self::commit_write(tx).await?;
        Ok(Removed::Removed)
    }

    /// Removes a month from `office`'s theme-of-the-month rotation.
    pub async fn remove_theme_of_month(&self, office: &str, id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if sql::delete_theme_of_month(&mut *tx, office, id).await? == 0 {
            return Err(StoreError::NotFound(format!("månedens tema {id}")));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Reader<'_> {
    /// The networks the viewer may read, filtered; none for the public.
    pub async fn networks(&self, f: &NetworkFilter) -> Result<Vec<StoredNetwork>, StoreError> {
        if !self.viewer.may_list_networks() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .all_networks()
            .await?
            .into_iter()
            .filter(|n| self.viewer.may_read_network(n.scope()))
            .filter(|n| f.office.is_empty() || n.office == f.office)
            .filter(|n| f.kind.is_empty() || n.kind.code() == f.kind)
            .filter(|n| f.programme.is_empty() || n.programme_id.as_deref() == Some(&f.programme))
            .collect())
    }

    /// One network: `Ok(None)` when there is none, `Err(Hidden)` when the viewer may not read
    /// it.
    pub async fn network(&self, id: i64) -> Result<Option<StoredNetwork>, StoreError> {
        let Some(n) = self.store.network_by_id(id).await? else {
            return Ok(None);
        };
        if !self.viewer.may_read_network(n.scope()) {
            return Err(StoreError::Hidden);
        }
        Ok(Some(n))
    }

    /// An office's "theme of the month" rotation by month (`None`: every office's), for who
    /// may read it (`Err(Hidden)` otherwise).
    pub async fn themes_of_month(
        &self,
        office: Option<&str>,
    ) -> Result<Vec<StoredThemeOfMonth>, StoreError> {
        if !self.viewer.may_read_theme_of_month() {
            return Err(StoreError::Hidden);
        }
        Ok(sql::themes_of_month(&self.store.pool, office)
            .await?
            .into_iter()
            .filter_map(theme_entry)
            .collect())
    }
}
