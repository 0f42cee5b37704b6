//! `husk-bench web`: serves Husk on loopback, as a user would run it, and measures the pages
//! people use most (the matrix, the project list with filters, a project page with similar
//! work, a search page) next to `/healthz`, the ceiling of this machine:
//!
//! - the most requests per second each answers, with a few connections sending without pause;
//! - p50 and p99 latency with many simulated users, each sending its next request one second
//!   after the previous answer;
//! - the memory the server holds (resident set) after each scale is loaded and after the load.
//!
//! Each backend (the SQLite file, and PostgreSQL when a server is given) is measured at the
//! demo's size and, with `--national`, with a generated national register (entries, grants and
//! passages made from the demo's and the seed reports' own text). The server is the real
//! `husk` binary; the load comes from this process on the same machine, so both share its
//! cores: the figures are a floor, not a ceiling.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::percentile;

/// One backend to measure.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    pub fn label(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    /// The `--database` argument for `husk`, if any.
    fn database_args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite => Vec::new(),
            Backend::Postgres(url) => vec!["--database".into(), url.clone()],
        }
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct WebOptions {
    pub husk: PathBuf,
    pub backends: Vec<Backend>,
    /// Simulated users for the latency run.
    pub users: usize,
    /// Seconds of the latency run.
    pub latency_seconds: u64,
    /// Seconds of each throughput run.
    pub throughput_seconds: u64,
    /// Connections sending without pause in the throughput runs.
    pub connections: usize,
    /// Also measure with a generated national register.
    pub national: Option<crate::national::Scale>,
    pub work_dir: Option<PathBuf>,
    /// Keep each prepared data directory (and PostgreSQL database) under this directory and
    /// reuse it in the next run instead of preparing it again.
    pub keep_data: Option<PathBuf>,
}

