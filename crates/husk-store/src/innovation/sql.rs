//! The innovation area's queries: each takes an executor and plain values, and gives rows or
//! plain values back.

use sqlx::{Any, Executor};

/// An innovation's row: id, code, name, description, kind, dimension, area, practice model,
/// radical, financing, origin place, origin kommunenummer, origin country, origin year,
/// source, husk note.
pub(crate) type InnovationRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
    String,
    String,
);

const INNOVATION_COLUMNS: &str = "id, code, name, description, kind, dimension, area,
    practice_model, radical, financing, origin_place, origin_kommunenummer, origin_country,
    origin_year, source, husk_note FROM innovations";

/// Every innovation, by name.
pub(crate) async fn innovations<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<InnovationRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {INNOVATION_COLUMNS} ORDER BY name, id"))
        .fetch_all(ex)
        .await
}

/// One innovation by its code.
pub(crate) async fn innovation<'e>(
    ex: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<Option<InnovationRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {INNOVATION_COLUMNS} WHERE code = $1"))
        .bind(code)
        .fetch_optional(ex)
        .await
}

/// An adoption's row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AdoptionRow {
    pub id: i64,
    pub innovation_id: i64,
    pub adopter: String,
    pub adopter_kind: String,
    pub kommunenummer: Option<String>,
    pub organisation_id: Option<i64>,
    pub from_actor: Option<String>,
    pub spread: String,
    pub channel: String,
    pub phase: String,
    pub adopted_year: Option<i64>,
    pub year_at_latest: i64,
    pub result: String,
    pub evidence: String,
    pub confirmed: i64,
    pub source: String,
    pub husk_note: String,
}

/// The adoptions of every innovation, or of one (`Some(id)`), by year (undated last) and
/// adopter.
pub(crate) async fn adoptions<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: Option<i64>,
) -> Result<Vec<AdoptionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, innovation_id, adopter, adopter_kind, kommunenummer, organisation_id,
                from_actor, spread, channel, phase, adopted_year, year_at_latest, result,
                evidence, confirmed, source, husk_note
         FROM innovation_adoptions WHERE $1 IS NULL OR innovation_id = $1
         ORDER BY innovation_id, CASE WHEN adopted_year IS NULL THEN 1 ELSE 0 END,
                  adopted_year, adopter",
    )
    .bind(innovation)
    .fetch_all(ex)
    .await
}

/// A link's row: innovation, kind, target, the target's title (register entries and arenas;
/// a document's title is left to its page, which decides who reads it), source.
/// A link's row: innovation id, kind, target, title (entries, arenas and grants), the
/// entry a grant belongs to, source.
pub(crate) type LinkRow = (i64, String, String, Option<String>, Option<String>, String);

/// The register entries, documents, arenas and grants that carry every innovation, or one.
pub(crate) async fn links<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: Option<i64>,
) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.innovation_id, l.kind, l.target,
                CASE l.kind
                  WHEN 'prosjekt' THEN (SELECT p.title FROM projects p WHERE p.id = l.target)
                  WHEN 'arena' THEN (SELECT a.title FROM learning_arenas a
                                     WHERE CAST(a.id AS TEXT) = l.target)
                  WHEN 'tilskudd' THEN (SELECT p.title || ', tilskuddet for ' || CAST(g.year AS TEXT)
                                        FROM grants g JOIN projects p ON p.id = g.project_id
                                        WHERE CAST(g.id AS TEXT) = l.target)
                  ELSE NULL END,
                CASE l.kind
                  WHEN 'tilskudd' THEN (SELECT g.project_id FROM grants g
                                        WHERE CAST(g.id AS TEXT) = l.target)
                  ELSE NULL END,
                l.source
         FROM innovation_links l WHERE $1 IS NULL OR l.innovation_id = $1
         ORDER BY l.innovation_id, l.kind, l.target",
    )
    .bind(innovation)
    .fetch_all(ex)
    .await
}

