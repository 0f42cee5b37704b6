//! `husk-bench load` (issue 12): several `husk serve` processes on one PostgreSQL database under
//! a realistic mix of simulated users (readers searching, reading the matrix and the project
//! lists, opening projects and documents; reporters starting reports, saving drafts as they type
//! and sending them in), bounded in time, on loopback only. It prints throughput, p50/p99 per
//! kind of request, errors and each server's memory at the start and the end.
//!
//! With a fault, halfway through: `kill` sends SIGKILL to the server holding the scheduled
//! work's lease; `pg-restart` restarts the database (a throwaway cluster of the run's own);
//! `rolling` stops each server in turn (SIGTERM) and starts it again. Afterwards every report
//! whose submission got a success answer must be stored exactly once and intact, every
//! acknowledged draft save must be there, the servers left must have kept serving, and (for
//! `kill`) another server must have taken the lease within 30 seconds.

mod cluster;
mod users;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub use cluster::find_postgres_bin;
use cluster::{Cluster, Server, ServerSpec};
pub use users::Kind;
use users::{Role, Shared, User, UserLog};

/// What goes wrong halfway through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// SIGKILL to the server holding the lease «opprydding».
    Kill,
    /// The database restarts (needs the run's own cluster).
    PostgresRestart,
    /// Each server is stopped cleanly and started again, one after the other.
    Rolling,
}

impl Fault {
    pub fn label(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::Kill => "SIGKILL to one server",
            Fault::PostgresRestart => "PostgreSQL restarted",
            Fault::Rolling => "rolling restart",
        }
    }
}

/// Where the database runs.
#[derive(Debug, Clone)]
pub enum Postgres {
    /// A server (URL without database): a fresh database `husk_bench_load` is made on it.
    Server(String),
    /// A throwaway cluster from this PostgreSQL installation (`…/bin`), on this port.
    Own { bin: PathBuf, port: u16 },
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub husk: PathBuf,
    pub postgres: Postgres,
    pub servers: usize,
    pub users: usize,
    pub duration: Duration,
    pub fault: Fault,
}

/// The figures of one kind of request.
#[derive(Debug, Clone)]
pub struct KindFigures {
    pub kind: Kind,
    pub requests: usize,
    pub p50: Duration,
    pub p99: Duration,
    /// Tries that failed (each retried on another server).
    pub failed_tries: usize,
}

/// What the checks after the run found.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub submissions_acknowledged: usize,
    pub submissions_stored_once: usize,
    pub submissions_with_lost_answer: usize,
    pub drafts_acknowledged: usize,
    pub drafts_kept: usize,
    /// Each acknowledged write not found as acknowledged, described.
    pub lost: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LoadFigures {
    pub kinds: Vec<KindFigures>,
    /// p50 and p99 of the page requests, all kinds of page together.
    pub page_p50: Duration,
    pub page_p99: Duration,
    pub requests: usize,
    pub seconds: f64,
    pub failed_tries: usize,
    /// Why tries failed, with how often (most frequent first).
    pub failure_reasons: Vec<(String, usize)>,
    /// Requests answered only after a failed try.
    pub answered_after_retry: usize,
    pub given_up: usize,
    pub unexpected: Vec<String>,
    /// Per server: memory (MB) when the load started and when it ended (`None`: not running).
    pub memory: Vec<(Option<f64>, Option<f64>)>,
    /// Tries that failed from the fault until every kind was answered again.
    pub failed_in_switch: usize,
    /// Requests answered after the fault by the servers left.
    pub answered_after_fault: usize,
    /// Seconds until another server held the lease (fault `kill`).
    pub lease_moved_after: Option<f64>,
    pub checks: Checks,
}

const LOAD_PASSWORD: &str = "last-passord-2026";
/// Accounts the simulated users log in as (sessions are per simulated user).
const READER_ACCOUNTS: usize = 5;
const REPORTER_ACCOUNTS: usize = 5;

