//! The demo data: the 57 entries the 2016 review mapped, region øst's development programme,
//! and the grants the reports give (see `data/demo/README.md`). Loaded through the ordinary
//! import, so loading twice changes nothing.

use crate::import::{ImportFailure, ImportReport};
use crate::Store;

const MAPPED_PROJECTS: &[u8] = include_bytes!("../../../data/reference/post78_mapped_projects.csv");
const PROGRAMMES: &[u8] = include_bytes!("../../../data/demo/programmes.csv");
const GRANTS: &[u8] = include_bytes!("../../../data/demo/grants.csv");
const CORPUS_SOURCES: &str = include_str!("../../../data/corpus/SOURCES.csv");
/// The five seed reports, named as in `data/corpus/SOURCES.csv`.
const CORPUS: &[(&str, &[u8])] = &[
    (
        "innovasjon-og-styring-i-boligsosialt-arbeid-2014.txt",
        include_bytes!("../../../data/corpus/innovasjon-og-styring-i-boligsosialt-arbeid-2014.txt"),
    ),
    (
        "fafo-2013-49-boligsosiale-utfordringer-og-sosial-innovasjon.txt",
        include_bytes!(
            "../../../data/corpus/fafo-2013-49-boligsosiale-utfordringer-og-sosial-innovasjon.txt"
        ),
    ),
    (
        "samarbeid-kommune-frivillige-organisasjoner-2008.txt",
        include_bytes!("../../../data/corpus/samarbeid-kommune-frivillige-organisasjoner-2008.txt"),
    ),
    (
        "moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt",
        include_bytes!(
            "../../../data/corpus/moreforsking-2012-folgeevaluering-utviklingsprogram-ost.txt"
        ),
    ),
    (
        "ramboll-2016-kunnskap-og-laering-kompetansetilskudd.txt",
        include_bytes!(
            "../../../data/corpus/ramboll-2016-kunnskap-og-laering-kompetansetilskudd.txt"
        ),
    ),
];

#[derive(serde::Deserialize)]
struct Source {
    file: String,
    title: String,
    authors: String,
    publisher: String,
    year: String,
    doc_type: String,
    region: String,
    public: bool,
    themes: String,
    target_groups: String,
    projects: String,
}

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demoregisteret: {0}")]
    Import(#[from] ImportFailure),
    #[error("demodokumentet {file}: {source}")]
    Ingest {
        file: String,
        source: crate::knowledge::IngestError,
    },
    #[error("kunne ikke skrive demodokumentene til en midlertidig mappe: {0}")]
    Io(#[from] std::io::Error),
    #[error("data/corpus/SOURCES.csv: {0}")]
    Sources(#[from] csv::Error),
}

/// What loading the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub projects: ImportReport,
    pub programmes: ImportReport,
    pub grants: ImportReport,
    /// Documents ingested now (0 when they were already there).
    pub documents_added: usize,
    pub documents: usize,
}

impl Store {
    /// Loads the demo data. Idempotent: a second load leaves the register as it was.
    pub async fn load_demo(&self) -> Result<DemoReport, DemoError> {
        let projects = self
            .import_projects("post78_mapped_projects.csv", MAPPED_PROJECTS, false)
            .await?;
        let programmes = self
            .import_projects("programmes.csv", PROGRAMMES, false)
            .await?;
        let grants = self.import_grants("grants.csv", GRANTS, false).await?;
        sqlx::query(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo_loaded', CURRENT_TIMESTAMP)",
        )
        .execute(&self.pool)
        .await
        .map_err(|e| ImportFailure::Store(crate::StoreError::Db(e)))?;
        let (documents, documents_added) = self.load_demo_corpus().await?;
        Ok(DemoReport {
            projects,
            programmes,
            grants,
            documents,
            documents_added,
        })
    }

    /// Ingests the seed reports with their descriptions from `SOURCES.csv`.
    async fn load_demo_corpus(&self) -> Result<(usize, usize), DemoError> {
        // Inside this store's data directory: two stores in one process (parallel tests) must
        // not share (and remove) each other's copies.
        let dir = self.data_dir.join(".demo-corpus");
        std::fs::create_dir_all(&dir)?;
        let mut added = 0;
        let sources: Vec<Source> = csv::Reader::from_reader(CORPUS_SOURCES.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()?;
        for src in &sources {
            let Some((name, bytes)) = CORPUS.iter().find(|(n, _)| *n == src.file) else {
                continue;
            };
            let path = dir.join(name);
            std::fs::write(&path, bytes)?;
            let input = husk_domain::DocumentInput {
                title: src.title.clone(),
                authors: src.authors.clone(),
                publisher: src.publisher.clone(),
                year: src.year.clone(),
                doc_type: src.doc_type.clone(),
                region: src.region.clone(),
                public: src.public,
                projects: husk_domain::portfolio::split_codes(&src.projects),
                organisations: Vec::new(),
                themes: husk_domain::portfolio::split_codes(&src.themes),
                target_groups: husk_domain::portfolio::split_codes(&src.target_groups),
            };
            let result = self.ingest(&path, name, &input).await;
            std::fs::remove_file(&path).ok();
            match result {
                Ok(i) if !i.duplicate => added += 1,
                Ok(_) => {}
                Err(source) => {
                    std::fs::remove_dir_all(&dir).ok();
                    return Err(DemoError::Ingest {
                        file: name.to_string(),
                        source,
                    });
                }
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        Ok((sources.len(), added))
    }
}
