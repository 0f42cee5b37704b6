//! Benchmarks of Husk's search against PostgreSQL full-text search and SQLite FTS5 (build
//! time, index size, query latency, nDCG@10 and recall@10 on a relevance set written from the
//! seed reports), and the evaluation of theme suggestions on the classified demo data.
//!
//! The figures are printed, never asserted: timings depend on the machine.

pub mod corpus;
pub mod engines;
pub mod hostile;
pub mod load;
pub mod national;
pub mod register;
pub mod relevance;
pub mod suggest;
pub mod web;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use corpus::Corpus;
use engines::{Engine, Phases, TOP_K};
use relevance::Query;

/// What `husk-bench search` does.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Passages in the corpus.
    pub passages: usize,
    /// Use at most this many real passages (tests); `None`: all of them.
    pub real_cap: Option<usize>,
    /// Timed runs of every query (after one warm-up run).
    pub runs: usize,
    /// Leave PostgreSQL out.
    pub skip_pg: bool,
    /// PostgreSQL connection string (default: the local server as `postgres`).
    pub pg: Option<String>,
    /// Print nDCG@10 and recall@10 per judged query.
    pub details: bool,
    /// Print every engine's ten results for these queries.
    pub show: Vec<String>,
    /// The relevance set.
    pub relevance: PathBuf,
    /// Where the indexes are built (a temporary directory under it).
    pub work_dir: Option<PathBuf>,
    /// Only build Husk's index and run the hostile queries.
    pub hostile_only: bool,
    /// Leave out the hostile queries whose names contain any of these.
    pub skip_hostile: Vec<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            passages: 100_000,
            real_cap: None,
            runs: 5,
            skip_pg: false,
            pg: None,
            details: false,
            show: Vec::new(),
            relevance: relevance::default_path(),
            work_dir: None,
            hostile_only: false,
            skip_hostile: Vec::new(),
        }
    }
}

/// One engine's figures.
#[derive(Debug, Clone)]
pub struct EngineResult {
    /// Engine name.
    pub name: &'static str,
    /// Load, index and commit.
    pub build: Duration,
    /// Index size on disk.
    pub size_bytes: u64,
    /// Median query latency.
    pub p50: Duration,
    /// 99th percentile query latency.
    pub p99: Duration,
    /// Slowest query run.
    pub max: Duration,
    /// Mean nDCG@10 over the judged queries.
    pub ndcg: f64,
    /// Mean recall@10 over the judged queries.
    pub recall: f64,
    /// Per judged query: (nDCG@10, recall@10), in the order of [`SearchReport::judged`].
    pub per_query: Vec<(f64, f64)>,
    /// Queries that returned nothing.
    pub empty_queries: usize,
    /// Median latency of each query, in the order of the relevance set.
    pub medians: Vec<Duration>,
    /// How it was set up.
    pub description: String,
    /// Mean nDCG@10 and recall@10 on the seed reports alone (no recombined passages).
    pub real_only: Option<(f64, f64)>,
    /// Where the time went, phase by phase, if the engine reports it.
    pub phases: Option<Phases>,
    /// Another way of querying the index of this engine (same build and size).
    pub variant_of: Option<&'static str>,
    /// Each query's ranking (global passage ids) in the first timed run.
    pub rankings: Vec<Vec<usize>>,
}

/// Everything one `search` run measured.
#[derive(Debug, Clone)]
pub struct SearchReport {
    /// Passages indexed.
    pub passages: usize,
    /// Of which real.
    pub real_passages: usize,
    /// Queries timed.
    pub queries: usize,
    /// The judged queries that count (text, judged passages in the corpus).
    pub judged: Vec<(String, usize)>,
    /// Every query's text.
    pub query_texts: Vec<String>,
    /// Per engine, in the order run.
    pub engines: Vec<EngineResult>,
    /// Why PostgreSQL is missing, if it is.
    pub pg_skipped: Option<String>,
    /// Passages of the seed reports (the "real" relevance columns).
    pub real_total: usize,
    /// The seed reports.
    pub real_docs: usize,
    /// The hostile queries on Husk's index.
    pub hostile: Vec<hostile::HostileResult>,
}

/// The machine: cores and CPU model.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key.trim() == "model name").then(|| value.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let line = m.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!(", {:.1} GB RAM", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_default();
    format!("{cores} cores (nproc), {model}{memory}")
}

