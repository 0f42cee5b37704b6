//! Prints what `husk_search` extracts from files, or with `--passages` the passages:
//! `cargo run -p husk-search --example extract -- [--passages] FILE...`.
fn main() {
    let mut show_passages = false;
    for arg in std::env::args().skip(1) {
        if arg == "--passages" {
            show_passages = true;
            continue;
        }
        let path = std::path::Path::new(&arg);
        match husk_search::extract::extract(path, &arg) {
            Ok(extracted) => {
                println!(
                    "== {arg}: {:?}, title {:?}",
                    extracted.format, extracted.title
                );
                for note in &extracted.notes {
                    println!("   note: {note}");
                }
                if show_passages {
                    for p in husk_search::passages::split(&extracted) {
                        let words = p.text.split_whitespace().count();
                        println!(
                            "-- #{} @{} [{}] {} words\n{}",
                            p.ordinal,
                            p.char_start,
                            p.heading.unwrap_or_default(),
                            words,
                            p.text
                        );
                    }
                } else {
                    for block in &extracted.blocks {
                        println!("   {:?}: {}", block.kind, block.text);
                    }
                }
            }
            Err(e) => println!("== {arg}: FEIL: {e}"),
        }
    }
}