fn husk(opts: &LoadOptions, spec: &ServerSpec, args: &[&str], stdin: &str) -> Result<String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(&opts.husk)
        .arg("--data-dir")
        .arg(&spec.data_dir)
        .arg("--files-dir")
        .arg(&spec.files_dir)
        .args(["--database", &spec.database])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", opts.husk.display()))?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(stdin.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "husk {} failed: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The demo, the load's accounts, and entries (2026–2030, ten reports each) for the reporters.
fn prepare(opts: &LoadOptions, spec: &ServerSpec, entries: usize) -> Result<()> {
    husk(opts, spec, &["demo"], "")?;
    let dir = spec.data_dir.join("load");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("lastprove.csv");
    let mut w = csv::Writer::from_path(&file)?;
    w.write_record([
        "id",
        "kind",
        "title",
        "description",
        "region",
        "recipient",
        "recipient_type",
        "start_year",
        "end_year",
        "status",
        "themes",
        "target_groups",
    ])?;
    for i in 0..entries {
        w.write_record([
            format!("last-{i:05}"),
            "prosjekt".into(),
            format!("Lastprøve {} (oppdiktet)", i + 1),
            "Oppdiktet oppføring for lastprøven.".into(),
            "ost".into(),
            "Lastprøve kommune".into(),
            "annen-kommune".into(),
            "2026".into(),
            "2030".into(),
            "aktiv".into(),
            "brukermedvirkning".into(),
            "bostedslos".into(),
        ])?;
    }
    w.flush()?;
    husk(
        opts,
        spec,
        &["import", "projects", &file.to_string_lossy()],
        "",
    )?;
    for i in 0..READER_ACCOUNTS {
        husk(
            opts,
            spec,
            &[
                "user",
                "add",
                &format!("last-leser-{i}"),
                "--role",
                "leser",
                "--name",
                &format!("Lastprøve leser {i}"),
                "--password-stdin",
            ],
            &format!("{LOAD_PASSWORD}\n"),
        )?;
    }
    for i in 0..REPORTER_ACCOUNTS {
        husk(
            opts,
            spec,
            &[
                "user",
                "add",
                &format!("last-mottaker-{i}"),
                "--role",
                "mottaker",
                "--organisation",
                "Lastprøve kommune",
                "--name",
                &format!("Lastprøve mottaker {i}"),
                "--password-stdin",
            ],
            &format!("{LOAD_PASSWORD}\n"),
        )?;
    }
    Ok(())
}

/// Who holds the lease «opprydding» now.
fn lease_holder(db: &mut postgres::Client) -> Option<String> {
    db.query_opt(
        "SELECT holder FROM leases WHERE name = 'opprydding' AND expires_at >= to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')",
        &[],
    )
    .ok()
    .flatten()
    .map(|r| r.get(0))
}

