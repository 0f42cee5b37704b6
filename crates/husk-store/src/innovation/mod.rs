//! Innovation and its spread on both backends (issue 13, migration 31): innovations with their
//! classification in seed 000's matrix, origin and the register entries, documents, arenas and
//! grants that carry them; adoptions, confirmed or proposed; and the sources Husk suggested
//! that an adviser turned down.
//!
//! Reads take the viewer ([`Reader::innovations`], [`Reader::innovation`],
//! [`Reader::diffusion`]), decided with `husk_domain::access` (`may_read_innovations`). Writes
//! are checked by the caller with `may_record_innovation` and `may_confirm_adoption`; they
//! record the acting user for the audit log. The graph, the curve, the suggested sources and
//! the "likely next" list are `husk_domain::innovation::diffusion`'s, over the networks,
//! programmes and arenas the store holds. The demo's innovations are in [`demo`].

mod demo;
mod editing;
mod examples;
mod proposals;
mod sql;

pub use examples::{ExampleSubject, StoredGoodExample};

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::access::AdoptionScope;
use husk_domain::innovation::adoptions::{
    same_actor, AdopterKind, AdoptionInput, AdoptionYear, Channel, Holder, Phase, SpreadType,
};
use husk_domain::innovation::diffusion::{
    self, AdoptionFact, Candidate, ChannelFigures, CurvePoint, Graph, Group, GroupKind, Member,
    OriginFact, Suggestion,
};
use husk_domain::innovation::{Area, Dimension, InnovationKind, PracticeModel};
use husk_domain::FieldErrors;
use serde::Serialize;

/// Something that carries an innovation: a register entry, a document, an arena or a grant.
#[derive(Debug, Clone, Serialize)]
pub struct StoredLink {
    /// `prosjekt`, `dokument`, `arena` or `tilskudd`.
    pub kind: String,
    /// The entry's id, or the document's, arena's or grant's number.
    pub target: String,
    /// The entry's, arena's or grant's title, where Husk holds it (a document's is not
    /// given: the document's own page decides who reads it).
    pub title: Option<String>,
    /// For a grant: the register entry it belongs to.
    pub entry: Option<String>,
    pub source: String,
}

/// Where the reports disagree about an innovation or one of its adoptions: both statements,
/// each with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub about: String,
    pub first_says: String,
    pub first_source: String,
    pub second_says: String,
    pub second_source: String,
    /// Which one Husk's own figures use, if any.
    pub husk_note: String,
}

/// An adoption, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAdoption {
    pub id: i64,
    pub adopter: String,
    pub adopter_kind: AdopterKind,
    pub kommunenummer: Option<String>,
    /// The register's organisation that adopted, whose recipient users confirm it.
    pub organisation_id: Option<i64>,
    pub from: Option<String>,
    pub spread: SpreadType,
    pub channel: Channel,
    pub phase: Phase,
    pub year: Option<AdoptionYear>,
    pub result: String,
    pub evidence: String,
    pub confirmed: bool,
    /// Where the demo fact is stated ('' for what users entered).
    pub source: String,
    /// What Husk added that the source does not state.
    pub husk_note: String,
}

impl StoredAdoption {
    /// What the access rules need to know of it.
    pub fn scope(&self) -> AdoptionScope {
        AdoptionScope {
            organisation_id: self.organisation_id,
        }
    }

    pub fn fact(&self) -> AdoptionFact {
        AdoptionFact {
            id: self.id,
            adopter: self.adopter.clone(),
            kommunenummer: self.kommunenummer.clone(),
            from: self.from.clone(),
            channel: self.channel,
            spread: self.spread,
            phase: self.phase,
            year: self.year,
            confirmed: self.confirmed,
        }
    }

