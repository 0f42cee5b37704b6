//! Open data over HTTP: the 360Giving package validates against the official 1.4.3 schema and
//! the IATI activities against the 2.03 XML schema (both copied into `data/standards/` with
//! their licences); nothing private reaches any public page, download, feed, export or API
//! answer (walked as the public after adding private data); the downloads read back to what
//! the API lists; and the administrator's form keeps what was typed.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};

const STANDARDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/standards");
const GRANT_SCHEMA_1_4_3: &str =
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json";
/// The package schema of 1.4.3 refers to the grant schema under its 1.4.2 address.
const GRANT_SCHEMA_1_4_2: &str =
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json";

/// Every problem the 360Giving package schema finds (empty when valid).
fn threesixty_problems(package: &Value) -> Vec<String> {
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(format!("{STANDARDS}/360giving-1.4.3/{name}"))
            .expect("the 360Giving schema in data/standards");
        serde_json::from_str(&text).expect("the schema is JSON")
    };
    let grant = read("360-giving-schema.json");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource(GRANT_SCHEMA_1_4_3, grant.clone())
        .unwrap();
    compiler.add_resource(GRANT_SCHEMA_1_4_2, grant).unwrap();
    compiler
        .add_resource(
            "urn:husk:360giving-package",
            read("360-giving-package-schema.json"),
        )
        .unwrap();
    let index = compiler
        .compile("urn:husk:360giving-package", &mut schemas)
        .expect("the package schema compiles");
    match schemas.validate(package, index) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("{e:#}")],
    }
}

/// xmllint's verdict on the IATI document (Debian's libxml2-utils, installed by
/// scripts/test).
fn iati_problems(xml: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iati-activities.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(format!("{STANDARDS}/iati-2.03/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .expect(
            "xmllint validates the IATI export: install Debian's libxml2-utils (scripts/test does)",
        );
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Grants and a report that must never be public, and two that must.
async fn add_private_data(app: &App) {
    let grants = "project,year,amount_nok,budget_item,status,note\n\
        ost-eks-hf,2025,350000,post78,tilsagn,\n\
        ost-eks-program,2025,420000,post78,tilsagn,\n\
        midt-07,2015,123457,post78,tilsagn,\n\
        ost-01,2016,7654321,post21,tilsagn,\n\
        ost-02,2016,9876543,post78,forventet,\n";
    app.store
        .import_grants("private.csv", grants.as_bytes(), false)
        .await
        .expect("the test grants import");
}

/// Strings of private data: an unpublished scheme's entry and amount, an expected grant's, the
/// master's student, and the approved report that Asker has not published (an indicator and
/// its comment).
const PRIVATE: &[&str] = &[
    "Deling av Gobo",
    "7654321",
    "7 654 321",
    "Sluttrapport Boligsosialt utviklingsprogram",
    "9876543",
    "9 876 543",
    "Masterstudent",
    "Bostedsløse registrert i kommunen",
    "Kartlegging i november",
    "Skriv litt mer om hva dere har lært",
];

fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| h.starts_with("/apne-data") || h.starts_with("/api/v1/open"))
        .collect()
}

async fn page_text_of(who: &App, path: &str) -> String {
    let (status, body) = who.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    body
}

