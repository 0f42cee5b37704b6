//! The knowledge base in the store: ingest, search, similar work and suggestions, on a real
//! SQLite file and a real on-disk index.

use husk_domain::DocumentInput;
use husk_search::similar::ItemKey;
use husk_search::SearchQuery;
use husk_store::{CatchUp, IngestError, Store};
use std::path::Path;

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const REPORT: &str = "# Sluttrapport Housing First i Mandal\n\n## Oppfølging\n\nBeboerne får tett oppfølging i egen bolig, også de med rusproblemer og psykiske lidelser.\n\n## Læring\n\nKommunen lærte at samarbeid med NAV og rustjenesten var avgjørende for at leieforholdet varte.\n";

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        include_internal: true,
        ..SearchQuery::new(text)
    }
}

#[tokio::test]
async fn an_ingested_document_is_kept_split_and_found() {
    let (dir, store) = fresh().await;
    let f = write(dir.path(), "sluttrapport.md", REPORT);
    let input = DocumentInput {
        doc_type: "sluttrapport".into(),
        year: "2015".into(),
        ..Default::default()
    };
    let i = store.ingest(&f, "sluttrapport.md", &input).await.unwrap();
    assert_eq!(
        i.title, "Sluttrapport Housing First i Mandal",
        "the title comes from the file's first heading"
    );
    assert!(i.passages >= 2, "{i:?}");
    let d = store
        .read_as(&husk_domain::Viewer::System)
        .document(i.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!d.meta.public, "internal unless marked public");
    let (path, name, _) = d.file().await.unwrap().unwrap();
    assert_eq!(name, "sluttrapport.md");
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        REPORT,
        "the original file is kept as it was"
    );
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .search(query("rustjenesten samarbeid"))
        .await
        .unwrap();
    assert_eq!(r.documents[0].doc_id, i.id as u64);
    assert!(!r.documents[0].hits[0].snippet.highlights.is_empty());
    let again = store.ingest(&f, "kopi.md", &input).await.unwrap();
    assert!(
        again.duplicate && again.id == i.id,
        "the same file is not stored twice"
    );
}

#[tokio::test]
async fn a_bad_file_or_bad_fields_store_nothing() {
    let (dir, store) = fresh().await;
    let fake_pdf = write(dir.path(), "rapport.pdf", "dette er ikke en pdf");
    let err = store
        .ingest(&fake_pdf, "rapport.pdf", &DocumentInput::default())
        .await
        .unwrap_err();
    assert!(matches!(err, IngestError::Extract(_)), "{err}");
    assert!(
        err.to_string().contains("rapport.pdf"),
        "the message names the file: {err}"
    );
    let good = write(dir.path(), "r.md", REPORT);
    let bad = DocumentInput {
        doc_type: "roman".into(),
        projects: vec!["finnes-ikke".into()],
        ..Default::default()
    };
    match store.ingest(&good, "r.md", &bad).await {
        Err(IngestError::Invalid(e)) => assert!(e.get("doc_type").is_some()),
        other => panic!("{other:?}"),
    }
    let unknown_project = DocumentInput {
        projects: vec!["vest-99".into()],
        ..Default::default()
    };
    match store.ingest(&good, "r.md", &unknown_project).await {
        Err(IngestError::Invalid(e)) => assert!(e.get("projects").unwrap().contains("vest-99")),
        other => panic!("{other:?}"),
    }
    assert!(store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .is_empty());
    let kept = std::fs::read_dir(store.files_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0, "no file is kept for a failed ingest");
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .search(query("rustjenesten"))
            .await
            .unwrap()
            .total_passages,
        0
    );
}