/// The `p`-quantile (0–1) of sorted durations, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

struct Measured {
    latencies: Vec<Duration>,
    /// Median latency of each query.
    medians: Vec<Duration>,
    rankings: Vec<Vec<usize>>,
}

/// Runs every query once to warm up, then `runs` times in turn (all queries, then all again),
/// timing each call with a monotonic clock. Keeps the rankings of the first timed run.
fn measure(engine: &mut dyn Engine, queries: &[Query], runs: usize) -> Result<Measured> {
    for q in queries {
        engine
            .search(&q.text)
            .with_context(|| format!("{} failed on «{}»", engine.name(), q.text))?;
    }
    // The phases of the timed calls only.
    engine.take_phases();
    let mut by_query = vec![Vec::with_capacity(runs); queries.len()];
    let mut rankings = Vec::with_capacity(queries.len());
    for run in 0..runs.max(1) {
        for (i, q) in queries.iter().enumerate() {
            let start = Instant::now();
            let ranking = engine.search(&q.text)?;
            by_query[i].push(start.elapsed());
            if run == 0 {
                rankings.push(ranking);
            }
        }
    }
    let mut latencies: Vec<Duration> = by_query.iter().flatten().copied().collect();
    latencies.sort_unstable();
    let medians = by_query
        .iter_mut()
        .map(|d| {
            d.sort_unstable();
            percentile(d, 0.5)
        })
        .collect();
    Ok(Measured {
        latencies,
        medians,
        rankings,
    })
}

/// Waits until the files in `dir` stop changing (tantivy merges segments in the background
/// after a commit), at most `limit`. Returns how long it waited.
fn settle(dir: &Path, limit: Duration) -> Result<Duration> {
    fn listing(dir: &Path) -> Result<Vec<(String, u64)>> {
        let mut files: Vec<(String, u64)> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let len = e.metadata().ok()?.len();
                Some((e.file_name().to_string_lossy().into_owned(), len))
            })
            .collect();
        files.sort();
        Ok(files)
    }
    let start = Instant::now();
    let mut last = listing(dir)?;
    let mut stable_since = Instant::now();
    while start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(200));
        let now = listing(dir)?;
        if now != last {
            last = now;
            stable_since = Instant::now();
        } else if stable_since.elapsed() >= Duration::from_millis(1500) {
            break;
        }
    }
    Ok(start.elapsed())
}

fn evaluate(
    name: &'static str,
    build: Duration,
    size_bytes: u64,
    measured: Measured,
    judged: &[(usize, HashMap<usize, u8>)],
    description: String,
) -> EngineResult {
    let per_query: Vec<(f64, f64)> = judged
        .iter()
        .map(|(qi, ids)| {
            let ranking = &measured.rankings[*qi];
            (
                relevance::ndcg_at(ranking, ids, TOP_K),
                relevance::recall_at(ranking, ids, TOP_K),
            )
        })
        .collect();
    let n = per_query.len().max(1) as f64;
    EngineResult {
        name,
        build,
        size_bytes,
        p50: percentile(&measured.latencies, 0.50),
        p99: percentile(&measured.latencies, 0.99),
        max: measured.latencies.last().copied().unwrap_or_default(),
        ndcg: per_query.iter().map(|p| p.0).sum::<f64>() / n,
        recall: per_query.iter().map(|p| p.1).sum::<f64>() / n,
        empty_queries: measured.rankings.iter().filter(|r| r.is_empty()).count(),
        medians: measured.medians,
        per_query,
        description,
        real_only: None,
        phases: None,
        variant_of: None,
        rankings: measured.rankings,
    }
}

