//! Municipal programmes in the store: the demo programme as seed 003 gives it, reads as each
//! kind of viewer, and phase transitions under the domain's rule, on SQLite and (with
//! `HUSK_TEST_POSTGRES`) PostgreSQL.

use crate::common::{demo, viewer};
use husk_domain::programmes::phases::Recorder;
use husk_domain::programmes::{BudgetFigure, EntryYear, Phase, ProgrammeDefinition, ProgrammeType};
use husk_domain::{Viewer, YearRange};
use husk_store::programmes::{
    ParticipantRecord, TransitionInput, DEMO_PROGRAMME, KOMMUNEPROGRAMMET, STORBYPROGRAMMET,
};
use husk_store::{SaveError, Store, StoreError};

fn input(to: &str, date: &str, reason: &str, override_reason: &str) -> TransitionInput {
    TransitionInput {
        to: to.into(),
        date: date.into(),
        reason: reason.into(),
        override_reason: override_reason.into(),
    }
}

#[tokio::test]
async fn the_demo_programme_is_seed_003s_with_every_participant_once() {
    let (_dir, store) = demo().await;
    let p = store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.offices, ["ost"]);
    assert_eq!(
        p.period,
        YearRange {
            start: 2009,
            end: Some(2017)
        }
    );
    assert_eq!(p.budget.total, BudgetFigure::Approximately(100_000_000));
    assert_eq!(
        p.budget.project_support,
        BudgetFigure::Approximately(92_000_000)
    );
    let shares: Vec<u32> = p.cofinancing.iter().map(|s| s.basis_points()).collect();
    assert_eq!(shares, [0, 3000, 4000, 5000]);
    let codes: Vec<&str> = p.goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(&codes[..3], ["visjon", "hovedmal", "kunnskapsrettet"]);
    assert_eq!(p.goals.len(), 2 + 3 + 5);

    // 14 municipalities, Oslo through four districts; nobody twice.
    assert_eq!(p.participants.len(), 17);
    let mut municipalities: Vec<&str> = p
        .participants
        .iter()
        .map(|x| x.municipality.as_str())
        .collect();
    municipalities.dedup();
    assert_eq!(municipalities.len(), 14);
    let lorenskog: Vec<_> = p
        .participants
        .iter()
        .filter(|x| x.municipality == "Lørenskog")
        .collect();
    assert_eq!(lorenskog.len(), 1);
    assert_eq!(lorenskog[0].entry.as_ref().unwrap().id, "ost-up-lorenskog");
    let same: Vec<&str> = lorenskog[0]
        .same_participation
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(same, ["ost-05"]);
    let lillehammer = p
        .participants
        .iter()
        .find(|x| x.name == "Lillehammer")
        .unwrap();
    assert_eq!(lillehammer.same_participation[0].id, "ost-08");
    assert_eq!(lillehammer.kommunenummer.as_deref(), Some("3405"));
    assert_eq!(lillehammer.pool, EntryYear::Year(2009));
    let asker = p.participants.iter().find(|x| x.name == "Asker").unwrap();
    assert_eq!(asker.pool, EntryYear::NotStated);
    assert!(asker.planned_end.is_none());
    let alna = p
        .participants
        .iter()
        .find(|x| x.name == "Oslo bydel Alna")
        .unwrap();
    assert_eq!(alna.district.as_deref(), Some("Alna"));
    assert_eq!(alna.kommunenummer.as_deref(), Some("0301"));

    // Table 1: the totals and the part not itemised per municipality.
    let totals: Vec<(i32, i64, i64)> = p
        .years
        .iter()
        .map(|y| (y.year, y.total.unwrap().amount, y.not_itemised.unwrap()))
        .collect();
    assert_eq!(
        totals,
        [
            (2009, 4_595_000, 595_000),
            (2010, 14_892_010, 7_992_010),
            (2011, 17_478_000, 9_978_000),
            (2012, 24_500_000, 17_000_000),
        ]
    );
    assert_eq!(p.conflict_years, [2011]);
    let hamar = p.participants.iter().find(|x| x.name == "Hamar").unwrap();
    let g2011 = hamar.grants.iter().find(|g| g.year == 2011).unwrap();
    assert_eq!(g2011.amount, 1_500_000);
    assert_eq!(
        g2011.other.as_ref().unwrap().value,
        "2 200 000 kr, bevilget"
    );

    // Loading again changes nothing.
    store.load_demo().await.unwrap();
    let again = store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.participants.len(), 17);
}

