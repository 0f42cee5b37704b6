//! `husk-bench register`: a large register through the real import and the real web app.
//!
//! Generates a project file of `rows` entries (programmes with many children, related links,
//! descriptions long enough for similar work), imports it into a fresh data directory, starts
//! the web app on a random port and asks it, as an admin with an API token, for the project
//! list, project pages and the API lists; prints the size and time of every answer. Then saves
//! a report draft with a large answer a few times and prints what each save added to the audit
//! log. Prints figures; asserts none.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use husk_domain::reporting::{Answer, Answers, ReportKind};
use husk_store::audit::{Actor, AuditFilter};
use husk_store::{Store, UserInput};

/// What `husk-bench register` does.
#[derive(Debug, Clone)]
pub struct RegisterOptions {
    pub rows: usize,
    /// Characters of the large draft answer (the 1.9 MB).
    pub answer_chars: usize,
}

impl Default for RegisterOptions {
    fn default() -> Self {
        RegisterOptions {
            rows: 200_000,
            answer_chars: 1_900_000,
        }
    }
}

const REGIONS: [&str; 7] = [
    "ost",
    "vest",
    "sor",
    "midt",
    "bodo",
    "hammerfest",
    "nasjonal",
];
const THEMES: [&str; 6] = [
    "kompetanseheving",
    "utvikling-innovasjon",
    "brukermedvirkning",
    "nettverk-arenaer",
    "tildeling-bosetting",
    "virkemiddelbruk",
];
const WORDS: [&str; 24] = [
    "bolig",
    "oppfølging",
    "leie",
    "eie",
    "startlån",
    "bostøtte",
    "rus",
    "psykisk",
    "helse",
    "ungdom",
    "flyktninger",
    "bosetting",
    "tildeling",
    "nettverk",
    "kompetanse",
    "veileder",
    "kartlegging",
    "plan",
    "samarbeid",
    "frivillig",
    "boligsosial",
    "housing",
    "first",
    "tiltak",
];

/// A small fixed-seed generator, so that every run imports the same file.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The id of the `i`th generated entry (from 0).
fn id_of(i: usize) -> String {
    format!("{}-{}", REGIONS[(i / 500) % REGIONS.len()], i + 1)
}

/// Rows per import file: the register is imported in files of this many rows, each well
/// under the 50 MB an import file may be.
const ROWS_PER_FILE: usize = 100_000;

const HEADER: &str = "id,kind,title,description,region,recipient,recipient_type,start_year,end_year,themes,parent,related\n";

/// The project files: every 500th entry is a programme whose next 499 entries are its
/// children; every tenth entry links to the entry before it. Later files refer to entries of
/// earlier ones.
pub fn register_csv(rows: usize) -> Vec<Vec<u8>> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    let mut out = String::new();
    let mut programme = String::new();
    for i in 0..rows {
        if i % ROWS_PER_FILE == 0 {
            if !out.is_empty() {
                files.push(std::mem::take(&mut out).into_bytes());
            }
            out.push_str(HEADER);
        }
        let region = REGIONS[(i / 500) % REGIONS.len()];
        let id = id_of(i);
        let is_programme = i % 500 == 0;
        let words = |rng: &mut XorShift, n: usize| {
            (0..n)
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let title = format!("Arbeid med {}", words(&mut rng, 4));
        let description = format!("Kommunen vil {}.", words(&mut rng, 14));
        let (start, end) = if i == 1 {
            // The entry the draft is written on: running now.
            (2024, 2028)
        } else {
            let start = 2005 + rng.below(21);
            (start, start + rng.below(4))
        };
        let themes = format!(
            "{};{}",
            THEMES[rng.below(THEMES.len())],
            THEMES[rng.below(THEMES.len())]
        );
        let (kind, parent) = if is_programme {
            programme = id.clone();
            ("program", String::new())
        } else {
            ("prosjekt", programme.clone())
        };
        let related = if i % 10 == 9 && !is_programme {
            id_of(i - 1)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{id},{kind},{title},{description},{region},Kommune {},annen-kommune,{start},{end},{themes},{parent},{related}\n",
            rng.below(400) + 1
        ));
    }
    if !out.is_empty() {
        files.push(out.into_bytes());
    }
    files
}

fn megabytes(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / 1_048_576.0)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

struct Client {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Client {
    /// GETs `path`; (status, body bytes, time to the last byte).
    async fn get(&self, path: &str) -> Result<(u16, usize, Duration)> {
        let start = Instant::now();
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        let status = r.status().as_u16();
        let body = r.bytes().await?;
        Ok((status, body.len(), start.elapsed()))
    }
}

/// Runs the benchmark and prints its figures to `out`.
pub fn run_register(opts: &RegisterOptions, out: &mut impl Write) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(opts, out))
}

