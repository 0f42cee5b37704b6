//! Versioned migrations. Each migration runs once, in order, in its own transaction, and is
//! recorded in `schema_migrations`. A migration is either SQL or a step in Rust (the taxonomy
//! load, which reads the code lists compiled into the domain crate).
//!
//! Both backends share the list and its version numbers, so a schema version means the same
//! tables on either. Where the SQL differs (types, triggers), a step has one text per backend:
//! SQLite's in `migrations/`, PostgreSQL's in `migrations/postgres/`.

use crate::{Backend, StoreError};
use husk_domain::Taxonomy;
use sqlx::{Any, AnyPool, Transaction};

/// SQL per backend.
#[derive(Clone)]
struct Sql {
    sqlite: &'static str,
    postgres: &'static str,
}

impl Sql {
    fn for_backend(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }
}

/// The same SQL on both backends.
const fn both(sql: &'static str) -> Sql {
    Sql {
        sqlite: sql,
        postgres: sql,
    }
}

/// A migration file of each backend.
macro_rules! files {
    ($name:literal) => {
        Sql {
            sqlite: include_str!(concat!("../migrations/", $name)),
            postgres: include_str!(concat!("../migrations/postgres/", $name)),
        }
    };
}

#[derive(Clone)]
enum Step {
    Sql(Sql),
    LoadTaxonomy,
    /// Stores version 1 of the built-in reporting template as version 1 of the template in use.
    LoadDefaultTemplate,
    /// Adds the built-in reporting template's newest version as a new version of the default
    /// template (`felles`), after whatever versions it has: versions in use stay as they are,
    /// reports keep the version they were started on, and new reports get this one.
    AddDefaultTemplateVersion,
    /// SQL that adds tables, then the audit triggers again so the new tables are audited.
    SqlAudited(Sql),
    /// (Re)creates the audit triggers on every table; run again by any migration adding tables.
    AuditTriggers,
    /// Brings the regions' names and offices up to the built-in taxonomy (codes stay).
    RefreshRegionNames,
    /// Lets `documents.doc_type` take the document types added since the table was made.
    WidenDocumentTypes,
}

struct Migration {
    version: i64,
    name: &'static str,
    step: Step,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "portfolio",
        step: Step::Sql(files!("0001_portfolio.sql")),
    },
    Migration {
        version: 2,
        name: "taxonomy",
        step: Step::LoadTaxonomy,
    },
    Migration {
        version: 3,
        name: "documents",
        step: Step::Sql(files!("0003_documents.sql")),
    },
    Migration {
        version: 4,
        name: "users_reporting",
        step: Step::Sql(files!("0004_users_reporting.sql")),
    },
    Migration {
        version: 5,
        name: "default_template",
        step: Step::LoadDefaultTemplate,
    },
    Migration {
        version: 6,
        name: "audit_triggers",
        step: Step::AuditTriggers,
    },
    Migration {
        version: 7,
        name: "login_known_addresses",
        step: Step::Sql(files!("0007_login_known_addresses.sql")),
    },
    Migration {
        version: 8,
        name: "index_changes",
        step: Step::Sql(files!("0008_index_changes.sql")),
    },
    Migration {
        version: 9,
        name: "register_indexes",
        // The project page lists links made to an entry as well as from it; the register's
        // version is the newest audit entry of its tables.
        step: Step::Sql(both(
            "CREATE INDEX IF NOT EXISTS project_links_related ON project_links (related_id);
             CREATE INDEX IF NOT EXISTS audit_log_table_id ON audit_log (table_name, id);",
        )),
    },
    Migration {
        version: 10,
        name: "audit_draft_changes",
        // A draft's change is logged answer by answer (see audit::DIFFED_COLUMNS).
        step: Step::AuditTriggers,
    },
    Migration {
        version: 11,
        name: "dialogue_meetings",
        step: Step::SqlAudited(files!("0011_dialogue_meetings.sql")),
    },
    Migration {
        version: 12,
        name: "default_template_v2",
        step: Step::AddDefaultTemplateVersion,
    },
    Migration {
        version: 13,
        name: "source_notes",
        step: Step::SqlAudited(files!("0013_source_notes.sql")),
    },
    Migration {
        version: 14,
        name: "region_names",
        // «Nasjonal pott» is a budget pot, not an office: no office city, no office in its name.
        step: Step::RefreshRegionNames,
    },
    Migration {
        version: 15,
        name: "document_type_masteroppgave",
        step: Step::WidenDocumentTypes,
    },
    Migration {
        version: 16,
        name: "programmes",
        step: Step::SqlAudited(files!("0016_programmes.sql")),
    },
    Migration {
        version: 17,
        name: "indicator_values",
        step: Step::SqlAudited(files!("0017_indicator_values.sql")),
    },
    Migration {
        version: 18,
        name: "programme_plans",
        step: Step::SqlAudited(files!("0018_programme_plans.sql")),
    },
    Migration {
        version: 19,
        name: "meetings_agreements",
        step: Step::SqlAudited(files!("0019_meetings_agreements.sql")),
    },
    Migration {
        version: 20,
        name: "comparison_groups",
        step: Step::SqlAudited(files!("0020_comparison_groups.sql")),
    },
    Migration {
        version: 21,
        name: "learning",
        step: Step::SqlAudited(files!("0021_learning.sql")),
    },
    Migration {
        version: 22,
        name: "measure_entries",
        step: Step::SqlAudited(files!("0022_measure_entries.sql")),
    },
    Migration {
        version: 23,
        name: "programme_editing",
        step: Step::SqlAudited(files!("0023_programme_editing.sql")),
    },
    Migration {
        version: 24,
        name: "learning_tools",
        step: Step::SqlAudited(files!("0024_learning_tools.sql")),
    },
    Migration {
        version: 25,
        name: "learning_networks",
        step: Step::SqlAudited(files!("0025_learning_networks.sql")),
    },
    Migration {
        version: 26,
        name: "learning_arenas",
        step: Step::SqlAudited(files!("0026_learning_arenas.sql")),
    },
    Migration {
        version: 27,
        name: "arena_evaluations",
        step: Step::SqlAudited(files!("0027_arena_evaluations.sql")),
    },
    Migration {
        version: 28,
        name: "goal_indicators",
        step: Step::SqlAudited(files!("0028_goal_indicators.sql")),
    },
    Migration {
        version: 29,
        name: "leases",
        step: Step::Sql(files!("0029_leases.sql")),
    },
    Migration {
        version: 30,
        name: "servers",
        step: Step::Sql(files!("0030_servers.sql")),
    },
    Migration {
        version: 31,
        name: "innovation",
        step: Step::SqlAudited(files!("0031_innovation.sql")),
    },
    Migration {
        version: 32,
        name: "good_examples_disagreements",
        step: Step::SqlAudited(files!("0032_good_examples_disagreements.sql")),
    },
    Migration {
        version: 33,
        name: "open_data",
        step: Step::SqlAudited(files!("0033_open_data.sql")),
    },
];

