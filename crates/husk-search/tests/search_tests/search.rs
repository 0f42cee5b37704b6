//! Ranking, query language, facets and visibility on a small fixed Norwegian corpus.

use husk_search::{DocumentMeta, Passage, SearchIndex, SearchQuery, SearchResults};

struct Doc {
    id: u64,
    title: &'static str,
    doc_type: &'static str,
    year: i32,
    region: &'static str,
    themes: &'static [&'static str],
    groups: &'static [&'static str],
    public: bool,
    passages: &'static [(&'static str, &'static str)],
}

const CORPUS: &[Doc] = &[
    Doc {
        id: 1,
        title: "Housing First i Bergen",
        doc_type: "rapport",
        year: 2021,
        region: "vest",
        themes: &["bostedsløshet", "rus og psykisk helse"],
        groups: &["bostedsløse"],
        public: true,
        passages: &[
            (
                "1 Innledning",
                "Housing First er en modell der bostedsløse med rusavhengighet og psykiske \
                 lidelser får en egen bolig uten krav om å være rusfrie først. Modellen kommer \
                 fra New York og er tatt i bruk i flere norske kommuner.",
            ),
            (
                "2 Oppfølging i boligen",
                "I Housing First-prosjektet i Bergen får hver deltaker tett oppfølging i egen \
                 bolig av et tverrfaglig team. Oppfølgingen omfatter rusbehandling, psykisk \
                 helsehjelp og hjelp til å mestre hverdagen. Teamet kommer hjem til deltakerne \
                 flere ganger i uka.",
            ),
            (
                "3 Resultater",
                "Evalueringen viser at åtte av ti deltakere fortsatt bodde i boligen etter to år.",
            ),
        ],
    },
    Doc {
        id: 2,
        title: "Veien til egen bolig",
        doc_type: "veileder",
        year: 2022,
        region: "øst",
        themes: &["eie bolig", "startlån"],
        groups: &["barnefamilier", "lavinntekt"],
        public: true,
        passages: &[
            (
                "Leie til eie",
                "Leie til eie er en ordning der kommunen leier ut en bolig til en husstand som \
                 etter en periode kan kjøpe boligen med startlån. Leietakeren sparer opp \
                 egenkapital i leieperioden.",
            ),
            (
                "Startlån",
                "Startlån fra Husbanken gjør at familier med lav inntekt kan kjøpe egen bolig. \
                 Kommunen vurderer om husstanden kan betjene lånet.",
            ),
        ],
    },
    Doc {
        id: 3,
        title: "Bostøtte og økonomisk rådgivning",
        doc_type: "rapport",
        year: 2020,
        region: "midt",
        themes: &["bostøtte"],
        groups: &["lavinntekt"],
        public: true,
        passages: &[
            (
                "Bostøtte",
                "Bostøtte er en statlig ytelse til husstander med lave inntekter og høye \
                 boutgifter. Kommunen hjelper søkerne med søknaden.",
            ),
            (
                "Rådgivning",
                "Mange som mottar bostøtte har også behov for økonomisk rådgivning og \
                 gjeldsrådgivning fra NAV-kontoret.",
            ),
        ],
    },
    Doc {
        id: 4,
        title: "Bosetting av flyktninger",
        doc_type: "rapport",
        year: 2019,
        region: "nord",
        themes: &["bosetting"],
        groups: &["flyktninger"],
        public: true,
        passages: &[
            (
                "Boliger til bosetting",
                "Kommunene bosetter flyktninger etter anmodning fra IMDi. Det er krevende å \
                 finne nok egnede utleieboliger til store familier.",
            ),
            (
                "Oppfølging",
                "Flyktninger som bosettes får introduksjonsprogram og oppfølging fra \
                 flyktningtjenesten i kommunen.",
            ),
        ],
    },
    Doc {
        id: 5,
        title: "Rusomsorg i kommunene",
        doc_type: "rapport",
        year: 2021,
        region: "vest",
        themes: &["rus og psykisk helse"],
        groups: &["rusavhengige"],
        public: true,
        passages: &[(
            "Ansvar",
            "Kommunene har ansvar for rusomsorg og oppfølging av personer med rusproblemer. \
             Mange mangler en trygg bolig, og rus gjør det vanskelig å beholde den.",
        )],
    },
    Doc {
        id: 6,
        title: "Kompetansetilskudd til kommunene",
        doc_type: "rundskriv",
        year: 2023,
        region: "sør",
        themes: &["tilskudd"],
        groups: &[],
        public: true,
        passages: &[(
            "Formål",
            "Husbanken gir kompetansetilskudd til kommuner som vil styrke det boligsosiale \
             arbeidet. Pengene kan brukes til kurs og utviklingsprosjekter.",
        )],
    },
    Doc {
        id: 7,
        title: "Internt notat om bostedsløshet i hovedstaden",
        doc_type: "notat",
        year: 2023,
        region: "øst",
        themes: &["bostedsløshet"],
        groups: &["bostedsløse"],
        public: false,
        passages: &[(
            "Vurdering",
            "Internt: kartleggingen viser at bostedsløsheten i hovedstaden har gått ned, men \
             bostedsløse med rusproblemer trenger mer oppfølging. Saksbehandlerhemmeligheten \
             skal ikke vises utenfor Husbanken.",
        )],
    },
    Doc {
        id: 8,
        title: "Bostedsløshet i Norge 2020",
        doc_type: "rapport",
        year: 2020,
        region: "øst",
        themes: &["bostedsløshet"],
        groups: &["bostedsløse"],
        public: true,
        passages: &[
            (
                "Hovedfunn",
                "Kartleggingen i 2020 fant 3325 bostedsløse personer. Bostedsløsheten har gått \
                 ned siden 2012.",
            ),
            (
                "Levekår",
                "Mange bostedsløse har både rusproblemer og psykiske lidelser. Kvinner <under> \
                 30 & unge voksne er en voksende gruppe.",
            ),
        ],
    },
];

