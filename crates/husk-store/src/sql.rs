//! The store's own queries, shared by every area: the schema version, the `meta` settings
//! (`demo_loaded`, `reporting_from`) and the code lists the migrations load.

use sqlx::{Any, Executor};

/// The schema version of the database.
pub(crate) async fn schema_version<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        .fetch_one(ex)
        .await
}

/// A setting, if it is set.
pub(crate) async fn meta<'e>(
    ex: impl Executor<'e, Database = Any>,
    key: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(key)
        .fetch_optional(ex)
        .await
}

/// Sets a setting, replacing its value.
pub(crate) async fn set_meta<'e>(
    ex: impl Executor<'e, Database = Any>,
    key: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(ex)
        .await?;
    Ok(())
}

/// Sets a setting unless it is set already.
pub(crate) async fn set_meta_once<'e>(
    ex: impl Executor<'e, Database = Any>,
    key: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(value)
        .execute(ex)
        .await?;
    Ok(())
}

/// (code, name, office) of the regions, in order.
pub(crate) async fn regions<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT code, name_nb, office FROM regions ORDER BY sort")
        .fetch_all(ex)
        .await
}

/// (code, name, English name, summary) of the recipient types, in order.
pub(crate) async fn recipient_types<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT code, name_nb, name_en, summary_nb FROM recipient_types ORDER BY sort")
        .fetch_all(ex)
        .await
}

/// A theme's row: code, kind, group code, group name, name, English name, summary.
pub(crate) type ThemeRow = (String, String, String, String, String, String, String);

/// The knowledge themes, in order.
pub(crate) async fn themes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ThemeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, kind, group_code, group_nb, name_nb, name_en, summary_nb FROM knowledge_themes ORDER BY sort",
    )
    .fetch_all(ex)
    .await
}

/// (code, name, English name) of the target groups, in order.
pub(crate) async fn target_groups<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT code, name_nb, name_en FROM target_groups ORDER BY sort")
        .fetch_all(ex)
        .await
}

/// (code, name, English name, summary) of the learning tool categories, in order.
pub(crate) async fn learning_tools<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, name_nb, name_en, summary_nb FROM learning_tool_categories ORDER BY sort",
    )
    .fetch_all(ex)
    .await
}