/// The migrations that would break a server of an earlier version still running on the same
/// database: one that drops or renames a table or column such a server reads or writes, adds a
/// column it must fill (NOT NULL without a default), or changes what stored values mean. A new
/// version whose migrations only add (tables, columns with defaults, indexes, rows) can be
/// started beside the old one in a rolling restart; one with a migration listed here is refused
/// while an older server runs (see [`migrate`]). None so far: every migration up to now adds.
const BREAKING: &[i64] = &[];

/// From this version on, `schema_migrations` records whether each migration was breaking, and
/// the running servers are in `servers`.
const SERVERS_VERSION: i64 = 30;

/// A server that has not said it is alive for this long counts as stopped (it refreshes its
/// row every [`crate::SERVER_HEARTBEAT`]).
pub const SERVER_SILENT_AFTER: std::time::Duration = std::time::Duration::from_secs(20);

/// A migration of a later version of Husk, for tests of what a rolling restart may meet.
#[derive(Debug, Clone, Copy)]
pub struct LaterMigration {
    pub version: i64,
    pub name: &'static str,
    /// The same SQL on both backends.
    pub sql: &'static str,
    pub breaking: bool,
}

/// One step of a run: a migration of this build, or a later one (tests).
struct Planned<'a> {
    version: i64,
    name: &'static str,
    step: std::borrow::Cow<'a, Step>,
    breaking: bool,
}

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// Brings the database up to the newest version. Refuses a database whose newer schema has a
/// migration that breaks this version, and a breaking migration while an older server runs.
pub async fn migrate(pool: &AnyPool, backend: Backend) -> Result<Vec<i64>, StoreError> {
    migrate_with(pool, backend, &[]).await
}

/// [`migrate`], and then `later` as a newer Husk would run them.
pub(crate) async fn migrate_with(
    pool: &AnyPool,
    backend: Backend,
    later: &[LaterMigration],
) -> Result<Vec<i64>, StoreError> {
    let mut plan: Vec<Planned<'_>> = MIGRATIONS
        .iter()
        .map(|m| Planned {
            version: m.version,
            name: m.name,
            step: std::borrow::Cow::Borrowed(&m.step),
            breaking: BREAKING.contains(&m.version),
        })
        .collect();
    plan.extend(later.iter().map(|m| Planned {
        version: m.version,
        name: m.name,
        step: std::borrow::Cow::Owned(Step::Sql(both(m.sql))),
        breaking: m.breaking,
    }));
    run(pool, backend, &plan).await
}