/// Prints an engine's results for the queries of `--show`, marking judged passages.
fn show(
    engine: &mut dyn Engine,
    opts: &SearchOptions,
    queries: &[Query],
    corpus: &Corpus,
    out: &mut dyn Write,
) -> Result<()> {
    if opts.show.is_empty() {
        return Ok(());
    }
    let texts: HashMap<usize, (&corpus::Doc, &husk_search::Passage)> =
        corpus.passages().map(|(id, d, p)| (id, (d, p))).collect();
    for text in &opts.show {
        let judged = queries
            .iter()
            .find(|q| &q.text == text)
            .map(|q| relevance::judged_ids(q, corpus))
            .unwrap_or_default();
        writeln!(out, "  {} «{text}»:", engine.name())?;
        for (rank, id) in engine.search(text)?.iter().enumerate() {
            let (doc, passage) = texts[id];
            let mark = match judged.get(id) {
                Some(g) => format!("[{g}]"),
                None => "   ".to_string(),
            };
            let title: String = doc.meta.title.chars().take(40).collect();
            let body: String = passage.text.chars().take(90).collect();
            writeln!(
                out,
                "    {:>2}. {mark} doc {} #{} {title} | {}",
                rank + 1,
                doc.meta.doc_id,
                passage.ordinal,
                body.replace('\n', " ")
            )?;
        }
        let missing: Vec<String> = judged
            .iter()
            .map(|(id, g)| {
                let (doc, passage) = texts[id];
                format!("doc {} #{} [{g}]", doc.meta.doc_id, passage.ordinal)
            })
            .collect();
        writeln!(out, "    judged: {}", missing.join(", "))?;
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The rankings of every query, one call each (no timing).
fn rank_all(engine: &mut dyn Engine, queries: &[Query]) -> Result<Vec<Vec<usize>>> {
    queries
        .iter()
        .map(|q| {
            engine
                .search(&q.text)
                .with_context(|| format!("{} failed on «{}»", engine.name(), q.text))
        })
        .collect()
}

/// Mean nDCG@10 and recall@10 of rankings over judged queries.
fn mean_relevance(rankings: &[Vec<usize>], judged: &[(usize, HashMap<usize, u8>)]) -> (f64, f64) {
    let n = judged.len().max(1) as f64;
    let (mut ndcg, mut recall) = (0.0, 0.0);
    for (qi, ids) in judged {
        ndcg += relevance::ndcg_at(&rankings[*qi], ids, TOP_K);
        recall += relevance::recall_at(&rankings[*qi], ids, TOP_K);
    }
    (ndcg / n, recall / n)
}

/// Which engine to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Husk,
    Postgres,
    Sqlite,
}

fn engine_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Husk => "Husk",
        Kind::Postgres => "PostgreSQL",
        Kind::Sqlite => "SQLite FTS5",
    }
}

/// Builds one engine on `corpus` under `dir` and hands it to `f` with its build time.
fn with_engine<T>(
    kind: Kind,
    corpus: &Corpus,
    dir: &Path,
    opts: &SearchOptions,
    f: &mut dyn FnMut(&mut dyn Engine, Duration) -> Result<T>,
) -> Result<T> {
    match kind {
        Kind::Husk => {
            let path = dir.join("husk");
            let start = Instant::now();
            let mut engine = engines::husk::Husk::build(&path, corpus)?;
            let build = start.elapsed();
            f(&mut engine, build)
        }
        Kind::Postgres => {
            let (client, connection) = engines::postgres::connect(opts.pg.as_deref())?;
            let start = Instant::now();
            let mut engine = engines::postgres::Postgres::build(client, connection, corpus)?;
            let build = start.elapsed();
            let result = f(&mut engine, build);
            engine.drop_schema()?;
            result
        }
        Kind::Sqlite => {
            let path = dir.join("fts5.sqlite");
            let start = Instant::now();
            let mut engine = engines::sqlite::Sqlite::build(&path, corpus)?;
            let build = start.elapsed();
            f(&mut engine, build)
        }
    }
}

