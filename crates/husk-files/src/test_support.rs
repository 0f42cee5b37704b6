//! What the unit tests of the modules share: reading a CSV text, and rows that are hard to
//! write and read back.

use crate::*;
use husk_domain::ProjectInput;

pub(crate) const HEADER: &str = "id,kind,title,region,start_year";

pub(crate) fn csv(text: &str) -> Result<Table, Vec<ImportError>> {
    read_table(text.as_bytes(), FileFormat::Csv)
}

pub(crate) fn projects(text: &str) -> Result<Vec<(usize, ProjectInput)>, Vec<ImportError>> {
    let table = csv(text)?;
    projects_from_table(&table).map(|(rows, _)| rows)
}

pub(crate) fn only(errors: Vec<ImportError>) -> ImportError {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

pub(crate) fn tricky_projects() -> Vec<ProjectInput> {
    vec![
        ProjectInput {
            id: "vest-01".into(),
            kind: "prosjekt".into(),
            title: "Fra leie til eie, «Bodø»; æøå ÆØÅ og \"sitat\"".into(),
            description: "Første linje\nAndre linje, med komma; og semikolon\r\nTredje\ttab".into(),
            region: "vest".into(),
            recipient: "Bergen kommune".into(),
            recipient_type: "programkommune".into(),
            orgnr: "964338531".into(),
            kommunenummer: "4601".into(),
            start_year: "2011".into(),
            end_year: "2013".into(),
            status: "avsluttet".into(),
            themes: vec!["tildeling-bosetting".into(), "virkemiddelbruk".into()],
            target_groups: vec!["barnefamilier".into()],
            learning_tools: vec!["veileder".into(), "kurs".into()],
            parent: "vest-00".into(),
            related: vec!["ost-01".into(), "sor-04".into()],
        },
        // Empty optional fields everywhere.
        ProjectInput {
            id: "ost-02".into(),
            kind: "tiltak".into(),
            title: "=SUM(A1) \"alene\"".into(),
            region: "ost".into(),
            start_year: "2020".into(),
            ..Default::default()
        },
        // Values that look like numbers but must stay text; a year that is not a number.
        ProjectInput {
            id: "nord-03".into(),
            kind: "program".into(),
            title: "007".into(),
            description: " innrykk og mellomrom på slutten ".into(),
            region: "nord".into(),
            orgnr: "012345678".into(),
            kommunenummer: "0301".into(),
            start_year: "20x4".into(),
            end_year: "2030".into(),
            ..Default::default()
        },
    ]
}
