//! The knowledge base's queries: documents, their links, classification and passages, and the
//! queue of changes the search index follows. Each takes an executor and plain values; the
//! steps in `mod.rs` and `indexing.rs` decide what happens and in which order.

use sqlx::{Any, AnyConnection, Executor};

/// A document's row: id, title, authors, publisher, year, type, region, public, file name,
/// file size, content type and when it was added.
pub(super) type DocRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    i64,
    String,
    i64,
    String,
    String,
);

const DOC_SELECT: &str =
    "SELECT d.id, d.title, d.authors, d.publisher, d.year, d.doc_type, d.region, d.public,
    d.file_name, d.file_size, d.content_type, d.created_at FROM documents d";

/// A passage's row: ordinal, heading, text and where it starts.
pub(super) type PassageRow = (i64, Option<String>, String, i64);

/// Every document, newest first.
pub(super) async fn document_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<DocRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DOC_SELECT} ORDER BY d.year DESC, d.id DESC"))
        .fetch_all(ex)
        .await
}

/// One document.
pub(super) async fn document_row<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<DocRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DOC_SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Whether a document is public, and its office.
pub(super) async fn document_visibility<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT public, region FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The organisations a document concerns: linked directly or through its projects.
pub(super) async fn document_organisation_ids<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT organisation_id FROM document_organisations WHERE document_id = $1
         UNION SELECT p.organisation_id FROM document_projects d JOIN projects p ON p.id = d.project_id
         WHERE d.document_id = $2 AND p.organisation_id IS NOT NULL",
    )
    .bind(id)
    .bind(id)
    .fetch_all(ex)
    .await
}

/// The ids of the documents linked to a project.
pub(super) async fn document_ids_of_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT document_id FROM document_projects WHERE project_id = $1 ORDER BY document_id",
    )
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// A document's lists, each read by one query.
#[derive(Debug, Clone, Copy)]
pub(super) enum DocumentList {
    /// Project ids, in order.
    Projects,
    /// Organisation names, in order.
    Organisations,
    /// Theme codes, in the taxonomy's order.
    Themes,
    /// Target group codes, in the taxonomy's order.
    TargetGroups,
}

pub(super) async fn document_list<'e>(
    ex: impl Executor<'e, Database = Any>,
    list: DocumentList,
    id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = match list {
        DocumentList::Projects => {
            "SELECT project_id FROM document_projects WHERE document_id = $1 ORDER BY project_id"
        }
        DocumentList::Organisations => {
            "SELECT o.name FROM document_organisations d JOIN organisations o ON o.id = d.organisation_id WHERE d.document_id = $1 ORDER BY o.name"
        }
        DocumentList::Themes => {
            "SELECT d.theme_code FROM document_themes d JOIN knowledge_themes t ON t.code = d.theme_code WHERE d.document_id = $1 ORDER BY t.sort"
        }
        DocumentList::TargetGroups => {
            "SELECT d.target_group_code FROM document_target_groups d JOIN target_groups t ON t.code = d.target_group_code WHERE d.document_id = $1 ORDER BY t.sort"
        }
    };
    sqlx::query_scalar::<_, String>(sql)
        .bind(id)
        .fetch_all(ex)
        .await
}

/// (id, title, kind, region) of the projects a document is linked to, by id.
pub(super) async fn document_project_refs<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title, p.kind, p.region FROM document_projects d JOIN projects p ON p.id = d.project_id WHERE d.document_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(ex)
    .await
}

/// How many passages a document has.
pub(super) async fn passage_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM passages WHERE document_id = $1")
        .bind(id)
        .fetch_one(ex)
        .await
}

/// A document's passages in order.
pub(super) async fn passages<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
) -> Result<Vec<PassageRow>, sqlx::Error> {
    sqlx::query_as("SELECT ordinal, heading, body, char_start FROM passages WHERE document_id = $1 ORDER BY ordinal")
        .bind(document_id)
        .fetch_all(ex)
        .await
}

/// The text of a document's passages that start within its first `chars` characters, in order.
pub(super) async fn leading_passage_texts<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
    chars: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT body FROM passages WHERE document_id = $1 AND char_start < $2 ORDER BY ordinal",
    )
    .bind(document_id)
    .bind(chars)
    .fetch_all(ex)
    .await
}

/// Up to `count` passages of a document from the ordinal `from`.
pub(super) async fn passages_range<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
    from: i64,
    count: i64,
) -> Result<Vec<PassageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ordinal, heading, body, char_start FROM passages
         WHERE document_id = $1 AND ordinal >= $2 ORDER BY ordinal LIMIT $3",
    )
    .bind(document_id)
    .bind(from)
    .bind(count)
    .fetch_all(ex)
    .await
}

/// A document's kept file: its SHA-256, the name it was uploaded under, its content type.
pub(super) async fn document_file<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT file_sha256, file_name, content_type FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The document kept with this file, if any: (id, title, passages).
pub(super) async fn document_with_file<'e>(
    ex: impl Executor<'e, Database = Any>,
    sha: &str,
) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, (SELECT COUNT(*) FROM passages WHERE document_id = documents.id) FROM documents WHERE file_sha256 = $1",
    )
    .bind(sha)
    .fetch_optional(ex)
    .await
}

/// A new document's columns.
pub(super) struct DocumentColumns<'a> {
    pub title: &'a str,
    pub authors: &'a str,
    pub publisher: &'a str,
    pub year: Option<i32>,
    pub doc_type: &'a str,
    pub region: &'a Option<String>,
    pub public: bool,
    pub file_name: &'a str,
    pub file_sha256: &'a str,
    pub file_size: i64,
    pub content_type: &'a str,
}