/// The pages measured: a name and the paths its requests go to, in turn. Project pages and
/// searches vary as they do for real users (each path once before any is asked again), so a
/// server cannot answer them all from what it kept from the previous request for the same page.
fn pages(projects: &[String], queries: &[String]) -> Vec<(&'static str, Vec<String>)> {
    let encode = |q: &str| {
        q.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    vec![
        ("/healthz (ceiling)", vec!["/healthz".to_string()]),
        ("matrix", vec!["/kunnskapsmatrise".to_string()]),
        (
            "project list, filtered",
            vec!["/prosjekter?kontor=ost&type=prosjekt".to_string()],
        ),
        (
            "project page + similar work",
            projects
                .iter()
                .map(|p| format!("/prosjekter/{p}"))
                .collect(),
        ),
        (
            "search page",
            queries
                .iter()
                .map(|q| format!("/sok?q={}", encode(q)))
                .collect(),
        ),
    ]
}

/// The entries whose pages are measured: every entry at the demo's size (from the register's
/// export), and at national scale `PROJECT_PAGES` generated entries spread over the register.
fn measured_entries(
    opts: &WebOptions,
    backend: &Backend,
    data_dir: &Path,
    national: Option<&crate::national::Scale>,
) -> Result<Vec<String>> {
    const PROJECT_PAGES: usize = 200;
    if let Some(scale) = national {
        let step = (scale.entries / PROJECT_PAGES).max(1);
        return Ok((0..scale.entries.min(PROJECT_PAGES))
            .map(|i| format!("gen-{:06}", (i * step + step / 2) % scale.entries))
            .collect());
    }
    let file = data_dir.join("measured-entries.csv");
    let path = file.to_string_lossy().to_string();
    husk(
        opts,
        backend,
        data_dir,
        &["export", "projects", "-o", &path],
        "",
    )?;
    let mut reader = csv::Reader::from_path(&file)?;
    let ids: Vec<String> = reader
        .records()
        .filter_map(|r| r.ok().map(|r| r[0].to_string()))
        .collect();
    if ids.is_empty() {
        bail!("the register's export held no entries");
    }
    Ok(ids)
}

/// The figures of one page.
#[derive(Debug, Clone)]
pub struct PageFigures {
    pub page: &'static str,
    pub max_rps: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub requests: usize,
    pub errors: usize,
}

/// The figures of one backend at one scale.
#[derive(Debug, Clone)]
pub struct RunFigures {
    pub backend: &'static str,
    pub scale: String,
    pub pages: Vec<PageFigures>,
    pub rss_loaded_mb: f64,
    pub rss_after_mb: f64,
}

/// A running `husk serve`.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(opts: &WebOptions, backend: &Backend, data_dir: &Path) -> Result<Server> {
        let mut child = Command::new(&opts.husk)
            .arg("--data-dir")
            .arg(data_dir)
            .args(backend.database_args())
            .args(["serve", "--addr", "127.0.0.1:0", "--insecure-cookies"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", opts.husk.display()))?;
        let stdout = child.stdout.take().context("the server's output")?;
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let Some(line) = lines.next() else {
                bail!("husk serve stopped before it printed its address");
            };
            let line = line?;
            if let Some(i) = line.find("http://") {
                let url = line[i..].split_whitespace().next().unwrap_or("");
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep draining the server's output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Server { child, base })
    }

    fn rss_mb(&self) -> f64 {
        rss_mb(self.child.id())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM first (a clean shutdown), then make sure.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The resident memory of a process, in MB (from /proc).
fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Runs `husk` with arguments (and standard input), failing with its output.
fn husk(
    opts: &WebOptions,
    backend: &Backend,
    data_dir: &Path,
    args: &[&str],
    stdin: &str,
) -> Result<String> {
    let mut child = Command::new(&opts.husk)
        .arg("--data-dir")
        .arg(data_dir)
        .args(backend.database_args())
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

const BENCH_USER: &str = "bench-leser";
const BENCH_PASSWORD: &str = "benk-passord-2026";

/// Logs in through the login form, as a browser would, and returns the cookie header.
fn login(base: &str) -> Result<String> {
    let agent = agent(4);
    let r = agent.get(&format!("{base}/logg-inn")).call()?;
    let csrf = cookie_value(&r, "husk_csrf").context("the login page sets the CSRF cookie")?;
    let r = agent
        .post(&format!("{base}/logg-inn"))
        .header("cookie", &format!("husk_csrf={csrf}"))
        .send_form([
            ("_csrf", csrf.as_str()),
            ("username", BENCH_USER),
            ("password", BENCH_PASSWORD),
            ("neste", "/"),
        ])?;
    let session = cookie_value(&r, "husk_session").context("login gave no session")?;
    let csrf = cookie_value(&r, "husk_csrf").unwrap_or(csrf);
    Ok(format!("husk_csrf={csrf}; husk_session={session}"))
}

fn cookie_value(r: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// An HTTP client that keeps connections open and never follows redirects (a redirect would
/// mean the session was lost, which must show as an error).
fn agent(max_idle: usize) -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .max_idle_connections(max_idle)
        .max_idle_connections_per_host(max_idle)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// One request; the time until the whole body was read, or `None` when it failed.
fn timed_get(agent: &ureq::Agent, url: &str, cookie: &str) -> Option<Duration> {
    let start = Instant::now();
    let r = agent.get(url).header("cookie", cookie).call().ok()?;
    if r.status() != 200 {
        return None;
    }
    let mut body = r.into_body();
    let mut sink = Vec::new();
    body.as_reader().read_to_end(&mut sink).ok()?;
    Some(start.elapsed())
}

/// The most requests per second the server answers for `urls` (each connection asks them in
/// turn), with `connections` clients sending without pause for `seconds`.
fn max_rps(urls: &[String], cookie: &str, connections: usize, seconds: u64) -> (f64, usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(Mutex::new((0usize, 0usize)));
    // A short warm-up, not counted.
    {
        let a = agent(1);
        for url in urls.iter().take(3) {
            let _ = timed_get(&a, url, cookie);
        }
    }
    let start = Instant::now();
    let handles: Vec<_> = (0..connections)
        .map(|c| {
            let (stop, done) = (stop.clone(), done.clone());
            let (urls, cookie) = (urls.to_vec(), cookie.to_string());
            std::thread::spawn(move || {
                let a = agent(1);
                let (mut ok, mut err) = (0, 0);
                let mut i = (c * 7) % urls.len();
                while !stop.load(Ordering::Relaxed) {
                    match timed_get(&a, &urls[i], &cookie) {
                        Some(_) => ok += 1,
                        None => err += 1,
                    }
                    i = (i + 1) % urls.len();
                }
                let mut d = done.lock().unwrap();
                d.0 += ok;
                d.1 += err;
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let (ok, err) = *done.lock().unwrap();
    (ok as f64 / elapsed, err)
}

/// The answer times of one page, and how many requests failed.
type PageTimes = (Vec<Duration>, usize);

/// p50/p99 per page with `users` simulated users, each sending the next request (the next
/// page, in turn) one second after the previous answer, for `seconds`.
fn latency_under_users(
    base: &str,
    pages: &[(&'static str, Vec<String>)],
    cookie: &str,
    users: usize,
    seconds: u64,
) -> Vec<PageTimes> {
    let results: Arc<Mutex<Vec<PageTimes>>> =
        Arc::new(Mutex::new(vec![(Vec::new(), 0); pages.len()]));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..users)
        .map(|u| {
            let results = results.clone();
            let urls: Vec<Vec<String>> = pages
                .iter()
                .map(|(_, paths)| paths.iter().map(|p| format!("{base}{p}")).collect())
                .collect();
            let cookie = cookie.to_string();
            std::thread::spawn(move || {
                let a = agent(1);
                // Users start spread over the first second, as real ones would.
                std::thread::sleep(Duration::from_millis((u as u64 * 1000) / users as u64));
                let mut mine: Vec<PageTimes> = vec![(Vec::new(), 0); urls.len()];
                let mut i = u % urls.len();
                // Each user starts at its own place in each page's paths.
                let mut turn = u;
                while Instant::now() < deadline {
                    let paths = &urls[i];
                    let url = &paths[turn % paths.len()];
                    if i == urls.len() - 1 {
                        turn += 1;
                    }
                    match timed_get(&a, url, &cookie) {
                        Some(d) => mine[i].0.push(d),
                        None => mine[i].1 += 1,
                    }
                    i = (i + 1) % urls.len();
                    std::thread::sleep(Duration::from_secs(1));
                }
                let mut all = results.lock().unwrap();
                for (k, (times, errors)) in mine.into_iter().enumerate() {
                    all[k].0.extend(times);
                    all[k].1 += errors;
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let mut out = Arc::try_unwrap(results)
        .map(|m| m.into_inner().unwrap())
        .unwrap_or_default();
    for (times, _) in &mut out {
        times.sort();
    }
    out
}

/// Prepares a data directory (and database) for `backend` at `scale`.
fn prepare(
    opts: &WebOptions,
    backend: &Backend,
    data_dir: &Path,
    national: Option<&crate::national::Scale>,
    out: &mut dyn Write,
) -> Result<()> {
    let started = Instant::now();
    husk(opts, backend, data_dir, &["demo"], "")?;
    husk(
        opts,
        backend,
        data_dir,
        &[
            "user",
            "add",
            BENCH_USER,
            "--role",
            "leser",
            "--name",
            "Benk Leser",
            "--password-stdin",
        ],
        &format!("{BENCH_PASSWORD}\n"),
    )?;
    if let Some(scale) = national {
        crate::national::load(
            scale,
            &mut |args, stdin| husk(opts, backend, data_dir, args, stdin).map(|_| ()),
            data_dir,
            out,
        )?;
    }
    writeln!(
        out,
        "  {} prepared in {:.1} s",
        backend.label(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
/// The file that marks a kept data directory as fully prepared.
const PREPARED_MARK: &str = "husk-bench-prepared";

/// Runs the whole benchmark and prints its figures.
pub fn run_web(opts: &WebOptions, out: &mut dyn Write) -> Result<Vec<RunFigures>> {
    writeln!(out, "Husk web benchmark on {}", crate::machine())?;
    writeln!(
        out,
        "throughput: {} connections without pause, {} s per page; latency: {} users, one request a second each, {} s",
        opts.connections, opts.throughput_seconds, opts.users, opts.latency_seconds
    )?;
    let mut scales: Vec<Option<&crate::national::Scale>> = vec![None];
    if let Some(n) = &opts.national {
        scales.push(Some(n));
    }
    let mut all = Vec::new();
    for scale in scales {
        let scale_name = match scale {
            None => "demo".to_string(),
            Some(s) => s.describe(),
        };
        for backend in &opts.backends {
            writeln!(out, "\n== {} at {scale_name}", backend.label())?;
            let scale_key = if scale.is_some() { "national" } else { "demo" };
            let (_temporary, data_dir, kept) = match &opts.keep_data {
                Some(keep) => {
                    let d = keep.join(format!("{}-{scale_key}", backend.label().to_lowercase()));
                    let prepared = d.join(PREPARED_MARK).exists();
                    if !prepared && d.exists() {
                        std::fs::remove_dir_all(&d)?;
                    }
                    std::fs::create_dir_all(&d)?;
                    (None, d, prepared)
                }
                None => {
                    let t = match &opts.work_dir {
                        Some(d) => tempfile::tempdir_in(d)?,
                        None => tempfile::tempdir()?,
                    };
                    let d = t.path().to_path_buf();
                    (Some(t), d, false)
                }
            };
            // PostgreSQL: a fresh database on the given server for each run (a kept one is
            // named after its scale and reused while its data directory is).
            let backend = &match backend {
                Backend::Postgres(server) => {
                    let name = match (&opts.keep_data, kept) {
                        (Some(_), true) => {
                            crate::national::postgres_database_url(server, scale_key)
                        }
                        (Some(_), false) => {
                            crate::national::fresh_postgres_database(server, scale_key)?
                        }
                        (None, _) => crate::national::fresh_postgres_database(server, "web")?,
                    };
                    Backend::Postgres(name)
                }
                b => b.clone(),
            };
            if kept {
                writeln!(out, "  reusing the data prepared in {}", data_dir.display())?;
            } else {
                prepare(opts, backend, &data_dir, scale, out)?;
                if opts.keep_data.is_some() {
                    std::fs::write(data_dir.join(PREPARED_MARK), "")?;
                }
            }
            let entries = measured_entries(opts, backend, &data_dir, scale)?;
            let queries = crate::relevance::query_texts(&crate::relevance::default_path())?;
            let server = Server::start(opts, backend, &data_dir)?;
            let cookie = login(&server.base)?;
            let pages = pages(&entries, &queries);
            writeln!(
                out,
                "  project pages of {} entries in turn, {} different searches",
                entries.len(),
                queries.len()
            )?;
            // Warm every page once (the first request builds caches and models).
            for (_, paths) in &pages {
                let _ = timed_get(&agent(1), &format!("{}{}", server.base, paths[0]), &cookie);
            }
            let rss_loaded = server.rss_mb();
            let mut figures: Vec<PageFigures> = Vec::new();
            for (name, paths) in &pages {
                let urls: Vec<String> = paths
                    .iter()
                    .map(|p| format!("{}{p}", server.base))
                    .collect();
                let (rps, errors) =
                    max_rps(&urls, &cookie, opts.connections, opts.throughput_seconds);
                figures.push(PageFigures {
                    page: name,
                    max_rps: rps,
                    p50: Duration::ZERO,
                    p99: Duration::ZERO,
                    requests: 0,
                    errors,
                });
            }
            let measured: Vec<(&'static str, Vec<String>)> =
                pages.iter().skip(1).cloned().collect();
            let latencies = latency_under_users(
                &server.base,
                &measured,
                &cookie,
                opts.users,
                opts.latency_seconds,
            );
            for (k, (times, errors)) in latencies.into_iter().enumerate() {
                let f = &mut figures[k + 1];
                f.p50 = percentile(&times, 0.50);
                f.p99 = percentile(&times, 0.99);
                f.requests = times.len();
                f.errors += errors;
            }
            let rss_after = server.rss_mb();
            drop(server);
            print_run(out, &figures, rss_loaded, rss_after)?;
            all.push(RunFigures {
                backend: backend.label(),
                scale: scale_name.clone(),
                pages: figures,
                rss_loaded_mb: rss_loaded,
                rss_after_mb: rss_after,
            });
        }
    }
    print_summary(out, &all)?;
    Ok(all)
}

fn print_run(
    out: &mut dyn Write,
    figures: &[PageFigures],
    rss_loaded: f64,
    rss_after: f64,
) -> Result<()> {
    let ceiling = figures.first().map_or(0.0, |f| f.max_rps);
    writeln!(
        out,
        "  | page | max req/s | share of /healthz | p50 ms | p99 ms | requests | errors |"
    )?;
    writeln!(out, "  |---|---:|---:|---:|---:|---:|---:|")?;
    for f in figures {
        writeln!(
            out,
            "  | {} | {:.0} | {:.0} % | {} | {} | {} | {} |",
            f.page,
            f.max_rps,
            if ceiling > 0.0 {
                100.0 * f.max_rps / ceiling
            } else {
                0.0
            },
            ms(f.p50, f.requests),
            ms(f.p99, f.requests),
            f.requests,
            f.errors
        )?;
    }
    writeln!(
        out,
        "  server memory (resident): {rss_loaded:.0} MB loaded and warm, {rss_after:.0} MB after the load"
    )?;
    Ok(())
}

fn ms(d: Duration, n: usize) -> String {
    if n == 0 {
        "–".into()
    } else {
        format!("{:.2}", d.as_secs_f64() * 1000.0)
    }
}

/// The targets: matrix and project list at least half the `/healthz` ceiling at the demo's
/// size; p99 under 20 ms on SQLite (50 ms at national scale); PostgreSQL within 2× of SQLite.
fn print_summary(out: &mut dyn Write, all: &[RunFigures]) -> Result<()> {
    writeln!(out, "\n== Targets")?;
    for run in all {
        let ceiling = run.pages.first().map_or(0.0, |f| f.max_rps);
        let national = run.scale != "demo";
        let limit = if national { 50.0 } else { 20.0 };
        for f in run.pages.iter().skip(1) {
            let share = if ceiling > 0.0 {
                f.max_rps / ceiling
            } else {
                0.0
            };
            let mut notes = Vec::new();
            if !national && (f.page == "matrix" || f.page.starts_with("project list")) {
                notes.push(format!(
                    "{:.0} % of /healthz ({})",
                    share * 100.0,
                    if share >= 0.5 {
                        "met"
                    } else {
                        "NOT met: target 50 %"
                    }
                ));
            }
            let p99 = f.p99.as_secs_f64() * 1000.0;
            notes.push(format!(
                "p99 {p99:.1} ms ({})",
                if p99 < limit {
                    "met".to_string()
                } else {
                    format!("NOT met: target {limit} ms")
                }
            ));
            if run.backend == "PostgreSQL" {
                if let Some(sqlite) = all
                    .iter()
                    .find(|r| r.backend == "SQLite" && r.scale == run.scale)
                    .and_then(|r| r.pages.iter().find(|p| p.page == f.page))
                {
                    let ratio = f.p99.as_secs_f64() / sqlite.p99.as_secs_f64().max(1e-9);
                    let rps_ratio = sqlite.max_rps / f.max_rps.max(1e-9);
                    notes.push(format!(
                        "p99 {ratio:.2}× and throughput 1/{rps_ratio:.2} of SQLite ({})",
                        if ratio <= 2.0 && rps_ratio <= 2.0 {
                            "met"
                        } else {
                            "NOT met: within 2×"
                        }
                    ));
                }
            }
            writeln!(
                out,
                "  {} at {}, {}: {}",
                run.backend,
                run.scale,
                f.page,
                notes.join("; ")
            )?;
        }
    }
    Ok(())
}