    /// The adoption as its form shows it.
    pub fn input(&self) -> AdoptionInput {
        AdoptionInput {
            adopter: self.adopter.clone(),
            adopter_kind: self.adopter_kind.code().into(),
            kommunenummer: self.kommunenummer.clone().unwrap_or_default(),
            from: self.from.clone().unwrap_or_default(),
            spread: self.spread.code().into(),
            channel: self.channel.code().into(),
            phase: self.phase.code().into(),
            year: self.year.map(|y| y.year.to_string()).unwrap_or_default(),
            year_at_latest: if self.year.is_some_and(|y| y.at_latest) {
                "1".into()
            } else {
                String::new()
            },
            result: self.result.clone(),
            evidence: self.evidence.clone(),
            confirmed: self.confirmed,
        }
    }
}

/// An innovation with its links and adoptions.
#[derive(Debug, Clone, Serialize)]
pub struct StoredInnovation {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub kind: InnovationKind,
    pub dimension: Dimension,
    pub area: Area,
    pub practice_model: Option<PracticeModel>,
    pub radical: Option<bool>,
    pub financing: String,
    pub origin_place: String,
    pub origin_kommunenummer: Option<String>,
    pub origin_country: String,
    pub origin_year: Option<i32>,
    pub source: String,
    pub husk_note: String,
    pub links: Vec<StoredLink>,
    /// Where the reports disagree about it.
    pub disagreements: Vec<Disagreement>,
    /// By year, undated last.
    pub adoptions: Vec<StoredAdoption>,
}

impl StoredInnovation {
    pub fn origin(&self) -> OriginFact {
        OriginFact {
            place: self.origin_place.clone(),
            kommunenummer: self.origin_kommunenummer.clone(),
            year: self.origin_year,
        }
    }

    pub fn facts(&self) -> Vec<AdoptionFact> {
        self.adoptions.iter().map(StoredAdoption::fact).collect()
    }

    pub fn adoption(&self, id: i64) -> Option<&StoredAdoption> {
        self.adoptions.iter().find(|a| a.id == id)
    }

    /// Those who had it before any adoption: the origin and every dated adoption.
    pub(crate) fn holders(&self, except: Option<i64>) -> Vec<Holder> {
        let mut out = vec![Holder {
            name: self.origin_place.clone(),
            year: self.origin_year.map(|y| AdoptionYear {
                year: y,
                at_latest: false,
            }),
        }];
        out.extend(
            self.adoptions
                .iter()
                .filter(|a| Some(a.id) != except)
                .map(|a| Holder {
                    name: a.adopter.clone(),
                    year: a.year,
                }),
        );
        out
    }

    /// Confirmed adoptions that reached ordinary operation.
    pub fn in_operation(&self) -> usize {
        self.adoptions
            .iter()
            .filter(|a| a.confirmed && a.phase == Phase::Operation)
            .count()
    }

    pub fn confirmed(&self) -> usize {
        self.adoptions.iter().filter(|a| a.confirmed).count()
    }
}

/// How one innovation spread, and where it may go next.
#[derive(Debug, Clone, Serialize)]
pub struct Diffusion {
    pub graph: Graph,
    pub curve: Vec<CurvePoint>,
    /// Confirmed adoptions with no year (not in the curve).
    pub undated: usize,
    /// Husk's suggested sources for adoptions whose source is unknown; they count nowhere.
    pub suggestions: Vec<Suggestion>,
    pub likely_next: Vec<Candidate>,
}

fn year(y: Option<i64>) -> Option<i32> {
    y.and_then(|y| i32::try_from(y).ok())
}

