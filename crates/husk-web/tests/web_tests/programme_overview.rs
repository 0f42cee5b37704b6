//! A programme read as a whole over HTTP: the overview of every participant, its XLSX export,
//! the annual programme report (and its Markdown), the demo's Kommuneprogrammet and big-city
//! programme, the pages of the programme list and the participants table, and what each role
//! sees of them.

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

async fn bytes(app: &App, path: &str) -> (StatusCode, String, Vec<u8>) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_overview_shows_every_participant_with_grants_reports_and_indicators() {
    let app = start().await;
    app.store
        .import_indicators(
            "indikatorer.csv",
            b"kommunenummer,year,indicator,value\n3203,2011,startlan,31\n3203,2013,startlan,40\n",
            false,
        )
        .await
        .unwrap();
    let adviser = app.login("test-ost").await;
    let (status, page) = adviser.get(&format!("{PROGRAMME}/oversikt")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("17 deltakere"), "{page}");
    let hamar = row_of(&page, "Hamar");
    assert!(hamar.contains("2009") && hamar.contains("3403"), "{hamar}");
    assert!(hamar.contains("Ikke registrert"));
    // Hamar's grants by year and in all, from Table 1 (1 000 000 + 2 200 000 + 1 500 000 + 1 500 000).
    assert!(hamar.contains("6 200 000 kr"), "{hamar}");
    let start = page.find("data-grants=\"Hamar\"").unwrap();
    let by_year = &page[start..start + page[start..].find("</tr>").unwrap()];
    assert!(by_year.contains("2 200 000 kr"), "{by_year}");
    assert!(hamar.contains("Ingen rapporter"));
    // The latest value of each indicator, with its year.
    let asker = row_of(&page, "Asker");
    assert!(asker.contains("Startlån: 40 antall lån (2013)"), "{asker}");
    assert!(!asker.contains("(2011)"));
    for text in [
        "Totalt for alle programkommuner",
        "Ikke spesifisert per kommune",
        "17 000 000 kr",
        "Kildene er uenige om 2011",
        "href=\"/programmer/ost-utviklingsprogram/arsmelding/2011\"",
        "href=\"/programmer/ost-utviklingsprogram/eksport.xlsx\"",
    ] {
        assert!(page.contains(text), "the overview shows «{text}»");
    }
    assert_eq!(page.matches("data-name=\"Lørenskog\"").count(), 1);
}

