//! Municipal programmes over HTTP: the list, a programme's page with its goals, participants
//! and Table 1 (and the 2011 conflict with both sources), the timeline, the API, what each role
//! sees, and the phase-transition form (missing deliverables refused, an administrator's
//! override recorded with its reason).

use reqwest::StatusCode;

mod common;
use common::*;

const PROGRAMME: &str = "/programmer/ost-utviklingsprogram";

async fn participant_id(app: &App, name: &str) -> i64 {
    app.store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap()
        .participants
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

fn row_of<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!("data-name=\"{name}\""))
        .unwrap_or_else(|| panic!("no row for {name}"));
    let end = html[start..]
        .find("</tr>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn the_programme_page_shows_seed_003s_programme_with_its_sources() {
    let app = start().await;
    let adviser = app.login("test-ost").await;
    let (status, list) = adviser.get("/programmer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("href=\"/programmer/ost-utviklingsprogram\""));
    assert!(list.contains("17 deltakere"));
    assert!(
        list.contains("href=\"/programmer\" aria-current=\"page\""),
        "the menu links it"
    );

    let (status, page) = adviser.get(PROGRAMME).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Boligsosialt utviklingsprogram",
        "2009–2017",
        "Region øst",
        "om lag 100 000 000 kr",
        "om lag 92 000 000 kr",
        "3–5 år per kommune",
        "programår 2: 30 %",
        "<code>visjon</code>: Utvikling på kommunens premisser",
        "<code>kunnskapsrettet</code>",
        "<code>resultat-5</code>: Mer fornøyde kommuner",
        "Kilde: Møreforsking 2012",
        "Utledet: Programbeskrivelsen knytter ikke",
    ] {
        assert!(page.contains(text), "the page shows «{text}»");
    }
    // Every participant once: Lørenskog's final report is the same participation.
    assert_eq!(page.matches("data-name=\"Lørenskog\"").count(), 1);
    let lorenskog = row_of(&page, "Lørenskog");
    assert!(lorenskog.contains("3222") && lorenskog.contains("2009"));
    assert!(lorenskog.contains("href=\"/prosjekter/ost-05\""));
    assert!(row_of(&page, "Lillehammer").contains("href=\"/prosjekter/ost-08\""));
    let asker = row_of(&page, "Asker");
    assert!(asker.contains("class=\"pool\">ikke oppgitt"), "{asker}");
    assert!(row_of(&page, "Oslo bydel Alna").contains("0301 (bydel Alna)"));
    assert!(row_of(&page, "Hamar").contains("Ikke registrert"));

    // Table 1: the totals, the part not itemised, and the 2011 conflict with both sources.
    for text in [
        "4 595 000 kr",
        "14 892 010 kr",
        "17 478 000 kr",
        "24 500 000 kr",
        "7 992 010 kr",
        "17 000 000 kr",
        "Kildene er uenige om 2011",
        "Møreforsking 2012, kap. 4.1, tabell 1",
        "Møreforsking 2012, kap. 4.1, teksten etter tabell 1 og fotnote 9",
        "2 200 000 kr, bevilget",
    ] {
        assert!(page.contains(text), "the grant table shows «{text}»");
    }

    let (status, timeline) = adviser.get(&format!("{PROGRAMME}/tidslinje")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(timeline.contains("Forsinket:"));
    assert!(timeline.contains("data-name=\"Oslo bydel Stovner\""));
}

