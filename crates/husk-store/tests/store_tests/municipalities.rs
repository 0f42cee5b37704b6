//! Municipalities and fact sheets in the store: what Husk gathers per kommunenummer and per
//! participant, and what each kind of viewer reads of it, on SQLite and (with
//! `HUSK_TEST_POSTGRES`) PostgreSQL.

use crate::common::{demo, viewer};
use husk_domain::ids::Kommunenummer;
use husk_domain::programmes::phases::Recorder;
use husk_domain::programmes::plans::MeasureInput;
use husk_domain::programmes::Phase;
use husk_domain::Viewer;
use husk_store::municipalities::GrantSource;
use husk_store::programmes::{TransitionInput, DEMO_PROGRAMME};
use husk_store::{Store, StoreError};

fn k(n: &str) -> Kommunenummer {
    Kommunenummer::parse(n).unwrap()
}

async fn indicators(store: &Store) {
    let csv = "kommunenummer,year,indicator,value\n\
               3203,2011,startlan,80\n3203,2012,startlan,95\n3201,2012,startlan,120\n\
               3403,2012,startlan,31\n9999,2012,startlan,5000\n3203,2010,bostedslose,12\n";
    store
        .import_indicators("indikatorer.csv", csv.as_bytes(), false)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_municipality_gathers_participations_grants_entries_reports_and_indicators() {
    let (_dir, store) = demo().await;
    indicators(&store).await;
    let admin = viewer(&store, "demo-admin").await;
    let m = store
        .read_as(&admin)
        .municipality(&k("3203"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.name, "Asker");
    let names: Vec<&str> = m.participations.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Asker"]);
    assert_eq!(m.participations[0].programme_id, DEMO_PROGRAMME);
    // Table 1 has no row for Asker (its pool is not stated); the register's grants to Asker
    // kommune's entries are there, with their entry.
    assert!(m.grants.iter().any(|g| g.year == 2012
        && g.amount == 2_440_000
        && matches!(&g.source, GrantSource::Entry { id, .. } if id == "ost-up-asker")));
    assert!(m.grants.windows(2).all(|w| w[0].year <= w[1].year));
    let ids: Vec<&str> = m.entries.iter().map(|e| e.id.as_str()).collect();
    for id in ["ost-up-asker", "ost-eks-program", "ost-eks-hf"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(!ids.contains(&"vest-eks-leie"), "Bergen's is not Asker's");
    assert!(!m.reports.is_empty());
    assert!(m.reports.iter().all(|r| r.entry_id.starts_with("ost-")));
    // The latest value of each indicator, with its year.
    assert_eq!(m.indicators.len(), 2);
    assert_eq!(m.indicators[0].indicator.code, "startlan");
    assert_eq!((m.indicators[0].year, m.indicators[0].value), (2012, 95.0));
    assert_eq!(m.indicators[1].indicator.code, "bostedslose");
    assert_eq!(m.indicators[1].year, 2010);

    // Known only from indicator values; unknown altogether.
    let other = store
        .read_as(&admin)
        .municipality(&k("9999"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.name, "Kommunenummer 9999");
    assert!(other.participations.is_empty() && other.entries.is_empty());
    assert!(store
        .read_as(&admin)
        .municipality(&k("1111"))
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        store
            .read_as(&Viewer::Public)
            .municipality(&k("3203"))
            .await,
        Err(StoreError::Hidden)
    ));

    // Oslo takes part in region øst's programme through four districts, all under 0301, and
    // in the big-city programme itself.
    let oslo = store
        .read_as(&admin)
        .municipality(&k("0301"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(oslo.name, "Oslo");
    let in_programme = |id: &str| {
        oslo.participations
            .iter()
            .filter(|p| p.programme_id == id)
            .count()
    };
    assert_eq!(in_programme(DEMO_PROGRAMME), 4);
    assert_eq!(in_programme("nasjonal-storbyprogrammet"), 1);

    let list = store.read_as(&admin).municipalities().await.unwrap();
    let numbers: Vec<&str> = list.iter().map(|m| m.kommunenummer.as_str()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    for n in ["0301", "3201", "3203", "4601", "9999"] {
        assert!(numbers.contains(&n), "{n} in {numbers:?}");
    }
    let asker = list.iter().find(|m| m.kommunenummer == "3203").unwrap();
    assert_eq!(asker.participations, 1);
    assert!(asker.entries >= 3);
}

#[tokio::test]
async fn a_recipient_sees_its_own_participation_and_only_the_reports_it_may_read() {
    let (_dir, store) = demo().await;
    let asker = viewer(&store, "demo-mottaker-asker").await;
    let admin = viewer(&store, "demo-admin").await;

    let own = store
        .read_as(&asker)
        .municipality(&k("3203"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(own.participations.len(), 1);

    // Another participant: the register's entries stay (everyone logged in reads them), the
    // participation and its grant rows do not.
    let baerum = store
        .read_as(&asker)
        .municipality(&k("3201"))
        .await
        .unwrap()
        .unwrap();
    assert!(baerum.participations.is_empty());
    assert!(baerum
        .grants
        .iter()
        .all(|g| !matches!(g.source, GrantSource::Programme { .. })));
    let staff = store
        .read_as(&admin)
        .municipality(&k("3201"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(staff.participations.len(), 1);
    assert!(staff
        .grants
        .iter()
        .any(|g| matches!(g.source, GrantSource::Programme { .. })));

    // Bergen's submitted report is Bergen's and the staff's to read, not Asker's.
    store
        .create_user(&husk_store::UserInput {
            username: "bergen".into(),
            name: "Bergen kommune sin bruker".into(),
            email: String::new(),
            role: "mottaker".into(),
            region: String::new(),
            organisation: "Bergen kommune".into(),
            password: "et-langt-passord-123".into(),
        })
        .await
        .unwrap();
    let bergen_user = viewer(&store, "bergen").await;
    let as_staff = store
        .read_as(&admin)
        .municipality(&k("4601"))
        .await
        .unwrap()
        .unwrap();
    let as_bergen = store
        .read_as(&bergen_user)
        .municipality(&k("4601"))
        .await
        .unwrap()
        .unwrap();
    let as_asker = store
        .read_as(&asker)
        .municipality(&k("4601"))
        .await
        .unwrap()
        .unwrap();
    assert!(!as_staff.reports.is_empty());
    assert_eq!(as_bergen.reports.len(), as_staff.reports.len());
    assert!(
        as_asker.reports.len() < as_staff.reports.len(),
        "Asker reads {} of Bergen's {} reports",
        as_asker.reports.len(),
        as_staff.reports.len()
    );
    let list = store.read_as(&asker).municipalities().await.unwrap();
    let counts: Vec<(&str, usize)> = list
        .iter()
        .filter(|m| m.participations > 0)
        .map(|m| (m.kommunenummer.as_str(), m.participations))
        .collect();
    assert_eq!(counts, [("3203", 1)]);
}

#[tokio::test]
async fn the_fact_sheet_has_phase_grants_rule_and_indicators_against_the_others() {
    let (_dir, store) = demo().await;
    indicators(&store).await;
    let system = store.read_as(&Viewer::System);
    let p = system.programme(DEMO_PROGRAMME).await.unwrap().unwrap();
    let asker = p.find_participant("3203").unwrap();
    assert_eq!(asker.name, "Asker");
    assert_eq!(p.find_participant("asker").unwrap().id, asker.id);
    assert_eq!(
        p.find_participant(&asker.id.to_string()).unwrap().name,
        "Asker"
    );
    let err = p.find_participant("0301").unwrap_err();
    assert!(
        err.contains("Oslo bydel Alna") && err.contains("4 deltakere"),
        "{err}"
    );
    let err = p.find_participant("Tromsø").unwrap_err();
    assert!(err.contains("«Tromsø» er ikke en deltaker"), "{err}");

    let admin_user = store.user_by_name("demo-admin").await.unwrap().unwrap();
    store
        .acting_as(husk_store::Actor::user(admin_user.id, &admin_user.username))
        .record_phase_transition(
            asker.id,
            &TransitionInput {
                to: "soknad-og-opptak".into(),
                date: "01.03.2010".into(),
                reason: "Søknaden er mottatt.".into(),
                override_reason: String::new(),
            },
            Recorder {
                name: "Demo Administrator".into(),
                is_admin: true,
            },
        )
        .await
        .unwrap();

    let s = system
        .fact_sheet(DEMO_PROGRAMME, asker.id)
        .await
        .unwrap()
        .unwrap();
    assert!(s.measures.is_empty(), "no plan yet");
    assert!(s
        .to_text()
        .contains("\nTiltak\nPlanen har ingen delprosjekter eller tiltak registrert.\n"));

    // The municipality's own recipient adds two measures to the plan.
    let recipient_user = store
        .user_by_name("demo-mottaker-asker")
        .await
        .unwrap()
        .unwrap();
    let own = store.acting_as(husk_store::Actor::user(
        recipient_user.id,
        &recipient_user.username,
    ));
    let measure = |title: &str, end: &str, status: &str, reason: &str| MeasureInput {
        id: String::new(),
        kind: "tiltak".into(),
        title: title.into(),
        goals: vec!["resultat-1".into()],
        owner: "Boligkontoret".into(),
        start: "01.01.2011".into(),
        end: end.into(),
        status: status.into(),
        postponed_reason: reason.into(),
        in_ordinary_operation: false,
    };
    own.add_measure(
        asker.id,
        &measure("Boligkartlegging", "31.12.2011", "startet", ""),
        "Asker kommune",
    )
    .await
    .unwrap();
    own.add_measure(
        asker.id,
        &measure(
            "Boligskole",
            "31.12.2099",
            "utsatt",
            "Venter på budsjettet.",
        ),
        "Asker kommune",
    )
    .await
    .unwrap();

    let s = system
        .fact_sheet(DEMO_PROGRAMME, asker.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.participant, "Asker");
    assert_eq!(s.phase, Some(Phase::Application));
    assert_eq!(s.goals.len(), 10);
    let measures: Vec<(&str, &str, bool)> = s
        .measures
        .iter()
        .map(|m| (m.title.as_str(), m.status.as_str(), m.late))
        .collect();
    assert_eq!(
        measures,
        [
            ("Boligkartlegging", "Startet", true),
            ("Boligskole", "Utsatt: Venter på budsjettet.", false)
        ]
    );
    assert_eq!(s.measures[0].goals, ["resultat-1"]);
    let text = s.to_text();
    assert!(
        text.contains("2 tiltak: 1 startet og 1 utsatt. 1 er forsinket, og ingen er tatt ut i linje og inn i driften."),
        "{text}"
    );
    assert!(text.contains("Startet – forsinket"), "{text}");
    assert_eq!(s.grants.len(), asker.grants.len());
    assert_eq!(
        s.grant_total(),
        asker.grants.iter().map(|g| g.amount).sum::<i64>()
    );
    let shares: Vec<u32> = s
        .cofinancing
        .iter()
        .map(|c| c.share.basis_points())
        .collect();
    assert_eq!(shares, [0, 3000, 4000, 5000]);
    // Asker's pool is not stated in the source: no calendar year is inferred.
    if asker.pool.year().is_none() {
        assert!(s.cofinancing.iter().all(|c| c.year.is_none()));
    }
    let startlan = &s.indicators[0];
    assert_eq!((startlan.year, startlan.value), (2012, 95.0));
    let c = startlan.comparison.unwrap();
    assert_eq!(c.municipalities, 2, "Bærum and Hamar; 9999 takes no part");
    assert_eq!(c.average, 75.5);
    assert_eq!(s.comparison_group, 13);

    // Who may read it.
    let recipient = viewer(&store, "demo-mottaker-asker").await;
    assert!(store
        .read_as(&recipient)
        .fact_sheet(DEMO_PROGRAMME, asker.id)
        .await
        .unwrap()
        .is_some());
    let hamar = p.find_participant("Hamar").unwrap().id;
    assert!(matches!(
        store
            .read_as(&recipient)
            .fact_sheet(DEMO_PROGRAMME, hamar)
            .await,
        Err(StoreError::Hidden)
    ));
    assert!(system
        .fact_sheet(DEMO_PROGRAMME, 999_999)
        .await
        .unwrap()
        .is_none());
    assert!(system
        .fact_sheet("finnes-ikke", asker.id)
        .await
        .unwrap()
        .is_none());
}
