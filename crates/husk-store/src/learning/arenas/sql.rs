//! The learning arenas' queries: each takes an executor and plain values, and gives rows or
//! plain values back.

use sqlx::{Any, Executor};

/// An arena's row, with the names of its office, programme and network.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ArenaRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub date_precision: String,
    pub place: String,
    pub organiser: String,
    pub office: String,
    pub office_name: Option<String>,
    pub programme_id: Option<String>,
    pub programme_title: Option<String>,
    pub network_id: Option<i64>,
    pub network_name: Option<String>,
    pub description: String,
    pub source: String,
}

const SELECT: &str = "SELECT a.id, a.title, a.kind, a.starts_on, a.ends_on, a.date_precision,
        a.place, a.organiser, a.office, r.name_nb AS office_name, a.programme_id,
        p.title AS programme_title, a.network_id, n.name AS network_name, a.description, a.source
    FROM learning_arenas a
    LEFT JOIN regions r ON r.code = a.office
    LEFT JOIN projects p ON p.id = a.programme_id
    LEFT JOIN learning_networks n ON n.id = a.network_id";

/// Every arena, by start date.
pub(crate) async fn arenas<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ArenaRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY a.starts_on, a.id"))
        .fetch_all(ex)
        .await
}

pub(crate) async fn arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ArenaRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (arena, theme code) of every arena.
pub(crate) async fn themes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.arena_id, t.theme_code FROM learning_arena_themes t
         JOIN knowledge_themes k ON k.code = t.theme_code ORDER BY t.arena_id, k.sort",
    )
    .fetch_all(ex)
    .await
}

/// An arena's agenda: (time, title, who).
pub(crate) async fn agenda<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT start_time, title, who FROM learning_arena_agenda WHERE arena_id = $1
         ORDER BY sort, id",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

/// An arena's participants: (organisation, count).
pub(crate) async fn participants<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT organisation, head_count FROM learning_arena_participants WHERE arena_id = $1
         ORDER BY sort, id",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

/// An arena's materials: (document id, title, file name, public, region).
pub(crate) async fn materials<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.title, d.file_name FROM learning_arena_materials m
         JOIN documents d ON d.id = m.document_id WHERE m.arena_id = $1
         ORDER BY m.added_at, d.id",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

/// (programme, organisation) of every programme participant's register entries (its own
/// and those linked to the participation).
pub(crate) async fn programme_organisations<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT pp.programme_id, p.organisation_id FROM programme_participants pp
           JOIN projects p ON p.id = pp.entry_id WHERE p.organisation_id IS NOT NULL
         UNION
         SELECT pp.programme_id, p.organisation_id FROM programme_participants pp
           JOIN programme_participant_links l ON l.participant_id = pp.id
           JOIN projects p ON p.id = l.project_id WHERE p.organisation_id IS NOT NULL",
    )
    .fetch_all(ex)
    .await
}

pub(crate) async fn programme_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programmes WHERE project_id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

pub(crate) async fn network_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM learning_networks WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// (id, title) of every programme, by title.
pub(crate) async fn programme_choices<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.project_id, p.title FROM programmes g JOIN projects p ON p.id = g.project_id
         ORDER BY p.title",
    )
    .fetch_all(ex)
    .await
}

/// (id, name) of every network, by name.
pub(crate) async fn network_choices<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM learning_networks ORDER BY name")
        .fetch_all(ex)
        .await
}

/// The columns an arena is written with.
pub(crate) struct ArenaColumns<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub starts_on: &'a str,
    pub ends_on: Option<&'a str>,
    pub precision: &'a str,
    pub place: &'a str,
    pub organiser: &'a str,
    pub office: &'a str,
    pub programme_id: Option<&'a str>,
    pub network_id: Option<i64>,
    pub description: &'a str,
    pub source: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &ArenaColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_arenas (title, kind, starts_on, ends_on, date_precision, place,
            organiser, office, programme_id, network_id, description, source, updated_by,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(c.title)
    .bind(c.kind)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.precision)
    .bind(c.place)
    .bind(c.organiser)
    .bind(c.office)
    .bind(c.programme_id)
    .bind(c.network_id)
    .bind(c.description)
    .bind(c.source)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Changes an arena (its source stays); the number of rows changed.