/// Whether what a link points at exists: a register entry by id, a document, an arena or a
/// grant by number.
pub(crate) async fn link_target_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    kind: &str,
    target: &str,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "prosjekt" => "SELECT COUNT(*) FROM projects WHERE id = $1",
        "dokument" => "SELECT COUNT(*) FROM documents WHERE CAST(id AS TEXT) = $1",
        "arena" => "SELECT COUNT(*) FROM learning_arenas WHERE CAST(id AS TEXT) = $1",
        "tilskudd" => "SELECT COUNT(*) FROM grants WHERE CAST(id AS TEXT) = $1",
        _ => return Ok(false),
    };
    let n: i64 = sqlx::query_scalar(sql).bind(target).fetch_one(ex).await?;
    Ok(n > 0)
}

pub(crate) async fn delete_link<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: i64,
    kind: &str,
    target: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM innovation_links WHERE innovation_id = $1 AND kind = $2 AND target = $3",
    )
    .bind(innovation)
    .bind(kind)
    .bind(target)
    .execute(ex)
    .await
    .map(|r| r.rows_affected())
}

/// Changes an innovation's own facts (not its code, source or note).
pub(crate) async fn update_innovation<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &InnovationColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE innovations SET name = $1, description = $2, kind = $3, dimension = $4,
             area = $5, practice_model = $6, radical = $7, financing = $8, origin_place = $9,
             origin_kommunenummer = $10, origin_country = $11, origin_year = $12,
             updated_by = $13, updated_at = $14
         WHERE id = $15",
    )
    .bind(c.name)
    .bind(c.description)
    .bind(c.kind)
    .bind(c.dimension)
    .bind(c.area)
    .bind(c.practice_model)
    .bind(c.radical)
    .bind(c.financing)
    .bind(c.origin_place)
    .bind(c.origin_kommunenummer)
    .bind(c.origin_country)
    .bind(c.origin_year)
    .bind(c.updated_by)
    .bind(c.now)
    .bind(id)
    .execute(ex)
    .await
    .map(|_| ())
}

/// (adoption, source) pairs an adviser turned down, for one innovation.
pub(crate) async fn rejected_sources<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.adoption_id, r.from_actor FROM innovation_rejected_sources r
         JOIN innovation_adoptions a ON a.id = r.adoption_id
         WHERE a.innovation_id = $1 ORDER BY r.adoption_id, r.from_actor",
    )
    .bind(innovation)
    .fetch_all(ex)
    .await
}

/// Network memberships of municipalities and organisations: network name, start date,
/// member name, kommunenummer.
pub(crate) async fn network_members<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, Option<String>, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.name, n.start_date, m.name, m.kommunenummer
         FROM learning_network_members m JOIN learning_networks n ON n.id = m.network_id
         WHERE m.kind IN ('kommune', 'organisasjon')
         ORDER BY n.name, m.name",
    )
    .fetch_all(ex)
    .await
}

/// Programme participants: programme title, the programme's first year, municipality,
/// kommunenummer.
pub(crate) async fn programme_participants<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, Option<i64>, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.title, p.start_year, pp.municipality, pp.kommunenummer
         FROM programme_participants pp JOIN projects p ON p.id = pp.programme_id
         ORDER BY p.title, pp.sort",
    )
    .fetch_all(ex)
    .await
}

/// Arena participants: arena title, start date, the participating organisation as written.
pub(crate) async fn arena_participants<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.title, a.starts_on, p.organisation
         FROM learning_arena_participants p JOIN learning_arenas a ON a.id = p.arena_id
         ORDER BY a.starts_on, a.title, p.sort",
    )
    .fetch_all(ex)
    .await
}

