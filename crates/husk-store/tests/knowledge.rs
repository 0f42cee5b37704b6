//! The knowledge base in the store: ingest, search, similar work and suggestions, on a real
//! SQLite file and a real on-disk index.

use husk_domain::DocumentInput;
use husk_search::similar::ItemKey;
use husk_search::SearchQuery;
use husk_store::{IngestError, Store};
use std::path::Path;

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data")).await.unwrap();
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
    let d = store.document(i.id).await.unwrap().unwrap();
    assert!(!d.meta.public, "internal unless marked public");
    let (path, name, _) = store.document_file(i.id).await.unwrap().unwrap();
    assert_eq!(name, "sluttrapport.md");
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        REPORT,
        "the original file is kept as it was"
    );
    let r = store.search(query("rustjenesten samarbeid")).await.unwrap();
    assert_eq!(r.documents[0].doc_id, i.id as u64);
    assert!(r.documents[0].hits[0].snippet_html.contains("<mark>"));
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
    assert!(store.documents().await.unwrap().is_empty());
    let kept = std::fs::read_dir(store.files_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0, "no file is kept for a failed ingest");
    assert_eq!(
        store
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
    let store = Store::open(&dir.path().join("data")).await.unwrap();
    assert!(
        store
            .search(query("rustjenesten"))
            .await
            .unwrap()
            .total_passages
            > 0
    );
}

#[tokio::test]
async fn demo_reports_are_searchable_and_similar_work_prefers_other_offices() {
    let (_dir, store) = fresh().await;
    store.load_demo().await.unwrap();
    // The five seed reports and the two example reports the demo approves.
    assert_eq!(store.documents().await.unwrap().len(), 7);
    let r = store.search(query("leie til eie startlån")).await.unwrap();
    assert!(r.total_documents >= 1);
    let similar = store
        .similar(&ItemKey::Project("vest-01".into()), 5)
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
    let (_dir, store) = fresh().await;
    store.load_demo().await.unwrap();
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
    let (_dir, store) = fresh().await;
    store.load_demo().await.unwrap();
    // Asker's programme shares its description almost word for word with the other programme
    // municipalities in region øst; the page promises work from other offices first.
    let similar = store
        .similar(&ItemKey::Project("ost-up-asker".into()), 5)
        .await
        .unwrap();
    assert!(similar[0].other_office, "{similar:?}");
    assert_ne!(similar[0].region.as_deref(), Some("ost"), "{similar:?}");
}
