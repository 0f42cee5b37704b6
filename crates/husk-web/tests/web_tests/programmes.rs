//! Municipal programmes over HTTP: the list, a programme's page with its goals, participants
//! and Table 1 (and the 2011 conflict with both sources), the timeline, the API, what each role
//! sees, and the phase-transition form (missing deliverables refused, an administrator's
//! override recorded with its reason).

use reqwest::StatusCode;

use crate::common::*;

const PROGRAMME: &str = "/programmer/ost-utviklingsprogram";

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

    // Bergen takes part in the big-city programme only (seed 004), through its participation
    // entry.
    let bergen = app.login("test-bergen").await;
    let (status, list) = bergen.get("/programmer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("/programmer/nasjonal-storbyprogrammet\""),
        "{list}"
    );
    assert!(!list.contains("/programmer/ost-utviklingsprogram\""));
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

fn participant_page(id: i64) -> String {
    format!("{PROGRAMME}/deltakere/{id}")
}

fn measure_form<'a>(title: &'a str, goals: &[&'a str], status: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("type", "tiltak"),
        ("title", title),
        ("ansvarlig", "Boligkontoret"),
        ("start", "01.01.2011"),
        ("slutt", "31.12.2012"),
        ("status", status),
    ];
    f.extend(goals.iter().map(|g| ("mal", *g)));
    f
}

