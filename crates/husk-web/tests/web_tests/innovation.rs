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
    // Mandal's period as the two tables of seed 004 give it, side by side.
    let (_, hf) = leser.get("/innovasjon/housing-first").await;
    assert!(hf.contains("Der rapportene sier forskjellig"));
    assert!(
        hf.contains("href=\"/prosjekter/sor-08\""),
        "the entry that carries it"
    );
    assert!(hf.contains("Housing First, Mandal kommune: 2013–2015."));
    assert!(hf.contains("Prosjektet har pågått i perioden 2014–2016."));
    assert!(hf.contains("Seed 004, kap. 4.4 (Tabell 4-2)"));
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

    // Asker corrects its own adoption: it reached ordinary operation. Bad input keeps what was
    // typed; another municipality may not.
    let correct = format!("{page}/overtakelser/{}/endre", a.id);
    assert!(after.contains(&format!("href=\"{correct}\"")));
    assert_eq!(bergen.get(&correct).await.0, StatusCode::FORBIDDEN);
    let fields = |year: &'static str| {
        vec![
            ("adopter_type", "kommune"),
            ("kommunenummer", "3203"),
            ("fra", "Kongsvinger"),
            ("spredning", "adopsjon"),
            ("kanal", "nettverk"),
            ("fase", "drift"),
            ("ar", year),
            ("resultat", "I ordinær drift fra 2014."),
            ("bekreftet", "1"),
        ]
    };
    let r = asker.post_form(&correct, &fields("2008")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"I ordinær drift fra 2014.\""));
    assert!(body.contains("Endringen ble ikke lagret"));
    let r = asker.post_form(&correct, &fields("2013")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let n = app
        .store
        .read_as(&Viewer::System)
        .innovation("testmetode")
        .await
        .unwrap()
        .unwrap();
    let fixed = n.adoption(a.id).unwrap();
    assert_eq!(fixed.adopter, "Asker");
    assert_eq!(fixed.result, "I ordinær drift fra 2014.");
    assert_eq!(fixed.phase.code(), "drift");

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

    // Confirming Drammen's without a year is refused with what is missing; corrected with a
    // year, it is confirmed.
    let (_, n) = ost.get_json("/api/v1/innovations/testmetode").await;
    let drammen = n["adoptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["adopter"] == "Drammen")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/innovations/testmetode/adoptions/{drammen}/confirm"
        )))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("år"));
    let r = reqwest::Client::new()
        .put(app.url(&format!(
            "/api/v1/innovations/testmetode/adoptions/{drammen}"
        )))
        .bearer_auth(&secret)
        .json(&serde_json::json!({
            "adopter_kind": "kommune", "kommunenummer": "3301", "spread": "adopsjon",
            "channel": "radgiver", "phase": "drift", "year": 2014, "confirmed": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["confirmed"], true);
    assert_eq!(body["adopter"], "Drammen");
    // A suggestion Husk does not make cannot be decided.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/innovations/testmetode/suggestions"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({ "adoption": drammen, "source": "Ingensteds", "decision": "accept" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_public_library_of_good_examples_shows_nothing_internal() {
    let app = start().await;
    let public = app.public().await;
    let (status, list) = public.get("/gode-eksempler").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("href=\"/gode-eksempler\" aria-current=\"page\""),
        "in the public menu"
    );
    assert!(list.contains("Foyer Bodø") && list.contains("Housing First"));
    // Nothing internal: no innovation page, no adoption's result, no register entry.
    for internal in [
        "/innovasjon/",
        "/prosjekter/",
        "Kommunen regner Husbankens støtte",
        "Registrer en overtakelse",
    ] {
        assert!(
            !list.contains(internal),
            "the public library shows {internal}"
        );
    }
    // Filters and search, with counts that keep the other filters.
    let (_, follow_up) = public.get("/gode-eksempler?omrade=oppfolging").await;
    assert!(follow_up.contains("Housing First") && !follow_up.contains("Foyer Bodø"));
    assert!(follow_up.contains("1 godt eksempel passer søket"));
    let (_, young) = public.get("/gode-eksempler?malgruppe=unge").await;
    assert!(young.contains("Foyer Bodø") && !young.contains("Housing First: bolig"));
    let (_, searched) = public.get("/gode-eksempler?q=tilpasse").await;
    assert!(searched.contains("Foyer Bodø") && !searched.contains("Housing First: bolig"));
    let (_, none) = public.get("/gode-eksempler?q=sjokoladefabrikk").await;
    assert!(none.contains("Ingen gode eksempler passer søket"));

    let foyer = app
        .store
        .read_as(&Viewer::Public)
        .good_examples(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.title.starts_with("Foyer"))
        .unwrap();
    let (status, page) = public.get(&format!("/gode-eksempler/{}", foyer.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kilde:") && page.contains("Lagt til av Husk"));
    assert!(page.contains("Ikke oppgitt i rapporten: spør Husbanken, region Bodø"));
    assert!(!page.contains("/innovasjon/") && !page.contains("Bare for innloggede"));
    // The API's list is paged like the others.
    let (_, first) = public.get_json("/api/v1/good-examples?per_page=1").await;
    assert_eq!(first["count"], 1);
    assert_eq!(first["total"], 2);
    assert!(first["next"].as_str().unwrap().contains("page=2"));
    let (_, json) = public
        .get_json("/api/v1/good-examples?area=fremskaffelse")
        .await;
    assert_eq!(json["count"], 1);
    assert!(json["good_examples"][0]["subject"].is_null());
    let r = public
        .raw
        .get(public.url("/api/v1/good-examples?area=overalt"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("«overalt» er ikke et område"));
    let (status, location) = public.status_of("/gode-eksempler/ny").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/logg-inn"));

    // An adviser may publish a register entry from its page; a reader may not.
    let entry = app.store.projects().await.unwrap()[0].id.clone();
    let ost = app.login("test-ost").await;
    let (_, project) = ost.get(&format!("/prosjekter/{entry}")).await;
    assert!(project.contains(&format!("href=\"/gode-eksempler/ny?prosjekt={entry}\"")));
    let (status, form) = ost
        .get(&format!("/gode-eksempler/ny?prosjekt={entry}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(&format!("value=\"{entry}\"")));
    // Logged in, the example links to its innovation.
    let leser = app.login("test-leser").await;
    let (_, project) = leser.get(&format!("/prosjekter/{entry}")).await;
    assert!(!project.contains("/gode-eksempler/ny"));
    let (_, inside) = leser.get(&format!("/gode-eksempler/{}", foyer.id)).await;
    assert!(inside.contains("href=\"/innovasjon/foyer\""));
    assert!(
        !inside.contains("Trekk tilbake"),
        "a reader withdraws nothing"
    );
}

#[tokio::test]
async fn an_adviser_publishes_changes_and_withdraws_a_good_example() {
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
            ..Default::default()
        })
        .await
        .unwrap();
    let ost = app.login("test-ost").await;
    let (_, innovation) = ost.get("/innovasjon/testmetode").await;
    assert!(innovation.contains("href=\"/gode-eksempler/ny?innovasjon=testmetode\""));
    let (status, form) = ost.get("/gode-eksempler/ny?innovasjon=testmetode").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("value=\"Testmetode for kartlegging\""),
        "filled in from the innovation"
    );
    assert!(form.contains("value=\"Kongsvinger\""));

    // Bad input keeps what was typed and names each field.
    let r = ost
        .post_form(
            "/gode-eksempler",
            &[
                ("innovasjon", "testmetode"),
                ("tittel", "Kartlegging som virker"),
                ("sammendrag", ""),
                ("omrade", "oppfolging"),
                ("type", "praksis"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Kartlegging som virker\""));
    assert!(body.contains("Eksempelet ble ikke publisert"));
    assert!(body.contains("Skriv et kort sammendrag") && body.contains("Velg minst én målgruppe"));

    let leser = app.login("test-leser").await;
    let fields = [
        ("innovasjon", "testmetode"),
        ("tittel", "Kartlegging som virker"),
        ("sammendrag", "Kommunen kartla boligbehovet i alle bydeler."),
        ("dokumentasjon", "Sluttrapport 2013"),
        ("kontakt", "Kongsvinger kommune, boligkontoret"),
        ("omrade", "oppfolging"),
        ("type", "praksis"),
        ("malgrupper", "okonomisk-vanskeligstilt"),
        ("malgrupper", "barnefamilier"),
    ];
    assert_eq!(
        leser.post_form("/gode-eksempler", &fields).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = ost.post_form("/gode-eksempler", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("?melding=publisert"), "{location}");
    let href = location.split('?').next().unwrap().to_string();
    let public = app.public().await;
    let (_, shown) = public.get(&href).await;
    assert!(shown.contains("Kommunen kartla boligbehovet i alle bydeler."));
    assert!(shown.contains("Vanskeligstilte barnefamilier"));
    let (_, library) = public.get("/gode-eksempler?malgruppe=barnefamilier").await;
    assert!(library.contains("Kartlegging som virker"));

    // The innovation page now links to it, and a second one is refused.
    let (_, innovation) = ost.get("/innovasjon/testmetode").await;
    assert!(innovation.contains(&format!("href=\"{href}\"")));
    assert_eq!(
        ost.post_form("/gode-eksempler", &fields).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Changed, then withdrawn: gone for the public, kept for the adviser.
    let mut changed = fields.to_vec();
    changed[1] = ("tittel", "Kartlegging i alle bydeler");
    let r = ost.post_form(&format!("{href}/endre"), &changed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, shown) = public.get(&href).await;
    assert!(shown.contains("Kartlegging i alle bydeler"));
    let r = ost.post_form(&format!("{href}/trekk"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = public.get(&href).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, library) = public.get("/gode-eksempler").await;
    assert!(!library.contains("Kartlegging i alle bydeler"));
    let (status, kept) = ost.get(&href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kept.contains("trukket tilbake"));
}

#[tokio::test]
async fn an_adviser_records_and_changes_an_innovation_and_links_what_carries_it() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let (_, list) = ost.get("/innovasjon").await;
    assert!(list.contains("href=\"/innovasjon/ny\""));
    let (status, _) = app.login("test-leser").await.get("/innovasjon/ny").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bad input: each field named, what was typed kept.
    let r = ost
        .post_form(
            "/innovasjon",
            &[
                ("kode", "Bolig Først!"),
                ("navn", "Bolig først i Hamar"),
                ("type", "praksis"),
                ("dimensjon", ""),
                ("omrade", "oppfolging"),
                ("opprinnelse", "Hamar"),
                ("opprinnelse_ar", "i fjor"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Innovasjonen ble ikke lagret"));
    assert!(body.contains("value=\"Bolig først i Hamar\"") && body.contains("value=\"i fjor\""));
    assert!(body.contains("Skriv en kode med små bokstaver"));
    assert!(body.contains("Velg innovasjonsdimensjonen"));
    assert!(body.contains("ikke «i fjor»"));

    let good = [
        ("kode", "bolig-forst-hamar"),
        ("navn", "Bolig først i Hamar"),
        ("type", "praksis"),
        ("dimensjon", "tjenester"),
        ("omrade", "oppfolging"),
        ("praksismodell", "housing-first"),
        ("opprinnelse", "Hamar"),
        ("opprinnelse_kommunenummer", "3403"),
        ("opprinnelse_ar", "2015"),
    ];
    let r = ost.post_form("/innovasjon", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost
        .get("/innovasjon/bolig-forst-hamar?melding=opprettet")
        .await;
    assert!(page.contains("Innovasjonen er registrert."));
    assert!(page.contains("Housing First") && page.contains("Hamar"));
    // The same name again is refused.
    let r = ost
        .post_form(
            "/innovasjon",
            &[
                ("kode", "en-annen"),
                ("navn", "Bolig først i Hamar"),
                ("type", "praksis"),
                ("dimensjon", "tjenester"),
                ("omrade", "oppfolging"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Changed: the code stays whatever the form says.
    let (_, edit) = ost.get("/innovasjon/bolig-forst-hamar/endre").await;
    assert!(edit.contains("value=\"Bolig først i Hamar\""));
    let mut changed = good.to_vec();
    changed[0] = ("kode", "noe-annet");
    changed[6] = ("opprinnelse", "Hamar kommune");
    let r = ost
        .post_form("/innovasjon/bolig-forst-hamar/endre", &changed)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get("/innovasjon/bolig-forst-hamar").await;
    assert!(page.contains("Hamar kommune"));

    // Links: a register entry that is not there is refused at its field, with what was typed.
    let r = ost
        .post_form(
            "/innovasjon/bolig-forst-hamar/koblinger",
            &[
                ("kobling_type", "prosjekt"),
                ("kobling_mal", "finnes-ikke-7"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Husk har ikke noe prosjekt med id «finnes-ikke-7»"));
    assert!(body.contains("value=\"finnes-ikke-7\""));
    let long = "x".repeat(201);
    let r = ost
        .post_form(
            "/innovasjon/bolig-forst-hamar/koblinger",
            &[("kobling_type", "prosjekt"), ("kobling_mal", &long)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let entry = app.store.projects().await.unwrap()[0].clone();
    let r = ost
        .post_form(
            "/innovasjon/bolig-forst-hamar/koblinger",
            &[("kobling_type", "prosjekt"), ("kobling_mal", &entry.id)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get("/innovasjon/bolig-forst-hamar").await;
    assert!(page.contains(&format!("href=\"/prosjekter/{}\"", entry.id)));
    assert!(page.contains(&entry.title));
    let r = ost
        .post_form(
            "/innovasjon/bolig-forst-hamar/koblinger/fjern",
            &[("kobling_type", "prosjekt"), ("kobling_mal", &entry.id)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get("/innovasjon/bolig-forst-hamar").await;
    assert!(!page.contains(&format!("href=\"/prosjekter/{}\"", entry.id)));

    // The API does the same.
    let user = app.store.user_by_name("test-ost").await.unwrap().unwrap();
    let secret = app.store.create_api_token(user.id, "Test").await.unwrap();
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/innovations"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({
            "code": "api-metode", "name": "Metode fra API-et", "kind": "prosess",
            "dimension": "styring", "area": "fremskaffelse"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = client
        .put(app.url("/api/v1/innovations/api-metode"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({
            "name": "Metode fra API-et", "kind": "prosess", "dimension": "styring",
            "area": "fremskaffelse", "radical": "kanskje"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("radikal eller inkrementell"));
    let r = client
        .post(app.url("/api/v1/innovations/api-metode/links"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({ "kind": "prosjekt", "target": entry.id }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, body) = ost.get_json("/api/v1/innovations/api-metode").await;
    assert_eq!(body["links"][0]["target"], entry.id.as_str());
}