/// The innovation's columns as written.
pub(crate) struct InnovationColumns<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub dimension: &'a str,
    pub area: &'a str,
    pub practice_model: Option<&'a str>,
    pub radical: Option<i64>,
    pub financing: &'a str,
    pub origin_place: &'a str,
    pub origin_kommunenummer: Option<&'a str>,
    pub origin_country: &'a str,
    pub origin_year: Option<i64>,
    pub source: &'a str,
    pub husk_note: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_innovation<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &InnovationColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO innovations (code, name, description, kind, dimension, area, practice_model,
             radical, financing, origin_place, origin_kommunenummer, origin_country, origin_year,
             source, husk_note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
    )
    .bind(c.code)
    .bind(c.name)
    .bind(c.description)
    .bind(c.kind)
    .bind(c.dimension)
    .bind(c.area)
    .bind(c.practice_model)
    .bind(c.radical)
    .bind(c.financing)
    .bind(c.origin_place)
    .bind(c.origin_kommunenummer)
    .bind(c.origin_country)
    .bind(c.origin_year)
    .bind(c.source)
    .bind(c.husk_note)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Whether an innovation with this code or name exists: its id.
pub(crate) async fn innovation_named<'e>(
    ex: impl Executor<'e, Database = Any>,
    code: &str,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM innovations WHERE code = $1 OR LOWER(name) = LOWER($2)")
        .bind(code)
        .bind(name)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn insert_link<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: i64,
    kind: &str,
    target: &str,
    source: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO innovation_links (innovation_id, kind, target, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(innovation)
    .bind(kind)
    .bind(target)
    .bind(source)
    .execute(ex)
    .await
    .map(|_| ())
}

/// The adoption's columns as written.
pub(crate) struct AdoptionColumns<'a> {
    pub adopter: &'a str,
    pub adopter_kind: &'a str,
    pub kommunenummer: Option<&'a str>,
    pub from: Option<&'a str>,
    pub spread: &'a str,
    pub channel: &'a str,
    pub phase: &'a str,
    pub year: Option<i64>,
    pub year_at_latest: bool,
    pub result: &'a str,
    pub evidence: &'a str,
    pub confirmed: bool,
    pub source: &'a str,
    pub husk_note: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

/// Adds an adoption, linked to the register's organisation that is the municipality itself (by
/// kommunenummer, or named «X kommune») where there is one.
pub(crate) async fn insert_adoption<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: i64,
    c: &AdoptionColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO innovation_adoptions (innovation_id, adopter, adopter_kind, kommunenummer,
             organisation_id, from_actor, spread, channel, phase, adopted_year, year_at_latest,
             result, evidence, confirmed, source, husk_note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4,
             (SELECT MIN(o.id) FROM organisations o
              WHERE $3 = 'kommune' AND o.recipient_type IN ('programkommune', 'annen-kommune')
                AND (o.kommunenummer = $4 OR LOWER(o.name) = LOWER($2) || ' kommune')),
             $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
    )
    .bind(innovation)
    .bind(c.adopter)
    .bind(c.adopter_kind)
    .bind(c.kommunenummer)
    .bind(c.from)
    .bind(c.spread)
    .bind(c.channel)
    .bind(c.phase)
    .bind(c.year)
    .bind(i64::from(c.year_at_latest))
    .bind(c.result)
    .bind(c.evidence)
    .bind(i64::from(c.confirmed))
    .bind(c.source)
    .bind(c.husk_note)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Changes an adoption's facts (not who adopted, nor its demo source); `false` when there is
/// none.
pub(crate) async fn update_adoption<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &AdoptionColumns<'_>,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE innovation_adoptions SET adopter_kind = $2, kommunenummer = $3, from_actor = $4,
             spread = $5, channel = $6, phase = $7, adopted_year = $8, year_at_latest = $9,
             result = $10, evidence = $11, confirmed = $12, updated_by = $13, updated_at = $14
         WHERE id = $1",
    )
    .bind(id)
    .bind(c.adopter_kind)
    .bind(c.kommunenummer)
    .bind(c.from)
    .bind(c.spread)
    .bind(c.channel)
    .bind(c.phase)
    .bind(c.year)
    .bind(i64::from(c.year_at_latest))
    .bind(c.result)
    .bind(c.evidence)
    .bind(i64::from(c.confirmed))
    .bind(c.updated_by)
    .bind(c.now)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() > 0)
}

