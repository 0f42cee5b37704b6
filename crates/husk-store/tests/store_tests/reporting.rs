//! Users, the audit log and common reporting in the store, on a real SQLite file.

use husk_domain::reporting::{
    Answer, Answers, ObligationStatus, ReportAction, ReportKind, ReportState,
};
use husk_domain::{ProjectInput, Role};
use husk_search::SearchQuery;
use husk_store::accounts::MAX_FAILURES_PER_USER;
use husk_store::audit::AuditFilter;
use husk_store::reporting::{DraftError, ReviewError, TemplateSaveError};
use husk_store::{Actor, Login, SaveError, Store, UserInput};
use std::collections::BTreeMap;

/// A reader who sees everything internal.
fn staff() -> husk_domain::Viewer {
    husk_domain::Viewer::User(husk_domain::UserRef {
        id: 0,
        username: "leser".into(),
        name: "Leser".into(),
        role: Role::Leser,
    })
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
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

/// A project running 2025–2026 for Asker kommune at region øst.
async fn with_project(store: &Store) -> String {
    store
        .create_project(&ProjectInput {
            id: "ost-99".into(),
            kind: "prosjekt".into(),
            title: "Oppfølging i bolig".into(),
            region: "ost".into(),
            recipient: "Asker kommune".into(),
            recipient_type: "programkommune".into(),
            start_year: "2025".into(),
            end_year: "2026".into(),
            themes: vec!["brukerrelaterte-metoder".into()],
            ..Default::default()
        })
        .await
        .unwrap()
}

fn t(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn complete() -> Answers {
    let mut a = Answers::new();
    a.insert("gjort_mot_plan".into(), t("Vi etablerte teamet."));
    a.insert("status_framdrift".into(), t("som-planlagt"));
    a.insert(
        "mal".into(),
        Answer::Rows(vec![vec!["Egen bolig".into(), "4".into(), "".into()]]),
    );
    a.insert(
        "indikatorer".into(),
        Answer::Rows(vec![vec![
            "Bosatte".into(),
            "personer".into(),
            "0".into(),
            "10".into(),
            "7".into(),
            "".into(),
        ]]),
    );
    a.insert(
        "laert".into(),
        t("Kveldsoppfølging virker mot utkastelser."),
    );
    a.insert("endret_praksis".into(), t("Nytt tildelingsmøte."));
    a.insert("annerledes".into(), t("Startet boligsøket tidligere."));
    a.insert("brukermedvirkning_grad".into(), t("3"));
    a.insert("tildelt".into(), t("500 000"));
    a.insert("brukt".into(), t("400 000"));
    // Asked from version 2 of the default template.
    a.insert(
        "formal".into(),
        t("Færre utkastelser (handlingsplanens mål 3)."),
    );
    a.insert("suksesskriterier".into(), t("Ingen mister boligen."));
    a.insert(
        "kunnskapstema".into(),
        Answer::List(vec!["brukerrelaterte-metoder".into()]),
    );
    a.insert("videreforing".into(), t("ja"));
    a.insert("samtykke_publisering".into(), t("nei"));
    a
}

#[tokio::test]
async fn a_user_is_checked_whole_and_logs_in() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let bad = UserInput {
        username: "Kari Nordmann".into(),
        name: "".into(),
        email: "kari".into(),
        role: "radgiver".into(),
        region: "".into(),
        organisation: "".into(),
        password: "kort".into(),
    };
    let Err(SaveError::Invalid(e)) = store.create_user(&bad).await else {
        panic!("a bad user is refused");
    };
    for field in ["username", "name", "email", "password", "region"] {
        assert!(e.get(field).is_some(), "{field}: {e}");
    }
    let Err(SaveError::Invalid(e)) = store
        .create_user(&user("x", "mottaker", "", "Finnes ikke kommune"))
        .await
    else {
        panic!()
    };
    assert!(e
        .get("organisation")
        .unwrap()
        .contains("Finner ikke mottakeren «Finnes ikke kommune» i registeret"));

    store
        .create_user(&user("kari", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let Err(SaveError::Invalid(e)) = store.create_user(&user("KARI", "leser", "", "")).await else {
        panic!()
    };
    assert!(
        e.get("username").unwrap().contains("i bruk"),
        "usernames ignore case"
    );

    let Login::Ok { token, user } = store
        .login("kari", "et-langt-passord", "1.2.3.4", 1000)
        .await
        .unwrap()
    else {
        panic!("the right password logs in");
    };
    assert!(matches!(user.role, Role::Mottaker { .. }));
    let (who, expires) = store.session(&token, 1001).await.unwrap().unwrap();
    assert_eq!(who.username, "kari");
    assert!(expires > 1001);
    assert!(
        store.session(&token, expires + 1).await.unwrap().is_none(),
        "sessions expire"
    );
    assert!(store.session("guessed", 1001).await.unwrap().is_none());
    store.logout(&token).await.unwrap();
    assert!(store.session(&token, 1001).await.unwrap().is_none());
}

#[tokio::test]
async fn a_session_ends_a_day_after_the_login_however_active() {
    use husk_store::accounts::{SESSION_MAX_SECONDS, SESSION_SECONDS};
    let (_d, store) = fresh().await;
    store
        .create_user(&user("siri", "leser", "", ""))
        .await
        .unwrap();
    let Login::Ok { token, .. } = store
        .login("siri", "et-langt-passord", "10.0.0.1", 1000)
        .await
        .unwrap()
    else {
        panic!("the right password logs in");
    };
    // Active every hour: the sliding expiry keeps it alive...
    let mut now = 1000;
    while now < 1000 + SESSION_MAX_SECONDS - 3600 {
        now += 3600;
        assert!(store.session(&token, now).await.unwrap().is_some(), "{now}");
        let left = store.extend_session(&token, now).await.unwrap();
        assert!(left <= SESSION_SECONDS);
    }
    // ...until a day after the login.
    assert!(store
        .session(&token, 1000 + SESSION_MAX_SECONDS + 1)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn repeated_failures_lock_the_username_until_the_window_passes() {
    let (_d, store) = fresh().await;
    store
        .create_user(&user("ola", "leser", "", ""))
        .await
        .unwrap();
    for i in 0..MAX_FAILURES_PER_USER {
        assert_eq!(
            store
                .login("ola", "feil", "10.0.0.1", 1000 + i)
                .await
                .unwrap(),
            Login::Invalid
        );
    }
    // Now even the right password is refused from that address...
    let locked = store
        .login("ola", "et-langt-passord", "10.0.0.1", 1010)
        .await
        .unwrap();
    assert_eq!(locked, Login::Locked { minutes: 15 });
    // ...but not from another: five requests cannot lock the owner out.
    assert!(matches!(
        store
            .login("ola", "et-langt-passord", "10.0.0.2", 1011)
            .await
            .unwrap(),
        Login::Ok { .. }
    ));
    // After the window, the right password works again from the first address too.
    assert!(matches!(
        store
            .login("ola", "et-langt-passord", "10.0.0.1", 1000 + 15 * 60 + 10)
            .await
            .unwrap(),
        Login::Ok { .. }
    ));
    // An unknown user gets the same answer as a wrong password.
    assert_eq!(
        store.login("nobody", "x", "10.0.0.1", 5000).await.unwrap(),
        Login::Invalid
    );
    // A disabled user is told so only with the right password.
    store.set_user_disabled("ola", true).await.unwrap();
    assert_eq!(
        store.login("ola", "feil", "10.0.0.3", 6000).await.unwrap(),
        Login::Invalid
    );
    assert_eq!(
        store
            .login("ola", "et-langt-passord", "10.0.0.3", 6001)
            .await
            .unwrap(),
        Login::Disabled
    );
}

#[tokio::test]
async fn api_tokens_are_shown_once_stored_hashed_and_revocable() {
    let (_d, store) = fresh().await;
    let id = store
        .create_user(&user("api", "leser", "", ""))
        .await
        .unwrap();
    let secret = store.create_api_token(id, "Uttrekk").await.unwrap();
    assert!(secret.starts_with("husk_"));
    assert_eq!(
        store
            .api_token_user(&secret)
            .await
            .unwrap()
            .unwrap()
            .username,
        "api"
    );
    assert!(store.api_token_user("husk_feil").await.unwrap().is_none());
    let tokens = store.api_tokens(id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    store.revoke_api_token(id, tokens[0].id).await.unwrap();
    assert!(store.api_token_user(&secret).await.unwrap().is_none());
}

#[tokio::test]
async fn every_change_is_logged_with_who_when_and_the_old_value() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let uid = store
        .create_user(&user("ragnhild", "radgiver", "ost", ""))
        .await
        .unwrap();
    let as_user = store.acting_as(Actor::user(uid, "ragnhild"));
    let mut input = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-99")
        .await
        .unwrap()
        .unwrap()
        .project
        .to_input();
    input.title = "Oppfølging i egen bolig".into();
    as_user.update_project("ost-99", &input).await.unwrap();
    as_user
        .add_grant(
            "ost-99",
            &husk_domain::GrantInput {
                year: "2025".into(),
                amount_nok: "250000".into(),
                budget_item: "post78".into(),
                status: "tilsagn".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let log = store
        .audit_log(&AuditFilter {
            actor: Some("ragnhild".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let update = log
        .iter()
        .find(|e| e.table == "projects" && e.action == "update")
        .expect("the title change is logged");
    assert_eq!(update.user_id, Some(uid));
    assert_eq!(update.record_id, "ost-99");
    let title = update
        .changes
        .iter()
        .find(|(c, _, _)| c == "title")
        .unwrap();
    assert_eq!(title.1.as_deref(), Some("Oppfølging i bolig"));
    assert_eq!(title.2.as_deref(), Some("Oppfølging i egen bolig"));
    assert!(
        update.changes.iter().all(|(c, _, _)| c != "kind"),
        "only changed columns: {:?}",
        update.changes
    );
    assert!(log
        .iter()
        .any(|e| e.table == "grants" && e.action == "insert"));
    // The record filter finds the project's grants too.
    let by_record = store
        .audit_log(&AuditFilter {
            record: Some("ost-99".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(by_record.iter().any(|e| e.table == "grants"));
    assert!(by_record.iter().any(|e| e.table == "project_themes"));
    // Changes without a user are the system's, and passwords never reach the log.
    let users = store
        .audit_log(&AuditFilter {
            table: Some("users".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(users.iter().all(|e| e.actor == "system"));
    for e in &users {
        for (c, before, after) in &e.changes {
            if c == "password_hash" {
                assert!(!before.clone().unwrap_or_default().contains("argon2"));
                assert!(!after.clone().unwrap_or_default().contains("argon2"));
            }
        }
    }
}

#[tokio::test]
async fn a_used_template_version_is_never_changed_in_place() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let current = store.current_template().await.unwrap();
    // A fresh database has version 1 as first shipped and the newest as version 2.
    assert_eq!(current.version, 2);
    let mut def = current.def.clone();
    def.name = "Felles mal, justert".into();
    // Unused: changed in place.
    let saved = store
        .save_template(current.template_id, &def.to_toml())
        .await
        .unwrap();
    assert!(!saved.new_version);
    assert_eq!(saved.version, 2);
    // Used by a report: the edit becomes version 3, and the report keeps version 2.
    let report = store
        .start_report("ost-99", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    def.name = "Felles mal, versjon 3".into();
    let saved = store
        .save_template(current.template_id, &def.to_toml())
        .await
        .unwrap();
    assert!(saved.new_version);
    assert_eq!(saved.version, 3);
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(report)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.template.version, 2);
    assert_eq!(r.template.def.name, "Felles mal, justert");
    assert_eq!(
        store.current_template().await.unwrap().def.name,
        "Felles mal, versjon 3"
    );
    // New reports use the new version.
    let other = store
        .start_report("ost-99", ReportKind::Annual, 2025)
        .await
        .unwrap();
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .report(other)
            .await
            .unwrap()
            .unwrap()
            .template
            .version,
        3
    );
    // A bad template is refused with its place, and nothing changes.
    let Err(TemplateSaveError::Invalid(errs)) = store
        .save_template(current.template_id, "name = \"x\"\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n[[section.field]]\nkey = \"f\"\nlabel = \"F\"\nkind = \"fritekst\"\n")
        .await
    else {
        panic!("a bad template is refused");
    };
    assert_eq!(errs[0].line, 8, "{errs:?}");
    assert_eq!(store.templates().await.unwrap()[0].versions.len(), 3);
}

#[tokio::test]
async fn the_workflow_from_draft_to_published() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let uid = store
        .create_user(&user("asker", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let recipient = store.acting_as(Actor::user(uid, "asker"));
    let id = recipient
        .start_report("ost-99", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    assert_eq!(
        recipient
            .start_report("ost-99", ReportKind::HalfYear, 2025)
            .await
            .unwrap(),
        id,
        "starting again opens the same report"
    );
    let Err(SaveError::Invalid(e)) = recipient
        .start_report("ost-99", ReportKind::Final, 2025)
        .await
    else {
        panic!("the final report is for the last year");
    };
    assert!(
        e.get("kind").unwrap().contains("Sluttrapport 2025–2026"),
        "{e}"
    );

    // A draft saves with malformed values, and says which.
    let mut draft = Answers::new();
    draft.insert("tildelt".into(), t("fem hundre tusen"));
    let (rev, problems) = recipient.save_draft(id, &draft, 0).await.unwrap();
    assert_eq!(rev, 1);
    assert!(problems.get("tildelt").is_some());
    // A stale revision is a conflict, and nothing is overwritten.
    let Err(DraftError::Conflict {
        current,
        revision,
        saved_by,
        ..
    }) = recipient.save_draft(id, &Answers::new(), 0).await
    else {
        panic!("a stale save is refused");
    };
    assert_eq!(revision, 1);
    assert_eq!(saved_by, "Navn asker");
    assert_eq!(current.get("tildelt").unwrap().text(), "fem hundre tusen");
    // Submitting an incomplete report lists every problem and keeps what was typed.
    let Err(DraftError::Invalid(errors)) = recipient.submit_report(id, &draft, 1).await else {
        panic!("an incomplete report is not submitted");
    };
    assert!(errors.len() >= 8, "{errors}");
    let kept = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.info.state, ReportState::Draft);
    assert_eq!(
        kept.draft.get("tildelt").unwrap().text(),
        "fem hundre tusen"
    );

    // Approving a draft is not a transition that exists.
    let Err(ReviewError::NotAllowed(m)) = store
        .review_report(id, ReportAction::Approve, "", &BTreeMap::new())
        .await
    else {
        panic!()
    };
    assert!(m.contains("må først sendes inn"), "{m}");

    let rev = store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision;
    assert_eq!(
        recipient.submit_report(id, &complete(), rev).await.unwrap(),
        ReportState::Submitted
    );
    // Submitted: the answers cannot change, and it cannot be published yet.
    let rev = store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision;
    assert!(matches!(
        recipient.save_draft(id, &Answers::new(), rev).await,
        Err(DraftError::NotEditable(_))
    ));
    assert!(matches!(
        store.publish_report(id).await,
        Err(ReviewError::NotAllowed(_))
    ));
    // A return needs a comment.
    assert!(matches!(
        store
            .review_report(id, ReportAction::Return, " ", &BTreeMap::new())
            .await,
        Err(ReviewError::Invalid(_))
    ));
    let comments = BTreeMap::from([("laert".to_string(), "Mer om NAV, takk.".to_string())]);
    assert_eq!(
        store
            .review_report(id, ReportAction::Return, "", &comments)
            .await
            .unwrap(),
        ReportState::Returned
    );
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        r.open_comments().unwrap().field_comments["laert"],
        "Mer om NAV, takk."
    );

    let mut changed = complete();
    changed.insert(
        "laert".into(),
        t("Kveldsoppfølging virker. NAV deltar på teammøtene."),
    );
    let rev = r.info.revision;
    assert_eq!(
        recipient.submit_report(id, &changed, rev).await.unwrap(),
        ReportState::Resubmitted
    );
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.versions.len(), 2);
    assert_eq!(
        r.versions[0].answers["laert"].text(),
        "Kveldsoppfølging virker mot utkastelser.",
        "version 1 is kept as submitted"
    );
    let diff = husk_domain::reporting::answers::diff(
        &r.template.def,
        &r.versions[0].answers,
        &r.versions[1].answers,
    );
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].key, "laert");

    assert_eq!(
        store
            .review_report(id, ReportAction::Approve, "", &BTreeMap::new())
            .await
            .unwrap(),
        ReportState::Approved
    );
    // Approval: indicators as data, and an internal document in the knowledge base.
    let ind = store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-99")
        .await
        .unwrap()
        .unwrap()
        .indicators()
        .await
        .unwrap();
    assert_eq!(ind.len(), 1);
    assert_eq!(ind[0].value.actual, Some(7.0));
    let r = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    let doc_id = r.info.document_id.expect("a knowledge-base document");
    let doc = store
        .read_as(&husk_domain::Viewer::System)
        .document(doc_id)
        .await
        .unwrap()
        .unwrap();
    assert!(!doc.meta.public);
    assert_eq!(doc.meta.projects, vec!["ost-99".to_string()]);
    let public_query = SearchQuery::new("NAV deltar på teammøtene");
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .search(public_query.clone())
            .await
            .unwrap()
            .total_documents,
        0,
        "internal until published"
    );
    let internal = SearchQuery {
        include_internal: true,
        ..public_query.clone()
    };
    let hits = store
        .read_as(&husk_domain::Viewer::System)
        .search(internal)
        .await
        .unwrap();
    assert_eq!(
        hits.documents[0].doc_id as i64, doc_id,
        "the learning answer is a passage"
    );
    assert!(hits.documents[0].hits[0]
        .heading
        .as_deref()
        .unwrap_or("")
        .contains("Hva har dere lært?"));

    assert_eq!(
        store.publish_report(id).await.unwrap(),
        ReportState::Published
    );
    assert!(
        store
            .read_as(&husk_domain::Viewer::System)
            .document(doc_id)
            .await
            .unwrap()
            .unwrap()
            .meta
            .public
    );
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .search(public_query)
            .await
            .unwrap()
            .total_documents,
        1,
        "public once published"
    );
    assert!(matches!(
        store.publish_report(id).await,
        Err(ReviewError::NotAllowed(_))
    ));
    assert_eq!(
        store
            .read_as(&husk_domain::Viewer::System)
            .published_reports()
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn obligations_overview_and_reminders() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    store
        .set_reporting_from(time::Date::from_calendar_date(2025, time::Month::January, 1).unwrap())
        .await
        .unwrap();
    let today = time::Date::from_calendar_date(2026, time::Month::February, 10).unwrap();
    let o = store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-99")
        .await
        .unwrap()
        .unwrap()
        .obligations(today)
        .await
        .unwrap();
    let list: Vec<(ReportKind, i32, ObligationStatus)> =
        o.iter().map(|o| (o.kind, o.year, o.status)).collect();
    assert_eq!(
        list,
        vec![
            (ReportKind::HalfYear, 2025, ObligationStatus::Overdue),
            (ReportKind::Annual, 2025, ObligationStatus::DueSoon),
            (ReportKind::HalfYear, 2026, ObligationStatus::Upcoming),
            (ReportKind::Final, 2026, ObligationStatus::Upcoming),
        ]
    );
    let uid = store
        .create_user(&user("asker", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let reminders = store.pending_reminders(today).await.unwrap();
    assert_eq!(reminders.len(), 2, "the overdue and the due-soon report");
    assert!(reminders.iter().all(|r| r.user.id == uid));
    assert!(store
        .mark_reminder_sent(&reminders[0].obligation, uid)
        .await
        .unwrap());
    assert!(!store
        .mark_reminder_sent(&reminders[0].obligation, uid)
        .await
        .unwrap());
    assert_eq!(
        store.pending_reminders(today).await.unwrap().len(),
        1,
        "each is sent once"
    );
    // Submitting takes the report off the list.
    let id = store
        .start_report("ost-99", ReportKind::Annual, 2025)
        .await
        .unwrap();
    store.submit_report(id, &complete(), 0).await.unwrap();
    assert!(store.pending_reminders(today).await.unwrap().is_empty());
    let o = store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-99")
        .await
        .unwrap()
        .unwrap()
        .obligations(today)
        .await
        .unwrap();
    assert_eq!(o[1].status, ObligationStatus::AwaitingReview);
    assert_eq!(o[1].report_id, Some(id));
}

#[tokio::test]
async fn a_programme_year_compiles_its_approved_reports() {
    let _d = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&_d.path().join("data"))
        .await
        .unwrap();
    let viewer = staff();
    let s = store
        .read_as(&viewer)
        .entry("ost-eks-program")
        .await
        .unwrap()
        .unwrap()
        .annual_summary(2025)
        .await
        .unwrap()
        .unwrap();
    // The demo approves the programme's annual report and publishes the Housing First team's
    // half-year report; both are for 2025.
    assert_eq!(
        s.entries.len(),
        2,
        "{:?}",
        s.entries
            .iter()
            .map(|e| e.report.title())
            .collect::<Vec<_>>()
    );
    assert!(s.entries.iter().any(|e| e
        .indicators
        .iter()
        .any(|i| i.name == "Fagdager for ansatte")));
    assert!(s.entries.iter().all(|e| !e.learning.is_empty()));
    let bytes = husk_files::annual_summary_xlsx(&s).unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Indikatorer", "Måloppnåelse", "Læring", "Økonomi"]
    );
    let sheet = wb.worksheet_range("Indikatorer").unwrap();
    assert!(sheet
        .rows()
        .any(|r| r.iter().any(|c| *c == "Fagdager for ansatte")));
    assert!(store
        .read_as(&viewer)
        .entry("finnes-ikke")
        .await
        .unwrap()
        .is_none());
}

/// The latest audit entry about the report's row, with the draft's change as (before, after).
async fn latest_draft_change(store: &Store, report_id: i64) -> (usize, Option<(String, String)>) {
    let log = store
        .audit_log(&AuditFilter {
            table: Some("reports".into()),
            record: Some(report_id.to_string()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let draft = log.first().and_then(|e| {
        e.changes
            .iter()
            .find(|(c, _, _)| c == "draft")
            .map(|(_, b, a)| (b.clone().unwrap_or_default(), a.clone().unwrap_or_default()))
    });
    (log.len(), draft)
}

#[tokio::test]
async fn autosaving_a_draft_logs_only_the_changed_answers_and_refuses_answers_over_the_limit() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let uid = store
        .create_user(&user("asker", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let recipient = store.acting_as(Actor::user(uid, "asker"));
    let id = recipient
        .start_report("ost-99", ReportKind::HalfYear, 2025)
        .await
        .unwrap();

    // A long answer, as long as an answer may be.
    let long: String = "Vi har lært mye om oppfølging. "
        .chars()
        .cycle()
        .take(husk_domain::limits::ANSWER_TEXT)
        .collect();
    let mut draft = Answers::new();
    draft.insert("gjort_mot_plan".into(), t(&long));
    let (rev, _) = recipient.save_draft(id, &draft, 0).await.unwrap();

    // Another answer is typed: the log holds that answer's old and new value, not the long one.
    draft.insert("avvik".into(), t("Litt forsinket oppstart."));
    let (rev, _) = recipient.save_draft(id, &draft, rev).await.unwrap();
    let (entries, change) = latest_draft_change(&store, id).await;
    let (before, after) = change.expect("the draft's change is logged");
    assert_eq!(before, r#"{"avvik":null}"#);
    assert_eq!(after, r#"{"avvik":{"text":"Litt forsinket oppstart."}}"#);

    // The long answer is edited: its old and new value are logged, and only it.
    let edited = format!("{}.", &long[..long.len() - 1]);
    draft.insert("gjort_mot_plan".into(), t(&edited));
    let (rev, _) = recipient.save_draft(id, &draft, rev).await.unwrap();
    let (_, change) = latest_draft_change(&store, id).await;
    let (before, after) = change.unwrap();
    assert!(
        before.contains("Vi har lært") && !before.contains("avvik"),
        "only the edited answer"
    );
    assert!(after.ends_with(".\"}}"), "{}", &after[after.len() - 20..]);

    // The same draft again (an autosave after a pause) writes nothing.
    let (entries_before, _) = latest_draft_change(&store, id).await;
    assert_eq!(entries_before, entries + 1);
    let (same, _) = recipient.save_draft(id, &draft, rev).await.unwrap();
    assert_eq!(same, rev, "no new revision");
    assert_eq!(
        latest_draft_change(&store, id).await.0,
        entries_before,
        "no new log entry"
    );

    // An answer over the limit is refused, and nothing is saved.
    let mut huge = draft.clone();
    huge.insert("gjort_mot_plan".into(), t(&"x".repeat(1_900_000)));
    let Err(DraftError::TooLong(errors)) = recipient.save_draft(id, &huge, rev).await else {
        panic!("a 1.9 MB answer is refused");
    };
    assert_eq!(
        errors.get("gjort_mot_plan"),
        Some("«Hva er gjort i perioden, sammenlignet med planen?» har 1 900 000 tegn, men kan ha høyst 20 000 tegn. Forkort teksten.")
    );
    let Err(DraftError::TooLong(_)) = recipient.submit_report(id, &huge, rev).await else {
        panic!("nor submitted");
    };
    let stored = store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.info.revision, rev);
    assert_eq!(stored.draft, draft);
    assert_eq!(latest_draft_change(&store, id).await.0, entries_before);
}

#[tokio::test]
async fn review_comments_over_the_limit_are_refused_naming_the_field() {
    let (_d, store) = fresh().await;
    with_project(&store).await;
    let uid = store
        .create_user(&user("asker", "mottaker", "", "Asker kommune"))
        .await
        .unwrap();
    let recipient = store.acting_as(Actor::user(uid, "asker"));
    let id = recipient
        .start_report("ost-99", ReportKind::HalfYear, 2025)
        .await
        .unwrap();
    recipient.submit_report(id, &complete(), 0).await.unwrap();
    let mut comments = BTreeMap::new();
    comments.insert("avvik".to_string(), "k".repeat(5_001));
    let Err(ReviewError::Invalid(errors)) = store
        .review_report(id, ReportAction::Return, "", &comments)
        .await
    else {
        panic!("a too long comment is refused");
    };
    assert_eq!(
        errors.get("kommentar.avvik"),
        Some("Kommentaren til «Avvik fra planen, og hvorfor» har 5 001 tegn, men kan ha høyst 5 000 tegn. Forkort teksten.")
    );
}

#[tokio::test]
async fn user_names_and_addresses_over_the_limit_are_refused() {
    let (_d, store) = fresh().await;
    let mut u = user("lang", "leser", "", "");
    u.name = "N".repeat(201);
    u.email = format!("{}@example.no", "e".repeat(250));
    let Err(SaveError::Invalid(e)) = store.create_user(&u).await else {
        panic!("too long a name and address are refused");
    };
    assert_eq!(
        e.get("name"),
        Some("«Navn» har 201 tegn, men kan ha høyst 200 tegn. Forkort teksten.")
    );
    assert!(e.get("email").unwrap().contains("høyst 254 tegn"));
}
