//! HTTP tests: each test starts the real app on 127.0.0.1:0 over a fresh store with the demo
//! data, and talks to it the way a browser or an API client would.

use reqwest::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

use crate::common::*;

/// Undoes askama's HTML escaping of attribute values and text.
fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
}

/// The text between `start` (after it) and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let len = html[from..].find(end)?;
    Some(&html[from..from + len])
}

/// The ids of the rows of `#project-list`.
fn list_ids(html: &str) -> Vec<String> {
    let table = between(html, "id=\"project-list\"", "</table>").expect("#project-list");
    let body = between(table, "<tbody>", "</tbody>").expect("tbody");
    body.split("<tr data-id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// A number shown with Norwegian grouping ("1 234") as an integer.
fn number(text: &str) -> i64 {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// The text of the element carrying `data-figure="name"`.
fn figure(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("data-figure=\"{name}\""))
        .unwrap_or_else(|| panic!("no data-figure={name}"));
    let rest = &html[at..];
    let text = between(rest, ">", "<").unwrap();
    unescape(text)
}

/// The matrix cell link for a theme × recipient type: (href, text).
fn matrix_cell(html: &str, theme: &str, rt: &str) -> Option<(String, String)> {
    let marker = format!("data-theme=\"{theme}\" data-recipient-type=\"{rt}\">");
    let at = html.find(&marker)?;
    let text = between(&html[at..], ">", "</a>")?.to_string();
    let open = html[..at].rfind("<a href=\"")? + "<a href=\"".len();
    let href = &html[open..open + html[open..].find('"')?];
    Some((unescape(href), text))
}

fn count_of(json: &Value) -> i64 {
    json["count"].as_i64().expect("count")
}

// ---------------------------------------------------------------------------------------------
// Start page, layout, static files, health
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn start_page_shows_the_number_of_entries_and_the_figures() {
    let app = start().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"nb\">"));
    assert!(html.contains("data-color-scheme=\"light\""));
    assert!(html.contains("class=\"ds-skip-link\" href=\"#innhold\""));
    assert!(html.contains("<main id=\"innhold\""));
    for nav in ["Forside", "Prosjekter", "Kunnskapsmatrise", "Importer"] {
        assert!(html.contains(&format!(">{nav}</a>")), "nav item {nav}");
    }
    let entries = app.store.projects().await.unwrap().len() as i64;
    assert!(entries >= 57);
    assert_eq!(number(&figure(&html, "projects")), entries);

    let k = app.store.key_figures().await.unwrap();
    assert_eq!(number(&figure(&html, "programmes")), k.programmes);
    let granted = figure(&html, "granted");
    assert!(granted.ends_with(" kr"), "{granted}");
    assert_eq!(number(&granted), k.granted_total);
    assert!(k.granted_total >= 1_000_000, "demo grants are in millions");
    // Norwegian grouping: "12 345 678 kr".
    assert!(
        granted.contains(' ') && granted.split(' ').count() >= 3,
        "{granted}"
    );

    // NOK by year and the bar chart by office, with the figures as text.
    assert!(html.contains("Tildelt og forventet tilskudd per år"));
    let first_year = k.nok_by_year.first().unwrap().year;
    assert!(html.contains(&format!("<th scope=\"row\">{first_year}</th>")));
    assert!(html.contains("Region vest"));
    assert!(html.contains("class=\"bar bar--count\""));
    assert!(html.contains("href=\"/kunnskapsmatrise\""));
    assert!(html.contains("href=\"/prosjekter\""));
}

#[tokio::test]
async fn health_check_and_static_css() {
    let app = start().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));

    for (path, needle) in [
        ("/static/designsystemet.css", ".ds-button"),
        ("/static/husk.css", ".matrix td.heat"),
    ] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css"));
        assert!(r.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age"));
        assert!(r.text().await.unwrap().contains(needle), "{path}");
    }
}

#[tokio::test]
async fn unknown_addresses_give_norwegian_404s() {
    let app = start().await;
    let (status, html) = app.get("/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Fant ikke siden"));
    assert!(html.contains("<html lang=\"nb\">"));

    let (status, json) = app.get_json("/api/v1/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json["error"].is_string());
}

// ---------------------------------------------------------------------------------------------
// Project list and filters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_filtered_by_region_shows_only_that_region() {
    let app = start().await;
    let (status, html) = app.get("/prosjekter?region=vest").await;
    assert_eq!(status, StatusCode::OK);
    let ids: BTreeSet<String> = list_ids(&html).into_iter().collect();
    let expected: BTreeSet<String> = app
        .store
        .projects()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.region == "vest")
        .map(|p| p.id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(ids, expected);
    assert!(html.contains(&format!("{} oppføringer", expected.len())));
    // The filter keeps its value.
    assert!(html.contains("<option value=\"vest\" selected>Region vest</option>"));
    // Columns, links with the title as text, export links and "Nytt prosjekt".
    assert!(html.contains("<a class=\"ds-link\" href=\"/prosjekter/vest-01\">Fra leie til eie</a>"));
    for col in [
        "Id",
        "Tittel",
        "Type",
        "Kontor",
        "Mottaker og type",
        "Periode",
        "Status",
    ] {
        assert!(
            html.contains(&format!("<th scope=\"col\">{col}</th>")),
            "column {col}"
        );
    }
    assert!(html.contains("/api/v1/export/projects?format=xlsx"));
    assert!(html.contains("/api/v1/export/grants?format=csv"));
    assert!(html.contains(">Nytt prosjekt</a>"));
    assert!(html.contains("Søk i tittel, beskrivelse og mottaker"));

    let all = list_ids(&app.get("/prosjekter").await.1);
    assert!(all.len() > ids.len());
}

#[tokio::test]
async fn text_search_finds_titles_and_recipients() {
    let app = start().await;
    let (_, html) = app.get("/prosjekter?q=veileder").await;
    let ids = list_ids(&html);
    assert!(ids.contains(&"ost-04".to_string()), "{ids:?}");
    assert!(ids.contains(&"bodo-05".to_string()), "{ids:?}");
    assert!(!ids.contains(&"vest-01".to_string()));
    assert!(
        html.contains("value=\"veileder\""),
        "the search text is kept"
    );

    // Recipient names are searched too, case-insensitively.
    let (_, html) = app.get("/prosjekter?q=BERGEN+kommune").await;
    let ids = list_ids(&html);
    assert!(ids.contains(&"vest-01".to_string()) && ids.contains(&"vest-05".to_string()));
}

#[tokio::test]
async fn api_projects_by_region() {
    let app = start().await;
    let (status, json) = app.get_json("/api/v1/projects?region=vest").await;
    assert_eq!(status, StatusCode::OK);
    let projects = json["projects"].as_array().unwrap();
    assert_eq!(count_of(&json), projects.len() as i64);
    assert!(!projects.is_empty());
    for p in projects {
        assert_eq!(p["region"], "vest");
        for key in [
            "id",
            "kind",
            "title",
            "description",
            "recipient",
            "recipient_type",
            "start_year",
            "end_year",
            "status",
            "themes",
            "target_groups",
            "granted_nok",
        ] {
            assert!(p.get(key).is_some(), "missing {key}");
        }
    }
    let v1 = projects.iter().find(|p| p["id"] == "vest-01").unwrap();
    assert_eq!(v1["kind"], "prosjekt");
    assert_eq!(v1["recipient_type"], "programkommune");
    assert_eq!(v1["start_year"], 2011);

    // Empty values mean "not set".
    let (status, all) = app
        .get_json("/api/v1/projects?region=&from=&to=&kind=&q=")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(count_of(&all) > count_of(&json));
}

#[tokio::test]
async fn bad_filter_values_give_400_json_and_a_message_on_the_page() {
    let app = start().await;
    let (status, json) = app.get_json("/api/v1/projects?from=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "from");
    assert!(json["error"].as_str().unwrap().contains("«abc»"));

    let (status, json) = app.get_json("/api/v1/matrix?region=nord").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "region");

    let (status, json) = app.get_json("/api/v1/matrix?gap_threshold=1.5").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "gap_threshold");

    let (status, html) = app.get("/prosjekter?from=abc&region=nord").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("«abc» er ikke et årstall"));
    assert!(html.contains("«nord» er ikke et av Husbankens kontorer"));
    assert!(html.contains("value=\"abc\""), "the bad value is kept");
    assert!(html.contains("<option value=\"nord\" selected>"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("href=\"#filter-from\""));
    // The list is still shown, without the bad filters.
    assert!(!list_ids(&html).is_empty());

    let (status, html) = app.get("/kunnskapsmatrise?from=20x4&measure=sum").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("«20x4» er ikke et årstall"));
    assert!(html.contains("«sum» er ikke et mål"));
    assert!(html.contains("value=\"20x4\""));
    assert!(html.contains("id=\"matrix\""));
}

// ---------------------------------------------------------------------------------------------
// Knowledge matrix
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn api_matrix_has_the_reviews_shape_and_cells_match_the_list() {
    let app = start().await;
    let (status, m) = app.get_json("/api/v1/matrix").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m["measure"], "count");
    let themes: Vec<&str> = m["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let rts: Vec<&str> = m["recipient_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(themes.len(), 12);
    assert_eq!(rts.len(), 10);
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 12);
    assert!(cells.iter().all(|r| r.as_array().unwrap().len() == 10));
    for key in ["unknown_recipient", "row_totals", "shares"] {
        assert_eq!(m[key].as_array().unwrap().len(), 12, "{key}");
    }
    assert_eq!(m["column_totals"].as_array().unwrap().len(), 10);
    assert_eq!(m["gap_threshold"], 0.1);
    assert!(m["filters"].is_object());
    let gaps: Vec<&str> = m["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    // The review (2016, ch. 4.2): few on neighbourhood work, but about one in three involved
    // users.
    assert!(gaps.contains(&"bomiljo-omradeloft"), "{gaps:?}");
    assert!(!gaps.contains(&"brukermedvirkning"), "{gaps:?}");
    let total = m["total"].as_i64().unwrap();
    assert_eq!(total, app.store.projects().await.unwrap().len() as i64);

    let i = themes
        .iter()
        .position(|t| *t == "tildeling-bosetting")
        .unwrap();
    let j = rts.iter().position(|t| *t == "programkommune").unwrap();
    let cell = cells[i][j].as_i64().unwrap();
    assert!(cell > 0);
    let (_, list) = app
        .get_json("/api/v1/projects?theme=tildeling-bosetting&recipient_type=programkommune")
        .await;
    assert_eq!(count_of(&list), cell);

    // The page: the same number, as a link to the list that shows exactly that many rows.
    let (status, html) = app.get("/kunnskapsmatrise").await;
    assert_eq!(status, StatusCode::OK);
    let (href, text) = matrix_cell(&html, "tildeling-bosetting", "programkommune").unwrap();
    assert_eq!(number(&text), cell);
    assert!(href.starts_with("/prosjekter?"), "{href}");
    assert!(href.contains("theme=tildeling-bosetting"));
    assert!(href.contains("recipient_type=programkommune"));
    let (_, list_html) = app.get(&href).await;
    assert_eq!(list_ids(&list_html).len() as i64, cell);
    assert_eq!(number(&figure(&html, "matrix-total")), total);
}

#[tokio::test]
async fn matrix_page_is_an_accessible_grouped_heat_map() {
    let app = start().await;
    let (_, html) = app.get("/kunnskapsmatrise").await;
    let table = between(&html, "id=\"matrix\"", "</table>").unwrap();
    assert!(table.contains("<caption"));
    assert_eq!(table.matches("<tr data-theme=\"").count(), 12);
    assert_eq!(
        table.matches("<th scope=\"row\">").count(),
        13,
        "12 themes + Totalt"
    );
    assert!(
        table.contains("<th scope=\"col\">Kommuner med formalisert samarbeid med Husbanken</th>")
    );
    for col in ["Ukjent mottaker", "Totalt", "Andel"] {
        assert!(
            table.contains(&format!("<th scope=\"col\">{col}</th>")),
            "{col}"
        );
    }
    // Outcome dimensions first, then the theme groups.
    let groups: Vec<usize> = [
        "Overordnede kunnskapstemaer",
        "Planlegging og organisering",
        "Samarbeid og samhandling",
        "Bolig og bomiljø",
    ]
    .iter()
    .map(|g| {
        table
            .find(&format!("colspan=\"14\">{g}</th>"))
            .unwrap_or_else(|| panic!("group {g}"))
    })
    .collect();
    assert!(groups.windows(2).all(|w| w[0] < w[1]), "{groups:?}");
    // Gap rows are marked in text, with the threshold explained.
    assert!(html.contains("<tr data-theme=\"bomiljo-omradeloft\" class=\"matrix__gap\">"));
    assert!(table.contains("Lite dekket</span>"));
    assert!(html.contains("under 10 %"));
    // Heat-map shading and shares.
    assert!(table.contains("style=\"--heat: #"));
    assert!(table.contains(" %"));
    // Filter form without JavaScript.
    assert!(html.contains("<select class=\"ds-input\" id=\"filter-region\" name=\"region\">"));
    assert!(html.contains(">Alle kontor</option>"));
    assert!(html.contains(">Region vest</option>"));
    assert!(html.contains("name=\"programme_only\""));
    assert!(html.contains("Antall oppføringer") && html.contains("Tilskudd i kroner"));
    assert!(html.contains(">Vis</button>"));
    // The demo notice.
    assert!(html.contains("Rambøll 2016, figur 4-1"));

    // A region filter narrows the total and stays selected.
    let all = number(&figure(&html, "matrix-total"));
    let (_, vest) = app.get("/kunnskapsmatrise?region=vest").await;
    assert!(number(&figure(&vest, "matrix-total")) < all);
    assert!(vest.contains("<option value=\"vest\" selected>Region vest</option>"));
    // Cell links carry the current filters.
    let (href, _) = matrix_cell(&vest, "tildeling-bosetting", "programkommune").unwrap();
    assert!(href.contains("region=vest"), "{href}");
}

