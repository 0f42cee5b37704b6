//! A rolling restart (issue 12): a newer Husk starting beside an older server that still runs
//! on the same database. A migration that only adds runs at once and the older server keeps
//! working; one that would break the older server is refused, naming it, until it has
//! stopped (or been silent for 20 seconds); and an older server starts again on a database a
//! newer Husk migrated only when none of the newer migrations breaks it. On SQLite (one file,
//! one server) the rules are the same.

use husk_store::testing::{migrate_as_later_version, migrate_as_this_version, LaterMigration};
use husk_store::StoreError;

const ADDS: LaterMigration = LaterMigration {
    version: 9_001,
    name: "later_adds_a_table",
    sql: "CREATE TABLE later_notes (id BIGINT PRIMARY KEY, note TEXT NOT NULL DEFAULT '');
          ALTER TABLE projects ADD COLUMN later_flag INTEGER NOT NULL DEFAULT 0;",
    breaking: false,
};

const BREAKS: LaterMigration = LaterMigration {
    version: 9_002,
    name: "later_renames_a_column",
    sql: "ALTER TABLE projects RENAME COLUMN title TO entry_title;",
    breaking: true,
};

#[tokio::test]
async fn a_breaking_migration_waits_for_the_older_servers_and_an_additive_one_does_not() {
    let (_dir, store) = crate::common::demo().await;
    let this = husk_store::latest_version();
    // An older server (this build) runs; another that stopped long ago left its row.
    store
        .server_alive("server-a", "127.0.0.1:8080")
        .await
        .unwrap();
    assert_eq!(store.running_servers().await.unwrap().len(), 1);
    assert_eq!(
        store.running_servers().await.unwrap()[0].schema_version,
        this
    );

    // The newer version's additive migration runs while A runs, and A still reads and writes.
    let ran = migrate_as_later_version(&store, &[ADDS]).await.unwrap();
    assert_eq!(ran, vec![ADDS.version]);
    let reader = store.read_as(&husk_domain::Viewer::System);
    let entry = reader.project("ost-01").await.unwrap().expect("ost-01");
    assert!(!entry.project.title.is_empty());
    // This build (the older server restarted by its supervisor) still starts on it.
    assert_eq!(
        migrate_as_this_version(&store).await.unwrap(),
        Vec::<i64>::new()
    );

    // The breaking one is refused while A runs, naming A, and changes nothing.
    let refused = migrate_as_later_version(&store, &[ADDS, BREAKS])
        .await
        .unwrap_err();
    let message = refused.to_string();
    assert!(
        matches!(
            refused,
            StoreError::BreakingWhileRunning { version: 9_002, .. }
        ),
        "{message}"
    );
    assert!(message.contains("127.0.0.1:8080"), "{message}");
    assert!(
        message.contains(&format!("skjemaversjon {this}")),
        "{message}"
    );
    assert!(message.contains("Stopp dem først"), "{message}");
    assert!(
        reader.project("ost-01").await.unwrap().is_some(),
        "the column is still there"
    );

    // A server already built for the newer schema does not hold it back.
    store
        .server_alive_as("server-b", "127.0.0.1:8081", BREAKS.version)
        .await
        .unwrap();
    let message = migrate_as_later_version(&store, &[ADDS, BREAKS])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("127.0.0.1:8080") && !message.contains("127.0.0.1:8081"),
        "{message}"
    );

    // Once A has stopped, it runs.
    store.server_stopped("server-a").await.unwrap();
    let ran = migrate_as_later_version(&store, &[ADDS, BREAKS])
        .await
        .unwrap();
    assert_eq!(ran, vec![BREAKS.version]);

    // This build now refuses to start on the database: a newer migration breaks it.
    let refused = migrate_as_this_version(&store).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::TooNew { found: 9_002, .. }),
        "{refused}"
    );
}

#[tokio::test]
async fn a_server_silent_for_twenty_seconds_counts_as_stopped() {
    let (_dir, store) = crate::common::demo().await;
    store.server_alive("a", "127.0.0.1:1").await.unwrap();
    store.server_alive("b", "127.0.0.1:2").await.unwrap();
    assert_eq!(
        store
            .running_servers()
            .await
            .unwrap()
            .iter()
            .map(|s| s.address.as_str())
            .collect::<Vec<_>>(),
        ["127.0.0.1:1", "127.0.0.1:2"]
    );
    husk_store::testing::age_server(&store, "a", std::time::Duration::from_secs(21))
        .await
        .unwrap();
    let running = store.running_servers().await.unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    assert_eq!(running[0].id, "b");
    // The breaking migration is no longer held back by the silent one.
    store.server_stopped("b").await.unwrap();
    assert_eq!(
        migrate_as_later_version(&store, &[BREAKS]).await.unwrap(),
        vec![BREAKS.version]
    );
    // Another alive call from the silent one makes it count again.
    store.server_alive("a", "127.0.0.1:1").await.unwrap();
    assert_eq!(store.running_servers().await.unwrap().len(), 1);
}