fn meta(doc: &Doc) -> DocumentMeta {
    DocumentMeta {
        doc_id: doc.id,
        title: doc.title.to_string(),
        doc_type: doc.doc_type.to_string(),
        year: Some(doc.year),
        regions: vec![doc.region.to_string()],
        themes: doc.themes.iter().map(|s| s.to_string()).collect(),
        target_groups: doc.groups.iter().map(|s| s.to_string()).collect(),
        public: doc.public,
        project_ids: vec![format!("P-{}", doc.id)],
    }
}

fn passages(doc: &Doc) -> Vec<Passage> {
    let mut offset = 0u64;
    doc.passages
        .iter()
        .enumerate()
        .map(|(i, (heading, text))| {
            let passage = Passage {
                ordinal: i as u32,
                heading: Some(heading.to_string()),
                text: text.to_string(),
                char_start: offset,
            };
            offset += text.chars().count() as u64 + 2;
            passage
        })
        .collect()
}

fn corpus() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    for doc in CORPUS {
        index.add_document(&meta(doc), &passages(doc)).unwrap();
    }
    index.commit().unwrap();
    index
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&SearchQuery::new(text)).unwrap()
}

fn doc_ids(results: &SearchResults) -> Vec<u64> {
    results.documents.iter().map(|d| d.doc_id).collect()
}

#[test]
fn housing_first_query_finds_the_follow_up_passage_first() {
    let index = corpus();
    let results = search(&index, "housing first oppfølging rus");
    let top = &results.documents[0];
    assert_eq!(top.doc_id, 1, "{:#?}", results.documents);
    assert_eq!(top.hits[0].passage_id, 1, "the passage about follow-up");
    assert_eq!(
        top.hits[0].heading.as_deref(),
        Some("2 Oppfølging i boligen")
    );
    assert_eq!(top.hits[0].matched_terms, 4);
    assert!(top.hits[0].snippet.highlighted().contains(&"oppfølging"));
    // The rusomsorg report matches "oppfølging" and "rus" only, so it comes later.
    let rus = doc_ids(&results).iter().position(|id| *id == 5).unwrap();
    assert!(rus > 0);
    assert!(results.documents[rus].hits[0].matched_terms < 4);
}

