//! Several servers on one PostgreSQL database (issue 12): a session made through one works on
//! the other, a change through one is seen through the other on the next request, a disabled
//! user is out on both at once, and a document stored through one is found through the
//! other's search within five seconds and its original file read through the other (kept
//! files on a directory both reach, `--files-dir`). On SQLite (one file, one server) there is nothing to
//! test: these run in the PostgreSQL step of `scripts/test`.

use crate::common::*;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

#[tokio::test]
async fn two_servers_on_one_database_behave_as_one_service() {
    let a = start().await;
    let Some(b) = a.second_server().await else {
        return;
    };
    // A login through one server is a session on the other.
    let adviser_a = a.login("test-ost").await;
    let adviser_b = adviser_a.on(&b);
    let (status, form) = adviser_b.get("/prosjekter/ny").await;
    assert_eq!(status, StatusCode::OK, "the session made on A works on B");
    assert!(form.contains("name=\"title\""));

    // A change through B is seen through A on the next request.
    let r = adviser_b
        .post_form(
            "/prosjekter/ny",
            &[
                ("id", ""),
                ("kind", "prosjekt"),
                ("title", "Felles tjeneste i to tjenere"),
                ("description", "Lagret gjennom den andre tjeneren."),
                ("region", "ost"),
                ("recipient", "Asker kommune"),
                ("recipient_type", "programkommune"),
                ("start_year", "2025"),
                ("themes", "brukermedvirkning"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let (status, page) = adviser_a.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Felles tjeneste i to tjenere"), "{page}");
    let (_, list) = adviser_a.get("/prosjekter?q=Felles+tjeneste").await;
    assert!(
        list.contains("Felles tjeneste i to tjenere"),
        "the list on A"
    );

    // A user disabled through B is out on A at once.
    let reader_a = a.login("test-leser").await;
    assert_eq!(reader_a.get("/prosjekter").await.0, StatusCode::OK);
    let admin_b = a.on(&b);
    let r = admin_b
        .post_form("/admin/brukere/test-leser/deaktiver", &[("bekreft", "ja")])
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let r = reader_a
        .raw
        .get(reader_a.url("/prosjekter"))
        .send()
        .await
        .unwrap();
    assert!(
        r.status() == StatusCode::SEE_OTHER
            && r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/logg-inn"),
        "the disabled user's session on A is gone: {}",
        r.status()
    );

    // A document stored through A is found through B's search within five seconds, once B
    // (which started from the database alone, with an empty index) has caught up.
    let (_, on_a) = adviser_a.get_json("/api/v1/search?q=bostedsløse").await;
    let joined = Instant::now();
    loop {
        let (_, on_b) = adviser_b.get_json("/api/v1/search?q=bostedsløse").await;
        if on_b["total_documents"] == on_a["total_documents"] {
            break;
        }
        assert!(
            joined.elapsed() < Duration::from_secs(300),
            "B never caught up with the demo documents: {on_b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!(
        "B built its index from the database in {} ms",
        joined.elapsed().as_millis()
    );
    let text = "# Hybelhus for ungdom\n\nKommunen prøver ut et hybelhus med vaktmestertjeneste \
        for ungdom som flytter hjemmefra, og kaller det bokollektivmodellen.\n";
    let r = adviser_a
        .post_multipart_raw(
            "/dokumenter/ny",
            &[
                ("title", "Hybelhus for ungdom"),
                ("year", "2025"),
                ("doc_type", "veileder"),
                ("region", "ost"),
                ("visibility", "offentlig"),
            ],
            ("hybelhus.md", text.as_bytes()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let document = r.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let stored = Instant::now();
    let found = loop {
        let (_, hits) = adviser_b
            .get_json("/api/v1/search?q=bokollektivmodellen")
            .await;
        if hits["total_documents"].as_i64() == Some(1) {
            break stored.elapsed();
        }
        assert!(
            stored.elapsed() < Duration::from_secs(5),
            "B's index did not catch up within 5 s: {hits}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    eprintln!("B found A's document after {} ms", found.as_millis());

    // The original file, kept through A on the directory both use, comes from B.
    let r = adviser_b
        .raw
        .get(adviser_b.url(&format!("{document}/fil")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), text);
}
