//! Municipality pages and fact sheets over HTTP: what each role sees on `/kommuner/{nr}` and
//! in its API, the 404s for a bad or unknown kommunenummer, the fact sheet page (printable on
//! A4) and its PDF, read back with the knowledge base's PDF extraction.

use reqwest::StatusCode;

use crate::common::*;

const PROGRAMME: &str = "ost-utviklingsprogram";

#[tokio::test]
async fn a_municipality_page_gathers_what_husk_knows_as_each_role_may_read_it() {
    let app = start().await;
    let asker_id = participant_id(&app, "Asker").await;
    let admin = app.login("test-admin").await;
    let (status, page) = admin.get("/kommuner/3203").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "<h1 class=\"ds-heading\" data-size=\"lg\">Asker</h1>",
        "Kommunenummer 3203",
        "data-name=\"Asker\"",
        &format!("href=\"/programmer/{PROGRAMME}/deltakere/{asker_id}\""),
        &format!("href=\"/programmer/{PROGRAMME}/deltakere/{asker_id}/faktaark\""),
        "href=\"/prosjekter/ost-eks-hf\"",
        "2 440 000 kr",
        "Rapporter med status",
        "Ingen avtaler du har tilgang til",
        "id=\"statusmotetabell\"",
        &format!("href=\"/programmer/{PROGRAMME}/deltakere/{asker_id}/statusmoter\""),
        "Ingen holdt ennå",
    ] {
        assert!(page.contains(text), "missing {text}");
    }

    // Asker's recipient reads its own participation; Bergen's reads Asker's entries and
    // published or approved reports, but not the participation.
    let asker = app.login("test-asker").await;
    let (status, own) = asker.get("/kommuner/3203").await;
    assert_eq!(status, StatusCode::OK);
    assert!(own.contains("data-name=\"Asker\""));
    let bergen = app.login("test-bergen").await;
    let (status, other) = bergen.get("/kommuner/3203").await;
    assert_eq!(status, StatusCode::OK);
    assert!(other.contains("Ingen programdeltakelser du har tilgang til."));
    assert!(other.contains("href=\"/prosjekter/ost-eks-hf\""));
    // Bergen's submitted report: Bergen sees it on its page, Asker does not.
    let (_, bergen_own) = bergen.get("/kommuner/4601").await;
    let (_, asker_on_bergen) = asker.get("/kommuner/4601").await;
    assert!(
        bergen_own.contains("Sendt inn"),
        "Bergen sees its submitted report"
    );
    assert!(!asker_on_bergen.contains("Sendt inn"));

    // The public is asked to log in.
    let public = app.public().await;
    let r = public
        .raw
        .get(public.url("/kommuner/3203"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());

    // The programme page links the municipality.
    let (_, programme) = admin.get(&format!("/programmer/{PROGRAMME}")).await;
    assert!(programme.contains("href=\"/kommuner/3203\""));
    assert!(programme.contains("href=\"/kommuner/0301\""));
}

#[tokio::test]
async fn a_bad_or_unknown_kommunenummer_is_a_norwegian_404() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    let (status, page) = admin.get("/kommuner/abc").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Fant ikke kommunen"));
    assert!(page.contains("«abc» er ikke et kommunenummer. Skriv 4 siffer, for eksempel 0301."));
    let (status, page) = admin.get("/kommuner/1111").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Husk vet ingenting om kommunenummer 1111"));

    let (status, body) = admin.get_json("/api/v1/municipalities/12x4").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "kommunenummer");
    let (status, body) = admin.get_json("/api/v1/municipalities/1111").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("1111"));

    let (status, list) = admin.get("/kommuner").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("href=\"/kommuner/3203\">Asker</a>"));
    assert!(list.contains("href=\"/kommuner/0301\">Oslo</a>"));
}