#[test]
fn rent_to_own_query_finds_the_rent_to_own_passage_first() {
    let index = corpus();
    let results = search(&index, "leie til eie startlån");
    let top = &results.documents[0];
    assert_eq!(top.doc_id, 2);
    assert_eq!(top.hits[0].passage_id, 0);
    assert_eq!(top.hits[0].heading.as_deref(), Some("Leie til eie"));
    assert!(top.hits[0].snippet.highlighted().contains(&"startlån"));
}

#[test]
fn phrase_queries_need_the_words_in_order() {
    let index = corpus();
    let results = search(&index, "\"leie til eie\"");
    assert_eq!(doc_ids(&results), [2]);
    assert_eq!(results.total_passages, 1);
    assert_eq!(results.documents[0].hits[0].passage_id, 0);
    let reversed = search(&index, "\"eie til leie\"");
    assert_eq!(reversed.total_passages, 0);
    // A phrase across an English name.
    let results = search(&index, "\"housing first\" bergen");
    assert_eq!(results.documents[0].doc_id, 1);
}

#[test]
fn prefix_queries_match_word_beginnings() {
    let index = corpus();
    let results = search(&index, "bosett*");
    assert_eq!(results.documents[0].doc_id, 4, "{:#?}", results.documents);
    let snippet = &results.documents[0].hits[0].snippet;
    assert!(
        snippet.highlighted().contains(&"bosetter") || snippet.highlighted().contains(&"bosettes"),
        "{snippet:?}"
    );
    // Two letters are enough for a prefix.
    assert!(search(&index, "gj*").total_passages >= 1);
}

#[test]
fn one_typo_is_forgiven() {
    let index = corpus();
    let results = search(&index, "bostedsløhet");
    assert!(doc_ids(&results).contains(&8), "{:#?}", results.documents);
    let hit = &results
        .documents
        .iter()
        .find(|d| d.doc_id == 8)
        .unwrap()
        .hits[0];
    assert!(!hit.snippet.highlights.is_empty(), "{:?}", hit.snippet);
    // Exact matches score above typo matches.
    let exact = search(&index, "bostedsløshet");
    let score_of = |r: &SearchResults| r.documents.iter().find(|d| d.doc_id == 8).unwrap().score;
    assert!(score_of(&exact) > score_of(&results));
    // Short words get no typo tolerance: "rus" must not find "rom" or "hus".
    assert!(search(&index, "ruz").documents.is_empty());
}

#[test]
fn a_corrected_word_is_told_and_an_exact_search_keeps_the_word_as_typed() {
    let index = corpus();
    let results = search(&index, "Bostedsløhet i Bergen");
    assert_eq!(
        results.corrections,
        vec![husk_search::Correction {
            typed: "bostedsløhet".into(),
            matched: "bostedsløshet".into(),
            typed_found: false,
        }]
    );
    assert_eq!(
        results.corrected_text.as_deref(),
        Some("bostedsløshet i Bergen")
    );
    // Words found as typed are not corrected.
    let found = search(&index, "bostedsløshet");
    assert!(found.corrections.is_empty());
    assert_eq!(found.corrected_text, None);
    // Exactly as typed: no typo tolerance, so nothing is found.
    let mut q = SearchQuery::new("bostedsløhet");
    q.exact = true;
    let exact = index.search(&q).unwrap();
    assert!(exact.documents.is_empty());
    assert!(exact.corrections.is_empty());
    // Internal documents' words are not offered to those who may not see them.
    let mut q = SearchQuery::new("hovedstadem");
    let public = index.search(&q).unwrap();
    q.include_internal = true;
    let staff = index.search(&q).unwrap();
    assert!(public.corrections.is_empty(), "{:?}", public.corrections);
    assert_eq!(staff.corrected_text.as_deref(), Some("hovedstaden"));
}