#[tokio::test]
async fn nothing_private_reaches_any_public_page_download_feed_or_export() {
    let app = start().await;
    add_private_data(&app).await;
    let public = app.public().await;
    let mut queue: VecDeque<String> = VecDeque::from(vec![
        "/apne-data".to_string(),
        "/apne-data/nytt.atom".to_string(),
        "/api/v1/open/grants?per_page=200".to_string(),
        "/apne-data/last-ned/tilskudd.csv".to_string(),
        "/apne-data/last-ned/tilskudd.json".to_string(),
        "/apne-data?q=Gobo".to_string(),
        "/apne-data?mottakertype=masterstipend".to_string(),
    ]);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut everything = String::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 300 {
            continue;
        }
        let (status, body) = public.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for p in PRIVATE {
            assert!(!body.contains(p), "{path} shows «{p}»");
        }
        if !path.contains("last-ned/tilskudd.xlsx") {
            for l in links(&body) {
                queue.push_back(l);
            }
        }
        everything.push_str(&body);
    }
    assert!(seen.len() > 20, "the walk reached the pages: {seen:?}");
    for must in [
        "/apne-data/kunnskapsmatrise",
        "/apne-data/kommuner/3203",
        "/apne-data/programmer/ost-utviklingsprogram",
        "/apne-data/tiltak/bodo-01",
        "/apne-data/mottakere/",
        "/api/v1/open/360giving.json",
        "/api/v1/open/iati-activities.xml",
        "/apne-data/last-ned/tilskudd.xlsx",
    ] {
        assert!(
            seen.iter().any(|s| s.starts_with(must)),
            "{must} was walked"
        );
    }
    // An entry's page shows both sources where they disagree.
    let (_, bodo) = public.get("/apne-data/tiltak/bodo-01").await;
    assert!(bodo.contains("kildene sier forskjellig"));
    assert!(bodo.contains("Rambøll 2016, kap. 4.4, tabell 4-2"));
    // The master's scholarship is published without the person.
    assert!(everything.contains("Privatperson (navn publiseres ikke)"));
    assert!(everything.contains("Masterstipend: Bolig og sosial ulikhet i helse"));
    // Asker's published report's results are public; its internal annual report's are not.
    assert!(everything.contains("Deltakere i egen bolig"));
    // The demo's grants name the reports they come from.
    assert!(page_text_of(&public, "/apne-data")
        .await
        .contains("Rambøll (2016), kap. 4.4, tabell 4-2"));
    // A page of reports past the last shows the last.
    assert!(page_text_of(&public, "/apne-data?rapporter=99")
        .await
        .contains("Deltakere i egen bolig"));
    // The feed has the published report and the good examples, and nothing internal.
    let (_, feed) = public.get("/apne-data/nytt.atom").await;
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("Halvårsrapport 2025"), "{feed}");
    assert!(feed.contains("Godt eksempel: "));
    assert!(
        !feed.contains("Årsrapport 2025"),
        "the approved, unpublished report"
    );
    // The matrix over published entries downloads in long form.
    let (_, matrix) = public.get("/apne-data/last-ned/kunnskapsmatrise.csv").await;
    assert!(
        matrix.starts_with("tema,mottakertype,antall_tiltak\r\n"),
        "{matrix}"
    );
    // The search's facet counts only what is published: one master's grant.
    let (_, page) = public.get("/apne-data").await;
    assert!(page.contains("Masterstipend (1)"), "the facet counts one");
    let (_, none) = public.get("/apne-data?q=Gobo").await;
    assert!(none.contains("0 tilskudd"));
}