/// Records that an adviser turned a suggested source down.
pub(crate) async fn reject_source<'e>(
    ex: impl Executor<'e, Database = Any>,
    adoption: i64,
    from: &str,
    by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO innovation_rejected_sources (adoption_id, from_actor, rejected_by, rejected_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(adoption)
    .bind(from)
    .bind(by)
    .bind(now)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Where the reports disagree: innovation id, about, first says, its source, second says, its
/// source, Husk's note.
pub(crate) type DisagreementRow = (i64, String, String, String, String, String, String);

pub(crate) async fn disagreements<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: Option<i64>,
) -> Result<Vec<DisagreementRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT innovation_id, about, first_says, first_source, second_says, second_source,
                husk_note
         FROM innovation_disagreements WHERE $1 IS NULL OR innovation_id = $1 ORDER BY id",
    )
    .bind(innovation)
    .fetch_all(ex)
    .await
}

pub(crate) async fn insert_disagreement<'e>(
    ex: impl Executor<'e, Database = Any>,
    innovation: i64,
    d: [&str; 6],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO innovation_disagreements (innovation_id, about, first_says, first_source,
             second_says, second_source, husk_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(innovation)
    .bind(d[0])
    .bind(d[1])
    .bind(d[2])
    .bind(d[3])
    .bind(d[4])
    .bind(d[5])
    .execute(ex)
    .await
    .map(|_| ())
}

/// Who wrote a row and what the demo says of it: (source, Husk's note, user, now).
pub(crate) struct Written<'a> {
    pub source: &'a str,
    pub husk_note: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

impl<'a> Written<'a> {
    /// What a user wrote: no report as its source and nothing Husk added.
    pub(crate) fn by_user(updated_by: Option<i64>, now: &'a str) -> Self {
        Written {
            source: "",
            husk_note: "",
            updated_by,
            now,
        }
    }
}

impl<'a> InnovationColumns<'a> {
    /// The columns of a checked innovation.
    pub(crate) fn of(n: &'a husk_domain::innovation::Innovation, w: Written<'a>) -> Self {
        InnovationColumns {
            code: &n.code,
            name: &n.name,
            description: &n.description,
            kind: n.classification.kind.code(),
            dimension: n.classification.dimension.code(),
            area: n.classification.area.code(),
            practice_model: n.practice_model.map(|m| m.code()),
            radical: n.radical.map(i64::from),
            financing: &n.financing,
            origin_place: &n.origin.place,
            origin_kommunenummer: n.origin.kommunenummer.as_ref().map(|k| k.as_str()),
            origin_country: &n.origin.country,
            origin_year: n.origin.year.map(i64::from),
            source: w.source,
            husk_note: w.husk_note,
            updated_by: w.updated_by,
            now: w.now,
        }
    }
}

impl<'a> AdoptionColumns<'a> {
    /// The columns of a checked adoption.
    pub(crate) fn of(a: &'a husk_domain::innovation::adoptions::Adoption, w: Written<'a>) -> Self {
        AdoptionColumns {
            adopter: &a.adopter,
            adopter_kind: a.adopter_kind.code(),
            kommunenummer: a.kommunenummer.as_ref().map(|k| k.as_str()),
            from: a.from.as_deref(),
            spread: a.spread.code(),
            channel: a.channel.code(),
            phase: a.phase.code(),
            year: a.year.map(|y| i64::from(y.year)),
            year_at_latest: a.year.is_some_and(|y| y.at_latest),
            result: &a.result,
            evidence: &a.evidence,
            confirmed: a.confirmed,
            source: w.source,
            husk_note: w.husk_note,
            updated_by: w.updated_by,
            now: w.now,
        }
    }
}
