//! Indicators against comparison groups, the national homelessness counts, and co-financing
//! over HTTP: the chart's data table with the right numbers, the form that keeps its choices,
//! the empty state, the co-financing page and API with a shortfall from a report's own
//! contribution, what a recipient sees, and the form for the programme's rule.

use husk_domain::reporting::{Answer, Answers, ReportKind};
use husk_store::Actor;
use reqwest::StatusCode;

use crate::common::*;

const PROGRAMME: &str = "/programmer/ost-utviklingsprogram";

/// Invented for the test: Hamar (3403, pool 2009), Oslo (0301, a participant through its
/// districts), Stavanger (1103) and Bergen (4601) outside the programme.
const VALUES: &str = "kommunenummer;år;indikator;verdi
3403;2007;bostedslose-per-1000;2,0
3403;2008;bostedslose-per-1000;2,2
3403;2010;bostedslose-per-1000;1,6
0301;2008;bostedslose-per-1000;3,0
1103;2007;bostedslose-per-1000;1,0
1103;2008;bostedslose-per-1000;1,2
4601;2008;bostedslose-per-1000;1,8
4601;2010;bostedslose-per-1000;2,1
";

fn row<'a>(html: &'a str, table: &str, year: i32) -> &'a str {
    let t = html
        .find(&format!("id=\"{table}\""))
        .unwrap_or_else(|| panic!("no table {table}"));
    let start = t + html[t..]
        .find(&format!("data-year=\"{year}\""))
        .unwrap_or_else(|| panic!("no row for {year}"));
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

