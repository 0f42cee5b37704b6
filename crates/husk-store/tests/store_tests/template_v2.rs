//! Version 2 of the default reporting template (what seed 004 asks of a report), on a real
//! SQLite file: existing reports keep version 1, the matrix is built from reports' themes and
//! target groups, the public summary needs consent, and the dialogue meeting is booked,
//! recorded and audited.

use husk_domain::access::ProjectScope;
use husk_domain::reporting::{
    Answer, Answers, DialogueMeetingInput, ReportAction, ReportKind, ReportState,
};
use husk_domain::{ProjectInput, Role, UserRef, Viewer};
use husk_store::audit::AuditFilter;
use husk_store::{Actor, SaveError, Store, UserInput};
use std::collections::BTreeMap;

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

async fn project(store: &Store, id: &str, themes: &[&str]) {
    store
        .create_project(&ProjectInput {
            id: id.into(),
            kind: "prosjekt".into(),
            title: format!("Oppføring {id}"),
            region: "ost".into(),
            recipient: "Asker kommune".into(),
            recipient_type: "programkommune".into(),
            start_year: "2025".into(),
            end_year: "2026".into(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        })
        .await
        .unwrap();
}

fn t(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| s.to_string()).collect())
}

/// Every answer version 2 requires.
fn complete() -> Answers {
    let mut a = Answers::new();
    for (k, v) in [
        (
            "formal",
            "Færre utkastelser, mål 3 i den boligsosiale handlingsplanen.",
        ),
        ("suksesskriterier", "Ingen deltakere mister boligen."),
        ("gjort_mot_plan", "Vi etablerte teamet."),
        ("status_framdrift", "som-planlagt"),
        ("laert", "Kveldsoppfølging virker."),
        ("endret_praksis", "Nytt tildelingsmøte."),
        ("annerledes", "Startet tidligere."),
        ("brukermedvirkning_grad", "3"),
        ("videreforing", "delvis"),
        ("tildelt", "500 000"),
        ("brukt", "400 000"),
        ("samtykke_publisering", "nei"),
    ] {
        a.insert(k.into(), t(v));
    }
    a.insert(
        "mal".into(),
        Answer::Rows(vec![vec!["Egen bolig".into(), "4".into(), "".into()]]),
    );
    a.insert("kunnskapstema".into(), list(&["brukerrelaterte-metoder"]));
    a
}