/// Runs the search benchmark, printing progress and the table to `out`.
pub fn run_search(opts: &SearchOptions, out: &mut dyn Write) -> Result<SearchReport> {
    writeln!(out, "Husk search benchmark")?;
    writeln!(out, "Machine: {}", machine())?;

    let started = Instant::now();
    let reports = corpus::load_real_reports()?;
    let queries = relevance::load(&opts.relevance, &reports)?;
    let held_back = relevance::judged_passages(&queries);
    let corpus = Corpus::build(&reports, opts.passages, opts.real_cap, &held_back)?;
    let judged_in = |corpus: &Corpus| -> Vec<(usize, HashMap<usize, u8>)> {
        queries
            .iter()
            .enumerate()
            .map(|(i, q)| (i, relevance::judged_ids(q, corpus)))
            .filter(|(_, ids)| !ids.is_empty())
            .collect()
    };
    let judged = judged_in(&corpus);
    writeln!(
        out,
        "Corpus: {} passages ({} real from {} reports in data/corpus; {} recombined from \
         sentences of the {} unjudged real passages, in {} synthetic documents), {:.1} MB of \
         text; made in {:.1} s",
        corpus.total_passages,
        corpus.real_passages,
        reports.len(),
        corpus.total_passages - corpus.real_passages,
        reports.iter().map(|r| r.passages.len()).sum::<usize>() - held_back.len(),
        corpus.docs.iter().filter(|d| d.source.is_none()).count(),
        corpus.text_bytes() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Queries: {} (all timed, 1 warm-up + {} timed runs each), {} with judged passages \
         ({} judged passages) from {}",
        queries.len(),
        opts.runs,
        judged.len(),
        judged.iter().map(|(_, j)| j.len()).sum::<usize>(),
        opts.relevance.display()
    )?;
    writeln!(out)?;

    let work = match &opts.work_dir {
        Some(dir) => tempfile::Builder::new()
            .prefix("husk-bench-")
            .tempdir_in(dir)?,
        None => tempfile::Builder::new().prefix("husk-bench-").tempdir()?,
    };
    let mut kinds = vec![Kind::Husk];
    let mut pg_skipped = None;
    if opts.skip_pg {
        pg_skipped = Some("left out with --skip-pg".to_string());
    } else {
        // Fail early, before anything is built, when the server is not there.
        engines::postgres::connect(opts.pg.as_deref())?;
        kinds.push(Kind::Postgres);
    }
    kinds.push(Kind::Sqlite);

    let mut hostile_set = hostile::queries(&corpus);
    hostile_set.retain(|q| {
        !opts
            .skip_hostile
            .iter()
            .any(|s| q.name.contains(s.as_str()))
    });
    let mut hostile_results = Vec::new();
    if opts.hostile_only {
        let dir = work.path().join("hostile");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("husk");
        let start = Instant::now();
        let engine = engines::husk::Husk::build(&path, &corpus)?;
        write!(out, "Husk: built in {:.1} s", start.elapsed().as_secs_f64())?;
        let waited = settle(&path, Duration::from_secs(120))?;
        write!(
            out,
            " (background merges settled {:.1} s later), hostile queries … ",
            waited.as_secs_f64()
        )?;
        out.flush()?;
        hostile_results = hostile::run(engine.index(), &hostile_set, opts.runs)?;
        writeln!(out, "done")?;
        writeln!(out)?;
        hostile::print(&hostile_results, corpus.total_passages, out)?;
        return Ok(SearchReport {
            passages: corpus.total_passages,
            real_passages: corpus.real_passages,
            queries: 0,
            judged: Vec::new(),
            query_texts: Vec::new(),
            engines: Vec::new(),
            pg_skipped: None,
            real_total: 0,
            real_docs: reports.len(),
            hostile: hostile_results,
        });
    }
    let mut results: Vec<EngineResult> = Vec::new();
    for (n, kind) in kinds.iter().enumerate() {
        let dir = work.path().join(format!("full-{n}"));
        std::fs::create_dir_all(&dir)?;
        let mut rows = with_engine(*kind, &corpus, &dir, opts, &mut |engine, build| {
            write!(
                out,
                "{}: built in {:.1} s",
                engine.name(),
                build.as_secs_f64()
            )?;
            if *kind == Kind::Husk {
                let waited = settle(&dir.join("husk"), Duration::from_secs(120))?;
                write!(
                    out,
                    " (background merges settled {:.1} s later)",
                    waited.as_secs_f64()
                )?;
            }
            if let Some(note) = engine.note() {
                write!(out, ", {note}")?;
            }
            let size = engine.size_bytes()?;
            write!(out, ", querying … ")?;
            out.flush()?;
            let measured = measure(engine, &queries, opts.runs)?;
            let mut main = evaluate(
                engine.name(),
                build,
                size,
                measured,
                &judged,
                engine.describe(),
            );
            main.phases = engine.take_phases();
            let mut rows = vec![main];
            // Other ways of querying the same index, measured right after.
            for mut variant in engine.variants() {
                let measured = measure(variant.as_mut(), &queries, opts.runs)?;
                let mut row = evaluate(
                    variant.name(),
                    build,
                    size,
                    measured,
                    &judged,
                    variant.describe(),
                );
                row.variant_of = Some(engine_name(*kind));
                row.phases = variant.take_phases();
                rows.push(row);
            }
            writeln!(out, "done")?;
            if let Some(index) = engine.search_index() {
                write!(out, "{}: hostile queries … ", engine.name())?;
                out.flush()?;
                hostile_results = hostile::run(index, &hostile_set, opts.runs)?;
                writeln!(out, "done")?;
            }
            show(engine, opts, &queries, &corpus, out)?;
            Ok(rows)
        })?;
        std::fs::remove_dir_all(&dir).ok();
        results.append(&mut rows);
    }

    // The same relevance set on the seed reports alone: no recombined passages that might
    // hold unjudged relevant text, so the judgements are as complete as they get.
    let real_total: usize = reports.iter().map(|r| r.passages.len()).sum();
    let real_corpus = Corpus::build(&reports, real_total, None, &held_back)?;
    let real_judged = judged_in(&real_corpus);
    write!(
        out,
        "Seed reports alone ({} passages): ",
        real_corpus.total_passages
    )?;
    for (n, kind) in kinds.iter().enumerate() {
        let dir = work.path().join(format!("real-{n}"));
        std::fs::create_dir_all(&dir)?;
        let relevance = with_engine(*kind, &real_corpus, &dir, opts, &mut |engine, _| {
            write!(out, "{} … ", engine.name())?;
            out.flush()?;
            let rankings = rank_all(engine, &queries)?;
            let mut relevance = vec![(engine.name(), mean_relevance(&rankings, &real_judged))];
            for mut variant in engine.variants() {
                let rankings = rank_all(variant.as_mut(), &queries)?;
                relevance.push((variant.name(), mean_relevance(&rankings, &real_judged)));
            }
            Ok(relevance)
        })?;
        std::fs::remove_dir_all(&dir).ok();
        for (name, figures) in relevance {
            if let Some(row) = results.iter_mut().find(|r| r.name == name) {
                row.real_only = Some(figures);
            }
        }
    }
    writeln!(out, "done")?;

    let report = SearchReport {
        passages: corpus.total_passages,
        real_passages: corpus.real_passages,
        queries: queries.len(),
        judged: judged
            .iter()
            .map(|(qi, ids)| (queries[*qi].text.clone(), ids.len()))
            .collect(),
        query_texts: queries.iter().map(|q| q.text.clone()).collect(),
        engines: results,
        pg_skipped,
        real_total,
        real_docs: reports.len(),
        hostile: hostile_results,
    };
    writeln!(out)?;
    print_table(&report, opts, out)?;
    writeln!(out)?;
    hostile::print(&report.hostile, report.passages, out)?;
    if opts.details {
        print_details(&report, out)?;
    }
    Ok(report)
}

