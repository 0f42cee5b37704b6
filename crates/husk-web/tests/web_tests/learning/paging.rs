//! The learning area's long lists come a page at a time: the networks, the arena calendar,
//! the toolbox and its usage statistics, the evaluation summary and an arena's free-text
//! answers, the theme-of-the-month rotation; page 2 shows what page 1 did not, the counts are
//! the whole list's, and the page links keep the filters. The API's lists page with
//! `page`/`per_page` and give the total. The iCalendar feed stays complete.

use crate::common::*;
use husk_domain::learning::arenas::ArenaInput;
use husk_domain::learning::evaluations::{iso_local, WindowInput};
use husk_domain::learning::networks::{NetworkInput, ThemeOfMonthInput};
use husk_domain::learning::tools::ToolInput;
use husk_store::learning::evaluations::oslo_now;
use reqwest::StatusCode;

/// Whether a page links `href` (as askama escapes it: `&` is `&#38;`).
fn links(page: &str, href: &str) -> bool {
    page.replace("&#38;", "&")
        .replace("&amp;", "&")
        .contains(&format!("href=\"{href}\""))
}

/// Which of `names` a page shows.
fn shown<'a>(page: &str, names: &'a [String]) -> Vec<&'a String> {
    names
        .iter()
        .filter(|n| page.contains(&format!(">{n}<")))
        .collect()
}

/// Each of `names` is on exactly one of `pages`, and page 2 has what page 1 had not.
fn split_once(pages: &[&str], names: &[String]) {
    for n in names {
        let on: usize = pages
            .iter()
            .filter(|p| p.contains(&format!(">{n}<")))
            .count();
        assert_eq!(on, 1, "{n} is on exactly one page");
    }
    let first = shown(pages[0], names);
    let second = shown(pages[1], names);
    assert!(!second.is_empty() && second.iter().all(|n| !first.contains(n)));
}