#[tokio::test]
async fn the_exports_validate_against_the_360giving_and_iati_schemas() {
    let app = start().await;
    add_private_data(&app).await;
    let public = app.public().await;
    let (status, package) = public.get_json("/api/v1/open/360giving.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(threesixty_problems(&package), Vec::<String>::new());
    // The check can fail: an amount as text and a date without its day are refused.
    let mut broken = package.clone();
    broken["grants"][0]["amountAwarded"] = Value::from("230 000");
    broken["grants"][0]["awardDate"] = Value::from("2017");
    assert!(!threesixty_problems(&broken).is_empty());
    let grants = package["grants"].as_array().unwrap();
    assert!(grants.len() > 20);
    assert!(grants.iter().all(|g| g["id"]
        .as_str()
        .unwrap()
        .starts_with("360G-husbanken-tilskudd-")));
    let person = grants
        .iter()
        .find(|g| g["amountAwarded"] == 123457)
        .expect("the master's grant");
    assert!(person.get("recipientOrganization").is_none());
    assert_eq!(
        person["recipientIndividual"]["name"],
        "Privatperson (navn publiseres ikke)"
    );
    let baerum = grants
        .iter()
        .find(|g| g["recipientOrganization"][0]["name"] == "Bærum kommune")
        .expect("Bærum's programme grant");
    assert_eq!(baerum["beneficiaryLocation"][0]["geoCode"], "3201");
    assert_eq!(baerum["grantProgramme"][1]["code"], "ost-utviklingsprogram");
    assert!(package["description"]
        .as_str()
        .unwrap()
        .contains("eksempelklassifisering"));

    let r = public
        .raw
        .get(public.url("/api/v1/open/iati-activities.xml"))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    let xml = r.bytes().await.unwrap();
    assert_eq!(iati_problems(&xml), None);
    let out_of_order = String::from_utf8(xml.to_vec()).unwrap().replacen(
        "<activity-status code=",
        "<activity-statuss code=",
        1,
    );
    assert!(
        iati_problems(out_of_order.as_bytes()).is_some(),
        "xmllint refuses a wrong element"
    );
    let text = String::from_utf8(xml.to_vec()).unwrap();
    // programme → participant, and the published report's indicator with its period.
    assert!(
        text.contains("<iati-identifier>360G-husbanken-ost-utviklingsprogram</iati-identifier>")
    );
    assert!(text
        .contains("<related-activity ref=\"360G-husbanken-ost-utviklingsprogram\" type=\"1\"/>"));
    assert!(text.contains("Deltakere i egen bolig (personer)"));
    assert!(text.contains("<actual value=\"9\"/>"));

    // Once the administrator enters Husbanken's organisation number, both use it.
    let admin = app.login("test-admin").await;
    let (_, form) = admin.get("/admin/publisering").await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for (scope, from) in [
        ("ordning:post78", "2011"),
        ("program:ost-utviklingsprogram", "2009"),
    ] {
        assert!(form.contains(&format!("name=\"publiser:{scope}\" value=\"ja\" checked")));
        fields.push((format!("publiser:{scope}"), "ja".into()));
        fields.push((format!("fra_ar:{scope}"), from.into()));
        fields.push((format!("tiltak:{scope}"), "ja".into()));
    }
    fields.push(("resultater:ordning:post78".into(), "ja".into()));
    fields.push(("orgnr".into(), "123 456 785".into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = admin.post_form("/admin/publisering", &borrowed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, package) = public.get_json("/api/v1/open/360giving.json").await;
    assert_eq!(
        package["grants"][0]["fundingOrganization"][0]["id"],
        "NO-BRC-123456785"
    );
    assert_eq!(threesixty_problems(&package), Vec::<String>::new());
    let (_, xml) = public.get("/api/v1/open/iati-activities.xml").await;
    assert!(xml.contains("<reporting-org ref=\"NO-BRC-123456785\" type=\"10\">"));
}

#[tokio::test]
async fn the_downloads_read_back_to_what_the_api_lists() {
    let app = start().await;
    let public = app.public().await;
    let (_, api) = public
        .get_json("/api/v1/open/grants?kommunenummer=3203&per_page=100")
        .await;
    let total = api["total"].as_u64().unwrap() as usize;
    assert!(total >= 4, "Asker's published grants");
    let sum: i64 = api["total_nok"].as_i64().unwrap();
    for (file, format) in [
        ("tilskudd.csv", husk_files::FileFormat::Csv),
        ("tilskudd.xlsx", husk_files::FileFormat::Xlsx),
    ] {
        let bytes = public
            .raw
            .get(public.url(&format!("/apne-data/last-ned/{file}?kommune=3203")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let table = husk_files::read_table(&bytes, format).expect("the download reads back");
        assert_eq!(table.rows.len(), total, "{file}");
        let amount = table.headers.iter().position(|h| h == "belop_nok").unwrap();
        let read_sum: i64 = table
            .rows
            .iter()
            .map(|r| r.cells[amount].parse::<i64>().unwrap())
            .sum();
        assert_eq!(read_sum, sum, "{file}");
    }
    let (_, json) = public
        .get_json("/apne-data/last-ned/tilskudd.json?kommune=3203")
        .await;
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), total);
    assert!(rows.iter().all(|r| r["kommune"] == "Asker kommune"));
    // A bad year in the API names the field.
    let (status, bad) = public.get_json("/api/v1/open/grants?year=tjue").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.to_string().contains("year"), "{bad}");
}

#[tokio::test]
async fn the_administrator_decides_what_is_published_and_the_form_keeps_what_was_typed() {
    let app = start().await;
    let admin = app.login("test-admin").await;
    let r = admin
        .post_form(
            "/admin/publisering",
            &[
                ("publiser:ordning:post78", "ja"),
                ("fra_ar:ordning:post78", "tjuefemten"),
                ("publiser:program:ost-utviklingsprogram", "ja"),
                ("fra_ar:program:ost-utviklingsprogram", "2009"),
                ("orgnr", "123"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("value=\"tjuefemten\""),
        "what was typed is kept"
    );
    assert!(page.contains("«tjuefemten» er ikke et årstall"));
    assert!(page.contains("value=\"123\""));
    assert!(page.contains("href=\"#fra-ar-ordning-post78\""));
    // Nothing changed.
    let public = app.public().await;
    let (_, before) = public.get("/apne-data").await;
    assert!(before.contains("Bærum kommune"));

    // Publishing only the competence grant from 2014 takes the programme's grants away.
    let r = admin
        .post_form(
            "/admin/publisering",
            &[
                ("publiser:ordning:post78", "ja"),
                ("fra_ar:ordning:post78", "2014"),
                ("orgnr", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, after) = public.get("/apne-data").await;
    assert!(!after.contains("Bærum kommune"));
    assert!(after.contains("Tilskudd over post 78 (kompetansetilskudd) fra 2014."));
    let (_, api) = public.get_json("/api/v1/open/grants?per_page=100").await;
    assert!(api["grants"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["year"].as_i64().unwrap() >= 2014 && g["scheme"] == "post78"));
    // The programme's page keeps only its grants that are still published: Asker's post 78.
    let (status, programme) = public
        .get("/apne-data/programmer/ost-utviklingsprogram")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(programme.contains("Asker kommune") && !programme.contains("Bærum kommune"));

    // Publishing nothing: the pages say so, and the standards have no file to give.
    let r = admin
        .post_form("/admin/publisering", &[("orgnr", "")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, empty) = public.get("/apne-data").await;
    assert!(empty.contains("Husbanken har ikke valgt å publisere noen tilskudd ennå."));
    assert!(empty.contains("0 tilskudd"));
    let (status, why) = public.get_json("/api/v1/open/360giving.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(why.to_string().contains("/admin/publisering"), "{why}");
}