#[tokio::test]
async fn nok_weighted_matrix() {
    let app = start().await;
    let (status, m) = app.get_json("/api/v1/matrix?measure=nok").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m["measure"], "nok");
    let granted: i64 = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .facts()
        .await
        .unwrap()
        .iter()
        .map(|p| p.granted_nok(None, None))
        .sum();
    assert!(granted > 0);
    assert_eq!(m["total"].as_i64().unwrap(), granted);

    let (status, html) = app.get("/kunnskapsmatrise?measure=nok").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"nok\" checked"));
    assert!(html.contains("Tildelt tilskudd i kroner per kunnskapstema"));
    assert_eq!(number(&figure(&html, "matrix-total")), granted);

    // Filters apply to amounts too; the year range also limits which grant years count.
    let facts = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .facts()
        .await
        .unwrap();
    let (_, p) = app
        .get_json("/api/v1/matrix?measure=nok&programme_only=on&from=2014&to=2015")
        .await;
    let expected: i64 = facts
        .iter()
        .filter(|f| f.is_programme_municipality() && f.years.overlaps(Some(2014), Some(2015)))
        .map(|f| f.granted_nok(Some(2014), Some(2015)))
        .sum();
    assert_eq!(p["total"].as_i64().unwrap(), expected);
    assert!(expected < granted);
    assert_eq!(p["filters"]["programme_only"], true);
    assert_eq!(p["filters"]["from"], 2014);
}

