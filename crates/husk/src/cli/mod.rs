//! Command-line wiring: each subcommand parses its arguments, calls the store or the domain, and
//! prints. No rules of the field live here.

mod innovation;
mod learning;
mod open_data;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use husk_domain::matrix::DEFAULT_GAP_THRESHOLD;
use husk_domain::norwegian::{count, file_problem, plural, FileAccess};
use husk_domain::{Kind, Matrix, MatrixMeasure, Selection};
use husk_files::{FileFormat, Headings, TemplateKind};
use husk_store::{Database, ImportFailure, ImportReport, Store};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Husk: the memory of Norwegian social housing work.
#[derive(Parser, Debug)]
#[command(name = "husk", version, about)]
pub struct Cli {
    /// Where Husk keeps its database.
    #[arg(
        long,
        global = true,
        env = "HUSK_DATA_DIR",
        default_value = "./husk-data"
    )]
    data_dir: PathBuf,
    /// The database: postgres://USER@HOST/DB for PostgreSQL, or sqlite:PATH. Without it Husk
    /// uses the SQLite file in the data directory. The search index and kept files stay in the
    /// data directory either way.
    #[arg(long, global = true, env = "HUSK_DATABASE_URL", value_parser = parse_database)]
    database: Option<Database>,
    /// Where the kept original files live, when not in the data directory's files/: a
    /// directory every server on one PostgreSQL database reaches (a shared disk).
    #[arg(long, global = true, env = "HUSK_FILES_DIR")]
    files_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

fn parse_database(s: &str) -> Result<Database, String> {
    Database::parse(s).map_err(|e| e.to_string())
}

/// Where Husk keeps its data: the data directory (search index, kept files, and the SQLite
/// file unless `--database` names another database).
pub struct Place {
    dir: PathBuf,
    database: Option<Database>,
    files: Option<PathBuf>,
}

impl Place {
    /// Where the kept original files live.
    fn files_dir(&self) -> PathBuf {
        self.files.clone().unwrap_or_else(|| self.dir.join("files"))
    }