fn assemble(
    rows: Vec<sql::InnovationRow>,
    links: Vec<sql::LinkRow>,
    adoptions: Vec<sql::AdoptionRow>,
    disagreements: Vec<sql::DisagreementRow>,
) -> Vec<StoredInnovation> {
    let mut out: Vec<StoredInnovation> = rows
        .into_iter()
        .filter_map(
            |(
                id,
                code,
                name,
                description,
                kind,
                dimension,
                area,
                practice_model,
                radical,
                financing,
                origin_place,
                origin_kommunenummer,
                origin_country,
                origin_year,
                source,
                husk_note,
            )| {
                Some(StoredInnovation {
                    id,
                    code,
                    name,
                    description,
                    kind: InnovationKind::from_code(&kind)?,
                    dimension: Dimension::from_code(&dimension)?,
                    area: Area::from_code(&area)?,
                    practice_model: practice_model.as_deref().and_then(PracticeModel::from_code),
                    radical: radical.map(|r| r != 0),
                    financing,
                    origin_place,
                    origin_kommunenummer,
                    origin_country,
                    origin_year: year(origin_year),
                    source,
                    husk_note,
                    links: Vec::new(),
                    disagreements: Vec::new(),
                    adoptions: Vec::new(),
                })
            },
        )
        .collect();
    let index = |out: &[StoredInnovation], id: i64| out.iter().position(|n| n.id == id);
    for (innovation, kind, target, title, entry, source) in links {
        if let Some(i) = index(&out, innovation) {
            out[i].links.push(StoredLink {
                kind,
                target,
                title,
                entry,
                source,
            });
        }
    }
    for (innovation, about, first_says, first_source, second_says, second_source, husk_note) in
        disagreements
    {
        if let Some(i) = index(&out, innovation) {
            out[i].disagreements.push(Disagreement {
                about,
                first_says,
                first_source,
                second_says,
                second_source,
                husk_note,
            });
        }
    }
    for r in adoptions {
        let sql::AdoptionRow {
            id,
            innovation_id: innovation,
            adopter,
            adopter_kind,
            kommunenummer,
            organisation_id,
            from_actor: from,
            spread,
            channel,
            phase,
            adopted_year,
            year_at_latest: at_latest,
            result,
            evidence,
            confirmed,
            source,
            husk_note,
        } = r;
        let (Some(i), Some(adopter_kind), Some(spread), Some(channel), Some(phase)) = (
            index(&out, innovation),
            AdopterKind::from_code(&adopter_kind),
            SpreadType::from_code(&spread),
            Channel::from_code(&channel),
            Phase::from_code(&phase),
        ) else {
            continue;
        };
        out[i].adoptions.push(StoredAdoption {
            id,
            adopter,
            adopter_kind,
            kommunenummer,
            organisation_id,
            from,
            spread,
            channel,
            phase,
            year: year(adopted_year).map(|y| AdoptionYear {
                year: y,
                at_latest: at_latest != 0,
            }),
            result,
            evidence,
            confirmed: confirmed != 0,
            source,
            husk_note,
        });
    }
    out
}

/// A field error as a save's refusal.
fn invalid(field: &str, message: impl Into<String>) -> SaveError {
    let mut e = FieldErrors::new();
    e.push(field, message);
    SaveError::Invalid(e)
}

/// Today's kommunenummer-less name of a member: «Moss kommune» is Moss.
fn member(name: String, kommunenummer: Option<String>) -> Member {
    Member {
        name,
        kommunenummer,
    }
}

impl Store {
    pub(crate) async fn all_innovations(&self) -> Result<Vec<StoredInnovation>, StoreError> {
        Ok(assemble(
            sql::innovations(&self.pool).await?,
            sql::links(&self.pool, None).await?,
            sql::adoptions(&self.pool, None).await?,
            sql::disagreements(&self.pool, None).await?,
        ))
    }

    async fn innovation_by_code(&self, code: &str) -> Result<Option<StoredInnovation>, StoreError> {
        let Some(row) = sql::innovation(&self.pool, code).await? else {
            return Ok(None);
        };
        let id = row.0;
        Ok(assemble(
            vec![row],
            sql::links(&self.pool, Some(id)).await?,
            sql::adoptions(&self.pool, Some(id)).await?,
            sql::disagreements(&self.pool, Some(id)).await?,
        )
        .pop())
    }

