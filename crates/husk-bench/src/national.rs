//! A generated register at national scale for the web benchmark: entries, grants and passages
//! made from the demo's and the seed reports' own text (titles, recipients, taxonomy codes and
//! sentences recombined by a fixed-seed generator), loaded through Husk's own command line
//! (`husk import`, `husk ingest`), the way an installation would be filled.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::corpus::{self, XorShift};

/// How big the generated register is.
#[derive(Debug, Clone)]
pub struct Scale {
    pub entries: usize,
    pub grants: usize,
    pub passages: usize,
}

impl Scale {
    /// The national scale: 100,000 entries, 300,000 grants, 1,000,000 passages.
    pub fn national() -> Scale {
        Scale {
            entries: 100_000,
            grants: 300_000,
            passages: 1_000_000,
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "{} entries, {} grants, {} passages",
            thousands(self.entries),
            thousands(self.grants),
            thousands(self.passages)
        )
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Passages per generated document file.
const PASSAGES_PER_FILE: usize = 500;
/// Files per `husk ingest` call (keeps the argument list short).
const FILES_PER_INGEST: usize = 200;

const REGIONS: &[&str] = &["ost", "vest", "sor", "midt", "bodo", "hammerfest"];
const KINDS: &[&str] = &["prosjekt", "prosjekt", "prosjekt", "tiltak", "program"];
const STATUSES: &[&str] = &["avsluttet", "avsluttet", "aktiv", "planlagt"];

/// Reads a CSV file of the repository's data into rows of strings.
fn read_csv(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    Ok(r.records().collect::<std::result::Result<_, _>>()?)
}

/// The first column of a code list.
fn codes(file: &str) -> Result<Vec<String>> {
    Ok(read_csv(&corpus::data_dir().join("reference").join(file))?
        .iter()
        .map(|r| r[0].to_string())
        .collect())
}

/// Writes the entries and grants as import files and the passages as Markdown documents, then
/// loads them with `run(args, stdin)` (a `husk` command on the benchmarked data directory).
pub fn load(
    scale: &Scale,
    run: &mut dyn FnMut(&[&str], &str) -> Result<()>,
    data_dir: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    let dir = data_dir.join("generated");
    std::fs::create_dir_all(&dir)?;
    let mapped = read_csv(&corpus::data_dir().join("reference/post78_mapped_projects.csv"))?;
    let titles: Vec<String> = mapped.iter().map(|r| r[2].to_string()).collect();
    let recipients: Vec<(String, String)> = mapped
        .iter()
        .filter(|r| !r[3].is_empty() && !r[4].is_empty())
        .map(|r| (r[3].to_string(), r[4].to_string()))
        .collect();
    let themes = codes("knowledge_themes.csv")?;
    let groups = codes("target_groups.csv")?;
    let reports = corpus::load_real_reports()?;
    let sentences: Vec<String> = reports
        .iter()
        .flat_map(|r| r.passages.iter())
        .flat_map(|p| {
            corpus::split_sentences(&p.text)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.len() > 40)
        .collect();
    let mut rng = XorShift::new(0x6e61_7469_6f6e_616c); // "national"

    // Entries: a mapped title and recipient recombined, a period, codes, a description of
    // the reports' own sentences.
    let started = Instant::now();
    let projects = dir.join("prosjekter.csv");
    let mut w = csv::Writer::from_path(&projects)?;
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
    let mut periods = Vec::with_capacity(scale.entries);
    for i in 0..scale.entries {
        let start = 2005 + rng.below(20) as i32;
        let end = start + rng.below(4) as i32;
        periods.push((start, end));
        let (recipient, kind_of) = rng.pick(&recipients).clone();
        let mut pick_codes = |list: &[String], n: usize| -> String {
            let mut seen = HashSet::new();
            (0..n)
                .map(|_| rng.pick(list).clone())
                .filter(|c| seen.insert(c.clone()))
                .collect::<Vec<_>>()
                .join(";")
        };
        let t = pick_codes(&themes, 1 + i % 3);
        let g = pick_codes(&groups, 1 + i % 2);
        let description = (0..2)
            .map(|_| rng.pick(&sentences).as_str())
            .collect::<Vec<_>>()
            .join(" ");
        w.write_record([
            format!("gen-{i:06}"),
            rng.pick(KINDS).to_string(),
            format!("{} ({})", rng.pick(&titles), i + 1),
            description,
            rng.pick(REGIONS).to_string(),
            recipient,
            kind_of,
            start.to_string(),
            end.to_string(),
            rng.pick(STATUSES).to_string(),
            t,
            g,
        ])?;
    }
    w.flush()?;
    // One import takes at most 200 000 rows, as a user's would: the grants come in files of
    // at most 150 000.
    const GRANTS_PER_FILE: usize = 150_000;
    let grant_file = |n: usize| -> Result<(std::path::PathBuf, csv::Writer<std::fs::File>)> {
        let path = dir.join(format!("tilskudd-{n}.csv"));
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record([
            "project",
            "year",
            "amount_nok",
            "budget_item",
            "status",
            "note",
        ])?;
        Ok((path, w))
    };
    let (first, mut w) = grant_file(1)?;
    let mut grant_files = vec![first];
    let mut made = 0;
    let mut i = 0;
    while made < scale.grants {
        if made > 0 && made % GRANTS_PER_FILE == 0 {
            w.flush()?;
            let (path, next) = grant_file(grant_files.len() + 1)?;
            grant_files.push(path);
            w = next;
        }
        let entry = i % scale.entries;
        // The entry's n-th grant: a year of its period, and a budget item and status chosen so
        // that no two of its grants share year, item and status (the import refuses that).
        let round = i / scale.entries;
        let (start, end) = periods[entry];
        let year = start + (round as i32 % (end - start + 1));
        let item = if round.is_multiple_of(2) {
            "post78"
        } else {
            "post21"
        };
        let status = ["utbetalt", "tilsagn", "forventet"][(round / 2) % 3];
        w.write_record([
            format!("gen-{entry:06}"),
            year.to_string(),
            (50_000 + 10_000 * rng.below(200)).to_string(),
            item.to_string(),
            status.to_string(),
            String::new(),
        ])?;
        made += 1;
        i += 1;
    }
    w.flush()?;
    writeln!(
        out,
        "  generated {} entries and {} grants in {:.1} s",
        thousands(scale.entries),
        thousands(scale.grants),
        started.elapsed().as_secs_f64()
    )?;
    let t = Instant::now();
    run(
        &["import", "projects", projects.to_str().context("path")?],
        "",
    )?;
    for grants in &grant_files {
        run(&["import", "grants", grants.to_str().context("path")?], "")?;
    }
    writeln!(out, "  imported them in {:.1} s", t.elapsed().as_secs_f64())?;

    // Passages: documents of the reports' passages recombined, as Markdown with headings.
    let t = Instant::now();
    let corpus = corpus::Corpus::build(&reports, scale.passages, None, &HashSet::new())?;
    let mut files = Vec::new();
    let mut text = String::new();
    let mut in_file = 0;
    for (_, doc, p) in corpus.passages() {
        if in_file == 0 {
            text.clear();
            text.push_str(&format!("# {}\n\n", doc.meta.title));
        }
        if let Some(h) = p.heading.as_deref().filter(|h| !h.is_empty()) {
            let last = h.rsplit(" › ").next().unwrap_or(h);
            text.push_str(&format!("## {last}\n\n"));
        }
        text.push_str(&p.text);
        text.push_str("\n\n");
        in_file += 1;
        if in_file == PASSAGES_PER_FILE {
            let path = dir.join(format!("dok-{:05}.md", files.len()));
            std::fs::write(&path, &text)?;
            files.push(path);
            in_file = 0;
        }
    }
    if in_file > 0 {
        let path = dir.join(format!("dok-{:05}.md", files.len()));
        std::fs::write(&path, &text)?;
        files.push(path);
    }
    for chunk in files.chunks(FILES_PER_INGEST) {
        let mut args: Vec<&str> = vec!["ingest"];
        for f in chunk {
            args.push(f.to_str().context("path")?);
        }
        args.extend(["--type", "fou-rapport", "--public"]);
        run(&args, "")?;
    }
    writeln!(
        out,
        "  ingested {} passages in {} documents in {:.1} s",
        thousands(corpus.total_passages),
        files.len(),
        t.elapsed().as_secs_f64()
    )?;
    for f in &files {
        let _ = std::fs::remove_file(f);
    }
    Ok(())
}

/// A fresh, empty database `husk_bench_{purpose}` on the PostgreSQL server at `server_url`;
/// returns its URL.
pub fn fresh_postgres_database(server_url: &str, purpose: &str) -> Result<String> {
    let name = format!("husk_bench_{purpose}");
    let mut client = postgres::Client::connect(server_url, postgres::NoTls)
        .with_context(|| format!("connecting to {server_url}"))?;
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    Ok(postgres_database_url(server_url, purpose))
}

/// The URL of the database `husk_bench_{purpose}` on the server at `server_url`.
pub fn postgres_database_url(server_url: &str, purpose: &str) -> String {
    let base = match server_url.rfind('/') {
        Some(i) if server_url[..i].contains('@') || server_url[..i].contains("//") => {
            &server_url[..i]
        }
        _ => server_url,
    };
    format!("{base}/husk_bench_{purpose}")
}