#[tokio::test]
async fn the_chart_page_has_the_data_table_and_keeps_the_choices() {
    let app = start().await;
    let adviser = app.login("test-ost").await;
    // Before any import: the page says how to import.
    let (status, empty) = adviser.get(&format!("{PROGRAMME}/indikatorer")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("Ingen indikatorverdier ennå"), "{empty}");
    // A programme whose source names no participants of its own has nothing to choose, and
    // says so instead of refusing the request.
    let (status, none) = adviser
        .get("/programmer/nasjonal-kommuneprogrammet/indikatorer")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        none.contains("Programmet har ingen deltakere i Husk"),
        "{none}"
    );
    assert!(empty.contains("husk import indicators"));
    assert!(empty.contains("husk import group NAVN FIL"));

    let store = app.store.acting_as(Actor::system("test"));
    store
        .import_indicators("bostedslose.csv", VALUES.as_bytes(), false)
        .await
        .unwrap();
    store
        .import_group(
            "ASSS (test)",
            "asss.csv",
            b"kommunenummer\n1103\n4601\n",
            false,
        )
        .await
        .unwrap();
    let hamar = participant_id(&app, "Hamar").await;
    let (status, page) = adviser
        .get(&format!(
            "{PROGRAMME}/indikatorer?deltaker={hamar}&indikator=bostedslose-per-1000&sammenlign=utenfor"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    // The form keeps what was chosen.
    assert!(page.contains(&format!(
        "<option value=\"{hamar}\" selected>Hamar</option>"
    )));
    assert!(page.contains("<option value=\"bostedslose-per-1000\" selected>"));
    assert!(page.contains("<option value=\"utenfor\" selected>"));
    assert!(page.contains("Gruppen «ASSS (test)» (2 kommuner)"));
    // The chart is an image with a title and a description, and its table is beside it.
    assert!(page.contains("role=\"img\""));
    assert!(page.contains("<title id=\"indikatordiagram-tittel\">Bostedsløse per 1 000 innbyggere: Hamar og kommuner utenfor programmet (snitt)</title>"));
    assert!(page.contains("Opptak 2009"));
    assert!(page.contains(
        "<caption id=\"indikatortabell-caption\">Bostedsløse per 1 000 innbyggere for Hamar og kommuner utenfor programmet (snitt), per år"
    ));
    let y2008 = row(&page, "indikatortabell", 2008);
    assert!(
        y2008.contains("class=\"num own\" data-label=\"Hamar\">2,2</td>"),
        "{y2008}"
    );
    assert!(
        y2008.contains("data-label=\"Kommuner utenfor programmet (snitt)\">1,5</td>"),
        "Oslo is a participant, so not outside: (1,2 + 1,8) / 2: {y2008}"
    );
    assert!(y2008.contains("før opptak"));
    let y2010 = row(&page, "indikatortabell", 2010);
    assert!(y2010.contains("data-label=\"Kommuner utenfor programmet (snitt)\">2,1</td>"));
    assert!(y2010.contains("etter opptak"));
    // Before and after joining: Hamar (2,0 + 2,2) / 2 before, 1,6 after; outside 1,25 and 2,1.
    let ba = &page[page.find("id=\"indikatortabell-for-etter\"").unwrap()..];
    assert!(
        ba.contains("<td class=\"num\">2,1</td><td class=\"num\">1,6</td>"),
        "{ba}"
    );
    assert!(ba.contains("<td class=\"num\">1,25</td><td class=\"num\">2,1</td>"));
    assert!(page.contains("Kilde: importert fra bostedslose.csv."));

    // The other participants: Oslo's 3,0 in 2008.
    let (_, others) = adviser
        .get(&format!(
            "{PROGRAMME}/indikatorer?deltaker={hamar}&indikator=bostedslose-per-1000&sammenlign=deltakere"
        ))
        .await;
    assert!(row(&others, "indikatortabell", 2008)
        .contains("data-label=\"Andre deltakere (snitt)\">3</td>"));

    // A participant that is not one is named at its field, and the form keeps it.
    let (status, bad) = adviser
        .get(&format!(
            "{PROGRAMME}/indikatorer?deltaker=999999&sammenlign=gruppe-77"
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("Velg en av deltakerne i listen."));
    assert!(bad.contains("Velg en av sammenligningene i listen."));
    assert!(bad.contains("«999999» (ukjent verdi)"));

    // The national counts, with their source.
    let (status, national) = adviser.get("/indikatorer/bostedslose").await;
    assert_eq!(status, StatusCode::OK);
    let y2012 = row(&national, "bostedslose-tabell", 2012);
    assert!(y2012.contains("6 259") && y2012.contains("1,26") && y2012.contains("+1 %"));
    assert!(row(&national, "bostedslose-tabell", 2003).contains("−16 %"));
    assert!(national.contains("Kilde: Innovasjon og styring i boligsosialt arbeid"));
    assert!(national.contains("role=\"img\""));
}

fn t(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn annual_report(own_contribution: &str) -> Answers {
    let mut a = Answers::new();
    a.insert("gjort_mot_plan".into(), t("Vi fulgte programplanen."));
    a.insert("status_framdrift".into(), t("som-planlagt"));
    a.insert(
        "mal".into(),
        Answer::Rows(vec![vec!["Egen bolig".into(), "4".into(), "".into()]]),
    );
    a.insert(
        "indikatorer".into(),
        Answer::Rows(vec![vec![
            "Bosatte".into(),
            "personer".into(),
            "0".into(),
            "10".into(),
            "7".into(),
            "".into(),
        ]]),
    );
    a.insert("laert".into(), t("Samarbeid med NAV virker."));
    a.insert("endret_praksis".into(), t("Nytt tildelingsmøte."));
    a.insert("annerledes".into(), t("Startet tidligere."));
    a.insert("brukermedvirkning_grad".into(), t("3"));
    a.insert("tildelt".into(), t("1 500 000"));
    a.insert("brukt".into(), t("1 400 000"));
    a.insert("egeninnsats".into(), t(own_contribution));
    a.insert("formal".into(), t("Færre bostedsløse."));
    a.insert("suksesskriterier".into(), t("Færre bostedsløse."));
    a.insert(
        "kunnskapstema".into(),
        Answer::List(vec!["brukerrelaterte-metoder".into()]),
    );
    a.insert("videreforing".into(), t("ja"));
    a.insert("samtykke_publisering".into(), t("nei"));
    a
}

#[tokio::test]
async fn co_financing_flags_a_shortfall_and_a_recipient_sees_its_own_only() {
    let app = start().await;
    let store = app.store.acting_as(Actor::system("test"));
    let id = store
        .start_report("ost-up-hamar", ReportKind::Annual, 2011)
        .await
        .unwrap();
    store
        .submit_report(id, &annual_report("600 000"), 0)
        .await
        .unwrap();
    let hamar = participant_id(&app, "Hamar").await;

    let adviser = app.login("test-ost").await;
    let (status, page) = adviser.get(&format!("{PROGRAMME}/egenfinansiering")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("programår 3: 40 %"));
    assert!(page.contains("Utledet: Programkostnadene for et år er programtilskuddet"));
    let section = &page[page
        .find(&format!("id=\"egenfinansiering-{hamar}\""))
        .unwrap()..];
    let y2011 = &section[section.find("data-year=\"2011\"").unwrap()..];
    let y2011 = &y2011[..y2011.find("</tr>").unwrap()];
    for text in [
        "1 500 000 kr",
        "600 000 kr",
        "2 100 000 kr",
        "840 000 kr",
        "Mangler 240 000 kr",
    ] {
        assert!(y2011.contains(text), "2011 shows «{text}»: {y2011}");
    }
    assert!(section.contains("Trenger oppfølging"));
    assert!(section.contains("Ingen egeninnsats er rapportert for 2012."));
    assert!(section.contains(&format!("href=\"/rapporter/{id}\"")));
    assert!(page.contains("Kilden oppgir ikke hvilket år Asker ble tatt opp"));
    assert!(page.contains("Endre regelen for egenfinansiering"));

    let (_, api) = adviser
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    let rows = api["cofinancing_by_participant"].as_array().unwrap();
    assert_eq!(rows.len(), 17);
    let h = rows.iter().find(|r| r["participant"] == "Hamar").unwrap();
    let y = h["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2011)
        .unwrap();
    assert_eq!(y["outcome"], "mangler");
    assert_eq!(y["shortfall_nok"], 240_000);
    assert_eq!(y["required_own_contribution_nok"], 840_000);
    assert_eq!(y["reported_own_contribution_nok"], 600_000);
    assert_eq!(y["grant_nok"], 1_500_000);
    assert_eq!(h["needs_attention"], true);

    // Asker's recipient reads its own participation's co-financing, not Hamar's.
    let asker = app.login("test-asker").await;
    let (status, own) = asker.get(&format!("{PROGRAMME}/egenfinansiering")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(own.contains("data-name=\"Asker\""));
    assert!(!own.contains("data-name=\"Hamar\""));
    assert!(!own.contains("240 000"));
    assert!(!own.contains("Endre regelen"));
    let (_, api) = asker
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    let rows = api["cofinancing_by_participant"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["participant"], "Asker");
    let (status, _) = asker
        .get(&format!("{PROGRAMME}/egenfinansiering/regel"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_rule_form_keeps_what_was_typed_and_saves_a_good_rule() {
    let app = start().await;
    let adviser = app.login("test-ost").await;
    let form = format!("{PROGRAMME}/egenfinansiering/regel");
    let (status, page) = adviser.get(&form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"andel-2\" value=\"30\""),
        "the rule as it is"
    );

    let r = adviser
        .post_form(
            &form,
            &[("andel-1", "0"), ("andel-2", ""), ("andel-3", "tretti")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Regelen ble ikke lagret"));
    assert!(page.contains("Andelen for programår 2 mangler"));
    assert!(page.contains("«tretti» er ikke en prosentandel"));
    assert!(page.contains("name=\"andel-3\" value=\"tretti\""));

    let r = adviser
        .post_form(
            &form,
            &[("andel-1", "0"), ("andel-2", "25"), ("andel-3", "33,5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser
        .get(&format!(
            "{PROGRAMME}/egenfinansiering?melding=regel-lagret"
        ))
        .await;
    assert!(page.contains("Regelen for egenfinansiering er lagret."));
    assert!(page.contains("programår 1: 0 %, programår 2: 25 %, programår 3: 33,5 %."));

    let vest = app.login("test-vest").await;
    let r = vest.post_form(&form, &[("andel-1", "10")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
