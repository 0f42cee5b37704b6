//! Hostile queries: what an anonymous caller could send to `/api/v1/search?q=` to make the
//! server work (thousands of words or prefixes, long words, typos, repeated words, punctuation,
//! one enormous word). Each is run against Husk's index as the search page runs it, and the
//! CPU time of the calling thread is measured per call (`CLOCK_THREAD_CPUTIME_ID`: a search
//! runs on the thread that calls it, so this is its whole cost, whatever else the machine is
//! doing). The worst call per query is printed; the target is 100 ms at 100,000 passages.

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::Result;
use husk_search::{SearchIndex, SearchQuery};

use crate::corpus::{Corpus, XorShift};
use crate::engines::TOP_K;

/// The target: no query may take more CPU time than this at 100,000 passages.
pub const TARGET: Duration = Duration::from_millis(100);

/// A call slower than this is not repeated (before the bounds, some took minutes).
const REPEAT_BELOW: Duration = Duration::from_secs(2);

/// One hostile query.
#[derive(Debug, Clone)]
pub struct Hostile {
    /// What it is, for the table.
    pub name: String,
    /// The query text.
    pub text: String,
}

/// What one hostile query cost.
#[derive(Debug, Clone)]
pub struct HostileResult {
    /// Its name.
    pub name: String,
    /// Characters in the query.
    pub chars: usize,
    /// The worst CPU time of one call.
    pub worst_cpu: Duration,
    /// The wall time of that call.
    pub wall: Duration,
    /// Calls made (a warm-up call, then the timed runs; slow queries only once).
    pub calls: usize,
    /// What the search said: refused with its message, or what it found and how much work it
    /// did.
    pub outcome: String,
}

/// The CPU time the calling thread has used.
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is supported on
    // Linux, and on failure `ts` stays zero.
    unsafe {
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The corpus's words (lowercased, letters only, at least two; no stop words, which are not
/// searched), most common first, at most 3,000.
fn common_words(corpus: &Corpus) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, _, passage) in corpus.passages() {
        husk_search::analysis::for_each_word(&passage.text, |w, _, _| {
            if w.chars().count() >= 2 && w.chars().all(char::is_alphabetic) {
                *counts.entry(w.to_lowercase()).or_default() += 1;
            }
        });
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let lexicon = std::sync::Arc::new(husk_search::Lexicon::builtin());
    words
        .into_iter()
        .map(|(w, _)| w)
        .filter(|w| husk_search::analysis::analyze_words(w, &lexicon).len() == 1)
        .take(3000)
        .collect()
}

