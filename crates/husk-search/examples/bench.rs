//! Search latency at scale: builds an on-disk index of synthetic Norwegian passages and times a
//! mix of queries.
//!
//! ```text
//! cargo run --release -p husk-search --example bench -- [synthetic|corpus] [passages] [index-dir]
//! ```
//!
//! `synthetic` (the default) draws passages from a small vocabulary of the field, so nearly
//! every query word matches most passages: a worst case. `corpus` extracts the real reports in
//! `data/corpus/` and indexes copies of their passages (as different documents) until the count
//! is reached. Passages default to 100 000; the index goes to a temporary directory unless one
//! is given (an existing index there is reused).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use husk_search::{DocumentMeta, Passage, SearchIndex, SearchQuery};

/// Words of the field, frequent first; the generator draws them with a Zipf-like skew.
const VOCABULARY: &str = "kommunen bolig boliger oppfølging tiltak bostedsløse bostedsløshet \
    leie eie startlån bostøtte tilskudd husbanken prosjekt prosjektet program kompetanse \
    rus psykisk helse flyktninger bosetting barn familier ungdom tjenester tjenesten samarbeid \
    nav utleieboliger kommunale boligsosiale arbeidet veileder rapport evaluering kartlegging \
    housing first team deltakere beboere leietakere økonomi gjeld rådgivning inntekt \
    egenkapital lån husstander vanskeligstilte utsatte midlertidig botilbud hjemløse \
    rusavhengige psykiske lidelser behandling omsorg rehabilitering tilpasning universell \
    utforming eldre funksjonsnedsettelse boligkontor planlegging strategi handlingsplan \
    boligpolitikk utbygging tomter areal nabolag områdeløft bomiljø medvirkning frivillige \
    organisasjoner innbyggere kvalifisering introduksjonsprogram arbeid skole barnehage \
    barnefamilier lavinntekt fattigdom levekår trygghet sikkerhet vold kriminalitet løslatte \
    fengsel institusjon overgang ettervern barnevern ungdommer unge voksne leiemarkedet \
    privat offentlig marked priser kostnader finansiering budsjett midler søknad vedtak \
    tildeling fordeling kriterier prioritering venteliste ansatte ledelse kompetanseheving \
    kurs opplæring nettverk fagnettverk konferanse erfaringer resultater effekter mål \
    indikatorer data statistikk analyse forskning undersøkelse intervjuer spørreundersøkelse";