#[tokio::test]
async fn the_api_gives_the_page_as_json_filtered_for_the_caller() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    let (status, m) = admin.get_json("/api/v1/municipalities/3201").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m["kommunenummer"], "3201");
    assert_eq!(m["name"], "Bærum");
    let p = &m["participations"][0];
    assert_eq!(p["programme_id"], PROGRAMME);
    assert_eq!(p["name"], "Bærum");
    assert!(p["participant_id"].is_i64());
    assert!(p["phase"].is_null());
    let programme_rows: Vec<&serde_json::Value> = m["grants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["source"]["kind"] == "programme")
        .collect();
    let years: Vec<i64> = programme_rows
        .iter()
        .map(|g| g["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2009, 2010, 2011, 2012]);
    assert_eq!(programme_rows[1]["amount"], 1_500_000);
    assert!(m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "ost-up-baerum"));
    assert!(m["reports"].is_array() && m["indicators"].is_array());
    assert_eq!(m["agreements"].as_array().unwrap().len(), 0);
    assert_eq!(p["meetings"]["held"], 0);
    assert!(p["meetings"]["next_due"].is_null());

    let asker = app.login("test-asker").await;
    let (status, m) = asker.get_json("/api/v1/municipalities/3201").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m["participations"].as_array().unwrap().len(), 0);
    assert!(m["grants"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["source"]["kind"] != "programme"));
    let public = app.public().await;
    let (status, _) = public.get_json("/api/v1/municipalities/3201").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_fact_sheet_prints_on_a4_and_its_pdf_reads_back() {
    let app = start().await;
    let baerum = participant_id(&app, "Bærum").await;
    let hamar = participant_id(&app, "Hamar").await;
    let asker_id = participant_id(&app, "Asker").await;
    let admin = app.login("test-admin").await;
    let r = admin
        .post_form(
            &format!("/programmer/{PROGRAMME}/deltakere/{baerum}/fase"),
            &[
                ("til", "soknad-og-opptak"),
                ("dato", "01.03.2009"),
                ("begrunnelse", "Søknaden er mottatt."),
            ],
        )
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let path = format!("/programmer/{PROGRAMME}/deltakere/{baerum}/faktaark");
    let (_, before) = admin.get(&path).await;
    assert!(
        before.contains("Planen har ingen delprosjekter eller tiltak registrert."),
        "the measures section says the plan has none yet"
    );
    // A measure of Bærum's plan, late, and one moved into ordinary operation.
    let store = app.store.acting_as(husk_store::Actor::system("test"));
    let measure = |title: &str, end: &str, status: &str, operation: bool| {
        husk_domain::programmes::plans::MeasureInput {
            id: String::new(),
            kind: "tiltak".into(),
            title: title.into(),
            goals: vec!["resultat-1".into(), "kunnskapsrettet".into()],
            owner: "Boligkontoret".into(),
            start: "01.01.2010".into(),
            end: end.into(),
            status: status.into(),
            postponed_reason: String::new(),
            in_ordinary_operation: operation,
        }
    };
    store
        .add_measure(
            baerum,
            &measure(
                "Boligkartlegging i bydelene",
                "31.12.2011",
                "startet",
                false,
            ),
            "Test",
        )
        .await
        .unwrap();
    store
        .add_measure(
            baerum,
            &measure("Boligkontor", "31.12.2012", "gjennomfort", true),
            "Test",
        )
        .await
        .unwrap();

    let (status, page) = admin.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Faktaark: Bærum",
        "Søknad og opptak (fra 01.03.2009)",
        "5 500 000 kr",
        "Kommunens andel av programkostnadene per programår",
        "30 %",
        "class=\"factsheet\"",
        &format!("href=\"{path}.pdf\""),
        "href=\"/kommuner/3201\"",
        "<h2 class=\"ds-heading\" data-size=\"sm\" id=\"tiltak\">Tiltak</h2>",
        "2 tiltak: 1 startet og 1 gjennomført. 1 er forsinket, og 1 er tatt ut i linje og inn i driften.",
        "<th scope=\"row\">Boligkartlegging i bydelene</th><td>Startet – forsinket</td><td>kunnskapsrettet, resultat-1</td><td>31.12.2011</td><td>nei</td>",
        "<th scope=\"row\">Boligkontor</th><td>Gjennomført</td>",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
    let (_, css) = admin.get("/static/husk.css").await;
    assert!(css.contains("size: A4"));

    let r = admin
        .client
        .get(admin.url(&format!("{path}.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("faktaark-baerum.pdf"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faktaark.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let extracted = husk_search::extract::extract(&file, "faktaark.pdf").unwrap();
    let text: String = extracted
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "Faktaark: Bærum",
        "Søknad og opptak",
        "1 000 000 kr",
        "5 500 000 kr",
        "Egenfinansiering",
        "Tiltak",
        "Boligkartlegging i bydelene",
        "Startet – forsinket",
        "1 er tatt ut i linje og inn i driften",
    ] {
        assert!(
            text.contains(wanted),
            "{wanted} not in the PDF's text: {text}"
        );
    }

    // Who may read it: the participation's readers.
    let asker = app.login("test-asker").await;
    let own = format!("/programmer/{PROGRAMME}/deltakere/{asker_id}/faktaark");
    assert_eq!(asker.get(&own).await.0, StatusCode::OK);
    let hamar_sheet = format!("/programmer/{PROGRAMME}/deltakere/{hamar}/faktaark");
    assert_eq!(asker.get(&hamar_sheet).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        asker.get(&format!("{hamar_sheet}.pdf")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .get(&format!(
                "/programmer/{PROGRAMME}/deltakere/999999/faktaark"
            ))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .get(&format!("/programmer/{PROGRAMME}/deltakere/x/faktaark.pdf"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_municipalitys_entries_and_reports_come_twenty_a_page_each() {
    let app = start().await;
    let mut csv = String::from("id,kind,title,region,start_year,recipient\n");
    for i in 1..=25 {
        csv.push_str(&format!(
            "ost-asker-{i:02},prosjekt,Askerprosjekt {i},ost,2021,Asker kommune\n"
        ));
    }
    app.store
        .import_projects("asker.csv", csv.as_bytes(), false)
        .await
        .unwrap();
    let leser = app.login("test-leser").await;
    let entry_rows = |html: &str| -> usize {
        let start = html
            .find("id=\"oppforingstabell\"")
            .expect("the entries' table");
        let end = html[start..].find("</table>").unwrap() + start;
        html[start..end]
            .matches("<td class=\"card-table__title\"")
            .count()
    };
    let (status, first) = leser.get("/kommuner/3203").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entry_rows(&first), 20);
    assert!(first.contains("id=\"oppforinger-sider\""));
    let total: usize = {
        let at = first
            .find("id=\"oppforinger-sider-viser\">Viser 1–20 av ")
            .unwrap()
            + "id=\"oppforinger-sider-viser\">Viser 1–20 av ".len();
        first[at..at + first[at..].find('<').unwrap()]
            .parse()
            .unwrap()
    };
    assert!(total > 25, "the demo's entries and the 25 new ones");
    assert!(first.contains("href=\"/kommuner/3203?oppforinger=2#oppforinger\""));

    // The entries' page does not move the reports' page, and the other list's page is kept.
    let (status, second) = leser.get("/kommuner/3203?oppforinger=2&rapporter=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entry_rows(&second), total - 20);
    assert!(
        ["&amp;", "&#38;", "&"]
            .iter()
            .any(|amp| second.contains(&format!("?rapporter=1{amp}oppforinger=1#oppforinger"))),
        "the link to the first page of entries keeps the reports' page"
    );
    assert!(
        second.contains("id=\"rapporter\""),
        "the reports are still shown"
    );
    let (_, past) = leser.get("/kommuner/3203?oppforinger=99").await;
    assert_eq!(
        entry_rows(&past),
        total - 20,
        "past the end gives the last page"
    );
}