/// The named set of hostile queries, made from the corpus's own words (common words cost the
/// most) and from a fixed-seed generator.
pub fn queries(corpus: &Corpus) -> Vec<Hostile> {
    let words = common_words(corpus);
    let top = |n: usize| words.iter().take(n).cloned().collect::<Vec<_>>();
    let long: Vec<&String> = words.iter().filter(|w| w.chars().count() >= 9).collect();
    let mut rng = XorShift::new(2024);
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzæøå".chars().collect();
    let mut invented =
        |len: usize| -> String { (0..len).map(|_| *rng.pick(&letters)).collect::<String>() };
    // Two-letter prefixes, most common first (as the words that start with them).
    let mut prefix_counts: Vec<String> = Vec::new();
    for w in &words {
        let p: String = w.chars().take(2).collect();
        if !prefix_counts.contains(&p) {
            prefix_counts.push(p);
        }
    }
    let mut prefixes: Vec<String> = Vec::new();
    for a in &letters {
        for b in &letters {
            prefixes.push(format!("{a}{b}"));
        }
    }
    // Then the three-letter beginnings of the common words, then any three letters.
    let mut three: Vec<String> = words
        .iter()
        .map(|w| w.chars().take(3).collect::<String>())
        .filter(|p| p.chars().count() == 3)
        .collect();
    for a in &letters {
        for b in &letters {
            for c in &letters {
                three.push(format!("{a}{b}{c}"));
            }
        }
    }
    for p in three {
        if prefixes.len() >= 2000 {
            break;
        }
        if !prefixes.contains(&p) {
            prefixes.push(p);
        }
    }
    // A letter dropped from the middle: not in the index, one edit from a common word.
    let misspelt: Vec<String> = long
        .iter()
        .take(32)
        .map(|w| {
            let chars: Vec<char> = w.chars().collect();
            let mid = chars.len() / 2;
            chars[..mid].iter().chain(&chars[mid + 1..]).collect()
        })
        .collect();
    let stars = |list: &[String]| {
        list.iter()
            .map(|p| format!("{p}*"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let punctuation: String = "!?.,;:-\"*()[]{}'/\\&%#@+="
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    let mixed = {
        let mut parts: Vec<String> = Vec::new();
        for i in 0..8 {
            parts.push(format!("{}*", prefix_counts[i]));
            parts.push(misspelt[8 + i].clone());
            parts.push(words[i].clone());
            if i < 4 {
                parts.push(format!("\"{} {}\"", words[8 + 2 * i], words[9 + 2 * i]));
            }
        }
        parts.join(" ")
    };
    let list = vec![
        ("2,000 × b* (the probe's query)", "b* ".repeat(2000)),
        ("2,000 different prefixes", stars(&prefixes[..2000])),
        ("2,000 common words", top(2000).join(" ")),
        ("400 common words", top(400).join(" ")),
        ("32 common words", top(32).join(" ")),
        ("16 common words", top(16).join(" ")),
        ("32 two-letter prefixes", stars(&prefix_counts[..32])),
        ("32 misspelt long words", misspelt.join(" ")),
        (
            "12 invented 40-letter words",
            (0..12).map(|_| invented(40)).collect::<Vec<_>>().join(" "),
        ),
        ("one 100,000-letter word", invented(100_000)),
        ("one 480-letter word", invented(480)),
        (
            "2,000 × the same word",
            format!("{} ", words[0]).repeat(2000),
        ),
        ("punctuation flood, 10,000 characters", punctuation.clone()),
        (
            "punctuation, 480 characters",
            punctuation.chars().take(480).collect(),
        ),
        (
            "a quoted phrase of 60 common words",
            format!("\"{}\"", top(60).join(" ")),
        ),
        (
            "a quoted phrase of 32 common words",
            format!("\"{}\"", top(32).join(" ")),
        ),
        ("32 common words joined by hyphens", top(32).join("-")),
        (
            "32 exclusions",
            top(32)
                .iter()
                .map(|w| format!("-{w}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("8 prefixes, 8 typos, 8 words, 4 phrases", mixed),
        ("2,000 combining accents", "e\u{301}".repeat(2000)),
    ];
    list.into_iter()
        .map(|(name, text)| Hostile {
            name: name.to_string(),
            text,
        })
        .collect()
}

/// Runs every hostile query once to warm up, then `runs` times (a query whose warm-up call
/// took over two seconds only once), as the search page asks (ten documents, internal ones
/// included), measuring each call's thread CPU time.
pub fn run(index: &SearchIndex, set: &[Hostile], runs: usize) -> Result<Vec<HostileResult>> {
    let mut results = Vec::with_capacity(set.len());
    for q in set {
        let query = SearchQuery {
            text: q.text.clone(),
            limit: TOP_K,
            include_internal: true,
            ..SearchQuery::default()
        };
        let mut worst = (Duration::ZERO, Duration::ZERO);
        let mut outcome = String::new();
        let mut calls = 0;
        loop {
            let cpu = thread_cpu_time();
            let wall = Instant::now();
            let result = index.search_timed(&query);
            let took = (thread_cpu_time() - cpu, wall.elapsed());
            calls += 1;
            if took.0 > worst.0 {
                worst = took;
            }
            if calls == 1 {
                outcome = match &result {
                    Ok((r, t)) => format!(
                        "answered: {} documents; {} words, {} passes, {} expanded words (at most \
                         {} for one), {} with typo tolerance, {} units of work{} (first call, \
                         wall ms: plan {:.1}, matching {:.1}, best passages {:.1}, load {:.1}, \
                         snippets {:.1})",
                        r.total_documents,
                        r.work.words,
                        r.work.passes,
                        r.work.expanded_terms,
                        r.work.most_expanded,
                        r.work.typo_words,
                        r.work.steps,
                        if r.complete {
                            ""
                        } else {
                            "; stopped early (may be incomplete)"
                        },
                        t.plan.as_secs_f64() * 1e3,
                        t.matching.as_secs_f64() * 1e3,
                        t.best_passages.as_secs_f64() * 1e3,
                        t.load.as_secs_f64() * 1e3,
                        t.snippets.as_secs_f64() * 1e3,
                    ),
                    Err(e) => format!("refused: {e}"),
                };
            }
            if calls > runs || (calls == 1 && took.0 > REPEAT_BELOW) {
                break;
            }
        }
        results.push(HostileResult {
            name: q.name.clone(),
            chars: q.text.chars().count(),
            worst_cpu: worst.0,
            wall: worst.1,
            calls,
            outcome,
        });
    }
    Ok(results)
}

/// Prints the hostile queries' table.
pub fn print(
    results: &[HostileResult],
    passages: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Hostile queries ({passages} passages; worst thread CPU time of one call, ms):"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| {:<42} | {:>7} | {:>8} | {:>8} | {:>5} | outcome",
        "query", "chars", "CPU ms", "wall ms", "calls"
    )?;
    writeln!(
        out,
        "|{:-<44}|{:->9}|{:->10}|{:->10}|{:->7}|---------",
        "", "", "", "", ""
    )?;
    for r in results {
        writeln!(
            out,
            "| {:<42} | {:>7} | {:>8.2} | {:>8.2} | {:>5} | {}",
            r.name,
            r.chars,
            r.worst_cpu.as_secs_f64() * 1000.0,
            r.wall.as_secs_f64() * 1000.0,
            r.calls,
            r.outcome
        )?;
    }
    if let Some(worst) = results.iter().max_by_key(|r| r.worst_cpu) {
        let ok = worst.worst_cpu <= TARGET && passages >= 100_000;
        writeln!(out)?;
        writeln!(
            out,
            "  No query over {} ms of CPU at 100,000 passages: worst {:.2} ms («{}»){} … {}",
            TARGET.as_millis(),
            worst.worst_cpu.as_secs_f64() * 1000.0,
            worst.name,
            if passages >= 100_000 {
                String::new()
            } else {
                format!(" (measured at {passages} passages only)")
            },
            if ok { "PASS" } else { "FAIL" }
        )?;
    }
    Ok(())
}