const FILLER: &str = "det er som for med at på av til og i en et har skal kan vil blir ble \
    mange flere noen alle ofte også bare mer mest godt viktig nødvendig særlig både samt";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Index skewed towards the start (roughly Zipf).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let corpus_mode = match args.peek().map(String::as_str) {
        Some("corpus") => {
            args.next();
            true
        }
        Some("synthetic") => {
            args.next();
            false
        }
        _ => false,
    };
    let passages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir_arg = args.next().map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = dir_arg.unwrap_or_else(|| tmp.path().to_path_buf());

    let vocab: Vec<&str> = VOCABULARY.split_whitespace().collect();
    let filler: Vec<&str> = FILLER.split_whitespace().collect();
    let index = SearchIndex::open_or_create(&dir).expect("index");
    if corpus_mode && index.num_passages() < passages as u64 {
        index_corpus(&index, passages);
    }
    if index.num_passages() < passages as u64 {
        let started = Instant::now();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut written = 0usize;
        let mut doc_id = 0u64;
        let types = ["rapport", "veileder", "notat", "rundskriv", "evaluering"];
        let regions = ["øst", "vest", "sør", "midt", "nord", "bodø"];
        let themes = [
            "bostedsløshet",
            "startlån",
            "bostøtte",
            "bosetting",
            "rus",
            "barn",
        ];
        while written < passages {
            doc_id += 1;
            let n = (10 + rng.below(51)).min(passages - written);
            let title: Vec<&str> = (0..4).map(|_| vocab[rng.skewed(vocab.len())]).collect();
            let meta = DocumentMeta {
                doc_id,
                title: title.join(" "),
                doc_type: types[rng.below(types.len())].to_string(),
                year: Some(2005 + rng.below(20) as i32),
                regions: vec![regions[rng.below(regions.len())].to_string()],
                themes: vec![
                    themes[rng.below(themes.len())].to_string(),
                    themes[rng.below(themes.len())].to_string(),
                ],
                target_groups: vec!["bostedsløse".into()],
                public: rng.below(10) != 0,
                project_ids: Vec::new(),
            };
            let mut list = Vec::with_capacity(n);
            let mut offset = 0u64;
            for ordinal in 0..n {
                let words = 60 + rng.below(190);
                let mut text = String::new();
                for w in 0..words {
                    let word = if rng.below(3) == 0 {
                        filler[rng.below(filler.len())]
                    } else {
                        vocab[rng.skewed(vocab.len())]
                    };
                    if w > 0 {
                        text.push(' ');
                    }
                    text.push_str(word);
                    if w % 14 == 13 {
                        text.push('.');
                    }
                }
                text.push('.');
                let len = text.chars().count() as u64;
                list.push(Passage {
                    ordinal: ordinal as u32,
                    heading: Some(format!(
                        "{} {}",
                        ordinal + 1,
                        vocab[rng.skewed(vocab.len())]
                    )),
                    text,
                    char_start: offset,
                });
                offset += len + 2;
            }
            index.add_document(&meta, &list).expect("add");
            written += n;
        }
        index.commit().expect("commit");
        println!(
            "indexed {written} passages in {doc_id} documents in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    println!("index holds {} passages", index.num_passages());

    let queries = [
        "housing first oppfølging rus",
        "leie til eie startlån",
        "bostedsløse",
        "bostedsløhet",
        "\"psykiske lidelser\"",
        "kompetanse*",
        "tilskudd kommunen",
        "barnefamilier lavinntekt bostøtte",
        "bolig",
        "utleieboliger kommunale vanskeligstilte",
        "evaluering -rapport",
        "områdeløft medvirkning nabolag",
        "rehabilitering ettervern fengsel løslatte",
        "gjeld økonomi rådgivning",
        "tildeling kriterier venteliste prioritering",
    ];
    let mut times: Vec<Duration> = Vec::new();
    let mut results_seen = 0usize;
    for round in 0..40 {
        for (i, text) in queries.iter().enumerate() {
            let mut q = SearchQuery::new(*text);
            q.limit = 10;
            // Every third query also filters, as the faceted UI does.
            if (round + i) % 3 == 0 {
                q.regions = vec!["vest".into()];
                q.year_from = Some(2010);
            }
            q.include_internal = round % 2 == 0;
            let started = Instant::now();
            let results = index.search(&q).expect("search");
            let elapsed = started.elapsed();
            if round > 0 {
                times.push(elapsed);
            }
            results_seen += results.documents.len();
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{} searches: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} documents shown)",
        times.len(),
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.95).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        times.last().unwrap().as_secs_f64() * 1000.0,
        results_seen
    );
    for text in queries {
        let started = Instant::now();
        let results = index.search(&SearchQuery::new(text)).expect("search");
        println!(
            "  {:>7.2} ms  {:>6} passages  {text}",
            started.elapsed().as_secs_f64() * 1000.0,
            results.total_passages
        );
    }
    let started = Instant::now();
    let suggestions = index.suggest("bosted", 8).expect("suggest");
    println!(
        "suggest(\"bosted\") in {:.2} ms: {suggestions:?}",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// Indexes copies of the real reports in `data/corpus/` until `passages` passages are indexed.
fn index_corpus(index: &SearchIndex, passages: usize) {
    let started = Instant::now();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("data/corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let extracted = husk_search::extract(&path, &name).expect("extract");
            let title = extracted.title.clone().unwrap_or(name);
            docs.push((title, husk_search::split(&extracted)));
        }
    }
    let per_round: usize = docs.iter().map(|(_, p)| p.len()).sum();
    println!(
        "corpus: {} reports, {per_round} passages, extracted in {:.2} s",
        docs.len(),
        started.elapsed().as_secs_f64()
    );
    let regions = ["øst", "vest", "sør", "midt", "nord", "bodø"];
    let mut written = 0;
    let mut doc_id = 0u64;
    'outer: loop {
        for (title, list) in &docs {
            doc_id += 1;
            let meta = DocumentMeta {
                doc_id,
                title: title.clone(),
                doc_type: if doc_id.is_multiple_of(3) {
                    "evaluering"
                } else {
                    "rapport"
                }
                .to_string(),
                year: Some(2005 + (doc_id % 20) as i32),
                regions: vec![regions[doc_id as usize % regions.len()].to_string()],
                themes: vec!["bostedsløshet".into()],
                target_groups: Vec::new(),
                public: !doc_id.is_multiple_of(10),
                project_ids: Vec::new(),
            };
            index.add_document(&meta, list).expect("add");
            written += list.len();
            if written >= passages {
                break 'outer;
            }
        }
    }
    index.commit().expect("commit");
    println!(
        "indexed {written} passages in {doc_id} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