#[tokio::test]
async fn the_participant_page_shows_the_plan_and_each_role_changes_what_it_may() {
    let app = start().await;
    let asker = participant_id(&app, "Asker").await;
    let hamar = participant_id(&app, "Hamar").await;
    let page_path = participant_page(asker);
    let adviser = app.login("test-ost").await;

    // Linked from the programme's participants and the timeline.
    let (_, programme) = adviser.get(PROGRAMME).await;
    assert!(row_of(&programme, "Asker").contains(&format!("href=\"{page_path}\"")));
    let (_, timeline) = adviser.get(&format!("{PROGRAMME}/tidslinje")).await;
    assert!(timeline.contains(&format!("href=\"{page_path}\"")));

    let (status, page) = adviser.get(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "<h1 class=\"ds-heading\" data-size=\"lg\">Asker</h1>",
        "0 av 5 leveranser er registrert.",
        "Planen har 0 delprosjekter og tiltak",
        "0 av 11 punkter er krysset av.",
        "id=\"leveranseskjema\"",
        "id=\"tiltaksskjema\"",
        "id=\"sjekklisteskjema\"",
        "Planen er forankret i kommuneplanen",
    ] {
        assert!(page.contains(text), "the page shows «{text}»");
    }
    // It links the participant's other pages: its status meetings, fact sheet, municipality,
    // and the indicator and co-financing pages with it chosen.
    let pages = &page[page.find("id=\"deltakersider\"").expect("the links")..];
    let pages = &pages[..pages.find("</ul>").unwrap()];
    for href in [
        format!("{page_path}/statusmoter"),
        format!("{page_path}/faktaark"),
        format!("{page_path}/faktaark.pdf"),
        "/kommuner/3203".to_string(),
        format!("{PROGRAMME}/indikatorer?deltaker={asker}"),
        format!("{PROGRAMME}/egenfinansiering#egenfinansiering-{asker}"),
    ] {
        assert!(pages.contains(&format!("href=\"{href}\"")), "links {href}");
    }
    let meetings = &page[page.find("id=\"statusmotefakta\"").expect("meetings")..];
    assert!(meetings.contains("Ingen holdt ennå"));
    assert!(meetings.contains("0 åpne oppfølgingspunkter"));
    assert!(
        page.contains("id=\"egenfinansiering\""),
        "co-financing in brief"
    );
    let (status, chosen) = adviser
        .get(&format!("{PROGRAMME}/indikatorer?deltaker={asker}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        chosen.contains(&format!(
            "<option value=\"{asker}\" selected>Asker</option>"
        )),
        "Asker is chosen"
    );

    // Bad input: every problem at its field, and what was typed is kept.
    let mut bad = measure_form("Boligskole", &["resultat-4"], "utsatt");
    bad.retain(|(k, _)| *k != "ansvarlig");
    bad.push(("slutt", "x"));
    let r = adviser
        .post_form(&format!("{page_path}/tiltak"), &bad)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Tiltaket ble ikke lagret"));
    assert!(page.contains("id=\"tiltak-ansvarlig-feil\""));
    assert!(page.contains("Skriv hvorfor tiltaket er utsatt."));
    assert!(page.contains("value=\"Boligskole\""));
    assert!(page.contains("value=\"resultat-4\" checked"));
    assert!(page.contains("<option value=\"utsatt\" selected>"));

    // Added: grouped under its goals; goals without measures listed.
    let r = adviser
        .post_form(
            &format!("{page_path}/tiltak"),
            &measure_form("Boligskole", &["resultat-4", "okonomisk"], "startet"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser
        .get(&format!("{page_path}?melding=tiltak-lagt-til"))
        .await;
    assert!(page.contains("Tiltaket er lagt til i planen."));
    assert!(page.contains("id=\"mal-resultat-4\""));
    assert!(page.contains("id=\"mal-okonomisk\""));
    let without = &page[page.find("id=\"mal-uten-tiltak\"").unwrap()..];
    assert!(without.contains("<code>kunnskapsrettet</code>"));
    assert!(!without[..without.find("</ul>").unwrap()].contains("<code>okonomisk</code>"));
    assert!(page.contains("Sist endret av Test test-ost"));

    // Edited through its own form: a measure whose end has passed is late.
    let d = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .participant("ost-utviklingsprogram", asker)
        .await
        .unwrap()
        .unwrap();
    let edit = format!("{page_path}/tiltak/{}", d.plan.measures[0].id);
    let (status, form) = adviser.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"Boligskole\""));
    let r = adviser
        .post_form(&edit, &measure_form("", &["resultat-4"], "startet"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"tiltak-title-feil\""));
    let r = adviser
        .post_form(
            &edit,
            &measure_form("Boligskole for unge", &["resultat-4"], "startet"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains("Boligskole for unge"));
    assert!(
        page.contains("id=\"forsinkede-tiltak\""),
        "its end, 31.12.2012, has passed"
    );

    // The checklist: a too long comment is refused at its item and kept; then saved.
    let long = "x".repeat(1001);
    let r = adviser
        .post_form(
            &format!("{page_path}/sjekkliste"),
            &[
                ("punkt.a", "ja"),
                ("kommentar.a", "Vedtatt."),
                ("kommentar.c", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"sjekk-kommentar-c-feil\""));
    assert!(page.contains(">Vedtatt.</textarea>"));
    let r = adviser
        .post_form(
            &format!("{page_path}/sjekkliste"),
            &[("punkt.a", "ja"), ("kommentar.a", "Vedtatt.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains("1 av 11 punkter er krysset av."));

    // The recipient updates its own plan, not the deliverables, and sees no one else's.
    let recipient = app.login("test-asker").await;
    let (status, page) = recipient.get(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"tiltaksskjema\"") && !page.contains("id=\"leveranseskjema\""));
    let r = recipient
        .post_form(
            &format!("{page_path}/tiltak"),
            &measure_form("Bostøtteveiledning", &["resultat-2"], "planlagt"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = recipient
        .post_form(
            &format!("{page_path}/leveranser"),
            &[("programeier", "Meg")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = recipient.get(&participant_page(hamar)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A reader and an adviser of another office read only.
    for name in ["test-leser", "test-vest"] {
        let s = app.login(name).await;
        let (status, page) = s.get(&page_path).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(page.contains("Bostøtteveiledning"), "{name}");
        assert!(page.contains("id=\"sjekklistetabell\""), "{name}");
        for form in ["leveranseskjema", "tiltaksskjema", "sjekklisteskjema"] {
            assert!(!page.contains(&format!("id=\"{form}\"")), "{name}: {form}");
        }
        let r = s
            .post_form(
                &format!("{page_path}/tiltak"),
                &measure_form("Nei", &["resultat-2"], "planlagt"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");
    }
    let bergen = app.login("test-bergen").await;
    assert_eq!(bergen.get(&page_path).await.0, StatusCode::NOT_FOUND);
    let (status, location) = app.public().await.status_of(&page_path).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("/logg-inn"));

    // The audit log says in the pages' words who changed the plan.
    let (_, log) = app.get("/admin/endringslogg").await;
    assert!(
        log.contains("tiltak i programplan"),
        "the log names the measures"
    );
    assert!(log.contains("punkt i sjekklisten for programplan"));
}

#[tokio::test]
async fn leaving_the_planning_phase_takes_the_recorded_deliverables() {
    let app = start().await;
    let hamar = participant_id(&app, "Hamar").await;
    let page_path = participant_page(hamar);
    let phase = format!("{page_path}/fase");
    let adviser = app.login("test-ost").await;
    for (to, date) in [
        ("soknad-og-opptak", "01.03.2009"),
        ("oppstart", "01.09.2009"),
        ("program-og-planfase", "15.01.2010"),
    ] {
        let r = adviser
            .post_form(
                &phase,
                &[("til", to), ("dato", date), ("begrunnelse", "Avtalt.")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{to}");
    }
    let leave = [
        ("til", "gjennomforingsfase"),
        ("dato", "01.03.2011"),
        ("begrunnelse", "Planen er vedtatt."),
    ];

    // A bad date is refused at its field, and the form keeps what was typed.
    let r = adviser
        .post_form(
            &format!("{page_path}/leveranser"),
            &[("foranalyse", "31.02.2010"), ("programeier", "Rådmannen")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"lev-foranalyse-feil\""));
    assert!(page.contains("value=\"31.02.2010\"") && page.contains("value=\"Rådmannen\""));
    assert!(page.contains("Leveransene ble ikke lagret"));

    // Part recorded: leaving is refused, naming what is missing.
    let mut fields = vec![
        ("foranalyse", "15.03.2010"),
        ("faktaark", "01.04.2010"),
        ("programeier", "Rådmannen"),
        ("styringsgruppe", "Rådmannens ledergruppe"),
        ("programgruppe", "Boligsosialt team"),
        ("programleder", "Kari Nordmann"),
    ];
    let r = adviser
        .post_form(&format!("{page_path}/leveranser"), &fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains("3 av 5 leveranser er registrert."));
    assert!(page.contains("Programplanen mangler aktivitetsplan"));
    let r = adviser.post_form(&phase, &leave).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Programplanen mangler aktivitetsplan, datoen for det politiske vedtaket og organet som vedtok den."));
    assert!(page.contains(
        "Programmet er ikke registrert som forankret i kommuneplanen, økonomiplanen og budsjettet."
    ));
    assert!(!page.contains("Foranalysen (kartlegging"));
    assert!(
        page.contains(&format!("href=\"{page_path}#leveranser\"")),
        "the form links to where they are recorded"
    );

    // Everything recorded: the adviser moves it on, no override needed.
    fields.extend([
        ("aktivitetsplan", "ja"),
        ("vedtatt", "14.12.2010"),
        ("vedtatt_av", "Kommunestyret"),
        ("kommuneplan", "ja"),
        ("okonomiplan", "ja"),
        ("budsjett", "ja"),
    ]);
    let r = adviser
        .post_form(&format!("{page_path}/leveranser"), &fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = adviser.post_form(&phase, &leave).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains("5 av 5 leveranser er registrert."));
    assert!(page.contains("vedtatt 14.12.2010 av Kommunestyret"));
    assert!(page.contains(
        "Gjennomføringsfase fra 01.03.2011, registrert av Test test-ost: Planen er vedtatt.</li>"
    ));
}

#[tokio::test]
async fn the_api_reads_and_writes_a_participants_plan() {
    let app = start().await;
    let asker = participant_id(&app, "Asker").await;
    let base = format!("/api/v1/programmes/ost-utviklingsprogram/participants/{asker}");
    let recipient = app.login("test-asker").await;
    let (status, p) = recipient.get_json(&base).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["name"], "Asker");
    assert_eq!(p["deliverables_missing"].as_array().unwrap().len(), 5);
    assert_eq!(p["checklist"].as_array().unwrap().len(), 11);
    assert_eq!(p["may_update_plan"], true);
    assert_eq!(p["may_manage"], false);

    // Writes from a script with the session carry the token in X-CSRF-Token.
    let send = |s: &App, method: reqwest::Method, path: String, body: serde_json::Value| {
        let s = s.clone();
        async move {
            s.raw
                .request(method, s.url(&path))
                .header("x-csrf-token", s.csrf.clone())
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = send(
        &recipient,
        reqwest::Method::POST,
        format!("{base}/measures"),
        serde_json::json!({"kind": "tiltak", "title": "Boligskole", "goals": ["resultat-9"],
            "owner": "NAV", "start": "2011-01-01", "end": "2011-12-31", "status": "startet"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["field"], "mal");
    let r = send(
        &recipient,
        reqwest::Method::POST,
        format!("{base}/measures"),
        serde_json::json!({"kind": "tiltak", "title": "Boligskole", "goals": ["resultat-4"],
            "owner": "NAV", "start": "2011-01-01", "end": "2011-12-31", "status": "startet"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let p: serde_json::Value = r.json().await.unwrap();
    assert_eq!(p["measures"][0]["title"], "Boligskole");
    assert_eq!(p["measures"][0]["goals"][0], "resultat-4");
    // PATCH changes the fields given; a postponed measure needs its reason.
    let r = send(
        &recipient,
        reqwest::Method::PATCH,
        location.clone(),
        serde_json::json!({"status": "utsatt"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &recipient,
        reqwest::Method::PATCH,
        location.clone(),
        serde_json::json!({"status": "utsatt", "postponed_reason": "Venter på budsjettet."}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: serde_json::Value = r.json().await.unwrap();
    assert_eq!(p["measures"][0]["status"]["status"], "utsatt");
    assert_eq!(p["measures"][0]["title"], "Boligskole", "kept");
    let r = send(
        &recipient,
        reqwest::Method::PUT,
        format!("{base}/checklist"),
        serde_json::json!({"marks": [{"item": "b", "ticked": true, "comment": "Gapanalyse 2010."}]}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: serde_json::Value = r.json().await.unwrap();
    assert_eq!(p["checklist"][1]["ticked"], true);
    assert_eq!(p["checklist_summary"], "1 av 11 punkter er krysset av.");
    // The deliverables are the office's to record, not the recipient's.
    let r = send(
        &recipient,
        reqwest::Method::PUT,
        format!("{base}/deliverables"),
        serde_json::json!({"owner": "Rådmannen"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = send(
        &recipient,
        reqwest::Method::PUT,
        format!("{base}/checklist"),
        serde_json::json!([1]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // An adviser of the office with an API token records them.
    let user = app.store.user_by_name("test-ost").await.unwrap().unwrap();
    let token = app.store.create_api_token(user.id, "skript").await.unwrap();
    let r = reqwest::Client::new()
        .put(app.url(&format!("{base}/deliverables")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"pre_analysis": "15.03.2010", "owner": "Rådmannen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let p: serde_json::Value = r.json().await.unwrap();
    assert_eq!(p["deliverables"]["pre_analysis"], "2010-03-15");
    assert_eq!(p["deliverables_changed"]["by"], "Test test-ost");
    assert_eq!(p["deliverables_missing"].as_array().unwrap().len(), 4);

    let hamar = participant_id(&app, "Hamar").await;
    let (status, _) = recipient
        .get_json(&format!(
            "/api/v1/programmes/ost-utviklingsprogram/participants/{hamar}"
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.public().await.get_json(&base).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The first `href="/prosjekter/…"` in `html` after `marker`.
fn entry_href_after(html: &str, marker: &str) -> String {
    let at = html.find(marker).unwrap_or_else(|| panic!("no «{marker}»"));
    let rest = &html[at..];
    let start = rest.find("href=\"/prosjekter/").expect("an entry link") + 6;
    let end = start + rest[start..].find('"').unwrap();
    rest[start..end].to_string()
}

#[tokio::test]
async fn participations_and_plan_lines_are_entries_that_link_back_to_the_participant() {
    let app = start().await;
    let elverum = participant_id(&app, "Elverum").await;
    let page_path = participant_page(elverum);
    let adviser = app.login("test-ost").await;

    // The participant page links its participation's entry, made by Husk for it; the entry
    // links back, says what is inferred, and sits under the programme.
    let (_, page) = adviser.get(&page_path).await;
    assert!(page.contains(
        "href=\"/prosjekter/ost-utviklingsprogram-elverum\">Elverum i Boligsosialt utviklingsprogram</a>"
    ));
    let (status, entry) = adviser
        .get("/prosjekter/ost-utviklingsprogram-elverum")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(entry.contains(&format!(
        "href=\"{page_path}\" id=\"deltakerside\">Elverum i Boligsosialt utviklingsprogram</a>"
    )));
    assert!(entry
        .contains("href=\"/prosjekter/ost-utviklingsprogram\">Boligsosialt utviklingsprogram</a>"));
    let facts = &entry[entry.find("id=\"opplysninger\"").unwrap()..];
    let facts = &facts[..facts.find("</dl>").unwrap()];
    assert_eq!(
        facts.matches(">Utledet</a>").count(),
        2,
        "period and status: {facts}"
    );
    assert!(entry.contains("Kilden oppgir ikke når Elverum deltok i programmet"));

    // The measure form can classify the line for the matrix; an unknown theme is refused at
    // its field and what was typed is kept.
    let mut form = measure_form("Boligskole", &["resultat-4"], "startet");
    form.push(("tema", "finnes-ikke"));
    form.push(("malgruppe", "unge"));
    let r = adviser
        .post_form(&format!("{page_path}/tiltak"), &form)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(refused.contains("id=\"tiltak-tema-feil\""));
    assert!(
        refused.contains("href=\"#tiltak-tema\""),
        "the summary links the field"
    );
    assert!(refused.contains("«finnes-ikke»"));
    assert!(refused.contains("value=\"unge\" checked"));
    assert!(refused.contains("class=\"ds-details measure-class\" open"));
    form.retain(|(k, _)| *k != "tema");
    form.push(("tema", "tildeling-bosetting"));
    let r = adviser
        .post_form(&format!("{page_path}/tiltak"), &form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The line links its entry, which links back to the plan and is listed, classified, in
    // the register.
    let (_, page) = adviser.get(&page_path).await;
    let line = entry_href_after(&page, "data-measure=");
    assert!(
        line.starts_with("/prosjekter/ost-utviklingsprogram-elverum-"),
        "{line}"
    );
    let (status, entry) = adviser.get(&line).await;
    assert_eq!(status, StatusCode::OK);
    assert!(entry.contains(&format!(
        "href=\"{page_path}#plan\" id=\"deltakerside\">Planen til Elverum"
    )));
    assert!(entry.contains("<dt>Type</dt><dd>Tiltak</dd>"));
    assert!(entry.contains("<dt>Status</dt><dd>Pågår"));
    assert!(entry.contains(
        "href=\"/prosjekter/ost-utviklingsprogram-elverum\">Elverum i Boligsosialt utviklingsprogram</a>"
    ));
    let id = line.trim_start_matches("/prosjekter/");
    let (_, list) = adviser.get("/prosjekter?q=Boligskole").await;
    assert!(
        list.contains(&format!("href=\"{line}\"")),
        "listed in the register"
    );
    let (_, list) = adviser
        .get("/prosjekter?theme=tildeling-bosetting&region=ost")
        .await;
    assert!(
        list.contains(&format!("href=\"{line}\"")),
        "{id} is classified"
    );
    // Its edit form shows the classification it has.
    let d = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .participant("ost-utviklingsprogram", elverum)
        .await
        .unwrap()
        .unwrap();
    let (_, form) = adviser
        .get(&format!("{page_path}/tiltak/{}", d.plan.measures[0].id))
        .await;
    assert!(form.contains("value=\"tildeling-bosetting\" checked"));

    // Only who may read the participation is linked back: a recipient reads its own.
    let asker = app.login("test-asker").await;
    // Every logged-in user reads the register, but the link to Elverum's plan is not shown
    // to Asker's recipient.
    let (status, other) = asker.get(&line).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!other.contains("id=\"deltakerside\""));
    let (_, own) = asker.get("/prosjekter/ost-up-asker").await;
    assert!(own.contains("id=\"deltakerside\""));
    let bergen = app.login("test-bergen").await;
    let (status, city) = bergen
        .get("/prosjekter/nasjonal-storbyprogrammet-bergen")
        .await;
    assert_eq!(status, StatusCode::OK, "Bergen's own participation");
    assert!(city.contains("id=\"deltakerside\">Bergen i Storbyprogrammet</a>"));

    // The entry form keeps the parent rule: nothing under a measure.
    let r = adviser
        .post_form(
            "/prosjekter/ny",
            &[
                ("kind", "prosjekt"),
                ("title", "Under et tiltak"),
                ("region", "ost"),
                ("start_year", "2024"),
                ("parent", id),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("er et tiltak, og ingen oppføring kan ha et tiltak som overordnet"));
    assert!(page.contains("value=\"Under et tiltak\""));
}

#[tokio::test]
async fn an_adviser_edits_the_programme_and_its_participants_and_others_are_refused() {
    let app = start().await;
    let adviser = app.login("test-ost").await;
    let edit = format!("{PROGRAMME}/endre");

    // Only the owning office's advisers (and administrators) edit.
    for who in ["test-asker", "test-vest", "test-leser"] {
        let (status, _) = app.login(who).await.get(&edit).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let r = app
        .login("test-vest")
        .await
        .post_form(&edit, &[("type", "velferdsprogram")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, page) = app.login("test-vest").await.get(PROGRAMME).await;
    assert!(!page.contains("id=\"endre-programmet\""));

    let (status, form) = adviser.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Bare en administrator kan gi programmet til et annet kontor"));
    let stored = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap()
        .goals;
    // The stored goals and two empty rows for new goals, as the form sends them.
    let count = stored.len() + 2;
    assert!(form.contains(&format!("name=\"mal.{count}.tekst\"")));
    assert!(!form.contains(&format!("name=\"mal.{}.tekst\"", count + 1)));
    let goals = |changes: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 1..=count {
            let (code, level, text) = match stored.get(n - 1) {
                Some(g) => (g.code.clone(), g.level.code().to_string(), g.text.clone()),
                None => (String::new(), String::new(), String::new()),
            };
            let text = changes
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(text, |(_, t)| t.to_string());
            out.push((format!("mal.{n}.kode"), code));
            out.push((format!("mal.{n}.niva"), level));
            out.push((format!("mal.{n}.tekst"), text));
        }
        out
    };
    let mut fields: Vec<(String, String)> = vec![
        ("mal_antall".into(), count.to_string()),
        ("type".into(), "utviklingsprogram".into()),
        ("kontor".into(), "ost".into()),
        ("budsjett".into(), "100 000 000".into()),
        ("budsjett_presisjon".into(), "approximately".into()),
        ("prosjektstotte".into(), "92 mill".into()),
        ("prosjektstotte_presisjon".into(), "approximately".into()),
        ("start".into(), "2009".into()),
        ("slutt".into(), "2007".into()),
        ("koordinator".into(), "Kari Koordinator".into()),
    ];
    fields.extend(goals(&[("visjon", "Bolig for alle")]));
    let as_refs = |f: &[(String, String)]| -> Vec<(String, String)> { f.to_vec() };
    let send = |f: Vec<(String, String)>| {
        let a = adviser.clone();
        let path = edit.clone();
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            a.post_form(&path, &refs).await
        }
    };

    // Bad input: each field's message, and what was typed is kept.
    let r = send(as_refs(&fields)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"prog-prosjektstotte-feil\""), "{page}");
    assert!(page.contains("«92 mill»"));
    assert!(page.contains("Siste år (2007) er før første år (2009)"));
    assert!(page.contains("value=\"Kari Koordinator\""));
    assert!(page.contains(">Bolig for alle</textarea>"));

    // A good edit with a new goal: saved, shown with who edited, the new code given.
    for (k, v) in fields.iter_mut() {
        match k.as_str() {
            "prosjektstotte" => *v = "92 000 000".into(),
            "slutt" => *v = "2017".into(),
            _ => {}
        }
    }
    let n = count; // the last row is an empty new goal
    for (k, v) in fields.iter_mut() {
        if *k == format!("mal.{n}.tekst") {
            *v = "Flere eier egen bolig".into();
        }
        if *k == format!("mal.{n}.niva") {
            *v = "resultatmal".into();
        }
    }
    let r = send(fields.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(r.headers()["location"].to_str().unwrap()).await;
    assert!(page.contains("Endringene i programmet er lagret."));
    assert!(page.contains("Kari Koordinator"));
    assert!(page.contains("<code>resultat-6</code>: Flere eier egen bolig"));
    assert!(page.contains("Endret i Husk"));
    assert!(page.contains("Bolig for alle"));

    // The API: PATCH the coordinator; PUT with a bad budget is 422 naming the field.
    let user = app.store.user_by_name("test-ost").await.unwrap().unwrap();
    let token = app.store.create_api_token(user.id, "skript").await.unwrap();
    let api = "/api/v1/programmes/ost-utviklingsprogram";
    let r = reqwest::Client::new()
        .patch(app.url(api))
        .bearer_auth(&token)
        .json(&serde_json::json!({"coordinator": "Per Koordinator", "budget_total": 101000000, "budget_total_precision": "exact"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let p: serde_json::Value = r.json().await.unwrap();
    assert_eq!(p["id"], "ost-utviklingsprogram");
    let r = reqwest::Client::new()
        .put(app.url(api))
        .bearer_auth(&token)
        .json(&serde_json::json!({"programme_type": "utviklingsprogram", "offices": ["ost"], "budget_total": "mye", "budget_total_precision": "exact", "start_year": 2009}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["field"] == "budsjett"));
    let vest = app.store.user_by_name("test-vest").await.unwrap().unwrap();
    let vest_token = app.store.create_api_token(vest.id, "skript").await.unwrap();
    let r = reqwest::Client::new()
        .patch(app.url(api))
        .bearer_auth(&vest_token)
        .json(&serde_json::json!({"coordinator": "Ikke meg"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A participant: a bad kommunenummer keeps what was typed; then it is added with a warning.
    let new = format!("{PROGRAMME}/ny-deltaker");
    let (status, _) = app.login("test-asker").await.get(&new).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut participant = vec![
        ("kommunenummer", "33O1"),
        ("kommune", "Drammen"),
        ("pulje", "2011"),
        ("slutt", "2018"),
        ("kontaktradgiver", "Ola Rådgiver"),
    ];
    let r = adviser.post_form(&new, &participant).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("«33O1» er ikke et kommunenummer"));
    assert!(page.contains("value=\"Drammen\""));
    participant[0].1 = "3301";
    let r = adviser.post_form(&new, &participant).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let (_, page) = adviser.get(&at).await;
    assert!(page.contains("Drammen er lagt til i programmet"));
    assert!(page.contains("id=\"lengde-advarsel\""));
    assert!(page.contains("8 år"));
    assert!(page.contains("id=\"fjern-knapp\""));
    let drammen = participant_id(&app, "Drammen").await;
    let p = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        p.participant(drammen).unwrap().history.transitions[0].by,
        "Test test-ost"
    );

    // Its row changes; a participant with records lists them instead of a remove button.
    let row = format!("{PROGRAMME}/deltakere/{drammen}/endre");
    let r = adviser
        .post_form(
            &row,
            &[
                ("pulje", "2012"),
                ("slutt", "20x6"),
                ("kontaktradgiver", "Per"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("value=\"20x6\""));
    assert!(page.contains("id=\"prog-slutt-feil\""));
    let baerum = participant_id(&app, "Bærum").await;
    let (_, page) = adviser
        .get(&format!("{PROGRAMME}/deltakere/{baerum}/endre"))
        .await;
    assert!(page.contains("id=\"kan-ikke-fjernes\""), "{page}");
    assert!(page.contains("utfasing og avslutning"));
    let r = adviser
        .post_form(
            &format!("{PROGRAMME}/deltakere/{baerum}/fjern"),
            &[("bekreft", "ja")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (status, page) = adviser
        .get(&format!("{PROGRAMME}/deltakere/{baerum}/fjern"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("id=\"kan-ikke-fjernes\""));
    // Removing asks first: the edit page links to the question, a post without the answer
    // goes there, and nothing is removed until it is answered.
    let (_, page) = adviser
        .get(&format!("{PROGRAMME}/deltakere/{drammen}/endre"))
        .await;
    let ask = format!("{PROGRAMME}/deltakere/{drammen}/fjern");
    assert!(
        page.contains(&format!("href=\"{ask}\" id=\"fjern-knapp\"")),
        "{page}"
    );
    let r = adviser.post_form(&ask, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"].to_str().unwrap(), ask);
    let (status, question) = adviser.get(&ask).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        question.contains("Fjerne Drammen fra programmet?"),
        "{question}"
    );
    assert!(question.contains("name=\"bekreft\" value=\"ja\""));
    let (_, still) = adviser.get(PROGRAMME).await;
    assert!(still.contains("data-name=\"Drammen\""));
    let r = adviser.post_form(&ask, &[("bekreft", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(r.headers()["location"].to_str().unwrap()).await;
    assert!(page.contains("Drammen er fjernet fra programmet."));
    assert!(!page.contains("data-name=\"Drammen\""));
}

/// The part of the programme page's goal list about the goal `code`.
fn goal_item<'a>(html: &'a str, code: &str) -> &'a str {
    let start = html
        .find(&format!("<li data-code=\"{code}\">"))
        .unwrap_or_else(|| panic!("no goal {code}"));
    let end = html[start + 4..]
        .find("<li ")
        .map_or(html.len(), |e| start + 4 + e);
    &html[start..end]
}

#[tokio::test]
async fn indicators_point_to_goals_and_an_adviser_changes_which() {
    let app = start().await;
    let adviser = app.login("test-ost").await;

    // The demo's links are Husk's inference, and the page says so.
    let (_, page) = adviser.get(PROGRAMME).await;
    let r4 = goal_item(&page, "resultat-4");
    assert!(r4.contains("Måles med:"), "{r4}");
    assert!(r4.contains(
        "href=\"/programmer/ost-utviklingsprogram/indikatorer?indikator=startlan\">Startlån</a>"
    ));
    assert!(r4.contains("Mottakere av bostøtte"));
    assert!(r4.contains("Utledet av Husk"));
    assert!(!goal_item(&page, "resultat-1").contains("Måles med:"));
    assert!(page.contains("href=\"/programmer/ost-utviklingsprogram/malindikatorer\""));
    let (_, as_reader) = app.login("test-leser").await.get(PROGRAMME).await;
    assert!(as_reader.contains("Måles med:"));
    assert!(
        !as_reader.contains("/malindikatorer"),
        "only editors get the link"
    );

    // The form: the two links and three blank rows.
    let form_path = format!("{PROGRAMME}/malindikatorer");
    let (status, form) = adviser.get(&form_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("name=\"antall\" value=\"5\""));
    assert!(form.contains("id=\"kobling-5-mal\""));
    for (status, who) in [
        (StatusCode::FORBIDDEN, "test-vest"),
        (StatusCode::FORBIDDEN, "test-asker"),
    ] {
        assert_eq!(
            app.login(who).await.get(&form_path).await.0,
            status,
            "{who}"
        );
    }

    // A goal the programme does not have is refused at its row, with the choice kept.
    let r = adviser
        .post_form(
            &form_path,
            &[
                ("antall", "3"),
                ("kobling.1.mal", "resultat-4"),
                ("kobling.1.indikator", "startlan"),
                ("kobling.2.mal", "resultat-9"),
                ("kobling.2.indikator", "bostedslose"),
                ("kobling.3.mal", ""),
                ("kobling.3.indikator", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Rad 2: Programmet har ikke målet «resultat-9»"),
        "{page}"
    );
    assert!(page.contains("href=\"#kobling-2-mal\""));
    assert!(
        page.contains("<option value=\"resultat-9\" selected>«resultat-9» (ukjent verdi)</option>")
    );
    assert!(page.contains("<option value=\"bostedslose\" selected>"));
    let (_, unchanged) = adviser.get(PROGRAMME).await;
    assert!(goal_item(&unchanged, "resultat-4").contains("Mottakere av bostøtte"));

    // Bostøtte is taken off, homelessness now measures the first result goal.
    let r = adviser
        .post_form(
            &form_path,
            &[
                ("antall", "3"),
                ("kobling.1.mal", "resultat-4"),
                ("kobling.1.indikator", "startlan"),
                ("kobling.2.mal", ""),
                ("kobling.2.indikator", ""),
                ("kobling.3.mal", "resultat-1"),
                ("kobling.3.indikator", "bostedslose"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = adviser.get(r.headers()["location"].to_str().unwrap()).await;
    assert!(page.contains("Indikatorene for målene er lagret."));
    let r4 = goal_item(&page, "resultat-4");
    assert!(
        r4.contains("Startlån") && r4.contains("Utledet av Husk"),
        "{r4}"
    );
    assert!(!r4.contains("Mottakere av bostøtte"));
    let r1 = goal_item(&page, "resultat-1");
    assert!(r1.contains(">Bostedsløse</a>"), "{r1}");
    assert!(
        !r1.contains("Utledet"),
        "a link an adviser chose is not inferred"
    );

    // The API gives each goal its indicators.
    let (_, p) = adviser
        .get_json("/api/v1/programmes/ost-utviklingsprogram")
        .await;
    let goal = |code: &str| {
        p["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(goal("resultat-1")["indicators"][0]["code"], "bostedslose");
    assert_eq!(goal("resultat-1")["indicators"][0]["inferred"], false);
    assert_eq!(goal("resultat-4")["indicators"][0]["inferred"], true);
    assert_eq!(goal("hovedmal")["indicators"].as_array().unwrap().len(), 0);

    // A goal an indicator measures is not removed from under it.
    let refs = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap();
    let mut fields: Vec<(String, String)> = vec![
        ("type".into(), "utviklingsprogram".into()),
        ("kontor".into(), "ost".into()),
        ("budsjett".into(), "100000000".into()),
        ("budsjett_presisjon".into(), "approximately".into()),
        ("prosjektstotte".into(), "92000000".into()),
        ("prosjektstotte_presisjon".into(), "approximately".into()),
        ("start".into(), "2009".into()),
        ("slutt".into(), "2017".into()),
        ("mal_antall".into(), refs.goals.len().to_string()),
    ];
    for (i, g) in refs.goals.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("mal.{n}.kode"), g.code.clone()));
        fields.push((format!("mal.{n}.niva"), g.level.code().to_string()));
        fields.push((format!("mal.{n}.tekst"), g.text.clone()));
        if g.code == "resultat-1" {
            fields.push((format!("mal.{n}.fjern"), "ja".into()));
        }
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = adviser
        .post_form(&format!("{PROGRAMME}/endre"), &borrowed)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "Målet «resultat-1» kan ikke fjernes, for indikatoren «Bostedsløse» viser til det."
        ),
        "{page}"
    );

    // PUT replaces every link; a bad one is 422 at its place.
    let put = |body: serde_json::Value| {
        let s = adviser.clone();
        async move {
            s.raw
                .put(s.url("/api/v1/programmes/ost-utviklingsprogram/goal-indicators"))
                .header("x-csrf-token", s.csrf.clone())
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let r =
        put(serde_json::json!({"links": [{"goal": "resultat-2", "indicator": "husleie"}]})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["field"], "koblinger[0].indikator");
    assert!(e["error"].as_str().unwrap().contains("«husleie»"));
    let r = put(serde_json::json!({"links": [
        {"goal": "resultat-2", "indicator": "kommunale-boliger-per-1000"}
    ]}))
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: serde_json::Value = r.json().await.unwrap();
    let r2 = p["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["code"] == "resultat-2")
        .unwrap();
    assert_eq!(r2["indicators"][0]["code"], "kommunale-boliger-per-1000");
    let total: usize = p["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 1, "PUT replaces every link");
}

#[tokio::test]
async fn a_report_on_a_participation_points_to_the_programmes_goals() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form(
            "/prosjekter/ost-up-asker/rapporter",
            &[("kind", "arsrapport"), ("year", "2013")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = r.headers()["location"].to_str().unwrap().to_string();
    let report = edit.trim_end_matches("/rediger").to_string();

    // The goal column suggests the programme's goal codes, and the form says what a code does.
    let (status, form) = asker.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("id=\"f-mal-1-goal\""), "{form}");
    assert!(form.contains("list=\"programmets-mal\""));
    assert!(form.contains(
        "<option value=\"resultat-4\">resultat-4: Økt bruk av Husbankens økonomiske virkemidler</option>"
    ));
    assert!(form.contains("så knyttes svaret til målet"));

    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", "0"),
                ("action", "lagre"),
                ("mal.1.goal", "resultat-4"),
                ("mal.1.assessment", "4"),
                ("mal.1.comment", "Flere startlån enn før"),
                ("mal.2.goal", "Egne mål for kommunen"),
                ("mal.2.assessment", "3"),
            ],
            &[],
        )
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());

    // Read back, the code is shown with the goal; a goal of the municipality's own stays as typed.
    let (_, page) = asker.get(&report).await;
    assert!(
        page.contains("resultat-4: Økt bruk av Husbankens økonomiske virkemidler"),
        "{page}"
    );
    assert!(page.contains("Egne mål for kommunen"));

    // The programme's goal is now pointed to: removing it is refused and names the report.
    let adviser = app.login("test-ost").await;
    let p = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap();
    let mut fields: Vec<(String, String)> = vec![
        ("type".into(), "utviklingsprogram".into()),
        ("kontor".into(), "ost".into()),
        ("start".into(), "2009".into()),
        ("slutt".into(), "2017".into()),
        ("mal_antall".into(), p.goals.len().to_string()),
    ];
    for (i, g) in p.goals.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("mal.{n}.kode"), g.code.clone()));
        fields.push((format!("mal.{n}.niva"), g.level.code().to_string()));
        fields.push((format!("mal.{n}.tekst"), g.text.clone()));
    }
    let n = p.goals.iter().position(|g| g.code == "resultat-4").unwrap() + 1;
    fields.push((format!("mal.{n}.fjern"), "ja".into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = adviser
        .post_form(&format!("{PROGRAMME}/endre"), &borrowed)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Målet «resultat-4» kan ikke fjernes"),
        "{page}"
    );
    assert!(page.contains("rapport "), "the report is named: {page}");

    // An entry outside any programme gets no suggestions.
    let r = asker
        .post_form(
            "/prosjekter/ost-eks-hf/rapporter",
            &[("kind", "halvarsrapport"), ("year", "2026")],
        )
        .await;
    let edit = r.headers()["location"].to_str().unwrap().to_string();
    let (_, form) = asker.get(&edit).await;
    assert!(!form.contains("programmets-mal"));
}

#[tokio::test]
async fn a_long_plan_is_paged_twenty_measures_at_a_time() {
    let app = start().await;
    let baerum = participant_id(&app, "Bærum").await;
    for n in 1..=23 {
        app.store
            .add_measure(
                baerum,
                &husk_domain::programmes::plans::MeasureInput {
                    kind: "tiltak".into(),
                    title: format!("Tiltak nummer {n:02}"),
                    goals: vec!["resultat-1".into()],
                    owner: "Boligkontoret".into(),
                    start: "01.01.2010".into(),
                    end: "31.12.2011".into(),
                    status: "startet".into(),
                    ..Default::default()
                },
                "Test",
            )
            .await
            .unwrap();
    }
    let adviser = app.login("test-ost").await;
    let page_of = participant_page(baerum);
    let (_, first) = adviser.get(&page_of).await;
    let shown = |html: &str| -> Vec<u32> {
        (1..=23)
            .filter(|n| html.contains(&format!("Tiltak nummer {n:02}<")))
            .collect()
    };
    let on_first = shown(&first);
    assert_eq!(on_first.len(), 20, "{on_first:?}");
    assert!(
        first.contains("aria-label=\"Sider med tiltak\""),
        "the page links the rest"
    );
    assert!(first.contains("tiltak=2"));
    let (_, second) = adviser.get(&format!("{page_of}?tiltak=2")).await;
    let on_second = shown(&second);
    assert_eq!(on_second.len(), 3, "{on_second:?}");
    assert!(on_second.iter().all(|n| !on_first.contains(n)));
    // A page past the end shows the last.
    let (_, past) = adviser.get(&format!("{page_of}?tiltak=9")).await;
    assert_eq!(shown(&past), on_second);
}
