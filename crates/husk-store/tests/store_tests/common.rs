//! What the store's test modules share: a store with the demo data, and a user as a viewer.

use husk_domain::Viewer;
use husk_store::Store;

/// A store with the demo data in a data directory of its own (copied from the template loaded
/// once per test process: `husk_store::testing::open_demo`).
pub async fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

/// The user `username` as a viewer.
pub async fn viewer(store: &Store, username: &str) -> Viewer {
    let u = store.user_by_name(username).await.unwrap().unwrap();
    Viewer::User(u.to_ref())
}
