//! What version 2 of the default reporting template brings to the pages, over HTTP on the demo
//! data: the new questions in the form, the knowledge matrix «fra rapporter», the dialogue
//! meeting on a report, and the public summary only with the recipient's consent.

use husk_domain::reporting::ReportKind;
use reqwest::StatusCode;

use crate::common::*;

async fn report_id(app: &App, project: &str, kind: ReportKind) -> i64 {
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
        .find(|r| r.kind == kind && r.year == 2025)
        .expect("a demo report")
        .id
}

/// The «Fra rapporter» count of a row of the comparison table `table_id` on the matrix page.
fn from_reports(html: &str, table_id: &str, row: &str) -> String {
    let table = html
        .split(&format!("id=\"{table_id}\""))
        .nth(1)
        .expect("the table")
        .split("</table>")
        .next()
        .unwrap();
    let tr = table
        .split("<tr>")
        .find(|tr| tr.contains(row))
        .unwrap_or_else(|| panic!("a row for {row}"));
    tr.split("data-from-reports>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_report_form_asks_the_new_questions() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form(
            "/prosjekter/ost-eks-hf/rapporter",
            &[("kind", "halvarsrapport"), ("year", "2026")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let (status, html) = asker.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Hva er formålet med arbeidet, og hvilke mål i handlingsplanen hører det til?",
        "Hvilke kunnskapstemaer handlet arbeidet om?",
        "Hvilke målgrupper gjaldt arbeidet?",
        "Hvilken kompetanse er hevet hos dere og samarbeidspartnerne?",
        "Hvilke andre virkemidler har arbeidet utløst?",
        "Hvilke kunnskapskilder har dere brukt?",
        "Hvem har dere samarbeidet med?",
        "Blir arbeidet videreført i ordinær drift når tilskuddet tar slutt?",
        "Hvor mange fagdager og konferanser har dere holdt i perioden?",
        "Hvordan har dere opplevd Husbankens rolle i arbeidet?",
        "Ønsker dere et dialogmøte med Husbanken om rapporten?",
        "Kort sammendrag for offentligheten",
        "Kan Husbanken publisere sammendraget?",
        "Formidling og erfaringsdeling",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(html.contains("value=\"bomiljo-omradeloft\""));
    assert!(!html.contains(">Spredning<"));
    assert!(!html.contains("Husbankens verktøykasse har"));
}

#[tokio::test]
async fn the_matrix_shows_what_approved_reports_tagged_beside_the_register() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let (status, html) = ost.get("/kunnskapsmatrise").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Fra rapporter"));
    // The demo's approved and published reports (Asker's Housing First team and programme)
    // tagged these; Bergen's report is only submitted.
    assert!(html.contains("data-figure=\"from-reports-entries\">2 oppføringer<"));
    let rows = [
        ("Brukerrelaterte metoder (oppfølging)", "1"),
        ("Planlegging og strategi", "1"),
        ("Tildeling og bosetting", "1"),
        ("Bomiljøarbeid, områdeløft, nærmiljø", "0"),
    ];
    for (row, n) in rows {
        assert_eq!(from_reports(&html, "from-reports-themes", row), n, "{row}");
    }
    assert_eq!(
        from_reports(
            &html,
            "from-reports-target-groups",
            "Vanskeligstilte barnefamilier"
        ),
        "0"
    );

    // The office approves Bergen's report, which tagged allocation and families with children.
    let vest = app.login("test-vest").await;
    let id = report_id(&app, "vest-eks-leie", ReportKind::HalfYear).await;
    let r = vest
        .post_form(
            &format!("/rapporter/{id}/vurdering"),
            &[("action", "godkjenn")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = ost.get("/kunnskapsmatrise").await;
    assert!(html.contains("data-figure=\"from-reports-entries\">3 oppføringer<"));
    assert_eq!(
        from_reports(&html, "from-reports-themes", "Tildeling og bosetting"),
        "2"
    );
    assert_eq!(
        from_reports(
            &html,
            "from-reports-target-groups",
            "Vanskeligstilte barnefamilier"
        ),
        "1"
    );
    // The same filters apply: region vest has only Bergen's entry from reports.
    let (_, html) = ost.get("/kunnskapsmatrise?region=vest").await;
    assert!(html.contains("data-figure=\"from-reports-entries\">1 oppføring<"));
}

#[tokio::test]
async fn a_dialogue_meeting_is_asked_for_booked_and_recorded_on_the_report() {
    let app = start().await;
    let id = report_id(&app, "vest-eks-leie", ReportKind::HalfYear).await;
    let page = format!("/rapporter/{id}");
    let action = format!("/rapporter/{id}/dialogmote");
    let vest = app.login("test-vest").await;
    let (_, html) = vest.get(&page).await;
    assert!(html.contains("Mottakeren ønsker et dialogmøte med Husbanken om rapporten."));
    assert!(html.contains("Ikke avtalt ennå."));
    assert!(html.contains("<summary>Avtal dialogmøte</summary>"));
    // The request is pointed out at the top of the page too, until the meeting is booked.
    assert!(html.contains("<a class=\"ds-link\" href=\"#dialogmote\">Avtal dialogmøtet</a>"));

    // A date that does not exist is refused with its field, and what was typed is kept.
    let r = vest
        .post_form(
            &action,
            &[
                ("dato", "31.02.2027"),
                ("deltakere", "Programleder og rådgiver"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("<title>Feil i dialogmøtet"));
    assert!(html.contains("Sjekk «Dato for dialogmøtet». «31.02.2027» er ikke en dato."));
    assert!(html.contains("value=\"Programleder og rådgiver\""));
    assert!(html.contains("value=\"31.02.2027\""));
    assert!(html.contains("<details class=\"ds-details dialogue-details\" open>"));

    let r = vest.post_form(&action, &[("dato", "15.03.2027")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = vest
        .post_form(
            &action,
            &[
                ("dato", "15.03.2027"),
                ("deltakere", "Programleder og rådgiver"),
                ("referat", "Vi avtalte ny frist for kartleggingen."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = vest.get(&format!("{page}?melding=dialogmote")).await;
    assert!(html.contains("Dialogmøtet er lagret."));
    assert!(html.contains("Dialogmøtet er avtalt til <strong>15.03.2027</strong>."));
    assert!(html.contains(">Vi avtalte ny frist for kartleggingen.</textarea>"));
    assert!(!html.contains("href=\"#dialogmote\""));

    // The recipient sees the date, not the notes, and cannot book.
    let bergen = app.login("test-bergen").await;
    let (_, html) = bergen.get(&page).await;
    assert!(html.contains("Dialogmøtet er avtalt til <strong>15.03.2027</strong>."));
    assert!(
        !html.contains("ny frist for kartleggingen"),
        "the notes are the office's"
    );
    assert!(!html.contains("name=\"referat\""));
    let r = bergen.post_form(&action, &[("dato", "01.04.2027")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Another office's staff and readers see no dialogue meeting.
    for user in ["test-ost", "test-leser"] {
        let (_, html) = app.login(user).await.get(&page).await;
        assert!(!html.contains("id=\"dialogmote\""), "{user}");
    }

    // The audit log names who booked and recorded it.
    let admin = app.login("test-admin").await;
    let (_, html) = admin
        .get("/admin/endringslogg?tabell=dialogue_meetings")
        .await;
    assert!(html.contains("dialogmøte om rapport"));
    assert!(html.contains("Test test-vest"));
    assert!(html.contains("Vi avtalte ny frist for kartleggingen."));
}

#[tokio::test]
async fn the_public_sees_a_summary_only_when_the_recipient_consented() {
    let app = start().await;
    let public = app.public().await;
    // The published Housing First report consented.
    let consented = "Et Housing First-team har fulgt opp tolv bostedsløse i egen bolig";
    let (_, html) = public.get("/rapporter/publiserte").await;
    assert!(html.contains(consented));
    let published = report_id(&app, "ost-eks-hf", ReportKind::HalfYear).await;
    let (_, html) = public.get(&format!("/rapporter/{published}")).await;
    assert!(html.contains(consented));

    // The programme's report did not; publishing it does not show its summary.
    let refused = "Kommunen har vedtatt en programplan og samlet søknadene";
    let approved = report_id(&app, "ost-eks-program", ReportKind::Annual).await;
    let ost = app.login("test-ost").await;
    let (_, html) = ost.get(&format!("/rapporter/{approved}")).await;
    assert!(html.contains(refused), "the office reads what was written");
    let r = ost
        .post_form(&format!("/rapporter/{approved}/publiser"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = public.get("/rapporter/publiserte").await;
    assert!(
        html.contains(&format!("href=\"/rapporter/{approved}\"")),
        "it is listed"
    );
    assert!(!html.contains(refused));
    let (status, html) = public.get(&format!("/rapporter/{approved}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(refused));
    assert!(html.contains("Nei, sammendraget skal ikke publiseres"));
    assert!(html.contains("Ikke til publisering"));
}
