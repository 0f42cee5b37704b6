//! The demo data: the 57 entries the 2016 review mapped, region øst's development programme,
//! and the grants the reports give (see `data/demo/README.md`). Loaded through the ordinary
//! import, so loading twice changes nothing.

use crate::import::{ImportFailure, ImportReport};
use crate::Store;

const MAPPED_PROJECTS: &[u8] = include_bytes!("../../../data/reference/post78_mapped_projects.csv");
const PROGRAMMES: &[u8] = include_bytes!("../../../data/demo/programmes.csv");
const GRANTS: &[u8] = include_bytes!("../../../data/demo/grants.csv");
/// Where the sources disagree about the demo's entries, and what is inferred rather than stated.
const SOURCE_NOTES: &[u8] = include_bytes!("../../../data/demo/source_notes.csv");
/// Example entries running now, invented for the demo of reporting (marked «Eksempel»).
const CURRENT: &[u8] = include_bytes!("../../../data/demo/current.csv");
/// Example reports on those entries, taken through the workflow by the demo users.
const REPORTS: &str = include_str!("../../../data/demo/reports.toml");

/// The demo's users: (username, name, role, office, organisation).
pub const DEMO_USERS: &[(&str, &str, &str, &str, &str)] = &[
    ("demo-admin", "Demo Administrator", "admin", "", ""),
    (
        "demo-radgiver-ost",
        "Demo Rådgiver (region øst)",
        "radgiver",
        "ost",
        "",
    ),
    (
        "demo-radgiver-vest",
        "Demo Rådgiver (region vest)",
        "radgiver",
        "vest",
        "",
    ),
    (
        "demo-mottaker-asker",
        "Demo Mottaker (Asker kommune)",
        "mottaker",
        "",
        "Asker kommune",
    ),
    ("demo-leser", "Demo Leser", "leser", "", ""),
];
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
    #[error("Demoregisteret kunne ikke lastes. {0}")]
    Import(#[from] ImportFailure),
    #[error("Demodokumentet {file} kunne ikke legges inn. {source}")]
    Ingest {
        file: String,
        source: crate::knowledge::IngestError,
    },
    #[error(
        "Husk fikk ikke skrevet demodokumentene til en midlertidig mappe: {}.",
        husk_domain::norwegian::io_problem(.0)
    )]
    Io(#[from] std::io::Error),
    #[error("Listen over demodokumentene (data/corpus/SOURCES.csv) kan ikke leses.")]
    Sources(#[from] csv::Error),
    #[error("Demobrukeren {0} kunne ikke lages: {1}")]
    User(String, String),
    #[error("Eksempelrapportene i data/demo/reports.toml kunne ikke lastes: {0}")]
    Reports(String),
    #[error("{0}")]
    Notes(#[from] crate::quality::NotesError),
    #[error("Demoprogrammet kunne ikke lastes. {0}")]
    Programmes(#[from] crate::programmes::ProgrammeLoadError),
}

/// What loading the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub projects: ImportReport,
    pub programmes: ImportReport,
    /// The invented example entries of the reporting demo.
    pub examples: ImportReport,
    pub grants: ImportReport,
    /// Source notes (disagreements between sources, inferred values) new or changed now.
    pub source_notes: usize,
    /// Documents ingested now (0 when they were already there).
    pub documents_added: usize,
    pub documents: usize,
    /// Demo users created now, with their passwords (empty when they existed).
    pub users: Vec<DemoUser>,
    /// Example reports taken through the workflow now.
    pub reports_added: usize,
}

/// A demo user created by [`Store::load_demo`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    pub username: String,
    pub role: String,
    pub password: String,
}

#[derive(serde::Deserialize)]
struct ExampleReports {
    report: Vec<ExampleReport>,
}

#[derive(serde::Deserialize)]
struct ExampleReport {
    project: String,
    kind: String,
    year: i32,
    recipient: String,
    adviser: String,
    steps: Vec<String>,
    #[serde(default)]
    return_comment: String,
    #[serde(default)]
    field_comments: std::collections::BTreeMap<String, String>,
    answers: toml::Table,
    #[serde(default)]
    changed: toml::Table,
}

/// TOML answers as the report's answers: a string is text, a list of strings a multiple
/// choice, a list of lists the rows of a table.
fn answers_of(table: &toml::Table) -> Result<husk_domain::reporting::Answers, String> {
    use husk_domain::reporting::Answer;
    let text = |v: &toml::Value| {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{v} er ikke tekst"))
    };
    let mut out = husk_domain::reporting::Answers::new();
    for (k, v) in table {
        let answer = match v {
            toml::Value::String(s) => Answer::Text(s.clone()),
            toml::Value::Array(items) if items.iter().all(|i| i.is_array()) => Answer::Rows(
                items
                    .iter()
                    .map(|row| {
                        row.as_array()
                            .into_iter()
                            .flatten()
                            .map(text)
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .collect::<Result<_, _>>()?,
            ),
            toml::Value::Array(items) => {
                Answer::List(items.iter().map(text).collect::<Result<_, _>>()?)
            }
            other => return Err(format!("{k}: {other} er verken tekst eller en liste")),
        };
        out.insert(k.clone(), answer);
    }
    Ok(out)
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
        let notes = husk_files::notes::read_notes("source_notes.csv", SOURCE_NOTES)
            .map_err(crate::quality::NotesError::from)?;
        let source_notes = self.save_source_notes(&notes).await?;
        self.load_demo_programmes().await?;
        self.load_demo_learning()
            .await
            .map_err(ImportFailure::Store)?;
        self.load_demo_innovations()
            .await
            .map_err(ImportFailure::Store)?;
        self.load_demo_publication()
            .await
            .map_err(ImportFailure::Store)?;
        let first_time = !self.has_demo_data().await.map_err(ImportFailure::Store)?;
        let examples = self.import_projects("current.csv", CURRENT, false).await?;
        let db = |e: sqlx::Error| ImportFailure::Store(crate::StoreError::Db(e));
        let mut tx = self.begin_write().await.map_err(db)?;
        crate::sql::set_meta_once(&mut *tx, "demo_loaded", &crate::now_text())
            .await
            .map_err(db)?;
        Self::commit_write(tx).await.map_err(db)?;
        let (documents, documents_added) = self.load_demo_corpus().await?;
        if first_time {
            // The example entries started in 2025: count their obligations from then.
            let from =
                time::Date::from_calendar_date(2025, time::Month::January, 1).expect("a date");
            self.set_reporting_from(from)
                .await
                .map_err(ImportFailure::Store)?;
        }
        let users = self.load_demo_users().await?;
        let reports_added = self.load_demo_reports().await?;
        Ok(DemoReport {
            projects,
            programmes,
            examples,
            grants,
            source_notes,
            documents,
            documents_added,
            users,
            reports_added,
        })
    }

    /// Creates the demo users that do not exist yet, each with a new random password.
    async fn load_demo_users(&self) -> Result<Vec<DemoUser>, DemoError> {
        let mut created = Vec::new();
        for (username, name, role, region, org) in DEMO_USERS {
            if self
                .user_by_name(username)
                .await
                .map_err(ImportFailure::Store)?
                .is_some()
            {
                continue;
            }
            let password = crate::accounts::generate_password();
            let input = crate::accounts::UserInput {
                username: username.to_string(),
                name: name.to_string(),
                email: String::new(),
                role: role.to_string(),
                region: region.to_string(),
                organisation: org.to_string(),
                password: password.clone(),
            };
            self.create_user(&input)
                .await
                .map_err(|e| DemoError::User(username.to_string(), e.to_string()))?;
            created.push(DemoUser {
                username: username.to_string(),
                role: role.to_string(),
                password,
            });
        }
        Ok(created)
    }

    /// Takes the example reports through the workflow, as the demo users, unless a report on
    /// the same entry, kind and year exists.
    async fn load_demo_reports(&self) -> Result<usize, DemoError> {
        use husk_domain::reporting::{ReportAction, ReportKind};
        let file: ExampleReports =
            toml::from_str(REPORTS).map_err(|e| DemoError::Reports(e.to_string()))?;
        let fail = |r: &ExampleReport, e: String| {
            DemoError::Reports(format!("{} {} {}: {e}", r.project, r.kind, r.year))
        };
        let mut added = 0;
        for r in &file.report {
            let kind = ReportKind::from_code(&r.kind)
                .ok_or_else(|| fail(r, "ukjent rapporttype".into()))?;
            let exists = self
                .reports_of_project(&r.project)
                .await
                .map_err(ImportFailure::Store)?
                .iter()
                .any(|x| x.kind == kind && x.year == r.year);
            if exists {
                continue;
            }
            let as_user = |name: &str| {
                let name = name.to_string();
                async move {
                    let u = self
                        .user_by_name(&name)
                        .await
                        .map_err(ImportFailure::Store)?;
                    Ok::<_, DemoError>(match u {
                        Some(u) => self.acting_as(crate::audit::Actor::user(u.id, &u.username)),
                        None => self.acting_as(crate::audit::Actor::system("demo")),
                    })
                }
            };
            let recipient = as_user(&r.recipient).await?;
            let adviser = as_user(&r.adviser).await?;
            let id = recipient
                .start_report(&r.project, kind, r.year)
                .await
                .map_err(|e| fail(r, e.to_string()))?;
            let mut answers = answers_of(&r.answers).map_err(|e| fail(r, e))?;
            for step in &r.steps {
                let revision = self
                    .report_info(id)
                    .await
                    .map_err(ImportFailure::Store)?
                    .map(|i| i.revision)
                    .unwrap_or(0);
                match step.as_str() {
                    "submit" => {
                        recipient
                            .submit_demo_report(id, &answers, revision)
                            .await
                            .map_err(|e| fail(r, e.to_string()))?;
                    }
                    "resubmit" => {
                        answers.extend(answers_of(&r.changed).map_err(|e| fail(r, e))?);
                        recipient
                            .submit_demo_report(id, &answers, revision)
                            .await
                            .map_err(|e| fail(r, e.to_string()))?;
                    }
                    "return" => {
                        adviser
                            .review_report(
                                id,
                                ReportAction::Return,
                                &r.return_comment,
                                &r.field_comments,
                            )
                            .await
                            .map_err(|e| fail(r, e.to_string()))?;
                    }
                    "approve" => {
                        adviser
                            .review_report(id, ReportAction::Approve, "", &Default::default())
                            .await
                            .map_err(|e| fail(r, e.to_string()))?;
                    }
                    "publish" => {
                        adviser
                            .publish_report(id)
                            .await
                            .map_err(|e| fail(r, e.to_string()))?;
                    }
                    other => return Err(fail(r, format!("ukjent steg «{other}»"))),
                }
            }
            added += 1;
        }
        Ok(added)
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
                type_required: false,
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