    /// The networks, programmes and arenas Husk holds, with their members, as the diffusion
    /// needs them. A network's start is its start date's year; a programme's its register
    /// entry's first year; an arena's its date's year. Arena participants are as written
    /// (often an organisation's name), so they match adopters by name only.
    pub async fn innovation_groups(&self) -> Result<Vec<Group>, StoreError> {
        let mut groups: Vec<Group> = Vec::new();
        fn push(
            groups: &mut Vec<Group>,
            kind: GroupKind,
            name: String,
            since: Option<i32>,
            m: Member,
        ) {
            match groups.iter_mut().find(|g| g.kind == kind && g.name == name) {
                Some(g) => g.members.push(m),
                None => groups.push(Group {
                    kind,
                    name,
                    since,
                    members: vec![m],
                }),
            }
        }
        let year_of = |date: &str| date.get(..4).and_then(|y| y.parse::<i32>().ok());
        for (network, start, name, knr) in sql::network_members(&self.pool).await? {
            let since = start.as_deref().and_then(year_of);
            push(
                &mut groups,
                GroupKind::Network,
                network,
                since,
                member(name, knr),
            );
        }
        for (programme, start, name, knr) in sql::programme_participants(&self.pool).await? {
            push(
                &mut groups,
                GroupKind::Programme,
                programme,
                year(start),
                member(name, knr),
            );
        }
        for (arena, starts_on, organisation) in sql::arena_participants(&self.pool).await? {
            let since = year_of(&starts_on);
            push(
                &mut groups,
                GroupKind::Arena,
                arena,
                since,
                member(organisation, None),
            );
        }
        Ok(groups)
    }

