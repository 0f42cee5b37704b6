//! Status meetings and agreements in the store: actions carried forward to the next meeting
//! and closed there, the generated agenda, reads as each kind of viewer, and reminders sent
//! once; on SQLite and (with `HUSK_TEST_POSTGRES`) PostgreSQL.

use crate::common::{demo, viewer};
use husk_domain::programmes::meetings::{
    ActionStatus, AgreedActionInput, MeetingPlanInput, StatusMeetingInput,
};
use husk_domain::programmes::partnerships::{AgreementInput, DialogueMeetingInput, PartyInput};
use husk_domain::programmes::plans::MeasureInput;
use husk_domain::Viewer;
use husk_store::accounts::UserInput;
use husk_store::programmes::meetings::reminders::ProgrammeReminderKind;
use husk_store::programmes::DEMO_PROGRAMME;
use husk_store::{Actor, SaveError, Store, StoreError};
use time::macros::date;

async fn acting(store: &Store, username: &str) -> Store {
    let u = store.user_by_name(username).await.unwrap().unwrap();
    store.acting_as(Actor::user(u.id, &u.username))
}

/// The participant's id by name.
async fn participant(store: &Store, name: &str) -> i64 {
    let p = store
        .read_as(&Viewer::System)
        .programme(DEMO_PROGRAMME)
        .await
        .unwrap()
        .unwrap();
    p.participants.iter().find(|x| x.name == name).unwrap().id
}

fn action(text: &str, owner: &str, due: &str) -> AgreedActionInput {
    AgreedActionInput {
        text: text.into(),
        owner: owner.into(),
        due: due.into(),
    }
}

fn held(date: &str, actions: Vec<AgreedActionInput>) -> StatusMeetingInput {
    StatusMeetingInput {
        date: date.into(),
        attendees: "Programeier, programleder, rådgiver".into(),
        minutes: "Gikk gjennom status.".into(),
        actions,
    }
}

fn plan(date: &str) -> MeetingPlanInput {
    MeetingPlanInput {
        date: date.into(),
        attendees: "Programeier og rådgiver".into(),
    }
}

#[tokio::test]
async fn an_open_action_is_carried_to_the_next_meeting_and_closed_there() {
    let (_dir, store) = demo().await;
    let asker = participant(&store, "Asker").await;
    let adviser = acting(&store, "demo-radgiver-ost").await;

    let first = adviser
        .plan_status_meeting(asker, &plan("01.03.2013"))
        .await
        .unwrap();
    adviser
        .record_status_meeting(
            first,
            &held(
                "05.03.2013",
                vec![
                    action("Sende foranalysen", "Programlederen", "01.04.2013"),
                    action("Avtale møte med NAV", "Rådgiveren", "01.06.2013"),
                ],
            ),
        )
        .await
        .unwrap();
    let second = adviser
        .plan_status_meeting(asker, &plan("05.09.2013"))
        .await
        .unwrap();

    let reader = store.read_as(&Viewer::System);
    let m = reader
        .status_meetings(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.meetings.len(), 2);
    assert_eq!(m.next_due, Some(date!(2013 - 09 - 05)), "the planned one");
    let next = m.meeting(second).unwrap();
    let carried: Vec<&str> = m
        .follow_up(next.date(), Some(second))
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(carried, ["Sende foranalysen", "Avtale møte med NAV"]);
    let agenda = reader
        .meeting_agenda(&m, next.date(), Some(second), date!(2013 - 08 - 01))
        .await
        .unwrap();
    let open = &agenda.items[1];
    assert_eq!(open.heading, "Oppfølgingspunkter fra tidligere møter");
    assert_eq!(open.lines.len(), 2);
    assert!(
        open.lines[0].starts_with("Sende foranalysen (ansvarlig: Programlederen, avtalt 05.03.2013, fristen var 01.04.2013)"),
        "{:?}",
        open.lines
    );

    // The municipality's own recipient closes one at the next meeting.
    let nav = m
        .action_by_text("Sende foranalysen")
        .expect("the action")
        .id;
    let recipient = acting(&store, "demo-mottaker-asker").await;
    let status = recipient
        .set_action_status(nav, "utfort", "04.09.2013", date!(2013 - 09 - 05))
        .await
        .unwrap();
    assert_eq!(
        status,
        ActionStatus::Done {
            on: date!(2013 - 09 - 04)
        }
    );
    let bad = recipient
        .set_action_status(nav, "utfort", "01.01.2014", date!(2013 - 09 - 05))
        .await;
    assert!(matches!(bad, Err(SaveError::Invalid(e)) if e.get("utfort").is_some()));
    adviser
        .record_status_meeting(second, &held("05.09.2013", vec![]))
        .await
        .unwrap();

    let m = reader
        .status_meetings(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        m.next_due,
        Some(date!(2014 - 03 - 05)),
        "half a year after the last one held"
    );
    // The meeting after: only the action still open is carried forward.
    let agenda = reader
        .meeting_agenda(&m, date!(2014 - 03 - 05), None, date!(2014 - 02 - 01))
        .await
        .unwrap();
    assert_eq!(agenda.carried_forward.len(), 1);
    assert_eq!(agenda.carried_forward[0].text, "Avtale møte med NAV");
    assert_eq!(
        agenda.items[0].lines,
        ["Fasen til Asker er ikke registrert."]
    );
    // The second meeting's page still shows the one closed there.
    let second_meeting = m.meeting(second).unwrap();
    let follow: Vec<(&str, bool)> = m
        .follow_up(second_meeting.date(), Some(second))
        .iter()
        .map(|a| (a.text.as_str(), a.is_open()))
        .collect();
    assert_eq!(
        follow,
        [("Sende foranalysen", false), ("Avtale møte med NAV", true)]
    );
}