/// Adds a document; gives its id.
pub(super) async fn insert_document<'e>(
    ex: impl Executor<'e, Database = Any>,
    d: &DocumentColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO documents (title, authors, publisher, year, doc_type, region, public, file_name, file_sha256, file_size, content_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(d.title)
    .bind(d.authors)
    .bind(d.publisher)
    .bind(d.year)
    .bind(d.doc_type)
    .bind(d.region)
    .bind(i64::from(d.public))
    .bind(d.file_name)
    .bind(d.file_sha256)
    .bind(d.file_size)
    .bind(d.content_type)
    .fetch_one(ex)
    .await
}

/// Adds a passage of a document.
pub(super) async fn insert_passage<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
    ordinal: i64,
    heading: &Option<String>,
    text: &str,
    char_start: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO passages (document_id, ordinal, heading, body, char_start) VALUES ($1, $2, $3, $4, $5)")
        .bind(document_id)
        .bind(ordinal)
        .bind(heading)
        .bind(text)
        .bind(char_start)
        .execute(ex)
        .await?;
    Ok(())
}

/// Links a document to a project.
pub(super) async fn link_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
    project_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO document_projects (document_id, project_id) VALUES ($1, $2)")
        .bind(document_id)
        .bind(project_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Links a document to an organisation by name, adding the organisation if it is new.
pub(super) async fn link_organisation(
    conn: &mut AnyConnection,
    document_id: i64,
    name: &str,
) -> Result<(), sqlx::Error> {
    let org: i64 =
        match sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?
        {
            Some(id) => id,
            None => {
                sqlx::query_scalar("INSERT INTO organisations (name) VALUES ($1) RETURNING id")
                    .bind(name)
                    .fetch_one(&mut *conn)
                    .await?
            }
        };
    sqlx::query("INSERT INTO document_organisations (document_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(document_id)
        .bind(org)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes a document's themes and target groups.
pub(super) async fn clear_classification(
    conn: &mut AnyConnection,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM document_themes WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM document_target_groups WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds themes and target groups to a document.
pub(super) async fn add_classification(
    conn: &mut AnyConnection,
    document_id: i64,
    themes: &[String],
    target_groups: &[String],
) -> Result<(), sqlx::Error> {
    for t in themes {
        sqlx::query("INSERT INTO document_themes (document_id, theme_code) VALUES ($1, $2)")
            .bind(document_id)
            .bind(t)
            .execute(&mut *conn)
            .await?;
    }
    for g in target_groups {
        sqlx::query(
            "INSERT INTO document_target_groups (document_id, target_group_code) VALUES ($1, $2)",
        )
        .bind(document_id)
        .bind(g)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Makes a document public.
pub(crate) async fn make_public<'e>(
    ex: impl Executor<'e, Database = Any>,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE documents SET public = 1 WHERE id = $1")
        .bind(document_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Projects and documents in the register.
pub(super) async fn register_size<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM projects) + (SELECT COUNT(*) FROM documents)")
        .fetch_one(ex)
        .await
}

// ----------------------------------------------------------------------------------------
// The index's queue of changes
// ----------------------------------------------------------------------------------------

/// The newest change queued (0 when none is).
pub(super) async fn last_change<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM index_changes")
        .fetch_one(ex)
        .await
}

/// The documents changed after `after` up to `upto`, by id.
pub(super) async fn changed_documents<'e>(
    ex: impl Executor<'e, Database = Any>,
    after: i64,
    upto: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT document_id FROM index_changes WHERE seq > $1 AND seq <= $2
         ORDER BY document_id",
    )
    .bind(after)
    .bind(upto)
    .fetch_all(ex)
    .await
}

/// The changes after `after` (seq, document) as one PostgreSQL snapshot sees them, with that
/// snapshot's xmin (every transaction before it has ended) and xmax (no transaction from it on
/// had started).
pub(super) async fn changes_after_with_snapshot<'e>(
    ex: impl Executor<'e, Database = Any>,
    after: i64,
) -> Result<(Vec<(i64, i64)>, i64, i64), sqlx::Error> {
    // One row even when there is no change (the snapshot's), with no change in it.
    let rows: Vec<(Option<i64>, Option<i64>, i64, i64)> = sqlx::query_as(
        "SELECT c.seq, c.document_id,
                CAST(CAST(pg_snapshot_xmin(s.snap) AS TEXT) AS BIGINT),
                CAST(CAST(pg_snapshot_xmax(s.snap) AS TEXT) AS BIGINT)
         FROM (SELECT pg_current_snapshot() AS snap) s
         LEFT JOIN index_changes c ON c.seq > $1
         ORDER BY c.seq",
    )
    .bind(after)
    .fetch_all(ex)
    .await?;
    let (xmin, xmax) = rows.first().map(|r| (r.2, r.3)).unwrap_or((0, 0));
    let changes = rows
        .into_iter()
        .filter_map(|r| Some((r.0?, r.1?)))
        .collect();
    Ok((changes, xmin, xmax))
}

/// How many documents changed after `after`.
pub(super) async fn changed_document_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    after: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(DISTINCT document_id) FROM index_changes WHERE seq > $1")
        .bind(after)
        .fetch_one(ex)
        .await
}

/// Forgets the changes up to `upto`.
pub(super) async fn forget_changes<'e>(
    ex: impl Executor<'e, Database = Any>,
    upto: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM index_changes WHERE seq <= $1")
        .bind(upto)
        .execute(ex)
        .await?;
    Ok(())
}

/// (id, passages) of every document.
pub(super) async fn passages_per_document<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, (SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id)
         FROM documents d",
    )
    .fetch_all(ex)
    .await
}