#[test]
fn inflections_and_compounds_match() {
    let index = corpus();
    // "tilskudd" finds "kompetansetilskudd".
    assert_eq!(doc_ids(&search(&index, "tilskudd")), [6]);
    // "bostedsløshet" finds passages that only say "bostedsløse".
    let results = search(&index, "bostedsløshet");
    assert!(doc_ids(&results).contains(&1), "{:?}", doc_ids(&results));
    // "utleiebolig" matches its parts elsewhere, "boligsosial" matches "boligsosiale".
    assert!(doc_ids(&search(&index, "boligsosial")).contains(&6));
    assert!(doc_ids(&search(&index, "boligene")).contains(&2));
}

#[test]
fn internal_documents_are_hidden_unless_asked_for() {
    let index = corpus();
    let public = search(&index, "hovedstaden");
    assert!(public.documents.is_empty());
    assert_eq!(public.total_passages, 0);
    let results = search(&index, "bostedsløshet");
    assert!(!doc_ids(&results).contains(&7));
    assert!(results.facets.doc_types.iter().all(|f| f.value != "notat"));

    let mut q = SearchQuery::new("bostedsløshet");
    q.include_internal = true;
    let results = index.search(&q).unwrap();
    assert!(doc_ids(&results).contains(&7));
    assert!(
        !results
            .documents
            .iter()
            .find(|d| d.doc_id == 7)
            .unwrap()
            .public
    );
    assert!(results.facets.doc_types.iter().any(|f| f.value == "notat"));

    // Type-ahead does not leak words only internal documents use.
    assert!(index.suggest("saksbehandlerh", 5).unwrap().is_empty());
    assert_eq!(
        index.suggest_with("saksbehandlerh", 5, true).unwrap(),
        ["saksbehandlerhemmeligheten"]
    );
    assert!(index
        .suggest_titles("internt", 5, false)
        .unwrap()
        .is_empty());
}

#[test]
fn facets_count_documents_and_filters_narrow() {
    let index = corpus();
    let results = search(&index, "kommunen");
    let count = |facets: &[husk_search::FacetCount], value: &str| {
        facets
            .iter()
            .find(|f| f.value == value)
            .map(|f| f.count)
            .unwrap_or(0)
    };
    // "kommunen"/"kommunene" occurs in documents 1, 2, 3, 4, 5 and (as "kommuner") 6.
    assert_eq!(results.total_documents, 6, "{:?}", doc_ids(&results));
    assert_eq!(count(&results.facets.doc_types, "rapport"), 4);
    assert_eq!(count(&results.facets.doc_types, "veileder"), 1);
    assert_eq!(count(&results.facets.doc_types, "rundskriv"), 1);
    assert_eq!(count(&results.facets.regions, "vest"), 2);
    assert_eq!(count(&results.facets.years, "2021"), 2);
    // Documents are counted once however many of their passages match.
    assert!(results.total_passages > results.total_documents);

    let mut q = SearchQuery::new("kommunen");
    q.doc_types = vec!["rapport".into()];
    let filtered = index.search(&q).unwrap();
    assert_eq!(filtered.total_documents, 4);
    assert!(filtered.documents.iter().all(|d| d.doc_type == "rapport"));
    // The doc type facet ignores its own filter, so the other types still show their counts;
    // the other facets apply it.
    assert_eq!(count(&filtered.facets.doc_types, "veileder"), 1);
    assert!(filtered
        .facets
        .doc_types
        .iter()
        .any(|f| f.value == "rapport" && f.selected));
    assert_eq!(count(&filtered.facets.regions, "øst"), 0);
    assert_eq!(count(&filtered.facets.regions, "vest"), 2);

    q.regions = vec!["vest".into()];
    q.year_from = Some(2021);
    q.year_to = Some(2021);
    let narrow = index.search(&q).unwrap();
    assert_eq!(doc_ids(&narrow).len(), 2);
    assert!(doc_ids(&narrow).contains(&1) && doc_ids(&narrow).contains(&5));
    assert_eq!(count(&narrow.facets.years, "2019"), 0);

    let mut q = SearchQuery::new("kommunen");
    q.themes = vec!["bosetting".into()];
    q.target_groups = vec!["flyktninger".into()];
    assert_eq!(doc_ids(&index.search(&q).unwrap()), [4]);
}