async fn run(opts: &RegisterOptions, out: &mut impl Write) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path()).await?;
    // As `husk serve` does when it starts (here over the empty register).
    store.warm_up().await?;
    let files = register_csv(opts.rows);
    writeln!(
        out,
        "register: {} rows in {} files of {} in all",
        opts.rows,
        files.len(),
        megabytes(files.iter().map(Vec::len).sum())
    )?;
    let start = Instant::now();
    let mut created = 0;
    for (i, csv) in files.iter().enumerate() {
        let report = store
            .acting_as(Actor::system("bench"))
            .import_projects(&format!("register-{}.csv", i + 1), csv, false)
            .await
            .map_err(|e| anyhow::anyhow!("import: {e:?}"))?;
        created += report.created;
    }
    writeln!(out, "import: {created} created in {}", ms(start.elapsed()))?;

    let admin = store
        .create_user(&UserInput {
            username: "bench-admin".into(),
            name: "Bench Admin".into(),
            email: String::new(),
            role: "admin".into(),
            region: String::new(),
            organisation: String::new(),
            password: "bench-passord-123".into(),
        })
        .await
        .map_err(|e| anyhow::anyhow!("user: {e:?}"))?;
    let token = store
        .create_api_token(admin, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("token: {e:?}"))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = husk_web::app(store.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = Client {
        base: format!("http://{addr}"),
        token,
        http: reqwest::Client::new(),
    };

    writeln!(out, "\n| request | status | bytes | time |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let programme = id_of(opts.rows / 2 / 500 * 500);
    let child = id_of(opts.rows / 2 + 7);
    let last = id_of(opts.rows - 1);
    let paths = [
        "/prosjekter".to_string(),
        "/prosjekter".to_string(),
        "/prosjekter?side=2000".to_string(),
        format!("/prosjekter/{programme}"),
        format!("/prosjekter/{programme}"),
        format!("/prosjekter/{child}"),
        format!("/prosjekter/{last}"),
        "/prosjekter/ost-2".to_string(),
        "/api/v1/projects".to_string(),
        "/api/v1/projects?page=2".to_string(),
        "/api/v1/reports".to_string(),
        "/api/v1/documents".to_string(),
        format!("/api/v1/projects/{programme}"),
        "/kunnskapsmatrise".to_string(),
        "/".to_string(),
    ];
    for path in &paths {
        let (status, bytes, time) = client.get(path).await?;
        writeln!(
            out,
            "| GET {path} | {status} | {} | {} |",
            megabytes(bytes),
            ms(time)
        )?;
    }

    // Autosave of a draft with a large answer: what each save adds to the audit log.
    writeln!(out, "\n| draft save | result | audit log added |")?;
    writeln!(out, "|---|---|---:|")?;
    let adviser = store.acting_as(Actor::user(admin, "bench-admin"));
    let year = husk_store::reporting::today().year();
    let target = "ost-2".to_string();
    let report_id = match adviser
        .start_report(&target, ReportKind::HalfYear, year)
        .await
    {
        Ok(id) => Some(id),
        Err(e) => {
            writeln!(
                out,
                "(no report could be started on {target}: {e:?}; skipped)"
            )?;
            None
        }
    };
    if let Some(report_id) = report_id {
        let mut revision = store
            .read_as(&husk_domain::Viewer::System)
            .report(report_id)
            .await?
            .map(|r| r.info.revision)
            .unwrap_or(0);
        // The 1.9 MB answer, then the longest answer allowed.
        for chars in [opts.answer_chars, husk_domain::limits::ANSWER_TEXT] {
            let big: String = "Vi har lært mye om oppfølging i bolig. "
                .chars()
                .cycle()
                .take(chars)
                .collect();
            let edited = format!("{}!", &big[..big.len() - 1]);
            let steps: [(String, &str, Option<&str>); 4] = [
                (format!("{chars}-character answer typed"), &big, None),
                ("the same draft again".into(), &big, None),
                ("another answer typed".into(), &big, Some("Litt om avvik.")),
                (
                    "the long answer edited".into(),
                    &edited,
                    Some("Litt om avvik."),
                ),
            ];
            for (label, long, other) in steps {
                let mut answers = Answers::new();
                answers.insert("gjort_mot_plan".into(), Answer::Text(long.to_string()));
                if let Some(text) = other {
                    answers.insert("avvik".into(), Answer::Text(text.into()));
                }
                let before = audit_bytes(&store).await?;
                let result = adviser.save_draft(report_id, &answers, revision).await;
                let added = audit_bytes(&store).await? - before;
                let what = match result {
                    Ok((r, _)) => {
                        revision = r;
                        format!("saved (revision {r})")
                    }
                    Err(husk_store::reporting::DraftError::TooLong(_)) => {
                        "refused: over the length limit, nothing saved".to_string()
                    }
                    Err(e) => format!("refused: {e}"),
                };
                writeln!(out, "| {label} | {what} | {} |", megabytes(added))?;
            }
        }
    }
    Ok(())
}

/// The bytes of old and new values in the audit log's latest entries about reports.
async fn audit_bytes(store: &Store) -> Result<usize> {
    let entries = store
        .audit_log(&AuditFilter {
            table: Some("reports".into()),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    Ok(entries
        .iter()
        .flat_map(|e| e.changes.iter())
        .map(|(c, old, new)| {
            c.len() + old.as_ref().map_or(0, String::len) + new.as_ref().map_or(0, String::len)
        })
        .sum())
}
