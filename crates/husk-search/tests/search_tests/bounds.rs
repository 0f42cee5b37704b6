//! The bounds on one search's work (see `husk_search::index`, «Bounds»): hostile queries are
//! refused with a clear message or answered within the bounds, which the search reports in
//! `SearchResults::work`. Nothing here measures time.

use husk_search::{
    DocumentMeta, Passage, QueryError, SearchError, SearchIndex, SearchQuery, SearchResults,
    MAX_PASSES, MAX_PREFIX_TERMS, MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_TYPO_TERMS, MAX_TYPO_WORDS,
};

/// Ordinary words, each passage holds a few of them.
const WORDS: [&str; 40] = [
    "bolig",
    "kommune",
    "oppfølging",
    "tilskudd",
    "startlån",
    "bostøtte",
    "leietaker",
    "utleie",
    "kartlegging",
    "nettverk",
    "familie",
    "ungdom",
    "flyktning",
    "bosetting",
    "rehabilitering",
    "veiledning",
    "økonomi",
    "husleie",
    "kontrakt",
    "eierskap",
    "samarbeid",
    "prosjekt",
    "evaluering",
    "tjeneste",
    "helse",
    "arbeid",
    "skole",
    "barnehage",
    "nabolag",
    "trygghet",
    "midlertidig",
    "varig",
    "plan",
    "strategi",
    "kunnskap",
    "erfaring",
    "metode",
    "ressurs",
    "region",
    "kontor",
];

/// The misspelling whose neighbours the corpus is full of: «tilskudds?rdning» with any other
/// letter for the «x» is one substitution away from it, «tilskuddsordning» the most common.
const TYPO: &str = "tilskuddsxrdning";

fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// 60 documents of 5 passages: a few ordinary words each, 150 words starting with «bo», and the
/// neighbours of [`TYPO`].
fn index(budget: Option<u64>) -> SearchIndex {
    let mut index = SearchIndex::in_memory().unwrap();
    if let Some(units) = budget {
        index = index.with_work_budget(units);
    }
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let bo_words: Vec<String> = (0..150)
        .map(|i| {
            format!(
                "bo{}{}{}",
                letters[i % 26],
                letters[(i / 26) % 26],
                letters[(i * 7) % 26]
            )
        })
        .collect();
    let mut seed = 11u64;
    for doc_id in 1..=60u64 {
        let passages: Vec<Passage> = (0..5u32)
            .map(|ordinal| {
                let mut text: Vec<String> = (0..6)
                    .map(|_| WORDS[(xorshift(&mut seed) % WORDS.len() as u64) as usize].into())
                    .collect();
                // The first «bo» words are common, the later ones rare.
                let n = (xorshift(&mut seed) % 150) as usize;
                text.push(bo_words[n * n / 150].clone());
                text.push(if xorshift(&mut seed).is_multiple_of(3) {
                    let c = match letters[(xorshift(&mut seed) % 26) as usize] {
                        'x' => 'y',
                        c => c,
                    };
                    TYPO.replace('x', &c.to_string())
                } else {
                    "tilskuddsordning".to_string()
                });
                Passage {
                    ordinal,
                    heading: None,
                    text: text.join(" "),
                    char_start: 0,
                }
            })
            .collect();
        let meta = DocumentMeta {
            doc_id,
            title: format!("Dokument {doc_id}"),
            doc_type: "rapport".into(),
            public: true,
            ..DocumentMeta::default()
        };
        index.add_document(&meta, &passages).unwrap();
    }
    index.commit().unwrap();
    index
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index
        .search(&SearchQuery::new(text))
        .unwrap_or_else(|e| panic!("«{text}»: {e}"))
}

#[test]
fn too_long_a_query_is_refused_with_a_message() {
    let index = index(None);
    // The probe's query: 2,000 × «b*».
    let text = "b* ".repeat(2000);
    let err = index.search(&SearchQuery::new(&text)).unwrap_err();
    assert!(
        matches!(err, SearchError::Query(QueryError::TooLong { chars: 5999 })),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "Søket er for langt. Det har 5 999 tegn, og et søk kan ha høyst {MAX_QUERY_CHARS}. \
             Forkort søket og prøv igjen."
        )
    );
    // One enormous word, and type-ahead too.
    let word = "a".repeat(100_000);
    assert!(matches!(
        index.search(&SearchQuery::new(&word)),
        Err(SearchError::Query(QueryError::TooLong { chars: 100_000 }))
    ));
    assert!(matches!(
        index.suggest(&word, 5),
        Err(SearchError::Query(QueryError::TooLong { .. }))
    ));
    // Spaces around the words do not count.
    let padded = format!("{}bolig{}", " ".repeat(400), " ".repeat(400));
    assert_eq!(search(&index, &padded).work.words, 1);
}