#[tokio::test]
async fn staff_read_every_programme_and_a_recipient_its_own_participation() {
    let (_dir, store) = demo().await;
    for name in ["demo-leser", "demo-radgiver-vest", "demo-admin"] {
        let v = viewer(&store, name).await;
        let list = store.read_as(&v).programmes().await.unwrap();
        let counts: Vec<(&str, usize)> = list
            .iter()
            .map(|p| (p.id.as_str(), p.participants))
            .collect();
        assert_eq!(
            counts,
            [
                (DEMO_PROGRAMME, 17),
                (KOMMUNEPROGRAMMET, 0),
                (STORBYPROGRAMMET, 5)
            ],
            "{name}"
        );
    }
    let asker = viewer(&store, "demo-mottaker-asker").await;
    let list = store.read_as(&asker).programmes().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].participants, 1);
    let p = store
        .read_as(&asker)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    assert!(!p.all_participants);
    let names: Vec<&str> = p.participants.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Asker"]);

    assert!(store
        .read_as(&Viewer::Public)
        .programmes()
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store
            .read_as(&Viewer::Public)
            .programme(DEMO_PROGRAMME)
            .await,
        Err(StoreError::Hidden)
    ));
    assert!(store
        .read_as(&Viewer::System)
        .programme("finnes-ikke")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn phase_transitions_follow_the_rule_and_keep_who_and_why() {
    let (_dir, store) = demo().await;
    let p = store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    let hamar = p
        .participants
        .iter()
        .find(|x| x.name == "Hamar")
        .unwrap()
        .id;
    let adviser_user = store
        .user_by_name("demo-radgiver-ost")
        .await
        .unwrap()
        .unwrap();
    let adviser = store.acting_as(husk_store::Actor::user(
        adviser_user.id,
        &adviser_user.username,
    ));
    let as_adviser = || Recorder::from(&adviser_user.to_ref());

    // Bad input: every problem at its field.
    let Err(SaveError::Invalid(e)) = adviser
        .record_phase_transition(hamar, &input("", "32.13.2009", "", ""), as_adviser())
        .await
    else {
        panic!("refused")
    };
    assert!(e.get("til").is_some() && e.get("dato").is_some() && e.get("begrunnelse").is_some());
    // A reason longer than the limit is refused at its field, and nothing is recorded.
    let long = "x".repeat(husk_domain::limits::NOTE + 1);
    let Err(SaveError::Invalid(e)) = adviser
        .record_phase_transition(
            hamar,
            &input("soknad-og-opptak", "01.03.2009", &long, ""),
            as_adviser(),
        )
        .await
    else {
        panic!("a too long reason was accepted")
    };
    assert!(
        e.get("begrunnelse").is_some_and(|m| m.contains("1 000")),
        "{e:?}"
    );

    for (to, date) in [
        ("soknad-og-opptak", "01.03.2009"),
        ("oppstart", "01.09.2009"),
        ("program-og-planfase", "01.01.2010"),
    ] {
        adviser
            .record_phase_transition(
                hamar,
                &input(to, date, "Avtalt i statusmøtet.", ""),
                as_adviser(),
            )
            .await
            .unwrap();
    }
    // Leaving the planning phase without its deliverables is refused, also with a reason to
    // override: only an administrator may.
    let Err(SaveError::Invalid(e)) = adviser
        .record_phase_transition(
            hamar,
            &input(
                "gjennomforingsfase",
                "01.01.2011",
                "Planen er vedtatt.",
                "Vedtatt i kommunestyret.",
            ),
            as_adviser(),
        )
        .await
    else {
        panic!("refused")
    };
    assert!(
        e.iter().any(|f| f.field == "leveranser.foranalyse"),
        "{e:?}"
    );
    assert!(e.get("overstyring").is_some());

    let admin_user = store.user_by_name("demo-admin").await.unwrap().unwrap();
    let admin = store.acting_as(husk_store::Actor::user(admin_user.id, &admin_user.username));
    let t = admin
        .record_phase_transition(
            hamar,
            &input(
                "gjennomforingsfase",
                "01.01.2011",
                "Planen er vedtatt.",
                "Leveransene er registrert i kommunens eget system.",
            ),
            Recorder::from(&admin_user.to_ref()),
        )
        .await
        .unwrap();
    assert_eq!(t.from, Some(Phase::Planning));
    assert!(t.overridden.is_some());

    let p = store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    let hamar = p.participants.iter().find(|x| x.name == "Hamar").unwrap();
    assert_eq!(hamar.history.current(), Some(Phase::Implementation));
    assert_eq!(hamar.history.transitions.len(), 4);
    let last = hamar.history.transitions.last().unwrap();
    assert_eq!(last.by, "Demo Administrator");
    let o = last.overridden.as_ref().unwrap();
    assert_eq!(
        o.reason,
        "Leveransene er registrert i kommunens eget system."
    );
    assert!(o.rules_set_aside.iter().any(|r| r.contains("Foranalysen")));
    // The planned end (2013, inferred from the pool and five years) has passed: late.
    assert!(!hamar.late.is_empty());

    // The audit log names who made it.
    let log = store
        .audit_log(&husk_store::AuditFilter {
            table: Some("phase_transitions".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].actor, "demo-admin");
}

async fn participant_id(store: &Store, name: &str) -> i64 {
    store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap()
        .participants
        .iter()
        .find(|x| x.name == name)
        .unwrap()
        .id
}

async fn acting(store: &Store, username: &str) -> (Store, husk_domain::UserRef) {
    let u = store.user_by_name(username).await.unwrap().unwrap();
    (
        store.acting_as(husk_store::Actor::user(u.id, &u.username)),
        u.to_ref(),
    )
}

#[tokio::test]
async fn recorded_deliverables_let_a_participant_leave_the_planning_phase() {
    let (_dir, store) = demo().await;
    let hamar = participant_id(&store, "Hamar").await;
    let (adviser, user) = acting(&store, "demo-radgiver-ost").await;
    for (to, date) in [
        ("soknad-og-opptak", "01.03.2009"),
        ("oppstart", "01.09.2009"),
        ("program-og-planfase", "01.01.2010"),
    ] {
        adviser
            .record_phase_transition(
                hamar,
                &input(to, date, "Avtalt.", ""),
                Recorder::from(&user),
            )
            .await
            .unwrap();
    }
    // A bad date is refused at its field, and nothing is recorded.
    let mut d = husk_domain::programmes::DeliverablesInput {
        pre_analysis: "31.02.2010".into(),
        ..Default::default()
    };
    let Err(SaveError::Invalid(e)) = adviser.record_deliverables(hamar, &d, &user.name).await
    else {
        panic!("a bad date was accepted")
    };
    assert!(e.get("foranalyse").is_some());
    // Some recorded: the move is refused, naming what is still missing, in Norwegian.
    d.pre_analysis = "15.03.2010".into();
    d.fact_sheet = "01.04.2010".into();
    d.owner = "Rådmannen".into();
    d.steering_group = "Rådmannens ledergruppe".into();
    adviser
        .record_deliverables(hamar, &d, &user.name)
        .await
        .unwrap();
    let leave = input("gjennomforingsfase", "01.01.2011", "Planen er vedtatt.", "");
    let Err(SaveError::Invalid(e)) = adviser
        .record_phase_transition(hamar, &leave, Recorder::from(&user))
        .await
    else {
        panic!("left the planning phase with deliverables missing")
    };
    let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
    assert!(!fields.contains(&"leveranser.foranalyse"), "{fields:?}");
    assert!(!fields.contains(&"leveranser.faktaark"), "{fields:?}");
    assert_eq!(
        e.get("leveranser.programorganisering"),
        Some("Programorganiseringen mangler programgruppe og programleder. Skriv hvem som har rollene.")
    );
    assert!(e.get("leveranser.programplan").is_some());
    assert!(e.get("leveranser.forankring").is_some());

    // Everything recorded: the adviser moves it on without an override.
    d.programme_group = "Boligsosialt team".into();
    d.programme_leader = "Kari Nordmann".into();
    d.has_activity_plan = true;
    d.adopted = "14.12.2010".into();
    d.adopted_by = "Kommunestyret".into();
    d.master_plan = true;
    d.economic_plan = true;
    d.budget = true;
    adviser
        .record_deliverables(hamar, &d, &user.name)
        .await
        .unwrap();
    let t = adviser
        .record_phase_transition(hamar, &leave, Recorder::from(&user))
        .await
        .unwrap();
    assert_eq!(t.to, Phase::Implementation);
    assert!(t.overridden.is_none());

    let detail = store
        .read_as(&Viewer::System)
        .participant(DEMO_PROGRAMME, hamar)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        detail.deliverables.organisation.programme_leader,
        "Kari Nordmann"
    );
    assert_eq!(
        detail.deliverables.programme_plan.adopted,
        Some(time::macros::date!(2010 - 12 - 14))
    );
    assert_eq!(detail.deliverables_changed.unwrap().by, user.name);
    let log = store
        .audit_log(&husk_store::AuditFilter {
            table: Some("programme_deliverables".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].actor, "demo-radgiver-ost");
}

fn measure(
    title: &str,
    goals: &[&str],
    status: &str,
) -> husk_domain::programmes::plans::MeasureInput {
    husk_domain::programmes::plans::MeasureInput {
        id: String::new(),
        kind: "tiltak".into(),
        title: title.into(),
        goals: goals.iter().map(|g| g.to_string()).collect(),
        owner: "Boligkontoret".into(),
        start: "01.01.2011".into(),
        end: "31.12.2012".into(),
        status: status.into(),
        postponed_reason: String::new(),
        in_ordinary_operation: false,
    }
}

#[tokio::test]
async fn a_plan_keeps_measures_by_goal_and_the_checklist_with_who_changed_them() {
    let (_dir, store) = demo().await;
    let asker = participant_id(&store, "Asker").await;
    let (recipient, user) = acting(&store, "demo-mottaker-asker").await;

    // Goal codes are checked against the programme's goals.
    let Err(SaveError::Invalid(e)) = recipient
        .add_measure(
            asker,
            &measure("Boligskole", &["resultat-9"], "startet"),
            &user.name,
        )
        .await
    else {
        panic!("an unknown goal was accepted")
    };
    assert!(e.get("mal").unwrap().contains("«resultat-9» finnes ikke"));

    let first = recipient
        .add_measure(
            asker,
            &measure("Boligskole", &["resultat-4", "okonomisk"], "startet"),
            &user.name,
        )
        .await
        .unwrap();
    assert_eq!(first.goals, ["okonomisk", "resultat-4"]);
    recipient
        .add_measure(
            asker,
            &measure("Foranalyse", &["kunnskapsrettet"], "planlagt"),
            &user.name,
        )
        .await
        .unwrap();

    // Editing: postponed needs its reason; then it is kept.
    let id: i64 = first.id.parse().unwrap();
    let mut edit = measure("Boligskole for unge", &["resultat-4"], "utsatt");
    let Err(SaveError::Invalid(e)) = recipient.update_measure(asker, id, &edit, &user.name).await
    else {
        panic!("postponed without a reason")
    };
    assert_eq!(
        e.get("utsatt_begrunnelse"),
        Some("Skriv hvorfor tiltaket er utsatt.")
    );
    edit.postponed_reason = "Venter på budsjettet.".into();
    recipient
        .update_measure(asker, id, &edit, &user.name)
        .await
        .unwrap();
    // Another participant's measure is not this one's to change.
    let hamar = participant_id(&store, "Hamar").await;
    assert!(matches!(
        recipient.update_measure(hamar, id, &edit, &user.name).await,
        Err(SaveError::Store(StoreError::NotFound(_)))
    ));

    // The checklist: a too long comment is refused at its item; then saved.
    let long = "x".repeat(husk_domain::limits::NOTE + 1);
    let marks = |comment: &str| {
        vec![
            husk_store::programmes::MarkInput {
                item: "a".into(),
                ticked: true,
                comment: "Vedtatt i kommuneplanens samfunnsdel.".into(),
            },
            husk_store::programmes::MarkInput {
                item: "c".into(),
                ticked: false,
                comment: comment.into(),
            },
        ]
    };
    let Err(SaveError::Invalid(e)) = recipient
        .save_checklist(asker, &marks(&long), &user.name)
        .await
    else {
        panic!("a too long comment was accepted")
    };
    assert!(e.get("kommentar.c").is_some(), "{e:?}");
    recipient
        .save_checklist(asker, &marks("Ikke ennå."), &user.name)
        .await
        .unwrap();
    // Saving the same again writes nothing new.
    recipient
        .save_checklist(asker, &marks("Ikke ennå."), &user.name)
        .await
        .unwrap();

    let detail = store
        .read_as(&Viewer::System)
        .participant(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    let titles: Vec<&str> = detail
        .plan
        .measures
        .iter()
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(titles, ["Boligskole for unge", "Foranalyse"]);
    assert_eq!(
        detail.plan.measures[0].status.label(),
        "Utsatt: Venter på budsjettet."
    );
    assert_eq!(detail.plan.measures_for_goal("kunnskapsrettet").len(), 1);
    let goals = detail.goals.as_ref().unwrap();
    let uncovered: Vec<&str> = detail
        .plan
        .goals_without_measures(goals)
        .iter()
        .map(|g| g.code.as_str())
        .collect();
    assert!(uncovered.contains(&"okonomisk") && !uncovered.contains(&"resultat-4"));
    assert_eq!(
        detail.plan.checklist.summary(),
        "1 av 11 punkter er krysset av."
    );
    assert_eq!(detail.plan.checklist.lines()[2].comment, "Ikke ennå.");
    assert_eq!(detail.checklist_changed.unwrap().by, user.name);
    assert_eq!(detail.measures_changed[&first.id].by, user.name);

    let log = store
        .audit_log(&husk_store::AuditFilter {
            table: Some("programme_checklist_marks".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "two marks written once each");
    assert!(log.iter().all(|l| l.actor == "demo-mottaker-asker"));
}

#[tokio::test]
async fn a_participant_is_read_by_staff_and_its_own_recipient_only() {
    let (_dir, store) = demo().await;
    let asker = participant_id(&store, "Asker").await;
    let hamar = participant_id(&store, "Hamar").await;
    let recipient = viewer(&store, "demo-mottaker-asker").await;
    let own = store
        .read_as(&recipient)
        .participant(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(own.participant.name, "Asker");
    assert_eq!(own.programme.participants.len(), 1);
    assert!(matches!(
        store
            .read_as(&recipient)
            .participant(DEMO_PROGRAMME, hamar)
            .await,
        Err(StoreError::Hidden)
    ));
    assert!(matches!(
        store
            .read_as(&Viewer::Public)
            .participant(DEMO_PROGRAMME, asker)
            .await,
        Err(StoreError::Hidden)
    ));
    let leser = viewer(&store, "demo-leser").await;
    assert!(store
        .read_as(&leser)
        .participant(DEMO_PROGRAMME, hamar)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .read_as(&leser)
        .participant(DEMO_PROGRAMME, 999_999)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn kommuneprogrammet_and_the_big_city_programme_hold_only_what_seed_004_states() {
    let (_dir, store) = demo().await;
    let reader = store.read_as(&Viewer::System);
    let k = reader.programme(KOMMUNEPROGRAMMET).await.unwrap().unwrap();
    assert_eq!(k.programme_type, ProgrammeType::Kommuneprogram);
    assert_eq!(k.title, "Husbankens kommuneprogram Bolig for velferd");
    assert_eq!(
        k.period,
        YearRange {
            start: 2016,
            end: Some(2020)
        }
    );
    assert_eq!(k.offices.len(), 6);
    assert_eq!(k.budget.total, BudgetFigure::NotStated);
    assert_eq!(k.budget.project_support, BudgetFigure::NotStated);
    assert!(k.participation_years.is_none());
    assert!(k.cofinancing.is_empty(), "no co-financing rule stated");
    assert!(k.goals.is_empty(), "no goals stated");
    assert!(k.participants.is_empty());
    assert!(k.years.is_empty(), "no grants stated");
    assert!(k.source.contains("seed 004"), "{}", k.source);
    assert!(k
        .fact_sources
        .iter()
        .all(|f| f.source.contains("seed 004") && !f.derived));

    let s = reader.programme(STORBYPROGRAMMET).await.unwrap().unwrap();
    assert_eq!(s.programme_type, ProgrammeType::Storbyprogram);
    let cities: Vec<(&str, Option<&str>, EntryYear)> = s
        .participants
        .iter()
        .map(|x| (x.name.as_str(), x.kommunenummer.as_deref(), x.pool))
        .collect();
    assert_eq!(
        cities,
        [
            ("Oslo", Some("0301"), EntryYear::NotStated),
            ("Bergen", Some("4601"), EntryYear::NotStated),
            ("Trondheim", Some("5001"), EntryYear::NotStated),
            ("Stavanger", Some("1103"), EntryYear::NotStated),
            ("Drammen", Some("3301"), EntryYear::NotStated),
        ]
    );
    assert!(s
        .participants
        .iter()
        .all(|x| x.planned_end.is_none() && x.grants.is_empty()));
    // Each city's participation is an entry under the programme's, made by Husk.
    assert!(s.participants.iter().all(|x| x
        .entry
        .as_ref()
        .is_some_and(|e| e.id.starts_with("nasjonal-storbyprogrammet-"))));
    assert!(s.goals.is_empty() && s.cofinancing.is_empty());
    let derived: Vec<&str> = s
        .fact_sources
        .iter()
        .filter(|f| f.derived)
        .map(|f| f.fact.as_str())
        .collect();
    assert_eq!(derived, ["Periode", "Eiere"]);

    // The big-city programme's entry sits under Kommuneprogrammet's in the register.
    let entry = reader.project(STORBYPROGRAMMET).await.unwrap().unwrap();
    assert_eq!(entry.project.parent.as_deref(), Some(KOMMUNEPROGRAMMET));

    // No participant twice in any programme, and loading again adds nobody.
    for id in [DEMO_PROGRAMME, KOMMUNEPROGRAMMET, STORBYPROGRAMMET] {
        let p = reader.programme(id).await.unwrap().unwrap();
        let mut names: Vec<&str> = p.participants.iter().map(|x| x.name.as_str()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "{id}");
    }
    assert_eq!(store.load_demo_programmes().await.unwrap(), 0);
}

#[tokio::test]
async fn the_overview_and_the_annual_report_follow_the_viewer() {
    let (_dir, store) = demo().await;
    let o = store
        .read_as(&Viewer::System)
        .programme_overview(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.participants.len(), 17);
    let hamar = o
        .participants
        .iter()
        .find(|x| x.participant.name == "Hamar")
        .unwrap();
    assert!(hamar.grant_total() > 0);

    let asker = viewer(&store, "demo-mottaker-asker").await;
    let o = store
        .read_as(&asker)
        .programme_overview(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    let names: Vec<&str> = o
        .participants
        .iter()
        .map(|x| x.participant.name.as_str())
        .collect();
    assert_eq!(names, ["Asker"]);
    assert!(o
        .participants
        .iter()
        .flat_map(|x| &x.reports)
        .all(|r| r.project_id == "ost-up-asker"));

    let y = store
        .read_as(&Viewer::System)
        .programme_year(DEMO_PROGRAMME, 2011)
        .await
        .unwrap()
        .unwrap();
    assert!(y.sources_disagree);
    let g = y.grants.unwrap();
    assert_eq!(g.total.unwrap().amount, 17_478_000);
    assert_eq!(g.not_itemised, Some(9_978_000));
    let hamar = y
        .participants
        .iter()
        .find(|x| x.participant.name == "Hamar")
        .unwrap();
    assert!(hamar.grant.as_ref().unwrap().other.is_some());
    assert!(
        !store
            .read_as(&Viewer::System)
            .programme_year(DEMO_PROGRAMME, 2013)
            .await
            .unwrap()
            .unwrap()
            .sources_disagree
    );
    assert!(matches!(
        store
            .read_as(&Viewer::Public)
            .programme_overview(DEMO_PROGRAMME)
            .await,
        Err(StoreError::Hidden)
    ));
}

#[tokio::test]
async fn a_programme_is_loaded_generically_from_any_definition() {
    let (_dir, store) = demo().await;
    let text = r#"
name = "Prøveprogram"
region = "vest"
period = [2020, 2024]
[members]
entered_2020 = ["Askøy", "Bergen bydel Arna"]
entry_year_not_stated = ["Voss"]
"#;
    let def = ProgrammeDefinition::from_toml(text, ProgrammeType::Partnerskap).unwrap();
    // On a register entry of kind `program` (the participations are entries under it).
    let records = [ParticipantRecord {
        programme: "ost-eks-program".into(),
        participant: "Askøy".into(),
        kommunenummer: "4627".into(),
        ..Default::default()
    }];
    let added = store
        .load_programme("ost-eks-program", &def, None, &records, "Prøvekilde")
        .await
        .unwrap();
    assert_eq!(added, 3);
    let p = store
        .read_as(&Viewer::System)
        .programme("ost-eks-program")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.source, "Prøvekilde");
    assert_eq!(p.participants[0].kommunenummer.as_deref(), Some("4627"));
    assert_eq!(p.participants[1].district.as_deref(), Some("Arna"));
    assert_eq!(p.participants[2].pool, EntryYear::NotStated);
    assert_eq!(
        store
            .load_programme("finnes-ikke", &def, None, &records, "x")
            .await
            .unwrap(),
        0,
        "no register entry, no programme"
    );
}

/// The entry as the system reads it.
async fn entry(store: &Store, id: &str) -> husk_store::ProjectDetail {
    store
        .read_as(&Viewer::System)
        .project(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no entry {id}"))
}

#[tokio::test]
async fn every_participation_and_every_line_of_a_plan_is_an_entry_in_the_register() {
    use husk_domain::programmes::plans::LineClassification;
    use husk_domain::{Kind, Selection, Status};
    let (dir, store) = demo().await;
    let system = store.read_as(&Viewer::System);

    // Every participant of every demo programme has its participation's entry, once.
    let mut participations = Vec::new();
    for id in [DEMO_PROGRAMME, STORBYPROGRAMMET, KOMMUNEPROGRAMMET] {
        let p = system.programme(id).await.unwrap().unwrap();
        for x in &p.participants {
            let e = x
                .entry
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no entry", x.name));
            let d = entry(&store, &e.id).await;
            assert_eq!(d.project.parent.as_deref(), Some(id), "{}", x.name);
            assert_eq!(d.project.kind, Kind::Program, "{}", x.name);
            participations.push(e.id.clone());
        }
    }
    assert_eq!(participations.len(), 17 + 5);
    participations.sort();
    participations.dedup();
    assert_eq!(participations.len(), 22, "no participation twice");
    // The CSV's entries are kept; the eleven øst participants and the five cities without
    // one got theirs: 69 entries before, 85 now.
    assert!(participations.contains(&"ost-up-lorenskog".to_string()));
    assert!(participations.contains(&"ost-up-asker".to_string()));
    let all = store.list_projects(&Selection::default()).await.unwrap();
    assert_eq!(all.len(), 85);

    let halden = entry(&store, "ost-utviklingsprogram-halden").await;
    assert_eq!(
        halden.project.title,
        "Halden i Boligsosialt utviklingsprogram"
    );
    assert_eq!(
        halden.project.years,
        YearRange {
            start: 2009,
            end: Some(2017)
        }
    );
    assert_eq!(halden.project.status, Status::Avsluttet);
    let r = halden.project.recipient.as_ref().unwrap();
    assert_eq!(r.name, "Halden kommune");
    assert_eq!(r.kommunenummer.as_ref().unwrap().to_string(), "3101");
    let related: Vec<&str> = halden.related.iter().map(|r| r.id.as_str()).collect();
    assert!(
        related.contains(&"ost-02"),
        "the same participation: {related:?}"
    );
    // The period and status are inferred, and say from what.
    let notes = system
        .entry("ost-utviklingsprogram-halden")
        .await
        .unwrap()
        .unwrap()
        .source_notes()
        .await
        .unwrap();
    let fields: Vec<&str> = notes.iter().map(|n| n.field.as_str()).collect();
    assert_eq!(fields, ["Periode", "Status"]);
    assert!(notes.iter().all(|n| n.kind.code() == "utledet"));
    let oslo = entry(&store, "nasjonal-storbyprogrammet-oslo").await;
    assert_eq!(oslo.project.title, "Oslo i Storbyprogrammet");
    assert_eq!(oslo.project.region, "nasjonal");
    assert_eq!(
        oslo.project.years,
        YearRange {
            start: 2016,
            end: Some(2020)
        }
    );
    let notes = system
        .entry("nasjonal-storbyprogrammet-oslo")
        .await
        .unwrap()
        .unwrap()
        .source_notes()
        .await
        .unwrap();
    assert!(
        notes[0].value.source.contains("seed 004, kap. 2.3"),
        "{notes:?}"
    );

    // A line of the plan is an entry under the participation's, kept in step.
    let elverum = participant_id(&store, "Elverum").await;
    let (adviser, user) = acting(&store, "demo-radgiver-ost").await;
    let mut line = measure("Boligskole", &["resultat-4"], "planlagt");
    let m = adviser
        .add_measure(elverum, &line, &user.name)
        .await
        .unwrap();
    let detail = system
        .participant(DEMO_PROGRAMME, elverum)
        .await
        .unwrap()
        .unwrap();
    let line_entry = detail.line_entries.get(&m.id).unwrap().clone();
    let d = entry(&store, &line_entry).await;
    assert_eq!(d.project.kind, Kind::Tiltak);
    assert_eq!(d.project.title, "Boligskole");
    assert_eq!(
        d.project.parent.as_deref(),
        Some("ost-utviklingsprogram-elverum")
    );
    assert_eq!(d.project.status, Status::Planlagt);
    assert_eq!(
        d.project.years,
        YearRange {
            start: 2011,
            end: Some(2012)
        }
    );
    assert!(d.project.themes.is_empty());
    line.title = "Boligskole for unge".into();
    line.status = "gjennomfort".into();
    line.kind = "delprosjekt".into();
    let theme = store.taxonomy().themes[0].code.clone();
    let target = store.taxonomy().target_groups[0].code.clone();
    adviser
        .save_classified_measure(
            elverum,
            Some(m.id.parse().unwrap()),
            &line,
            &LineClassification {
                themes: vec![theme.clone()],
                target_groups: vec![target.clone()],
            },
            &user.name,
        )
        .await
        .unwrap();
    let d = entry(&store, &line_entry).await;
    assert_eq!(d.project.title, "Boligskole for unge");
    assert_eq!(d.project.kind, Kind::Prosjekt);
    assert_eq!(d.project.status, Status::Avsluttet);
    assert_eq!(d.project.themes, std::slice::from_ref(&theme));
    assert_eq!(d.project.target_groups, [target]);
    // A save without a classification keeps the one it has.
    line.status = "avbrutt".into();
    adviser
        .update_measure(elverum, m.id.parse().unwrap(), &line, &user.name)
        .await
        .unwrap();
    let d = entry(&store, &line_entry).await;
    assert_eq!(d.project.status, Status::Avbrutt);
    assert_eq!(d.project.themes, [theme]);
    assert_eq!(
        store
            .list_projects(&Selection::default())
            .await
            .unwrap()
            .len(),
        86,
        "one entry for the line, however often it is saved"
    );
    // An unknown theme is refused with the line's own problems, and nothing is saved.
    line.owner.clear();
    let Err(SaveError::Invalid(e)) = adviser
        .save_classified_measure(
            elverum,
            None,
            &line,
            &LineClassification {
                themes: vec!["finnes-ikke".into()],
                target_groups: vec![],
            },
            &user.name,
        )
        .await
    else {
        panic!("an unknown theme was accepted")
    };
    assert!(e.get("ansvarlig").is_some(), "{e}");
    assert!(e.get("tema").unwrap().contains("«finnes-ikke»"), "{e}");

    // Where the entry sits: the participant, for who may read the participation.
    let place = system.programme_place(&line_entry).await.unwrap().unwrap();
    assert_eq!(place.participant, elverum);
    assert_eq!(place.line, Some(m.id.parse().unwrap()));
    assert_eq!(
        place.participant_href(),
        format!("/programmer/{DEMO_PROGRAMME}/deltakere/{elverum}")
    );
    let asker = viewer(&store, "demo-mottaker-asker").await;
    assert_eq!(
        store
            .read_as(&asker)
            .programme_place("ost-utviklingsprogram-elverum")
            .await
            .unwrap(),
        None
    );
    assert!(store
        .read_as(&asker)
        .programme_place("ost-up-asker")
        .await
        .unwrap()
        .is_some());

    // The parent rule: nothing under a measure; a project under a project only if that
    // project is under a programme.
    let child = |parent: &str, kind: &str| husk_domain::ProjectInput {
        kind: kind.into(),
        title: "Under".into(),
        region: "ost".into(),
        start_year: "2012".into(),
        parent: parent.into(),
        ..Default::default()
    };
    adviser
        .create_project(&child(&line_entry, "tiltak"))
        .await
        .expect("a measure under a sub-project of a participation");
    let Err(SaveError::Invalid(e)) = adviser.create_project(&child("ost-01", "tiltak")).await
    else {
        panic!("a measure under a project outside any programme was accepted")
    };
    assert!(
        e.get("parent").unwrap().contains(
            "«ost-01» er et prosjekt, ikke et program, og det hører ikke inn under et program selv"
        ),
        "{e}"
    );
    line.owner = "Boligkontoret".into();
    line.kind = "tiltak".into();
    let t = adviser
        .add_measure(elverum, &line, &user.name)
        .await
        .unwrap();
    let detail = system
        .participant(DEMO_PROGRAMME, elverum)
        .await
        .unwrap()
        .unwrap();
    let measure_entry = detail.line_entries.get(&t.id).unwrap();
    let Err(SaveError::Invalid(e)) = adviser
        .create_project(&child(measure_entry, "prosjekt"))
        .await
    else {
        panic!("an entry under a measure was accepted")
    };
    assert!(
        e.get("parent")
            .unwrap()
            .contains("er et tiltak, og ingen oppføring kan ha et tiltak som overordnet"),
        "{e}"
    );

    // Participants and lines stored before Husk kept them in the register get their entries
    // when the database is opened.
    let raw = husk_store::testing::raw_pool(&dir.path().join("data"))
        .await
        .unwrap();
    for sql in [
        "DELETE FROM projects WHERE parent_id = $1",
        "DELETE FROM projects WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(&line_entry)
            .execute(&raw)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM projects WHERE parent_id = $1")
        .bind("ost-utviklingsprogram-elverum")
        .execute(&raw)
        .await
        .unwrap();
    sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind("ost-utviklingsprogram-elverum")
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    store.close().await;
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    let detail = store
        .read_as(&Viewer::System)
        .participant(DEMO_PROGRAMME, elverum)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        detail.participant.entry.as_ref().unwrap().id,
        "ost-utviklingsprogram-elverum"
    );
    assert_eq!(
        detail.line_entries.len(),
        2,
        "both lines have their entries again"
    );
    let d = entry(&store, detail.line_entries.get(&m.id).unwrap()).await;
    assert_eq!(d.project.title, "Boligskole for unge");
    assert_eq!(
        d.project.parent.as_deref(),
        Some("ost-utviklingsprogram-elverum")
    );
}

fn programme_input(
    p: &husk_store::programmes::Programme,
) -> husk_domain::programmes::editing::ProgrammeInput {
    use husk_domain::programmes::editing::{GoalInput, ProgrammeInput};
    ProgrammeInput {
        programme_type: p.programme_type.code().into(),
        offices: p.offices.clone(),
        budget_total: "100000000".into(),
        budget_total_precision: "approximately".into(),
        budget_support: "92000000".into(),
        budget_support_precision: "approximately".into(),
        start_year: p.period.start.to_string(),
        end_year: p.period.end.map(|y| y.to_string()).unwrap_or_default(),
        coordinator: String::new(),
        goals: p
            .goals
            .iter()
            .map(|g| GoalInput {
                code: g.code.clone(),
                level: g.level.code().into(),
                text: g.text.clone(),
            })
            .collect(),
    }
}

#[tokio::test]
async fn an_adviser_edits_the_programme_with_stable_goal_codes_and_its_participants() {
    use husk_domain::programmes::editing::{GoalInput, ParticipantInput};
    use husk_store::programmes::editing::Removal;
    let (_dir, store) = demo().await;
    let (adviser, user) = acting(&store, "demo-radgiver-ost").await;
    let read = |s: &Store| {
        let s = s.clone();
        async move {
            s.read_as(&Viewer::System)
                .programme(DEMO_PROGRAMME)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let p = read(&store).await;

    // A measure points to resultat-4: it cannot be removed, and the message says what points.
    let asker = participant_id(&store, "Asker").await;
    adviser
        .add_measure(
            asker,
            &measure("Boligskole", &["resultat-4"], "startet"),
            &user.name,
        )
        .await
        .unwrap();
    let mut input = programme_input(&p);
    input
        .goals
        .retain(|g| g.code != "resultat-4" && g.code != "resultat-5");
    input.offices = vec!["vest".into()];
    input.budget_support = "200000000".into();
    let Err(SaveError::Invalid(e)) = adviser
        .update_programme(DEMO_PROGRAMME, &input, false)
        .await
    else {
        panic!("the edit was saved")
    };
    assert!(e
        .get("mal.resultat-4")
        .unwrap()
        .contains("tiltaket «Boligskole» hos Asker"));
    assert!(
        e.get("mal.resultat-5").is_none(),
        "nothing points to resultat-5"
    );
    assert!(e.get("kontorer").unwrap().contains("administrator"));
    assert!(e.get("prosjektstotte").is_some());

    // Removing a free goal, adding one and changing the rest: the new goal gets a new code.
    let mut input = programme_input(&p);
    input.goals.retain(|g| g.code != "resultat-5");
    input.goals.push(GoalInput {
        code: String::new(),
        level: "resultatmal".into(),
        text: "Flere leier med mulighet til å eie".into(),
    });
    input.budget_total = "98 500 000".into();
    input.budget_total_precision = "exact".into();
    input.coordinator = "Kari Koordinator".into();
    input.end_year = "2018".into();
    let edit = adviser
        .update_programme(DEMO_PROGRAMME, &input, false)
        .await
        .unwrap();
    assert_eq!(
        edit.goals.last().unwrap().code.as_deref(),
        Some("resultat-6")
    );
    let p = read(&store).await;
    assert_eq!(p.budget.total, BudgetFigure::Exact(98_500_000));
    assert_eq!(p.period.end, Some(2018));
    assert!(p.goals.iter().all(|g| g.code != "resultat-5"));
    assert_eq!(
        store
            .read_as(&Viewer::System)
            .programme_coordinator(&p)
            .await
            .unwrap(),
        "Kari Koordinator"
    );
    // A later new goal never gets the retired code back.
    let mut again = programme_input(&p);
    again.goals.push(GoalInput {
        code: String::new(),
        level: "resultatmal".into(),
        text: "Enda et mål".into(),
    });
    let edit = adviser
        .update_programme(DEMO_PROGRAMME, &again, false)
        .await
        .unwrap();
    assert_eq!(
        edit.goals.last().unwrap().code.as_deref(),
        Some("resultat-7")
    );
    let retired = store
        .read_as(&Viewer::System)
        .retired_goals(&p)
        .await
        .unwrap();
    assert_eq!(retired.len(), 1);
    assert_eq!(retired[0].code, "resultat-5");
    // An administrator hands it to another office.
    let (admin, admin_user) = acting(&store, "demo-admin").await;
    let mut moved = programme_input(&read(&store).await);
    moved.offices = vec!["ost".into(), "vest".into()];
    admin
        .update_programme(DEMO_PROGRAMME, &moved, true)
        .await
        .unwrap();
    assert_eq!(read(&store).await.offices, ["ost", "vest"]);
    let log = store
        .audit_log(&husk_store::AuditFilter {
            table: Some("programme_goals".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(log.iter().any(|l| l.actor == "demo-radgiver-ost"));

    // A participant: checked, its first phase recorded with who, an 8-year plan only warned.
    let mut new = ParticipantInput {
        kommunenummer: "33O1".into(),
        municipality: "Drammen".into(),
        district: String::new(),
        pool_year: "2011".into(),
        planned_end_year: "2018".into(),
        contact_adviser: "Ola Rådgiver".into(),
    };
    let Err(SaveError::Invalid(e)) = adviser
        .add_participant(DEMO_PROGRAMME, &new, Recorder::from(&user))
        .await
    else {
        panic!("a bad kommunenummer was accepted")
    };
    assert!(e.get("kommunenummer").unwrap().contains("«33O1»"));
    new.kommunenummer = "3301".into();
    let added = adviser
        .add_participant(DEMO_PROGRAMME, &new, Recorder::from(&user))
        .await
        .unwrap();
    assert!(added.warnings[0].contains("8 år"), "{:?}", added.warnings);
    let p = read(&store).await;
    let drammen = p.participant(added.id).unwrap();
    assert_eq!(drammen.kommunenummer.as_deref(), Some("3301"));
    assert_eq!(drammen.history.current(), Some(Phase::Application));
    assert_eq!(drammen.history.transitions[0].by, user.name);
    let Err(SaveError::Invalid(e)) = adviser
        .add_participant(DEMO_PROGRAMME, &new, Recorder::from(&user))
        .await
    else {
        panic!("the same participant twice")
    };
    assert!(e.get("kommune").unwrap().contains("allerede"));

    // Its row changes; then, with nothing recorded, it can be removed.
    let change = ParticipantInput {
        pool_year: "2012".into(),
        planned_end_year: "2015".into(),
        contact_adviser: "Per Rådgiver".into(),
        ..ParticipantInput::default()
    };
    let c = adviser.update_participant(added.id, &change).await.unwrap();
    assert!(c.warnings.is_empty());
    let p = read(&store).await;
    let drammen = p.participant(added.id).unwrap();
    assert_eq!(drammen.pool, EntryYear::Year(2012));
    assert_eq!(drammen.contact_adviser, "Per Rådgiver");
    assert_eq!(
        adviser.remove_participant(added.id).await.unwrap(),
        Removal::Removed
    );
    assert!(read(&store).await.participant(added.id).is_none());

    // Asker has a measure and grants: it is phased out instead.
    let Removal::Refused(r) = admin.remove_participant(asker).await.unwrap() else {
        panic!("a participant with records was removed")
    };
    assert!(r.plan_lines >= 1, "{r:?}");
    assert!(r.refusal().unwrap().contains("utfasing og avslutning"));
    let _ = admin_user;
}