fn print_table(report: &SearchReport, opts: &SearchOptions, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "Results: {} passages, {} queries × {} runs (p50/p99 over {} timed calls per engine), \
         relevance over {} judged queries",
        report.passages,
        report.queries,
        opts.runs,
        report.queries * opts.runs.max(1),
        report.judged.len()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| {:<12} | {:>8} | {:>8} | {:>8} | {:>8} | {:>8} | {:>8} | {:>9} | {:>5} | {:>12} | {:>14} |",
        "engine",
        "build s",
        "size MB",
        "p50 ms",
        "p99 ms",
        "max ms",
        "nDCG@10",
        "recall@10",
        "empty",
        "nDCG@10 real",
        "recall@10 real"
    )?;
    writeln!(
        out,
        "|{:-<14}|{:->10}|{:->10}|{:->10}|{:->10}|{:->10}|{:->10}|{:->11}|{:->7}|{:->14}|{:->16}|",
        "", "", "", "", "", "", "", "", "", "", ""
    )?;
    for e in &report.engines {
        let (build, size) = match e.variant_of {
            Some(_) => ("same".to_string(), "same".to_string()),
            None => (
                format!("{:.1}", e.build.as_secs_f64()),
                format!("{:.1}", e.size_bytes as f64 / 1e6),
            ),
        };
        writeln!(
            out,
            "| {:<12} | {:>8} | {:>8} | {:>8.2} | {:>8.2} | {:>8.1} | {:>8.3} | {:>9.3} | {:>5} | {:>12.3} | {:>14.3} |",
            e.name,
            build,
            size,
            ms(e.p50),
            ms(e.p99),
            ms(e.max),
            e.ndcg,
            e.recall,
            e.empty_queries,
            e.real_only.map_or(f64::NAN, |r| r.0),
            e.real_only.map_or(f64::NAN, |r| r.1),
        )?;
    }
    if let Some(why) = &report.pg_skipped {
        writeln!(out, "| {:<12} | {why}", "PostgreSQL")?;
    }
    writeln!(out)?;
    let husk = &report.engines[0];
    let ranking = report.engines.iter().find(|e| e.variant_of == Some("Husk"));
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::INFINITY };
    for other in report
        .engines
        .iter()
        .filter(|e| e.variant_of.is_none())
        .skip(1)
    {
        writeln!(
            out,
            "Ratios {} / Husk: build {:.2}×, size {:.2}×, p50 {:.1}× (ranking only: {:.1}×), p99 \
             {:.1}×, nDCG@10 {:.2}×, recall@10 {:.2}×",
            other.name,
            ratio(other.build.as_secs_f64(), husk.build.as_secs_f64()),
            ratio(other.size_bytes as f64, husk.size_bytes as f64),
            ratio(ms(other.p50), ms(husk.p50)),
            ranking.map_or(f64::NAN, |r| ratio(ms(other.p50), ms(r.p50))),
            ratio(ms(other.p99), ms(husk.p99)),
            ratio(other.ndcg, husk.ndcg),
            ratio(other.recall, husk.recall),
        )?;
    }
    for (e, what) in [
        (Some(husk), "Husk's full call"),
        (ranking, "Husk ranking only"),
    ] {
        let Some(phases) = e.and_then(|e| e.phases.as_ref()) else {
            continue;
        };
        let parts: Vec<String> = phases
            .medians
            .iter()
            .map(|(name, d)| format!("{name} {:.3}", ms(*d)))
            .collect();
        writeln!(
            out,
            "{what}, median ms per phase: {}; {} of {} calls needed passages with fewer than \
             all the words, {} ran out of work",
            parts.join(", "),
            phases.more_than_one_pass,
            phases.calls,
            phases.incomplete
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Targets:")?;
    let verdict = |ok: bool| if ok { "PASS" } else { "FAIL" };
    match report.engines.iter().find(|e| e.name == "PostgreSQL") {
        Some(pg) => {
            writeln!(out, "  Husk p50 at least 10× lower than PostgreSQL's:")?;
            let speedup = ratio(ms(pg.p50), ms(husk.p50));
            writeln!(
                out,
                "    full search page call: {:.2} ms vs {:.2} ms = {:.1}× … {}",
                ms(husk.p50),
                ms(pg.p50),
                speedup,
                verdict(speedup >= 10.0)
            )?;
            if let Some(r) = ranking {
                let speedup = ratio(ms(pg.p50), ms(r.p50));
                writeln!(
                    out,
                    "    ranking only, like for like (the ranked ids PostgreSQL's query returns): \
                     {:.2} ms vs {:.2} ms = {:.1}× … {}",
                    ms(r.p50),
                    ms(pg.p50),
                    speedup,
                    verdict(speedup >= 10.0)
                )?;
            }
        }
        None => writeln!(
            out,
            "  Husk p50 at least 10× lower than PostgreSQL's: not measured (PostgreSQL left out)"
        )?,
    }
    let at_size = if report.passages >= 100_000 {
        String::new()
    } else {
        format!(" (measured at {} passages only)", report.passages)
    };
    writeln!(
        out,
        "  Husk p99 under 10 ms at 100,000 passages (full search page call): {:.2} ms{at_size} … {}",
        ms(husk.p99),
        verdict(husk.p99 < Duration::from_millis(10) && report.passages >= 100_000)
    )?;
    match report.engines.iter().find(|e| e.name == "PostgreSQL") {
        Some(pg) => {
            writeln!(
                out,
                "  Husk relevance at least PostgreSQL's: nDCG@10 {:.3} vs {:.3}, recall@10 {:.3} \
                 vs {:.3} … {}",
                husk.ndcg,
                pg.ndcg,
                husk.recall,
                pg.recall,
                verdict(husk.ndcg >= pg.ndcg && husk.recall >= pg.recall)
            )?;
            if let (Some(h), Some(p)) = (husk.real_only, pg.real_only) {
                writeln!(
                    out,
                    "    (on the seed reports alone: nDCG@10 {:.3} vs {:.3}, recall@10 {:.3} vs \
                     {:.3} … {})",
                    h.0,
                    p.0,
                    h.1,
                    p.1,
                    verdict(h.0 >= p.0 && h.1 >= p.1)
                )?;
            }
        }
        None => writeln!(
            out,
            "  Husk relevance at least PostgreSQL's: not measured (PostgreSQL left out)"
        )?,
    }
    if let Some(r) = ranking {
        let same = r.rankings == husk.rankings && r.real_only == husk.real_only;
        writeln!(
            out,
            "  (Husk ranking only gives the same ten passages as the full call for every query: {})",
            if same { "yes" } else { "NO" }
        )?;
    }
    writeln!(out)?;
    writeln!(out, "How each engine was set up:")?;
    for e in &report.engines {
        writeln!(out, "  - {}", e.description)?;
    }
    writeln!(
        out,
        "  - Relevance: nDCG@10 with gain 2^grade − 1 (grade 2 = the answer, 1 = relevant) and \
         recall@10 of the judged passages, averaged over the judged queries; unjudged passages \
         count as not relevant. The recombined passages take no sentence from a judged \
         passage. \"real\" columns: the same queries on indexes of the seed reports alone ({} \
         passages in {} documents). Husk's ranking is its results page: ten documents, at most \
         three passages each, so at most three judged passages of one report can be in its \
         top ten. Latency is wall time per call from the client, monotonic clock.",
        report.real_total, report.real_docs
    )?;
    Ok(())
}

fn print_details(report: &SearchReport, out: &mut dyn Write) -> Result<()> {
    writeln!(out)?;
    writeln!(out, "Per judged query (nDCG@10 / recall@10):")?;
    write!(out, "| {:<48} | {:>3} |", "query", "rel")?;
    for e in &report.engines {
        write!(out, " {:>13} |", e.name)?;
    }
    writeln!(out)?;
    for (i, (text, n)) in report.judged.iter().enumerate() {
        let shown: String = text.chars().take(48).collect();
        write!(out, "| {shown:<48} | {n:>3} |")?;
        for e in &report.engines {
            let (ndcg, recall) = e.per_query[i];
            write!(out, " {ndcg:>5.2} / {recall:>5.2} |")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(out, "Median latency per query (ms):")?;
    write!(out, "| {:<48} |", "query")?;
    for e in &report.engines {
        write!(out, " {:>11} |", e.name)?;
    }
    writeln!(out)?;
    for (i, text) in report.query_texts.iter().enumerate() {
        let shown: String = text.chars().take(48).collect();
        write!(out, "| {shown:<48} |")?;
        for e in &report.engines {
            write!(out, " {:>11.2} |", ms(e.medians[i]))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let d: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&d, 0.5), Duration::from_millis(50));
        assert_eq!(percentile(&d, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&d[..1], 0.99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    /// The whole pipeline on a small corpus (300 real + 200 recombined passages), PostgreSQL
    /// left out. Checks that it runs and prints its table, not how fast it is.
    #[test]
    fn search_pipeline_runs_on_a_small_corpus() {
        let opts = SearchOptions {
            passages: 500,
            real_cap: Some(300),
            runs: 1,
            skip_pg: true,
            ..SearchOptions::default()
        };
        let mut out = Vec::new();
        let report = run_search(&opts, &mut out).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert_eq!(report.passages, 500);
        assert_eq!(report.real_passages, 300);
        // Husk (the full page call), Husk ranking only, SQLite.
        assert_eq!(report.engines.len(), 3);
        assert_eq!(report.engines[1].variant_of, Some("Husk"));
        assert_eq!(
            report.engines[1].rankings, report.engines[0].rankings,
            "the ranking alone is the page's"
        );
        assert!(report.engines[0].phases.is_some());
        assert!(!report.judged.is_empty(), "{printed}");
        for e in &report.engines {
            assert!(e.size_bytes > 0, "{}", e.name);
            assert!(e.empty_queries < report.queries, "{}", e.name);
            assert!(printed.contains(e.name));
        }
        assert!(printed.contains("Targets:"), "{printed}");
        assert!(printed.contains("PostgreSQL left out"), "{printed}");
        // The hostile queries ran on Husk's index, the longest refused.
        assert!(report.hostile.len() >= 15, "{printed}");
        assert!(
            report.hostile[0].outcome.starts_with("refused: "),
            "{printed}"
        );
        assert!(printed.contains("Hostile queries"), "{printed}");
    }
}
