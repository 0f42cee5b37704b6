//! Indexes files in memory and prints what queries find:
//! `cargo run -p husk-search --example search -- "query" [more queries] -- FILE...`.
use husk_search::{DocumentMeta, SearchIndex, SearchQuery};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (queries, files) = (&args[..split], args.get(split + 1..).unwrap_or(&[]));
    let index = SearchIndex::in_memory().expect("index");
    for (i, file) in files.iter().enumerate() {
        let path = std::path::Path::new(file);
        match husk_search::extract(path, file) {
            Ok(extracted) => {
                let meta = DocumentMeta {
                    doc_id: i as u64 + 1,
                    title: extracted.title.clone().unwrap_or_else(|| file.clone()),
                    public: true,
                    ..Default::default()
                };
                index
                    .add_document(&meta, &husk_search::split(&extracted))
                    .expect("add");
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    index.commit().expect("commit");
    for query in queries {
        let results = index
            .search(&SearchQuery::new(query.as_str()))
            .expect("search");
        println!(
            "\n### {query}: {} passages in {} documents",
            results.total_passages, results.total_documents
        );
        for doc in results.documents.iter().take(3) {
            println!("  [{}] {} (score {:.1})", doc.doc_id, doc.title, doc.score);
            for hit in doc.hits.iter().take(2) {
                println!(
                    "    #{} {:.1} ({} words) [{}]\n      {}",
                    hit.passage_id,
                    hit.score,
                    hit.matched_terms,
                    hit.heading.as_deref().unwrap_or(""),
                    hit.snippet.marked("«", "»")
                );
            }
        }
    }
}
