//! True to the reports, over HTTP: where the sources disagree the entry's page shows both values
//! with their sources; what is inferred says so; the national pot is not an office; the matrix
//! shows what the real portfolio was beside the example; the data-quality page is for staff.

use reqwest::StatusCode;

use crate::common::*;

/// Undoes askama's HTML escaping of text.
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

/// The entry page's «Kilder og datakvalitet» section, unescaped.
async fn quality_section(app: &App, id: &str) -> String {
    let (status, html) = app.get(&format!("/prosjekter/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let section = between(&html, "id=\"datakvalitet-seksjon\"", "</section>")
        .unwrap_or_else(|| panic!("{id} has no data-quality section"));
    unescape(section)
}

/// A value and the source it is stated in.
type Sourced = (&'static str, &'static str);

/// Every disagreement the issue names: (entry, field, both values with where each is stated).
const CONFLICTS: &[(&str, &str, [Sourced; 2])] = &[
    (
        "hammerfest-03",
        "Planperiode",
        [
            ("2015–2018", "Rambøll 2016, kap. 4.2, tabell 4-1"),
            ("2015–2019", "Rambøll 2016, kap. 4.4, tabell 4-2"),
        ],
    ),
    (
        "sor-08",
        "Periode",
        [
            ("2013–2015", "Rambøll 2016, kap. 4.2, tabell 4-1"),
            ("2014–2016", "Rambøll 2016, kap. 4.4, tabell 4-2"),
        ],
    ),
    (
        "ost-10",
        "Periode",
        [
            ("2014", "Rambøll 2016, kap. 4.2, tabell 4-1"),
            ("2015–2017", "Rambøll 2016, kap. 4.4, tabell 4-2"),
        ],
    ),
    (
        "bodo-01",
        "Tilskudd utenfor perioden",
        [
            ("2014–2015", "Rambøll 2016, kap. 4.2, tabell 4-1"),
            ("230 000 kr i 2017", "Rambøll 2016, kap. 4.4, tabell 4-2"),
        ],
    ),
    (
        "ost-up-hamar",
        "Tilskudd 2011",
        [
            (
                "1 500 000 kr, forventet",
                "Møreforsking 2012, kap. 4.1, tabell 1",
            ),
            (
                "2 200 000 kr, bevilget",
                "Møreforsking 2012, kap. 4.1, teksten etter tabell 1",
            ),
        ],
    ),
    (
        "ost-up-lillehammer",
        "Tilskudd 2011",
        [
            (
                "1 500 000 kr, forventet",
                "Møreforsking 2012, kap. 4.1, tabell 1",
            ),
            (
                "800 000 kr, bevilget",
                "Møreforsking 2012, kap. 4.1, teksten etter tabell 1",
            ),
        ],
    ),
    (
        "ost-up-lorenskog",
        "Tilskudd 2011",
        [
            (
                "1 500 000 kr, forventet",
                "Møreforsking 2012, kap. 4.1, tabell 1",
            ),
            (
                "1 200 000 kr, bevilget",
                "Møreforsking 2012, kap. 4.1, teksten etter tabell 1",
            ),
        ],
    ),
    (
        "ost-up-moss",
        "Tilskudd 2011",
        [
            (
                "1 500 000 kr, forventet",
                "Møreforsking 2012, kap. 4.1, tabell 1",
            ),
            (
                "1 200 000 kr, bevilget",
                "Møreforsking 2012, kap. 4.1, teksten etter tabell 1",
            ),
        ],
    ),
    (
        "ost-up-baerum",
        "Tilskudd 2011",
        [
            (
                "1 500 000 kr, forventet",
                "Møreforsking 2012, kap. 4.1, tabell 1",
            ),
            (
                "1 500 000 kr, bevilget",
                "Møreforsking 2012, kap. 4.1, teksten etter tabell 1",
            ),
        ],
    ),
];

#[tokio::test]
async fn every_disagreement_between_the_sources_is_shown_on_its_entry() {
    let app = start().await;
    // A recipient from another municipality reads the register too, and sees the same notes.
    let reader = app.login("test-bergen").await;
    for (id, field, values) in CONFLICTS {
        let section = quality_section(&reader, id).await;
        assert!(
            section.contains(&format!("Kildene er uenige: {field}</h3>")),
            "{id}: {section}"
        );
        let table = between(&section, "<tbody>", "</tbody>").expect("a table of values");
        let rows: Vec<&str> = table.split("<tr>").skip(1).collect();
        assert_eq!(rows.len(), 2, "{id}: both values: {table}");
        for ((value, source), row) in values.iter().zip(&rows) {
            assert!(row.contains(value), "{id}: {value} in {row}");
            assert!(row.contains(source), "{id}: {source} in {row}");
        }
        assert!(
            !section.contains("href=\"/datakvalitet\""),
            "the overview is for staff"
        );
    }
    // The period in «Opplysninger» is marked where the sources disagree about it.
    let (_, html) = reader.get("/prosjekter/sor-08").await;
    let facts = between(&html, "<dt>Periode</dt>", "</div>").unwrap();
    assert!(
        facts.contains("2013–2015") && facts.contains("Kildene er uenige"),
        "{facts}"
    );
}

#[tokio::test]
async fn the_checks_show_grants_outside_the_period_on_the_entry() {
    let app = start().await;
    let section = quality_section(&app, "bodo-01").await;
    assert!(section.contains("Kontrollen fant"), "{section}");
    assert!(
        section
            .contains("Tilskudd for 2017 (230 000 kr, tilsagn) ligger utenfor perioden 2014–2015."),
        "{section}"
    );
    assert!(
        section.contains("href=\"/datakvalitet\""),
        "staff get the overview"
    );
    let section = quality_section(&app, "ost-10").await;
    assert!(
        section.contains("Tilskudd for 2015 (1 500 000 kr, tilsagn) ligger utenfor perioden 2014."),
        "{section}"
    );
    // An entry whose facts are stated and consistent has no such section.
    let (_, html) = app.get("/prosjekter/vest-05").await;
    assert!(!html.contains("id=\"datakvalitet-seksjon\""));
}

#[tokio::test]
async fn inferred_recipients_and_dates_say_so_on_the_page() {
    let app = start().await;
    // Two recipients, one counted: Baldurfilm is a private company.
    let (_, html) = app.get("/prosjekter/midt-08").await;
    let html = unescape(&html);
    let recipient = between(&html, "<dt>Mottaker</dt>", "</div>").unwrap();
    assert!(
        recipient.contains("Baldurfilm") && recipient.contains("Utledet"),
        "{recipient}"
    );
    let rtype = between(&html, "<dt>Mottakertype</dt>", "</div>").unwrap();
    assert!(rtype.contains("Private bedrifter"), "{rtype}");
    let section = quality_section(&app, "midt-08").await;
    assert!(section.contains("Utledet, ikke oppgitt i kilden"));
    assert!(
        section.contains("Trondheim kommune (Housing first)"),
        "{section}"
    );
    assert!(section.contains("én mottaker per oppføring"), "{section}");
    // A recipient the source does not name.
    let section = quality_section(&app, "midt-04").await;
    assert!(
        section.contains("Tabell 4-1 oppgir ingen mottaker"),
        "{section}"
    );
    // A date that is a final report's year, not the period the work ran.
    let (_, html) = app.get("/prosjekter/ost-05").await;
    let period = between(&html, "<dt>Periode</dt>", "</div>").unwrap();
    assert!(period.contains("Utledet"), "{period}");
    let section = quality_section(&app, "ost-05").await;
    assert!(section.contains("året for sluttrapporten"), "{section}");
    // A participation period inferred from the grant years.
    let section = quality_section(&app, "ost-up-moss").await;
    assert!(
        section.contains("årene med tilskudd i tabell 1"),
        "{section}"
    );
}

#[tokio::test]
async fn the_national_pot_is_not_shown_as_an_office() {
    let app = start().await;
    let (_, html) = app.get("/prosjekter/nasjonal-01").await;
    let office = between(&html, "<dt>Ansvarlig kontor</dt>", "</div>").unwrap();
    assert!(!office.contains("Nasjonal pott"), "{office}");
    assert!(office.contains("Ikke oppgitt"), "{office}");
    let pot = between(&html, "<dt>Tilskuddspott</dt>", "</div>").unwrap();
    assert!(
        pot.contains("Nasjonal pott") && pot.contains("ikke et kontor"),
        "{pot}"
    );
    assert!(!html.contains("hovedkontor og strategikontoret"));
    // A regional office is still the responsible office.
    let (_, html) = app.get("/prosjekter/vest-01").await;
    let office = between(&html, "<dt>Ansvarlig kontor</dt>", "</div>").unwrap();
    assert!(office.contains("Region vest"), "{office}");
    assert!(!html.contains("<dt>Tilskuddspott</dt>"));
}

#[tokio::test]
async fn the_data_quality_page_lists_the_findings_and_the_disagreements_for_staff() {
    let app = start().await;
    let leser = app.login("test-leser").await;
    let (status, html) = leser.get("/datakvalitet").await;
    assert_eq!(status, StatusCode::OK);
    let html = unescape(&html);
    let outside = between(
        &html,
        "data-check=\"tilskudd-utenfor-perioden\"",
        "</section>",
    )
    .unwrap();
    let ids: Vec<&str> = outside
        .split("<tr data-id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(ids, ["ost-10", "bodo-01"], "in the register's order");
    let parent = between(
        &html,
        "data-check=\"periode-utenfor-programmet\"",
        "</section>",
    )
    .unwrap();
    assert!(parent.contains("Ingen funn."), "{parent}");
    let conflicts = between(&html, "id=\"konflikter\"", "</section>").unwrap();
    for (id, field, values) in CONFLICTS {
        let at = conflicts
            .find(&format!(
                "<article class=\"ds-card source-note\" data-id=\"{id}\""
            ))
            .unwrap_or_else(|| panic!("{id} among the disagreements"));
        let card = between(&conflicts[at..], ">", "</article>").unwrap();
        assert!(card.contains(field), "{id}");
        assert!(
            values
                .iter()
                .all(|(v, s)| card.contains(v) && card.contains(s)),
            "{id}: {card}"
        );
    }
    assert!(html.contains("husk check"));
    // Recipients see the notes on the entries, not the overview.
    let asker = app.login("test-asker").await;
    assert_eq!(asker.get("/datakvalitet").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_matrix_counts_entries_and_shows_the_real_portfolio_beside_the_example() {
    let app = start().await;
    let (_, html) = app.get("/kunnskapsmatrise").await;
    let html = unescape(&html);
    let summary = between(&html, "class=\"ds-paragraph matrix-summary\">", "</p>").unwrap();
    assert!(
        summary.contains(" oppføringer"),
        "every kind is counted: {summary}"
    );
    assert!(!summary.contains("prosjekter"), "{summary}");
    assert!(html.contains("Antall oppføringer per kunnskapstema og mottakertype"));
    let sample = between(&html, "aria-labelledby=\"utvalget\"", "</aside>").unwrap();
    assert!(
        sample.contains("730 programmer, prosjekter og tiltak"),
        "{sample}"
    );
    assert!(sample.contains("2010–2015"));
    assert!(sample.contains("i underkant av 8 %"));
    assert!(sample.contains("40–80 millioner kroner i året"));
    assert!(sample.contains("Omtrent én av tre brukte brukerinvolvering"));
    assert!(
        sample.contains("kap. 2.2") && sample.contains("kap. 4.2"),
        "the source is named: {sample}"
    );
    assert!(sample.contains("Fra boligsosialt kompetansetilskudd til Husbankens kommuneprogram"));
    // One kind: its own word.
    let (_, html) = app.get("/kunnskapsmatrise?kind=prosjekt").await;
    let summary = between(&html, "class=\"ds-paragraph matrix-summary\">", "</p>").unwrap();
    assert!(summary.contains(" prosjekter (type prosjekt)"), "{summary}");
}

#[tokio::test]
async fn the_words_of_the_field() {
    let app = start().await;
    let (_, home) = app.get("/").await;
    assert!(home.contains("Registeret i tall"));
    assert!(
        !home.contains("Boligsosialt kompetansetilskudd i tall"),
        "not every grant is post 78"
    );
    let (_, page) = app.get("/prosjekter/vest-01").await;
    assert!(page.contains(">Overordnede kunnskapstemaer</h3>"));
    assert!(!page.contains("Resultatdimensjoner"));
    assert!(
        page.contains(">Post 21 (FoU)</option>"),
        "the grant form's budget items"
    );
    let (_, summary) = app
        .get("/prosjekter/ost-eks-program/arssammendrag?ar=2025")
        .await;
    assert!(summary.contains("Årsmelding 2025"));
    // The demo's reports say «kommunestyret» for Asker.
    let mut pages = Vec::new();
    for r in app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry("ost-eks-program")
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
    {
        pages.push(app.get(&format!("/rapporter/{}", r.id)).await.1);
    }
    assert!(pages.iter().any(|p| p.contains("vedtatt i kommunestyret")));
    assert!(pages.iter().all(|p| !p.contains("bystyret")));
}

#[tokio::test]
async fn the_data_quality_lists_come_in_pages() {
    let app = start().await;
    let mut csv = String::from("id,kind,title,region,start_year,recipient\n");
    for i in 1..=60 {
        csv.push_str(&format!(
            "sor-dq-{i},prosjekt,Kontroll {i},sor,2020,Testmottaker {i}\n"
        ));
    }
    app.store
        .import_projects("mange.csv", csv.as_bytes(), false)
        .await
        .unwrap();
    let leser = app.login("test-leser").await;
    let rows = |html: &str| -> usize {
        between(html, "data-check=\"mottaker-uten-type\"", "</section>")
            .unwrap()
            .matches("<tr data-id=\"")
            .count()
    };
    let (status, html) = leser.get("/datakvalitet").await;
    assert_eq!(status, StatusCode::OK);
    let html = unescape(&html);
    let total = html
        .split("<caption id=\"mottaker-uten-type-caption\">Mottaker uten mottakertype: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("the caption counts every finding");
    assert!(total >= 60, "{total}");
    assert_eq!(rows(&html), 50, "one page of findings");
    assert!(html.contains("Side 1 av 2."), "the page says where it is");
    assert!(html.contains("href=\"/datakvalitet?side=2\" rel=\"next\""));
    let (_, html) = leser.get("/datakvalitet?side=2").await;
    let html = unescape(&html);
    assert_eq!(rows(&html), total - 50);
    // The shorter lists say they have no more on this page rather than that there are none.
    let conflicts = between(&html, "id=\"konflikter\"", "</section>").unwrap();
    assert!(
        conflicts.contains("Ingen flere på denne siden."),
        "{conflicts}"
    );
}
