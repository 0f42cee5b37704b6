//! The learning area's arenas over HTTP: the calendar's filters, the iCalendar feed read back
//! (by session and by a personal feed address), an adviser's arena with a bad date kept as
//! typed, its material found by search, and who may read and change what.

use crate::common::*;
use husk_domain::learning::arenas::ical_unfold;
use reqwest::StatusCode;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn calendar_feed_arena_materials_and_access_per_role() {
    let app = start().await;
    let leser = app.login("test-leser").await;

    // The calendar per programme, past arenas: region øst's gatherings, not seed 004's.
    let (status, page) = leser
        .get("/laeringsarenaer?program=ost-utviklingsprogram&vis=tidligere")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Programsamling september 2011"));
    assert!(page.contains("Studietur til Danmark"));
    assert!(!page.contains("Internasjonal Foyer-konferanse"));
    assert!(
        page.contains("2011 (bare året er kjent)"),
        "a year is shown as a year"
    );
    let (_, upcoming) = leser
        .get("/laeringsarenaer?program=ost-utviklingsprogram")
        .await;
    assert!(upcoming.contains("Ingen kommende læringsarenaer"));
    let (_, bodo) = leser.get("/laeringsarenaer?kontor=bodo&vis=alle").await;
    assert!(bodo.contains("Internasjonal Foyer-konferanse") && !bodo.contains("Studietur"));

    // The feed for region øst: only the arena whose day is known, as an all-day event.
    let r = leser
        .client
        .get(leser.url("/laeringsarenaer.ics?kontor=ost"))
        .send()
        .await
        .unwrap();
    assert!(r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let lines = ical_unfold(&r.text().await.unwrap());
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20110913".to_string()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20110914".to_string()));
    assert!(lines
        .iter()
        .any(|l| l == "SUMMARY:Programsamling september 2011 (Programsamling)"));
    let public = app.public().await;
    let (status, _) = public.get("/laeringsarenaer.ics").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A recipient's personal feed address works without a session, with what it may read.
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form("/laeringsarenaer/kalenderlenke", &[("filter", "")])
        .await;
    let page = r.text().await.unwrap();
    let start = page.find("http://").expect("the feed address is shown");
    let url = &page[start..];
    let url = url[..url.find('<').unwrap()].replace("&amp;", "&");
    let path = &url[url.find("/laeringsarenaer.ics").unwrap()..];
    let (status, feed) = public.get(path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(feed.contains("Programsamling september 2011"));
    assert!(
        !feed.contains("ledersamling"),
        "seed 004's arenas are not Asker's"
    );

    // An adviser adds an arena; a bad date is refused in Norwegian and kept as typed.
    let ost = app.login("test-ost").await;
    let fields = [
        ("tittel", "Frokostmøte om bostøtte"),
        ("type", "frokostmote"),
        ("fra", "32.13.2027"),
        ("kontor", "ost"),
        ("program", "ost-utviklingsprogram"),
        ("sted", "Oslo"),
    ];
    let r = ost.post_form("/laeringsarenaer/ny", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("«32.13.2027» er ikke en dato"));
    assert!(
        page.contains("value=\"32.13.2027\"") && page.contains("value=\"Frokostmøte om bostøtte\"")
    );
    let mut good = fields;
    good[2] = ("fra", "15.03.2027");
    let r = ost.post_form("/laeringsarenaer/ny", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let arena = location(&r);
    let arena = arena.split('?').next().unwrap().to_string();

    // A bad agenda time keeps the rows typed.
    let r = ost
        .post_form(
            &format!("{arena}/program"),
            &[
                ("tid", "8:61"),
                ("tittel", "Frokost"),
                ("hvem", "Husbanken"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("«8:61» er ikke et klokkeslett") && page.contains("value=\"Frokost\""));

    // Material goes into the knowledge base and is found by search.
    let (status, page) = ost
        .post_multipart(
            &format!("{arena}/materiell"),
            &[("tittel", "Presentasjon frokostmøte")],
            (
                "presentasjon.txt",
                "Bostøtte og kvistleiligheter\n\nErfaringer med kvistleiligheter i kommunene."
                    .as_bytes(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Presentasjon frokostmøte"));
    let (_, hits) = leser.get("/sok?q=kvistleiligheter").await;
    assert!(
        hits.contains("Presentasjon frokostmøte"),
        "the material is searchable"
    );

    // The programme page lists it and links to the calendar filtered by the programme.
    let (_, programme) = leser.get("/programmer/ost-utviklingsprogram").await;
    assert!(programme.contains("Frokostmøte om bostøtte"));
    assert!(programme.contains("/laeringsarenaer?program=ost-utviklingsprogram"));

    // Access: another office's adviser may read but not change; a recipient outside the
    // programme sees nothing of it; the public is sent to log in.
    let vest = app.login("test-vest").await;
    assert_eq!(vest.get(&arena).await.0, StatusCode::OK);
    assert_eq!(
        vest.get(&format!("{arena}/endre")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(asker.get(&arena).await.0, StatusCode::OK);
    let bergen = app.login("test-bergen").await;
    assert_eq!(bergen.get(&arena).await.0, StatusCode::NOT_FOUND);
    let r = public.raw.get(public.url(&arena)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The API: the same filters and rules.
    let (_, list) = leser.get_json("/api/v1/arenas?kontor=bodo&vis=alle").await;
    assert_eq!(list["arenas"].as_array().unwrap().len(), 2);
    assert_eq!(list["total"], 2);
    let (_, list) = asker.get_json("/api/v1/arenas?vis=alle").await;
    assert_eq!(list["arenas"].as_array().unwrap().len(), 7);
    let id = arena.rsplit('/').next().unwrap();
    let (status, one) = leser.get_json(&format!("/api/v1/arenas/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["date"]["label"], "15.03.2027");
    assert_eq!(one["materials"][0]["title"], "Presentasjon frokostmøte");
}

#[tokio::test]
async fn material_is_added_through_the_api_into_the_knowledge_base_and_listed_with_the_arena() {
    let app = start().await;
    let id = app
        .store
        .save_arena(
            None,
            &husk_domain::learning::arenas::ArenaInput {
                tittel: "Fagdag om startlån".into(),
                kind: "fagdag".into(),
                fra: "12.05.2027".into(),
                kontor: "ost".into(),
                program: "ost-utviklingsprogram".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let ost = app.login("test-ost").await;
    let path = format!("/api/v1/arenas/{id}/materials");
    let file = (
        "startlan.txt",
        "Startlån til unge i etableringsfasen\n\nErfaringer med refinansiering av startlån i kommunene."
            .as_bytes(),
    );
    let (status, body) = ost
        .post_multipart(&path, &[("tittel", "Presentasjon fagdag startlån")], file)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let added: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(added["duplicate"], false);
    let document = added["document_id"].as_i64().unwrap();
    assert_eq!(added["href"], format!("/api/v1/documents/{document}"));
    assert_eq!(
        added["arena"]["materials"][0]["title"],
        "Presentasjon fagdag startlån"
    );

    // The arena lists it, the knowledge base has it as the arena's office's, and search finds it.
    let leser = app.login("test-leser").await;
    let (_, arena) = leser.get_json(&format!("/api/v1/arenas/{id}")).await;
    assert_eq!(arena["materials"][0]["document_id"], document);
    assert_eq!(arena["materials"][0]["file_name"], "startlan.txt");
    let (status, doc) = leser
        .get_json(&format!("/api/v1/documents/{document}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert!(
        doc.to_string().contains("Presentasjon fagdag startlån"),
        "{doc}"
    );
    let (_, hits) = leser.get("/sok?q=refinansiering").await;
    assert!(hits.contains("Presentasjon fagdag startlån"), "searchable");

    // The same file again is linked, not stored twice.
    let (status, body) = ost
        .post_multipart(&path, &[("tittel", "Presentasjon fagdag startlån")], file)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["duplicate"],
        true
    );

    // Bad uploads: 422 at the file field; no file at all the same.
    let (status, body) = ost.post_multipart(&path, &[], ("tom.txt", b"")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let err: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["field"], "file", "{err}");
    let r = ost.post_parts(&path, &[("tittel", "Uten fil")], &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["field"], "file");
    assert!(err["error"]
        .as_str()
        .unwrap()
        .starts_with("Ingen fil er valgt."));
    // Not multipart: a 400 that says what to send.
    let r = ost
        .raw
        .post(ost.url(&path))
        .header("x-csrf-token", ost.csrf.clone())
        .json(&serde_json::json!({"tittel": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Another office's adviser may not add to it.
    let vest = app.login("test-vest").await;
    let (status, _) = vest.post_multipart(&path, &[], file).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
