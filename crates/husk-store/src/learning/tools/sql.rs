//! The toolbox's queries: each takes an executor and plain values, and gives rows or plain
//! values back.

use sqlx::{Any, Executor};

/// A tool's row: id, guide (JSON), version, updated at.
pub(crate) type ToolRow = (i64, String, i64, String);

/// Every tool, by name.
pub(crate) async fn tools<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ToolRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, guide, version, updated_at FROM learning_tools ORDER BY name, id")
        .fetch_all(ex)
        .await
}

pub(crate) async fn tool<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ToolRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, guide, version, updated_at FROM learning_tools WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The id of the tool with this name (compared without case), if any.
pub(crate) async fn tool_named<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM learning_tools WHERE LOWER(name) = LOWER($1)")
        .bind(name)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn count_tools<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM learning_tools")
        .fetch_one(ex)
        .await
}

/// What a tool's row holds besides its id.
pub(crate) struct ToolColumns<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub public: bool,
    pub guide: &'a str,
    pub updated_by: Option<i64>,
    pub now: &'a str,
}

pub(crate) async fn insert_tool<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &ToolColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO learning_tools (name, category, public, guide, version, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id",
    )
    .bind(c.name)
    .bind(c.category)
    .bind(i64::from(c.public))
    .bind(c.guide)
    .bind(c.updated_by)
    .bind(c.now)
    .fetch_one(ex)
    .await
}

/// Writes the tool's new state and gives its new version number (`None`: no such tool).
pub(crate) async fn update_tool<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    c: &ToolColumns<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE learning_tools SET name = $1, category = $2, public = $3, guide = $4,
             version = version + 1, updated_by = $5, updated_at = $6
         WHERE id = $7 RETURNING version",
    )
    .bind(c.name)
    .bind(c.category)
    .bind(i64::from(c.public))
    .bind(c.guide)
    .bind(c.updated_by)
    .bind(c.now)
    .bind(id)
    .fetch_optional(ex)
    .await
}

pub(crate) async fn insert_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    tool: i64,
    version: i64,
    c: &ToolColumns<'_>,
    changed_by_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_tool_versions (tool_id, version, guide, changed_by, changed_by_name, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tool)
    .bind(version)
    .bind(c.guide)
    .bind(c.updated_by)
    .bind(changed_by_name)
    .bind(c.now)
    .execute(ex)
    .await?;
    Ok(())
}

/// (version, guide, changed by, changed at) of a tool's versions, oldest first.
pub(crate) async fn versions<'e>(
    ex: impl Executor<'e, Database = Any>,
    tool: i64,
) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, guide, changed_by_name, changed_at FROM learning_tool_versions
         WHERE tool_id = $1 ORDER BY version",
    )
    .bind(tool)
    .fetch_all(ex)
    .await
}

pub(crate) async fn insert_usage<'e>(
    ex: impl Executor<'e, Database = Any>,
    tool: i64,
    office: &str,
    direction: &str,
    source: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_tool_usage (tool_id, office, direction, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tool_id, office, direction) DO NOTHING",
    )
    .bind(tool)
    .bind(office)
    .bind(direction)
    .bind(source)
    .execute(ex)
    .await?;
    Ok(())
}

/// (tool, office, direction) of every usage fact.
pub(crate) async fn usage<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT tool_id, office, direction FROM learning_tool_usage ORDER BY tool_id, office",
    )
    .fetch_all(ex)
    .await
}

/// (tool, office) for every tool used at a learning arena, by the arena's office.
pub(crate) async fn arena_usage<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT t.tool_id, a.office FROM learning_tool_arenas t
         JOIN learning_arenas a ON a.id = t.arena_id ORDER BY t.tool_id, a.office",
    )
    .fetch_all(ex)
    .await
}

/// Links a tool to an arena where it was used (again: nothing happens).
pub(crate) async fn link_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    tool: i64,
    arena: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO learning_tool_arenas (tool_id, arena_id) VALUES ($1, $2)
         ON CONFLICT (tool_id, arena_id) DO NOTHING",
    )
    .bind(tool)
    .bind(arena)
    .execute(ex)
    .await?;
    Ok(())
}

/// Whether a register entry exists.
pub(crate) async fn project_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// Whether a document exists.
pub(crate) async fn document_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM documents WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// Whether a learning arena exists.
pub(crate) async fn arena_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM learning_arenas WHERE id = $1")
            .bind(id)
            .fetch_one(ex)
            .await?;
    Ok(n > 0)
}

/// (id, name) of the tools used at `arena`, by name.
pub(crate) async fn tools_at_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    arena: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name FROM learning_tool_arenas a JOIN learning_tools t ON t.id = a.tool_id \
         WHERE a.arena_id = $1 ORDER BY t.name",
    )
    .bind(arena)
    .fetch_all(ex)
    .await
}

/// (id, name) of every tool, by name.
pub(crate) async fn tool_names<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM learning_tools ORDER BY name")
        .fetch_all(ex)
        .await
}

pub(crate) async fn unlink_arena<'e>(
    ex: impl Executor<'e, Database = Any>,
    tool: i64,
    arena: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM learning_tool_arenas WHERE tool_id = $1 AND arena_id = $2")
            .bind(tool)
            .bind(arena)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// (tool, arena, answers JSON) of every answer to the evaluation of an arena where a tool was
/// used, in one statement (an answer comes once per tool used at its arena).
pub(crate) async fn tool_arena_answers<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.tool_id, t.arena_id, a.answers FROM learning_tool_arenas t
         JOIN evaluation_answers a ON a.arena_id = t.arena_id
         ORDER BY t.tool_id, t.arena_id, a.id",
    )
    .fetch_all(ex)
    .await
}