async fn run(
    pool: &AnyPool,
    backend: Backend,
    plan: &[Planned<'_>],
) -> Result<Vec<i64>, StoreError> {
    let known = plan.last().map(|m| m.version).unwrap_or(0);
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '')",
    )
    .execute(pool)
    .await?;
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
            .fetch_all(pool)
            .await?;
    let records_servers = applied.contains(&SERVERS_VERSION);
    if let Some(&newest) = applied.last() {
        if newest > known {
            // A newer Husk migrated this database (a rolling restart under way). This version
            // runs on it only if none of the newer migrations breaks it.
            let breaking: Vec<i64> = if records_servers {
                sqlx::query_scalar(
                    "SELECT version FROM schema_migrations WHERE version > $1 AND breaking = 1 ORDER BY version",
                )
                .bind(known)
                .fetch_all(pool)
                .await?
            } else {
                vec![newest]
            };
            if !breaking.is_empty() {
                return Err(StoreError::TooNew {
                    found: newest,
                    known,
                });
            }
            tracing::warn!(
                "databasen har skjemaversjon {newest}, nyere enn denne versjonen av Husk ({known}); \
                 endringene bryter ikke med denne versjonen"
            );
        }
    }
    let pending: Vec<&Planned<'_>> = plan
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .collect();
    if let Some(m) = pending.iter().find(|m| m.breaking) {
        if records_servers {
            let older = crate::servers::live_older_than(pool, m.version).await?;
            if !older.is_empty() {
                return Err(StoreError::BreakingWhileRunning {
                    version: m.version,
                    name: m.name,
                    servers: older,
                });
            }
        }
    }
    let mut ran = Vec::new();
    for m in pending {
        let mut tx = pool.begin().await?;
        if backend == Backend::Postgres {
            // Servers starting at once on one database take turns; the one that waited finds
            // the migration done and goes on.
            sqlx::query("SELECT pg_advisory_xact_lock(4857001)")
                .execute(&mut *tx)
                .await?;
            let done: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_one(&mut *tx)
                    .await?;
            if done > 0 {
                continue;
            }
        }
        let result = match m.step.as_ref() {
            Step::Sql(sql) => sqlx::raw_sql(sql.for_backend(backend))
                .execute(&mut *tx)
                .await
                .map(|_| ()),
            Step::LoadTaxonomy => load_taxonomy(&mut tx, &Taxonomy::builtin()).await,
            Step::LoadDefaultTemplate => load_default_template(&mut tx).await,
            Step::AddDefaultTemplateVersion => add_default_template_version(&mut tx).await,
            Step::SqlAudited(sql) => {
                match sqlx::raw_sql(sql.for_backend(backend))
                    .execute(&mut *tx)
                    .await
                {
                    Ok(_) => crate::audit::create_triggers(&mut tx, backend).await,
                    Err(e) => Err(e),
                }
            }
            Step::AuditTriggers => crate::audit::create_triggers(&mut tx, backend).await,
            Step::RefreshRegionNames => refresh_region_names(&mut tx, &Taxonomy::builtin()).await,
            Step::WidenDocumentTypes => match backend {
                Backend::Sqlite => widen_document_types(&mut tx).await,
                Backend::Postgres => widen_document_types_postgres(&mut tx).await,
            },
        };
        result.map_err(|source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        })?;
        if m.version >= SERVERS_VERSION {
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at, breaking) VALUES ($1, $2, $3, $4)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(crate::now_text())
            .bind(i64::from(m.breaking))
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(crate::now_text())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        ran.push(m.version);
    }
    Ok(ran)
}