trait ActionByText {
    fn action_by_text(&self, text: &str)
        -> Option<&husk_store::programmes::meetings::StoredAction>;
}

impl ActionByText for husk_store::programmes::meetings::ParticipantMeetings {
    fn action_by_text(
        &self,
        text: &str,
    ) -> Option<&husk_store::programmes::meetings::StoredAction> {
        self.meetings
            .iter()
            .flat_map(|m| &m.actions)
            .find(|a| a.text == text)
    }
}

#[tokio::test]
async fn the_next_agenda_takes_up_late_measures_and_those_changed_after_the_last_meeting() {
    let (dir, store) = demo().await;
    let asker = participant(&store, "Asker").await;
    let adviser = acting(&store, "demo-radgiver-ost").await;
    let recipient = acting(&store, "demo-mottaker-asker").await;
    let measure = |title: &str, end: &str, status: &str| MeasureInput {
        id: String::new(),
        kind: "tiltak".into(),
        title: title.into(),
        goals: vec!["resultat-1".into()],
        owner: "Boligkontoret".into(),
        start: "01.01.2024".into(),
        end: end.into(),
        status: status.into(),
        postponed_reason: String::new(),
        in_ordinary_operation: false,
    };
    for (title, end, status) in [
        ("Boligkartlegging", "31.12.2024", "startet"),
        ("Boligskole", "31.12.2099", "planlagt"),
        ("Nabomegling", "31.12.2099", "planlagt"),
    ] {
        recipient
            .add_measure(asker, &measure(title, end, status), "Kari Programleder")
            .await
            .unwrap();
    }
    let first = adviser
        .plan_status_meeting(asker, &plan("01.03.2025"))
        .await
        .unwrap();
    adviser
        .record_status_meeting(first, &held("05.03.2025", vec![]))
        .await
        .unwrap();
    // The measures were entered before that meeting (the test cannot wait for it).
    {
        let pool = husk_store::testing::raw_pool(&dir.path().join("data"))
            .await
            .unwrap();
        sqlx::query("UPDATE programme_measures SET updated_at = '2025-01-10 09:00:00'")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    // After the meeting, one is started.
    let reader = store.read_as(&Viewer::System);
    let detail = reader
        .participant(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    let nabo = detail
        .plan
        .measures
        .iter()
        .find(|m| m.title == "Nabomegling")
        .unwrap()
        .id
        .parse::<i64>()
        .unwrap();
    recipient
        .update_measure(
            asker,
            nabo,
            &measure("Nabomegling", "31.12.2099", "startet"),
            "Kari Programleder",
        )
        .await
        .unwrap();

    let m = reader
        .status_meetings(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    let next = m.next_due.unwrap();
    assert_eq!(next, date!(2025 - 09 - 05));
    let agenda = reader
        .meeting_agenda(&m, next, None, date!(2025 - 08 - 01))
        .await
        .unwrap();
    let measures = &agenda.items[2];
    assert_eq!(measures.heading, "Tiltak som er forsinket eller endret");
    let today = husk_domain::norwegian::format_date(husk_store::reporting::today());
    assert_eq!(
        measures.lines,
        [
            "«Boligkartlegging» er forsinket: planlagt slutt var 31.12.2024, og status er startet."
                .to_string(),
            format!(
                "«Nabomegling» er endret etter forrige møte 05.03.2025 (sist {today} av Kari Programleder). Status er startet, planlagt slutt 31.12.2099."
            ),
        ],
        "Boligskole is on time and unchanged"
    );
    assert!(agenda
        .to_markdown()
        .contains("- «Nabomegling» er endret etter forrige møte 05.03.2025"));
}

#[tokio::test]
async fn meetings_are_read_by_staff_and_the_participations_own_recipient_only() {
    let (_dir, store) = demo().await;
    let asker = participant(&store, "Asker").await;
    let hamar = participant(&store, "Hamar").await;
    let adviser = acting(&store, "demo-radgiver-ost").await;
    let planned = adviser
        .plan_status_meeting(hamar, &plan("01.03.2013"))
        .await
        .unwrap();
    // A meeting to come is planned, not recorded as held.
    let future = adviser
        .record_status_meeting(planned, &held("01.03.2999", vec![]))
        .await;
    assert!(
        matches!(&future, Err(SaveError::Invalid(e)) if e.get("dato").is_some_and(|m| m.contains("ikke holdt ennå"))),
        "{future:?}"
    );
    let bad = adviser
        .plan_status_meeting(hamar, &MeetingPlanInput::default())
        .await;
    assert!(matches!(bad, Err(SaveError::Invalid(e)) if e.get("dato").is_some()));
    assert!(matches!(
        adviser
            .plan_status_meeting(999_999, &plan("01.03.2013"))
            .await,
        Err(SaveError::Store(StoreError::NotFound(_)))
    ));

    for name in ["demo-leser", "demo-radgiver-vest", "demo-admin"] {
        let v = viewer(&store, name).await;
        let m = store
            .read_as(&v)
            .status_meetings(DEMO_PROGRAMME, hamar)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(m.meetings.len(), 1, "{name}");
    }
    let recipient = viewer(&store, "demo-mottaker-asker").await;
    let own = store
        .read_as(&recipient)
        .status_meetings(DEMO_PROGRAMME, asker)
        .await
        .unwrap()
        .unwrap();
    assert!(own.meetings.is_empty());
    assert!(store
        .read_as(&recipient)
        .status_meetings(DEMO_PROGRAMME, hamar)
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        store
            .read_as(&Viewer::Public)
            .status_meetings(DEMO_PROGRAMME, hamar)
            .await,
        Err(StoreError::Hidden)
    ));
}

fn agreement(k: &str, office: &str) -> AgreementInput {
    AgreementInput {
        kommunenummer: k.into(),
        office: office.into(),
        title: "Samarbeidsavtale om oppfølging i bolig".into(),
        kind: "samarbeidsavtale".into(),
        parties: vec![PartyInput {
            name: "NAV Asker".into(),
            kind: "nav".into(),
        }],
        start: "01.01.2024".into(),
        end: String::new(),
        renegotiation: "01.03.2026".into(),
        procurement: "unntak-ideell".into(),
        procurement_reason: "Reservert konkurranse for ideelle".into(),
        notes: String::new(),
    }
}

#[tokio::test]
async fn agreements_are_read_by_staff_and_the_municipality_and_keep_their_dialogue_meetings() {
    let (_dir, store) = demo().await;
    let adviser = acting(&store, "demo-radgiver-ost").await;
    let asker_id = adviser
        .create_agreement(&agreement("3203", "ost"))
        .await
        .unwrap();
    let other = adviser
        .create_agreement(&agreement("3403", "ost"))
        .await
        .unwrap();
    let bad = adviser
        .create_agreement(&AgreementInput {
            procurement_reason: String::new(),
            ..agreement("32", "ost")
        })
        .await;
    let Err(SaveError::Invalid(e)) = bad else {
        panic!("{bad:?}")
    };
    assert!(e.get("kommunenummer").is_some() && e.get("begrunnelse").is_some());
    // The national pot is not an office that follows agreements.
    let pot = adviser
        .create_agreement(&agreement("3203", "nasjonal"))
        .await;
    assert!(matches!(pot, Err(SaveError::Invalid(e)) if e.get("kontor").is_some()));

    adviser
        .record_agreement_dialogue(
            asker_id,
            &DialogueMeetingInput {
                date: "15.02.2025".into(),
                attendees: "Kommunen og NAV".into(),
                notes: "Årlig gjennomgang.".into(),
            },
        )
        .await
        .unwrap();
    let mut changed = agreement("3203", "ost");
    changed.parties.push(PartyInput {
        name: "Kirkens Bymisjon".into(),
        kind: "frivillig".into(),
    });
    adviser.update_agreement(asker_id, &changed).await.unwrap();

    let recipient = viewer(&store, "demo-mottaker-asker").await;
    let own = store.read_as(&recipient).agreements().await.unwrap();
    assert_eq!(own.iter().map(|a| a.id).collect::<Vec<_>>(), [asker_id]);
    let a = &own[0];
    assert_eq!(a.municipality.as_deref(), Some("Asker"));
    assert_eq!(a.parties.len(), 2);
    assert_eq!(a.dialogue_meetings.len(), 1);
    assert_eq!(a.next_dialogue_due, date!(2026 - 02 - 15));
    assert!(matches!(
        store.read_as(&recipient).agreement(other).await,
        Err(StoreError::Hidden)
    ));
    assert!(store
        .read_as(&recipient)
        .agreements_of_municipality("3403")
        .await
        .unwrap()
        .is_empty());
    for name in ["demo-leser", "demo-radgiver-vest"] {
        let v = viewer(&store, name).await;
        assert_eq!(store.read_as(&v).agreements().await.unwrap().len(), 2);
        assert_eq!(
            store
                .read_as(&v)
                .agreements_of_municipality("3203")
                .await
                .unwrap()
                .len(),
            1
        );
    }
    assert!(matches!(
        store.read_as(&Viewer::Public).agreements().await,
        Err(StoreError::Hidden)
    ));
    assert!(store
        .read_as(&Viewer::System)
        .agreement(999_999)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn reminders_go_to_the_offices_advisers_once_per_due_date() {
    let (_dir, store) = demo().await;
    store
        .create_user(&UserInput {
            username: "ola".into(),
            name: "Ola Rådgiver".into(),
            email: "ola@husbanken.no".into(),
            role: "radgiver".into(),
            region: "ost".into(),
            organisation: String::new(),
            password: "et-langt-passord".into(),
        })
        .await
        .unwrap();
    store
        .create_user(&UserInput {
            username: "vera".into(),
            name: "Vera Vest".into(),
            email: "vera@husbanken.no".into(),
            role: "radgiver".into(),
            region: "vest".into(),
            organisation: String::new(),
            password: "et-langt-passord".into(),
        })
        .await
        .unwrap();
    let hamar = participant(&store, "Hamar").await;
    let adviser = acting(&store, "demo-radgiver-ost").await;
    let today = date!(2025 - 06 - 01);
    adviser
        .plan_status_meeting(hamar, &plan("10.06.2025"))
        .await
        .unwrap();
    // Renegotiation in 60 days (within 90), dialogue meeting due in 10 days.
    let mut a = agreement("3203", "ost");
    a.start = "11.06.2024".into();
    a.renegotiation = "31.07.2025".into();
    adviser.create_agreement(&a).await.unwrap();
    // Far off: nothing.
    let mut later = agreement("3403", "ost");
    later.start = "01.01.2025".into();
    later.renegotiation = "01.01.2027".into();
    adviser.create_agreement(&later).await.unwrap();

    let due = store.pending_programme_reminders(today).await.unwrap();
    let mut seen: Vec<(ProgrammeReminderKind, &str, String)> = due
        .iter()
        .map(|r| (r.kind, r.user.username.as_str(), r.path.clone()))
        .collect();
    seen.sort_by_key(|s| s.2.clone());
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        due.iter().all(|r| r.user.username == "ola"),
        "only the office's advisers with e-mail"
    );
    let kinds: Vec<ProgrammeReminderKind> = due.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&ProgrammeReminderKind::StatusMeeting));
    assert!(kinds.contains(&ProgrammeReminderKind::DialogueMeeting));
    assert!(kinds.contains(&ProgrammeReminderKind::Renegotiation));
    let meeting = due
        .iter()
        .find(|r| r.kind == ProgrammeReminderKind::StatusMeeting)
        .unwrap();
    assert_eq!(meeting.due, date!(2025 - 06 - 10));
    assert!(meeting.title.starts_with("Statusmøtet med Hamar"));
    assert!(meeting
        .path
        .ends_with(&format!("/deltakere/{hamar}/statusmoter")));

    for r in &due {
        assert!(store.mark_programme_reminder_sent(r).await.unwrap());
        assert!(!store.mark_programme_reminder_sent(r).await.unwrap());
    }
    assert!(store
        .pending_programme_reminders(today)
        .await
        .unwrap()
        .is_empty());
    // A new due date is a new reminder.
    let second = adviser
        .plan_status_meeting(hamar, &plan("05.06.2025"))
        .await
        .unwrap();
    assert!(second > 0);
    let again = store.pending_programme_reminders(today).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].due, date!(2025 - 06 - 05));
}

