//! Backups and restores (issue 12): a round trip on the test's backend (and, when the tests
//! run with PostgreSQL, from SQLite into PostgreSQL and back), a backup that does not match its
//! manifest restoring nothing, and a backup of another schema version refused.

use husk_store::backup::{self, BackupError};
use husk_store::{Database, Store};
use std::io::{Read, Write};
use std::path::Path;

async fn database_of(dir: &Path) -> Database {
    husk_store::testing::database_for(dir)
        .await
        .unwrap()
        .unwrap_or_else(|| Database::SqliteFile(dir.join(husk_store::DB_FILE)))
}

async fn entries(store: &Store) -> usize {
    store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .facts()
        .await
        .unwrap()
        .len()
}

/// Copies a backup with one line of a table file changed.
fn tampered(from: &Path, to: &Path, table: &str) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == format!("tables/{table}.jsonl") {
            let text = String::from_utf8(bytes).unwrap();
            bytes = text.replacen("Asker", "Askim", 1).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[tokio::test]
async fn a_backup_restores_the_same_installation_and_a_changed_one_restores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("fra");
    let store = husk_store::testing::open_demo(&from).await.unwrap();
    let before = entries(&store).await;
    store.close().await;
    let file = dir.path().join("kopi.zip");
    let made = backup::backup(&from.join("files"), &database_of(&from).await, &file)
        .await
        .unwrap();
    assert!(made.rows() > 1000, "{}", made.rows());
    assert!(made.files.len() >= 5, "the demo's kept files");
    assert!(made
        .tables
        .iter()
        .any(|t| t.name == "audit_log" && t.rows > 0));

    // Into an empty installation: every table and file checked.
    let to = dir.path().join("til");
    let db = database_of(&to).await;
    let done = backup::restore(&to, &to.join("files"), &db, &file, false)
        .await
        .unwrap();
    assert_eq!(done.tables_checked, made.tables.len());
    let restored = husk_store::testing::open(&to).await.unwrap();
    assert_eq!(entries(&restored).await, before);
    restored.close().await;
    for f in &made.files {
        assert!(to.join("files").join(&f.path).is_file(), "{}", f.path);
    }
    // Backed up again, the restored installation gives the same rows and checksums.
    let again = backup::backup(&to.join("files"), &db, &dir.path().join("igjen.zip"))
        .await
        .unwrap();
    let sums = |m: &backup::Manifest| {
        m.tables
            .iter()
            .map(|t| (t.name.clone(), t.rows, t.checksum.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(sums(&again), sums(&made));

    // A backup whose rows do not match its manifest is refused and restores nothing.
    let bad = dir.path().join("endret.zip");
    tampered(&file, &bad, "projects");
    let empty = dir.path().join("tom");
    let err = backup::restore(
        &empty,
        &empty.join("files"),
        &database_of(&empty).await,
        &bad,
        false,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, BackupError::Verify(_)), "{err}");
    assert!(err.to_string().contains("projects"), "{err}");
    assert!(
        err.to_string().contains("Ingenting er gjenopprettet"),
        "{err}"
    );
    let still = husk_store::testing::open(&empty).await.unwrap();
    assert_eq!(entries(&still).await, 0);
    still.close().await;

    // Into an installation with data: refused unless forced.
    let err = backup::restore(&to, &to.join("files"), &db, &file, false)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::NotEmpty { .. }), "{err}");
    backup::restore(&to, &to.join("files"), &db, &file, true)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_backup_moves_between_sqlite_and_postgresql() {
    let Some(server) = husk_store::testing::postgres_server() else {
        // Without a PostgreSQL server the round trip above ran on SQLite only.
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A demo on SQLite (whatever backend the other tests use).
    let lite = dir.path().join("lite");
    let store = Store::open(&lite).await.unwrap();
    store.load_demo().await.unwrap();
    let before = entries(&store).await;
    store.close().await;
    let file = dir.path().join("kopi.zip");
    backup::backup(
        &lite.join("files"),
        &Database::SqliteFile(lite.join(husk_store::DB_FILE)),
        &file,
    )
    .await
    .unwrap();
    // Into PostgreSQL.
    let pg = dir.path().join("pg");
    let db = database_of(&pg).await;
    assert!(matches!(db, Database::Postgres(_)), "{server}");
    backup::restore(&pg, &pg.join("files"), &db, &file, false)
        .await
        .unwrap();
    let store = Store::open_database(&pg, &db).await.unwrap();
    assert_eq!(entries(&store).await, before);
    store.close().await;
    // And back into a new SQLite file.
    let back = dir.path().join("back.zip");
    backup::backup(&pg.join("files"), &db, &back).await.unwrap();
    let lite2 = dir.path().join("lite2");
    backup::restore(
        &lite2,
        &lite2.join("files"),
        &Database::SqliteFile(lite2.join(husk_store::DB_FILE)),
        &back,
        false,
    )
    .await
    .unwrap();
    let store = Store::open(&lite2).await.unwrap();
    assert_eq!(entries(&store).await, before);
}
