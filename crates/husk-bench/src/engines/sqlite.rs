//! SQLite FTS5 with the unicode61 tokenizer, ranked by bm25.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::Connection;

use super::{Engine, TOP_K};
use crate::corpus::Corpus;

/// An FTS5 table in a database file.
pub struct Sqlite {
    conn: Connection,
    path: PathBuf,
    version: String,
}

/// Turns what the user typed into an FTS5 query: every whitespace-separated term (or quoted
/// phrase) becomes a quoted FTS5 string, so no character of the input is FTS5 syntax, and the
/// terms are joined with OR. Terms without a letter or digit are dropped.
pub fn fts5_query(text: &str) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (term, next) = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(end) => (&after[..end], &after[end + 1..]),
                None => (after, ""),
            }
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        rest = next;
        if term.chars().any(char::is_alphanumeric) {
            terms.push(format!("\"{}\"", term.replace('"', "\"\"")));
        }
    }
    terms.join(" OR ")
}

impl Sqlite {
    /// Creates the database at `path`, loads the corpus in one transaction and optimises the
    /// FTS5 index (merges it into one b-tree).
    pub fn build(path: &Path, corpus: &Corpus) -> Result<Sqlite> {
        let mut conn = Connection::open(path)
            .with_context(|| format!("could not create {}", path.display()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE VIRTUAL TABLE passages USING fts5(
                 title, heading, body, tokenize = 'unicode61 remove_diacritics 0'
             );",
        )?;
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO passages (rowid, title, heading, body) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (id, doc, passage) in corpus.passages() {
                insert.execute(rusqlite::params![
                    id as i64,
                    doc.meta.title,
                    passage.heading.as_deref().unwrap_or(""),
                    passage.text
                ])?;
            }
        }
        tx.commit()?;
        conn.execute_batch("INSERT INTO passages (passages) VALUES ('optimize');")?;
        let version: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
        Ok(Sqlite {
            conn,
            path: path.to_path_buf(),
            version,
        })
    }
}

impl Engine for Sqlite {
    fn name(&self) -> &'static str {
        "SQLite FTS5"
    }

    fn search(&mut self, query: &str) -> Result<Vec<usize>> {
        let fts = fts5_query(query);
        if fts.is_empty() {
            return Ok(Vec::new());
        }
        // Title 2×, heading 1.5×, body 1×, as Husk weighs its fields.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid FROM passages WHERE passages MATCH ?1
             ORDER BY bm25(passages, 2.0, 1.5, 1.0) LIMIT {TOP_K}"
        ))?;
        let ids = stmt
            .query_map([fts], |r| r.get::<_, i64>(0))?
            .map(|r| r.map(|id| id as usize))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    fn size_bytes(&mut self) -> Result<u64> {
        Ok(std::fs::metadata(&self.path)?.len())
    }

    fn describe(&self) -> String {
        format!(
            "SQLite {} FTS5: fts5(title, heading, body, tokenize='unicode61 remove_diacritics \
             0') in a file, one transaction, then 'optimize'; every term quoted and the terms \
             joined with OR (unicode61 does not stem, so AND would miss every inflected form; \
             bm25 still ranks passages with more of the words first), ranked by bm25 with \
             weights title 2, heading 1.5, body 1, LIMIT 10; size = the database file",
            self.version
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_quoted() {
        assert_eq!(
            fts5_query("housing first NEAR(x) \"leie til eie\" a\"b -"),
            "\"housing\" OR \"first\" OR \"NEAR(x)\" OR \"leie til eie\" OR \"a\" OR \"b -\""
        );
        assert_eq!(fts5_query("  "), "");
        assert_eq!(fts5_query("\"uavsluttet frase"), "\"uavsluttet frase\"");
    }
}
