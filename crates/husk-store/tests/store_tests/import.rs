//! The import in the words of the pages (Norwegian column names, labels instead of codes), the
//! XLSX import template, the export with Norwegian names, and the length limits of text fields,
//! on a real SQLite file.

use husk_files::{FileFormat, Headings, TemplateKind};
use husk_store::{ImportFailure, Store};
use std::io::{Read, Write};

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open(&dir.path().join("data"))
        .await
        .unwrap();
    (dir, store)
}

/// The errors of a refused import, as the user reads them.
fn refused(result: Result<husk_store::ImportReport, ImportFailure>) -> Vec<String> {
    match result {
        Err(ImportFailure::Invalid(errors)) => errors.iter().map(|e| e.to_string()).collect(),
        other => panic!("expected the file to be refused, got {other:?}"),
    }
}

#[tokio::test]
async fn the_labels_and_column_names_the_pages_use_are_imported_as_codes() {
    let (_d, store) = fresh().await;
    let file = concat!(
        "Id;Type;Tittel;Ansvarlig kontor;Startår;Sluttår;Status;Mottaker;Mottakertype;Kunnskapstemaer;Målgrupper;Læringsverktøy\n",
        "ost-50;Prosjekt;Bo trygt;Region øst;2015;2017;Avsluttet;Asker kommune;Andre kommuner;\"Kompetanseheving; Nettverk, arenaer og møteplasser\";Bostedsløse;FoU-verktøy\n",
        "ost-51; PROGRAM ;Boligsosialt program; region ØST ;2016;;pågår;;;kompetanseheving, brukermedvirkning;;\n",
    );
    let report = store
        .import_projects("register.csv", file.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!(report.created, 2);

    let p = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-50")
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(p.kind.code(), "prosjekt");
    assert_eq!(p.region, "ost");
    assert_eq!(p.status.code(), "avsluttet");
    assert_eq!(
        p.recipient.unwrap().recipient_type.as_deref(),
        Some("annen-kommune")
    );
    assert_eq!(p.themes, vec!["kompetanseheving", "nettverk-arenaer"]);
    assert_eq!(p.target_groups, vec!["bostedslos"]);
    assert_eq!(p.learning_tools, vec!["fou"]);
    let q = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-51")
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(q.kind.code(), "program");
    assert_eq!(q.region, "ost");
    assert_eq!(q.status.code(), "aktiv", "«pågår» is the label of aktiv");
    assert_eq!(q.themes, vec!["kompetanseheving", "brukermedvirkning"]);
}

#[tokio::test]
async fn grants_take_labels_and_norwegian_column_names_too() {
    let (_d, store) = fresh().await;
    store
        .import_projects(
            "p.csv",
            b"id,kind,title,region,start_year\nvest-10,prosjekt,Leie til eie,vest,2014\n",
            false,
        )
        .await
        .unwrap();
    let file = "Prosjekt;År;Beløp (kroner);Budsjettpost;Status;Merknad\n\
        vest-10;2014;750000;Post 78;Tilsagn;Første år\n\
        vest-10;2015;500000;post 21;utbetalt;\n";
    let report = store
        .import_grants("t.csv", file.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!(report.created, 2);
    let grants = store
        .read_as(&husk_domain::Viewer::System)
        .project("vest-10")
        .await
        .unwrap()
        .unwrap()
        .grants;
    let codes: Vec<(&str, &str)> = grants
        .iter()
        .map(|g| (g.grant.budget_item.code(), g.grant.status.code()))
        .collect();
    assert_eq!(codes, vec![("post78", "tilsagn"), ("post21", "utbetalt")]);
}

#[tokio::test]
async fn an_unknown_value_names_its_place_and_the_closest_label() {
    let (_d, store) = fresh().await;
    let file = "Id,Type,Tittel,Ansvarlig kontor,Startår,Kunnskapstemaer\n\
        ost-60,Prosjket,Bo trygt,Regin øst,2015,Kompetansehevning\n";
    let errors = refused(store.import_projects("f.csv", file.as_bytes(), false).await);
    let kind = errors.iter().find(|e| e.contains("(Type)")).unwrap();
    assert_eq!(
        kind,
        "Linje 2, kolonne 2 (Type): «Prosjket» er ikke en type. Mente du «Prosjekt»? Velg en av «Program», «Prosjekt» og «Tiltak». Alle gyldige verdier står på /import/koder."
    );
    let theme = errors
        .iter()
        .find(|e| e.contains("(Kunnskapstemaer)"))
        .unwrap();
    assert!(
        theme.starts_with("Linje 2, kolonne 6 (Kunnskapstemaer): «Kompetansehevning» er ikke et kunnskapstema. Mente du «Kompetanseheving»?"),
        "{theme}"
    );
    assert!(theme.ends_with("/import/koder."), "{theme}");
    let region = errors
        .iter()
        .find(|e| e.contains("(Ansvarlig kontor)"))
        .unwrap();
    assert!(
        region.starts_with(
            "Linje 2, kolonne 4 (Ansvarlig kontor): «Regin øst» er ikke et kontor. Mente du «Region øst»?"
        ),
        "{region}"
    );
    assert!(
        store.projects().await.unwrap().is_empty(),
        "nothing is written"
    );
}

#[tokio::test]
async fn the_export_with_norwegian_names_imports_back_to_the_same_register() {
    let _d = tempfile::tempdir().unwrap();
    let store = husk_store::testing::open_demo(&_d.path().join("data"))
        .await
        .unwrap();
    let csv = store
        .export_projects_with(FileFormat::Csv, Headings::Norwegian)
        .await
        .unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.starts_with("Id,Type,Tittel,Beskrivelse,Ansvarlig kontor,"),
        "{}",
        &text[..80]
    );
    assert!(text.contains("Region øst"), "labels instead of codes");
    let grants = store
        .export_grants_with(FileFormat::Xlsx, Headings::Norwegian)
        .await
        .unwrap();

    let (_d2, copy) = fresh().await;
    copy.import_projects("prosjekter.csv", &csv, false)
        .await
        .unwrap();
    copy.import_grants("tilskudd.xlsx", &grants, false)
        .await
        .unwrap();
    assert_eq!(
        copy.projects().await.unwrap(),
        store.projects().await.unwrap()
    );
    let amounts = |s: Vec<husk_store::StoredGrant>| -> Vec<husk_domain::portfolio::Grant> {
        s.into_iter().map(|g| g.grant).collect()
    };
    assert_eq!(
        amounts(copy.grants().await.unwrap()),
        amounts(store.grants().await.unwrap())
    );
    // The default export stays codes with English names.
    let plain = store.export_projects(FileFormat::Csv).await.unwrap();
    assert!(plain.starts_with(b"id,kind,title,description,region,"));
}

/// The files of an XLSX workbook (a zip).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The template with rows typed into its first sheet, as a user filling it in in Excel would
/// (inline strings in cells A2…, the template's headings, notes and drop-downs kept).
fn fill_in(template: &[u8], rows: &[&[&str]]) -> Vec<u8> {
    let mut files = unzip(template);
    let sheet = files
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("the first sheet");
    let xml = String::from_utf8(sheet.1.clone()).unwrap();
    let mut typed = String::new();
    for (r, cells) in rows.iter().enumerate() {
        let row = r + 2;
        typed.push_str(&format!("<row r=\"{row}\">"));
        for (c, value) in cells.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let col = (b'A' + c as u8) as char;
            typed.push_str(&format!(
                "<c r=\"{col}{row}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"
            ));
        }
        typed.push_str("</row>");
    }
    let at = xml.find("</sheetData>").expect("sheet data");
    let filled = format!("{}{typed}{}", &xml[..at], &xml[at..]);
    sheet.1 = filled.into_bytes();
    rezip(&files)
}

