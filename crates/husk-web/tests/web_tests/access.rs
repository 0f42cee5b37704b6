//! Login, roles and reporting over HTTP: the table of every route × every role, login with
//! CSRF and lock-out, API tokens, and a report's whole life as the recipient and the adviser
//! see it.

use husk_domain::reporting::ReportKind;
use reqwest::StatusCode;

use crate::common::*;

/// The roles of the table, in column order.
const ROLES: [&str; 7] = [
    "offentlig",
    "test-admin",
    "test-ost",
    "test-vest",
    "test-asker",
    "test-bergen",
    "test-leser",
];

/// Ids the table's routes need, from the demo data.
struct Ids {
    /// Asker's published half-year report (ost-eks-hf).
    published: i64,
    /// Asker's approved annual report (ost-eks-program), internal.
    approved: i64,
    /// Bergen's submitted half-year report (vest-eks-leie).
    submitted: i64,
    /// A fresh draft of Asker's (ost-eks-hf, half-year 2026).
    draft: i64,
    /// The internal knowledge-base document of the approved report.
    internal_doc: i64,
    /// A public seed report.
    public_doc: i64,
    /// A grant of ost-up-asker (Asker kommune, region øst).
    grant: i64,
    template: i64,
    /// The first version of the template.
    template_version: i64,
    /// test-admin's API token.
    token: i64,
    /// The SHA-256 of a file attached to the draft.
    attachment: String,
    /// Asker's participation in region øst's development programme.
    asker_participant: i64,
    /// A status meeting of Asker's, held, with one agreed action.
    asker_meeting: i64,
    asker_action: i64,
    /// An agreement of Asker's (3203), followed by region øst.
    asker_agreement: i64,
    /// A measure in Asker's programme plan.
    asker_measure: String,
}

async fn ids(app: &App) -> Ids {
    let s = &app.store;
    let find = |list: Vec<husk_store::reporting::ReportInfo>, kind: ReportKind, year: i32| {
        list.into_iter()
            .find(|r| r.kind == kind && r.year == year)
            .expect("a demo report")
    };
    let published = find(
        s.read_as(&husk_domain::Viewer::System)
            .entry("ost-eks-hf")
            .await
            .unwrap()
            .unwrap()
            .reports()
            .await
            .unwrap(),
        ReportKind::HalfYear,
        2025,
    );
    let approved = find(
        s.read_as(&husk_domain::Viewer::System)
            .entry("ost-eks-program")
            .await
            .unwrap()
            .unwrap()
            .reports()
            .await
            .unwrap(),
        ReportKind::Annual,
        2025,
    );
    let submitted = find(
        s.read_as(&husk_domain::Viewer::System)
            .entry("vest-eks-leie")
            .await
            .unwrap()
            .unwrap()
            .reports()
            .await
            .unwrap(),
        ReportKind::HalfYear,
        2025,
    );
    let draft = s
        .start_report("ost-eks-hf", ReportKind::HalfYear, 2026)
        .await
        .unwrap();
    let public_doc = s
        .read_as(&husk_domain::Viewer::System)
        .documents()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.meta.public && d.meta.doc_type != husk_domain::DocumentType::Halvarsrapport)
        .unwrap()
        .id;
    let asker_participant = s
        .read_as(&husk_domain::Viewer::System)
        .programme("ost-utviklingsprogram")
        .await
        .unwrap()
        .unwrap()
        .participants
        .iter()
        .find(|p| p.name == "Asker")
        .unwrap()
        .id;
    let asker_measure = s
        .add_measure(
            asker_participant,
            &husk_domain::programmes::plans::MeasureInput {
                kind: "tiltak".into(),
                title: "Boligskole".into(),
                goals: vec!["resultat-4".into()],
                owner: "Boligkontoret".into(),
                start: "01.01.2011".into(),
                end: "31.12.2011".into(),
                status: "startet".into(),
                ..Default::default()
            },
            "Rutetabellen",
        )
        .await
        .unwrap()
        .id;
    let meeting = s
        .plan_status_meeting(
            asker_participant,
            &husk_domain::programmes::meetings::MeetingPlanInput {
                date: "01.03.2025".into(),
                attendees: String::new(),
            },
        )
        .await
        .unwrap();
    s.record_status_meeting(
        meeting,
        &husk_domain::programmes::meetings::StatusMeetingInput {
            date: "01.03.2025".into(),
            attendees: "Programeier og rådgiver".into(),
            minutes: String::new(),
            actions: vec![husk_domain::programmes::meetings::AgreedActionInput {
                text: "Sende foranalysen".into(),
                owner: "Programlederen".into(),
                due: "01.04.2025".into(),
            }],
        },
    )
    .await
    .unwrap();
    let asker_action = s
        .read_as(&husk_domain::Viewer::System)
        .status_meetings("ost-utviklingsprogram", asker_participant)
        .await
        .unwrap()
        .unwrap()
        .meetings[0]
        .actions[0]
        .id;
    let asker_agreement = s
        .create_agreement(&husk_domain::programmes::partnerships::AgreementInput {
            kommunenummer: "3203".into(),
            office: "ost".into(),
            title: "Samarbeidsavtale om oppfølging i bolig".into(),
            kind: "samarbeidsavtale".into(),
            parties: vec![husk_domain::programmes::partnerships::PartyInput {
                name: "NAV Asker".into(),
                kind: "nav".into(),
            }],
            start: "01.01.2024".into(),
            procurement: "anbud".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let template = s.current_template().await.unwrap().template_id;
    let template_version = s
        .templates()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.template_id == template)
        .and_then(|t| t.versions.last().map(|v| v.id))
        .expect("a template version");
    let admin = s.user_by_name("test-admin").await.unwrap().unwrap();
    s.create_api_token(admin.id, "Rutetabellen").await.unwrap();
    let token = s.api_tokens(admin.id).await.unwrap()[0].id;
    // A file attached to the draft, as the report form keeps it.
    let (attachment, size) = s
        .keep_bytes(
            &s.files_dir().with_file_name("uploads"),
            b"Vedlegg til utkastet.",
        )
        .await
        .unwrap();
    let mut answers = husk_domain::reporting::Answers::new();
    answers.insert(
        "vedlegg".into(),
        husk_domain::reporting::Answer::Files(vec![husk_domain::reporting::Attachment {
            name: "vedlegg.txt".into(),
            sha256: attachment.clone(),
            size: size as i64,
            content_type: "text/plain".into(),
        }]),
    );
    let revision = s
        .read_as(&husk_domain::Viewer::System)
        .report_info(draft)
        .await
        .unwrap()
        .unwrap()
        .revision;
    s.save_draft(draft, &answers, revision).await.unwrap();
    Ids {
        published: published.id,
        approved: approved.id,
        submitted: submitted.id,
        draft,
        internal_doc: approved
            .document_id
            .expect("the approved report is in the knowledge base"),
        public_doc,
        grant: s
            .read_as(&husk_domain::Viewer::System)
            .project("ost-up-asker")
            .await
            .unwrap()
            .unwrap()
            .grants[0]
            .id,
        template,
        template_version,
        token,
        attachment,
        asker_participant,
        asker_meeting: meeting,
        asker_action,
        asker_agreement,
        asker_measure,
    }
}

/// Sessions for every role of [`ROLES`].
async fn sessions(app: &App) -> Vec<App> {
    let mut out = vec![app.public().await];
    for name in &ROLES[1..] {
        out.push(app.login(name).await);
    }
    out
}

/// 303 to the login page.
const LOGIN: u16 = 1;

/// The route of the app a request to `path` (with or without a query) reaches: of the routes
/// whose pattern fits, the one with literal segments where the others have parameters, as the
/// router chooses (`/prosjekter/ny` before `/prosjekter/{id}`).
fn route_of<'a>(
    routes: &'a [husk_web::RouteSpec],
    method: &str,
    path: &str,
) -> Option<&'a husk_web::RouteSpec> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    routes
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| {
            let pattern: Vec<&str> = r.path.split('/').collect();
            let fits = pattern.len() == segments.len()
                && pattern
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')));
            let literal: Vec<bool> = pattern.iter().map(|p| !p.starts_with('{')).collect();
            fits.then_some((literal, r))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, r)| r)
}