#[tokio::test]
async fn the_api_gives_goals_participants_grants_and_totals() {
    let app = start().await;
    let (status, list) = app.get_json("/api/v1/programmes").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["count"], 3);
    assert_eq!(list["programmes"][0]["id"], "ost-utviklingsprogram");
    assert_eq!(list["programmes"][2]["id"], "nasjonal-storbyprogrammet");
    // The list comes a page at a time, like the API's other lists.
    assert_eq!(list["total"], 3);
    assert_eq!(list["pages"], 1);
    let (status, beyond) = app.get_json("/api/v1/programmes?page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(beyond["count"], 0);
    let (status, _) = app.get_json("/api/v1/programmes?per_page=null").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, p) = app
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["programme_type"], "utviklingsprogram");
    assert_eq!(p["budget"]["total"]["precision"], "approximately");
    assert_eq!(p["goals"][1]["code"], "hovedmal");
    assert_eq!(p["goals"][1]["parent"], "visjon");
    let participants = p["participants"].as_array().unwrap();
    assert_eq!(participants.len(), 17);
    let asker = participants.iter().find(|x| x["name"] == "Asker").unwrap();
    assert!(asker["pool_year"].is_null());
    assert!(asker["phase"].is_null());
    let hamar = participants.iter().find(|x| x["name"] == "Hamar").unwrap();
    assert_eq!(hamar["kommunenummer"], "3403");
    assert_eq!(hamar["grants"][1]["year"], 2010);
    assert_eq!(hamar["grants"][1]["amount"], 2_200_000);
    assert_eq!(
        hamar["grants"][2]["other"]["value"],
        "2 200 000 kr, bevilget"
    );
    let totals = p["totals"].as_array().unwrap();
    assert_eq!(totals[1]["year"], 2010);
    assert_eq!(totals[1]["total_nok"], 14_892_010);
    assert_eq!(totals[1]["not_itemised_nok"], 7_992_010);
    assert_eq!(totals[2]["sources_disagree"], true);

    let (_, city) = app
        .get_json("/api/v1/programmes/nasjonal-storbyprogrammet")
        .await;
    assert_eq!(city["programme_type"], "storbyprogram");
    assert_eq!(city["budget"]["total"]["precision"], "not-stated");
    assert_eq!(city["participants"].as_array().unwrap().len(), 5);
    let period = city["fact_sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"] == "Periode")
        .unwrap();
    assert_eq!(period["derived"], true);

    let (status, e) = app.get_json("/api/v1/programmes/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(e["error"]
        .as_str()
        .unwrap()
        .contains("Fant ikke programmet «finnes-ikke»"));
    let public = app.public().await;
    let (status, _) = public.get_json("/api/v1/programmes").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_recipient_sees_its_own_participation_only() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let (status, page) = asker.get(PROGRAMME).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-name=\"Asker\""));
    assert!(!page.contains("data-name=\"Hamar\""));
    assert!(!page.contains("Registrer faseovergang"));
    assert!(
        page.contains("24 500 000 kr"),
        "the programme's totals stay"
    );
    let (_, p) = asker
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    assert_eq!(p["all_participants"], false);
    assert_eq!(p["participants"].as_array().unwrap().len(), 1);

    let bergen = app.login("test-bergen").await;
    let (status, list) = bergen.get("/programmer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Kommunen din deltar ikke i noe program"));
    let (status, _) = bergen.get(PROGRAMME).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn phase_transitions_keep_the_form_refuse_missing_deliverables_and_record_overrides() {
    let app = start().await;
    let hamar = participant_id(&app, "Hamar").await;
    let form = format!("{PROGRAMME}/deltakere/{hamar}/fase");
    let adviser = app.login("test-ost").await;

    // Errors are Norwegian sentences at their fields, and the form keeps what was typed.
    let r = adviser
        .post_form(
            &form,
            &[
                ("til", "oppstart"),
                ("dato", "31.02.2009"),
                ("begrunnelse", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"fase-dato-feil\""));
    assert!(page.contains("value=\"31.02.2009\""));
    assert!(page.contains("<option value=\"oppstart\" selected>"));
    assert!(page.contains("Faseovergangen ble ikke registrert"));

    for (to, date) in [
        ("soknad-og-opptak", "01.03.2009"),
        ("oppstart", "01.09.2009"),
        ("program-og-planfase", "15.01.2010"),
    ] {
        let r = adviser
            .post_form(
                &form,
                &[
                    ("til", to),
                    ("dato", date),
                    ("begrunnelse", "Avtalt i statusmøtet."),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{to}");
    }
    let (_, page) = adviser.get(PROGRAMME).await;
    assert!(row_of(&page, "Hamar").contains("Program- og planfase (fra 15.01.2010)"));

    // Leaving the planning phase without its deliverables is refused; an adviser has no
    // override.
    let r = adviser
        .post_form(
            &form,
            &[
                ("til", "gjennomforingsfase"),
                ("dato", "01.03.2011"),
                ("begrunnelse", "Planen er vedtatt."),
                ("overstyring", "Jeg vil."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Foranalysen (kartlegging av status og utfordringer) er ikke registrert"));
    assert!(!page.contains("id=\"fase-overstyring\""));

    // An administrator must give a reason to override, and the reason is kept.
    let admin = app.login("test-admin").await;
    let r = admin
        .post_form(
            &form,
            &[
                ("til", "gjennomforingsfase"),
                ("dato", "01.03.2011"),
                ("begrunnelse", "Planen er vedtatt."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("id=\"fase-overstyring-feil\""));
    let r = admin
        .post_form(
            &form,
            &[
                ("til", "gjennomforingsfase"),
                ("dato", "01.03.2011"),
                ("begrunnelse", "Planen er vedtatt."),
                ("overstyring", "Leveransene finnes i kommunens arkiv."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get(&form).await;
    assert!(page.contains("(unntak: Leveransene finnes i kommunens arkiv.)"));
    let (_, p) = admin
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    let hamar_json = p["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Hamar")
        .unwrap()
        .clone();
    assert_eq!(hamar_json["phase"], "gjennomforingsfase");
    let last = &hamar_json["transitions"][3];
    assert_eq!(last["by"], "Test test-admin");
    assert_eq!(
        last["overridden"]["reason"],
        "Leveransene finnes i kommunens arkiv."
    );
    // The planned end (31.12.2013, inferred from the 2009 pool) has passed: Hamar is late.
    let (_, timeline) = admin.get(&format!("{PROGRAMME}/tidslinje")).await;
    let start = timeline.find("data-name=\"Hamar\"").unwrap();
    let rest = &timeline[start + 1..];
    let item = &rest[..rest.find("data-name=").unwrap_or(rest.len())];
    assert!(item.contains("Forsinket"), "{item}");
}
