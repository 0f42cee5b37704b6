//! The learning area's evaluations in the store: a form answered once per personal link and
//! per device, a double submit stored once, refused before opening and after closing, bad
//! answers refused per question, results hidden below five answers, nothing about the sender
//! kept, and read only by staff.

use husk_domain::learning::evaluations::{
    iso_local, parse_local_time, ExtraQuestionInput, Visibility, WindowInput, WindowState,
};
use husk_domain::learning::ArenaKind;
use husk_domain::{Role, UserRef, Viewer};
use husk_store::learning::evaluations::{oslo_now, SubmitError, Submitted};
use husk_store::{Store, StoreError};
use std::collections::BTreeMap;

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

fn answers(n: u8, best: &str) -> BTreeMap<String, String> {
    let mut m: BTreeMap<String, String> = [
        "nytte",
        "innhold",
        "erfaringsdeling",
        "gjennomforing",
        "bruk",
    ]
    .iter()
    .map(|k| (k.to_string(), n.to_string()))
    .collect();
    m.insert("best".into(), best.into());
    m
}

fn key(n: usize) -> String {
    format!("skjema-{n:032}")
}

fn device(n: usize) -> String {
    format!("{n:064x}")
}

#[tokio::test]
async fn an_evaluation_is_answered_once_per_link_and_device_and_shown_from_five_answers() {
    let (_dir, store) = store().await;
    let arena = store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: "Programsamling i Hamar".into(),
                kind: ArenaKind::ProgrammeGathering.code().into(),
                fra: "01.03.2027".into(),
                kontor: "ost".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    store
        .create_evaluation(
            arena,
            &WindowInput {
                opens: "01.03.2027 08:00".into(),
                closes: "15.03.2027 12:00".into(),
            },
        )
        .await
        .unwrap();
    store
        .save_evaluation_question(
            arena,
            None,
            &ExtraQuestionInput {
                kind: "fritekst".into(),
                text: "Hva vil du lære mer om?".into(),
                required: true,
            },
        )
        .await
        .unwrap();
    let staff = Viewer::System;
    let e = store
        .read_as(&staff)
        .evaluation(arena)
        .await
        .unwrap()
        .unwrap();
    let form = e.form.unwrap();
    assert_eq!(
        form.questions.len(),
        8,
        "seven core questions and one extra"
    );
    let extra = form.extra[0].question.key.clone();
    let open = form.token;
    assert!(open.len() >= 32, "at least 128 random bits");
    let during = parse_local_time("05.03.2027 10:00").unwrap();

    // Before opening and after closing nothing is stored.
    for (at, state) in [
        ("01.03.2027 07:59", WindowState::NotYetOpen),
        ("15.03.2027 12:00", WindowState::Closed),
    ] {
        let r = store
            .submit_evaluation(
                &open,
                Some(&device(1)),
                &key(0),
                &answers(4, ""),
                parse_local_time(at).unwrap(),
            )
            .await;
        assert!(
            matches!(r, Err(SubmitError::NotOpen(s)) if s == state),
            "{at}: {r:?}"
        );
    }

    // Bad answers are refused per question.
    let mut bad = answers(4, &"x".repeat(2001));
    bad.insert("nytte".into(), "7".into());
    bad.remove("bruk");
    match store
        .submit_evaluation(&open, Some(&device(1)), &key(1), &bad, during)
        .await
    {
        Err(SubmitError::Invalid(e)) => {
            assert!(e.get("nytte").unwrap().contains("«7» er ikke et svar"));
            assert!(e.get("bruk").unwrap().starts_with("Svar på"));
            assert!(e.get("best").unwrap().contains("høyst 2000 tegn"));
            assert!(e.get(&extra).unwrap().contains("Hva vil du lære mer om?"));
        }
        other => panic!("{other:?}"),
    }

    // The open link needs the device's cookie; a double submit stores one answer; the same
    // device cannot answer again.
    let mut good = answers(4, "Gruppearbeidet om bostøtte");
    good.insert(extra.clone(), "Husleie".into());
    let r = store
        .submit_evaluation(&open, None, &key(2), &good, during)
        .await;
    assert!(matches!(r, Err(SubmitError::NoDevice)), "{r:?}");
    let first = store
        .submit_evaluation(&open, Some(&device(1)), &key(2), &good, during)
        .await
        .unwrap();
    let second = store
        .submit_evaluation(&open, Some(&device(1)), &key(2), &good, during)
        .await
        .unwrap();
    assert_eq!(
        (first, second),
        (Submitted::Stored, Submitted::AlreadyStored)
    );
    let again = store
        .submit_evaluation(&open, Some(&device(1)), &key(3), &good, during)
        .await;
    assert!(
        matches!(again, Err(SubmitError::AlreadyAnswered)),
        "{again:?}"
    );
    let seen = store
        .evaluation_by_token(&open, Some(&device(1)), during)
        .await
        .unwrap()
        .unwrap();
    assert!(seen.answered && !seen.personal);

    // Personal links: each answers once.
    let links = store.make_personal_links(arena, "2").await.unwrap();
    assert_eq!(links.len(), 2);
    assert!(matches!(
        store.make_personal_links(arena, "0").await,
        Err(husk_store::SaveError::Invalid(_))
    ));
    for (i, link) in links.iter().enumerate() {
        let r = store
            .submit_evaluation(link, None, &key(10 + i), &good, during)
            .await
            .unwrap();
        assert_eq!(r, Submitted::Stored);
    }
    let reuse = store
        .submit_evaluation(&links[0], Some(&device(9)), &key(20), &good, during)
        .await;
    assert!(
        matches!(reuse, Err(SubmitError::AlreadyAnswered)),
        "{reuse:?}"
    );

    // Three answers so far (one device, two links): results are hidden, with how many more.
    let r = store
        .read_as(&staff)
        .evaluation_results(arena)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.answered, 3);
    assert_eq!(r.visibility, Visibility::Hidden { missing: 2 });
    assert!(r.results.is_none());
    for d in 2..=3 {
        let mut a = answers(2, "");
        a.insert(extra.clone(), "Bostøtte".into());
        store
            .submit_evaluation(&open, Some(&device(d)), &key(30 + d), &a, during)
            .await
            .unwrap();
    }
    let r = store
        .read_as(&staff)
        .evaluation_results(arena)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.visibility, Visibility::Shown);
    let res = r.results.unwrap();
    let nytte = &res.questions[0];
    assert_eq!(nytte.distribution, Some([0, 2, 0, 3, 0]));
    assert_eq!(nytte.average, Some(3.2));
    assert_eq!(
        res.questions[5].texts.len(),
        3,
        "the three who wrote what was most useful"
    );
    let e = store
        .read_as(&staff)
        .evaluation(arena)
        .await
        .unwrap()
        .unwrap();
    let f = e.form.unwrap();
    assert_eq!(f.answered, 5);
    assert_eq!(f.links.iter().filter(|l| l.used).count(), 2);

    // Over arenas of the kind, and a search in the free text.
    let s = store
        .read_as(&staff)
        .evaluation_summary(Some(ArenaKind::ProgrammeGathering), "bostøtte")
        .await
        .unwrap();
    assert_eq!(s.arenas.len(), 1);
    assert_eq!(s.arenas[0].averages[0], Some(3.2));
    assert_eq!(s.years[0].year, 2027);
    assert_eq!(s.texts.len(), 3, "«Gruppearbeidet om bostøtte» three times");
    let none = store
        .read_as(&staff)
        .evaluation_summary(Some(ArenaKind::Seminar), "")
        .await
        .unwrap();
    assert!(none.arenas.is_empty());

    // Nothing about the sender is kept: only the answers and the form's (hashed) key.
    let rows = store.stored_evaluation_answer_columns(arena).await.unwrap();
    assert_eq!(rows.len(), 5);
    for row in rows {
        let names: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(names, ["id", "arena_id", "submission", "answers"]);
        for (_, v) in &row {
            assert!(!v.contains("127.0.0.1") && !v.contains("2027-03-05") && !v.contains("10:00"));
        }
    }
}