async fn approve(store: &Store, id: i64, answers: &Answers) {
    store.submit_report(id, answers, 0).await.unwrap();
    store
        .review_report(id, ReportAction::Approve, "", &BTreeMap::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_database_from_before_keeps_version_1_for_its_reports_and_new_reports_get_version_2() {
    let (dir, store) = fresh().await;
    project(&store, "ost-99", &[]).await;
    let versions = &store.templates().await.unwrap()[0].versions;
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    let v1 = versions[1].clone();
    assert_eq!(v1.def.sections[4].title, "Spredning");
    let report = store
        .start_report("ost-99", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    let mut draft = Answers::new();
    draft.insert("spredning_til".into(), t("Nabokommunene."));
    store.save_draft(report, &draft, 0).await.unwrap();
    store.close().await;

    // Make the database as one from before version 2: the report on version 1, version 2 and
    // its migration not there.
    let pool = husk_store::testing::raw_pool(&dir.path().join("data"))
        .await
        .unwrap();
    sqlx::query("UPDATE reports SET template_version_id = $1")
        .bind(v1.id)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM template_versions WHERE version = 2")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM schema_migrations WHERE version = 12")
        .execute(&pool)
        .await
        .unwrap();
    let stored_v1: String =
        sqlx::query_scalar("SELECT definition FROM template_versions WHERE id = $1")
            .bind(v1.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;

    // Opening it with this Husk adds version 2 and changes nothing else.
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(report)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.template.version, 1, "the report keeps its version");
    assert_eq!(r.template.def, v1.def, "version 1 is as it was");
    assert!(r.template.def.field("kunnskapstema").is_none());
    assert_eq!(r.draft, draft);
    let pool = husk_store::testing::raw_pool(&dir.path().join("data"))
        .await
        .unwrap();
    let after: String =
        sqlx::query_scalar("SELECT definition FROM template_versions WHERE id = $1")
            .bind(v1.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    assert_eq!(
        after, stored_v1,
        "version 1 is stored byte for byte as before"
    );

    let current = store.current_template().await.unwrap();
    assert_eq!(current.version, 2);
    for key in [
        "formal",
        "kunnskapstema",
        "malgrupper",
        "kompetanse",
        "virkemidler_utlost",
        "kunnskapskilder",
        "partnere",
        "videreforing",
        "antall_fagdager",
        "husbankens_rolle",
        "offentlig_sammendrag",
        "samtykke_publisering",
        "dialogmote",
    ] {
        assert!(current.def.field(key).is_some(), "{key}");
    }
    let new = store
        .start_report("ost-99", ReportKind::Annual, 2025)
        .await
        .unwrap();
    let new = store
        .read_as(&husk_domain::Viewer::System)
        .report(new)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.template.version, 2, "a new report uses version 2");
    assert!(new
        .template
        .def
        .sections
        .iter()
        .any(|s| s.title == "Formidling og erfaringsdeling"));
    // The report on version 1 is still submitted against version 1's questions.
    let mut v1_answers = complete();
    v1_answers.remove("formal");
    v1_answers.remove("kunnskapstema");
    v1_answers.remove("videreforing");
    assert_eq!(
        store.submit_report(report, &v1_answers, 1).await.unwrap(),
        ReportState::Submitted
    );
}

#[tokio::test]
async fn the_matrix_from_reports_counts_the_themes_and_target_groups_reporters_ticked() {
    let (_d, store) = fresh().await;
    project(&store, "ost-98", &["planlegging-strategi"]).await;
    project(&store, "ost-97", &["planlegging-strategi"]).await;
    let a = store
        .start_report("ost-98", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    let mut answers = complete();
    answers.insert(
        "overordnede_tema".into(),
        list(&["brukermedvirkning", "kompetanseheving"]),
    );
    answers.insert(
        "kunnskapstema".into(),
        list(&["bomiljo-omradeloft", "brukerrelaterte-metoder"]),
    );
    answers.insert("malgrupper".into(), list(&["unge", "rusproblem"]));
    approve(&store, a, &answers).await;
    // A report only submitted is not counted.
    let b = store
        .start_report("ost-97", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    let mut other = complete();
    other.insert("kunnskapstema".into(), list(&["tildeling-bosetting"]));
    store.submit_report(b, &other, 0).await.unwrap();

    let tags = store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .reported_tags()
        .await
        .unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(
        tags["ost-98"].themes,
        [
            "kompetanseheving",
            "brukermedvirkning",
            "bomiljo-omradeloft",
            "brukerrelaterte-metoder"
        ]
    );
    assert_eq!(tags["ost-98"].target_groups, ["rusproblem", "unge"]);

    // The matrix from reports beside the register's own.
    let tax = store.taxonomy();
    let facts = store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .facts()
        .await
        .unwrap();
    let by_reports = husk_domain::matrix::classified_by_reports(facts.iter(), &tags);
    let sel = husk_domain::Selection::default();
    let m = |f: Vec<&husk_domain::ProjectFacts>| {
        husk_domain::Matrix::compute(tax, f, &sel, husk_domain::MatrixMeasure::Count, 0.1)
    };
    let own = m(facts.iter().collect());
    let from_reports = m(by_reports.iter().collect());
    let total = |m: &husk_domain::Matrix, theme: &str| {
        m.rows.iter().find(|r| r.theme == theme).unwrap().total
    };
    assert_eq!(total(&own, "planlegging-strategi"), 2);
    assert_eq!(total(&own, "bomiljo-omradeloft"), 0);
    assert_eq!(total(&from_reports, "bomiljo-omradeloft"), 1);
    assert_eq!(total(&from_reports, "brukermedvirkning"), 1);
    assert_eq!(total(&from_reports, "planlegging-strategi"), 0);
    assert_eq!(total(&from_reports, "tildeling-bosetting"), 0);
    // The register's own classification is not changed by the reports.
    let p = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-98")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.project.themes, ["planlegging-strategi"]);
}

#[tokio::test]
async fn the_public_summary_is_shown_to_the_public_only_with_consent() {
    let (_d, store) = fresh().await;
    project(&store, "ost-98", &[]).await;
    project(&store, "ost-97", &[]).await;
    let mut with = complete();
    with.insert(
        "offentlig_sammendrag".into(),
        t("Ni av tolv bor nå i egen bolig med Solbakkemodellen."),
    );
    with.insert("samtykke_publisering".into(), t("ja"));
    let mut without = complete();
    without.insert(
        "offentlig_sammendrag".into(),
        t("Kvitfjellmodellen ga gode resultater."),
    );
    let a = store
        .start_report("ost-98", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    let b = store
        .start_report("ost-97", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    approve(&store, a, &with).await;
    approve(&store, b, &without).await;
    assert!(
        store
            .read_as(&husk_domain::Viewer::System)
            .published_summaries()
            .await
            .unwrap()
            .is_empty(),
        "nothing before publishing"
    );
    store.publish_report(a).await.unwrap();
    store.publish_report(b).await.unwrap();
    let summaries = store
        .read_as(&husk_domain::Viewer::System)
        .published_summaries()
        .await
        .unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        summaries[&a],
        "Ni av tolv bor nå i egen bolig med Solbakkemodellen."
    );

    // The public reads the published report without the summary it may not see.
    let public = Viewer::Public;
    let ra = store.read_as(&public).report(a).await.unwrap().unwrap();
    assert!(ra.versions[0].answers.contains_key("offentlig_sammendrag"));
    let rb = store.read_as(&public).report(b).await.unwrap().unwrap();
    assert!(!rb.versions[0].answers.contains_key("offentlig_sammendrag"));
    assert!(rb.versions[0].answers.contains_key("laert"));
    // The office still sees what the recipient wrote.
    let staff = Viewer::User(UserRef {
        id: 0,
        username: "leser".into(),
        name: "Leser".into(),
        role: Role::Leser,
    });
    let rb = store.read_as(&staff).report(b).await.unwrap().unwrap();
    assert!(rb.versions[0].answers.contains_key("offentlig_sammendrag"));
    // The knowledge base holds the summary with consent, and not the one without.
    let found = |word: &'static str| {
        let store = store.clone();
        async move {
            store
                .read_as(&husk_domain::Viewer::System)
                .search(husk_search::SearchQuery::new(word))
                .await
                .unwrap()
                .documents
                .iter()
                .map(|d| d.doc_id as i64)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        found("Solbakkemodellen").await,
        [store
            .read_as(&husk_domain::Viewer::System)
            .report(a)
            .await
            .unwrap()
            .unwrap()
            .info
            .document_id
            .unwrap()]
    );
    assert!(found("Kvitfjellmodellen").await.is_empty());
}

#[tokio::test]
async fn a_dialogue_meeting_is_requested_booked_recorded_and_audited() {
    let (_d, store) = fresh().await;
    project(&store, "ost-98", &[]).await;
    let recipient_id = store
        .create_user(&user("asker", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let adviser_id = store
        .create_user(&user("radgiver", "radgiver", "ost", ""))
        .await
        .unwrap();
    let recipient = store.acting_as(Actor::user(recipient_id, "asker"));
    let adviser = store.acting_as(Actor::user(adviser_id, "radgiver"));
    let id = recipient
        .start_report("ost-98", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    let mut answers = complete();
    answers.insert("dialogmote".into(), t("ja"));
    recipient.submit_report(id, &answers, 0).await.unwrap();
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert!(husk_domain::reporting::answers::requests_dialogue(
        &r.template.def,
        &r.versions[0].answers
    ));
    assert!(store
        .read_as(&husk_domain::Viewer::System)
        .dialogue_meeting(id)
        .await
        .unwrap()
        .is_none());

    // A booking without a readable date is refused whole.
    let Err(SaveError::Invalid(e)) = adviser
        .save_dialogue_meeting(
            id,
            &DialogueMeetingInput {
                date: "neste uke".into(),
                ..Default::default()
            },
        )
        .await
    else {
        panic!("a bad date is refused");
    };
    assert!(e
        .get("dato")
        .unwrap()
        .contains("«neste uke» er ikke en dato"));
    assert!(store
        .read_as(&husk_domain::Viewer::System)
        .dialogue_meeting(id)
        .await
        .unwrap()
        .is_none());

    adviser
        .save_dialogue_meeting(
            id,
            &DialogueMeetingInput {
                date: "15.03.2026".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    adviser
        .save_dialogue_meeting(
            id,
            &DialogueMeetingInput {
                date: "15.03.2026".into(),
                attendees: "Programleder, rådgiver".into(),
                notes: "Vi gikk gjennom læringsdelen.".into(),
            },
        )
        .await
        .unwrap();
    let m = store
        .read_as(&husk_domain::Viewer::System)
        .dialogue_meeting(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.meeting.date, time::macros::date!(2026 - 03 - 15));
    assert_eq!(m.meeting.attendees, "Programleder, rådgiver");
    assert_eq!(m.updated_by.as_deref(), Some("Navn radgiver"));

    // Who sees what: the office everything, the recipient the date, others nothing.
    let scope = ProjectScope {
        region: "ost",
        organisation_id: r.info.organisation_id,
    };
    let as_user = |id: i64, username: &str, role: Role| {
        Viewer::User(UserRef {
            id,
            username: username.into(),
            name: username.into(),
            role,
        })
    };
    let office = as_user(
        adviser_id,
        "radgiver",
        Role::Radgiver {
            region: "ost".into(),
        },
    );
    let org = as_user(
        recipient_id,
        "asker",
        Role::Mottaker {
            organisation_id: r.info.organisation_id.unwrap(),
        },
    );
    let seen = m.meeting.clone().visible_to(&office, scope).unwrap();
    assert_eq!(seen.notes, "Vi gikk gjennom læringsdelen.");
    let seen = m.meeting.clone().visible_to(&org, scope).unwrap();
    assert_eq!(seen.date, m.meeting.date);
    assert!(seen.notes.is_empty() && seen.attendees.is_empty());
    assert!(m
        .meeting
        .clone()
        .visible_to(&Viewer::Public, scope)
        .is_none());
    let other_office = as_user(
        9,
        "vest",
        Role::Radgiver {
            region: "vest".into(),
        },
    );
    assert!(m.meeting.clone().visible_to(&other_office, scope).is_none());

    // The audit log names who booked and who recorded, with the values.
    let log = store
        .audit_log(&AuditFilter {
            table: Some("dialogue_meetings".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.iter().all(|e| e.actor == "radgiver"));
    let insert = log.iter().find(|e| e.action == "insert").unwrap();
    assert!(insert
        .changes
        .iter()
        .any(|(c, _, new)| c == "meeting_date" && new.as_deref() == Some("2026-03-15")));
    let update = log.iter().find(|e| e.action == "update").unwrap();
    assert!(update.changes.iter().any(|(c, old, new)| c == "notes"
        && old.as_deref() == Some("")
        && new.as_deref() == Some("Vi gikk gjennom læringsdelen.")));
}

fn user(username: &str, role: &str, region: &str, org: &str) -> UserInput {
    UserInput {
        username: username.into(),
        name: format!("Navn {username}"),
        email: format!("{username}@example.no"),
        role: role.into(),
        region: region.into(),
        organisation: org.into(),
        password: "et-langt-passord".into(),
    }
}