    /// What to name in messages: the data directory, and the database if it is elsewhere.
    fn display(&self) -> String {
        match &self.database {
            None => self.dir.display().to_string(),
            Some(db) => format!("{} og databasen {}", self.dir.display(), db.display()),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the web server.
    Serve {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Load the demo data first (idempotent).
        #[arg(long)]
        demo: bool,
        /// Send session cookies over plain HTTP too (only behind a trusted proxy or on a closed
        /// network; browsers accept secure cookies from localhost anyway).
        #[arg(long, env = "HUSK_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// A proxy in front of Husk whose X-Forwarded-For and X-Forwarded-Proto are believed
        /// (repeat, or comma-separated in the environment). From anyone else those headers are
        /// ignored and the connection's own address counts for the login lock-out.
        #[arg(
            long = "trusted-proxy",
            env = "HUSK_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Manage users: add, list, disable, enable, reset-password.
    #[command(subcommand)]
    User(UserCommand),
    /// Send e-mail reminders about reports that are due soon, overdue or returned, and about
    /// status meetings, agreements' dialogue meetings and renegotiations coming up (each once).
    Remind {
        #[command(flatten)]
        mail: MailArgs,
        /// List the reminders without sending them.
        #[arg(long)]
        dry_run: bool,
    },
    /// Load the demo data (idempotent).
    Demo,
    /// Import programmes, projects and measures, or grants, from CSV or XLSX; or write the XLSX
    /// import template (`husk import template -o mal.xlsx`).
    Import {
        #[arg(value_enum)]
        what: ImportWhat,
        /// The file to import (not for `template`; for `group` the group's name, then the file).
        file: Option<PathBuf>,
        /// `group`: the file with the group's kommunenummer.
        #[arg(value_name = "FILE")]
        group_file: Option<PathBuf>,
        /// Only check the file; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// `template`: where to write the template.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// `template`: the template for grants instead of projects.
        #[arg(long)]
        grants: bool,
    },
    /// Export the register or the grants, or the open data (360giving, iati) as the public
    /// API gives it.
    Export {
        #[arg(value_enum)]
        what: What,
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Norwegian column names and the labels the pages show instead of codes (easier to
        /// read; the import reads it too, but the default export is the one to round-trip).
        #[arg(long)]
        labels: bool,
    },
    /// Print the knowledge matrix (themes × recipient types).
    Matrix(MatrixArgs),
    /// Add documents (PDF, DOCX, ODT, HTML, Markdown, text) to the knowledge base.
    Ingest(IngestArgs),
    /// Search the knowledge base.
    Search(SearchArgs),
    /// Check the register's data: grants outside an entry's period, periods outside their
    /// programme's, recipients without a recipient type; and list where the sources disagree.
    /// Exits with 0 whatever it finds, unless --strict is given.
    Check(CheckArgs),
    /// Municipal programmes: list them, or show one with its goals, participants, phases and
    /// grants.
    #[command(subcommand)]
    Programme(ProgrammeCommand),
    /// The toolbox: list the learning tools, show one with its guide, or rank them for a
    /// situation.
    #[command(subcommand)]
    Tool(learning::ToolCommand),
    /// Learning and professional networks: list them, or show one with its members, learning
    /// agents, meetings and open assignments.
    #[command(subcommand)]
    Network(learning::NetworkCommand),
    /// Learning arenas: list them by office, programme, network and dates, or show one.
    #[command(subcommand)]
    Arena(learning::ArenaCommand),
    /// Evaluations of learning arenas: an arena's results (hidden below five answers).
    #[command(subcommand)]
    Evaluation(learning::EvaluationCommand),
    /// Innovations and their spread: list them, or show one with its adoptions, Husk's
    /// suggested sources and who may take it up next.
    #[command(subcommand)]
    Innovation(innovation::InnovationCommand),
    /// Move a whole installation from a SQLite file into an empty PostgreSQL database (register,
    /// documents, users, reports with every version, audit log), then compare every table's rows
    /// and checksum on both sides. The search index and kept files stay in the data directory.
    Migrate {
        /// The SQLite file: sqlite:PATH.
        #[arg(long, value_parser = parse_database)]
        from: Database,
        /// The empty PostgreSQL database: postgres://USER@HOST/DB.
        #[arg(long, value_parser = parse_database)]
        to: Database,
    },
    /// Write a backup of the installation (database, on either backend, and kept files) to a
    /// zip file: one consistent snapshot, also while servers run. The search index is rebuilt
    /// from it on restore.
    Backup {
        /// The backup file to write (for example husk-2026-12-03.zip).
        file: PathBuf,
    },
    /// Restore a backup into this installation (either backend), then check every table's rows
    /// and checksum and every kept file against the backup. Refused when the installation
    /// already has data, unless --force.
    Restore {
        /// The backup file `husk backup` wrote.
        file: PathBuf,
        /// Replace whatever the installation holds.
        #[arg(long)]
        force: bool,
    },
    /// List the servers running on this database (each says it is alive every 5 seconds) and
    /// which of them holds each piece of scheduled work.
    Servers {
        /// text (default) or json.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Exit with code 1 when a check finds something (for scripts and scheduled runs).
    /// Disagreements between sources are listed but do not count: Husk shows both values.
    #[arg(long)]
    strict: bool,
    /// Also list every value that is inferred rather than stated in the source.
    #[arg(long)]
    inferred: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
}

#[derive(Subcommand, Debug)]
enum ProgrammeCommand {
    /// List the programmes.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Show one programme: facts, goal hierarchy, participants with their phase, and grants
    /// per participant and year with the totals.
    Show {
        /// The programme's id in the register (for example ost-utviklingsprogram).
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Write a programme's overview as an XLSX workbook: participants, grants per participant
    /// and year with each year's total and the part not itemised per municipality, and goals.
    Export {
        /// The programme's id in the register (for example ost-utviklingsprogram).
        id: String,
        /// The workbook to write (FILE.xlsx).
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// A participant's fact sheet: phase, goals, grants per year, the co-financing rule,
    /// reports and key indicators against the other participants. As text, or as a PDF on A4
    /// with --pdf.
    Factsheet {
        /// The programme's id in the register (for example ost-utviklingsprogram).
        id: String,
        /// The participant: its kommunenummer (for example 3201) or its name («Oslo bydel
        /// Alna»).
        #[arg(long)]
        participant: String,
        /// Write the fact sheet as a PDF to this file instead of printing it.
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct MailArgs {
    /// SMTP relay for reminders, smtp://[user:password@]host[:port] (no e-mail without it).
    #[arg(long, env = "HUSK_SMTP")]
    smtp: Option<String>,
    /// Sender address of reminders.
    #[arg(long, env = "HUSK_MAIL_FROM", default_value = "husk@husbanken.invalid")]
    mail_from: String,
    /// The address users open Husk at (https://husk.example.no), for links in e-mails and the
    /// links Husk prints for use elsewhere: the evaluation link and its QR code, calendar
    /// feeds. Without it e-mails link to the listening address and the pages use the address
    /// the browser asked for.
    #[arg(long, env = "HUSK_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Add a user. The password is generated and printed, or read from standard input.
    Add {
        username: String,
        /// admin, radgiver, mottaker or leser.
        #[arg(long, default_value = "leser")]
        role: String,
        /// Shorthand for --role admin.
        #[arg(long)]
        admin: bool,
        /// Full name (default: the username).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = "")]
        email: String,
        /// The adviser's office (ost, vest, sor, midt, bodo, hammerfest, nasjonal).
        #[arg(long, default_value = "")]
        region: String,
        /// The recipient's organisation, as named in the register ("Asker kommune").
        #[arg(long, default_value = "")]
        organisation: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users.
    List,
    /// Disable a user (ends their sessions; API tokens stop working).
    Disable { username: String },
    /// Enable a disabled user.
    Enable { username: String },
    /// Set a new password (generated and printed, or read from standard input).
    ResetPassword {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Args, Debug)]
struct IngestArgs {
    /// The files to add.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Title (default: from the file's metadata or first heading).
    #[arg(long)]
    title: Option<String>,
    /// fou-rapport, evaluering, sluttrapport, halvarsrapport, arsrapport, veileder, metodehandbok,
    /// masteroppgave or annet.
    #[arg(long = "type", default_value = "annet")]
    doc_type: String,
    #[arg(long)]
    year: Option<String>,
    /// Authors or publisher.
    #[arg(long)]
    authors: Option<String>,
    /// Responsible office (ost, vest, …).
    #[arg(long)]
    region: Option<String>,
    /// Link to a project (repeatable).
    #[arg(long = "project")]
    projects: Vec<String>,
    /// Knowledge theme codes (repeatable).
    #[arg(long = "theme")]
    themes: Vec<String>,
    /// Target group codes (repeatable).
    #[arg(long = "target-group")]
    target_groups: Vec<String>,
    /// Make the documents public (default: internal).
    #[arg(long)]
    public: bool,
}

#[derive(Args, Debug)]
struct SearchArgs {
    query: String,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Only this document type (repeatable).
    #[arg(long = "type")]
    types: Vec<String>,
    #[arg(long)]
    year_from: Option<i32>,
    #[arg(long)]
    year_to: Option<i32>,
    /// The words only as typed (with their inflections): no correction of typos.
    #[arg(long)]
    exact: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: SearchFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum SearchFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Projects,
    Grants,
    /// The published grants as a 360Giving 1.4.3 data package (JSON).
    #[value(name = "360giving")]
    Threesixty,
    /// The published programmes and projects as IATI 2.03 activities (XML).
    Iati,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ImportWhat {
    Projects,
    Grants,
    /// Indicator values per municipality and year (kommunenummer, year, indicator, value).
    Indicators,
    /// A comparison group of municipalities: `husk import group NAME FILE` (a column
    /// kommunenummer, optionally a name).
    Group,
    /// The XLSX import template (with `-o FILE`, and `--grants` for grants).
    Template,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Csv,
    Xlsx,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum MatrixFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
struct MatrixArgs {
    /// Only entries of this office (ost, vest, sor, midt, bodo, hammerfest, nasjonal).
    #[arg(long)]
    region: Option<String>,
    /// Only entries whose period overlaps years from this one.
    #[arg(long)]
    from: Option<i32>,
    /// Only entries whose period overlaps years up to this one.
    #[arg(long)]
    to: Option<i32>,
    /// Only programmes, projects or measures.
    #[arg(long, value_parser = parse_kind)]
    kind: Option<Kind>,
    /// Only entries for this target group.
    #[arg(long)]
    target_group: Option<String>,
    /// Only entries whose recipient is a programme municipality.
    #[arg(long)]
    programme_only: bool,
    /// Weight cells by granted NOK instead of counting entries.
    #[arg(long)]
    nok: bool,
    /// Themes whose share of entries is below this are gaps.
    #[arg(long, default_value_t = DEFAULT_GAP_THRESHOLD)]
    gap_threshold: f64,
    #[arg(long, value_enum, default_value = "table")]
    format: MatrixFormat,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::from_code(s).ok_or_else(|| format!("«{s}» er ikke en type. Velg {}.", Kind::expected()))
}

async fn open(place: &Place) -> Result<Store> {
    let store = match &place.database {
        None => Store::open(&place.dir).await.with_context(|| {
            format!("Husk fikk ikke åpnet databasen i {}.", place.dir.display())
        })?,
        Some(db) => Store::open_database(&place.dir, db)
            .await
            .with_context(|| format!("Husk fikk ikke åpnet databasen {}.", db.display()))?,
    };
    Ok(store.with_files_dir(place.files_dir()))
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let place = Place {
        dir: cli.data_dir.clone(),
        database: cli.database.clone(),
        files: cli.files_dir.clone(),
    };
    match cli.command {
        Command::Serve {
            addr,
            demo,
            insecure_cookies,
            trusted_proxies,
            mail,
        } => serve(&place, addr, demo, insecure_cookies, trusted_proxies, mail).await,
        Command::User(cmd) => user(&place, cmd).await,
        Command::Remind { mail, dry_run } => remind(&place, mail, dry_run).await,
        Command::Demo => {
            let store = open(&place).await?;
            load_demo(&store).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            what,
            file,
            group_file,
            dry_run,
            output,
            grants,
        } => {
            let what = match what {
                ImportWhat::Template => {
                    return template(&place, output, grants).await;
                }
                ImportWhat::Projects => What::Projects,
                ImportWhat::Grants => What::Grants,
                ImportWhat::Indicators => {
                    let Some(file) = file else {
                        anyhow::bail!("Oppgi filen som skal importeres, for eksempel «husk import indicators indikatorer.csv».");
                    };
                    return import_indicators(&place, &file, dry_run).await;
                }
                ImportWhat::Group => {
                    let (Some(name), Some(file)) = (file, group_file) else {
                        anyhow::bail!("Oppgi navnet på gruppen og filen med kommunenumrene, for eksempel «husk import group ASSS asss.csv».");
                    };
                    return import_group(&place, &name.to_string_lossy(), &file, dry_run).await;
                }
            };
            let Some(file) = file else {
                anyhow::bail!("Oppgi filen som skal importeres, for eksempel «husk import projects prosjekter.csv».");
            };
            import(&place, what, &file, dry_run).await
        }
        Command::Export {
            what,
            format,
            output,
            labels,
        } => export(&place, what, format, output, labels).await,
        Command::Matrix(args) => matrix(&place, args).await,
        Command::Ingest(args) => ingest(&place, args).await,
        Command::Search(args) => search(&place, args).await,
        Command::Check(args) => check(&place, args).await,
        Command::Programme(c) => programme(&place, c).await,
        Command::Tool(c) => learning::tool(&place, c).await,
        Command::Network(c) => learning::network(&place, c).await,
        Command::Arena(c) => learning::arena(&place, c).await,
        Command::Evaluation(c) => learning::evaluation(&place, c).await,
        Command::Innovation(c) => innovation::innovation(&place, c).await,
        Command::Migrate { from, to } => migrate(&from, &to).await,
        Command::Backup { file } => {
            crate::backup::backup(&place.files_dir(), &database_of(&place), &file).await
        }
        Command::Servers { format } => servers(&place, format).await,
        Command::Restore { file, force } => {
            crate::backup::restore(
                &place.dir,
                &place.files_dir(),
                &database_of(&place),
                &file,
                force,
            )
            .await
        }
    }
}

/// The installation's database: `--database`, or the SQLite file in the data directory.
fn database_of(place: &Place) -> Database {
    place
        .database
        .clone()
        .unwrap_or_else(|| Database::SqliteFile(place.dir.join(husk_store::DB_FILE)))
}

async fn migrate(from: &Database, to: &Database) -> Result<ExitCode> {
    let checks = husk_store::transfer::transfer(from, to).await?;
    let width = checks
        .iter()
        .map(|c| c.table.len())
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "{:width$}  {:>9}  {:>9}  {:16}  kontroll",
        "tabell", "kilde", "mål", "sjekksum"
    );
    for c in &checks {
        println!(
            "{:width$}  {:>9}  {:>9}  {:16}  {}",
            c.table,
            c.source_rows,
            c.target_rows,
            c.target_checksum,
            if c.agrees() { "lik" } else { "ULIK" }
        );
    }
    let rows: u64 = checks.iter().map(|c| c.target_rows).sum();
    println!(
        "Flyttet {} i {} fra {} til {}. Antall rader og sjekksum er like i begge databasene.",
        count(rows as i64, "rad", "rader"),
        count(checks.len() as i64, "tabell", "tabeller"),
        from.display(),
        to.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn programme(data_dir: &Place, c: ProgrammeCommand) -> Result<ExitCode> {
    use husk_domain::Viewer;
    let store = open(data_dir).await?;
    let reader = store.read_as(&Viewer::System);
    let mut out = String::new();
    match c {
        ProgrammeCommand::List { format } => {
            let list = reader.programmes().await?;
            if format == CheckFormat::Json {
                out = serde_json::to_string_pretty(&list)?;
                out.push('\n');
            } else if list.is_empty() {
                out.push_str("Ingen programmer er registrert. Last demodataene med «husk demo».\n");
            } else {
                for p in &list {
                    out.push_str(&format!(
                        "{}  {} ({}, {}, {}, {})\n",
                        p.id,
                        p.title,
                        p.programme_type.label(),
                        husk_web::format::period(p.period.start, p.period.end),
                        p.offices.join(", "),
                        count(p.participants as i64, "deltaker", "deltakere")
                    ));
                }
            }
        }
        ProgrammeCommand::Export { id, output } => {
            let Some(o) = reader.programme_overview(id.trim()).await? else {
                return Err(unknown_programme(&reader, &id).await);
            };
            let bytes = husk_files::programme_xlsx(&husk_web::programme_book(&o))
                .map_err(|e| anyhow::anyhow!("Kunne ikke lage arbeidsboken: {e}"))?;
            write_file(&output, &bytes)?;
            out = format!(
                "Skrev {} med {} til {}.\n",
                o.programme.title,
                count(o.participants.len() as i64, "deltaker", "deltakere"),
                output.display()
            );
        }
        ProgrammeCommand::Factsheet {
            id,
            participant,
            pdf,
        } => {
            let p = known_programme(&reader, &id).await?;
            let x = p
                .find_participant(&participant)
                .map_err(|m| anyhow::anyhow!(m))?;
            let sheet = reader
                .fact_sheet(&p.id, x.id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("Fant ikke deltakeren «{}».", participant.trim()))?;
            match pdf {
                Some(path) => {
                    let bytes = husk_files::factsheet_pdf(&sheet)?;
                    write_file(&path, &bytes)?;
                    eprintln!(
                        "Skrev faktaarket for {} til {}.",
                        sheet.participant,
                        path.display()
                    );
                }
                None => out = sheet.to_text(),
            }
        }
        ProgrammeCommand::Show { id, format } => {
            let p = known_programme(&reader, &id).await?;
            if format == CheckFormat::Json {
                out = serde_json::to_string_pretty(&p)?;
                out.push('\n');
            } else {
                out = programme_text(&p);
            }
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The programme `id`, or an error naming the programmes there are.
async fn known_programme(
    reader: &husk_store::Reader<'_>,
    id: &str,
) -> Result<husk_store::programmes::Programme> {
    match reader.programme(id.trim()).await? {
        Some(p) => Ok(p),
        None => Err(unknown_programme(reader, id).await),
    }
}

/// Why a programme id was not found, with the ids there are.
async fn unknown_programme(reader: &husk_store::Reader<'_>, id: &str) -> anyhow::Error {
    let known: Vec<String> = match reader.programmes().await {
        Ok(list) => list.into_iter().map(|p| p.id).collect(),
        Err(e) => return e.into(),
    };
    anyhow::anyhow!(
        "Fant ikke programmet «{}». {}",
        id.trim(),
        if known.is_empty() {
            "Det finnes ingen programmer ennå; last demodataene med «husk demo».".to_string()
        } else {
            format!(
                "Programmene er: {}. Se «husk programme list».",
                known.join(", ")
            )
        }
    )
}

/// A programme as text: facts, goals, participants and the grant table.
fn programme_text(p: &husk_store::programmes::Programme) -> String {
    use husk_web::format::{date, nok, period};
    let mut out = format!(
        "{} ({})\nType: {}\nPeriode: {}\nEier: {}\nBudsjett: {}; til prosjektstøtte: {}\n",
        p.title,
        p.id,
        p.programme_type.label(),
        period(p.period.start, p.period.end),
        p.offices.join(", "),
        p.budget.total.label(),
        p.budget.project_support.label()
    );
    if !p.cofinancing.is_empty() {
        let shares: Vec<String> = p
            .cofinancing
            .iter()
            .enumerate()
            .map(|(i, s)| format!("år {}: {}", i + 1, s.label()))
            .collect();
        out.push_str(&format!("Egenfinansiering: {}\n", shares.join(", ")));
    }
    out.push_str(&format!("Kilde: {}\n", p.source));
    for f in &p.fact_sources {
        out.push_str(&format!(
            "  {}: {}{}\n",
            f.fact,
            if f.derived { "Utledet: " } else { "" },
            f.source
        ));
    }
    out.push_str("\nMål:\n");
    if p.goals.is_empty() {
        out.push_str("  Ikke oppgitt i kilden.\n");
    }
    for g in &p.goals {
        let indent = match g.level {
            husk_domain::programmes::GoalLevel::Vision => "",
            husk_domain::programmes::GoalLevel::MainGoal => "  ",
            _ => "    ",
        };
        out.push_str(&format!(
            "{indent}{} [{}]: {}\n",
            g.level.label(),
            g.code,
            g.text
        ));
    }
    out.push_str(&format!("\nDeltakere ({}):\n", p.participants.len()));
    for x in &p.participants {
        let phase = x
            .history
            .current()
            .map_or("ingen fase registrert".to_string(), |f| {
                f.label().to_string()
            });
        out.push_str(&format!(
            "  {}  kommunenr. {}  pulje {}  {}  planlagt slutt {}{}\n",
            x.name,
            x.kommunenummer.as_deref().unwrap_or("ikke oppgitt"),
            x.pool.label(),
            phase,
            x.planned_end.map_or("ikke oppgitt".to_string(), date),
            if x.planned_end_note.is_empty() {
                ""
            } else {
                " (utledet)"
            }
        ));
        for g in &x.grants {
            out.push_str(&format!(
                "      {}: {} ({}){}\n",
                g.year,
                nok(g.amount),
                g.status.label().to_lowercase(),
                g.other
                    .as_ref()
                    .map(|o| format!(" – kildene er uenige: {} ({})", o.value, o.source))
                    .unwrap_or_default()
            ));
        }
        for l in &x.late {
            out.push_str(&format!("      Forsinket: {}\n", l.message()));
        }
    }
    if !p.years.is_empty() {
        out.push_str("\nTilskudd per år for alle programkommuner:\n");
        for y in &p.years {
            out.push_str(&format!(
                "  {}: totalt {}, spesifisert per kommune {}, ikke spesifisert {}{}\n",
                y.year,
                y.total
                    .map_or("ikke oppgitt".to_string(), |t| nok(t.amount)),
                nok(y.itemised),
                y.not_itemised.map_or("ikke oppgitt".to_string(), nok),
                if p.conflict_years.contains(&y.year) {
                    " (kildene er uenige, se deltakerne)"
                } else {
                    ""
                }
            ));
        }
        if let Some((_, s)) = p.total_sources.first() {
            out.push_str(&format!("  Kilde: {s}\n"));
        }
    }
    out
}

async fn check(data_dir: &Place, a: CheckArgs) -> Result<ExitCode> {
    use husk_domain::quality::Check;
    let store = open(data_dir).await?;
    let q = store
        .read_as(&husk_domain::Viewer::System)
        .data_quality()
        .await?;
    let mut out = String::new();
    if a.format == CheckFormat::Json {
        out = serde_json::to_string_pretty(&q)?;
        out.push('\n');
    } else {
        out.push_str(&format!(
            "Datakvalitet: {}. Kildene er uenige på {}. {} er utledet, ikke oppgitt i kilden.\n",
            if q.findings.is_empty() {
                "kontrollene fant ingenting".to_string()
            } else {
                format!(
                    "kontrollene fant {}",
                    count(q.findings.len() as i64, "funn", "funn")
                )
            },
            count(q.conflicts.len() as i64, "punkt", "punkter"),
            count(q.inferred.len() as i64, "opplysning", "opplysninger"),
        ));
        for c in Check::ALL {
            let found: Vec<_> = q.of(c).collect();
            if found.is_empty() {
                out.push_str(&format!("\n{}: ingen.\n", c.title()));
                continue;
            }
            out.push_str(&format!("\n{} ({}):\n", c.title(), found.len()));
            for f in found {
                out.push_str(&format!(
                    "  {}  {}\n      {}\n",
                    f.project, f.title, f.message
                ));
            }
        }
        if !q.conflicts.is_empty() {
            out.push_str(&format!("\nKildene er uenige ({}):\n", q.conflicts.len()));
            for n in &q.conflicts {
                out.push_str(&format!("  {}  {}: {}\n", n.project, n.field, n.note));
                for v in std::iter::once(&n.value).chain(n.other.iter()) {
                    out.push_str(&format!("      {} – {}\n", v.value, v.source));
                }
            }
        }
        if a.inferred && !q.inferred.is_empty() {
            out.push_str(&format!(
                "\nUtledet, ikke oppgitt i kilden ({}):\n",
                q.inferred.len()
            ));
            for n in &q.inferred {
                out.push_str(&format!(
                    "  {}  {}: {}\n      {}\n      Kilde: {}\n",
                    n.project, n.field, n.value.value, n.note, n.value.source
                ));
            }
        } else if !q.inferred.is_empty() {
            out.push_str("\nDe utledede opplysningene vises med --inferred.\n");
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(if a.strict && !q.findings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

async fn load_demo(store: &Store) -> Result<()> {
    let demo = store.acting_as(husk_store::Actor::system("demo"));
    let r = demo.load_demo().await.map_err(|e| match e {
        husk_store::demo::DemoError::Import(ImportFailure::Invalid(errors)) => anyhow::anyhow!(
            "Demodataene har feil:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => other.into(),
    })?;
    eprintln!(
        "Demodata lastet: {} fra gjennomgangen, {}, {}, {} ({} {} i kunnskapsbasen), og {} for rapporteringen.",
        count(r.projects.rows as i64, "prosjekt", "prosjekter"),
        count(r.programmes.rows as i64, "programoppføring", "programoppføringer"),
        count(r.grants.rows as i64, "tilskudd", "tilskudd"),
        count(r.documents as i64, "rapport", "rapporter"),
        r.documents_added,
        plural(r.documents_added as i64, "ny", "nye"),
        count(r.examples.rows as i64, "oppdiktet eksempeloppføring", "oppdiktede eksempeloppføringer")
    );
    if r.reports_added > 0 {
        eprintln!(
            "{} er lagt inn og ført gjennom arbeidsflyten.",
            count(
                r.reports_added as i64,
                "eksempelrapport",
                "eksempelrapporter"
            )
        );
    }
    if r.users.is_empty() {
        eprintln!(
            "Demobrukerne ({}) finnes fra før. Nytt passord: husk user reset-password BRUKERNAVN",
            husk_store::demo::DEMO_USERS
                .iter()
                .map(|u| u.0)
                .collect::<Vec<_>>()
                .join(", ")
        );
    } else {
        println!("Demobrukere (passordene vises bare nå):");
        for u in &r.users {
            println!(
                "  {:<22} {:<10} passord: {}",
                u.username, u.role, u.password
            );
        }
    }
    std::io::stdout().flush().ok();
    Ok(())
}

async fn serve(
    data_dir: &Place,
    addr: SocketAddr,
    demo: bool,
    insecure_cookies: bool,
    trusted_proxies: Vec<std::net::IpAddr>,
    mail: MailArgs,
) -> Result<ExitCode> {
    let public_url = match mail.public_url.as_deref() {
        Some(raw) => Some(
            husk_web::auth::PublicUrl::parse(raw)
                .map_err(|e| anyhow::anyhow!("Valget --public-url (HUSK_PUBLIC_URL): {e}"))?,
        ),
        None => None,
    };
    let store = open(data_dir).await?;
    if demo {
        load_demo(&store).await?;
    }
    // The index catches up with the database in the background (after a crash, and for
    // documents `husk ingest` stores while the server runs); searches meanwhile see what the
    // index holds.
    if !store.claim_index_writer().await? {
        eprintln!(
            "Merk: En annen Husk-prosess skriver til søkeindeksen nå. Serveren tar over når den er ferdig."
        );
    }
    store.spawn_index_catch_up(std::time::Duration::from_secs(2));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow::anyhow!(
            "Husk fikk ikke lyttet på {addr}: {}.",
            husk_domain::norwegian::io_problem(&e)
        )
    })?;
    let local = listener.local_addr()?;
    // Scheduled work: this server says it is alive (for rolling restarts), and of several
    // servers on one database the one holding a job's lease runs it (see `scheduled`).
    let mut jobs = vec![crate::scheduled::cleanup()];
    if let Some(smtp) = &mail.smtp {
        let base = public_url
            .as_ref()
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|| format!("http://{local}"));
        jobs.push(crate::scheduled::reminders(crate::mail::Mailer::new(
            smtp,
            &mail.mail_from,
            &base,
        )?));
    }
    let scheduler = crate::scheduled::Scheduler::start(
        store.clone(),
        format!("{local}/{}", std::process::id()),
        local.to_string(),
        jobs,
    );
    {
        // Read the register and build similar work once now, not on the first page view.
        let store = store.clone();
        tokio::spawn(async move {
            if let Err(e) = store.warm_up().await {
                tracing::warn!("kunne ikke forberede registeret: {e}");
            }
        });
    }
    println!(
        "Husk kjører på http://{local}/ (data i {})",
        data_dir.display()
    );
    std::io::stdout().flush().ok();
    let config = husk_web::auth::WebConfig {
        cookies: husk_web::auth::CookiePolicy {
            secure: !insecure_cookies,
        },
        trusted_proxies,
        https: public_url.as_ref().is_some_and(|u| u.is_https()),
        public_url,
    };
    axum::serve(
        listener,
        husk_web::app_with_config(store.clone(), config)
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| {
        anyhow::anyhow!(
            "Serveren stoppet med en feil: {}.",
            husk_domain::norwegian::io_problem(&e)
        )
    })?;
    scheduler.stop().await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `husk servers`: the running servers and the holders of the leases.
async fn servers(place: &Place, format: CheckFormat) -> Result<ExitCode> {
    let store = open(place).await?;
    let servers = store.running_servers().await?;
    let leases = store.held_leases().await?;
    store.close().await;
    if format == CheckFormat::Json {
        let json = serde_json::json!({
            "servers": servers.iter().map(|s| serde_json::json!({
                "id": s.id,
                "address": s.address,
                "husk_version": s.husk_version,
                "schema_version": s.schema_version,
                "started_at": s.started_at,
                "seen_at": s.seen_at,
            })).collect::<Vec<_>>(),
            "leases": leases.iter().map(|(name, holder, until)| serde_json::json!({
                "name": name, "holder": holder, "expires_at": until,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    if servers.is_empty() {
        println!(
            "Ingen tjenere kjører på denne databasen (ingen har meldt seg de siste 20 sekundene)."
        );
    } else {
        println!(
            "{} på denne databasen:",
            count(servers.len() as i64, "tjener kjører", "tjenere kjører")
        );
        for s in &servers {
            println!(
                "  {:<22} Husk {}, skjemaversjon {}, startet {} UTC, sist sett {} UTC  ({})",
                s.address, s.husk_version, s.schema_version, s.started_at, s.seen_at, s.id
            );
        }
    }
    if leases.is_empty() {
        println!("Ingen tjener har planlagt arbeid akkurat nå.");
    } else {
        println!("Planlagt arbeid:");
        for (name, holder, until) in &leases {
            println!("  {name:<14} {holder} (leien løper ut {until} UTC om den ikke fornyes)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM, so the server closes the database cleanly either way.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// The import's result: `what` is the noun for one and for several rows' records.
fn print_report(what: (&str, &str), r: &ImportReport) {
    let done = format!(
        "{} lagt til og {} endret",
        count(r.created as i64, what.0, what.1),
        r.updated
    );
    if r.dry_run {
        println!(
            "Kontroll uten feil: {} i filen; {done} om den importeres. Ingenting er lagret (--dry-run).",
            count(r.rows as i64, "rad", "rader")
        );
    } else {
        println!(
            "Importert {}: {done}.",
            count(r.rows as i64, "rad", "rader")
        );
    }
}

/// Reads a file, or says in Norwegian why not («Fant ikke filen /x/y.csv.»).
fn read_file(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| {
        anyhow::anyhow!(file_problem(
            &file.display().to_string(),
            FileAccess::Read,
            &e
        ))
    })
}

/// Writes a file, or says in Norwegian why not.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| {
        anyhow::anyhow!(file_problem(
            &path.display().to_string(),
            FileAccess::Write,
            &e
        ))
    })
}

async fn import(data_dir: &Place, what: What, file: &Path, dry_run: bool) -> Result<ExitCode> {
    if !within_import_size(file)? {
        return Ok(ExitCode::FAILURE);
    }
    let bytes = read_file(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = open(data_dir).await?;
    let result = match what {
        What::Projects => store.import_projects(&name, &bytes, dry_run).await,
        What::Grants => store.import_grants(&name, &bytes, dry_run).await,
        What::Threesixty | What::Iati => unreachable!("the open data is exported, not imported"),
    };
    match result {
        Ok(r) => {
            print_report(
                if matches!(what, What::Projects) {
                    ("oppføring", "oppføringer")
                } else {
                    ("tilskudd", "tilskudd")
                },
                &r,
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => import_failed(file, failure),
    }
}

/// Whether an import file is within the size Husk takes (read from its metadata, before the
/// file is read); says in Norwegian when it is not.
fn within_import_size(file: &Path) -> Result<bool> {
    let meta = std::fs::metadata(file).map_err(|e| {
        anyhow::anyhow!(file_problem(
            &file.display().to_string(),
            FileAccess::Read,
            &e
        ))
    })?;
    if meta.len() as usize > husk_files::MAX_IMPORT_BYTES {
        eprintln!(
            "{} er {} MB, men Husk tar imot høyst {} MB per import. Ingenting er importert.",
            file.display(),
            meta.len() / 1_048_576,
            husk_files::MAX_IMPORT_BYTES / 1_048_576
        );
        return Ok(false);
    }
    Ok(true)
}

/// What an import that wrote nothing says: every error in the file, or why the store stopped.
fn import_failed(file: &Path, failure: ImportFailure) -> Result<ExitCode> {
    match failure {
        ImportFailure::Invalid(errors) => {
            let mut err = std::io::stderr().lock();
            writeln!(err, "Feil i {}:", file.display())?;
            for e in &errors {
                writeln!(err, "{e}")?;
            }
            writeln!(
                err,
                "Husk fant {} feil i filen, så ingenting er importert.",
                errors.len()
            )?;
            Ok(ExitCode::FAILURE)
        }
        ImportFailure::Store(e) => Err(e).context("Importen stoppet, og ingenting er importert."),
    }
}

/// `husk import indicators FILE [--dry-run]`: indicator values, all or nothing.
async fn import_indicators(data_dir: &Place, file: &Path, dry_run: bool) -> Result<ExitCode> {
    if !within_import_size(file)? {
        return Ok(ExitCode::FAILURE);
    }
    let bytes = read_file(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = open(data_dir).await?;
    match store.import_indicators(&name, &bytes, dry_run).await {
        Ok(r) => {
            print_report(("indikatorverdi", "indikatorverdier"), &r);
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => import_failed(file, failure),
    }
}

/// `husk import group NAME FILE [--dry-run]`: a comparison group's municipalities, all or
/// nothing; a group of that name gets the new list.
async fn import_group(
    data_dir: &Place,
    name: &str,
    file: &Path,
    dry_run: bool,
) -> Result<ExitCode> {
    if !within_import_size(file)? {
        return Ok(ExitCode::FAILURE);
    }
    let bytes = read_file(file)?;
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = open(data_dir).await?;
    match store.import_group(name, &file_name, &bytes, dry_run).await {
        Ok(r) => {
            let kommuner = |n: usize| count(n as i64, "kommune", "kommuner");
            let change = if r.new_group {
                format!("ny gruppe «{}» med {}", r.group, kommuner(r.rows))
            } else {
                format!(
                    "gruppen «{}» med {}: {} lagt til, {} beholdt og {} tatt ut",
                    r.group,
                    kommuner(r.rows),
                    r.added,
                    r.kept,
                    r.removed
                )
            };
            if r.dry_run {
                println!(
                    "Kontroll uten feil: {change} om filen importeres. Ingenting er lagret (--dry-run)."
                );
            } else {
                println!("Importert {change}.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => import_failed(file, failure),
    }
}

/// `husk import template -o FILE [--grants]`: the XLSX import template.
async fn template(data_dir: &Place, output: Option<PathBuf>, grants: bool) -> Result<ExitCode> {
    let Some(path) = output else {
        anyhow::bail!(
            "Oppgi hvor malen skal skrives, for eksempel «husk import template -o importmal.xlsx»."
        );
    };
    let kind = if grants {
        TemplateKind::Grants
    } else {
        TemplateKind::Projects
    };
    let store = open(data_dir).await?;
    let bytes = husk_files::import_template(kind, store.taxonomy())?;
    write_file(&path, &bytes)?;
    println!(
        "Importmalen for {} er skrevet til {}. Fyll ut arket «{}» og importer filen med «husk import {} {}».",
        if grants { "tilskudd" } else { "prosjekter" },
        path.display(),
        kind.sheet(),
        if grants { "grants" } else { "projects" },
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn export(
    data_dir: &Place,
    what: What,
    format: Format,
    output: Option<PathBuf>,
    labels: bool,
) -> Result<ExitCode> {
    let store = open(data_dir).await?;
    if matches!(what, What::Threesixty | What::Iati) {
        return open_data::export(&store, what == What::Iati, format, output).await;
    }
    let format = match format {
        Format::Csv => FileFormat::Csv,
        Format::Xlsx => FileFormat::Xlsx,
        Format::Json => FileFormat::Json,
    };
    let names = if labels {
        Headings::Norwegian
    } else {
        Headings::Fields
    };
    let register = store.read_as(&husk_domain::Viewer::System).register()?;
    let bytes = match what {
        What::Projects => {
            husk_files::write_projects_with(&register.project_rows(names).await?, format, names)?
        }
        What::Grants => {
            husk_files::write_grants_with(&register.grant_rows(names).await?, format, names)?
        }
        What::Threesixty | What::Iati => unreachable!("exported above"),
    };
    match output {
        Some(path) => write_file(&path, &bytes)?,
        None => {
            if format == FileFormat::Xlsx {
                anyhow::bail!("XLSX kan ikke skrives til terminalen. Oppgi en fil med -o, for eksempel -o register.xlsx.");
            }
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn matrix(data_dir: &Place, a: MatrixArgs) -> Result<ExitCode> {
    let store = open(data_dir).await?;
    let tax = store.taxonomy();
    if let Some(r) = &a.region {
        if tax.region(r).is_none() {
            anyhow::bail!(
                "--region «{r}» er ikke et av Husbankens kontorer. Velg {}.",
                husk_domain::Taxonomy::codes_of(&tax.regions)
            );
        }
    }
    if let Some(t) = &a.target_group {
        if tax.target_group(t).is_none() {
            anyhow::bail!(
                "--target-group «{t}» er ikke en målgruppe i Husk. Velg {}.",
                husk_domain::Taxonomy::codes_of(&tax.target_groups)
            );
        }
    }
    if let (Some(f), Some(t)) = (a.from, a.to) {
        if f > t {
            anyhow::bail!(
                "--from {f} er etter --to {t}. Fra-året må være det samme som til-året eller tidligere."
            );
        }
    }
    if !(0.0..=1.0).contains(&a.gap_threshold) {
        anyhow::bail!("--gap-threshold {} er utenfor området. Skriv en andel mellom 0 og 1, for eksempel 0.1.", a.gap_threshold);
    }
    let selection = Selection {
        region: a.region,
        from: a.from,
        to: a.to,
        kind: a.kind,
        target_group: a.target_group,
        programme_only: a.programme_only,
        ..Default::default()
    };
    let measure = if a.nok {
        MatrixMeasure::Nok
    } else {
        MatrixMeasure::Count
    };
    let facts = store
        .read_as(&husk_domain::Viewer::System)
        .register()?
        .facts()
        .await?;
    let m = Matrix::compute(tax, facts.iter(), &selection, measure, a.gap_threshold);
    let mut out = std::io::stdout().lock();
    match a.format {
        MatrixFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &m.report())?;
            writeln!(out)?;
        }
        MatrixFormat::Csv => write!(out, "{}", matrix_csv(&m))?,
        MatrixFormat::Table => write!(out, "{}", matrix_table(&m))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn matrix_csv(m: &Matrix) -> String {
    let mut s = String::from("theme,name");
    for c in &m.columns {
        s.push(',');
        s.push_str(c);
    }
    s.push_str(",ukjent,total,share,gap\n");
    let quote = |t: &str| {
        if t.contains([',', '"']) {
            format!("\"{}\"", t.replace('"', "\"\""))
        } else {
            t.to_string()
        }
    };
    for r in &m.rows {
        s.push_str(&format!("{},{}", r.theme, quote(&r.name)));
        for v in &r.cells {
            s.push_str(&format!(",{v}"));
        }
        s.push_str(&format!(
            ",{},{},{:.4},{}\n",
            r.unknown, r.total, r.share, r.gap
        ));
    }
    s.push_str("total,Totalt");
    for v in &m.column_totals {
        s.push_str(&format!(",{v}"));
    }
    s.push_str(&format!(",{},{},1.0000,false\n", m.unknown_total, m.total));
    s
}

fn matrix_table(m: &Matrix) -> String {
    let name_width = m
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(10)
        .min(44);
    let cell = |v: i64| match m.measure {
        MatrixMeasure::Count => v.to_string(),
        MatrixMeasure::Nok => husk_domain::norwegian::group_thousands(v),
    };
    let width = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().chain([&r.unknown, &r.total]))
        .chain(m.column_totals.iter())
        .map(|v| cell(*v).chars().count())
        .max()
        .unwrap_or(1)
        .max(3);
    let truncate = |s: &str| -> String {
        if s.chars().count() > name_width {
            format!("{}…", s.chars().take(name_width - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let mut s = String::new();
    s.push_str(&format!(
        "Kunnskapsmatrise: {} ({} i utvalget)\n\n",
        if m.measure == MatrixMeasure::Nok {
            "tildelt beløp i kroner"
        } else {
            "antall oppføringer"
        },
        count(m.total, "oppføring", "oppføringer")
    ));
    s.push_str(&format!("{:<name_width$}", "Tema"));
    for i in 1..=m.columns.len() {
        s.push_str(&format!(" {:>width$}", format!("M{i}")));
    }
    s.push_str(&format!(
        " {:>width$} {:>width$} {:>6}\n",
        "Ukj", "Sum", "Andel"
    ));
    let mut group = "";
    for r in &m.rows {
        if r.group != group {
            group = &r.group;
            s.push_str(&format!("{group}\n"));
        }
        s.push_str(&format!(
            "{:<name_width$}",
            truncate(&format!("  {}", r.name))
        ));
        for v in &r.cells {
            s.push_str(&format!(" {:>width$}", cell(*v)));
        }
        s.push_str(&format!(
            " {:>width$} {:>width$} {:>5}%{}\n",
            cell(r.unknown),
            cell(r.total),
            (r.share * 100.0).round() as i64,
            if r.gap { "  hull" } else { "" }
        ));
    }
    s.push_str(&format!("{:<name_width$}", "Totalt"));
    for v in &m.column_totals {
        s.push_str(&format!(" {:>width$}", cell(*v)));
    }
    s.push_str(&format!(
        " {:>width$} {:>width$}\n\n",
        cell(m.unknown_total),
        cell(m.total)
    ));
    s.push_str("Mottakertyper:\n");
    for (i, (code, name)) in m.columns.iter().zip(&m.column_names).enumerate() {
        s.push_str(&format!("  M{:<2} {code}: {name}\n", i + 1));
    }
    s.push_str(&format!(
        "\n«hull»: temaet har under {} % av oppføringene i utvalget.\n",
        (m.gap_threshold * 100.0).round() as i64
    ));
    if m.without_theme > 0 {
        s.push_str(&format!(
            "{} i utvalget har ikke noe tema.\n",
            count(m.without_theme, "prosjekt", "prosjekter")
        ));
    }
    s
}

async fn ingest(data_dir: &Place, a: IngestArgs) -> Result<ExitCode> {
    let store = open(data_dir).await?;
    if a.title.is_some() && a.files.len() > 1 {
        anyhow::bail!("--title gjelder én fil, men {} er oppgitt. Oppgi én fil med --title, eller ingen --title.", count(a.files.len() as i64, "fil", "filer"));
    }
    let input = husk_domain::DocumentInput {
        title: a.title.clone().unwrap_or_default(),
        authors: a.authors.clone().unwrap_or_default(),
        publisher: String::new(),
        year: a.year.clone().unwrap_or_default(),
        doc_type: a.doc_type.clone(),
        region: a.region.clone().unwrap_or_default(),
        public: a.public,
        projects: a.projects.clone(),
        organisations: Vec::new(),
        themes: a.themes.clone(),
        target_groups: a.target_groups.clone(),
        type_required: false,
    };
    // Every message goes straight to stdout or stderr (no progress bar that a pipe or a
    // service log would swallow).
    let total = a.files.len();
    let (mut stored, mut existing, mut failed, mut waiting) = (0usize, 0usize, 0usize, 0usize);
    for (n, file) in a.files.iter().enumerate() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let place = format!("[{}/{total}] {}", n + 1, file.display());
        match store.ingest(file, &name, &input).await {
            Ok(i) if i.duplicate => {
                existing += 1;
                println!(
                    "{place}: finnes allerede som dokument {} («{}»), så den er ikke lagt til på nytt.",
                    i.id, i.title
                );
            }
            Ok(i) => {
                stored += 1;
                if !i.indexed {
                    waiting += 1;
                }
                println!(
                    "{place}: lagret som dokument {} «{}» med {}.",
                    i.id,
                    i.title,
                    count(i.passages as i64, "avsnitt", "avsnitt")
                );
                for note in &i.notes {
                    println!("  Merk: {note}");
                }
            }
            Err(husk_store::IngestError::Invalid(errors)) => {
                failed += 1;
                for e in errors.iter() {
                    eprintln!("{place}: {}: {}", ingest_label(&e.field), e.message);
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{place}: {e}");
            }
        }
        std::io::stdout().flush().ok();
    }
    let mut summary = format!(
        "{} av {} lagret i kunnskapsbasen.",
        count(stored as i64, "dokument", "dokumenter"),
        count(total as i64, "fil", "filer")
    );
    if existing > 0 {
        summary.push_str(&format!(
            " {} fantes fra før.",
            count(existing as i64, "fil", "filer")
        ));
    }
    if failed > 0 {
        summary.push_str(&format!(
            " {} ble ikke lagt til, og ingenting er lagret fra {}.",
            count(failed as i64, "fil", "filer"),
            if failed == 1 { "den" } else { "dem" }
        ));
    }
    if waiting > 0 {
        summary.push_str(
            " Søkeindeksen er i bruk av serveren som kjører. Den gjør de nye dokumentene søkbare i løpet av noen sekunder.",
        );
    }
    if failed > 0 {
        eprintln!("{summary}");
        Ok(ExitCode::FAILURE)
    } else {
        println!("{summary}");
        Ok(ExitCode::SUCCESS)
    }
}

async fn search(data_dir: &Place, a: SearchArgs) -> Result<ExitCode> {
    let store = open(data_dir).await?;
    // Without a running server, nobody else brings the index up to date.
    if let Err(e) = store.catch_up_index().await {
        eprintln!(
            "Merk: Søkeindeksen kunne ikke oppdateres, så treffene kan mangle nye dokumenter. {e}"
        );
    }
    for t in &a.types {
        if husk_domain::DocumentType::parse(t).is_none() {
            anyhow::bail!(
                "--type «{t}» er ikke en dokumenttype. Velg {}.",
                husk_domain::DocumentType::expected()
            );
        }
    }
    let query = husk_search::SearchQuery {
        text: a.query.clone(),
        limit: a.limit,
        doc_types: a
            .types
            .iter()
            .filter_map(|t| husk_domain::DocumentType::parse(t))
            .map(|t| t.code().to_string())
            .collect(),
        year_from: a.year_from,
        year_to: a.year_to,
        include_internal: true,
        exact: a.exact,
        ..Default::default()
    };
    // The command line reads as Husk itself: whoever runs it holds the database, so it finds
    // internal documents too. A query too long or with too many words is refused with the
    // search's own message.
    let results = store
        .read_as(&husk_domain::Viewer::System)
        .search(query)
        .await?;
    let mut out = std::io::stdout().lock();
    match a.format {
        SearchFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &results)?;
            writeln!(out)?;
        }
        SearchFormat::Text => {
            // The same words as the search page: totals, rank, title, type and passage numbers.
            writeln!(
                out,
                "{} for «{}»",
                husk_domain::knowledge::search_totals(
                    results.total_passages,
                    results.total_documents,
                    results.query_terms,
                    results.min_matched_terms,
                ),
                a.query.trim()
            )?;
            if !a.exact {
                if let Some(searched) = &results.corrected_text {
                    writeln!(
                        out,
                        "Viser treff for «{searched}». Søk bare etter «{}» med --exact.",
                        a.query.trim()
                    )?;
                } else if !results.corrections.is_empty() {
                    let also: Vec<&str> = results
                        .corrections
                        .iter()
                        .map(|c| c.matched.as_str())
                        .collect();
                    writeln!(
                        out,
                        "Viser også treff for «{}». Søk bare etter «{}» med --exact.",
                        also.join(", "),
                        a.query.trim()
                    )?;
                }
            }
            if !results.complete {
                writeln!(
                    out,
                    "Søket ble for stort til å gjøres ferdig, så listen kan være ufullstendig og \
                     tallene for lave. Prøv færre eller mer presise ord."
                )?;
            }
            writeln!(out)?;
            for (rank, d) in results.documents.iter().enumerate() {
                let doc_type = husk_domain::DocumentType::parse(&d.doc_type)
                    .map(|t| t.label().to_string())
                    .unwrap_or_else(|| d.doc_type.clone());
                let year = d.year.map(|y| format!(", {y}")).unwrap_or_default();
                writeln!(
                    out,
                    "{}. {} ({doc_type}{year}). {} passer.",
                    rank + 1,
                    d.title,
                    count(d.matching_passages as i64, "avsnitt", "avsnitt")
                )?;
                for h in &d.hits {
                    writeln!(
                        out,
                        "   {}\n      {}",
                        husk_domain::knowledge::passage_label(h.passage_id, h.heading.as_deref()),
                        one_line(&h.snippet.marked("«", "»"))
                    )?;
                }
                writeln!(out, "   Dokument-id {}", d.doc_id)?;
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The text on one line: runs of white space (line breaks in a passage) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The password from standard input (the first line), or a generated one to print.
fn password(from_stdin: bool) -> Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            anyhow::anyhow!(
                "Husk fikk ikke lest passordet fra standard inn: {}.",
                husk_domain::norwegian::io_problem(&e)
            )
        })?;
        Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
    } else {
        Ok((husk_store::accounts::generate_password(), true))
    }
}

async fn user(data_dir: &Place, cmd: UserCommand) -> Result<ExitCode> {
    let store = open(data_dir)
        .await?
        .acting_as(husk_store::Actor::system("kommandolinje"));
    let field_errors = |e: &husk_domain::FieldErrors| {
        for err in e.iter() {
            eprintln!("{}: {}", field_label(&err.field), err.message);
        }
    };
    match cmd {
        UserCommand::Add {
            username,
            role,
            admin,
            name,
            email,
            region,
            organisation,
            password_stdin,
        } => {
            let (password, generated) = password(password_stdin)?;
            let input = husk_store::UserInput {
                name: name.unwrap_or_else(|| username.clone()),
                username,
                email,
                role: if admin { "admin".into() } else { role },
                region,
                organisation,
                password: password.clone(),
            };
            match store.create_user(&input).await {
                Ok(_) => {
                    println!(
                        "Brukeren {} er opprettet.",
                        input.username.trim().to_lowercase()
                    );
                    if generated {
                        println!("Passord: {password}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(husk_store::SaveError::Invalid(e)) => {
                    field_errors(&e);
                    eprintln!("Husk fant {} feil, så brukeren er ikke opprettet.", e.len());
                    Ok(ExitCode::FAILURE)
                }
                Err(husk_store::SaveError::Store(e)) => Err(e.into()),
            }
        }
        UserCommand::List => {
            let users = store.users().await?;
            if users.is_empty() {
                println!("Ingen brukere. Lag den første med: husk user add BRUKERNAVN --admin");
            }
            for u in users {
                let tied = match &u.role {
                    husk_domain::Role::Radgiver { region } => region.clone(),
                    husk_domain::Role::Mottaker { .. } => {
                        u.organisation.clone().unwrap_or_default()
                    }
                    _ => String::new(),
                };
                println!(
                    "{:<24} {:<10} {:<28} {}{}",
                    u.username,
                    u.role.code(),
                    tied,
                    u.name,
                    if u.disabled { "  (deaktivert)" } else { "" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { username } => {
            store
                .set_user_disabled(&username, true)
                .await
                .with_context(|| format!("Husk fikk ikke deaktivert brukeren {username}."))?;
            println!("Brukeren {username} er deaktivert og logget ut.");
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Enable { username } => {
            store
                .set_user_disabled(&username, false)
                .await
                .with_context(|| format!("Husk fikk ikke aktivert brukeren {username}."))?;
            println!("Brukeren {username} er aktivert.");
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let (password, generated) = password(password_stdin)?;
            match store.set_password(&username, &password).await {
                Ok(()) => {
                    println!("Brukeren {username} har fått nytt passord og er logget ut overalt.");
                    if generated {
                        println!("Passord: {password}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(husk_store::SaveError::Invalid(e)) => {
                    field_errors(&e);
                    Ok(ExitCode::FAILURE)
                }
                Err(husk_store::SaveError::Store(e)) => Err(anyhow::Error::from(e))
                    .with_context(|| format!("Husk fikk ikke satt nytt passord for {username}.")),
            }
        }
    }
}

/// A user field as the command line names it: its Norwegian name and the option that sets it.
fn field_label(field: &str) -> &'static str {
    match field {
        "username" => "Brukernavn",
        "name" => "Navn (--name)",
        "email" => "E-post (--email)",
        "role" => "Rolle (--role)",
        "region" => "Kontor (--region)",
        "organisation" => "Mottaker (--organisation)",
        "password" => "Passord (--password-stdin)",
        _ => "Brukeren",
    }
}

/// A document field as `husk ingest` names it: its Norwegian name and the option that sets it.
fn ingest_label(field: &str) -> &'static str {
    match field {
        "title" => "Tittel (--title)",
        "authors" => "Forfattere (--authors)",
        "year" => "År (--year)",
        "doc_type" => "Dokumenttype (--type)",
        "region" => "Kontor (--region)",
        "projects" => "Prosjekter (--project)",
        "themes" => "Kunnskapstemaer (--theme)",
        "target_groups" => "Målgrupper (--target-group)",
        _ => "Dokumentet",
    }
}

async fn remind(data_dir: &Place, mail: MailArgs, dry_run: bool) -> Result<ExitCode> {
    let store = open(data_dir)
        .await?
        .acting_as(husk_store::Actor::system("påminnelser"));
    let smtp = match (&mail.smtp, dry_run) {
        (Some(s), _) => s.clone(),
        (None, true) => "smtp://localhost:25".to_string(),
        (None, false) => anyhow::bail!("Husk vet ikke hvilken e-posttjener påminnelsene skal sendes gjennom. Oppgi den med --smtp (eller HUSK_SMTP), for eksempel --smtp smtp://localhost:25, eller bruk --dry-run for å se hva som ville blitt sendt."),
    };
    let base = mail
        .public_url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let mailer = crate::mail::Mailer::new(&smtp, &mail.mail_from, &base)?;
    let lines = mailer
        .send_reminders(&store, husk_store::reporting::today(), dry_run)
        .await?;
    for l in &lines {
        println!("{l}");
    }
    println!(
        "{} {}.",
        count(lines.len() as i64, "påminnelse", "påminnelser"),
        if dry_run {
            "ville blitt sendt"
        } else {
            "sendt"
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// A command-line mistake found by clap, as Norwegian sentences: which option or value, and
/// what Husk takes instead.
pub fn clap_in_norwegian(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let get = |kind: C| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(husk_domain::norwegian::list(v, "og")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => {
                let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
                Some(husk_domain::norwegian::list(&v, "og"))
            }
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    // "--from <FROM>" → "--from"; a positional argument ("<WHAT>") is named by its place.
    let raw_arg = get(C::InvalidArg).unwrap_or_default();
    let positional = raw_arg.starts_with('<');
    let arg = match raw_arg.split_once(' ') {
        Some((option, _)) if option.starts_with('-') => option.to_string(),
        _ => raw_arg.clone(),
    };
    let for_arg = if positional || arg.is_empty() {
        "her".to_string()
    } else {
        format!("for {arg}")
    };
    let value = get(C::InvalidValue).unwrap_or_default();
    let suggestion = |kind: C| {
        get(kind)
            .map(|s| format!(" Mente du «{s}»?"))
            .unwrap_or_default()
    };
    match e.kind() {
        K::InvalidValue => {
            let valid = match e.get(C::ValidValue) {
                Some(ContextValue::Strings(v)) if !v.is_empty() => {
                    format!(" Velg {}.", husk_domain::norwegian::list(v, "eller"))
                }
                _ => String::new(),
            };
            if value.is_empty() {
                format!("{} mangler en verdi.{valid}", capitalise_first(&arg))
            } else {
                format!(
                    "«{value}» passer ikke {for_arg}.{}{valid}",
                    suggestion(C::SuggestedValue)
                )
            }
        }
        K::ValueValidation => {
            use std::error::Error;
            let source = e.source();
            let what = if source.is_some_and(|s| s.is::<std::num::ParseIntError>()) {
                "Skriv et helt tall.".to_string()
            } else if source.is_some_and(|s| s.is::<std::num::ParseFloatError>()) {
                "Skriv et tall med punktum som desimaltegn, for eksempel 0.1.".to_string()
            } else if source.is_some_and(|s| s.is::<std::net::AddrParseError>()) {
                "Skriv en IP-adresse, med port der det trengs, for eksempel 127.0.0.1:8080."
                    .to_string()
            } else {
                // Husk's own parsers (such as the entry type) say it in Norwegian.
                source.map(|s| s.to_string()).unwrap_or_default()
            };
            if what.contains(&format!("«{value}»")) && !positional {
                format!("{arg}: {what}")
            } else if what.contains(&format!("«{value}»")) {
                what
            } else {
                format!("«{value}» passer ikke {for_arg}. {what}")
            }
        }
        K::UnknownArgument => format!(
            "Husk kjenner ikke valget «{arg}».{}",
            suggestion(C::SuggestedArg)
        ),
        K::InvalidSubcommand => format!(
            "Husk kjenner ikke kommandoen «{}».{}",
            get(C::InvalidSubcommand).unwrap_or_default(),
            suggestion(C::SuggestedSubcommand)
        ),
        K::MissingRequiredArgument => format!("Kommandoen mangler {raw_arg}. Oppgi også det."),
        K::MissingSubcommand => {
            "Oppgi hva Husk skal gjøre, for eksempel «husk serve» eller «husk import projects FIL»."
                .to_string()
        }
        K::ArgumentConflict => match get(C::PriorArg) {
            Some(prior) => format!("{arg} kan ikke brukes sammen med {prior}. Velg ett av dem."),
            None => format!("{arg} kan ikke brukes her."),
        },
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            format!("{arg} har feil antall verdier.")
        }
        K::NoEquals => {
            format!("{arg} må ha verdien etter et likhetstegn, for eksempel {arg}=VERDI.")
        }
        K::InvalidUtf8 => "Et av argumentene er ikke gyldig UTF-8-tekst.".to_string(),
        _ => "Husk forstår ikke kommandolinjen.".to_string(),
    }
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