/// Runs the load (and the fault) and checks what was acknowledged; prints as it goes.
pub fn run_load(opts: &LoadOptions, out: &mut dyn Write) -> Result<LoadFigures> {
    anyhow::ensure!(opts.servers >= 1, "at least one server");
    if opts.fault != Fault::None {
        anyhow::ensure!(opts.servers >= 2, "a fault run needs at least two servers");
    }
    writeln!(out, "Husk load run on {}", crate::machine())?;
    let own_cluster = match &opts.postgres {
        Postgres::Own { bin, port } => Some(Cluster::start(bin, *port)?),
        Postgres::Server(_) => None,
    };
    if opts.fault == Fault::PostgresRestart && own_cluster.is_none() {
        bail!("restarting PostgreSQL needs the run's own cluster (--own-postgres)");
    }
    let server_url = match (&own_cluster, &opts.postgres) {
        (Some(c), _) => c.url(),
        (None, Postgres::Server(s)) => s.clone(),
        (None, Postgres::Own { .. }) => unreachable!(),
    };
    // One database per run, so runs (and tests) in parallel do not meet.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let purpose = format!(
        "load_{}_{}",
        std::process::id(),
        RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let database = crate::national::fresh_postgres_database(&server_url, &purpose)?;
    let work = tempfile::tempdir()?;
    let files_dir = work.path().join("files");
    let specs: Vec<ServerSpec> = (0..opts.servers)
        .map(|i| ServerSpec {
            husk: opts.husk.clone(),
            database: database.clone(),
            data_dir: work.path().join(format!("server-{i}")),
            files_dir: files_dir.clone(),
            port: 0,
        })
        .collect();
    let readers = opts.users * 7 / 10;
    let reporters = opts.users - readers;
    // A report every ~15 s per reporter; ten reports per entry; room to spare.
    let entries = (reporters * (opts.duration.as_secs() as usize / 10 + 2)).div_ceil(10) + 1;
    let prepared = Instant::now();
    prepare(opts, &specs[0], entries)?;
    writeln!(
        out,
        "prepared the demo, {entries} entries for reports and {} accounts on {database} in {:.1} s",
        READER_ACCOUNTS + REPORTER_ACCOUNTS,
        prepared.elapsed().as_secs_f64()
    )?;

    let mut db = postgres::Client::connect(&database, postgres::NoTls)?;
    let projects: Vec<String> = db
        .query(
            "SELECT id FROM projects WHERE id NOT LIKE 'last-%' ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let documents: Vec<i64> = db
        .query("SELECT id FROM documents ORDER BY id", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    anyhow::ensure!(
        !projects.is_empty() && !documents.is_empty(),
        "the demo is empty"
    );
    let queries = crate::relevance::query_texts(&crate::relevance::default_path())?;

    let mut servers: Vec<Server> = Vec::new();
    let mut specs = specs;
    for spec in specs.iter_mut() {
        let s = Server::start(spec)?;
        spec.port = s.port();
        servers.push(s);
    }
    // Let every server build its index from the database and warm up.
    for s in &servers {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(r) = agent.get(&format!("{}/healthz", s.base)).call() {
                if r.status() == 200 {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    std::thread::sleep(Duration::from_secs(3));
    writeln!(
        out,
        "{} servers on one database: {}; {} users ({readers} readers, {reporters} reporters) for {} s; fault: {}",
        servers.len(),
        servers.iter().map(|s| s.base.as_str()).collect::<Vec<_>>().join(", "),
        opts.users,
        opts.duration.as_secs(),
        opts.fault.label()
    )?;
    out.flush()?;
    let memory_start: Vec<Option<f64>> = servers.iter().map(|s| s.rss_mb()).collect();

    let started = Instant::now();
    let shared = Arc::new(Shared {
        servers: RwLock::new(servers.iter().map(|s| s.base.clone()).collect()),
        started,
        deadline: started + opts.duration,
        projects,
        documents,
        queries,
        report_entries: (0..entries).map(|i| format!("last-{i:05}")).collect(),
        next_entry: AtomicUsize::new(0),
        password: LOAD_PASSWORD.to_string(),
    });
    let mut handles = Vec::new();
    for n in 0..opts.users {
        let (role, username) = if n % 10 < 3 {
            (
                Role::Reporter,
                format!("last-mottaker-{}", n % REPORTER_ACCOUNTS),
            )
        } else {
            (Role::Reader, format!("last-leser-{}", n % READER_ACCOUNTS))
        };
        let user = User::new(n, role, username, shared.clone());
        handles.push(
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || user.run())?,
        );
    }

    // The fault, halfway.
    let mut fault_at: Option<Duration> = None;
    let mut lease_moved_after = None;
    let half = opts.duration / 2;
    std::thread::sleep(half.saturating_sub(started.elapsed()));
    match opts.fault {
        Fault::None => {}
        Fault::Kill => {
            let holder = lease_holder(&mut db).unwrap_or_default();
            let victim = servers
                .iter()
                .position(|s| holder.ends_with(&format!("/{}", s.pid)))
                .unwrap_or(0);
            fault_at = Some(started.elapsed());
            servers[victim].kill();
            writeln!(
                out,
                "{:>5.1} s: SIGKILL to {} (it held the lease «opprydding»: {})",
                started.elapsed().as_secs_f64(),
                servers[victim].base,
                !holder.is_empty() && holder.ends_with(&format!("/{}", servers[victim].pid))
            )?;
            out.flush()?;
            let killed = Instant::now();
            while killed.elapsed() < Duration::from_secs(60) {
                match lease_holder(&mut db) {
                    Some(h) if !h.ends_with(&format!("/{}", servers[victim].pid)) => {
                        lease_moved_after = Some(killed.elapsed().as_secs_f64());
                        break;
                    }
                    _ => std::thread::sleep(Duration::from_millis(250)),
                }
            }
            match lease_moved_after {
                Some(s) => writeln!(out, "        another server took the lease after {s:.1} s")?,
                None => writeln!(out, "        no other server took the lease within 60 s")?,
            }
        }
        Fault::PostgresRestart => {
            fault_at = Some(started.elapsed());
            let t = Instant::now();
            own_cluster.as_ref().expect("own cluster").restart()?;
            writeln!(
                out,
                "{:>5.1} s: PostgreSQL restarted (down and up again in {:.1} s)",
                fault_at.unwrap_or_default().as_secs_f64(),
                t.elapsed().as_secs_f64()
            )?;
            db = postgres::Client::connect(&database, postgres::NoTls)?;
        }
        Fault::Rolling => {
            fault_at = Some(started.elapsed());
            for i in 0..servers.len() {
                let t = Instant::now();
                servers[i].stop();
                let next = Server::start(&specs[i])?;
                writeln!(
                    out,
                    "{:>5.1} s: {} stopped (SIGTERM) and started again in {:.1} s",
                    started.elapsed().as_secs_f64(),
                    next.base,
                    t.elapsed().as_secs_f64()
                )?;
                servers[i] = next;
                std::thread::sleep(Duration::from_secs(5));
            }
        }
    }
    out.flush()?;
    let logs: Vec<UserLog> = handles
        .into_iter()
        .map(|h| h.join().unwrap_or_default())
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let memory_end: Vec<Option<f64>> = servers.iter().map(|s| s.rss_mb()).collect();
    for s in servers.iter_mut() {
        s.stop();
    }

    let checks = check(&mut db, &logs)?;
    let figures = figures(
        &logs,
        seconds,
        memory_start.into_iter().zip(memory_end).collect(),
        fault_at,
        lease_moved_after,
        checks,
    );
    print(out, opts, &figures)?;
    drop(db);
    drop_database(&server_url)?;
    Ok(figures)
}

fn drop_database(server_url: &str) -> Result<()> {
    let mut c = postgres::Client::connect(
        &crate::national::postgres_database_url(server_url, "x")
            .replace("husk_bench_x", "postgres"),
        postgres::NoTls,
    )?;
    c.batch_execute("DROP DATABASE IF EXISTS husk_bench_load WITH (FORCE)")?;
    Ok(())
}

/// Every acknowledged submission stored exactly once with what was sent; every acknowledged
/// draft save kept (the stored draft is that save or a later one of the same user). Answers
/// are stored as `{"field": {"text": "…"}}`.
fn check(db: &mut postgres::Client, logs: &[UserLog]) -> Result<Checks> {
    let mut c = Checks::default();
    for ledger in logs.iter().flat_map(|l| l.reports.iter()) {
        let id = ledger.report_id;
        let row = db.query_opt(
            "SELECT revision, draft, state FROM reports WHERE id = $1",
            &[&id],
        )?;
        let Some(row) = row else {
            if ledger.last_saved.is_some() || ledger.submitted.is_some() {
                c.lost.push(format!("report {id} is gone"));
            }
            continue;
        };
        let revision: i64 = row.get(0);
        let draft: String = row.get(1);
        let state: String = row.get(2);
        if let Some((acked, n)) = ledger.last_saved {
            c.drafts_acknowledged += 1;
            let draft: serde_json::Value = serde_json::from_str(&draft).unwrap_or_default();
            let written = draft["gjort_mot_plan"]["text"]
                .as_str()
                .and_then(|t| t.strip_prefix("Lagring "))
                .and_then(|t| t.split(' ').next())
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(0);
            if revision >= acked && written >= n {
                c.drafts_kept += 1;
            } else {
                c.lost.push(format!(
                    "report {id}: save {n} (revision {acked}) acknowledged, but the database has save {written} at revision {revision}"
                ));
            }
        }
        if ledger.submit_unknown {
            c.submissions_with_lost_answer += 1;
        }
        if let Some(marker) = &ledger.submitted {
            c.submissions_acknowledged += 1;
            let versions: Vec<String> = db
                .query(
                    "SELECT answers FROM report_versions WHERE report_id = $1 ORDER BY number",
                    &[&id],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let holding: Vec<&String> = versions.iter().filter(|a| a.contains(marker)).collect();
            let intact = holding.len() == 1
                && serde_json::from_str::<serde_json::Value>(holding[0])
                    .map(|v| {
                        v["laert"]["text"].as_str() == Some(marker.as_str())
                            && v["endret_praksis"]["text"].as_str()
                                == Some("Teamet deltar i tildelingsmøtet.")
                    })
                    .unwrap_or(false);
            if intact && state != "utkast" {
                c.submissions_stored_once += 1;
            } else {
                c.lost.push(format!(
                    "report {id}: submission acknowledged, stored {} times (state {state})",
                    holding.len()
                ));
            }
        }
    }
    Ok(c)
}

fn figures(
    logs: &[UserLog],
    seconds: f64,
    memory: Vec<(Option<f64>, Option<f64>)>,
    fault_at: Option<Duration>,
    lease_moved_after: Option<f64>,
    checks: Checks,
) -> LoadFigures {
    let mut pages: Vec<Duration> = logs
        .iter()
        .flat_map(|l| l.samples.iter())
        .filter(|s| s.kind.is_page())
        .map(|s| s.latency)
        .collect();
    pages.sort_unstable();
    let mut by_kind: BTreeMap<Kind, Vec<Duration>> = BTreeMap::new();
    let mut failed_by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    for l in logs {
        for s in &l.samples {
            by_kind.entry(s.kind).or_default().push(s.latency);
        }
        for f in &l.failures {
            *failed_by_kind.entry(f.kind).or_default() += 1;
        }
    }
    let kinds: Vec<KindFigures> = Kind::ALL
        .iter()
        .filter_map(|k| {
            let mut lat = by_kind.remove(k).unwrap_or_default();
            let failed = failed_by_kind.get(k).copied().unwrap_or(0);
            if lat.is_empty() && failed == 0 {
                return None;
            }
            lat.sort_unstable();
            Some(KindFigures {
                kind: *k,
                requests: lat.len(),
                p50: crate::percentile(&lat, 0.50),
                p99: crate::percentile(&lat, 0.99),
                failed_tries: failed,
            })
        })
        .collect();
    let requests = kinds.iter().map(|k| k.requests).sum();
    let failures: Vec<&users::Failure> = logs.iter().flat_map(|l| l.failures.iter()).collect();
    let (failed_in_switch, answered_after_fault) = match fault_at {
        Some(at) => (
            failures.iter().filter(|f| f.at >= at).count(),
            logs.iter()
                .flat_map(|l| l.samples.iter())
                .filter(|s| s.at > at)
                .count(),
        ),
        None => (0, 0),
    };
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for f in &failures {
        // The numbers in a connection's error (ports, error codes) say nothing about the kind.
        let what: String = if f.what.starts_with("HTTP") {
            f.what.clone()
        } else {
            f.what.chars().filter(|c| !c.is_ascii_digit()).collect()
        };
        *reasons
            .entry(format!("server {}: {what}", f.server + 1))
            .or_default() += 1;
    }
    let mut failure_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    failure_reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    let mut unexpected: Vec<String> = logs
        .iter()
        .flat_map(|l| l.unexpected.iter())
        .map(|u| format!("{}: {}", u.kind.label(), u.what))
        .collect();
    unexpected.sort();
    unexpected.dedup();
    LoadFigures {
        kinds,
        page_p50: crate::percentile(&pages, 0.50),
        page_p99: crate::percentile(&pages, 0.99),
        requests,
        seconds,
        failed_tries: failures.len(),
        failure_reasons,
        answered_after_retry: logs
            .iter()
            .flat_map(|l| l.samples.iter())
            .filter(|s| s.retried)
            .count(),
        given_up: logs.iter().map(|l| l.given_up).sum(),
        unexpected,
        memory,
        failed_in_switch,
        answered_after_fault,
        lease_moved_after,
        checks,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn print(out: &mut dyn Write, opts: &LoadOptions, f: &LoadFigures) -> Result<()> {
    writeln!(
        out,
        "\n{} requests answered in {:.0} s: {:.1} per second",
        f.requests,
        f.seconds,
        f.requests as f64 / f.seconds
    )?;
    writeln!(
        out,
        "{:<26} {:>9} {:>10} {:>10} {:>13}",
        "kind", "answered", "p50", "p99", "failed tries"
    )?;
    for k in &f.kinds {
        writeln!(
            out,
            "{:<26} {:>9} {:>10} {:>10} {:>13}",
            k.kind.label(),
            k.requests,
            ms(k.p50),
            ms(k.p99),
            k.failed_tries
        )?;
    }
    writeln!(
        out,
        "page requests: p50 {}, p99 {} (target: p99 under 100 ms)",
        ms(f.page_p50),
        ms(f.page_p99)
    )?;
    writeln!(
        out,
        "failed tries (each retried on another server): {}; requests given up after 30 s of tries: {}",
        f.failed_tries, f.given_up
    )?;
    for (what, n) in f.failure_reasons.iter().take(5) {
        writeln!(out, "  {n:>6} × {what}")?;
    }
    writeln!(
        out,
        "requests answered after a failed try: {}",
        f.answered_after_retry
    )?;
    if opts.fault != Fault::None {
        writeln!(
            out,
            "after the fault ({}): {} tries failed, {} requests answered by the servers left",
            opts.fault.label(),
            f.failed_in_switch,
            f.answered_after_fault
        )?;
    }
    for (i, (start, end)) in f.memory.iter().enumerate() {
        let show = |m: &Option<f64>| m.map_or("not running".to_string(), |m| format!("{m:.0} MB"));
        writeln!(
            out,
            "server {}: memory {} at the start, {} at the end",
            i + 1,
            show(start),
            show(end)
        )?;
    }
    let c = &f.checks;
    writeln!(
        out,
        "acknowledged submissions: {} (stored exactly once and intact: {}); submissions whose answer was lost: {}",
        c.submissions_acknowledged, c.submissions_stored_once, c.submissions_with_lost_answer
    )?;
    writeln!(
        out,
        "reports with acknowledged draft saves: {} (last acknowledged save kept: {})",
        c.drafts_acknowledged, c.drafts_kept
    )?;
    if c.lost.is_empty() {
        writeln!(out, "no acknowledged write lost")?;
    } else {
        writeln!(out, "LOST acknowledged writes: {}", c.lost.len())?;
        for l in c.lost.iter().take(20) {
            writeln!(out, "  {l}")?;
        }
    }
    if !f.unexpected.is_empty() {
        writeln!(out, "unexpected answers ({} kinds):", f.unexpected.len())?;
        for u in f.unexpected.iter().take(10) {
            writeln!(out, "  {u}")?;
        }
    }
    Ok(())
}
