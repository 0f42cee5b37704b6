//! Innovation and its spread over HTTP: who reads the pages, the seeds' paths with their
//! sources, the graph drawn without JavaScript with its table, an adviser recording an
//! adoption (bad input keeps what was typed), a recipient confirming its own municipality's
//! adoption and no other, and the API.

use crate::common::*;
use husk_domain::innovation::InnovationInput;
use husk_domain::Viewer;
use reqwest::StatusCode;

#[tokio::test]
async fn the_pages_show_the_seeds_paths_and_the_graph_with_its_table() {
    let app = start().await;
    let public = app.public().await;
    let (status, location) = public.status_of("/innovasjon").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/logg-inn"), "{location}");
    let r = public
        .raw
        .get(public.url("/api/v1/innovations"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let leser = app.login("test-leser").await;
    let (status, list) = leser.get("/innovasjon").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("href=\"/innovasjon\" aria-current=\"page\""));
    assert!(list.contains("Fra leie til eie") && list.contains("Ikke oppgitt i rapportene"));
    // Seed 000's matrix with its examples, and Husk's placing said to be Husk's.
    assert!(list.contains("Leie-til-eie; bolighotell; digitale plattformer"));
    assert!(list.contains("Husks egen klassifisering"));

    let (status, page) = leser.get("/innovasjon/leie-til-eie").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<svg class=\"innovation-graph\""));
    assert!(
        page.contains("id=\"kanttabell\""),
        "the graph has its table"
    );
    assert!(page.contains("Bergen") && page.contains("Seed 00"));
    assert!(
        !page.contains("Registrer en overtakelse"),
        "a reader records nothing"
    );
    let (status, _) = leser.get("/innovasjon/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The API: the innovation with its adoptions, and its diffusion as nodes and edges.
    let (status, body) = leser.get_json("/api/v1/innovations/leie-til-eie").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["origin_place"], "", "no report says where it began");
    assert!(body["adoptions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["adopter"] == "Bergen" && a["from"] == "Trondheim"));
    let (_, d) = leser
        .get_json("/api/v1/innovations/leie-til-eie/diffusion")
        .await;
    let edge = d["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "Bergen")
        .unwrap()
        .clone();
    assert_eq!(edge["from"], "Trondheim");
    assert_eq!(edge["status"], "confirmed");
    assert!(edge["channel"].is_string() && edge["spread"].is_string());
}

#[tokio::test]
async fn an_adviser_records_an_adoption_and_a_recipient_confirms_its_own() {
    let app = start().await;
    app.store
        .create_innovation(&InnovationInput {
            code: "testmetode".into(),
            name: "Testmetode for kartlegging".into(),
            kind: "praksis".into(),
            dimension: "styring".into(),
            area: "oppfolging".into(),
            origin_place: "Kongsvinger".into(),
            origin_kommunenummer: "3401".into(),
            origin_year: "2009".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let page = "/innovasjon/testmetode";
    let ost = app.login("test-ost").await;
    let (_, form) = ost.get(page).await;
    assert!(form.contains("Registrer en overtakelse"));

    // Bad input: every problem named at its field, and what was typed is kept.
    let r = ost
        .post_form(
            &format!("{page}/overtakelser"),
            &[
                ("adopter", "Asker"),
                ("adopter_type", "kommune"),
                ("kommunenummer", "32"),
                ("fra", "Kongsvinger"),
                ("spredning", "adopsjon"),
                ("kanal", "nettverk"),
                ("fase", "implementering"),
                ("ar", "2005"),
                ("bekreftet", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Asker\"") && body.contains("value=\"32\""));
    assert!(body.contains("er ikke et kommunenummer"));
    assert!(body.contains("Overtakelsen ble ikke registrert"));

    // A recipient records nothing.
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form(
            &format!("{page}/overtakelser"),
            &[("adopter", "Asker"), ("adopter_type", "kommune")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Proposed by the adviser, from Kongsvinger in 2013.
    let r = ost
        .post_form(
            &format!("{page}/overtakelser"),
            &[
                ("adopter", "Asker"),
                ("adopter_type", "kommune"),
                ("kommunenummer", "3203"),
                ("fra", "Kongsvinger"),
                ("spredning", "adopsjon"),
                ("kanal", "nettverk"),
                ("fase", "implementering"),
                ("ar", "2013"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let n = app
        .store
        .read_as(&Viewer::System)
        .innovation("testmetode")
        .await
        .unwrap()
        .unwrap();
    let a = &n.adoptions[0];
    assert!(!a.confirmed);
    let confirm = format!("{page}/overtakelser/{}/bekreft", a.id);

    // Another municipality's recipient may not confirm it; Asker's may.
    let bergen = app.login("test-bergen").await;
    assert_eq!(
        bergen.post_form(&confirm, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, own) = asker.get(page).await;
    assert!(own.contains(&format!("action=\"{confirm}\"")));
    assert_eq!(
        asker.post_form(&confirm, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, after) = asker.get(&format!("{page}?melding=bekreftet")).await;
    assert!(after.contains("Overtakelsen er bekreftet."));
    assert!(after.contains(">Bekreftet</span>"));

    // The API records as the form does, with an API token.
    let user = app.store.user_by_name("test-ost").await.unwrap().unwrap();
    let secret = app.store.create_api_token(user.id, "Test").await.unwrap();
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/innovations/testmetode/adoptions"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({
            "adopter": "Drammen", "adopter_kind": "kommune", "kommunenummer": "3301",
            "spread": "adopsjon", "channel": "radgiver", "phase": "ide"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/innovations/testmetode/adoptions"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({ "adopter": "Drammen", "adopter_kind": "kommune" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