#[test]
fn empty_query_lists_filtered_documents() {
    let index = corpus();
    let q = SearchQuery {
        doc_types: vec!["rapport".into()],
        limit: 100,
        ..Default::default()
    };
    let results = index.search(&q).unwrap();
    assert_eq!(results.total_documents, 5);
    // Stop words alone match nothing.
    assert!(search(&index, "og i på").documents.is_empty());
}

#[test]
fn exclusions_remove_documents() {
    let index = corpus();
    let with = doc_ids(&search(&index, "oppfølging"));
    let without = doc_ids(&search(&index, "oppfølging -flyktninger"));
    assert!(with.contains(&4));
    assert!(!without.contains(&4));
}

#[test]
fn snippets_are_plain_text_with_the_matches_marked() {
    let index = corpus();
    let results = search(&index, "voksende gruppe");
    let snippet = &results.documents[0].hits[0].snippet;
    // The text as the passage has it: escaping is the web's business.
    assert!(snippet.text.contains("<under>"), "{snippet:?}");
    assert!(
        snippet.text.contains('&') && !snippet.text.contains("&amp;"),
        "{snippet:?}"
    );
    assert!(snippet.highlighted().contains(&"voksende"), "{snippet:?}");
    assert!(
        snippet.marked("[", "]").contains("[voksende]"),
        "{snippet:?}"
    );
}

#[test]
fn documents_are_replaced_and_deleted() {
    let index = corpus();
    let doc = &CORPUS[5];
    let replaced = [Passage {
        ordinal: 0,
        heading: None,
        text: "Tilskuddet er avviklet og erstattet av en ny ordning for kompetanseheving.".into(),
        char_start: 0,
    }];
    index.add_document(&meta(doc), &replaced).unwrap();
    index.commit().unwrap();
    assert!(search(&index, "utviklingsprosjekter").documents.is_empty());
    let results = search(&index, "avviklet");
    assert_eq!(doc_ids(&results), [6]);
    assert_eq!(results.total_passages, 1);

    index.delete_document(6).unwrap();
    index.commit().unwrap();
    assert!(search(&index, "avviklet").documents.is_empty());
    assert_eq!(
        index.num_passages(),
        CORPUS.iter().map(|d| d.passages.len() as u64).sum::<u64>() - 1
    );
}

#[test]
fn suggestions_complete_words_and_titles() {
    let index = corpus();
    let words = index.suggest("bostedsl", 5).unwrap();
    assert!(words.contains(&"bostedsløse".to_string()), "{words:?}");
    assert!(words.contains(&"bostedsløshet".to_string()), "{words:?}");
    assert_eq!(index.suggest("housing fir", 3).unwrap(), ["housing first"]);
    let titles = index.suggest_titles("veien eg", 5, false).unwrap();
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0].doc_id, 2);
    assert_eq!(titles[0].title, "Veien til egen bolig");
}

#[test]
fn the_index_persists_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        index
            .add_document(&meta(&CORPUS[1]), &passages(&CORPUS[1]))
            .unwrap();
        index.commit().unwrap();
    }
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(doc_ids(&search(&index, "startlån")), [2]);
}