#[tokio::test]
async fn the_index_is_rebuilt_from_the_database_when_missing() {
    let (dir, store) = fresh().await;
    let f = write(dir.path(), "r.md", REPORT);
    store
        .ingest(&f, "r.md", &DocumentInput::default())
        .await
        .unwrap();
    store.close().await;
    drop(store);
    std::fs::remove_dir_all(dir.path().join("data").join("search")).unwrap();
    // Opening does not wait for the index: it is behind, and says so.
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    assert_eq!(hits(&store, "rustjenesten").await, 0);
    let status = store.index_status().await.unwrap();
    assert!(
        status.catching_up && status.pending_documents == 1,
        "{status:?}"
    );
    assert_eq!(
        store.catch_up_index().await.unwrap(),
        CatchUp::Done { documents: 1 }
    );
    assert!(hits(&store, "rustjenesten").await > 0);
    assert!(!store.index_status().await.unwrap().catching_up);
}

async fn hits(store: &Store, words: &str) -> u64 {
    store
        .read_as(&husk_domain::Viewer::System)
        .search(query(words))
        .await
        .unwrap()
        .total_passages as u64
}

const OTHER_REPORT: &str = "# Bostøtte i Bodø\n\nKommunen hjalp leietakere med å søke \
    bostøtte, og færre mistet boligen etter at veiledningen kom i gang på servicetorget.\n";

const THIRD_REPORT: &str = "# Startlån i Tromsø\n\nUnge familier fikk startlån til egen \
    bolig, og kommunen fulgte opp dem som slet med å betjene lånet det første året.\n";

/// A second handle on the same data directory cannot write to the index while the first holds
/// it (as the CLI while the server runs): it stores documents, which the first catches up with.
#[tokio::test]
async fn a_document_stored_by_another_process_is_indexed_by_the_next_catch_up_alone() {
    let (dir, server) = fresh().await;
    let first = write(dir.path(), "r.md", REPORT);
    let i = server
        .ingest(&first, "r.md", &DocumentInput::default())
        .await
        .unwrap();
    assert!(i.indexed, "the server's own upload is searchable at once");

    let cli = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    let second = write(dir.path(), "b.md", OTHER_REPORT);
    let stored = cli
        .ingest(&second, "b.md", &DocumentInput::default())
        .await
        .unwrap();
    assert!(!stored.duplicate && !stored.indexed, "{stored:?}");
    assert_eq!(cli.catch_up_index().await.unwrap(), CatchUp::Locked);
    assert_eq!(hits(&server, "servicetorget").await, 0);
    let status = server.index_status().await.unwrap();
    assert!(
        status.catching_up && status.pending_documents == 1,
        "{status:?}"
    );

    let before = server.documents_indexed();
    assert_eq!(
        server.catch_up_index().await.unwrap(),
        CatchUp::Done { documents: 1 }
    );
    assert_eq!(
        server.documents_indexed() - before,
        1,
        "only the new document is indexed"
    );
    assert!(hits(&server, "servicetorget").await > 0);
    assert!(hits(&server, "rustjenesten").await > 0);
    assert!(!server.index_status().await.unwrap().catching_up);
    assert_eq!(
        server.catch_up_index().await.unwrap(),
        CatchUp::Done { documents: 0 },
        "nothing is left to do"
    );
}

/// After a crash that left the index behind, the store opens without indexing anything, and
/// the catch-up indexes only what is missing.
#[tokio::test]
async fn after_a_crash_only_the_missing_documents_are_indexed() {
    let (dir, server) = fresh().await;
    for (name, text) in [("r.md", REPORT), ("b.md", OTHER_REPORT)] {
        let f = write(dir.path(), name, text);
        server
            .ingest(&f, name, &DocumentInput::default())
            .await
            .unwrap();
    }
    let other = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    let f = write(dir.path(), "t.md", THIRD_REPORT);
    other
        .ingest(&f, "t.md", &DocumentInput::default())
        .await
        .unwrap();
    // The "crash": both go away without the index catching up.
    drop(other);
    drop(server);

    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    assert_eq!(hits(&store, "startlån").await, 0, "not indexed yet");
    assert!(
        hits(&store, "rustjenesten").await > 0,
        "what the index holds is searchable"
    );
    let status = store.index_status().await.unwrap();
    assert_eq!(status.pending_documents, 1, "{status:?}");
    assert_eq!(
        store.catch_up_index().await.unwrap(),
        CatchUp::Done { documents: 1 }
    );
    assert_eq!(store.documents_indexed(), 1);
    assert!(hits(&store, "startlån").await > 0);
}

