//! Indicator tables imported into the store, all or nothing, on SQLite and (with
//! `HUSK_TEST_POSTGRES`) PostgreSQL.

use husk_domain::Viewer;
use husk_store::{Actor, ImportFailure, Store};

async fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

#[tokio::test]
async fn an_indicator_table_is_imported_and_a_newer_figure_replaces_the_old() {
    let (_dir, store) = open().await;
    let store = store.acting_as(Actor::system("test-import"));
    let file = "kommunenummer;år;indikator;verdi\n0301;2012;bostedslose;1430\n301;2008;bostedslose-per-1000;\"2,6\"\n";
    let r = store
        .import_indicators("bostedslose.csv", file.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!((r.rows, r.created, r.updated), (2, 2, 0));
    let values = store
        .read_as(&Viewer::System)
        .indicator_values()
        .await
        .unwrap();
    assert_eq!(values.len(), 2);
    assert_eq!(values[0].kommunenummer, "0301");
    assert_eq!(values[0].indicator.code, "bostedslose");
    assert_eq!(values[0].value, 1430.0);
    assert_eq!(values[1].value, 2.6);
    assert_eq!(values[1].source, "bostedslose.csv");

    // The same figure again, corrected: one value changed, nothing added.
    let r = store
        .import_indicators(
            "rettet.csv",
            b"kommunenummer,year,indicator,value\n0301,2012,bostedslose,1431\n",
            false,
        )
        .await
        .unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    let values = store
        .read_as(&Viewer::System)
        .indicator_values()
        .await
        .unwrap();
    assert_eq!(values.len(), 2);
    assert_eq!(values[0].value, 1431.0);
    // A check without saving says what would happen and changes nothing.
    let r = store
        .import_indicators(
            "ny.csv",
            b"kommunenummer,year,indicator,value\n3201,2012,startlan,40\n",
            true,
        )
        .await
        .unwrap();
    assert_eq!((r.created, r.dry_run), (1, true));
    assert_eq!(
        store
            .read_as(&Viewer::System)
            .indicator_values()
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_table_with_one_bad_row_imports_nothing_and_names_the_place() {
    let (_dir, store) = open().await;
    let store = store.acting_as(Actor::system("test-import"));
    let file =
        "kommunenummer,year,indicator,value\n0301,2012,startlan,12\n0301,2013,startlan,tolv\n";
    let Err(ImportFailure::Invalid(errors)) = store
        .import_indicators("startlan.csv", file.as_bytes(), false)
        .await
    else {
        panic!("a bad row was accepted");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 3);
    assert_eq!(errors[0].column, Some(4));
    assert!(errors[0].message.contains("«tolv» er ikke et tall"));
    assert!(store
        .read_as(&Viewer::System)
        .indicator_values()
        .await
        .unwrap()
        .is_empty());
    // The public may not read them.
    assert!(store
        .read_as(&Viewer::Public)
        .indicator_values()
        .await
        .is_err());
}