/// Every route of the app is in the table (and every row of the table is a route): a route
/// added to an area's list without a row here makes the route × role test fail.
fn check_the_table_covers_every_route(rows: &[(&str, &str)]) {
    let routes = husk_web::routes();
    let mut covered = std::collections::BTreeSet::new();
    let mut strays = Vec::new();
    for (method, path) in rows {
        match route_of(&routes, method, path) {
            Some(r) => {
                covered.insert(r.clone());
            }
            None => strays.push(format!("{method} {path}")),
        }
    }
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !covered.contains(*r))
        .map(|r| r.to_string())
        .collect();
    assert!(
        missing.is_empty() && strays.is_empty(),
        "the route × role table must have a row for every route of the app.\n\
         Routes without a row ({}):\n{}\nRows that are no route ({}):\n{}",
        missing.len(),
        missing.join("\n"),
        strays.len(),
        strays.join("\n")
    );
}

fn expect_code(expected: u16, got: StatusCode, location: &str) -> bool {
    if expected == LOGIN {
        got == StatusCode::SEE_OTHER && location.contains("/logg-inn?neste=")
    } else {
        got.as_u16() == expected
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_rules_say() {
    let app = start().await;
    let i = ids(&app).await;
    let who = sessions(&app).await;
    const L: u16 = LOGIN;
    // The toolbox: a published guide and an unpublished one.
    let tools = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .tools()
        .await
        .unwrap();
    let tool_public = tools.iter().find(|t| t.tool.public).unwrap().id;
    let tool = tools.iter().find(|t| !t.tool.public).unwrap().id;
    // Learning: a network Asker's organisation is a member of (run by region øst), one of its
    // members, and an arena of region øst's programme.
    let (_, nets) = who[4].get_json("/api/v1/networks").await;
    let net = nets["networks"][0]["id"]
        .as_i64()
        .expect("Asker is a member of a network");
    let (_, n) = app.get_json(&format!("/api/v1/networks/{net}")).await;
    let member = n["members"][0]["id"].as_i64().expect("a member");
    // Bergen's adoption of leie til eie (test-bergen's organisation's own).
    let (_, leie) = app.get_json("/api/v1/innovations/leie-til-eie").await;
    let bergen_adoption = leie["adoptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["adopter"] == "Bergen")
        .and_then(|a| a["id"].as_i64())
        .expect("the demo's Bergen adoption");
    // A good example the demo publishes.
    let (_, examples) = app.get_json("/api/v1/good-examples").await;
    let example = examples["good_examples"][0]["id"]
        .as_i64()
        .expect("the demo publishes good examples");
    let (_, arenas) = app.get_json("/api/v1/arenas?kontor=ost&vis=alle").await;
    let arena = arenas["arenas"][0]["id"]
        .as_i64()
        .expect("an arena of region øst");
    // The arena's evaluation form, so its pages have something to show.
    let made = app
        .post_form(&format!("/laeringsarenaer/{arena}/evaluering"), &[])
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    // GET routes: (path, [public, admin, ost, vest, asker, bergen, leser]).
    let gets: Vec<(String, [u16; 7])> = vec![
        ("/".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/prosjekter".into(), [L, 200, 200, 200, 200, 200, 200]),
        (
            "/prosjekter/ost-01".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/prosjekter/ost-eks-hf".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        ("/prosjekter/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        (
            "/prosjekter/ost-eks-hf/rediger".into(),
            [L, 200, 200, 403, 200, 403, 403],
        ),
        (
            format!("/prosjekter/ost-up-asker/tilskudd/{}/rediger", i.grant),
            [L, 200, 200, 403, 403, 403, 403],
        ),
        (
            format!("/prosjekter/ost-up-asker/tilskudd/{}/slett", i.grant),
            [L, 200, 200, 403, 403, 403, 403],
        ),
        (
            "/kunnskapsmatrise".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        ("/datakvalitet".into(), [L, 200, 200, 200, 403, 403, 200]),
        ("/import".into(), [L, 200, 200, 200, 403, 403, 403]),
        // Programmes: staff read every one; a recipient the programmes it takes part in
        // (Bergen takes part in none); advisers of the participation's office and admins
        // record phases.
        ("/programmer".into(), [L, 200, 200, 200, 200, 200, 200]),
        (
            "/programmer/ost-utviklingsprogram".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/tidslinje".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/oversikt".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/eksport.xlsx".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        // Status meetings: read by whoever reads the participation.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/statusmoter",
                i.asker_participant
            ),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/statusmoter/{}",
                i.asker_participant, i.asker_meeting
            ),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        // Agreements: staff read all, a municipality's recipient its own; the office's
        // advisers and admins change them.
        ("/avtaler".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/avtaler/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        (
            format!("/avtaler/{}", i.asker_agreement),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/avtaler/{}/endre", i.asker_agreement),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}/meetings",
                i.asker_participant
            ),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/api/v1/agreements".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/agreements/{}", i.asker_agreement),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/api/v1/municipalities/3203/agreements".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/arsmelding/2011".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/arsmelding/2011/markdown".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/fase",
                i.asker_participant
            ),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        // A participant's page: read as the programme; the plan's forms (measures) for the
        // office's advisers, admins and the participation's own recipient.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}",
                i.asker_participant
            ),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/tiltak/{}",
                i.asker_participant, i.asker_measure
            ),
            [L, 200, 200, 403, 200, 404, 403],
        ),
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}",
                i.asker_participant
            ),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        // Indicators against comparison groups and co-financing: who reads the programme;
        // the rule for advisers of the owning office and admins. The national counts:
        // everyone logged in.
        (
            "/programmer/ost-utviklingsprogram/indikatorer".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/indikatorer/bostedslose".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/egenfinansiering".into(),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/programmer/ost-utviklingsprogram/egenfinansiering/regel".into(),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        // Editing a programme and its participants: the owning office's advisers and admins.
        (
            "/programmer/ost-utviklingsprogram/endre".into(),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/ny-deltaker".into(),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/endre",
                i.asker_participant
            ),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        // Asking before a removal: Asker has a plan and meetings, so the page says why not.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/fjern",
                i.asker_participant
            ),
            [L, 409, 409, 403, 403, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/malindikatorer".into(),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        // A participant's fact sheet: who reads the participation (Bergen takes part in
        // none of it).
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/faktaark",
                i.asker_participant
            ),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/faktaark.pdf",
                i.asker_participant
            ),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        // Municipalities: everyone logged in; what each sees on the page is filtered.
        ("/kommuner".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/kommuner/3203".into(), [L, 200, 200, 200, 200, 200, 200]),
        (
            "/api/v1/municipalities/3203".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/programmes".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/programmes/ost-utviklingsprogram".into(),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        ("/import/koder".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/import/mal/prosjekter.xlsx".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/import/mal/tilskudd.xlsx".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        ("/sok?q=bolig".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/dokumenter".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/dokumenter/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        (
            format!("/dokumenter/{}", i.public_doc),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/dokumenter/{}/fil", i.public_doc),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/dokumenter/{}", i.internal_doc),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/dokumenter/{}/fil", i.internal_doc),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        ("/rapporter".into(), [L, 200, 200, 200, 200, 200, 200]),
        (
            "/rapporter/publiserte".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/rapporter/{}", i.published),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/rapporter/{}/versjoner/1", i.published),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/rapporter/{}", i.approved),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/rapporter/{}", i.submitted),
            [L, 200, 200, 200, 404, 200, 200],
        ),
        (
            format!("/rapporter/{}", i.draft),
            [L, 200, 200, 404, 200, 404, 404],
        ),
        (
            format!("/rapporter/{}/rediger", i.draft),
            [L, 200, 200, 404, 200, 404, 404],
        ),
        // The draft's attachment: for those who may read the draft.
        (
            format!("/rapporter/{}/vedlegg/{}", i.draft, i.attachment),
            [L, 200, 200, 404, 200, 404, 404],
        ),
        (
            "/prosjekter/ost-eks-program/arssammendrag?ar=2025".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/prosjekter/ost-eks-program/arssammendrag.xlsx?ar=2025".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        ("/logg-inn".into(), [200, 303, 303, 303, 303, 303, 303]),
        ("/min-side".into(), [L, 200, 200, 200, 200, 200, 200]),
        // Only the token's owner sees it; for everyone else it is not there.
        (
            format!("/min-side/nokler/{}/tilbakekall", i.token),
            [L, 200, 404, 404, 404, 404, 404],
        ),
        ("/admin".into(), [L, 200, 403, 403, 403, 403, 403]),
        ("/admin/brukere".into(), [L, 200, 403, 403, 403, 403, 403]),
        (
            "/admin/brukere/test-leser/nytt-passord".into(),
            [L, 200, 403, 403, 403, 403, 403],
        ),
        ("/admin/maler".into(), [L, 200, 403, 403, 403, 403, 403]),
        (
            format!("/admin/maler/{}", i.template),
            [L, 200, 403, 403, 403, 403, 403],
        ),
        (
            format!("/admin/maler/versjoner/{}", i.template_version),
            [L, 200, 403, 403, 403, 403, 403],
        ),
        (
            "/admin/endringslogg".into(),
            [L, 200, 403, 403, 403, 403, 403],
        ),
        (
            "/api/v1/projects".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/projects/ost-01".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/projects/ost-eks-hf/similar".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/projects/ost-eks-hf/indicators".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        ("/api/v1/matrix".into(), [401, 200, 200, 200, 200, 200, 200]),
        (
            "/api/v1/export/projects".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/export/grants".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/taxonomy".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/search?q=bolig".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/search/suggest?q=bol".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/documents".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/documents/{}", i.internal_doc),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/api/v1/documents/{}/similar", i.internal_doc),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/api/v1/reports".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/reports/{}", i.published),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/reports/{}", i.submitted),
            [401, 200, 200, 200, 404, 200, 200],
        ),
        (
            format!("/api/v1/reports/{}", i.draft),
            [401, 200, 200, 404, 200, 404, 404],
        ),
        ("/api/v1/me".into(), [401, 200, 200, 200, 200, 200, 200]),
        ("/healthz".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/tilgjengelighet".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        ("/personvern".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/kontakt".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/static/husk.svg".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/static/husk-180.png".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        ("/favicon.ico".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/static/designsystemet.css".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/static/husk.css".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/static/husk.js".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        ("/static/sok.js".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/static/rapport.js".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        // Learning: networks (staff read all, a member's recipients their own), the theme of
        // the month (staff), arenas (staff, and recipients of the arena's programme), evaluations
        // (the office's advisers run them, staff read results; the answer page is public).
        ("/laering".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/nettverk".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/nettverk/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        (
            format!("/nettverk/{net}"),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/nettverk/{net}/endre"),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/medlemmer/{member}"),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/moter/999999"),
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/nettverk/{net}/oppdrag/999999"),
            [L, 404, 404, 404, 404, 404, 404],
        ),
        // Removals ask first, for who may change the thing (checked before the thing itself).
        (
            format!("/nettverk/{net}/medlemmer/{member}/fjern"),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/moter/999999/fjern"),
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/oppdrag/999999/fjern"),
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            "/manedens-tema/ost/999999/fjern".into(),
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/laeringsarenaer/{arena}/materiell/999999/fjern"),
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/verktoy/999999/fjern"),
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/sporsmal/999999/fjern"),
            [L, 404, 404, 403, 404, 404, 403],
        ),
        ("/manedens-tema".into(), [L, 303, 303, 303, 303, 303, 303]),
        (
            "/manedens-tema/ost".into(),
            [L, 200, 200, 200, 404, 404, 200],
        ),
        (
            "/manedens-tema/ost/999999".into(),
            [L, 404, 404, 404, 404, 404, 404],
        ),
        ("/laeringsarenaer".into(), [L, 200, 200, 200, 200, 200, 200]),
        (
            "/laeringsarenaer.ics".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/laeringsarenaer/ny".into(),
            [L, 200, 200, 200, 403, 403, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}"),
            [L, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/laeringsarenaer/{arena}/endre"),
            [L, 200, 200, 403, 403, 404, 403],
        ),
        (
            "/evaluering/finnes-ikke".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/evaluering/finnes-ikke/takk".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering"),
            [L, 200, 200, 200, 404, 404, 200],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/lysbilde"),
            [L, 200, 200, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/qr.svg"),
            [L, 200, 200, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/resultater"),
            [L, 200, 200, 200, 404, 404, 200],
        ),
        (
            "/laering/evalueringer".into(),
            [L, 200, 200, 200, 403, 403, 200],
        ),
        (
            "/api/v1/networks".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        ("/innovasjon".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/innovasjon/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        // Advisers, and Bergen's own recipient, correct Bergen's adoption.
        (
            format!("/innovasjon/leie-til-eie/overtakelser/{bergen_adoption}/endre"),
            [L, 200, 200, 200, 403, 200, 403],
        ),
        (
            "/innovasjon/leie-til-eie/endre".into(),
            [L, 200, 200, 200, 403, 403, 403],
        ),
        // Good examples are public; publishing one is for who records innovations.
        (
            "/gode-eksempler".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/gode-eksempler/ny".into(),
            [L, 200, 200, 200, 403, 403, 403],
        ),
        (
            "/gode-eksempler/999999".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/gode-eksempler/{example}/endre"),
            [L, 200, 200, 200, 403, 403, 403],
        ),
        (
            format!("/api/v1/good-examples/{example}"),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/good-examples".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        // Open data: the public pages, downloads, feed and exports are everyone's; what is
        // published is the administrator's to decide.
        ("/apne-data".into(), [200, 200, 200, 200, 200, 200, 200]),
        // The API's description is everyone's.
        ("/api-referanse".into(), [200, 200, 200, 200, 200, 200, 200]),
        (
            "/api/v1/openapi.json".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/apne-data/kommuner/3203".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/apne-data/kommuner/9999".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/apne-data/mottakere/999999".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/apne-data/programmer/ost-utviklingsprogram".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/apne-data/tiltak/bodo-01".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        // An entry with no published grant has no public page.
        (
            "/apne-data/tiltak/ost-01".into(),
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/apne-data/kunnskapsmatrise".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/apne-data/last-ned/tilskudd.xlsx".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/apne-data/nytt.atom".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/admin/publisering".into(),
            [L, 200, 403, 403, 403, 403, 403],
        ),
        (
            "/api/v1/open/grants".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/open/360giving.json".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/open/iati-activities.xml".into(),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/innovasjon/leie-til-eie".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/innovasjon/ukjent".into(),
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/api/v1/innovations".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/innovations/leie-til-eie".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/innovations/leie-til-eie/diffusion".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/networks/{net}"),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            "/api/v1/themes-of-month/ost".into(),
            [401, 200, 200, 200, 403, 403, 200],
        ),
        ("/api/v1/arenas".into(), [401, 200, 200, 200, 200, 200, 200]),
        (
            format!("/api/v1/arenas/{arena}"),
            [401, 200, 200, 200, 200, 404, 200],
        ),
        (
            format!("/api/v1/arenas/{arena}/evaluation"),
            [401, 200, 200, 200, 404, 404, 200],
        ),
        (
            format!("/api/v1/arenas/{arena}/evaluation/results"),
            [401, 200, 200, 200, 404, 404, 200],
        ),
        (
            "/api/v1/evaluations/summary".into(),
            [401, 200, 200, 200, 403, 403, 200],
        ),
        // The toolbox: for everyone logged in, a published guide for everyone; advisers and
        // admins change it.
        ("/verktoykasse".into(), [L, 200, 200, 200, 200, 200, 200]),
        ("/verktoykasse/ny".into(), [L, 200, 200, 200, 403, 403, 403]),
        (
            "/verktoykasse/velg".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/verktoykasse/bruk".into(),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/verktoykasse/{tool_public}"),
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/verktoykasse/{tool}/endre"),
            [L, 200, 200, 200, 403, 403, 403],
        ),
        (
            format!("/verktoykasse/{tool}/sammenlign?fra=1&til=1"),
            [L, 200, 200, 200, 200, 200, 200],
        ),
        ("/api/v1/tools".into(), [401, 200, 200, 200, 200, 200, 200]),
        (
            "/api/v1/tools/recommend?need=dele-erfaring".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/api/v1/tools/usage".into(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/tools/{tool}"),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            format!("/api/v1/tools/{tool}/versions"),
            [401, 200, 200, 200, 200, 200, 200],
        ),
    ];
    // Form routes, sent with the session's CSRF token. A role that may act gets the answer of
    // the action (422 for an empty form, 409 for a transition that is not possible), one that
    // may not gets 403 (or 404 for what it may not see), and the public is sent to log in.
    type Post<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 7]);
    let posts: Vec<Post> = vec![
        (
            "/prosjekter/ny".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/prosjekter/ost-eks-hf/tilskudd".into(),
            vec![],
            [L, 422, 422, 403, 403, 403, 403],
        ),
        // Without `bekreft=ja` those who may delete are sent to the question first.
        (
            format!("/prosjekter/ost-up-asker/tilskudd/{}/slett", i.grant),
            vec![],
            [L, 303, 303, 403, 403, 403, 403],
        ),
        // Accepting suggestions (none chosen): those who may change every field.
        (
            "/prosjekter/ost-eks-hf/klassifisering".into(),
            vec![],
            [L, 303, 303, 403, 403, 403, 403],
        ),
        (
            format!("/dokumenter/{}/klassifisering", i.internal_doc),
            vec![],
            [L, 303, 303, 403, 403, 404, 403],
        ),
        (
            format!("/prosjekter/ost-up-asker/tilskudd/{}/rediger", i.grant),
            vec![],
            [L, 422, 422, 403, 403, 403, 403],
        ),
        (
            "/prosjekter/ost-01/rediger".into(),
            vec![],
            [L, 422, 422, 403, 403, 403, 403],
        ),
        (
            "/prosjekter/ost-eks-hf/rapporter".into(),
            vec![("kind", "halvarsrapport"), ("year", "2026")],
            [L, 303, 303, 403, 303, 403, 403],
        ),
        (
            format!("/rapporter/{}/vurdering", i.submitted),
            vec![("action", "returner")],
            [L, 422, 403, 422, 404, 403, 403],
        ),
        (
            format!("/rapporter/{}/dialogmote", i.submitted),
            vec![("dato", "")],
            [L, 422, 403, 422, 404, 403, 403],
        ),
        (
            format!("/rapporter/{}/publiser", i.published),
            vec![],
            [L, 409, 409, 403, 403, 403, 403],
        ),
        (
            format!("/rapporter/{}/utkast", i.draft),
            vec![("revision", "-1")],
            [L, 409, 409, 404, 409, 404, 404],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/fase",
                i.asker_participant
            ),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        // The planning deliverables are the office's (an empty form records nothing missing);
        // measures and the checklist also the participation's own recipient's.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/leveranser",
                i.asker_participant
            ),
            vec![],
            [L, 303, 303, 403, 403, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/tiltak",
                i.asker_participant
            ),
            vec![],
            [L, 422, 422, 403, 422, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/tiltak/{}",
                i.asker_participant, i.asker_measure
            ),
            vec![],
            [L, 422, 422, 403, 422, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/sjekkliste",
                i.asker_participant
            ),
            vec![],
            [L, 303, 303, 403, 303, 404, 403],
        ),
        // The API takes JSON: a form is a bad request for those who may write.
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}/measures",
                i.asker_participant
            ),
            vec![],
            [401, 400, 400, 403, 400, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/egenfinansiering/regel".into(),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/endre".into(),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/ny-deltaker".into(),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/endre",
                i.asker_participant
            ),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        // Asker has a plan and meetings: it is phased out, not removed.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/fjern",
                i.asker_participant
            ),
            vec![("bekreft", "ja")],
            [L, 409, 409, 403, 403, 404, 403],
        ),
        (
            "/programmer/ost-utviklingsprogram/malindikatorer".into(),
            vec![("antall", "1"), ("kobling.1.mal", "ukjent")],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/statusmoter",
                i.asker_participant
            ),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/statusmoter/{}",
                i.asker_participant, i.asker_meeting
            ),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        // The municipality's own recipient updates an action's status too.
        (
            format!(
                "/programmer/ost-utviklingsprogram/deltakere/{}/statusmoter/{}/oppfolging/{}",
                i.asker_participant, i.asker_meeting, i.asker_action
            ),
            vec![("status", "utfort"), ("utfort", "ikke en dato")],
            [L, 422, 422, 403, 422, 404, 403],
        ),
        (
            "/avtaler/ny".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            format!("/avtaler/{}/endre", i.asker_agreement),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/avtaler/{}/dialogmoter", i.asker_agreement),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        // The API's writes take JSON: a form is a 400 for who may write.
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}/meetings",
                i.asker_participant
            ),
            vec![],
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}/meetings/{}",
                i.asker_participant, i.asker_meeting
            ),
            vec![],
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            format!(
                "/api/v1/programmes/ost-utviklingsprogram/participants/{}/meetings/{}/actions/{}",
                i.asker_participant, i.asker_meeting, i.asker_action
            ),
            vec![],
            [401, 400, 400, 403, 400, 404, 403],
        ),
        (
            "/api/v1/agreements".into(),
            vec![],
            [401, 400, 400, 400, 403, 403, 403],
        ),
        (
            format!("/api/v1/agreements/{}", i.asker_agreement),
            vec![],
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            format!("/api/v1/agreements/{}/dialogue-meetings", i.asker_agreement),
            vec![],
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            "/admin/brukere".into(),
            vec![],
            [L, 422, 403, 403, 403, 403, 403],
        ),
        (
            format!("/admin/maler/{}", i.template),
            vec![("definition", "x =")],
            [L, 422, 403, 403, 403, 403, 403],
        ),
        (
            "/min-side/nokler".into(),
            vec![],
            [L, 422, 422, 422, 422, 422, 422],
        ),
        (
            format!("/min-side/nokler/{}/tilbakekall", i.token),
            vec![("bekreft", "ja")],
            [L, 303, 404, 404, 404, 404, 404],
        ),
        (
            "/min-side/passord".into(),
            vec![],
            [L, 422, 422, 422, 422, 422, 422],
        ),
        // An admin may not disable themself; nobody else may disable anyone.
        (
            "/admin/brukere/test-admin/deaktiver".into(),
            vec![("bekreft", "ja")],
            [L, 422, 403, 403, 403, 403, 403],
        ),
        (
            "/verktoykasse/ny".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            format!("/verktoykasse/{tool}/endre"),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/nettverk/ny".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/innovasjon/leie-til-eie/overtakelser".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/gode-eksempler".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/innovasjon".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/innovasjon/leie-til-eie/endre".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            "/innovasjon/leie-til-eie/koblinger".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            format!("/innovasjon/leie-til-eie/overtakelser/{bergen_adoption}/endre"),
            vec![],
            [L, 422, 422, 422, 403, 422, 403],
        ),
        // Removing a link that is not there changes nothing.
        (
            "/innovasjon/leie-til-eie/koblinger/fjern".into(),
            vec![],
            [L, 303, 303, 303, 403, 403, 403],
        ),
        (
            "/gode-eksempler/999999/trekk".into(),
            vec![],
            [L, 404, 404, 404, 403, 403, 403],
        ),
        (
            format!("/gode-eksempler/{example}/endre"),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        // A publication with a bad organisation number is shown again to the administrator.
        (
            "/admin/publisering".into(),
            vec![("orgnr", "123")],
            [L, 422, 403, 403, 403, 403, 403],
        ),
        // Nobody confirms an adoption that is not there.
        (
            "/innovasjon/leie-til-eie/overtakelser/999999/bekreft".into(),
            vec![],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        // Only who records innovations decides Husk's suggestions; one that is not suggested
        // is not there.
        (
            "/innovasjon/leie-til-eie/kilder".into(),
            vec![],
            [L, 404, 404, 404, 403, 403, 403],
        ),
        (
            format!("/nettverk/{net}/endre"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/medlemmer"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/medlemmer/{member}"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/moter"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/moter/999999"),
            vec![],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/nettverk/{net}/oppdrag"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/oppdrag/999999"),
            vec![],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/nettverk/{net}/oppdrag/999999/tilbakemelding"),
            vec![],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        // Without `bekreft=ja` a removal only sends who may make it to the question.
        (
            format!("/nettverk/{net}/medlemmer/{member}/fjern"),
            vec![],
            [L, 303, 303, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/moter/999999/fjern"),
            vec![("bekreft", "ja")],
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/nettverk/{net}/oppdrag/999999/fjern"),
            vec![("bekreft", "ja")],
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            "/manedens-tema/ost/999999/fjern".into(),
            vec![("bekreft", "ja")],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/laeringsarenaer/{arena}/materiell/999999/fjern"),
            vec![("bekreft", "ja")],
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/verktoy/999999/fjern"),
            vec![("bekreft", "ja")],
            [L, 404, 404, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/sporsmal/999999/fjern"),
            vec![("bekreft", "ja")],
            [L, 404, 404, 403, 404, 404, 403],
        ),
        (
            "/manedens-tema/ost".into(),
            vec![],
            [L, 422, 422, 403, 404, 404, 403],
        ),
        (
            "/manedens-tema/ost/999999".into(),
            vec![],
            [L, 404, 404, 404, 404, 404, 404],
        ),
        (
            "/laeringsarenaer/kalenderlenke".into(),
            vec![],
            [L, 200, 200, 200, 200, 200, 200],
        ),
        (
            "/laeringsarenaer/ny".into(),
            vec![],
            [L, 422, 422, 422, 403, 403, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/endre"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/program"),
            vec![],
            [L, 303, 303, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/deltakere"),
            vec![],
            [L, 303, 303, 403, 403, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/verktoy"),
            vec![],
            [L, 422, 422, 403, 403, 404, 403],
        ),
        (
            "/evaluering/finnes-ikke".into(),
            vec![],
            [404, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering"),
            vec![],
            [L, 303, 303, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/tider"),
            vec![],
            [L, 422, 422, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/sporsmal"),
            vec![],
            [L, 422, 422, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/sporsmal/1"),
            vec![],
            [L, 422, 422, 403, 404, 404, 403],
        ),
        (
            format!("/laeringsarenaer/{arena}/evaluering/lenker"),
            vec![],
            [L, 422, 422, 403, 404, 404, 403],
        ),
        (
            "/logg-inn".into(),
            vec![],
            [422, 422, 422, 422, 422, 422, 422],
        ),
        // Last: it ends the sessions.
        (
            "/logg-ut".into(),
            vec![],
            [303, 303, 303, 303, 303, 303, 303],
        ),
    ];
    let multipart_paths = [
        "/import".to_string(),
        "/dokumenter/ny".to_string(),
        format!("/rapporter/{}/rediger", i.draft),
        format!("/laeringsarenaer/{arena}/materiell"),
        format!("/api/v1/arenas/{arena}/materials"),
    ];
    // The API's other writes, JSON with the session's token in X-CSRF-Token.
    let participant_api = format!(
        "/api/v1/programmes/ost-utviklingsprogram/participants/{}",
        i.asker_participant
    );
    let api_writes: Vec<(&str, String, serde_json::Value, [u16; 7])> = vec![
        (
            "PUT",
            format!("{participant_api}/deliverables"),
            serde_json::json!({}),
            [401, 200, 200, 403, 403, 404, 403],
        ),
        (
            "PUT",
            format!("{participant_api}/measures/{}", i.asker_measure),
            serde_json::json!({}),
            [401, 422, 422, 403, 422, 404, 403],
        ),
        (
            "PATCH",
            format!("{participant_api}/measures/{}", i.asker_measure),
            serde_json::json!({}),
            [401, 200, 200, 403, 200, 404, 403],
        ),
        (
            "PUT",
            format!("{participant_api}/checklist"),
            serde_json::json!({"marks": []}),
            [401, 200, 200, 403, 200, 404, 403],
        ),
        (
            "PUT",
            "/api/v1/programmes/ost-utviklingsprogram".into(),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "PATCH",
            "/api/v1/programmes/ost-utviklingsprogram".into(),
            serde_json::json!({}),
            [401, 200, 200, 403, 403, 404, 403],
        ),
        (
            "POST",
            "/api/v1/programmes/ost-utviklingsprogram/participants".into(),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "PATCH",
            participant_api.clone(),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            format!("{participant_api}/remove"),
            serde_json::json!({}),
            [401, 409, 409, 403, 403, 404, 403],
        ),
        (
            "PUT",
            "/api/v1/programmes/ost-utviklingsprogram/goal-indicators".into(),
            serde_json::json!({"links": [{"goal": "ukjent", "indicator": "startlan"}]}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            "/api/v1/networks".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "POST",
            "/api/v1/innovations/leie-til-eie/adoptions".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "POST",
            "/api/v1/good-examples".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "POST",
            "/api/v1/innovations".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "PUT",
            "/api/v1/innovations/leie-til-eie".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "POST",
            "/api/v1/innovations/leie-til-eie/links".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        // Bergen's own recipient corrects Bergen's adoption; others may not.
        (
            "PUT",
            format!("/api/v1/innovations/leie-til-eie/adoptions/{bergen_adoption}"),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 422, 403],
        ),
        (
            "POST",
            "/api/v1/innovations/leie-til-eie/adoptions/999999/confirm".into(),
            serde_json::json!({}),
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/innovations/leie-til-eie/suggestions".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "DELETE",
            "/api/v1/innovations/leie-til-eie/links/prosjekt/finnes-ikke".into(),
            serde_json::json!({}),
            [401, 404, 404, 404, 403, 403, 403],
        ),
        (
            "PUT",
            format!("/api/v1/good-examples/{example}"),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "POST",
            "/api/v1/good-examples/999999/withdraw".into(),
            serde_json::json!({}),
            [401, 404, 404, 404, 403, 403, 403],
        ),
        (
            "PUT",
            format!("/api/v1/networks/{net}"),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            format!("/api/v1/networks/{net}/members"),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            format!("/api/v1/networks/{net}/meetings"),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            format!("/api/v1/networks/{net}/assignments"),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "POST",
            format!("/api/v1/networks/{net}/assignments/999999/report"),
            serde_json::json!({}),
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/themes-of-month/ost".into(),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 403, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/networks/{net}/members/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 404, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/networks/{net}/meetings/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 404, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/networks/{net}/assignments/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 404, 403],
        ),
        (
            "DELETE",
            "/api/v1/themes-of-month/ost/999999".into(),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 403, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/arenas/{arena}/materials/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 404, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/arenas/{arena}/tools/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 403, 404, 403],
        ),
        (
            "DELETE",
            format!("/api/v1/arenas/{arena}/evaluation/questions/999999"),
            serde_json::json!({}),
            [401, 404, 404, 403, 404, 404, 403],
        ),
        (
            "POST",
            "/api/v1/arenas".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "PUT",
            format!("/api/v1/arenas/{arena}"),
            serde_json::json!({}),
            [401, 422, 422, 403, 403, 404, 403],
        ),
        (
            "PUT",
            format!("/api/v1/arenas/{arena}/agenda"),
            serde_json::json!({}),
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            "PUT",
            format!("/api/v1/arenas/{arena}/participants"),
            serde_json::json!({}),
            [401, 400, 400, 403, 403, 404, 403],
        ),
        (
            "POST",
            "/api/v1/tools".into(),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
        (
            "PUT",
            format!("/api/v1/tools/{tool}"),
            serde_json::json!({}),
            [401, 422, 422, 422, 403, 403, 403],
        ),
    ];
    let rows: Vec<(&str, &str)> = gets
        .iter()
        .map(|(path, _)| ("GET", path.as_str()))
        .chain(posts.iter().map(|(path, _, _)| ("POST", path.as_str())))
        .chain(api_writes.iter().map(|(m, path, _, _)| (*m, path.as_str())))
        .chain(multipart_paths.iter().map(|path| ("POST", path.as_str())))
        .collect();
    check_the_table_covers_every_route(&rows);

    let mut wrong = Vec::new();
    for (path, expected) in &gets {
        for (role, session) in ROLES.iter().zip(&who) {
            let (status, location) = session.status_of(path).await;
            let want = expected[ROLES.iter().position(|r| r == role).unwrap()];
            if !expect_code(want, status, &location) {
                wrong.push(format!(
                    "GET {path} as {role}: {status} {location}, expected {}",
                    if want == L {
                        "login".into()
                    } else {
                        want.to_string()
                    }
                ));
            }
        }
    }

    // Uploads check the token in the multipart body.
    for path in multipart_paths.iter().map(String::as_str) {
        let mut no_token = who[1].clone();
        no_token.csrf = String::new();
        let r = no_token.post_parts(path, &[], &[]).await;
        if r.status() != StatusCode::FORBIDDEN {
            wrong.push(format!(
                "multipart POST {path} without CSRF token: {}",
                r.status()
            ));
        }
        for (k, role) in ROLES.iter().enumerate() {
            let r = who[k].post_parts(path, &[], &[]).await;
            let may = match path {
                "/import" | "/dokumenter/ny" => {
                    matches!(*role, "test-admin" | "test-ost" | "test-vest")
                }
                // Materials of region øst's arena: its advisers and admins.
                p if p.starts_with("/laeringsarenaer") || p.starts_with("/api/v1/arenas") => {
                    matches!(*role, "test-admin" | "test-ost")
                }
                _ => matches!(*role, "test-admin" | "test-ost" | "test-asker"),
            };
            let api = path.starts_with("/api/");
            let ok = match (*role, may) {
                ("offentlig", _) if api => r.status() == StatusCode::UNAUTHORIZED,
                ("offentlig", _) => r.status() == StatusCode::SEE_OTHER,
                (_, true) => {
                    r.status() != StatusCode::FORBIDDEN && r.status() != StatusCode::NOT_FOUND
                }
                // A draft never sent in is not even seen by those who may not fill it in.
                (_, false) if path.starts_with("/rapporter") => r.status() == StatusCode::NOT_FOUND,
                // Bergen does not even read the arena.
                ("test-bergen", false)
                    if path.starts_with("/laeringsarenaer")
                        || path.starts_with("/api/v1/arenas") =>
                {
                    r.status() == StatusCode::NOT_FOUND
                }
                (_, false) => r.status() == StatusCode::FORBIDDEN,
            };
            if !ok {
                wrong.push(format!("multipart POST {path} as {role}: {}", r.status()));
            }
        }
    }
    // Before the posts: the last of them logs out.
    for (method, path, body, expected) in &api_writes {
        let method: reqwest::Method = method.parse().unwrap();
        for (k, (role, session)) in ROLES.iter().zip(&who).enumerate() {
            let r = session
                .raw
                .request(method.clone(), session.url(path))
                .header("x-csrf-token", session.csrf.clone())
                .json(body)
                .send()
                .await
                .unwrap();
            if r.status().as_u16() != expected[k] {
                wrong.push(format!(
                    "{method} {path} as {role}: {}, expected {}",
                    r.status(),
                    expected[k]
                ));
            }
        }
        let r = who[1]
            .raw
            .request(method.clone(), who[1].url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        if r.status() != StatusCode::FORBIDDEN {
            wrong.push(format!(
                "{method} {path} without CSRF token: {}",
                r.status()
            ));
        }
    }
    for (path, form, expected) in &posts {
        for (k, (role, session)) in ROLES.iter().zip(&who).enumerate() {
            let r = session.post_form(path, form).await;
            let location = r
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let want = expected[k];
            let ok = if want == L {
                r.status() == StatusCode::SEE_OTHER && location.contains("/logg-inn")
            } else {
                r.status().as_u16() == want
            };
            if !ok {
                wrong.push(format!(
                    "POST {path} as {role}: {} {location}, expected {want}",
                    r.status()
                ));
            }
        }
        // Without the CSRF token nothing is done, for anyone.
        let r = who[1].post_form_bare(path, form).await;
        if r.status() != StatusCode::FORBIDDEN {
            wrong.push(format!("POST {path} without CSRF token: {}", r.status()));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} answers differ from the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn login_needs_the_csrf_cookie_fails_clearly_and_locks_after_five_failures() {
    let app = start().await;
    let anon = app.public().await;
    // The login page keeps the address to return to.
    let (status, location) = anon.status_of("/kunnskapsmatrise?region=vest").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        "/logg-inn?neste=%2Fkunnskapsmatrise%3Fregion%3Dvest"
    );
    let (_, html) = anon.get(&location).await;
    assert!(html.contains("name=\"neste\" value=\"/kunnskapsmatrise?region=vest\""));

    // A form without the token (another site's form) does nothing.
    let r = anon
        .post_form_bare(
            "/logg-inn",
            &[("username", "test-ost"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Skjemaet kunne ikke sendes"));

    // A wrong password: 401, the username kept, the password not.
    let r = anon
        .post_form(
            "/logg-inn",
            &[("username", "test-ost"), ("password", "feil-passord")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let html = r.text().await.unwrap();
    assert!(html.contains("Feil brukernavn eller passord"));
    assert!(html.contains("value=\"test-ost\""));
    assert!(!html.contains("feil-passord"));
    for _ in 0..4 {
        anon.post_form(
            "/logg-inn",
            &[("username", "test-ost"), ("password", "feil")],
        )
        .await;
    }
    // Locked: even the right password is refused, with the wait.
    let r = anon
        .post_form(
            "/logg-inn",
            &[("username", "test-ost"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("stengt fra denne adressen i 15 minutter"));
    // Other users are not locked.
    let r = anon
        .post_form(
            "/logg-inn",
            &[
                ("username", "test-vest"),
                ("password", PASSWORD),
                ("neste", "/rapporter"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[reqwest::header::LOCATION], "/rapporter");
    let cookie = r.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    for part in ["husk_session=", "HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    // Redirects after login stay on this site.
    let r = anon
        .post_form(
            "/logg-inn",
            &[
                ("username", "test-vest"),
                ("password", PASSWORD),
                ("neste", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.headers()[reqwest::header::LOCATION], "/");

    // Logging out ends the session.
    let ost = app.login("test-vest").await;
    assert_eq!(ost.status_of("/kunnskapsmatrise").await.0, StatusCode::OK);
    let r = ost.post_form("/logg-ut", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        ost.status_of("/kunnskapsmatrise").await.0,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn api_tokens_act_as_their_user_until_revoked() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let r = asker
        .post_form("/min-side/nokler", &[("name", "Regneark")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = asker.get("/min-side").await;
    let secret = html
        .split("data-secret=\"token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown once")
        .to_string();
    let bearer = |path: &str| {
        reqwest::Client::new()
            .get(app.url(path))
            .bearer_auth(&secret)
            .send()
    };
    let me: serde_json::Value = bearer("/api/v1/me").await.unwrap().json().await.unwrap();
    assert_eq!(me["username"], "test-asker");
    assert_eq!(me["role"], "mottaker");
    // The token has the user's rights: the register, Asker's own reports, not Bergen's
    // report under review.
    let list: serde_json::Value = bearer("/api/v1/projects")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = list["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"ost-eks-hf") && ids.contains(&"vest-eks-leie"),
        "{ids:?}"
    );
    let bergen_report = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .entry("vest-eks-leie")
        .await
        .unwrap()
        .unwrap()
        .reports()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.state == husk_domain::reporting::ReportState::Submitted)
        .expect("Bergen's submitted report")
        .id;
    assert_eq!(
        bearer(&format!("/api/v1/reports/{bergen_report}"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // The token's page does not show it again.
    let (_, page) = asker.get("/min-side").await;
    assert!(page.contains("Regneark"));
    assert!(!page.contains(&secret));
    // Revoked: refused with a clear message.
    let id = app
        .store
        .api_tokens(
            app.store
                .user_by_name("test-asker")
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()[0]
        .id;
    let r = asker
        .post_form(
            &format!("/min-side/nokler/{id}/tilbakekall"),
            &[("bekreft", "ja")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = bearer("/api/v1/me").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("ugyldig eller tilbakekalt"));
}

#[tokio::test]
async fn a_recipient_never_reads_another_organisations_report_by_guessing_ids() {
    let app = start().await;
    // A draft of Bergen's, with something secret in it.
    let bergen = app.login("test-bergen").await;
    let draft = app
        .store
        .start_report("vest-eks-leie", ReportKind::Annual, 2025)
        .await
        .unwrap();
    let r = bergen
        .post_form(
            &format!("/rapporter/{draft}/utkast"),
            &[("revision", "0"), ("laert", "Hemmelig utkast fra Bergen")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let asker = app.login("test-asker").await;
    let max: i64 = draft + 3;
    for id in 1..=max {
        let info = app
            .store
            .read_as(&husk_domain::Viewer::System)
            .report_info(id)
            .await
            .unwrap();
        let own_or_public = info.as_ref().is_some_and(|i| {
            i.organisation.as_deref() == Some("Asker kommune")
                || i.state == husk_domain::reporting::ReportState::Published
        });
        for path in [
            format!("/rapporter/{id}"),
            format!("/rapporter/{id}/rediger"),
            format!("/rapporter/{id}/versjoner/1"),
            format!("/api/v1/reports/{id}"),
        ] {
            let (status, _) = asker.status_of(&path).await;
            if !own_or_public {
                assert_eq!(status, StatusCode::NOT_FOUND, "{path} for Asker");
            }
        }
        let (_, body) = asker.get(&format!("/api/v1/reports/{id}")).await;
        assert!(!body.contains("Hemmelig"), "report {id} leaked");
    }
    // Nor in the overview, the API list or search.
    let (_, html) = asker.get("/rapporter").await;
    assert!(!html.contains("Bergen"), "the overview shows only Asker's");
    let (_, list) = asker.get_json("/api/v1/reports").await;
    assert!(list["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["organisation"] == "Asker kommune"));
    let (_, hits) = asker
        .get_json("/api/v1/search?q=%22hemmelig+utkast+fra+bergen%22")
        .await;
    assert_eq!(
        hits["total_documents"], 0,
        "drafts are not in the knowledge base"
    );
}

#[tokio::test]
async fn a_recipients_start_page_lists_its_own_entries_and_no_one_elses() {
    let app = start().await;
    let entries = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .register()
        .unwrap()
        .facts()
        .await
        .unwrap();
    for (user, organisation) in [
        ("test-asker", "Asker kommune"),
        ("test-bergen", "Bergen kommune"),
    ] {
        let session = app.login(user).await;
        let (status, html) = session.get("/").await;
        assert_eq!(status, StatusCode::OK);
        let start = html
            .find("id=\"prosjekter\"")
            .expect("the entries' section");
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        let own: Vec<&str> = entries
            .iter()
            .filter(|e| e.recipient.as_deref() == Some(organisation))
            .map(|e| e.title.as_str())
            .collect();
        assert!(
            !own.is_empty(),
            "{organisation} has entries in the demo data"
        );
        for title in &own {
            assert!(
                section.contains(&format!(">{}</a>", askama_escape(title))),
                "{user} sees its entry «{title}»"
            );
        }
        for e in entries
            .iter()
            .filter(|e| e.recipient.as_deref() != Some(organisation))
        {
            assert!(
                !section.contains(&format!(">{}</a>", askama_escape(&e.title))),
                "{user} does not see «{}» of {:?}",
                e.title,
                e.recipient
            );
        }
    }
}

/// A title as the templates write it.
fn askama_escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The answers of a complete report, as form fields.
fn complete_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("gjort_mot_plan", "Teamet kom i gang i januar."),
        ("status_framdrift", "som-planlagt"),
        ("mal.1.goal", "Egen bolig for deltakerne"),
        ("mal.1.assessment", "4"),
        ("mal.1.comment", "Ti av tolv bor i egen bolig"),
        ("indikatorer.1.name", "Deltakere i egen bolig"),
        ("indikatorer.1.unit", "personer"),
        ("indikatorer.1.baseline", "0"),
        ("indikatorer.1.target", "12"),
        ("indikatorer.1.actual", "10"),
        ("laert", "Kveldsoppfølging hindrer utkastelser."),
        ("endret_praksis", "Teamet deltar i tildelingsmøtet."),
        ("annerledes", "Vi ville skaffet boliger tidligere."),
        ("brukermedvirkning_grad", "4"),
        ("spredning_kanaler", "fagdag"),
        ("spredning_kanaler", "nettverk"),
        ("tildelt", "500 000"),
        ("brukt", "420 000"),
        // Asked from version 2 of the default template.
        ("formal", "Færre utkastelser, mål 2 i handlingsplanen."),
        ("suksesskriterier", "Ingen deltakere mister boligen."),
        ("kunnskapstema", "brukerrelaterte-metoder"),
        ("malgrupper", "bostedslos"),
        ("videreforing", "delvis"),
        ("samtykke_publisering", "nei"),
    ]
}

#[tokio::test]
async fn a_report_is_filled_in_returned_resubmitted_approved_and_published() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let ost = app.login("test-ost").await;
    // The recipient sees the due report on the start page and starts it.
    let (_, home) = asker.get("/").await;
    assert!(
        home.contains("Rapporter som venter på dere"),
        "reminders on the start page"
    );
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
    let id: i64 = edit
        .trim_start_matches("/rapporter/")
        .trim_end_matches("/rediger")
        .parse()
        .unwrap();
    let (status, form) = asker.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("name=\"revision\" value=\"0\""));

    // Sending it in empty: every missing field named at once, nothing lost.
    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", "0"),
                ("action", "send"),
                ("avvik", "Litt forsinket"),
                ("tildelt", "mye"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Rett opp dette før rapporten kan sendes inn"));
    for field in [
        "gjort_mot_plan",
        "mal",
        "laert",
        "endret_praksis",
        "annerledes",
        "brukermedvirkning_grad",
        "brukt",
    ] {
        assert!(
            html.contains(&format!("href=\"#f-{field}\"")),
            "{field} is in the summary"
        );
    }
    assert!(html.contains("«mye» er ikke et beløp"));
    assert!(
        html.contains(">Litt forsinket</textarea>"),
        "typed text is kept"
    );
    assert!(
        html.contains("value=\"mye\""),
        "the bad value is shown again"
    );

    // With everything filled in, and an attachment.
    let revision = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let mut fields = complete_form();
    fields.push(("revision", &revision));
    fields.push(("action", "send"));
    let r = asker
        .post_parts(
            &edit,
            &fields,
            &[("vedlegg.new", "plan.txt", b"Handlingsplan for teamet")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, page) = asker.get(&format!("/rapporter/{id}?melding=sendt")).await;
    assert!(page.contains("Rapporten er sendt inn"));
    assert!(page.contains("data-status=\"sendt\""));
    assert!(
        !page.contains(">Fyll ut rapporten<"),
        "a submitted report cannot be changed"
    );
    let attachment = page
        .split("href=\"/rapporter/")
        .find(|s| s.contains("/vedlegg/"))
        .map(|s| format!("/rapporter/{}", s.split('"').next().unwrap()))
        .expect("the attachment is linked");
    let (status, body) = ost.get(&attachment).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "Handlingsplan for teamet")
    );

    // The adviser returns it with a comment on one field.
    let (_, review) = ost.get(&format!("/rapporter/{id}")).await;
    assert!(review.contains("Vurder rapporten"));
    let r = ost
        .post_form(
            &format!("/rapporter/{id}/vurdering"),
            &[
                ("action", "returner"),
                ("comment", "Nesten ferdig."),
                ("kommentar.laert", "Skriv om samarbeidet med NAV."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The recipient sees the comments at the field and sends it in again.
    let (status, form) = asker.get(&edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Nesten ferdig."));
    assert!(form.contains("Skriv om samarbeidet med NAV."));
    assert!(
        form.contains("aria-describedby=\"f-laert-kommentar"),
        "the comment describes the field"
    );
    let revision = app
        .store
        .read_as(&husk_domain::Viewer::System)
        .report_info(id)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let mut fields: Vec<(&str, &str)> = complete_form()
        .into_iter()
        .filter(|(k, _)| *k != "laert")
        .collect();
    fields.push((
        "laert",
        "Kveldsoppfølging hindrer utkastelser. NAV deltar nå på teammøtene.",
    ));
    fields.push(("revision", &revision));
    fields.push(("action", "send"));
    let sha = attachment.rsplit('/').next().unwrap().to_string();
    fields.push(("vedlegg.keep", &sha));
    let r = asker.post_parts(&edit, &fields, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = ost.get(&format!("/rapporter/{id}")).await;
    assert!(page.contains("data-status=\"sendt-pa-nytt\""));

    // Version 2 compared with version 1: only the changed answer.
    let (status, v2) = ost.get(&format!("/rapporter/{id}/versjoner/2")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(v2.contains("Endret siden versjon 1"));
    let diff = v2
        .split("class=\"ds-table diff-table\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(diff.matches("<tr><th scope=\"row\">").count(), 1, "{diff}");
    assert!(diff.contains("NAV deltar nå på teammøtene"));
    let (_, v1) = ost.get(&format!("/rapporter/{id}/versjoner/1")).await;
    // History names people by their names, not their usernames.
    assert!(v1.contains("Returnert av Test test-ost"), "{v1}");
    assert!(v1.contains("Skriv om samarbeidet med NAV."));

    // Approved: in the knowledge base (internal), indicators on the project page.
    let r = ost
        .post_form(
            &format!("/rapporter/{id}/vurdering"),
            &[("action", "godkjenn")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, project) = ost.get("/prosjekter/ost-eks-hf").await;
    assert!(project.contains("Indikatorer fra godkjente rapporter"));
    assert!(project.contains("Deltakere i egen bolig"));
    let (_, hits) = ost
        .get_json("/api/v1/search?q=NAV+deltar+teamm%C3%B8tene")
        .await;
    assert!(hits["total_documents"].as_i64().unwrap() >= 1);
    let public = app.public().await;
    assert_eq!(
        public.status_of(&format!("/rapporter/{id}")).await.0,
        StatusCode::SEE_OTHER
    );
    // A recipient cannot publish; the adviser can.
    assert_eq!(
        asker
            .post_form(&format!("/rapporter/{id}/publiser"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ost.post_form(&format!("/rapporter/{id}/publiser"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (status, html) = public.get(&format!("/rapporter/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("NAV deltar nå på teammøtene"));
    assert!(
        !html.contains("Innsendte versjoner"),
        "the public sees the report, not its history"
    );
    let (_, list) = public.get("/rapporter/publiserte").await;
    assert!(list.contains(&format!("href=\"/rapporter/{id}\"")));

    // Every step is in the audit log, with who did it (by name).
    let admin = app.login("test-admin").await;
    let (_, log) = admin
        .get(&format!("/admin/endringslogg?post={id}&tabell=reports"))
        .await;
    for who in ["Test test-asker", "Test test-ost"] {
        assert!(log.contains(&format!("<td>{who}</td>")), "{who} in the log");
    }
    assert!(
        log.contains("<del>Sendt inn</del> → <ins>Returnert</ins>"),
        "the state change with its old value"
    );
}

#[tokio::test]
async fn two_people_editing_one_draft_cannot_overwrite_each_other() {
    let app = start().await;
    let asker = app.login("test-asker").await;
    let ost = app.login("test-ost").await;
    let id = app
        .store
        .start_report("ost-eks-hf", ReportKind::HalfYear, 2026)
        .await
        .unwrap();
    let edit = format!("/rapporter/{id}/rediger");
    // Both open the draft at revision 0.
    let (_, a) = asker.get(&edit).await;
    let (_, b) = ost.get(&edit).await;
    assert!(
        a.contains("name=\"revision\" value=\"0\"") && b.contains("name=\"revision\" value=\"0\"")
    );
    // The adviser saves first.
    let r = ost
        .post_parts(
            &edit,
            &[
                ("revision", "0"),
                ("action", "lagre"),
                ("gjort_mot_plan", "Rådgiverens tekst"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The recipient's save is refused with who and what differs, and keeps what was typed.
    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", "0"),
                ("action", "lagre"),
                ("gjort_mot_plan", "Mottakerens tekst"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Utkastet ble endret av Test test-ost"),
        "who saved in between"
    );
    assert!(
        html.contains(">Mottakerens tekst</textarea>"),
        "what the user typed is kept"
    );
    assert!(html.contains("den lagrede versjonen har «Rådgiverens tekst»"));
    assert!(html.contains("name=\"revision\" value=\"1\""));
    assert_eq!(
        app.store
            .read_as(&husk_domain::Viewer::System)
            .report(id)
            .await
            .unwrap()
            .unwrap()
            .draft["gjort_mot_plan"]
            .text(),
        "Rådgiverens tekst",
        "nothing was overwritten"
    );
    // The autosave is refused too, with a message for the page.
    let r = asker
        .post_form(
            &format!("/rapporter/{id}/utkast"),
            &[("revision", "0"), ("gjort_mot_plan", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("Test test-ost lagret utkastet"));
    // Saving again from the conflict page (now at revision 1) is a deliberate overwrite.
    let r = asker
        .post_parts(
            &edit,
            &[
                ("revision", "1"),
                ("action", "lagre"),
                ("gjort_mot_plan", "Mottakerens tekst"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Autosave moves the revision on, as the page's script expects.
    let r = asker
        .post_form(
            &format!("/rapporter/{id}/utkast"),
            &[("revision", "2"), ("gjort_mot_plan", "Skrevet videre")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["revision"], 3);
}

#[tokio::test]
async fn admins_manage_users_templates_and_read_the_log() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    // A new user: every problem at once, the input kept.
    let r = admin
        .post_form(
            "/admin/brukere",
            &[
                ("username", "Ny Bruker"),
                ("name", "Ny"),
                ("role", "radgiver"),
                ("email", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("«ny bruker» kan ikke brukes som brukernavn. Bruk 2–40 tegn"));
    assert!(html.contains("En rådgiver må høre til et kontor. Velg kontoret."));
    assert!(html.contains("«x» er ikke en e-postadresse. Skriv en adresse som navn@kommune.no"));
    assert!(html.contains("value=\"Ny Bruker\""));
    let r = admin
        .post_form(
            "/admin/brukere",
            &[
                ("username", "ny.bruker"),
                ("name", "Ny Bruker"),
                ("role", "radgiver"),
                ("region", "sor"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.get("/admin/brukere").await;
    let password = html
        .split("data-secret=\"password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let ny = app.public().await;
    let r = ny
        .post_form(
            "/logg-inn",
            &[("username", "ny.bruker"), ("password", &password)],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the shown password works"
    );
    // Disabling ends the user's sessions.
    let vest = app.login("test-vest").await;
    admin
        .post_form("/admin/brukere/test-vest/deaktiver", &[("bekreft", "ja")])
        .await;
    assert_eq!(vest.status_of("/rapporter").await.0, StatusCode::SEE_OTHER);

    // A template with an error: the line is named, nothing saved.
    let tid = app.store.current_template().await.unwrap().template_id;
    let (_, page) = admin.get(&format!("/admin/maler/{tid}")).await;
    assert!(page.contains("Felles rapporteringsmal for tilskudd"));
    let r = admin
        .post_form(&format!("/admin/maler/{tid}"), &[("definition", "name = \"Mal\"\n[[section]]\nkey = \"a\"\ntitle = \"A\"\n[[section.field]]\nkey = \"b\"\nlabel = \"B\"\nkind = \"tekstfelt\"\n")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Linje 8, kolonne 8: «tekstfelt» er ikke en felttype"),
        "{}",
        html.split("feiloppsummering")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(600)
            .collect::<String>()
    );
    // The demo's reports use version 1, so a good edit makes version 2.
    let mut def = app.store.current_template().await.unwrap().def;
    def.name = "Felles mal 2027".into();
    let r = admin
        .post_form(
            &format!("/admin/maler/{tid}"),
            &[("definition", &def.to_toml())],
        )
        .await;
    assert_eq!(
        r.headers()[reqwest::header::LOCATION],
        "/admin/maler?melding=ny-versjon"
    );
    let (_, list) = admin.get("/admin/maler").await;
    assert!(list.contains("Versjon 2") && list.contains("Versjon 1"));

    // The log, filtered by user.
    let (_, log) = admin.get("/admin/endringslogg?bruker=test-admin").await;
    assert!(log.contains("Opprettet bruker: Ny Bruker"), "{log}");
    assert!(log.contains("ny.bruker"));
    assert!(log.contains("Felles mal 2027"));
    assert!(!log.contains("$argon2"), "no password hashes in the log");
    let rows = log.matches("<td>Test test-admin</td>").count();
    assert!(
        rows >= 3 && log.matches("<td>Test test-ost</td>").count() == 0,
        "only the chosen user"
    );
}

#[tokio::test]
async fn the_annual_summary_compiles_the_programmes_approved_reports() {
    let app = start().await;
    let ost = app.login("test-ost").await;
    let (status, html) = ost
        .get("/prosjekter/ost-eks-program/arssammendrag?ar=2025")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Årsmelding 2025"));
    assert!(
        html.contains("Fagdager for ansatte"),
        "indicators of the programme's report"
    );
    assert!(
        html.contains("Deltakere i egen bolig"),
        "and of the entries under it"
    );
    assert!(html.contains("Måloppnåelse"));
    assert!(html.contains("Hva har dere lært?"));
    assert!(html.contains("/prosjekter/ost-eks-program/arssammendrag.xlsx?ar=2025"));
    let r = ost
        .raw
        .get(ost.url("/prosjekter/ost-eks-program/arssammendrag.xlsx?ar=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX (zip) file");
    let (_, none) = ost
        .get("/prosjekter/ost-eks-program/arssammendrag?ar=2027")
        .await;
    assert!(none.contains("Ingen godkjente rapporter for 2027"));
}