async fn load_taxonomy(tx: &mut Transaction<'_, Any>, t: &Taxonomy) -> Result<(), sqlx::Error> {
    for (i, r) in t.regions.iter().enumerate() {
        sqlx::query("INSERT INTO regions (code, name_nb, office, sort) VALUES ($1, $2, $3, $4)")
            .bind(&r.code)
            .bind(&r.name_nb)
            .bind(&r.office)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    for (i, r) in t.recipient_types.iter().enumerate() {
        sqlx::query("INSERT INTO recipient_types (code, name_nb, name_en, summary_nb, sort) VALUES ($1, $2, $3, $4, $5)")
            .bind(&r.code).bind(&r.name_nb).bind(&r.name_en).bind(&r.summary_nb).bind(i as i64)
            .execute(&mut **tx).await?;
    }
    for (i, r) in t.themes.iter().enumerate() {
        sqlx::query("INSERT INTO knowledge_themes (code, kind, group_code, group_nb, name_nb, name_en, summary_nb, sort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(&r.code).bind(r.kind.as_str()).bind(&r.group_code).bind(&r.group_nb)
            .bind(&r.name_nb).bind(&r.name_en).bind(&r.summary_nb).bind(i as i64)
            .execute(&mut **tx).await?;
    }
    for (i, r) in t.target_groups.iter().enumerate() {
        sqlx::query(
            "INSERT INTO target_groups (code, name_nb, name_en, sort) VALUES ($1, $2, $3, $4)",
        )
        .bind(&r.code)
        .bind(&r.name_nb)
        .bind(&r.name_en)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (i, r) in t.learning_tools.iter().enumerate() {
        sqlx::query("INSERT INTO learning_tool_categories (code, name_nb, name_en, summary_nb, sort) VALUES ($1, $2, $3, $4, $5)")
            .bind(&r.code).bind(&r.name_nb).bind(&r.name_en).bind(&r.summary_nb).bind(i as i64)
            .execute(&mut **tx).await?;
    }
    Ok(())
}

async fn refresh_region_names(
    tx: &mut Transaction<'_, Any>,
    t: &Taxonomy,
) -> Result<(), sqlx::Error> {
    for r in &t.regions {
        sqlx::query(
            "UPDATE regions SET name_nb = $1, office = $2
             WHERE code = $3 AND (name_nb <> $1 OR office <> $2)",
        )
        .bind(&r.name_nb)
        .bind(&r.office)
        .bind(&r.code)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// SQLite cannot change a CHECK constraint in place, and rebuilding `documents` would cascade
/// to its passages. Widening the list of allowed values leaves every stored row valid and the
/// file's format unchanged, so the table's definition is edited as SQLite documents for such
/// changes (writable_schema, then a new schema version so every connection reloads it).
async fn widen_document_types(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    let sql: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'",
    )
    .fetch_one(&mut **tx)
    .await?;
    let wanted: Vec<&str> = husk_domain::DocumentType::ALL
        .iter()
        .map(|t| t.code())
        .collect();
    let Some(start) = sql.find("doc_type IN (") else {
        return Err(sqlx::Error::Protocol(
            "documents: the check of doc_type is not where it was expected".into(),
        ));
    };
    let list_start = start + "doc_type IN (".len();
    let Some(len) = sql[list_start..].find(')') else {
        return Err(sqlx::Error::Protocol(
            "documents: the list of doc_type values does not end".into(),
        ));
    };
    let list = wanted
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let new_sql = format!("{}{list}{}", &sql[..list_start], &sql[list_start + len..]);
    if new_sql == sql {
        return Ok(());
    }
    let version: i64 = sqlx::query_scalar("PRAGMA schema_version")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("PRAGMA writable_schema = ON")
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sqlite_master SET sql = $1 WHERE type = 'table' AND name = 'documents'")
        .bind(&new_sql)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!("PRAGMA schema_version = {}", version + 1))
        .execute(&mut **tx)
        .await?;
    sqlx::query("PRAGMA writable_schema = OFF")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// PostgreSQL changes a check in place.
async fn widen_document_types_postgres(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    let list = husk_domain::DocumentType::ALL
        .iter()
        .map(|t| format!("'{}'", t.code()))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::raw_sql(&format!(
        "ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_doc_type_check;
         ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check CHECK (doc_type IN ({list}));"
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn load_default_template(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    let def = husk_domain::reporting::TemplateDef::default_template_v1();
    let json = serde_json::to_string(&def).expect("a template serialises");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_templates (code, in_use) VALUES ('felles', 1) RETURNING id",
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO template_versions (template_id, version, name, definition) VALUES ($1, 1, $2, $3)",
    )
    .bind(id)
    .bind(&def.name)
    .bind(json)
    .execute(&mut **tx)
    .await?;
    // Reporting in Husk starts this year: obligations due earlier were reported elsewhere.
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ('reporting_from', $1) ON CONFLICT (key) DO NOTHING",
    )
    .bind(format!("{}-01-01", crate::current_year()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn add_default_template_version(tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
    let def = husk_domain::reporting::TemplateDef::default_template();
    let json = serde_json::to_string(&def).expect("a template serialises");
    let template: Option<(i64, i64)> = sqlx::query_as(
        "SELECT t.id, COALESCE(MAX(v.version), 0) FROM report_templates t
         LEFT JOIN template_versions v ON v.template_id = t.id WHERE t.code = 'felles' GROUP BY t.id",
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, newest)) = template else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO template_versions (template_id, version, name, definition) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(newest + 1)
    .bind(&def.name)
    .bind(json)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
