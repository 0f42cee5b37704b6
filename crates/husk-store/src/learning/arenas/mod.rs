//! Learning arenas on both backends: events, their themes, agendas, participants and
//! materials (documents in the knowledge base, added through [`Store::ingest`] and linked
//! here), the calendar's reads and the per-user calendar feed tokens.
//!
//! Reads take the viewer ([`Reader::arenas`], [`Reader::arena`]) and follow
//! [`husk_domain::Viewer::may_read_arena`]. Writes are checked by the caller with
//! [`husk_domain::Viewer::may_manage_arena`] (for the arena's office, and the new office when
//! it moves).

mod sql;

use crate::accounts::{random_hex, sha256_hex};
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::access::ArenaScope;
use husk_domain::learning::arenas::{
    parse_arena_date, validate_agenda, validate_participants, AgendaItem, AgendaItemInput,
    ArenaDate, ArenaFilter, ArenaInput, ArenaParticipant, DatePrecision, ParticipantInput, When,
};
use husk_domain::learning::ArenaKind;
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::{FieldErrors, UserRef};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// The demo's arenas (seed 003 and seed 004, only what they state; each row names its source).
const DEMO_ARENAS: &[u8] = include_bytes!("../../../../../data/demo/learning_arenas.csv");

/// A document of the knowledge base added to an arena as its material.
#[derive(Debug, Clone, Serialize)]
pub struct ArenaMaterial {
    pub document_id: i64,
    pub title: String,
    pub file_name: String,
}

/// A learning arena as a viewer reads it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArena {
    pub id: i64,
    pub title: String,
    pub kind: ArenaKind,
    pub date: ArenaDate,
    pub place: String,
    pub organiser: String,
    pub office: String,
    pub office_name: String,
    pub programme_id: Option<String>,
    pub programme_title: Option<String>,
    /// A plain reference to `learning_networks`.
    pub network_id: Option<i64>,
    pub network_name: Option<String>,
    /// Knowledge theme codes, in taxonomy order.
    pub themes: Vec<String>,
    pub description: String,
    /// Where a demo arena's facts are stated (seed and chapter); empty for what users enter.
    pub source: String,
    /// The agenda, participants and materials; empty in lists (read one arena for them).
    pub agenda: Vec<AgendaItem>,
    pub participants: Vec<ArenaParticipant>,
    pub materials: Vec<ArenaMaterial>,
    #[serde(skip)]
    programme_organisations: Vec<i64>,
}

impl StoredArena {
    /// What the access rules need to know of it.
    pub fn scope(&self) -> ArenaScope<'_> {
        ArenaScope {
            office: &self.office,
            programme_organisations: &self.programme_organisations,
        }
    }

    /// The form's values for the arena as stored.
    pub fn input(&self) -> ArenaInput {
        let (fra, til) = self.date.form_values();
        ArenaInput {
            tittel: self.title.clone(),
            kind: self.kind.code().to_string(),
            fra,
            til,
            sted: self.place.clone(),
            arrangor: self.organiser.clone(),
            kontor: self.office.clone(),
            program: self.programme_id.clone().unwrap_or_default(),
            nettverk: self.network_id.map(|n| n.to_string()).unwrap_or_default(),
            temaer: self.themes.clone(),
            beskrivelse: self.description.clone(),
        }
    }
}

/// The programmes and networks an arena may belong to, for the forms and filters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArenaChoices {
    pub programmes: Vec<(String, String)>,
    pub networks: Vec<(i64, String)>,
}

fn arena_from(
    r: sql::ArenaRow,
    orgs: &HashMap<String, Vec<i64>>,
    themes: Vec<String>,
) -> Option<StoredArena> {
    let precision = DatePrecision::from_code(&r.date_precision)?;
    let start = parse_date(&r.starts_on).ok()?;
    let date = ArenaDate {
        start,
        end: r.ends_on.as_deref().and_then(|e| parse_date(e).ok()),
        precision,
    };
    Some(StoredArena {
        id: r.id,
        title: r.title,
        kind: ArenaKind::from_code(&r.kind)?,
        date,
        place: r.place,
        organiser: r.organiser,
        office_name: r.office_name.unwrap_or_else(|| r.office.clone()),
        office: r.office,
        programme_organisations: r
            .programme_id
            .as_ref()
            .and_then(|p| orgs.get(p))
            .cloned()
            .unwrap_or_default(),
        programme_id: r.programme_id,
        programme_title: r.programme_title,
        network_id: r.network_id,
        network_name: r.network_name,
        themes,
        description: r.description,
        source: r.source,
        agenda: Vec::new(),
        participants: Vec::new(),
        materials: Vec::new(),
    })
}

