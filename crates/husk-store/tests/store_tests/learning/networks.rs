//! The learning area's networks in the store: the demo networks with only what the seeds
//! state, membership by the register's organisations, an assignment reported back on by its
//! member, reads as each kind of viewer, and the theme-of-the-month rotation.

use husk_domain::access::AssignmentScope;
use husk_domain::learning::networks::{
    AssignmentInput, MemberInput, MonthTheme, NetworkMeetingInput, ReportBackInput,
    ThemeOfMonthInput,
};
use husk_domain::Viewer;
use husk_store::accounts::UserInput;
use husk_store::learning::networks::{NetworkFilter, StoredNetwork};
use husk_store::{Actor, SaveError, Store, StoreError};
use time::macros::date;

async fn user(store: &Store, username: &str, role: &str, region: &str, org: &str) -> Viewer {
    store
        .create_user(&UserInput {
            username: username.into(),
            name: format!("Test {username}"),
            email: String::new(),
            role: role.into(),
            region: region.into(),
            organisation: org.into(),
            password: "test-passord-123".into(),
        })
        .await
        .unwrap();
    let u = store.user_by_name(username).await.unwrap().unwrap();
    Viewer::User(u.to_ref())
}

fn named<'a>(all: &'a [StoredNetwork], name: &str) -> &'a StoredNetwork {
    all.iter()
        .find(|n| n.name.starts_with(name))
        .unwrap_or_else(|| panic!("no network {name}"))
}

