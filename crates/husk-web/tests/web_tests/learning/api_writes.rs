//! The learning area's API writes refuse bad input the same way everywhere: 422 with every
//! problem at its field (`error`, `field`, `errors`), whether a field is missing, has a bad
//! value or the wrong JSON type; only a body that is not JSON at all is a 400.

use crate::common::*;
use husk_domain::Viewer;
use husk_store::learning::networks::NetworkFilter;
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Api {
    app: App,
    secret: String,
}

impl Api {
    async fn of(app: &App, username: &str) -> Api {
        let user = app.store.user_by_name(username).await.unwrap().unwrap();
        let secret = app.store.create_api_token(user.id, "Test").await.unwrap();
        Api {
            app: app.clone(),
            secret,
        }
    }

    async fn send(&self, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let r = reqwest::Client::new()
            .request(method.parse().unwrap(), self.app.url(path))
            .bearer_auth(&self.secret)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

/// The fields a 422 names, in order.
fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

fn message(body: &Value, field: &str) -> String {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error at {field} in {body}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn learning_api_writes_answer_422_with_field_errors_for_missing_and_mistyped_fields() {
    let app = start().await;
    let ost = Api::of(&app, "test-ost").await;
    let net = app
        .store
        .read_as(&Viewer::System)
        .networks(&NetworkFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.office == "ost")
        .unwrap()
        .id;
    let before = app
        .store
        .read_as(&Viewer::System)
        .networks(&NetworkFilter::default())
        .await
        .unwrap()
        .len();

    // A network without its required fields: each named, as the form names it.
    let (s, body) = ost.send("POST", "/api/v1/networks", json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["navn", "type", "kontor"]);
    assert_eq!(body["field"], "navn");
    assert_eq!(body["error"], "Skriv navnet på nettverket.");
    // A list where a text belongs, and a text where a list belongs: with the rest's problems.
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/networks",
            json!({"name": ["Østfoldnettverket"], "kind": "fagnettverk", "office": "ost", "themes": "bolig"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["navn", "temaer"]);
    assert_eq!(
        message(&body, "navn"),
        "Feltet «name» må være en tekst, ikke en liste."
    );
    assert!(message(&body, "temaer").starts_with("Feltet «themes» må være en liste med tekster"));
    // An office nobody has is the check's to refuse, not a 403.
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/networks",
            json!({"name": "Nytt nettverk", "kind": "fagnettverk", "office": "oslo"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["kontor"]);
    // Another office's network is still refused.
    let (s, _) = ost
        .send(
            "POST",
            "/api/v1/networks",
            json!({"name": "Nytt nettverk", "kind": "fagnettverk", "office": "vest"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .read_as(&Viewer::System)
            .networks(&NetworkFilter::default())
            .await
            .unwrap()
            .len(),
        before,
        "nothing was written"
    );

    let (s, body) = ost
        .send(
            "POST",
            &format!("/api/v1/networks/{net}/members"),
            json!({"kind": "kommune", "learning_agent": "ja"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        ["laeringsagent", "medlemsnavn", "kommunenummer"]
    );
    assert_eq!(
        message(&body, "laeringsagent"),
        "Feltet «learning_agent» må være true eller false, ikke en tekst."
    );
    let (s, body) = ost
        .send(
            "POST",
            &format!("/api/v1/networks/{net}/meetings"),
            json!({"place": "Moss"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(fields(&body).contains(&"dato".to_string()), "{body}");
    assert!(fields(&body).contains(&"tema".to_string()), "{body}");
    let (s, body) = ost
        .send(
            "POST",
            &format!("/api/v1/networks/{net}/assignments"),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(fields(&body).contains(&"medlem".to_string()), "{body}");
    assert!(fields(&body).contains(&"oppdrag".to_string()), "{body}");
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/themes-of-month/ost",
            json!({"month": 2026}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "maned", "{body}");

    // Tools and arenas, the same way.
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/tools",
            json!({"name": "Kollegaveiledning", "category": "prosessuell", "direction": "internt", "needs": "dele-erfaring", "public": "ja"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["behov", "offentlig"]);
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/arenas",
            json!({"tittel": "Fagdag", "type": "fagdag", "fra": "12.05.2027", "kontor": "ost", "temaer": {"bolig": true}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["temaer"]);
    let (s, body) = ost
        .send(
            "POST",
            "/api/v1/arenas",
            json!({"tittel": "Fagdag", "type": "fagdag", "fra": "12.05.2027", "kontor": "oslo"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["kontor"]);
    let (s, arena) = ost
        .send(
            "POST",
            "/api/v1/arenas",
            json!({"tittel": "Fagdag", "type": "fagdag", "fra": "12.05.2027", "kontor": "ost"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{arena}");
    let id = arena["id"].as_i64().unwrap();
    // A count as a number is read as one; a list is not.
    let (s, body) = ost
        .send(
            "PUT",
            &format!("/api/v1/arenas/{id}/participants"),
            json!([{"organisasjon": "Moss kommune", "antall": 12}]),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["participants"][0]["count"], 12);
    let (s, body) = ost
        .send(
            "PUT",
            &format!("/api/v1/arenas/{id}/participants"),
            json!([{"organisasjon": "Moss kommune", "antall": [12]}, "Sarpsborg"]),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        ["deltaker-2-organisasjon", "deltaker-1-antall"]
    );
    let (s, body) = ost
        .send(
            "PUT",
            &format!("/api/v1/arenas/{id}/agenda"),
            json!([{"tid": "9", "tittel": "Velkommen"}]),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "program-1-tid");

    // Only what is not JSON at all, or not the object or list asked for, is a 400.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/networks"))
        .bearer_auth(&ost.secret)
        .header("content-type", "application/json")
        .body("{name:")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["field"], "body");
    let (s, _) = ost
        .send("PUT", &format!("/api/v1/arenas/{id}/agenda"), json!({}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}