/// A file past the extraction limits is refused, and nothing of it is stored: no document, no
/// passages, no kept file, nothing in the index or its queue.
#[tokio::test]
async fn a_file_past_the_limits_stores_nothing() {
    let (dir, store) = fresh().await;
    let path = dir.path().join("stor.txt");
    let paragraph = "Kommunen ga tett oppfølging i egen bolig til dem som trengte det.\n\n";
    let text = paragraph.repeat((33 << 20) / paragraph.len());
    std::fs::write(&path, text).unwrap();
    let err = store
        .ingest(&path, "stor.txt", &DocumentInput::default())
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(
            err,
            IngestError::Extract(husk_search::ExtractError::TooLarge { .. })
        ),
        "{message}"
    );
    assert!(
        message.contains("«stor.txt»") && message.contains("32\u{a0}MB tekst"),
        "{message}"
    );
    assert!(store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .is_empty());
    let kept = std::fs::read_dir(store.files_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0, "no file is kept");
    assert_eq!(hits(&store, "oppfølging").await, 0);
    assert!(!store.index_status().await.unwrap().catching_up);
}

#[tokio::test]
async fn demo_reports_are_searchable_and_similar_work_prefers_other_offices() {
    let _dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&_dir.path().join("data"))
        .await
        .unwrap();
    // The five seed reports and the two example reports the demo approves.
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        7
    );
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .search(query("leie til eie startlån"))
        .await
        .unwrap();
    assert!(r.total_documents >= 1);
    let similar = store
        .read_as(&husk_domain::Viewer::System)
        .entry("vest-01")
        .await
        .unwrap()
        .unwrap()
        .similar(5)
        .await
        .unwrap();
    let ids: Vec<_> = similar.iter().map(|s| s.key.clone()).collect();
    assert!(
        ids.iter().take(3).any(|k| matches!(k, ItemKey::Project(p) if ["sor-02", "sor-03", "hammerfest-04"].contains(&p.as_str()))),
        "rent-to-own elsewhere should be among the first: {similar:?}"
    );
    assert!(similar[0].other_office);
}

#[tokio::test]
async fn suggestions_come_from_classified_work() {
    let _dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&_dir.path().join("data"))
        .await
        .unwrap();
    let (themes, _groups) = store
        .suggest_classification("Leie til eie med startlån i Arendal")
        .await
        .unwrap();
    assert_eq!(
        themes.first().map(|s| s.code.as_str()),
        Some("tildeling-bosetting"),
        "{themes:?}"
    );
    assert!(themes[0].confidence > 0.3 && themes[0].confidence <= 1.0);
}

#[tokio::test]
async fn similar_work_from_other_offices_comes_first_on_the_demo_data() {
    let _dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&_dir.path().join("data"))
        .await
        .unwrap();
    // Asker's programme shares its description almost word for word with the other programme
    // municipalities in region øst; the page promises work from other offices first.
    let similar = store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-up-asker")
        .await
        .unwrap()
        .unwrap()
        .similar(5)
        .await
        .unwrap();
    assert!(similar[0].other_office, "{similar:?}");
    assert_ne!(similar[0].region.as_deref(), Some("ost"), "{similar:?}");
}

/// Copies a folder's files (the search index) as they are.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file()
            && !entry.file_name().to_string_lossy().ends_with(".lock")
        {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test]
