//! `husk-bench`: benchmarks Husk's search against PostgreSQL and SQLite FTS5, and evaluates
//! theme suggestions. Run it with `--release`:
//!
//! ```text
//! cargo run --release -p husk-bench -- search [--passages N] [--runs K] [--skip-pg] [--pg URL]
//! cargo run --release -p husk-bench -- suggest [--fold 5]
//! cargo run --release -p husk-bench -- passages      # the real passages, to write judgements
//! cargo run --release -p husk-bench -- web [--national] [--pg URL | --skip-pg] [--keep-data DIR]
//! cargo run --release -p husk-bench -- register [--rows 200000]   # pages over a large register
//! cargo run --release -p husk-bench -- load [--users 200 --seconds 600] [--fault kill|pg-restart|rolling] [--own-postgres PORT]
//! ```

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "husk-bench",
    about = "Benchmarks Husk's search against PostgreSQL full-text search and SQLite FTS5, and \
             evaluates theme suggestions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build time, index size, latency p50/p99, nDCG@10 and recall@10 of Husk, PostgreSQL and
    /// SQLite FTS5 on the same passages.
    Search {
        /// Passages in the corpus (the real ones, then recombined ones).
        #[arg(long, default_value_t = 100_000)]
        passages: usize,
        /// Timed runs of every query, after one warm-up run.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Leave PostgreSQL out (for example when no server is running).
        #[arg(long)]
        skip_pg: bool,
        /// PostgreSQL connection string (default: the local server's socket, then localhost,
        /// as user postgres).
        #[arg(long, env = "HUSK_BENCH_PG")]
        pg: Option<String>,
        /// Also print nDCG@10 and recall@10 per judged query.
        #[arg(long)]
        details: bool,
        /// Also print every engine's ten results for this query (repeatable).
        #[arg(long)]
        show: Vec<String>,
        /// The relevance set.
        #[arg(long)]
        relevance: Option<PathBuf>,
        /// Directory for the temporary indexes (default: the system's temporary directory).
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Only build Husk's index and run the hostile queries (many words, prefixes, typos,
        /// long words, punctuation), printing the worst CPU time of each.
        #[arg(long)]
        hostile_only: bool,
        /// Leave out the hostile queries whose names contain this (repeatable), for example
        /// "2,000" on a build without the bounds, where those take minutes each.
        #[arg(long)]
        skip_hostile: Vec<String>,
    },
    /// Precision and recall of theme and target-group suggestions on held-out demo projects.
    Suggest {
        /// Every example whose position is a multiple of this is held out.
        #[arg(long, default_value_t = 5)]
        fold: usize,
    },
    /// Prints the real passages of the seed reports with their ordinals and headings.
    Passages,
    /// Serves Husk on loopback and measures the matrix, the project list, a project page and a
    /// search page on SQLite and PostgreSQL: the most requests per second next to /healthz,
    /// p50/p99 with many users, and the server's memory.
    Web {
        /// The husk binary to serve (default: the release build beside this one).
        #[arg(long)]
        husk: Option<PathBuf>,
        /// PostgreSQL server to measure on (a fresh database `husk_bench_web` is made on it).
        #[arg(
            long,
            env = "HUSK_BENCH_PG",
            default_value = "postgres://postgres@127.0.0.1:5432/postgres"
        )]
        pg: String,
        /// Leave PostgreSQL out.
        #[arg(long)]
        skip_pg: bool,
        /// Simulated users in the latency run.
        #[arg(long, default_value_t = 200)]
        users: usize,
        /// Seconds of the latency run.
        #[arg(long, default_value_t = 30)]
        latency_seconds: u64,
        /// Seconds of each throughput run.
        #[arg(long, default_value_t = 8)]
        throughput_seconds: u64,
        /// Connections sending without pause in the throughput runs.
        #[arg(long, default_value_t = 8)]
        connections: usize,
        /// Also measure with a generated national register (100,000 entries, 300,000 grants,
        /// 1,000,000 passages).
        #[arg(long)]
        national: bool,
        /// Directory for the data directories (default: the system's temporary directory).
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Keep the prepared data (a data directory per backend and scale under DIR, and the
        /// PostgreSQL databases husk_bench_demo and husk_bench_national) and reuse it next time.
        #[arg(long, value_name = "DIR")]
        keep_data: Option<PathBuf>,
    },
    /// Several servers on one PostgreSQL database under simulated users (searching, reading the
    /// matrix, lists, projects and documents; saving report drafts as they type and sending
    /// reports in), on loopback, bounded in time; with a fault halfway, and checks afterwards
    /// that no acknowledged write was lost.
    Load {
        /// The husk binary to serve (default: the release build beside this one).
        #[arg(long)]
        husk: Option<PathBuf>,
        /// PostgreSQL server (a fresh database husk_bench_load is made on it).
        #[arg(
            long,
            env = "HUSK_BENCH_PG",
            default_value = "postgres://postgres@127.0.0.1:5432/postgres"
        )]
        pg: String,
        /// Run a throwaway PostgreSQL cluster of its own instead (initdb from the newest
        /// /usr/lib/postgresql/N/bin) on this port; needed for --fault pg-restart.
        #[arg(long, value_name = "PORT")]
        own_postgres: Option<u16>,
        #[arg(long, default_value_t = 2)]
        servers: usize,
        #[arg(long, default_value_t = 200)]
        users: usize,
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// none, kill (SIGKILL to the server holding the lease), pg-restart, rolling.
        #[arg(long, default_value = "none")]
        fault: String,
    },
    /// Imports a generated register and times the project list, project pages and API lists
    /// over HTTP, and what autosaving a large draft adds to the audit log.
    Register {
        /// Entries in the generated register.
        #[arg(long, default_value_t = 200_000)]
        rows: usize,
        /// Characters of the large draft answer.
        #[arg(long, default_value_t = 1_900_000)]
        answer_chars: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Web {
            husk,
            pg,
            skip_pg,
            users,
            latency_seconds,
            throughput_seconds,
            connections,
            national,
            work_dir,
            keep_data,
        } => {
            let husk = match husk {
                Some(h) => h,
                None => std::env::current_exe()?
                    .parent()
                    .map(|d| d.join("husk"))
                    .unwrap_or_else(|| PathBuf::from("husk")),
            };
            let mut backends = vec![husk_bench::web::Backend::Sqlite];
            if !skip_pg {
                backends.push(husk_bench::web::Backend::Postgres(pg));
            }
            husk_bench::web::run_web(
                &husk_bench::web::WebOptions {
                    husk,
                    backends,
                    users,
                    latency_seconds,
                    throughput_seconds,
                    connections,
                    national: national.then(husk_bench::national::Scale::national),
                    work_dir,
                    keep_data,
                },
                &mut out,
            )?;
        }
        Command::Search {
            passages,
            runs,
            skip_pg,
            pg,
            details,
            show,
            relevance,
            work_dir,
            hostile_only,
            skip_hostile,
        } => {
            let opts = husk_bench::SearchOptions {
                passages,
                runs,
                skip_pg,
                pg,
                details,
                show,
                relevance: relevance.unwrap_or_else(husk_bench::relevance::default_path),
                work_dir,
                hostile_only,
                skip_hostile,
                ..husk_bench::SearchOptions::default()
            };
            husk_bench::run_search(&opts, &mut out)?;
        }
        Command::Suggest { fold } => {
            anyhow::ensure!(fold >= 2, "--fold must be at least 2");
            husk_bench::suggest::run_suggest(fold, &[0.2, 0.3, 0.5], &mut out)?;
        }
        Command::Load {
            husk,
            pg,
            own_postgres,
            servers,
            users,
            seconds,
            fault,
        } => {
            use husk_bench::load::{Fault, Postgres};
            let husk = match husk {
                Some(h) => h,
                None => std::env::current_exe()?
                    .parent()
                    .map(|d| d.join("husk"))
                    .unwrap_or_else(|| PathBuf::from("husk")),
            };
            let fault = match fault.as_str() {
                "none" => Fault::None,
                "kill" => Fault::Kill,
                "pg-restart" => Fault::PostgresRestart,
                "rolling" => Fault::Rolling,
                other => {
                    anyhow::bail!("--fault {other}: expected none, kill, pg-restart or rolling")
                }
            };
            let postgres = match own_postgres {
                Some(port) => Postgres::Own {
                    bin: husk_bench::load::find_postgres_bin().ok_or_else(|| {
                        anyhow::anyhow!("no PostgreSQL under /usr/lib/postgresql")
                    })?,
                    port,
                },
                None => Postgres::Server(pg),
            };
            let figures = husk_bench::load::run_load(
                &husk_bench::load::LoadOptions {
                    husk,
                    postgres,
                    servers,
                    users,
                    duration: std::time::Duration::from_secs(seconds),
                    fault,
                },
                &mut out,
            )?;
            if !figures.checks.lost.is_empty() {
                anyhow::bail!("acknowledged writes were lost");
            }
        }
        Command::Register { rows, answer_chars } => {
            let opts = husk_bench::register::RegisterOptions { rows, answer_chars };
            husk_bench::register::run_register(&opts, &mut out)?;
        }
        Command::Passages => {
            let reports = husk_bench::corpus::load_real_reports()?;
            husk_bench::corpus::dump(&reports, &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