#[tokio::test]
async fn the_workbook_has_the_participants_grants_totals_and_goals() {
    use calamine::{Data, DataType, Reader};
    let app = start().await;
    let (status, kind, body) = bytes(&app, &format!("{PROGRAMME}/eksport.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(body)).unwrap();
    let participants = wb.worksheet_range("Deltakere").unwrap();
    assert_eq!(participants.height(), 18, "a header and 17 participants");
    let names: Vec<String> = participants
        .rows()
        .skip(1)
        .map(|r| r[0].to_string())
        .collect();
    assert!(names.contains(&"Oslo bydel Alna".to_string()));
    let grants = wb.worksheet_range("Tilskudd").unwrap();
    let hamar_2011 = grants
        .rows()
        .find(|r| r[0] == Data::String("Hamar".into()) && r[1] == Data::Float(2011.0))
        .unwrap();
    assert_eq!(hamar_2011[2], Data::Float(1_500_000.0));
    assert!(hamar_2011[4].to_string().contains("Kildene er uenige"));
    let years = wb.worksheet_range("Tilskudd per år").unwrap();
    let totals: Vec<(f64, f64, f64)> = years
        .rows()
        .skip(1)
        .map(|r| {
            (
                r[0].as_f64().unwrap(),
                r[2].as_f64().unwrap(),
                r[3].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            (2009.0, 595_000.0, 4_595_000.0),
            (2010.0, 7_992_010.0, 14_892_010.0),
            (2011.0, 9_978_000.0, 17_478_000.0),
            (2012.0, 17_000_000.0, 24_500_000.0),
        ]
    );
    let goals = wb.worksheet_range("Mål").unwrap();
    assert_eq!(goals.height(), 11);

    // A recipient's workbook has its own participation only.
    let asker = app.login("test-asker").await;
    let (status, _, body) = bytes(&asker, &format!("{PROGRAMME}/eksport.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(body)).unwrap();
    let participants = wb.worksheet_range("Deltakere").unwrap();
    assert_eq!(participants.height(), 2);
    assert_eq!(
        participants.get((1, 0)),
        Some(&Data::String("Asker".into()))
    );
    let bergen = app.login("test-bergen").await;
    let (status, _, _) = bytes(&bergen, &format!("{PROGRAMME}/eksport.xlsx")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_annual_report_compiles_the_year_and_shows_the_2011_conflict() {
    let app = start().await;
    let leader = app.login("test-leser").await;
    let (status, page) = leader.get(&format!("{PROGRAMME}/arsmelding/2011")).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Samlet årsmelding 2011: Boligsosialt utviklingsprogram",
        "Sammenstilt av Husk fra programmets fakta",
        "3. år av programmet",
        "Kildene er uenige om 2011",
        "17 478 000 kr",
        "9 978 000 kr",
        "Ingen godkjente rapporter for 2011.",
        "aria-current=\"page\">2011</a>",
    ] {
        assert!(page.contains(text), "the annual report shows «{text}»");
    }
    let hamar_start = page.find("data-name=\"Hamar\"").unwrap();
    let hamar = &page[hamar_start..hamar_start + page[hamar_start..].find("</article>").unwrap()];
    assert!(hamar.contains("1 500 000 kr, forventet"), "{hamar}");
    assert!(
        hamar.contains("2 200 000 kr, bevilget"),
        "the text's other value: {hamar}"
    );

    let (status, page) = leader.get(&format!("{PROGRAMME}/arsmelding/2014")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kilden gir ingen tilskudd til programmet for 2014."));
    assert!(!page.contains("Kildene er uenige"));
    let (status, _) = leader.get(&format!("{PROGRAMME}/arsmelding/1990")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = leader.get(&format!("{PROGRAMME}/arsmelding/tjue")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, kind, md) = bytes(&leader, &format!("{PROGRAMME}/arsmelding/2011/markdown")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/markdown"), "{kind}");
    let md = String::from_utf8(md).unwrap();
    assert!(md.starts_with("# Samlet årsmelding 2011: Boligsosialt utviklingsprogram"));
    assert!(md.contains("### Hamar") && md.contains("Kildene er uenige om 2011"));

    // A recipient reads its own participation's year only; others' are not there.
    let asker = app.login("test-asker").await;
    let (status, page) = asker.get(&format!("{PROGRAMME}/arsmelding/2012")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-name=\"Asker\""));
    assert!(!page.contains("data-name=\"Hamar\""));
    assert!(page.contains("Du ser kommunens egen deltakelse."));
    let public = app.public().await;
    for path in ["arsmelding/2011", "oversikt", "eksport.xlsx"] {
        let (status, body) = public.status_of(&format!("{PROGRAMME}/{path}")).await;
        assert_ne!(status, StatusCode::OK, "{path}");
        assert!(!body.contains("Hamar"), "{path}");
    }
}

#[tokio::test]
async fn kommuneprogrammet_and_the_big_city_programme_say_what_seed_004_does_not_state() {
    let app = start().await;
    let leader = app.login("test-leser").await;
    let (_, list) = leader.get("/programmer").await;
    assert!(list.contains("Programmer (3)"));
    assert!(list.contains("href=\"/programmer/nasjonal-kommuneprogrammet\""));
    assert!(
        !list.contains("Sider i listen"),
        "three programmes fit on one page"
    );

    let (status, page) = leader.get("/programmer/nasjonal-storbyprogrammet").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Storbyprogram, 2016–2020",
        "Periode: Utledet: Kommuneprogrammets periode 2016–2020",
        "Kilde: seed 004, kap. 2.3: de fem storbykommunene Oslo, Bergen, Trondheim, Stavanger og Drammen",
        "Ikke oppgitt i kilden: kilden oppgir ikke visjon",
        "5 deltakere.",
    ] {
        assert!(page.contains(text), "the page shows «{text}»");
    }
    assert!(!page.contains("Oslo deltar gjennom bydeler"));
    assert!(row_of(&page, "Drammen").contains("3301"));
    assert!(row_of(&page, "Bergen").contains("class=\"pool\">ikke oppgitt"));

    let (status, page) = leader.get("/programmer/nasjonal-kommuneprogrammet").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Husbankens kommuneprogram Bolig for velferd",
        "Region øst, Region vest",
        "ikke oppgitt",
        "Rapportering: seed 004, kap. 5.6",
        "Ingen deltakere er oppgitt i kilden",
        "Kilden gir ingen tilskudd per år for programmet.",
    ] {
        assert!(page.contains(text), "the page shows «{text}»");
    }
    assert!(!page.contains("0 deltakere") && !page.contains("egen sluttrapport"));
    let (status, report) = leader
        .get("/programmer/nasjonal-storbyprogrammet/arsmelding/2017")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(report.contains("Kilden gir ingen tilskudd til programmet for 2017."));
    assert!(report.contains("data-name=\"Stavanger\""));
    assert!(report.contains("Ingen fase registrert i året"));
}

#[tokio::test]
async fn long_lists_come_a_page_at_a_time() {
    use husk_domain::programmes::{ProgrammeDefinition, ProgrammeType};
    let app = start().await;
    // A programme of 60 participants on a register entry of kind program (a participation's
    // entry may only sit under a programme).
    let names: Vec<String> = (1..=60).map(|i| format!("\"Kommune {i:02}\"")).collect();
    let text = format!(
        "name = \"Stort program\"\nregion = \"vest\"\nperiod = [2020, 2024]\n[members]\nentry_year_not_stated = [{}]\n",
        names.join(", ")
    );
    let def = ProgrammeDefinition::from_toml(&text, ProgrammeType::Partnerskap).unwrap();
    app.store
        .load_programme("ost-eks-program", &def, None, &[], "Prøvekilde")
        .await
        .unwrap();
    let (status, first) = app.get("/programmer/ost-eks-program").await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains("60 deltakere."));
    assert!(first.contains("Viser 1–50 av 60"));
    assert!(first.contains("data-name=\"Kommune 50\""));
    assert!(!first.contains("data-name=\"Kommune 51\""));
    assert!(first.contains("href=\"/programmer/ost-eks-program?side=2\""));
    let (_, second) = app.get("/programmer/ost-eks-program?side=2").await;
    assert!(second.contains("Viser 51–60 av 60"));
    assert!(second.contains("data-name=\"Kommune 60\""));
    assert!(!second.contains("data-name=\"Kommune 01\""));
    // The overview shows them all at once, to print.
    let (_, overview) = app.get("/programmer/ost-eks-program/oversikt").await;
    assert!(
        overview.contains("data-name=\"Kommune 60\"")
            && overview.contains("data-name=\"Kommune 01\"")
    );

    // More than 50 programmes: the list pages too.
    let ids: Vec<String> = include_str!("../../../../data/reference/post78_mapped_projects.csv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_string))
        .filter(|id| id != "ost-eks-program")
        .take(50)
        .collect();
    let small = ProgrammeDefinition::from_toml(
        "name = \"P\"\nregion = \"vest\"\nperiod = [2020, 2021]\n",
        ProgrammeType::Partnerskap,
    )
    .unwrap();
    for id in &ids {
        app.store
            .load_programme(id, &small, None, &[], "Prøvekilde")
            .await
            .unwrap();
    }
    let (_, list) = app.get("/programmer").await;
    assert!(
        list.contains("Programmer (54)"),
        "3 demo programmes, ost-eks-program and 50 more"
    );
    assert!(list.contains("Viser 1–50 av 54"));
    let (_, last) = app.get("/programmer?side=2").await;
    assert!(last.contains("Viser 51–54 av 54"));
}

/// Every answer the current report template requires, with a goal assessed 4 of 5.
fn complete() -> husk_domain::reporting::Answers {
    use husk_domain::reporting::{Answer, Answers};
    let mut a = Answers::new();
    for (k, v) in [
        ("formal", "Færre utkastelser."),
        ("suksesskriterier", "Ingen deltakere mister boligen."),
        ("gjort_mot_plan", "Vi etablerte teamet."),
        ("status_framdrift", "som-planlagt"),
        ("laert", "Kveldsoppfølging virker."),
        ("endret_praksis", "Nytt tildelingsmøte."),
        ("annerledes", "Startet tidligere."),
        ("brukermedvirkning_grad", "3"),
        ("videreforing", "delvis"),
        ("tildelt", "500 000"),
        ("brukt", "400 000"),
        ("samtykke_publisering", "nei"),
    ] {
        a.insert(k.into(), Answer::Text(v.into()));
    }
    a.insert(
        "mal".into(),
        Answer::Rows(vec![
            vec!["Egen bolig".into(), "4".into(), "Godt i gang.".into()],
            // A goal of the programme, by its code.
            vec!["resultat-4".into(), "3".into(), "Flere startlån.".into()],
        ]),
    );
    a.insert(
        "kunnskapstema".into(),
        Answer::List(vec!["brukerrelaterte-metoder".into()]),
    );
    a
}

#[tokio::test]
async fn the_annual_report_has_the_approved_reports_of_the_participants_entries() {
    use husk_domain::reporting::{ReportAction, ReportKind};
    let app = start().await;
    let id = app
        .store
        .start_report("ost-up-asker", ReportKind::Annual, 2013)
        .await
        .unwrap();
    app.store.submit_report(id, &complete(), 0).await.unwrap();
    app.store
        .review_report(id, ReportAction::Approve, "", &Default::default())
        .await
        .unwrap();

    for user in ["test-leser", "test-asker"] {
        let who = app.login(user).await;
        let (status, page) = who.get(&format!("{PROGRAMME}/arsmelding/2013")).await;
        assert_eq!(status, StatusCode::OK);
        let start = page.find("data-name=\"Asker\"").unwrap();
        let asker = &page[start..start + page[start..].find("</article>").unwrap()];
        assert!(
            asker.contains(&format!("href=\"/rapporter/{id}\"")),
            "{user}: {asker}"
        );
        assert!(
            asker.contains("Egen bolig") && asker.contains("4 av 5"),
            "{user}"
        );
        assert!(asker.contains("Kveldsoppfølging virker."), "{user}");
        assert!(
            asker.contains("resultat-4: Økt bruk av Husbankens økonomiske virkemidler"),
            "a goal given by its code is named: {asker}"
        );
        let (_, overview) = who.get(&format!("{PROGRAMME}/oversikt")).await;
        assert!(
            row_of(&overview, "Asker").contains("1 rapport: 1 godkjent"),
            "{user}"
        );
    }
    // Nobody else's participation shows Asker's report.
    let (_, page) = app
        .login("test-leser")
        .await
        .get(&format!("{PROGRAMME}/arsmelding/2013"))
        .await;
    assert_eq!(page.matches("Egen bolig").count(), 1);
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn the_annual_report_has_each_participants_measures_and_status_meetings_of_the_year() {
    let app = start().await;
    let hamar = participant_id(&app, "Hamar").await;
    let hamar_page = format!("{PROGRAMME}/deltakere/{hamar}");
    let adviser = app.login("test-ost").await;
    let r = adviser
        .post_form(
            &format!("{hamar_page}/tiltak"),
            &[
                ("type", "tiltak"),
                ("title", "Bo-oppfølging for unge"),
                ("ansvarlig", "Boligkontoret"),
                ("start", "01.03.2011"),
                ("slutt", "31.12.2011"),
                ("status", "gjennomfort"),
                ("i_drift", "ja"),
                ("mal", "resultat-4"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let meetings = format!("{hamar_page}/statusmoter");
    let r = adviser
        .post_form(
            &meetings,
            &[("dato", "15.09.2011"), ("deltakere", "Rådmannen")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let meeting = location(&r).split('?').next().unwrap().to_string();
    let r = adviser
        .post_form(
            &meeting,
            &[
                ("dato", "15.09.2011"),
                ("deltakere", "Rådmannen og programlederen"),
                ("referat", "Gjennomgang av året."),
                ("tiltak_tekst", "Legge fram ny boligplan"),
                ("tiltak_ansvarlig", "Programlederen"),
                ("tiltak_frist", "01.12.2011"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The year of the measure and the meeting shows both under Hamar.
    let leader = app.login("test-leser").await;
    let (status, page) = leader.get(&format!("{PROGRAMME}/arsmelding/2011")).await;
    assert_eq!(status, StatusCode::OK);
    let plans = &page[page
        .find("id=\"planer\"")
        .expect("the plans and meetings section")..];
    let hamar_plan = &plans[plans
        .find(&format!("id=\"plan-{hamar}\""))
        .expect("Hamar's plan")..];
    let hamar_plan = &hamar_plan[..hamar_plan.find("</article>").unwrap()];
    for text in [
        "Bo-oppfølging for unge",
        "Gjennomført",
        "Ja, ute i linjen",
        "1 av 1 tiltak er ute i linjen og inn i driften.",
        "Statusmøte 15.09.2011",
        "Rådmannen og programlederen",
        "Legge fram ny boligplan",
        "ansvarlig Programlederen, frist 01.12.2011",
        "Åpent",
    ] {
        assert!(hamar_plan.contains(text), "Hamar's 2011 shows «{text}»");
    }
    assert!(plans.contains("Uten tiltak eller statusmøter i 2011:"));
    let (_, kind, md) = bytes(&leader, &format!("{PROGRAMME}/arsmelding/2011/markdown")).await;
    assert!(kind.starts_with("text/markdown"));
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("## Planer og statusmøter i 2011"));
    assert!(md
        .contains("- Legge fram ny boligplan (ansvarlig Programlederen, frist 01.12.2011): Åpent"));

    // Another year has neither.
    let (_, page) = leader.get(&format!("{PROGRAMME}/arsmelding/2010")).await;
    assert!(!page.contains("Bo-oppfølging for unge"));
    assert!(!page.contains("Legge fram ny boligplan"));

    // Asker's recipient reads its own year only: not Hamar's measures or meetings.
    let asker = app.login("test-asker").await;
    let (status, page) = asker.get(&format!("{PROGRAMME}/arsmelding/2011")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"planer\""));
    assert!(!page.contains("Bo-oppfølging for unge"));
    assert!(!page.contains("Legge fram ny boligplan"));
}