#[tokio::test]
async fn members_see_their_networks_and_report_back_on_their_own_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&dir.path().join("data"))
        .await
        .unwrap();
    // A second load adds nothing.
    store.load_demo().await.unwrap();
    let all = store
        .read_as(&Viewer::System)
        .networks(&NetworkFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 5, "the five networks seeds 003 and 004 describe");

    // The demo says only what the seeds state, with their sources.
    let midt = named(&all, "Nasjonalt læringsnettverk i Midt-Norge");
    let agents: Vec<&str> = midt.agents().map(|m| m.name.as_str()).collect();
    assert_eq!(agents, ["Stjørdal", "Kristiansund"]);
    assert!(midt.source.contains("Seed 004"));
    assert!(midt.meetings.is_empty() && midt.assignments.is_empty());
    let ostfold = named(&all, "Østfoldnettverket");
    assert_eq!(ostfold.mandate.lines().count(), 7);
    assert!(ostfold.meeting_rhythm.contains("kvartal"));
    assert_eq!(
        ostfold.programme_id.as_deref(),
        Some("ost-utviklingsprogram")
    );
    let stjordal = midt.members.iter().find(|m| m.name == "Stjørdal").unwrap();
    assert!(stjordal.husk_note.contains("lagt til av Husk"));

    // Asker is a member (by the register's «Asker kommune»), Bergen is not.
    let akershus = named(&all, "Regionalt nettverk i Akershus");
    let asker_member = akershus.members.iter().find(|m| m.name == "Asker").unwrap();
    assert_eq!(
        asker_member.organisation_name.as_deref(),
        Some("Asker kommune")
    );
    let asker = user(&store, "t-asker", "mottaker", "", "Asker kommune").await;
    let baerum = user(&store, "t-baerum", "mottaker", "", "Bærum kommune").await;
    let bergen = user(&store, "t-bergen", "mottaker", "", "Bergen kommune").await;
    let ost = user(&store, "t-ost", "radgiver", "ost", "").await;
    let midt_adviser = user(&store, "t-midt", "radgiver", "midt", "").await;
    let leser = user(&store, "t-leser", "leser", "", "").await;

    let seen = |v: Viewer| {
        let store = store.clone();
        async move {
            store
                .read_as(&v)
                .networks(&NetworkFilter::default())
                .await
                .unwrap()
                .into_iter()
                .map(|n| n.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(seen(asker.clone()).await, ["Regionalt nettverk i Akershus"]);
    assert!(seen(bergen.clone()).await.is_empty());
    assert!(seen(Viewer::Public).await.is_empty());
    assert_eq!(seen(leser.clone()).await.len(), 5);
    assert!(matches!(
        store.read_as(&asker).network(midt.id).await,
        Err(StoreError::Hidden)
    ));
    let only_midt = store
        .read_as(&leser)
        .networks(&NetworkFilter {
            office: "midt".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(only_midt.len(), 1);

    // Region øst's adviser runs Akershus: a meeting, and an assignment for Asker until it.
    assert!(ost.may_manage_network(akershus.scope()));
    assert!(!midt_adviser.may_manage_network(akershus.scope()));
    let as_ost = store.acting_as(Actor::user(ost.user().unwrap().id, "t-ost"));
    let meeting = as_ost
        .save_network_meeting(
            akershus.id,
            None,
            &NetworkMeetingInput {
                date: "12.03.2026".into(),
                place: "Asker rådhus".into(),
                topic: "Kartlegging av boligbehov".into(),
                notes: String::new(),
            },
        )
        .await
        .unwrap();
    let n = store
        .read_as(&ost)
        .network(akershus.id)
        .await
        .unwrap()
        .unwrap();
    let bad = as_ost
        .save_assignment(
            &n,
            None,
            &AssignmentInput {
                member: asker_member.id.to_string(),
                text: "  ".into(),
                due_meeting: String::new(),
                due_date: "31.02.2026".into(),
            },
        )
        .await;
    let Err(SaveError::Invalid(e)) = bad else {
        panic!("an empty assignment with a bad date was saved")
    };
    assert!(e.get("oppdrag").is_some() && e.get("frist").is_some());
    let assignment = as_ost
        .save_assignment(
            &n,
            None,
            &AssignmentInput {
                member: asker_member.id.to_string(),
                text: "Del kartleggingsskjemaet med de andre kommunene".into(),
                due_meeting: meeting.to_string(),
                due_date: String::new(),
            },
        )
        .await
        .unwrap();
    let n = store
        .read_as(&asker)
        .network(akershus.id)
        .await
        .unwrap()
        .unwrap();
    let a = n.assignment(assignment).unwrap();
    assert_eq!(a.due_meeting_date, Some(date!(2026 - 03 - 12)));
    let scope: AssignmentScope = n.assignment_scope(a);
    // Asker reports back on its own assignment; Bærum, another member, may not.
    assert!(asker.may_report_back(scope));
    assert!(baerum.may_read_network(n.scope()) && !baerum.may_report_back(scope));
    assert!(!leser.may_report_back(scope));
    let as_asker = store.acting_as(Actor::user(asker.user().unwrap().id, "t-asker"));
    as_asker
        .report_back(
            assignment,
            &ReportBackInput {
                text: "Skjemaet er sendt til Bærum og Lørenskog.".into(),
                date: "10.03.2026".into(),
            },
            date!(2026 - 03 - 11),
        )
        .await
        .unwrap();
    let n = store
        .read_as(&leser)
        .network(akershus.id)
        .await
        .unwrap()
        .unwrap();
    let report = n.assignment(assignment).unwrap().report.clone().unwrap();
    assert_eq!(report.date, date!(2026 - 03 - 10));
    assert!(report.text.contains("Bærum og Lørenskog"));

    // A member the register has no organisation for links to nothing; a duplicate is refused.
    let added = as_ost
        .save_member(
            akershus.id,
            None,
            &MemberInput {
                kind: "statlig".into(),
                name: "NAV Asker".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let again = as_ost
        .save_member(
            akershus.id,
            None,
            &MemberInput {
                kind: "statlig".into(),
                name: "NAV Asker".into(),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(again, Err(SaveError::Invalid(e)) if e.get("medlemsnavn").is_some()));
    let n = store
        .read_as(&leser)
        .network(akershus.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.member(added).unwrap().organisation_id, None);

    // The theme of the month: one entry a month per office, read by staff only.
    let entry = ThemeOfMonthInput {
        month: "2026-09".into(),
        adviser: "Kari Rådgiver".into(),
        theme_code: "brukerrelaterte-metoder".into(),
        ..Default::default()
    };
    as_ost
        .save_theme_of_month("ost", None, &entry)
        .await
        .unwrap();
    let twice = as_ost
        .save_theme_of_month(
            "ost",
            None,
            &ThemeOfMonthInput {
                theme_code: String::new(),
                theme_text: "Housing First".into(),
                ..entry
            },
        )
        .await;
    assert!(
        matches!(twice, Err(SaveError::Invalid(e)) if e.get("maned").unwrap().contains("September 2026"))
    );
    let rotation = store
        .read_as(&leser)
        .themes_of_month(Some("ost"))
        .await
        .unwrap();
    assert_eq!(rotation.len(), 1);
    assert_eq!(
        rotation[0].theme,
        MonthTheme::Knowledge("brukerrelaterte-metoder".into())
    );
    assert!(store
        .read_as(&leser)
        .themes_of_month(Some("midt"))
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.read_as(&asker).themes_of_month(Some("ost")).await,
        Err(StoreError::Hidden)
    ));
}