#[tokio::test]
async fn the_import_template_has_norwegian_headings_help_and_drop_downs_and_imports_filled_in() {
    let (_d, store) = fresh().await;
    let template = store.import_template(TemplateKind::Projects).unwrap();

    // What a user sees: the data sheet first, then help and the code lists.
    let files = unzip(&template);
    let text = |name: &str| {
        String::from_utf8(
            files
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("{name} in the workbook"))
                .1
                .clone(),
        )
        .unwrap()
    };
    let workbook = text("xl/workbook.xml");
    let sheets: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(sheets, ["Prosjekter", "Hjelp", "Koder"]);
    let strings = text("xl/sharedStrings.xml");
    for heading in [
        "Ansvarlig kontor",
        "Startår",
        "Kunnskapstemaer",
        "Region øst",
        "Pågår",
    ] {
        assert!(strings.contains(heading), "«{heading}» in the template");
    }
    let data = text("xl/worksheets/sheet1.xml");
    assert!(
        data.contains("<dataValidation type=\"list\""),
        "coded columns have drop-down lists"
    );
    assert!(
        data.contains("Koder!$"),
        "the lists come from the Koder sheet"
    );

    // The template as it is: the headings are understood, there is just nothing in it.
    let errors = refused(store.import_projects("mal.xlsx", &template, false).await);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("bare overskriftslinjen"), "{errors:?}");

    // Filled in with the drop-downs' labels, it imports.
    let columns: Vec<&str> = husk_files::columns::PROJECTS
        .iter()
        .map(|c| c.field)
        .collect();
    let mut row = vec![""; columns.len()];
    let mut set = |field: &str, value: &'static str| {
        row[columns.iter().position(|c| *c == field).unwrap()] = value;
    };
    set("id", "ost-70");
    set("kind", "Prosjekt");
    set("title", "Bo trygt i Asker");
    set("region", "Region øst");
    set("recipient", "Asker kommune");
    set("recipient_type", "Andre kommuner");
    set("start_year", "2020");
    set("status", "Pågår");
    set("themes", "Kompetanseheving;Brukermedvirkning");
    set("target_groups", "Utsatte unge");
    let filled = fill_in(&template, &[&row]);
    let report = store
        .import_projects("mal.xlsx", &filled, false)
        .await
        .unwrap();
    assert_eq!(report.created, 1);
    let p = store
        .read_as(&husk_domain::Viewer::System)
        .project("ost-70")
        .await
        .unwrap()
        .unwrap()
        .project;
    assert_eq!(
        (p.kind.code(), p.region.as_str(), p.status.code()),
        ("prosjekt", "ost", "aktiv")
    );
    assert_eq!(p.themes, vec!["kompetanseheving", "brukermedvirkning"]);
    assert_eq!(p.target_groups, vec!["unge"]);

    // The grant template too.
    let grants = store.import_template(TemplateKind::Grants).unwrap();
    let filled = fill_in(
        &grants,
        &[&[
            "ost-70",
            "2020",
            "400000",
            "Post 78 (kompetansetilskudd)",
            "Tilsagn",
            "",
        ]],
    );
    let report = store
        .import_grants("tilskudd.xlsx", &filled, false)
        .await
        .unwrap();
    assert_eq!(report.created, 1);
}