async fn a_server_left_behind_the_kept_log_compares_every_document() {
    // Server A and server B on one database, each with an index of its own. B's index stops
    // before A stores a document; then the log moves on by more than it keeps.
    let (dir, a) = fresh().await;
    let data = dir.path().join("data");
    a.catch_up_index().await.unwrap();
    let b_dir = dir.path().join("b");
    copy_folder(&data.join("search"), &b_dir.join("search"));
    let f = write(dir.path(), "sluttrapport.md", REPORT);
    let input = DocumentInput {
        doc_type: "sluttrapport".into(),
        year: "2015".into(),
        ..Default::default()
    };
    let doc = a.ingest(&f, "sluttrapport.md", &input).await.unwrap();
    let pool = husk_store::testing::raw_pool(&data).await.unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10100)
         INSERT INTO index_changes (document_id) SELECT $1 FROM n",
    )
    // Changes of a document that is not there (removed since): none names A's document.
    .bind(987_654_321_i64)
    .execute(&pool)
    .await
    .unwrap();
    a.catch_up_index().await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM index_changes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        left,
        husk_store::knowledge::indexing::KEPT_CHANGES,
        "the newest changes are kept"
    );
    pool.close().await;

    // B's position is before what the log still holds: it compares every document and
    // finds A's.
    let database = husk_store::testing::database_for(&data)
        .await
        .unwrap()
        .unwrap_or_else(|| husk_store::Database::SqliteFile(data.join(husk_store::DB_FILE)));
    let b = Store::open_database(&b_dir, &database).await.unwrap();
    let before = b
        .read_as(&husk_domain::Viewer::System)
        .search(query("rustjenesten samarbeid"))
        .await
        .unwrap();
    assert!(
        before.documents.is_empty(),
        "B's index stopped before the document"
    );
    b.catch_up_index().await.unwrap();
    let after = b
        .read_as(&husk_domain::Viewer::System)
        .search(query("rustjenesten samarbeid"))
        .await
        .unwrap();
    assert_eq!(after.documents[0].doc_id, doc.id as u64);
}

/// Whether a search for `words` finds the document `id`.
async fn finds(store: &Store, words: &str, id: i64) -> bool {
    store
        .read_as(&husk_domain::Viewer::System)
        .search(query(words))
        .await
        .unwrap()
        .documents
        .iter()
        .any(|d| d.doc_id == id as u64)
}

/// On PostgreSQL two writers at once can commit their changes out of order: the one with the
/// lower place in the change log last. The index must not step past the earlier change while
/// its transaction is still open. (SQLite has one writer at a time, so this cannot happen
/// there, and a held write would only block the other.)
#[tokio::test]
async fn a_change_committed_after_a_later_one_is_still_indexed() {
    if husk_store::testing::postgres_server().is_none() {
        return;
    }
    let (dir, server) = fresh().await;
    let data = dir.path().join("data");
    let f = write(dir.path(), "r.md", REPORT);
    let first = server
        .ingest(&f, "r.md", &DocumentInput::default())
        .await
        .unwrap();
    server.catch_up_index().await.unwrap();

    // A slow writer changes the first document's title and holds its transaction open.
    let pool = husk_store::testing::raw_pool(&data).await.unwrap();
    let mut slow = pool.begin().await.unwrap();
    sqlx::query("UPDATE documents SET title = $1 WHERE id = $2")
        .bind("Trappetrinnmodellen i Mandal")
        .bind(first.id)
        .execute(&mut *slow)
        .await
        .unwrap();

    // Meanwhile another document is stored and committed, and the index catches up.
    let g = write(dir.path(), "b.md", OTHER_REPORT);
    let second = server
        .ingest(&g, "b.md", &DocumentInput::default())
        .await
        .unwrap();
    server.catch_up_index().await.unwrap();
    assert!(finds(&server, "servicetorget", second.id).await);
    assert!(!finds(&server, "trappetrinnmodellen", first.id).await);

    // The slow writer commits; the next catch-up picks its change up.
    slow.commit().await.unwrap();
    server.catch_up_index().await.unwrap();
    assert!(
        finds(&server, "trappetrinnmodellen", first.id).await,
        "the change committed late is in the index"
    );
    pool.close().await;
}