#[tokio::test]
async fn the_municipality_and_the_annual_report_read_agreements_measures_and_meetings() {
    let (_dir, store) = demo().await;
    let asker = participant(&store, "Asker").await;
    let adviser = acting(&store, "demo-radgiver-ost").await;
    let meeting = adviser
        .plan_status_meeting(asker, &plan("01.03.2012"))
        .await
        .unwrap();
    adviser
        .record_status_meeting(
            meeting,
            &held(
                "05.03.2012",
                vec![action("Sende foranalysen", "Programlederen", "01.04.2012")],
            ),
        )
        .await
        .unwrap();
    adviser
        .add_measure(
            asker,
            &husk_domain::programmes::plans::MeasureInput {
                kind: "tiltak".into(),
                title: "Boligskole".into(),
                goals: vec!["resultat-4".into()],
                owner: "Boligkontoret".into(),
                start: "01.01.2012".into(),
                end: "31.12.2012".into(),
                status: "gjennomfort".into(),
                in_ordinary_operation: true,
                ..Default::default()
            },
            "Rådgiver øst",
        )
        .await
        .unwrap();
    adviser
        .create_agreement(&agreement("3203", "ost"))
        .await
        .unwrap();

    // Asker's page: the agreement, and the participation's meetings in brief.
    let k = husk_domain::ids::Kommunenummer::parse("3203").unwrap();
    let own = viewer(&store, "demo-mottaker-asker").await;
    let m = store.read_as(&own).municipality(&k).await.unwrap().unwrap();
    assert_eq!(m.agreements.len(), 1);
    assert_eq!(
        m.agreements[0].title,
        "Samarbeidsavtale om oppfølging i bolig"
    );
    let p = m.participations.iter().find(|p| p.name == "Asker").unwrap();
    assert_eq!(p.meetings.held, 1);
    assert_eq!(p.meetings.open_actions, 1);
    assert_eq!(p.meetings.last_held, Some(date!(2012 - 03 - 05)));
    assert_eq!(p.meetings.next_due, Some(date!(2012 - 09 - 05)));
    // Another municipality's recipient reads neither.
    store
        .create_user(&UserInput {
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
    let other = viewer(&store, "bergen").await;
    let m = store
        .read_as(&other)
        .municipality(&k)
        .await
        .unwrap()
        .unwrap();
    assert!(m.agreements.is_empty() && m.participations.is_empty());

    // The annual report of 2012 has the measure and the meeting; 2010 has neither.
    let reader = store.read_as(&Viewer::System);
    let year = reader
        .programme_year(DEMO_PROGRAMME, 2012)
        .await
        .unwrap()
        .unwrap();
    let a = year
        .participants
        .iter()
        .find(|x| x.participant.id == asker)
        .unwrap();
    assert_eq!(a.measures.len(), 1);
    assert!(a.measures[0].in_ordinary_operation);
    assert_eq!(a.meetings.len(), 1);
    assert_eq!(a.meetings[0].actions[0].text, "Sende foranalysen");
    let year = reader
        .programme_year(DEMO_PROGRAMME, 2010)
        .await
        .unwrap()
        .unwrap();
    let a = year
        .participants
        .iter()
        .find(|x| x.participant.id == asker)
        .unwrap();
    assert!(a.measures.is_empty() && a.meetings.is_empty());
}