impl Store {
    async fn programme_organisations(&self) -> Result<HashMap<String, Vec<i64>>, StoreError> {
        let mut out: HashMap<String, Vec<i64>> = HashMap::new();
        for (p, o) in sql::programme_organisations(&self.pool).await? {
            out.entry(p).or_default().push(o);
        }
        Ok(out)
    }

    /// Every arena with its themes, unfiltered.
    async fn all_arenas(&self) -> Result<Vec<StoredArena>, StoreError> {
        let orgs = self.programme_organisations().await?;
        let mut themes: HashMap<i64, Vec<String>> = HashMap::new();
        for (a, t) in sql::themes(&self.pool).await? {
            themes.entry(a).or_default().push(t);
        }
        Ok(sql::arenas(&self.pool)
            .await?
            .into_iter()
            .filter_map(|r| {
                let t = themes.remove(&r.id).unwrap_or_default();
                arena_from(r, &orgs, t)
            })
            .collect())
    }

    /// The programmes and networks an arena may belong to.
    pub async fn arena_choices(&self) -> Result<ArenaChoices, StoreError> {
        Ok(ArenaChoices {
            programmes: sql::programme_choices(&self.pool).await?,
            networks: sql::network_choices(&self.pool).await?,
        })
    }

    /// The office of an arena (for the caller's access check before a write).
    pub async fn arena_office(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sql::arena(&self.pool, id).await?.map(|r| r.office))
    }

    /// Creates an arena (`id` `None`) or changes one, with its themes. The caller has checked
    /// [`husk_domain::Viewer::may_manage_arena`] for the office it had and the one it gets.
    pub async fn save_arena(&self, id: Option<i64>, input: &ArenaInput) -> Result<i64, SaveError> {
        let a = input.validate(&self.taxonomy).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let mut errors = FieldErrors::new();
        if let Some(p) = &a.programme_id {
            if !sql::programme_exists(&mut *tx, p).await? {
                errors.push(
                    "program",
                    format!("«{p}» er ikke et program i Husk. Velg et program i listen."),
                );
            }
        }
        if let Some(n) = a.network_id {
            if !sql::network_exists(&mut *tx, n).await? {
                errors.push(
                    "nettverk",
                    format!("Nettverket {n} finnes ikke. Velg et nettverk i listen."),
                );
            }
        }
        if !errors.is_empty() {
            return Err(SaveError::Invalid(errors));
        }
        let (start, end) = (iso_date(a.date.start), a.date.end.map(iso_date));
        let now = crate::now_text();
        let cols = sql::ArenaColumns {
            title: &a.title,
            kind: a.kind.code(),
            starts_on: &start,
            ends_on: end.as_deref(),
            precision: a.date.precision.code(),
            place: &a.place,
            organiser: &a.organiser,
            office: &a.office,
            programme_id: a.programme_id.as_deref(),
            network_id: a.network_id,
            description: &a.description,
            source: "",
            updated_by: self.actor().and_then(|x| x.user_id),
            now: &now,
        };
        let id = match id {
            None => sql::insert_arena(&mut *tx, &cols).await?,
            Some(id) => {
                if sql::update_arena(&mut *tx, id, &cols).await? == 0 {
                    return Err(StoreError::NotFound(format!("læringsarena {id}")).into());
                }
                id
            }
        };
        sql::delete_themes(&mut *tx, id).await?;
        for t in &a.themes {
            sql::insert_theme(&mut *tx, id, t).await?;
        }
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Replaces an arena's agenda (empty rows left out). The caller has checked
    /// [`husk_domain::Viewer::may_manage_arena`].
    pub async fn save_arena_agenda(
        &self,
        id: i64,
        rows: &[AgendaItemInput],
    ) -> Result<usize, SaveError> {
        let items = validate_agenda(rows).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let by = self.actor().and_then(|x| x.user_id);
        if sql::touch_arena(&mut *tx, id, by, &crate::now_text()).await? == 0 {
            return Err(StoreError::NotFound(format!("læringsarena {id}")).into());
        }
        sql::delete_agenda(&mut *tx, id).await?;
        for (i, it) in items.iter().enumerate() {
            sql::insert_agenda_item(&mut *tx, id, i as i64, (&it.time, &it.title, &it.who)).await?;
        }
        Self::commit_write(tx).await?;
        Ok(items.len())
    }

    /// Replaces an arena's participants (empty rows left out). The caller has checked
    /// [`husk_domain::Viewer::may_manage_arena`].
    pub async fn save_arena_participants(
        &self,
        id: i64,
        rows: &[ParticipantInput],
    ) -> Result<usize, SaveError> {
        let list = validate_participants(rows).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let by = self.actor().and_then(|x| x.user_id);
        if sql::touch_arena(&mut *tx, id, by, &crate::now_text()).await? == 0 {
            return Err(StoreError::NotFound(format!("læringsarena {id}")).into());
        }
        sql::delete_participants(&mut *tx, id).await?;
        for (i, p) in list.iter().enumerate() {
            sql::insert_participant(&mut *tx, id, i as i64, &p.organisation, p.count).await?;
        }
        Self::commit_write(tx).await?;
        Ok(list.len())
    }

    /// Links a document of the knowledge base to an arena as its material (once). The caller
    /// has ingested it ([`Store::ingest`]) and checked
    /// [`husk_domain::Viewer::may_manage_arena`].
    pub async fn add_arena_material(&self, id: i64, document: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let by = self.actor().and_then(|x| x.user_id);
        let now = crate::now_text();
        if sql::touch_arena(&mut *tx, id, by, &now).await? == 0 {
            return Err(StoreError::NotFound(format!("læringsarena {id}")));
        }
        sql::insert_material(&mut *tx, id, document, by, &now).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Takes a material off an arena. The document stays in the knowledge base (where it has
    /// its own page, may be linked to entries and is found by search); only the arena's link
    /// to it goes. The caller has checked [`husk_domain::Viewer::may_remove_from_arena`].
    pub async fn remove_arena_material(&self, id: i64, document: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if sql::delete_material(&mut *tx, id, document).await? == 0 {
            return Err(StoreError::NotFound(format!("materiell {document}")));
        }
        let by = self.actor().and_then(|x| x.user_id);
        sql::touch_arena(&mut *tx, id, by, &crate::now_text()).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Adds a file to an arena as its material: the file goes into the knowledge base through
    /// [`Store::ingest`] as a document of the arena's office and programme, with its themes,
    /// published by its organiser in its year, not public, and is linked to the arena. The
    /// pages and the API both call this; the caller has checked
    /// [`husk_domain::Viewer::may_manage_arena`].
    pub async fn add_arena_material_file(
        &self,
        arena: &StoredArena,
        path: &std::path::Path,
        file_name: &str,
        title: &str,
    ) -> Result<crate::knowledge::Ingested, crate::knowledge::IngestError> {
        let input = husk_domain::DocumentInput {
            title: title.trim().to_string(),
            authors: String::new(),
            publisher: arena.organiser.clone(),
            year: arena.date.start.year().to_string(),
            doc_type: "annet".into(),
            region: arena.office.clone(),
            public: false,
            projects: arena.programme_id.iter().cloned().collect(),
            organisations: Vec::new(),
            themes: arena.themes.clone(),
            target_groups: Vec::new(),
            type_required: false,
        };
        let done = self.ingest(path, file_name, &input).await?;
        self.add_arena_material(arena.id, done.id).await?;
        Ok(done)
    }

    /// Makes a new calendar feed token for a user (the earlier one stops working) and gives
    /// it back; only its hash is kept.
    pub async fn new_arena_feed_token(&self, user: i64) -> Result<String, StoreError> {
        let token = format!("kal_{}", random_hex(24));
        let mut tx = self.begin_write().await?;
        sql::set_feed_token(&mut *tx, user, &sha256_hex(&token), &crate::now_text()).await?;
        Self::commit_write(tx).await?;
        Ok(token)
    }

    /// The user a calendar feed token belongs to (not a disabled one).
    pub async fn arena_feed_user(&self, token: &str) -> Result<Option<UserRef>, StoreError> {
        let token = token.trim();
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let Some(id) = sql::feed_token_user(&self.pool, &sha256_hex(token)).await? else {
            return Ok(None);
        };
        Ok(self
            .user(id)
            .await?
            .filter(|u| !u.disabled)
            .map(|u| u.to_ref()))
    }

    /// Loads the arenas the seeds describe (`data/demo/learning_arenas.csv`: seed 003's
    /// gatherings of region øst's programme in 2011, seed 004's dated events), with only what
    /// they state; an arena already loaded (same title and source) is skipped.
    pub(crate) async fn load_demo_arenas(&self) -> Result<(), StoreError> {
        #[derive(serde::Deserialize)]
        struct Row {
            title: String,
            kind: String,
            from: String,
            to: String,
            place: String,
            organiser: String,
            office: String,
            programme: String,
            agenda: String,
            participants: String,
            description: String,
            source: String,
        }
        let rows: Vec<Row> = csv::Reader::from_reader(DEMO_ARENAS)
            .deserialize()
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::NotFound(format!("demoarenaene ({e})")))?;
        let mut tx = self.begin_write().await?;
        let now = crate::now_text();
        for r in rows {
            if sql::demo_arena_exists(&mut *tx, &r.title, &r.source).await? {
                continue;
            }
            let (Some(kind), Ok(date)) = (
                ArenaKind::from_code(&r.kind),
                parse_arena_date(&r.from, &r.to),
            ) else {
                continue;
            };
            let programme = match r.programme.trim() {
                "" => None,
                p if sql::programme_exists(&mut *tx, p).await? => Some(p),
                _ => None,
            };
            let (start, end) = (iso_date(date.start), date.end.map(iso_date));
            let id = sql::insert_arena(
                &mut *tx,
                &sql::ArenaColumns {
                    title: &r.title,
                    kind: kind.code(),
                    starts_on: &start,
                    ends_on: end.as_deref(),
                    precision: date.precision.code(),
                    place: &r.place,
                    organiser: &r.organiser,
                    office: &r.office,
                    programme_id: programme,
                    network_id: None,
                    description: &r.description,
                    source: &r.source,
                    updated_by: None,
                    now: &now,
                },
            )
            .await?;
            for (i, item) in r
                .agenda
                .split(';')
                .filter(|s| !s.trim().is_empty())
                .enumerate()
            {
                let mut parts = item.splitn(3, '|');
                let (time, title, who) = (
                    parts.next().unwrap_or("").trim(),
                    parts.next().unwrap_or("").trim(),
                    parts.next().unwrap_or("").trim(),
                );
                sql::insert_agenda_item(&mut *tx, id, i as i64, (time, title, who)).await?;
            }
            for (i, p) in r
                .participants
                .split(';')
                .filter(|s| !s.trim().is_empty())
                .enumerate()
            {
                let (org, count) = p.split_once(':').unwrap_or((p, ""));
                sql::insert_participant(
                    &mut *tx,
                    id,
                    i as i64,
                    org.trim(),
                    count.trim().parse().ok(),
                )
                .await?;
            }
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}

impl Reader<'_> {
    /// The arenas the viewer reads that pass the filter, by date (past ones newest first).
    pub async fn arenas(
        &self,
        filter: &ArenaFilter,
        when: When,
        today: Date,
    ) -> Result<Vec<StoredArena>, StoreError> {
        let mut out: Vec<StoredArena> = self
            .store
            .all_arenas()
            .await?
            .into_iter()
            .filter(|a| self.viewer.may_read_arena(a.scope()))
            .filter(|a| filter.office.as_deref().is_none_or(|o| a.office == o))
            .filter(|a| {
                filter
                    .programme
                    .as_deref()
                    .is_none_or(|p| a.programme_id.as_deref() == Some(p))
            })
            .filter(|a| filter.network.is_none_or(|n| a.network_id == Some(n)))
            .filter(|a| when.admits(&a.date, today))
            .collect();
        if when == When::Past {
            out.reverse();
        }
        Ok(out)
    }

    /// One arena with its agenda, participants and the materials the viewer may read:
    /// `Ok(None)` when there is none, `Err(Hidden)` when the viewer may not read it.
    pub async fn arena(&self, id: i64) -> Result<Option<StoredArena>, StoreError> {
        let Some(row) = sql::arena(&self.store.pool, id).await? else {
            return Ok(None);
        };
        let orgs = self.store.programme_organisations().await?;
        let themes: Vec<String> = sql::themes(&self.store.pool)
            .await?
            .into_iter()
            .filter(|(a, _)| *a == id)
            .map(|(_, t)| t)
            .collect();
        let Some(mut a) = arena_from(row, &orgs, themes) else {
            return Ok(None);
        };
        if !self.viewer.may_read_arena(a.scope()) {
            return Err(StoreError::Hidden);
        }
        a.agenda = sql::agenda(&self.store.pool, id)
            .await?
            .into_iter()
            .map(|(time, title, who)| AgendaItem { time, title, who })
            .collect();
        a.participants = sql::participants(&self.store.pool, id)
            .await?
            .into_iter()
            .map(|(organisation, count)| ArenaParticipant {
                organisation,
                count,
            })
            .collect();
        for (document_id, title, file_name) in sql::materials(&self.store.pool, id).await? {
            if matches!(self.document(document_id).await, Ok(Some(_))) {
                a.materials.push(ArenaMaterial {
                    document_id,
                    title,
                    file_name,
                });
            }
        }
        Ok(Some(a))
    }
}
