//! The store on a real SQLite file.

use husk_domain::{GrantInput, Kind, ProjectInput, Selection, Status};
use husk_store::{SaveError, Store, StoreError};

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

fn input(title: &str) -> ProjectInput {
    ProjectInput {
        kind: "prosjekt".into(),
        title: title.into(),
        region: "midt".into(),
        recipient: "Trondheim kommune".into(),
        recipient_type: "programkommune".into(),
        kommunenummer: "5001".into(),
        start_year: "2020".into(),
        end_year: "2022".into(),
        themes: vec!["brukermedvirkning".into()],
        target_groups: vec!["unge".into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn open_creates_the_file_migrates_and_loads_the_taxonomy() {
    let (dir, store) = fresh().await;
    // On PostgreSQL the data is in the server's database, and no SQLite file is made.
    assert_eq!(
        dir.path().join("data").join("husk.sqlite").exists(),
        husk_store::testing::postgres_server().is_none()
    );
    assert_eq!(
        store.backend() == husk_store::Backend::Postgres,
        husk_store::testing::postgres_server().is_some()
    );
    assert_eq!(
        store.schema_version().await.unwrap(),
        husk_store::latest_version()
    );
    assert_eq!(store.taxonomy().themes.len(), 12);
    assert_eq!(store.taxonomy().recipient_types.len(), 10);
    store.close().await;
    // Opening again runs no migration twice and keeps the data.
    let again = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    assert_eq!(again.taxonomy(), store.taxonomy());
}

#[tokio::test]
async fn a_database_from_a_newer_husk_is_refused() {
    let (dir, store) = fresh().await;
    store
        .create_project(&input("Før oppgradering"))
        .await
        .unwrap();
    store.close().await;
    {
        let pool = husk_store::testing::raw_pool(&dir.path().join("data"))
            .await
            .unwrap();
        sqlx::query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    match husk_store::testing::open(&dir.path().join("data")).await {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer database must be refused"),
    }
}

#[tokio::test]
async fn created_projects_get_an_id_per_office_and_read_back_whole() {
    let (_dir, store) = fresh().await;
    let a = store
        .create_project(&input("Ungdom i egen bolig"))
        .await
        .unwrap();
    let b = store.create_project(&input("Bo trygt")).await.unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("midt-01", "midt-02"));
    let d = store
        .read_as(&husk_domain::Viewer::System)
        .project(&a)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.project.title, "Ungdom i egen bolig");
    assert_eq!(d.project.kind, Kind::Prosjekt);
    assert_eq!(d.project.status, Status::Avsluttet);
    let r = d.project.recipient.unwrap();
    assert_eq!(r.name, "Trondheim kommune");
    assert_eq!(r.kommunenummer.unwrap().as_str(), "5001");
    assert_eq!(d.project.themes, vec!["brukermedvirkning"]);
    assert!(store
        .read_as(&husk_domain::Viewer::System)
        .project("midt-99")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn invalid_input_and_bad_references_are_refused_field_by_field() {
    let (_dir, store) = fresh().await;
    let mut bad = input("");
    bad.start_year = "to tusen".into();
    match store.create_project(&bad).await {
        Err(SaveError::Invalid(e)) => {
            assert!(e.get("title").is_some());
            assert!(e.get("start_year").unwrap().contains("«to tusen»"));
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    let id = store.create_project(&input("Et prosjekt")).await.unwrap();
    let mut child = input("Delprosjekt");
    child.parent = id.clone();
    child.related = vec!["finnes-ikke".into()];
    match store.create_project(&child).await {
        Err(SaveError::Invalid(e)) => {
            assert!(e.get("parent").unwrap().contains("ikke et program"), "{e}");
            assert!(e.get("related").unwrap().contains("«finnes-ikke»"), "{e}");
        }
        other => panic!("expected reference errors, got {other:?}"),
    }
    let mut dup = input("Samme id");
    dup.id = id.clone();
    assert!(matches!(
        store.create_project(&dup).await,
        Err(SaveError::Invalid(_))
    ));
    assert_eq!(
        store.projects().await.unwrap().len(),
        1,
        "nothing was written by the failed saves"
    );
}

#[tokio::test]
async fn programmes_have_children_and_links_show_both_ways() {
    let (_dir, store) = fresh().await;
    let mut prog = input("Velferdsprogram");
    prog.kind = "program".into();
    let p = store.create_project(&prog).await.unwrap();
    let mut child = input("Tiltak i programmet");
    child.kind = "tiltak".into();
    child.parent = p.clone();
    child.related = vec![p.clone()];
    let c = store.create_project(&child).await.unwrap();
    let pd = store
        .read_as(&husk_domain::Viewer::System)
        .project(&p)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        pd.children
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        vec![c.as_str()]
    );
    assert_eq!(
        pd.related.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![c.as_str()]
    );
    let cd = store
        .read_as(&husk_domain::Viewer::System)
        .project(&c)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cd.parent.unwrap().id, p);
}

#[tokio::test]
async fn update_replaces_fields_and_lists() {
    let (_dir, store) = fresh().await;
    let id = store.create_project(&input("Gammel tittel")).await.unwrap();
    let mut changed = input("Ny tittel");
    changed.themes = vec!["kompetanseheving".into(), "nettverk-arenaer".into()];
    changed.recipient.clear();
    changed.recipient_type.clear();
    changed.kommunenummer.clear();
    changed.end_year.clear();
    store.update_project(&id, &changed).await.unwrap();
    let d = store
        .read_as(&husk_domain::Viewer::System)
        .project(&id)
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(d.title, "Ny tittel");
    assert_eq!(d.themes, vec!["kompetanseheving", "nettverk-arenaer"]);
    assert_eq!(d.recipient, None);
    assert_eq!(d.years.end, None);
    assert!(matches!(
        store.update_project("midt-77", &changed).await,
        Err(SaveError::Store(StoreError::NotFound(_)))
    ));
}

#[tokio::test]
async fn grants_are_added_changed_deleted_and_counted() {
    let (_dir, store) = fresh().await;
    let id = store.create_project(&input("Med tilskudd")).await.unwrap();
    let g = |year: &str, amount: &str, status: &str| GrantInput {
        year: year.into(),
        amount_nok: amount.into(),
        budget_item: "post78".into(),
        status: status.into(),
        ..Default::default()
    };
    let a = store
        .add_grant(&id, &g("2020", "500 000", "tilsagn"))
        .await
        .unwrap();
    store
        .add_grant(&id, &g("2021", "250000", "forventet"))
        .await
        .unwrap();
    let d = store
        .read_as(&husk_domain::Viewer::System)
        .project(&id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((d.granted_nok(), d.expected_nok()), (500_000, 250_000));
    store
        .update_grant(&id, a, &g("2020", "600000", "utbetalt"))
        .await
        .unwrap();
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .project(&id)
            .await
            .unwrap()
            .unwrap()
            .granted_nok(),
        600_000
    );
    match store.add_grant(&id, &g("2020", "6,5", "tilsagn")).await {
        Err(SaveError::Invalid(e)) => assert!(e.get("amount_nok").is_some()),
        other => panic!("{other:?}"),
    }
    assert!(store
        .add_grant("midt-99", &g("2020", "1", "tilsagn"))
        .await
        .is_err());
    store.delete_grant(&id, a).await.unwrap();
    assert!(
        store.delete_grant(&id, a).await.is_err(),
        "a deleted grant is gone"
    );
    let k = store.key_figures().await.unwrap();
    assert_eq!(k.projects, 1);
    assert_eq!(k.granted_total, 0);
    assert_eq!(
        k.nok_by_year
            .iter()
            .map(|y| (y.year, y.expected))
            .collect::<Vec<_>>(),
        vec![(2021, 250_000)]
    );
}

#[tokio::test]
async fn demo_data_fills_the_register() {
    let (_dir, store) = fresh().await;
    assert!(!store.has_demo_data().await.unwrap());
    store.load_demo().await.unwrap();
    assert!(store.has_demo_data().await.unwrap());
    let all = store.list_projects(&Selection::default()).await.unwrap();
    // 57 mapped, 7 of region øst's programme, Kommuneprogrammet and its big-city programme,
    // 3 examples for the reporting demo, and the participations Husk makes entries for (11 of
    // region øst's participants and the big-city programme's 5 cities).
    assert_eq!(all.len(), 85);
    assert_eq!(
        all[0].id, "ost-01",
        "listed by office in taxonomy order, then id"
    );
    let sor04 = store
        .read_as(&husk_domain::Viewer::System)
        .project("sor-04")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        sor04.project.recipient, None,
        "sor-04 has no stated recipient"
    );
    let foyer = store
        .read_as(&husk_domain::Viewer::System)
        .project("bodo-01")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(foyer.granted_nok(), 700_000 + 845_000 + 230_000);
    let k = store.key_figures().await.unwrap();
    assert_eq!(
        k.by_region
            .iter()
            .find(|r| r.code == "vest")
            .unwrap()
            .projects,
        11,
        "ten mapped entries and one example entry for the reporting demo"
    );
    let asker = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-up-asker")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(asker.parent.unwrap().id, "ost-utviklingsprogram");
}

/// Many people saving at once: each change in the log names the one who made it.
#[tokio::test]
async fn the_audit_log_names_the_right_person_when_many_write_at_once() {
    let (_dir, store) = fresh().await;
    let mut writers = Vec::new();
    for w in 0..8 {
        let store = store.acting_as(husk_store::Actor::system(&format!("skriver{w}")));
        writers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..6 {
                let id = loop {
                    match store
                        .create_project(&input(&format!("Skriver {w} nr {i}")))
                        .await
                    {
                        Ok(id) => break id,
                        // Two writers may pick the same next id; the loser tries again.
                        Err(husk_store::SaveError::Store(_)) => continue,
                        Err(e) => panic!("{e}"),
                    }
                };
                ids.push(id);
            }
            (w, ids)
        }));
    }
    let mut checked = 0;
    for writer in writers {
        let (w, ids) = writer.await.unwrap();
        for id in ids {
            let log = store
                .audit_log(&husk_store::AuditFilter {
                    table: Some("projects".into()),
                    record: Some(id.clone()),
                    limit: 10,
                    ..Default::default()
                })
                .await
                .unwrap();
            let insert = log
                .iter()
                .find(|e| e.action == "insert" && e.record_id == id)
                .unwrap_or_else(|| panic!("no log entry for {id}"));
            assert_eq!(insert.actor, format!("skriver{w}"), "{id}");
            checked += 1;
        }
    }
    assert_eq!(checked, 48);
}
