//! Status meetings and agreements over HTTP: planning and recording a meeting through the
//! forms (bad input keeps what was typed), an action carried forward and closed by the
//! municipality's own recipient, agreements per role with their dialogue meetings, and the API.

use reqwest::StatusCode;

use crate::common::*;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn a_meeting_is_planned_recorded_and_its_open_action_followed_up_at_the_next() {
    let app = start().await;
    let asker = participant_id(&app, "Asker").await;
    let base = format!("/programmer/ost-utviklingsprogram/deltakere/{asker}/statusmoter");
    let adviser = app.login("test-ost").await;

    // The programme page links the participant's meetings.
    let (_, programme) = adviser.get("/programmer/ost-utviklingsprogram").await;
    assert!(programme.contains(&format!("href=\"{base}\"")), "linked");

    // A late measure in Asker's plan is on the agenda.
    app.store
        .acting_as(husk_store::Actor::system("test"))
        .add_measure(
            asker,
            &husk_domain::programmes::plans::MeasureInput {
                id: String::new(),
                kind: "tiltak".into(),
                title: "Boligkartlegging".into(),
                goals: vec!["resultat-1".into()],
                owner: "Boligkontoret".into(),
                start: "01.01.2011".into(),
                end: "31.12.2011".into(),
                status: "startet".into(),
                postponed_reason: String::new(),
                in_ordinary_operation: false,
            },
            "Test",
        )
        .await
        .unwrap();

    let (status, page) = adviser.get(&base).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(
        "«Boligkartlegging» er forsinket: planlagt slutt var 31.12.2011, og status er startet."
    ));
    assert!(!page.contains("ikke registrert i Husk ennå"));
    assert!(page.contains("Ingen statusmøter er registrert for Asker ennå."));
    assert!(page.contains("Planlegg et statusmøte"));
    assert!(
        page.contains("Dagsorden for statusmøtet"),
        "an agenda for today"
    );
    assert!(page.contains("Fasen til Asker er ikke registrert."));

    // A bad date keeps what was typed and says what is wrong at the field.
    let r = adviser
        .post_form(
            &base,
            &[("dato", "1. mars"), ("deltakere", "Programeier Kari")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Sjekk datoen for statusmøtet. «1. mars» er ikke en dato."));
    assert!(html.contains("value=\"Programeier Kari\""));
    assert!(html.contains("value=\"1. mars\""));
    assert!(
        html.contains("href=\"#plan-dato\""),
        "the summary links the field"
    );

    let r = adviser
        .post_form(
            &base,
            &[("dato", "01.03.2025"), ("deltakere", "Programeier Kari")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let first = location(&r);
    assert!(first.starts_with(&format!("{base}/")), "{first}");
    let (_, page) = adviser.get(&first).await;
    assert!(page.contains("Statusmøtet er planlagt."));
    assert!(page.contains("Statusmøte med Asker 01.03.2025"));
    assert!(page.contains("Registrer møtet"));
    let action = first.split('?').next().unwrap().to_string();

    // Recording: an action without an owner is refused, and every row typed comes back.
    let r = adviser
        .post_form(
            &action,
            &[
                ("dato", "01.03.2025"),
                ("deltakere", "Programeier, rådgiver"),
                ("referat", "Gikk gjennom planen."),
                ("tiltak_tekst", "Sende foranalysen"),
                ("tiltak_ansvarlig", ""),
                ("tiltak_frist", "01.04.2025"),
                ("tiltak_tekst", ""),
                ("tiltak_ansvarlig", ""),
                ("tiltak_frist", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Oppfølgingspunkt 1: Skriv hvem som er ansvarlig."));
    assert!(html.contains("value=\"Sende foranalysen\""));
    assert!(html.contains("Gikk gjennom planen."));
    assert!(html.contains("href=\"#mote-tiltak-1-ansvarlig\""));

    let r = adviser
        .post_form(
            &action,
            &[
                ("dato", "01.03.2025"),
                ("deltakere", "Programeier, rådgiver"),
                ("referat", "Gikk gjennom planen."),
                ("tiltak_tekst", "Sende foranalysen"),
                ("tiltak_ansvarlig", "Programlederen"),
                ("tiltak_frist", "01.04.2025"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&location(&r)).await;
    assert!(page.contains("Møtet er registrert."));
    assert!(page.contains("Sende foranalysen"));

    // The list shows the open action, linked to the meeting that agreed it.
    let (_, list) = adviser.get(&base).await;
    assert!(list.contains(&format!("href=\"{action}#punkt-")), "{list}");

    // The participant's page and its municipality's page say it in brief.
    let participant_page = base.trim_end_matches("/statusmoter").to_string();
    let (_, page) = adviser.get(&participant_page).await;
    let brief = &page[page
        .find("id=\"statusmotefakta\"")
        .expect("meetings in brief")..];
    let brief = &brief[..brief.find("</dl>").unwrap()];
    assert!(brief.contains("1 møte holdt, sist 01.03.2025"), "{brief}");
    assert!(brief.contains("01.09.2025"), "half a year after: {brief}");
    assert!(brief.contains("1 åpent oppfølgingspunkt"), "{brief}");
    assert!(page.contains(&format!("href=\"{base}\"")));
    let (_, municipality) = adviser.get("/kommuner/3203").await;
    let table = &municipality[municipality
        .find("id=\"statusmotetabell\"")
        .expect("the meetings table")..];
    let row = &table[table.find("data-name=\"Asker\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&format!("href=\"{base}\"")), "{row}");
    assert!(row.contains("1 møte holdt, sist 01.03.2025"), "{row}");
    assert!(row.contains("1 åpent oppfølgingspunkt"), "{row}");
    let (_, json) = adviser.get_json("/api/v1/municipalities/3203").await;
    let asker_json = json["participations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Asker")
        .unwrap()
        .clone();
    assert_eq!(asker_json["meetings"]["open_actions"], 1);
    assert_eq!(asker_json["meetings"]["held"], 1);
    assert_eq!(asker_json["meetings"]["next_due"], "2025-09-01");

    // The next meeting's agenda carries the open action forward.
    let r = adviser.post_form(&base, &[("dato", "01.09.2025")]).await;
    let second = location(&r);
    let second_path = second.split('?').next().unwrap().to_string();
    let (_, page) = adviser.get(&second_path).await;
    assert!(page.contains(
        "Sende foranalysen (ansvarlig: Programlederen, avtalt 01.03.2025, fristen var 01.04.2025)."
    ));
    let follow_up = &page[page
        .find("id=\"tidligere-punkter\"")
        .expect("follow-up list")..];
    assert!(follow_up.contains("Status: Åpent"));

    // The municipality's own recipient closes it there; another municipality's cannot see it.
    let recipient = app.login("test-asker").await;
    let (status, page) = recipient.get(&second_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("Registrer møtet"),
        "recording is the office's"
    );
    let form_action = page
        .split("action=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|a| a.contains("/oppfolging/"))
        .expect("a status form")
        .to_string();
    let r = recipient
        .post_form(
            &form_action,
            &[("status", "utfort"), ("utfort", "31.02.2025")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("«31.02.2025» er ikke en dato"));
    assert!(html.contains("value=\"31.02.2025\""));
    let r = recipient
        .post_form(
            &form_action,
            &[("status", "utfort"), ("utfort", "15.08.2025")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = recipient.get(&second_path).await;
    assert!(page.contains("Utført 15.08.2025"));
    assert!(page.contains("Ingen åpne oppfølgingspunkter fra tidligere møter."));
    let (status, _) = app.login("test-bergen").await.get(&second_path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Recipients do not plan meetings.
    let r = recipient.post_form(&base, &[("dato", "01.03.2026")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let (_, list) = adviser.get(&base).await;
    assert!(list.contains("2 statusmøter"));
    assert!(
        list.contains("Ingen åpne oppfølgingspunkter."),
        "the only action is done"
    );
    let next = &list[list.find("id=\"neste-mote\"").unwrap()..];
    let next = &next[..next.find("</dl>").unwrap()];
    assert!(
        next.contains("01.09.2025"),
        "the next due is the planned one: {next}"
    );
}

#[tokio::test]
async fn agreements_are_filed_by_the_office_and_read_by_the_municipality() {
    let app = start().await;
    let adviser = app.login("test-ost").await;
    let (status, page) = adviser.get("/avtaler").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ingen avtaler er registrert ennå."));

    let form = |office: &'static str, reason: &'static str| {
        vec![
            ("tittel", "Samarbeidsavtale om oppfølging i bolig"),
            ("kommunenummer", "3203"),
            ("kontor", office),
            ("type", "samarbeidsavtale"),
            ("part_navn", "Kirkens Bymisjon"),
            ("part_type", "frivillig"),
            ("part_navn", ""),
            ("part_type", ""),
            ("fra", "01.01.2024"),
            ("til", ""),
            ("reforhandling", "01.01.2027"),
            ("anskaffelse", "unntak-ideell"),
            ("begrunnelse", reason),
            ("merknad", ""),
        ]
    };
    // The exception needs its reason; what was typed stays.
    let r = adviser.post_form("/avtaler/ny", &form("ost", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Skriv hvorfor unntaket for ideelle organisasjoner gjelder"));
    assert!(html.contains("value=\"Kirkens Bymisjon\""));
    assert!(html.contains("value=\"01.01.2027\""));
    // Another office's adviser may not file under region øst.
    let west = app.login("test-vest").await;
    let r = west
        .post_form("/avtaler/ny", &form("ost", "Reservert konkurranse"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Du kan bare registrere avtaler for ditt eget kontor."));

    let r = adviser
        .post_form("/avtaler/ny", &form("ost", "Reservert konkurranse"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = location(&r);
    let page_path = saved.split('?').next().unwrap().to_string();
    let (_, page) = adviser.get(&saved).await;
    assert!(page.contains("Avtalen er lagret."));
    assert!(page.contains("Asker (3203)"));
    assert!(page.contains("Kirkens Bymisjon (Frivillig organisasjon)"));
    assert!(page.contains("Unntak for ideelle organisasjoner: Reservert konkurranse"));
    assert!(
        page.contains("01.01.2025"),
        "the first dialogue meeting is due a year in"
    );

    let r = adviser
        .post_form(
            &format!("{page_path}/dialogmoter"),
            &[("dato", ""), ("deltakere", "Kommunen og Bymisjonen")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("value=\"Kommunen og Bymisjonen\""));
    let r = adviser
        .post_form(
            &format!("{page_path}/dialogmoter"),
            &[
                ("dato", "10.01.2025"),
                ("deltakere", "Kommunen og Bymisjonen"),
                ("referat", "Gjennomgang av året."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains("Gjennomgang av året."));
    assert!(
        page.contains("10.01.2026"),
        "next due a year after the last"
    );

    // Asker's page lists it with the next dialogue meeting, in the API too.
    let (_, municipality) = adviser.get("/kommuner/3203").await;
    let table = &municipality[municipality
        .find("id=\"avtaletabell\"")
        .expect("the agreements table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains(&format!(
        "href=\"{page_path}\">Samarbeidsavtale om oppfølging i bolig</a>"
    )));
    assert!(table.contains("10.01.2026") && table.contains("Kirkens Bymisjon"));
    let (_, json) = adviser.get_json("/api/v1/municipalities/3203").await;
    assert_eq!(
        json["agreements"][0]["title"],
        "Samarbeidsavtale om oppfølging i bolig"
    );
    assert_eq!(json["agreements"][0]["next_dialogue_due"], "2026-01-10");

    // Asker's recipient reads it without the forms; Bergen's does not see it.
    let asker = app.login("test-asker").await;
    let (_, list) = asker.get("/avtaler").await;
    assert!(list.contains("Samarbeidsavtale om oppfølging i bolig"));
    let (status, page) = asker.get(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Registrer et dialogmøte"));
    let bergen = app.login("test-bergen").await;
    let (_, list) = bergen.get("/avtaler").await;
    assert!(!list.contains("Samarbeidsavtale om oppfølging i bolig"));
    let (_, on_asker) = asker.get("/kommuner/3203").await;
    assert!(on_asker.contains("Samarbeidsavtale om oppfølging i bolig"));
    let (_, on_bergen) = bergen.get("/kommuner/3203").await;
    assert!(!on_bergen.contains("Samarbeidsavtale om oppfølging i bolig"));
    assert!(on_bergen.contains("Ingen avtaler du har tilgang til"));
    let (_, json) = bergen.get_json("/api/v1/municipalities/3203").await;
    assert_eq!(json["agreements"].as_array().unwrap().len(), 0);
    assert_eq!(bergen.get(&page_path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        west.get(&format!("{page_path}/endre")).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_api_reads_and_writes_meetings_and_agreements() {
    let app = start().await;
    let asker = participant_id(&app, "Asker").await;
    let adviser = app.store.user_by_name("test-ost").await.unwrap().unwrap();
    let secret = app
        .store
        .create_api_token(adviser.id, "Møter")
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let base = format!("/api/v1/programmes/ost-utviklingsprogram/participants/{asker}/meetings");
    let post = |path: String, body: serde_json::Value| {
        client
            .post(app.url(&path))
            .bearer_auth(&secret)
            .json(&body)
            .send()
    };
    let r = post(base.clone(), serde_json::json!({"date": "1. mars"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["field"], "dato");
    let r = post(
        base.clone(),
        serde_json::json!({"date": "2025-03-01", "attendees": "Programeier"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let meeting = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = post(
        format!("{base}/{meeting}"),
        serde_json::json!({
            "date": "2025-03-01",
            "minutes": "Kort møte.",
            "actions": [{"text": "Sende foranalysen", "owner": "Programlederen", "due": "2025-04-01"}]
        }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let (status, json) = app.login("test-asker").await.get_json(&base).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["next_due"], "2025-09-01");
    assert_eq!(
        json["meetings"][0]["actions"][0]["text"],
        "Sende foranalysen"
    );
    assert_eq!(
        json["meetings"][0]["actions"][0]["status"]["status"],
        "apen"
    );
    let agenda = &json["next_agenda"]["carried_forward"];
    assert_eq!(agenda[0]["text"], "Sende foranalysen");

    let r = post(
        "/api/v1/agreements".into(),
        serde_json::json!({
            "kommunenummer": "3203", "office": "ost", "title": "Driftsavtale om boligoppfølging",
            "kind": "driftsavtale", "parties": [{"name": "Helse Sør-Øst", "kind": "helseforetak"}],
            "start": "2024-01-01", "procurement": "anbud"
        }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let (_, json) = app
        .login("test-asker")
        .await
        .get_json("/api/v1/municipalities/3203/agreements")
        .await;
    assert_eq!(
        json["agreements"][0]["title"],
        "Driftsavtale om boligoppfølging"
    );
    assert_eq!(json["agreements"][0]["parties"][0]["kind"], "helseforetak");
    let (_, json) = app
        .login("test-bergen")
        .await
        .get_json("/api/v1/municipalities/3203/agreements")
        .await;
    assert_eq!(json["agreements"].as_array().unwrap().len(), 0);
    let (status, _) = app.get_json("/api/v1/municipalities/32/agreements").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