    /// Records an innovation. The caller has checked `may_record_innovation`.
    pub async fn create_innovation(
        &self,
        input: &husk_domain::innovation::InnovationInput,
    ) -> Result<i64, SaveError> {
        let n = input.validate().map_err(SaveError::Invalid)?;
        if sql::innovation_named(&self.pool, &n.code, &n.name)
            .await?
            .is_some()
        {
            return Err(invalid(
                "kode",
                format!(
                    "Det finnes allerede en innovasjon med koden «{}» eller navnet «{}». Velg en annen.",
                    n.code, n.name
                ),
            ));
        }
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let id = sql::insert_innovation(
            &mut *tx,
            &sql::InnovationColumns::of(
                &n,
                sql::Written::by_user(self.actor().and_then(|a| a.user_id), &now),
            ),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Adds an adoption to an innovation. The caller has checked `may_record_innovation`.
    pub async fn record_adoption(
        &self,
        code: &str,
        input: &AdoptionInput,
    ) -> Result<i64, SaveError> {
        let Some(n) = self.innovation_by_code(code).await? else {
            return Err(SaveError::Store(StoreError::NotFound(format!(
                "innovasjonen «{code}»"
            ))));
        };
        let a = input
            .validate(&n.holders(None))
            .map_err(SaveError::Invalid)?;
        if n.adoptions
            .iter()
            .any(|x| same_actor(&x.adopter, &a.adopter))
        {
            return Err(invalid(
                "adopter",
                format!(
                    "{} har allerede en overtakelse av {} registrert. Endre den i stedet.",
                    a.adopter, n.name
                ),
            ));
        }
        if same_actor(&a.adopter, &n.origin_place) {
            return Err(invalid(
                "adopter",
                format!(
                    "{} er der {} begynte, og står som opprinnelsen.",
                    a.adopter, n.name
                ),
            ));
        }
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let id = sql::insert_adoption(
            &mut *tx,
            n.id,
            &sql::AdoptionColumns::of(
                &a,
                sql::Written::by_user(self.actor().and_then(|a| a.user_id), &now),
            ),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Confirms or corrects an adoption (not who adopted). The caller has checked
    /// `may_confirm_adoption` for it.
    pub async fn update_adoption(
        &self,
        code: &str,
        id: i64,
        input: &AdoptionInput,
    ) -> Result<(), SaveError> {
        let n = self
            .innovation_by_code(code)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("innovasjonen «{code}»")))?;
        let Some(old) = n.adoption(id) else {
            return Err(SaveError::Store(StoreError::NotFound(format!(
                "overtakelse {id}"
            ))));
        };
        let input = AdoptionInput {
            adopter: old.adopter.clone(),
            ..input.clone()
        };
        let a = input
            .validate(&n.holders(Some(id)))
            .map_err(SaveError::Invalid)?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        sql::update_adoption(
            &mut *tx,
            id,
            &sql::AdoptionColumns::of(
                &a,
                sql::Written {
                    source: &old.source,
                    husk_note: &old.husk_note,
                    updated_by: self.actor().and_then(|a| a.user_id),
                    now: &now,
                },
            ),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Decides one of Husk's suggested sources for an adoption: accepted, it becomes the
    /// adoption's source (checked like one typed in); rejected, it is not suggested again. The
    /// caller has checked `may_record_innovation`.
    pub async fn decide_suggested_source(
        &self,
        code: &str,
        adoption: i64,
        source: &str,
        accept: bool,
    ) -> Result<(), SaveError> {
        let n = self
            .innovation_by_code(code)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("innovasjonen «{code}»")))?;
        let Some(a) = n.adoption(adoption) else {
            return Err(SaveError::Store(StoreError::NotFound(format!(
                "overtakelse {adoption}"
            ))));
        };
        if a.from.is_some() {
            return Err(invalid(
                "fra",
                format!(
                    "{} har allerede en kilde: {}.",
                    a.adopter,
                    a.from.as_deref().unwrap_or_default()
                ),
            ));
        }
        if accept {
            let input = AdoptionInput {
                from: source.to_string(),
                ..a.input()
            };
            return self.update_adoption(code, adoption, &input).await;
        }
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        sql::reject_source(
            &mut *tx,
            adoption,
            source,
            self.actor().and_then(|a| a.user_id),
            &now,
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }
}

impl Reader<'_> {
    /// Every innovation with its adoptions, for who may read them (none for the public).
    pub async fn innovations(&self) -> Result<Vec<StoredInnovation>, StoreError> {
        if !self.viewer.may_read_innovations() {
            return Ok(Vec::new());
        }
        self.store.all_innovations().await
    }

    /// One innovation: `Ok(None)` when there is none, `Err(Hidden)` when the viewer may not
    /// read it.
    pub async fn innovation(&self, code: &str) -> Result<Option<StoredInnovation>, StoreError> {
        // Who may read none is refused before looking, so a code cannot be probed.
        if !self.viewer.may_read_innovations() {
            return Err(StoreError::Hidden);
        }
        self.store.innovation_by_code(code).await
    }

    /// How an innovation the viewer reads spread, with Husk's suggested sources and the
    /// municipalities likely to take it up next.
    pub async fn diffusion(&self, n: &StoredInnovation) -> Result<Diffusion, StoreError> {
        if !self.viewer.may_read_innovations() {
            return Err(StoreError::Hidden);
        }
        let groups = self.store.innovation_groups().await?;
        let rejected = sql::rejected_sources(&self.store.pool, n.id).await?;
        let origin = n.origin();
        let facts = n.facts();
        let suggestions = diffusion::suggest_sources(&origin, &facts, &groups, &rejected);
        let (curve, undated) = diffusion::curve(&facts);
        Ok(Diffusion {
            graph: diffusion::graph(&origin, &facts, &suggestions),
            curve,
            undated,
            likely_next: diffusion::likely_next(&origin, &facts, &groups),
            suggestions,
        })
    }

    /// Across innovations, per channel, the confirmed adoptions and how many reached ordinary
    /// operation.
    pub async fn innovation_channels(&self) -> Result<Vec<ChannelFigures>, StoreError> {
        let all = self.innovations().await?;
        let facts: Vec<AdoptionFact> = all.iter().flat_map(StoredInnovation::facts).collect();
        Ok(diffusion::channels(&facts))
    }
}