#[test]
fn an_index_with_another_schema_is_refused() {
    use tantivy::schema::{Schema, TEXT};
    let dir = tempfile::tempdir().unwrap();
    let mut schema = Schema::builder();
    schema.add_text_field("annet", TEXT);
    tantivy::Index::create_in_dir(dir.path(), schema.build()).unwrap();
    let err = SearchIndex::open_or_create(dir.path()).unwrap_err();
    assert!(
        matches!(err, husk_search::SearchError::SchemaMismatch { .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("laget av en annen versjon av Husk"),
        "{err}"
    );
}

#[test]
fn totals_count_passages_with_all_words_when_they_fill_the_page() {
    let index = corpus();
    let text = "kommunen oppfølging";
    let mut q = SearchQuery::new(text);
    q.limit = 1;
    let all_words = index.search(&q).unwrap();
    assert_eq!(all_words.query_terms, 2);
    assert_eq!(
        all_words.min_matched_terms, 2,
        "the documents with both words fill a page of one"
    );
    assert!(all_words
        .documents
        .iter()
        .all(|d| d.hits[0].matched_terms == 2));
    q.limit = 100;
    let any_word = index.search(&q).unwrap();
    assert_eq!(
        any_word.min_matched_terms, 1,
        "too few documents with both words to fill the page"
    );
    // The counts with both words are those of the passages that have both.
    let both: Vec<&husk_search::DocumentHits> = any_word
        .documents
        .iter()
        .filter(|d| d.hits[0].matched_terms == 2)
        .collect();
    assert_eq!(all_words.total_documents, both.len());
    assert!(all_words.total_documents < any_word.total_documents);
    assert!(all_words.total_passages < any_word.total_passages);
    let rapport = |r: &SearchResults| {
        r.facets
            .doc_types
            .iter()
            .find(|f| f.value == "rapport")
            .map_or(0, |f| f.count)
    };
    assert_eq!(
        rapport(&all_words),
        both.iter().filter(|d| d.doc_type == "rapport").count()
    );
    // Either way the best document is shown the same, with the same passages and counts.
    assert_eq!(all_words.documents[0], any_word.documents[0]);
}

#[test]
fn shown_documents_do_not_depend_on_which_words_the_totals_count() {
    let index = corpus();
    for text in [
        "housing first oppfølging rus",
        "kommunen bolig",
        "bostedsløse rusproblemer",
        "startlån kommunen -bostøtte",
        "\"leie til eie\" startlån",
        "bosett* kommunene",
        "bostedsløhet kartlegging",
    ] {
        let mut q = SearchQuery::new(text);
        q.include_internal = true;
        q.limit = 100;
        let everything = index.search(&q).unwrap();
        for limit in 1..=4 {
            q.limit = limit;
            let page = index.search(&q).unwrap();
            let n = everything.documents.len().min(limit);
            assert_eq!(page.documents, everything.documents[..n], "{text}, {limit}");
        }
    }
}

#[test]
fn the_ranking_is_the_pages_passages_in_order() {
    let index = corpus();
    // Replaced and deleted documents leave deleted passages behind; positions skip them.
    index
        .add_document(&meta(&CORPUS[0]), &passages(&CORPUS[0]))
        .unwrap();
    index.delete_document(3).unwrap();
    index.commit().unwrap();
    for text in [
        "housing first oppfølging rus",
        "kommunen",
        "bostedsløse -rus",
        "\"leie til eie\"",
        "bosett*",
        "bostedsløhet",
        "",
    ] {
        let mut q = SearchQuery::new(text);
        q.include_internal = true;
        let page = index.search(&q).unwrap();
        let ranking = index.rank(&q).unwrap();
        let shown: Vec<(u64, u64, f32)> = page
            .documents
            .iter()
            .flat_map(|d| d.hits.iter().map(|h| (d.doc_id, h.passage_id, h.score)))
            .collect();
        let ranked: Vec<(u64, u64, f32)> = ranking
            .iter()
            .map(|r| (r.doc_id, u64::from(r.position), r.score))
            .collect();
        assert_eq!(ranked, shown, "{text}");
    }
}
