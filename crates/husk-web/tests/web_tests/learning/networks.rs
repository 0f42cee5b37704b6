//! The learning area's networks over HTTP: who sees which network, an adviser running their
//! office's network through the forms (bad input keeps what was typed), a member reporting
//! back on its own assignment while another member is refused, the API, the learning start
//! page, and the theme-of-the-month rotation.

use crate::common::*;
use husk_domain::Viewer;
use husk_store::learning::networks::NetworkFilter;
use reqwest::StatusCode;

async fn network_id(app: &App, prefix: &str) -> i64 {
    app.store
        .read_as(&Viewer::System)
        .networks(&NetworkFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.name.starts_with(prefix))
        .unwrap()
        .id
}

/// Logs in as a recipient of Bærum kommune, another member of the Akershus network.
async fn baerum(app: &App) -> App {
    app.store
        .create_user(&husk_store::UserInput {
            username: "test-baerum".into(),
            name: "Test Bærum".into(),
            email: String::new(),
            role: "mottaker".into(),
            region: String::new(),
            organisation: "Bærum kommune".into(),
            password: PASSWORD.into(),
        })
        .await
        .unwrap();
    app.login("test-baerum").await
}

#[tokio::test]
async fn an_adviser_runs_the_network_and_a_member_reports_back_on_its_own_assignment() {
    let app = start().await;
    let akershus = network_id(&app, "Regionalt nettverk i Akershus").await;
    let midt = network_id(&app, "Nasjonalt læringsnettverk i Midt-Norge").await;
    let page = format!("/nettverk/{akershus}");

    // The public sees no network and is asked to log in; the API says 401.
    let public = app.public().await;
    let (status, location) = public.status_of("/nettverk").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/logg-inn"), "{location}");
    let r = public
        .raw
        .get(public.url("/api/v1/networks"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Staff read every network; the Midt-Norge network names its agents and its source.
    let leser = app.login("test-leser").await;
    let (status, list) = leser.get("/nettverk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Østfoldnettverket") && list.contains("Stjørdal, Kristiansund"));
    assert!(
        list.contains("aria-current=\"page\">Læring</a>")
            || list.contains("href=\"/laering\" aria-current=\"page\"")
    );
    let (_, filtered) = leser.get("/nettverk?kontor=midt").await;
    assert!(!filtered.contains("Østfoldnettverket") && filtered.contains("Midt-Norge"));
    let (_, midt_page) = leser.get(&format!("/nettverk/{midt}")).await;
    assert!(midt_page.contains("Seed 004, kap. 4.4"));
    assert!(midt_page.contains("Lagt til av Husk"));
    assert!(
        !midt_page.contains("Legg til medlem"),
        "a reader changes nothing"
    );

    // Another office's adviser reads the network but may not run it.
    let vest = app.login("test-vest").await;
    let r = vest
        .post_form(
            &format!("{page}/moter"),
            &[("dato", "12.03.2026"), ("tema", "Kartlegging")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Region øst's adviser: a member with a bad kommunenummer keeps what was typed.
    let ost = app.login("test-ost").await;
    let r = ost
        .post_form(
            &format!("{page}/medlemmer"),
            &[
                ("medlemstype", "kommune"),
                ("medlemsnavn", "Nesodden"),
                ("kommunenummer", "12"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Nesodden\"") && body.contains("value=\"12\""));
    assert!(body.contains("er ikke et kommunenummer"));
    assert!(body.contains("<title>Feil i skjemaet"));

    // A meeting, then an assignment for Asker to report back at it.
    let r = ost
        .post_form(
            &format!("{page}/moter"),
            &[
                ("dato", "12.03.2026"),
                ("sted", "Asker rådhus"),
                ("tema", "Kartlegging av boligbehov"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let n = app
        .store
        .read_as(&Viewer::System)
        .network(akershus)
        .await
        .unwrap()
        .unwrap();
    let meeting = n.meetings[0].id.to_string();
    let asker_member = n.members.iter().find(|m| m.name == "Asker").unwrap().id;
    let asker_member = asker_member.to_string();
    let r = ost
        .post_form(
            &format!("{page}/oppdrag"),
            &[
                ("medlem", &asker_member),
                ("oppdrag", "Del kartleggingsskjemaet"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no due meeting or date"
    );
    let body = r.text().await.unwrap();
    assert!(body.contains("Del kartleggingsskjemaet</textarea>"));
    let r = ost
        .post_form(
            &format!("{page}/oppdrag"),
            &[
                ("medlem", &asker_member),
                ("oppdrag", "Del kartleggingsskjemaet"),
                ("til_mote", &meeting),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let assignment = app
        .store
        .read_as(&Viewer::System)
        .network(akershus)
        .await
        .unwrap()
        .unwrap()
        .assignments[0]
        .id;
    let report = format!("{page}/oppdrag/{assignment}/tilbakemelding");

    // Asker sees only its own network, and reports back; a date after today is refused
    // with the text kept.
    let asker = app.login("test-asker").await;
    let (_, list) = asker.get("/nettverk").await;
    assert!(list.contains("Regionalt nettverk i Akershus") && !list.contains("Østfoldnettverket"));
    let (status, _) = asker.get(&format!("/nettverk/{midt}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = asker.get(&page).await;
    assert!(own.contains("Lagre tilbakemeldingen"));
    let r = asker
        .post_form(
            &report,
            &[
                ("tilbakemelding", "Sendt til Bærum"),
                ("meldt_dato", "01.01.2999"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Sendt til Bærum</textarea>") && body.contains("etter i dag"));
    let r = asker
        .post_form(
            &report,
            &[("tilbakemelding", "Sendt til Bærum og Lørenskog")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Bærum, another member, reads the network and the report but may not report for Asker;
    // Bergen, no member, does not see the network at all.
    let baerum = baerum(&app).await;
    let (status, seen) = baerum.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(seen.contains("Sendt til Bærum og Lørenskog"));
    assert!(!seen.contains("Lagre tilbakemeldingen"));
    let r = baerum
        .post_form(&report, &[("tilbakemelding", "Ikke vårt")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let bergen = app.login("test-bergen").await;
    let r = bergen
        .post_form(&report, &[("tilbakemelding", "Ikke vårt")])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The API filters as the pages do.
    let (status, json) = asker.get_json("/api/v1/networks").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["count"], 1);
    let (status, _) = asker.get_json(&format!("/api/v1/networks/{midt}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, one) = leser
        .get_json(&format!("/api/v1/networks/{akershus}"))
        .await;
    assert_eq!(
        one["assignments"][0]["report"]["text"],
        "Sendt til Bærum og Lørenskog"
    );

    // The learning start page: in the menu, and every part it links exists.
    let (status, start) = leser.get("/laering").await;
    assert_eq!(status, StatusCode::OK);
    for href in [
        "/verktoykasse",
        "/laeringsarenaer",
        "/laering/evalueringer",
        "/nettverk",
        "/manedens-tema/ost",
    ] {
        assert!(start.contains(&format!("href=\"{href}\"")), "{href}");
        let (status, _) = leser.get(href).await;
        assert_eq!(status, StatusCode::OK, "{href}");
    }
    let (_, start) = asker.get("/laering").await;
    assert!(!start.contains("href=\"/manedens-tema"), "staff only");
    assert!(
        !start.contains("href=\"/laering/evalueringer\""),
        "staff only"
    );
}

#[tokio::test]
async fn an_office_keeps_its_theme_of_the_month_rotation() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let (status, page) = ost.get("/manedens-tema/ost").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Legg til måneden"));

    // Bad input is refused with every problem, and the form keeps what was typed.
    let r = ost
        .post_form(
            "/manedens-tema/ost",
            &[("maned", "13.2026"), ("ansvarlig", "Kari Rådgiver")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Kari Rådgiver\"") && body.contains("value=\"13.2026\""));
    assert!(body.contains("er ikke en måned") && body.contains("Velg et kunnskapstema"));

    // This month, and a month ahead.
    let today = husk_store::reporting::today();
    let this_month = format!("{:04}-{:02}", today.year(), today.month() as u8);
    let next_year = format!("{:04}-01", today.year() + 1);
    for (month, theme, text) in [
        (this_month.as_str(), "brukerrelaterte-metoder", ""),
        (next_year.as_str(), "", "Housing First i små kommuner"),
    ] {
        let r = ost
            .post_form(
                "/manedens-tema/ost",
                &[
                    ("maned", month),
                    ("ansvarlig", "Kari Rådgiver"),
                    ("tema", theme),
                    ("tema_tekst", text),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{month}");
    }
    let (_, page) = ost.get("/manedens-tema/ost").await;
    let now = page.find("Denne måneden").unwrap();
    let ahead = page.find("Kommende måneder").unwrap();
    let brukerrelaterte = page.find("Brukerrelaterte").expect("this month's theme");
    let housing_first = page.find("Housing First i små kommuner").unwrap();
    assert!(now < brukerrelaterte && brukerrelaterte < ahead && ahead < housing_first);
    let (_, start) = ost.get("/laering").await;
    assert!(start.contains("(ansvarlig: Kari Rådgiver)"));

    // The same month twice is refused; another office's adviser reads but may not add; a
    // recipient does not see the rotation.
    let r = ost
        .post_form(
            "/manedens-tema/ost",
            &[
                ("maned", this_month.as_str()),
                ("ansvarlig", "Ola"),
                ("tema", "brukerrelaterte-metoder"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("har allerede et tema"));
    let vest = app.login("test-vest").await;
    let (status, page) = vest.get("/manedens-tema/ost").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Legg til måneden"));
    let r = vest
        .post_form(
            "/manedens-tema/ost",
            &[
                ("maned", "2030-01"),
                ("ansvarlig", "X"),
                ("tema_tekst", "Y"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let asker = app.login("test-asker").await;
    let (status, _) = asker.get("/manedens-tema/ost").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