pub(crate) async fn update_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &ArenaColumns<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE learning_arenas SET title = $1, kind = $2, starts_on = $3, ends_on = $4,
            date_precision = $5, place = $6, organiser = $7, office = $8, programme_id = $9,
            network_id = $10, description = $11, updated_by = $12, updated_at = $13
         WHERE id = $14",
    )
    .bind(c.title)
    .bind(c.kind)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.precision)
    .bind(c.place)
    .bind(c.organiser)
    .bind(c.office)
    .bind(c.programme_id)
    .bind(c.network_id)
    .bind(c.description)
    .bind(c.updated_by)
    .bind(c.now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

pub(crate) async fn touch_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    by: Option<i64>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE learning_arenas SET updated_by = $1, updated_at = $2 WHERE id = $3")
            .bind(by)
            .bind(now)
            .bind(id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub(crate) async fn delete_themes<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM learning_arena_themes WHERE arena_id = $1")
        .bind(arena)
        .execute(ex)
        .await
        .map(|_| ())
}

pub(crate) async fn insert_theme<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    code: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO learning_arena_themes (arena_id, theme_code) VALUES ($1, $2)")
        .bind(arena)
        .bind(code)
        .execute(ex)
        .await
        .map(|_| ())
}

pub(crate) async fn delete_agenda<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM learning_arena_agenda WHERE arena_id = $1")
        .bind(arena)
        .execute(ex)
        .await
        .map(|_| ())
}

pub(crate) async fn insert_agenda_item<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    sort: i64,
    (time, title, who): (&str, &str, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_arena_agenda (arena_id, sort, start_time, title, who)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(arena)
    .bind(sort)
    .bind(time)
    .bind(title)
    .bind(who)
    .execute(ex)
    .await
    .map(|_| ())
}

pub(crate) async fn delete_participants<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM learning_arena_participants WHERE arena_id = $1")
        .bind(arena)
        .execute(ex)
        .await
        .map(|_| ())
}

pub(crate) async fn insert_participant<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    sort: i64,
    organisation: &str,
    count: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_arena_participants (arena_id, sort, organisation, head_count)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(arena)
    .bind(sort)
    .bind(organisation)
    .bind(count)
    .execute(ex)
    .await
    .map(|_| ())
}

pub(crate) async fn insert_material<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    document: i64,
    by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_arena_materials (arena_id, document_id, added_by, added_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (arena_id, document_id) DO NOTHING",
    )
    .bind(arena)
    .bind(document)
    .bind(by)
    .bind(now)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Whether an arena with this title and source is there already (the demo's key).
pub(crate) async fn demo_arena_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    title: &str,
    source: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM learning_arenas WHERE title = $1 AND source = $2")
            .bind(title)
            .bind(source)
            .fetch_one(ex)
            .await?;
    Ok(n > 0)
}

/// Sets a user's calendar feed token (its hash), replacing any earlier one.
pub(crate) async fn set_feed_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: i64,
    hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_arena_feed_tokens (user_id, token_hash, created_at)
         VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,
            created_at = excluded.created_at",
    )
    .bind(user)
    .bind(hash)
    .bind(now)
    .execute(ex)
    .await
    .map(|_| ())
}

/// The user whose feed token has this hash.
pub(crate) async fn feed_token_user<'e>(
    ex: impl Executor<'e, Database = Any>,
    hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM learning_arena_feed_tokens WHERE token_hash = $1")
        .bind(hash)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn delete_material<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
    document: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query(
            "DELETE FROM learning_arena_materials WHERE arena_id = $1 AND document_id = $2",
        )
        .bind(arena)
        .bind(document)
        .execute(ex)
        .await?
        .rows_affected(),
    )
}