#[tokio::test]
async fn too_long_texts_are_refused_with_the_field_and_the_limit() {
    let (_d, store) = fresh().await;
    let long_description = "b".repeat(10_001);
    let long_name = "K".repeat(201);
    let file = format!(
        "id,kind,title,description,region,start_year,recipient\n\
         ost-80,prosjekt,Bo trygt,{long_description},ost,2015,\n\
         ost-81,prosjekt,Bo trygt,,ost,2015,{long_name}\n"
    );
    let errors = refused(store.import_projects("f.csv", file.as_bytes(), false).await);
    assert_eq!(
        errors,
        vec![
            "Linje 2, kolonne 4 (Beskrivelse): «Beskrivelse» har 10 001 tegn, men kan ha høyst 10 000 tegn. Forkort teksten.",
            "Linje 3, kolonne 7 (Mottaker): «Mottaker» har 201 tegn, men kan ha høyst 200 tegn. Forkort teksten.",
        ]
    );
    let note = "n".repeat(1_001);
    store
        .import_projects(
            "p.csv",
            b"id,kind,title,region,start_year\nost-82,prosjekt,Bo,ost,2015\n",
            false,
        )
        .await
        .unwrap();
    let grants = format!("project,year,amount_nok,status,note\nost-82,2015,1000,tilsagn,{note}\n");
    let errors = refused(store.import_grants("g.csv", grants.as_bytes(), false).await);
    assert_eq!(
        errors,
        vec!["Linje 2, kolonne 5 (Merknad): «Merknad» har 1 001 tegn, men kan ha høyst 1 000 tegn. Forkort teksten."]
    );
}