#[tokio::test]
async fn the_network_list_and_api_page_with_the_filter_kept() {
    let app = start().await;
    let names: Vec<String> = (1..=55).map(|i| format!("Testnettverk {i:03}")).collect();
    for n in &names {
        app.store
            .create_network(&NetworkInput {
                name: n.clone(),
                kind: "fagnettverk".into(),
                office: "bodo".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let leser = app.login("test-leser").await;
    let (s, one) = leser.get("/nettverk?kontor=bodo").await;
    assert_eq!(s, StatusCode::OK);
    let total = one.matches("<tr>").count() - 1; // 50 rows on the page, header not counted
    assert_eq!(total, 50, "50 a page");
    let all = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .networks(&husk_store::learning::networks::NetworkFilter {
            office: "bodo".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .len();
    assert!(one.contains(&format!("Viser 1–50 av {all}")));
    assert!(
        one.contains(&format!("Nettverk ({all} nettverk)")),
        "the whole count"
    );
    assert!(
        links(&one, "/nettverk?kontor=bodo&side=2"),
        "the next page keeps the filter"
    );
    let (_, two) = leser.get("/nettverk?kontor=bodo&side=2").await;
    assert!(two.contains(&format!("Viser 51–{all} av {all}")));
    split_once(&[&one, &two], &names);

    // The API: page and per_page, with the total and the next page's address.
    let (s, json) = leser
        .get_json("/api/v1/networks?office=bodo&per_page=20&page=3")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json["total"], all);
    assert_eq!(json["count"], all - 40);
    assert_eq!(json["networks"].as_array().unwrap().len(), all - 40);
    assert!(json["next"].is_null());
    assert_eq!(
        json["previous"],
        "/api/v1/networks?office=bodo&per_page=20&page=2"
    );
    let (s, _) = leser.get_json("/api/v1/networks?per_page=0").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_arena_calendar_pages_and_its_feed_stays_complete() {
    let app = start().await;
    let names: Vec<String> = (1..=55).map(|i| format!("Testsamling {i:03}")).collect();
    for (i, n) in names.iter().enumerate() {
        app.store
            .save_arena(
                None,
                &ArenaInput {
                    tittel: n.clone(),
                    kind: "fagdag".into(),
                    fra: format!("{:02}.{:02}.2030", i % 28 + 1, i / 28 + 1),
                    kontor: "bodo".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let leser = app.login("test-leser").await;
    let (_, json) = leser
        .get_json("/api/v1/arenas?kontor=bodo&vis=kommende&per_page=50&page=2")
        .await;
    let all = json["total"].as_u64().unwrap() as usize;
    assert!(all >= 55);
    assert_eq!(json["count"], all - 50);
    assert_eq!(json["pages"], 2);
    let (_, one) = leser.get("/laeringsarenaer?kontor=bodo&vis=kommende").await;
    assert!(one.contains(&format!("Viser 1–50 av {all}")));
    assert!(one.contains(&format!("({all} arenaer)")));
    assert!(links(
        &one,
        "/laeringsarenaer?kontor=bodo&vis=kommende&side=2"
    ));
    let (_, two) = leser
        .get("/laeringsarenaer?kontor=bodo&vis=kommende&side=2")
        .await;
    assert!(two.contains(&format!("Viser 51–{all} av {all}")));
    split_once(&[&one, &two], &names);
    // The feed has every arena of the selection.
    let (s, ics) = leser
        .get("/laeringsarenaer.ics?kontor=bodo&vis=kommende")
        .await;
    assert_eq!(s, StatusCode::OK);
    let unfolded = husk_domain::learning::arenas::ical_unfold(&ics).join("\n");
    for n in &names {
        assert!(
            unfolded.contains(&format!("SUMMARY:{n}")),
            "{n} in the feed"
        );
    }
}

#[tokio::test]
async fn the_toolbox_and_its_usage_statistics_page() {
    let app = start().await;
    let names: Vec<String> = (1..=55).map(|i| format!("Testverktoy {i:03}")).collect();
    for n in &names {
        app.store
            .create_tool(&ToolInput {
                name: n.clone(),
                category: "organisatorisk".into(),
                direction: "internt".into(),
                ..ToolInput::default()
            })
            .await
            .unwrap();
    }
    let vest = app.login("test-vest").await;
    let (_, one) = vest.get("/verktoykasse?q=Testverktoy").await;
    assert!(one.contains("55 verktøy passer filteret"));
    assert!(one.contains("Viser 1–50 av 55"));
    assert!(links(&one, "/verktoykasse?q=Testverktoy&side=2"));
    let (_, two) = vest.get("/verktoykasse?q=Testverktoy&side=2").await;
    assert!(two.contains("Viser 51–55 av 55"));
    split_once(&[&one, &two], &names);

    // The whole toolbox: the demo's 63 tools and the test's 55.
    let (_, usage) = vest.get("/verktoykasse/bruk?kontor=vest").await;
    assert!(usage.contains("Viser 1–50 av 118"));
    assert!(links(
        &usage,
        "/verktoykasse/bruk?kontor=vest&side=3#matrise"
    ));
    let (_, last) = vest.get("/verktoykasse/bruk?kontor=vest&side=3").await;
    assert!(last.contains("Viser 101–118 av 118"));
    let (_, middle) = vest.get("/verktoykasse/bruk?kontor=vest&side=2").await;
    for n in &names {
        let on = [&usage, &middle, &last]
            .iter()
            .filter(|p| p.contains(&format!(">{n}<")))
            .count();
        assert_eq!(on, 1, "{n} is in one page of the matrix");
    }

    let (_, json) = vest.get_json("/api/v1/tools?per_page=50&page=3").await;
    assert_eq!(json["total"], 118);
    assert_eq!(json["count"], 18);
    assert_eq!(json["tools"].as_array().unwrap().len(), 18);
    assert_eq!(json["previous"], "/api/v1/tools?per_page=50&page=2");
}

/// Answers an arena's open form `n` times, each with its own free text.
async fn answer(app: &App, arena: i64, n: usize) {
    let form = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .evaluation(arena)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap();
    for i in 0..n {
        let mut a: std::collections::BTreeMap<String, String> = [
            "nytte",
            "innhold",
            "erfaringsdeling",
            "gjennomforing",
            "bruk",
        ]
        .into_iter()
        .map(|k| (k.to_string(), "4".to_string()))
        .collect();
        a.insert("best".into(), format!("Fritekstsvar nummer {i:03}"));
        app.store
            .submit_evaluation(
                &form.token,
                Some(&format!("enhet-{arena}-{i:04}")),
                &format!("skjema-{arena}-{i:08}-nokkel"),
                &a,
                oslo_now(),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn evaluations_and_their_free_text_page() {
    let app = start().await;
    let now = oslo_now();
    let window = WindowInput {
        opens: iso_local(now - time::Duration::days(1)),
        closes: iso_local(now + time::Duration::days(1)),
    };
    let mut arenas = Vec::new();
    for i in 1..=55 {
        let id = app
            .store
            .save_arena(
                None,
                &ArenaInput {
                    tittel: format!("Evaluert samling {i:03}"),
                    kind: "seminar".into(),
                    fra: "10.03.2026".into(),
                    kontor: "ost".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        app.store.create_evaluation(id, &window).await.unwrap();
        arenas.push(id);
    }
    answer(&app, arenas[0], 30).await;
    let texts: Vec<String> = (0..30)
        .map(|i| format!("Fritekstsvar nummer {i:03}"))
        .collect();
    let leser = app.login("test-leser").await;

    // An arena's results: the free text 25 a page, the search kept.
    let results = format!("/laeringsarenaer/{}/evaluering/resultater", arenas[0]);
    let (_, one) = leser.get(&format!("{results}?sok=nummer")).await;
    assert!(one.contains("30 fritekstsvar inneholder «nummer»"));
    assert!(one.contains("Viser 1–25 av 30"));
    assert!(links(
        &one,
        &format!("{results}?sok=nummer&svar-best=2#resultat-best-seksjon")
    ));
    let (_, two) = leser
        .get(&format!("{results}?sok=nummer&svar-best=2"))
        .await;
    assert!(two.contains("Viser 26–30 av 30"));
    split_once(&[&one, &two], &texts);

    // The summary: the arenas 50 a page (the kind kept), the free text 25 a page.
    let (_, one) = leser.get("/laering/evalueringer?type=seminar").await;
    assert!(one.contains("55 arenaer med evalueringsskjema"));
    assert!(one.contains("Viser 1–50 av 55"));
    assert!(links(
        &one,
        "/laering/evalueringer?type=seminar&arenaer=2#per-arena"
    ));
    let (_, two) = leser
        .get("/laering/evalueringer?type=seminar&arenaer=2")
        .await;
    assert!(two.contains("Viser 51–55 av 55"));
    let titles: Vec<String> = (1..=55)
        .map(|i| format!("Evaluert samling {i:03}"))
        .collect();
    split_once(&[&one, &two], &titles);
    assert!(one.contains("Fritekstsvar (30)"));
    let (_, texts_two) = leser.get("/laering/evalueringer?type=seminar&svar=2").await;
    assert!(texts_two.contains("Viser 26–30 av 30"));

    let (_, json) = leser
        .get_json("/api/v1/evaluations/summary?kind=seminar&per_page=50&page=2")
        .await;
    assert_eq!(json["total"], 55);
    assert_eq!(json["count"], 5);
    assert_eq!(json["arenas"].as_array().unwrap().len(), 5);
    assert_eq!(json["years"][0]["answered"], 30, "the years are all there");
}

#[tokio::test]
async fn the_theme_of_the_month_rotation_pages_its_past_months() {
    let app = start().await;
    let months: Vec<String> = (1..=12)
        .map(|m| format!("2019-{m:02}"))
        .chain((1..=3).map(|m| format!("2020-{m:02}")))
        .collect();
    for m in &months {
        app.store
            .save_theme_of_month(
                "vest",
                None,
                &ThemeOfMonthInput {
                    month: m.clone(),
                    adviser: "Kari".into(),
                    theme_text: format!("Tema for {m}"),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let leser = app.login("test-leser").await;
    let (_, one) = leser.get("/manedens-tema/vest").await;
    assert!(one.contains("Viser 1–12 av 15"));
    assert!(links(&one, "/manedens-tema/vest?tidligere=2#tidligere"));
    let (_, two) = leser.get("/manedens-tema/vest?tidligere=2").await;
    assert!(two.contains("Viser 13–15 av 15"));
    let themes: Vec<String> = months.iter().map(|m| format!("Tema for {m}")).collect();
    // Newest first: 2020's three and 2019's last nine on the first page.
    assert!(one.contains("Tema for 2020-03") && two.contains("Tema for 2019-01"));
    for t in &themes {
        assert_eq!(
            [&one, &two]
                .iter()
                .filter(|p| p.contains(t.as_str()))
                .count(),
            1,
            "{t}"
        );
    }
    let (_, json) = leser
        .get_json("/api/v1/themes-of-month/vest?per_page=10&page=2")
        .await;
    assert_eq!(json["total"], 15);
    assert_eq!(json["count"], 5);
    assert_eq!(json["months"][0]["month"]["year"], 2019);
    assert_eq!(json["months"][0]["month"]["month"], 11);
}
