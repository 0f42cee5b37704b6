//! Leases (issue 12): one holder at a time, renewed by its holder, taken by another once the
//! holder stops renewing, and given up at once on release; two stores on one database stand
//! for two servers (on SQLite, two connections to one file).

use husk_store::Store;
use std::time::Duration;

#[tokio::test]
async fn one_server_holds_the_lease_and_another_takes_it_when_the_holder_stops() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let a = husk_store::testing::open(&data).await.unwrap();
    let database = husk_store::testing::database_for(&data)
        .await
        .unwrap()
        .unwrap_or_else(|| husk_store::Database::SqliteFile(data.join(husk_store::DB_FILE)));
    let b = Store::open_database(&dir.path().join("b"), &database)
        .await
        .unwrap();
    let ttl = Duration::from_secs(1);
    assert!(a.try_lease("planlagt", "a", ttl).await.unwrap());
    assert!(
        !b.try_lease("planlagt", "b", ttl).await.unwrap(),
        "A holds it"
    );
    assert!(a.try_lease("planlagt", "a", ttl).await.unwrap(), "A renews");
    // Another lease is another matter.
    assert!(b.try_lease("annet", "b", ttl).await.unwrap());

    // A stops renewing: once its time is out, B takes it, and A no longer has it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(b.try_lease("planlagt", "b", ttl).await.unwrap());
    assert!(!a.try_lease("planlagt", "a", ttl).await.unwrap());

    // Given up, it is free at once.
    b.release_lease("planlagt", "b").await.unwrap();
    assert!(a
        .try_lease("planlagt", "a", Duration::from_secs(60))
        .await
        .unwrap());
    a.release_lease("planlagt", "b").await.unwrap();
    assert!(
        !b.try_lease("planlagt", "b", ttl).await.unwrap(),
        "only the holder gives it up"
    );
}
