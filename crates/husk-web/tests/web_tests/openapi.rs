//! The OpenAPI 3.1 description over HTTP: every API route the router serves is in
//! `/api/v1/openapi.json`, and a demo run's answers match it: every read is called (as an
//! administrator, and the public ones also as the public) with ids from the demo, and each
//! answer is checked against the operation's schema (or, for a refusal, the error schema)
//! with a JSON Schema validator; downloads are checked by content type. The reference page
//! lists every operation.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// A concrete path for a path template, with ids from the demo data.
fn concrete(template: &str, ids: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (template_start, value) in ids {
        if out.starts_with(template_start) {
            // The first parameter after the matching prefix.
            if let Some(start) = out.find('{') {
                let end = out[start..].find('}').unwrap() + start;
                out.replace_range(start..=end, value);
            }
        }
    }
    out
}

/// Every problem `value` has against `schema` (JSON Schema 2020-12), or none.
fn problems(schema: &Value, components: &Value, value: &Value) -> Option<String> {
    let mut full = schema.clone();
    if let Some(obj) = full.as_object_mut() {
        obj.insert("components".into(), components.clone());
    }
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:husk:operation", full).unwrap();
    let index = compiler
        .compile("urn:husk:operation", &mut schemas)
        .expect("the operation's schema compiles");
    schemas
        .validate(value, index)
        .err()
        .map(|e| format!("{e:#}"))
}

#[tokio::test]
async fn every_route_is_described_and_a_demo_runs_answers_match_the_description() {
    let app = start().await;
    let public = app.public().await;
    let (status, doc) = public.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let components = doc["components"].clone();
    let mut api_routes = 0;
    for r in husk_web::routes() {
        if !r.path.starts_with("/api/v1/") {
            continue;
        }
        api_routes += 1;
        let op = &paths
            .get(&r.path)
            .unwrap_or_else(|| panic!("{r} is in the description"))[r.method.to_lowercase()];
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{r} has a summary"
        );
        assert!(
            op["responses"].as_object().unwrap().len() >= 2,
            "{r} says what it answers"
        );
    }
    let described: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        described, api_routes,
        "the description has no route the router lacks"
    );

    // Ids from the demo for the path parameters.
    let admin = app.login("test-admin").await;
    let (_, documents) = admin.get_json("/api/v1/documents").await;
    let document = documents["documents"][0]["id"].to_string();
    let (_, tools) = admin.get_json("/api/v1/tools").await;
    let tool = tools["tools"][0]["id"].to_string();
    let (_, networks) = admin.get_json("/api/v1/networks").await;
    let network = networks["networks"][0]["id"].to_string();
    let (_, arenas) = admin.get_json("/api/v1/arenas?vis=alle").await;
    let arena = arenas["arenas"][0]["id"].to_string();
    let (_, examples) = admin.get_json("/api/v1/good-examples").await;
    let example = examples["good_examples"][0]["id"].to_string();
    let (_, reports) = admin.get_json("/api/v1/reports").await;
    let report = reports["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|o| o["report_id"].as_i64())
        .expect("a demo report")
        .to_string();
    let participant = participant_id(&app, "Asker").await.to_string();
    let ids: Vec<(&str, String)> = vec![
        ("/api/v1/projects/{id}", "bodo-01".into()),
        ("/api/v1/documents/{id}", document),
        ("/api/v1/reports/{id}", report),
        ("/api/v1/programmes/{id}", "ost-utviklingsprogram".into()),
        (
            "/api/v1/programmes/ost-utviklingsprogram/participants/{participant}",
            participant,
        ),
        ("/api/v1/agreements/{id}", "1".into()),
        ("/api/v1/arenas/{id}", arena),
        ("/api/v1/networks/{id}", network),
        ("/api/v1/themes-of-month/{office}", "ost".into()),
        ("/api/v1/tools/{id}", tool),
        ("/api/v1/innovations/{code}", "leie-til-eie".into()),
        ("/api/v1/good-examples/{id}", example),
        ("/api/v1/municipalities/{kommunenummer}", "3203".into()),
    ];
    let queries = [
        ("/api/v1/search", "?q=bolig"),
        ("/api/v1/search/suggest", "?q=bol"),
        ("/api/v1/tools/recommend", "?need=dele-erfaring"),
        ("/api/v1/arenas", "?vis=alle"),
    ];
    let mut checked = 0;
    let mut refusals = Vec::new();
    for (template, item) in paths {
        let Some(op) = item.get("get") else { continue };
        let path = concrete(template, &ids);
        assert!(!path.contains('{'), "an id for {template}");
        let query = queries
            .iter()
            .find(|(p, _)| *p == template)
            .map(|(_, q)| *q)
            .unwrap_or("");
        let public_op = op["security"].as_array().is_some_and(|s| {
            s.iter()
                .any(|x| x.as_object().is_some_and(|o| o.is_empty()))
        });
        let mut callers = vec![&admin];
        if public_op {
            callers.push(&public);
        }
        for who in callers {
            let r = who
                .raw
                .get(who.url(&format!("{path}{query}")))
                .send()
                .await
                .unwrap();
            let status = r.status();
            let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
            let body = r.bytes().await.unwrap();
            if std::ptr::eq(who, &public) && !template.contains('{') {
                // An open list is open; one item may still be internal (a document).
                assert_eq!(status, StatusCode::OK, "the public reads {path}");
            }
            if !status.is_success() {
                let v: Value = serde_json::from_slice(&body).expect("a refusal is JSON");
                let schema = serde_json::json!({"$ref": "#/components/schemas/Error"});
                assert_eq!(problems(&schema, &components, &v), None, "{path}: {v}");
                refusals.push(format!("{path} {status}"));
                continue;
            }
            let answer = &op["responses"][status.as_str()];
            assert!(
                answer.is_object(),
                "{path} answered {status}, which is described"
            );
            let content = answer["content"].as_object().unwrap();
            match content.get("application/json") {
                Some(json) if content_type.starts_with("application/json") => {
                    let v: Value = serde_json::from_slice(&body).unwrap();
                    assert_eq!(
                        problems(&json["schema"], &components, &v),
                        None,
                        "{path} matches its schema"
                    );
                }
                _ => assert!(
                    content.keys().any(|t| content_type.starts_with(t.as_str())),
                    "{path}: {content_type} is one of {:?}",
                    content.keys().collect::<Vec<_>>()
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 45, "{checked} answers checked");
    // The demo has no agreements, and the arena has no evaluation results yet: those are
    // refused with the error the description gives.
    // The public is refused the internal documents it is not shown.
    assert!(refusals.len() <= 4, "{refusals:?}");

    // A change answers as described too: withdrawing a good example is 204 with no body.
    let op = &paths["/api/v1/good-examples/{id}/withdraw"]["post"];
    assert!(op["responses"]["204"].is_object());
    let r = admin
        .raw
        .post(admin.url(&format!(
            "/api/v1/good-examples/{}/withdraw",
            examples["good_examples"][0]["id"]
        )))
        .header("x-csrf-token", admin.csrf.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // The reference page lists every operation.
    let (status, page) = public.get("/api-referanse").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("Husks JSON-API har {described} operasjoner")));
    assert!(page.contains("/api/v1/open/360giving.json"));
}