#[tokio::test]
async fn only_staff_read_evaluations_and_times_are_checked() {
    let (_dir, store) = store().await;
    let arena = store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: "Fagdag".into(),
                kind: ArenaKind::ProfessionalDay.code().into(),
                fra: "01.05.2027".into(),
                kontor: "vest".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let bad = store
        .create_evaluation(
            arena,
            &WindowInput {
                opens: "02.05.2027 10:00".into(),
                closes: "01.05.2027 10:00".into(),
            },
        )
        .await;
    match bad {
        Err(husk_store::SaveError::Invalid(e)) => {
            assert!(e.get("closes").unwrap().contains("stenge etter"))
        }
        other => panic!("{other:?}"),
    }
    // Empty times: from 08:00 on the day to 14 days after.
    store
        .create_evaluation(arena, &WindowInput::default())
        .await
        .unwrap();
    let f = store
        .read_as(&Viewer::System)
        .evaluation(arena)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap();
    assert_eq!(iso_local(f.window.opens), "2027-05-01T08:00");
    assert_eq!(iso_local(f.window.closes), "2027-05-16T00:00");
    assert!(oslo_now().year() >= 2026);
    let recipient = Viewer::User(UserRef {
        id: 99,
        username: "mottaker".into(),
        name: "Mottaker".into(),
        role: Role::Mottaker { organisation_id: 1 },
    });
    for v in [Viewer::Public, recipient] {
        assert!(matches!(
            store.read_as(&v).evaluation(arena).await,
            Err(StoreError::Hidden)
        ));
        assert!(matches!(
            store.read_as(&v).evaluation_results(arena).await,
            Err(StoreError::Hidden)
        ));
    }
    // A token that is not one opens nothing.
    assert!(store
        .evaluation_by_token("finnes-ikke", None, oslo_now())
        .await
        .unwrap()
        .is_none());
}
