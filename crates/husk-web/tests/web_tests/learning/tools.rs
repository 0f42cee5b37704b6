//! The toolbox over HTTP: a published guide read without login and an unpublished one
//! refused, a recipient who reads but cannot edit, the chooser and its API with bad input named
//! by parameter, an adviser's change made a version and compared (bad input keeps what was
//! typed), the usage statistics, and the API's reads and writes.

use crate::common::*;
use husk_domain::Viewer;
use reqwest::StatusCode;

async fn tool_id(app: &App, name: &str) -> i64 {
    app.store
        .read_as(&Viewer::System)
        .tools()
        .await
        .unwrap()
        .iter()
        .find(|t| t.tool.name == name)
        .unwrap()
        .id
}

#[tokio::test]
async fn the_toolbox_is_read_chosen_from_and_versioned_as_the_rules_say() {
    let app = start().await;
    let network = tool_id(&app, "Læringsnettverk").await;
    let forum = tool_id(&app, "Diskusjonsforum").await;

    // The public reads a published guide, labelled as Husk's own, without who uses it.
    let public = app.public().await;
    let (status, page) = public.get(&format!("/verktoykasse/{network}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Veiledning skrevet i Husk, ikke fra rapportene"));
    assert!(page.contains("Formuler mandatet"), "the steps");
    assert!(!page.contains("Versjoner"));
    // An unpublished guide and the catalogue ask for a login; the API says 401.
    let (status, location) = public.status_of(&format!("/verktoykasse/{forum}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("/logg-inn?neste="), "{location}");
    assert_eq!(
        public.status_of("/verktoykasse").await.0,
        StatusCode::SEE_OTHER
    );
    let (status, _) = public.get_json(&format!("/api/v1/tools/{forum}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, json) = public.get_json(&format!("/api/v1/tools/{network}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["name"], "Læringsnettverk");
    assert!(json.get("used_by").is_none());

    // A recipient reads the catalogue and a guide with whom to ask, but cannot edit.
    let asker = app.login("test-asker").await;
    let (status, page) = asker.get("/verktoykasse").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("63 verktøy."));
    assert!(page.contains("Rambøll og mcs:consult"), "Tabell 5-1 named");
    let (_, page) = asker.get("/verktoykasse?kategori=digital").await;
    assert!(page.contains("Diskusjonsforum") && !page.contains("Læringsnettverk</a>"));
    let (status, page) = asker.get(&format!("/verktoykasse/{forum}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Veiledningen til dette verktøyet er ikke skrevet ennå."));
    assert!(page.contains("Spør Strategikontoret: de bruker verktøyet."));
    assert!(!page.contains("/endre\""));
    assert_eq!(
        asker.get(&format!("/verktoykasse/{forum}/endre")).await.0,
        StatusCode::FORBIDDEN
    );
    let r = asker
        .post_form(&format!("/verktoykasse/{forum}/endre"), &[("navn", "X")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The chooser ranks the tools and says why; a bad need is named with what is expected.
    let (status, page) = asker
        .get("/verktoykasse/velg?need=starte-nettverk&partner=kommuner&direction=eksternt&effort=mye")
        .await;
    assert_eq!(status, StatusCode::OK);
    let first = page
        .find("Læringsnettverk passer til å starte et nettverk")
        .unwrap();
    let other = page.find("Nettverk for virkemidler").unwrap();
    assert!(first < other, "the learning network ranks first");
    assert!(page.contains("Ingen evalueringer ennå"));
    let (status, page) = asker
        .get("/verktoykasse/velg?need=kaffe&partner=kommuner")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("«kaffe» er ikke et behov Husk kjenner."));
    assert!(
        page.contains("<option value=\"kommuner\" selected>"),
        "kept"
    );
    let (status, json) = asker
        .get_json("/api/v1/tools/recommend?need=dele-erfaring&direction=sidelengs")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "direction");
    assert!(json["error"]
        .as_str()
        .unwrap()
        .starts_with("Parameteren «direction»: «sidelengs» er ikke en bruk Husk kjenner. Skriv internt eller eksternt"));
    let (status, json) = asker.get_json("/api/v1/tools/recommend").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "need");
    let (status, json) = asker
        .get_json("/api/v1/tools/recommend?need=ta-forskning-i-bruk&partner=forskning")
        .await;
    assert_eq!(status, StatusCode::OK);
    // Two tools fit as well; the one more offices use (Tabell 5-1) comes first.
    assert_eq!(json["tools"][0]["name"], "Brukerundersøkelser");
    assert_eq!(json["tools"][1]["name"], "Kunnskapingsmøter");
    assert!(json["tools"][0]["evaluation"].is_null());

    // An adviser writes the forum's guide: bad input keeps what was typed.
    let vest = app.login("test-vest").await;
    let path = format!("/verktoykasse/{forum}/endre");
    let purpose = "Et forum på intranettet der rådgivere spør hverandre.";
    let form = |name: &'static str, examples: &'static str| {
        vec![
            ("navn", name),
            ("kategori", "digital"),
            ("bruk", "internt"),
            ("tid", "lite"),
            ("behov", "dele-erfaring"),
            ("partnere", "kontor"),
            ("formal", purpose),
            ("steg", "Opprett en tråd\nInviter kollegene"),
            ("eksempler", examples),
        ]
    };
    let r = vest.post_form(&path, &form("", "se rapporten")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Skriv hva verktøyet heter"));
    assert!(page.contains("Linje 1: «se rapporten» er ikke et eksempel Husk forstår."));
    assert!(page.contains(purpose), "what was typed stays");
    let r = vest
        .post_form(&path, &form("Diskusjonsforum", "prosjekt vest-10"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = vest
        .get(&format!("/verktoykasse/{forum}?melding=lagret"))
        .await;
    assert!(page.contains("Verktøyet er lagret som en ny versjon."));
    assert!(page.contains(purpose) && page.contains("href=\"/prosjekter/vest-10\""));
    assert!(page.contains("Versjon 2") && page.contains("test-vest"));
    let (status, page) = vest
        .get(&format!("/verktoykasse/{forum}/sammenlign?fra=1&til=2"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("Lagt til: </span>{purpose}")));
    assert!(page.contains("Fjernet: </span>Tid og ressurser: ikke oppgitt"));
    assert_eq!(
        vest.get(&format!("/verktoykasse/{forum}/sammenlign?fra=1&til=9"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Usage statistics: what region vest never uses that two or more others do, and whom to ask.
    let (status, page) = vest.get("/verktoykasse/bruk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Verktøy Region vest aldri bruker, men andre bruker ofte"));
    assert!(page.contains("Veiledninger</a>: Region sør og Region Bodø bruker det. Spør dem."));
    assert!(!page.contains("Husbanken.no</a>: "), "vest uses it");
    let (_, page) = vest.get("/verktoykasse/bruk?kontor=nasjonal").await;
    assert!(page.contains("Verktøy Strategikontoret aldri bruker"));

    // The API: the list with who uses each tool, a version history, and writes with a token.
    let (_, list) = vest.get_json("/api/v1/tools").await;
    let web = list["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Husbanken.no")
        .unwrap();
    assert_eq!(
        web["used_by"],
        serde_json::json!(["vest", "sor", "midt", "nasjonal"])
    );
    let (_, versions) = vest
        .get_json(&format!("/api/v1/tools/{forum}/versions"))
        .await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[1]["changed_by"], "test-vest");
    let user = app.store.user_by_name("test-vest").await.unwrap().unwrap();
    let secret = app
        .store
        .create_api_token(user.id, "Verktøy")
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/tools"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "Kollegaveiledning", "category": "kaffe", "direction": "internt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["field"],
        "kategori"
    );
    let r = client
        .post(app.url("/api/v1/tools"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "Kollegaveiledning", "category": "prosessuell", "direction": "internt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = client
        .put(app.url(&format!("/api/v1/tools/{id}")))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "Kollegaveiledning", "category": "prosessuell", "direction": "begge", "public": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["changed"],
        true
    );
    assert_eq!(
        public.get(&format!("/verktoykasse/{id}")).await.0,
        StatusCode::OK,
        "published through the API"
    );
}
