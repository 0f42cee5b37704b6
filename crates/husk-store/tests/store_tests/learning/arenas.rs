//! The learning area's arenas in the store: the demo's arenas with their sources and date
//! precision, the calendar's filters, reads per role, writes with every problem at its field,
//! and the calendar feed token.

use crate::common::{demo, viewer};
use husk_domain::learning::arenas::{
    AgendaItemInput, ArenaFilter, ArenaInput, DatePrecision, ParticipantInput, When,
};
use husk_domain::Viewer;
use husk_store::programmes::DEMO_PROGRAMME;
use husk_store::{Actor, SaveError, StoreError};
use time::macros::date;

#[tokio::test]
async fn the_calendar_filters_reads_per_role_and_keeps_the_sources_precision() {
    let (_dir, store) = demo().await;
    let today = date!(2026 - 12 - 02);
    let staff = viewer(&store, "demo-leser").await;
    let all = store
        .read_as(&staff)
        .arenas(&ArenaFilter::default(), When::All, today)
        .await
        .unwrap();
    assert_eq!(all.len(), 10, "the demo's arenas from seeds 003 and 004");
    assert!(
        all.iter().all(|a| !a.source.is_empty()),
        "each names its source"
    );
    let september = all
        .iter()
        .find(|a| a.title == "Programsamling september 2011")
        .unwrap();
    assert_eq!(september.date.label(), "13.09.2011");
    let trip = all
        .iter()
        .find(|a| a.title == "Studietur til Danmark")
        .unwrap();
    assert_eq!(
        (trip.date.precision, trip.date.label()),
        (DatePrecision::Year, "2011".to_string())
    );

    // Per programme and per office; upcoming is empty for what is all in the past.
    let by_programme = ArenaFilter {
        programme: Some(DEMO_PROGRAMME.into()),
        ..Default::default()
    };
    let programme = store
        .read_as(&staff)
        .arenas(&by_programme, When::Past, today)
        .await
        .unwrap();
    assert_eq!(programme.len(), 6);
    assert!(programme.iter().all(|a| a.office == "ost"));
    let bodo = ArenaFilter {
        office: Some("bodo".into()),
        ..Default::default()
    };
    let b = store
        .read_as(&staff)
        .arenas(&bodo, When::All, today)
        .await
        .unwrap();
    assert_eq!(b.len(), 2);
    assert!(store
        .read_as(&staff)
        .arenas(&by_programme, When::Upcoming, today)
        .await
        .unwrap()
        .is_empty());

    // Asker takes part in region øst's programme: its users read those arenas, not the rest.
    let asker = viewer(&store, "demo-mottaker-asker").await;
    let seen = store
        .read_as(&asker)
        .arenas(&ArenaFilter::default(), When::All, today)
        .await
        .unwrap();
    assert_eq!(seen.len(), 6);
    let fagdag = all.iter().find(|a| a.office == "bodo").unwrap();
    assert!(matches!(
        store.read_as(&asker).arena(fagdag.id).await,
        Err(StoreError::Hidden)
    ));
    assert!(matches!(
        store.read_as(&Viewer::Public).arena(september.id).await,
        Err(StoreError::Hidden)
    ));
    let full = store
        .read_as(&asker)
        .arena(september.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(full.participants[0].organisation, "Hamar kommune");
    assert_eq!(
        full.participants[0].count, None,
        "the source gives no count"
    );
    assert!(full.agenda[0].title.contains("Hamar kommune"));
}

#[tokio::test]
async fn an_adviser_adds_an_arena_its_agenda_and_participants_and_a_feed_token() {
    let (_dir, store) = demo().await;
    let u = store
        .user_by_name("demo-radgiver-ost")
        .await
        .unwrap()
        .unwrap();
    let acting = store.acting_as(Actor::user(u.id, &u.username));
    let bad = ArenaInput {
        tittel: "Frokostmøte om bostøtte".into(),
        kind: "frokostmote".into(),
        fra: "31.11.2027".into(),
        kontor: "ost".into(),
        program: "ost-finnes-ikke".into(),
        ..Default::default()
    };
    let Err(SaveError::Invalid(e)) = acting.save_arena(None, &bad).await else {
        panic!("a bad date is refused");
    };
    assert!(e
        .get("fra")
        .unwrap()
        .contains("«31.11.2027» er ikke en dato"));
    let input = ArenaInput {
        fra: "15.03.2027".into(),
        program: DEMO_PROGRAMME.into(),
        temaer: vec!["tildeling-bosetting".into()],
        ..bad.clone()
    };
    let id = acting.save_arena(None, &input).await.unwrap();
    acting
        .save_arena_agenda(
            id,
            &[AgendaItemInput {
                tid: "8.00".into(),
                tittel: "Frokost og innledning".into(),
                hvem: "Husbanken region øst".into(),
            }],
        )
        .await
        .unwrap();
    let Err(SaveError::Invalid(e)) = acting
        .save_arena_participants(
            id,
            &[ParticipantInput {
                organisasjon: "Moss kommune".into(),
                antall: "mange".into(),
            }],
        )
        .await
    else {
        panic!("a count that is not a number is refused");
    };
    assert!(e.get("deltaker-1-antall").is_some());
    acting
        .save_arena_participants(
            id,
            &[ParticipantInput {
                organisasjon: "Moss kommune".into(),
                antall: "4".into(),
            }],
        )
        .await
        .unwrap();
    let a = store
        .read_as(&Viewer::System)
        .arena(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.agenda[0].time, "08:00");
    assert_eq!(a.participants[0].count, Some(4));
    assert_eq!(a.themes, vec!["tildeling-bosetting".to_string()]);
    let upcoming = store
        .read_as(&Viewer::System)
        .arenas(
            &ArenaFilter::default(),
            When::Upcoming,
            date!(2026 - 12 - 02),
        )
        .await
        .unwrap();
    assert_eq!(upcoming.iter().map(|a| a.id).collect::<Vec<_>>(), vec![id]);

    let token = store.new_arena_feed_token(u.id).await.unwrap();
    assert_eq!(
        store
            .arena_feed_user(&token)
            .await
            .unwrap()
            .map(|u| u.username),
        Some("demo-radgiver-ost".to_string())
    );
    let newer = store.new_arena_feed_token(u.id).await.unwrap();
    assert!(
        store.arena_feed_user(&token).await.unwrap().is_none(),
        "replaced"
    );
    assert!(store.arena_feed_user(&newer).await.unwrap().is_some());
}