// ---------------------------------------------------------------------------------------------
// Project page and forms
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn project_page_and_404() {
    let app = start().await;
    let (status, html) = app.get("/prosjekter/vest-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(">Fra leie til eie</h1>"));
    assert!(html.contains("Region vest"));
    assert!(html.contains("Bergen kommune"));
    assert!(html.contains("Kommuner med formalisert samarbeid med Husbanken"));
    assert!(html.contains("2011–2013"));
    assert!(html.contains("Tildeling og bosetting") || html.contains("Tildeling"));
    assert!(html.contains("href=\"/prosjekter/vest-01/rediger\""));
    assert!(html.contains("action=\"/prosjekter/vest-01/tilskudd\""));
    assert!(html.contains("Rambøll 2016"));

    // A programme shows its children, and children link to it.
    let (_, prog) = app.get("/prosjekter/ost-utviklingsprogram").await;
    assert!(prog.contains("Underordnede oppføringer"));
    assert!(prog.contains("href=\"/prosjekter/ost-up-baerum\""));
    let (_, child) = app.get("/prosjekter/ost-up-baerum").await;
    assert!(child.contains("href=\"/prosjekter/ost-utviklingsprogram\""));
    // Related work in both directions.
    let (_, related) = app.get("/prosjekter/ost-02").await;
    assert!(related.contains("href=\"/prosjekter/ost-utviklingsprogram\""));

    let (status, html) = app.get("/prosjekter/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Fant ikke siden"));

    let (status, json) = app.get_json("/api/v1/projects/vest-01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["project"]["title"], "Fra leie til eie");
    assert!(json["grants"].is_array());
    let (status, json) = app.get_json("/api/v1/projects/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json["error"].as_str().unwrap().contains("finnes-ikke"));
}

#[tokio::test]
async fn create_a_project_through_the_form() {
    let app = start().await;
    let (status, form) = app.get("/prosjekter/ny").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("La stå tomt for å få en id automatisk"));
    assert!(form.contains("<label class=\"ds-label\" for=\"field-title\">Tittel</label>"));
    assert!(form.contains(">Utledes av årstallene</option>"));
    assert!(form.contains(">Ukjent</option>"));
    assert!(form.contains("<legend class=\"ds-label\">Overordnede kunnskapstemaer</legend>"));
    assert!(
        form.contains("<option value=\"ost-utviklingsprogram\">"),
        "programmes as parents"
    );

    let r = app
        .post_form(
            "/prosjekter/ny",
            &[
                ("id", ""),
                ("kind", "prosjekt"),
                ("title", "Bo trygt i Bergen"),
                ("description", "Et prosjekt om trygge boliger."),
                ("region", "vest"),
                ("recipient", "Bergen kommune"),
                ("recipient_type", "programkommune"),
                ("start_year", "2024"),
                ("end_year", ""),
                ("status", ""),
                ("themes", "brukermedvirkning"),
                ("themes", "tildeling-bosetting"),
                ("target_groups", "unge"),
                ("parent", ""),
                ("related", "vest-01; vest-02"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/prosjekter/vest-"), "{location}");
    let (status, html) = app.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Prosjektet er lagret"));
    assert!(html.contains(">Bo trygt i Bergen</h1>"));
    assert!(html.contains("Brukermedvirkning"));
    assert!(
        html.contains("href=\"/prosjekter/vest-01\""),
        "related work"
    );

    let id = location
        .trim_start_matches("/prosjekter/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let saved = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project(&id)
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(
        saved.themes,
        vec!["brukermedvirkning", "tildeling-bosetting"]
    );
    assert_eq!(saved.related, vec!["vest-01", "vest-02"]);
    assert_eq!(saved.years.end, None);
}

#[tokio::test]
async fn invalid_project_form_gives_422_with_messages_and_keeps_every_value() {
    let app = start().await;
    let before = app.store.projects().await.unwrap().len();
    let r = app
        .post_form(
            "/prosjekter/ny",
            &[
                ("id", "Ugyldig Id"),
                ("kind", "prosjekt"),
                ("title", "Test av skjema"),
                ("description", "Linje én\nLinje «to»"),
                ("region", ""),
                ("recipient", "Askøy kommune"),
                ("recipient_type", "annen-kommune"),
                ("orgnr", "123"),
                ("start_year", ""),
                ("end_year", "2030"),
                ("status", "aktiv"),
                ("themes", "kompetanseheving"),
                ("learning_tools", "prosessuell"),
                ("related", "vest-01, ost-02"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    // The summary: label and the domain's message, each a link to its field.
    assert!(html.contains("class=\"ds-error-summary\""));
    assert!(
        html.contains("href=\"#field-start_year\">Startår: Startåret mangler. Skriv et årstall")
    );
    assert!(
        html.contains("href=\"#field-region\">Ansvarlig kontor: Ansvarlig kontor mangler. Velg ")
    );
    assert!(html.contains("href=\"#field-id\">Id: "));
    assert!(html.contains("href=\"#field-orgnr\">Organisasjonsnummer: "));
    // Messages next to the fields.
    assert!(html.contains("id=\"field-start_year-feil\""));
    assert!(html.contains("aria-describedby=\"field-start_year-feil field-start_year-hjelp\""));
    assert!(html.contains("<title>Feil i skjemaet: Nytt prosjekt – Husk</title>"));
    // Every value kept.
    assert!(html.contains("value=\"Test av skjema\""));
    assert!(html.contains("value=\"Ugyldig Id\""));
    assert!(html.contains("Linje én\nLinje «to»</textarea>"));
    assert!(html.contains("value=\"Askøy kommune\""));
    assert!(html.contains("<option value=\"annen-kommune\" selected>"));
    assert!(html.contains("<option value=\"prosjekt\" selected>"));
    assert!(html.contains("<option value=\"aktiv\" selected>"));
    assert!(html.contains("value=\"123\""));
    assert!(html.contains("value=\"2030\""));
    assert!(html.contains("value=\"kompetanseheving\" checked"));
    assert!(html.contains("value=\"prosessuell\" checked"));
    assert!(html.contains("value=\"vest-01, ost-02\""));
    assert_eq!(app.store.projects().await.unwrap().len(), before);
}

#[tokio::test]
async fn edit_a_project() {
    let app = start().await;
    let (status, form) = app.get("/prosjekter/vest-01/rediger").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"Fra leie til eie\""));
    assert!(form.contains("value=\"tildeling-bosetting\" checked"));
    assert!(form.contains("<option value=\"vest\" selected>"));

    let mut input = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("vest-01")
        .await
        .unwrap()
        .unwrap()
        .project
        .to_input();
    input.title = "Fra leie til eie – ny runde".into();
    let mut pairs: Vec<(&str, String)> = vec![
        ("kind", input.kind.clone()),
        ("title", input.title.clone()),
        ("description", input.description.clone()),
        ("region", input.region.clone()),
        ("recipient", input.recipient.clone()),
        ("recipient_type", input.recipient_type.clone()),
        ("start_year", input.start_year.clone()),
        ("end_year", input.end_year.clone()),
        ("status", input.status.clone()),
    ];
    for t in &input.themes {
        pairs.push(("themes", t.clone()));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post_form("/prosjekter/vest-01/rediger", &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[LOCATION].to_str().unwrap(),
        "/prosjekter/vest-01?melding=lagret"
    );
    let (_, html) = app.get("/prosjekter/vest-01?melding=lagret").await;
    assert!(html.contains(">Fra leie til eie – ny runde</h1>"));
    assert!(html.contains("Prosjektet er lagret"));

    // An invalid edit keeps the input and changes nothing.
    let r = app
        .post_form(
            "/prosjekter/vest-01/rediger",
            &[
                ("kind", "prosjekt"),
                ("title", "Nytt navn"),
                ("region", "vest"),
                ("start_year", "tjuefemten"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"tjuefemten\""));
    assert!(html.contains("«tjuefemten» er ikke et årstall"));
    let p = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("vest-01")
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(p.title, "Fra leie til eie – ny runde");

    let (status, _) = app.get("/prosjekter/finnes-ikke/rediger").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------

async fn granted_on_page(app: &App, id: &str) -> i64 {
    let (_, html) = app.get(&format!("/prosjekter/{id}")).await;
    number(&figure(&html, "granted"))
}

#[tokio::test]
async fn add_edit_and_delete_a_grant() {
    let app = start().await;
    let id = "vest-01";
    let before = granted_on_page(&app, id).await;

    let r = app
        .post_form(
            &format!("/prosjekter/{id}/tilskudd"),
            &[
                ("year", "2013"),
                ("amount_nok", "1 500 000"),
                ("budget_item", "post21"),
                ("status", "tilsagn"),
                ("note", "Ekstra midler"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/prosjekter/{id}?melding=tilskudd-lagret")));
    let (_, html) = app.get(&location).await;
    assert!(html.contains("Tilskuddet er lagret"));
    assert!(html.contains("1 500 000 kr"));
    assert!(html.contains("Ekstra midler"));
    assert_eq!(number(&figure(&html, "granted")), before + 1_500_000);

    let grant = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project(id)
        .await
        .unwrap()
        .unwrap()
        .grants
        .into_iter()
        .find(|g| g.grant.note == "Ekstra midler")
        .unwrap();
    let edit = format!("/prosjekter/{id}/tilskudd/{}/rediger", grant.id);
    assert!(html.contains(&format!("href=\"{edit}\"")));
    let (status, form) = app.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"1500000\""));
    assert!(form.contains("<option value=\"post21\" selected>"));

    let r = app
        .post_form(
            &edit,
            &[
                ("year", "2013"),
                ("amount_nok", "2000000"),
                ("budget_item", "post21"),
                ("status", "utbetalt"),
                ("note", "Ekstra midler"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(granted_on_page(&app, id).await, before + 2_000_000);

    // Expected amounts are not granted.
    let r = app
        .post_form(
            &edit,
            &[
                ("year", "2014"),
                ("amount_nok", "300000"),
                ("status", "forventet"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get(&format!("/prosjekter/{id}")).await;
    assert_eq!(number(&figure(&html, "granted")), before);
    assert!(number(&figure(&html, "expected")) >= 300_000);

    // Deleting asks first: the project page links to a confirmation page, and a POST that
    // did not come from it deletes nothing.
    let delete = format!("/prosjekter/{id}/tilskudd/{}/slett", grant.id);
    let (_, html) = app.get(&format!("/prosjekter/{id}")).await;
    assert!(html.contains(&format!("href=\"{delete}\"")));
    let r = app.post_form(&delete, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], delete.as_str());
    assert!(app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry(id)
        .await
        .unwrap()
        .unwrap()
        .grant(grant.id)
        .await
        .unwrap()
        .is_some());
    let (status, confirm) = app.get(&delete).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Slette tilskuddet for 2014"), "{confirm}");
    assert!(confirm.contains("name=\"bekreft\" value=\"ja\""));
    let r = app.post_form(&delete, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get(r.headers()[LOCATION].to_str().unwrap()).await;
    assert!(html.contains("Tilskuddet er slettet"));
    assert!(app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry(id)
        .await
        .unwrap()
        .unwrap()
        .grant(grant.id)
        .await
        .unwrap()
        .is_none());

    // A grant of another project, or one that is gone, is not found.
    let r = app.post_form(&delete, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, _) = app
        .get(&format!(
            "/prosjekter/vest-02/tilskudd/{}/rediger",
            grant.id
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get(&format!("/prosjekter/{id}/tilskudd/abc/rediger"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_grant_keeps_the_input() {
    let app = start().await;
    let before = app.store.grants().await.unwrap().len();
    let r = app
        .post_form(
            "/prosjekter/vest-01/tilskudd",
            &[
                ("year", "20133"),
                ("amount_nok", "mye"),
                ("budget_item", "post78"),
                ("status", ""),
                ("note", "Skal beholdes"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains(">Fra leie til eie</h1>"), "the project page");
    assert!(html.contains("href=\"#grant-amount_nok\">Beløp: «mye» er ikke et beløp"));
    assert!(html.contains(
        "href=\"#grant-status\">Status: Statusen mangler. Velg tilsagn, utbetalt eller forventet."
    ));
    assert!(html.contains("href=\"#grant-year\">År: "));
    assert!(html.contains("value=\"20133\""));
    assert!(html.contains("value=\"mye\""));
    assert!(html.contains("value=\"Skal beholdes\""));
    assert!(html.contains("id=\"grant-amount_nok\" name=\"amount_nok\" value=\"mye\" inputmode=\"numeric\" aria-invalid=\"true\""));
    assert_eq!(app.store.grants().await.unwrap().len(), before);

    // The same on the edit form.
    let g = app.store.grants().await.unwrap().remove(0);
    let edit = format!("/prosjekter/{}/tilskudd/{}/rediger", g.grant.project, g.id);
    let r = app
        .post_form(
            &edit,
            &[
                ("year", "2014"),
                ("amount_nok", "12,5"),
                ("status", "tilsagn"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"12,5\""));
    assert!(html.contains("hele kroner"));
}

// ---------------------------------------------------------------------------------------------
// Import and export
// ---------------------------------------------------------------------------------------------

const GOOD_CSV: &str = "id,kind,title,region,recipient,recipient_type,start_year,end_year,themes\n\
test-01,prosjekt,Bolig for alle,vest,Voss kommune,annen-kommune,2020,2021,tildeling-bosetting\n\
test-02,tiltak,Veiviser i bolig,midt,,,2022,,brukermedvirkning;kompetanseheving\n";

#[tokio::test]
async fn import_a_good_csv() {
    let app = start().await;
    let (status, page) = app.get("/import").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Bare kontroller, ikke lagre"));
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains("/api/v1/export/projects?format=csv"));
    assert!(page.contains("id, kind, title"));

    let before = app.store.projects().await.unwrap().len();
    // A dry run saves nothing.
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter"), ("dry_run", "1")],
            ("nye.csv", GOOD_CSV.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Kontrollen fant ingen feil"));
    assert_eq!(app.store.projects().await.unwrap().len(), before);

    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("nye.csv", GOOD_CSV.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Importen er fullført: 2 oppføringer lagt til og 0 endret"),
        "{html}"
    );
    assert_eq!(app.store.projects().await.unwrap().len(), before + 2);
    let (status, p) = app.get("/prosjekter/test-02").await;
    assert_eq!(status, StatusCode::OK);
    assert!(p.contains(">Veiviser i bolig</h1>"));

    // Grants for the new entry.
    let grants =
        "project,year,amount_nok,budget_item,status,note\ntest-01,2020,250000,post78,tilsagn,\n";
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "tilskudd")],
            ("tilskudd.csv", grants.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("1 tilskudd lagt til og 0 endret"));
    assert_eq!(granted_on_page(&app, "test-01").await, 250_000);
}

#[tokio::test]
async fn import_a_bad_csv_lists_every_error_and_saves_nothing() {
    let app = start().await;
    let before = app.store.projects().await.unwrap();
    let bad = "id,kind,title,region,start_year\n\
ok-01,prosjekt,Greit,vest,2020\n\
ok-02,prosjket,Skrivefeil,nord,20x0\n";
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("feil.csv", bad.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ingenting er lagret"));
    assert!(html.contains("class=\"ds-error-summary\""));
    // Exactly as the CLI shows them.
    let expected = match app
        .store
        .import_projects("feil.csv", bad.as_bytes(), true)
        .await
    {
        Err(husk_store::ImportFailure::Invalid(errors)) => errors,
        other => panic!("expected errors, got {other:?}"),
    };
    assert!(expected.len() >= 3);
    for e in &expected {
        let shown = e
            .to_string()
            .replace('&', "&#38;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
            .replace('<', "&#60;")
            .replace('>', "&#62;");
        assert!(html.contains(&format!("<li>{shown}</li>")), "{e}");
    }
    assert!(html.contains("Linje 3, kolonne 2 (Type)"), "{html}");
    assert_eq!(app.store.projects().await.unwrap(), before);

    // No file, no kind.
    let (status, html) = app.post_multipart("/import", &[], ("", b"")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ingen fil er valgt"));
    assert!(html.contains("Velg om filen inneholder prosjekter eller tilskudd."));
}

#[tokio::test]
async fn exported_csv_imports_into_a_fresh_store_unchanged() {
    let app = start().await;
    let r = app
        .client
        .get(app.url("/api/v1/export/projects?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        r.headers()[CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"husk-prosjekter.csv\""
    );
    let projects_csv = r.bytes().await.unwrap();
    let grants_csv = app
        .client
        .get(app.url("/api/v1/export/grants?format=csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let fresh = husk_store::testing::open(dir.path()).await.unwrap();
    fresh
        .import_projects("husk-prosjekter.csv", &projects_csv, false)
        .await
        .unwrap();
    fresh
        .import_grants("husk-tilskudd.csv", &grants_csv, false)
        .await
        .unwrap();
    assert_eq!(
        fresh.projects().await.unwrap(),
        app.store.projects().await.unwrap()
    );
    let amounts =
        |gs: Vec<husk_store::StoredGrant>| -> Vec<_> { gs.into_iter().map(|g| g.grant).collect() };
    assert_eq!(
        amounts(fresh.grants().await.unwrap()),
        amounts(app.store.grants().await.unwrap())
    );

    // The other formats and names.
    for (path, name, ctype) in [
        (
            "/api/v1/export/projects?format=xlsx",
            "husk-prosjekter.xlsx",
            "application/vnd.openxmlformats",
        ),
        (
            "/api/v1/export/grants?format=json",
            "husk-tilskudd.json",
            "application/json",
        ),
    ] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(ctype));
        assert!(r.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(name));
    }
    let (status, json) = app.get_json("/api/v1/export/projects?format=pdf").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "format");
}

#[tokio::test]
async fn taxonomy_api() {
    let app = start().await;
    let (status, t) = app.get_json("/api/v1/taxonomy").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(t["regions"].as_array().unwrap().len(), 7);
    assert_eq!(t["recipient_types"].as_array().unwrap().len(), 10);
    assert_eq!(t["themes"].as_array().unwrap().len(), 12);
}

// ---------------------------------------------------------------------------------------------
// Knowledge base: search, documents, similar work, suggestions
// ---------------------------------------------------------------------------------------------

/// The document ids of the search results (`li.result[data-document-id]`), in order.
fn result_ids(html: &str) -> Vec<i64> {
    html.split("<li class=\"result\" data-document-id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect()
}

/// The text of the element with `data-total-{name}="…"`.
fn total(html: &str, name: &str) -> i64 {
    let v = between(html, &format!("data-total-{name}=\""), "\"")
        .unwrap_or_else(|| panic!("no data-total-{name}"));
    number(v)
}

/// The HTML of one result (from its `<li>` to the next result or the end of the list).
fn result_html(html: &str, id: i64) -> &str {
    let start = html
        .find(&format!("<li class=\"result\" data-document-id=\"{id}\""))
        .unwrap_or_else(|| panic!("no result for document {id}"));
    let rest = &html[start + 10..];
    let end = rest
        .find("<li class=\"result\"")
        .or_else(|| rest.find("</ol>"))
        .unwrap_or(rest.len());
    &html[start..start + 10 + end]
}

async fn document_id_by_file(app: &App, file: &str) -> i64 {
    app.store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.file_name == file)
        .unwrap_or_else(|| panic!("no document from {file}"))
        .id
}

#[tokio::test]
async fn navigation_has_search_and_documents() {
    let app = start().await;
    let (_, html) = app.get("/").await;
    for (href, name) in [
        ("/kunnskapsmatrise", "Kunnskapsmatrise"),
        ("/sok", "Søk"),
        ("/dokumenter", "Dokumenter"),
    ] {
        assert!(
            html.contains(&format!(
                "<a href=\"{href}\" aria-current=\"false\">{name}</a>"
            )),
            "nav item {name}"
        );
    }
    let (_, html) = app.get("/sok").await;
    assert!(html.contains("<a href=\"/sok\" aria-current=\"page\">Søk</a>"));
    let (_, html) = app.get("/dokumenter").await;
    assert!(html.contains("<a href=\"/dokumenter\" aria-current=\"page\">Dokumenter</a>"));
    // The optional type-ahead script.
    let r = app
        .client
        .get(app.url("/static/sok.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(r.text().await.unwrap().contains("/api/v1/search/suggest"));
}

#[tokio::test]
async fn search_page_shows_highlighted_passages_grouped_by_document() {
    let app = start().await;
    let (status, html) = app.get("/sok?q=housing+first").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html
        .contains("<label class=\"ds-label\" for=\"sok-q\">Søk i rapporter og forskning</label>"));
    assert!(html.contains("value=\"housing first\""));
    assert!(html.contains("<mark>"), "highlighted matches");

    let ids = result_ids(&html);
    assert!(!ids.is_empty(), "results");
    let docs = total(&html, "documents");
    let passages = total(&html, "passages");
    assert_eq!(ids.len() as i64, docs, "every matching document is shown");
    assert!(passages >= docs);
    // Each document once, its passages inside it, each linking to the passage on its page.
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
    for id in &ids {
        let part = result_html(&html, *id);
        assert!(part.contains(&format!("<a class=\"ds-link\" href=\"/dokumenter/{id}\">")));
        let links = part
            .matches(&format!("href=\"/dokumenter/{id}?avsnitt="))
            .count();
        assert!((1..=3).contains(&links), "document {id}: {links} passages");
        assert_eq!(
            part.matches("href=\"/dokumenter/").count(),
            links + 1,
            "no passage of another document inside document {id}"
        );
        assert!(part.contains("class=\"ds-tag\""), "public/internal marker");
    }

    // The JSON API agrees.
    let (_, json) = app
        .get_json("/api/v1/search?q=housing+first&limit=100")
        .await;
    assert_eq!(json["total_documents"].as_i64(), Some(docs));
    assert_eq!(json["total_passages"].as_i64(), Some(passages));
}

#[tokio::test]
async fn empty_search_explains_and_lists_the_documents() {
    let app = start().await;
    let (status, html) = app.get("/sok").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Slik søker du"));
    assert!(html.contains("href=\"/sok?q=housing+first+oppf%C3%B8lging+rus\""));
    assert!(html.contains(">leie til eie startlån</a>"));
    assert!(
        html.contains("<code>\"leie til eie\"</code>")
            || html.contains("<code>&#34;leie til eie&#34;</code>")
    );
    assert!(html.contains("<code>bolig*</code>"));
    let all = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        7,
        "the five seed reports and the demo's two approved example reports"
    );
    for d in &all {
        assert!(html.contains(&format!("href=\"/dokumenter/{}\"", d.id)));
    }
    assert_eq!(total(&html, "documents"), 7);
}

#[tokio::test]
async fn a_facet_narrows_the_results_and_shows_counts() {
    let app = start().await;
    let (_, all) = app.get("/sok?q=housing+first+oppf%C3%B8lging+rus").await;
    let all_docs = total(&all, "documents");
    assert!(all_docs >= 2);
    // Document types as checkboxes with counts.
    let evaluations = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .into_iter()
        .filter(|d| d.meta.doc_type == husk_domain::DocumentType::Evaluering)
        .map(|d| d.id)
        .collect::<BTreeSet<_>>();
    assert!(!evaluations.is_empty());
    assert!(all.contains("id=\"sok-type-evaluering\" name=\"type\" value=\"evaluering\">"));
    let count = between(
        &all,
        "for=\"sok-type-evaluering\">Evaluering <span class=\"facet__count\">(",
        ")",
    )
    .expect("evaluering facet with a count");
    let count = number(count);
    assert!(count >= 1);

    let (status, narrowed) = app
        .get("/sok?q=housing+first+oppf%C3%B8lging+rus&type=evaluering")
        .await;
    assert_eq!(status, StatusCode::OK);
    let ids = result_ids(&narrowed);
    assert_eq!(
        ids.len() as i64,
        count,
        "the facet count is what choosing it gives"
    );
    assert!((ids.len() as i64) < all_docs, "narrower");
    assert!(ids.iter().all(|id| evaluations.contains(id)));
    assert!(
        narrowed.contains("id=\"sok-type-evaluering\" name=\"type\" value=\"evaluering\" checked>"),
        "the chosen value stays ticked"
    );
    // Other types still show how many choosing them instead would give.
    assert!(narrowed.contains("id=\"sok-type-fou-rapport\""));

    // Two values of one facet: any of them.
    let (_, both) = app
        .get("/sok?q=housing+first+oppf%C3%B8lging+rus&type=evaluering&type=fou-rapport")
        .await;
    let of_either: BTreeSet<i64> = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .into_iter()
        .filter(|d| {
            matches!(
                d.meta.doc_type,
                husk_domain::DocumentType::Evaluering | husk_domain::DocumentType::FouRapport
            )
        })
        .map(|d| d.id)
        .collect();
    let expected = result_ids(&all)
        .iter()
        .filter(|id| of_either.contains(id))
        .count();
    assert!(expected as i64 > count, "more than the evaluations alone");
    assert_eq!(result_ids(&both).len(), expected);

    // Combined with a year range and a region.
    let (_, json) = app
        .get_json("/api/v1/search?q=boligsosialt&type=fou-rapport&year_from=2013&year_to=2014&region=nasjonal")
        .await;
    let docs = json["documents"].as_array().unwrap();
    assert!(!docs.is_empty());
    for d in docs {
        assert_eq!(d["doc_type"], "fou-rapport");
        let y = d["year"].as_i64().unwrap();
        assert!((2013..=2014).contains(&y), "{y}");
    }
    let types = json["facets"]["doc_types"].as_array().unwrap();
    let fou = types.iter().find(|t| t["value"] == "fou-rapport").unwrap();
    assert_eq!(fou["selected"], true);
    assert_eq!(fou["count"].as_i64(), json["total_documents"].as_i64());

    // A bad value on the page: 400, a message, and the rest of the search still works.
    let (status, html) = app.get("/sok?q=housing+first&year_from=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("«abc» er ikke et årstall"));
    assert!(html.contains("href=\"#sok-year_from\""));
    assert!(!result_ids(&html).is_empty());
}

#[tokio::test]
async fn api_search_shape_and_bad_parameters() {
    let app = start().await;
    let (status, json) = app
        .get_json("/api/v1/search?q=housing+first+oppf%C3%B8lging+rus&limit=3")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["query"], "housing first oppfølging rus");
    assert!(json["total_passages"].as_u64().unwrap() > 0);
    assert!(json["total_documents"].as_u64().unwrap() > 0);
    let hits = json["hits"].as_array().unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert!(docs.len() <= 3);
    assert_eq!(
        hits.len(),
        docs.iter()
            .map(|d| d["hits"].as_array().unwrap().len())
            .sum::<usize>(),
        "the flat list holds every shown passage"
    );
    let mut last = f64::INFINITY;
    for h in hits {
        for key in [
            "document_id",
            "title",
            "passage_id",
            "heading",
            "snippet",
            "score",
        ] {
            assert!(h.get(key).is_some(), "hit without {key}: {h}");
        }
        let score = h["score"].as_f64().unwrap();
        assert!(score <= last, "best first");
        last = score;
        assert!(docs.iter().any(|d| d["doc_id"] == h["document_id"]));
    }
    assert!(hits
        .iter()
        .any(|h| h["snippet"].as_str().unwrap().contains("<mark>")));
    // The same excerpt as plain text with the matched words' byte ranges.
    for h in hits {
        let text = h["snippet_text"].as_str().unwrap();
        for r in h["highlights"].as_array().unwrap() {
            let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
            let word = &text[start as usize..end as usize];
            assert!(
                h["snippet"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("<mark>{word}</mark>")),
                "{h}"
            );
        }
    }
    for d in docs {
        for key in [
            "doc_id",
            "title",
            "doc_type",
            "year",
            "public",
            "matching_passages",
            "hits",
        ] {
            assert!(d.get(key).is_some(), "document without {key}: {d}");
        }
    }
    for key in ["doc_types", "years", "regions", "themes", "target_groups"] {
        assert!(json["facets"][key].is_array(), "facet {key}");
    }

    for (query, field) in [
        ("q=bolig&year_from=abc", "year_from"),
        ("q=bolig&type=roman", "type"),
        ("q=bolig&region=nord", "region"),
        ("q=bolig&theme=bolig", "theme"),
        ("q=bolig&limit=0", "limit"),
        ("q=bolig&year_from=2015&year_to=2012", "year_to"),
    ] {
        let (status, json) = app.get_json(&format!("/api/v1/search?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json["field"], field, "{query}");
        // The message says what is expected.
        let message = json["error"].as_str().unwrap();
        assert!(
            message.contains("Velg") || message.contains("Skriv"),
            "{json}"
        );
    }

    let (status, json) = app.get_json("/api/v1/search/suggest?q=hous").await;
    assert_eq!(status, StatusCode::OK);
    let list = json["suggestions"].as_array().unwrap();
    assert!(list.iter().any(|s| s == "housing"), "{json}");
}

/// `/sok?q=…` (or `/api/v1/search?q=…`) with `text` encoded.
fn search_path(path: &str, text: &str) -> String {
    format!(
        "{path}?{}",
        serde_urlencoded::to_string([("q", text)]).unwrap()
    )
}

#[tokio::test]
async fn a_too_long_search_is_refused_with_a_message_and_the_words_kept() {
    let app = start().await.public().await;
    let text = "bolig ".repeat(100) + "kommune";
    let chars = text.chars().count();
    assert!(chars > husk_search::MAX_QUERY_CHARS);
    let message = format!(
        "Søket er for langt. Det har {chars} tegn, og et søk kan ha høyst {}. Forkort søket og \
         prøv igjen.",
        husk_search::MAX_QUERY_CHARS
    );

    let (status, html) = app.get(&search_path("/sok", &text)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // At the field, in the error summary (linking to the field), and the words stay typed.
    assert_eq!(
        between(&html, "id=\"sok-q-feil\">", "</p>").map(unescape),
        Some(message.clone())
    );
    let summary = between(&html, "class=\"ds-error-summary\"", "</div>").expect("summary");
    assert!(summary.contains("Søket kunne ikke gjøres."), "{summary}");
    assert!(summary.contains("href=\"#sok-q\""), "{summary}");
    assert!(unescape(summary).contains(&message), "{summary}");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"sok-q-feil sok-q-hjelp\""));
    assert!(html.contains(&format!("value=\"{}\"", text)));
    assert!(result_ids(&html).is_empty());
    assert!(
        html.contains("class=\"ds-details filter-panel\" data-variant=\"tinted\">"),
        "the filters stay folded: none of them is wrong"
    );

    // The API: 400 with the same message, for the search and for type-ahead.
    for path in ["/api/v1/search", "/api/v1/search/suggest"] {
        let (status, json) = app.get_json(&search_path(path, &text)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(json["field"], "q", "{path}");
        assert_eq!(json["error"], message.as_str(), "{path}");
    }
}

#[tokio::test]
async fn hostile_searches_are_answered_within_bounds() {
    let app = start().await.public().await;
    // The probe's query, 2,000 × «b*», and 2,000 different words: refused at once, not
    // searched for minutes.
    let probe = "b* ".repeat(2000);
    let words: Vec<String> = (0..2000).map(|i| format!("ord{i}")).collect();
    for text in [probe.trim().to_string(), words.join(" ")] {
        let (status, json) = app.get_json(&search_path("/api/v1/search", &text)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["field"], "q");
        let error = json["error"].as_str().unwrap();
        assert!(error.starts_with("Søket er for langt. Det har "), "{error}");
        let (status, html) = app.get(&search_path("/sok", &text)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("Søket er for langt."));
    }
    // Too many different words within the length.
    let many = words[..husk_search::MAX_QUERY_WORDS + 8].join(" ");
    let (status, json) = app.get_json(&search_path("/api/v1/search", &many)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        json["error"].as_str().unwrap(),
        format!(
            "Søket har for mange ord. Det har {} ulike ord, og et søk kan ha høyst {} (små ord \
             som «og» og «i» telles ikke). Fjern noen av ordene og prøv igjen.",
            husk_search::MAX_QUERY_WORDS + 8,
            husk_search::MAX_QUERY_WORDS
        )
    );
    // As many words and prefixes as allowed, repeated to the length limit: answered, and
    // complete.
    let allowed = "bolig* kommune oppfølging bostedslshet rus* leie eie startlån ";
    let text = allowed.repeat(husk_search::MAX_QUERY_CHARS / allowed.len());
    let (status, json) = app.get_json(&search_path("/api/v1/search", &text)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (_, once) = app.get_json(&search_path("/api/v1/search", allowed)).await;
    assert_eq!(
        (&json["query_terms"], &json["documents"]),
        (&once["query_terms"], &once["documents"]),
        "repeated words are searched once"
    );
    assert_eq!(json["complete"], true);
    assert!(json["total_documents"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn a_corrected_search_says_so_and_offers_the_words_as_typed() {
    let app = start().await.public().await;
    let (status, html) = app.get("/sok?q=bostedslshet").await;
    assert_eq!(status, StatusCode::OK);
    let notice = between(&html, "id=\"rettet-sok\">", "</p>").expect("the correction is told");
    assert!(
        notice.starts_with("Viser treff for «<strong>bostedsløshet</strong>»."),
        "{notice}"
    );
    let exact = "/sok?q=bostedslshet&#38;exact=1#resultater";
    assert!(
        notice.contains(&format!(
            "<a class=\"ds-link\" href=\"{exact}\">Søk bare etter «bostedslshet»</a>"
        )),
        "{notice}"
    );
    assert!(!result_ids(&html).is_empty(), "the corrected word is found");

    // Following the link: the word as typed, found nowhere, and a way back.
    let (status, html) = app.get(&unescape(exact)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("id=\"rettet-sok\""));
    assert_eq!(total(&html, "documents"), 0);
    let back = between(&html, "id=\"eksakt-sok\">", "</p>").expect("exact notice");
    assert!(back.starts_with("Søket gjelder bare ordene slik de er skrevet."));
    assert!(
        back.contains("href=\"/sok?q=bostedslshet#resultater\""),
        "{back}"
    );
    assert!(
        html.contains("<input type=\"hidden\" name=\"exact\" value=\"1\">"),
        "the filters keep the exact search"
    );

    // The API says the same.
    let (_, json) = app.get_json("/api/v1/search?q=bostedslshet").await;
    assert_eq!(json["corrected_query"], "bostedsløshet");
    assert_eq!(json["corrections"][0]["typed"], "bostedslshet");
    let (_, json) = app.get_json("/api/v1/search?q=bostedslshet&exact=1").await;
    assert_eq!(json["corrected_query"], Value::Null);
    assert_eq!(json["total_documents"], 0);
}

#[tokio::test]
async fn document_page_shows_the_passages_and_downloads_the_original() {
    let app = start().await;
    let file = "moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt";
    let original: &[u8] = include_bytes!(
        "../../../../data/corpus/moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt"
    );
    let id = document_id_by_file(&app, file).await;
    let doc = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .document(id)
        .await
        .unwrap()
        .unwrap();
    let passages = doc.passages(0, u32::MAX).await.unwrap();
    assert!(passages.len() > 10);

    let (status, html) = app.get(&format!("/dokumenter/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(">{}</h1>", doc.meta.title)));
    assert_eq!(
        html.matches("<section class=\"passage\" id=\"avsnitt-")
            .count(),
        passages.len()
    );
    for p in &passages {
        assert!(html.contains(&format!("id=\"avsnitt-{}\"", p.ordinal)));
    }
    // In order.
    let first = html.find("id=\"avsnitt-0\"").unwrap();
    let last = html
        .find(&format!("id=\"avsnitt-{}\"", passages.len() - 1))
        .unwrap();
    assert!(first < last);
    assert!(html.contains("Møreforsking Volda"));
    assert!(html.contains("<dt>År</dt><dd>2012</dd>"));
    assert!(html.contains("<dt>Type</dt><dd>Evaluering</dd>"));
    assert!(html.contains("<dt>Kontor</dt><dd>Region øst</dd>"));
    assert!(html.contains("<span class=\"ds-tag\" data-color=\"success\">Offentlig</span>"));
    assert!(
        html.contains("href=\"/prosjekter/ost-utviklingsprogram\""),
        "linked project"
    );
    assert!(html.contains("Planlegging og strategi"), "themes");
    assert!(html.contains("Lignende arbeid andre steder"));
    assert!(html.contains(&format!("href=\"/dokumenter/{id}/fil\"")));

    // The download is the original file, byte for byte, under its original name.
    let r = app
        .client
        .get(app.url(&format!("/dokumenter/{id}/fil")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_DISPOSITION].to_str().unwrap(),
        format!("attachment; filename=\"{file}\"")
    );
    assert!(r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), original);

    for missing in [
        "/dokumenter/9999",
        "/dokumenter/abc",
        "/dokumenter/9999/fil",
    ] {
        let (status, html) = app.get(missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert!(html.contains("Fant ikke siden"));
    }

    // The API has the same document with its passages.
    let (status, json) = app.get_json(&format!("/api/v1/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["meta"]["title"], doc.meta.title.as_str());
    assert_eq!(json["passages"].as_array().unwrap().len(), passages.len());
    let (_, list) = app.get_json("/api/v1/documents").await;
    assert_eq!(
        list["count"], 7,
        "five seed reports and two approved example reports"
    );
    let (status, json) = app
        .get_json(&format!("/api/v1/documents/{id}/similar"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["document"], id);
    assert!(json["similar"].is_array());
    let (status, json) = app.get_json("/api/v1/documents/9999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json["error"].as_str().unwrap().contains("9999"));
}

#[tokio::test]
async fn document_list_and_upload_form() {
    let app = start().await;
    let (status, html) = app.get("/dokumenter").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/dokumenter/ny\">Last opp dokument</a>"));
    let table = between(&html, "id=\"document-list\"", "</table>").expect("#document-list");
    assert_eq!(table.matches("<tr data-id=").count(), 7);
    for th in ["Tittel", "Type", "År", "Kontor", "Avsnitt", "Tilgang"] {
        assert!(table.contains(&format!(">{th}</th>")), "{th}");
    }

    let (status, form) = app.get("/dokumenter/ny").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(form.contains("type=\"file\" id=\"doc-file\" name=\"file\""));
    assert!(form.contains("<option value=\"evaluering\">Evaluering</option>"));
    assert!(
        form.contains("id=\"doc-visibility-intern\" name=\"visibility\" value=\"intern\" checked>")
    );
    assert!(
        form.contains("id=\"doc-visibility-offentlig\" name=\"visibility\" value=\"offentlig\">")
    );
    assert!(form.contains("name=\"themes\" value=\"kompetanseheving\""));
    assert!(form.contains("name=\"target_groups\" value=\"bostedslos\""));
}

#[tokio::test]
async fn upload_a_markdown_and_an_html_file_and_find_them() {
    let app = start().await;
    let before = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .len();
    let markdown = "# Veileder for kvistloftleiligheter\n\n\
Kommunen bygger kvistloftleiligheter for unge bostedsløse. Leietakerne får tett oppfølging fra et \
bo-team, og målet er at flere skal kunne kjøpe boligen med startlån etter noen år. Erfaringene \
viser at det tar tid å bygge tillit, men at de fleste klarer å bo stabilt.\n\n\
## Erfaringer\n\n\
Samarbeidet med NAV og helsetjenesten var avgjørende. Kvistloftleilighetene ligger spredt i vanlige \
bomiljøer, noe beboerne selv trekker fram som viktig.\n";
    let r = app
        .post_multipart_raw(
            "/dokumenter/ny",
            &[
                ("title", ""),
                ("authors", "Kari Nordmann"),
                ("publisher", "Bergen kommune"),
                ("year", "2021"),
                ("doc_type", "veileder"),
                ("region", "vest"),
                ("visibility", "offentlig"),
                ("projects", "vest-01"),
                ("themes", "tildeling-bosetting"),
                ("target_groups", "bostedslos"),
            ],
            ("kvistloft.md", markdown.as_bytes()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/dokumenter/"), "{location}");
    let id: i64 = location
        .trim_start_matches("/dokumenter/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let doc = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .document(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        doc.meta.title, "Veileder for kvistloftleiligheter",
        "title from the file"
    );
    assert!(doc.meta.public);
    assert_eq!(doc.meta.projects, vec!["vest-01"]);
    assert_eq!(doc.file_name, "kvistloft.md");
    let (status, html) = app.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "Dokumentet er lagt til ({} avsnitt).",
            doc.passages
        )),
        "confirmation"
    );
    assert!(html.contains("Kari Nordmann"));

    // Found by search, and listed on the project it belongs to.
    let (_, found) = app.get("/sok?q=kvistloftleiligheter").await;
    assert_eq!(result_ids(&found), vec![id]);
    assert!(found.contains("<mark>"));
    let (_, project) = app.get("/prosjekter/vest-01").await;
    let docs = between(&project, "id=\"dokumenter\"", "</section>").unwrap();
    assert!(docs.contains(&format!("href=\"/dokumenter/{id}\"")));

    // An HTML file, internal by default.
    let html_file =
        "<!DOCTYPE html><html lang=\"nb\"><head><title>Notat om husleiegaranti</title></head>\
<body><h1>Notat om husleiegaranti</h1><p>Husleiegarantien gjør det lettere for vanskeligstilte å \
leie på det private markedet. Kommunene bruker ordningen ulikt, og notatet samler erfaringene \
fra tre kommuner i regionen.</p></body></html>";
    let r = app
        .post_multipart_raw(
            "/dokumenter/ny",
            &[("doc_type", "annet")],
            ("notat.html", html_file.as_bytes()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, found) = app.get("/sok?q=husleiegarantien").await;
    let ids = result_ids(&found);
    assert_eq!(ids.len(), 1);
    let doc = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .document(ids[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(doc.meta.title, "Notat om husleiegaranti");
    assert!(!doc.meta.public, "internal unless marked public");
    assert!(result_html(&found, ids[0]).contains(">Intern</span>"));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        before + 2
    );

    // The same file again changes nothing.
    let r = app
        .post_multipart_raw(
            "/dokumenter/ny",
            &[("doc_type", "annet")],
            ("notat.html", html_file.as_bytes()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()[LOCATION]
        .to_str()
        .unwrap()
        .contains("melding=fantes"));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        before + 2
    );
}

#[tokio::test]
async fn a_bad_upload_gives_422_keeps_the_input_and_stores_nothing() {
    let app = start().await;
    let before = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .len();
    let files_dir = app.store.files_dir();
    let kept_before = std::fs::read_dir(&files_dir).unwrap().count();
    let fields = [
        ("title", "Min rapport"),
        ("year", "2019"),
        ("doc_type", "sluttrapport"),
        ("projects", "vest-01"),
        ("themes", "kompetanseheving"),
    ];
    let (status, html) = app
        .post_multipart(
            "/dokumenter/ny",
            &fields,
            ("rapport.pdf", b"Dette er ren tekst, ikke en PDF.\n"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("«rapport.pdf» har filendelsen .pdf, men innholdet er ren tekst"),
        "{}",
        between(&html, "<main", "</main>").unwrap_or(&html)
    );
    assert!(html.contains("id=\"doc-file-feil\""));
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"doc-file-feil doc-file-hjelp\"")
    );
    assert!(
        html.contains("href=\"#doc-file\""),
        "error summary links to the file field"
    );
    assert!(html.contains("filen må du velge på nytt"));
    // Everything typed is kept.
    assert!(html.contains("value=\"Min rapport\""));
    assert!(html.contains("value=\"2019\""));
    assert!(html.contains("<option value=\"sluttrapport\" selected>"));
    assert!(html.contains("value=\"vest-01\""));
    assert!(html.contains("name=\"themes\" value=\"kompetanseheving\" checked>"));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        before
    );
    assert_eq!(std::fs::read_dir(&files_dir).unwrap().count(), kept_before);
    let uploads = files_dir.with_file_name("uploads");
    assert_eq!(
        std::fs::read_dir(&uploads).map(|d| d.count()).unwrap_or(0),
        0,
        "the temporary file is removed"
    );

    // Field errors are shown at their fields, with the file error.
    let (status, html) = app
        .post_multipart(
            "/dokumenter/ny",
            &[("year", "tjue"), ("projects", "finnes-ikke-01")],
            (
                "notat.txt",
                b"Et kort notat om bostedsloshet og boligsosialt arbeid i kommunene.\n",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"doc-year-feil\""));
    assert!(html.contains("«tjue»"));
    assert!(html.contains("finnes-ikke-01"));

    // A text field far too long for a form.
    let long = "x".repeat(70 * 1024);
    let (status, html) = app
        .post_multipart(
            "/dokumenter/ny",
            &[("title", long.as_str())],
            ("notat.txt", b"Et kort notat.\n"),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html.contains("id=\"doc-title-feil\""));
    assert!(html.contains("Feltet er for langt"));

    // No file chosen.
    let (status, html) = app
        .post_multipart("/dokumenter/ny", &[("title", "Uten fil")], ("", b""))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ingen fil er valgt"));
    assert!(html.contains("value=\"Uten fil\""));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        before
    );
}

#[tokio::test]
async fn similar_work_for_fra_leie_til_eie_is_rent_to_own_elsewhere() {
    let app = start().await;
    let (status, json) = app.get_json("/api/v1/projects/vest-01/similar").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["project"], "vest-01");
    let list = json["similar"].as_array().unwrap();
    assert!(!list.is_empty());
    let top: Vec<&str> = list
        .iter()
        .take(3)
        .map(|s| s["id"].as_str().unwrap_or(""))
        .collect();
    let rent_to_own = ["sor-02", "sor-03", "hammerfest-04"];
    assert!(
        top.iter().any(|id| rent_to_own.contains(id)),
        "top: {top:?}"
    );
    let first = list
        .iter()
        .find(|s| rent_to_own.contains(&s["id"].as_str().unwrap_or("")))
        .unwrap();
    assert_eq!(first["kind"], "project");
    assert_eq!(first["other_office"], true);
    assert_ne!(first["region"], "vest");
    assert!(first["shared_themes"].is_array());

    let (status, json) = app
        .get_json("/api/v1/projects/vest-01/similar?limit=2")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(json["similar"].as_array().unwrap().len() <= 2);
    let (status, json) = app.get_json("/api/v1/projects/finnes-ikke/similar").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json["error"].as_str().unwrap().contains("finnes-ikke"));
    let (status, json) = app
        .get_json("/api/v1/projects/vest-01/similar?limit=x")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "limit");

    // On the project page: other offices first, with office and shared themes.
    let (_, html) = app.get("/prosjekter/vest-01").await;
    let section = between(&html, "id=\"lignende\"", "</section>").expect("similar section");
    assert!(section.contains("Lignende arbeid andre steder"));
    assert!(rent_to_own
        .iter()
        .any(|id| section.contains(&format!("href=\"/prosjekter/{id}\""))));
    assert!(section.contains(">Annet kontor</span>"));
    assert!(section.contains("Kontor: Region"));
    assert!(section.contains("Felles temaer:"));
    let dokumenter = between(&html, "id=\"dokumenter\"", "</section>").expect("documents section");
    assert!(dokumenter.contains("Ingen dokumenter er knyttet til prosjektet"));
}

/// The values of the suggestion checkboxes named `name` on a page.
fn suggested(html: &str, name: &str) -> Vec<String> {
    let Some(section) = between(html, "id=\"forslag\"", "</section>") else {
        return Vec::new();
    };
    let marker = format!("name=\"{name}\" value=\"");
    section
        .split(&marker)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[tokio::test]
async fn accepting_suggestions_on_a_project_without_themes() {
    let app = start().await;
    let input = husk_domain::ProjectInput {
        kind: "prosjekt".into(),
        title: "Leie til eie i Askøy".into(),
        description:
            "Kommunen leier ut boliger til vanskeligstilte familier, som etter noen år kan \
kjøpe boligen med startlån. Prosjektet prøver ut leie til eie-modellen."
                .into(),
        region: "vest".into(),
        recipient: "Askøy kommune".into(),
        start_year: "2016".into(),
        ..Default::default()
    };
    let id = app.store.create_project(&input).await.unwrap();
    let (status, html) = app.get(&format!("/prosjekter/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Forslag til tema og målgrupper"));
    assert!(html.contains(&format!("action=\"/prosjekter/{id}/klassifisering\"")));
    let themes = suggested(&html, "themes");
    assert!(!themes.is_empty(), "theme suggestions");
    let section = between(&html, "id=\"forslag\"", "</section>").unwrap();
    assert!(!section.contains(" checked"), "nothing is pre-ticked");
    assert!(section.contains("(treffsikkerhet "), "confidence");
    assert!(section.contains(" %)"), "as a percentage");
    assert!(section.contains(">Lagre valgte</button>"));

    // Nothing ticked: nothing changes.
    let r = app
        .post_form(&format!("/prosjekter/{id}/klassifisering"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project(&id)
        .await
        .unwrap()
        .unwrap()
        .project
        .themes
        .is_empty());

    // Accept the first suggested theme, reject the rest.
    let accept = themes[0].clone();
    let r = app
        .post_form(
            &format!("/prosjekter/{id}/klassifisering"),
            &[("themes", accept.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        location,
        format!("/prosjekter/{id}?melding=klassifisering-lagret")
    );
    let saved = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project(&id)
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(saved.themes, vec![accept.clone()]);
    assert_eq!(saved.title, "Leie til eie i Askøy", "the rest is kept");
    assert_eq!(saved.recipient.as_ref().unwrap().name, "Askøy kommune");
    let (_, html) = app.get(&location).await;
    assert!(html.contains("Kunnskapstemaene og målgruppene er lagret."));
    assert!(
        !html.contains("Forslag til tema og målgrupper"),
        "no more suggestions"
    );

    // An unknown code is refused with a message.
    let other = app
        .store
        .create_project(&husk_domain::ProjectInput {
            title: "Enda et prosjekt om startlån".into(),
            ..input.clone()
        })
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/prosjekter/{other}/klassifisering"),
            &[("themes", "finnes-ikke")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Valget ble ikke lagret"));
    assert!(html.contains("finnes-ikke"));
}

#[tokio::test]
async fn accepting_target_group_suggestions_on_a_document() {
    let app = start().await;
    let id = document_id_by_file(
        &app,
        "moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt",
    )
    .await;
    let before = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .document(id)
        .await
        .unwrap()
        .unwrap();
    assert!(before.meta.target_groups.is_empty());
    let (_, html) = app.get(&format!("/dokumenter/{id}")).await;
    assert!(html.contains("Forslag til tema og målgrupper"));
    assert!(
        suggested(&html, "themes").is_empty(),
        "it has themes already"
    );
    let groups = suggested(&html, "target_groups");
    assert!(!groups.is_empty(), "target group suggestions");
    let r = app
        .post_form(
            &format!("/dokumenter/{id}/klassifisering"),
            &[("target_groups", groups[0].as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .document(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.meta.target_groups, vec![groups[0].clone()]);
    assert_eq!(after.meta.themes, before.meta.themes, "themes kept");
    let (_, html) = app.get(r.headers()[LOCATION].to_str().unwrap()).await;
    assert!(html.contains("Temaene og målgruppene er lagret."));
    // Now found through the target group facet.
    let (_, json) = app
        .get_json(&format!(
            "/api/v1/search?target_group={}&limit=100",
            groups[0]
        ))
        .await;
    assert!(json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["doc_id"] == id));
}

/// The local links (`href="/…"`) of a page, without the fragment.
fn local_links(html: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap().replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn the_public_not_found_page_links_only_to_open_pages() {
    let app = start().await;
    let public = app.public().await;
    let (status, html) = public.get("/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Fant ikke siden"));
    let links = local_links(&html);
    assert!(
        links.contains("/sok") && links.contains("/kontakt"),
        "{links:?}"
    );
    for link in &links {
        let (status, location) = public.status_of(link).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the 404 page links to {link}, which answers the public {status} {location}"
        );
    }
}

#[tokio::test]
async fn every_page_has_the_mark_the_favicon_and_the_footer_pages() {
    let app = start().await;
    let public = app.public().await;
    for (who, session) in [("the public", &public), ("an admin", &app)] {
        for path in ["/", "/sok", "/finnes-ikke"] {
            let (_, html) = session.get(path).await;
            assert!(
                html.contains(
                    "<link rel=\"icon\" href=\"/static/husk.svg\" type=\"image/svg+xml\">"
                ),
                "favicon on {path} for {who}"
            );
            let header = between(&html, "<header", "</header>").expect("header");
            assert!(
                header.contains("src=\"/static/husk.svg\""),
                "mark in the header"
            );
            let footer = between(&html, "<footer", "</footer>").expect("footer");
            for (href, text) in [
                ("/tilgjengelighet", "Tilgjengelighetserklæring"),
                ("/personvern", "Personvernerklæring"),
                ("/kontakt", "Kontakt oss"),
            ] {
                assert!(
                    footer.contains(&format!("href=\"{href}\">{text}</a>")),
                    "{text} in the footer of {path} for {who}"
                );
            }
        }
    }
    for (path, kind) in [
        ("/static/husk.svg", "image/svg+xml"),
        ("/static/husk-180.png", "image/png"),
        ("/favicon.ico", "image/png"),
    ] {
        let r = public.client.get(public.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], kind, "{path}");
        let body = r.bytes().await.unwrap();
        if kind == "image/png" {
            assert!(body.starts_with(b"\x89PNG"), "{path} is a PNG");
        } else {
            assert!(body.starts_with(b"<svg"), "{path} is an SVG");
        }
    }
}

#[tokio::test]
async fn accessibility_privacy_and_contact_pages_say_what_they_must() {
    let app = start().await;
    let public = app.public().await;

    let (status, a11y) = public.get("/tilgjengelighet").await;
    assert_eq!(status, StatusCode::OK);
    let main = between(&a11y, "<main", "</main>").unwrap();
    // Which standard, the status, what does not comply, how to report, where to complain, when.
    for needle in [
        "forskrift om universell utforming av IKT-løsninger",
        "WCAG 2.1",
        "delvis i samsvar",
        "WCAG 2.2.1",
        "href=\"/kontakt\"",
        "uutilsynet.no",
        "sist oppdatert 1. desember 2026",
    ] {
        assert!(main.contains(needle), "accessibility statement: {needle}");
    }

    let (status, privacy) = public.get("/personvern").await;
    assert_eq!(status, StatusCode::OK);
    let main = between(&privacy, "<main", "</main>").unwrap();
    for needle in [
        "behandlingsansvarlig",
        "Brukernavn, fullt navn, e-postadresse, rolle",
        "Argon2",
        "Endringslogg",
        "12 timer",
        "Datatilsynet",
        "href=\"/kontakt\"",
        "sist oppdatert",
    ] {
        assert!(main.contains(needle), "privacy statement: {needle}");
    }

    let (status, contact) = public.get("/kontakt").await;
    assert_eq!(status, StatusCode::OK);
    let main = between(&contact, "<main", "</main>").unwrap();
    assert!(main.contains("regionkontor") && main.contains("husbanken.no"));
    assert!(
        !main.contains("href=\"/min-side\""),
        "no link the public cannot follow"
    );
    let (_, contact) = app.get("/kontakt").await;
    assert!(between(&contact, "<main", "</main>")
        .unwrap()
        .contains("href=\"/min-side\""));
}

/// Ingests a public document of `n` passages (one per section), returning its id.
async fn long_document(app: &App, n: usize) -> i64 {
    let mut text = String::from("# Et langt dokument\n\n");
    for i in 1..=n {
        text.push_str(&format!("## Del {i}\n\n"));
        for w in 0..70 {
            text.push_str(["bolig ", "oppfølging ", "kommune ", "tilskudd "][(i + w) % 4]);
        }
        text.push_str(&format!("avsnittsmerke{i}.\n\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("langt.md");
    std::fs::write(&path, text).unwrap();
    let input = husk_domain::DocumentInput {
        public: true,
        ..Default::default()
    };
    let i = app.store.ingest(&path, "langt.md", &input).await.unwrap();
    assert_eq!(i.passages, n, "one passage per section");
    i.id
}

fn passage_ids(html: &str) -> Vec<u32> {
    html.split("<section class=\"passage\" id=\"avsnitt-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn a_long_document_is_shown_a_page_at_a_time_and_opens_at_a_linked_passage() {
    let app = start().await;
    let id = long_document(&app, 1000).await;

    // The first page: 200 passages, and a way on.
    let (status, html) = app.get(&format!("/dokumenter/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(passage_ids(&html), (0..200).collect::<Vec<_>>());
    assert!(
        html.contains("Viser avsnitt 1–200 av 1 000."),
        "the page says what it shows"
    );
    assert!(html.contains(&format!(
        "href=\"/dokumenter/{id}?fra=201#tekst\" rel=\"next\""
    )));
    assert!(!html.contains("rel=\"prev\""));

    // A search hit links to its passage; the page holding it opens, with the passages around.
    let (_, json) = app.get_json("/api/v1/search?q=avsnittsmerke751").await;
    let href = json["hits"][0]["href"].as_str().unwrap().to_string();
    assert_eq!(href, format!("/dokumenter/{id}?avsnitt=750#avsnitt-750"));
    let (status, html) = app.get(href.split('#').next().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let shown = passage_ids(&html);
    assert_eq!(
        shown,
        (650..850).collect::<Vec<_>>(),
        "100 passages before and after"
    );
    assert!(html.contains("avsnittsmerke751"));
    assert!(html.contains(&format!(
        "href=\"/dokumenter/{id}?fra=451#tekst\" rel=\"prev\""
    )));
    assert!(html.contains(&format!(
        "href=\"/dokumenter/{id}?fra=851#tekst\" rel=\"next\""
    )));
    assert!(
        html.contains(&format!("href=\"/dokumenter/{id}?fra=1#tekst\"")),
        "to the start"
    );

    // The last page, and a passage number past the end.
    let (_, html) = app.get(&format!("/dokumenter/{id}?fra=901")).await;
    assert_eq!(passage_ids(&html), (900..1000).collect::<Vec<_>>());
    assert!(!html.contains("rel=\"next\""));
    let (status, html) = app
        .get(&format!("/dokumenter/{id}?avsnitt=99999&fra=x"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(passage_ids(&html).len(), 200);

    // A short document is shown whole, without paging.
    let short = document_id_by_file(
        &app,
        "moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt",
    )
    .await;
    let (_, html) = app.get(&format!("/dokumenter/{short}")).await;
    assert!(!html.contains("passage-pager"));
}

#[tokio::test]
async fn the_api_gives_a_long_documents_passages_a_page_at_a_time() {
    let app = start().await;
    let id = long_document(&app, 1000).await;
    let (status, json) = app.get_json(&format!("/api/v1/documents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["passages"].as_array().unwrap().len(), 200);
    assert_eq!(json["passages_total"], 1000);
    assert_eq!(
        json["passages_next"],
        format!("/api/v1/documents/{id}?offset=200&limit=200")
    );
    let (_, json) = app
        .get_json(&format!("/api/v1/documents/{id}?offset=950&limit=100"))
        .await;
    let passages = json["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 50);
    assert_eq!(passages[0]["ordinal"], 950);
    assert!(json["passages_next"].is_null());
    let (status, json) = app
        .get_json(&format!("/api/v1/documents/{id}?limit=5000"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["field"], "limit");
    assert!(json["error"].as_str().unwrap().contains("1000"), "{json}");
}

// ---------------------------------------------------------------------------------------------
// Destructive actions ask first; every POST redirects; one-time results are shown once
// ---------------------------------------------------------------------------------------------

/// Whether `username` can log in with `password` (a fresh browser tries the login form).
async fn can_log_in(app: &App, username: &str, password: &str) -> bool {
    let r = app
        .public()
        .await
        .post_form(
            "/logg-inn",
            &[("username", username), ("password", password)],
        )
        .await;
    r.status() == StatusCode::SEE_OTHER
}

/// The secret shown once on a page (`data-secret="…"`), if any.
fn shown_secret(html: &str, kind: &str) -> Option<String> {
    between(html, &format!("data-secret=\"{kind}\">"), "<").map(str::to_string)
}

#[tokio::test]
async fn resetting_a_password_asks_first_and_reloading_the_result_changes_nothing() {
    let app = start().await;
    let confirm = "/admin/brukere/test-leser/nytt-passord";
    // The user list links to a confirmation page; it has no one-click reset.
    let (_, users) = app.get("/admin/brukere").await;
    assert!(users.contains(&format!("href=\"{confirm}\"")));
    assert!(!users.contains(&format!("action=\"{confirm}\"")));
    // A POST that did not come from the confirmation page changes nothing.
    let r = app.post_form(confirm, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], confirm);
    assert!(can_log_in(&app, "test-leser", PASSWORD).await);
    let (status, page) = app.get(confirm).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Gi brukeren nytt passord Test test-leser?"));
    assert!(page.contains("Avbryt"));

    // Confirmed: POST → 303 → GET; the password is not in the address.
    let r = app.post_form(confirm, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/admin/brukere");
    let (status, result) = app.get("/admin/brukere").await;
    assert_eq!(status, StatusCode::OK);
    assert!(result.contains("Brukeren test-leser har fått nytt passord"));
    let password = shown_secret(&result, "password").expect("the new password is shown once");
    assert!(!can_log_in(&app, "test-leser", PASSWORD).await);
    assert!(can_log_in(&app, "test-leser", &password).await);

    // Reloading the result page shows the password no more and resets nothing.
    let (status, reloaded) = app.get("/admin/brukere").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown_secret(&reloaded, "password"), None);
    assert!(!reloaded.contains("har fått nytt passord"));
    assert!(can_log_in(&app, "test-leser", &password).await);
    // Another admin's session never sees it.
    let other = app.login("test-admin").await;
    let (_, theirs) = other.get("/admin/brukere").await;
    assert_eq!(shown_secret(&theirs, "password"), None);
}

#[tokio::test]
async fn disabling_a_user_and_revoking_a_token_ask_first() {
    let app = start().await;
    // Disabling: a link to a page that asks; a POST without the confirmation does nothing.
    let disable = "/admin/brukere/test-vest/deaktiver";
    let (_, users) = app.get("/admin/brukere").await;
    assert!(users.contains(&format!("href=\"{disable}\"")));
    let r = app.post_form(disable, &[]).await;
    assert_eq!(r.headers()[LOCATION], disable);
    assert!(can_log_in(&app, "test-vest", PASSWORD).await);
    let (_, page) = app.get(disable).await;
    assert!(page.contains("Deaktivere brukeren Test test-vest?"));
    let r = app.post_form(disable, &[("bekreft", "ja")]).await;
    assert_eq!(r.headers()[LOCATION], "/admin/brukere");
    assert!(!can_log_in(&app, "test-vest", PASSWORD).await);
    let (_, result) = app.get("/admin/brukere").await;
    assert!(result.contains("Brukeren test-vest er deaktivert"));
    // An admin is told, not offered, that they cannot disable themselves.
    let (_, own) = app.get("/admin/brukere/test-admin/deaktiver").await;
    assert!(own.contains("Du kan ikke deaktivere deg selv"));
    assert!(!own.contains("name=\"bekreft\""));

    // A new API token: POST → 303 → the token shown once.
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form("/min-side/nokler", &[("name", "Regneark")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!r.headers()[LOCATION].to_str().unwrap().contains("husk_"));
    let (_, page) = asker.get("/min-side").await;
    let token = shown_secret(&page, "token").expect("the token is shown once");
    let (_, reloaded) = asker.get("/min-side").await;
    assert_eq!(shown_secret(&reloaded, "token"), None);
    assert_eq!(
        app.store
            .api_tokens(
                app.store
                    .user_by_name("test-asker")
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            )
            .await
            .unwrap()
            .len(),
        1,
        "a reload made no second token"
    );
    // Revoking asks first.
    let revoke = between(&reloaded, "href=\"/min-side/nokler/", "\"")
        .map(|rest| format!("/min-side/nokler/{rest}"))
        .expect("a link to revoke the token");
    let me = |t: &str| {
        reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .bearer_auth(t.to_string())
            .send()
    };
    let r = asker.post_form(&revoke, &[]).await;
    assert_eq!(r.headers()[LOCATION], revoke.as_str());
    assert_eq!(me(&token).await.unwrap().status(), StatusCode::OK);
    let (_, page) = asker.get(&revoke).await;
    assert!(page.contains("Tilbakekalle API-nøkkelen «Regneark»?"));
    let r = asker.post_form(&revoke, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(me(&token).await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_successful_form_post_redirects() {
    let app = start().await;
    let mut not_redirected = Vec::new();
    let mut expect_303 = |what: &str, status: StatusCode| {
        if status != StatusCode::SEE_OTHER {
            not_redirected.push(format!("{what}: {status}"));
        }
    };
    let r = app
        .post_form(
            "/admin/brukere",
            &[
                ("username", "ny.leser"),
                ("name", "Ny Leser"),
                ("role", "leser"),
            ],
        )
        .await;
    expect_303("POST /admin/brukere", r.status());
    let r = app.post_form("/admin/brukere/ny.leser/aktiver", &[]).await;
    expect_303("POST /admin/brukere/…/aktiver", r.status());
    let r = app
        .post_multipart_raw(
            "/import",
            &[("kind", "prosjekter")],
            ("nye.csv", GOOD_CSV.as_bytes()),
        )
        .await;
    expect_303("POST /import", r.status());
    let before = app.store.projects().await.unwrap().len();
    // The import's result page shows the result once; reloading it imports nothing again.
    let (_, result) = app.get("/import").await;
    assert!(result.contains("Importen er fullført"), "{result}");
    let (_, reloaded) = app.get("/import").await;
    assert!(!reloaded.contains("Importen er fullført"));
    assert_eq!(app.store.projects().await.unwrap().len(), before);
    let r = app
        .post_form(
            "/prosjekter/test-01/tilskudd",
            &[
                ("year", "2020"),
                ("amount_nok", "1000"),
                ("budget_item", "post78"),
                ("status", "tilsagn"),
            ],
        )
        .await;
    expect_303("POST /prosjekter/…/tilskudd", r.status());
    assert!(not_redirected.is_empty(), "{not_redirected:?}");
}

// ---------------------------------------------------------------------------------------------
// Review and forms: comment boxes on demand, «Legg til rad», the upload form's defaults
// ---------------------------------------------------------------------------------------------

/// A report of `project` of `kind` and `year`.
async fn report_id(app: &App, project: &str, kind: &str, year: i32) -> i64 {
    app.store
        .read_as(&husk_domain::Viewer::System)
        .entry(project)
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind.code() == kind && r.year == year)
        .unwrap_or_else(|| panic!("no {kind} {year} of {project}"))
        .id
}

#[tokio::test]
async fn the_review_page_opens_a_comment_box_only_on_demand() {
    let app = start().await;
    // Bergen's submitted half-year report waits for region vest's review.
    let id = report_id(&app, "vest-eks-leie", "halvarsrapport", 2025).await;
    let vest = app.login("test-vest").await;
    let (status, html) = vest.get(&format!("/rapporter/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Vurder rapporten"));
    let answers = html.matches("class=\"report-answer\"").count();
    let boxes = html
        .matches("<details class=\"ds-details field-comment")
        .count();
    assert!(answers > 10, "{answers} answers");
    assert_eq!(boxes, answers, "one comment box per answer");
    assert_eq!(
        html.matches("<details class=\"ds-details field-comment no-print\" open")
            .count(),
        0,
        "every comment box starts closed"
    );
    assert!(html.contains("<summary>Kommenter svaret"));
    // The only open text box is the general comment.
    let open_textareas = html
        .split("<details")
        .map(|part| part.split("</details>").last().unwrap_or(""))
        .map(|outside| outside.matches("<textarea").count())
        .sum::<usize>();
    assert_eq!(open_textareas, 1);

    // A comment typed in one box is sent like before.
    let r = vest
        .post_form(
            &format!("/rapporter/{id}/vurdering"),
            &[
                ("action", "returner"),
                ("kommentar.laert", "Skriv mer om hva dere lærte."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bergen = app.login("test-bergen").await;
    let (_, form) = bergen.get(&format!("/rapporter/{id}/rediger")).await;
    assert!(form.contains("Skriv mer om hva dere lærte."));
}

#[tokio::test]
async fn legg_til_rad_adds_an_indicator_row_and_keeps_what_was_typed() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form(
            "/prosjekter/ost-eks-hf/rapporter",
            &[("kind", "halvarsrapport"), ("year", "2026")],
        )
        .await;
    let edit = r.headers()[LOCATION].to_str().unwrap().to_string();
    let id: i64 = edit.split('/').nth(2).unwrap().parse().unwrap();
    let (_, form) = asker.get(&edit).await;
    let indicator_rows = |html: &str| {
        (1..100)
            .take_while(|n| html.contains(&format!("name=\"indikatorer.{n}.name\"")))
            .count()
    };
    assert_eq!(indicator_rows(&form), 2, "two blank rows to start with");
    assert!(form.contains("value=\"rad:indikatorer\">Legg til rad"));

    // The first row typed, then «Legg til rad»: the draft is saved and a third row comes.
    let revision = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", &revision),
                ("action", "rad:indikatorer"),
                ("gjort_mot_plan", "Teamet kom i gang i januar."),
                ("indikatorer.1.name", "Deltakere i egen bolig"),
                ("indikatorer.1.unit", "personer"),
                ("indikatorer.1.target", "12"),
                ("indikatorer.2.name", ""),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let target = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(
        target.starts_with(&format!("/rapporter/{id}/rediger?")),
        "{target}"
    );
    assert!(target.ends_with("#f-indikatorer-3-name"), "{target}");
    let (status, form) = asker.get(&target).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(indicator_rows(&form), 3);
    assert!(form.contains("value=\"Deltakere i egen bolig\""));
    assert!(form.contains("value=\"personer\""));
    assert!(form.contains("Teamet kom i gang i januar."));
    assert!(form.contains("tabellen har fått en ny, tom rad"));
    // Pressed again without typing: one more blank row.
    let revision = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", &revision),
                ("action", "rad:indikatorer"),
                ("indikatorer.1.name", "Deltakere i egen bolig"),
                ("indikatorer.2.name", ""),
                ("indikatorer.3.name", ""),
            ],
            &[],
        )
        .await;
    let (_, form) = asker.get(r.headers()[LOCATION].to_str().unwrap()).await;
    assert_eq!(indicator_rows(&form), 4);
}

#[tokio::test]
async fn the_upload_form_starts_at_the_advisers_office_and_asks_for_the_type() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let (_, form) = ost.get("/dokumenter/ny").await;
    let select = |html: &str, name: &str| {
        between(html, &format!("name=\"{name}\""), "</select>")
            .unwrap_or_else(|| panic!("no select {name}"))
            .to_string()
    };
    let region = select(&form, "region");
    assert!(
        region.contains("<option value=\"ost\" selected>"),
        "{region}"
    );
    let doc_type = select(&form, "doc_type");
    assert!(doc_type.contains("<option value=\"\" selected>Velg dokumenttype</option>"));
    assert_eq!(doc_type.matches(" selected>").count(), 1, "{doc_type}");
    // An admin belongs to no office.
    let (_, form) = app.get("/dokumenter/ny").await;
    assert!(select(&form, "region").contains("<option value=\"\" selected>"));

    // Without a type nothing is stored, and the form says what to do.
    let before = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .len();
    let (status, html) = ost
        .post_multipart(
            "/dokumenter/ny",
            &[("title", "Notat om booppfølging"), ("region", "ost")],
            ("notat.txt", b"Et kort notat om booppfolging i kommunene.\n"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Velg hva slags dokument dette er"), "{html}");
    assert!(html.contains("href=\"#doc-doc_type\""));
    assert!(html.contains("value=\"Notat om booppfølging\""));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .documents()
            .await
            .unwrap()
            .len(),
        before
    );
}

// ---------------------------------------------------------------------------------------------
// Programme pages: the participants' grants, and the annual summary's years
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_programme_shows_its_participants_grants_beside_its_own() {
    let app = start().await;
    let programme = "ost-utviklingsprogram";
    // What the register holds for the entries under the programme, at any depth.
    let projects = app.store.projects().await.unwrap();
    let mut under: Vec<String> = vec![programme.to_string()];
    let mut i = 0;
    while i < under.len() {
        let parent = under[i].clone();
        under.extend(
            projects
                .iter()
                .filter(|p| p.parent.as_deref() == Some(parent.as_str()))
                .map(|p| p.id.clone()),
        );
        i += 1;
    }
    let under = &under[1..];
    let granted_under: i64 = app
        .store
        .grants()
        .await
        .unwrap()
        .iter()
        .filter(|g| under.contains(&g.grant.project) && g.grant.status.is_granted())
        .map(|g| g.grant.amount_nok)
        .sum();
    assert!(granted_under > 0, "the demo's participants have grants");

    let (status, html) = app.get(&format!("/prosjekter/{programme}")).await;
    assert_eq!(status, StatusCode::OK);
    let own = number(&figure(&html, "granted"));
    assert_eq!(number(&figure(&html, "granted-under")), granted_under);
    assert_eq!(number(&figure(&html, "granted-all")), own + granted_under);
    assert!(html.contains(&format!("{} oppføringer under programmet", under.len())));
    // An entry with nothing under it shows only its own figures.
    let (_, html) = app.get("/prosjekter/bodo-01").await;
    assert!(!html.contains("data-figure=\"granted-under\""));
}

#[tokio::test]
async fn a_programmes_annual_summary_opens_on_a_year_of_its_own_period() {
    let app = start().await;
    // A 2009–2017 programme without reports in Husk: its last year, and only its own years.
    let r = app
        .raw
        .get(app.url("/prosjekter/ost-utviklingsprogram/arssammendrag"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("aria-current=\"page\">2017</a>"),
        "opens on 2017"
    );
    let years: Vec<i32> = html
        .split("/arssammendrag?ar=")
        .skip(1)
        .filter_map(|s| s[..4].parse().ok())
        .collect();
    assert!(!years.is_empty());
    assert!(years.iter().all(|y| (2009..=2017).contains(y)), "{years:?}");
    let (status, _) = app
        .get("/prosjekter/ost-utviklingsprogram/arssammendrag?ar=2025")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = app.get("/prosjekter/ost-utviklingsprogram").await;
    assert!(!page.contains("arssammendrag?ar=2025"));
    // The demo's example programme (2025–2027) opens on its latest year with an approved report.
    let (_, html) = app.get("/prosjekter/ost-eks-program/arssammendrag").await;
    assert!(html.contains("aria-current=\"page\">2025</a>"));
}

// ---------------------------------------------------------------------------------------------
// The audit log in the words of the pages
// ---------------------------------------------------------------------------------------------

/// The log's rows as their visible text (tags dropped, entities undone, spaces squeezed).
fn log_rows(html: &str) -> Vec<String> {
    let body = between(html, "<tbody>", "</tbody>").unwrap_or("");
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in row.chars() {
                match c {
                    '<' => {
                        in_tag = true;
                        text.push(' ');
                    }
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            unescape(&text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[tokio::test]
async fn the_audit_log_says_what_changed_in_the_words_of_the_pages() {
    let app = start().await;
    // Publishing the demo's approved annual report makes its knowledge-base document public.
    let id = report_id(&app, "ost-eks-program", "arsrapport", 2025).await;
    let ost = app.login("test-ost").await;
    let r = ost
        .post_form(&format!("/rapporter/{id}/publiser"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .document_id
        .expect("an approved report is a document");

    let (status, html) = app.get("/admin/endringslogg?bruker=test-ost").await;
    assert_eq!(status, StatusCode::OK);
    let rows = log_rows(&html);
    let document = rows
        .iter()
        .find(|r| r.contains("Endret dokument"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(document.contains("Test test-ost"), "{document}");
    assert!(document.contains("Offentlig nei → ja"), "{document}");
    assert!(html.contains(&format!("href=\"/dokumenter/{doc}\"")));
    let report = rows
        .iter()
        .find(|r| r.contains("Endret rapport: Årsrapport 2025 for «Eksempel: Boligsosialt program"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(report.contains("Status Godkjent → Publisert"), "{report}");
    assert!(html.contains(&format!("href=\"/rapporter/{id}\"")));
    // No table or column names, no raw values.
    for raw in [
        " public ",
        " documents ",
        " reports ",
        " state ",
        "godkjent → publisert",
        "0 → 1",
    ] {
        assert!(
            rows.iter().all(|r| !format!(" {r} ").contains(raw)),
            "«{raw}» in the log: {rows:#?}"
        );
    }

    // A grant's change names its entry and year, in kroner.
    let grant = app
        .store
        .grants()
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.grant.project == "bodo-01" && g.grant.year == 2015)
        .unwrap();
    let r = app
        .post_form(
            &format!("/prosjekter/bodo-01/tilskudd/{}/rediger", grant.id),
            &[
                ("year", "2015"),
                ("amount_nok", "900000"),
                ("budget_item", "post78"),
                ("status", "utbetalt"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app
        .get("/admin/endringslogg?bruker=test-admin&tabell=grants")
        .await;
    let rows = log_rows(&html);
    let title = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("bodo-01")
        .await
        .unwrap()
        .unwrap()
        .project
        .title;
    let row = &rows[0];
    assert!(
        row.contains(&format!("Endret tilskudd: 2015 til «{title}»")),
        "{row}"
    );
    assert!(row.contains("Beløp 845 000 kr → 900 000 kr"), "{row}");
    assert!(row.contains("Status Tilsagn → Utbetalt"), "{row}");
    assert!(html.contains("href=\"/prosjekter/bodo-01#tilskudd\""));
    // The filter offers what changed, not table names.
    assert!(html.contains("<option value=\"grants\" selected>Tilskudd</option>"));
}

// ---------------------------------------------------------------------------------------------
// Import in the words of the pages, the code page and the template
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_code_page_lists_every_column_and_code_and_the_import_page_links_it() {
    let app = start().await;
    let (_, import) = app.get("/import").await;
    assert!(import.contains("href=\"/import/koder\""));
    assert!(import.contains("href=\"/import/mal/prosjekter.xlsx\""));
    assert!(import.contains("href=\"/import/mal/tilskudd.xlsx\""));

    // Anyone may read it: it is the taxonomy.
    let public = app.public().await;
    let (status, html) = public.get("/import/koder").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html
        .contains("<h1 class=\"ds-heading\" data-size=\"lg\">Kolonner og koder for import</h1>"));
    for column in husk_files::columns::PROJECTS
        .iter()
        .chain(husk_files::columns::GRANTS)
    {
        assert!(
            html.contains(&format!("<th scope=\"row\">{}</th>", column.label))
                && html.contains(&format!("<td><code>{}</code></td>", column.field)),
            "{} / {}",
            column.label,
            column.field
        );
    }
    let tax = app.store.taxonomy();
    for (label, code) in tax
        .regions
        .iter()
        .map(|r| (r.name_nb.as_str(), r.code.as_str()))
        .chain(
            tax.themes
                .iter()
                .map(|t| (t.name_nb.as_str(), t.code.as_str())),
        )
        .chain([
            ("Pågår", "aktiv"),
            ("Prosjekt", "prosjekt"),
            ("Tilsagn", "tilsagn"),
        ])
    {
        let row = format!(
            "<tr><td>{}</td><td><code>{code}</code></td></tr>",
            unescape_back(label)
        );
        assert!(html.contains(&row), "{row}");
    }
    assert!(
        html.contains("href=\"#kode-region\""),
        "columns link to their list"
    );
}

/// `s` as askama escapes text.
fn unescape_back(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
}

#[tokio::test]
async fn the_import_template_downloads_and_its_headings_are_understood() {
    let app = start().await;
    let r = app
        .client
        .get(app.url("/import/mal/prosjekter.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(r.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("husk-importmal-prosjekter.xlsx"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"));
    // Uploaded untouched, every heading is understood; there is only nothing in it yet.
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("husk-importmal-prosjekter.xlsx", &bytes),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Filen har bare overskriftslinjen og ingen rader med data."),
        "{html}"
    );
    assert!(!html.contains("Husk kjenner ikke kolonnen"), "{html}");
}

#[tokio::test]
async fn an_import_in_the_words_of_the_pages_is_saved_and_a_misspelling_gets_a_suggestion() {
    let app = start().await;
    let file = "Id;Type;Tittel;Ansvarlig kontor;Startår;Status;Kunnskapstemaer\n\
        test-40;Prosjekt;Bo trygt;Region øst;2020;Pågår;\"Kompetanseheving; Nettverk, arenaer og møteplasser\"\n";
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("norsk.csv", file.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("1 oppføring lagt til og 0 endret"), "{html}");
    let p = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("test-40")
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!((p.region.as_str(), p.status.code()), ("ost", "aktiv"));
    assert_eq!(p.themes, vec!["kompetanseheving", "nettverk-arenaer"]);

    let bad = "Id;Type;Tittel;Ansvarlig kontor;Startår\ntest-41;Prosjket;Bo;Region øst;2020\n";
    let (status, html) = app
        .post_multipart(
            "/import",
            &[("kind", "prosjekter")],
            ("feil.csv", bad.as_bytes()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(
            "Linje 2, kolonne 2 (Type): «Prosjket» er ikke en type. Mente du «Prosjekt»?"
        ),
        "{html}"
    );
    assert!(html.contains("Alle gyldige verdier står på /import/koder."));
    assert!(app
        .store
        .read_as(&husk_domain::Viewer::System)
        .project("test-41")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn the_export_with_norwegian_names_is_offered_and_reads_as_the_pages() {
    let app = start().await;
    let (_, list) = app.get("/prosjekter").await;
    assert!(list.contains("href=\"/api/v1/export/projects?format=xlsx&amp;labels=1\""));
    let r = app
        .client
        .get(app.url("/api/v1/export/projects?format=csv&labels=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.starts_with("Id,Type,Tittel,Beskrivelse,Ansvarlig kontor,"));
    assert!(text.contains(",Region vest,"));
    let (status, body) = app.get_json("/api/v1/export/projects?labels=kanskje").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "labels");
}

// ---------------------------------------------------------------------------------------------
// Long lists come in pages; long texts are refused
// ---------------------------------------------------------------------------------------------

/// The address of the list's «Neste» link.
fn next_page(html: &str) -> Option<&str> {
    let end = html.find("\" rel=\"next\"")?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(&html[start..end])
}

/// Adds `n` entries at region sør (ids `sor-side-1`…), so that a filtered list is long.
async fn many_entries(app: &App, n: usize) {
    let mut csv = String::from("id,kind,title,region,start_year\n");
    for i in 1..=n {
        csv.push_str(&format!("sor-side-{i},prosjekt,Sidetest {i},sor,2020\n"));
    }
    app.store
        .import_projects("mange.csv", csv.as_bytes(), false)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_project_list_comes_in_pages_whose_links_keep_the_filters() {
    let app = start().await;
    many_entries(&app, 70).await;
    let all: Vec<String> = app
        .store
        .list_projects(&husk_domain::Selection::default())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert!(all.len() > 100);

    let (status, html) = app.get("/prosjekter").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list_ids(&html), all[..50]);
    assert!(
        html.contains(&format!("{} oppføringer", all.len())),
        "the count is of all"
    );
    assert!(html.contains(&format!("Viser 1–50 av {}", all.len())));
    assert!(html.contains("href=\"/prosjekter?side=2\" rel=\"next\""));

    let (_, html) = app.get("/prosjekter?side=2").await;
    assert_eq!(list_ids(&html), all[50..100]);
    assert!(html.contains("href=\"/prosjekter?side=1\" rel=\"prev\""));
    assert!(html.contains("aria-current=\"true\"><span class=\"ds-sr-only\">Side </span>2</a>"));

    // A filtered list: the page links keep the filter.
    let sor: Vec<String> = all
        .iter()
        .filter(|id| id.starts_with("sor-"))
        .cloned()
        .collect();
    assert!(sor.len() > 50);
    let (_, html) = app.get("/prosjekter?region=sor&q=").await;
    assert_eq!(list_ids(&html), sor[..50]);
    let next = next_page(&html).expect("a next page");
    assert_eq!(unescape(next), "/prosjekter?region=sor&side=2");
    let (_, html) = app.get(&unescape(next)).await;
    assert_eq!(list_ids(&html), sor[50..]);
    // A page past the end shows the last page.
    let (status, html) = app.get("/prosjekter?region=sor&side=99").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list_ids(&html), sor[50..]);
}

#[tokio::test]
async fn the_reporting_overview_comes_in_pages_whose_links_keep_the_filters() {
    let app = start().await;
    many_entries(&app, 70).await;
    let sor = app.login("test-admin").await;
    let rows = |html: &str| html.matches("data-label=\"Oppføring\"").count();
    let total = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .obligations(husk_store::reporting::today())
        .await
        .unwrap()
        .iter()
        .filter(|o| o.region == "sor")
        .count();
    assert!(total > 50, "{total} obligations at region sør");

    let (status, html) = sor.get("/rapporter?kontor=sor").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&html), 50, "one page of the list");
    assert!(
        html.contains(&format!("Rapporteringsplikter ({total})")),
        "the caption counts all"
    );
    assert!(html.contains(&format!("Viser 1–50 av {total}")));
    let next = next_page(&html).expect("a next page");
    assert_eq!(unescape(next), "/rapporter?kontor=sor&side=2");
    let (_, html) = sor.get(&unescape(next)).await;
    assert_eq!(rows(&html), (total - 50).min(50));
    assert!(html.contains("rel=\"prev\""));
}

#[tokio::test]
async fn api_lists_come_in_pages_with_the_total_and_the_next_page() {
    let app = start().await;
    many_entries(&app, 120).await;
    let (status, first) = app
        .get_json("/api/v1/projects?per_page=100&region=sor")
        .await;
    assert_eq!(status, StatusCode::OK);
    let total = first["total"].as_u64().unwrap() as usize;
    assert!(total > 100);
    assert_eq!(first["count"], 100);
    assert_eq!(first["projects"].as_array().unwrap().len(), 100);
    assert_eq!(first["pages"], 2);
    assert_eq!(
        first["next"],
        "/api/v1/projects?per_page=100&region=sor&page=2"
    );
    let (_, second) = app.get_json(first["next"].as_str().unwrap()).await;
    assert_eq!(second["count"].as_u64().unwrap() as usize, total - 100);
    assert_eq!(second["next"], Value::Null);
    assert_eq!(
        second["previous"],
        "/api/v1/projects?per_page=100&region=sor&page=1"
    );
    let ids = |v: &Value| -> BTreeSet<String> {
        v["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(&first).is_disjoint(&ids(&second)));
    assert_eq!(ids(&first).len() + ids(&second).len(), total);
    // Without per_page, at most 100; more than 500 is refused.
    let (_, default) = app.get_json("/api/v1/projects").await;
    assert_eq!(default["per_page"], 100);
    assert!(default["projects"].as_array().unwrap().len() <= 100);
    let (status, e) = app.get_json("/api/v1/projects?per_page=501").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["field"], "per_page");
    let (status, e) = app.get_json("/api/v1/projects?page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["field"], "page");

    // Documents and reports the same way.
    let (_, docs) = app.get_json("/api/v1/documents?per_page=2").await;
    assert_eq!(docs["count"], 2);
    assert!(docs["total"].as_u64().unwrap() > 2);
    assert_eq!(docs["next"], "/api/v1/documents?per_page=2&page=2");
    let (_, reports) = app.get_json("/api/v1/reports?per_page=1").await;
    assert_eq!(reports["count"], 1);
    assert_eq!(reports["obligations"].as_array().unwrap().len(), 1);
    assert!(reports["total"].as_u64().unwrap() > 1);
    assert_eq!(reports["next"], "/api/v1/reports?per_page=1&page=2");
}

#[tokio::test]
async fn texts_over_their_limit_are_refused_in_the_forms_with_the_field_and_the_limit() {
    let app = start().await;
    let description = "d".repeat(10_001);
    let r = app
        .post_form(
            "/prosjekter/ny",
            &[
                ("kind", "prosjekt"),
                ("title", "Lang beskrivelse"),
                ("description", &description),
                ("region", "ost"),
                ("start_year", "2020"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html
        .contains("«Beskrivelse» har 10 001 tegn, men kan ha høyst 10 000 tegn. Forkort teksten."));
    assert!(
        html.contains("value=\"Lang beskrivelse\""),
        "the form keeps the input"
    );

    let note = "n".repeat(1_001);
    let r = app
        .post_form(
            "/prosjekter/ost-01/tilskudd",
            &[
                ("year", "2020"),
                ("amount_nok", "1000"),
                ("budget_item", "post78"),
                ("status", "tilsagn"),
                ("note", &note),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("«Merknad» har 1 001 tegn, men kan ha høyst 1 000 tegn."));

    // The free-text filter of the list too.
    let long_q = "a".repeat(201);
    let (status, html) = app.get(&format!("/prosjekter?q={long_q}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("har 201 tegn, men kan ha høyst 200 tegn"));
}

#[tokio::test]
async fn autosave_refuses_an_answer_over_the_limit_and_saves_nothing() {
    let app = start().await;
    let id = app
        .store
        .start_report(
            "ost-eks-hf",
            husk_domain::reporting::ReportKind::HalfYear,
            2026,
        )
        .await
        .unwrap();
    let asker = app.login("test-asker").await;
    let huge = "x".repeat(1_900_000);
    let r = asker
        .post_form(
            &format!("/rapporter/{id}/utkast"),
            &[("revision", "0"), ("gjort_mot_plan", &huge)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["error"],
        "Utkastet er ikke lagret automatisk. «Hva er gjort i perioden, sammenlignet med planen?» har 1 900 000 tegn, men kan ha høyst 20 000 tegn. Forkort teksten."
    );
    assert_eq!(body["problems"][0]["field"], "gjort_mot_plan");
    let stored = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.info.revision, 0, "nothing saved");

    // Within the limit it saves; the same draft again is not a new revision.
    let r = asker
        .post_form(
            &format!("/rapporter/{id}/utkast"),
            &[("revision", "0"), ("gjort_mot_plan", "Vi startet teamet.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["revision"], 1);
    let r = asker
        .post_form(
            &format!("/rapporter/{id}/utkast"),
            &[("revision", "1"), ("gjort_mot_plan", "Vi startet teamet.")],
        )
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["revision"], 1, "an unchanged draft is not saved again");
}

// ---------------------------------------------------------------------------------------------
// Every message a mistake can give, as a Norwegian sentence
// ---------------------------------------------------------------------------------------------

/// The text of an HTML fragment without its tags, on one line.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every message a page shows about a mistake: the items of its error summaries and the
/// messages at the fields.
fn shown_messages(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for summary in html.split("class=\"ds-error-summary\"").skip(1) {
        let summary = &summary[..summary.find("</ul>").unwrap_or(summary.len())];
        for item in summary.split("<li").skip(1) {
            let item = &item[item.find('>').map_or(0, |i| i + 1)..];
            out.push(text_of(&item[..item.find("</li>").unwrap_or(item.len())]));
        }
    }
    for field in html.split("class=\"ds-validation-message\"").skip(1) {
        let field = &field[field.find('>').map_or(0, |i| i + 1)..];
        out.push(text_of(&field[..field.find("</p>").unwrap_or(field.len())]));
    }
    out
}

/// A message is a Norwegian sentence: it begins with a capital, ends with a full stop, never
/// has the parser's «…; forventet …», no English from a library, and the singular after 1.
fn assert_sentence(what: &str, message: &str) {
    if let Some(fault) = husk_domain::norwegian::message_fault(message) {
        panic!("{what}: {fault}: {message}");
    }
    let first = message.chars().next().unwrap_or(' ');
    assert!(
        first.is_uppercase() || first.is_ascii_digit() || first == '«',
        "{what}: does not begin as a sentence: {message}"
    );
    assert!(
        message.ends_with(['.', '?']),
        "{what}: does not end as a sentence: {message}"
    );
}

#[tokio::test]
async fn every_mistake_in_forms_files_and_filters_gets_norwegian_sentences() {
    let app = start().await;
    let mut pages: Vec<(String, String)> = Vec::new();

    // Forms: a project and a grant with every kind of bad value.
    let r = app
        .post_form(
            "/prosjekter/ny",
            &[
                ("id", "Vest 02"),
                ("kind", "prosjket"),
                ("title", ""),
                ("region", "nord"),
                ("orgnr", "974760674"),
                ("kommunenummer", "301"),
                ("start_year", "20x0"),
                ("end_year", "1800"),
                ("parent", "finnes-ikke"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    pages.push(("project form".into(), r.text().await.unwrap()));
    let r = app
        .post_form(
            "/prosjekter/vest-01/tilskudd",
            &[
                ("year", "20x3"),
                ("amount_nok", "12,50"),
                ("budget_item", "post99"),
                ("status", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    pages.push(("grant form".into(), r.text().await.unwrap()));

    // Import files: bad values, a short row, JSON, text named .xlsx, nothing chosen.
    for (name, kind, bytes) in [
        (
            "verdier.csv",
            "prosjekter",
            "id,kind,title,region,start_year,kommunenummer\nvest-90,prosjket,T,nord,20x0,0001\n"
                .as_bytes(),
        ),
        (
            "en-celle.csv",
            "prosjekter",
            "id,kind,title,region,start_year\nvest-91\n".as_bytes(),
        ),
        (
            "tilskudd.csv",
            "tilskudd",
            "project,year,amount_nok,status\nfinnes-ikke,2014,100,tilsagn\n".as_bytes(),
        ),
        ("register.json", "prosjekter", b"[]".as_slice()),
        ("regneark.xlsx", "prosjekter", b"id,kind\n".as_slice()),
        ("", "", b"".as_slice()),
    ] {
        let (status, html) = app
            .post_multipart("/import", &[("kind", kind)], (name, bytes))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        pages.push((format!("import {name}"), html));
    }

    // A document that is not what its name says, with an unknown type.
    let (status, html) = app
        .post_multipart(
            "/dokumenter/ny",
            &[("title", "Notat"), ("doc_type", "roman")],
            ("rapport.pdf", b"Dette er ren tekst.\n"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    pages.push(("document upload".into(), html));

    // Templates whose TOML cannot be read, or names an unknown key or type.
    let tid = app.store.current_template().await.unwrap().template_id;
    for toml in [
        "[[section]\nkey = \"a\"\n",
        "name = 12\n",
        "name = \"Mal\"\nnavn = \"x\"\n",
        "name = \"Mal\"\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n[[section.field]]\nkey = \"b\"\nlabel = \"B\"\nkind = \"tekstfelt\"\n",
        "name = \"x\n",
    ] {
        let r = app
            .post_form(&format!("/admin/maler/{tid}"), &[("definition", toml)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{toml}");
        pages.push((format!("template {toml:?}"), r.text().await.unwrap()));
    }

    // Filters on the pages.
    for path in [
        "/sok?q=bolig&type=roman&type=dikt&year_from=abc&region=nord&theme=x&target_group=y&limit=0",
        "/sok?q=bolig&year_from=2015&year_to=2012&region=nord",
        "/prosjekter?from=abc&region=nord&kind=x&status=y&target_group=z&theme=w&recipient_type=q&programme_only=kanskje",
        "/kunnskapsmatrise?from=2015&to=2010&measure=sum&gap_threshold=2",
    ] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        pages.push((path.to_string(), html));
    }

    let mut checked = 0;
    for (what, html) in &pages {
        let messages = shown_messages(html);
        assert!(!messages.is_empty(), "{what}: no message shown");
        for m in &messages {
            assert_sentence(what, m);
            checked += 1;
        }
    }

    // The API: bad filters, paging, formats and ids.
    for path in [
        "/api/v1/search?q=bolig&type=roman&year_from=abc&region=nord&limit=0",
        "/api/v1/projects?region=nord&kind=x&from=20x0&page=0&per_page=x",
        "/api/v1/matrix?gap_threshold=1.5&measure=sum",
        "/api/v1/export/projects?format=pdf",
        "/api/v1/export/projects?labels=kanskje",
        "/api/v1/projects/finnes-ikke",
        "/api/v1/documents/x",
        "/api/v1/reports/x",
        "/api/v1/finnes-ikke",
    ] {
        let (status, json) = app.get_json(path).await;
        assert!(status.is_client_error(), "{path}: {status}");
        let mut messages = vec![json["error"].as_str().unwrap_or("").to_string()];
        if let Some(errors) = json["errors"].as_array() {
            messages.extend(
                errors
                    .iter()
                    .map(|e| e["message"].as_str().unwrap_or("").to_string()),
            );
        }
        for m in &messages {
            assert_sentence(path, m);
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} messages were checked");

    // The place and what to write are named.
    let all: Vec<String> = pages.iter().flat_map(|(_, h)| shown_messages(h)).collect();
    for expected in [
        "Startår: «20x0» er ikke et årstall. Skriv fire siffer, for eksempel 2015.",
        "Linje 2, kolonne 5 (Startår): «20x0» er ikke et årstall. Skriv fire siffer, for eksempel 2015.",
        "Linje 2: Linjen har 1 celle, men overskriftslinjen har 5. Hver linje skal ha 5 celler.",
        "Linje 2, kolonne 1 (Prosjekt): Prosjektet «finnes-ikke» finnes ikke i registeret.",
        "Linje 1, kolonne 11: Tabellen mangler en avsluttende klamme",
        "«roman» og «dikt» er ikke dokumenttyper. Velg fou-rapport,",
    ] {
        assert!(
            all.iter().any(|m| m.contains(expected)),
            "«{expected}» is not among:\n{}",
            all.join("\n")
        );
    }

    // A count of one takes the singular on the matrix page.
    app.store
        .create_project(&husk_domain::ProjectInput {
            kind: "tiltak".into(),
            title: "Entallsprøve i Vardø".into(),
            region: "bodo".into(),
            start_year: "2020".into(),
            themes: vec!["kompetanseheving".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let (status, html) = app
        .get("/kunnskapsmatrise?q=Entallspr%C3%B8ve+i+Vard%C3%B8")
        .await;
    assert_eq!(status, StatusCode::OK);
    let summary =
        text_of(between(&html, "class=\"ds-paragraph matrix-summary\">", "</p>").unwrap());
    assert!(
        summary.starts_with("Utvalget har 1 oppføring "),
        "{summary}"
    );
    assert_eq!(
        husk_domain::norwegian::message_fault(&summary),
        None,
        "{summary}"
    );
}