#[test]
fn too_many_words_are_refused_but_repeated_words_count_once() {
    let index = index(None);
    let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    words.truncate(MAX_QUERY_WORDS + 1);
    let err = index
        .search(&SearchQuery::new(words.join(" ")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            SearchError::Query(QueryError::TooManyWords { words: 33 })
        ),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .starts_with("Søket har for mange ord. Det har 33 ulike ord, og et søk kan ha høyst 32"));
    // Stop words do not count: 32 words and a few small ones are searched.
    let with_stop_words = format!("og i på {}", words[..MAX_QUERY_WORDS].join(" "));
    assert_eq!(
        search(&index, &with_stop_words).work.words,
        MAX_QUERY_WORDS as u32
    );

    // The same word 72 times (in any case, and inflected) is one word and one pass.
    let repeated = "bolig Bolig BOLIG boliger ".repeat(18);
    assert!(repeated.trim().chars().count() <= MAX_QUERY_CHARS);
    let results = search(&index, &repeated);
    assert_eq!(results.work.words, 1);
    assert_eq!(results.query_terms, 1);
    assert_eq!(results.work.passes, 1);
    assert_eq!(
        results.documents,
        search(&index, "bolig").documents,
        "the same results as the word once"
    );
}

#[test]
fn a_hostile_query_stays_within_the_bounds() {
    let index = index(None);
    // 32 words that no passage has all of: before the bounds, one pass per word fewer.
    let many = WORDS[..MAX_QUERY_WORDS].join(" ");
    let results = search(&index, &many);
    assert_eq!(results.work.words, MAX_QUERY_WORDS as u32);
    assert_eq!(results.work.passes, MAX_PASSES);
    assert_eq!(
        results.min_matched_terms, 1,
        "the last pass takes passages with any of the words"
    );
    assert_eq!(results.documents.len(), 10, "the page is full");
    assert!(results.complete);

    // Prefixes and typos: each expansion is capped, and so are the words with typo tolerance.
    let typos: Vec<String> = WORDS[..10]
        .iter()
        .map(|w| format!("{w}x"))
        .filter(|w| w.chars().count() >= 6)
        .collect();
    assert!(typos.len() > MAX_TYPO_WORDS);
    let text = format!("bo* {TYPO} {} ko* he*", typos.join(" "));
    let results = search(&index, &text);
    let w = results.work;
    assert!(w.words as usize <= MAX_QUERY_WORDS, "{w:?}");
    assert!(w.passes <= MAX_PASSES, "{w:?}");
    assert_eq!(
        w.most_expanded as usize, MAX_PREFIX_TERMS,
        "«bo*» matches 150 words, expanded to the {MAX_PREFIX_TERMS} most common: {w:?}"
    );
    assert_eq!(w.typo_words as usize, MAX_TYPO_WORDS, "{w:?}");
    assert!(
        w.expanded_terms as usize <= 3 * MAX_PREFIX_TERMS + MAX_TYPO_WORDS * MAX_TYPO_TERMS,
        "{w:?}"
    );
    assert!(results.complete);
    assert!(!results.documents.is_empty());

    // The misspelt word alone: 25 neighbours, the most common 8 searched.
    let results = search(&index, TYPO);
    assert_eq!(results.work.most_expanded as usize, MAX_TYPO_TERMS);
    assert_eq!(results.corrections.len(), 1);
    assert_eq!(results.corrections[0].matched, "tilskuddsordning");
    assert!(!results.corrections[0].typed_found);
}

#[test]
fn a_search_out_of_work_says_it_may_be_incomplete() {
    // A few passages have both words, too few to fill the page: normally a second pass.
    let text = "bolig kommune";
    let ample = search(&index(None), text);
    assert!(ample.complete);
    assert_eq!(ample.work.passes, 2, "{:?}", ample.work);
    let with_both = ample
        .documents
        .iter()
        .filter(|d| d.hits[0].matched_terms == 2)
        .count();
    assert!((1..10).contains(&with_both), "{with_both}");

    // A budget the first pass uses up: the search goes straight to the last pass (passages
    // with any of the words), runs out there too, and says the list may be incomplete.
    let index = index(Some(1));
    let results = search(&index, text);
    assert!(!results.complete, "{:?}", results.work);
    assert_eq!(results.work.passes, 2, "{:?}", results.work);
    assert_eq!(results.min_matched_terms, 1);
    assert!(
        !results.documents.is_empty(),
        "the best found so far is shown"
    );
}
