//! Removals in the learning area over HTTP: a network's member, meeting and assignment, a
//! month of the theme-of-the-month rotation, an arena's material and tool, and an extra
//! evaluation question. Each is asked first, allowed only for who may change the thing, gone
//! afterwards, and in the audit log with who made it; the API's DELETEs follow the same rules.

use crate::common::*;
use husk_domain::Viewer;
use husk_store::learning::networks::NetworkFilter;
use husk_store::AuditFilter;
use reqwest::StatusCode;

/// `DELETE path` as the session, with its CSRF token.
async fn delete(app: &App, path: &str) -> StatusCode {
    app.raw
        .delete(app.url(path))
        .header("x-csrf-token", app.csrf.clone())
        .send()
        .await
        .unwrap()
        .status()
}

/// Whether the audit log has a deletion in `table` made by `user`.
async fn deleted_by(app: &App, table: &str, user: &str) -> bool {
    app.store
        .audit_log(&AuditFilter {
            actor: Some(user.into()),
            table: Some(table.into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .iter()
        .any(|e| e.action == "delete" && e.actor == user)
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn akershus(app: &App) -> husk_store::learning::networks::StoredNetwork {
    app.store
        .read_as(&Viewer::System)
        .networks(&NetworkFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.name.starts_with("Regionalt nettverk i Akershus"))
        .unwrap()
}

async fn reread(app: &App, id: i64) -> husk_store::learning::networks::StoredNetwork {
    app.store
        .read_as(&Viewer::System)
        .network(id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn an_adviser_removes_a_networks_assignment_member_and_meeting_after_asking() {
    let app = start().await;
    let n = akershus(&app).await;
    let page = format!("/nettverk/{}", n.id);
    let ost = app.login("test-ost").await;
    let vest = app.login("test-vest").await;

    // A member, a meeting, and an assignment of the member due at the meeting.
    for (path, form) in [
        (
            "medlemmer",
            vec![
                ("medlemstype", "kommune"),
                ("medlemsnavn", "Nesodden"),
                ("kommunenummer", "3212"),
            ],
        ),
        (
            "moter",
            vec![
                ("dato", "12.03.2026"),
                ("tema", "Kartlegging av boligbehov"),
            ],
        ),
    ] {
        let r = ost.post_form(&format!("{page}/{path}"), &form).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
    }
    let now = reread(&app, n.id).await;
    let member = now
        .members
        .iter()
        .find(|m| m.name == "Nesodden")
        .unwrap()
        .id;
    let meeting = now.meetings[0].id;
    let r = ost
        .post_form(
            &format!("{page}/oppdrag"),
            &[
                ("medlem", &member.to_string()),
                ("oppdrag", "Del kartleggingsskjemaet"),
                ("til_mote", &meeting.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let assignment = reread(&app, n.id).await.assignments[0].id;
    let member_path = format!("{page}/medlemmer/{member}/fjern");
    let meeting_path = format!("{page}/moter/{meeting}/fjern");
    let assignment_path = format!("{page}/oppdrag/{assignment}/fjern");

    // The network's page links each removal for who runs it, and not for others.
    let (_, shown) = ost.get(&page).await;
    for p in [&member_path, &meeting_path, &assignment_path] {
        assert!(shown.contains(&format!("href=\"{p}\"")), "{p}");
    }
    let (_, shown) = vest.get(&page).await;
    assert!(!shown.contains("/fjern\""), "another office's adviser");

    // While the member has an assignment, and the meeting an assignment due, neither goes:
    // the question page says why and offers no button.
    let (s, body) = ost.get(&member_path).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body.contains("Fjern oppdragene først") && !body.contains("name=\"bekreft\""));
    let r = ost.post_form(&meeting_path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("har frist til dette møtet"));

    // Another office's adviser may not remove; without `bekreft=ja` nothing goes.
    assert_eq!(vest.get(&assignment_path).await.0, StatusCode::FORBIDDEN);
    let r = vest.post_form(&assignment_path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = ost.post_form(&assignment_path, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), assignment_path, "to the question");
    assert_eq!(reread(&app, n.id).await.assignments.len(), 1);

    // The question names the assignment; confirmed, it goes.
    let (s, body) = ost.get(&assignment_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Del kartleggingsskjemaet") && body.contains(">Fjern</button>"));
    let r = ost.post_form(&assignment_path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, shown) = ost.get(&location(&r)).await;
    assert!(shown.contains("Oppdraget er fjernet.") && !shown.contains("Del kartleggingsskjemaet"));

    // Now the member and the meeting go too.
    for p in [&member_path, &meeting_path] {
        let r = ost.post_form(p, &[("bekreft", "ja")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{p}");
    }
    let after = reread(&app, n.id).await;
    assert!(after.member(member).is_none() && after.meeting(meeting).is_none());
    assert!(after.assignments.is_empty());
    assert_eq!(ost.get(&member_path).await.0, StatusCode::NOT_FOUND);
    for table in [
        "learning_network_assignments",
        "learning_network_members",
        "learning_network_meetings",
    ] {
        assert!(deleted_by(&app, table, "test-ost").await, "{table}");
    }
}

#[tokio::test]
async fn the_api_removes_network_parts_for_who_runs_the_network() {
    let app = start().await;
    let n = akershus(&app).await;
    let ost = app.login("test-ost").await;
    let vest = app.login("test-vest").await;
    let asker = app.login("test-asker").await;
    let member = app
        .store
        .save_member(
            n.id,
            None,
            &husk_domain::learning::networks::MemberInput {
                kind: "kommune".into(),
                name: "Frogn".into(),
                kommunenummer: "3214".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let meeting = app
        .store
        .save_network_meeting(
            n.id,
            None,
            &husk_domain::learning::networks::NetworkMeetingInput {
                date: "01.02.2026".into(),
                topic: "Oppstart".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let n = reread(&app, n.id).await;
    let assignment = app
        .store
        .save_assignment(
            &n,
            None,
            &husk_domain::learning::networks::AssignmentInput {
                member: member.to_string(),
                text: "Skriv et notat".into(),
                due_meeting: meeting.to_string(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let base = format!("/api/v1/networks/{}", n.id);
    let member_path = format!("{base}/members/{member}");
    assert_eq!(delete(&vest, &member_path).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&asker, &member_path).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&ost, &member_path).await, StatusCode::CONFLICT);
    assert_eq!(
        delete(&ost, &format!("{base}/meetings/{meeting}")).await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        delete(&ost, &format!("{base}/assignments/{assignment}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(delete(&ost, &member_path).await, StatusCode::NO_CONTENT);
    assert_eq!(
        delete(&ost, &format!("{base}/meetings/{meeting}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(delete(&ost, &member_path).await, StatusCode::NOT_FOUND);
    let (_, json) = ost.get_json(&base).await;
    assert!(!json.to_string().contains("Frogn") && !json.to_string().contains("Skriv et notat"));
    assert!(deleted_by(&app, "learning_network_members", "test-ost").await);
}

#[tokio::test]
async fn an_office_removes_a_month_of_its_rotation() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let vest = app.login("test-vest").await;
    for (month, text) in [("2031-01", "Housing First"), ("2031-02", "Bostøtte")] {
        let r = ost
            .post_form(
                "/manedens-tema/ost",
                &[
                    ("maned", month),
                    ("ansvarlig", "Kari"),
                    ("tema_tekst", text),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let entries = app
        .store
        .read_as(&Viewer::System)
        .themes_of_month(Some("ost"))
        .await
        .unwrap();
    let first = entries
        .iter()
        .find(|t| t.month.code() == "2031-01")
        .unwrap()
        .id;
    let second = entries
        .iter()
        .find(|t| t.month.code() == "2031-02")
        .unwrap()
        .id;
    let path = format!("/manedens-tema/ost/{first}/fjern");
    let (_, page) = ost.get("/manedens-tema/ost").await;
    assert!(page.contains(&format!("href=\"{path}\"")));
    let (_, page) = vest.get("/manedens-tema/ost").await;
    assert!(!page.contains(&format!("href=\"{path}\"")));

    assert_eq!(vest.get(&path).await.0, StatusCode::FORBIDDEN);
    let r = vest.post_form(&path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (s, body) = ost.get(&path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Housing First") && body.contains("Fjerne månedens tema"));
    let r = ost.post_form(&path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get(&location(&r)).await;
    assert!(page.contains("Måneden er fjernet") && !page.contains("Housing First"));
    assert!(page.contains("Bostøtte"));
    assert!(deleted_by(&app, "learning_themes_of_month", "test-ost").await);

    // The API: another office's adviser is refused; the office's removes.
    let api = format!("/api/v1/themes-of-month/ost/{second}");
    assert_eq!(delete(&vest, &api).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&ost, &api).await, StatusCode::NO_CONTENT);
    assert_eq!(delete(&ost, &api).await, StatusCode::NOT_FOUND);
}

/// An arena of region øst, made as an adviser would.
async fn arena(app: &App, title: &str) -> i64 {
    app.store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: title.into(),
                kind: "fagdag".into(),
                fra: "10.03.2026".into(),
                kontor: "ost".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn an_adviser_takes_a_material_and_a_tool_off_an_arena_and_the_document_stays() {
    let app = start().await;
    let id = arena(&app, "Fagdag om bostøtte").await;
    let ost = app.login("test-ost").await;
    let vest = app.login("test-vest").await;
    let page = format!("/laeringsarenaer/{id}");

    // A material (through the upload, into the knowledge base) and a tool.
    let r = ost
        .post_multipart_raw(
            &format!("{page}/materiell"),
            &[("tittel", "Program for fagdagen")],
            (
                "program.txt",
                b"Program for fagdagen om bostotte.\n\nInnledning og gruppearbeid.",
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = app
        .store
        .read_as(&Viewer::System)
        .arena(id)
        .await
        .unwrap()
        .unwrap()
        .materials[0]
        .document_id;
    let (tool, tool_name) = app.store.tool_names().await.unwrap()[0].clone();
    app.store.link_tool_to_arena(tool, id).await.unwrap();
    let material_path = format!("{page}/materiell/{doc}/fjern");
    let tool_path = format!("{page}/verktoy/{tool}/fjern");
    let (_, shown) = ost.get(&page).await;
    assert!(shown.contains(&format!("href=\"{material_path}\"")));
    assert!(shown.contains(&format!("href=\"{tool_path}\"")));
    let (_, shown) = vest.get(&page).await;
    assert!(!shown.contains("/fjern\""));

    // Refused for another office; asked first; then gone from the arena.
    for p in [&material_path, &tool_path] {
        assert_eq!(vest.get(p).await.0, StatusCode::FORBIDDEN, "{p}");
        let r = vest.post_form(p, &[("bekreft", "ja")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{p}");
        let (s, body) = ost.get(p).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert!(body.contains(">Fjern</button>"));
        let r = ost.post_form(p, &[]).await;
        assert_eq!(location(&r), *p, "no removal without bekreft");
        let r = ost.post_form(p, &[("bekreft", "ja")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{p}");
    }
    let (_, shown) = ost.get(&page).await;
    assert!(shown.contains("Ingen materiell er lagt inn."));
    assert!(shown.contains("Ingen verktøy fra verktøykassen er ført opp"));
    assert!(!shown.contains(&format!(">{tool_name}</a>")));
    // The document stays in the knowledge base.
    let (s, doc_page) = ost.get(&format!("/dokumenter/{doc}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc_page.contains("Program for fagdagen"));
    assert!(deleted_by(&app, "learning_arena_materials", "test-ost").await);
    assert!(deleted_by(&app, "learning_tool_arenas", "test-ost").await);

    // The API does the same.
    app.store.add_arena_material(id, doc).await.unwrap();
    app.store.link_tool_to_arena(tool, id).await.unwrap();
    let material_api = format!("/api/v1/arenas/{id}/materials/{doc}");
    let tool_api = format!("/api/v1/arenas/{id}/tools/{tool}");
    assert_eq!(delete(&vest, &material_api).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&ost, &material_api).await, StatusCode::NO_CONTENT);
    assert_eq!(delete(&ost, &material_api).await, StatusCode::NOT_FOUND);
    assert_eq!(delete(&vest, &tool_api).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&ost, &tool_api).await, StatusCode::NO_CONTENT);
    assert!(app.store.tools_at_arena(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_extra_question_is_removed_only_before_anyone_answers() {
    let app = start().await;
    let id = arena(&app, "Frokostmøte om startlån").await;
    let ost = app.login("test-ost").await;
    let vest = app.login("test-vest").await;
    let setup = format!("/laeringsarenaer/{id}/evaluering");
    let now = husk_store::learning::evaluations::oslo_now();
    let (opens, closes) = (
        husk_domain::learning::evaluations::iso_local(now - time::Duration::days(1)),
        husk_domain::learning::evaluations::iso_local(now + time::Duration::days(1)),
    );
    let r = ost
        .post_form(&setup, &[("apner", &opens), ("stenger", &closes)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for text in [
        "Hvilket tema ønsker du neste gang?",
        "Hvordan fant du fram?",
    ] {
        let r = ost
            .post_form(
                &format!("{setup}/sporsmal"),
                &[("tekst", text), ("type", "fritekst")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{text}");
    }
    let form = app
        .store
        .read_as(&Viewer::System)
        .evaluation(id)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap();
    let (first, second) = (form.extra[0].id, form.extra[1].id);
    let path = format!("{setup}/sporsmal/{first}/fjern");
    let (_, page) = ost.get(&setup).await;
    assert!(page.contains(&format!("href=\"{path}\"")));

    assert_eq!(vest.get(&path).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        vest.post_form(&path, &[("bekreft", "ja")]).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = ost.post_form(&path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get(&location(&r)).await;
    assert!(
        page.contains("Spørsmålet er fjernet")
            && !page.contains("Hvilket tema ønsker du neste gang?")
    );
    assert!(deleted_by(&app, "evaluation_questions", "test-ost").await);

    // Once someone has answered, the other question stays.
    let answers: std::collections::BTreeMap<String, String> = [
        ("nytte", "4"),
        ("innhold", "4"),
        ("erfaringsdeling", "4"),
        ("gjennomforing", "4"),
        ("bruk", "4"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    app.store
        .submit_evaluation(
            &form.token,
            Some("en-enhet-som-svarer-0001"),
            "skjema-nokkel-0123456789",
            &answers,
            now,
        )
        .await
        .unwrap();
    let path = format!("{setup}/sporsmal/{second}/fjern");
    let (_, page) = ost.get(&setup).await;
    assert!(!page.contains(&format!("href=\"{path}\"")));
    assert!(page.contains("kan ikke lenger fjernes"));
    let (s, body) = ost.get(&path).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body.contains("bare fjernes før noen har svart"));
    let r = ost.post_form(&path, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let api = format!("/api/v1/arenas/{id}/evaluation/questions/{second}");
    assert_eq!(delete(&vest, &api).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&ost, &api).await, StatusCode::CONFLICT);
    // The core questions are not removable: they have no stored id to remove.
    assert_eq!(
        delete(
            &ost,
            &format!("/api/v1/arenas/{id}/evaluation/questions/nytte")
        )
        .await,
        StatusCode::NOT_FOUND
    );
    let (_, page) = ost.get(&setup).await;
    assert!(page.contains("Hvordan fant du fram?"));
}
